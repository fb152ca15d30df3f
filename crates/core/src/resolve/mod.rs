//! Where a patient's message goes: [`route`] answers, [`explain`] answers and says why.
//!
//! Words: the *context* is who writes and about whom — the location, the patient's provider
//! and care team, and the sender (the patient or a proxy). The *outcome* is one of: these
//! people receive it; the patient picks from these people; the fallback inbox receives it;
//! or messaging is closed here (and why). The rules are DESIGN.md › Resolution rules:
//!
//! 1. messaging off, reply-only, a proxy who may not write, or a topic that is off → closed;
//! 2. the first rule in scope order location+provider → provider → location → practice
//!    (no practice rule: the patient chooses);
//! 3. recipients: groups expand to members, the first occurrence of a person is kept,
//!    inactive and unavailable people drop, a person out of office is replaced by their
//!    delegate (at most [`MAX_DELEGATION_HOPS`] hops; a cycle or a dead end drops them);
//! 4. the patient chooses: from the care team or from everyone available at the location,
//!    filtered as in 3;
//! 5. nobody left → the fallback inbox, so the answer is never empty.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::model::{
    Config, Date, Localized, LocationId, PersonId, ProviderChoice, Recipient, Scope, TopicKey,
};

mod explain;
mod here;
mod index;
mod walk;

pub use explain::{Explanation, Step, explain};
pub(crate) use here::PeopleHere;
pub use index::RoutingIndex;
pub use walk::DropReason;
pub(crate) use walk::{Event, Trace, decide_by, expand, resolve};

/// How many times delegation is followed from one person before giving up on them.
pub const MAX_DELEGATION_HOPS: u8 = 3;

/// Who is writing: the patient, or a proxy on their behalf.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sender {
    Patient,
    /// A parent or legal guardian.
    Guardian,
    /// The person responsible for the bills.
    Guarantor,
}

/// Who writes, from where, about whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Context {
    pub location: LocationId,
    /// The patient's provider, if they have one.
    pub provider: Option<PersonId>,
    /// The patient's care team, in the order the practice lists it.
    pub care_team: Vec<PersonId>,
    pub sender: Sender,
}

/// Why patients cannot send this message here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "why", rename_all = "snake_case")]
pub enum Closed {
    /// Portal messaging is switched off at the location.
    MessagingOff,
    /// Patients may only reply to messages from the practice.
    ReplyOnly,
    /// This kind of proxy may not write at the location.
    SenderNotAllowed { sender: Sender },
    /// The topic is switched off or does not exist.
    TopicOff,
}

/// Why a message landed in the fallback inbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FallbackReason {
    /// The rule named people, and none of them can receive it.
    NobodyLeft,
    /// The patient would choose, and there is nobody to choose from.
    NoChoice,
}

/// What happens to the message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Decision {
    /// Everyone listed receives it, in this display order.
    Deliver { people: Arc<[PersonId]> },
    /// The patient picks one of these people.
    PatientChooses {
        choice: ProviderChoice,
        choices: Arc<[PersonId]>,
    },
    /// The fallback inbox receives it: `inbox` as configured, `people` who read it today
    /// (delegates standing in for readers who are away), or, when every reader is away with
    /// nobody standing in, the readers it keeps the message for. Never empty for a
    /// configuration [`apply`](crate::apply) made: it refuses any change that leaves a
    /// fallback inbox without a reader (only a configuration broken elsewhere, which the
    /// validator reports, can have none).
    FallbackInbox {
        inbox: Recipient,
        people: Arc<[PersonId]>,
        reason: FallbackReason,
    },
    /// The patient cannot send it here.
    Closed { reason: Closed },
}

/// The answer of [`route`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    pub decision: Decision,
    /// The scope whose rule decided; `None` when closed, or when the practice has no rule
    /// for the topic (then the patient chooses).
    pub rule: Option<Scope>,
    /// What the patient's To: field shows, in every language.
    pub to: Arc<Localized>,
}

impl Outcome {
    /// The people the message reaches (or may reach, when the patient chooses).
    pub fn people(&self) -> &[PersonId] {
        match &self.decision {
            Decision::Deliver { people } | Decision::FallbackInbox { people, .. } => people,
            Decision::PatientChooses { choices, .. } => choices,
            Decision::Closed { .. } => &[],
        }
    }

    /// Whether the message lands in the fallback inbox.
    pub fn is_fallback(&self) -> bool {
        matches!(self.decision, Decision::FallbackInbox { .. })
    }
}

/// Where a message on `topic` goes on `date` (the day at the location).
pub fn route(config: &Config, context: &Context, topic: &TopicKey, date: Date) -> Outcome {
    resolve(config, context, topic, date, None, &mut walk::NoTrace)
}

/// Why `context`'s sender may not start any message at its location (messaging off,
/// reply-only, a proxy who may not write), or `None` when they may. Rule 1 of the module
/// overview, less the topic: [`route`] adds that, the portal view asks before any topic.
pub(crate) fn closed_here(config: &Config, context: &Context) -> Option<Closed> {
    let settings = config.settings_at(Some(context.location));
    let deactivated = config
        .location(context.location)
        .is_some_and(|location| !location.active);
    if deactivated || !settings.messaging_enabled() {
        Some(Closed::MessagingOff)
    } else if !settings.patients_may_start() {
        Some(Closed::ReplyOnly)
    } else if (context.sender == Sender::Guardian && !settings.guardian_may_write())
        || (context.sender == Sender::Guarantor && !settings.guarantor_may_write())
    {
        Some(Closed::SenderNotAllowed {
            sender: context.sender,
        })
    } else {
        None
    }
}

/// The To: text while the patient still has to pick a provider.
pub(crate) fn choose_text() -> Localized {
    Localized::new("Choose who to write to", "Elija a quién escribir")
}

/// The To: text when the patient cannot write.
pub(crate) fn closed_text(reason: Closed) -> Localized {
    match reason {
        Closed::MessagingOff => Localized::new(
            "Messaging is not available at this location.",
            "Los mensajes no están disponibles en esta ubicación.",
        ),
        Closed::ReplyOnly => Localized::new(
            "You can reply to messages from your care team.",
            "Puede responder a los mensajes de su equipo de atención.",
        ),
        Closed::SenderNotAllowed { .. } => Localized::new(
            "Only the patient can send messages here.",
            "Solo el paciente puede enviar mensajes aquí.",
        ),
        Closed::TopicOff => Localized::new(
            "This topic is not available.",
            "Este tema no está disponible.",
        ),
    }
}
