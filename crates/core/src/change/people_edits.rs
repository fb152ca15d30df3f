//! Edits of people as the People & groups screen makes them: add someone, edit their
//! details, deactivate them (optionally handing what they receive to someone else first),
//! and set or clear their time away. Each function reads the current configuration to fill
//! in what the change expects, so the screen never builds compare-and-set values by hand.
//!
//! Words: a *draft* is what the person form holds; the *routes* someone receives are the
//! routing rules that list them by name (not through a group).

use std::collections::BTreeSet;

use super::bulk::replace_person_everywhere;
use super::uses::{Target, Use, uses_of};
use super::{ApplyError, Change, apply};
use crate::model::{
    Config, Date, Localized, LocationId, OutOfOffice, Person, PersonField, PersonId, PersonKind,
    Recipient,
};

/// Why a person edit cannot be built. The message says what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PersonEditError {
    #[error("Give the person a name: it is how staff and patients find them.")]
    NoName,
    #[error("This person is no longer in the directory. Reload the screen and try again.")]
    UnknownPerson,
    #[error("The {field} \"{text}\" is not a date. Pick a day, or write it as YYYY-MM-DD.")]
    NotADate { field: &'static str, text: String },
    #[error(
        "The last day away ({until}) is before the first day ({from}). Choose a last day on or after the first day."
    )]
    EndsBeforeStart { from: Date, until: Date },
    #[error(
        "Someone away cannot be their own delegate. Choose another person or a group, or nobody."
    )]
    OwnDelegate,
    #[error("Choose someone else to take over: a person cannot replace themselves.")]
    ReplaceWithSelf,
    #[error(
        "{name} is inactive, so they would receive nothing. Choose an active person to take over."
    )]
    InactiveReplacement { name: String },
    /// Handing someone's rules over would not apply to the configuration as it is.
    #[error(transparent)]
    Apply(#[from] ApplyError),
}

/// What the person form edits: everything but their time away and their ids elsewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonDraft {
    pub kind: PersonKind,
    pub name: String,
    pub credentials: String,
    pub locations: BTreeSet<LocationId>,
    pub active: bool,
    pub available_for_portal: bool,
    pub may_view_others: bool,
}

impl PersonDraft {
    /// The form for someone new: an active staff member, available for portal messages.
    pub fn new_person() -> Self {
        Self {
            kind: PersonKind::Staff,
            name: String::new(),
            credentials: String::new(),
            locations: BTreeSet::new(),
            active: true,
            available_for_portal: true,
            may_view_others: false,
        }
    }

    /// The form filled with `person`'s details.
    pub fn of(person: &Person) -> Self {
        Self {
            kind: person.kind,
            name: person.name.clone(),
            credentials: person.credentials.clone(),
            locations: person.locations.clone(),
            active: person.active,
            available_for_portal: person.available_for_portal,
            may_view_others: person.may_view_others,
        }
    }

    /// The draft with its texts trimmed, refused without a name.
    fn tidy(mut self) -> Result<Self, PersonEditError> {
        self.name = self.name.trim().to_string();
        self.credentials = self.credentials.trim().to_string();
        if self.name.is_empty() {
            return Err(PersonEditError::NoName);
        }
        // The same checks `apply` makes, said in the form before anything is sent.
        for field in [
            PersonField::Name(self.name.clone()),
            PersonField::Credentials(self.credentials.clone()),
        ] {
            super::valid::person_field(&self.name, &field).map_err(ApplyError::from)?;
        }
        Ok(self)
    }

    /// The draft's value of each field the form edits, in a stable order.
    fn fields(&self) -> [PersonField; 7] {
        [
            PersonField::Name(self.name.clone()),
            PersonField::Kind(self.kind),
            PersonField::Credentials(self.credentials.clone()),
            PersonField::Locations(self.locations.clone()),
            PersonField::AvailableForPortal(self.available_for_portal),
            PersonField::MayViewOthers(self.may_view_others),
            PersonField::Active(self.active),
        ]
    }
}

/// Adds someone new with id `id` (made by the caller), from `draft`.
pub fn add_person(id: PersonId, draft: PersonDraft) -> Result<Change, PersonEditError> {
    let draft = draft.tidy()?;
    Ok(Change::AddPerson {
        person: Person {
            id,
            kind: draft.kind,
            name: draft.name,
            credentials: draft.credentials,
            active: draft.active,
            locations: draft.locations,
            available_for_portal: draft.available_for_portal,
            may_view_others: draft.may_view_others,
            out_of_office: None,
            external_ids: Vec::new(),
        },
    })
}

/// What deactivating someone (or making them unavailable for portal messages) takes away:
/// how many routing rules name them, every place that sends them messages (rules, groups,
/// delegations, fallback inboxes), in words, and the fallback inboxes nobody else reads —
/// which `apply` will not leave unread, so saving needs someone to take over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deactivation {
    pub routes: usize,
    pub places: Vec<String>,
    /// The fallback inboxes they alone read ("the practice's fallback inbox", "Downtown's
    /// fallback inbox"): saving without a replacement is refused while this is not empty.
    pub sole_reader_of: Vec<String>,
}

/// What saving `draft` for `id` would take away: `Some` when it deactivates someone who is
/// active now, or makes someone unavailable who is available now, and who still receives
/// messages somewhere (the form then offers "Replace with…"); `None` otherwise.
pub fn deactivation(config: &Config, id: PersonId, draft: &PersonDraft) -> Option<Deactivation> {
    let person = config.person(id)?;
    let stops = person.receives_messages() && !(draft.active && draft.available_for_portal);
    let deactivates = person.active && !draft.active;
    if !stops && !deactivates {
        return None;
    }
    let receiving: Vec<Use> = uses_of(config, Target::Person(id))
        .into_iter()
        .filter(|use_| !matches!(use_, Use::RouteScope { .. } | Use::WorksAt { .. }))
        .collect();
    (!receiving.is_empty()).then(|| Deactivation {
        routes: receiving
            .iter()
            .filter(|use_| matches!(use_, Use::RouteRecipient { .. }))
            .count(),
        places: receiving.iter().map(|use_| use_.describe(config)).collect(),
        sole_reader_of: if stops {
            sole_reader_of(config, id)
        } else {
            Vec::new()
        },
    })
}

/// The fallback inboxes `id` is the only reader of, in words.
fn sole_reader_of(config: &Config, id: PersonId) -> Vec<String> {
    let alone = |inbox: Recipient| {
        let mut readers = super::inbox::readers(config, inbox);
        readers.next().is_some_and(|reader| reader.id == id) && readers.next().is_none()
    };
    let mut inboxes = Vec::new();
    if alone(config.settings.fallback_inbox) {
        inboxes.push("the practice's fallback inbox".to_owned());
    }
    for location in config.locations.values() {
        if location.settings.fallback_inbox.is_some_and(alone) {
            inboxes.push(format!("{}'s fallback inbox", location.name));
        }
    }
    inboxes
}

/// Saves `draft` for person `id`. With `replacement`, everything `id` receives — rules,
/// group memberships, delegations, fallback inboxes — goes to the replacement first (see
/// [`replace_person_everywhere`]); both parts are one [`Change::Batch`], so one undo step.
/// `Ok(None)` when nothing would change.
pub fn edit_person(
    config: &Config,
    id: PersonId,
    draft: PersonDraft,
    replacement: Option<PersonId>,
) -> Result<Option<Change>, PersonEditError> {
    let draft = draft.tidy()?;
    if config.person(id).is_none() {
        return Err(PersonEditError::UnknownPerson);
    }
    let mut changes = Vec::new();
    // The field edits are built against the configuration as the replacement leaves it, so
    // their expectations hold inside the batch whatever the replacement touches.
    let mut after = config.clone();
    if let Some(new) = replacement {
        if new == id {
            return Err(PersonEditError::ReplaceWithSelf);
        }
        let successor = config.person(new).ok_or(PersonEditError::UnknownPerson)?;
        if !successor.active {
            return Err(PersonEditError::InactiveReplacement {
                name: successor.display_name(),
            });
        }
        let replace = replace_person_everywhere(config, id, new);
        if let Change::Batch { changes: parts } = &replace
            && !parts.is_empty()
        {
            apply(&mut after, &replace)?;
            changes.extend(parts.iter().cloned());
        }
    }
    let current = after.person(id).ok_or(PersonEditError::UnknownPerson)?;
    for value in draft.fields() {
        let expected = current.field(&value);
        if expected != value {
            changes.push(Change::SetPersonField {
                person: id,
                expected,
                value,
            });
        }
    }
    Ok(match changes.len() {
        0 => None,
        1 => changes.pop(),
        _ => Some(Change::Batch { changes }),
    })
}

/// What the time-away form holds: dates as typed or picked (`YYYY-MM-DD`), who receives the
/// messages meanwhile, and the automatic answer in English and Spanish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwayDraft {
    pub from: String,
    pub until: String,
    pub delegate: Option<Recipient>,
    pub auto_reply: Localized,
}

impl AwayDraft {
    /// The form filled with an existing absence.
    pub fn of(away: &OutOfOffice) -> Self {
        Self {
            from: away.from.to_string(),
            until: away.until.to_string(),
            delegate: away.delegate,
            auto_reply: away.auto_reply.clone(),
        }
    }
}

fn parse_date(field: &'static str, text: &str) -> Result<Date, PersonEditError> {
    text.trim().parse().map_err(|_| PersonEditError::NotADate {
        field,
        text: text.trim().to_string(),
    })
}

/// Sets (`Some`) or clears (`None`) person `id`'s time away. `Ok(None)` when it is already so.
pub fn set_out_of_office(
    config: &Config,
    id: PersonId,
    draft: Option<AwayDraft>,
) -> Result<Option<Change>, PersonEditError> {
    let person = config.person(id).ok_or(PersonEditError::UnknownPerson)?;
    let value = match draft {
        None => None,
        Some(draft) => {
            let from = parse_date("first day", &draft.from)?;
            let until = parse_date("last day", &draft.until)?;
            if until < from {
                return Err(PersonEditError::EndsBeforeStart { from, until });
            }
            if draft.delegate == Some(Recipient::Person(id)) {
                return Err(PersonEditError::OwnDelegate);
            }
            Some(OutOfOffice {
                from,
                until,
                delegate: draft.delegate,
                auto_reply: Localized::new(draft.auto_reply.en.trim(), draft.auto_reply.es.trim()),
            })
        }
    };
    Ok(
        (person.out_of_office != value).then(|| Change::SetPersonField {
            person: id,
            expected: PersonField::OutOfOffice(person.out_of_office.clone()),
            value: PersonField::OutOfOffice(value),
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo_ids::{
        ANA_RUIZ, DOWNTOWN, FRONT_OFFICE, JANE_SMITH, LAKEVIEW, MARIA_GOMEZ, MCCOY, PULASKI,
        TOM_LEE,
    };
    use crate::{Route, Scope, TopicKey, demo_practice};

    fn draft(name: &str) -> PersonDraft {
        PersonDraft {
            name: name.into(),
            ..PersonDraft::new_person()
        }
    }

    #[test]
    fn someone_new_is_added_with_trimmed_texts_and_an_empty_name_is_refused() {
        let mut config = demo_practice();
        let id = PersonId::from_u128(0x0193_5e00_0000_7000_8000_0000_0009_0001);
        let mut new = draft("  Geordi La Forge ");
        new.kind = PersonKind::Provider;
        new.credentials = " PA ".into();
        new.locations.insert(DOWNTOWN);
        let change = add_person(id, new).expect("a name is given");
        apply(&mut config, &change).expect("the new person applies");
        let added = config.person(id).expect("added");
        assert_eq!(
            added.display_name(),
            "Geordi La Forge, PA",
            "texts are trimmed"
        );
        assert!(
            added.active && added.available_for_portal && added.is_provider(),
            "the form's choices are kept"
        );

        let err = add_person(id, draft("   ")).expect_err("a blank name");
        assert_eq!(err, PersonEditError::NoName);
        assert!(
            err.to_string().starts_with("Give the person a name"),
            "a sentence that says what to do: {err}"
        );
        let before = config.clone();
        let mut edit = PersonDraft::of(config.person(ANA_RUIZ).expect("Ana"));
        edit.name = String::new();
        assert_eq!(
            edit_person(&config, ANA_RUIZ, edit, None),
            Err(PersonEditError::NoName),
            "emptying a name is refused too"
        );
        assert_eq!(config, before, "a refused edit changes nothing");
    }

    #[test]
    fn editing_changes_only_the_fields_that_differ() {
        let mut config = demo_practice();
        let ana = PersonDraft::of(config.person(ANA_RUIZ).expect("Ana"));
        assert_eq!(
            edit_person(&config, ANA_RUIZ, ana.clone(), None),
            Ok(None),
            "saving an unchanged form is no edit"
        );
        let mut edit = ana;
        edit.credentials = "MA".into();
        let change = edit_person(&config, ANA_RUIZ, edit, None)
            .expect("valid")
            .expect("credentials differ");
        assert!(
            matches!(
                change,
                Change::SetPersonField {
                    value: PersonField::Credentials(_),
                    ..
                }
            ),
            "one field, one change: {change:?}"
        );
        apply(&mut config, &change).expect("applies");
        assert_eq!(
            config.person(ANA_RUIZ).map(Person::display_name),
            Some("Ana Ruiz, MA".into()),
            "the new credentials are in place"
        );
    }

    #[test]
    fn deactivating_someone_who_receives_routes_says_how_many_and_can_hand_them_over_in_one_step() {
        let original = demo_practice();
        let mut config = original.clone();
        let mut off = PersonDraft::of(config.person(TOM_LEE).expect("Tom"));
        off.active = false;
        assert_eq!(
            deactivation(&config, TOM_LEE, &off),
            Some(Deactivation {
                routes: 1,
                places: vec![
                    "member of group Front Office".into(),
                    "receives Appointments for patients at Lakeview".into()
                ],
                sole_reader_of: Vec::new(),
            }),
            "Tom Lee receives Lakeview's appointments and is in Front Office"
        );
        let mut mccoy = PersonDraft::of(config.person(MCCOY).expect("McCoy"));
        mccoy.active = false;
        assert_eq!(
            deactivation(&config, MCCOY, &mccoy),
            None,
            "Dr. McCoy's patients' rules are about him, but nothing is sent to him"
        );
        assert_eq!(
            deactivation(
                &config,
                TOM_LEE,
                &PersonDraft::of(config.person(TOM_LEE).expect("Tom"))
            ),
            None,
            "staying active takes nothing away"
        );
        let mut pulaski = PersonDraft::of(config.person(PULASKI).expect("Pulaski"));
        pulaski.active = false;
        assert_eq!(
            deactivation(&config, PULASKI, &pulaski),
            None,
            "someone already inactive is not being deactivated"
        );
        assert_eq!(
            edit_person(&config, TOM_LEE, off.clone(), Some(TOM_LEE)),
            Err(PersonEditError::ReplaceWithSelf)
        );
        assert!(
            matches!(
                edit_person(&config, TOM_LEE, off.clone(), Some(PULASKI)),
                Err(PersonEditError::InactiveReplacement { .. })
            ),
            "an inactive replacement would receive nothing"
        );

        let change = edit_person(&config, TOM_LEE, off, Some(MARIA_GOMEZ))
            .expect("valid")
            .expect("something changes");
        let undo = apply(&mut config, &change).expect("replace and deactivate apply together");
        assert!(
            !config.person(TOM_LEE).expect("Tom").active,
            "Tom Lee is inactive"
        );
        assert_eq!(
            config.routes.get(
                &TopicKey::new("appointments"),
                Scope::Location { location: LAKEVIEW }
            ),
            crate::RecipientList::new(vec![Recipient::Person(MARIA_GOMEZ)])
                .map(Route::Recipients)
                .as_ref(),
            "Lakeview's appointments go to Maria Gomez"
        );
        assert_eq!(
            config.group(FRONT_OFFICE).map(|g| g.members.clone()),
            Some(vec![ANA_RUIZ, MARIA_GOMEZ]),
            "Maria Gomez takes Tom Lee's place in Front Office"
        );
        assert!(
            matches!(undo, Change::Batch { .. }),
            "one batch, so one undo step"
        );
        apply(&mut config, &undo).expect("the inverse applies");
        assert_eq!(config, original, "one undo reverts both parts");
    }

    #[test]
    fn time_away_is_checked_set_and_cleared() {
        let mut config = demo_practice();
        let away = |from: &str, until: &str, delegate| AwayDraft {
            from: from.into(),
            until: until.into(),
            delegate,
            auto_reply: Localized::new(" Back soon. ", ""),
        };
        let group = Some(Recipient::Group(FRONT_OFFICE));
        assert_eq!(
            set_out_of_office(
                &config,
                ANA_RUIZ,
                Some(away("2026-13-01", "2026-12-31", group))
            ),
            Err(PersonEditError::NotADate {
                field: "first day",
                text: "2026-13-01".into()
            }),
            "a month 13 is no date"
        );
        assert!(
            matches!(
                set_out_of_office(
                    &config,
                    ANA_RUIZ,
                    Some(away("2026-12-10", "2026-12-01", group))
                ),
                Err(PersonEditError::EndsBeforeStart { .. })
            ),
            "the last day comes after the first"
        );
        assert_eq!(
            set_out_of_office(
                &config,
                ANA_RUIZ,
                Some(away(
                    "2026-12-01",
                    "2026-12-10",
                    Some(Recipient::Person(ANA_RUIZ))
                ))
            ),
            Err(PersonEditError::OwnDelegate)
        );

        let change = set_out_of_office(
            &config,
            ANA_RUIZ,
            Some(away("2026-12-01", "2026-12-10", group)),
        )
        .expect("valid")
        .expect("Ana was not away");
        apply(&mut config, &change).expect("applies");
        let ana = config.person(ANA_RUIZ).expect("Ana");
        let set = ana.out_of_office.as_ref().expect("away now");
        assert_eq!(set.auto_reply.en, "Back soon.", "the reply is trimmed");
        assert!(
            ana.absence_on(Date::from_ymd(2026, 12, 10).expect("a day"))
                .is_some(),
            "the last day is included"
        );
        assert_eq!(
            AwayDraft::of(set).from,
            "2026-12-01",
            "the form shows dates as the date field reads them"
        );
        let clear = set_out_of_office(&config, JANE_SMITH, None)
            .expect("valid")
            .expect("Jane is away in the demo");
        apply(&mut config, &clear).expect("applies");
        assert_eq!(
            config
                .person(JANE_SMITH)
                .and_then(|p| p.out_of_office.clone()),
            None,
            "her absence is cleared"
        );
        assert_eq!(
            set_out_of_office(&config, JANE_SMITH, None),
            Ok(None),
            "clearing again is no edit"
        );
    }
}
