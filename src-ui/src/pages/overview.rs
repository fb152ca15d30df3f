//! The Overview screen: whether messaging is on, and every place a patient's message could get
//! lost over the next 30 days, from `switchboard_core::validate`, each with its fix.

use std::sync::Arc;

use leptos::prelude::*;
use switchboard_core::{Finding, Place, Severity};

use crate::navigation::{Navigation, Screen};
use crate::sync_state::{self, SyncState};
use crate::workspace::Workspace;

/// The Overview screen.
#[component]
pub fn OverviewPage() -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    view! {
        <section class="page" data-screen=Screen::Overview.id()>
            <header class="page-header">
                <h1>{Screen::Overview.title()}</h1>
                <p class="lede">"Every place a patient's message could get lost in the next 30 days, and how to fix it."</p>
            </header>
            <SyncLine />
            {move || {
                workspace
                    .snapshot
                    .get()
                    .and_then(Result::ok)
                    .map(|snapshot| {
                        // Start-up timing (a User Timing mark, once per page: see `marks`).
                        crate::marks::milestones_of_first_paint(
                            "switchboard:overview-painted",
                            "switchboard:overview-interactive",
                        );
                        let demo = snapshot.config.demo;
                        let messaging_on = snapshot.config.settings.messaging_enabled;
                        view! {
                            {demo.then(|| view! { <DemoWelcome /> })}
                            <Dashboard messaging_on />
                        }
                    })
            }}
        </section>
    }
}

/// Sync with the practice server in one line, opening Sync & history when clicked.
#[component]
fn SyncLine() -> impl IntoView {
    let sync = expect_context::<SyncState>();
    let navigation = expect_context::<Navigation>();
    move || {
        sync.view.get().map(|view| {
            view! {
                <p class="sync-line" data-part="overview-sync">
                    <button type="button" class="link" data-action="open-sync"
                        on:click=move |_| navigation.screen.set(Screen::History)>
                        {sync_state::summary(&view)}
                    </button>
                </p>
            }
        })
    }
}

/// On the demo practice: what it is, and where to start a real one.
#[component]
fn DemoWelcome() -> impl IntoView {
    let navigation = expect_context::<Navigation>();
    view! {
        <div class="welcome" data-part="demo-welcome" role="note">
            <p>
                "This is a demo practice, labelled Demo everywhere and never sent to a server. Explore it, or start your own: a new empty practice, a Switchboard export, or your directory from a FHIR R4 file."
            </p>
            <button type="button" class="tool primary" data-action="set-up"
                on:click=move |_| navigation.screen.set(Screen::Settings)>"Set up your practice…"</button>
        </div>
    }
}

/// Messaging state, counts by severity, and the findings — the workspace's, which follow every
/// edit a frame later (the screen does not validate again on its own).
#[component]
fn Dashboard(
    /// Whether patient messaging is on for the practice.
    messaging_on: bool,
) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    view! {
        <div class="overview-state">
            <div class="state" class:state-off=!messaging_on data-part="messaging">
                {if messaging_on { "Patient messaging is on" } else { "Patient messaging is off" }}
            </div>
            {move || workspace.findings.get().map(|findings| counts(&findings))}
        </div>
        {move || match workspace.findings.get() {
            Some(findings) => view! { <FindingList findings /> }.into_any(),
            None => view! { <p class="loading">"Checking every route…"</p> }.into_any(),
        }}
    }
}

/// How many findings there are of each severity.
fn counts(findings: &[Finding]) -> impl IntoView + use<> {
    let counts = [Severity::Error, Severity::Warning, Severity::Notice].map(|severity| {
        let count = findings
            .iter()
            .filter(|finding| finding.problem.severity() == severity)
            .count();
        view! {
            <div class="count" data-severity=format!("{severity:?}").to_lowercase()>
                <span class="count-number">{count}</span>
                <span class="count-label">{severity.plural()}</span>
            </div>
        }
    });
    view! { <div class="counts">{counts}</div> }
}

/// The findings, each with Show (the rule's cell) and Fix (one undoable change).
#[component]
fn FindingList(
    /// The validator's findings, most severe first.
    findings: Arc<Vec<Finding>>,
) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let navigation = expect_context::<Navigation>();
    let rows = findings
        .iter()
        .cloned()
        .map(|finding| {
            let severity = finding.problem.severity();
            let fix = finding.fix.clone();
            let place = match &finding.place {
                Place::Rule { topic, scope } => Some((topic.clone(), *scope)),
                _ => None,
            };
            view! {
                <li class="finding" data-severity=format!("{severity:?}").to_lowercase()>
                    <span class="finding-severity">{format!("{severity:?}")}</span>
                    <span class="finding-message">{finding.message}</span>
                    <span class="finding-actions">
                    {place.map(|(topic, scope)| view! {
                        <button class="tool" data-action="show"
                            on:click=move |_| navigation.show(topic.clone(), scope)>"Show"</button>
                    })}
                    {fix.map(|change| {
                        view! {
                            <button
                                class="tool"
                                data-action="fix"
                                on:click=move |_| workspace.apply(change.clone())
                            >
                                "Fix"
                            </button>
                        }
                    })}
                    </span>
                </li>
            }
        })
        .collect_view();
    view! { <ol class="findings" aria-label="Findings">{rows}</ol> }
}
