//! Reading a file the admin picked in an `<input type="file">` (a logo, a directory to
//! import). The webview hands over the file's contents only; the app never sees the disk.
//! A file's size is checked against core's limits before a byte of it is read.

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
