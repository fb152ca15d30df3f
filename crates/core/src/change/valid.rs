//! What every value of a configuration must be, field by field: texts within the
//! [limits](crate::limits), names present, no markup or control characters, pictures that
//! are pictures, e-mail addresses that are addresses, numbers in range.
//!
//! One set of checks serves [`apply`](crate::apply) (an `Add*` checks its whole entity, a
//! `Set*` the one field it sets) and [`import`](crate::import) (each entity of the file, with
//! its path), so whatever one accepts the other reads back. References (that a named person
//! exists) and uniqueness are checked where the configuration is at hand, not here.

use crate::limits::{
    ATTACHMENT_COUNT, ATTACHMENT_MEGABYTES, EXTERNAL_IDS, LABEL_CHARS, LINE_CHARS, MESSAGE_CHARS,
    NAME_CHARS, QUOTA_COUNT, QUOTA_DAYS, RECIPIENTS_PER_RULE, TEXT_CHARS, TOPIC_KEY_CHARS,
};
use crate::model::{
    Group, GroupField, Localized, Location, LocationField, LocationSettings, OutOfOffice, Person,
    PersonField, PracticeSettings, Route, Setting, Topic, TopicField, TopicKey, TopicOverride,
};

use super::ApplyError;

/// A value no practice may have: where it is inside its entity (as the exported document
/// spells it: `name`, `settings.banner.es`) and a sentence saying what is wrong and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Invalid {
    pub field: String,
    pub message: String,
}

impl From<Invalid> for ApplyError {
    fn from(invalid: Invalid) -> Self {
        ApplyError::Invalid {
            message: invalid.message,
        }
    }
}

type Checked = Result<(), Invalid>;

/// How a text may look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// One line that must not be blank.
    Required(usize),
    /// One line that may be empty.
    Line(usize),
    /// Paragraphs (line breaks and tabs allowed) that may be empty.
    Paragraphs(usize),
}

/// Checks one text: `what` names it in the sentence ("The name of location \"Downtown\"").
fn text(field: &str, what: &dyn Fn() -> String, value: &str, kind: Kind) -> Checked {
    let fail = |message: String| {
        Err(Invalid {
            field: field.to_owned(),
            message,
        })
    };
    let (max, multiline) = match kind {
        Kind::Required(max) | Kind::Line(max) => (max, false),
        Kind::Paragraphs(max) => (max, true),
    };
    if matches!(kind, Kind::Required(_)) && value.trim().is_empty() {
        return fail(format!(
            "{} cannot be empty. Type one and save again.",
            what()
        ));
    }
    let length = value.chars().count();
    if length > max {
        return fail(format!(
            "{} is {length} characters long; the longest allowed is {max}. Shorten it and save again.",
            what()
        ));
    }
    if value
        .chars()
        .any(|c| c.is_control() && !(multiline && matches!(c, '\n' | '\t' | '\r')))
    {
        return fail(format!(
            "{} contains a control character{}. Type it again without pasting special characters.",
            what(),
            if multiline { "" } else { " or a line break" }
        ));
    }
    if let Some(tag) = markup(value) {
        return fail(format!(
            "{} looks like web page markup (\"{tag}\"); Switchboard shows plain text only. Remove the angle brackets and save again.",
            what()
        ));
    }
    Ok(())
}

/// The first thing in `value` that reads as an HTML tag or comment (`<b`, `</`, `<!`, `<?`).
fn markup(value: &str) -> Option<String> {
    let bytes = value.as_bytes();
    bytes
        .windows(2)
        .position(|pair| {
            pair[0] == b'<'
                && (pair[1].is_ascii_alphabetic() || matches!(pair[1], b'/' | b'!' | b'?'))
        })
        .map(|at| value[at..].chars().take(12).collect())
}

/// A text in every language: English as `kind` says, Spanish may be empty.
fn localized(field: &str, what: &dyn Fn() -> String, value: &Localized, kind: Kind) -> Checked {
    text(
        &format!("{field}.en"),
        &|| format!("{} (English)", what()),
        &value.en,
        kind,
    )?;
    let spanish = match kind {
        Kind::Required(max) | Kind::Line(max) => Kind::Line(max),
        paragraphs => paragraphs,
    };
    text(
        &format!("{field}.es"),
        &|| format!("{} (Spanish)", what()),
        &value.es,
        spanish,
    )
}

/// A name shown in a sentence, cut short when it is long.
fn shown(name: &str) -> String {
    let mut short: String = name.chars().take(40).collect();
    if short.len() < name.len() {
        short.push('…');
    }
    short
}

fn external_ids(field: &str, owner: &dyn Fn() -> String, ids: &[String]) -> Checked {
    if ids.len() > EXTERNAL_IDS {
        return Err(Invalid {
            field: field.to_owned(),
            message: format!(
                "{} has {} ids from other systems; the most allowed is {EXTERNAL_IDS}. Keep the ones you use and import again.",
                owner(),
                ids.len()
            ),
        });
    }
    for (i, id) in ids.iter().enumerate() {
        text(
            &format!("{field}[{i}]"),
            &|| format!("An id from another system of {}", owner().to_lowercase()),
            id,
            Kind::Required(LINE_CHARS),
        )?;
    }
    Ok(())
}

/// The practice's name.
pub(crate) fn practice_name(name: &str) -> Checked {
    text(
        "practice_name",
        &|| "The practice name".into(),
        name,
        Kind::Required(NAME_CHARS),
    )
}

/// A topic key: `a-z`, digits, `_` and `-`, at most [`TOPIC_KEY_CHARS`].
pub(crate) fn topic_key(key: &TopicKey) -> Checked {
    let key = key.as_str();
    let fine = !key.is_empty()
        && key.len() <= TOPIC_KEY_CHARS
        && key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'-'));
    if fine {
        Ok(())
    } else {
        Err(Invalid {
            field: "key".into(),
            message: format!(
                "\"{}\" cannot be a topic key: a key is 1 to {TOPIC_KEY_CHARS} lowercase letters, digits, _ or -. Add the topic from the Topics screen, which makes one.",
                shown(key)
            ),
        })
    }
}

/// A whole topic.
pub(crate) fn topic(topic: &Topic) -> Checked {
    topic_key(&topic.key)?;
    topic_field(&topic.key, &TopicField::Label(topic.label.clone()))?;
    topic_field(
        &topic.key,
        &TopicField::DisplayName(topic.display_name.clone()),
    )
}

/// One text of topic `key`.
pub(crate) fn topic_field(key: &TopicKey, value: &TopicField) -> Checked {
    let key = shown(key.as_str());
    match value {
        TopicField::Label(label) => localized(
            "label",
            &|| format!("The label of topic \"{key}\""),
            label,
            Kind::Required(LABEL_CHARS),
        ),
        TopicField::DisplayName(name) => localized(
            "display_name",
            &|| format!("The To: name of topic \"{key}\""),
            name,
            Kind::Required(LABEL_CHARS),
        ),
    }
}

/// How a topic differs at a location: texts given must not be blank.
pub(crate) fn topic_override(key: &TopicKey, value: &TopicOverride) -> Checked {
    let key = shown(key.as_str());
    if let Some(label) = &value.label {
        localized(
            "label",
            &|| format!("The label of topic \"{key}\" at this location"),
            label,
            Kind::Required(LABEL_CHARS),
        )?;
    }
    if let Some(name) = &value.display_name {
        localized(
            "display_name",
            &|| format!("The To: name of topic \"{key}\" at this location"),
            name,
            Kind::Required(LABEL_CHARS),
        )?;
    }
    Ok(())
}

/// A whole location: its fields, its setting overrides and its topic overrides.
pub(crate) fn location(location: &Location) -> Checked {
    let name = shown(&location.name);
    for field in location.fields() {
        location_field(&name, &field)?;
    }
    location_settings(&location.settings).map_err(|invalid| Invalid {
        field: format!("settings.{}", invalid.field),
        ..invalid
    })
}

/// One field of the location called `name`.
pub(crate) fn location_field(name: &str, value: &LocationField) -> Checked {
    let what = |part: &str| format!("The {part} of location \"{name}\"");
    match value {
        LocationField::Name(text_) if text_.trim().is_empty() => Err(Invalid {
            field: "name".into(),
            message: "A location needs a name patients recognise, such as \"Downtown Clinic\". Type one and save again.".into(),
        }),
        LocationField::Name(text_) => text(
            "name",
            &|| "A location's name".into(),
            text_,
            Kind::Required(NAME_CHARS),
        ),
        LocationField::Alias(text_) => text(
            "alias",
            &|| what("short name"),
            text_,
            Kind::Line(NAME_CHARS),
        ),
        LocationField::Address(text_) => text(
            "address",
            &|| what("address"),
            text_,
            Kind::Line(LINE_CHARS),
        ),
        LocationField::Phone(text_) => text(
            "phone",
            &|| what("phone number"),
            text_,
            Kind::Line(LINE_CHARS),
        ),
        LocationField::TimeZone(zone) => {
            if zone.trim().is_empty() {
                return Err(Invalid {
                    field: "time_zone".into(),
                    message: format!(
                        "{} cannot be empty: a location needs a time zone, such as America/Chicago. Pick one and save again.",
                        what("time zone")
                    ),
                });
            }
            text("time_zone", &|| what("time zone"), zone, Kind::Line(64))
        }
        LocationField::OfficeHours(hours) => hours.check().map_err(|err| Invalid {
            field: "office_hours".into(),
            message: err.to_string(),
        }),
        LocationField::ExternalIds(ids) => {
            external_ids("external_ids", &|| format!("Location \"{name}\""), ids)
        }
        LocationField::Active(_) | LocationField::OwnBranding(_) => Ok(()),
    }
}

/// A location's setting overrides and topic overrides (the values; references apart).
pub(crate) fn location_settings(settings: &LocationSettings) -> Checked {
    for field in crate::model::SettingField::ALL {
        if let Some(value) = settings.get(*field) {
            setting(&value)?;
        }
    }
    for (key, over) in &settings.topics {
        topic_override(key, over).map_err(|invalid| Invalid {
            field: format!("topics.{key}.{}", invalid.field),
            ..invalid
        })?;
    }
    Ok(())
}

/// The practice's settings (the values; the fallback inbox's reference apart).
pub(crate) fn practice_settings(settings: &PracticeSettings) -> Checked {
    for field in crate::model::SettingField::ALL {
        setting(&settings.get(*field))?;
    }
    Ok(())
}

/// One setting's value (whether a fallback inbox exists is the caller's to check).
pub(crate) fn setting(value: &Setting) -> Checked {
    let field = value.field().name();
    let fail = |message: String| {
        Err(Invalid {
            field: field.to_owned(),
            message,
        })
    };
    let paragraphs = |what: &str, value: &Localized| {
        localized(
            field,
            &|| what.to_owned(),
            value,
            Kind::Paragraphs(TEXT_CHARS),
        )
    };
    match value {
        Setting::Banner(value) => paragraphs("The banner", value),
        Setting::ComposeNote(value) => paragraphs("The note above the message box", value),
        Setting::EmergencyDisclaimer(value) => paragraphs("The emergency notice", value),
        Setting::ResponseTime(value) => paragraphs("The response time", value),
        Setting::AfterHoursNotice(value) => paragraphs("The after-hours notice", value),
        Setting::Logo(logo) => logo.check().or_else(|err| fail(err.to_string())),
        Setting::NotificationEmail(address) => {
            text(field, &|| "The notification e-mail address".into(), address, Kind::Line(LINE_CHARS))?;
            match email_problem(address) {
                Some(problem) => fail(format!(
                    "\"{}\" is not an e-mail address: {problem}. Write it like office@example.org, or leave it empty.",
                    shown(address)
                )),
                None => Ok(()),
            }
        }
        Setting::Limits(limits) if limits.max_characters == 0 => fail(
            "The longest message must allow at least 1 character. Enter a number such as 2000."
                .into(),
        ),
        Setting::Limits(limits) if limits.max_characters > MESSAGE_CHARS => fail(format!(
            "The longest message can be at most {MESSAGE_CHARS} characters. Enter a smaller number, such as 2000."
        )),
        Setting::Limits(limits) if limits.quota.is_some_and(|q| q.count == 0 || q.days == 0) => {
            fail("A message limit needs at least 1 message in at least 1 day. Enter both numbers, or switch the limit off.".into())
        }
        Setting::Limits(limits)
            if limits
                .quota
                .is_some_and(|q| q.count > QUOTA_COUNT || q.days > QUOTA_DAYS) =>
        {
            fail(format!(
                "A message limit can allow at most {QUOTA_COUNT} messages in at most {QUOTA_DAYS} days. Enter smaller numbers, or switch the limit off."
            ))
        }
        Setting::Attachments(rule)
            if rule.max_count > ATTACHMENT_COUNT || rule.max_megabytes > ATTACHMENT_MEGABYTES =>
        {
            fail(format!(
                "Patients can attach at most {ATTACHMENT_COUNT} files of at most {ATTACHMENT_MEGABYTES} MB each. Enter smaller numbers."
            ))
        }
        _ => Ok(()),
    }
}

/// What is wrong with an e-mail address, if anything; an empty one is fine (none set).
pub fn email_problem(address: &str) -> Option<&'static str> {
    if address.is_empty() {
        return None;
    }
    if address.trim() != address || address.chars().any(char::is_whitespace) {
        return Some("it contains spaces");
    }
    let Some((local, domain)) = address.rsplit_once('@') else {
        return Some("it has no @");
    };
    if local.is_empty() {
        return Some("nothing comes before the @");
    }
    if local.contains('@') {
        return Some("it has more than one @");
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 || labels.iter().any(|label| label.is_empty()) {
        return Some("the part after the @ must be a domain such as example.org");
    }
    None
}

/// A whole person (whether their locations and delegate exist is the caller's to check).
pub(crate) fn person(person: &Person) -> Checked {
    for field in person.fields() {
        person_field(&person.name, &field)?;
    }
    Ok(())
}

/// One field of the person called `name`.
pub(crate) fn person_field(name: &str, value: &PersonField) -> Checked {
    let name = shown(name);
    match value {
        PersonField::Name(text_) => text(
            "name",
            &|| "A person's name".into(),
            text_,
            Kind::Required(NAME_CHARS),
        ),
        PersonField::Credentials(text_) => text(
            "credentials",
            &|| format!("The credentials of {name}"),
            text_,
            Kind::Line(NAME_CHARS),
        ),
        PersonField::OutOfOffice(Some(away)) => absence(&name, away),
        PersonField::ExternalIds(ids) => external_ids("external_ids", &|| name.clone(), ids),
        PersonField::Kind(_)
        | PersonField::Active(_)
        | PersonField::Locations(_)
        | PersonField::AvailableForPortal(_)
        | PersonField::MayViewOthers(_)
        | PersonField::OutOfOffice(None) => Ok(()),
    }
}

fn absence(name: &str, away: &OutOfOffice) -> Checked {
    localized(
        "out_of_office.auto_reply",
        &|| format!("{name}'s automatic reply"),
        &away.auto_reply,
        Kind::Paragraphs(TEXT_CHARS),
    )
}

/// A whole group (whether its members exist is the caller's to check).
pub(crate) fn group(group: &Group) -> Checked {
    for field in group.fields() {
        group_field(&group.name, &field)?;
    }
    Ok(())
}

/// One field of the group called `name`.
pub(crate) fn group_field(name: &str, value: &GroupField) -> Checked {
    match value {
        GroupField::Name(text_) => text(
            "name",
            &|| "A group's name".into(),
            text_,
            Kind::Required(NAME_CHARS),
        ),
        GroupField::ExternalIds(ids) => external_ids(
            "external_ids",
            &|| format!("Group \"{}\"", shown(name)),
            ids,
        ),
        GroupField::Members(_) => Ok(()),
    }
}

/// A rule's route: at most [`RECIPIENTS_PER_RULE`] recipients, each once.
pub(crate) fn route(route: &Route) -> Checked {
    let Route::Recipients(list) = route else {
        return Ok(());
    };
    let recipients = list.as_slice();
    if recipients.len() > RECIPIENTS_PER_RULE {
        return Err(Invalid {
            field: "route.recipients".into(),
            message: format!(
                "A rule can name at most {RECIPIENTS_PER_RULE} recipients; this one names {}. Put the people in a group and name the group.",
                recipients.len()
            ),
        });
    }
    if let Some(at) = (1..recipients.len()).find(|&i| recipients[..i].contains(&recipients[i])) {
        return Err(Invalid {
            field: format!("route.recipients[{at}]"),
            message: "A rule names the same recipient twice. Name each person or group once."
                .into(),
        });
    }
    Ok(())
}
