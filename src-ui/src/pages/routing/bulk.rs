//! The Routing screen's bulk editors: "Routing for all providers" (per topic, recipients to
//! add to or set for every provider's own table; blank leaves the topic alone) and "Replace
//! someone everywhere" (someone leaves the practice) and "Copy routing from…". Each says what
//! it will change before it applies — including the more specific rules that will still win
//! for some patients, which it offers to change too — and applies as one change: one undo
//! step. Changes come from `switchboard_core::bulk`.

use leptos::prelude::*;
use switchboard_core::bulk::{self, AllProviders};
use switchboard_core::grid::receives;
use switchboard_core::{Config, PersonId, PersonKind, Recipient, Target, TopicKey, lists, uses_of};

use super::outranked::OutrankedRules;
use crate::pick::{offered_recipients, parse_recipient, recipient_value};
use crate::today::today;
use crate::workspace::Workspace;

/// Which bulk editor is open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BulkPanel {
    AllProviders,
    Replace,
    Copy,
    Receives,
}

/// One topic of the editor: its key and label, add or set, and the recipients picked.
type TopicRow = (
    TopicKey,
    String,
    RwSignal<AllProviders>,
    RwSignal<Vec<Recipient>>,
);

/// "Routing for all providers".
#[component]
pub fn AllProvidersPanel(
    /// The configuration edited.
    config: Config,
    /// Set to `None` to close the panel.
    open: RwSignal<Option<BulkPanel>>,
) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let config = StoredValue::new(config);
    let topics: Vec<(TopicKey, String)> = config.with_value(|c| {
        c.topics
            .iter()
            .filter(|t| t.enabled)
            .map(|t| (t.key.clone(), t.label.en.clone()))
            .collect()
    });
    let choices = StoredValue::new(config.with_value(offered_recipients));
    // Per topic: add or set, and the recipients picked.
    let rows: Vec<TopicRow> = topics
        .into_iter()
        .map(|(key, label)| {
            (
                key,
                label,
                RwSignal::new(AllProviders::Add),
                RwSignal::new(Vec::new()),
            )
        })
        .collect();
    let rows = StoredValue::new(rows);
    let plan = Memo::new(move |_| {
        rows.with_value(|rows| {
            rows.iter()
                .map(|(key, _, mode, picked)| (key.clone(), mode.get(), picked.get()))
                .collect::<Vec<(TopicKey, AllProviders, Vec<Recipient>)>>()
        })
    });
    let outranked = Memo::new(move |_| {
        plan.with(|plan| config.with_value(|c| bulk::outranked_all_providers(c, plan)))
    });
    let include = RwSignal::new(false);
    let change = Memo::new(move |_| {
        let change =
            plan.with(|plan| config.with_value(|c| bulk::routing_for_all_providers(c, plan)));
        if include.get() {
            outranked.with(|outranked| bulk::including(change, outranked))
        } else {
            change
        }
    });
    let summary = move || {
        let (cells, providers) = bulk::reach(&change.get());
        match cells {
            0 => "Nothing to change yet: pick recipients for at least one topic.".to_string(),
            _ => format!(
                "This changes {cells} {} for {providers} {}.",
                if cells == 1 { "cell" } else { "cells" },
                if providers == 1 {
                    "provider"
                } else {
                    "providers"
                }
            ),
        }
    };
    let body = rows.with_value(|rows| {
        rows.iter()
            .map(|(key, label, mode, picked)| {
                let (mode, picked) = (*mode, *picked);
                view! {
                    <div class="bulk-row" data-topic=key.to_string()>
                        <span class="bulk-topic">{label.clone()}</span>
                        <select data-part="mode" aria-label=format!("Add to or set the recipients of {label}") on:change=move |ev| {
                            mode.set(if event_target_value(&ev) == "set" { AllProviders::Set } else { AllProviders::Add });
                        }>
                            <option value="add">"Add"</option>
                            <option value="set">"Set to"</option>
                        </select>
                        <div class="bulk-picked">
                            {move || picked.get().into_iter().map(|recipient| {
                                let name = choices.with_value(|all| {
                                    all.iter().find(|(r, _)| *r == recipient).map(|(_, n)| n.clone()).unwrap_or_default()
                                });
                                view! {
                                    <span class="chip">
                                        <span class="chip-name">{name.clone()}</span>
                                        <button type="button" class="chip-remove" aria-label=format!("Remove {name}")
                                            on:click=move |_| picked.update(|list| list.retain(|r| *r != recipient))>"×"</button>
                                    </span>
                                }
                            }).collect_view()}
                            <select data-part="pick" aria-label=format!("Add a recipient for {label}")
                                on:change=move |ev| {
                                    if let Some(recipient) = parse_recipient(&event_target_value(&ev)) {
                                        picked.update(|list| if !list.contains(&recipient) { list.push(recipient) });
                                    }
                                    // Back to "Add…", ready for the next pick.
                                    event_target::<leptos::web_sys::HtmlSelectElement>(&ev).set_value("");
                                }>
                                <option value="" selected=true>"Add…"</option>
                                {choices.with_value(|all| all.iter().map(|(recipient, name)| view! {
                                    <option value=recipient_value(*recipient)>{name.clone()}</option>
                                }).collect_view())}
                            </select>
                        </div>
                    </div>
                }
            })
            .collect_view()
    });
    view! {
        <section class="bulk-panel" data-part="all-providers" aria-label="Routing for all providers">
            <h2>"Routing for all providers"</h2>
            <p class="lede">"For each topic, add recipients to every provider's own table, or set them. Leave a topic blank to leave it unchanged."</p>
            <div class="bulk-rows">{body}</div>
            <OutrankedRules outranked include />
            <p class="bulk-summary" data-part="summary" role="status">{summary}</p>
            <div class="editor-actions">
                <button class="tool primary" data-action="apply-bulk"
                    disabled=move || bulk::reach(&change.get()).0 == 0
                    on:click=move |_| {
                        workspace.apply(change.get_untracked());
                        open.set(None);
                    }>"Apply to all providers"</button>
                <button class="tool" on:click=move |_| open.set(None)>"Cancel"</button>
            </div>
        </section>
    }
}

/// "Replace someone everywhere".
#[component]
pub fn ReplacePanel(
    /// The configuration edited.
    config: Config,
    /// Set to `None` to close the panel.
    open: RwSignal<Option<BulkPanel>>,
) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let config = StoredValue::new(config);
    let people: Vec<(PersonId, String)> = config.with_value(|c| {
        lists::people(c, None)
            .into_iter()
            .map(|p| (p.id, p.display_name()))
            .collect()
    });
    let old = RwSignal::new(None::<PersonId>);
    let new = RwSignal::new(None::<PersonId>);
    let outranked = Memo::new(move |_| match (old.get(), new.get()) {
        (Some(old), Some(new)) => config.with_value(|c| bulk::outranked_replace(c, old, new)),
        _ => Vec::new(),
    });
    let include = RwSignal::new(false);
    let change = Memo::new(move |_| match (old.get(), new.get()) {
        (Some(old), Some(new)) if old != new => {
            let change = config.with_value(|c| bulk::replace_person_everywhere(c, old, new));
            Some(if include.get() {
                outranked.with(|outranked| bulk::including(change, outranked))
            } else {
                change
            })
        }
        _ => None,
    });
    let places = move || {
        old.get()
            .map(|id| {
                config.with_value(|c| {
                    uses_of(c, Target::Person(id))
                        .into_iter()
                        .map(|place| place.describe(c))
                        .collect::<Vec<_>>()
                })
            })
            .unwrap_or_default()
    };
    let options = move |selected: RwSignal<Option<PersonId>>| {
        people
            .iter()
            .map(|(id, name)| {
                let id = *id;
                view! { <option value=id.to_string() selected=move || selected.get() == Some(id)>{name.clone()}</option> }
            })
            .collect_view()
    };
    view! {
        <section class="bulk-panel" data-part="replace" aria-label="Replace someone everywhere">
            <h2>"Replace someone everywhere"</h2>
            <p class="lede">"When someone leaves: every rule, group, delegation and fallback inbox that names them will name their replacement."</p>
            <div class="replace-pickers">
                <label class="field"><span>"Replace"</span>
                    <select data-part="old" on:change=move |ev| old.set(event_target_value(&ev).parse().ok())>
                        <option value="">"Choose a person…"</option>
                        {options(old)}
                    </select>
                </label>
                <label class="field"><span>"with"</span>
                    <select data-part="new" on:change=move |ev| new.set(event_target_value(&ev).parse().ok())>
                        <option value="">"Choose a person…"</option>
                        {options(new)}
                    </select>
                </label>
            </div>
            <ul class="replace-places" data-part="places">
                {move || places().into_iter().map(|text| view! { <li>{text}</li> }).collect_view()}
            </ul>
            <OutrankedRules outranked include />
            <p class="bulk-summary" role="status">{move || match change.get() {
                Some(change) => {
                    let (cells, _) = bulk::reach(&change);
                    format!("This changes {cells} routing {} and {} other {}.", if cells == 1 { "cell" } else { "cells" },
                        count(&change) - cells, if count(&change) - cells == 1 { "place" } else { "places" })
                }
                None => "Choose who leaves and who takes over.".to_string(),
            }}</p>
            <div class="editor-actions">
                <button class="tool primary" data-action="apply-replace" disabled=move || change.get().is_none_or(|c| count(&c) == 0)
                    on:click=move |_| {
                        if let Some(change) = change.get_untracked() {
                            workspace.apply(change);
                        }
                        open.set(None);
                    }>"Replace everywhere"</button>
                <button class="tool" on:click=move |_| open.set(None)>"Cancel"</button>
            </div>
        </section>
    }
}

/// How many plain changes a batch holds.
fn count(change: &switchboard_core::Change) -> usize {
    match change {
        switchboard_core::Change::Batch { changes } => changes.iter().map(count).sum(),
        _ => 1,
    }
}

/// People of `kind` (or everyone), by name, as select options.
fn people_options(
    config: &Config,
    kind: Option<PersonKind>,
    selected: RwSignal<Option<PersonId>>,
) -> impl IntoView + use<> {
    lists::people(config, kind)
        .into_iter()
        .map(|p| (p.id, p.display_name()))
        .map(|(id, name)| {
            view! { <option value=id.to_string() selected=move || selected.get() == Some(id)>{name}</option> }
        })
        .collect_view()
}

/// "Copy routing from…": a provider's own table (provider-wide and per location) copied to
/// another provider, as one undo step.
#[component]
pub fn CopyPanel(
    /// The configuration edited.
    config: Config,
    /// Set to `None` to close the panel.
    open: RwSignal<Option<BulkPanel>>,
) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let from = RwSignal::new(None::<PersonId>);
    let to = RwSignal::new(None::<PersonId>);
    let from_options = people_options(&config, Some(PersonKind::Provider), from);
    let to_options = people_options(&config, Some(PersonKind::Provider), to);
    let config = StoredValue::new(config);
    let outranked = Memo::new(move |_| match (from.get(), to.get()) {
        (Some(from), Some(to)) => config.with_value(|c| bulk::outranked_copy(c, from, to)),
        _ => Vec::new(),
    });
    let include = RwSignal::new(false);
    let change = Memo::new(move |_| match (from.get(), to.get()) {
        (Some(from), Some(to)) => {
            let change = config.with_value(|c| bulk::copy_routing(c, from, to));
            Some(if include.get() {
                outranked.with(|outranked| bulk::including(change, outranked))
            } else {
                change
            })
        }
        _ => None,
    });
    view! {
        <section class="bulk-panel" data-part="copy" aria-label="Copy routing from another provider">
            <h2>"Copy routing from another provider"</h2>
            <p class="lede">"For a provider joining the practice: their own table becomes a copy of a colleague's."</p>
            <div class="replace-pickers">
                <label class="field"><span>"Copy from"</span>
                    <select data-part="from" on:change=move |ev| from.set(event_target_value(&ev).parse().ok())>
                        <option value="">"Choose a provider…"</option>
                        {from_options}
                    </select>
                </label>
                <label class="field"><span>"to"</span>
                    <select data-part="to" on:change=move |ev| to.set(event_target_value(&ev).parse().ok())>
                        <option value="">"Choose a provider…"</option>
                        {to_options}
                    </select>
                </label>
            </div>
            <OutrankedRules outranked include />
            <p class="bulk-summary" role="status" data-part="summary">{move || match change.get() {
                Some(change) => match bulk::reach(&change).0 {
                    0 => "Their tables are already the same.".to_string(),
                    1 => "This changes 1 cell.".to_string(),
                    n => format!("This changes {n} cells."),
                },
                None => "Choose whose routing to copy, and to whom.".to_string(),
            }}</p>
            <div class="editor-actions">
                <button class="tool primary" data-action="apply-copy"
                    disabled=move || change.get().is_none_or(|c| bulk::reach(&c).0 == 0)
                    on:click=move |_| {
                        if let Some(change) = change.get_untracked() {
                            workspace.apply(change);
                        }
                        open.set(None);
                    }>"Copy routing"</button>
                <button class="tool" on:click=move |_| open.set(None)>"Cancel"</button>
            </div>
        </section>
    }
}

/// "What does this person receive?": every kind of patient and topic whose messages reach
/// them today, and how.
#[component]
pub fn ReceivesPanel(
    /// The configuration shown.
    config: Config,
    /// Set to `None` to close the panel.
    open: RwSignal<Option<BulkPanel>>,
) -> impl IntoView {
    let who = RwSignal::new(None::<PersonId>);
    let options = people_options(&config, None, who);
    let config = StoredValue::new(config);
    let rows = Memo::new(move |_| {
        who.get()
            .map(|id| config.with_value(|c| receives(c, id, today())))
            .unwrap_or_default()
    });
    view! {
        <section class="bulk-panel" data-part="receives" aria-label="What does this person receive?">
            <h2>"What does this person receive?"</h2>
            <label class="field"><span>"Person"</span>
                <select data-part="who" on:change=move |ev| who.set(event_target_value(&ev).parse().ok())>
                    <option value="">"Choose a person…"</option>
                    {options}
                </select>
            </label>
            <p class="bulk-summary" role="status">{move || match (who.get(), rows.with(Vec::len)) {
                (None, _) => "Choose someone to see every message that reaches them today.".to_string(),
                (Some(_), 0) => "Nothing reaches them today.".to_string(),
                (Some(_), n) => format!("{n} kinds of message reach them today."),
            }}</p>
            <table class="summary-table" data-part="received">
                <thead><tr><th>"Patients"</th><th>"Topic"</th><th>"How"</th></tr></thead>
                <tbody>
                    {move || rows.get().into_iter().map(|row| view! {
                        <tr><td>{row.patients}</td><td>{row.topic}</td><td>{row.how}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            <div class="editor-actions">
                <button class="tool" on:click=move |_| open.set(None)>"Close"</button>
            </div>
        </section>
    }
}
