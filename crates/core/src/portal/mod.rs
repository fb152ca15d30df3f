//! [`portal_view`]: what a patient's New Message screen shows, for the Portal preview screen
//! and for any portal that asks the practice server.
//!
//! Words: the *branding* is the header (the location's short name, its address and phone);
//! the *screen* is either [`Screen::Open`] — the compose form with its texts, the enabled
//! topics in the practice's order, each with its label and its *To: field*, the limits and
//! the attachment rule — or [`Screen::Closed`], the one sentence a patient reads instead
//! when they may not start a message here (messaging off, reply-only, a proxy who may not
//! write, or no topic switched on). The banner and the emergency disclaimer show in both.
//!
//! Where a message goes is never decided here: the To: field of each topic is the outcome of
//! [`route`](crate::route) (a fixed display name, or the providers the patient picks from),
//! and whether the screen is closed is the same gate `route` applies. Every text is in the
//! requested [`Language`]; a text the practice left empty in that language falls back to the
//! English one, so a patient never sees a blank where the practice wrote something.

use serde::{Deserialize, Serialize};

use crate::model::{Config, Date, Language, Localized, PersonId, Quota, TimeOfDay, TopicKey};
use crate::resolve::{Closed, Context, Decision, closed_here, closed_text, route};

pub mod tester;
mod text;

/// What the patient's New Message screen shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortalView {
    /// The language every text below is in.
    pub language: Language,
    pub branding: Branding,
    /// The banner at the top; `None` when the practice wrote none.
    pub banner: Option<String>,
    /// "If this is an emergency, call 911." Shown even when the patient cannot write.
    pub emergency_disclaimer: Option<String>,
    /// Shown when the patient writes outside the location's office hours; `None` within
    /// them, when no hours are set, when no time was given, or when the practice wrote none.
    pub after_hours: Option<String>,
    pub screen: Screen,
}

/// The header of the screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Branding {
    /// The location's alias, else its name, else the practice's name; the practice's name
    /// when the location does not use its own information for branding.
    pub name: String,
    /// The logo as a `data:` URL for an `<img>`; `None` when there is none.
    pub logo: Option<String>,
    /// The location's address; empty when unknown.
    pub address: String,
    /// The location's phone; empty when unknown.
    pub phone: String,
    /// A demo practice: the UI marks the preview as such.
    pub demo: bool,
}

/// Whether the patient may write, and what they see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Screen {
    /// The compose form.
    Open(Compose),
    /// The patient cannot start a message here.
    Closed {
        reason: Closed,
        /// The sentence shown instead of the form, with the location's phone when it has one.
        message: String,
    },
}

/// The compose form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Compose {
    /// A note above the message box.
    pub compose_note: Option<String>,
    /// "We answer within two business days."
    pub response_time: Option<String>,
    /// The enabled topics, in the order the practice set.
    pub topics: Vec<PortalTopic>,
    pub limits: PortalLimits,
    pub attachments: AttachmentRule,
}

/// One topic the patient may pick.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortalTopic {
    pub key: TopicKey,
    /// The text in the topic list.
    pub label: String,
    pub to: ToField,
}

/// What the To: field shows once the topic is picked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ToField {
    /// A name the patient cannot change, such as "Scheduling Team".
    Fixed { name: String },
    /// The patient picks one of these providers.
    Choose {
        /// "Choose who to write to".
        prompt: String,
        choices: Vec<ProviderChoiceItem>,
    },
}

/// One provider the patient may pick.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderChoiceItem {
    pub person: PersonId,
    /// "Beverly Crusher, MD".
    pub name: String,
}

/// How much the patient may send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortalLimits {
    pub max_characters: u32,
    /// At most `count` messages in `days` days; `None`: no limit.
    pub quota: Option<Quota>,
    /// The limits as the patient reads them.
    pub text: String,
}

/// Whether and how much the patient may attach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentRule {
    /// Attachments are allowed and at least one file may be attached.
    pub allowed: bool,
    pub max_count: u32,
    /// The largest file, in megabytes; 0 means no size is stated.
    pub max_megabytes: u32,
    /// The rule as the patient reads it.
    pub text: String,
}

/// What the New Message screen shows to `context`'s sender at its location on `date`, in
/// `language`. The date matters because who the patient may pick depends on who is away.
/// No time of day is known, so no after-hours notice shows; see [`portal_view_at`].
pub fn portal_view(
    config: &Config,
    context: &Context,
    language: Language,
    date: Date,
) -> PortalView {
    portal_view_at(config, context, language, date, None)
}

/// [`portal_view`] at `time` on `date` (the location's wall-clock time), with the
/// after-hours notice when that is outside the location's office hours.
pub fn portal_view_at(
    config: &Config,
    context: &Context,
    language: Language,
    date: Date,
    time: Option<TimeOfDay>,
) -> PortalView {
    let settings = config.settings_at(Some(context.location));
    let location = config.location(context.location);
    let branded = location.filter(|l| l.own_branding);
    let branding = Branding {
        name: branded
            .map(|l| l.short_name())
            .filter(|name| !name.is_empty())
            .unwrap_or(&config.practice_name.0)
            .to_owned(),
        logo: settings.logo().data_url(),
        address: branded.map(|l| l.address.clone()).unwrap_or_default(),
        phone: location.map(|l| l.phone.clone()).unwrap_or_default(),
        demo: config.demo,
    };
    let after_hours = time
        .zip(location)
        .filter(|(time, location)| location.office_hours.is_after_hours(date, *time))
        .and_then(|_| optional(settings.after_hours_notice(), language));
    let closed = |reason: Closed, sentence: &Localized| Screen::Closed {
        reason,
        message: text::with_phone(local(sentence, language), &branding.phone, language),
    };
    let screen = match closed_here(config, context) {
        Some(reason) => closed(reason, &closed_text(reason)),
        None => {
            let topics: Vec<PortalTopic> = config
                .topics_at(Some(context.location))
                .iter()
                .map(|topic| PortalTopic {
                    key: topic.key.clone(),
                    label: local(&topic.label, language),
                    to: to_field(config, context, &topic.key, language, date),
                })
                .collect();
            if topics.is_empty() {
                closed(Closed::TopicOff, &text::no_topics())
            } else {
                let limits = settings.limits();
                let attachments = settings.attachments();
                let allowed = attachments.allowed && attachments.max_count > 0;
                Screen::Open(Compose {
                    compose_note: optional(settings.compose_note(), language),
                    response_time: optional(settings.response_time(), language),
                    topics,
                    limits: PortalLimits {
                        max_characters: limits.max_characters,
                        quota: limits.quota,
                        text: text::limits(limits, language),
                    },
                    attachments: AttachmentRule {
                        allowed,
                        max_count: if allowed { attachments.max_count } else { 0 },
                        max_megabytes: if allowed {
                            attachments.max_megabytes
                        } else {
                            0
                        },
                        text: text::attachments(attachments, language),
                    },
                })
            }
        }
    };
    PortalView {
        language,
        banner: optional(settings.banner(), language),
        emergency_disclaimer: optional(settings.emergency_disclaimer(), language),
        after_hours,
        branding,
        screen,
    }
}

/// The To: field of one enabled topic, from [`route`]'s outcome.
fn to_field(
    config: &Config,
    context: &Context,
    topic: &TopicKey,
    language: Language,
    date: Date,
) -> ToField {
    let outcome = route(config, context, topic, date);
    match &outcome.decision {
        Decision::PatientChooses { choices, .. } => ToField::Choose {
            prompt: local(&outcome.to, language),
            choices: choices
                .iter()
                .map(|id| ProviderChoiceItem {
                    person: *id,
                    name: config
                        .person(*id)
                        .map(|person| person.display_name())
                        .unwrap_or_default(),
                })
                .collect(),
        },
        Decision::Deliver { .. } | Decision::FallbackInbox { .. } | Decision::Closed { .. } => {
            ToField::Fixed {
                name: local(&outcome.to, language),
            }
        }
    }
}

/// `text` in `language`, or in English when the practice left that language empty.
fn local(text: &Localized, language: Language) -> String {
    let wanted = text.get(language);
    if wanted.trim().is_empty() {
        text.en.clone()
    } else {
        wanted.to_owned()
    }
}

/// Like [`local`], and `None` when the text is empty in every language.
fn optional(text: &Localized, language: Language) -> Option<String> {
    Some(local(text, language)).filter(|text| !text.trim().is_empty())
}
