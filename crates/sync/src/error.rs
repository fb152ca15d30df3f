//! [`SyncError`]: why a sync step did not happen, in a sentence that says what to do, and
//! what the caller does about it: [`SyncError::is_retryable`] (wait, per [`crate::Backoff`],
//! and try again) or [`SyncError::is_signed_out`] (ask the person to sign in again).

use switchboard_core::sync::ApiErrorCode;
use switchboard_store::StoreError;

/// A failed sync step. Nothing local is lost by any of them.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(
        "The practice server could not be reached ({detail}). Your changes are kept on this computer; Switchboard will try again."
    )]
    Offline { detail: String },
    #[error(
        "Your session on the practice server has ended. Sign in again to sync; your changes are kept on this computer."
    )]
    SignedOut,
    #[error(
        "\"{url}\" is not a safe address for the practice server: it must start with https:// (plain http:// only reaches this computer, 127.0.0.1 or localhost). Ask whoever runs the server for its https:// address."
    )]
    Insecure { url: String },
    #[error(
        "\"{url}\" is not a server address ({reason}). Enter it as https://server.example.org."
    )]
    BadUrl { url: String, reason: String },
    #[error("The practice server refused: {message}")]
    Server {
        status: u16,
        code: Option<ApiErrorCode>,
        message: String,
    },
    #[error(
        "The practice server's answer could not be understood ({detail}). It may be a different version; nothing was changed here. Ask whoever runs the server to update it."
    )]
    Protocol { detail: String },
    #[error(
        "This copy is further behind than the server's history reaches. Disconnect and connect again to take the server's configuration; changes not yet synced are kept in the history."
    )]
    SnapshotRequired,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl SyncError {
    /// Whether the same round may succeed later unchanged: the network, a busy server or a
    /// busy local database. The caller waits (see [`crate::Backoff`]) and tries again.
    pub fn is_retryable(&self) -> bool {
        match self {
            SyncError::Offline { .. } => true,
            SyncError::Server { status, code, .. } => {
                *status >= 500
                    || matches!(
                        code,
                        Some(ApiErrorCode::Unavailable | ApiErrorCode::TooManyAttempts)
                    )
            }
            SyncError::Store(err) => err.is_retryable(),
            _ => false,
        }
    }

    /// Whether the person must sign in again before the next round.
    pub fn is_signed_out(&self) -> bool {
        matches!(self, SyncError::SignedOut)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_passing_troubles_are_retried() {
        let offline = SyncError::Offline {
            detail: "connection refused".into(),
        };
        assert!(offline.is_retryable(), "the network may come back");
        assert!(
            !SyncError::SignedOut.is_retryable() && SyncError::SignedOut.is_signed_out(),
            "a session that ended needs a person, not a retry"
        );
        let refused = SyncError::Server {
            status: 403,
            code: Some(ApiErrorCode::Forbidden),
            message: "Viewers may not change the practice.".into(),
        };
        assert!(!refused.is_retryable(), "a refusal stays a refusal");
        assert!(
            refused.to_string().contains("Viewers may not"),
            "the server's sentence is shown: {refused}"
        );
    }
}
