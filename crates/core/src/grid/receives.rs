//! "What does this person receive?": every (location, kind of patient, topic) whose messages
//! reach a person on a date — directly, through a group, as someone's delegate, as a choice
//! the patient may pick, or as the fallback inbox.

use serde::{Deserialize, Serialize};

use crate::model::{Config, Date, PersonId, PersonKind, Recipient, Route};
use crate::resolve::{Context, Decision, Sender, route};

/// One place a person's messages come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Received {
    /// "Beverly Crusher, MD's patients at Downtown", "Patients with no provider at Lakeview".
    pub patients: String,
    /// The topic's label.
    pub topic: String,
    /// "directly", "through Front Office", "as a delegate", "as a choice", "as the fallback inbox".
    pub how: String,
}

/// Everything that reaches `person` on `date`, by location (by name), then patients (no
/// provider first, then providers by name), then topic order.
pub fn receives(config: &Config, person: PersonId, date: Date) -> Vec<Received> {
    let mut locations: Vec<_> = config.locations.values().collect();
    locations.sort_by(|a, b| a.name.cmp(&b.name));
    let mut found = Vec::new();
    for location in locations {
        let mut providers: Vec<_> = config
            .people
            .values()
            .filter(|p| {
                p.kind == PersonKind::Provider && p.active && p.locations.contains(&location.id)
            })
            .collect();
        providers.sort_by(|a, b| a.name.cmp(&b.name));
        let kinds = std::iter::once(None).chain(providers.into_iter().map(Some));
        for provider in kinds {
            let patients = match provider {
                Some(p) => format!(
                    "{}'s patients at {}",
                    p.display_name(),
                    location.short_name()
                ),
                None => format!("Patients with no provider at {}", location.short_name()),
            };
            let context = Context {
                location: location.id,
                provider: provider.map(|p| p.id),
                care_team: provider.map(|p| p.id).into_iter().collect(),
                sender: Sender::Patient,
            };
            for topic in config
                .topics
                .iter()
                .filter(|t| config.topic_enabled_at(location.id, &t.key))
            {
                let outcome = route(config, &context, &topic.key, date);
                let how = match &outcome.decision {
                    Decision::Deliver { people } if people.contains(&person) => {
                        let named = outcome
                            .rule
                            .and_then(|scope| config.routes.get(&topic.key, scope));
                        Some(match named {
                            Some(Route::Recipients(list))
                                if list.as_slice().contains(&Recipient::Person(person)) =>
                            {
                                "directly".to_string()
                            }
                            Some(Route::Recipients(list)) => list
                                .as_slice()
                                .iter()
                                .find(|r| {
                                    matches!(r, Recipient::Group(_))
                                        && config.members(**r).contains(&person)
                                })
                                .map_or_else(
                                    || "as a delegate".to_string(),
                                    |group| format!("through {}", config.recipient_name(*group)),
                                ),
                            _ => "as a delegate".to_string(),
                        })
                    }
                    Decision::PatientChooses { choices, .. } if choices.contains(&person) => {
                        Some("as a choice".to_string())
                    }
                    Decision::FallbackInbox { people, .. } if people.contains(&person) => {
                        Some("as the fallback inbox".to_string())
                    }
                    _ => None,
                };
                if let Some(how) = how {
                    found.push(Received {
                        patients: patients.clone(),
                        topic: topic.label.en.clone(),
                        how,
                    });
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::ids::{ANA_RUIZ, JANE_SMITH};
    use crate::demo_practice;

    #[test]
    fn jane_smith_receives_directly_and_ana_ruiz_through_front_office_and_as_her_delegate() {
        let config = demo_practice();
        let before_absence = Date::from_ymd(2026, 11, 20).expect("a day");
        let jane = receives(&config, JANE_SMITH, before_absence);
        assert!(
            jane.iter().any(|r| r.topic == "Appointments"
                && r.how == "directly"
                && r.patients.starts_with("Beverly Crusher, MD's patients")),
            "Dr. Crusher's appointments name Jane Smith: {jane:#?}"
        );
        let away = Date::from_ymd(2026, 11, 25).expect("a day Jane is away");
        assert!(
            !receives(&config, JANE_SMITH, away)
                .iter()
                .any(|r| r.topic == "Appointments" && r.how == "directly"),
            "while she is away, her messages go to her delegate"
        );
        let ana = receives(&config, ANA_RUIZ, away);
        assert!(
            ana.iter().any(|r| r.how == "through Front Office"),
            "Ana Ruiz is in Front Office: {ana:#?}"
        );
        assert!(
            ana.iter().any(|r| r.topic == "Appointments"
                && r.how == "as a delegate"
                && r.patients.starts_with("Beverly Crusher, MD's patients")),
            "Front Office stands in for Jane Smith, so Ana Ruiz gets Dr. Crusher's appointments as a delegate: {ana:#?}"
        );
    }
}
