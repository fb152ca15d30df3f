//! This device's layout choices that outlive a restart (the webview's `localStorage`): how the
//! admin likes a screen laid out, never practice data (that lives in the store).

/// The stored value of `key`, if any (none when the webview keeps no storage).
pub fn get(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// Stores `value` under `key`; a webview without storage forgets it at the next start.
pub fn set(key: &str, value: &str) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(key, value);
    }
}

fn storage() -> Option<leptos::web_sys::Storage> {
    leptos::prelude::window().local_storage().ok().flatten()
}
