//! A credential's badge picture, for display: the baked image itself (PNG or SVG), an
//! image the credential embeds as a `data:` URL, or one at a web address, fetched here
//! through [`Fetch`] (the network rules and a size cap) so the app's webview loads
//! nothing from outside. Every image is re-encoded here so only a known type with the
//! right magic bytes reaches the screen.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::Value;

use super::baked;
use crate::net::{Fetch, Kind};

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

/// Where a credential's picture comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Picture {
    /// In the credential itself: the baked image, or a `data:` URL.
    Inline(BadgeImage),
    /// At a web address (`https://`), to fetch with [`fetch_image`].
    Remote(String),
    /// The credential names no picture Cairn can show.
    Missing,
}

/// The properties a badge picture is found in, most specific first.
const IMAGE_POINTERS: [&str; 4] = [
    "/credentialSubject/achievement/image",
    "/badge/image",
    "/image",
    "/credentialSubject/image",
];

/// The picture of a credential stored as `original`: the first image property that
/// is usable, inline or at a web address.
pub fn picture(original: &[u8]) -> Picture {
    if baked::is_png(original) {
        return checked("image/png", original.to_vec()).map_or(Picture::Missing, Picture::Inline);
    }
    if baked::looks_like_svg(original) {
        return checked("image/svg+xml", original.to_vec())
            .map_or(Picture::Missing, Picture::Inline);
    }
    let Some(parsed) = super::parse(original).ok() else {
        return Picture::Missing;
    };
    let Some(doc) = parsed.document() else {
        return Picture::Missing;
    };
    IMAGE_POINTERS
        .iter()
        .filter_map(|pointer| doc.pointer(pointer))
        .find_map(from_value)
        .unwrap_or(Picture::Missing)
}

/// The picture to show for `original` without using the network, if it has one.
pub fn badge_image(original: &[u8]) -> Option<BadgeImage> {
    match picture(original) {
        Picture::Inline(image) => Some(image),
        Picture::Remote(_) | Picture::Missing => None,
    }
}

/// Fetches a picture at a web address (under the network rules, at most
/// [`MAX_IMAGE_BYTES`]) and keeps it only if its bytes are a PNG, JPEG, GIF, WebP or
/// SVG image, whatever the server said it was.
pub fn fetch_image(fetch: &dyn Fetch, url: &str) -> Option<BadgeImage> {
    let fetched = fetch.get(url, Kind::Image).ok()?;
    sniffed(fetched.body)
}

/// The image `bytes` are, judged by their magic bytes alone.
pub fn sniffed(bytes: Vec<u8>) -> Option<BadgeImage> {
    let mime = if baked::is_png(&bytes) {
        "image/png"
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        "image/jpeg"
    } else if bytes.starts_with(b"GIF8") {
        "image/gif"
    } else if bytes.starts_with(b"RIFF") {
        "image/webp"
    } else if baked::looks_like_svg(&bytes) {
        "image/svg+xml"
    } else {
        return None;
    };
    checked(mime, bytes)
}

/// An image property: a URL string, or an object whose `id` is one (OB 3.0 `Image`).
/// `None` when it is neither a usable `data:` URL nor an `https://` address.
fn from_value(value: &Value) -> Option<Picture> {
    let url = match value {
        Value::String(url) => url.as_str(),
        Value::Object(obj) => obj.get("id").and_then(Value::as_str)?,
        _ => return None,
    };
    if url.starts_with("data:") {
        return from_data_url(url).map(Picture::Inline);
    }
    // Web addresses only; the fetcher applies the network rules (https, or plain http
    // on this computer; no private addresses) to it and to every redirect.
    let web = url.starts_with("https://") || url.starts_with("http://");
    (web && url.len() <= 2048).then(|| Picture::Remote(url.to_owned()))
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
    fn a_remote_image_is_named_for_fetching_not_returned() {
        let url = "https://example.org/badge.png";
        for image in [
            serde_json::json!(url),
            serde_json::json!({"id": url, "type": "Image"}),
        ] {
            assert_eq!(badge_image(&credential(image.clone())), None, "{image}");
            assert_eq!(
                picture(&credential(image.clone())),
                Picture::Remote(url.into()),
                "{image}"
            );
        }
        for image in [
            serde_json::json!("ftp://example.org/badge.png"),
            serde_json::json!("file:///etc/passwd"),
            serde_json::json!("javascript:alert(1)"),
        ] {
            assert_eq!(
                picture(&credential(image.clone())),
                Picture::Missing,
                "{image}"
            );
        }
    }

    /// Answers every URL with the same body, to test what is kept of an answer.
    struct Answers(Vec<u8>);

    impl Fetch for Answers {
        fn get(
            &self,
            url: &str,
            kind: Kind,
        ) -> Result<crate::net::Fetched, crate::net::FetchError> {
            assert_eq!(kind, Kind::Image);
            Ok(crate::net::Fetched {
                url: url.into(),
                final_url: url.into(),
                body: self.0.clone(),
                // What the server claims is ignored: the bytes decide.
                content_type: Some("image/png".into()),
                fetched_at: chrono::Utc::now(),
                from_cache: false,
            })
        }
    }

    #[test]
    fn a_fetched_image_is_kept_only_when_its_bytes_are_an_image() {
        let got = fetch_image(&Answers(SVG.as_bytes().to_vec()), "https://a.example/b").unwrap();
        assert_eq!(got.mime, "image/svg+xml");
        let gif = b"GIF89a\x01\x00\x01\x00".to_vec();
        assert_eq!(
            fetch_image(&Answers(gif), "https://a.example/b")
                .unwrap()
                .mime,
            "image/gif"
        );
        assert_eq!(
            fetch_image(
                &Answers(b"<html><script>x</script>".to_vec()),
                "https://a.example/b"
            ),
            None
        );
        assert_eq!(
            fetch_image(&Answers(Vec::new()), "https://a.example/b"),
            None
        );
        assert_eq!(
            fetch_image(&crate::net::OfflineFetch, "https://a.example/b"),
            None
        );
    }

    #[test]
    fn mislabelled_images_are_not_returned() {
        for image in [
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
