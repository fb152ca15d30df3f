//! Settings › Appearance: light, dark, or the system's choice, and whether to check for
//! updates at start (see `crate::theme`).

use leptos::prelude::*;

use crate::ipc;
use crate::theme::{self, Theme};

/// The appearance choice, kept on this computer.
#[component]
pub fn AppearanceSettings() -> impl IntoView {
    let chosen = RwSignal::new(theme::stored());
    let check_updates = RwSignal::new(theme::check_updates_at_start());
    view! {
        <section class="settings-group appearance" data-part="appearance">
            <h2>"Appearance"</h2>
            <fieldset class="choice-row">
                <legend>"Colours on this computer"</legend>
                {Theme::ALL.into_iter().map(|option| view! {
                    <label class="choice">
                        <input type="radio" name="theme" data-theme-choice=option.id()
                            prop:checked=move || chosen.get() == option
                            on:change=move |_| { chosen.set(option); theme::choose(option); } />
                        {option.label()}
                    </label>
                }).collect_view()}
            </fieldset>
            <label class="choice">
                <input type="checkbox" data-part="check-updates"
                    prop:checked=move || check_updates.get()
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        check_updates.set(on);
                        theme::set_check_updates_at_start(on);
                    } />
                "Check for updates when Switchboard starts"
            </label>
            // The same check as Help › Check for Updates…: the shell tells the outcome in a
            // native dialog, "up to date" included.
            <button type="button" class="tool" data-action="check-updates-now"
                on:click=move |_| {
                    leptos::task::spawn_local(async {
                        if let Err(err) = ipc::check_for_updates(true).await {
                            leptos::logging::warn!("could not ask for updates: {}", err.message);
                        }
                    });
                }>
                "Check for Updates Now"
            </button>
        </section>
    }
}
