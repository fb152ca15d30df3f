//! How a picker names a person or group: the value of an `<option>` or a `data-recipient`
//! attribute is `person:<id>` or `group:<id>`. The lists themselves come from
//! `switchboard_core::lists`.

use switchboard_core::{Config, Recipient, lists};

/// `person:<id>` / `group:<id>`.
pub fn recipient_value(recipient: Recipient) -> String {
    match recipient {
        Recipient::Person(id) => format!("person:{id}"),
        Recipient::Group(id) => format!("group:{id}"),
    }
}

/// The recipient a [`recipient_value`] names, if it is one.
pub fn parse_recipient(value: &str) -> Option<Recipient> {
    let (kind, id) = value.split_once(':')?;
    match kind {
        "person" => id.parse().ok().map(Recipient::Person),
        "group" => id.parse().ok().map(Recipient::Group),
        _ => None,
    }
}

/// The recipients one may pick ([`lists::recipients`], those offered), with their names.
pub fn offered_recipients(config: &Config) -> Vec<(Recipient, String)> {
    lists::recipients(config)
        .into_iter()
        .filter(lists::Choice::offered)
        .map(|choice| (choice.recipient, choice.name))
        .collect()
}
