//! The practice's change log: who, when, from which computer, what changed in words and on
//! which screen, synced or not, undo and redo marked; filtered by dates, person and screen;
//! and as CSV for an audit review. Rows render as they scroll into view.

use leptos::prelude::*;
use switchboard_core::history::{self, HistoryEntry, HistoryFilter, Screen};
use switchboard_core::ipc::desktop::FileKind;

use crate::components::{Notice, NoticeKind};
use crate::ipc;
use crate::sync_state::{SyncState, time_of};

/// How many entries show before "Show more".
const PAGE: usize = 200;

/// The history section.
#[component]
pub fn HistorySection() -> impl IntoView {
    let sync = expect_context::<SyncState>();
    let workspace = expect_context::<crate::workspace::Workspace>();
    let log = LocalResource::new(move || {
        workspace.revision();
        sync.view
            .with(|v| v.as_ref().map(|v| (v.changed, v.pending)));
        ipc::history()
    });
    let from = RwSignal::new(String::new());
    let until = RwSignal::new(String::new());
    let person = RwSignal::new(String::new());
    let screen = RwSignal::new(String::new());
    let shown = RwSignal::new(PAGE);
    let csv = RwSignal::new(None::<String>);
    let saved_note = RwSignal::new(None::<String>);
    let filter = Memo::new(move |_| HistoryFilter {
        from: from.get().parse().ok(),
        until: until.get().parse().ok(),
        person: Some(person.get()).filter(|p| !p.is_empty()),
        screen: Screen::ALL.into_iter().find(|s| s.title() == screen.get()),
    });
    // The log is read in place: with 10,000 entries, copying it for every use (the count, the
    // people, the rows) was most of the screen's work.
    let kept = Memo::new(move |_| {
        log.with(|value| match value {
            Some(Ok(all)) => filter.with(|filter| {
                all.iter()
                    .enumerate()
                    .filter(|(_, entry)| filter.keeps(entry))
                    .map(|(at, _)| at)
                    .collect::<Vec<usize>>()
            }),
            _ => Vec::new(),
        })
    });
    // The first `limit` entries the filters keep.
    let entries = move |limit: usize| {
        log.with(|value| match value {
            Some(Ok(all)) => kept.with(|kept| {
                kept.iter()
                    .take(limit)
                    .map(|&at| all[at].clone())
                    .collect::<Vec<HistoryEntry>>()
            }),
            _ => Vec::new(),
        })
    };
    let people = Memo::new(move |_| {
        log.with(|value| {
            let mut people: Vec<String> = match value {
                Some(Ok(all)) => all.iter().map(|entry| entry.author.clone()).collect(),
                _ => Vec::new(),
            };
            people.sort();
            people.dedup();
            people
        })
    });
    let date = |caption: &'static str, part: &'static str, value: RwSignal<String>| {
        view! {
            <label class="field">
                <span>{caption}</span>
                <input type="date" data-part=part prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev)) />
            </label>
        }
    };
    view! {
        <section class="section" data-part="history" aria-labelledby="history-heading">
            <h2 id="history-heading">"History"</h2>
            <div class="filters">
                {date("From", "history-from", from)}
                {date("Until", "history-until", until)}
                <label class="field">
                    <span>"Person"</span>
                    <select data-part="history-person" on:change=move |ev| person.set(event_target_value(&ev))>
                        <option value="">"Everyone"</option>
                        {move || people.get().into_iter().map(|p| view! { <option value=p.clone()>{p.clone()}</option> }).collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span>"Screen"</span>
                    <select data-part="history-screen" on:change=move |ev| screen.set(event_target_value(&ev))>
                        <option value="">"All screens"</option>
                        {Screen::ALL.into_iter().map(|s| view! { <option value=s.title()>{s.title()}</option> }).collect_view()}
                    </select>
                </label>
                <button type="button" class="tool" data-action="history-csv"
                    on:click=move |_| csv.set(Some(untrack(|| history::csv(&entries(usize::MAX)))))>"Show as CSV"</button>
                <button type="button" class="tool" data-action="history-save-csv" on:click=move |_| {
                    let text = untrack(|| history::csv(&entries(usize::MAX)));
                    leptos::task::spawn_local(async move {
                        let saved = ipc::save_file(FileKind::History, "switchboard-history.csv", text).await;
                        saved_note.set(Some(match saved {
                            Ok(Some(name)) => format!("Saved as \"{name}\"."),
                            Ok(None) => return,
                            Err(err) => err.message,
                        }));
                    });
                }>"Save as CSV…"</button>
            </div>
            {move || saved_note.get().map(|note| view! { <p class="saved-note" role="status" data-part="history-saved">{note}</p> })}
            {move || csv.get().map(|text| view! {
                <label class="field">
                    <span>"The history as CSV (formula-safe): copy it into a file for the review"</span>
                    <textarea readonly data-part="history-csv-text" rows="6">{text}</textarea>
                </label>
            })}
            {move || log.with(|value| value.as_ref().and_then(|result| result.as_ref().err().cloned())).map(|err| view! { <Notice kind=NoticeKind::Error message=err.message /> })}
            <p class="hint" data-part="history-count">
                {move || match kept.with(Vec::len) {
                    1 => "1 entry".to_owned(),
                    count => format!("{count} entries"),
                }}
            </p>
            <table class="history">
                <thead>
                    <tr><th scope="col">"When"</th><th scope="col">"Who"</th><th scope="col">"Computer"</th>
                        <th scope="col">"Screen"</th><th scope="col">"What changed"</th><th scope="col">"Synced"</th></tr>
                </thead>
                <tbody>
                    <For each=move || entries(shown.get())
                        key=|entry| entry.revision
                        let:entry>
                        <HistoryRow entry />
                    </For>
                </tbody>
            </table>
            <Show when=move || { kept.with(Vec::len) > shown.get() }>
                <button type="button" class="tool" data-action="history-more"
                    on:click=move |_| shown.update(|n| *n += PAGE)>"Show more"</button>
            </Show>
        </section>
    }
}

/// One entry.
#[component]
fn HistoryRow(entry: HistoryEntry) -> impl IntoView {
    let kind = match entry.kind.as_str() {
        "undo" => Some("Undo: "),
        "redo" => Some("Redo: "),
        _ => None,
    };
    let device: String = entry.device.chars().take(8).collect();
    view! {
        <tr data-part="history-entry" data-kind=entry.kind.clone()>
            <td>{time_of(&entry.at)}</td>
            <td data-part="history-who">{entry.author.clone()}</td>
            <td title=entry.device.clone()>{device}</td>
            <td data-part="entry-screen">{entry.screen.title()}</td>
            <td>{kind.map(|k| view! { <strong>{k}</strong> })}{entry.words.clone()}</td>
            <td data-part="history-synced">{if entry.synced { "Yes" } else { "Not yet" }}</td>
        </tr>
    }
}
