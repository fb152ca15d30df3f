//! Conflicts: each change of mine that clashed with someone else's, what the server has now,
//! who changed it and when, and the findings each choice would cause — then "Keep mine" or
//! "Take theirs". Nothing is dropped until one is chosen.

use leptos::prelude::*;
use leptos::task::spawn_local;
use switchboard_core::ipc::ConflictView;

use crate::components::{Notice, NoticeKind};
use crate::ipc;
use crate::sync_state::{SyncState, time_of};

/// The conflicts section (shown when there are any).
#[component]
pub fn ConflictsSection() -> impl IntoView {
    let sync = expect_context::<SyncState>();
    let count = Memo::new(move |_| sync.view.with(|v| v.as_ref().map_or(0, |v| v.conflicts)));
    let listed = LocalResource::new(move || {
        count.track();
        ipc::conflicts()
    });
    let error = RwSignal::new(None::<String>);
    move || {
        (count.get() > 0).then(|| {
            view! {
                <section class="section" data-part="conflicts" aria-labelledby="conflicts-heading">
                    <h2 id="conflicts-heading">"Conflicts"</h2>
                    <p class="hint">"Someone else changed these first. Choose for each: your change goes on top of theirs, or theirs stays and yours is dropped."</p>
                    {move || error.get().map(|message| view! { <Notice kind=NoticeKind::Error message /> })}
                    <Transition fallback=|| view! { <p class="loading">"Loading the conflicts…"</p> }>
                        {move || listed.get().map(|answer| match answer {
                            Ok(conflicts) => conflicts
                                .into_iter()
                                .map(|conflict| view! { <ConflictCard conflict error /> })
                                .collect_view()
                                .into_any(),
                            Err(err) => view! { <Notice kind=NoticeKind::Error message=err.message /> }.into_any(),
                        })}
                    </Transition>
                </section>
            }
        })
    }
}

fn findings(list: &[String]) -> String {
    match list.len() {
        0 => "no findings".to_owned(),
        1 => "1 finding".to_owned(),
        n => format!("{n} findings"),
    }
}

/// One conflict and its two choices.
#[component]
fn ConflictCard(conflict: ConflictView, error: RwSignal<Option<String>>) -> impl IntoView {
    let sync = expect_context::<SyncState>();
    let id = conflict.id;
    let choose = move |keep_mine: bool| {
        spawn_local(async move {
            match sync.answered(ipc::resolve_conflict(id, keep_mine).await) {
                Ok(()) => error.set(None),
                Err(err) => error.set(Some(err.message)),
            }
        });
    };
    let who = match (&conflict.set_by, &conflict.set_when) {
        (Some(by), Some(when)) => format!("Changed by {by} on {}", time_of(when)),
        (Some(by), None) => format!("Changed by {by}"),
        (None, _) => "Changed on the server".to_owned(),
    };
    let mine = match &conflict.findings_if_mine {
        Some(list) => format!("Keep mine: {}", findings(list)),
        None => "Keep mine: no longer possible as it was".to_owned(),
    };
    let theirs = format!("Take theirs: {}", findings(&conflict.findings_if_theirs));
    view! {
        <article class="conflict" data-part="conflict" data-conflict=id>
            <h3>{conflict.wanted.clone()}</h3>
            <dl>
                <dt>"Screen"</dt><dd>{conflict.screen.title()}</dd>
                <dt>"I expected"</dt><dd>{conflict.expected.clone()}</dd>
                <dt>"The server has now"</dt><dd data-part="server-now">{conflict.server_now.clone()}</dd>
                <dt>"Who"</dt><dd>{who}</dd>
            </dl>
            <p class="hint">{conflict.message.clone()}</p>
            <p class="hint">{mine}" · "{theirs}</p>
            <button type="button" class="tool" data-action="keep-mine"
                disabled=conflict.findings_if_mine.is_none()
                on:click=move |_| choose(true)>"Keep mine"</button>
            <button type="button" class="tool" data-action="take-theirs"
                on:click=move |_| choose(false)>"Take theirs"</button>
        </article>
    }
}
