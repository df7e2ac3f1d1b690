//! A credential's badge picture, for display: the baked image itself (PNG or SVG), or
//! an image the credential embeds as a `data:` URL. Remote images are never returned
//! (fetching them is the network layer's job, so the app's webview loads nothing
//! from outside), and every image is re-encoded here so only a known type with the
//! right magic bytes reaches the screen.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::Value;

use super::baked;

/// Larger pictures are not shown (a badge is a small image; this bounds IPC and memory).
pub const MAX_IMAGE_BYTES: usize = 2 * 1024 * 1024;

/// An image ready for an `<img>`: its type and bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadgeImage {
    pub mime: &'static str,
    pub bytes: Vec<u8>,
}

impl BadgeImage {
    /// `data:MIME;base64,…`, the only form the app's CSP lets an `<img>` load.
    pub fn data_url(&self) -> String {
        format!("data:{};base64,{}", self.mime, STANDARD.encode(&self.bytes))
    }
}

/// The picture to show for a credential stored as `original`, if it has one.
pub fn badge_image(original: &[u8]) -> Option<BadgeImage> {
    if baked::is_png(original) {
        return checked("image/png", original.to_vec());
    }
    if baked::looks_like_svg(original) {
        return checked("image/svg+xml", original.to_vec());
    }
    let parsed = super::parse(original).ok()?;
    let doc = parsed.document()?;
    [
        "/credentialSubject/achievement/image",
        "/badge/image",
        "/image",
        "/credentialSubject/image",
    ]
    .iter()
    .filter_map(|pointer| doc.pointer(pointer))
    .find_map(from_value)
}

/// An image property: a URL string, or an object whose `id` is one (OB 3.0 `Image`).
fn from_value(value: &Value) -> Option<BadgeImage> {
    let url = match value {
        Value::String(url) => url.as_str(),
        Value::Object(obj) => obj.get("id").and_then(Value::as_str)?,
        _ => return None,
    };
    from_data_url(url)
}

fn from_data_url(url: &str) -> Option<BadgeImage> {
    let rest = url.strip_prefix("data:")?;
    let (header, payload) = rest.split_once(',')?;
    let mut parts = header.split(';');
    let declared = parts.next()?.trim().to_ascii_lowercase();
    if !parts.any(|p| p.trim().eq_ignore_ascii_case("base64")) {
        return None;
    }
    // Base64 is 4/3 of the bytes: refuse before decoding anything oversized.
    if payload.len() > MAX_IMAGE_BYTES / 3 * 4 + 4 {
        return None;
    }
    let bytes = STANDARD.decode(payload.trim()).ok()?;
    let mime = match declared.as_str() {
        "image/png" => "image/png",
        "image/svg+xml" => "image/svg+xml",
        "image/jpeg" | "image/jpg" => "image/jpeg",
        "image/gif" => "image/gif",
        "image/webp" => "image/webp",
        _ => return None,
    };
    checked(mime, bytes)
}

/// Keeps an image only when its bytes are what its type says and it is small enough.
fn checked(mime: &'static str, bytes: Vec<u8>) -> Option<BadgeImage> {
    if bytes.is_empty() || bytes.len() > MAX_IMAGE_BYTES {
        return None;
    }
    let ok = match mime {
        "image/png" => baked::is_png(&bytes),
        "image/svg+xml" => baked::looks_like_svg(&bytes),
        "image/jpeg" => bytes.starts_with(&[0xFF, 0xD8, 0xFF]),
        "image/gif" => bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a"),
        "image/webp" => bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP",
        _ => false,
    };
    ok.then_some(BadgeImage { mime, bytes })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SVG: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>"#;

    fn credential(image: Value) -> Vec<u8> {
        serde_json::to_vec(&serde_json::json!({
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "issuer": "did:example:1",
            "credentialSubject": {"achievement": {"name": "A", "image": image}}
        }))
        .unwrap()
    }

    #[test]
    fn an_embedded_data_url_image_is_returned_re_encoded() {
        let url = format!("data:image/svg+xml;base64,{}", STANDARD.encode(SVG));
        let image =
            badge_image(&credential(serde_json::json!({"id": url, "type": "Image"}))).unwrap();
        assert_eq!(image.mime, "image/svg+xml");
        assert_eq!(image.bytes, SVG.as_bytes());
        assert_eq!(image.data_url(), url);
    }

    #[test]
    fn remote_and_mislabelled_images_are_not_returned() {
        for image in [
            serde_json::json!("https://example.org/badge.png"),
            serde_json::json!(format!("data:image/png;base64,{}", STANDARD.encode(SVG))),
            serde_json::json!(format!(
                "data:text/html;base64,{}",
                STANDARD.encode("<b>x</b>")
            )),
            serde_json::json!("data:image/svg+xml,<svg/>"),
            serde_json::json!(42),
        ] {
            assert_eq!(badge_image(&credential(image.clone())), None, "{image}");
        }
    }

    #[test]
    fn oversized_images_are_refused() {
        let big = format!(
            "data:image/png;base64,{}",
            STANDARD.encode(vec![0u8; MAX_IMAGE_BYTES + 1])
        );
        assert_eq!(badge_image(&credential(serde_json::json!(big))), None);
    }

    #[test]
    fn a_baked_svg_is_its_own_picture() {
        let image = badge_image(SVG.as_bytes()).unwrap();
        assert_eq!(image.mime, "image/svg+xml");
    }

    #[test]
    fn text_that_is_not_a_credential_has_no_picture() {
        assert_eq!(badge_image(b"hello"), None);
    }
}
