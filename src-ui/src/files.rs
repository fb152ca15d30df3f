//! Waiting for the browser's next task, so that what was just set on screen is painted before
//! a long computation starts. (Files themselves never pass through the webview's file
//! pickers: the shell shows its native dialogs and hands over a file's contents — see
//! `ipc::open_file` and `ipc::open_picture`.)

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Waits for the browser to run its next task, so what was just set on screen (a progress
/// bar, "Planning…") is painted before a long computation starts.
pub async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let global = js_sys::global();
        let set_timeout = js_sys::Reflect::get(&global, &"setTimeout".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        match set_timeout {
            Some(set_timeout) => {
                let _ = set_timeout.call2(&global, &resolve, &wasm_bindgen::JsValue::from(16));
            }
            None => {
                let _ = resolve.call0(&wasm_bindgen::JsValue::UNDEFINED);
            }
        }
    });
    let _ = JsFuture::from(promise).await;
}
