//! What a pushed change's outcome is, decided without I/O: the backends call these inside
//! the transaction that holds the practice's row.

use switchboard_core::sync::{PushOutcome, PushedChange, who_set};
use switchboard_core::{ApplyError, Change, Config};

/// How far back the log is walked to find who set a conflicting value.
pub(crate) const CONFLICT_LOOKBACK: usize = 200;

/// The longest device name a change may carry.
const DEVICE_CHARS: usize = 200;

/// Why a pushed change's own fields (not its change) cannot be recorded, if they cannot.
pub(crate) fn metadata_problem(pushed: &PushedChange) -> Option<String> {
    if pushed.device.trim().is_empty() || pushed.device.chars().count() > DEVICE_CHARS {
        return Some(format!(
            "The change's device must be 1 to {DEVICE_CHARS} characters. Send the app's device id."
        ));
    }
    if pushed.device.chars().any(char::is_control) {
        return Some("The change's device contains a control character.".into());
    }
    if crate::clock::parse(&pushed.made_at).is_none() {
        return Some(format!(
            "The change's made_at \"{}\" is not an RFC 3339 time such as 2026-11-30T09:15:00Z.",
            pushed.made_at.chars().take(40).collect::<String>()
        ));
    }
    let size = serde_json::to_vec(&pushed.change).map_or(0, |json| json.len());
    switchboard_core::limits::change_size_problem(size)
}

/// The outcome of a change that `apply` refused with `err`. For a conflict, `log` is the
/// newest entries (revision, inverse, account), newest first, used to say who set the value.
pub(crate) fn refusal(
    config: &Config,
    change: &Change,
    err: ApplyError,
    head: i64,
    log: &[(i64, Change, String)],
) -> PushOutcome {
    match &err {
        ApplyError::Conflict {
            what,
            expected,
            found,
        } => {
            let set_at = who_set(
                config.clone(),
                change,
                log.iter()
                    .map(|(revision, inverse, _)| (*revision, inverse)),
                CONFLICT_LOOKBACK,
            );
            let set_by = set_at.and_then(|revision| {
                log.iter()
                    .find(|(at, _, _)| *at == revision)
                    .map(|(_, _, account)| account.clone())
            });
            PushOutcome::Conflict {
                what: what.clone(),
                expected: expected.clone(),
                current: found.clone(),
                set_at,
                set_by,
                head,
                message: err.to_string(),
            }
        }
        _ => PushOutcome::Refused {
            reason: err.to_string(),
        },
    }
}
