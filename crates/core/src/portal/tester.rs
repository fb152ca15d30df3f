//! The route tester: what happens after a patient sends a message (the automatic replies of
//! people who are away), and the routing summary of one kind of patient — every topic, what
//! the To: field shows and who receives it — as rows and as CSV a manager can hand to staff.

use serde::{Deserialize, Serialize};

use crate::model::{Config, Date, Language, Recipient, Route, Scope, TopicKey};
use crate::resolve::{Context, Decision, route};

/// An automatic answer the patient gets because someone the rule names is away.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AutoReply {
    /// "Jane Smith, RN".
    pub from: String,
    pub text: String,
}

/// The automatic replies a message on `topic` from `context` gets on `date`: from each person
/// the deciding rule names (directly or through a group) who is out of office that day and
/// wrote an auto-reply, in the rule's order, once each.
pub fn auto_replies(
    config: &Config,
    context: &Context,
    topic: &TopicKey,
    date: Date,
    language: Language,
) -> Vec<AutoReply> {
    let outcome = route(config, context, topic, date);
    let Some(scope) = outcome.rule else {
        return Vec::new();
    };
    let Some(Route::Recipients(list)) = config.routes.get(topic, scope) else {
        return Vec::new();
    };
    let mut seen = Vec::new();
    let mut replies = Vec::new();
    for recipient in list.as_slice() {
        for id in config.members(*recipient) {
            if seen.contains(id) {
                continue;
            }
            seen.push(*id);
            let Some(person) = config.person(*id) else {
                continue;
            };
            let Some(away) = person.absence_on(date) else {
                continue;
            };
            let text = away.auto_reply.get(language).trim();
            let text = if text.is_empty() {
                away.auto_reply.en.trim()
            } else {
                text
            };
            if !text.is_empty() {
                replies.push(AutoReply {
                    from: person.display_name(),
                    text: text.to_string(),
                });
            }
        }
    }
    replies
}

/// One topic of the routing summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummaryRow {
    pub topic: String,
    /// What the patient's To: field shows.
    pub to: String,
    /// Who receives it, in words ("Ana Ruiz, Tom Lee", "The patient chooses: …",
    /// "Fallback inbox (Front Office): …", "Closed: …").
    pub receives: String,
    /// Which rule decided ("provider rule", "practice rule", "no rule").
    pub rule: String,
}

/// The routing summary of patients of `context` on `date`: one row per enabled topic.
pub fn summary(config: &Config, context: &Context, date: Date) -> Vec<SummaryRow> {
    let names = |people: &[crate::model::PersonId]| {
        people
            .iter()
            .map(|id| config.recipient_name(Recipient::Person(*id)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    config
        .topics_at(Some(context.location))
        .iter()
        .map(|topic| {
            let outcome = route(config, context, &topic.key, date);
            let receives = match &outcome.decision {
                Decision::Deliver { people } => names(people),
                Decision::PatientChooses { choices, .. } => {
                    format!("The patient chooses: {}", names(choices))
                }
                Decision::FallbackInbox { inbox, people, .. } => format!(
                    "Fallback inbox ({}): {}",
                    config.recipient_name(*inbox),
                    names(people)
                ),
                Decision::Closed { reason } => format!("Closed: {reason:?}"),
            };
            let rule = match outcome.rule {
                Some(Scope::LocationProvider { .. }) => "provider at this location rule",
                Some(Scope::Provider { .. }) => "provider rule",
                Some(Scope::Location { .. }) => "location rule",
                Some(Scope::Practice) => "practice rule",
                None => "no rule",
            };
            SummaryRow {
                topic: topic.label.en.clone(),
                to: outcome.to.en.clone(),
                receives,
                rule: rule.to_string(),
            }
        })
        .collect()
}

/// The summary as CSV (RFC 4180, with a header row). A cell that a spreadsheet would read as
/// a formula — starting with `=`, `+`, `-`, `@`, a tab or a carriage return, even after
/// spaces, non-breaking spaces or other blanks — is prefixed with `'`, so a name an admin
/// typed can never run in the manager's spreadsheet.
pub fn summary_csv(rows: &[SummaryRow]) -> String {
    let mut csv = String::from("Topic,To,Receives,Rule\r\n");
    for row in rows {
        let cells = [&row.topic, &row.to, &row.receives, &row.rule].map(|cell| csv_cell(cell));
        csv.push_str(&cells.join(","));
        csv.push_str("\r\n");
    }
    csv
}

/// Whether a spreadsheet may read `text` as a formula: it starts with `=`, `+`, `-`, `@`, a
/// tab or a carriage return, possibly after blanks — spaces, a non-breaking space (U+00A0) or
/// any other Unicode white space, a zero-width space or a byte-order mark — which spreadsheets
/// skip when they look for a formula.
fn reads_as_formula(text: &str) -> bool {
    text.trim_start_matches(|c: char| {
        (c.is_whitespace() && c != '\t' && c != '\r') || c == '\u{200B}' || c == '\u{FEFF}'
    })
    .starts_with(['=', '+', '-', '@', '\t', '\r'])
}

fn csv_cell(text: &str) -> String {
    let text = if reads_as_formula(text) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::ids::{CRUSHER, DOWNTOWN, JANE_SMITH};
    use crate::resolve::Sender;
    use crate::{Localized, PersonField, apply, demo_practice};

    fn crusher_patient() -> Context {
        Context {
            location: DOWNTOWN,
            provider: Some(CRUSHER),
            care_team: vec![CRUSHER],
            sender: Sender::Patient,
        }
    }

    #[test]
    fn an_away_recipient_sends_their_auto_reply_in_the_patients_language() {
        let mut config = demo_practice();
        let jane = config.person(JANE_SMITH).expect("demo").clone();
        let mut away = jane
            .out_of_office
            .clone()
            .expect("Jane Smith is away in the demo");
        away.auto_reply = Localized::new("I am away until 3 Dec.", "Estoy fuera hasta el 3 dic.");
        apply(
            &mut config,
            &crate::Change::SetPersonField {
                person: JANE_SMITH,
                expected: PersonField::OutOfOffice(jane.out_of_office.clone()),
                value: PersonField::OutOfOffice(Some(away.clone())),
            },
        )
        .expect("applies");
        let topic = TopicKey::new("appointments");
        let replies = auto_replies(
            &config,
            &crusher_patient(),
            &topic,
            away.from,
            Language::Spanish,
        );
        assert_eq!(
            replies,
            vec![AutoReply {
                from: jane.display_name(),
                text: "Estoy fuera hasta el 3 dic.".into()
            }],
            "Dr. Crusher's rule names Jane Smith, who is away: her Spanish auto-reply"
        );
        let after = away.until.add_days(1);
        assert!(
            auto_replies(
                &config,
                &crusher_patient(),
                &topic,
                after,
                Language::English
            )
            .is_empty(),
            "the day after she is back, no auto-reply"
        );
    }

    #[test]
    fn a_cell_a_spreadsheet_could_run_is_prefixed_even_after_blanks() {
        let cases: &[(&str, &str, &str)] = &[
            ("=1+1", "'=1+1", "an equals sign starts a formula"),
            ("+1", "'+1", "a plus sign starts a formula"),
            ("-1", "'-1", "a minus sign starts a formula"),
            ("@SUM(A1)", "'@SUM(A1)", "an at sign starts a formula"),
            ("\tx", "'\tx", "a leading tab is prefixed"),
            (
                "\rx",
                "\"'\rx\"",
                "a leading carriage return is prefixed and quoted",
            ),
            ("  =1+1", "'  =1+1", "spaces before an equals sign"),
            (
                "\u{A0}=1+1",
                "'\u{A0}=1+1",
                "a non-breaking space before an equals sign",
            ),
            (
                "\u{A0} +1",
                "'\u{A0} +1",
                "a non-breaking space and a space before a plus",
            ),
            (" -1", "' -1", "a space before a minus sign"),
            ("\u{2003}@x", "'\u{2003}@x", "an em space before an at sign"),
            (
                "\u{3000}=x",
                "'\u{3000}=x",
                "an ideographic space before an equals sign",
            ),
            (
                "\u{200B}=x",
                "'\u{200B}=x",
                "a zero-width space before an equals sign",
            ),
            (
                "\u{FEFF}=x",
                "'\u{FEFF}=x",
                "a byte-order mark before an equals sign",
            ),
            (" \t=x", "' \t=x", "a space, then a tab"),
            (" \rx", "\"' \rx\"", "a space, then a carriage return"),
            ("\n=x", "\"'\n=x\"", "a line break before an equals sign"),
            (
                "Dr. Crusher",
                "Dr. Crusher",
                "a plain name is left as it is",
            ),
            (
                "  Jane Smith",
                "  Jane Smith",
                "leading spaces before a letter are harmless",
            ),
            (
                "\u{A0}Front Office",
                "\u{A0}Front Office",
                "a non-breaking space before a letter is harmless",
            ),
            ("a=b", "a=b", "an equals sign inside the text is harmless"),
            ("", "", "an empty cell stays empty"),
            ("   ", "   ", "blanks alone are harmless"),
            (
                "Smith, Jane",
                "\"Smith, Jane\"",
                "a comma is quoted, not prefixed",
            ),
        ];
        for (text, expected, why) in cases {
            assert_eq!(csv_cell(text), *expected, "{why}: {text:?}");
        }
    }

    #[test]
    fn the_summary_has_every_enabled_topic_and_its_csv_is_safe_in_a_spreadsheet() {
        let mut config = demo_practice();
        config.topics[0].display_name = Localized::new("=HYPERLINK(\"x\"), \"quoted\"", "");
        let rows = summary(
            &config,
            &crusher_patient(),
            crate::Date::from_ymd(2026, 11, 1).expect("date"),
        );
        assert_eq!(rows.len(), 6, "one row per enabled demo topic");
        assert_eq!(
            rows[0].rule, "provider rule",
            "Dr. Crusher's own appointments rule decides"
        );
        let csv = summary_csv(&rows);
        assert!(
            csv.starts_with("Topic,To,Receives,Rule\r\n"),
            "a header row first"
        );
        assert!(
            csv.contains("\"'=HYPERLINK(\"\"x\"\"), \"\"quoted\"\"\""),
            "a formula-looking name is quoted, escaped and prefixed so it stays text: {csv}"
        );
    }
}
