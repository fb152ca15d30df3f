//! The Message settings screen: the practice's name, its message settings (each location may
//! override them on the Locations screen), and setting the practice up — start from the demo,
//! a new empty practice, or an import (a Switchboard export, or a FHIR R4 directory). Every
//! import is shown before it is applied, and applied as one undoable step.

use leptos::prelude::*;
use switchboard_core::fhir::{self, FhirPlan};
use switchboard_core::setup::{NewPractice, new_practice};
use switchboard_core::{
    Change, Config, LocationId, PersonId, PracticeName, import, import_as_change,
};

use crate::app::{Screen, Workspace};
use crate::components::{Notice, NoticeKind};
use crate::files::read_text;
use crate::ids::fresh_id;
use crate::pages::settings::SettingsList;
use crate::today::today;
use crate::workspace::keyed_on;

/// The Message settings screen.
#[component]
pub fn PracticeSettingsPage() -> impl IntoView {
    view! {
        <section class="page" data-screen=Screen::Settings.id()>
            <header class="page-header">
                <h1>{Screen::Settings.title()}</h1>
                <p class="lede">
                    "How patients may write, what they read, and where a message goes when no rule delivers it. Each location can differ on the Locations screen."
                </p>
            </header>
            // Each form re-renders only when what it shows changes, so saving one leaves what
            // is typed in another alone.
            {keyed_on(|c| c.practice_name.clone(), |config| view! { <PracticeNameEditor config /> })}
            <SettingsList location=None />
            {keyed_on(|c| c.demo, |config| view! { <SetupPanel config /> })}
            {keyed_on(|_| (), |_| view! { <DirectoryImport /> })}
        </section>
    }
}

/// The practice's name.
#[component]
fn PracticeNameEditor(
    /// The configuration edited.
    config: StoredValue<Config>,
) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let current = config.with_value(|c| c.practice_name.clone());
    let text = RwSignal::new(current.0.clone());
    let error = RwSignal::new(None::<String>);
    let save = move |_| {
        let name = text.get_untracked().trim().to_owned();
        if name.is_empty() {
            error.set(Some(
                "Type the practice's name, as patients know it.".into(),
            ));
            return;
        }
        error.set(None);
        let Some(expected) = workspace.with_config_untracked(|c| c.practice_name.clone()) else {
            return;
        };
        if expected.0 != name {
            workspace.apply(Change::SetPracticeName {
                expected,
                value: PracticeName(name),
            });
        }
    };
    view! {
        <section class="settings-group">
            <h2>"Practice"</h2>
            <div class="setting" data-setting="practice_name">
                <label class="field">
                    <span>"Practice name"</span>
                    <input type="text" data-part="practice-name" prop:value=move || text.get()
                        on:input=move |ev| text.set(event_target_value(&ev)) />
                </label>
                <div class="editor-actions">
                    <button type="button" class="tool primary" data-action="save-name" on:click=save>"Save"</button>
                </div>
                {move || error.get().map(|message| view! { <p class="field-error" role="alert">{message}</p> })}
            </div>
        </section>
    }
}

/// What an import or a new practice would do, waiting for the admin to apply it.
#[derive(Clone, Debug)]
struct Pending {
    /// One line per kind of edit, to read before applying.
    lines: Vec<String>,
    change: Change,
}

/// Start over: a new empty practice, or a Switchboard export file. The demo is what the app
/// starts with; both replace the whole configuration in one undoable step.
#[component]
fn SetupPanel(
    /// The configuration replaced.
    config: StoredValue<Config>,
) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let demo = config.with_value(|c| c.demo);
    let name = RwSignal::new(String::new());
    let zone = RwSignal::new("America/Chicago".to_string());
    let inbox = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(None::<Pending>);
    let replace_with = move |next: Config, what: String| {
        let Some(change) =
            workspace.with_config_untracked(|current| import_as_change(current, &next))
        else {
            return;
        };
        match change {
            Ok(change) => {
                error.set(None);
                pending.set(Some(Pending {
                    lines: vec![
                        what,
                        format!(
                            "{} locations, {} people, {} groups, {} topics.",
                            next.locations.len(),
                            next.people.len(),
                            next.groups.len(),
                            next.topics.len()
                        ),
                    ],
                    change,
                }));
            }
            Err(err) => error.set(Some(err.to_string())),
        }
    };
    let create = move |_| {
        let form = NewPractice {
            name: name.get_untracked(),
            time_zone: zone.get_untracked(),
            inbox_name: inbox.get_untracked(),
        };
        let (location, person) = (
            LocationId::from_u128(fresh_id()),
            PersonId::from_u128(fresh_id()),
        );
        let Some(made) =
            workspace.with_config_untracked(|c| new_practice(c, &form, location, person))
        else {
            return;
        };
        match made {
            Ok(next) => replace_with(
                next,
                format!(
                    "Replace everything with a new, empty practice \"{}\".",
                    form.name.trim()
                ),
            ),
            Err(err) => error.set(Some(err.to_string())),
        }
    };
    let on_file = move |ev: leptos::ev::Event| {
        let input = event_target::<leptos::web_sys::HtmlInputElement>(&ev);
        leptos::task::spawn_local(async move {
            match read_text(&input, switchboard_core::limits::import_file_problem).await {
                Ok((file, text)) => match import(&text) {
                    Ok(next) => replace_with(next, format!("Replace everything with \"{file}\".")),
                    Err(err) => error.set(Some(format!("\"{file}\": {err}"))),
                },
                Err(message) => error.set(Some(message)),
            }
        });
    };
    view! {
        <section class="settings-group setup" data-part="setup">
            <h2>"Set up the practice"</h2>
            {demo.then(|| view! {
                <Notice kind=NoticeKind::Info message="You are looking at the demo practice. It is labelled Demo everywhere and is never sent to a server. Start your own practice below, or import one." />
            })}
            <div class="setup-choices">
                <form class="setup-new" on:submit=move |ev| { ev.prevent_default(); create(()); }>
                    <h3>"A new, empty practice"</h3>
                    <label class="field"><span>"Practice name"</span>
                        <input type="text" data-part="new-name" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) /></label>
                    <label class="field"><span>"Time zone"</span>
                        <input type="text" data-part="new-zone" list="time-zones" prop:value=move || zone.get() on:input=move |ev| zone.set(event_target_value(&ev)) /></label>
                    <label class="field"><span>"Fallback inbox: who reads messages no rule delivers"</span>
                        <input type="text" data-part="new-inbox" placeholder="Office manager's name" prop:value=move || inbox.get() on:input=move |ev| inbox.set(event_target_value(&ev)) /></label>
                    <button type="submit" class="tool primary" data-action="new-practice">"Review new practice…"</button>
                </form>
                <div class="setup-import">
                    <h3>"Import a Switchboard export"</h3>
                    <label class="tool file-pick">"Choose a file…"
                        <input type="file" accept=".json,application/json" data-part="import-file" on:change=on_file />
                    </label>
                </div>
            </div>
            <TimeZones />
            {move || error.get().map(|message| view! { <Notice kind=NoticeKind::Error message /> })}
            {move || pending.get().map(|plan| view! { <Review plan pending /> })}
        </section>
    }
}

/// The time zones offered while typing one (any IANA name is accepted).
#[component]
fn TimeZones() -> impl IntoView {
    const ZONES: &[&str] = &[
        "America/New_York",
        "America/Chicago",
        "America/Denver",
        "America/Phoenix",
        "America/Los_Angeles",
        "America/Anchorage",
        "Pacific/Honolulu",
        "America/Puerto_Rico",
    ];
    view! {
        <datalist id="time-zones">
            {ZONES.iter().map(|zone| view! { <option value=*zone></option> }).collect_view()}
        </datalist>
    }
}

/// A planned replacement or import: what it does, Apply and Cancel.
#[component]
fn Review(
    /// The plan.
    plan: Pending,
    /// Cleared when applied or cancelled.
    pending: RwSignal<Option<Pending>>,
) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let change = StoredValue::new(plan.change);
    let nothing = change.with_value(Change::is_noop);
    view! {
        <div class="review" data-part="review" role="region" aria-label="Review before applying">
            <ul>{plan.lines.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
            <div class="editor-actions">
                <button type="button" class="tool primary" data-action="apply-import" disabled=nothing
                    on:click=move |_| {
                        workspace.apply(change.get_value());
                        pending.set(None);
                    }>{if nothing { "Nothing to change" } else { "Apply (one undoable step)" }}</button>
                <button type="button" class="tool" data-action="cancel-import" on:click=move |_| pending.set(None)>"Cancel"</button>
            </div>
        </div>
    }
}

/// Import a FHIR R4 directory: locations, people, groups and the practice's name.
#[component]
fn DirectoryImport() -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(None::<Pending>);
    let source = RwSignal::new(None::<(String, String)>);
    let candidates = RwSignal::new(Vec::<(String, String)>::new());
    let organization = RwSignal::new(None::<String>);
    // Re-plan whenever the file or the chosen organization changes.
    Effect::new(move |_| {
        let Some((file, text)) = source.get() else {
            return;
        };
        let chosen = organization.get();
        let Some(planned) =
            workspace.with_config_untracked(|c| fhir::plan(c, &text, chosen.as_deref(), today()))
        else {
            return;
        };
        match planned {
            Ok(plan) => {
                error.set(None);
                pending.set(Some(review_lines(&file, plan)));
            }
            Err(fhir::FhirError::ChooseOrganization { candidates: found }) => {
                pending.set(None);
                error.set(None);
                candidates.set(found);
            }
            Err(err) => {
                pending.set(None);
                error.set(Some(format!("\"{file}\": {err} Nothing was imported.")));
            }
        }
    });
    let on_file = move |ev: leptos::ev::Event| {
        let input = event_target::<leptos::web_sys::HtmlInputElement>(&ev);
        leptos::task::spawn_local(async move {
            match read_text(&input, switchboard_core::limits::import_file_problem).await {
                Ok(file) => {
                    candidates.set(Vec::new());
                    organization.set(None);
                    source.set(Some(file));
                }
                Err(message) => error.set(Some(message)),
            }
        });
    };
    view! {
        <section class="settings-group" data-part="fhir-import">
            <h2>"Import a directory (FHIR R4)"</h2>
            <p class="lede">"Load locations, providers, and groups from a FHIR R4 JSON file (a Bundle or one resource) exported by your EHR. You will see what is added and updated before anything changes; re-importing the same file changes nothing."</p>
            <label class="tool file-pick">"Choose a FHIR file…"
                <input type="file" accept=".json,application/json,application/fhir+json" data-part="fhir-file" on:change=on_file />
            </label>
            <Show when=move || !candidates.with(Vec::is_empty)>
                <label class="field">
                    <span>"The file has several organizations. Which one is this practice?"</span>
                    <select data-part="organization" on:change=move |ev| organization.set(Some(event_target_value(&ev)))>
                        <option value="" selected=true>"Choose…"</option>
                        {move || candidates.get().into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                    </select>
                </label>
            </Show>
            {move || error.get().map(|message| view! { <Notice kind=NoticeKind::Error message /> })}
            {move || pending.get().map(|plan| view! { <Review plan pending /> })}
        </section>
    }
}

/// The admin-readable review of a FHIR plan.
fn review_lines(file: &str, plan: FhirPlan) -> Pending {
    let mut lines = vec![format!(
        "From \"{file}\": {} to add, {} to update, {} already up to date.",
        plan.added.len(),
        plan.updated.len(),
        plan.unchanged
    )];
    lines.extend(plan.added);
    lines.extend(plan.updated);
    if !plan.skipped.is_empty() {
        let skipped: Vec<String> = plan
            .skipped
            .iter()
            .map(|(kind, count)| format!("{count} {kind}"))
            .collect();
        lines.push(format!(
            "Skipped (not part of a directory): {}.",
            skipped.join(", ")
        ));
    }
    lines.extend(plan.notes);
    Pending {
        lines,
        change: plan.change,
    }
}
