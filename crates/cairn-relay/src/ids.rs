//! Share ids and owner tokens: how they are made, parsed and compared.
//!
//! An id names a blob on disk, so [`ShareId::parse`] is the only way a request's path
//! segment becomes one: exactly 22 base64url characters that decode to 16 bytes. Nothing
//! else (`..`, `/`, `%2F`, overlong strings) can ever reach the file system. The owner
//! token is never stored; only its SHA-256 is, and it is compared in constant time.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// 128 random bits, the share's public name (in the link's path).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ShareId(String);

const ID_BYTES: usize = 16;
const ID_CHARS: usize = 22;
const TOKEN_BYTES: usize = 32;
const TOKEN_CHARS: usize = 43;

impl ShareId {
    pub fn generate() -> Self {
        Self(URL_SAFE_NO_PAD.encode(random::<ID_BYTES>()))
    }

    /// `None` for anything but the canonical base64url encoding of 16 bytes.
    pub fn parse(s: &str) -> Option<Self> {
        decode_exact::<ID_BYTES>(s, ID_CHARS).map(|_| Self(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ShareId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for ShareId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ShareId({})", self.0)
    }
}

/// 256 random bits handed to the uploader once; proves ownership for revoke and stats.
pub struct OwnerToken([u8; TOKEN_BYTES]);

impl OwnerToken {
    pub fn generate() -> Self {
        Self(random::<TOKEN_BYTES>())
    }

    pub fn parse(s: &str) -> Option<Self> {
        decode_exact::<TOKEN_BYTES>(s, TOKEN_CHARS).map(Self)
    }

    /// The text given to the uploader; it is never logged or stored.
    pub fn reveal(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.0)
    }

    pub fn hash(&self) -> TokenHash {
        TokenHash(Sha256::digest(self.0).into())
    }
}

impl fmt::Debug for OwnerToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("OwnerToken(…)")
    }
}

/// What is kept at rest instead of the token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenHash([u8; 32]);

impl TokenHash {
    /// Constant time, so response timing does not reveal how much of a guess was right.
    pub fn matches(&self, token: &OwnerToken) -> bool {
        self.0.ct_eq(&token.hash().0).into()
    }

    pub fn to_base64(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.0)
    }

    pub fn from_base64(s: &str) -> Option<Self> {
        decode_exact::<32>(s, TOKEN_CHARS).map(Self)
    }
}

fn random<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    // The OS generator failing means the machine cannot make secrets at all; an id or
    // token from anything weaker would be guessable, so this is not recoverable.
    getrandom::fill(&mut bytes).expect("the operating system's random generator failed");
    bytes
}

/// Decodes `s` only if it has exactly `chars` characters, all base64url, and is the
/// canonical encoding of exactly `N` bytes (non-zero trailing bits are refused, so each
/// value has one spelling and one file name).
fn decode_exact<const N: usize>(s: &str, chars: usize) -> Option<[u8; N]> {
    if s.len() != chars
        || !s
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return None;
    }
    let bytes = URL_SAFE_NO_PAD.decode(s).ok()?;
    bytes.try_into().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_ids_are_22_url_safe_chars_and_parse_back() {
        for _ in 0..200 {
            let id = ShareId::generate();
            assert_eq!(id.as_str().len(), 22);
            assert_eq!(ShareId::parse(id.as_str()), Some(id));
        }
    }

    #[test]
    fn generated_ids_differ() {
        let ids: std::collections::HashSet<_> = (0..1000).map(|_| ShareId::generate()).collect();
        assert_eq!(ids.len(), 1000);
    }

    #[test]
    fn malformed_ids_are_refused() {
        let good = ShareId::generate().to_string();
        let cases = [
            String::new(),
            "..".into(),
            "../../../../etc/passwd".into(),
            "..%2F..%2Fetc".into(),
            format!("{}A", good),
            good[..21].to_string(),
            format!("{}/", &good[..21]),
            format!("{}.", &good[..21]),
            format!("{}=", &good[..21]),
            format!("{}+", &good[..21]),
            "AAAAAAAAAAAAAAAAAAAAAé".into(),
            "A".repeat(10_000),
        ];
        for case in cases {
            assert!(ShareId::parse(&case).is_none(), "{case:?} was accepted");
        }
    }

    #[test]
    fn non_canonical_trailing_bits_are_refused() {
        // 16 bytes use 4 bits of the last character; "B" sets one of the unused ones.
        assert!(ShareId::parse("AAAAAAAAAAAAAAAAAAAAAA").is_some());
        assert!(ShareId::parse("AAAAAAAAAAAAAAAAAAAAAB").is_none());
    }

    #[test]
    fn tokens_round_trip_and_only_the_right_one_matches() {
        let token = OwnerToken::generate();
        let text = token.reveal();
        assert_eq!(text.len(), 43);
        let hash = token.hash();
        assert!(hash.matches(&OwnerToken::parse(&text).unwrap()));
        assert!(!hash.matches(&OwnerToken::generate()));
        assert_eq!(TokenHash::from_base64(&hash.to_base64()), Some(hash));
    }

    #[test]
    fn malformed_tokens_are_refused() {
        let text = OwnerToken::generate().reveal();
        for case in [&text[..42], &format!("{text}A"), "", "not a token"] {
            assert!(OwnerToken::parse(case).is_none(), "{case:?}");
        }
    }

    #[test]
    fn tokens_do_not_print() {
        assert_eq!(format!("{:?}", OwnerToken::generate()), "OwnerToken(…)");
    }
}
