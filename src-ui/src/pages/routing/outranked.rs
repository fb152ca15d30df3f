//! "Rules that will still win": the part of each bulk panel that lists, before applying, the
//! more specific rules that keep deciding for some patients (from
//! `switchboard_core::bulk::outranked_*`), and the box that includes them in the same undo
//! step. Hidden when nothing outranks the edit.

use leptos::prelude::*;
use switchboard_core::bulk::Outranking;

/// The id of the list's heading, which labels the section and the list (one bulk panel is
/// open at a time).
const HEADING: &str = "outranked-heading";

/// The more specific rules a bulk edit leaves deciding, and "Change these rules too".
#[component]
pub fn OutrankedRules(
    /// The rules that outrank the edit as it stands, sorted (empty: the section is hidden).
    outranked: Memo<Vec<Outranking>>,
    /// Whether the edit includes them; the panel builds its change from it.
    include: RwSignal<bool>,
) -> impl IntoView {
    view! {
        <Show when=move || outranked.with(|list| !list.is_empty())>
            <section class="outranked" data-part="outranked" aria-labelledby=HEADING>
                <h3 id=HEADING>"Rules that will still win for some patients"</h3>
                <p class="lede">"These rules are more specific than the ones this changes, so their patients keep reaching whom they reach now:"</p>
                <ul data-part="outranked-rules" aria-labelledby=HEADING>
                    {move || outranked.get().into_iter().map(|rule| view! {
                        <li data-topic=rule.topic.to_string()>
                            <strong>{rule.topic_label}</strong>
                            {format!(": {} reach {}.", rule.patients, rule.reaches)}
                            <span class="if-included">{format!(" If included, they reach {}.", rule.if_included)}</span>
                        </li>
                    }).collect_view()}
                </ul>
                <label class="check">
                    <input type="checkbox" data-part="include-outranked"
                        prop:checked=move || include.get()
                        on:change=move |ev| include.set(event_target_checked(&ev)) />
                    <span>{move || match outranked.with(Vec::len) {
                        1 => "Change this rule too, in the same undo step".to_string(),
                        n => format!("Change these {n} rules too, in the same undo step"),
                    }}</span>
                </label>
            </section>
        </Show>
    }
}
