//! Signing in and out: `POST /sessions`, `GET /session`, `DELETE /session`.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use switchboard_core::sync::{ApiErrorBody, Session, SignIn};

use crate::api::Json;
use crate::auth::{
    self, Caller, FAILURE_WINDOW, MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS, SESSION_MAX,
};
use crate::db::{AccountRow, Database};
use crate::error::ApiError;
use crate::{AppState, clock};

/// A hash verified against when there is no such account, so that the time an answer takes
/// does not tell which accounts exist.
fn no_account() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| auth::hash_password(&auth::generate_password()).unwrap_or_default())
}

/// Sign in: an account's password for a session token.
#[utoipa::path(post, path = "/api/v1/sessions", tag = "sessions", request_body = SignIn,
    responses(
        (status = 200, description = "Signed in; keep the token in the OS credential store", body = Session),
        (status = 400, description = "The request is malformed", body = ApiErrorBody),
        (status = 401, description = "The practice, account or password is not right", body = ApiErrorBody),
        (status = 429, description = "Too many failed sign-ins", body = ApiErrorBody),
    ))]
#[tracing::instrument(skip_all, fields(practice = %body.practice), err(Display))]
pub(super) async fn sign_in<D: Database>(
    State(state): State<AppState<D>>,
    ConnectInfo(address): ConnectInfo<SocketAddr>,
    Json(body): Json<SignIn>,
) -> Result<Json<Session>, ApiError> {
    let db = &state.db;
    let now = clock::now();
    let account_key = format!("account:{}/{}", body.practice, body.account);
    let address_key = format!("address:{}", address.ip());
    let minutes = FAILURE_WINDOW / 60;
    if db
        .signin_failures(&account_key, now, FAILURE_WINDOW)
        .await?
        >= MAX_FAILURES_PER_ACCOUNT
        || db
            .signin_failures(&address_key, now, FAILURE_WINDOW)
            .await?
            >= MAX_FAILURES_PER_ADDRESS
    {
        return Err(ApiError::too_many_attempts(minutes));
    }
    let practice = db.practice(body.practice).await?;
    let account = match &practice {
        Some(_) => db.account(body.practice, &body.account).await?,
        None => None,
    };
    let hash_owned = account.as_ref().map_or_else(
        || no_account().to_owned(),
        |account| account.password_hash.clone(),
    );
    let password = body.password.clone();
    let matches =
        tokio::task::spawn_blocking(move || auth::verify_password(&password, &hash_owned))
            .await
            .unwrap_or(false);
    let (Some(practice), Some(account)) = (practice, account.filter(|a| matches && !a.disabled))
    else {
        db.fail_signin(&account_key, now, FAILURE_WINDOW).await?;
        db.fail_signin(&address_key, now, FAILURE_WINDOW).await?;
        return Err(ApiError::unauthenticated(
            "The practice, account name or password is not right (or the account is disabled). Check them and try again.",
        ));
    };
    db.clear_signin_failures(&account_key).await?;
    let (token, token_hash) = auth::new_session_token();
    let expires_at = now + SESSION_MAX;
    db.add_session(&token_hash, &account.id, now, expires_at)
        .await?;
    Ok(Json(session(
        &account,
        practice.name,
        expires_at,
        Some(token),
    )))
}

fn session(
    account: &AccountRow,
    practice_name: String,
    expires_at: i64,
    token: Option<String>,
) -> Session {
    Session {
        token,
        practice: account.practice,
        practice_name,
        account: account.name.clone(),
        role: account.role,
        expires_at: clock::rfc3339(expires_at),
    }
}

/// Who is signed in.
#[utoipa::path(get, path = "/api/v1/session", tag = "sessions", security(("session" = [])),
    responses(
        (status = 200, description = "The session (without its token)", body = Session),
        (status = 401, description = "Not signed in, or the session ended", body = ApiErrorBody),
        (status = 403, description = "A portal key has no session", body = ApiErrorBody),
    ))]
#[tracing::instrument(skip_all, err(Display))]
pub(super) async fn current<D: Database>(
    State(state): State<AppState<D>>,
    caller: Caller,
) -> Result<Json<Session>, ApiError> {
    let Caller::Account {
        account,
        expires_at,
        ..
    } = caller
    else {
        return Err(ApiError::forbidden(
            "A portal key has no session. Sign in with an account.",
        ));
    };
    let practice = state
        .db
        .practice(account.practice)
        .await?
        .ok_or_else(ApiError::not_found)?;
    Ok(Json(session(&account, practice.name, expires_at, None)))
}

/// Sign out: the token stops working.
#[utoipa::path(delete, path = "/api/v1/session", tag = "sessions", security(("session" = [])),
    responses(
        (status = 204, description = "Signed out"),
        (status = 401, description = "Not signed in, or the session ended", body = ApiErrorBody),
        (status = 403, description = "A portal key cannot sign out", body = ApiErrorBody),
    ))]
#[tracing::instrument(skip_all, err(Display))]
pub(super) async fn sign_out<D: Database>(
    State(state): State<AppState<D>>,
    caller: Caller,
) -> Result<StatusCode, ApiError> {
    let Caller::Account { token_hash, .. } = caller else {
        return Err(ApiError::forbidden(
            "A portal key cannot sign out; an administrator revokes it with `switchboard-server portal-key revoke`.",
        ));
    };
    state.db.revoke_session(&token_hash).await?;
    Ok(StatusCode::NO_CONTENT)
}
