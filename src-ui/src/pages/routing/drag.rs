//! Moving chips around the grid, by pointer and by keyboard.
//!
//! Words: a *chip* is a recipient shown in a cell or in the palette. A *grab* is a pointer
//! (mouse, touch, pen, or a WebDriver pointer) held down on a chip; once it has moved a few
//! pixels it is a *drag*, with a *ghost* following the pointer. A *carry* is the keyboard's
//! version: Space picks the focused chip up, arrow keys move the *target* cell, Space drops it
//! (Alt+Space copies), Escape puts it back. Where a drag ends is its *landing*: a cell (and
//! maybe a chip in it), outside the grid (take the chip out), or somewhere else in the grid
//! (nothing happens). Drops build their changes with `switchboard_core::grid::edits`, and the
//! live region says what happened.
//!
//! Pointer events, not the HTML5 drag API: the chip captures the pointer
//! (`setPointerCapture`) so it gets every move and the release, and the landing is found with
//! `document.elementFromPoint` (the ghost does not take part in hit-testing). A drag held near
//! the grid's top or bottom edge scrolls the grid (faster the closer it is), so a chip can
//! reach rows that are not on screen; the window hears the release too, in case the chip that
//! captured the pointer scrolled out of the rendered rows.

use std::time::Duration;

use leptos::prelude::*;
use leptos::web_sys::{Element, KeyboardEvent, PointerEvent};
use switchboard_core::grid::{self, edits};
use switchboard_core::{Change, Config, Recipient, Scope, TopicKey};
use wasm_bindgen::JsCast;

use super::{At, Column, GridState, Picked, Rows};
use crate::workspace::Workspace;

/// How far (in pixels) a pointer must travel before a press on a chip becomes a drag.
const DRAG_THRESHOLD: f64 = 4.0;

/// How close (in pixels) to the grid's top or bottom edge a drag makes it scroll.
const SCROLL_EDGE: f64 = 48.0;

/// How far the grid scrolls per tick with the pointer at (or past) its edge, in pixels.
const SCROLL_MOST: f64 = 24.0;

/// How often a drag near an edge scrolls the grid.
const SCROLL_TICK: Duration = Duration::from_millis(30);

/// Where a chip comes from: the palette (`None`), or a position in the cell at `At`.
pub(super) type Source = Option<(At, usize)>;

/// A pointer held down on a chip.
#[derive(Clone, Debug)]
struct Grab {
    recipient: Recipient,
    from: Source,
    label: String,
    start: (f64, f64),
    moving: bool,
}

/// A chip the keyboard has picked up.
#[derive(Clone, Debug)]
struct Carry {
    recipient: Recipient,
    from: (At, usize),
}

/// Where a drop lands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Landing {
    /// On the cell at `At`; over its chip at this index, if any.
    Cell(At, Option<usize>),
    /// Outside the grid.
    Outside,
    /// In the grid but on no cell.
    Nowhere,
}

/// The state of chip moves in one grid, shared by its cells, the palette and the grid's keys.
#[derive(Clone, Copy)]
pub(super) struct Moves {
    grab: StoredValue<Option<Grab>>,
    carry: StoredValue<Option<Carry>>,
    /// The chip being moved (by pointer or keyboard), when it comes from a cell.
    pub lifted: RwSignal<Option<(At, usize)>>,
    /// The cell a drop would land in, highlighted.
    pub target: RwSignal<Option<At>>,
    /// Whether a chip is lifted, and whether a cell is the target, for them to ask.
    pub is_lifted: Picked<Option<(At, usize)>>,
    pub is_target: Picked<Option<At>>,
    /// The ghost's text while a drag is under way.
    pub ghost: RwSignal<Option<String>>,
    /// Where the pointer is, in viewport pixels.
    pub pointer: RwSignal<(f64, f64)>,
    /// A drag just ended: the click that follows must not open the add box.
    suppress_click: StoredValue<bool>,
    /// The timer that scrolls the grid while a drag is near its edge.
    scrolling: StoredValue<Option<IntervalHandle>>,
    rows: Memo<Rows>,
    columns: Memo<Vec<Column>>,
    state: GridState,
    workspace: Workspace,
}

impl Moves {
    /// Moves over `rows` (as filtered and shown) and `columns`; edits are built against the
    /// workspace's shown configuration.
    pub fn new(rows: Memo<Rows>, columns: Memo<Vec<Column>>) -> Self {
        let lifted = RwSignal::new(None);
        let target = RwSignal::new(None);
        Self {
            grab: StoredValue::new(None),
            carry: StoredValue::new(None),
            lifted,
            target,
            is_lifted: Picked::new(lifted),
            is_target: Picked::new(target),
            ghost: RwSignal::new(None),
            pointer: RwSignal::new((0.0, 0.0)),
            suppress_click: StoredValue::new(false),
            scrolling: StoredValue::new(None),
            rows,
            columns,
            state: expect_context::<GridState>(),
            workspace: expect_context::<Workspace>(),
        }
    }

    /// `pointerdown` on a chip: hold it, and capture the pointer so the chip hears the rest.
    pub fn press(&self, event: &PointerEvent, recipient: Recipient, from: Source) {
        if !event.is_primary() || event.button() != 0 || self.carry.with_value(Option::is_some) {
            return;
        }
        let pressed_remove = event
            .target()
            .and_then(|target| target.dyn_into::<Element>().ok())
            .and_then(|element| element.closest(".chip-remove").ok().flatten())
            .is_some();
        if pressed_remove {
            return;
        }
        if let Some(chip) = event
            .current_target()
            .and_then(|target| target.dyn_into::<Element>().ok())
        {
            let _ = chip.set_pointer_capture(event.pointer_id());
        }
        let label = self.name(recipient);
        let start = (f64::from(event.client_x()), f64::from(event.client_y()));
        self.grab.set_value(Some(Grab {
            recipient,
            from,
            label,
            start,
            moving: false,
        }));
    }

    /// `pointermove`: past the threshold the press becomes a drag; the ghost follows and the
    /// cell under the pointer lights up.
    pub fn track(&self, event: &PointerEvent) {
        let at = (f64::from(event.client_x()), f64::from(event.client_y()));
        let Some(grab) = self.grab.get_value() else {
            return;
        };
        if !grab.moving {
            let (dx, dy) = (at.0 - grab.start.0, at.1 - grab.start.1);
            if dx.hypot(dy) < DRAG_THRESHOLD {
                return;
            }
            self.grab.update_value(|grab| {
                if let Some(grab) = grab {
                    grab.moving = true;
                }
            });
            self.ghost.set(Some(grab.label.clone()));
            self.lifted.set(grab.from);
        }
        event.prevent_default();
        self.pointer.set(at);
        self.scroll_near_edges();
        self.aim(at);
    }

    /// Lights up the cell under `at`, if any.
    fn aim(&self, at: (f64, f64)) {
        let target = match landing(at) {
            Landing::Cell(cell, _) => Some(cell),
            Landing::Outside | Landing::Nowhere => None,
        };
        if self.target.get_untracked() != target {
            self.target.set(target);
        }
    }

    /// `pointerup`: drop where the pointer is (Alt/Option held: copy instead of move).
    pub fn release(&self, event: &PointerEvent) {
        let Some(grab) = self.grab.get_value() else {
            return;
        };
        self.end_drag();
        if !grab.moving {
            return;
        }
        self.suppress_click.set_value(true);
        crate::marks::mark("drop", None);
        let at = (f64::from(event.client_x()), f64::from(event.client_y()));
        self.drop(grab.recipient, grab.from, landing(at), event.alt_key());
    }

    /// `pointercancel`: the drag is abandoned; nothing changes.
    pub fn abandon(&self) {
        let was_moving = self
            .grab
            .with_value(|grab| grab.as_ref().is_some_and(|g| g.moving));
        self.end_drag();
        if was_moving {
            self.state
                .announce
                .set("Drag cancelled. Nothing changed.".into());
        }
    }

    /// Whether a click on a chip is the end of a drag (and so must not open the add box).
    pub fn take_click(&self) -> bool {
        let suppressed = self.suppress_click.get_value();
        self.suppress_click.set_value(false);
        suppressed
    }

    /// Starts the timer that scrolls the grid while the drag is near its top or bottom edge
    /// (once per drag; [`Moves::end_drag`] stops it).
    fn scroll_near_edges(&self) {
        if self.scrolling.with_value(Option::is_some) {
            return;
        }
        let moves = *self;
        if let Ok(handle) = set_interval_with_handle(move || moves.scroll_tick(), SCROLL_TICK) {
            self.scrolling.set_value(Some(handle));
        }
    }

    /// One tick of [`Moves::scroll_near_edges`]: aims at the cell under the pointer (the rows
    /// the last tick scrolled to have rendered by now), then scrolls by how deep into an edge
    /// band the pointer is.
    fn scroll_tick(&self) {
        let Some(body) = document().query_selector(".grid-body").ok().flatten() else {
            return;
        };
        let (x, y) = self.pointer.get_untracked();
        self.aim((x, y));
        let rect = body.get_bounding_client_rect();
        if x < rect.left() || x > rect.right() {
            return;
        }
        let depth = if y > rect.bottom() - SCROLL_EDGE && y < rect.bottom() + SCROLL_EDGE {
            (y - (rect.bottom() - SCROLL_EDGE)) / SCROLL_EDGE
        } else if y < rect.top() + SCROLL_EDGE && y > rect.top() - SCROLL_EDGE {
            -(rect.top() + SCROLL_EDGE - y) / SCROLL_EDGE
        } else {
            return;
        };
        let step = (depth.clamp(-1.0, 1.0) * SCROLL_MOST).round() as i32;
        body.set_scroll_top(body.scroll_top() + step);
    }

    fn end_drag(&self) {
        if let Some(handle) = self.scrolling.get_value() {
            handle.clear();
            self.scrolling.set_value(None);
        }
        self.grab.set_value(None);
        self.ghost.set(None);
        self.lifted.set(None);
        self.target.set(None);
    }

    /// Space on a chip in a cell: pick it up.
    pub fn pick_up(&self, recipient: Recipient, from: (At, usize)) {
        self.carry.set_value(Some(Carry { recipient, from }));
        self.lifted.set(Some(from));
        self.target.set(Some(from.0));
        self.state.announce.set(format!(
            "Picked up {} from {}. Arrow keys choose a cell, Space drops it there, Alt+Space copies, Escape cancels.",
            self.name(recipient),
            self.cell_words(from.0),
        ));
    }

    /// Whether the keyboard carries a chip.
    pub fn carrying(&self) -> bool {
        self.carry.with_value(Option::is_some)
    }

    /// A key while carrying: arrows move the target (and the keyboard focus with it, so the
    /// carry survives its origin scrolling out of the rendered rows), Space drops, Escape
    /// cancels. Returns the new target when it moved, so the grid can keep it in view.
    pub fn carry_key(&self, event: &KeyboardEvent) -> Option<At> {
        let carry = self.carry.get_value()?;
        let (row, column) = self.target.get_untracked().unwrap_or(carry.from.0);
        let last_row = self
            .rows
            .with_untracked(|rows| rows.heads.len())
            .saturating_sub(1);
        let last_column = self.columns.with_untracked(Vec::len).saturating_sub(1);
        let next = match event.key().as_str() {
            "ArrowUp" => (row.saturating_sub(1), column),
            "ArrowDown" => ((row + 1).min(last_row), column),
            "ArrowLeft" => (row, column.saturating_sub(1)),
            "ArrowRight" => (row, (column + 1).min(last_column)),
            " " | "Spacebar" => {
                event.prevent_default();
                self.finish_carry();
                self.state.focus.set((row, column));
                if (row, column) == carry.from.0 && !event.alt_key() {
                    self.state.announce.set(format!(
                        "Put {} back in {}. Nothing changed.",
                        self.name(carry.recipient),
                        self.cell_words(carry.from.0)
                    ));
                } else {
                    let landing = Landing::Cell((row, column), None);
                    self.drop(carry.recipient, Some(carry.from), landing, event.alt_key());
                }
                return None;
            }
            "Escape" | "Tab" => {
                self.finish_carry();
                if event.key() == "Escape" {
                    event.prevent_default();
                    self.state.focus.set(carry.from.0);
                }
                self.state.announce.set(format!(
                    "Cancelled. {} stays in {}.",
                    self.name(carry.recipient),
                    self.cell_words(carry.from.0)
                ));
                return None;
            }
            _ => return None,
        };
        event.prevent_default();
        self.target.set(Some(next));
        self.state.focus.set(next);
        self.state
            .announce
            .set(format!("Over {}.", self.cell_words(next)));
        Some(next)
    }

    fn finish_carry(&self) {
        self.carry.set_value(None);
        self.lifted.set(None);
        self.target.set(None);
    }

    /// Applies a drop of `recipient` from `from` at `landing` and says what happened.
    fn drop(&self, recipient: Recipient, from: Source, landing: Landing, copy: bool) {
        let name = self.name(recipient);
        let (change, sentence) = match (from, landing) {
            (None, Landing::Cell(to, _)) => {
                let Some((topic, scope)) = self.cell(to) else {
                    return;
                };
                (
                    self.edit(|c| edits::add_recipient(c, &topic, scope, recipient)),
                    format!("Added {name} to {}.", self.cell_words(to)),
                )
            }
            (Some((at, index)), Landing::Cell(to, over)) if at == to => {
                let Some((topic, scope)) = self.cell(to) else {
                    return;
                };
                let last = self
                    .workspace
                    .with_config_untracked(|c| match c.routes.get(&topic, scope) {
                        Some(switchboard_core::Route::Recipients(list)) => {
                            list.as_slice().len() - 1
                        }
                        _ => 0,
                    })
                    .unwrap_or(0);
                let position = over.unwrap_or(last);
                (
                    self.edit(|c| edits::reorder_recipient(c, &topic, scope, index, position)),
                    format!(
                        "Moved {name} to place {} in {}.",
                        position + 1,
                        self.cell_words(to)
                    ),
                )
            }
            (Some((at, _)), Landing::Cell(to, _)) => {
                let (Some((from_topic, from_scope)), Some((to_topic, to_scope))) =
                    (self.cell(at), self.cell(to))
                else {
                    return;
                };
                if copy {
                    (
                        self.edit(|c| edits::add_recipient(c, &to_topic, to_scope, recipient)),
                        format!(
                            "Copied {name} from {} to {}.",
                            self.cell_words(at),
                            self.cell_words(to)
                        ),
                    )
                } else {
                    (
                        self.edit(|c| {
                            edits::move_recipient(
                                c,
                                &from_topic,
                                from_scope,
                                &to_topic,
                                to_scope,
                                recipient,
                            )
                        }),
                        format!(
                            "Moved {name} from {} to {}.",
                            self.cell_words(at),
                            self.cell_words(to)
                        ),
                    )
                }
            }
            (Some((at, _)), Landing::Outside) => {
                let Some((topic, scope)) = self.cell(at) else {
                    return;
                };
                (
                    self.edit(|c| edits::remove_recipient(c, &topic, scope, recipient)),
                    format!("Removed {name} from {}.", self.cell_words(at)),
                )
            }
            (None, Landing::Outside | Landing::Nowhere) | (Some(_), Landing::Nowhere) => {
                self.state
                    .announce
                    .set(format!("Dropped {name} on no cell. Nothing changed."));
                return;
            }
        };
        if let Landing::Cell(to, _) = landing {
            self.state.focus.set(to);
        }
        match change {
            Some(change) => {
                self.state.announce.set(sentence);
                self.workspace.apply(change);
            }
            None => self
                .state
                .announce
                .set(format!("Nothing changed: {name} is already there.")),
        }
    }

    fn edit(&self, make: impl FnOnce(&Config) -> Option<Change>) -> Option<Change> {
        self.workspace.with_config_untracked(make).flatten()
    }

    fn name(&self, recipient: Recipient) -> String {
        self.workspace
            .with_config_untracked(|c| c.recipient_name(recipient))
            .unwrap_or_default()
    }

    /// The topic and scope of the cell at `at`.
    fn cell(&self, at: At) -> Option<(TopicKey, Scope)> {
        let topic = self
            .columns
            .with_untracked(|columns| columns.get(at.1).map(|column| column.key.clone()))?;
        self.rows.with_untracked(|rows| {
            rows.heads
                .get(at.0)
                .map(|(provider, _)| (topic, grid::row_scope(rows.view, *provider)))
        })
    }

    /// "Appointments for Dr. Crusher".
    fn cell_words(&self, at: At) -> String {
        self.rows.with_untracked(|rows| {
            let Some((_, name)) = rows.heads.get(at.0) else {
                return String::from("a cell");
            };
            let topic = self.columns.with_untracked(|columns| {
                columns
                    .get(at.1)
                    .map_or_else(String::new, |column| column.label.clone())
            });
            format!("{topic} for {name}")
        })
    }
}

/// What is under the viewport point `at`.
fn landing(at: (f64, f64)) -> Landing {
    let Some(element) = document().element_from_point(at.0 as f32, at.1 as f32) else {
        return Landing::Outside;
    };
    let closest = |selector: &str| element.closest(selector).ok().flatten();
    if let Some(cell) = closest(".grid-cell[data-at]") {
        let parsed = cell.get_attribute("data-at").and_then(|at| {
            let (row, column) = at.split_once(':')?;
            Some((row.parse().ok()?, column.parse().ok()?))
        });
        let over = closest(".chip[data-index]")
            .and_then(|chip| chip.get_attribute("data-index"))
            .and_then(|index| index.parse().ok());
        return parsed.map_or(Landing::Nowhere, |at| Landing::Cell(at, over));
    }
    if closest(".grid").is_some() {
        Landing::Nowhere
    } else {
        Landing::Outside
    }
}
