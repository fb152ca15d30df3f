//! A recipient's chip in a cell: drag it (pointer), pick it up (Space), take it out (× or
//! Delete).

use leptos::prelude::*;
use switchboard_core::Recipient;

use super::drag::Moves;
use super::{At, GridState};
use crate::pick::recipient_value;

/// One recipient in a cell's own list.
#[component]
pub(super) fn CellChip(
    /// Who the chip stands for.
    recipient: Recipient,
    /// Their name.
    label: String,
    /// Why they may not receive ("inactive", "away until 3 Dec"), if so.
    badge: Option<String>,
    /// The cell it is in.
    at: At,
    /// Its position in the cell's list.
    index: usize,
    /// Whether its cell has the keyboard (then the chip is in the tab order too).
    focused: Signal<bool>,
    /// Takes the recipient out of the cell.
    remove: Callback<Recipient>,
) -> impl IntoView {
    let moves = expect_context::<Moves>();
    let state = expect_context::<GridState>();
    let group = matches!(recipient, Recipient::Group(_));
    let warned = badge.is_some();
    view! {
        <span class="chip" class:chip-group=group class:chip-warn=warned data-recipient=recipient_value(recipient)
            data-index=index
            tabindex=move || if focused.get() { "0" } else { "-1" }
            aria-roledescription="movable chip"
            class:chip-lifted=move || moves.is_lifted.is(&Some((at, index)))
            on:pointerdown=move |ev| moves.press(&ev, recipient, Some((at, index)))
            on:pointermove=move |ev| moves.track(&ev)
            on:pointerup=move |ev| moves.release(&ev)
            on:pointercancel=move |_| moves.abandon()
            on:click=move |ev| if moves.take_click() { ev.stop_propagation(); }
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                if moves.carrying() || state.adding.get_untracked().is_some() {
                    return;
                }
                match ev.key().as_str() {
                    " " | "Spacebar" => {
                        ev.prevent_default();
                        ev.stop_propagation();
                        moves.pick_up(recipient, (at, index));
                    }
                    "Delete" | "Backspace" => {
                        ev.prevent_default();
                        ev.stop_propagation();
                        remove.run(recipient);
                    }
                    _ => {}
                }
            }>
            <span class="chip-name">{label.clone()}</span>
            {badge.map(|text| view! { <span class="chip-badge" data-part="badge">{text}</span> })}
            <button class="chip-remove" tabindex="-1" aria-label=format!("Remove {label}")
                on:click=move |ev| { ev.stop_propagation(); remove.run(recipient); }
                on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                    if ev.key() == "Delete" || ev.key() == "Backspace" {
                        ev.prevent_default();
                        ev.stop_propagation();
                        remove.run(recipient);
                    }
                }>"×"</button>
        </span>
    }
}
