//! The people directory of the People & groups screen: who matches a search and filters,
//! in name order, and the short states shown beside each name.
//!
//! Words: someone is *away* on a date when an absence covers it; the "out of office" filter
//! also keeps absences still to come (an admin checks them before they start).

use crate::model::{Config, Date, LocationId, Person, PersonKind};

/// What the directory shows. `None` in a filter means "any".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Words that must all appear in the name or credentials (case aside).
    pub text: String,
    pub kind: Option<PersonKind>,
    /// Works at this location.
    pub location: Option<LocationId>,
    pub active: Option<bool>,
    /// Available for portal messages.
    pub available: Option<bool>,
    /// Has an absence that is not over on the date (current or still to come).
    pub out_of_office: Option<bool>,
}

impl Filter {
    /// Whether `person` matches on `date`.
    pub fn matches(&self, person: &Person, date: Date) -> bool {
        let haystack = format!("{} {}", person.name, person.credentials).to_lowercase();
        let words_match = self
            .text
            .to_lowercase()
            .split_whitespace()
            .all(|word| haystack.contains(word));
        let away = person
            .out_of_office
            .as_ref()
            .is_some_and(|absence| absence.until >= date);
        words_match
            && self.kind.is_none_or(|kind| person.kind == kind)
            && self
                .location
                .is_none_or(|location| person.locations.contains(&location))
            && self.active.is_none_or(|active| person.active == active)
            && self
                .available
                .is_none_or(|available| person.available_for_portal == available)
            && self.out_of_office.is_none_or(|wanted| away == wanted)
    }
}

/// The people matching `filter` on `date`, by name (then id, so the order is stable).
pub fn list<'a>(config: &'a Config, filter: &Filter, date: Date) -> Vec<&'a Person> {
    let mut people: Vec<&Person> = config
        .people
        .values()
        .filter(|person| filter.matches(person, date))
        .collect();
    people.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then(a.id.cmp(&b.id))
    });
    people
}

/// Short states for `person` on `date`, in this order: "inactive", "not available",
/// "away until 3 Dec" or "away from 1 Dec to 9 Dec" (still to come). Empty when none apply.
pub fn states(person: &Person, date: Date) -> Vec<String> {
    let mut states = Vec::new();
    if !person.active {
        states.push("inactive".to_string());
    }
    if !person.available_for_portal {
        states.push("not available".to_string());
    }
    if let Some(away) = &person.out_of_office {
        let year_too = away.until.ymd().0 != date.ymd().0;
        if away.covers(date) {
            states.push(format!("away until {}", away.until.short(year_too)));
        } else if away.from > date {
            states.push(format!(
                "away from {} to {}",
                away.from.short(year_too),
                away.until.short(year_too)
            ));
        }
    }
    states
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo_ids::{
        BASHIR, CRUSHER, DOWNTOWN, JANE_SMITH, LAKEVIEW, MCCOY, PULASKI, SAM_CARTER,
    };
    use crate::demo_practice;

    fn day(year: i32, month: u32, day: u32) -> Date {
        Date::from_ymd(year, month, day).expect("a day")
    }

    fn ids(people: &[&Person]) -> Vec<crate::PersonId> {
        people.iter().map(|p| p.id).collect()
    }

    #[test]
    fn filters_combine_and_the_list_is_in_name_order() {
        let config = demo_practice();
        let today = day(2026, 11, 1);
        let providers = Filter {
            kind: Some(PersonKind::Provider),
            ..Filter::default()
        };
        assert_eq!(
            ids(&list(&config, &providers, today)),
            vec![CRUSHER, BASHIR, PULASKI, MCCOY],
            "every provider, by first name as written"
        );
        let active_at_lakeview = Filter {
            location: Some(LAKEVIEW),
            active: Some(true),
            kind: Some(PersonKind::Provider),
            ..Filter::default()
        };
        assert_eq!(
            ids(&list(&config, &active_at_lakeview, today)),
            vec![BASHIR],
            "Dr. Pulaski works at Lakeview but is inactive"
        );
        let search = Filter {
            text: "  md  leo".into(),
            ..Filter::default()
        };
        assert_eq!(
            ids(&list(&config, &search, today)),
            vec![MCCOY],
            "every word must match the name or credentials"
        );
        let at_downtown_ma = Filter {
            text: "ma".into(),
            location: Some(DOWNTOWN),
            ..Filter::default()
        };
        assert!(
            !ids(&list(&config, &at_downtown_ma, today)).contains(&SAM_CARTER),
            "Sam Carter, MA, works at Lakeview only"
        );
        let unavailable = Filter {
            available: Some(false),
            ..Filter::default()
        };
        assert!(
            list(&config, &unavailable, today).is_empty(),
            "everyone in the demo is available"
        );
    }

    #[test]
    fn the_out_of_office_filter_keeps_current_and_coming_absences_and_states_say_which() {
        let config = demo_practice();
        let away = Filter {
            out_of_office: Some(true),
            ..Filter::default()
        };
        let jane = config.person(JANE_SMITH).expect("Jane");
        for (date, listed, state) in [
            (day(2026, 11, 1), true, Some("away from 23 Nov to 3 Dec")),
            (day(2026, 11, 25), true, Some("away until 3 Dec")),
            (day(2026, 12, 3), true, Some("away until 3 Dec")),
            (day(2026, 12, 4), false, None),
        ] {
            assert_eq!(
                ids(&list(&config, &away, date)) == vec![JANE_SMITH],
                listed,
                "on {date}, Jane Smith is listed as out of office: {listed}"
            );
            assert_eq!(
                states(jane, date).first().map(String::as_str),
                state,
                "on {date}"
            );
        }
        let pulaski = config.person(PULASKI).expect("Pulaski");
        assert_eq!(
            states(pulaski, day(2026, 11, 1)),
            vec!["inactive".to_string()]
        );
        assert_eq!(
            states(jane, day(2025, 11, 1)),
            vec!["away from 23 Nov 2026 to 3 Dec 2026".to_string()],
            "another year is named"
        );
    }
}
