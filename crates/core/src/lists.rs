//! The lists the screens offer, each in one place and in its display order: whom one may pick
//! as a recipient (and why someone is not offered), who may stand in for someone away, who may
//! take over someone's messages, who may join a group, the providers at a location, the
//! locations, and the validator's findings. The UI renders these; it never filters or sorts
//! the directory itself, so every picker agrees.
//!
//! Words: a *choice* is a person or group with the name a picker shows; it is *offered* unless
//! it carries a reason it is not ([`NotOffered`]). *Name order* is the name without regard to
//! case, then the name, then the id, so equal names keep a stable order. Groups come before
//! people wherever both are listed.

use std::cmp::Ordering;
use std::collections::BTreeSet;

use crate::model::{
    Config, Date, GroupId, Location, LocationId, Person, PersonId, PersonKind, Recipient, Scope,
    TopicKey,
};
use crate::validate::{DEFAULT_WINDOW_DAYS, Finding, Gathered, revalidate_rules_in, validate};

/// Why a person or group is listed but not offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotOffered {
    /// The person no longer works for the practice.
    Inactive,
    /// The person is not available for portal messages.
    Unavailable,
    /// The person the list is for (one does not stand in for oneself).
    Themselves,
    /// Already a member of the group the list is for.
    Member,
}

impl NotOffered {
    /// The reason as a short phrase ("inactive").
    pub fn phrase(self) -> &'static str {
        match self {
            NotOffered::Inactive => "inactive",
            NotOffered::Unavailable => "not available for portal messages",
            NotOffered::Themselves => "the same person",
            NotOffered::Member => "already a member",
        }
    }
}

/// What a choice is, as a picker labels it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChoiceKind {
    Group,
    Provider,
    Staff,
}

impl ChoiceKind {
    /// "Group", "Provider" or "Staff".
    pub fn label(self) -> &'static str {
        match self {
            ChoiceKind::Group => "Group",
            ChoiceKind::Provider => "Provider",
            ChoiceKind::Staff => "Staff",
        }
    }
}

/// A person or group in a picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub recipient: Recipient,
    /// A group's name, or a person's name with credentials.
    pub name: String,
    pub kind: ChoiceKind,
    /// Why it is not offered; `None` when it is.
    pub not_offered: Option<NotOffered>,
}

impl Choice {
    /// Whether a picker offers it.
    pub fn offered(&self) -> bool {
        self.not_offered.is_none()
    }

    fn group(id: GroupId, name: &str) -> Self {
        Self {
            recipient: Recipient::Group(id),
            name: name.to_string(),
            kind: ChoiceKind::Group,
            not_offered: None,
        }
    }

    fn person(person: &Person, not_offered: Option<NotOffered>) -> Self {
        Self {
            recipient: Recipient::Person(person.id),
            name: person.display_name(),
            kind: if person.is_provider() {
                ChoiceKind::Provider
            } else {
                ChoiceKind::Staff
            },
            not_offered,
        }
    }
}

/// Name order (see the module's words).
fn by_name(a: &str, b: &str) -> Ordering {
    a.to_lowercase()
        .cmp(&b.to_lowercase())
        .then_with(|| a.cmp(b))
}

/// Groups then people, each in name order, with the reason `not_offered` gives each person.
fn groups_then_people(
    config: &Config,
    with_groups: bool,
    not_offered: impl Fn(&Person) -> Option<NotOffered>,
) -> Vec<Choice> {
    let mut groups: Vec<Choice> = if with_groups {
        config
            .groups
            .values()
            .map(|group| Choice::group(group.id, &group.name))
            .collect()
    } else {
        Vec::new()
    };
    groups.sort_by(|a, b| by_name(&a.name, &b.name).then(a.recipient.cmp(&b.recipient)));
    let mut people: Vec<Choice> = config
        .people
        .values()
        .map(|person| Choice::person(person, not_offered(person)))
        .collect();
    people.sort_by(|a, b| by_name(&a.name, &b.name).then(a.recipient.cmp(&b.recipient)));
    groups.extend(people);
    groups
}

/// Whom a routing rule (or the fallback inbox) may name: every group, and every active
/// person (one who is not available for portal messages may still be named: the rule
/// reaches them again once they are).
pub fn recipients(config: &Config) -> Vec<Choice> {
    groups_then_people(config, true, |person| {
        (!person.active).then_some(NotOffered::Inactive)
    })
}

/// Who may stand in for `person` while away: every group, and every other active person.
pub fn delegates(config: &Config, person: PersonId) -> Vec<Choice> {
    groups_then_people(config, true, |other| {
        if other.id == person {
            Some(NotOffered::Themselves)
        } else {
            (!other.active).then_some(NotOffered::Inactive)
        }
    })
}

/// Who may take over `person`'s messages (when they are deactivated or made unavailable):
/// every other person who receives messages.
pub fn replacements(config: &Config, person: PersonId) -> Vec<Choice> {
    groups_then_people(config, false, |other| {
        if other.id == person {
            Some(NotOffered::Themselves)
        } else if !other.active {
            Some(NotOffered::Inactive)
        } else if !other.available_for_portal {
            Some(NotOffered::Unavailable)
        } else {
            None
        }
    })
}

/// Who may join `group`: every active person not already in it.
pub fn new_members(config: &Config, group: GroupId) -> Vec<Choice> {
    let members = config
        .group(group)
        .map(|group| group.members.as_slice())
        .unwrap_or_default();
    groups_then_people(config, false, |person| {
        if members.contains(&person.id) {
            Some(NotOffered::Member)
        } else {
            (!person.active).then_some(NotOffered::Inactive)
        }
    })
}

/// Every person (of `kind`, when given), active or not, in name order: what "replace X with
/// Y" and "copy from" choose among.
pub fn people(config: &Config, kind: Option<PersonKind>) -> Vec<&Person> {
    let mut people: Vec<&Person> = config
        .people
        .values()
        .filter(|person| kind.is_none_or(|kind| person.kind == kind))
        .collect();
    people.sort_by(|a, b| by_name(&a.display_name(), &b.display_name()).then(a.id.cmp(&b.id)));
    people
}

/// The active providers who work at `location`, in name order: whose patients a preview is for.
pub fn providers_at(config: &Config, location: LocationId) -> Vec<&Person> {
    let mut providers: Vec<&Person> = people(config, Some(PersonKind::Provider));
    providers.retain(|person| person.active && person.locations.contains(&location));
    providers
}

/// Every location, in name order.
pub fn locations(config: &Config) -> Vec<&Location> {
    let mut locations: Vec<&Location> = config.locations.values().collect();
    locations.sort_by(|a, b| by_name(&a.name, &b.name).then(a.id.cmp(&b.id)));
    locations
}

/// The validator's findings over the default window starting `from` (today), in display
/// order: most severe first (the validator's order within a severity).
pub fn findings(config: &Config, from: Date) -> Vec<Finding> {
    let mut findings = validate(config, from, from.add_days(DEFAULT_WINDOW_DAYS));
    findings.sort_by_key(|finding| finding.problem.severity());
    findings
}

/// [`findings`] after edits that set or cleared only `rules` (topic and scope, as
/// [`Change::touches`](crate::Change::touches) names them), from `previous` (the findings
/// before them, over the same window, in any order): only the cells that read those rules are
/// checked again ([`revalidate_rules`](crate::revalidate_rules)).
pub fn findings_after(
    previous: &[Finding],
    config: &Config,
    from: Date,
    rules: &BTreeSet<(TopicKey, Scope)>,
) -> Vec<Finding> {
    findings_after_in(&Gathered::of(config), previous, config, from, rules)
}

/// [`findings_after`] with `config`'s directory gathered beforehand: `gathered` is
/// [`Gathered::of`] a configuration that differs from `config` in its rules alone (a screen
/// that follows edit after edit keeps it while its directory stays as it is).
pub fn findings_after_in(
    gathered: &Gathered,
    previous: &[Finding],
    config: &Config,
    from: Date,
    rules: &BTreeSet<(TopicKey, Scope)>,
) -> Vec<Finding> {
    let mut findings = revalidate_rules_in(
        gathered,
        previous,
        config,
        from,
        from.add_days(DEFAULT_WINDOW_DAYS),
        rules,
    );
    findings.sort_by_key(|finding| finding.problem.severity());
    findings
}

/// [`findings`] for `config`, brought up to date from `previous` — what [`findings`] answered
/// for `before` on the same day — however `config` came to be (an edit, an undo, a sync):
/// when the two differ in their rules alone, only the cells that read a rule that differs are
/// checked again ([`findings_after`]); otherwise everything is.
pub fn findings_since(
    before: &Config,
    previous: &[Finding],
    config: &Config,
    from: Date,
) -> Vec<Finding> {
    let Some(rules) = config.rules_differing_alone(before) else {
        return findings(config, from);
    };
    if rules.is_empty() {
        return previous.to_vec();
    }
    findings_after(previous, config, from, &rules)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo_practice;

    fn names(choices: &[Choice]) -> Vec<&str> {
        choices
            .iter()
            .filter(|choice| choice.offered())
            .map(|choice| choice.name.as_str())
            .collect()
    }

    fn sorted_by_name(names: &[&str]) -> bool {
        names
            .windows(2)
            .all(|pair| by_name(pair[0], pair[1]) != Ordering::Greater)
    }

    #[test]
    fn recipients_are_groups_then_active_people_each_in_name_order() {
        let mut config = demo_practice();
        let someone = *config.people.keys().next().expect("the demo has people");
        config.people.get_mut(&someone).expect("listed").active = false;
        let choices = recipients(&config);
        assert_eq!(
            choices.len(),
            config.groups.len() + config.people.len(),
            "everyone is listed, offered or not"
        );
        let groups = choices
            .iter()
            .take_while(|choice| choice.kind == ChoiceKind::Group)
            .count();
        assert_eq!(groups, config.groups.len(), "groups come first");
        assert!(
            sorted_by_name(&names(&choices[..groups]))
                && sorted_by_name(&names(&choices[groups..])),
            "each part is in name order"
        );
        let inactive = choices
            .iter()
            .find(|choice| choice.recipient == Recipient::Person(someone))
            .expect("listed");
        assert_eq!(
            inactive.not_offered,
            Some(NotOffered::Inactive),
            "an inactive person is not offered, and the list says why"
        );
    }

    #[test]
    fn nobody_stands_in_for_themselves_or_takes_over_from_themselves() {
        let mut config = demo_practice();
        let mut ids = config.people.keys().copied();
        let (away, unavailable) = (ids.next().expect("one"), ids.next().expect("two"));
        config
            .people
            .get_mut(&unavailable)
            .expect("listed")
            .available_for_portal = false;
        let reason = |choices: Vec<Choice>, id| {
            choices
                .into_iter()
                .find(|choice| choice.recipient == Recipient::Person(id))
                .and_then(|choice| choice.not_offered)
        };
        assert_eq!(
            reason(delegates(&config, away), away),
            Some(NotOffered::Themselves),
            "one does not stand in for oneself"
        );
        assert_eq!(
            reason(delegates(&config, away), unavailable),
            None,
            "someone unavailable for messages may still be named as a delegate (as today)"
        );
        assert_eq!(
            reason(replacements(&config, away), unavailable),
            Some(NotOffered::Unavailable),
            "a replacement must receive messages"
        );
        assert!(
            replacements(&config, away)
                .iter()
                .all(|choice| choice.kind != ChoiceKind::Group),
            "replacements are people"
        );
    }

    #[test]
    fn members_are_not_offered_to_their_own_group() {
        let config = demo_practice();
        let group = config.groups.values().next().expect("the demo has groups");
        for choice in new_members(&config, group.id) {
            let Recipient::Person(person) = choice.recipient else {
                panic!("only people join groups");
            };
            if group.members.contains(&person) {
                assert_eq!(
                    choice.not_offered,
                    Some(NotOffered::Member),
                    "a member is not offered again"
                );
            }
        }
    }

    #[test]
    fn locations_and_providers_are_in_name_order() {
        let config = demo_practice();
        let names: Vec<&str> = locations(&config)
            .iter()
            .map(|location| location.name.as_str())
            .collect();
        assert!(sorted_by_name(&names), "locations in name order: {names:?}");
        for location in locations(&config) {
            assert!(
                providers_at(&config, location.id)
                    .iter()
                    .all(|person| person.active
                        && person.is_provider()
                        && person.locations.contains(&location.id)),
                "only active providers working at {}",
                location.name
            );
        }
    }

    #[test]
    fn findings_come_most_severe_first() {
        let mut config = demo_practice();
        for person in config.people.values_mut() {
            person.active = false;
        }
        let found = findings(&config, Date::from_ymd(2026, 12, 1).expect("a date"));
        assert!(!found.is_empty(), "nobody active: findings");
        assert!(
            found
                .windows(2)
                .all(|pair| pair[0].problem.severity() <= pair[1].problem.severity()),
            "most severe first"
        );
    }
}
