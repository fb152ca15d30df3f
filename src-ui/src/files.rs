//! Reading a file the admin picked in an `<input type="file">` (a logo, a directory to
//! import). The webview hands over the file's contents only; the app never sees the disk.
//! A file's size is checked against core's limits before a byte of it is read; a large
//! file (a FHIR directory) is read a slice at a time, with progress, and can be cancelled.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlInputElement;

/// The first file picked in `input`, or a sentence saying why there is none.
fn picked(input: &HtmlInputElement) -> Result<web_sys::File, String> {
    input
        .files()
        .and_then(|files| files.get(0))
        .ok_or_else(|| "No file was chosen. Choose a file and try again.".to_string())
}

fn unreadable(file: &web_sys::File) -> String {
    format!(
        "\"{}\" could not be read. Check that the file is not open in another program, then choose it again.",
        file.name()
    )
}

/// Why `file` is too large to read, by `too_large` (one of `switchboard_core::limits`'
/// `*_file_problem`), from the size the file system reports.
fn check_size(file: &web_sys::File, too_large: fn(u64) -> Option<String>) -> Result<(), String> {
    // A browser reports sizes as whole numbers of bytes in an f64.
    let size = file.size().max(0.0) as u64;
    too_large(size).map_or(Ok(()), Err)
}

/// The bytes of the first file picked in `input`, unless `too_large` refuses its size.
pub async fn read_bytes(
    input: &HtmlInputElement,
    too_large: fn(u64) -> Option<String>,
) -> Result<Vec<u8>, String> {
    let file = picked(input)?;
    check_size(&file, too_large)?;
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| unreadable(&file))?;
    let buffer: js_sys::ArrayBuffer = buffer.dyn_into().map_err(|_| unreadable(&file))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// The text of the first file picked in `input`, with its name, unless `too_large` refuses
/// its size.
pub async fn read_text(
    input: &HtmlInputElement,
    too_large: fn(u64) -> Option<String>,
) -> Result<(String, String), String> {
    let file = picked(input)?;
    check_size(&file, too_large)?;
    let text = JsFuture::from(file.text())
        .await
        .map_err(|_| unreadable(&file))?;
    let text = text.as_string().ok_or_else(|| unreadable(&file))?;
    Ok((file.name(), text))
}

/// How much of a file is read at a time by [`read_bytes_in_slices`]: small enough that the
/// progress bar moves and Cancel answers quickly, large enough that a 50 MB directory takes
/// a dozen steps.
const SLICE_BYTES: f64 = 4.0 * 1024.0 * 1024.0;

/// The name and bytes of the first file picked in `input`, unless `too_large` refuses its
/// size, read a slice at a time: `progress(read, total)` after each slice; `Ok(None)` when
/// `cancelled()` says so between slices.
pub async fn read_bytes_in_slices(
    input: &HtmlInputElement,
    too_large: fn(u64) -> Option<String>,
    progress: impl Fn(u64, u64),
    cancelled: impl Fn() -> bool,
) -> Result<Option<(String, Vec<u8>)>, String> {
    let file = picked(input)?;
    check_size(&file, too_large)?;
    let total = file.size().max(0.0);
    let mut bytes = Vec::with_capacity(total as usize);
    let mut start = 0.0;
    progress(0, total as u64);
    while start < total {
        if cancelled() {
            return Ok(None);
        }
        let end = (start + SLICE_BYTES).min(total);
        let slice = file
            .slice_with_f64_and_f64(start, end)
            .map_err(|_| unreadable(&file))?;
        let buffer = JsFuture::from(slice.array_buffer())
            .await
            .map_err(|_| unreadable(&file))?;
        let buffer: js_sys::ArrayBuffer = buffer.dyn_into().map_err(|_| unreadable(&file))?;
        bytes.extend_from_slice(&js_sys::Uint8Array::new(&buffer).to_vec());
        start = end;
        progress(start as u64, total as u64);
    }
    if cancelled() {
        return Ok(None);
    }
    Ok(Some((file.name(), bytes)))
}

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
