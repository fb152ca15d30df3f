//! Small reusable pieces. Components never call IPC: they get values and callbacks.

use leptos::prelude::*;

/// How a notice looks and how assistive technology announces it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeKind {
    /// Something failed: announced at once (`role="alert"`).
    Error,
    /// Information for later reading.
    Info,
}

/// A one-sentence message box.
#[component]
pub fn Notice(
    /// Error or information.
    kind: NoticeKind,
    /// The sentence to show, as text (never markup).
    #[prop(into)]
    message: String,
) -> impl IntoView {
    let (class, role) = match kind {
        NoticeKind::Error => ("notice notice-error", "alert"),
        NoticeKind::Info => ("notice notice-info", "note"),
    };
    view! {
        <div class=class role=role>
            {message}
        </div>
    }
}

/// An on/off switch with an accessible name.
#[component]
pub fn Switch(
    /// Whether the switch is on (a value, or a signal to follow).
    #[prop(into)]
    on: Signal<bool>,
    /// The accessible name ("Appointments").
    #[prop(into)]
    label: String,
    /// Called with the new value when the user flips the switch.
    on_toggle: Callback<bool>,
) -> impl IntoView {
    view! {
        <label class="switch">
            <input
                type="checkbox"
                role="switch"
                aria-label=label
                prop:checked=on
                on:change=move |event| on_toggle.run(event_target_checked(&event))
            />
            <span class="switch-track" aria-hidden="true"></span>
        </label>
    }
}
