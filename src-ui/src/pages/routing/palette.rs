//! The palette beside the grid: the groups and active people, with a search field. Drag a
//! chip from here into a cell to add that recipient there. A large practice shows the first
//! [`PALETTE_MOST`] that match and says how many more there are: typing narrows the list.

use leptos::prelude::*;
use switchboard_core::{Recipient, lists};

use super::drag::Moves;
use crate::pick::recipient_value;
use crate::workspace::Workspace;

/// How many chips the palette shows at most (a practice of hundreds is searched, not scrolled).
const PALETTE_MOST: usize = 80;

/// The people and groups that can be dragged into cells.
#[component]
pub(super) fn Palette() -> impl IntoView {
    let moves = expect_context::<Moves>();
    let workspace = expect_context::<Workspace>();
    let query = RwSignal::new(String::new());
    // A memo of the shown directory: a routing edit leaves it alone.
    let everyone = Memo::new(move |_| {
        workspace
            .with_directory(|config| {
                lists::recipients(config)
                    .into_iter()
                    .filter(lists::Choice::offered)
                    .map(|choice| (choice.recipient, choice.name, choice.kind.label()))
                    .collect::<Vec<(Recipient, String, &'static str)>>()
            })
            .unwrap_or_default()
    });
    // The matches shown, and how many more match.
    let matches = Memo::new(move |_| {
        let needle = query.get().to_lowercase();
        everyone.with(|all| {
            let mut matching = all
                .iter()
                .filter(|(_, name, _)| name.to_lowercase().contains(&needle));
            let shown: Vec<_> = matching.by_ref().take(PALETTE_MOST).cloned().collect();
            (shown, matching.count())
        })
    });
    view! {
        <aside class="palette" aria-label="People and groups">
            <h2 class="palette-title">"People & groups"</h2>
            <p class="palette-hint">"Drag into a cell to add. Hold Alt (Option) while dropping a chip from a cell to copy it."</p>
            <input type="search" class="palette-search" data-part="palette-search"
                placeholder="Search people and groups" aria-label="Search people and groups"
                prop:value=move || query.get()
                on:input=move |ev| query.set(event_target_value(&ev)) />
            // Focusable, so the keyboard can scroll a long list (WCAG 2.1.1).
            <ul class="palette-list" tabindex="0" aria-label="People and groups to drag">
                {move || matches.get().0.into_iter().map(|(recipient, name, kind)| view! {
                    <li>
                        <span class="chip palette-chip" class:chip-group=matches!(recipient, Recipient::Group(_))
                            data-recipient=recipient_value(recipient)
                            on:pointerdown=move |ev| moves.press(&ev, recipient, None)
                            on:pointermove=move |ev| moves.track(&ev)
                            on:pointerup=move |ev| moves.release(&ev)
                            on:pointercancel=move |_| moves.abandon()>
                            <span class="chip-name">{name}</span>
                        </span>
                        <span class="match-kind">{kind}</span>
                    </li>
                }).collect_view()}
            </ul>
            {move || match matches.with(|(_, more)| *more) {
                0 => None,
                more => Some(view! {
                    <p class="palette-more" data-part="palette-more">
                        {format!("{more} more — type a name to narrow the list.")}
                    </p>
                }),
            }}
        </aside>
    }
}
