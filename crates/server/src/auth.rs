//! Who is asking: passwords (argon2id), session tokens and portal keys (random, 256 bits,
//! stored only as SHA-256 hashes), the [`Caller`] every request is made by, and what each
//! caller may do.
//!
//! A session ends after [`SESSION_IDLE`] without use, after [`SESSION_MAX`] in any case, at
//! sign-out, when its account is disabled, and when its password changes. Failed sign-ins are
//! counted per account and per address in the database (so every server process sees them):
//! past [`MAX_FAILURES_PER_ACCOUNT`] or [`MAX_FAILURES_PER_ADDRESS`] in [`FAILURE_WINDOW`]
//! seconds, sign-in is refused until the window passes.

use argon2::Argon2;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};
use switchboard_core::PracticeId;
use switchboard_core::sync::Role;

use crate::AppState;
use crate::db::{AccountRow, Database};
use crate::error::ApiError;

/// A session ends after this many seconds without use.
pub const SESSION_IDLE: i64 = 12 * 60 * 60;
/// A session ends this many seconds after sign-in, used or not.
pub const SESSION_MAX: i64 = 30 * 24 * 60 * 60;
/// The window failed sign-ins are counted in, in seconds.
pub const FAILURE_WINDOW: i64 = 15 * 60;
/// Failed sign-ins of one account allowed in the window.
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
/// Failed sign-ins from one address allowed in the window.
pub const MAX_FAILURES_PER_ADDRESS: i64 = 20;
/// The shortest password an account may have.
pub const MIN_PASSWORD_CHARS: usize = 12;

const SESSION_PREFIX: &str = "sbs_";
const PORTAL_PREFIX: &str = "sbp_";

/// Why a password cannot be an account's, if it cannot.
pub fn password_problem(password: &str) -> Option<String> {
    let length = password.chars().count();
    if length < MIN_PASSWORD_CHARS {
        Some(format!(
            "A password needs at least {MIN_PASSWORD_CHARS} characters; this one has {length}. A few unrelated words make a strong one."
        ))
    } else if length > 200 {
        Some("A password can have at most 200 characters.".into())
    } else {
        None
    }
}

/// The argon2id hash of `password`, with a fresh salt, in PHC form.
pub fn hash_password(password: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|err| format!("The password could not be hashed: {err}"))
}

/// Whether `password` matches the PHC `hash`.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// A password made up for someone: 20 characters from 120 random bits.
pub fn generate_password() -> String {
    let mut bytes = [0u8; 15];
    OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A new secret with `prefix` (256 random bits) and the hash it is stored as.
fn new_secret(prefix: &str) -> (String, String) {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    let secret = format!("{prefix}{}", URL_SAFE_NO_PAD.encode(bytes));
    let hash = secret_hash(&secret);
    (secret, hash)
}

/// A new session token and its hash.
pub fn new_session_token() -> (String, String) {
    new_secret(SESSION_PREFIX)
}

/// A new portal key and its hash.
pub fn new_portal_key() -> (String, String) {
    new_secret(PORTAL_PREFIX)
}

/// How a token or key is stored: its SHA-256, in hex.
pub fn secret_hash(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// Who made a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    /// A signed-in account, by the session whose token hash is `token_hash`.
    Account {
        account: AccountRow,
        token_hash: String,
        expires_at: i64,
    },
    /// The patient portal's backend, with a practice's read-only key.
    Portal { practice: PracticeId },
}

impl Caller {
    /// May read `practice`'s configuration and log (viewers and admins of that practice).
    pub fn may_read(&self, practice: PracticeId) -> Result<&AccountRow, ApiError> {
        match self {
            Caller::Account { account, .. } if account.practice == practice => Ok(account),
            Caller::Account { .. } => Err(ApiError::not_found()),
            Caller::Portal { .. } => Err(ApiError::forbidden(
                "A portal key reads routing only. Sign in with an account to read the practice's configuration.",
            )),
        }
    }

    /// May change `practice` (its admins).
    pub fn may_change(&self, practice: PracticeId) -> Result<&AccountRow, ApiError> {
        let account = self.may_read(practice)?;
        if account.role == Role::Admin {
            Ok(account)
        } else {
            Err(ApiError::forbidden(format!(
                "{} is a viewer and may not change the practice. Ask an administrator to make the change, or to make you an admin.",
                account.name
            )))
        }
    }

    /// May ask where `practice`'s messages go (its portal key, its viewers and admins).
    pub fn may_route(&self, practice: PracticeId) -> Result<(), ApiError> {
        match self {
            Caller::Portal { practice: own } if *own == practice => Ok(()),
            Caller::Portal { .. } => Err(ApiError::not_found()),
            Caller::Account { .. } => self.may_read(practice).map(|_| ()),
        }
    }
}

impl<D: Database> FromRequestParts<AppState<D>> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState<D>,
    ) -> Result<Self, Self::Rejection> {
        let missing = || {
            ApiError::unauthenticated(
                "Sign in first: send the token from POST /api/v1/sessions as \"Authorization: Bearer …\".",
            )
        };
        let header = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .ok_or_else(missing)?;
        let secret = header
            .strip_prefix("Bearer ")
            .map(str::trim)
            .filter(|secret| !secret.is_empty() && secret.len() < 200)
            .ok_or_else(missing)?;
        let hash = secret_hash(secret);
        if secret.starts_with(PORTAL_PREFIX) {
            return match state.db.portal_key(&hash).await? {
                Some(practice) => Ok(Caller::Portal { practice }),
                None => Err(ApiError::unauthenticated(
                    "This portal key is not valid (it may have been revoked). Ask the practice's administrator for a new one.",
                )),
            };
        }
        let ended = || ApiError::unauthenticated("Your session has ended. Sign in again.");
        let session = state.db.session(&hash).await?.ok_or_else(ended)?;
        let now = crate::clock::now();
        if session.account.disabled
            || now >= session.expires_at
            || now - session.last_used_at >= SESSION_IDLE
        {
            return Err(ended());
        }
        // Only once a minute, so that reads do not all write.
        if now - session.last_used_at >= 60 {
            state.db.touch_session(&hash, now).await?;
        }
        Ok(Caller::Account {
            account: session.account,
            token_hash: hash,
            expires_at: session.expires_at,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_against_their_argon2id_hash_only() {
        let hash = hash_password("correct horse battery").expect("hashes");
        assert!(hash.starts_with("$argon2id$"), "argon2id: {hash}");
        assert!(
            verify_password("correct horse battery", &hash),
            "the right one verifies"
        );
        assert!(
            !verify_password("correct horse battery!", &hash),
            "another does not"
        );
        assert!(
            !verify_password("x", "not a hash"),
            "a broken hash verifies nothing"
        );
    }

    #[test]
    fn secrets_are_long_random_and_stored_hashed() {
        let (token, hash) = new_session_token();
        let (again, _) = new_session_token();
        assert_ne!(token, again, "two tokens differ");
        assert!(token.len() >= 4 + 43, "256 bits in base64: {token}");
        assert_eq!(hash, secret_hash(&token), "the hash is the token's");
        assert!(
            !hash.contains(&token[4..]),
            "the hash does not hold the token"
        );
        assert!(
            new_portal_key().0.starts_with("sbp_"),
            "portal keys look different"
        );
    }
}
