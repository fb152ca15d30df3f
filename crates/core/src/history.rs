//! The practice's change log as the Sync & history screen shows it: each change in words with
//! the screen it belongs to ([`describe`]), the screen's filters ([`HistoryFilter`]) and the
//! CSV an audit review takes away ([`csv`], formula-safe).

use serde::{Deserialize, Serialize};

use crate::change::{Describe, scope_name, topic_name};
use crate::model::{Config, Date, LocationId, Route};
use crate::{Change, GroupId, PersonId};

/// The screen a change belongs to: where someone would go to make it, or to see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Screen {
    Topics,
    Routing,
    Locations,
    People,
    MessageSettings,
    Practice,
}

impl Screen {
    pub const ALL: [Screen; 6] = [
        Screen::Topics,
        Screen::Routing,
        Screen::Locations,
        Screen::People,
        Screen::MessageSettings,
        Screen::Practice,
    ];

    /// Its name in the navigation.
    pub fn title(self) -> &'static str {
        match self {
            Screen::Topics => "Topics",
            Screen::Routing => "Routing",
            Screen::Locations => "Locations",
            Screen::People => "People & groups",
            Screen::MessageSettings => "Message settings",
            Screen::Practice => "Practice",
        }
    }
}

/// One change in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Described {
    pub screen: Screen,
    pub words: String,
}

/// The step that took the server's practice at its `revision` in place of this computer's
/// (the first connection), in words: it has no change of its own to describe.
pub fn taken_from_server(revision: i64) -> Described {
    Described {
        screen: Screen::Practice,
        words: format!("Took the practice from the server (its revision {revision})"),
    }
}

/// `change` in words, naming people, places and topics as `config` knows them ("Routing:
/// Appointments for Dr. Crusher's patients → Front Office").
pub fn describe(config: &Config, change: &Change) -> Described {
    let (screen, words) = words(config, change);
    Described { screen, words }
}

fn location(config: &Config, id: LocationId) -> String {
    config.location(id).map_or_else(
        || "a removed location".to_owned(),
        |l| l.short_name().to_owned(),
    )
}

fn person(config: &Config, id: PersonId) -> String {
    config
        .person(id)
        .map_or_else(|| "a removed person".to_owned(), |p| p.display_name())
}

fn group(config: &Config, id: GroupId) -> String {
    config
        .group(id)
        .map_or_else(|| "a removed group".to_owned(), |g| g.name.clone())
}

fn route(config: &Config, route: &Option<Route>) -> String {
    match route {
        None => "inherits".to_owned(),
        Some(Route::PatientChooses) => "the patient chooses".to_owned(),
        Some(Route::Recipients(list)) => list
            .as_slice()
            .iter()
            .map(|r| config.recipient_name(*r))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

fn on_off(value: bool) -> &'static str {
    if value { "on" } else { "off" }
}

fn words(config: &Config, change: &Change) -> (Screen, String) {
    let field = |name: &str| name.replace('_', " ");
    match change {
        Change::SetTopicEnabled { topic, value, .. } => (
            Screen::Topics,
            format!(
                "Topic \"{}\" switched {}",
                topic_name(config, topic),
                on_off(*value)
            ),
        ),
        Change::SetTopicText {
            topic,
            expected,
            value,
        } => (
            Screen::Topics,
            format!(
                "Topic \"{}\": {} {} → {}",
                topic_name(config, topic),
                field(value.name()),
                expected.describe(),
                value.describe()
            ),
        ),
        Change::AddTopic { topic, .. } => (
            Screen::Topics,
            format!("Topic \"{}\" added", topic.label.en),
        ),
        Change::RemoveTopic { topic, .. } => (
            Screen::Topics,
            format!("Topic \"{}\" removed", topic.label.en),
        ),
        Change::ReorderTopics { .. } => (Screen::Topics, "Topics put in a new order".to_owned()),
        Change::SetTopics { value, .. } => (
            Screen::Topics,
            format!("Topics replaced by a set of {}", value.len()),
        ),
        Change::SetPracticeName { expected, value } => (
            Screen::Practice,
            format!("Practice renamed \"{}\" → \"{}\"", expected.0, value.0),
        ),
        Change::SetDemo { value, .. } => (
            Screen::Practice,
            if *value {
                "Marked as the demo practice".to_owned()
            } else {
                "No longer the demo practice".to_owned()
            },
        ),
        Change::AddLocation { location } => (
            Screen::Locations,
            format!("Location \"{}\" added", location.name),
        ),
        Change::RemoveLocation { location } => (
            Screen::Locations,
            format!("Location \"{}\" removed", location.name),
        ),
        Change::SetLocationField {
            location: id,
            expected,
            value,
        } => (
            Screen::Locations,
            format!(
                "{}: {} {} → {}",
                location(config, *id),
                field(value.name()),
                expected.describe(),
                value.describe()
            ),
        ),
        Change::AddPerson { person } => {
            (Screen::People, format!("{} added", person.display_name()))
        }
        Change::RemovePerson { person } => {
            (Screen::People, format!("{} removed", person.display_name()))
        }
        Change::SetPersonField {
            person: id,
            expected,
            value,
        } => (
            Screen::People,
            format!(
                "{}: {} {} → {}",
                person(config, *id),
                field(value.name()),
                expected.describe(),
                value.describe()
            ),
        ),
        Change::AddGroup { group } => (Screen::People, format!("Group \"{}\" added", group.name)),
        Change::RemoveGroup { group } => {
            (Screen::People, format!("Group \"{}\" removed", group.name))
        }
        Change::SetGroupField {
            group: id,
            expected,
            value,
        } => (
            Screen::People,
            format!(
                "Group \"{}\": {} {} → {}",
                group(config, *id),
                field(value.name()),
                expected.describe(),
                value.describe()
            ),
        ),
        Change::SetRoute {
            topic,
            scope,
            expected,
            value,
        } => (
            Screen::Routing,
            format!(
                "{} for {}: {} → {}",
                topic_name(config, topic),
                scope_name(config, *scope),
                route(config, expected),
                route(config, value)
            ),
        ),
        Change::SetPracticeSetting { expected, value } => (
            Screen::MessageSettings,
            format!(
                "The practice's {}: {} → {}",
                field(value.field().name()),
                expected.describe(),
                value.describe()
            ),
        ),
        Change::SetLocationSetting {
            location: id,
            field: setting,
            value,
            ..
        } => (
            Screen::Locations,
            match value {
                Some(value) => format!(
                    "{}: its own {} → {}",
                    location(config, *id),
                    field(setting.name()),
                    value.describe()
                ),
                None => format!(
                    "{}: {} back to the practice's",
                    location(config, *id),
                    field(setting.name())
                ),
            },
        ),
        Change::SetLocationTopic {
            location: id,
            topic,
            ..
        } => (
            Screen::Locations,
            format!(
                "{}: how topic \"{}\" differs there",
                location(config, *id),
                topic_name(config, topic)
            ),
        ),
        Change::Batch { changes } => batch(config, changes),
    }
}

/// A batch: its one change in words, or how many changes on which screen.
fn batch(config: &Config, changes: &[Change]) -> (Screen, String) {
    match changes {
        [] => (Screen::Practice, "Nothing".to_owned()),
        [one] => words(config, one),
        [first, ..] => {
            let (screen, words) = self::words(config, first);
            let same = changes
                .iter()
                .all(|change| self::words(config, change).0 == screen);
            let screen = if same { screen } else { Screen::Practice };
            (
                screen,
                format!("{} changes in one step, first: {words}", changes.len()),
            )
        }
    }
}

/// Which entries the history screen shows: all of them, or those in a date range (inclusive),
/// by one person, or on one screen.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryFilter {
    pub from: Option<Date>,
    pub until: Option<Date>,
    pub person: Option<String>,
    pub screen: Option<Screen>,
}

/// One entry of the practice's log, as the history screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// Its place in this computer's log.
    pub revision: i64,
    /// UTC, RFC 3339.
    pub at: String,
    pub author: String,
    pub device: String,
    pub screen: Screen,
    pub words: String,
    /// "edit", "undo", "redo", or "snapshot" (the practice taken from the server).
    pub kind: String,
    /// The practice server has it.
    pub synced: bool,
}

impl HistoryFilter {
    /// Whether `entry` passes every filter that is set.
    pub fn keeps(&self, entry: &HistoryEntry) -> bool {
        let day = entry.at.get(..10).and_then(|day| day.parse::<Date>().ok());
        let in_range = |day: Option<Date>| match day {
            Some(day) => {
                self.from.is_none_or(|from| day >= from)
                    && self.until.is_none_or(|until| day <= until)
            }
            None => self.from.is_none() && self.until.is_none(),
        };
        in_range(day)
            && self
                .person
                .as_ref()
                .is_none_or(|person| entry.author == *person)
            && self.screen.is_none_or(|screen| entry.screen == screen)
    }
}

/// The entries as CSV for a spreadsheet: a header, then one line each. Every cell is quoted,
/// and a cell a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab
/// or a carriage return) starts with an apostrophe instead, so opening the file runs nothing.
pub fn csv(entries: &[HistoryEntry]) -> String {
    let mut out = String::from(
        "\"When (UTC)\",\"Who\",\"Device\",\"Screen\",\"What changed\",\"Kind\",\"Synced\"\r\n",
    );
    for entry in entries {
        let cells = [
            entry.at.as_str(),
            entry.author.as_str(),
            entry.device.as_str(),
            entry.screen.title(),
            entry.words.as_str(),
            entry.kind.as_str(),
            if entry.synced { "yes" } else { "no" },
        ];
        let line: Vec<String> = cells.iter().map(|cell| csv_cell(cell)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

fn csv_cell(text: &str) -> String {
    let defused = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    format!("\"{}\"", defused.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{TopicKey, demo_ids, demo_practice};

    fn entry(at: &str, author: &str, screen: Screen, words: &str) -> HistoryEntry {
        HistoryEntry {
            revision: 1,
            at: at.into(),
            author: author.into(),
            device: "d".into(),
            screen,
            words: words.into(),
            kind: "edit".into(),
            synced: false,
        }
    }

    #[test]
    fn a_routing_change_is_described_on_the_routing_screen_by_name() {
        let config = demo_practice();
        let change = crate::grid::edits::patient_chooses(
            &config,
            &TopicKey::new("appointments"),
            crate::Scope::Provider {
                provider: demo_ids::CRUSHER,
            },
        )
        .expect("a change");
        let described = describe(&config, &change);
        assert_eq!(described.screen, Screen::Routing);
        assert!(
            described.words.contains("Appointments")
                && described.words.contains("Crusher")
                && described.words.contains("the patient chooses"),
            "{}",
            described.words
        );
    }

    #[test]
    fn filters_keep_what_matches_every_set_filter() {
        let a = entry("2026-11-02T10:00:00Z", "ana", Screen::Routing, "x");
        let b = entry("2026-11-20T10:00:00Z", "bo", Screen::Topics, "y");
        let range = HistoryFilter {
            from: "2026-11-10".parse().ok(),
            until: "2026-11-30".parse().ok(),
            ..HistoryFilter::default()
        };
        assert!(!range.keeps(&a) && range.keeps(&b));
        let ana = HistoryFilter {
            person: Some("ana".into()),
            ..HistoryFilter::default()
        };
        assert!(ana.keeps(&a) && !ana.keeps(&b));
        let topics = HistoryFilter {
            screen: Some(Screen::Topics),
            ..HistoryFilter::default()
        };
        assert!(!topics.keeps(&a) && topics.keeps(&b));
        assert!(HistoryFilter::default().keeps(&a));
    }

    #[test]
    fn csv_quotes_every_cell_and_defuses_formulas() {
        let text = csv(&[entry(
            "2026-11-02T10:00:00Z",
            "=HYPERLINK(\"http://x\")",
            Screen::People,
            "@SUM(1), \"quoted\"",
        )]);
        let line = text.lines().nth(1).expect("one entry");
        assert!(
            line.contains("\"'=HYPERLINK(\"\"http://x\"\")\""),
            "a formula becomes text: {line}"
        );
        assert!(line.contains("\"'@SUM(1), \"\"quoted\"\"\""), "{line}");
        assert!(text.starts_with("\"When (UTC)\""));
    }
}
