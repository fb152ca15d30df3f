//! Where an entity is used: what stops its removal, and what "replace everywhere" rewrites.

use crate::model::{Config, GroupId, LocationId, PersonId, Recipient, Route, Scope, TopicKey};

/// One place where a person, group or location is named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Use {
    /// A member of this group.
    GroupMember { group: GroupId },
    /// A recipient of this rule.
    RouteRecipient { topic: TopicKey, scope: Scope },
    /// This rule is about the person or location (its scope names it).
    RouteScope { topic: TopicKey, scope: Scope },
    /// This person's out-of-office delegate.
    Delegate { person: PersonId },
    /// The fallback inbox of the practice (`None`) or of a location.
    FallbackInbox { location: Option<LocationId> },
    /// This person works at the location.
    WorksAt { person: PersonId },
}

/// What is being looked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Person(PersonId),
    Group(GroupId),
    Location(LocationId),
}

impl Target {
    fn is(self, recipient: Recipient) -> bool {
        match (self, recipient) {
            (Target::Person(a), Recipient::Person(b)) => a == b,
            (Target::Group(a), Recipient::Group(b)) => a == b,
            _ => false,
        }
    }

    fn in_scope(self, scope: Scope) -> bool {
        match self {
            Target::Person(id) => scope.provider() == Some(id),
            Target::Location(id) => scope.location() == Some(id),
            Target::Group(_) => false,
        }
    }
}

/// Every place `target` is used, in a stable order.
pub fn uses_of(config: &Config, target: Target) -> Vec<Use> {
    let mut uses = Vec::new();
    if let Target::Person(id) = target {
        for group in config
            .groups
            .values()
            .filter(|group| group.members.contains(&id))
        {
            uses.push(Use::GroupMember { group: group.id });
        }
    }
    for (topic, scope, route) in config.routes.iter() {
        if target.in_scope(scope) {
            uses.push(Use::RouteScope {
                topic: topic.clone(),
                scope,
            });
        }
        if let Route::Recipients(list) = route
            && list.as_slice().iter().any(|r| target.is(*r))
        {
            uses.push(Use::RouteRecipient {
                topic: topic.clone(),
                scope,
            });
        }
    }
    for person in config.people.values() {
        if let Target::Location(id) = target
            && person.locations.contains(&id)
        {
            uses.push(Use::WorksAt { person: person.id });
        }
        if let Some(delegate) = person.out_of_office.as_ref().and_then(|away| away.delegate)
            && target.is(delegate)
        {
            uses.push(Use::Delegate { person: person.id });
        }
    }
    if target.is(config.settings.fallback_inbox) {
        uses.push(Use::FallbackInbox { location: None });
    }
    for location in config.locations.values() {
        if location
            .settings
            .fallback_inbox
            .is_some_and(|inbox| target.is(inbox))
        {
            uses.push(Use::FallbackInbox {
                location: Some(location.id),
            });
        }
    }
    uses
}

/// A scope in words: "Dr. Crusher at Downtown", "all of Lakeview", "the whole practice".
pub(crate) fn scope_name(config: &Config, scope: Scope) -> String {
    let location = |id: LocationId| {
        config.location(id).map_or_else(
            || format!("a removed location ({id})"),
            |l| l.short_name().to_owned(),
        )
    };
    let person = |id: PersonId| config.recipient_name(Recipient::Person(id));
    match scope {
        Scope::LocationProvider {
            location: l,
            provider,
        } => format!("{}'s patients at {}", person(provider), location(l)),
        Scope::Provider { provider } => format!("{}'s patients", person(provider)),
        Scope::Location { location: l } => format!("patients at {}", location(l)),
        Scope::Practice => "the whole practice".into(),
    }
}

/// A topic's English label, or its key when it is gone.
pub(crate) fn topic_name(config: &Config, topic: &TopicKey) -> String {
    config
        .topic(topic)
        .map_or_else(|| topic.to_string(), |t| t.label.en.clone())
}

impl Use {
    /// The use in words, for "cannot be removed while…" messages.
    pub fn describe(&self, config: &Config) -> String {
        match self {
            Use::GroupMember { group } => {
                format!(
                    "member of group {}",
                    config.recipient_name(Recipient::Group(*group))
                )
            }
            Use::RouteRecipient { topic, scope } => format!(
                "receives {} for {}",
                topic_name(config, topic),
                scope_name(config, *scope)
            ),
            Use::RouteScope { topic, scope } => format!(
                "has a {} rule ({})",
                topic_name(config, topic),
                scope_name(config, *scope)
            ),
            Use::Delegate { person } => format!(
                "delegate of {} while away",
                config.recipient_name(Recipient::Person(*person))
            ),
            Use::FallbackInbox { location: None } => "the practice's fallback inbox".into(),
            Use::FallbackInbox { location: Some(id) } => format!(
                "the fallback inbox of {}",
                config
                    .location(*id)
                    .map_or("a removed location", |l| l.short_name())
            ),
            Use::WorksAt { person } => format!(
                "{} works there",
                config.recipient_name(Recipient::Person(*person))
            ),
        }
    }
}
