//! Building the changes the Message settings and Locations screens make, and reading what
//! they show: every setting's *effective* value at a place and its *source* — the practice's
//! value, or this location's own (an *override*) — with "Reset to inherited" as the change
//! that drops the override. The same for a topic's switch and wording at one location.

use crate::model::{
    Config, Localized, Location, LocationField, LocationId, Setting, SettingField, Topic, TopicKey,
    TopicOverride,
};

use super::Change;
pub use super::valid::email_problem;

/// Where a setting's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The practice's value (at a location: inherited).
    Practice,
    /// The location's own value.
    Location,
}

/// The value of `field` in force at `location` (the practice's when `None`) and its source.
pub fn effective(
    config: &Config,
    location: Option<LocationId>,
    field: SettingField,
) -> (Setting, Source) {
    location
        .and_then(|id| config.location(id))
        .and_then(|here| here.settings.get(field))
        .map_or_else(
            || (config.settings.get(field), Source::Practice),
            |value| (value, Source::Location),
        )
}

/// Sets `value` at `location` (an override), or for the practice when `None`. `None` when
/// nothing would change, or the location is gone.
pub fn set(config: &Config, location: Option<LocationId>, value: Setting) -> Option<Change> {
    let field = value.field();
    let change = match location {
        None => Change::SetPracticeSetting {
            expected: config.settings.get(field),
            value,
        },
        Some(id) => Change::SetLocationSetting {
            location: id,
            field,
            expected: config.location(id)?.settings.get(field),
            value: Some(value),
        },
    };
    (!change.is_noop()).then_some(change)
}

/// Drops `location`'s override of `field`, so the practice's value applies again; `None`
/// when it has none.
pub fn reset(config: &Config, location: LocationId, field: SettingField) -> Option<Change> {
    let expected = config.location(location)?.settings.get(field)?;
    Some(Change::SetLocationSetting {
        location,
        field,
        expected: Some(expected),
        value: None,
    })
}

/// How `topic` looks at `location`, and which of its parts the location sets itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicHere {
    /// The topic as patients there see it.
    pub topic: Topic,
    /// The location's own settings of it (empty: all as the practice).
    pub own: TopicOverride,
}

/// Every topic of the practice as `location` shows it, in the practice's order.
pub fn topics_here(config: &Config, location: LocationId) -> Vec<TopicHere> {
    config
        .topics
        .iter()
        .filter_map(|topic| {
            Some(TopicHere {
                topic: config.topic_at(Some(location), &topic.key)?,
                own: config
                    .topic_override(location, &topic.key)
                    .cloned()
                    .unwrap_or_default(),
            })
        })
        .collect()
}

/// One part of a topic a location may set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TopicPart {
    Enabled(Option<bool>),
    Label(Option<Localized>),
    DisplayName(Option<Localized>),
}

/// Sets (`Some`) or resets (`None`) parts of how `topic` looks at `location`, as one change.
/// A value equal to the practice's is stored as "as the practice", so the location keeps
/// following later practice edits. `None` when nothing would change.
pub fn set_topic_parts(
    config: &Config,
    location: LocationId,
    topic: &TopicKey,
    parts: impl IntoIterator<Item = TopicPart>,
) -> Option<Change> {
    let practice = config.topic(topic)?;
    config.location(location)?;
    let expected = config
        .topic_override(location, topic)
        .cloned()
        .unwrap_or_default();
    let mut value = expected.clone();
    for part in parts {
        match part {
            TopicPart::Enabled(on) => value.enabled = on.filter(|on| *on != practice.enabled),
            TopicPart::Label(text) => value.label = text.filter(|text| *text != practice.label),
            TopicPart::DisplayName(text) => {
                value.display_name = text.filter(|text| *text != practice.display_name);
            }
        }
    }
    (value != expected).then(|| Change::SetLocationTopic {
        location,
        topic: topic.clone(),
        expected,
        value,
    })
}

/// Sets one field of `location`; `None` when it already has that value.
pub fn set_location_field(location: &Location, value: LocationField) -> Option<Change> {
    let expected = location.field(&value);
    (expected != value).then_some(Change::SetLocationField {
        location: location.id,
        expected,
        value,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::ids::{DOWNTOWN, LAKEVIEW};
    use crate::{apply, demo_practice};

    #[test]
    fn effective_values_name_their_source_and_reset_returns_to_the_practice() {
        let mut config = demo_practice();
        let (value, source) = effective(&config, Some(LAKEVIEW), SettingField::GuardianMayWrite);
        assert_eq!(
            (value, source),
            (Setting::GuardianMayWrite(true), Source::Location)
        );
        let (_, source) = effective(&config, Some(DOWNTOWN), SettingField::GuardianMayWrite);
        assert_eq!(source, Source::Practice, "Downtown inherits");

        let banner = Setting::Banner(Localized::new("Downtown only", "Solo centro"));
        let change = set(&config, Some(DOWNTOWN), banner.clone()).expect("a change");
        apply(&mut config, &change).expect("applies");
        assert_eq!(
            effective(&config, Some(DOWNTOWN), SettingField::Banner),
            (banner.clone(), Source::Location)
        );
        assert_eq!(
            set(&config, Some(DOWNTOWN), banner),
            None,
            "same value: no change"
        );
        let undo = reset(&config, DOWNTOWN, SettingField::Banner).expect("has an override");
        apply(&mut config, &undo).expect("applies");
        assert_eq!(
            effective(&config, Some(DOWNTOWN), SettingField::Banner).1,
            Source::Practice
        );
        assert_eq!(
            reset(&config, DOWNTOWN, SettingField::Banner),
            None,
            "nothing to reset"
        );
    }

    #[test]
    fn a_topic_part_equal_to_the_practice_is_stored_as_inherited() {
        let mut config = demo_practice();
        let key = TopicKey::new("appointments");
        let practice_name = config.topic(&key).expect("demo topic").display_name.clone();
        let change = set_topic_parts(
            &config,
            DOWNTOWN,
            &key,
            [
                TopicPart::DisplayName(Some(Localized::new("Desk", "Recepción"))),
                TopicPart::Enabled(Some(false)),
            ],
        )
        .expect("a change");
        apply(&mut config, &change).expect("applies");
        let here = topics_here(&config, DOWNTOWN);
        assert_eq!(here[0].topic.display_name.en, "Desk");
        assert!(
            here[0].own.display_name.is_some(),
            "marked as the location's own"
        );
        assert!(!here[0].topic.enabled, "both parts in one change");
        let back = set_topic_parts(
            &config,
            DOWNTOWN,
            &key,
            [
                TopicPart::DisplayName(Some(practice_name)),
                TopicPart::Enabled(None),
            ],
        )
        .expect("a change");
        apply(&mut config, &back).expect("applies");
        assert!(
            config.locations[&DOWNTOWN].settings.topics.is_empty(),
            "typing the practice's value back resets the override"
        );
    }
}
