//! Offline public-key resolution: `did:key`, `did:jwk` and bare JWKs.
//!
//! This module owns turning an *identifier* (a verification method id, a
//! Multikey string or a JSON Web Key) into a [`PublicKey`] the signature code
//! can use, and nothing else. It never fetches anything: a `did:key` or a
//! `did:jwk` carries its key inside the identifier, so it is decoded here; any
//! identifier whose key lives somewhere else (`did:web`, an `https` controller
//! document) is answered with [`KeyError::NeedsNetwork`] so that the caller can
//! decide whether, and through which resolver, to go online. Binding a key to
//! an issuer (controller documents, `assertionMethod`) is also not done here.
//!
//! Every input is untrusted: lengths are bounded before any decoding, errors
//! name what was wrong, and nothing here panics on input-derived data.
//! Only encodings are parsed here; all cryptography is delegated to
//! `ed25519-dalek`, `p256` and `rsa`.

pub(crate) use crate::quote::clip;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value};

/// Longest verification method id accepted by [`resolve_offline`], in bytes.
/// A did:jwk carrying an 8192-bit RSA key is about 2 KB, so 8 KiB is generous
/// while still refusing attacker-sized identifiers before decoding them.
pub const MAX_VERIFICATION_METHOD_LEN: usize = 8 * 1024;

/// Longest Multikey / multibase string accepted by [`PublicKey::from_multikey`].
/// Supported keys are under 50 characters; the bound keeps base58 decoding
/// (quadratic in the input) cheap while still letting an RSA or P-521
/// Multikey reach the multicodec check and get a precise error.
pub const MAX_MULTIBASE_LEN: usize = 2048;

/// Smallest RSA modulus accepted, in bits (NIST SP 800-131A; RFC 7518 §3.3
/// requires at least 2048 bits for RS256).
pub const MIN_RSA_BITS: usize = 2048;

/// Largest RSA modulus accepted, in bits (the `rsa` crate's default bound,
/// which also caps the verification cost an attacker can impose).
pub const MAX_RSA_BITS: usize = 8192;

/// Multicodec code of an Ed25519 public key (`ed25519-pub`), varint `0xed 0x01`.
const MULTICODEC_ED25519_PUB: u64 = 0xed;
/// Multicodec code of a P-256 public key (`p256-pub`), varint `0x80 0x24`.
const MULTICODEC_P256_PUB: u64 = 0x1200;

const ED25519_KEY_LEN: usize = 32;
const P256_COMPRESSED_LEN: usize = 33;
const P256_COORDINATE_LEN: usize = 32;

/// A public key this wallet can verify signatures with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublicKey {
    Ed25519(ed25519_dalek::VerifyingKey),
    P256(p256::ecdsa::VerifyingKey),
    Rsa(rsa::PublicKey),
}

/// Where a [`ResolvedKey`] came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeySource {
    /// Decoded from a `did:key` identifier.
    DidKey,
    /// Decoded from a `did:jwk` identifier.
    DidJwk,
    /// Taken from material we were handed (a JWT header `jwk`, a document we
    /// were given): it proves possession of a key, not who controls it.
    Embedded,
    /// Published in a `did:web` DID document; `as_of` is set when the document
    /// was a remembered copy (offline) fetched at that time.
    DidWeb {
        as_of: Option<chrono::DateTime<chrono::Utc>>,
    },
    /// Published in the controller document (issuer profile) at an `https` URL.
    Controller {
        as_of: Option<chrono::DateTime<chrono::Utc>>,
    },
}

impl KeySource {
    /// How the key was found, for the `issuer` check's message.
    pub fn describe(self) -> String {
        let as_of = |at: Option<chrono::DateTime<chrono::Utc>>| match at {
            Some(at) => format!(", as of {} (offline)", at.format("%Y-%m-%d %H:%M UTC")),
            None => String::new(),
        };
        match self {
            KeySource::DidKey => "key resolved from did:key, offline".into(),
            KeySource::DidJwk => "key resolved from did:jwk, offline".into(),
            KeySource::Embedded => "key from the issuer's published document".into(),
            KeySource::DidWeb { as_of: at } => {
                format!(
                    "key published in the issuer's did:web document{}",
                    as_of(at)
                )
            }
            KeySource::Controller { as_of: at } => {
                format!("key published in the issuer's profile{}", as_of(at))
            }
        }
    }
}

/// A public key together with the verification method it was resolved from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedKey {
    /// The full verification method id (`did:…#fragment`).
    pub id: String,
    /// The DID that controls the key (the id without its fragment).
    pub controller: String,
    pub key: PublicKey,
    pub source: KeySource,
}

/// Why a key could not be resolved or used. Each variant is something a caller
/// can act on (go online, report "unsupported", report "invalid").
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("verification method id is {len} bytes long; the limit is {limit}")]
    TooLong { limit: usize, len: usize },

    #[error("malformed verification method id: {reason}")]
    MalformedId { reason: String },

    #[error("{method} keys can only be resolved over the network")]
    NeedsNetwork { method: String },

    /// The key's document could not be fetched now (offline, unreachable, slow),
    /// and nothing was remembered: the key is neither good nor bad, only unknown.
    #[error("{reason}")]
    Unavailable { reason: String },

    /// The key's document answered, and it does not provide this key for signing
    /// credentials (gone, malformed, not listed, not authorised, wrong controller).
    #[error("{reason}")]
    Unresolvable { reason: String },

    #[error("unsupported identifier method or scheme `{method}`")]
    UnsupportedMethod { method: String },

    #[error("fragment `#{found}` does not name the key of this DID (expected `#{expected}`)")]
    FragmentMismatch { expected: String, found: String },

    #[error("bad multibase key: {reason}")]
    BadMultibase { reason: String },

    #[error("unknown or unsupported multicodec key type 0x{code:x}{}", multicodec_label(*.code))]
    UnknownMulticodec { code: u64 },

    #[error("{key_type} public key must be {expected} bytes, found {found}")]
    WrongKeyLength {
        key_type: &'static str,
        expected: usize,
        found: usize,
    },

    #[error("invalid {key_type} public key: {reason}")]
    InvalidKey {
        key_type: &'static str,
        reason: String,
    },

    #[error("bad JWK: {reason}")]
    BadJwk { reason: String },

    #[error("unsupported JWK key type kty={kty}{}", .crv.as_deref().map(|c| format!(" crv={c}")).unwrap_or_default())]
    UnsupportedKeyType { kty: String, crv: Option<String> },

    #[error("RSA key is {bits} bits; at least {min} are required")]
    RsaKeyTooSmall { bits: usize, min: usize },

    #[error("wrong key type: expected {expected}, found {found}")]
    WrongKeyType {
        expected: &'static str,
        found: &'static str,
    },

    #[error("signature does not verify")]
    BadSignature,
}

/// A human label for the multicodec codes people are likely to meet, so the
/// error says "P-384" rather than only a number.
fn multicodec_label(code: u64) -> &'static str {
    match code {
        0xe7 => " (secp256k1-pub)",
        0xec => " (x25519-pub: a key-agreement key, not a signing key)",
        0xed => " (ed25519-pub)",
        0x1200 => " (p256-pub)",
        0x1201 => " (p384-pub)",
        0x1202 => " (p521-pub)",
        0x1205 => " (rsa-pub)",
        0xeb51 => " (bls12_381-g2-pub)",
        _ => "",
    }
}

impl PublicKey {
    /// The key type's name, as used in error messages and reports.
    pub fn algorithm_name(&self) -> &'static str {
        match self {
            PublicKey::Ed25519(_) => "Ed25519",
            PublicKey::P256(_) => "P-256",
            PublicKey::Rsa(_) => "RSA",
        }
    }

    /// Verify a raw 64-byte Ed25519 signature over `message` (RFC 8032 §5.1.7),
    /// as the Data Integrity EdDSA cryptosuites need.
    ///
    /// Uses `verify_strict`, which additionally rejects small-order public keys
    /// and `R` values: an honest signer never produces them, and accepting them
    /// would let one signature "verify" for many messages.
    pub fn verify_ed25519(&self, message: &[u8], signature: &[u8]) -> Result<(), KeyError> {
        let PublicKey::Ed25519(key) = self else {
            return Err(KeyError::WrongKeyType {
                expected: "Ed25519",
                found: self.algorithm_name(),
            });
        };
        let bytes: [u8; ed25519_dalek::SIGNATURE_LENGTH] =
            signature.try_into().map_err(|_| KeyError::BadSignature)?;
        let signature = ed25519_dalek::Signature::from_bytes(&bytes);
        key.verify_strict(message, &signature)
            .map_err(|_| KeyError::BadSignature)
    }

    /// Read a public JSON Web Key (RFC 7517): `OKP`/`Ed25519` (RFC 8037 §2),
    /// `EC`/`P-256` (RFC 7518 §6.2) or `RSA` with `n` and `e` (RFC 7518 §6.3,
    /// at least [`MIN_RSA_BITS`] bits).
    ///
    /// Private members (`d`, `p`, …) are ignored: only the public part is read.
    /// A key whose `use` is not `sig`, or whose `key_ops` do not include
    /// `verify`, is refused (RFC 7517 §4.2, §4.3): its owner said it is not for
    /// checking signatures. Symmetric (`oct`) keys are never accepted.
    pub fn from_jwk(jwk: &Value) -> Result<PublicKey, KeyError> {
        let obj = jwk.as_object().ok_or_else(|| KeyError::BadJwk {
            reason: "a JWK must be a JSON object".into(),
        })?;
        check_jwk_usage(obj)?;
        let kty = required_str(obj, "kty")?;
        match kty {
            "OKP" => {
                let crv = required_str(obj, "crv")?;
                if crv != "Ed25519" {
                    return Err(unsupported(kty, Some(crv)));
                }
                let x = b64_member(obj, "x")?;
                let bytes: [u8; ED25519_KEY_LEN] =
                    x.as_slice()
                        .try_into()
                        .map_err(|_| KeyError::WrongKeyLength {
                            key_type: "Ed25519",
                            expected: ED25519_KEY_LEN,
                            found: x.len(),
                        })?;
                ed25519_from_bytes(&bytes)
            }
            "EC" => {
                let crv = required_str(obj, "crv")?;
                if crv != "P-256" {
                    return Err(unsupported(kty, Some(crv)));
                }
                // RFC 7518 §6.2.1.2/§6.2.1.3: x and y are the full-length
                // (32-byte) big-endian coordinates.
                let x = b64_member(obj, "x")?;
                let y = b64_member(obj, "y")?;
                for coordinate in [&x, &y] {
                    if coordinate.len() != P256_COORDINATE_LEN {
                        return Err(KeyError::WrongKeyLength {
                            key_type: "P-256 coordinate",
                            expected: P256_COORDINATE_LEN,
                            found: coordinate.len(),
                        });
                    }
                }
                // SEC1 uncompressed point: 0x04 || x || y. The p256 crate
                // checks that the point is on the curve.
                let mut sec1 = Vec::with_capacity(1 + 2 * P256_COORDINATE_LEN);
                sec1.push(0x04);
                sec1.extend_from_slice(&x);
                sec1.extend_from_slice(&y);
                p256_from_sec1(&sec1)
            }
            "RSA" => rsa_from_jwk(obj),
            other => Err(unsupported(other, obj.get("crv").and_then(Value::as_str))),
        }
    }

    /// Decode a Multikey value (the method-specific id of a `did:key`): `z` +
    /// base58btc of a multicodec varint and the raw key. Supported, per the
    /// did:key spec §"Signature Method Creation Algorithm" / Multikey:
    /// `0xed01` + 32-byte Ed25519 key (`z6Mk…`) and `0x1200` (varint `8024`) +
    /// 33-byte compressed P-256 point (`zDn…`).
    pub fn from_multikey(multibase: &str) -> Result<PublicKey, KeyError> {
        if multibase.len() > MAX_MULTIBASE_LEN {
            return Err(KeyError::BadMultibase {
                reason: format!(
                    "{} characters is longer than the {MAX_MULTIBASE_LEN}-character limit",
                    multibase.len()
                ),
            });
        }
        let Some(encoded) = multibase.strip_prefix('z') else {
            return Err(KeyError::BadMultibase {
                reason: format!(
                    "expected the base58btc prefix `z`, found `{}`",
                    clip(multibase.get(..1).unwrap_or(""))
                ),
            });
        };
        if encoded.is_empty() {
            return Err(KeyError::BadMultibase {
                reason: "no data after the `z` prefix".into(),
            });
        }
        let bytes = bs58::decode(encoded)
            .into_vec()
            .map_err(|e| KeyError::BadMultibase {
                reason: format!("not base58btc: {e}"),
            })?;
        let (code, header_len) = read_varint(&bytes).ok_or_else(|| KeyError::BadMultibase {
            reason: "missing or malformed multicodec varint".into(),
        })?;
        let key = bytes.get(header_len..).unwrap_or_default();
        match code {
            MULTICODEC_ED25519_PUB => {
                let raw: [u8; ED25519_KEY_LEN] =
                    key.try_into().map_err(|_| KeyError::WrongKeyLength {
                        key_type: "Ed25519",
                        expected: ED25519_KEY_LEN,
                        found: key.len(),
                    })?;
                ed25519_from_bytes(&raw)
            }
            MULTICODEC_P256_PUB => {
                // Multikey fixes the compressed SEC1 form (0x02/0x03 || x);
                // an uncompressed 65-byte point is not a valid Multikey.
                if key.len() != P256_COMPRESSED_LEN {
                    return Err(KeyError::WrongKeyLength {
                        key_type: "P-256 compressed",
                        expected: P256_COMPRESSED_LEN,
                        found: key.len(),
                    });
                }
                if !matches!(key.first(), Some(0x02 | 0x03)) {
                    return Err(KeyError::InvalidKey {
                        key_type: "P-256",
                        reason: "a compressed point must start with 0x02 or 0x03".into(),
                    });
                }
                p256_from_sec1(key)
            }
            other => Err(KeyError::UnknownMulticodec { code: other }),
        }
    }
}

/// Read an unsigned LEB128 varint as multiformats define it (at most 9 bytes,
/// minimally encoded). Returns the value and the number of bytes used.
fn read_varint(bytes: &[u8]) -> Option<(u64, usize)> {
    let mut value: u64 = 0;
    for (i, &byte) in bytes.iter().enumerate().take(9) {
        value |= u64::from(byte & 0x7f) << (7 * i);
        if byte & 0x80 == 0 {
            // A trailing zero group means the encoding was not minimal, which
            // the unsigned-varint spec forbids (two spellings of one code).
            if byte == 0 && i > 0 {
                return None;
            }
            return Some((value, i + 1));
        }
    }
    None
}

fn ed25519_from_bytes(bytes: &[u8; ED25519_KEY_LEN]) -> Result<PublicKey, KeyError> {
    ed25519_dalek::VerifyingKey::from_bytes(bytes)
        .map(PublicKey::Ed25519)
        .map_err(|_| KeyError::InvalidKey {
            key_type: "Ed25519",
            reason: "not a valid curve point".into(),
        })
}

fn p256_from_sec1(bytes: &[u8]) -> Result<PublicKey, KeyError> {
    p256::ecdsa::VerifyingKey::from_sec1_bytes(bytes)
        .map(PublicKey::P256)
        .map_err(|_| KeyError::InvalidKey {
            key_type: "P-256",
            reason: "not a point on the curve".into(),
        })
}

fn unsupported(kty: &str, crv: Option<&str>) -> KeyError {
    KeyError::UnsupportedKeyType {
        kty: clip(kty),
        crv: crv.map(clip),
    }
}

/// RFC 7517 §4.2 (`use`) and §4.3 (`key_ops`): when present, they must allow
/// signature verification.
fn check_jwk_usage(obj: &Map<String, Value>) -> Result<(), KeyError> {
    if let Some(usage) = obj.get("use") {
        match usage.as_str() {
            Some("sig") => {}
            Some(other) => {
                return Err(KeyError::BadJwk {
                    reason: format!("key is declared for use `{}`, not `sig`", clip(other)),
                });
            }
            None => {
                return Err(KeyError::BadJwk {
                    reason: "`use` must be a string".into(),
                });
            }
        }
    }
    if let Some(ops) = obj.get("key_ops") {
        let ops = ops.as_array().ok_or_else(|| KeyError::BadJwk {
            reason: "`key_ops` must be an array".into(),
        })?;
        if !ops.iter().any(|op| op.as_str() == Some("verify")) {
            return Err(KeyError::BadJwk {
                reason: "`key_ops` does not include `verify`".into(),
            });
        }
    }
    Ok(())
}

fn required_str<'a>(obj: &'a Map<String, Value>, member: &str) -> Result<&'a str, KeyError> {
    match obj.get(member) {
        Some(Value::String(s)) => Ok(s),
        Some(_) => Err(KeyError::BadJwk {
            reason: format!("`{member}` must be a string"),
        }),
        None => Err(KeyError::BadJwk {
            reason: format!("missing `{member}`"),
        }),
    }
}

/// A base64url (no padding, RFC 7515 §2) member of a JWK.
fn b64_member(obj: &Map<String, Value>, member: &str) -> Result<Vec<u8>, KeyError> {
    let encoded = required_str(obj, member)?;
    URL_SAFE_NO_PAD
        .decode(encoded)
        .map_err(|e| KeyError::BadJwk {
            reason: format!("`{member}` is not unpadded base64url: {e}"),
        })
}

fn strip_leading_zeros(bytes: &[u8]) -> &[u8] {
    let first = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    &bytes[first..]
}

fn rsa_from_jwk(obj: &Map<String, Value>) -> Result<PublicKey, KeyError> {
    // Bound the encoded modulus before decoding it: 8192 bits is 1024 bytes,
    // about 1366 base64url characters (plus slack for a leading zero byte).
    if let Some(Value::String(n)) = obj.get("n")
        && n.len() > (MAX_RSA_BITS / 8 + 8) * 4 / 3
    {
        return Err(KeyError::InvalidKey {
            key_type: "RSA",
            reason: format!("modulus is longer than {MAX_RSA_BITS} bits"),
        });
    }
    let n_raw = b64_member(obj, "n")?;
    let e_raw = b64_member(obj, "e")?;
    // RFC 7518 §6.3.1.1 asks for the minimal encoding; a leading zero octet
    // changes nothing about the value, so tolerate it rather than refuse.
    let n = strip_leading_zeros(&n_raw);
    let e = strip_leading_zeros(&e_raw);
    let Some(&top) = n.first() else {
        return Err(KeyError::InvalidKey {
            key_type: "RSA",
            reason: "modulus is zero".into(),
        });
    };
    let bits = (n.len() - 1) * 8 + (8 - top.leading_zeros() as usize);
    if bits < MIN_RSA_BITS {
        return Err(KeyError::RsaKeyTooSmall {
            bits,
            min: MIN_RSA_BITS,
        });
    }
    if bits > MAX_RSA_BITS {
        return Err(KeyError::InvalidKey {
            key_type: "RSA",
            reason: format!("modulus is {bits} bits; at most {MAX_RSA_BITS} are supported"),
        });
    }
    // The rsa crate bounds e to 2..=2^33-1; refuse absurd lengths up front.
    if e.is_empty() || e.len() > 8 {
        return Err(KeyError::InvalidKey {
            key_type: "RSA",
            reason: "public exponent out of range".into(),
        });
    }
    let n = rsa::BoxedUint::from_be_slice_vartime(n);
    let e = rsa::BoxedUint::from_be_slice_vartime(e);
    rsa::PublicKey::new_with_size_limits(n, e, MIN_RSA_BITS..=MAX_RSA_BITS)
        .map(PublicKey::Rsa)
        .map_err(|err| KeyError::InvalidKey {
            key_type: "RSA",
            reason: err.to_string(),
        })
}

/// Members that only a private JWK has (RFC 7518 §6.2.2, §6.3.2, §6.4.1).
const PRIVATE_JWK_MEMBERS: [&str; 8] = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

/// The `did:key` of an Ed25519 public key: `did:key:z6Mk…` (multicodec `0xed01`,
/// base58btc). Its verification method is the DID, `#`, and the same string.
pub fn did_key_ed25519(key: &ed25519_dalek::VerifyingKey) -> String {
    let mut bytes = Vec::with_capacity(2 + ED25519_KEY_LEN);
    bytes.extend_from_slice(&[0xed, 0x01]);
    bytes.extend_from_slice(key.as_bytes());
    format!("did:key:z{}", bs58::encode(bytes).into_string())
}

/// The verification method id of a `did:key`: `did:key:z…#z…`.
pub fn did_key_verification_method(did: &str) -> String {
    let msi = did.strip_prefix("did:key:").unwrap_or(did);
    format!("{did}#{msi}")
}

/// Resolve a verification method id without the network.
///
/// Accepted: `did:key:<mb>#<mb>` (Ed25519 `z6Mk…`, P-256 `zDn…`), a bare
/// `did:key:<mb>` (the key's own fragment is implied), `did:jwk:<b64url>#0`
/// and a bare `did:jwk:<b64url>`.
///
/// Everything else fails without any I/O: `did:web` and `http(s)` URLs give
/// [`KeyError::NeedsNetwork`] (`method` is `"did:web"`, `"https"` or
/// `"http"`), other DID methods and URI schemes give
/// [`KeyError::UnsupportedMethod`] (`method` is e.g. `"did:example"`), and
/// something that is not an absolute URI gives [`KeyError::MalformedId`].
pub fn resolve_offline(verification_method: &str) -> Result<ResolvedKey, KeyError> {
    if verification_method.len() > MAX_VERIFICATION_METHOD_LEN {
        return Err(KeyError::TooLong {
            limit: MAX_VERIFICATION_METHOD_LEN,
            len: verification_method.len(),
        });
    }
    // DID Core §3.2: did-url = did path-abempty [ "?" query ] [ "#" fragment ].
    let (base, fragment) = match verification_method.split_once('#') {
        Some((base, fragment)) => (base, Some(fragment)),
        None => (verification_method, None),
    };

    if let Some(rest) = base.strip_prefix("did:") {
        let (method, msi) = rest.split_once(':').ok_or_else(|| KeyError::MalformedId {
            reason: format!("`{}` has no method-specific id", clip(base)),
        })?;
        // DID Core §3.1: method-name = 1*method-char (lowercase letters, digits).
        if method.is_empty()
            || !method
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        {
            return Err(KeyError::MalformedId {
                reason: format!("`{}` is not a valid DID method name", clip(method)),
            });
        }
        return match method {
            "key" => resolve_did_key(msi, fragment),
            "jwk" => resolve_did_jwk(msi, fragment),
            // did:web is an HTTPS fetch of did.json (did:web spec §3.2).
            "web" => Err(KeyError::NeedsNetwork {
                method: "did:web".into(),
            }),
            other => Err(KeyError::UnsupportedMethod {
                method: format!("did:{other}"),
            }),
        };
    }

    // RFC 3986 §3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":".
    let scheme = base.split_once(':').map(|(scheme, _)| scheme).filter(|s| {
        let mut bytes = s.bytes();
        bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
            && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
    });
    match scheme.map(str::to_ascii_lowercase) {
        Some(s) if s == "https" || s == "http" => Err(KeyError::NeedsNetwork { method: s }),
        Some(s) => Err(KeyError::UnsupportedMethod { method: clip(&s) }),
        None => Err(KeyError::MalformedId {
            reason: format!(
                "`{}` is not an absolute URI (no scheme)",
                clip(verification_method)
            ),
        }),
    }
}

/// A DID URL path or query makes the id name something other than the key.
fn reject_path_or_query(msi: &str, method: &str) -> Result<(), KeyError> {
    if msi.contains(['/', '?']) {
        return Err(KeyError::MalformedId {
            reason: format!("{method} URLs with a path or query are not supported"),
        });
    }
    Ok(())
}

/// did:key spec §"Read" / "Document Creation Algorithm": the DID document has
/// exactly one signing verification method, `did:key:<mb>#<mb>`.
fn resolve_did_key(msi: &str, fragment: Option<&str>) -> Result<ResolvedKey, KeyError> {
    reject_path_or_query(msi, "did:key")?;
    if msi.is_empty() {
        return Err(KeyError::MalformedId {
            reason: "did:key has an empty method-specific id".into(),
        });
    }
    // Any other fragment would name a derived key (e.g. the X25519
    // key-agreement key) or nothing at all, never this signing key.
    if let Some(found) = fragment
        && found != msi
    {
        return Err(KeyError::FragmentMismatch {
            expected: clip(msi),
            found: clip(found),
        });
    }
    let key = PublicKey::from_multikey(msi)?;
    let controller = format!("did:key:{msi}");
    Ok(ResolvedKey {
        id: format!("{controller}#{msi}"),
        controller,
        key,
        source: KeySource::DidKey,
    })
}

/// did:jwk spec §"Read": the method-specific id is the base64url of a public
/// JWK and the only verification method is `#0`.
fn resolve_did_jwk(msi: &str, fragment: Option<&str>) -> Result<ResolvedKey, KeyError> {
    reject_path_or_query(msi, "did:jwk")?;
    if let Some(found) = fragment
        && found != "0"
    {
        return Err(KeyError::FragmentMismatch {
            expected: "0".into(),
            found: clip(found),
        });
    }
    let json = URL_SAFE_NO_PAD.decode(msi).map_err(|e| KeyError::BadJwk {
        reason: format!("did:jwk id is not unpadded base64url: {e}"),
    })?;
    let jwk: Value = serde_json::from_slice(&json).map_err(|e| KeyError::BadJwk {
        reason: format!("did:jwk id is not JSON: {e}"),
    })?;
    // did:jwk spec §"Create": the JWK MUST NOT contain private key material.
    if let Some(obj) = jwk.as_object()
        && let Some(member) = PRIVATE_JWK_MEMBERS.iter().find(|m| obj.contains_key(**m))
    {
        return Err(KeyError::BadJwk {
            reason: format!("did:jwk carries the private member `{member}`"),
        });
    }
    let key = PublicKey::from_jwk(&jwk)?;
    let controller = format!("did:jwk:{msi}");
    Ok(ResolvedKey {
        id: format!("{controller}#0"),
        controller,
        key,
        source: KeySource::DidJwk,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::vectors_dir;
    use serde_json::json;

    fn read_json(relative: &str) -> Value {
        let path = vectors_dir().join(relative);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
    }

    fn multikey(codec: &[u8], key: &[u8]) -> String {
        let mut bytes = codec.to_vec();
        bytes.extend_from_slice(key);
        format!("z{}", bs58::encode(bytes).into_string())
    }

    fn random_seed() -> [u8; 32] {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).expect("system RNG");
        seed
    }

    /// The DID document's verification method with this id.
    fn document_method<'a>(doc: &'a Value, id: &str) -> &'a Value {
        doc["verificationMethod"]
            .as_array()
            .expect("verificationMethod array")
            .iter()
            .find(|vm| vm["id"] == id)
            .unwrap_or_else(|| panic!("no verification method {id} in the document"))
    }

    /// The key a vector's DID document publishes, in whichever form it uses.
    fn document_key(vm: &Value) -> PublicKey {
        if let Some(jwk) = vm.get("publicKeyJwk") {
            return PublicKey::from_jwk(jwk).expect("document JWK");
        }
        let raw = bs58::decode(vm["publicKeyBase58"].as_str().expect("publicKeyBase58"))
            .into_vec()
            .expect("base58");
        match vm["type"].as_str() {
            Some("Ed25519VerificationKey2018") => {
                let raw: [u8; 32] = raw.as_slice().try_into().expect("32 bytes");
                PublicKey::Ed25519(ed25519_dalek::VerifyingKey::from_bytes(&raw).expect("point"))
            }
            Some("P256Key2021") => PublicKey::P256(
                p256::ecdsa::VerifyingKey::from_sec1_bytes(&raw).expect("P-256 point"),
            ),
            other => panic!("unexpected verification method type {other:?}"),
        }
    }

    #[test]
    fn did_key_ed25519_vectors_resolve_to_the_documented_key_and_seed() {
        let vectors = read_json("did-method-key/ed25519-x25519.json");
        let vectors = vectors.as_object().expect("object of DIDs");
        assert!(
            vectors.len() >= 5,
            "expected the five upstream Ed25519 vectors"
        );
        for (did, vector) in vectors {
            let resolved = resolve_offline(did).unwrap_or_else(|e| panic!("{did}: {e}"));
            assert_eq!(resolved.controller, *did);
            assert_eq!(resolved.source, KeySource::DidKey);
            let doc = &vector["didDocument"];
            assert_eq!(doc["id"], *did);
            let vm = document_method(doc, &resolved.id);
            assert_eq!(vm["controller"], *did);
            assert_eq!(resolved.key, document_key(vm), "{did}");
            // The published seed is the Ed25519 secret key (RFC 8032 §5.1.5).
            let seed = vector["seed"].as_str().expect("seed");
            let seed: [u8; 32] = (0..32)
                .map(|i| u8::from_str_radix(&seed[2 * i..2 * i + 2], 16).expect("hex"))
                .collect::<Vec<_>>()
                .try_into()
                .expect("32-byte seed");
            let from_seed = ed25519_dalek::SigningKey::from_bytes(&seed).verifying_key();
            assert_eq!(resolved.key, PublicKey::Ed25519(from_seed), "{did}");
            // Resolving the full DID URL gives the same answer.
            let again = resolve_offline(&resolved.id).expect("full DID URL");
            assert_eq!(again, resolved);
        }
    }

    #[test]
    fn did_key_x25519_key_agreement_fragment_is_a_fragment_mismatch() {
        let vectors = read_json("did-method-key/ed25519-x25519.json");
        for (did, vector) in vectors.as_object().expect("object") {
            let agreement = vector["didDocument"]["keyAgreement"][0]
                .as_str()
                .expect("keyAgreement id");
            assert!(agreement.starts_with(did.as_str()));
            assert!(matches!(
                resolve_offline(agreement),
                Err(KeyError::FragmentMismatch { .. })
            ));
            // The X25519 key itself is a key-agreement key, not a signing key.
            let (_, x25519) = agreement.split_once('#').expect("fragment");
            assert!(matches!(
                PublicKey::from_multikey(x25519),
                Err(KeyError::UnknownMulticodec { code: 0xec })
            ));
        }
    }

    #[test]
    fn did_key_nist_vectors_resolve_p256_and_reject_p384_p521_by_multicodec() {
        let vectors = read_json("did-method-key/nist-curves.json");
        let mut p256_seen = 0;
        for (did, vector) in vectors.as_object().expect("object of DIDs") {
            let msi = did.strip_prefix("did:key:").expect("did:key");
            if msi.starts_with("zDn") {
                let resolved = resolve_offline(did).unwrap_or_else(|e| panic!("{did}: {e}"));
                let vm = document_method(&vector["didDocument"], &resolved.id);
                assert_eq!(resolved.key, document_key(vm), "{did}");
                // Where the vector gives the private scalar, the public key
                // derived from it must match too.
                if let Some(d) = vector["verificationMethod"]["privateKeyJwk"]["d"].as_str() {
                    let d = URL_SAFE_NO_PAD.decode(d).expect("d");
                    let sk = p256::ecdsa::SigningKey::from_slice(&d).expect("scalar");
                    assert_eq!(resolved.key, PublicKey::P256(*sk.verifying_key()));
                }
                p256_seen += 1;
            } else {
                let expected = if msi.starts_with("z82") {
                    0x1201
                } else {
                    0x1202
                };
                match resolve_offline(did) {
                    Err(KeyError::UnknownMulticodec { code }) => assert_eq!(code, expected),
                    other => panic!("{did}: expected UnknownMulticodec, got {other:?}"),
                }
            }
        }
        assert_eq!(p256_seen, 3, "the file has three P-256 did:keys");
    }

    #[test]
    fn did_jwk_p256_spec_example_resolves_to_the_decoded_jwk() {
        let file = read_json("did-jwk/spec-examples.json");
        let example = &file["examples"][0];
        assert_eq!(example["name"], "P-256");
        let did = example["did"].as_str().expect("did");
        let did_url = example["didUrl"].as_str().expect("didUrl");

        let resolved = resolve_offline(did_url).expect("did:jwk URL resolves");
        assert_eq!(resolved.id, did_url);
        assert_eq!(resolved.controller, did);
        assert_eq!(resolved.source, KeySource::DidJwk);
        let expected = PublicKey::from_jwk(&example["decodedJwk"]).expect("decoded JWK");
        assert_eq!(resolved.key, expected);
        assert_eq!(resolve_offline(did).expect("bare did:jwk"), resolved);

        let doc = &example["didDocument"];
        assert_eq!(doc["assertionMethod"][0], did_url);
        assert_eq!(document_method(doc, did_url)["controller"], did);
    }

    #[test]
    fn did_jwk_spec_example_authentication_typo_does_not_resolve() {
        // Upstream typo kept verbatim: `did:jwk:$eyJ…` ('$' is not base64url).
        let file = read_json("did-jwk/spec-examples.json");
        let typo = file["examples"][0]["didDocument"]["authentication"][0]
            .as_str()
            .expect("authentication id");
        assert!(typo.starts_with("did:jwk:$"));
        assert!(matches!(
            resolve_offline(typo),
            Err(KeyError::BadJwk { .. })
        ));
    }

    #[test]
    fn did_jwk_x25519_encryption_key_is_refused_for_signatures() {
        let file = read_json("did-jwk/spec-examples.json");
        let example = &file["examples"][1];
        assert_eq!(example["name"], "X25519");
        let err = resolve_offline(example["didUrl"].as_str().expect("didUrl")).unwrap_err();
        // The example says use=enc; refusing it on that ground comes first.
        assert!(matches!(err, KeyError::BadJwk { .. }), "{err}");
        let mut jwk = example["decodedJwk"].clone();
        jwk.as_object_mut().expect("object").remove("use");
        assert!(matches!(
            PublicKey::from_jwk(&jwk),
            Err(KeyError::UnsupportedKeyType { ref kty, crv: Some(ref crv) }) if kty == "OKP" && crv == "X25519"
        ));
    }

    #[test]
    fn did_jwk_with_wrong_fragment_is_a_fragment_mismatch() {
        let file = read_json("did-jwk/spec-examples.json");
        let did = file["examples"][0]["did"].as_str().expect("did");
        assert!(matches!(
            resolve_offline(&format!("{did}#1")),
            Err(KeyError::FragmentMismatch { .. })
        ));
    }

    #[test]
    fn did_jwk_with_private_key_material_is_refused() {
        let jwk = json!({
            "kty": "OKP", "crv": "Ed25519",
            "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo",
            "d": "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A"
        });
        let did = format!(
            "did:jwk:{}",
            URL_SAFE_NO_PAD.encode(serde_json::to_vec(&jwk).expect("json"))
        );
        assert!(matches!(
            resolve_offline(&did),
            Err(KeyError::BadJwk { .. })
        ));
        // from_jwk itself only reads the public part.
        assert!(matches!(
            PublicKey::from_jwk(&jwk),
            Ok(PublicKey::Ed25519(_))
        ));
    }

    #[test]
    fn did_jwk_ed25519_rfc8037_key_resolves() {
        // RFC 8037 Appendix A.2 public key.
        let jwk = json!({"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"});
        let did = format!(
            "did:jwk:{}",
            URL_SAFE_NO_PAD.encode(serde_json::to_vec(&jwk).expect("json"))
        );
        let resolved = resolve_offline(&did).expect("resolves");
        assert_eq!(resolved.id, format!("{did}#0"));
        assert_eq!(resolved.key.algorithm_name(), "Ed25519");
    }

    #[test]
    fn encoded_ed25519_did_key_resolves_to_the_same_key() {
        let signing = ed25519_dalek::SigningKey::from_bytes(&random_seed());
        let did = did_key_ed25519(&signing.verifying_key());
        assert!(did.starts_with("did:key:z6Mk"), "{did}");
        let resolved = resolve_offline(&did_key_verification_method(&did)).unwrap();
        assert_eq!(resolved.controller, did);
        assert_eq!(resolved.key, PublicKey::Ed25519(signing.verifying_key()));
    }

    #[test]
    fn generated_ed25519_and_p256_did_keys_round_trip() {
        let ed = ed25519_dalek::SigningKey::from_bytes(&random_seed());
        let mb = multikey(&[0xed, 0x01], ed.verifying_key().as_bytes());
        assert!(mb.starts_with("z6Mk"));
        let resolved = resolve_offline(&format!("did:key:{mb}")).expect("Ed25519 did:key");
        assert_eq!(resolved.key, PublicKey::Ed25519(ed.verifying_key()));
        assert_eq!(resolved.id, format!("did:key:{mb}#{mb}"));

        let p = p256::ecdsa::SigningKey::from_slice(&random_seed()).expect("scalar");
        let compressed = p.verifying_key().to_sec1_point(true);
        let mb = multikey(&[0x80, 0x24], compressed.as_bytes());
        assert!(mb.starts_with("zDn"));
        let resolved = resolve_offline(&format!("did:key:{mb}#{mb}")).expect("P-256 did:key");
        assert_eq!(resolved.key, PublicKey::P256(*p.verifying_key()));
    }

    #[test]
    fn verify_ed25519_accepts_a_real_signature_and_rejects_tampering() {
        use ed25519_dalek::Signer as _;
        let sk = ed25519_dalek::SigningKey::from_bytes(&random_seed());
        let key = PublicKey::Ed25519(sk.verifying_key());
        let sig = sk.sign(b"credential bytes").to_bytes();
        key.verify_ed25519(b"credential bytes", &sig)
            .expect("verifies");
        assert!(matches!(
            key.verify_ed25519(b"credential bytez", &sig),
            Err(KeyError::BadSignature)
        ));
        assert!(matches!(
            key.verify_ed25519(b"credential bytes", &sig[..63]),
            Err(KeyError::BadSignature)
        ));
    }

    #[test]
    fn verify_ed25519_with_a_p256_key_is_wrong_key_type() {
        let p = p256::ecdsa::SigningKey::from_slice(&random_seed()).expect("scalar");
        let key = PublicKey::P256(*p.verifying_key());
        assert!(matches!(
            key.verify_ed25519(b"m", &[0u8; 64]),
            Err(KeyError::WrongKeyType {
                expected: "Ed25519",
                found: "P-256"
            })
        ));
    }

    #[test]
    fn multikey_with_bad_base58_characters_is_bad_multibase() {
        // '0', 'O', 'I' and 'l' are not in the base58btc alphabet.
        for bad in [
            "z6Mk0OIl",
            "z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooW+",
        ] {
            assert!(matches!(
                PublicKey::from_multikey(bad),
                Err(KeyError::BadMultibase { .. })
            ));
        }
    }

    #[test]
    fn multikey_without_base58btc_prefix_or_data_is_bad_multibase() {
        for bad in [
            "",
            "z",
            "u7QE",
            "Z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp",
        ] {
            assert!(
                matches!(
                    PublicKey::from_multikey(bad),
                    Err(KeyError::BadMultibase { .. })
                ),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn multikey_with_unknown_multicodec_is_reported_with_its_code() {
        // secp256k1-pub (0xe7) with a 33-byte key.
        let mb = multikey(&[0xe7, 0x01], &[2u8; 33]);
        let err = PublicKey::from_multikey(&mb).unwrap_err();
        assert!(matches!(err, KeyError::UnknownMulticodec { code: 0xe7 }));
        assert!(err.to_string().contains("0xe7"), "{err}");
        // A varint that never ends.
        assert!(matches!(
            PublicKey::from_multikey(&multikey(&[0xff; 10], &[])),
            Err(KeyError::BadMultibase { .. })
        ));
        // A non-minimal varint spelling of 0xed.
        assert!(matches!(
            PublicKey::from_multikey(&multikey(&[0xed, 0x81, 0x00], &[1u8; 32])),
            Err(KeyError::BadMultibase { .. })
        ));
    }

    #[test]
    fn multikey_with_wrong_key_length_is_wrong_key_length() {
        let short_ed = multikey(&[0xed, 0x01], &[7u8; 31]);
        assert!(matches!(
            PublicKey::from_multikey(&short_ed),
            Err(KeyError::WrongKeyLength {
                expected: 32,
                found: 31,
                ..
            })
        ));
        let long_ed = multikey(&[0xed, 0x01], &[7u8; 33]);
        assert!(matches!(
            PublicKey::from_multikey(&long_ed),
            Err(KeyError::WrongKeyLength { found: 33, .. })
        ));
        // An uncompressed P-256 point is not a valid Multikey.
        let p = p256::ecdsa::SigningKey::from_slice(&random_seed()).expect("scalar");
        let uncompressed = p.verifying_key().to_sec1_bytes();
        assert_eq!(uncompressed.len(), 65);
        assert!(matches!(
            PublicKey::from_multikey(&multikey(&[0x80, 0x24], &uncompressed)),
            Err(KeyError::WrongKeyLength {
                expected: 33,
                found: 65,
                ..
            })
        ));
    }

    #[test]
    fn multikey_p256_point_off_the_curve_is_invalid_key() {
        // x = 2^256 - 1 is not a field element of P-256, and a prefix byte
        // other than 0x02/0x03 is refused before decoding.
        let mut bad = [0xffu8; 33];
        bad[0] = 0x02;
        assert!(matches!(
            PublicKey::from_multikey(&multikey(&[0x80, 0x24], &bad)),
            Err(KeyError::InvalidKey { .. })
        ));
        bad[0] = 0x04;
        assert!(matches!(
            PublicKey::from_multikey(&multikey(&[0x80, 0x24], &bad)),
            Err(KeyError::InvalidKey { .. })
        ));
    }

    #[test]
    fn did_key_with_foreign_fragment_is_fragment_mismatch() {
        let did = "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp";
        for fragment in [
            "key-1",
            "z6MkjchhfUsD6mmvni8mCdXHw216Xrm9bQe2mBH1P5RDjVJG",
            "",
        ] {
            let err = resolve_offline(&format!("{did}#{fragment}")).unwrap_err();
            assert!(matches!(err, KeyError::FragmentMismatch { .. }), "{err}");
        }
    }

    #[test]
    fn did_web_and_https_need_the_network() {
        for (id, method) in [
            ("did:web:example.com#key-1", "did:web"),
            (
                "did:web:digitalcredentials.github.io:dcc-did-web:multikey",
                "did:web",
            ),
            ("https://example.edu/issuers/565049#key-1", "https"),
            ("HTTP://example.edu/keys/1", "http"),
        ] {
            match resolve_offline(id) {
                Err(KeyError::NeedsNetwork { method: m }) => assert_eq!(m, method, "{id}"),
                other => panic!("{id}: expected NeedsNetwork, got {other:?}"),
            }
        }
    }

    #[test]
    fn onedtech_bad_verification_methods_are_refused_offline() {
        // The verification methods of 1EdTech's simple-err-proof-method-*.json.
        let dir = "1edtech-validator/ob30";
        let cases = [
            ("simple-err-proof-method-no-scheme.json", "malformed"),
            (
                "simple-err-proof-method-unknown-did-method.json",
                "did:example",
            ),
            ("simple-err-proof-method-unknown-scheme.json", "xxx"),
            ("simple-err-proof-method.json", "https"),
        ];
        for (file, expected) in cases {
            let doc = read_json(&format!("{dir}/{file}"));
            let vm = doc["proof"]["verificationMethod"]
                .as_str()
                .or_else(|| doc["proof"][0]["verificationMethod"].as_str())
                .expect("verificationMethod");
            match (resolve_offline(vm), expected) {
                (Err(KeyError::MalformedId { .. }), "malformed") => {}
                (Err(KeyError::NeedsNetwork { method }), "https") => assert_eq!(method, "https"),
                (Err(KeyError::UnsupportedMethod { method }), want) => assert_eq!(method, want),
                (other, want) => panic!("{file}: expected {want}, got {other:?}"),
            }
        }
        // simple-did-key-method.json names a plain did:key, which resolves.
        let doc = read_json(&format!("{dir}/simple-did-key-method.json"));
        let vm = doc["proof"]["verificationMethod"]
            .as_str()
            .or_else(|| doc["proof"][0]["verificationMethod"].as_str())
            .expect("verificationMethod");
        assert_eq!(
            resolve_offline(vm).expect("did:key").key.algorithm_name(),
            "Ed25519"
        );
    }

    #[test]
    fn malformed_and_oversized_ids_are_refused_without_panicking() {
        let long = format!("did:key:z{}", "1".repeat(MAX_VERIFICATION_METHOD_LEN));
        assert!(matches!(
            resolve_offline(&long),
            Err(KeyError::TooLong { .. })
        ));
        // Long but under the id limit: the multibase bound applies.
        let long_mb = format!("did:key:z{}", "2".repeat(MAX_MULTIBASE_LEN + 10));
        assert!(matches!(
            resolve_offline(&long_mb),
            Err(KeyError::BadMultibase { .. })
        ));
        for bad in [
            "",
            "#",
            "did:",
            "did:key",
            "did:key:",
            "did:KEY:z6Mk",
            "did::z6Mk",
            "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp/path",
            "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp?service=x",
            "did:jwk:",
            "did:jwk:e30",    // {}
            "did:jwk:WzFd",   // [1]
            "did:jwk:bnVsbA", // null
            "did:key:zé",
            "did:jwk:é",
            "ü:x",
        ] {
            // Any error is fine; the point is no panic and no success.
            assert!(resolve_offline(bad).is_err(), "{bad:?} must not resolve");
        }
    }

    #[test]
    fn jwk_p256_and_rsa_forms_are_read() {
        let p = p256::ecdsa::SigningKey::from_slice(&random_seed()).expect("scalar");
        let point = p.verifying_key().to_sec1_bytes();
        let jwk = json!({
            "kty": "EC", "crv": "P-256",
            "x": URL_SAFE_NO_PAD.encode(&point[1..33]),
            "y": URL_SAFE_NO_PAD.encode(&point[33..65]),
            "use": "sig", "key_ops": ["verify"], "alg": "ES256"
        });
        assert_eq!(
            PublicKey::from_jwk(&jwk).expect("EC JWK"),
            PublicKey::P256(*p.verifying_key())
        );
        // A y coordinate that does not belong to x is off the curve.
        let mut off = jwk.clone();
        off["y"] = json!(URL_SAFE_NO_PAD.encode([1u8; 32]));
        assert!(matches!(
            PublicKey::from_jwk(&off),
            Err(KeyError::InvalidKey { .. })
        ));
        let mut short = jwk.clone();
        short["x"] = json!(URL_SAFE_NO_PAD.encode([1u8; 31]));
        assert!(matches!(
            PublicKey::from_jwk(&short),
            Err(KeyError::WrongKeyLength { found: 31, .. })
        ));

        // The RSA key in the 1EdTech CLR 2.0 JWT header (2048 bits).
        let rsa = json!({"e": "AQAB", "kty": "RSA", "n": "jVEhoVa6SMt67HJCMjZga-kmAKA1Ea0_rNBAdrRZ0vStS6sSKBetwEG1K73u3bCZOQUiSZ1Ie8CXlaYc9wFRhFQnzVvLpBGJlSQnLL072ZG2-nK1Yvmx8u35_Ih70XKd32YQAT6KjIvn_Qq3eSA8qhEorQLx7DwUTd5-efLKIEfGbRBznp9EHLmscV9AM5d-Iaf-kY7nipdP0IAhRWjclUdh82VyOlfAEngpqeMfgTNF8-xUPXlCKvSeEvwQFb4HqOv2yQPJaADpVCxDd2CAcROEPzAHYRy6FP04iLjxHLbitqaNgWrp_yi2svlqAn1U1ejn_lKSg-grGp1IXcGY6w"});
        let key = PublicKey::from_jwk(&rsa).expect("RSA JWK");
        assert_eq!(key.algorithm_name(), "RSA");
    }

    #[test]
    fn jwk_rsa_under_2048_bits_is_refused() {
        // A 1024-bit modulus (odd, top bit set).
        let mut n = vec![0xffu8; 128];
        n[127] = 0xf1;
        let jwk = json!({"kty": "RSA", "n": URL_SAFE_NO_PAD.encode(&n), "e": "AQAB"});
        assert!(matches!(
            PublicKey::from_jwk(&jwk),
            Err(KeyError::RsaKeyTooSmall {
                bits: 1024,
                min: 2048
            })
        ));
        // An absurdly large modulus is refused before decoding.
        let huge = json!({"kty": "RSA", "n": "A".repeat(100_000), "e": "AQAB"});
        assert!(matches!(
            PublicKey::from_jwk(&huge),
            Err(KeyError::InvalidKey { .. })
        ));
    }

    #[test]
    fn jwk_with_unknown_kty_or_crv_or_bad_members_is_refused() {
        let cases = [
            (json!({"kty": "oct", "k": "c2VjcmV0"}), "unsupported"),
            (
                json!({"kty": "EC", "crv": "P-384", "x": "", "y": ""}),
                "unsupported",
            ),
            (
                json!({"kty": "EC", "crv": "secp256k1", "x": "", "y": ""}),
                "unsupported",
            ),
            (
                json!({"kty": "OKP", "crv": "Ed448", "x": ""}),
                "unsupported",
            ),
            (json!({"kty": "PQC"}), "unsupported"),
            (json!({"crv": "Ed25519", "x": "AAAA"}), "bad"),
            (json!({"kty": 1}), "bad"),
            (json!({"kty": "OKP", "crv": "Ed25519"}), "bad"),
            (json!({"kty": "OKP", "crv": "Ed25519", "x": "a+b/"}), "bad"),
            (
                json!({"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo=",}),
                "bad",
            ),
            (
                json!({"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo", "use": "enc"}),
                "bad",
            ),
            (
                json!({"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo", "key_ops": ["sign"]}),
                "bad",
            ),
            (json!({"kty": "RSA", "n": "AQAB"}), "bad"),
            (json!("not an object"), "bad"),
        ];
        for (jwk, want) in cases {
            match (PublicKey::from_jwk(&jwk), want) {
                (Err(KeyError::UnsupportedKeyType { .. }), "unsupported") => {}
                (Err(KeyError::BadJwk { .. }), "bad") => {}
                (other, want) => panic!("{jwk}: expected {want}, got {other:?}"),
            }
        }
    }

    #[test]
    fn error_messages_quote_at_most_a_clip_of_untrusted_input() {
        let err = resolve_offline(&format!("xxx{}:y", "a".repeat(4000))).unwrap_err();
        assert!(err.to_string().len() < 300, "{err}");
    }
}
