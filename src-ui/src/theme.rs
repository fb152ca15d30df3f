//! This computer's own preferences, kept in the webview's local storage: light or dark, and
//! whether to check for updates at start.
//!
//! Light and dark: the window follows the system's choice (CSS `prefers-color-scheme`) unless
//! the person picks one in Settings › Appearance. The choice is kept in the webview's local
//! storage (it belongs to this computer, not to the practice's configuration) and shown as
//! `data-theme` on the page's root element, which style.css reads.

use wasm_bindgen::{JsCast, JsValue};

/// The local-storage key of the choice. theme.js reads it too, to paint the page's first frame
/// in the chosen look before the wasm has loaded.
const KEY: &str = "switchboard.theme";
/// The local-storage key of "check for updates at start" (`off` when turned off).
const UPDATES_KEY: &str = "switchboard.check-updates";

/// The person's choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    /// Follow the system.
    System,
    Light,
    Dark,
}

impl Theme {
    /// Every choice, in the order Settings shows them.
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    /// The stored spelling (and the `data-theme` value; none for System).
    pub fn id(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// The label Settings shows.
    pub fn label(self) -> &'static str {
        match self {
            Theme::System => "Same as the system",
            Theme::Light => "Light",
            Theme::Dark => "Dark",
        }
    }

    /// The choice spelled `id`; anything else follows the system.
    pub fn from_id(id: &str) -> Self {
        Theme::ALL
            .into_iter()
            .find(|theme| theme.id() == id)
            .unwrap_or(Theme::System)
    }
}

fn storage() -> Option<JsValue> {
    let window = leptos::web_sys::window()?;
    js_sys::Reflect::get(&window, &JsValue::from_str("localStorage"))
        .ok()
        .filter(|storage| !storage.is_null() && !storage.is_undefined())
}

fn call(target: &JsValue, method: &str, args: &[&str]) -> Option<JsValue> {
    let function = js_sys::Reflect::get(target, &JsValue::from_str(method))
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    let args: js_sys::Array = args.iter().map(|arg| JsValue::from_str(arg)).collect();
    function.apply(target, &args).ok()
}

/// The stored choice (System when none is stored).
pub fn stored() -> Theme {
    storage()
        .and_then(|storage| call(&storage, "getItem", &[KEY]))
        .and_then(|value| value.as_string())
        .map_or(Theme::System, |id| Theme::from_id(&id))
}

/// Shows `theme` on the page's root element.
pub fn apply(theme: Theme) {
    let Some(root) = leptos::web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.document_element())
    else {
        return;
    };
    let _ = match theme {
        Theme::System => root.remove_attribute("data-theme"),
        chosen => root.set_attribute("data-theme", chosen.id()),
    };
}

/// Keeps and shows `theme`.
pub fn choose(theme: Theme) {
    if let Some(storage) = storage() {
        let _ = call(&storage, "setItem", &[KEY, theme.id()]);
    }
    apply(theme);
}

/// Whether to check for updates at start (on unless turned off in Settings).
pub fn check_updates_at_start() -> bool {
    storage()
        .and_then(|storage| call(&storage, "getItem", &[UPDATES_KEY]))
        .and_then(|value| value.as_string())
        .is_none_or(|value| value != "off")
}

/// Keeps whether to check for updates at start.
pub fn set_check_updates_at_start(on: bool) {
    if let Some(storage) = storage() {
        let _ = call(
            &storage,
            "setItem",
            &[UPDATES_KEY, if on { "on" } else { "off" }],
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_choice_reads_back_and_anything_else_follows_the_system() {
        for theme in Theme::ALL {
            assert_eq!(Theme::from_id(theme.id()), theme, "{theme:?} round-trips");
        }
        assert_eq!(
            Theme::from_id("purple"),
            Theme::System,
            "an unknown stored value follows the system"
        );
    }
}
