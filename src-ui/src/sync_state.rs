//! Where sync with the practice server stands, for every screen: the shell's [`SyncView`],
//! asked again every [`POLL`] and after each sync command. When sync has changed the rows
//! (the view's `changed` grows), the workspace loads them again.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use switchboard_core::ipc::{CommandError, SyncView};

use crate::ipc;
use crate::workspace::Workspace;

/// How often the status is asked for.
const POLL: Duration = Duration::from_millis(1500);

/// The sync status every screen reads (provided by the app).
#[derive(Clone, Copy)]
pub struct SyncState {
    /// The latest status; `None` before the first answer.
    pub view: RwSignal<Option<SyncView>>,
    seen_changed: StoredValue<Option<u64>>,
    workspace: Workspace,
}

impl SyncState {
    /// Makes the state, provides it, and starts asking the shell.
    pub fn provide(workspace: Workspace) -> Self {
        let state = Self {
            view: RwSignal::new(None),
            seen_changed: StoredValue::new(None),
            workspace,
        };
        provide_context(state);
        state.refresh();
        let _ = set_interval_with_handle(move || state.refresh(), POLL);
        state
    }

    /// Asks the shell for the status now.
    pub fn refresh(&self) {
        let state = *self;
        spawn_local(async move {
            if let Ok(view) = ipc::sync_status().await {
                state.show(view);
            }
        });
    }

    /// Shows a command's answer; reloads the configuration when sync changed it.
    pub fn show(&self, view: SyncView) {
        let seen = self.seen_changed.get_value();
        if seen.is_some_and(|seen| view.changed > seen) {
            self.workspace.refresh();
        }
        self.seen_changed.set_value(Some(view.changed));
        if self.view.get_untracked().as_ref() != Some(&view) {
            self.view.set(Some(view));
        }
    }

    /// Shows `answer`'s status, or answers its error.
    pub fn answered(&self, answer: Result<SyncView, CommandError>) -> Result<(), CommandError> {
        answer.map(|view| self.show(view))
    }
}

/// "3 changes", "1 change".
pub fn changes(count: i64) -> String {
    if count == 1 {
        "1 change".to_owned()
    } else {
        format!("{count} changes")
    }
}

/// The status in one line: "Online · synced 14:02 · 2 changes not yet synced · 1 conflict".
pub fn summary(view: &SyncView) -> String {
    let Some(server) = &view.server else {
        return if view.signed_in {
            "Signed in · not connected yet".to_owned()
        } else {
            "Not connected to a practice server".to_owned()
        };
    };
    let mut parts = vec![match (view.signed_in, view.online) {
        (false, _) => format!("Signed out of {}", server.url),
        (true, Some(false)) => "Offline".to_owned(),
        (true, _) => "Online".to_owned(),
    }];
    if let Some(at) = &view.last_sync {
        parts.push(format!("last synced {}", time_of(at)));
    }
    parts.push(if view.pending == 0 {
        "all changes synced".to_owned()
    } else {
        format!("{} not yet synced", changes(view.pending))
    });
    if view.conflicts > 0 {
        parts.push(format!(
            "{} waiting for a choice",
            if view.conflicts == 1 {
                "1 conflict".to_owned()
            } else {
                format!("{} conflicts", view.conflicts)
            }
        ));
    }
    parts.join(" · ")
}

/// "2026-11-30 14:02" from an RFC 3339 time (UTC).
pub fn time_of(at: &str) -> String {
    let date = at.get(..10).unwrap_or(at);
    let time = at.get(11..16).unwrap_or("");
    format!("{date} {time} UTC").trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use switchboard_core::ipc::ServerView;

    fn connected(online: Option<bool>, pending: i64, conflicts: i64) -> SyncView {
        SyncView {
            server: Some(ServerView {
                url: "https://s.example".into(),
                practice: "p".into(),
                practice_name: "Riverside".into(),
                account: "ana".into(),
            }),
            signed_in: true,
            online,
            last_sync: Some("2026-11-30T14:02:11.123Z".into()),
            pending,
            conflicts,
            ..SyncView::default()
        }
    }

    #[test]
    fn the_summary_says_offline_and_what_waits() {
        assert_eq!(
            summary(&connected(Some(false), 1, 0)),
            "Offline · last synced 2026-11-30 14:02 UTC · 1 change not yet synced"
        );
        assert_eq!(
            summary(&connected(Some(true), 0, 2)),
            "Online · last synced 2026-11-30 14:02 UTC · all changes synced · 2 conflicts waiting for a choice"
        );
        assert_eq!(
            summary(&SyncView::default()),
            "Not connected to a practice server"
        );
    }
}
