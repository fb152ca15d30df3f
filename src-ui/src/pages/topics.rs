//! The Topics screen: the topics patients may choose, in the order they see them, each with
//! its on/off switch.

use leptos::prelude::*;
use switchboard_core::ipc::CommandError;
use switchboard_core::{Change, Topic};

use crate::app::{Screen, Workspace};
use crate::components::{Notice, NoticeKind, Switch};

/// The Topics screen.
#[component]
pub fn TopicsPage() -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    view! {
        <section class="page" data-screen=Screen::Topics.id()>
            <header class="page-header">
                <h1>{Screen::Topics.title()}</h1>
                <p class="lede">
                    "The topics patients can choose when they write to the practice, in the order they see them."
                </p>
            </header>
            <Transition fallback=|| view! { <p class="loading">"Loading topics…"</p> }>
                <ErrorBoundary fallback=|errors| {
                    view! {
                        {move || {
                            errors
                                .get()
                                .into_iter()
                                .map(|(_, err)| view! { <Notice kind=NoticeKind::Error message=err.to_string() /> })
                                .collect_view()
                        }}
                    }
                }>
                    {move || Suspend::new(async move {
                        let snapshot = workspace.snapshot.await?;
                        Ok::<_, CommandError>(view! { <TopicList topics=snapshot.config.topics /> })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

/// The list of topics with their switches.
#[component]
fn TopicList(
    /// Topics in patient order.
    topics: Vec<Topic>,
) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let saving = Signal::derive(move || workspace.edit.pending().get());
    let rows = topics
        .into_iter()
        .map(|topic| {
            let enabled = topic.enabled;
            let key = topic.key.clone();
            let on_toggle = Callback::new(move |value: bool| {
                workspace.apply(Change::SetTopicEnabled {
                    topic: key.clone(),
                    expected: enabled,
                    value,
                });
            });
            view! {
                <li class="topic-row" class:topic-off=!enabled data-topic=topic.key.to_string()>
                    <Switch on=enabled label=topic.label.en.clone() disabled=saving on_toggle />
                    <div class="topic-text">
                        <span class="topic-label">{topic.label.en}</span>
                        <span class="topic-to">"To: " {topic.display_name.en}</span>
                    </div>
                    <span class="topic-state">{if enabled { "On" } else { "Off" }}</span>
                </li>
            }
        })
        .collect_view();
    view! { <ol class="topic-list">{rows}</ol> }
}
