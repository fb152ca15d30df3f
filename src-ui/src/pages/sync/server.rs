//! Settings → Practice server: sign in, the first connection's choice, the status, sign out.

use leptos::prelude::*;
use leptos::task::spawn_local;
use switchboard_core::ipc::{FirstStep, SignInArgs, SyncView};

use crate::components::{Notice, NoticeKind};
use crate::ipc;
use crate::sync_state::{SyncState, changes, summary};

/// The practice server section.
#[component]
pub fn ServerSection() -> impl IntoView {
    let sync = expect_context::<SyncState>();
    let error = RwSignal::new(None::<String>);
    view! {
        <section class="section" data-part="server" aria-labelledby="server-heading">
            <h2 id="server-heading">"Practice server"</h2>
            {move || error.get().map(|message| view! { <Notice kind=NoticeKind::Error message /> })}
            {move || match sync.view.get() {
                None => view! { <p class="loading">"Asking the app…"</p> }.into_any(),
                Some(view) if view.signed_in => {
                    view! { <Connected view error /> }.into_any()
                }
                Some(view) => view! { <SignIn view error /> }.into_any(),
            }}
        </section>
    }
}

/// Runs a sync command, shows its status or its sentence.
fn run(
    sync: SyncState,
    error: RwSignal<Option<String>>,
    busy: RwSignal<bool>,
    command: impl Future<Output = Result<SyncView, switchboard_core::ipc::CommandError>> + 'static,
) {
    busy.set(true);
    spawn_local(async move {
        match sync.answered(command.await) {
            Ok(()) => error.set(None),
            Err(err) => error.set(Some(err.message)),
        }
        busy.set(false);
    });
}

/// The sign-in form.
#[component]
fn SignIn(view: SyncView, error: RwSignal<Option<String>>) -> impl IntoView {
    let sync = expect_context::<SyncState>();
    let (url, practice, account) = match &view.server {
        Some(server) => (
            server.url.clone(),
            server.practice.clone(),
            server.account.clone(),
        ),
        None => (String::new(), String::new(), String::new()),
    };
    let url = RwSignal::new(url);
    let practice = RwSignal::new(practice);
    let account = RwSignal::new(account);
    let password = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let args = SignInArgs {
            url: url.get_untracked(),
            practice: practice.get_untracked(),
            account: account.get_untracked(),
            password: password.get_untracked(),
        };
        password.set(String::new());
        run(sync, error, busy, ipc::sign_in(args));
    };
    let field =
        |caption: &'static str, part: &'static str, kind: &'static str, value: RwSignal<String>| {
            view! {
                <label class="field">
                    <span>{caption}</span>
                    <input type=kind data-part=part prop:value=move || value.get()
                        on:input=move |ev| value.set(event_target_value(&ev)) />
                </label>
            }
        };
    view! {
        {view.note.clone().map(|message| view! { <Notice kind=NoticeKind::Info message /> })}
        <p class="hint">{summary(&view)}</p>
        <form class="sign-in" data-part="sign-in" on:submit=submit>
            {field("Server address (https://…)", "server-url", "url", url)}
            {field("Practice id", "server-practice", "text", practice)}
            {field("Account", "server-account", "text", account)}
            {field("Password", "server-password", "password", password)}
            <button type="submit" class="tool primary" data-action="sign-in"
                disabled=move || busy.get()>"Sign in"</button>
        </form>
    }
}

/// Signed in: who, where, the status, the first connection's step, Sync now and Sign out.
#[component]
fn Connected(view: SyncView, error: RwSignal<Option<String>>) -> impl IntoView {
    let sync = expect_context::<SyncState>();
    let busy = RwSignal::new(false);
    let confirm_sign_out = RwSignal::new(false);
    let pending = view.pending;
    let sign_out = move |_| {
        if pending > 0 && !confirm_sign_out.get_untracked() {
            confirm_sign_out.set(true);
            return;
        }
        confirm_sign_out.set(false);
        run(sync, error, busy, ipc::sign_out(true));
    };
    let who = match &view.server {
        Some(server) => format!(
            "Connected as {} to {} (practice {})",
            server.account, server.url, server.practice_name
        ),
        None => "Signed in; this database is not connected to the practice yet.".to_owned(),
    };
    view! {
        <p class="connected" data-part="connected-as">{who}</p>
        {view.note.clone().map(|message| view! { <Notice kind=NoticeKind::Info message /> })}
        <p class="sync-summary" data-part="sync-summary">{summary(&view)}</p>
        {view.first_step.clone().map(|step| view! { <FirstConnection step error /> })}
        <div class="toolbar">
            <button type="button" class="tool" data-action="sync-now" disabled=move || busy.get()
                on:click=move |_| run(sync, error, busy, ipc::sync_now())>"Sync now"</button>
            <button type="button" class="tool" data-action="sign-out" disabled=move || busy.get()
                on:click=sign_out>"Sign out"</button>
        </div>
        <Show when=move || confirm_sign_out.get()>
            <div class="confirm" role="alertdialog" aria-labelledby="sign-out-warning" data-part="sign-out-warning">
                <p id="sign-out-warning">
                    {format!("{} not yet synced. They stay on this computer and sync when you sign in again.", changes(pending))}
                </p>
                <button type="button" class="tool danger" data-action="sign-out-anyway"
                    on:click=sign_out>"Sign out anyway"</button>
                <button type="button" class="tool" data-action="stay-signed-in"
                    on:click=move |_| confirm_sign_out.set(false)>"Stay signed in"</button>
            </div>
        </Show>
    }
}

/// The first connection's step: upload, or which practice wins.
#[component]
fn FirstConnection(step: FirstStep, error: RwSignal<Option<String>>) -> impl IntoView {
    let sync = expect_context::<SyncState>();
    let busy = RwSignal::new(false);
    match step {
        FirstStep::Upload => view! {
            <div class="first-step" data-part="first-upload">
                <p>"The practice server has no practice yet. Upload this computer's practice to start syncing."</p>
                <button type="button" class="tool primary" data-action="upload-practice"
                    disabled=move || busy.get()
                    on:click=move |_| run(sync, error, busy, ipc::upload_practice())>"Upload this practice"</button>
            </div>
        }
        .into_any(),
        FirstStep::Choose { differences } => view! {
            <div class="first-step" data-part="first-choose">
                <p>"This computer and the server each have a practice, and they differ:"</p>
                <ul class="differences">
                    {differences.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
                </ul>
                <p>"Choose which one both will use. The choice is one step in the history."</p>
                <button type="button" class="tool" data-action="mine-wins" disabled=move || busy.get()
                    on:click=move |_| run(sync, error, busy, ipc::choose_practice(true))>"Keep this computer's practice"</button>
                <button type="button" class="tool" data-action="theirs-wins" disabled=move || busy.get()
                    on:click=move |_| run(sync, error, busy, ipc::choose_practice(false))>"Take the server's practice"</button>
            </div>
        }
        .into_any(),
    }
}
