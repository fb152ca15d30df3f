//! [`Logo`]: the practice's picture for the top of the patient's screen, kept in the
//! configuration itself (so it travels with exports and syncs) as a small checked image.
//!
//! Only PNG, JPEG, GIF and WebP are taken, recognised by their first bytes rather than by the
//! name a file happened to have; SVG is refused because it can carry script. The picture is
//! shown as a `data:` URL in an `<img>`, which never runs code.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};

/// The largest logo taken, in bytes: a portal header needs no more.
pub const MAX_LOGO_BYTES: usize = 256 * 1024;

/// A checked picture, or none: the empty logo (the default) means "no logo".
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Logo {
    /// "image/png", "image/jpeg", "image/gif" or "image/webp".
    pub media_type: String,
    /// The bytes, in standard base64.
    pub base64: String,
}

/// Why a picture cannot be the logo.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LogoError {
    #[error(
        "The logo must be a PNG, JPEG, GIF or WebP picture; this file is {found}. Save it as PNG and choose it again."
    )]
    NotAPicture { found: String },
    #[error(
        "The logo is {kib} KB; the largest allowed is 256 KB. Make it smaller (a header needs about 400 × 100 pixels) and choose it again."
    )]
    TooLarge { kib: usize },
    #[error("The logo file is damaged (its contents are not valid base64). Choose the file again.")]
    Damaged,
}

impl Logo {
    /// A logo from raw file bytes, recognising the format from the bytes themselves.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, LogoError> {
        if bytes.len() > MAX_LOGO_BYTES {
            return Err(LogoError::TooLarge {
                kib: bytes.len().div_ceil(1024),
            });
        }
        let media_type = sniff(bytes).ok_or_else(|| LogoError::NotAPicture {
            found: describe(bytes),
        })?;
        Ok(Self {
            media_type: media_type.to_owned(),
            base64: STANDARD.encode(bytes),
        })
    }

    /// A logo from a `data:` URL as a browser's file reader gives it
    /// (`data:image/png;base64,…`); the declared type is ignored, the bytes decide.
    pub fn from_data_url(url: &str) -> Result<Self, LogoError> {
        let payload = url
            .strip_prefix("data:")
            .and_then(|rest| rest.split_once(";base64,"))
            .map(|(_, payload)| payload)
            .ok_or(LogoError::Damaged)?;
        let bytes = STANDARD
            .decode(payload.trim())
            .map_err(|_| LogoError::Damaged)?;
        Self::from_bytes(&bytes)
    }

    /// Checks a logo that arrived whole (an import, a synced change); no logo is fine.
    pub fn check(&self) -> Result<(), LogoError> {
        if self.is_empty() {
            return Ok(());
        }
        let bytes = STANDARD
            .decode(&self.base64)
            .map_err(|_| LogoError::Damaged)?;
        let checked = Self::from_bytes(&bytes)?;
        if checked.media_type == self.media_type {
            Ok(())
        } else {
            Err(LogoError::NotAPicture {
                found: format!(
                    "labelled {} but holds {}",
                    self.media_type, checked.media_type
                ),
            })
        }
    }

    /// The `data:` URL an `<img>` shows; `None` for no logo.
    pub fn data_url(&self) -> Option<String> {
        (!self.is_empty()).then(|| format!("data:{};base64,{}", self.media_type, self.base64))
    }

    /// The picture's size in bytes.
    pub fn len(&self) -> usize {
        self.base64.len() / 4 * 3
    }

    /// Whether this is "no logo".
    pub fn is_empty(&self) -> bool {
        self.base64.is_empty()
    }
}

fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some("image/gif")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

fn describe(bytes: &[u8]) -> String {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(256)]).to_lowercase();
    if bytes.is_empty() {
        "empty".into()
    } else if head.contains("<svg") {
        "an SVG drawing, which can carry script".into()
    } else {
        "not a picture this app recognises".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

    #[test]
    fn recognises_pictures_by_their_bytes() {
        let logo = Logo::from_bytes(PNG).expect("a PNG");
        assert_eq!(logo.media_type, "image/png");
        let url = logo.data_url().expect("a logo");
        assert!(url.starts_with("data:image/png;base64,"));
        assert_eq!(Logo::default().data_url(), None, "no logo, no picture");
        let again = Logo::from_data_url(&url.replace("image/png", "image/gif"))
            .expect("the bytes decide, not the label");
        assert_eq!(again, logo);
        assert_eq!(logo.check(), Ok(()));
    }

    #[test]
    fn refuses_svg_oversize_and_damage_with_a_sentence() {
        let svg = Logo::from_bytes(b"<svg onload=alert(1)>").expect_err("svg");
        assert!(svg.to_string().contains("SVG"), "{svg}");
        let big = vec![0xFF; MAX_LOGO_BYTES + 1];
        let err = Logo::from_bytes(&big).expect_err("too big");
        assert!(err.to_string().contains("256 KB"), "{err}");
        assert_eq!(
            Logo::from_data_url("data:image/png;base64,@@@"),
            Err(LogoError::Damaged)
        );
        let mislabelled = Logo {
            media_type: "image/jpeg".into(),
            base64: STANDARD.encode(PNG),
        };
        assert!(
            mislabelled.check().is_err(),
            "the label must match the bytes"
        );
    }
}
