//! Extraction of Open Badges credentials from "baked" badge images.
//!
//! A baked badge is a PNG or SVG image that carries its credential inside it:
//! Open Badges 3.0 §"Open Badges Document Formats › Baked Badge" (PNG `iTXt`
//! keyword `openbadgecredential`, SVG `<openbadges:credential>`) and the
//! Open Badges 2.0 Baking Specification (PNG `iTXt` keyword `openbadges`, legacy
//! `tEXt` keyword `openbadges`, SVG `<openbadges:assertion>`).
//!
//! This module owns exactly one job: find the embedded payload and hand it back as
//! text, together with the image kind and the Open Badges version the container
//! announces. The payload is a JSON credential or assertion, a compact JWS/VC-JWT,
//! or the URL of a hosted OB 2.0 assertion; telling those apart, parsing and
//! verifying them belong to the callers.
//!
//! Images arrive from anywhere (a learner's download folder, a share link, an
//! e-mail), so everything here treats its input as hostile. This module must never:
//! - read a file, touch the network or resolve anything an image names (no DTDs, no
//!   external entities, no URLs);
//! - expand an XML entity other than the five predefined ones and character
//!   references (no billion laughs);
//! - let a number read from the input size an allocation, or inflate past
//!   [`Limits::max_payload_bytes`] (a declared chunk length is checked against the
//!   bytes actually present, and decompression stops at the payload limit), so
//!   memory stays proportional to the input and the payload limit;
//! - recurse on input depth, panic, or use `unsafe`.

use std::borrow::Cow;

use quick_xml::XmlVersion;
use quick_xml::escape::{EscapeError, resolve_predefined_entity};
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::reader::NsReader;

/// The eight bytes every PNG datastream starts with (PNG §5.2).
const PNG_SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];

/// PNG §5.3 and §7.1: a chunk length is a PNG four-byte unsigned integer, whose
/// range is limited to 0..=2^31-1.
const PNG_MAX_CHUNK_LENGTH: usize = 0x7fff_ffff;

/// `iTXt` keyword for an Open Badges 3.0 credential (OB 3.0 §"Baked Badge › PNG").
const KEYWORD_OB3: &[u8] = b"openbadgecredential";

/// `iTXt` / legacy `tEXt` keyword for an Open Badges 2.0 assertion (OB 2.0 Baking).
const KEYWORD_OB2: &[u8] = b"openbadges";

/// Namespace the OB 3.0 baking section binds to the `openbadges` prefix.
const NS_OB3: &str = "https://purl.imsglobal.org/ob/v3p0";

/// Namespace the OB 2.0 baking specification binds to the `openbadges` prefix.
const NS_OB2: &str = "http://openbadges.org";

/// The prefix both specifications use; matched literally as well, because bakers
/// in the wild forget the `xmlns:openbadges` declaration.
const OB_PREFIX: &str = "openbadges";

const UTF8_BOM: &[u8] = b"\xef\xbb\xbf";

/// How much of the start of a file [`looks_like_svg`] inspects. Editors put an XML
/// declaration, a generator comment and a DOCTYPE (Illustrator's carries a dozen
/// entity declarations) before `<svg`; 8 KiB covers them without reading a
/// whole file just to sniff it.
const SVG_SNIFF_WINDOW: usize = 8 * 1024;

const PNG: &str = "PNG";
const SVG: &str = "SVG";

/// The image container a badge was baked into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImageKind {
    /// A PNG image carrying the payload in an `iTXt` (or legacy `tEXt`) chunk.
    Png,
    /// An SVG image carrying the payload in an `openbadges:` element.
    Svg,
}

/// The Open Badges version the container announces, taken from the PNG keyword
/// or the SVG element name, never from the payload itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BakedVersion {
    /// Open Badges 3.0: `iTXt` keyword `openbadgecredential` or
    /// `<openbadges:credential>`. The payload is a JSON credential or a VC-JWT.
    Ob3,
    /// Open Badges 2.0 (and the 1.x legacy `tEXt` form): keyword `openbadges` or
    /// `<openbadges:assertion>`. The payload is a JSON assertion, a compact JWS or
    /// the URL of a hosted assertion.
    Ob2,
}

/// A payload found inside a baked image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Baked {
    /// The image container the payload came from.
    pub image: ImageKind,
    /// The Open Badges version the container announced.
    pub version: BakedVersion,
    /// The payload, trimmed of surrounding whitespace and never empty: a JSON
    /// document, a compact JWS/JWT, or (OB 2.0 hosted badges) a URL. Not parsed or
    /// verified here.
    pub payload: String,
}

/// Size limits applied while extracting; see [`Limits::default`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest image accepted at all, in bytes.
    pub max_image_bytes: usize,
    /// The largest payload accepted, in bytes, after decompression and XML
    /// unescaping. Also the cap on decompressed output, so a zlib bomb stops here.
    pub max_payload_bytes: usize,
}

impl Default for Limits {
    /// 20 MiB per image and 5 MiB per payload: far above any real badge (the
    /// 1EdTech samples are under 100 KiB with payloads under 3 KiB) yet small
    /// enough that a hostile file cannot exhaust a phone's memory.
    fn default() -> Self {
        Self {
            max_image_bytes: 20 * 1024 * 1024,
            max_payload_bytes: 5 * 1024 * 1024,
        }
    }
}

/// Why no payload could be extracted.
#[derive(Debug, thiserror::Error)]
pub enum BakedError {
    /// The bytes are neither a PNG (signature) nor something that looks like SVG.
    #[error("this file is not a PNG or SVG image, the only formats Open Badges are baked into")]
    NotAnImage,
    /// A readable image with no Open Badges payload inside.
    #[error("this {image} has no Open Badges credential inside ({})", no_credential_hint(.image))]
    NoCredential {
        /// `"PNG"` or `"SVG"`.
        image: &'static str,
    },
    /// The image or the payload is over the configured [`Limits`].
    #[error("the {what} is larger than the limit of {limit} bytes")]
    TooLarge {
        /// What was too large: `"image"`, `"badge payload"` or
        /// `"decompressed badge payload"`.
        what: &'static str,
        /// The limit that was exceeded, in bytes.
        limit: usize,
    },
    /// The image is damaged or not well-formed where it matters.
    #[error("this {image} is malformed: {reason}")]
    Malformed {
        /// `"PNG"` or `"SVG"`.
        image: &'static str,
        /// What was wrong and where (byte offset).
        reason: String,
    },
    /// The SVG's badge payload uses an entity other than the XML predefined ones
    /// or a character reference. Such entities can only come from a DTD, and DTDs
    /// are never read or expanded here.
    #[error(
        "this SVG's badge uses the XML entity '&{name};', which is never expanded: DTD \
         entities can hide billion-laughs or external-file attacks"
    )]
    EntityReference {
        /// The entity name as written (truncated to 64 characters).
        name: String,
    },
}

fn no_credential_hint(image: &str) -> &'static str {
    if image == PNG {
        "no iTXt 'openbadgecredential' or 'openbadges' chunk, and no legacy tEXt 'openbadges' chunk"
    } else {
        "no <openbadges:credential> or <openbadges:assertion> element"
    }
}

fn malformed(image: &'static str, reason: impl Into<String>) -> BakedError {
    BakedError::Malformed {
        image,
        reason: reason.into(),
    }
}

fn check_image_size(bytes: &[u8], limits: &Limits) -> Result<(), BakedError> {
    if bytes.len() > limits.max_image_bytes {
        return Err(BakedError::TooLarge {
            what: "image",
            limit: limits.max_image_bytes,
        });
    }
    Ok(())
}

fn check_payload_size(len: usize, limits: &Limits) -> Result<(), BakedError> {
    if len > limits.max_payload_bytes {
        return Err(BakedError::TooLarge {
            what: "badge payload",
            limit: limits.max_payload_bytes,
        });
    }
    Ok(())
}

/// Trims the payload and refuses an empty one: an empty chunk or element is a
/// broken bake, and an empty string would only fail later with a vaguer message.
fn finish(
    image: ImageKind,
    version: BakedVersion,
    payload: &str,
    container: &str,
) -> Result<Baked, BakedError> {
    let trimmed = payload.trim();
    if trimmed.is_empty() {
        let image_name = match image {
            ImageKind::Png => PNG,
            ImageKind::Svg => SVG,
        };
        return Err(malformed(image_name, format!("{container} is empty")));
    }
    Ok(Baked {
        image,
        version,
        payload: trimmed.to_owned(),
    })
}

/// Whether `bytes` starts with the PNG signature.
pub fn is_png(bytes: &[u8]) -> bool {
    bytes.starts_with(&PNG_SIGNATURE)
}

/// A cheap sniff for SVG: after an optional UTF-8 BOM and whitespace, the first
/// element within the first 8 KiB is `svg` (optionally prefixed), possibly after an
/// XML declaration, processing instructions, comments or a DOCTYPE naming `svg`.
/// A prolog longer than the window counts as a yes, and [`extract_svg`] decides.
///
/// UTF-16 SVGs are not recognised (no known baker writes them).
pub fn looks_like_svg(bytes: &[u8]) -> bool {
    let window = bytes.get(..SVG_SNIFF_WINDOW).unwrap_or(bytes);
    let truncated = window.len() < bytes.len();
    let mut rest = window.strip_prefix(UTF8_BOM).unwrap_or(window);
    loop {
        rest = rest.trim_ascii_start();
        let terminator: &[u8] = if rest.starts_with(b"<?") {
            b"?>"
        } else if rest.starts_with(b"<!--") {
            b"-->"
        } else if let Some(doctype) = rest.strip_prefix(b"<!DOCTYPE") {
            return is_svg_name(xml_name(doctype.trim_ascii_start()));
        } else if let Some(tag) = rest.strip_prefix(b"<") {
            return is_svg_name(xml_name(tag));
        } else {
            return false;
        };
        match find(rest, terminator) {
            Some(end) => rest = rest.get(end + terminator.len()..).unwrap_or_default(),
            // The prolog runs past the window: plausible XML, let the parser judge.
            None => return truncated,
        }
    }
}

fn xml_name(bytes: &[u8]) -> &[u8] {
    let end = bytes
        .iter()
        .position(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/' | b'['))
        .unwrap_or(bytes.len());
    bytes.get(..end).unwrap_or_default()
}

fn is_svg_name(name: &[u8]) -> bool {
    name == b"svg" || name.ends_with(b":svg")
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Extracts the payload from a PNG or SVG, choosing by [`is_png`] and
/// [`looks_like_svg`].
pub fn extract(bytes: &[u8], limits: &Limits) -> Result<Baked, BakedError> {
    if is_png(bytes) {
        extract_png(bytes, limits)
    } else if looks_like_svg(bytes) {
        extract_svg(bytes, limits)
    } else {
        Err(BakedError::NotAnImage)
    }
}

// ---------------------------------------------------------------------------
// PNG
// ---------------------------------------------------------------------------

/// One chunk, borrowed from the input.
struct Chunk<'a> {
    kind: [u8; 4],
    data: &'a [u8],
    crc: u32,
    /// Byte offset of the chunk's length field, for error messages.
    offset: usize,
}

/// Reads the chunk at `offset`. Only slices the input: the declared length is
/// checked against the bytes actually present before anything is taken, so a
/// header claiming 4 GB costs nothing.
fn read_chunk(bytes: &[u8], offset: usize) -> Result<(Chunk<'_>, usize), BakedError> {
    let rest = bytes.get(offset..).unwrap_or_default();
    let Some((header, body)) = rest.split_first_chunk::<8>() else {
        return Err(malformed(
            PNG,
            format!("truncated chunk header at byte {offset} (file cut short?)"),
        ));
    };
    let [l0, l1, l2, l3, k0, k1, k2, k3] = *header;
    let declared = u32::from_be_bytes([l0, l1, l2, l3]);
    let kind = [k0, k1, k2, k3];
    let data_len = usize::try_from(declared)
        .ok()
        .filter(|&n| n <= PNG_MAX_CHUNK_LENGTH)
        .ok_or_else(|| {
            malformed(
                PNG,
                format!(
                    "chunk '{}' at byte {offset} declares {declared} bytes, over the PNG \
                     maximum of 2^31-1",
                    String::from_utf8_lossy(&kind)
                ),
            )
        })?;
    let Some((data, crc)) = body
        .split_at_checked(data_len)
        .and_then(|(data, tail)| Some((data, tail.first_chunk::<4>()?)))
    else {
        return Err(malformed(
            PNG,
            format!(
                "chunk '{}' at byte {offset} declares {data_len} bytes of data plus a 4-byte CRC \
                 but only {} bytes remain (file cut short?)",
                String::from_utf8_lossy(&kind),
                body.len()
            ),
        ));
    };
    // Cannot overflow: header, data and CRC were all just sliced out of `bytes`.
    let next = offset + 12 + data_len;
    let chunk = Chunk {
        kind,
        data,
        crc: u32::from_be_bytes(*crc),
        offset,
    };
    Ok((chunk, next))
}

/// Extracts the payload from a baked PNG.
///
/// Walks the chunks in order and takes the first `iTXt` chunk with keyword
/// `openbadgecredential` (OB 3.0). Failing that, the first `iTXt` chunk with
/// keyword `openbadges` or legacy `tEXt` chunk with keyword `openbadges` (OB 2.0).
/// Compressed `iTXt` text is inflated up to [`Limits::max_payload_bytes`]. The CRC
/// of the chunk the payload comes from is checked; other chunks are not decoded.
pub fn extract_png(bytes: &[u8], limits: &Limits) -> Result<Baked, BakedError> {
    check_image_size(bytes, limits)?;
    if !is_png(bytes) {
        return Err(BakedError::NotAnImage);
    }
    // Both specifications say to stop at the first matching chunk ("the rest of the
    // stream can be safely discarded"). An OB 3.0 chunk wins over an OB 2.0 one
    // wherever it sits, since an image re-baked for 3.0 may keep its old 2.0 chunk;
    // so an OB 2.0 payload is held while the walk goes on looking for a 3.0 one.
    let mut ob2: Option<Baked> = None;
    let mut offset = PNG_SIGNATURE.len();
    loop {
        if offset >= bytes.len() {
            // Out of chunks. A held 2.0 payload was read whole and its CRC checked,
            // so a missing IEND after it (a cut-short image) does not spoil it.
            return ob2.ok_or_else(|| {
                malformed(PNG, "the file ends without an IEND chunk (file cut short?)")
            });
        }
        let (chunk, next) = match read_chunk(bytes, offset) {
            Ok(read) => read,
            Err(err) => return ob2.ok_or(err),
        };
        offset = next;
        match &chunk.kind {
            // PNG §11.2.5: IEND marks the end of the datastream; anything after it
            // is not part of the image.
            b"IEND" => return ob2.ok_or(BakedError::NoCredential { image: PNG }),
            b"iTXt" | b"tEXt" => {}
            _ => continue,
        }
        let is_itxt = &chunk.kind == b"iTXt";
        let keyword_end = chunk.data.iter().position(|&b| b == 0);
        let keyword = keyword_end
            .and_then(|end| chunk.data.get(..end))
            .unwrap_or_default();
        let version = match keyword {
            KEYWORD_OB3 if is_itxt => BakedVersion::Ob3,
            KEYWORD_OB2 if ob2.is_none() => BakedVersion::Ob2,
            _ => continue,
        };
        let baked = read_badge_chunk(&chunk, keyword.len() + 1, version, limits)?;
        match version {
            BakedVersion::Ob3 => return Ok(baked),
            BakedVersion::Ob2 => ob2 = Some(baked),
        }
    }
}

fn read_badge_chunk(
    chunk: &Chunk<'_>,
    after_keyword: usize,
    version: BakedVersion,
    limits: &Limits,
) -> Result<Baked, BakedError> {
    let kind = String::from_utf8_lossy(&chunk.kind);
    let keyword = match version {
        BakedVersion::Ob3 => "openbadgecredential",
        BakedVersion::Ob2 => "openbadges",
    };
    let label = format!("the {kind} '{keyword}' chunk at byte {}", chunk.offset);
    // Checked only here: a damaged badge chunk must not be handed on as a
    // credential, whereas damage in pixel data is for image viewers to judge.
    let mut hasher = crc32fast::Hasher::new();
    hasher.update(&chunk.kind);
    hasher.update(chunk.data);
    if hasher.finalize() != chunk.crc {
        return Err(malformed(
            PNG,
            format!("{label} has a bad CRC (file damaged)"),
        ));
    }
    let body = chunk.data.get(after_keyword..).unwrap_or_default();
    let text = if &chunk.kind == b"iTXt" {
        read_itxt_text(body, &label, limits)?
    } else {
        check_payload_size(body.len(), limits)?;
        Cow::Owned(decode_text_chunk(body))
    };
    finish(ImageKind::Png, version, &text, &label)
}

/// Decodes an `iTXt` body after the keyword (PNG §11.3.4.5): compression flag,
/// compression method, language tag, translated keyword, text.
fn read_itxt_text<'a>(
    body: &'a [u8],
    label: &str,
    limits: &Limits,
) -> Result<Cow<'a, str>, BakedError> {
    let (Some(&flag), Some(&method)) = (body.first(), body.get(1)) else {
        return Err(malformed(PNG, format!("{label} is truncated")));
    };
    let mut fields = body.get(2..).unwrap_or_default().splitn(3, |&b| b == 0);
    let (Some(_language), Some(_translated), Some(text)) =
        (fields.next(), fields.next(), fields.next())
    else {
        return Err(malformed(
            PNG,
            format!("{label} lacks the language tag or translated keyword terminator"),
        ));
    };
    let bytes: Cow<'a, [u8]> = match (flag, method) {
        (0, _) => {
            check_payload_size(text.len(), limits)?;
            Cow::Borrowed(text)
        }
        // Both baking specifications say "Compression MUST NOT be used", but PNG
        // tools that re-save a badge may compress text chunks; accepting that costs
        // little as long as inflation is capped.
        (1, 0) => Cow::Owned(inflate_capped(text, label, limits)?),
        (1, other) => {
            return Err(malformed(
                PNG,
                format!("{label} uses unknown compression method {other}"),
            ));
        }
        (other, _) => {
            return Err(malformed(
                PNG,
                format!("{label} has invalid compression flag {other}"),
            ));
        }
    };
    // PNG §11.3.4.5: iTXt text is UTF-8.
    match bytes {
        Cow::Borrowed(b) => std::str::from_utf8(b)
            .map(Cow::Borrowed)
            .map_err(|e| malformed(PNG, format!("{label} is not valid UTF-8 ({e})"))),
        Cow::Owned(b) => String::from_utf8(b).map(Cow::Owned).map_err(|e| {
            malformed(
                PNG,
                format!(
                    "{label} is not valid UTF-8 after decompression ({})",
                    e.utf8_error()
                ),
            )
        }),
    }
}

/// Inflates zlib data, stopping with [`BakedError::TooLarge`] as soon as the
/// output would pass the payload limit: memory stays bounded by that limit however
/// much the stream claims to hold.
fn inflate_capped(data: &[u8], label: &str, limits: &Limits) -> Result<Vec<u8>, BakedError> {
    use miniz_oxide::inflate::{TINFLStatus, decompress_to_vec_zlib_with_limit};
    decompress_to_vec_zlib_with_limit(data, limits.max_payload_bytes).map_err(|e| match e.status {
        TINFLStatus::HasMoreOutput => BakedError::TooLarge {
            what: "decompressed badge payload",
            limit: limits.max_payload_bytes,
        },
        status => malformed(PNG, format!("{label} holds corrupt zlib data ({status:?})")),
    })
}

/// `tEXt` is Latin-1 by definition (PNG §11.3.4.3), but the legacy bakers put
/// ASCII URLs there and some later tools wrote UTF-8: valid UTF-8 is taken as such
/// and anything else is read as Latin-1, which cannot fail.
fn decode_text_chunk(body: &[u8]) -> String {
    match std::str::from_utf8(body) {
        Ok(text) => text.to_owned(),
        Err(_) => body.iter().map(|&b| char::from(b)).collect(),
    }
}

// ---------------------------------------------------------------------------
// SVG
// ---------------------------------------------------------------------------

/// Extracts the payload from a baked SVG.
///
/// Streams the XML (no tree, no recursion) to the first `credential` element in
/// the OB 3.0 namespace or the first `assertion` element in the OB 2.0 namespace;
/// the prefix `openbadges` is accepted whatever it is bound to. The payload is the
/// element's text and CDATA content, trimmed; if that is empty, its `verify`
/// attribute (a VC-JWT for OB 3.0, a JWS or hosted-assertion URL for OB 2.0).
///
/// A DOCTYPE is skipped unread: its entity declarations are never expanded, and a
/// reference to one inside the payload fails with [`BakedError::EntityReference`].
pub fn extract_svg(bytes: &[u8], limits: &Limits) -> Result<Baked, BakedError> {
    check_image_size(bytes, limits)?;
    let body = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    let mut reader = NsReader::from_reader(body);
    // Spelled out because the code below relies on them: self-closing badge
    // elements arrive as `Empty`, text arrives untrimmed (the payload is trimmed
    // as a whole), and a mismatched end tag is an error rather than silently
    // closing the badge element early.
    let config = reader.config_mut();
    config.expand_empty_elements = false;
    config.trim_text(false);
    config.check_end_names = true;

    // As for PNG: an OB 3.0 element wins, an OB 2.0 one is held. Holding it also
    // lets a document that breaks after a complete assertion still yield it (the
    // OB 2.0 baking example ends in a placeholder `<rest-of-document...>`); both
    // specifications say the rest "can safely be discarded".
    let mut ob2: Option<Baked> = None;
    loop {
        let (version, start, empty) = match reader.read_resolved_event() {
            Ok((ns, Event::Start(start))) => match badge_element(&ns, &start) {
                Some(version) => (version, start, false),
                None => continue,
            },
            Ok((ns, Event::Empty(start))) => match badge_element(&ns, &start) {
                Some(version) => (version, start, true),
                None => continue,
            },
            Ok((_, Event::Eof)) => {
                return ob2.ok_or(BakedError::NoCredential { image: SVG });
            }
            Ok(_) => continue,
            Err(err) => {
                return ob2.ok_or_else(|| xml_error(&reader, &err));
            }
        };
        if version == BakedVersion::Ob2 && ob2.is_some() {
            continue;
        }
        let baked = read_badge_element(&mut reader, &start, empty, version, limits)?;
        match version {
            BakedVersion::Ob3 => return Ok(baked),
            BakedVersion::Ob2 => ob2 = Some(baked),
        }
    }
}

fn xml_error<R>(reader: &NsReader<R>, err: &quick_xml::Error) -> BakedError {
    // quick-xml records `error_position` for syntax errors only; for namespace
    // and nesting errors the reader's position is the best pointer there is.
    let at = match reader.error_position() {
        0 => reader.buffer_position(),
        at => at,
    };
    malformed(SVG, format!("XML error at byte {at}: {err}"))
}

fn badge_element(ns: &ResolveResult<'_>, start: &BytesStart<'_>) -> Option<BakedVersion> {
    let (local, prefix) = start.name().decompose();
    let literal_prefix = prefix.is_some_and(|p| p.as_ref() == OB_PREFIX);
    let bound_to = |uri: &str| matches!(ns, ResolveResult::Bound(Namespace(n)) if *n == uri);
    match local.as_ref() {
        "credential" if literal_prefix || bound_to(NS_OB3) => Some(BakedVersion::Ob3),
        "assertion" if literal_prefix || bound_to(NS_OB2) => Some(BakedVersion::Ob2),
        _ => None,
    }
}

fn element_label(version: BakedVersion) -> &'static str {
    match version {
        BakedVersion::Ob3 => "the <openbadges:credential> element",
        BakedVersion::Ob2 => "the <openbadges:assertion> element",
    }
}

/// Reads the badge element whose start tag was just returned: text and CDATA up
/// to its end tag, then falls back to `verify`.
fn read_badge_element(
    reader: &mut NsReader<&[u8]>,
    start: &BytesStart<'_>,
    empty: bool,
    version: BakedVersion,
    limits: &Limits,
) -> Result<Baked, BakedError> {
    let label = element_label(version);
    let verify = verify_attribute(start, label, limits)?;
    let mut content = String::new();
    if !empty {
        loop {
            let event = reader.read_event().map_err(|e| xml_error(reader, &e))?;
            let piece: Cow<'_, str> = match event {
                // Line endings normalised as XML 1.0 §2.11 has any parser do.
                Event::Text(text) => text.xml10_content(),
                Event::CData(cdata) => cdata.xml10_content(),
                Event::GeneralRef(reference) => Cow::Owned(resolve_reference(&reference)?),
                Event::End(_) => break,
                Event::Start(child) | Event::Empty(child) => {
                    // Both specifications put only the payload in the element; a
                    // child element means this is not a bake we understand.
                    return Err(malformed(
                        SVG,
                        format!(
                            "{label} contains a <{}> element; it must hold only text or CDATA",
                            truncate(child.name().as_ref())
                        ),
                    ));
                }
                Event::Eof => {
                    return Err(malformed(SVG, format!("the document ends inside {label}")));
                }
                Event::Comment(_) | Event::PI(_) | Event::Decl(_) | Event::DocType(_) => continue,
            };
            check_payload_size(content.len().saturating_add(piece.len()), limits)?;
            content.push_str(&piece);
        }
    }
    // OB 2.0 Baking §"Extracting": "If the tag has no body, the verify attribute
    // will contain the signature"; OB 3.0 puts a VC-JWT there the same way.
    if content.trim().is_empty()
        && let Some(verify) = verify
    {
        return finish(
            ImageKind::Svg,
            version,
            &verify,
            &format!("the verify attribute of {label}"),
        );
    }
    finish(ImageKind::Svg, version, &content, label)
}

/// The `verify` attribute (unprefixed, or with the `openbadges` prefix), with
/// predefined entities and character references resolved and nothing else.
fn verify_attribute(
    start: &BytesStart<'_>,
    label: &str,
    limits: &Limits,
) -> Result<Option<String>, BakedError> {
    // Duplicate checks are off: only the first `verify` matters, and the scan stays
    // linear however many attributes a hostile tag carries.
    for attribute in start.attributes().with_checks(false) {
        let attribute =
            attribute.map_err(|e| malformed(SVG, format!("bad attribute on {label}: {e}")))?;
        let (local, prefix) = attribute.key.decompose();
        if local.as_ref() != "verify" || prefix.is_some_and(|p| p.as_ref() != OB_PREFIX) {
            continue;
        }
        check_payload_size(attribute.value.len(), limits)?;
        let value = attribute
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|e| match e {
                quick_xml::Error::Escape(EscapeError::UnrecognizedEntity(_, name)) => {
                    BakedError::EntityReference {
                        name: truncate(&name),
                    }
                }
                other => malformed(SVG, format!("bad verify attribute on {label}: {other}")),
            })?;
        return Ok(Some(value.into_owned()));
    }
    Ok(None)
}

/// Resolves `&name;` inside the payload: character references and the five
/// predefined entities only. Anything else would have to come from a DTD.
fn resolve_reference(reference: &BytesRef<'_>) -> Result<String, BakedError> {
    match reference.resolve_char_ref() {
        Ok(Some(ch)) => return Ok(ch.to_string()),
        Ok(None) => {}
        Err(e) => {
            return Err(malformed(
                SVG,
                format!("bad character reference '&{};': {e}", truncate(reference)),
            ));
        }
    }
    resolve_predefined_entity(reference)
        .map(str::to_owned)
        .ok_or_else(|| BakedError::EntityReference {
            name: truncate(reference),
        })
}

/// Keeps names from hostile input short enough to show in an error message.
fn truncate(name: &str) -> String {
    name.chars().take(64).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::vectors_dir;
    use std::collections::BTreeSet;
    use std::path::Path;
    use std::time::{Duration, Instant};

    const OB3_JSON: &str = r#"{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential","OpenBadgeCredential"]}"#;
    const OB2_JSON: &str = r#"{"@context":"https://w3id.org/openbadges/v2","type":"Assertion"}"#;
    const JWS: &str = "eyJhbGciOiJFZERTQSJ9.eyJpc3MiOiJkaWQ6ZXhhbXBsZSJ9.c2lnbmF0dXJl";
    const HOSTED_URL: &str = "https://example.org/assertions/123";

    // ----- shared vectors ---------------------------------------------------

    #[derive(Debug, Clone, Copy)]
    enum Shape {
        /// A JSON object whose `type` names the version's document type.
        Json,
        /// A compact JWS whose payload part decodes to a JSON object.
        Jwt,
        /// Three dot-separated parts, content not decodable (spec placeholder).
        JwsPlaceholder,
    }

    #[derive(Debug, Clone, Copy)]
    enum Expect {
        Payload(ImageKind, BakedVersion, Shape),
        NoCredential,
    }

    use BakedVersion::{Ob2, Ob3};
    use ImageKind::{Png, Svg};

    /// Every PNG and SVG in the baking-related vector folders, with what it holds
    /// (from SOURCES.md and expected-thirdparty.json).
    const VECTORS: &[(&str, Expect)] = &[
        // BadgeClass images the OB 2.0 validator serves as hosted `image`s: plain
        // PNGs, nothing baked in.
        (
            "1edtech-validator/ob20/assets/beths-robot-badge.png",
            Expect::NoCredential,
        ),
        (
            "1edtech-validator/ob20/assets/robotics-badge.png",
            Expect::NoCredential,
        ),
        (
            "1edtech-validator/ob20/simple-badge.png",
            Expect::Payload(Png, Ob2, Shape::Json),
        ),
        (
            "1edtech-validator/ob30/simple-json.png",
            Expect::Payload(Png, Ob3, Shape::Json),
        ),
        (
            "1edtech-validator/ob30/simple-json.svg",
            Expect::Payload(Svg, Ob3, Shape::Json),
        ),
        (
            "1edtech-validator/ob30/simple-jwt.png",
            Expect::Payload(Png, Ob3, Shape::Jwt),
        ),
        (
            "1edtech-validator/ob30/simple-jwt.svg",
            Expect::Payload(Svg, Ob3, Shape::Jwt),
        ),
        (
            "1edtech-validator/ob30/simple-jwt_v1.png",
            Expect::Payload(Png, Ob3, Shape::Jwt),
        ),
        (
            "1edtech-validator/ob30/simple-jwt_v1.svg",
            Expect::Payload(Svg, Ob3, Shape::Jwt),
        ),
        // Body (CDATA JSON) and `verify` URL both present: the body wins, per OB 2.0
        // Baking §"Extracting". The document is broken after the element.
        (
            "spec-baking-examples/ob2-baked-hosted-example.svg",
            Expect::Payload(Svg, Ob2, Shape::Json),
        ),
        (
            "spec-baking-examples/ob3-baked-embedded-proof-example.svg",
            Expect::Payload(Svg, Ob3, Shape::Json),
        ),
        (
            "spec-baking-examples/ob3-baked-vcjwt-example.svg",
            Expect::Payload(Svg, Ob3, Shape::JwsPlaceholder),
        ),
    ];

    fn image_files_under(root: &Path, relative: &str, found: &mut BTreeSet<String>) {
        let mut pending = vec![root.join(relative)];
        while let Some(dir) = pending.pop() {
            let entries = std::fs::read_dir(&dir)
                .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
            for entry in entries {
                let path = entry.expect("directory entry").path();
                if path.is_dir() {
                    pending.push(path);
                } else if matches!(
                    path.extension().and_then(|e| e.to_str()),
                    Some("png" | "svg")
                ) {
                    let rel = path.strip_prefix(root).expect("path under root");
                    let rel = rel
                        .components()
                        .map(|c| c.as_os_str().to_string_lossy().into_owned())
                        .collect::<Vec<_>>()
                        .join("/");
                    found.insert(rel);
                }
            }
        }
    }

    fn base64url_decode(text: &str) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        let (mut acc, mut bits) = (0u32, 0u32);
        for c in text.bytes() {
            let value = match c {
                b'A'..=b'Z' => c - b'A',
                b'a'..=b'z' => c - b'a' + 26,
                b'0'..=b'9' => c - b'0' + 52,
                b'-' => 62,
                b'_' => 63,
                _ => return None,
            };
            acc = (acc << 6) | u32::from(value);
            bits += 6;
            if bits >= 8 {
                bits -= 8;
                out.push(u8::try_from(acc >> bits).ok()?);
                acc &= (1 << bits) - 1;
            }
        }
        Some(out)
    }

    fn assert_shape(name: &str, baked: &Baked, shape: Shape) {
        let payload = &baked.payload;
        match shape {
            Shape::Json => {
                let value: serde_json::Value = serde_json::from_str(payload)
                    .unwrap_or_else(|e| panic!("{name}: payload is not JSON: {e}"));
                let types = &value["type"];
                let names_type = |wanted: &str| {
                    types == wanted
                        || types
                            .as_array()
                            .is_some_and(|list| list.iter().any(|t| t == wanted))
                };
                match baked.version {
                    Ob3 => assert!(names_type("OpenBadgeCredential"), "{name}: {types}"),
                    Ob2 => assert!(names_type("Assertion"), "{name}: {types}"),
                }
            }
            Shape::Jwt => {
                let parts: Vec<&str> = payload.split('.').collect();
                assert_eq!(parts.len(), 3, "{name}: not a compact JWS");
                let claims = base64url_decode(parts[1])
                    .unwrap_or_else(|| panic!("{name}: JWS payload is not base64url"));
                let claims: serde_json::Value = serde_json::from_slice(&claims)
                    .unwrap_or_else(|e| panic!("{name}: JWS payload is not JSON: {e}"));
                assert!(claims.is_object(), "{name}: JWS payload is not an object");
                assert!(
                    base64url_decode(parts[0]).is_some() && base64url_decode(parts[2]).is_some()
                );
            }
            Shape::JwsPlaceholder => {
                let parts: Vec<&str> = payload.split('.').collect();
                assert_eq!(parts.len(), 3, "{name}: not a compact JWS");
                assert!(parts.iter().all(|p| !p.is_empty()), "{name}");
            }
        }
    }

    #[test]
    fn every_vector_image_extracts_as_documented() {
        let root = vectors_dir();
        let mut on_disk = BTreeSet::new();
        for dir in [
            "1edtech-validator/ob30",
            "1edtech-validator/ob20",
            "spec-baking-examples",
        ] {
            image_files_under(&root, dir, &mut on_disk);
        }
        let listed: BTreeSet<String> = VECTORS.iter().map(|(n, _)| (*n).to_owned()).collect();
        assert_eq!(
            on_disk, listed,
            "the vector images on disk and the expectations in this test differ"
        );

        for (name, expect) in VECTORS {
            let bytes = std::fs::read(root.join(name)).expect("read vector");
            let result = extract(&bytes, &Limits::default());
            match *expect {
                Expect::NoCredential => assert!(
                    matches!(result, Err(BakedError::NoCredential { image: "PNG" })),
                    "{name}: {result:?}"
                ),
                Expect::Payload(image, version, shape) => {
                    let baked = result.unwrap_or_else(|e| panic!("{name}: {e}"));
                    assert_eq!(baked.image, image, "{name}");
                    assert_eq!(baked.version, version, "{name}");
                    assert_eq!(baked.payload, baked.payload.trim(), "{name}");
                    assert_shape(name, &baked, shape);
                }
            }
        }
    }

    #[test]
    fn spec_ob2_svg_broken_after_the_assertion_still_yields_it() {
        let bytes =
            std::fs::read(vectors_dir().join("spec-baking-examples/ob2-baked-hosted-example.svg"))
                .expect("read vector");
        // The document really is broken: a strict parse of the whole file fails.
        let mut reader = quick_xml::Reader::from_reader(bytes.as_slice());
        let whole = loop {
            match reader.read_event() {
                Ok(Event::Eof) => break Ok(()),
                Ok(_) => {}
                Err(e) => break Err(e),
            }
        };
        assert!(whole.is_err(), "expected the spec example to be ill-formed");

        let baked =
            extract_svg(&bytes, &Limits::default()).expect("assertion read before the error");
        let value: serde_json::Value = serde_json::from_str(&baked.payload).expect("JSON");
        assert_eq!(value["id"], "https://example.org/assertions/123");
    }

    #[test]
    fn mutated_vector_images_never_panic() {
        let root = vectors_dir();
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for (name, _) in VECTORS {
            let original = std::fs::read(root.join(name)).expect("read vector");
            for _ in 0..200 {
                let mut bytes = original.clone();
                for _ in 0..(1 + next() % 4) {
                    let at = usize::try_from(next() % bytes.len() as u64).expect("index");
                    bytes[at] = u8::try_from(next() & 0xff).expect("byte");
                }
                let cut = usize::try_from(next() % (bytes.len() as u64 + 1)).expect("cut");
                let _ = extract(&bytes, &Limits::default());
                let _ = extract(&bytes[..cut], &Limits::default());
            }
        }
    }

    // ----- PNG builders -----------------------------------------------------

    fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut out = u32::try_from(data.len())
            .expect("test chunk fits")
            .to_be_bytes()
            .to_vec();
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        let mut hasher = crc32fast::Hasher::new();
        hasher.update(kind);
        hasher.update(data);
        out.extend_from_slice(&hasher.finalize().to_be_bytes());
        out
    }

    fn itxt_data(keyword: &str, compressed: bool, text: &[u8]) -> Vec<u8> {
        let mut data = keyword.as_bytes().to_vec();
        data.extend_from_slice(&[0, u8::from(compressed), 0]);
        data.extend_from_slice(b"\0\0"); // empty language tag, empty translated keyword
        if compressed {
            data.extend(miniz_oxide::deflate::compress_to_vec_zlib(text, 6));
        } else {
            data.extend_from_slice(text);
        }
        data
    }

    fn itxt(keyword: &str, text: &str) -> Vec<u8> {
        chunk(b"iTXt", &itxt_data(keyword, false, text.as_bytes()))
    }

    fn itxt_zlib(keyword: &str, text: &[u8]) -> Vec<u8> {
        chunk(b"iTXt", &itxt_data(keyword, true, text))
    }

    fn text(keyword: &str, value: &[u8]) -> Vec<u8> {
        let mut data = keyword.as_bytes().to_vec();
        data.push(0);
        data.extend_from_slice(value);
        chunk(b"tEXt", &data)
    }

    fn idat() -> Vec<u8> {
        // One 1x1 greyscale scanline: filter byte 0, pixel 0.
        chunk(
            b"IDAT",
            &miniz_oxide::deflate::compress_to_vec_zlib(&[0, 0], 6),
        )
    }

    fn iend() -> Vec<u8> {
        chunk(b"IEND", &[])
    }

    /// Signature, IHDR, the given chunks, IEND.
    fn png(chunks: &[Vec<u8>]) -> Vec<u8> {
        let mut out = PNG_SIGNATURE.to_vec();
        out.extend(chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]));
        for c in chunks {
            out.extend_from_slice(c);
        }
        out.extend(iend());
        out
    }

    fn limits(max_payload_bytes: usize) -> Limits {
        Limits {
            max_payload_bytes,
            ..Limits::default()
        }
    }

    fn assert_fast(started: Instant) {
        let elapsed = started.elapsed();
        assert!(elapsed < Duration::from_secs(2), "took {elapsed:?}");
    }

    // ----- PNG --------------------------------------------------------------

    #[test]
    fn uncompressed_itxt_openbadgecredential_is_ob3() {
        let bytes = png(&[itxt("openbadgecredential", OB3_JSON), idat()]);
        let baked = extract_png(&bytes, &Limits::default()).expect("extract");
        assert_eq!(
            baked,
            Baked {
                image: Png,
                version: Ob3,
                payload: OB3_JSON.to_owned()
            }
        );
    }

    #[test]
    fn uncompressed_itxt_openbadges_is_ob2() {
        let bytes = png(&[idat(), itxt("openbadges", &format!("  {JWS}\n"))]);
        let baked = extract(&bytes, &Limits::default()).expect("extract");
        assert_eq!((baked.image, baked.version), (Png, Ob2));
        assert_eq!(
            baked.payload, JWS,
            "whitespace around the payload is trimmed"
        );
    }

    #[test]
    fn zlib_compressed_itxt_is_inflated() {
        let bytes = png(&[
            itxt_zlib("openbadgecredential", OB3_JSON.as_bytes()),
            idat(),
        ]);
        let baked = extract_png(&bytes, &Limits::default()).expect("extract");
        assert_eq!((baked.version, baked.payload.as_str()), (Ob3, OB3_JSON));
    }

    #[test]
    fn itxt_with_language_tag_and_translated_keyword_is_read() {
        let mut data = b"openbadgecredential\0\0\0en-GB\0Open Badge credential\0".to_vec();
        data.extend_from_slice(JWS.as_bytes());
        let bytes = png(&[chunk(b"iTXt", &data)]);
        let baked = extract_png(&bytes, &Limits::default()).expect("extract");
        assert_eq!(baked.payload, JWS);
    }

    #[test]
    fn legacy_text_chunk_openbadges_is_ob2_url() {
        let bytes = png(&[text("openbadges", HOSTED_URL.as_bytes()), idat()]);
        let baked = extract_png(&bytes, &Limits::default()).expect("extract");
        assert_eq!((baked.version, baked.payload.as_str()), (Ob2, HOSTED_URL));
    }

    #[test]
    fn legacy_text_chunk_is_read_as_latin1_when_not_utf8() {
        let bytes = png(&[text("openbadges", b"https://example.org/caf\xe9")]);
        let baked = extract_png(&bytes, &Limits::default()).expect("extract");
        assert_eq!(baked.payload, "https://example.org/caf\u{e9}");
    }

    #[test]
    fn text_chunk_with_ob3_keyword_is_not_a_badge() {
        // OB 3.0 bakes into iTXt only; a tEXt 'openbadgecredential' is someone else's.
        let bytes = png(&[text("openbadgecredential", OB3_JSON.as_bytes())]);
        let err = extract_png(&bytes, &Limits::default()).expect_err("no badge");
        assert!(
            matches!(err, BakedError::NoCredential { image: "PNG" }),
            "{err:?}"
        );
    }

    #[test]
    fn itxt_after_idat_is_found() {
        let bytes = png(&[
            idat(),
            idat(),
            text("Software", b"test"),
            itxt("Comment", "not a badge"),
            itxt("openbadgecredential", OB3_JSON),
        ]);
        let baked = extract_png(&bytes, &Limits::default()).expect("extract");
        assert_eq!(baked.payload, OB3_JSON);
    }

    #[test]
    fn both_keywords_prefer_openbadgecredential_in_either_order() {
        for chunks in [
            vec![
                itxt("openbadges", OB2_JSON),
                idat(),
                itxt("openbadgecredential", OB3_JSON),
            ],
            vec![
                itxt("openbadgecredential", OB3_JSON),
                itxt("openbadges", OB2_JSON),
                idat(),
            ],
            vec![
                text("openbadges", HOSTED_URL.as_bytes()),
                itxt("openbadgecredential", OB3_JSON),
            ],
        ] {
            let baked = extract_png(&png(&chunks), &Limits::default()).expect("extract");
            assert_eq!((baked.version, baked.payload.as_str()), (Ob3, OB3_JSON));
        }
    }

    #[test]
    fn only_the_first_matching_chunk_counts() {
        let bytes = png(&[
            itxt("openbadgecredential", OB3_JSON),
            itxt("openbadgecredential", JWS),
        ]);
        assert_eq!(
            extract_png(&bytes, &Limits::default())
                .expect("extract")
                .payload,
            OB3_JSON
        );

        let bytes = png(&[
            itxt("openbadges", OB2_JSON),
            text("openbadges", HOSTED_URL.as_bytes()),
        ]);
        assert_eq!(
            extract_png(&bytes, &Limits::default())
                .expect("extract")
                .payload,
            OB2_JSON
        );
    }

    #[test]
    fn first_matching_chunk_that_is_broken_is_an_error_not_skipped() {
        let bad = chunk(b"iTXt", b"openbadgecredential\0\0\0\0\0\xff\xfe");
        let bytes = png(&[bad, itxt("openbadgecredential", OB3_JSON)]);
        let err = extract_png(&bytes, &Limits::default()).expect_err("bad UTF-8");
        assert!(
            matches!(err, BakedError::Malformed { image: "PNG", ref reason } if reason.contains("UTF-8")),
            "{err}"
        );
    }

    #[test]
    fn itxt_declaring_4gb_length_fails_fast_without_allocating() {
        let mut bytes = png(&[]);
        bytes.truncate(bytes.len() - 12); // drop IEND
        bytes.extend_from_slice(&u32::MAX.to_be_bytes());
        bytes.extend_from_slice(b"iTXt");
        bytes.extend_from_slice(b"openbadgecredential\0\0\0\0\0{}");
        let started = Instant::now();
        let err = extract_png(&bytes, &Limits::default()).expect_err("bogus length");
        assert_fast(started);
        assert!(
            matches!(err, BakedError::Malformed { image: "PNG", ref reason } if reason.contains("4294967295")),
            "{err}"
        );
    }

    #[test]
    fn chunk_longer_than_the_file_is_malformed() {
        let mut bytes = png(&[]);
        bytes.truncate(bytes.len() - 12);
        bytes.extend_from_slice(&0x7fff_ffffu32.to_be_bytes());
        bytes.extend_from_slice(b"iTXt");
        bytes.extend_from_slice(b"openbadgecredential\0\0\0\0\0{}");
        let err = extract_png(&bytes, &Limits::default()).expect_err("truncated");
        assert!(
            matches!(err, BakedError::Malformed { image: "PNG", ref reason } if reason.contains("remain")),
            "{err}"
        );
    }

    #[test]
    fn zlib_bomb_in_itxt_is_too_large() {
        let zeros = vec![0u8; 50 * 1024 * 1024];
        let bytes = png(&[itxt_zlib("openbadgecredential", &zeros), idat()]);
        drop(zeros);
        assert!(
            bytes.len() < 200 * 1024,
            "the bomb should be small: {}",
            bytes.len()
        );
        let started = Instant::now();
        let err = extract_png(&bytes, &Limits::default()).expect_err("bomb");
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "took {:?}",
            started.elapsed()
        );
        assert!(
            matches!(
                err,
                BakedError::TooLarge { what: "decompressed badge payload", limit } if limit == 5 * 1024 * 1024
            ),
            "{err:?}"
        );
    }

    #[test]
    fn compressed_payload_just_over_the_limit_is_too_large() {
        let text = "a".repeat(1025);
        let bytes = png(&[itxt_zlib("openbadges", text.as_bytes())]);
        let err = extract_png(&bytes, &limits(1024)).expect_err("over");
        assert!(
            matches!(err, BakedError::TooLarge { limit: 1024, .. }),
            "{err:?}"
        );
        let ok = extract_png(
            &png(&[itxt_zlib("openbadges", &text.as_bytes()[..1000])]),
            &limits(1024),
        );
        assert!(ok.is_ok(), "{ok:?}");
    }

    #[test]
    fn corrupt_zlib_stream_is_malformed() {
        let mut data = itxt_data("openbadgecredential", true, OB3_JSON.as_bytes());
        let len = data.len();
        data.truncate(len - 8); // lose the end of the deflate stream and the Adler-32
        let err =
            extract_png(&png(&[chunk(b"iTXt", &data)]), &Limits::default()).expect_err("corrupt");
        assert!(
            matches!(err, BakedError::Malformed { image: "PNG", ref reason } if reason.contains("zlib")),
            "{err}"
        );
    }

    #[test]
    fn unknown_compression_method_is_malformed() {
        let mut data = b"openbadgecredential\0\x01\x07\0\0".to_vec();
        data.extend_from_slice(b"xxxx");
        let err =
            extract_png(&png(&[chunk(b"iTXt", &data)]), &Limits::default()).expect_err("method");
        assert!(
            matches!(err, BakedError::Malformed { ref reason, .. } if reason.contains("compression method 7")),
            "{err}"
        );
    }

    #[test]
    fn uncompressed_payload_over_limit_is_too_large() {
        let bytes = png(&[itxt("openbadgecredential", &"x".repeat(200))]);
        let err = extract_png(&bytes, &limits(100)).expect_err("over");
        assert!(
            matches!(
                err,
                BakedError::TooLarge {
                    what: "badge payload",
                    limit: 100
                }
            ),
            "{err:?}"
        );
        let bytes = png(&[text("openbadges", &[b'x'; 200])]);
        let err = extract_png(&bytes, &limits(100)).expect_err("over");
        assert!(
            matches!(
                err,
                BakedError::TooLarge {
                    what: "badge payload",
                    ..
                }
            ),
            "{err:?}"
        );
    }

    #[test]
    fn image_over_limit_is_too_large_before_parsing() {
        let bytes = png(&[itxt("openbadgecredential", OB3_JSON)]);
        let small = Limits {
            max_image_bytes: bytes.len() - 1,
            ..Limits::default()
        };
        for result in [extract(&bytes, &small), extract_png(&bytes, &small)] {
            assert!(
                matches!(result, Err(BakedError::TooLarge { what: "image", .. })),
                "{result:?}"
            );
        }
    }

    #[test]
    fn bad_crc_on_badge_chunk_is_malformed() {
        let mut badge = itxt("openbadgecredential", OB3_JSON);
        let last = badge.len() - 1;
        badge[last] ^= 0xff;
        let err = extract_png(&png(&[badge]), &Limits::default()).expect_err("crc");
        assert!(
            matches!(err, BakedError::Malformed { ref reason, .. } if reason.contains("CRC")),
            "{err}"
        );
    }

    #[test]
    fn truncated_png_fails_until_the_badge_chunk_is_complete() {
        let head = png(&[idat()]);
        let head_len = head.len() - 12; // everything before IEND
        let full = png(&[idat(), itxt("openbadgecredential", OB3_JSON), idat()]);
        let badge_end = head_len + itxt("openbadgecredential", OB3_JSON).len();
        for cut in 0..full.len() {
            let result = extract_png(&full[..cut], &Limits::default());
            if cut < PNG_SIGNATURE.len() {
                assert!(
                    matches!(result, Err(BakedError::NotAnImage)),
                    "cut {cut}: {result:?}"
                );
            } else if cut < badge_end {
                assert!(
                    matches!(result, Err(BakedError::Malformed { image: "PNG", .. })),
                    "cut {cut}: {result:?}"
                );
            } else {
                // The spec stops at the badge chunk; the rest may be missing.
                assert!(result.is_ok(), "cut {cut}: {result:?}");
            }
        }
    }

    #[test]
    fn bad_signature_is_not_an_image() {
        let mut bytes = png(&[itxt("openbadgecredential", OB3_JSON)]);
        bytes[1] = b'p';
        assert!(!is_png(&bytes));
        assert!(matches!(
            extract_png(&bytes, &Limits::default()),
            Err(BakedError::NotAnImage)
        ));
        assert!(matches!(
            extract(&bytes, &Limits::default()),
            Err(BakedError::NotAnImage)
        ));
        for other in [
            &b""[..],
            b"GIF89a\x01\x00",
            b"{\"type\":\"Assertion\"}",
            b"\x89PNG",
        ] {
            assert!(
                matches!(
                    extract(other, &Limits::default()),
                    Err(BakedError::NotAnImage)
                ),
                "{other:?}"
            );
        }
    }

    #[test]
    fn png_without_badge_has_no_credential() {
        let bytes = png(&[
            idat(),
            text("Software", b"GIMP"),
            itxt("XML:com.adobe.xmp", "<x/>"),
        ]);
        let err = extract(&bytes, &Limits::default()).expect_err("no badge");
        assert!(
            matches!(err, BakedError::NoCredential { image: "PNG" }),
            "{err:?}"
        );
        assert_eq!(
            err.to_string(),
            "this PNG has no Open Badges credential inside (no iTXt 'openbadgecredential' or \
             'openbadges' chunk, and no legacy tEXt 'openbadges' chunk)"
        );
    }

    #[test]
    fn chunks_after_iend_are_ignored() {
        let mut bytes = png(&[idat()]);
        bytes.extend(itxt("openbadgecredential", OB3_JSON));
        let err = extract_png(&bytes, &Limits::default()).expect_err("after IEND");
        assert!(matches!(err, BakedError::NoCredential { .. }), "{err:?}");
    }

    #[test]
    fn png_ending_without_iend_or_badge_is_malformed() {
        let mut bytes = png(&[idat()]);
        bytes.truncate(bytes.len() - 12);
        let err = extract_png(&bytes, &Limits::default()).expect_err("no IEND");
        assert!(
            matches!(err, BakedError::Malformed { ref reason, .. } if reason.contains("IEND")),
            "{err}"
        );
    }

    #[test]
    fn empty_badge_chunk_is_malformed() {
        let err = extract_png(
            &png(&[itxt("openbadgecredential", "  ")]),
            &Limits::default(),
        )
        .expect_err("empty");
        assert!(
            matches!(err, BakedError::Malformed { ref reason, .. } if reason.contains("is empty")),
            "{err}"
        );
    }

    // ----- SVG --------------------------------------------------------------

    const SVG_OPEN: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0" viewBox="0 0 512 512">"#;

    fn svg(inner: &str) -> Vec<u8> {
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{SVG_OPEN}\n{inner}\n<circle r=\"4\"/>\n</svg>\n")
            .into_bytes()
    }

    fn svg_with_doctype(doctype: &str, inner: &str) -> Vec<u8> {
        format!("<?xml version=\"1.0\"?>\n{doctype}\n{SVG_OPEN}\n{inner}\n</svg>\n").into_bytes()
    }

    #[test]
    fn svg_element_text_is_extracted_with_predefined_entities_resolved() {
        let bytes = svg(
            "<openbadges:credential>\n  {&quot;name&quot;:&quot;R&amp;D &lt;3 &#x263A;&#9731;&quot;}\n</openbadges:credential>",
        );
        let baked = extract_svg(&bytes, &Limits::default()).expect("extract");
        assert_eq!((baked.image, baked.version), (Svg, Ob3));
        assert_eq!(baked.payload, "{\"name\":\"R&D <3 \u{263a}\u{2603}\"}");
    }

    #[test]
    fn svg_cdata_is_extracted() {
        let bytes = svg(&format!(
            "<openbadges:credential>\n  <![CDATA[\n{OB3_JSON}\n]]>\n</openbadges:credential>"
        ));
        let baked = extract(&bytes, &Limits::default()).expect("extract");
        assert_eq!(
            (baked.image, baked.version, baked.payload.as_str()),
            (Svg, Ob3, OB3_JSON)
        );
    }

    #[test]
    fn svg_verify_attribute_is_the_payload_when_the_element_is_empty() {
        let cases = [
            (
                format!(
                    r#"<openbadges:assertion xmlns:openbadges="http://openbadges.org" verify="{HOSTED_URL}"/>"#
                ),
                Ob2,
                HOSTED_URL,
            ),
            (
                format!(
                    r#"<openbadges:assertion xmlns:openbadges="http://openbadges.org" verify="{HOSTED_URL}">  </openbadges:assertion>"#
                ),
                Ob2,
                HOSTED_URL,
            ),
            (
                format!(r#"<openbadges:credential verify="{JWS}"></openbadges:credential>"#),
                Ob3,
                JWS,
            ),
        ];
        for (inner, version, payload) in cases {
            let baked = extract_svg(&svg(&inner), &Limits::default()).expect("extract");
            assert_eq!(
                (baked.version, baked.payload.as_str()),
                (version, payload),
                "{inner}"
            );
        }
    }

    #[test]
    fn svg_body_wins_over_verify_attribute() {
        let inner = format!(
            r#"<openbadges:assertion verify="{HOSTED_URL}"><![CDATA[{OB2_JSON}]]></openbadges:assertion>"#
        );
        let baked = extract_svg(&svg(&inner), &Limits::default()).expect("extract");
        assert_eq!(baked.payload, OB2_JSON);
    }

    #[test]
    fn svg_verify_attribute_entities_are_resolved_only_if_predefined() {
        let inner = r#"<openbadges:assertion verify="https://example.org/a?x=1&amp;y=2"/>"#;
        let baked = extract_svg(&svg(inner), &Limits::default()).expect("extract");
        assert_eq!(baked.payload, "https://example.org/a?x=1&y=2");
    }

    #[test]
    fn svg_billion_laughs_is_never_expanded() {
        let mut doctype = String::from("<!DOCTYPE svg [\n  <!ENTITY lol \"lol\">\n");
        for level in 1..=9 {
            let previous = if level == 1 {
                "lol".to_owned()
            } else {
                format!("lol{}", level - 1)
            };
            doctype.push_str(&format!(
                "  <!ENTITY lol{level} \"{}\">\n",
                format!("&{previous};").repeat(10)
            ));
        }
        doctype.push_str("]>");

        let started = Instant::now();
        let in_body = svg_with_doctype(
            &doctype,
            "<openbadges:credential>&lol9;</openbadges:credential>",
        );
        let err = extract_svg(&in_body, &Limits::default()).expect_err("entity in payload");
        assert!(
            matches!(err, BakedError::EntityReference { ref name } if name == "lol9"),
            "{err:?}"
        );

        let in_verify = svg_with_doctype(&doctype, r#"<openbadges:credential verify="&lol9;"/>"#);
        let err = extract_svg(&in_verify, &Limits::default()).expect_err("entity in verify");
        assert!(
            matches!(err, BakedError::EntityReference { ref name } if name == "lol9"),
            "{err:?}"
        );

        // Declared and used elsewhere in the picture: irrelevant to the badge.
        let elsewhere = svg_with_doctype(
            &doctype,
            &format!(
                "<text>&lol9;</text><openbadges:credential><![CDATA[{OB3_JSON}]]></openbadges:credential>"
            ),
        );
        let baked = extract(&elsewhere, &Limits::default()).expect("extract");
        assert_eq!(baked.payload, OB3_JSON);
        assert_fast(started);
    }

    #[test]
    fn svg_external_entity_is_never_resolved() {
        let doctype = "<!DOCTYPE svg [ <!ENTITY xxe SYSTEM \"file:///etc/passwd\"> <!ENTITY % remote SYSTEM \"http://192.0.2.1/evil.dtd\"> %remote; ]>";
        for inner in [
            "<openbadges:credential>&xxe;</openbadges:credential>",
            "<openbadges:credential>{\"a\":\"&xxe;\"}</openbadges:credential>",
            r#"<openbadges:credential verify="&xxe;"/>"#,
        ] {
            let result = extract_svg(&svg_with_doctype(doctype, inner), &Limits::default());
            assert!(
                matches!(result, Err(BakedError::EntityReference { ref name }) if name == "xxe"),
                "{inner}: {result:?}"
            );
        }
        // The DOCTYPE alone (with its parameter entity) is skipped unread.
        let plain = svg_with_doctype(
            doctype,
            &format!("<openbadges:credential>{JWS}</openbadges:credential>"),
        );
        let baked = extract_svg(&plain, &Limits::default()).expect("extract");
        assert_eq!(baked.payload, JWS);
        assert!(!baked.payload.contains("root:"));
    }

    #[test]
    fn svg_with_illustrator_style_doctype_entities_in_namespaces_still_extracts() {
        let bytes = format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!-- Generator: Adobe Illustrator -->\n\
             <!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\" [\n\
             \t<!ENTITY ns_extend \"http://ns.adobe.com/Extensibility/1.0/\">\n]>\n\
             <svg version=\"1.1\" xmlns:x=\"&ns_extend;\" xmlns=\"http://www.w3.org/2000/svg\" xmlns:openbadges=\"http://openbadges.org\">\n\
             <openbadges:assertion verify=\"{HOSTED_URL}\"></openbadges:assertion><g/></svg>"
        );
        assert!(looks_like_svg(bytes.as_bytes()));
        let baked = extract(bytes.as_bytes(), &Limits::default()).expect("extract");
        assert_eq!((baked.version, baked.payload.as_str()), (Ob2, HOSTED_URL));
    }

    #[test]
    fn svg_script_element_does_not_prevent_extraction() {
        let inner = format!(
            "<script type=\"text/javascript\"><![CDATA[\n if (a < b) {{ document.write('<openbadges:credential>fake</openbadges:credential>'); }}\n]]></script>\n\
             <openbadges:credential><![CDATA[{OB3_JSON}]]></openbadges:credential>"
        );
        let baked = extract_svg(&svg(&inner), &Limits::default()).expect("extract");
        assert_eq!(baked.payload, OB3_JSON);
    }

    #[test]
    fn svg_without_badge_has_no_credential() {
        let err =
            extract(&svg("<g><path d=\"M0 0\"/></g>"), &Limits::default()).expect_err("no badge");
        assert!(
            matches!(err, BakedError::NoCredential { image: "SVG" }),
            "{err:?}"
        );
        assert_eq!(
            err.to_string(),
            "this SVG has no Open Badges credential inside (no <openbadges:credential> or \
             <openbadges:assertion> element)"
        );
    }

    #[test]
    fn svg_payload_over_limit_is_too_large() {
        let long = "x".repeat(200);
        for inner in [
            format!("<openbadges:credential>{long}</openbadges:credential>"),
            format!("<openbadges:credential><![CDATA[{long}]]></openbadges:credential>"),
            format!(
                "<openbadges:credential>{}&amp;{}</openbadges:credential>",
                &long[..99],
                &long[..99]
            ),
            format!(r#"<openbadges:credential verify="{long}"/>"#),
        ] {
            let result = extract_svg(&svg(&inner), &limits(100));
            assert!(
                matches!(
                    result,
                    Err(BakedError::TooLarge {
                        what: "badge payload",
                        limit: 100
                    })
                ),
                "{inner}: {result:?}"
            );
        }
    }

    #[test]
    fn svg_image_over_limit_is_too_large() {
        let bytes = svg(&format!(
            "<openbadges:credential>{JWS}</openbadges:credential>"
        ));
        let small = Limits {
            max_image_bytes: 64,
            ..Limits::default()
        };
        let result = extract(&bytes, &small);
        assert!(
            matches!(
                result,
                Err(BakedError::TooLarge {
                    what: "image",
                    limit: 64
                })
            ),
            "{result:?}"
        );
    }

    #[test]
    fn svg_badge_element_matches_by_namespace_or_literal_prefix() {
        let ob3 = format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg"><ob:credential xmlns:ob="https://purl.imsglobal.org/ob/v3p0">{JWS}</ob:credential></svg>"#
        );
        let default_ns = format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg"><credential xmlns="https://purl.imsglobal.org/ob/v3p0">{JWS}</credential></svg>"#
        );
        let unbound_prefix = format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg"><openbadges:assertion verify="{HOSTED_URL}"/></svg>"#
        );
        let ob2_other_prefix = format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:b="http://openbadges.org"><b:assertion>{JWS}</b:assertion></svg>"#
        );
        for (doc, version) in [
            (ob3, Ob3),
            (default_ns, Ob3),
            (unbound_prefix, Ob2),
            (ob2_other_prefix, Ob2),
        ] {
            let baked = extract(doc.as_bytes(), &Limits::default())
                .unwrap_or_else(|e| panic!("{doc}: {e}"));
            assert_eq!(baked.version, version, "{doc}");
        }

        for doc in [
            format!(
                r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://example.com/other"><x:credential>{JWS}</x:credential></svg>"#
            ),
            format!(
                r#"<svg xmlns="http://www.w3.org/2000/svg"><credential>{JWS}</credential><assertion>{JWS}</assertion></svg>"#
            ),
        ] {
            let result = extract(doc.as_bytes(), &Limits::default());
            assert!(
                matches!(result, Err(BakedError::NoCredential { image: "SVG" })),
                "{doc}: {result:?}"
            );
        }
    }

    #[test]
    fn svg_both_elements_prefer_credential() {
        let inner = format!(
            "<openbadges:assertion verify=\"{HOSTED_URL}\"/>\n<openbadges:credential>{JWS}</openbadges:credential>"
        );
        let baked = extract_svg(&svg(&inner), &Limits::default()).expect("extract");
        assert_eq!((baked.version, baked.payload.as_str()), (Ob3, JWS));
    }

    #[test]
    fn svg_only_the_first_assertion_counts() {
        let inner = format!(
            "<openbadges:assertion verify=\"{HOSTED_URL}\"/>\n<openbadges:assertion>{JWS}</openbadges:assertion>"
        );
        let baked = extract_svg(&svg(&inner), &Limits::default()).expect("extract");
        assert_eq!((baked.version, baked.payload.as_str()), (Ob2, HOSTED_URL));
    }

    #[test]
    fn svg_broken_after_a_complete_assertion_still_yields_it() {
        let doc = format!("{SVG_OPEN}<openbadges:assertion verify=\"{HOSTED_URL}\"/><g></svg>");
        let baked = extract_svg(doc.as_bytes(), &Limits::default()).expect("extract");
        assert_eq!(baked.payload, HOSTED_URL);
    }

    #[test]
    fn svg_syntax_error_before_the_badge_is_malformed_with_position() {
        let doc =
            format!("{SVG_OPEN}<g></svg><openbadges:credential>{JWS}</openbadges:credential>");
        let err = extract_svg(doc.as_bytes(), &Limits::default()).expect_err("ill-formed");
        assert!(
            matches!(err, BakedError::Malformed { image: "SVG", ref reason } if reason.contains("error at byte")),
            "{err}"
        );
    }

    #[test]
    fn svg_document_ending_inside_the_badge_is_malformed() {
        let doc = format!("{SVG_OPEN}<openbadges:credential>{JWS}");
        let err = extract_svg(doc.as_bytes(), &Limits::default()).expect_err("unclosed");
        assert!(
            matches!(err, BakedError::Malformed { image: "SVG", .. }),
            "{err:?}"
        );
    }

    #[test]
    fn svg_badge_with_child_elements_is_malformed() {
        let inner = format!("<openbadges:credential>{JWS}<g/></openbadges:credential>");
        let err = extract_svg(&svg(&inner), &Limits::default()).expect_err("child");
        assert!(
            matches!(err, BakedError::Malformed { ref reason, .. } if reason.contains("<g>")),
            "{err}"
        );
    }

    #[test]
    fn svg_empty_badge_element_is_malformed() {
        let err = extract_svg(
            &svg("<openbadges:credential>  <!-- nothing --> </openbadges:credential>"),
            &Limits::default(),
        )
        .expect_err("empty");
        assert!(
            matches!(err, BakedError::Malformed { ref reason, .. } if reason.contains("is empty")),
            "{err}"
        );
    }

    #[test]
    fn svg_with_bom_and_invalid_utf8_are_handled() {
        let mut bom = UTF8_BOM.to_vec();
        bom.extend(svg(&format!(
            "<openbadges:credential>{JWS}</openbadges:credential>"
        )));
        assert_eq!(
            extract(&bom, &Limits::default()).expect("extract").payload,
            JWS
        );

        let mut bad = svg("<openbadges:credential>");
        bad.extend_from_slice(b"\xff\xfe</openbadges:credential></svg>");
        let result = extract(&bad, &Limits::default());
        assert!(
            matches!(result, Err(BakedError::Malformed { image: "SVG", .. })),
            "{result:?}"
        );
    }

    fn nested_svg(depth: usize) -> String {
        let mut doc = String::from(SVG_OPEN);
        doc.push_str(&"<g>".repeat(depth));
        doc.push_str(&format!(
            "<openbadges:credential>{JWS}</openbadges:credential>"
        ));
        doc.push_str(&"</g>".repeat(depth));
        doc.push_str("</svg>");
        doc
    }

    #[test]
    fn deeply_nested_svg_does_not_overflow_the_stack() {
        let started = Instant::now();
        let baked = extract(nested_svg(60_000).as_bytes(), &Limits::default()).expect("extract");
        assert_eq!(baked.payload, JWS);
        // Past quick-xml's nesting counter (u16) the parse stops with an error.
        let err = extract(nested_svg(70_000).as_bytes(), &Limits::default()).expect_err("too deep");
        assert!(
            matches!(err, BakedError::Malformed { image: "SVG", ref reason } if reason.contains("deeper")),
            "{err}"
        );
        assert_fast(started);
    }

    #[test]
    fn looks_like_svg_sniffs_the_prolog() {
        let yes: &[&[u8]] = &[
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
            b"\xef\xbb\xbf  \n<svg>",
            b"<?xml version=\"1.0\"?>\n<!-- made by hand -->\n<svg>",
            b"<?xml version=\"1.0\"?><!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"x.dtd\"><svg>",
            b"<!DOCTYPE svg [<!ENTITY a \"b\">]><svg>",
            b"<svg:svg xmlns:svg=\"http://www.w3.org/2000/svg\"/>",
        ];
        for bytes in yes {
            assert!(looks_like_svg(bytes), "{}", String::from_utf8_lossy(bytes));
        }
        let no: &[&[u8]] = &[
            b"",
            b"   ",
            b"<html><svg></svg></html>",
            b"<!DOCTYPE html><html>",
            b"<svgfoo/>",
            b"<?xml version=\"1.0\"?><feed/>",
            b"{\"svg\": true}",
            &PNG_SIGNATURE,
            b"<!-- unterminated comment <svg>",
        ];
        for bytes in no {
            assert!(!looks_like_svg(bytes), "{}", String::from_utf8_lossy(bytes));
        }
        // A prolog longer than the sniff window gets the benefit of the doubt.
        let mut long = b"<?xml version=\"1.0\"?><!--".to_vec();
        long.extend(std::iter::repeat_n(b'-', SVG_SNIFF_WINDOW));
        assert!(looks_like_svg(&long));
    }

    #[test]
    fn limits_default_is_20_mib_image_and_5_mib_payload() {
        let limits = Limits::default();
        assert_eq!(limits.max_image_bytes, 20 * 1024 * 1024);
        assert_eq!(limits.max_payload_bytes, 5 * 1024 * 1024);
    }
}
