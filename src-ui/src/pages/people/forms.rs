//! The People & groups screen's forms: a person's details (add or edit; deactivating someone
//! who still receives routing rules says how many and offers "Replace with…" before saving)
//! and a person's time away (dates, delegate, automatic reply in English and Spanish).
//! Changes come from `switchboard_core::people_edits`.

use std::collections::BTreeSet;

use leptos::html;
use leptos::prelude::*;
use switchboard_core::lists::{self, ChoiceKind};
use switchboard_core::people_edits::{self, AwayDraft, Deactivation, PersonDraft};
use switchboard_core::{Config, Localized, LocationId, PersonId, PersonKind, Recipient};

use super::{PeopleState, reveal, sorted_locations};
use crate::ids::fresh_id;
use crate::pick::{parse_recipient, recipient_value};
use crate::workspace::Workspace;

/// Escape closes the open form without saving, as Cancel does.
fn close_on_escape(event: &leptos::ev::KeyboardEvent, state: PeopleState) {
    if event.key() == "Escape" {
        event.prevent_default();
        state.editing.set(None);
    }
}

/// A checkbox with its caption.
#[component]
fn Check(
    /// `data-field`, for tests.
    name: &'static str,
    /// What it means.
    caption: &'static str,
    /// The value edited.
    value: RwSignal<bool>,
) -> impl IntoView {
    view! {
        <label class="check">
            <input type="checkbox" data-field=name prop:checked=move || value.get()
                on:change=move |ev| value.set(event_target_checked(&ev)) />
            <span>{caption}</span>
        </label>
    }
}

/// Add someone (`person` is `None`) or edit someone's details.
#[component]
pub(super) fn PersonForm(
    /// The configuration, for what the form starts from and offers.
    config: StoredValue<Config>,
    /// Who is edited; `None` for someone new.
    person: Option<PersonId>,
) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let state = expect_context::<PeopleState>();
    let start = config.with_value(|c| {
        person
            .and_then(|id| c.person(id))
            .map_or_else(PersonDraft::new_person, PersonDraft::of)
    });
    let title =
        match person.and_then(|id| config.with_value(|c| c.person(id).map(|p| p.display_name()))) {
            Some(name) => format!("Edit {name}"),
            None => "Add a person".to_string(),
        };
    let name = RwSignal::new(start.name.clone());
    let credentials = RwSignal::new(start.credentials.clone());
    let kind = RwSignal::new(start.kind);
    let locations = RwSignal::new(start.locations.clone());
    let active = RwSignal::new(start.active);
    let available = RwSignal::new(start.available_for_portal);
    let may_view_others = RwSignal::new(start.may_view_others);
    let replacement = RwSignal::new(None::<PersonId>);
    let problem = RwSignal::new(None::<String>);
    let draft = move || PersonDraft {
        kind: kind.get(),
        name: name.get(),
        credentials: credentials.get(),
        locations: locations.get(),
        active: active.get(),
        available_for_portal: available.get(),
        may_view_others: may_view_others.get(),
    };
    // Some while the form would deactivate someone who still receives messages.
    let takes_away = Memo::new(move |_| {
        let draft = draft();
        person.and_then(|id| {
            workspace
                .with_config_untracked(|c| people_edits::deactivation(c, id, &draft))
                .flatten()
        })
    });
    let save = move || {
        let draft = untrack(draft);
        let Some(result) = workspace.with_config_untracked(|c| match person {
            None => people_edits::add_person(PersonId::from_u128(fresh_id()), draft).map(Some),
            Some(id) => {
                let replacement = untrack(|| {
                    takes_away
                        .with(Option::is_some)
                        .then(|| replacement.get())
                        .flatten()
                });
                people_edits::edit_person(c, id, draft, replacement)
            }
        }) else {
            return;
        };
        match result {
            Ok(change) => {
                if let Some(change) = change {
                    workspace.apply(change);
                }
                state.editing.set(None);
            }
            Err(err) => problem.set(Some(err.to_string())),
        }
    };
    let location_boxes = config
        .with_value(sorted_locations)
        .into_iter()
        .map(|(id, label)| location_box(id, label, locations))
        .collect_view();
    let heading = title.clone();
    let node = NodeRef::<html::Form>::new();
    Effect::new(move |_| {
        if let Some(form) = node.get() {
            reveal(&form);
        }
    });
    view! {
        <form class="people-panel" data-part="person-form" aria-label=title node_ref=node
            on:submit=move |ev| { ev.prevent_default(); save(); }
            on:keydown=move |ev: leptos::ev::KeyboardEvent| close_on_escape(&ev, state)>
            <h2>{heading}</h2>
            <div class="person-fields">
                <label class="field"><span>"Name"</span>
                    <input type="text" data-field="name" prop:value=move || name.get()
                        on:input=move |ev| { problem.set(None); name.set(event_target_value(&ev)); } />
                </label>
                <label class="field"><span>"Credentials"</span>
                    <input type="text" data-field="credentials" placeholder="MD, NP, RN…" prop:value=move || credentials.get()
                        on:input=move |ev| credentials.set(event_target_value(&ev)) />
                </label>
                <label class="field"><span>"Role"</span>
                    <select data-field="kind" on:change=move |ev| kind.set(
                        if event_target_value(&ev) == "provider" { PersonKind::Provider } else { PersonKind::Staff }
                    )>
                        <option value="staff" selected=move || kind.get() == PersonKind::Staff>"Staff"</option>
                        <option value="provider" selected=move || kind.get() == PersonKind::Provider>"Provider"</option>
                    </select>
                </label>
            </div>
            <fieldset class="field person-locations-field">
                <legend>"Works at"</legend>
                <div class="check-row">{location_boxes}</div>
            </fieldset>
            <div class="check-row">
                <Check name="active" caption="Active (works for the practice)" value=active />
                <Check name="available" caption="Available for portal messages" value=available />
                <Check name="may-view-others" caption="May view others' messages" value=may_view_others />
            </div>
            {move || takes_away.get().zip(person).map(|(what, id)| {
                view! { <TakenAway config person=id what replacement /> }
            })}
            {move || problem.get().map(|text| view! { <p class="field-error" role="alert" data-part="problem">{text}</p> })}
            <div class="editor-actions">
                <button type="submit" class="tool primary" data-action="save-person">
                    {if person.is_some() { "Save" } else { "Add person" }}
                </button>
                <button type="button" class="tool" data-action="cancel" on:click=move |_| state.editing.set(None)>"Cancel"</button>
            </div>
        </form>
    }
}

/// One location's checkbox in the person form.
fn location_box(
    id: LocationId,
    label: String,
    locations: RwSignal<BTreeSet<LocationId>>,
) -> impl IntoView {
    view! {
        <label class="check">
            <input type="checkbox" data-field="location" value=id.to_string()
                prop:checked=move || locations.with(|l| l.contains(&id))
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    locations.update(|l| if on { l.insert(id); } else { l.remove(&id); });
                } />
            <span>{label}</span>
        </label>
    }
}

/// What deactivating someone (or making them unavailable) takes away, and "Replace with…".
#[component]
fn TakenAway(
    /// The configuration, for names.
    config: StoredValue<Config>,
    /// Who would be deactivated.
    person: PersonId,
    /// The rules and places that send them messages.
    what: Deactivation,
    /// Who takes over, if anyone.
    replacement: RwSignal<Option<PersonId>>,
) -> impl IntoView {
    let (name, others) = config.with_value(|c| {
        let name = c
            .person(person)
            .map(|p| p.display_name())
            .unwrap_or_default();
        let others: Vec<(PersonId, String)> = lists::replacements(c, person)
            .into_iter()
            .filter_map(|choice| match choice.recipient {
                Recipient::Person(id) if choice.offered() => Some((id, choice.name)),
                _ => None,
            })
            .collect();
        (name, others)
    });
    let count = match what.routes {
        0 => "no routing rule directly".to_string(),
        1 => "1 routing rule".to_string(),
        n => format!("{n} routing rules"),
    };
    let places = match what.places.len() {
        1 => "1 place".to_string(),
        n => format!("{n} places"),
    };
    let options = others
        .into_iter()
        .map(|(id, label)| {
            view! { <option value=id.to_string() selected=move || replacement.get() == Some(id)>{label}</option> }
        })
        .collect_view();
    let summary_name = name.clone();
    let summary_places = places.clone();
    let sole = what.sole_reader_of.join(" and ");
    let sole_warning = (!sole.is_empty()).then(|| {
        view! {
            <p class="deactivation-sole" data-part="sole-reader"><strong>{format!(
                "{name} is the only one who reads {sole}: messages no rule delivers go there. Choose who takes over, or choose another fallback inbox in Message settings first."
            )}</strong></p>
        }
    });
    let summary = move || {
        let chosen = replacement
            .get()
            .and_then(|id| config.with_value(|c| c.person(id).map(|p| p.display_name())));
        match chosen {
            Some(other) => format!(
                "Saving hands all {summary_places} to {other}, then deactivates {summary_name}: one undo step."
            ),
            None if !sole.is_empty() => format!(
                "Without a replacement this cannot be saved: nobody else would read {sole}."
            ),
            None => format!(
                "Without a replacement, these {summary_places} will name someone who receives nothing, and their messages go elsewhere or to the fallback inbox."
            ),
        }
    };
    view! {
        <div class="deactivation" data-part="deactivation" role="note">
            <p data-part="route-count"><strong>{format!("{name} receives {count}.")}</strong>
                {format!(" Messages reach them in {places}; once saved, they will receive nothing. Hand these to someone else before saving.")}</p>
            {sole_warning}
            <ul class="replace-places" data-part="places">
                {what.places.into_iter().map(|text| view! { <li>{text}</li> }).collect_view()}
            </ul>
            <label class="field"><span>"Replace with…"</span>
                <select data-part="replacement" on:change=move |ev| replacement.set(event_target_value(&ev).parse().ok())>
                    <option value="" selected=move || replacement.get().is_none()>"Nobody: leave them as they are"</option>
                    {options}
                </select>
            </label>
            <p class="deactivation-summary" data-part="replacement-summary">{summary}</p>
        </div>
    }
}

/// Who may stand in for `person` while away ([`lists::delegates`]), a group's name marked as
/// such.
fn delegates(config: &Config, person: PersonId) -> Vec<(Recipient, String)> {
    lists::delegates(config, person)
        .into_iter()
        .filter(lists::Choice::offered)
        .map(|choice| match choice.kind {
            ChoiceKind::Group => (choice.recipient, format!("{} (group)", choice.name)),
            ChoiceKind::Provider | ChoiceKind::Staff => (choice.recipient, choice.name),
        })
        .collect()
}

/// A person's time away: first and last day, delegate, automatic reply.
#[component]
pub(super) fn AwayForm(
    /// The configuration, for what the form starts from and offers.
    config: StoredValue<Config>,
    /// Whose time away.
    person: PersonId,
) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let state = expect_context::<PeopleState>();
    let (name, start) = config.with_value(|c| {
        let who = c.person(person);
        let name = who.map(|p| p.display_name()).unwrap_or_default();
        let start = who
            .and_then(|p| p.out_of_office.as_ref())
            .map(AwayDraft::of);
        (name, start)
    });
    let had_absence = start.is_some();
    let start = start.unwrap_or_else(|| AwayDraft {
        from: String::new(),
        until: String::new(),
        delegate: None,
        auto_reply: Localized::default(),
    });
    let from = RwSignal::new(start.from);
    let until = RwSignal::new(start.until);
    let delegate = RwSignal::new(start.delegate);
    let reply_en = RwSignal::new(start.auto_reply.en);
    let reply_es = RwSignal::new(start.auto_reply.es);
    let problem = RwSignal::new(None::<String>);
    let save = move |draft: Option<AwayDraft>| match workspace
        .with_config_untracked(|c| people_edits::set_out_of_office(c, person, draft))
    {
        None => {}
        Some(Ok(change)) => {
            if let Some(change) = change {
                workspace.apply(change);
            }
            state.editing.set(None);
        }
        Some(Err(err)) => problem.set(Some(err.to_string())),
    };
    // The groups follow the configuration: the directory (and this form) does not re-render
    // when a group is added or renamed.
    let options = move || {
        workspace
            .with_directory(|c| delegates(c, person))
            .unwrap_or_default()
            .into_iter()
            .map(|(recipient, label)| {
                view! {
                    <option value=recipient_value(recipient) selected=move || delegate.get() == Some(recipient)>{label}</option>
                }
            })
            .collect_view()
    };
    let date_field = move |field: &'static str, caption: &'static str, value: RwSignal<String>| {
        view! {
            <label class="field"><span>{caption}</span>
                <input type="date" data-field=field prop:value=move || value.get()
                    on:change=move |ev| { problem.set(None); value.set(event_target_value(&ev)); }
                    on:input=move |ev| value.set(event_target_value(&ev)) />
            </label>
        }
    };
    let reply_field = move |field: &'static str,
                            caption: &'static str,
                            lang: &'static str,
                            value: RwSignal<String>| {
        view! {
            <label class="field"><span>{caption}</span>
                <textarea data-field=field lang=lang rows="2" prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))></textarea>
            </label>
        }
    };
    let node = NodeRef::<html::Form>::new();
    Effect::new(move |_| {
        if let Some(form) = node.get() {
            reveal(&form);
        }
    });
    view! {
        <form class="people-panel" data-part="away-form" node_ref=node
            on:keydown=move |ev: leptos::ev::KeyboardEvent| close_on_escape(&ev, state) aria-label=format!("Time away for {name}")
            on:submit=move |ev| {
                ev.prevent_default();
                save(Some(AwayDraft {
                    from: from.get_untracked(),
                    until: until.get_untracked(),
                    delegate: delegate.get_untracked(),
                    auto_reply: Localized::new(reply_en.get_untracked(), reply_es.get_untracked()),
                }));
            }>
            <h2>{format!("Time away for {name}")}</h2>
            <p class="lede">"From the first to the last day (both included, in each location's time zone), their messages go to the delegate and patients get the automatic reply."</p>
            <div class="person-fields">
                {date_field("from", "First day away", from)}
                {date_field("until", "Last day away", until)}
                <label class="field"><span>"Delegate"</span>
                    <select data-field="delegate" on:change=move |ev| delegate.set(parse_recipient(&event_target_value(&ev)))>
                        <option value="" selected=move || delegate.get().is_none()>"Nobody (the validator will warn)"</option>
                        {options}
                    </select>
                </label>
            </div>
            <div class="text-fields">
                {reply_field("reply-en", "Automatic reply (English)", "en", reply_en)}
                {reply_field("reply-es", "Automatic reply (Spanish)", "es", reply_es)}
            </div>
            {move || problem.get().map(|text| view! { <p class="field-error" role="alert" data-part="problem">{text}</p> })}
            <div class="editor-actions">
                <button type="submit" class="tool primary" data-action="save-away">"Save time away"</button>
                <Show when=move || had_absence>
                    <button type="button" class="tool" data-action="clear-away" on:click=move |_| save(None)>"Clear time away"</button>
                </Show>
                <button type="button" class="tool" data-action="cancel" on:click=move |_| state.editing.set(None)>"Cancel"</button>
            </div>
        </form>
    }
}
