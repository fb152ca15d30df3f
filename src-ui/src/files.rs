//! Reading a file the admin picked in an `<input type="file">` (a logo, a directory to
//! import). The webview hands over the file's contents only; the app never sees the disk.

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

/// The bytes of the first file picked in `input`.
pub async fn read_bytes(input: &HtmlInputElement) -> Result<Vec<u8>, String> {
    let file = picked(input)?;
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| unreadable(&file))?;
    let buffer: js_sys::ArrayBuffer = buffer.dyn_into().map_err(|_| unreadable(&file))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// The text of the first file picked in `input`, with its name.
pub async fn read_text(input: &HtmlInputElement) -> Result<(String, String), String> {
    let file = picked(input)?;
    let text = JsFuture::from(file.text())
        .await
        .map_err(|_| unreadable(&file))?;
    let text = text.as_string().ok_or_else(|| unreadable(&file))?;
    Ok((file.name(), text))
}
