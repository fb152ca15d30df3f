//! The Message settings screen: the practice's name, its message settings (each location may
//! override them on the Locations screen), and setting the practice up — start from the demo,
//! a new empty practice, or an import (a Switchboard export, or a FHIR R4 directory). Every
//! import is shown before it is applied, and applied as one undoable step.

use leptos::prelude::*;
use std::sync::Arc;

use switchboard_core::fhir::{FhirChoices, FhirConflict, FhirFile, FhirPlan};
use switchboard_core::ipc::desktop::{FileKind, OpenedFile};
use switchboard_core::setup::{NewPractice, new_practice};
use switchboard_core::{
    Change, Config, LocationId, PersonId, PracticeName, import, import_as_change,
};

use crate::components::{Notice, NoticeKind};
use crate::files::next_task;
use crate::ids::fresh_id;
use crate::navigation::Screen;
use crate::pages::settings::SettingsList;
use crate::today::today;
use crate::workspace::Workspace;
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
            <super::appearance::AppearanceSettings />
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
    // The shell's native open dialog: it reads the file and hands over its name and text.
    let on_open = move |_| {
        leptos::task::spawn_local(async move {
            match crate::ipc::open_file(FileKind::Configuration).await {
                Ok(Some(OpenedFile { name: file, text })) => match import(&text) {
                    Ok(next) => replace_with(next, format!("Replace everything with \"{file}\".")),
                    Err(err) => error.set(Some(format!("\"{file}\": {err}"))),
                },
                Ok(None) => {}
                Err(err) => error.set(Some(err.message)),
            }
        });
    };
    let exported = RwSignal::new(None::<String>);
    // Saves the whole configuration as a Switchboard export, through the shell's save dialog.
    let on_export = move |_| {
        let Some(text) = workspace.with_config_untracked(switchboard_core::export) else {
            return;
        };
        leptos::task::spawn_local(async move {
            match crate::ipc::save_file(FileKind::Configuration, "switchboard-export.json", text)
                .await
            {
                Ok(Some(file)) => exported.set(Some(format!("Saved as \"{file}\"."))),
                Ok(None) => {}
                Err(err) => error.set(Some(err.message)),
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
                    <button type="button" class="tool" data-action="import-open" on:click=on_open>"Open…"</button>
                    <h3>"Export this practice"</h3>
                    <button type="button" class="tool" data-action="export-save" on:click=on_export>"Save an export…"</button>
                    {move || exported.get().map(|note| view! { <p class="saved-note" role="status" data-part="export-note">{note}</p> })}
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

/// Import a FHIR R4 directory: locations, people and groups; the practice's name only when
/// the admin picks an organization. The shell's native open dialog picks the file and reads
/// it (checking its size first); then it is parsed and compared with the practice under one
/// progress bar, and can be cancelled between the two; the preview shows the counts first and the lines a page at a time. A
/// decision in the preview plans again from the parsed file.
#[component]
fn DirectoryImport() -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let error = RwSignal::new(None::<String>);
    let preview = RwSignal::new(None::<Arc<Preview>>);
    let source = StoredValue::new(None::<(String, Arc<FhirFile>)>);
    let choices = RwSignal::new(FhirChoices::default());
    // What is being done, how far along the whole import (0 to 1) it is, and whether it can
    // be cancelled.
    let progress = RwSignal::new(None::<(String, f64, bool)>);
    let cancelled = StoredValue::new(false);
    // Each plan started takes the next number; only the latest one's answer is shown.
    let generation = StoredValue::new(0u64);
    // Plans the parsed file with the decisions so far and shows the preview (or the error).
    let show_plan = move |file: &str, parsed: &FhirFile| {
        let chosen = choices.get_untracked();
        match workspace.with_config_untracked(|c| parsed.plan(c, &chosen, today())) {
            Some(Ok(plan)) => {
                error.set(None);
                preview.set(Some(Arc::new(Preview::new(file.to_owned(), plan))));
            }
            Some(Err(err)) => {
                preview.set(None);
                error.set(Some(format!("\"{file}\": {err} Nothing was imported.")));
            }
            None => {}
        }
    };
    let replan = move || {
        let Some((file, parsed)) = source.get_value() else {
            return;
        };
        let mine = generation.get_value() + 1;
        generation.set_value(mine);
        // Not cancellable: the preview would no longer match the decisions shown.
        progress.set(Some((
            "Comparing the file with the practice…".into(),
            0.8,
            false,
        )));
        leptos::task::spawn_local(async move {
            next_task().await;
            if generation.get_value() == mine {
                show_plan(&file, &parsed);
                progress.set(None);
            }
        });
    };
    // The shell's native open dialog: it reads the file and hands over its name and text.
    let on_open = move |_| {
        cancelled.set_value(false);
        let mine = generation.get_value() + 1;
        generation.set_value(mine);
        leptos::task::spawn_local(async move {
            let stopped = move || cancelled.get_value() || generation.get_value() != mine;
            let (file, text) = match crate::ipc::open_file(FileKind::FhirDirectory).await {
                Ok(Some(OpenedFile { name, text })) => (name, text),
                // Cancelled: what was shown stays.
                Ok(None) => return,
                Err(err) => {
                    preview.set(None);
                    source.set_value(None);
                    progress.set(None);
                    return error.set(Some(err.message));
                }
            };
            if generation.get_value() != mine {
                return;
            }
            preview.set(None);
            error.set(None);
            source.set_value(None);
            progress.set(Some((
                "Checking that the file is FHIR JSON…".into(),
                0.4,
                true,
            )));
            next_task().await;
            if stopped() {
                return cancel_message(progress, error);
            }
            let parsed = match FhirFile::parse(text.as_bytes()) {
                Ok(parsed) => Arc::new(parsed),
                Err(err) => {
                    progress.set(None);
                    return error.set(Some(format!("\"{file}\": {err} Nothing was imported.")));
                }
            };
            drop(text);
            progress.set(Some((
                "Comparing the file with the practice…".into(),
                0.8,
                true,
            )));
            next_task().await;
            if stopped() {
                return cancel_message(progress, error);
            }
            choices.set(FhirChoices::default());
            source.set_value(Some((file.clone(), parsed.clone())));
            show_plan(&file, &parsed);
            progress.set(None);
        });
    };
    let choose = move |next: FhirChoices| {
        choices.set(next);
        replan();
    };
    let close = move || {
        generation.set_value(generation.get_value() + 1);
        preview.set(None);
        source.set_value(None);
        progress.set(None);
    };
    view! {
        <section class="settings-group" data-part="fhir-import">
            <h2>"Import a directory (FHIR R4)"</h2>
            <p class="lede">"Load locations, providers, and groups from a FHIR R4 JSON file (a Bundle or one resource) exported by your EHR or a directory service. You will see what is added, updated and skipped before anything changes; re-importing the same file changes nothing. The practice's name changes only if you choose an organization's name."</p>
            <button type="button" class="tool" data-action="fhir-open" on:click=on_open>"Choose a FHIR file…"</button>
            {move || progress.get().map(|(line, done, cancellable)| view! {
                <div class="fhir-progress" data-part="fhir-progress" role="status">
                    <label>
                        {line}
                        <progress max="1000" value=format!("{:.0}", done * 1000.0)></progress>
                    </label>
                    {cancellable.then(|| view! {
                        <button type="button" class="tool" data-action="cancel-reading"
                            on:click=move |_| cancelled.set_value(true)>"Cancel"</button>
                    })}
                </div>
            })}
            {move || error.get().map(|message| view! { <Notice kind=NoticeKind::Error message /> })}
            {move || preview.get().map(|shown| view! {
                <DirectoryPreview preview=shown choices choose=Callback::new(choose) close=Callback::new(move |()| close()) />
            })}
        </section>
    }
}

/// Ends an import the admin cancelled: no progress, a sentence saying nothing changed.
fn cancel_message(
    progress: RwSignal<Option<(String, f64, bool)>>,
    error: RwSignal<Option<String>>,
) {
    progress.set(None);
    error.set(Some(
        "The import was cancelled; nothing was imported.".into(),
    ));
}

/// A FHIR plan as the preview shows it: counts, then each list a page at a time.
#[derive(Debug)]
struct Preview {
    file: String,
    added: Arc<Vec<String>>,
    updated: Arc<Vec<String>>,
    unchanged: usize,
    skipped: Arc<Vec<String>>,
    /// "3 Patient, 1 Endpoint": resources of kinds Switchboard does not import.
    other_kinds: String,
    notes: Arc<Vec<String>>,
    conflicts: Vec<FhirConflict>,
    organizations: Vec<(String, String)>,
    change: Change,
}

impl Preview {
    fn new(file: String, plan: FhirPlan) -> Self {
        let kinds: Vec<String> = (plan.skipped.iter())
            .map(|(kind, count)| format!("{count} {kind}"))
            .collect();
        Self {
            file,
            added: Arc::new(plan.added),
            updated: Arc::new(plan.updated),
            unchanged: plan.unchanged,
            skipped: Arc::new(plan.skipped_records),
            other_kinds: kinds.join(", "),
            notes: Arc::new(plan.notes),
            conflicts: plan.conflicts,
            organizations: plan.organizations,
            change: plan.change,
        }
    }

    fn counts(&self) -> String {
        let mut parts = vec![
            format!("{} to add", self.added.len()),
            format!("{} to update", self.updated.len()),
            format!("{} already up to date", self.unchanged),
            format!("{} skipped", self.skipped.len()),
        ];
        if !self.conflicts.is_empty() {
            parts.push(format!("{} to decide", self.conflicts.len()));
        }
        format!("From \"{}\": {}.", self.file, parts.join(", "))
    }
}

/// What a FHIR import would do: the counts, the organization choice, the NPI conflicts to
/// decide, what is skipped and why, the lines to add and update (paged), Apply and Cancel.
#[component]
fn DirectoryPreview(
    /// The plan shown.
    preview: Arc<Preview>,
    /// What the admin decided so far.
    choices: RwSignal<FhirChoices>,
    /// Takes the admin's new decisions (the import is planned again).
    choose: Callback<FhirChoices>,
    /// Closes the preview (after Apply or Cancel).
    close: Callback<()>,
) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let nothing = preview.change.is_noop();
    let change = StoredValue::new(preview.change.clone());
    let practice = workspace
        .with_config_untracked(|c| c.practice_name.0.clone())
        .unwrap_or_default();
    let chosen = choices.with_untracked(|c| c.organization.clone());
    // The decisions so far with one changed.
    let decide = move |change: &dyn Fn(&mut FhirChoices)| {
        let mut next = choices.get_untracked();
        change(&mut next);
        choose.run(next);
    };
    let organizations = (!preview.organizations.is_empty()).then(|| {
        let keep = chosen.is_none();
        view! {
            <fieldset class="fhir-choice" data-part="organization-choice">
                <legend>"The practice's name"</legend>
                <label><input type="radio" name="fhir-organization" data-organization="" checked=keep
                    on:change=move |_| decide(&|c| c.organization = None) />
                    {format!(" Keep \"{practice}\"")}</label>
                {preview.organizations.iter().map(|(id, name)| {
                    let on = chosen.as_deref() == Some(id.as_str());
                    let pick = id.clone();
                    view! {
                        <label><input type="radio" name="fhir-organization" data-organization=id.clone() checked=on
                            on:change=move |_| decide(&|c| c.organization = Some(pick.clone())) />
                            {format!(" Use this organization's name: \"{name}\"")}</label>
                    }
                }).collect_view()}
            </fieldset>
        }
    });
    let conflicts = (!preview.conflicts.is_empty()).then(|| view! {
        <section class="fhir-conflicts" data-part="fhir-conflicts">
            <h3>"Same NPI, another name: decide"</h3>
            {preview.conflicts.iter().map(|conflict| {
                let npi = conflict.npi.clone();
                let (update, skip) = (npi.clone(), npi.clone());
                view! {
                    <div class="fhir-conflict" data-npi=npi.clone()>
                        <p>{format!(
                            "NPI {}: Switchboard has \"{}\"; {} in the file calls this NPI \"{}\".",
                            conflict.npi, conflict.current, conflict.source, conflict.incoming
                        )}</p>
                        <label><input type="radio" name=format!("npi-{npi}") data-action="conflict-update" checked=conflict.update
                            on:change=move |_| decide(&|c| { c.update_names.insert(update.clone()); }) />
                            {format!(" Update the name to \"{}\"", conflict.incoming)}</label>
                        <label><input type="radio" name=format!("npi-{npi}") data-action="conflict-skip" checked=!conflict.update
                            on:change=move |_| decide(&|c| { c.update_names.remove(&skip); }) />
                            " Skip this record"</label>
                    </div>
                }
            }).collect_view()}
        </section>
    });
    let other = (!preview.other_kinds.is_empty()).then(|| {
        format!(
            "Not part of a directory, left out: {}.",
            preview.other_kinds
        )
    });
    view! {
        <div class="review fhir-review" data-part="review" role="region" aria-label="Review before applying">
            <p class="fhir-counts" data-part="fhir-counts"><strong>{preview.counts()}</strong></p>
            {organizations}
            {conflicts}
            <Lines title="Skipped" part="fhir-skipped" lines=preview.skipped.clone() />
            <Lines title="To add" part="fhir-added" lines=preview.added.clone() />
            <Lines title="To update" part="fhir-updated" lines=preview.updated.clone() />
            <Lines title="Left out of imported records" part="fhir-notes" lines=preview.notes.clone() />
            {other.map(|line| view! { <p class="fhir-other">{line}</p> })}
            <div class="editor-actions">
                <button type="button" class="tool primary" data-action="apply-import" disabled=nothing
                    on:click=move |_| {
                        workspace.apply(change.get_value());
                        close.run(());
                    }>{if nothing { "Nothing to change" } else { "Apply (one undoable step)" }}</button>
                <button type="button" class="tool" data-action="cancel-import" on:click=move |_| close.run(())>"Cancel"</button>
            </div>
        </div>
    }
}

/// How many lines of a list are shown at first, and added by "Show more".
const PAGE: usize = 50;

/// A titled list of preview lines, a page at a time; nothing when the list is empty.
#[component]
fn Lines(
    /// The heading.
    title: &'static str,
    /// The `data-part` of the section (tests find it by that).
    part: &'static str,
    /// The lines.
    lines: Arc<Vec<String>>,
) -> impl IntoView {
    let shown = RwSignal::new(PAGE);
    let total = lines.len();
    let list = lines.clone();
    (total > 0).then(|| view! {
        <section class="fhir-lines" data-part=part>
            <h3>{format!("{title} ({total})")}</h3>
            <ul>
                {move || list.iter().take(shown.get()).map(|line| view! { <li>{line.clone()}</li> }).collect_view()}
            </ul>
            <Show when=move || { shown.get() < total }>
                <button type="button" class="tool" data-action="show-more"
                    on:click=move |_| shown.update(|n| *n += PAGE)>
                    {move || format!("Show {} more (of {total})", PAGE.min(total - shown.get().min(total)))}
                </button>
            </Show>
        </section>
    })
}
