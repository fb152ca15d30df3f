//! Message settings: practice-wide values ([`PracticeSettings`]), per-location overrides
//! ([`LocationSettings`], every field optional: `None` means "as the practice"), and
//! [`EffectiveSettings`], the value that applies at one location.
//!
//! [`Setting`] is one field with its value and [`SettingField`] names a field; changes use
//! them to edit one setting with compare-and-set.

use serde::{Deserialize, Serialize};

use std::collections::BTreeMap;

use super::{Localized, Logo, Recipient, TopicKey};

/// Which providers a patient may pick when a route lets the patient choose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProviderChoice {
    /// Only members of the patient's care team.
    CareTeamOnly,
    /// Everyone available for portal messages at the location.
    SelectedUsers,
}

/// How much a patient may send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// At most `count` new messages per patient in any `days` days; `None`: no limit.
    pub quota: Option<Quota>,
    /// The longest message body, in characters.
    pub max_characters: u32,
}

/// At most `count` messages in `days` days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quota {
    pub count: u32,
    pub days: u32,
}

/// Whether and how much patients may attach.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachments {
    pub allowed: bool,
    pub max_count: u32,
    pub max_megabytes: u32,
}

macro_rules! settings {
    ($( $(#[$doc:meta])* $field:ident : $Variant:ident($ty:ty) $(= $default:literal)? ),* $(,)?) => {
        /// The practice-wide message settings. Settings added after the first release name
        /// a default, so rows and exports written before them still load.
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        pub struct PracticeSettings {
            $( $(#[$doc])* $(#[serde(default = $default)])? pub $field: $ty, )*
        }

        /// One location's overrides; `None` means the practice's value applies.
        #[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
        pub struct LocationSettings {
            $( $(#[$doc])* #[serde(default, skip_serializing_if = "Option::is_none")] pub $field: Option<$ty>, )*
            /// Topics that differ here: switched on or off, or worded otherwise.
            #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
            pub topics: BTreeMap<TopicKey, TopicOverride>,
        }

        /// One setting with its value.
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(tag = "field", content = "value", rename_all = "snake_case")]
        pub enum Setting {
            $( $(#[$doc])* $Variant($ty), )*
        }

        /// The name of one setting.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum SettingField {
            $( $(#[$doc])* $Variant, )*
        }

        impl SettingField {
            /// Every setting, in display order.
            pub const ALL: &[SettingField] = &[$( SettingField::$Variant, )*];

            /// The setting's name for messages.
            pub fn name(self) -> &'static str {
                match self {
                    $( Self::$Variant => stringify!($field), )*
                }
            }
        }

        impl Setting {
            /// Which setting this is a value of.
            pub fn field(&self) -> SettingField {
                match self {
                    $( Self::$Variant(_) => SettingField::$Variant, )*
                }
            }
        }

        impl PracticeSettings {
            /// The practice's value of `field`.
            pub fn get(&self, field: SettingField) -> Setting {
                match field {
                    $( SettingField::$Variant => Setting::$Variant(self.$field.clone()), )*
                }
            }

            pub(crate) fn set(&mut self, value: Setting) {
                match value {
                    $( Setting::$Variant(value) => self.$field = value, )*
                }
            }
        }

        impl LocationSettings {
            /// This location's override of `field`, if it has one.
            pub fn get(&self, field: SettingField) -> Option<Setting> {
                match field {
                    $( SettingField::$Variant => self.$field.clone().map(Setting::$Variant), )*
                }
            }

            /// Sets or clears the override of `field`. `value` must be a value of `field`
            /// (callers check); a mismatched value is ignored.
            pub(crate) fn set(&mut self, field: SettingField, value: Option<Setting>) {
                match (field, value) {
                    $(
                        (SettingField::$Variant, None) => self.$field = None,
                        (SettingField::$Variant, Some(Setting::$Variant(value))) => self.$field = Some(value),
                    )*
                    _ => {}
                }
            }

            /// Whether no setting is overridden.
            pub fn is_empty(&self) -> bool {
                self.topics.is_empty() $( && self.$field.is_none() )*
            }
        }

        impl<'a> EffectiveSettings<'a> {
            $(
                $(#[$doc])*
                pub fn $field(&self) -> &'a $ty {
                    self.location
                        .and_then(|location| location.$field.as_ref())
                        .unwrap_or(&self.practice.$field)
                }
            )*
        }
    };
}

settings! {
    /// Whether patients can use portal messaging at all.
    messaging_enabled: MessagingEnabled(bool),
    /// Whether patients may start a conversation; when false they may only reply.
    patients_may_start: PatientsMayStart(bool),
    /// Whom a patient may pick when a route lets the patient choose.
    provider_choice: ProviderChoice(ProviderChoice),
    limits: Limits(Limits),
    attachments: Attachments(Attachments),
    /// Whether a patient's guardian may write on the patient's behalf.
    guardian_may_write: GuardianMayWrite(bool),
    /// Whether the person who pays the bills (guarantor) may write.
    guarantor_may_write: GuarantorMayWrite(bool),
    /// The banner at the top of the New Message screen; may be empty.
    banner: Banner(Localized),
    /// A note above the message box; may be empty.
    compose_note: ComposeNote(Localized),
    /// "In an emergency call 911" — shown before every message.
    emergency_disclaimer: EmergencyDisclaimer(Localized),
    /// "We answer within two business days."
    response_time: ResponseTime(Localized),
    /// Where "you have a new message" e-mails about portal messages go; may be empty.
    notification_email: NotificationEmail(String),
    /// Who receives a message no route delivers. Required.
    fallback_inbox: FallbackInbox(Recipient),
    /// Shown to a patient who writes outside the location's office hours; may be empty.
    after_hours_notice: AfterHoursNotice(Localized) = "Localized::default",
    /// The picture at the top of the patient's screen; an empty logo: the name only.
    logo: Logo(Logo) = "Logo::default",
}

/// How a topic differs at one location; `None` fields are as the practice set them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TopicOverride {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<Localized>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<Localized>,
}

impl TopicOverride {
    /// Whether nothing differs from the practice.
    pub fn is_empty(&self) -> bool {
        self.enabled.is_none() && self.label.is_none() && self.display_name.is_none()
    }
}

/// The settings that apply at one location: its overrides, else the practice's values.
#[derive(Debug, Clone, Copy)]
pub struct EffectiveSettings<'a> {
    pub practice: &'a PracticeSettings,
    pub location: Option<&'a LocationSettings>,
}
