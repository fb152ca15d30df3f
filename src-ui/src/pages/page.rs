//! The frame every configuration screen shares: its heading and the sentence under it, then
//! its contents once the configuration has loaded — "Loading …" until then, or the sentence
//! saying why it could not load.

use leptos::prelude::*;

use crate::components::{Notice, NoticeKind};
use crate::navigation::Screen;
use crate::workspace::{Workspace, loaded};

/// A screen's frame (see the module's words). The contents render once, when the first
/// configuration has loaded (and again after a reload that failed, once one succeeds); they
/// re-render their own parts on edits.
#[component]
pub fn Page(
    /// The screen: its title is the heading.
    screen: Screen,
    /// The sentence under the heading.
    lede: &'static str,
    /// What shows while the configuration loads ("Loading topics…").
    loading: &'static str,
    /// The screen's contents.
    children: ChildrenFn,
) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let loaded = loaded(workspace);
    view! {
        <section class="page" data-screen=screen.id()>
            <header class="page-header">
                <h1>{screen.title()}</h1>
                <p class="lede">{lede}</p>
            </header>
            {move || match loaded.get() {
                None => view! { <p class="loading">{loading}</p> }.into_any(),
                Some(Err(err)) => {
                    view! { <Notice kind=NoticeKind::Error message=err.message /> }.into_any()
                }
                Some(Ok(())) => children().into_any(),
            }}
        </section>
    }
}
