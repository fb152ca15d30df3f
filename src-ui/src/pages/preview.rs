//! The Portal preview screen: exactly what a patient sees on the New Message screen, for a
//! chosen location, provider, sender, language, date and width — computed by
//! `switchboard_core::portal_view` from the same configuration the other screens edit, so it
//! follows every change at once. "Send test message" shows `explain`'s steps.

use leptos::prelude::*;
use switchboard_core::ipc::desktop::FileKind;
use switchboard_core::tester::{AutoReply, summary, summary_csv};
use switchboard_core::{
    Compose, Config, Context, Date, Language, LocationId, PersonId, PortalView,
    Screen as PortalScreen, Sender, TimeOfDay, ToField, TopicKey, explain, lists, portal_view_at,
};

use crate::navigation::Screen;
use crate::today::{now, today};
use crate::workspace::Workspace;

/// The Portal preview screen.
#[component]
pub fn PreviewPage() -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    view! {
        <section class="page" data-screen=Screen::Preview.id()>
            <header class="page-header">
                <h1>{Screen::Preview.title()}</h1>
                <p class="lede">
                    "What a patient sees when they start a new message. It follows every change you make."
                </p>
            </header>
            {move || {
                workspace
                    .snapshot
                    .get()
                    .and_then(Result::ok)
                    .map(|snapshot| view! { <Preview config=snapshot.config /> })
            }}
        </section>
    }
}

/// Everything the preview is computed for. Held by the app, so the admin's choices survive
/// edits (which re-render the preview) and moving between screens.
#[derive(Clone, Copy)]
pub struct Choices {
    location: RwSignal<Option<LocationId>>,
    provider: RwSignal<Option<PersonId>>,
    sender: RwSignal<Sender>,
    language: RwSignal<Language>,
    date: RwSignal<Date>,
    /// The time of day at the location (for the after-hours notice).
    time: RwSignal<TimeOfDay>,
    phone: RwSignal<bool>,
    /// The test message being typed: kept while the preview re-renders (another choice, an
    /// edit elsewhere), so the box and its character count always agree.
    draft: RwSignal<String>,
}

impl Choices {
    /// The patient the preview is for, at `location` (the provider alone is the care team).
    fn context(&self, location: LocationId) -> Context {
        let provider = self.provider.get();
        Context {
            location,
            provider,
            care_team: provider.into_iter().collect(),
            sender: self.sender.get(),
        }
    }

    /// [`Choices::context`] without subscribing (for event handlers).
    fn with_untracked_context(&self, location: LocationId) -> Context {
        untrack(|| self.context(location))
    }

    /// Fresh choices (the first location, no provider, a patient, English, today, desktop),
    /// provided to everything below the caller.
    pub fn provide() -> Self {
        let choices = Choices {
            location: RwSignal::new(None),
            provider: RwSignal::new(None),
            sender: RwSignal::new(Sender::Patient),
            language: RwSignal::new(Language::English),
            date: RwSignal::new(today()),
            time: RwSignal::new(now()),
            phone: RwSignal::new(false),
            draft: RwSignal::new(String::new()),
        };
        provide_context(choices);
        choices
    }
}

/// The controls and the patient's screen for one configuration.
#[component]
pub fn Preview(
    /// The configuration to preview.
    config: Config,
) -> impl IntoView {
    let choices = use_context::<Choices>().unwrap_or_else(Choices::provide);
    let config = StoredValue::new(config);

    // The first location until the admin picks one (or when the picked one was removed).
    let location = Memo::new(move |_| {
        config.with_value(|config| {
            choices
                .location
                .get()
                .filter(|id| config.locations.contains_key(id))
                .or_else(|| sorted_locations(config).first().map(|(id, _)| *id))
        })
    });
    let view_model = Memo::new(move |_| {
        let location = location.get()?;
        let context = choices.context(location);
        Some(config.with_value(|config| {
            portal_view_at(
                config,
                &context,
                choices.language.get(),
                choices.date.get(),
                Some(choices.time.get()),
            )
        }))
    });

    view! {
        <div class="preview-layout">
            <form class="preview-controls" on:submit=|ev| ev.prevent_default()>
                <Controls config=config location=location choices=choices />
            </form>
            <div class="preview-frame" class:phone=move || choices.phone.get() data-width=move || if choices.phone.get() { "phone" } else { "desktop" }>
                {move || match view_model.get() {
                    Some(view) => {
                        view! { <PatientScreen view=view config=config location=location choices=choices /> }
                            .into_any()
                    }
                    None => view! { <p class="empty-note">"Add a location to preview the portal."</p> }.into_any(),
                }}
            </div>
        </div>
        <RoutingSummary config location choices />
    }
}

/// Every topic for this kind of patient: the To: field and who receives it — printable, and
/// as CSV to hand to staff.
#[component]
fn RoutingSummary(
    /// The configuration.
    config: StoredValue<Config>,
    /// The location previewed.
    location: Memo<Option<LocationId>>,
    /// The admin's choices.
    choices: Choices,
) -> impl IntoView {
    let show_csv = RwSignal::new(false);
    // What became of the last "Save as CSV…": the file's name, or why it was not saved.
    let saved_note = RwSignal::new(None::<String>);
    let rows = Memo::new(move |_| {
        let location = location.get()?;
        let context = choices.context(location);
        Some(config.with_value(|config| summary(config, &context, choices.date.get())))
    });
    view! {
        <section class="routing-summary" data-part="summary">
            <header class="summary-header">
                <h2>"Routing summary for these patients"</h2>
                <button class="tool" data-action="print" on:click=move |_| {
                    if let Some(window) = leptos::web_sys::window() {
                        let _ = window.print();
                    }
                }>"Print"</button>
                <button class="tool" data-action="csv" aria-pressed=move || show_csv.get().to_string()
                    on:click=move |_| show_csv.update(|shown| *shown = !*shown)>"CSV"</button>
                <button class="tool" data-action="save-csv" on:click=move |_| {
                    let Some(text) = rows.get_untracked().map(|rows| summary_csv(&rows)) else {
                        return;
                    };
                    leptos::task::spawn_local(async move {
                        let saved = crate::ipc::save_file(FileKind::RoutingSummary, "routing-summary.csv", text).await;
                        saved_note.set(Some(match saved {
                            Ok(Some(name)) => format!("Saved as \"{name}\"."),
                            Ok(None) => return,
                            Err(err) => err.message,
                        }));
                    });
                }>"Save as CSV…"</button>
            </header>
            {move || saved_note.get().map(|note| view! { <p class="saved-note" role="status" data-part="saved-note">{note}</p> })}
            <table class="summary-table">
                <thead><tr><th>"Topic"</th><th>"To:"</th><th>"Receives"</th><th>"Decided by"</th></tr></thead>
                <tbody>
                    {move || rows.get().unwrap_or_default().into_iter().map(|row| view! {
                        <tr><td>{row.topic}</td><td>{row.to}</td><td>{row.receives}</td><td>{row.rule}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            <Show when=move || show_csv.get()>
                <label class="field">
                    <span>"CSV (select all and copy)"</span>
                    <textarea class="csv" readonly data-part="csv" rows="8"
                        prop:value=move || rows.get().map(|rows| summary_csv(&rows)).unwrap_or_default()></textarea>
                </label>
            </Show>
        </section>
    }
}

fn sorted_locations(config: &Config) -> Vec<(LocationId, String)> {
    lists::locations(config)
        .into_iter()
        .map(|location| (location.id, location.name.clone()))
        .collect()
}

/// The admin's choices: location, provider, sender, language, date, width.
#[component]
fn Controls(
    /// The configuration the lists come from.
    config: StoredValue<Config>,
    /// The location in effect.
    location: Memo<Option<LocationId>>,
    /// The choices to edit.
    choices: Choices,
) -> impl IntoView {
    let locations = move || {
        config.with_value(sorted_locations)
            .into_iter()
            .map(|(id, name)| {
                view! { <option value=id.to_string() selected=move || location.get() == Some(id)>{name}</option> }
            })
            .collect_view()
    };
    let providers = move || {
        let here = location.get();
        config.with_value(|config| {
            here.map(|here| {
                lists::providers_at(config, here)
                    .into_iter()
                    .map(|person| (person.id, person.display_name()))
                    .collect::<Vec<(PersonId, String)>>()
            })
            .unwrap_or_default()
        })
        .into_iter()
        .map(|(id, name)| {
            view! { <option value=id.to_string() selected=move || choices.provider.get() == Some(id)>{name}</option> }
        })
        .collect_view()
    };
    view! {
        <label class="field">
            <span>"Location"</span>
            <select data-control="location" on:change=move |ev| {
                choices.location.set(event_target_value(&ev).parse().ok());
                choices.provider.set(None);
            }>{locations}</select>
        </label>
        <label class="field">
            <span>"The patient's provider"</span>
            <select data-control="provider" on:change=move |ev| choices.provider.set(event_target_value(&ev).parse().ok())>
                <option value="" selected=move || choices.provider.get().is_none()>"No provider"</option>
                {providers}
            </select>
        </label>
        <label class="field">
            <span>"Written by"</span>
            <select data-control="sender" on:change=move |ev| {
                choices.sender.set(match event_target_value(&ev).as_str() {
                    "guardian" => Sender::Guardian,
                    "guarantor" => Sender::Guarantor,
                    _ => Sender::Patient,
                });
            }>
                <option value="patient">"The patient"</option>
                <option value="guardian">"A parent or guardian"</option>
                <option value="guarantor">"The guarantor"</option>
            </select>
        </label>
        <fieldset class="field segmented">
            <legend>"Language"</legend>
            <button type="button" data-control="english" aria-pressed=move || (choices.language.get() == Language::English).to_string()
                on:click=move |_| choices.language.set(Language::English)>"English"</button>
            <button type="button" data-control="spanish" aria-pressed=move || (choices.language.get() == Language::Spanish).to_string()
                on:click=move |_| choices.language.set(Language::Spanish)>"Español"</button>
        </fieldset>
        <label class="field">
            <span>"Date"</span>
            <input type="date" data-control="date" prop:value=move || choices.date.get().to_string()
                on:change=move |ev| {
                    if let Ok(date) = event_target_value(&ev).parse() {
                        choices.date.set(date);
                    }
                } />
        </label>
        <label class="field">
            <span>"Time at the location"</span>
            <input type="time" data-control="time" prop:value=move || choices.time.get().to_string()
                on:change=move |ev| {
                    if let Ok(time) = event_target_value(&ev).parse() {
                        choices.time.set(time);
                    }
                } />
        </label>
        <fieldset class="field segmented">
            <legend>"Width"</legend>
            <button type="button" data-control="desktop" aria-pressed=move || (!choices.phone.get()).to_string()
                on:click=move |_| choices.phone.set(false)>"Desktop"</button>
            <button type="button" data-control="phone" aria-pressed=move || choices.phone.get().to_string()
                on:click=move |_| choices.phone.set(true)>"Phone"</button>
        </fieldset>
    }
}

/// The patient's New Message screen. Every text is shown as text, never as markup.
#[component]
fn PatientScreen(
    /// What core says the patient sees.
    view: PortalView,
    /// The configuration (for the test message's explanation).
    config: StoredValue<Config>,
    /// The location previewed.
    location: Memo<Option<LocationId>>,
    /// The admin's choices.
    choices: Choices,
) -> impl IntoView {
    let PortalView {
        branding,
        banner,
        emergency_disclaimer,
        after_hours,
        screen,
        ..
    } = view;
    view! {
        <article class="portal" aria-label="Patient portal preview">
            <header class="portal-brand">
                {branding.logo.map(|url| view! { <img class="portal-logo" data-part="logo" src=url alt="" /> })}
                <div class="portal-name" data-part="brand-name">{branding.name}</div>
                <div class="portal-address">{branding.address}</div>
                <Show when=move || branding.demo>
                    <span class="badge badge-demo">"Demo"</span>
                </Show>
            </header>
            {banner.map(|text| view! { <div class="portal-banner" data-part="banner">{text}</div> })}
            {emergency_disclaimer.map(|text| view! { <div class="portal-disclaimer" data-part="disclaimer">{text}</div> })}
            {after_hours.map(|text| view! { <div class="portal-after-hours" data-part="after-hours" role="note">{text}</div> })}
            {match screen {
                PortalScreen::Open(compose) => view! { <ComposeForm compose config location choices /> }.into_any(),
                PortalScreen::Closed { message, .. } => {
                    view! { <p class="portal-closed" data-part="closed">{message}</p> }.into_any()
                }
            }}
        </article>
    }
}

/// The compose form: topic, To:, message box with its count, attachments, send.
#[component]
fn ComposeForm(
    /// The form's contents from core.
    compose: Compose,
    /// The configuration (for the test message's explanation).
    config: StoredValue<Config>,
    /// The location previewed.
    location: Memo<Option<LocationId>>,
    /// The admin's choices.
    choices: Choices,
) -> impl IntoView {
    let Compose {
        compose_note,
        response_time,
        topics,
        limits,
        attachments,
    } = compose;
    let topics = StoredValue::new(topics);
    let first = topics.with_value(|topics| topics.first().map(|topic| topic.key.clone()));
    let picked = RwSignal::new(first);
    let text = choices.draft;
    let explanation = RwSignal::new(None::<Vec<String>>);
    let replies = RwSignal::new(Vec::<AutoReply>::new());
    let max = limits.max_characters;
    let to_field = move || {
        let key = picked.get();
        topics.with_value(|topics| {
            topics
                .iter()
                .find(|topic| Some(&topic.key) == key.as_ref())
                .map(|topic| topic.to.clone())
        })
    };
    let send_test = move |_| {
        let (Some(location), Some(topic)) = (location.get_untracked(), picked.get_untracked())
        else {
            return;
        };
        let context = choices.with_untracked_context(location);
        let date = choices.date.get_untracked();
        let (steps, auto) = config.with_value(|config| {
            let steps = explain(config, &context, &topic, date)
                .steps
                .into_iter()
                .map(|step| step.text)
                .collect();
            let auto = switchboard_core::tester::auto_replies(
                config,
                &context,
                &topic,
                date,
                choices.language.get_untracked(),
            );
            (steps, auto)
        });
        explanation.set(Some(steps));
        replies.set(auto);
    };
    let options = topics.with_value(|topics| {
        topics
            .iter()
            .map(|topic| {
                let key = topic.key.clone();
                view! { <option value=key.to_string()>{topic.label.clone()}</option> }
            })
            .collect_view()
    });
    view! {
        <form class="portal-form" on:submit=|ev| ev.prevent_default()>
            <label class="portal-field">
                <span>"Topic"</span>
                <select data-part="topic" on:change=move |ev| {
                    picked.set(Some(TopicKey::new(event_target_value(&ev))));
                    explanation.set(None);
                    replies.set(Vec::new());
                }>{options}</select>
            </label>
            <label class="portal-field">
                <span>"To:"</span>
                {move || match to_field() {
                    Some(ToField::Fixed { name }) => {
                        view! { <input type="text" readonly data-part="to" prop:value=name /> }.into_any()
                    }
                    Some(ToField::Choose { prompt, choices }) => {
                        let label = prompt.clone();
                        view! {
                        <select data-part="to-choose" aria-label=label>
                            <option value="">{prompt}</option>
                            {choices.into_iter().map(|choice| view! { <option value=choice.person.to_string()>{choice.name}</option> }).collect_view()}
                        </select>
                    }.into_any()
                    }
                    None => view! { <input type="text" readonly data-part="to" /> }.into_any(),
                }}
            </label>
            {compose_note.map(|note| view! { <p class="portal-note">{note}</p> })}
            <label class="portal-field">
                <span>"Message"</span>
                <textarea data-part="message" rows="6" maxlength=max.to_string()
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            </label>
            <div class="portal-count" data-part="count">
                {move || format!("{} / {max}", text.with(|text| text.chars().count()))}
            </div>
            <p class="portal-rule" data-part="limits">{limits.text}</p>
            <p class="portal-rule" data-part="attachments">{attachments.text}</p>
            {response_time.map(|text| view! { <p class="portal-rule" data-part="response-time">{text}</p> })}
            <button type="button" class="tool primary" data-action="send-test" on:click=send_test>
                "Send test message"
            </button>
        </form>
        {move || replies.get().into_iter().map(|reply| view! {
            <div class="auto-reply" data-part="auto-reply">
                <span class="auto-reply-from">"Automatic reply from " {reply.from}</span>
                <p>{reply.text}</p>
            </div>
        }).collect_view()}
        {move || explanation.get().map(|steps| view! {
            <section class="explanation" aria-live="polite" data-part="explanation">
                <h2>"Where this message goes"</h2>
                <ol>{steps.into_iter().map(|step| view! { <li>{step}</li> }).collect_view()}</ol>
            </section>
        })}
    }
}
