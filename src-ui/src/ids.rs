//! New ids for what the admin creates on this device (a location, a person, a group):
//! UUIDv7, so they sort by creation time, with random bits from the webview's
//! `crypto.getRandomValues`. Core makes no ids: it stays free of clocks and randomness.

/// A new UUIDv7 (milliseconds since 1970, then random bits) for an entity this device creates.
pub fn fresh_id() -> u128 {
    // Whole milliseconds since 1970 fit 48 bits until the year 10889.
    let millis = js_sys::Date::now().max(0.0) as u64 & 0xFFFF_FFFF_FFFF;
    let random = u128::from_be_bytes(random_bytes());
    let random = random & ((1u128 << 76) - 1) & !(0b11u128 << 62);
    (u128::from(millis) << 80) | (0x7u128 << 76) | (0b10u128 << 62) | random
}

/// 16 bytes from the webview's `crypto.getRandomValues` (or `Math.random` without it).
fn random_bytes() -> [u8; 16] {
    use wasm_bindgen::JsCast;
    let array = js_sys::Uint8Array::new_with_length(16);
    let filled = js_sys::Reflect::get(&js_sys::global(), &"crypto".into())
        .ok()
        .and_then(|crypto| {
            let fill = js_sys::Reflect::get(&crypto, &"getRandomValues".into()).ok()?;
            let fill: js_sys::Function = fill.dyn_into().ok()?;
            fill.call1(&crypto, &array).ok()
        })
        .is_some();
    let mut bytes = [0u8; 16];
    if filled {
        array.copy_to(&mut bytes);
    } else {
        for byte in &mut bytes {
            *byte = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes
}
