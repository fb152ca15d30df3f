//! The patient portal's questions: where does this message go (`route`), and what does the
//! New Message screen show (`portal-view`) — answered by the same core functions the app's
//! route tester and preview use, over the configuration of the current revision, parsed and
//! indexed once per revision.

use std::sync::Arc;

use axum::extract::{Path, State};
use serde::Deserialize;
use switchboard_core::sync::{ApiErrorBody, PortalViewAnswer, RouteAnswer};
use switchboard_core::{
    Context, Date, Language, LocationId, PersonId, RoutingIndex, Sender, TopicKey, explain,
    portal_view as core_portal_view, tester,
};

use super::practice_id;
use crate::AppState;
use crate::api::{Json, Query};
use crate::auth::Caller;
use crate::db::Database;
use crate::error::ApiError;

/// The query of `route`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(super) struct RouteQuery {
    /// The location the patient writes from.
    #[param(value_type = String, format = "uuid")]
    location: LocationId,
    /// The patient's provider, if they have one.
    #[param(value_type = Option<String>, format = "uuid")]
    provider: Option<PersonId>,
    /// The topic's key ("appointments").
    #[param(value_type = String)]
    topic: TopicKey,
    /// The day the message is sent, at the location (default: today, UTC).
    #[param(value_type = Option<String>, format = Date)]
    date: Option<Date>,
    /// patient (default), guardian or guarantor.
    #[param(value_type = Option<String>)]
    sender: Option<Sender>,
    /// english (default) or spanish: the language of automatic replies.
    #[param(value_type = Option<String>)]
    language: Option<Language>,
    /// The patient's care team: person ids separated by commas.
    care_team: Option<String>,
}

/// The query of `portal-view`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(super) struct ViewQuery {
    /// The location the patient writes from.
    #[param(value_type = String, format = "uuid")]
    location: LocationId,
    /// The patient's provider, if they have one.
    #[param(value_type = Option<String>, format = "uuid")]
    provider: Option<PersonId>,
    /// The day (default: today, UTC).
    #[param(value_type = Option<String>, format = Date)]
    date: Option<Date>,
    /// patient (default), guardian or guarantor.
    #[param(value_type = Option<String>)]
    sender: Option<Sender>,
    /// english (default) or spanish.
    #[param(value_type = Option<String>)]
    language: Option<Language>,
    care_team: Option<String>,
}

fn care_team(text: Option<&str>) -> Result<Vec<PersonId>, ApiError> {
    text.unwrap_or_default()
        .split(',')
        .filter(|part| !part.trim().is_empty())
        .map(|part| {
            part.trim().parse().map_err(|_| {
                ApiError::bad_request(format!(
                    "care_team holds \"{}\", which is not a person id. Send ids separated by commas.",
                    part.chars().take(60).collect::<String>()
                ))
            })
        })
        .collect()
}

fn today() -> Date {
    let now = time::OffsetDateTime::now_utc();
    Date::from_ymd(
        now.year(),
        u32::from(u8::from(now.month())),
        u32::from(now.day()),
    )
    .unwrap_or_else(|| Date::from_ymd(2026, 1, 1).expect("a real day"))
}

/// The practice's configuration at its current revision, indexed; built once per revision.
async fn index<D: Database>(
    state: &AppState<D>,
    practice: switchboard_core::PracticeId,
) -> Result<(i64, Arc<RoutingIndex>), ApiError> {
    let head = state
        .db
        .practice(practice)
        .await?
        .ok_or_else(ApiError::not_found)?
        .head;
    if let Some(found) = state.cached_index(practice, head) {
        return Ok((head, found));
    }
    let (revision, config) = state.db.snapshot(practice).await?;
    let config = config.ok_or_else(|| {
        ApiError::conflict(
            "Nothing has been uploaded to this practice yet. Upload it from the Switchboard app first.",
        )
    })?;
    let built = Arc::new(RoutingIndex::build(&config));
    state.keep_index(practice, revision, Arc::clone(&built));
    Ok((revision, built))
}

/// Who writes, as a query gives it.
struct Who<'a> {
    location: LocationId,
    provider: Option<PersonId>,
    care_team: Option<&'a str>,
    sender: Option<Sender>,
}

/// What both questions start with: the practice from the path (which the caller must be
/// allowed to ask about), its index at the current revision, and the patient's context at one
/// of its locations.
async fn question<D: Database>(
    state: &AppState<D>,
    practice: &str,
    caller: &Caller,
    who: Who<'_>,
) -> Result<(i64, Arc<RoutingIndex>, Context), ApiError> {
    let practice = practice_id(practice)?;
    caller.may_route(practice)?;
    let (revision, index) = index(state, practice).await?;
    if index.config().location(who.location).is_none() {
        return Err(ApiError::bad_request(
            "The practice has no location with that id. Send one of its locations.",
        ));
    }
    let context = Context {
        location: who.location,
        provider: who.provider,
        care_team: care_team(who.care_team)?,
        sender: who.sender.unwrap_or(Sender::Patient),
    };
    Ok((revision, index, context))
}

/// Where a patient's message goes and why, with any automatic replies: what the app's
/// "Send test message" shows (the portal key, viewers and admins).
#[utoipa::path(get, path = "/api/v1/practices/{practice}/route", tag = "portal", params(("practice" = String, Path, description = "The practice id"), RouteQuery), security(("portal_key" = []), ("session" = [])),
    responses(
        (status = 200, description = "The explanation and automatic replies", body = RouteAnswer),
        (status = 400, description = "The request is malformed; the message says how", body = ApiErrorBody), (status = 401, description = "Not signed in, or the session ended", body = ApiErrorBody),
        (status = 404, description = "No such practice for this key or account", body = ApiErrorBody),
        (status = 409, description = "Nothing uploaded yet", body = ApiErrorBody),
    ))]
#[tracing::instrument(skip_all, fields(practice = %practice), err(Display))]
pub(super) async fn route<D: Database>(
    State(state): State<AppState<D>>,
    Path(practice): Path<String>,
    caller: Caller,
    Query(query): Query<RouteQuery>,
) -> Result<Json<RouteAnswer>, ApiError> {
    let (revision, index, context) = question(
        &state,
        &practice,
        &caller,
        Who {
            location: query.location,
            provider: query.provider,
            care_team: query.care_team.as_deref(),
            sender: query.sender,
        },
    )
    .await?;
    let config = index.config();
    let date = query.date.unwrap_or_else(today);
    let explanation = explain(config, &context, &query.topic, date);
    let auto_replies = tester::auto_replies(
        config,
        &context,
        &query.topic,
        date,
        query.language.unwrap_or(Language::English),
    );
    Ok(Json(RouteAnswer {
        revision,
        explanation,
        auto_replies,
    }))
}

/// The patient's New Message screen, as data (the portal key, viewers and admins).
#[utoipa::path(get, path = "/api/v1/practices/{practice}/portal-view", tag = "portal", params(("practice" = String, Path, description = "The practice id"), ViewQuery), security(("portal_key" = []), ("session" = [])),
    responses(
        (status = 200, description = "The screen", body = PortalViewAnswer),
        (status = 400, description = "The request is malformed; the message says how", body = ApiErrorBody), (status = 401, description = "Not signed in, or the session ended", body = ApiErrorBody),
        (status = 404, description = "No such practice for this key or account", body = ApiErrorBody),
        (status = 409, description = "Nothing uploaded yet", body = ApiErrorBody),
    ))]
#[tracing::instrument(skip_all, fields(practice = %practice), err(Display))]
pub(super) async fn portal_view<D: Database>(
    State(state): State<AppState<D>>,
    Path(practice): Path<String>,
    caller: Caller,
    Query(query): Query<ViewQuery>,
) -> Result<Json<PortalViewAnswer>, ApiError> {
    let (revision, index, context) = question(
        &state,
        &practice,
        &caller,
        Who {
            location: query.location,
            provider: query.provider,
            care_team: query.care_team.as_deref(),
            sender: query.sender,
        },
    )
    .await?;
    let config = index.config();
    let view = core_portal_view(
        config,
        &context,
        query.language.unwrap_or(Language::English),
        query.date.unwrap_or_else(today),
    );
    Ok(Json(PortalViewAnswer { revision, view }))
}
