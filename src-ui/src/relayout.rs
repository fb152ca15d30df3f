//! One part of the page waits for layout at a time.
//!
//! WebKit lays a changed part of the page out on its own (and repaints only it) when that part
//! is a *relayout boundary* — the Routing grid's cells are (`contain: size layout`), so is a
//! live region's clipped 1 × 1 px box — and when it is the only part waiting for layout. When
//! two separate parts wait at the next frame (a move's two cells, the cells that inherit a
//! changed rule, a cell and the sentence the live region says), WebKit lays out the whole
//! document instead and, painting without compositing (WebKitGTK with no GPU), repaints the
//! whole page area. Measured in the release app on the 500-provider practice: two cells changed
//! in one frame cost the page's main thread 7.4 ms and ~725 pages of paint buffer; the same
//! two, the first laid out before the second changed, 2.7 ms and ~27 pages (BENCHMARKS.md,
//! issue 18, session 13).
//!
//! So before a part changes, [`before_change`] lays out the part that changed last, if it is
//! another one: reading an element's height makes WebKit lay out what waits *in it* at once,
//! cheaply, as a part of its own. (Reading the height of an element that waits for nothing —
//! the document's, say — lays nothing out: the part that changed last must be the one read.)
//! A part not in the document (still being built) is neither read nor remembered.
//!
//! The part that changes need not be a relayout boundary itself: the status line is not one
//! (its words may wrap), yet a cell changed, laid out, then the status line's words changed,
//! cost the page 2.1–2.4 ms and ~65 pages, against 6.4–6.9 ms and ~760 pages for the two
//! changed together (bench_layout's `one-status` cases, session 14).
//!
//! Who calls it: a Routing grid cell before its insides change, the grid's live region before
//! its sentence does, and the status line before its words do — the parts a drop changes.

use std::cell::RefCell;

use web_sys::HtmlElement;

thread_local! {
    /// The part of the page that changed last (it may still wait for layout).
    static LAST: RefCell<Option<HtmlElement>> = const { RefCell::new(None) };
}

/// Call just before `part` (a relayout boundary) changes what is inside it: lays out the part
/// that changed before, if it is another one still in the page, and remembers `part`.
pub fn before_change(part: &HtmlElement) {
    if !part.is_connected() {
        return;
    }
    let last = LAST.with_borrow_mut(|last| last.replace(part.clone()));
    if let Some(last) = last
        && last != *part
        && last.is_connected()
    {
        // The read is the point: it lays out what waits in `last`, alone.
        let _ = last.offset_height();
    }
}
