//! Message settings, for the practice or for one location. Each setting shows the value in
//! force and where it comes from: at the practice, the practice's value; at a location,
//! either "From the practice" (inherited, greyed) or "Set for this location" with
//! "Reset to inherited". Editing a setting at a location sets that location's own value.
//! Changes and effective values come from `switchboard_core::setting_edits`.

use leptos::prelude::*;
use switchboard_core::setting_edits::{self, Source, email_problem};
use switchboard_core::{
    Attachments, Config, Limits, Localized, LocationId, Logo, ProviderChoice, Quota, Setting,
    SettingField,
};

use crate::components::Switch;
use crate::pick::{offered_recipients, parse_recipient, recipient_value};
use crate::workspace::{Workspace, keyed_on};
use switchboard_core::ipc::desktop::FileKind;

/// The settings in the order the screen groups them, with each group's heading.
const GROUPS: &[(&str, &[SettingField])] = &[
    (
        "Who may write",
        &[
            SettingField::MessagingEnabled,
            SettingField::PatientsMayStart,
            SettingField::ProviderChoice,
            SettingField::GuardianMayWrite,
            SettingField::GuarantorMayWrite,
        ],
    ),
    ("Limits", &[SettingField::Limits, SettingField::Attachments]),
    (
        "What patients read (English and Spanish)",
        &[
            SettingField::Banner,
            SettingField::ComposeNote,
            SettingField::EmergencyDisclaimer,
            SettingField::ResponseTime,
            SettingField::AfterHoursNotice,
        ],
    ),
    (
        "Inbox and branding",
        &[
            SettingField::FallbackInbox,
            SettingField::NotificationEmail,
            SettingField::Logo,
        ],
    ),
];

/// The name of a setting on screen.
fn title(field: SettingField) -> &'static str {
    match field {
        SettingField::MessagingEnabled => "Portal messaging",
        SettingField::PatientsMayStart => {
            "Patients may start a conversation (off: they may only reply)"
        }
        SettingField::ProviderChoice => "When the patient chooses, offer",
        SettingField::Limits => "Messages per patient and length",
        SettingField::Attachments => "Attachments",
        SettingField::GuardianMayWrite => "Parents and guardians may write for the patient",
        SettingField::GuarantorMayWrite => "The guarantor (who pays the bills) may write",
        SettingField::Banner => "Banner at the top of the New Message screen",
        SettingField::ComposeNote => "Note above the message box",
        SettingField::EmergencyDisclaimer => "Emergency disclaimer",
        SettingField::ResponseTime => "Response time",
        SettingField::NotificationEmail => "Notification e-mail",
        SettingField::FallbackInbox => "Fallback inbox (required)",
        SettingField::AfterHoursNotice => "After-hours notice (outside office hours)",
        SettingField::Logo => "Logo",
    }
}

/// Every message setting, grouped, for the practice (`location` is `None`) or one location.
/// Each row re-renders only when its own value (or where it comes from) changes, so saving one
/// setting leaves what is typed in another alone.
#[component]
pub fn SettingsList(
    /// The location whose own values are edited; `None`: the practice's.
    location: Option<LocationId>,
) -> impl IntoView {
    GROUPS
        .iter()
        .map(|(heading, fields)| {
            let rows = fields
                .iter()
                .map(|&field| {
                    keyed_on(
                        move |c| {
                            let choices = (field == SettingField::FallbackInbox)
                                .then(|| offered_recipients(c));
                            (setting_edits::effective(c, location, field), choices)
                        },
                        move |config| view! { <SettingRow config location field /> },
                    )
                })
                .collect_view();
            view! {
                <section class="settings-group">
                    <h2>{*heading}</h2>
                    {rows}
                </section>
            }
        })
        .collect_view()
}

/// One setting: its title, where its value comes from, its editor, and Reset at a location.
#[component]
fn SettingRow(
    /// The configuration edited.
    config: StoredValue<Config>,
    /// The location edited, or the practice.
    location: Option<LocationId>,
    /// The setting.
    field: SettingField,
) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let (value, source) = config.with_value(|c| setting_edits::effective(c, location, field));
    let save = Callback::new(move |value: Setting| {
        if let Some(change) = workspace
            .with_config_untracked(|c| setting_edits::set(c, location, value))
            .flatten()
        {
            workspace.apply(change);
        }
    });
    let source_view = match (location, source) {
        (None, _) => None,
        (Some(_), Source::Practice) => Some(
            view! { <span class="source source-inherited" data-part="source">"From the practice"</span> }
                .into_any(),
        ),
        (Some(id), Source::Location) => Some(
            view! {
                <span class="source source-own" data-part="source">"Set for this location"</span>
                <button type="button" class="tool" data-action="reset"
                    on:click=move |_| {
                        if let Some(change) = workspace.with_config_untracked(|c| setting_edits::reset(c, id, field)).flatten() {
                            workspace.apply(change);
                        }
                    }>"Reset to inherited"</button>
            }
            .into_any(),
        ),
    };
    let inherited = location.is_some() && source == Source::Practice;
    view! {
        <div class="setting" class:inherited=inherited data-setting=field.name()>
            <div class="setting-head">
                <span class="setting-title">{title(field)}</span>
                {source_view}
            </div>
            <SettingEditor config value save />
        </div>
    }
}

/// The editor of one setting's value.
#[component]
fn SettingEditor(
    /// The configuration (for the fallback inbox's choices).
    config: StoredValue<Config>,
    /// The value in force.
    value: Setting,
    /// Saves a new value.
    save: Callback<Setting>,
) -> impl IntoView {
    let switch = |on: bool, label: &'static str, make: fn(bool) -> Setting| {
        view! { <Switch on label on_toggle=Callback::new(move |v| save.run(make(v))) /> }.into_any()
    };
    match value {
        Setting::MessagingEnabled(on) => switch(on, "Portal messaging", Setting::MessagingEnabled),
        Setting::PatientsMayStart(on) => switch(on, "Patients may start", Setting::PatientsMayStart),
        Setting::GuardianMayWrite(on) => switch(on, "Guardians may write", Setting::GuardianMayWrite),
        Setting::GuarantorMayWrite(on) => {
            switch(on, "Guarantors may write", Setting::GuarantorMayWrite)
        }
        Setting::ProviderChoice(choice) => view! {
            <select data-part="value" aria-label="When the patient chooses, offer" on:change=move |ev| {
                let choice = if event_target_value(&ev) == "selected" {
                    ProviderChoice::SelectedUsers
                } else {
                    ProviderChoice::CareTeamOnly
                };
                save.run(Setting::ProviderChoice(choice));
            }>
                <option value="care_team" selected=choice == ProviderChoice::CareTeamOnly>"Care team only"</option>
                <option value="selected" selected=choice == ProviderChoice::SelectedUsers>"Selected users (everyone available here)"</option>
            </select>
        }
        .into_any(),
        Setting::Limits(limits) => view! { <LimitsEditor limits save /> }.into_any(),
        Setting::Attachments(rule) => view! { <AttachmentsEditor rule save /> }.into_any(),
        Setting::Banner(text) => {
            view! { <TextsEditor text save make=Setting::Banner count=true /> }.into_any()
        }
        Setting::ComposeNote(text) => {
            view! { <TextsEditor text save make=Setting::ComposeNote count=false /> }.into_any()
        }
        Setting::EmergencyDisclaimer(text) => {
            view! { <TextsEditor text save make=Setting::EmergencyDisclaimer count=false /> }
                .into_any()
        }
        Setting::ResponseTime(text) => {
            view! { <TextsEditor text save make=Setting::ResponseTime count=false /> }.into_any()
        }
        Setting::AfterHoursNotice(text) => {
            view! { <TextsEditor text save make=Setting::AfterHoursNotice count=false /> }
                .into_any()
        }
        Setting::NotificationEmail(address) => view! { <EmailEditor address save /> }.into_any(),
        Setting::FallbackInbox(inbox) => {
            let choices = config.with_value(offered_recipients);
            view! {
                <select data-part="value" aria-label="Fallback inbox" on:change=move |ev| {
                    if let Some(recipient) = parse_recipient(&event_target_value(&ev)) {
                        save.run(Setting::FallbackInbox(recipient));
                    }
                }>
                    {choices.into_iter().map(|(recipient, name)| view! {
                        <option value=recipient_value(recipient) selected=recipient == inbox>{name}</option>
                    }).collect_view()}
                </select>
            }
            .into_any()
        }
        Setting::Logo(logo) => view! { <LogoEditor logo save /> }.into_any(),
    }
}

/// Two texts, English and Spanish, saved together.
#[component]
fn TextsEditor(
    /// The texts in force.
    text: Localized,
    /// Saves a new value.
    save: Callback<Setting>,
    /// Which setting the texts are.
    make: fn(Localized) -> Setting,
    /// Show a live character count (the banner).
    count: bool,
) -> impl IntoView {
    let en = RwSignal::new(text.en.clone());
    let es = RwSignal::new(text.es.clone());
    let original = StoredValue::new(text);
    let changed = move || original.with_value(|t| t.en != en.get() || t.es != es.get());
    let counter = move |signal: RwSignal<String>| {
        count.then(|| {
            view! {
                <span class="char-count" data-part="char-count">
                    {move || {
                        let n = signal.with(|s| s.chars().count());
                        if n == 1 { "1 character".to_string() } else { format!("{n} characters") }
                    }}
                </span>
            }
        })
    };
    view! {
        <div class="texts">
            <label class="field">
                <span>"English"</span>
                <textarea rows="2" data-lang="en" prop:value=move || en.get()
                    on:input=move |ev| en.set(event_target_value(&ev))></textarea>
                {counter(en)}
            </label>
            <label class="field">
                <span>"Español"</span>
                <textarea rows="2" data-lang="es" prop:value=move || es.get()
                    on:input=move |ev| es.set(event_target_value(&ev))></textarea>
                {counter(es)}
            </label>
            <div class="editor-actions">
                <button type="button" class="tool primary" data-action="save" disabled=move || !changed()
                    on:click=move |_| save.run(make(Localized::new(en.get_untracked(), es.get_untracked())))>
                    "Save"
                </button>
            </div>
        </div>
    }
}

/// A number typed in a field, or a sentence saying what to type.
fn number(text: &str, what: &str) -> Result<u32, String> {
    text.trim()
        .parse()
        .map_err(|_| format!("{what} must be a whole number, such as 5."))
}

/// Quota and maximum length.
#[component]
fn LimitsEditor(
    /// The limits in force.
    limits: Limits,
    /// Saves a new value.
    save: Callback<Setting>,
) -> impl IntoView {
    let quota_on = RwSignal::new(limits.quota.is_some());
    let count = RwSignal::new(limits.quota.map_or(5, |q| q.count).to_string());
    let days = RwSignal::new(limits.quota.map_or(7, |q| q.days).to_string());
    let max = RwSignal::new(limits.max_characters.to_string());
    let parse = move || {
        let quota = if quota_on.get_untracked() {
            Some(Quota {
                count: number(&count.get_untracked(), "The number of messages")?,
                days: number(&days.get_untracked(), "The number of days")?,
            })
        } else {
            None
        };
        Ok(Setting::Limits(Limits {
            quota,
            max_characters: number(&max.get_untracked(), "The longest message")?,
        }))
    };
    view! {
        <div class="numbers">
            <CheckField caption="Limit how many messages a patient may send" part="quota-on" on=quota_on />
            <NumberField caption="At most" part="quota-count" min="1" value=count when=quota_on />
            <NumberField caption="messages in" part="quota-days" min="1" value=days when=quota_on />
            <NumberField caption="days; longest message (characters)" part="max-characters" min="1" value=max />
            <SaveNumbers parse save />
        </div>
    }
}

/// Whether patients may attach, how many files and how large.
#[component]
fn AttachmentsEditor(
    /// The rule in force.
    rule: Attachments,
    /// Saves a new value.
    save: Callback<Setting>,
) -> impl IntoView {
    let allowed = RwSignal::new(rule.allowed);
    let count = RwSignal::new(rule.max_count.to_string());
    let megabytes = RwSignal::new(rule.max_megabytes.to_string());
    let parse = move || {
        Ok(Setting::Attachments(Attachments {
            allowed: allowed.get_untracked(),
            max_count: number(&count.get_untracked(), "The number of files")?,
            max_megabytes: number(&megabytes.get_untracked(), "The largest file size")?,
        }))
    };
    view! {
        <div class="numbers">
            <CheckField caption="Patients may attach files" part="attachments-on" on=allowed />
            <NumberField caption="Up to (files)" part="max-count" min="0" value=count when=allowed />
            <NumberField caption="of at most (MB each)" part="max-megabytes" min="0" value=megabytes when=allowed />
            <SaveNumbers parse save />
        </div>
    }
}

/// A labelled check box that switches the number boxes after it on and off.
#[component]
fn CheckField(
    /// The words after the box.
    caption: &'static str,
    /// Its `data-part`.
    part: &'static str,
    /// Whether it is ticked.
    on: RwSignal<bool>,
) -> impl IntoView {
    view! {
        <label class="check">
            <input type="checkbox" data-part=part prop:checked=move || on.get()
                on:change=move |ev| on.set(event_target_checked(&ev)) />
            {caption}
        </label>
    }
}

/// A labelled number box, typed as text (checked on saving), greyed while `when` is off.
#[component]
fn NumberField(
    /// The words before the box.
    caption: &'static str,
    /// Its `data-part`.
    part: &'static str,
    /// The smallest number the box steps to.
    min: &'static str,
    /// What is typed.
    value: RwSignal<String>,
    /// Whether the box can be used (always, when not given).
    #[prop(optional)]
    when: Option<RwSignal<bool>>,
) -> impl IntoView {
    view! {
        <label class="field inline-number">
            <span>{caption}</span>
            <input type="number" min=min data-part=part disabled=move || when.is_some_and(|on| !on.get())
                prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
        </label>
    }
}

/// "Save" for a form of numbers: saves what `parse` makes of them, or says what is wrong.
#[component]
fn SaveNumbers(
    /// The setting the form's numbers make, or the sentence saying which one is wrong.
    parse: impl Fn() -> Result<Setting, String> + 'static,
    /// Saves a new value.
    save: Callback<Setting>,
) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let submit = move |_| match parse() {
        Ok(setting) => {
            error.set(None);
            save.run(setting);
        }
        Err(message) => error.set(Some(message)),
    };
    view! {
        <button type="button" class="tool primary" data-action="save" on:click=submit>"Save"</button>
        {move || error.get().map(|message| view! { <p class="field-error" role="alert">{message}</p> })}
    }
}

/// The notification address, checked as it is typed.
#[component]
fn EmailEditor(
    /// The address in force.
    address: String,
    /// Saves a new value.
    save: Callback<Setting>,
) -> impl IntoView {
    let original = StoredValue::new(address.clone());
    let text = RwSignal::new(address);
    let problem = move || {
        text.with(|t| {
            email_problem(t).map(|why| {
                format!("\"{t}\" is not an e-mail address: {why}. Write it like office@example.org, or leave it empty.")
            })
        })
    };
    view! {
        <div class="email">
            <input type="email" data-part="email" aria-label="Notification e-mail"
                placeholder="office@example.org"
                prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev)) />
            <button type="button" class="tool primary" data-action="save"
                disabled=move || problem().is_some() || original.with_value(|o| *o == text.get())
                on:click=move |_| save.run(Setting::NotificationEmail(text.get_untracked()))>"Save"</button>
            {move || problem().map(|message| view! { <p class="field-error" data-part="email-error" role="alert">{message}</p> })}
        </div>
    }
}

/// The logo: a picture chosen through the shell's native open dialog (which checks its size
/// and its bytes with core's rules, and answers it as the setting takes it), shown, and
/// removable.
#[component]
fn LogoEditor(
    /// The logo in force (empty: none).
    logo: Logo,
    /// Saves a new value.
    save: Callback<Setting>,
) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let url = logo.data_url();
    let has_logo = url.is_some();
    let on_open = move |_| {
        leptos::task::spawn_local(async move {
            match crate::ipc::open_picture(FileKind::Logo).await {
                Ok(Some(logo)) => {
                    error.set(None);
                    save.run(Setting::Logo(logo));
                }
                Ok(None) => {}
                Err(err) => error.set(Some(err.message)),
            }
        });
    };
    view! {
        <div class="logo-editor">
            {url.map(|url| view! { <img class="logo-preview" data-part="logo" src=url alt="The current logo" /> })}
            <button type="button" class="tool" data-action="logo-open" on:click=on_open>
                {if has_logo { "Choose another picture…" } else { "Choose a picture…" }}
            </button>
            <Show when=move || has_logo>
                <button type="button" class="tool" data-action="remove-logo"
                    on:click=move |_| save.run(Setting::Logo(Logo::default()))>"Remove logo"</button>
            </Show>
            {move || error.get().map(|message| view! { <p class="field-error" role="alert">{message}</p> })}
        </div>
    }
}
