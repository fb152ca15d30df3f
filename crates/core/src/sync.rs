//! The practice server's contract, written once for the server and the app: what a client
//! pushes, what each pushed change comes back as, what a pull and a snapshot return, and the
//! `{ code, message }` every failed request answers with. Plus [`who_set`], the pure decision
//! behind a conflict's "who set this, at which revision".
//!
//! Words: the server's *log* is the practice's changes in order; a change's *revision* is its
//! place in the log (1, 2, 3, … with no gap); the *head* is the latest revision. A client's
//! *base* is the revision its copy is at.
//!
//! Push semantics: the pushed changes are applied in order, each all or nothing on its own,
//! and each comes back as exactly one [`PushOutcome`]; the applied ones are committed together
//! before the answer, so nothing is acknowledged before it is committed. A change whose id the log
//! already holds comes back as [`PushOutcome::Duplicate`] with its revision (a retried push is
//! applied once). A change that meets a value someone else changed comes back as
//! [`PushOutcome::Conflict`] and changes nothing; the changes after it in the same push are
//! still tried, each on its own (a client that wants all or nothing pushes one
//! [`Change::Batch`]).

use serde::{Deserialize, Serialize};

use crate::change::apply_one;
use crate::model::{ChangeId, Config, PracticeId};
use crate::{ApplyError, Change};

/// The most changes one push may carry.
pub const MAX_PUSH: usize = 1_000;
/// The most changes one pull returns.
pub const MAX_PULL: usize = 1_000;

/// One change as a client pushes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PushedChange {
    /// Made by the client (UUIDv7) when the change was made; the same on every retry.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = "uuid"))]
    pub id: ChangeId,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub change: Change,
    /// The client installation that made it.
    pub device: String,
    /// When the client made it: RFC 3339, UTC.
    pub made_at: String,
}

/// `POST /api/v1/practices/{practice}/changes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PushRequest {
    pub changes: Vec<PushedChange>,
}

/// What became of one pushed change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum PushOutcome {
    /// Applied and committed at `revision`.
    Applied { revision: i64 },
    /// The log already held this change id, at `revision`: nothing was applied again.
    Duplicate { revision: i64 },
    /// Someone changed what this change expected first; nothing was applied.
    Conflict {
        /// What the change expected ("The Referrals rule for Dr. Crusher's patients").
        what: String,
        /// The value the change expected to replace, in words.
        expected: String,
        /// The value it is now, in words.
        current: String,
        /// The revision that set the current value, when the log tells.
        set_at: Option<i64>,
        /// The account that pushed that revision.
        set_by: Option<String>,
        /// The head when the conflict was found.
        head: i64,
        /// The sentence for a person.
        message: String,
    },
    /// The change is not valid for the practice (an unknown id, a value no practice may
    /// have); nothing was applied.
    Refused { reason: String },
}

/// The answer to a push: one outcome per pushed change, in order, and the head after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushResponse {
    pub outcomes: Vec<PushOutcome>,
    pub head: i64,
}

/// One entry of the server's log, as a pull returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LogEntry {
    pub revision: i64,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = "uuid"))]
    pub id: ChangeId,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub change: Change,
    /// The account that pushed it.
    pub account: String,
    pub device: String,
    /// When the client made it (RFC 3339).
    pub made_at: String,
    /// When the server committed it (RFC 3339, UTC).
    pub received_at: String,
}

/// `GET /api/v1/practices/{practice}/changes?since=REV`: the entries after `since`, oldest
/// first, at most [`MAX_PULL`]; `more` when there are later ones to pull next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PullResponse {
    pub changes: Vec<LogEntry>,
    pub head: i64,
    pub more: bool,
}

/// `GET /api/v1/practices/{practice}/snapshot`: the whole configuration at `revision`;
/// `None` (and revision 0) until a practice is uploaded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SnapshotResponse {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = "uuid"))]
    pub practice: PracticeId,
    pub revision: i64,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub config: Option<Config>,
}

/// `POST /api/v1/practices/{practice}/snapshot`: upload the practice, once, while the server
/// has none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Upload {
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub config: Config,
}

/// `GET /api/v1/practices/{practice}/route`: where a message goes and why, as the app's
/// "Send test message" shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RouteAnswer {
    /// The revision of the configuration that answered.
    pub revision: i64,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub explanation: crate::Explanation,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub auto_replies: Vec<crate::tester::AutoReply>,
}

/// `GET /api/v1/practices/{practice}/portal-view`: the patient's New Message screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PortalViewAnswer {
    pub revision: i64,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub view: crate::PortalView,
}

/// What a failed request answers: a code a client acts on and a sentence a person reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiErrorBody {
    pub code: ApiErrorCode,
    pub message: String,
}

/// What a client does about a failed request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ApiErrorCode {
    /// The request itself is wrong (malformed, wrong types, too large): fix it.
    BadRequest,
    /// Not signed in, or the session ended: sign in again.
    Unauthenticated,
    /// Signed in, but this account may not do this.
    Forbidden,
    /// No such practice (or none this account belongs to).
    NotFound,
    /// The client is further behind than the log reaches: take a snapshot.
    SnapshotRequired,
    /// Too many failed sign-ins: wait, then try again.
    TooManyAttempts,
    /// The server could not do it now (its database is unavailable): try again later.
    Unavailable,
}

/// `POST /api/v1/sessions`: sign in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SignIn {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = "uuid"))]
    pub practice: PracticeId,
    pub account: String,
    pub password: String,
}

/// The answer to a sign-in, and to `GET /api/v1/session`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Session {
    /// Only in the answer to a sign-in; keep it in the OS credential store.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = "uuid"))]
    pub practice: PracticeId,
    pub practice_name: String,
    pub account: String,
    pub role: Role,
    /// When the session ends at the latest (RFC 3339, UTC); it ends sooner when unused.
    pub expires_at: String,
}

/// What an account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// May read the practice.
    Viewer,
    /// May read and change the practice.
    Admin,
}

impl Role {
    /// The role's name as stored and shown.
    pub fn name(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Admin => "admin",
        }
    }

    /// The role called `name`, if there is one.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "viewer" => Some(Role::Viewer),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
}

/// The revision whose change set what `change` conflicts with: walks the log back from the
/// head (`newest_first` yields each revision with the change that undoes it) until `change`
/// no longer meets the same conflict. `config` is the configuration at the head. Looks back
/// at most `limit` revisions; `None` when the log does not tell within them.
pub fn who_set<'a>(
    mut config: Config,
    change: &Change,
    newest_first: impl IntoIterator<Item = (i64, &'a Change)>,
    limit: usize,
) -> Option<i64> {
    let conflict = |config: &Config| match apply_one(&mut config.clone(), change) {
        Err(ApplyError::Conflict { what, found, .. }) => Some((what, found)),
        _ => None,
    };
    let first = conflict(&config)?;
    for (revision, inverse) in newest_first.into_iter().take(limit) {
        apply_one(&mut config, inverse).ok()?;
        if conflict(&config).as_ref() != Some(&first) {
            return Some(revision);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{PracticeName, apply, demo_practice};

    fn rename(config: &Config, to: &str) -> Change {
        Change::SetPracticeName {
            expected: config.practice_name.clone(),
            value: PracticeName(to.into()),
        }
    }

    #[test]
    fn who_set_finds_the_revision_that_changed_the_value() {
        let start = demo_practice();
        let stale = rename(&start, "Mine");
        let mut config = start.clone();
        let mut log = Vec::new();
        // Revision 1 renames the practice; revisions 2 and 3 touch something else.
        for (revision, change) in [
            (1, rename(&config, "Theirs")),
            (
                2,
                Change::SetTopicEnabled {
                    topic: config.topics[0].key.clone(),
                    expected: config.topics[0].enabled,
                    value: !config.topics[0].enabled,
                },
            ),
        ] {
            let inverse = apply(&mut config, &change).expect("applies");
            log.push((revision, inverse));
        }
        let newest_first = log.iter().rev().map(|(r, c)| (*r, c));
        assert_eq!(
            who_set(config.clone(), &stale, newest_first, 100),
            Some(1),
            "revision 1 renamed the practice the stale edit expected"
        );
        let fresh = rename(&config, "Fine");
        assert_eq!(
            who_set(config, &fresh, log.iter().rev().map(|(r, c)| (*r, c)), 100),
            None,
            "a change that does not conflict has no origin"
        );
    }

    #[test]
    fn push_outcomes_are_tagged_json() {
        let outcome = PushOutcome::Applied { revision: 7 };
        assert_eq!(
            serde_json::to_value(&outcome).expect("serialises"),
            serde_json::json!({"outcome": "applied", "revision": 7}),
            "clients read the outcome by its tag"
        );
    }
}
