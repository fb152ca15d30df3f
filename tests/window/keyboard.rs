//! Keyboard only (issue 17): Tab and Shift+Tab walk each screen with the focus always visible
//! (its indicator at least 3:1 against what is behind it, SC 1.4.11 / 2.4.7) and never
//! trapped; and one whole task — add a recipient to a cell, move it, undo — with keys alone.

use serde_json::Value;
use switchboard_core::{Recipient, Route, Scope, TopicKey, demo_ids};

use crate::harness::{App, Key, stored, temp_database};

/// Marks every element that takes Tab now (visible, enabled, tabindex ≥ 0) with
/// `data-tab-order` and answers how many there are.
const MARK_TABBABLE: &str = r#"
const all = [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')]
  .filter((el) => el.tabIndex >= 0 && !el.disabled && el.getClientRects().length > 0
    && getComputedStyle(el).visibility !== 'hidden');
all.forEach((el, i) => el.setAttribute('data-tab-order', String(i)));
return all.length;
"#;

/// Describes the focused element and how visible its focus indicator is: the outline (or the
/// inset ring chips use) against the colour behind it. A hidden input (the switches) shows its
/// focus on the track beside it.
const FOCUS_INDICATOR: &str = r#"
const parse = (c) => {
  const m = c && c.match(/rgba?\(([^)]+)\)/);
  if (!m) return null;
  const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number);
  return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
};
const behind = (el) => {
  const layers = [];
  for (let e = el; e; e = e.parentElement) {
    const c = parse(getComputedStyle(e).backgroundColor);
    if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
  }
  let rgb = [255, 255, 255];
  for (const c of layers.reverse()) rgb = rgb.map((v, i) => c[i] * c[3] + v * (1 - c[3]));
  return rgb;
};
const lum = (rgb) => {
  const [r, g, b] = rgb.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
const active = document.activeElement;
if (!active || active === document.body || active === document.documentElement) {
  return { order: null, what: 'body', ratio: null };
}
let el = active;
if (getComputedStyle(el).opacity === '0' && el.nextElementSibling) el = el.nextElementSibling;
const s = getComputedStyle(el);
let color = null, inside = false;
if (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1) {
  color = parse(s.outlineColor);
  inside = parseFloat(s.outlineOffset) < 0;
} else if (s.boxShadow && s.boxShadow !== 'none') {
  color = parse(s.boxShadow);
  inside = s.boxShadow.includes('inset');
}
const what = active.tagName.toLowerCase()
  + (active.getAttribute('data-action') ? `[data-action=${active.getAttribute('data-action')}]` : '')
  + (active.className && typeof active.className === 'string' ? '.' + active.className.split(' ').join('.') : '')
  + ` "${(active.getAttribute('aria-label') || active.textContent || '').trim().slice(0, 40)}"`;
if (!color || color[3] === 0) return { order: active.getAttribute('data-tab-order'), what, ratio: 0 };
const back = behind(inside ? el : (el.parentElement || el));
return { order: active.getAttribute('data-tab-order'), what, ratio: ratio(color.slice(0, 3), back) };
"#;

/// Presses Tab (or Shift+Tab) until the element marked `goal` has the focus, checking the
/// focus indicator at each step; fails if the goal is not reached within `limit` presses.
async fn walk(app: &App, screen: &str, back: bool, goal: usize, limit: usize) -> usize {
    let direction = if back { "Shift+Tab" } else { "Tab" };
    for press in 1..=limit {
        if back {
            app.shift_tab().await;
        } else {
            app.press(Key::Tab.into()).await;
        }
        let focus = app.run(FOCUS_INDICATOR, vec![]).await;
        let what = focus["what"].as_str().unwrap_or_default().to_string();
        if what == "body" {
            continue;
        }
        let ratio = focus["ratio"].as_f64().unwrap_or(0.0);
        assert!(
            ratio >= 3.0,
            "{screen}, {direction} #{press}: the focus on {what} is visible, its indicator at least \
             3:1 against its background (SC 1.4.11), not {ratio:.2}:1"
        );
        if focus["order"].as_str().and_then(|o| o.parse().ok()) == Some(goal) {
            return press;
        }
    }
    panic!(
        "{screen}: {direction} did not reach the page's {} focusable element within {limit} presses: the focus is trapped",
        if back { "first" } else { "last" }
    );
}

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn tab_and_shift_tab_walk_every_screen_with_the_focus_visible_and_never_trapped() {
    let (_dir, database) = temp_database();
    let app = App::start("keyboard_walk", &database).await;
    for screen in [
        "overview",
        "topics",
        "routing",
        "locations",
        "people",
        "settings",
        "preview",
        "history",
    ] {
        app.open_screen(screen).await;
        let count = app.run(MARK_TABBABLE, vec![]).await.as_u64().unwrap_or(0) as usize;
        assert!(count > 0, "{screen} has something to focus");
        // From the navigation item just clicked: forward to the last element, back to the first.
        let forward = walk(&app, screen, false, count - 1, count + 40).await;
        let backward = walk(&app, screen, true, 0, count + 40).await;
        println!(
            "keyboard {screen}: {count} focusable elements; Tab reached the last in {forward}, Shift+Tab the first in {backward}, every focus visible (≥ 3:1)"
        );
    }
    app.quit().await;
}

/// The focused element's attribute `name`, read by script (no wait).
async fn focused(app: &App, name: &str) -> String {
    app.run(
        "const el = document.activeElement; return el ? (el.getAttribute(arguments[0]) || '') : '';",
        vec![Value::from(name)],
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_string()
}

/// The provider of the row the focused element is in.
async fn focused_row(app: &App) -> String {
    app.run(
        "const row = document.activeElement && document.activeElement.closest('.grid-row');
         return row ? row.getAttribute('data-provider') : '';",
        vec![],
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_string()
}

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn add_move_and_undo_a_recipient_with_the_keyboard_alone() {
    let (_dir, database) = temp_database();
    let app = App::start("keyboard_task", &database).await;
    let mccoy = demo_ids::MCCOY.to_string();
    let jane = format!("person:{}", demo_ids::JANE_SMITH);

    // Tab to the Routing item of the navigation, Enter opens it.
    for _ in 0..20 {
        app.press(Key::Tab.into()).await;
        if focused(&app, "data-screen").await == "routing" {
            break;
        }
    }
    assert_eq!(
        focused(&app, "data-screen").await,
        "routing",
        "Tab reaches the navigation"
    );
    app.press(Key::Enter.into()).await;
    app.wait_for("main section[data-screen='routing'] .grid-cell")
        .await;

    // Tab into the grid (one stop: the current cell), then arrows to Dr. McCoy's Appointments.
    for _ in 0..30 {
        app.press(Key::Tab.into()).await;
        if focused(&app, "role").await == "gridcell" {
            break;
        }
    }
    assert_eq!(
        focused(&app, "role").await,
        "gridcell",
        "Tab reaches the grid"
    );
    assert_eq!(
        focused(&app, "data-topic").await,
        "appointments",
        "the first column"
    );
    for _ in 0..40 {
        if focused_row(&app).await == mccoy {
            break;
        }
        app.press(Key::Down.into()).await;
    }
    assert_eq!(
        focused_row(&app).await,
        mccoy,
        "the arrows reach Dr. McCoy's row"
    );
    let cell =
        format!("div.grid-row[data-provider='{mccoy}'] div.grid-cell[data-topic='appointments']");

    // Enter opens the add box; type, Enter adds.
    app.press(Key::Enter.into()).await;
    app.wait_for(&format!("{cell} input[data-part='add-search']"))
        .await;
    for key in "Jane".chars() {
        app.press(key).await;
    }
    app.press(Key::Enter.into()).await;
    app.wait_for(&format!("{cell} .chip[data-recipient='{jane}']"))
        .await;
    app.screenshot("added").await;

    // Tab onto the chip, Space picks it up, Up carries it a row up (Dr. McCoy's is the last
    // row), Space drops it.
    for _ in 0..5 {
        if focused(&app, "data-recipient").await == jane {
            break;
        }
        app.press(Key::Tab.into()).await;
    }
    assert_eq!(
        focused(&app, "data-recipient").await,
        jane,
        "Tab reaches the new chip"
    );
    app.press(Key::Space.into()).await;
    println!(
        "keyboard task: {}",
        app.text_content("[data-part='announce']").await
    );
    app.press(Key::Up.into()).await;
    println!(
        "keyboard task: {}",
        app.text_content("[data-part='announce']").await
    );
    app.press(Key::Space.into()).await;
    println!(
        "keyboard task: {}",
        app.text_content("[data-part='announce']").await
    );
    app.eventually("the chip moved out of Dr. McCoy's cell", || async {
        app.count(&format!("{cell} .chip[data-recipient='{jane}']"))
            .await
            == 0
    })
    .await;
    let moved_to = app
        .run(
            "const chip = document.querySelector(`.grid-cell .chip[data-recipient='${arguments[0]}']`);
             return chip ? chip.closest('.grid-row').getAttribute('data-provider') : '';",
            vec![Value::from(jane.clone())],
        )
        .await
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(!moved_to.is_empty(), "the chip is in the row above's cell");
    app.screenshot("moved").await;

    // Ctrl+Z undoes the move: Jane is back in Dr. McCoy's cell.
    app.press_ctrl('z').await;
    app.wait_for(&format!("{cell} .chip[data-recipient='{jane}']"))
        .await;
    app.screenshot("undone").await;
    app.quit().await;

    let config = stored(&database).await;
    let rule = |provider| match config
        .routes
        .get(&TopicKey::new("appointments"), Scope::Provider { provider })
    {
        Some(Route::Recipients(list)) => Some(list.as_slice().to_vec()),
        Some(Route::PatientChooses) => Some(Vec::new()),
        None => None,
    };
    assert_eq!(
        rule(demo_ids::MCCOY),
        Some(vec![Recipient::Person(demo_ids::JANE_SMITH)]),
        "added then moved then undone: Dr. McCoy's Appointments go to Jane Smith again, in the database"
    );
}
