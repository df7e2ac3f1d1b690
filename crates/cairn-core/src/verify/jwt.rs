//! VC-JWT: compact JWS parsing, signature verification and credential
//! extraction.
//!
//! This module owns three things: splitting and decoding a compact JWS
//! (RFC 7515 §7.1) with hard size bounds, checking its signature with a key the
//! caller already has (EdDSA, ES256, RS256; RFC 7518 §3, RFC 8037 §3.1), and
//! pulling the credential out of the payload in either VC-JWT shape (the `vc`
//! claim of VC-JWT 1.1 / early Open Badges 3.0 §8.2, or the VC-JOSE-COSE shape
//! where the payload *is* the credential).
//!
//! It never fetches anything and never chooses a key: the caller resolves the
//! header's `kid` (see [`super::keys::resolve_offline`]) or reads the header's
//! `jwk`, and decides whether that key is bound to the issuer. Nor does it
//! judge time: `exp`/`nbf` are type-checked and carried into the credential,
//! while the validity check elsewhere compares them with the clock.
//!
//! Algorithms are allow-listed: `none` and the HMAC family are refused
//! outright (RFC 8725 §2.1, §3.1-3.2: a credential verifier holds no shared
//! secret, and accepting HS256 invites the classic "public key as HMAC secret"
//! forgery), and the key type must match the header's `alg`, so a key can only
//! ever be used with the one algorithm it belongs to.

use super::keys::{KeyError, PublicKey};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value};

/// Largest compact JWS accepted, in bytes (5 MiB). Badge images are linked,
/// not embedded, in well-formed credentials, but baked data-URI images can
/// make real tokens reach a few hundred KiB; 5 MiB leaves ample room while
/// refusing memory-exhaustion inputs before any decoding.
pub const MAX_TOKEN_LEN: usize = 5 * 1024 * 1024;

/// Largest decoded JOSE header accepted, in bytes (16 KiB): enough for an
/// embedded 8192-bit RSA `jwk` plus ordinary parameters.
pub const MAX_HEADER_LEN: usize = 16 * 1024;

/// Longest untrusted string quoted back in an error message.
const MAX_QUOTED: usize = 40;

/// The VC 2.0 base context: its presence selects `validFrom`/`validUntil` over
/// the VCDM 1.1 `issuanceDate`/`expirationDate` when claims are carried over.
const VC_V2_CONTEXT: &str = "https://www.w3.org/ns/credentials/v2";

/// A parsed compact JWS. Its signature has *not* been checked until
/// [`Jws::verify`] returns `Ok`.
#[derive(Debug, Clone)]
pub struct Jws {
    /// The JOSE header (always a JSON object).
    pub header: Value,
    /// The payload (always a JSON object).
    pub payload: Value,
    /// `BASE64URL(header) || '.' || BASE64URL(payload)` exactly as received:
    /// RFC 7515 §5.2 verifies over these bytes, never a re-serialisation.
    signing_input: String,
    signature: Vec<u8>,
}

/// The signature algorithms this wallet verifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JwsAlg {
    /// Ed25519 (RFC 8037 §3.1; also the fully-specified `Ed25519`, RFC 9864).
    EdDSA,
    /// ECDSA P-256 with SHA-256, raw `r || s` signature (RFC 7518 §3.4).
    Es256,
    /// RSASSA-PKCS1-v1_5 with SHA-256 (RFC 7518 §3.3).
    Rs256,
}

impl JwsAlg {
    /// The registered JOSE name.
    pub fn name(self) -> &'static str {
        match self {
            JwsAlg::EdDSA => "EdDSA",
            JwsAlg::Es256 => "ES256",
            JwsAlg::Rs256 => "RS256",
        }
    }
}

/// Why a VC-JWT was refused.
#[derive(Debug, thiserror::Error)]
pub enum JwtError {
    #[error("malformed JWT: {reason}")]
    Malformed { reason: String },

    #[error("JWT {what} is larger than the {limit}-byte limit")]
    TooLarge { what: &'static str, limit: usize },

    #[error("JWS algorithm `{alg}` is never accepted for credentials")]
    ForbiddenAlgorithm { alg: String },

    #[error("unsupported JWS algorithm `{alg}` (supported: EdDSA, ES256, RS256)")]
    UnsupportedAlgorithm { alg: String },

    #[error("JWS algorithm {alg} cannot be used with a {key} key")]
    KeyAlgorithmMismatch {
        alg: &'static str,
        key: &'static str,
    },

    #[error("JWS signature does not verify")]
    BadSignature,

    #[error("the JWT payload carries no verifiable credential")]
    NoCredential,

    #[error("JWT claim `{claim}` contradicts the credential")]
    ClaimMismatch { claim: &'static str },
}

fn malformed(reason: impl Into<String>) -> JwtError {
    JwtError::Malformed {
        reason: reason.into(),
    }
}

fn clip(s: &str) -> String {
    match s.char_indices().nth(MAX_QUOTED) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_owned(),
    }
}

/// Decode one unpadded base64url part (RFC 7515 §2: padding is omitted, and
/// the engine also refuses non-canonical trailing bits, so a token has
/// exactly one spelling).
fn decode_part(part: &str, name: &str) -> Result<Vec<u8>, JwtError> {
    URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|e| malformed(format!("{name} is not unpadded base64url: {e}")))
}

fn decode_object(bytes: &[u8], name: &str) -> Result<Value, JwtError> {
    // serde_json keeps the last of duplicate member names, which RFC 7515
    // §5.2 allows, and bounds nesting depth, so hostile JSON cannot overflow
    // the stack.
    let value: Value =
        serde_json::from_slice(bytes).map_err(|e| malformed(format!("{name} is not JSON: {e}")))?;
    if !value.is_object() {
        return Err(malformed(format!("{name} is not a JSON object")));
    }
    Ok(value)
}

impl Jws {
    /// Parse a compact JWS: three base64url parts without padding, header and
    /// payload JSON objects (RFC 7515 §7.1, RFC 7519 §7.2).
    ///
    /// Bounds: the token may be at most [`MAX_TOKEN_LEN`] bytes and the
    /// decoded header at most [`MAX_HEADER_LEN`]. Surrounding ASCII
    /// whitespace (a trailing newline from a file) is ignored; it is not part
    /// of the signing input. The header must name an `alg`, and a `crit`
    /// header is refused because this verifier implements no JWS extension
    /// (RFC 7515 §4.1.11). An empty signature part is accepted here so that an
    /// unsecured (`alg: none`) token is reported as such by [`Jws::alg`].
    pub fn parse(compact: &str) -> Result<Jws, JwtError> {
        if compact.len() > MAX_TOKEN_LEN {
            return Err(JwtError::TooLarge {
                what: "token",
                limit: MAX_TOKEN_LEN,
            });
        }
        let compact = compact.trim_matches(|c: char| c.is_ascii_whitespace());
        let mut parts = compact.split('.');
        let (Some(header_b64), Some(payload_b64), Some(signature_b64), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            let count = compact.split('.').count();
            return Err(malformed(if count == 5 {
                "five parts: this is an encrypted JWE, not a signed JWS".to_owned()
            } else {
                format!("expected 3 dot-separated parts, found {count}")
            }));
        };
        if header_b64.is_empty() {
            return Err(malformed("the header part is empty"));
        }
        if payload_b64.is_empty() {
            // RFC 7515 Appendix F detached payloads carry no credential.
            return Err(malformed("the payload part is empty"));
        }
        if header_b64.len() > MAX_HEADER_LEN.div_ceil(3) * 4 {
            return Err(JwtError::TooLarge {
                what: "header",
                limit: MAX_HEADER_LEN,
            });
        }
        let header_bytes = decode_part(header_b64, "header")?;
        if header_bytes.len() > MAX_HEADER_LEN {
            return Err(JwtError::TooLarge {
                what: "header",
                limit: MAX_HEADER_LEN,
            });
        }
        let header = decode_object(&header_bytes, "header")?;
        let payload = decode_object(&decode_part(payload_b64, "payload")?, "payload")?;
        let signature = decode_part(signature_b64, "signature")?;

        match header.get("alg") {
            Some(Value::String(_)) => {}
            Some(_) => return Err(malformed("header `alg` is not a string")),
            None => return Err(malformed("header has no `alg` (RFC 7515 §4.1.1)")),
        }
        if header.get("crit").is_some() {
            return Err(malformed(
                "header `crit` names extensions this verifier does not implement",
            ));
        }
        // RFC 7797 `b64: false` changes the signing input; refuse it rather
        // than verify over the wrong bytes.
        if header.get("b64").is_some_and(|b| b != &Value::Bool(true)) {
            return Err(malformed("unencoded payloads (RFC 7797) are not supported"));
        }

        let signing_input = format!("{header_b64}.{payload_b64}");
        Ok(Jws {
            header,
            payload,
            signing_input,
            signature,
        })
    }

    /// The header's algorithm, if this verifier accepts it.
    ///
    /// `none` (in any letter case) and `HS*` give
    /// [`JwtError::ForbiddenAlgorithm`]; any other unknown name gives
    /// [`JwtError::UnsupportedAlgorithm`].
    pub fn alg(&self) -> Result<JwsAlg, JwtError> {
        let alg = self
            .header
            .get("alg")
            .and_then(Value::as_str)
            .ok_or_else(|| malformed("header has no string `alg`"))?;
        match alg {
            "EdDSA" | "Ed25519" => Ok(JwsAlg::EdDSA),
            "ES256" => Ok(JwsAlg::Es256),
            "RS256" => Ok(JwsAlg::Rs256),
            // RFC 7518 §3.6 unsecured JWS; RFC 7518 §3.2 HMAC. Case-folded so
            // that "None"/"hs256" variants cannot slip past as "unsupported".
            other
                if other.eq_ignore_ascii_case("none")
                    || other.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("hs")) =>
            {
                Err(JwtError::ForbiddenAlgorithm { alg: clip(other) })
            }
            other => Err(JwtError::UnsupportedAlgorithm { alg: clip(other) }),
        }
    }

    /// The header's `kid` (for a VC-JWT, usually the issuer's DID URL).
    /// The compact serialization, exactly as it was signed.
    pub fn compact(&self) -> String {
        format!(
            "{}.{}",
            self.signing_input,
            URL_SAFE_NO_PAD.encode(&self.signature)
        )
    }

    pub fn kid(&self) -> Option<&str> {
        self.header.get("kid").and_then(Value::as_str)
    }

    /// The header's embedded `jwk` (RFC 7515 §4.1.3), if it is an object.
    /// It proves possession of a key, not who controls it.
    pub fn header_jwk(&self) -> Option<&Value> {
        self.header.get("jwk").filter(|jwk| jwk.is_object())
    }

    /// Verify the signature with `key` over the signing input as received.
    ///
    /// The algorithm must match the key type (EdDSA↔Ed25519, ES256↔P-256,
    /// RS256↔RSA), else [`JwtError::KeyAlgorithmMismatch`]; this, plus the
    /// allow-list in [`Jws::alg`], is what stops algorithm-confusion attacks.
    pub fn verify(&self, key: &PublicKey) -> Result<(), JwtError> {
        let alg = self.alg()?;
        let message = self.signing_input.as_bytes();
        match (alg, key) {
            (JwsAlg::EdDSA, PublicKey::Ed25519(_)) => key
                .verify_ed25519(message, &self.signature)
                .map_err(|e| match e {
                    KeyError::WrongKeyType { .. } => JwtError::KeyAlgorithmMismatch {
                        alg: alg.name(),
                        key: key.algorithm_name(),
                    },
                    _ => JwtError::BadSignature,
                }),
            (JwsAlg::Es256, PublicKey::P256(verifying_key)) => {
                use p256::ecdsa::signature::Verifier as _;
                // RFC 7518 §3.4: the JWS signature is the 64-byte R || S
                // concatenation, never ASN.1 DER.
                if self.signature.len() != 64 {
                    return Err(JwtError::BadSignature);
                }
                let signature = p256::ecdsa::Signature::from_slice(&self.signature)
                    .map_err(|_| JwtError::BadSignature)?;
                verifying_key
                    .verify(message, &signature)
                    .map_err(|_| JwtError::BadSignature)
            }
            (JwsAlg::Rs256, PublicKey::Rsa(public_key)) => {
                use rsa::signature::Verifier as _;
                let verifier = rsa::pkcs1v15::VerifyingKey::<sha2::Sha256>::new(public_key.clone());
                let signature = rsa::pkcs1v15::Signature::try_from(self.signature.as_slice())
                    .map_err(|_| JwtError::BadSignature)?;
                verifier
                    .verify(message, &signature)
                    .map_err(|_| JwtError::BadSignature)
            }
            _ => Err(JwtError::KeyAlgorithmMismatch {
                alg: alg.name(),
                key: key.algorithm_name(),
            }),
        }
    }
}

/// The credential inside a VC-JWT payload.
///
/// * `vc`-claim form (VC Data Model 1.1 §6.3.1, VC-JWT 1.1, the 2022 Open
///   Badges 3.0 §8.2 text): the credential is `payload.vc`. Registered claims
///   must agree with it when both are present (`iss` ↔ issuer id, `jti` ↔
///   `id`, `sub` ↔ `credentialSubject.id`), else
///   [`JwtError::ClaimMismatch`]. Where the credential lacks the property,
///   the claim supplies it, as VCDM 1.1 §6.3.1 "JWT decoding" requires —
///   including `nbf`/`exp` as `issuanceDate`/`expirationDate` (VCDM 1.1) or
///   `validFrom`/`validUntil` (VC 2.0 context), so that the validity check
///   elsewhere sees an expiry that only the JWT stated.
/// * VC-JOSE-COSE form (VC-JOSE-COSE §3.1.1, Open Badges 3.0 §8.2 in its
///   final text; header `typ` `vc+jwt` or `cty` `vc`, though 1EdTech's own
///   samples omit both): the payload has no `vc` claim and *is* a credential
///   (`@context`, `type` including `VerifiableCredential`). It is returned
///   unchanged — the registered claims it carries are part of what was
///   signed — after the same claim agreement checks.
///
/// Anything else (an OB 2.0 assertion, an ID token) is
/// [`JwtError::NoCredential`]. `exp`/`nbf` are only type-checked here.
pub fn credential_from_payload(payload: &Value) -> Result<Value, JwtError> {
    let claims = payload
        .as_object()
        .ok_or_else(|| malformed("payload is not a JSON object"))?;
    check_numeric_dates(claims)?;
    match claims.get("vc") {
        Some(Value::Object(vc)) => {
            let mut credential = vc.clone();
            check_claims_agree(claims, &credential)?;
            carry_claims_into(claims, &mut credential)?;
            Ok(Value::Object(credential))
        }
        Some(_) => Err(malformed("the `vc` claim is not a JSON object")),
        None if is_credential(claims) => {
            check_claims_agree(claims, claims)?;
            Ok(payload.clone())
        }
        None => Err(JwtError::NoCredential),
    }
}

/// VCDM §4.4 / VC-JOSE-COSE §3.1.1: a credential has an `@context` and a
/// `type` that includes `VerifiableCredential`.
fn is_credential(obj: &Map<String, Value>) -> bool {
    let typed = match obj.get("type") {
        Some(Value::String(t)) => t == "VerifiableCredential",
        Some(Value::Array(types)) => types
            .iter()
            .any(|t| t.as_str() == Some("VerifiableCredential")),
        _ => false,
    };
    typed && obj.contains_key("@context")
}

/// RFC 7519 §4.1.4/§4.1.5/§4.1.6: `exp`, `nbf` and `iat` are NumericDates.
fn check_numeric_dates(claims: &Map<String, Value>) -> Result<(), JwtError> {
    for claim in ["exp", "nbf", "iat"] {
        if let Some(value) = claims.get(claim)
            && !value.is_number()
        {
            return Err(malformed(format!("`{claim}` is not a NumericDate")));
        }
    }
    Ok(())
}

/// A string-valued claim, or `None` when absent; any other JSON type is
/// malformed (RFC 7519 §4.1.1, §4.1.2, §4.1.7: these are StringOrURI/strings).
fn string_claim<'a>(
    claims: &'a Map<String, Value>,
    claim: &'static str,
) -> Result<Option<&'a str>, JwtError> {
    match claims.get(claim) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(malformed(format!("`{claim}` is not a string"))),
    }
}

/// The credential's issuer id: the string itself or the object's `id`.
fn issuer_id(credential: &Map<String, Value>) -> Option<&str> {
    match credential.get("issuer")? {
        Value::String(id) => Some(id),
        Value::Object(issuer) => issuer.get("id").and_then(Value::as_str),
        _ => None,
    }
}

/// Every `credentialSubject.id` (the property may be one object or an array).
fn subject_ids(credential: &Map<String, Value>) -> Vec<&str> {
    match credential.get("credentialSubject") {
        Some(Value::Object(subject)) => subject
            .get("id")
            .and_then(Value::as_str)
            .into_iter()
            .collect(),
        Some(Value::Array(subjects)) => subjects
            .iter()
            .filter_map(|s| s.get("id").and_then(Value::as_str))
            .collect(),
        _ => Vec::new(),
    }
}

/// VCDM 1.1 §6.3.1 and Open Badges 3.0 §8.2: `iss` is the issuer id, `jti`
/// the credential id, `sub` the subject id. A disagreement means the JWT
/// envelope and the credential tell different stories, so neither is trusted.
fn check_claims_agree(
    claims: &Map<String, Value>,
    credential: &Map<String, Value>,
) -> Result<(), JwtError> {
    if let (Some(iss), Some(issuer)) = (string_claim(claims, "iss")?, issuer_id(credential))
        && iss != issuer
    {
        return Err(JwtError::ClaimMismatch { claim: "iss" });
    }
    if let (Some(jti), Some(id)) = (
        string_claim(claims, "jti")?,
        credential.get("id").and_then(Value::as_str),
    ) && jti != id
    {
        return Err(JwtError::ClaimMismatch { claim: "jti" });
    }
    if let Some(sub) = string_claim(claims, "sub")? {
        let ids = subject_ids(credential);
        if !ids.is_empty() && !ids.contains(&sub) {
            return Err(JwtError::ClaimMismatch { claim: "sub" });
        }
    }
    Ok(())
}

/// VCDM 1.1 §6.3.1 "JWT decoding": claims supply the properties the `vc`
/// object left out. Properties already present are never overwritten.
fn carry_claims_into(
    claims: &Map<String, Value>,
    credential: &mut Map<String, Value>,
) -> Result<(), JwtError> {
    if let Some(iss) = string_claim(claims, "iss")?
        && !credential.contains_key("issuer")
    {
        credential.insert("issuer".into(), Value::String(iss.to_owned()));
    }
    if let Some(jti) = string_claim(claims, "jti")?
        && !credential.contains_key("id")
    {
        credential.insert("id".into(), Value::String(jti.to_owned()));
    }
    if let Some(sub) = string_claim(claims, "sub")? {
        match credential.get_mut("credentialSubject") {
            Some(Value::Object(subject)) => {
                subject
                    .entry("id")
                    .or_insert_with(|| Value::String(sub.to_owned()));
            }
            None => {
                let mut subject = Map::new();
                subject.insert("id".into(), Value::String(sub.to_owned()));
                credential.insert("credentialSubject".into(), Value::Object(subject));
            }
            // An array of subjects: `sub` cannot say which one it names.
            Some(_) => {}
        }
    }
    let v2 = uses_v2_context(credential);
    let (from, until) = if v2 {
        ("validFrom", "validUntil")
    } else {
        ("issuanceDate", "expirationDate")
    };
    if let Some(nbf) = claims.get("nbf")
        && !credential.contains_key("validFrom")
        && !credential.contains_key("issuanceDate")
    {
        credential.insert(from.into(), Value::String(numeric_date(nbf, "nbf")?));
    }
    if let Some(exp) = claims.get("exp")
        && !credential.contains_key("validUntil")
        && !credential.contains_key("expirationDate")
    {
        credential.insert(until.into(), Value::String(numeric_date(exp, "exp")?));
    }
    Ok(())
}

fn uses_v2_context(credential: &Map<String, Value>) -> bool {
    match credential.get("@context") {
        Some(Value::String(c)) => c == VC_V2_CONTEXT,
        Some(Value::Array(contexts)) => contexts.iter().any(|c| c.as_str() == Some(VC_V2_CONTEXT)),
        _ => false,
    }
}

/// RFC 7519 §2 NumericDate (seconds since the epoch, fractions allowed) to an
/// XML Schema `dateTime` in UTC, `YYYY-MM-DDTHH:MM:SSZ`; years 0001-9999 only.
fn numeric_date(value: &Value, claim: &str) -> Result<String, JwtError> {
    // 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z.
    const MIN: i64 = -62_135_596_800;
    const MAX: i64 = 253_402_300_799;
    let seconds = match (value.as_i64(), value.as_f64()) {
        (Some(s), _) => Some(s),
        // Fractional seconds are truncated toward the past.
        (None, Some(f)) if f.is_finite() && (MIN as f64..=MAX as f64).contains(&f) => {
            Some(f.floor() as i64)
        }
        _ => None,
    }
    .filter(|s| (MIN..=MAX).contains(s))
    .ok_or_else(|| malformed(format!("`{claim}` is not a NumericDate in years 1-9999")))?;

    let days = seconds.div_euclid(86_400);
    let secs_of_day = seconds.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    Ok(format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        secs_of_day / 3600,
        secs_of_day % 3600 / 60,
        secs_of_day % 60
    ))
}

/// Days since 1970-01-01 to a proleptic Gregorian (year, month, day)
/// (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms").
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::super::keys::{KeySource, resolve_offline};
    use super::*;
    use crate::test_support::vectors_dir;
    use serde_json::json;
    use std::sync::OnceLock;

    fn read_vector(relative: &str) -> Vec<u8> {
        let path = vectors_dir().join(relative);
        std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    fn read_token(relative: &str) -> String {
        String::from_utf8(read_vector(relative)).expect("UTF-8 token")
    }

    /// The first compact JWS inside a baked PNG (iTXt) or SVG (`verify=`).
    fn embedded_token(relative: &str) -> String {
        let bytes = read_vector(relative);
        let start = bytes
            .windows(4)
            .position(|w| w == b"eyJh")
            .unwrap_or_else(|| panic!("no JWS in {relative}"));
        let token: Vec<u8> = bytes[start..]
            .iter()
            .copied()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
            .collect();
        String::from_utf8(token).expect("ASCII")
    }

    fn b64(bytes: &[u8]) -> String {
        URL_SAFE_NO_PAD.encode(bytes)
    }

    fn signing_input(header: &Value, payload: &Value) -> String {
        format!(
            "{}.{}",
            b64(&serde_json::to_vec(header).expect("json")),
            b64(&serde_json::to_vec(payload).expect("json"))
        )
    }

    /// Flip the case of the first letter of the credential `name` value:
    /// a one-byte change that keeps the payload valid JSON.
    fn tamper_payload(token: &str) -> String {
        let parts: Vec<&str> = token.trim().split('.').collect();
        assert_eq!(parts.len(), 3);
        let mut payload = URL_SAFE_NO_PAD.decode(parts[1]).expect("payload");
        let marker = b"\"name\":\"";
        let at = payload
            .windows(marker.len())
            .position(|w| w == marker)
            .expect("a name member")
            + marker.len();
        payload[at] ^= 0x20;
        format!("{}.{}.{}", parts[0], b64(&payload), parts[2])
    }

    fn random_seed() -> [u8; 32] {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).expect("system RNG");
        seed
    }

    fn sample_payload() -> Value {
        json!({
            "@context": [VC_V2_CONTEXT],
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "id": "urn:uuid:1",
            "issuer": {"id": "did:example:issuer"},
            "validFrom": "2024-01-01T00:00:00Z",
            "credentialSubject": {"id": "did:example:learner"},
            "iss": "did:example:issuer",
            "jti": "urn:uuid:1",
            "sub": "did:example:learner"
        })
    }

    fn ed25519_token(alg: &str) -> (String, ed25519_dalek::SigningKey) {
        use ed25519_dalek::Signer as _;
        let sk = ed25519_dalek::SigningKey::from_bytes(&random_seed());
        let input = signing_input(&json!({"alg": alg, "typ": "vc+jwt"}), &sample_payload());
        let sig = sk.sign(input.as_bytes()).to_bytes();
        (format!("{input}.{}", b64(&sig)), sk)
    }

    fn p256_token() -> (String, p256::ecdsa::SigningKey) {
        use p256::ecdsa::signature::Signer as _;
        let sk = p256::ecdsa::SigningKey::from_slice(&random_seed()).expect("scalar");
        let input = signing_input(&json!({"alg": "ES256"}), &sample_payload());
        let sig: p256::ecdsa::Signature = sk.sign(input.as_bytes());
        (format!("{input}.{}", b64(&sig.to_bytes())), sk)
    }

    /// One 2048-bit RSA key per test binary: generation is the slow part.
    fn rsa_key() -> &'static rsa::PrivateKey {
        static KEY: OnceLock<rsa::PrivateKey> = OnceLock::new();
        KEY.get_or_init(|| {
            use rsa::Generate as _;
            rsa::PrivateKey::generate()
        })
    }

    fn rsa_token(header: Value) -> String {
        use rsa::signature::{SignatureEncoding as _, Signer as _};
        let signer = rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new(rsa_key().clone());
        let input = signing_input(&header, &sample_payload());
        let sig = signer.sign(input.as_bytes());
        format!("{input}.{}", b64(&sig.to_vec()))
    }

    fn rsa_public() -> PublicKey {
        PublicKey::Rsa(rsa_key().to_public_key())
    }

    // ---- third-party vectors -------------------------------------------

    #[test]
    fn dbjs_eddsa_jwt_verifies_with_its_did_key_kid() {
        let token = read_token("dbjs-signed/jwt-EdDSA.jwt");
        let jws = Jws::parse(&token).expect("parses");
        assert_eq!(jws.alg().expect("alg"), JwsAlg::EdDSA);
        let kid = jws.kid().expect("kid");
        let resolved = resolve_offline(kid).expect("did:key resolves");
        assert_eq!(resolved.source, KeySource::DidKey);
        assert_eq!(resolved.id, kid);
        jws.verify(&resolved.key).expect("signature verifies");

        let credential = credential_from_payload(&jws.payload).expect("credential");
        assert_eq!(credential["id"], jws.payload["jti"]);
        assert_eq!(credential["issuer"]["id"], resolved.controller);
    }

    #[test]
    fn dbjs_eddsa_jwt_with_one_payload_byte_changed_is_bad_signature() {
        let token = tamper_payload(&read_token("dbjs-signed/jwt-EdDSA.jwt"));
        let jws = Jws::parse(&token).expect("still parses");
        let key = resolve_offline(jws.kid().expect("kid")).expect("kid").key;
        assert!(matches!(jws.verify(&key), Err(JwtError::BadSignature)));
    }

    #[test]
    fn dbjs_rs256_jwt_verifies_with_its_did_jwk_kid() {
        let token = read_token("dbjs-signed/jwt-RS256.jwt");
        let jws = Jws::parse(&token).expect("parses");
        assert_eq!(jws.alg().expect("alg"), JwsAlg::Rs256);
        let resolved = resolve_offline(jws.kid().expect("kid")).expect("did:jwk resolves");
        assert_eq!(resolved.source, KeySource::DidJwk);
        assert_eq!(resolved.key.algorithm_name(), "RSA");
        jws.verify(&resolved.key).expect("signature verifies");
        let credential = credential_from_payload(&jws.payload).expect("credential");
        assert_eq!(credential["issuer"]["id"], resolved.controller);
    }

    #[test]
    fn dbjs_rs256_jwt_with_one_payload_byte_changed_is_bad_signature() {
        let token = tamper_payload(&read_token("dbjs-signed/jwt-RS256.jwt"));
        let jws = Jws::parse(&token).expect("still parses");
        let key = resolve_offline(jws.kid().expect("kid")).expect("kid").key;
        assert!(matches!(jws.verify(&key), Err(JwtError::BadSignature)));
    }

    #[test]
    fn onedtech_baked_jwts_verify_with_their_header_jwk() {
        for (file, vc_claim) in [
            ("1edtech-validator/ob30/simple-jwt.svg", false),
            ("1edtech-validator/ob30/simple-jwt.png", false),
            ("1edtech-validator/ob30/simple-jwt_v1.svg", true),
            ("1edtech-validator/ob30/simple-jwt_v1.png", true),
        ] {
            let jws = Jws::parse(&embedded_token(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
            let key = PublicKey::from_jwk(jws.header_jwk().expect("header jwk")).expect("jwk");
            jws.verify(&key).unwrap_or_else(|e| panic!("{file}: {e}"));
            assert_eq!(jws.payload.get("vc").is_some(), vc_claim, "{file}");
            // No `sub` claim (they carry `aud`), so only iss/jti are checked.
            let credential = credential_from_payload(&jws.payload).expect("credential");
            assert_eq!(credential["id"], jws.payload["jti"], "{file}");
            assert_eq!(credential["issuer"]["id"], jws.payload["iss"], "{file}");

            let tampered = Jws::parse(&tamper_payload(&embedded_token(file))).expect("parses");
            assert!(matches!(tampered.verify(&key), Err(JwtError::BadSignature)));
        }
    }

    #[test]
    fn onedtech_clr_jwt_verifies_with_its_header_jwk() {
        let jws = Jws::parse(&read_token("1edtech-validator/clr20/simple.jwt")).expect("parses");
        let key = PublicKey::from_jwk(jws.header_jwk().expect("header jwk")).expect("jwk");
        jws.verify(&key).expect("signature verifies");
        let credential = credential_from_payload(&jws.payload).expect("credential");
        assert_eq!(credential["id"], "http://example.edu/credentials/3732");
        // VCDM 1.1 decoding: the vc has no issuanceDate, so nbf supplies one.
        assert!(
            credential
                .get("issuanceDate")
                .or(credential.get("validFrom"))
                .is_some()
        );
    }

    #[test]
    fn onedtech_ob30_simple_jwt_parses_but_names_no_key() {
        let jws = Jws::parse(&read_token("1edtech-validator/ob30/simple.jwt")).expect("parses");
        assert_eq!(jws.alg().expect("alg"), JwsAlg::Rs256);
        assert!(jws.kid().is_none());
        assert!(jws.header_jwk().is_none());
        let credential = credential_from_payload(&jws.payload).expect("vc claim");
        assert_eq!(credential["id"], "http://example.edu/credentials/3732");
        assert_eq!(credential["credentialSubject"]["id"], jws.payload["sub"]);
    }

    #[test]
    fn onedtech_velocity_jwt_kid_is_an_unsupported_did_method() {
        let jws = Jws::parse(&read_token("1edtech-validator/ob30/velocity.jwt")).expect("parses");
        let kid = jws.kid().expect("kid");
        assert!(matches!(
            resolve_offline(kid),
            Err(KeyError::UnsupportedMethod { ref method }) if method == "did:velocity"
        ));
        assert!(credential_from_payload(&jws.payload).is_ok());
    }

    #[test]
    fn ob20_signed_assertions_parse_but_are_not_verifiable_credentials() {
        for file in ["simple.jwt", "simple-revoked.jwt", "simple-not-revoked.jwt"] {
            let jws =
                Jws::parse(&read_token(&format!("1edtech-validator/ob20/{file}"))).expect("parses");
            assert_eq!(jws.alg().expect("alg"), JwsAlg::Rs256);
            assert!(matches!(
                credential_from_payload(&jws.payload),
                Err(JwtError::NoCredential)
            ));
        }
    }

    #[test]
    fn spec_placeholder_token_is_malformed_not_a_crash() {
        // spec-baking-examples/ob3-baked-vcjwt-example.svg carries this text.
        assert!(matches!(
            Jws::parse("header.payload.signature"),
            Err(JwtError::Malformed { .. })
        ));
    }

    // ---- generated keys ---------------------------------------------------

    #[test]
    fn generated_ed25519_token_verifies() {
        let (token, sk) = ed25519_token("EdDSA");
        let jws = Jws::parse(&token).expect("parses");
        jws.verify(&PublicKey::Ed25519(sk.verifying_key()))
            .expect("verifies");
        // A different Ed25519 key does not.
        let other = ed25519_dalek::SigningKey::from_bytes(&random_seed()).verifying_key();
        assert!(matches!(
            jws.verify(&PublicKey::Ed25519(other)),
            Err(JwtError::BadSignature)
        ));
    }

    #[test]
    fn fully_specified_ed25519_alg_is_eddsa() {
        let (token, sk) = ed25519_token("Ed25519");
        let jws = Jws::parse(&token).expect("parses");
        assert_eq!(jws.alg().expect("alg"), JwsAlg::EdDSA);
        jws.verify(&PublicKey::Ed25519(sk.verifying_key()))
            .expect("verifies");
    }

    #[test]
    fn generated_p256_token_verifies_and_der_signature_is_refused() {
        let (token, sk) = p256_token();
        let key = PublicKey::P256(*sk.verifying_key());
        let jws = Jws::parse(&token).expect("parses");
        jws.verify(&key).expect("verifies");

        // The same signature in ASN.1 DER (not the JOSE form) must not verify.
        let (input, sig) = token.rsplit_once('.').expect("three parts");
        let raw = URL_SAFE_NO_PAD.decode(sig).expect("sig");
        let der = p256::ecdsa::Signature::from_slice(&raw)
            .expect("sig")
            .to_der();
        let der_token = format!("{input}.{}", b64(der.as_bytes()));
        assert!(matches!(
            Jws::parse(&der_token).expect("parses").verify(&key),
            Err(JwtError::BadSignature)
        ));
    }

    #[test]
    fn generated_rs256_token_verifies() {
        let token = rsa_token(json!({"alg": "RS256"}));
        let jws = Jws::parse(&token).expect("parses");
        jws.verify(&rsa_public()).expect("verifies");
        let credential = credential_from_payload(&jws.payload).expect("credential");
        assert_eq!(credential, sample_payload());
    }

    #[test]
    fn truncated_or_wrong_length_signatures_are_bad_signature() {
        let (token, sk) = ed25519_token("EdDSA");
        let key = PublicKey::Ed25519(sk.verifying_key());
        let (input, _) = token.rsplit_once('.').expect("three parts");
        for sig in [
            String::new(),
            b64(&[0u8; 63]),
            b64(&[0u8; 65]),
            b64(&[0u8; 64]),
        ] {
            let jws = Jws::parse(&format!("{input}.{sig}")).expect("parses");
            assert!(matches!(jws.verify(&key), Err(JwtError::BadSignature)));
        }
        let rsa_token = rsa_token(json!({"alg": "RS256"}));
        let (input, _) = rsa_token.rsplit_once('.').expect("three parts");
        for sig in [b64(&[1u8; 255]), b64(&[0xffu8; 256]), b64(&[1u8; 2000])] {
            let jws = Jws::parse(&format!("{input}.{sig}")).expect("parses");
            assert!(matches!(
                jws.verify(&rsa_public()),
                Err(JwtError::BadSignature)
            ));
        }
    }

    // ---- algorithm policy -------------------------------------------------

    #[test]
    fn alg_none_is_forbidden_in_every_spelling() {
        for alg in ["none", "None", "NONE", "nOnE"] {
            let token = format!(
                "{}.",
                signing_input(&json!({"alg": alg}), &sample_payload())
            );
            let jws = Jws::parse(&token).expect("an unsecured JWS parses");
            assert!(matches!(
                jws.alg(),
                Err(JwtError::ForbiddenAlgorithm { .. })
            ));
            let (_, sk) = ed25519_token("EdDSA");
            assert!(matches!(
                jws.verify(&PublicKey::Ed25519(sk.verifying_key())),
                Err(JwtError::ForbiddenAlgorithm { .. })
            ));
        }
    }

    #[test]
    fn hs256_signed_with_the_rsa_public_key_as_hmac_secret_does_not_verify() {
        use hmac::{KeyInit as _, Mac as _};
        use rsa::pkcs8::{EncodePublicKey as _, LineEnding};
        // The classic confusion attack: the attacker knows the issuer's public
        // key, uses its PEM as an HMAC secret and hopes the verifier feeds the
        // same bytes to HMAC. The token is genuinely HMAC-valid for that key.
        let public = rsa_key().to_public_key();
        let pem = public.to_public_key_pem(LineEnding::LF).expect("PEM");
        for alg in ["HS256", "hs256"] {
            let input = signing_input(
                &json!({"alg": alg, "kid": "did:jwk:x#0"}),
                &sample_payload(),
            );
            let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(pem.as_bytes()).expect("key");
            mac.update(input.as_bytes());
            let tag = mac.finalize().into_bytes();
            let jws = Jws::parse(&format!("{input}.{}", b64(&tag))).expect("parses");
            assert!(matches!(
                jws.verify(&rsa_public()),
                Err(JwtError::ForbiddenAlgorithm { .. })
            ));
        }
        for alg in ["HS384", "HS512"] {
            let token = format!(
                "{}.AAAA",
                signing_input(&json!({"alg": alg}), &sample_payload())
            );
            assert!(matches!(
                Jws::parse(&token).expect("parses").alg(),
                Err(JwtError::ForbiddenAlgorithm { .. })
            ));
        }
    }

    #[test]
    fn unknown_algorithms_are_unsupported() {
        for alg in ["ES384", "ES256K", "PS256", "RS512", "EdDSA ", "eddsa", ""] {
            let token = format!(
                "{}.AAAA",
                signing_input(&json!({"alg": alg}), &sample_payload())
            );
            assert!(
                matches!(
                    Jws::parse(&token).expect("parses").alg(),
                    Err(JwtError::UnsupportedAlgorithm { .. })
                ),
                "{alg:?}"
            );
        }
    }

    #[test]
    fn eddsa_header_with_a_p256_key_is_key_algorithm_mismatch() {
        let (token, _) = ed25519_token("EdDSA");
        let jws = Jws::parse(&token).expect("parses");
        let (_, p256_key) = p256_token();
        match jws.verify(&PublicKey::P256(*p256_key.verifying_key())) {
            Err(JwtError::KeyAlgorithmMismatch { alg, key }) => {
                assert_eq!((alg, key), ("EdDSA", "P-256"));
            }
            other => panic!("expected KeyAlgorithmMismatch, got {other:?}"),
        }
        // ES256 with an Ed25519 key and RS256 with a P-256 key likewise.
        let (es, _) = p256_token();
        let (_, ed) = ed25519_token("EdDSA");
        assert!(matches!(
            Jws::parse(&es)
                .expect("parses")
                .verify(&PublicKey::Ed25519(ed.verifying_key())),
            Err(JwtError::KeyAlgorithmMismatch { .. })
        ));
        let rs = rsa_token(json!({"alg": "RS256"}));
        assert!(matches!(
            Jws::parse(&rs)
                .expect("parses")
                .verify(&PublicKey::P256(*p256_key.verifying_key())),
            Err(JwtError::KeyAlgorithmMismatch { .. })
        ));
    }

    // ---- structural checks ------------------------------------------------

    #[test]
    fn truncated_tokens_and_empty_parts_are_malformed() {
        let (token, _) = ed25519_token("EdDSA");
        let parts: Vec<&str> = token.split('.').collect();
        let cases = [
            String::new(),
            "   ".to_owned(),
            parts[0].to_owned(),
            format!("{}.{}", parts[0], parts[1]),
            format!("{}.", parts[0]),
            format!("..{}", parts[2]),
            format!(".{}.{}", parts[1], parts[2]),
            format!("{}..{}", parts[0], parts[2]),
            "..".to_owned(),
            format!("{token}.extra"),
            format!("{token}.a.b"), // five parts: JWE shape
        ];
        for case in cases {
            assert!(
                matches!(Jws::parse(&case), Err(JwtError::Malformed { .. })),
                "{case:?}"
            );
        }
    }

    #[test]
    fn bad_base64_is_malformed() {
        let (token, _) = ed25519_token("EdDSA");
        let parts: Vec<&str> = token.split('.').collect();
        let cases = [
            format!("{}=.{}.{}", parts[0], parts[1], parts[2]), // padding
            format!("{}.{}+.{}", parts[0], parts[1], parts[2]), // standard alphabet
            format!("{}.{}.{}/", parts[0], parts[1], parts[2]),
            format!("{}.{}.{}", parts[0], parts[1], "A"), // impossible length
            format!("{}.{} .{}", parts[0], parts[1], parts[2]), // inner space
            format!("{}.{}.{}", parts[0], parts[1], "AB"), // non-canonical trailing bits
            "é.é.é".to_owned(),
        ];
        for case in cases {
            assert!(
                matches!(Jws::parse(&case), Err(JwtError::Malformed { .. })),
                "{case:?}"
            );
        }
    }

    #[test]
    fn non_object_json_and_non_json_are_malformed() {
        let obj = b64(br#"{"alg":"EdDSA"}"#);
        let cases = [
            format!("{}.{obj}.AAAA", b64(b"[]")),
            format!("{}.{obj}.AAAA", b64(b"\"EdDSA\"")),
            format!("{obj}.{}.AAAA", b64(b"123")),
            format!("{obj}.{}.AAAA", b64(b"null")),
            format!("{obj}.{}.AAAA", b64(b"{\"a\":")),
            format!("{obj}.{}.AAAA", b64(&[0xff, 0xfe])),
            format!("{}.{obj}.AAAA", b64(&[b'['; 10_000])), // deep nesting
            format!("{}.{obj}.AAAA", b64(br#"{"typ":"JWT"}"#)), // no alg
            format!("{}.{obj}.AAAA", b64(br#"{"alg":256}"#)),
            format!("{}.{obj}.AAAA", b64(br#"{"alg":"EdDSA","crit":["exp"]}"#)),
            format!("{}.{obj}.AAAA", b64(br#"{"alg":"EdDSA","b64":false}"#)),
        ];
        for case in cases {
            assert!(
                matches!(Jws::parse(&case), Err(JwtError::Malformed { .. })),
                "{case:.80}"
            );
        }
    }

    #[test]
    fn ten_megabyte_token_is_too_large() {
        let token = format!("eyJhbGciOiJFZERTQSJ9.{}.AAAA", "A".repeat(10 * 1024 * 1024));
        assert!(matches!(
            Jws::parse(&token),
            Err(JwtError::TooLarge {
                what: "token",
                limit: MAX_TOKEN_LEN
            })
        ));
    }

    #[test]
    fn header_over_sixteen_kib_is_too_large() {
        let header = json!({"alg": "EdDSA", "pad": "x".repeat(MAX_HEADER_LEN)});
        let token = format!("{}.AAAA", signing_input(&header, &sample_payload()));
        assert!(matches!(
            Jws::parse(&token),
            Err(JwtError::TooLarge { what: "header", .. })
        ));
    }

    #[test]
    fn surrounding_whitespace_is_ignored_but_not_signed() {
        let (token, sk) = ed25519_token("EdDSA");
        let jws = Jws::parse(&format!("\n {token}\r\n")).expect("parses");
        jws.verify(&PublicKey::Ed25519(sk.verifying_key()))
            .expect("verifies");
    }

    // ---- credential extraction --------------------------------------------

    #[test]
    fn vc_claim_form_with_disagreeing_claims_is_claim_mismatch() {
        let base = json!({
            "vc": {
                "@context": ["https://www.w3.org/2018/credentials/v1"],
                "type": ["VerifiableCredential"],
                "id": "urn:uuid:1",
                "issuer": {"id": "https://issuer.example"},
                "credentialSubject": {"id": "did:example:learner"}
            },
            "iss": "https://issuer.example",
            "jti": "urn:uuid:1",
            "sub": "did:example:learner"
        });
        assert!(credential_from_payload(&base).is_ok());
        for (claim, value) in [
            ("iss", "https://attacker.example"),
            ("jti", "urn:uuid:2"),
            ("sub", "did:example:someone-else"),
        ] {
            let mut payload = base.clone();
            payload[claim] = json!(value);
            match credential_from_payload(&payload) {
                Err(JwtError::ClaimMismatch { claim: c }) => assert_eq!(c, claim),
                other => panic!("{claim}: expected ClaimMismatch, got {other:?}"),
            }
        }
        // A string issuer is compared the same way.
        let mut payload = base.clone();
        payload["vc"]["issuer"] = json!("https://other.example");
        assert!(matches!(
            credential_from_payload(&payload),
            Err(JwtError::ClaimMismatch { claim: "iss" })
        ));
    }

    #[test]
    fn payload_form_with_disagreeing_iss_is_claim_mismatch() {
        let mut payload = sample_payload();
        payload["iss"] = json!("did:example:attacker");
        assert!(matches!(
            credential_from_payload(&payload),
            Err(JwtError::ClaimMismatch { claim: "iss" })
        ));
    }

    #[test]
    fn vc_claim_form_takes_missing_properties_from_claims() {
        let payload = json!({
            "vc": {
                "@context": ["https://www.w3.org/2018/credentials/v1"],
                "type": ["VerifiableCredential"],
                "credentialSubject": {"name": "Kai"}
            },
            "iss": "https://issuer.example",
            "jti": "urn:uuid:7",
            "sub": "did:example:kai",
            "nbf": 1262304000,
            "exp": 2397168000.5
        });
        let credential = credential_from_payload(&payload).expect("credential");
        assert_eq!(credential["issuer"], "https://issuer.example");
        assert_eq!(credential["id"], "urn:uuid:7");
        assert_eq!(credential["credentialSubject"]["id"], "did:example:kai");
        assert_eq!(credential["issuanceDate"], "2010-01-01T00:00:00Z");
        assert_eq!(credential["expirationDate"], "2045-12-18T00:00:00Z");

        // With the VC 2.0 context the same claims become validFrom/validUntil,
        // and properties already present are not overwritten.
        let mut v2 = payload.clone();
        v2["vc"]["@context"] = json!([VC_V2_CONTEXT]);
        v2["vc"]["validUntil"] = json!("2030-01-01T00:00:00Z");
        let credential = credential_from_payload(&v2).expect("credential");
        assert_eq!(credential["validFrom"], "2010-01-01T00:00:00Z");
        assert_eq!(credential["validUntil"], "2030-01-01T00:00:00Z");
        assert!(credential.get("expirationDate").is_none());
    }

    #[test]
    fn numeric_dates_convert_across_the_calendar() {
        for (seconds, expected) in [
            (json!(0), "1970-01-01T00:00:00Z"),
            (json!(951_782_400), "2000-02-29T00:00:00Z"),
            (json!(-1), "1969-12-31T23:59:59Z"),
            (json!(253_402_300_799_i64), "9999-12-31T23:59:59Z"),
            (json!(-62_135_596_800_i64), "0001-01-01T00:00:00Z"),
        ] {
            assert_eq!(numeric_date(&seconds, "exp").expect("date"), expected);
        }
        for bad in [json!(253_402_300_800_i64), json!(1e300), json!(u64::MAX)] {
            assert!(numeric_date(&bad, "exp").is_err(), "{bad}");
        }
    }

    #[test]
    fn non_numeric_exp_or_non_string_iss_is_malformed() {
        let mut payload = sample_payload();
        payload["exp"] = json!("2030-01-01");
        assert!(matches!(
            credential_from_payload(&payload),
            Err(JwtError::Malformed { .. })
        ));
        let mut payload = sample_payload();
        payload["iss"] = json!({"id": "did:example:issuer"});
        assert!(matches!(
            credential_from_payload(&payload),
            Err(JwtError::Malformed { .. })
        ));
        assert!(matches!(
            credential_from_payload(&json!({"vc": "a string"})),
            Err(JwtError::Malformed { .. })
        ));
    }

    #[test]
    fn payload_without_a_credential_is_no_credential() {
        for payload in [
            json!({"iss": "https://issuer.example", "sub": "x"}),
            json!({"@context": [VC_V2_CONTEXT], "type": ["VerifiablePresentation"]}),
            json!({"type": "VerifiableCredential"}),
        ] {
            assert!(matches!(
                credential_from_payload(&payload),
                Err(JwtError::NoCredential)
            ));
        }
    }

    #[test]
    fn sub_matches_any_subject_of_a_subject_array() {
        let mut payload = sample_payload();
        payload["credentialSubject"] =
            json!([{"id": "did:example:a"}, {"id": "did:example:learner"}]);
        assert!(credential_from_payload(&payload).is_ok());
        payload["credentialSubject"] = json!([{"id": "did:example:a"}, {"id": "did:example:b"}]);
        assert!(matches!(
            credential_from_payload(&payload),
            Err(JwtError::ClaimMismatch { claim: "sub" })
        ));
    }
}
