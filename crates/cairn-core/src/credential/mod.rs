//! Credentials as they arrive: detect the format, unwrap baked images and JWTs, and
//! expose the JSON credential inside, without judging it (that is `verify`'s job).
//!
//! Input is untrusted: sizes are capped before parsing and JSON nesting is bounded
//! by serde_json's recursion limit, so no input can exhaust memory or the stack.

pub mod baked;
pub mod details;
pub mod display;
pub mod image;
pub mod recipient;
mod summary;

use serde_json::Value;

pub use summary::summarize;

use crate::verify::jwt::{Jws, JwtError};

/// Largest credential file Cairn reads (a baked image may be larger; see `baked::Limits`).
pub const MAX_CREDENTIAL_BYTES: usize = 5 * 1024 * 1024;

/// How the credential is secured, which decides how it is verified.
#[derive(Debug)]
pub enum Envelope {
    /// A JSON-LD credential with zero or more embedded Data Integrity proofs.
    JsonLd(Value),
    /// A VC-JWT: the compact JWS and the credential its payload carries.
    Jwt { jws: Box<Jws>, credential: Value },
    /// An Open Badges 2.0 assertion signed as a compact JWS.
    Ob2Signed { jws: Box<Jws>, assertion: Value },
    /// An Open Badges 2.0 hosted assertion: proven by fetching it from `url`.
    Ob2Hosted {
        url: String,
        assertion: Option<Value>,
    },
}

/// A credential read from bytes, with where it came from.
#[derive(Debug)]
pub struct Parsed {
    pub envelope: Envelope,
    /// `png` or `svg` when the credential was baked into an image.
    pub container: Option<&'static str>,
}

impl Parsed {
    /// The JSON credential (or OB 2.0 assertion), when there is one to look at.
    pub fn document(&self) -> Option<&Value> {
        match &self.envelope {
            Envelope::JsonLd(doc) => Some(doc),
            Envelope::Jwt { credential, .. } => Some(credential),
            Envelope::Ob2Signed { assertion, .. } => Some(assertion),
            Envelope::Ob2Hosted { assertion, .. } => assertion.as_ref(),
        }
    }

    /// A short id of the format for reports: `ob3-vc2-data-integrity`, `clr2-vc1-jwt`,
    /// `vc2-data-integrity`, `ob2-signed`, `ob2-hosted`.
    pub fn format(&self) -> String {
        match &self.envelope {
            Envelope::JsonLd(doc) => format!("{}-data-integrity", vc_family(doc)),
            Envelope::Jwt { credential, .. } => format!("{}-jwt", vc_family(credential)),
            Envelope::Ob2Signed { .. } => "ob2-signed".into(),
            Envelope::Ob2Hosted { .. } => "ob2-hosted".into(),
        }
    }
}

/// Why bytes could not be read as a credential.
#[derive(Debug, thiserror::Error)]
pub enum ParseError {
    #[error("the file is {size} bytes; credentials larger than {limit} bytes are refused")]
    TooLarge { size: usize, limit: usize },
    #[error("the file is empty")]
    Empty,
    #[error("not valid JSON: {reason}")]
    Json { reason: String },
    #[error("a JSON document, but not a credential: {reason}")]
    NotACredential { reason: String },
    #[error("not a credential format Cairn knows (JSON, JWT, or a baked PNG or SVG badge)")]
    UnknownFormat,
    #[error("baked image: {0}")]
    Baked(#[from] baked::BakedError),
    #[error("JWT: {0}")]
    Jwt(#[from] JwtError),
}

/// Reads a credential from its bytes: JSON, compact JWT/JWS, or a baked PNG/SVG.
pub fn parse(bytes: &[u8]) -> Result<Parsed, ParseError> {
    if baked::is_png(bytes) || baked::looks_like_svg(bytes) {
        let image = baked::extract(bytes, &baked::Limits::default())?;
        let container = match image.image {
            baked::ImageKind::Png => "png",
            baked::ImageKind::Svg => "svg",
        };
        let mut parsed = parse_text(image.payload.as_bytes())?;
        parsed.container = Some(container);
        return Ok(parsed);
    }
    parse_text(bytes)
}

fn parse_text(bytes: &[u8]) -> Result<Parsed, ParseError> {
    if bytes.len() > MAX_CREDENTIAL_BYTES {
        return Err(ParseError::TooLarge {
            size: bytes.len(),
            limit: MAX_CREDENTIAL_BYTES,
        });
    }
    let text = trim_ascii(strip_bom(bytes));
    if text.is_empty() {
        return Err(ParseError::Empty);
    }
    let envelope = match text[0] {
        b'{' => from_json(text)?,
        b'[' => {
            return Err(ParseError::NotACredential {
                reason: "it is a JSON array; import its items one by one".into(),
            });
        }
        _ if looks_like_compact_jws(text) => from_jws(text)?,
        _ if text.starts_with(b"https://") || text.starts_with(b"http://") => {
            let url = std::str::from_utf8(text).map_err(|_| ParseError::UnknownFormat)?;
            if url.chars().any(char::is_whitespace) {
                return Err(ParseError::UnknownFormat);
            }
            Envelope::Ob2Hosted {
                url: url.to_owned(),
                assertion: None,
            }
        }
        _ => return Err(ParseError::UnknownFormat),
    };
    Ok(Parsed {
        envelope,
        container: None,
    })
}

fn from_json(text: &[u8]) -> Result<Envelope, ParseError> {
    let doc: Value = serde_json::from_slice(text).map_err(|err| ParseError::Json {
        reason: if err.to_string().contains("recursion limit") {
            "nested too deeply".into()
        } else {
            err.to_string()
        },
    })?;
    if !types(&doc).contains(&"VerifiableCredential") && is_ob2_assertion(&doc) {
        let url = doc
            .pointer("/verify/url")
            .or_else(|| doc.get("id"))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        return Ok(Envelope::Ob2Hosted {
            url,
            assertion: Some(doc),
        });
    }
    check_is_vc(&doc)?;
    Ok(Envelope::JsonLd(doc))
}

fn from_jws(text: &[u8]) -> Result<Envelope, ParseError> {
    let compact = std::str::from_utf8(text).map_err(|_| ParseError::UnknownFormat)?;
    let jws = Jws::parse(compact)?;
    if !types(&jws.payload).contains(&"VerifiableCredential") && is_ob2_assertion(&jws.payload) {
        let assertion = jws.payload.clone();
        return Ok(Envelope::Ob2Signed {
            jws: Box::new(jws),
            assertion,
        });
    }
    let credential = crate::verify::jwt::credential_from_payload(&jws.payload)?;
    check_is_vc(&credential)?;
    Ok(Envelope::Jwt {
        jws: Box::new(jws),
        credential,
    })
}

/// OB 2.0 assertions use the `https://w3id.org/openbadges/v2` context and type `Assertion`.
fn is_ob2_assertion(doc: &Value) -> bool {
    let context_is_ob2 = match doc.get("@context") {
        Some(Value::String(s)) => s.contains("w3id.org/openbadges/v2"),
        Some(Value::Array(items)) => items.iter().any(|c| {
            c.as_str()
                .is_some_and(|s| s.contains("w3id.org/openbadges/v2"))
        }),
        _ => false,
    };
    context_is_ob2 || types(doc).contains(&"Assertion")
}

fn check_is_vc(doc: &Value) -> Result<(), ParseError> {
    if !doc.is_object() {
        return Err(ParseError::NotACredential {
            reason: "it is not a JSON object".into(),
        });
    }
    if doc.get("@context").is_none() {
        return Err(ParseError::NotACredential {
            reason: "it has no @context".into(),
        });
    }
    if !types(doc).contains(&"VerifiableCredential") {
        return Err(ParseError::NotACredential {
            reason: "its type does not include VerifiableCredential".into(),
        });
    }
    Ok(())
}

/// The `type` values of a JSON-LD node (a string or an array of strings).
pub fn types(doc: &Value) -> Vec<&str> {
    match doc.get("type").or_else(|| doc.get("@type")) {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// `ob3-vc2`, `clr2-vc1`, `vc2`…: the credential family and the VC data model version.
/// What kind of record a format id (see [`Parsed::format`]) is, in the words a
/// learner filters by: the standard, not how it was signed.
pub fn kind_of_format(format: &str) -> &'static str {
    match format.split('-').next().unwrap_or_default() {
        "ob3" => "Open Badge 3.0",
        "clr2" => "Comprehensive Learner Record",
        "ob2" => "Open Badge 2.0",
        _ => "Verifiable Credential",
    }
}

fn vc_family(doc: &Value) -> String {
    let t = types(doc);
    let family = if t.contains(&"ClrCredential") {
        "clr2-"
    } else if t.contains(&"OpenBadgeCredential") || t.contains(&"AchievementCredential") {
        "ob3-"
    } else {
        ""
    };
    let first_context = match doc.get("@context") {
        Some(Value::Array(items)) => items.first().and_then(Value::as_str),
        Some(Value::String(s)) => Some(s.as_str()),
        _ => None,
    };
    let model = match first_context {
        Some("https://www.w3.org/2018/credentials/v1") => "vc1",
        _ => "vc2",
    };
    format!("{family}{model}")
}

fn looks_like_compact_jws(text: &[u8]) -> bool {
    text.iter().filter(|b| **b == b'.').count() == 2
        && text
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'='))
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

fn trim_ascii(bytes: &[u8]) -> &[u8] {
    bytes.trim_ascii()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_format_has_the_kind_a_learner_filters_by() {
        assert_eq!(kind_of_format("ob3-vc2-data-integrity"), "Open Badge 3.0");
        assert_eq!(kind_of_format("ob3-vc1-jwt"), "Open Badge 3.0");
        assert_eq!(
            kind_of_format("clr2-vc1-jwt"),
            "Comprehensive Learner Record"
        );
        assert_eq!(kind_of_format("ob2-hosted"), "Open Badge 2.0");
        assert_eq!(kind_of_format("ob2-signed"), "Open Badge 2.0");
        assert_eq!(
            kind_of_format("vc2-data-integrity"),
            "Verifiable Credential"
        );
        assert_eq!(kind_of_format(""), "Verifiable Credential");
    }

    #[test]
    fn json_vc_is_detected_with_its_family() {
        let doc = br#"{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential","OpenBadgeCredential"]}"#;
        let parsed = parse(doc).unwrap();
        assert_eq!(parsed.format(), "ob3-vc2-data-integrity");
        assert!(parsed.container.is_none());
    }

    #[test]
    fn vc1_clr_is_named_so() {
        let doc = br#"{"@context":["https://www.w3.org/2018/credentials/v1"],"type":["VerifiableCredential","ClrCredential"]}"#;
        assert_eq!(parse(doc).unwrap().format(), "clr2-vc1-data-integrity");
    }

    #[test]
    fn malformed_json_is_a_clear_error() {
        let err = parse(b"{\"@context\": [").unwrap_err();
        assert!(matches!(err, ParseError::Json { .. }), "{err}");
    }

    #[test]
    fn deep_nesting_is_refused_without_overflowing_the_stack() {
        let doc = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let wrapped = format!("{{\"a\":{doc}}}");
        let err = parse(wrapped.as_bytes()).unwrap_err();
        assert!(err.to_string().contains("nested too deeply"), "{err}");
    }

    #[test]
    fn oversized_input_is_refused_before_parsing() {
        let big = vec![b' '; MAX_CREDENTIAL_BYTES + 1];
        assert!(matches!(parse(&big), Err(ParseError::TooLarge { .. })));
    }

    #[test]
    fn json_without_vc_type_is_not_a_credential() {
        let err = parse(br#"{"@context":"https://www.w3.org/ns/credentials/v2","type":"Thing"}"#)
            .unwrap_err();
        assert!(err.to_string().contains("VerifiableCredential"), "{err}");
    }

    #[test]
    fn garbage_is_an_unknown_format() {
        assert!(matches!(
            parse(b"hello world"),
            Err(ParseError::UnknownFormat)
        ));
        assert!(matches!(parse(b"   "), Err(ParseError::Empty)));
    }

    #[test]
    fn ob2_hosted_assertion_is_recognised() {
        let doc = br#"{"@context":"https://w3id.org/openbadges/v2","type":"Assertion","id":"https://example.org/a/1","verify":{"type":"hosted"}}"#;
        let parsed = parse(doc).unwrap();
        assert_eq!(parsed.format(), "ob2-hosted");
    }
}
