//! The share envelope: a presentation encrypted under a fresh random 256-bit key
//! (AES-256-GCM), so the relay that stores it sees only ciphertext. The key travels
//! only in the link's `#fragment`, which browsers never send to a server.
//!
//! Layout: `CRN\x01` ‖ 12-byte nonce ‖ ciphertext ‖ 16-byte tag, with the 4-byte
//! header as associated data, so a blob of another version or kind never decrypts.
//! The viewer page decrypts the same bytes with WebCrypto.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use zeroize::Zeroizing;

/// Identifies a Cairn share, version 1.
const HEADER: &[u8; 4] = b"CRN\x01";
const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;
/// The largest share Cairn opens, and the one place that says how the share size
/// limits relate. Envelopes over it are not opened here nor by the viewer
/// (`ui/src/viewer/share.ts` mirrors it), so a relay may not be set to accept more
/// (`cairn-relay --max-size` is refused over it: `limits::MAX_SHARE_BYTES`, equal to
/// this, checked by the fuzz crate, which builds both). The relay's default, 5 MB, is
/// below it on purpose: an operator pays for storage, a portfolio's presentation is
/// far smaller, and the gap leaves room to raise the limit without a new Cairn.
pub const MAX_ENVELOPE_BYTES: usize = 8 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum EnvelopeError {
    #[error("this is not a Cairn share (or one made by a newer Cairn)")]
    NotAShare,
    #[error(
        "the share could not be decrypted: the key in the link is wrong, or the content was changed after it was shared"
    )]
    CannotDecrypt,
    #[error("the share is {size} bytes; at most {limit} are opened")]
    TooLarge { size: usize, limit: usize },
    #[error("the key in the link is not a Cairn share key ({0})")]
    BadKey(&'static str),
    #[error("the system's random number generator failed: {0}")]
    Random(String),
}

/// A share's symmetric key. Never printed; wiped on drop.
#[derive(Clone)]
pub struct ShareKey(Zeroizing<[u8; 32]>);

impl std::fmt::Debug for ShareKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ShareKey(…)")
    }
}

impl ShareKey {
    /// A fresh random key: one per share, never reused.
    pub fn generate() -> Result<ShareKey, EnvelopeError> {
        let mut key = Zeroizing::new([0u8; 32]);
        getrandom::fill(key.as_mut()).map_err(|e| EnvelopeError::Random(e.to_string()))?;
        Ok(ShareKey(key))
    }

    /// The key as it appears after `#k=` in a link (base64url, no padding).
    pub fn to_fragment(&self) -> Zeroizing<String> {
        Zeroizing::new(URL_SAFE_NO_PAD.encode(self.0.as_slice()))
    }

    pub fn from_fragment(text: &str) -> Result<ShareKey, EnvelopeError> {
        if text.len() != 43 {
            return Err(EnvelopeError::BadKey("it must be 43 characters"));
        }
        let bytes = Zeroizing::new(
            URL_SAFE_NO_PAD
                .decode(text)
                .map_err(|_| EnvelopeError::BadKey("it is not base64url"))?,
        );
        let mut key = Zeroizing::new([0u8; 32]);
        if bytes.len() != 32 {
            return Err(EnvelopeError::BadKey("it must decode to 32 bytes"));
        }
        key.copy_from_slice(&bytes);
        Ok(ShareKey(key))
    }

    fn cipher(&self) -> Aes256Gcm {
        Aes256Gcm::new(self.0.as_slice().into())
    }
}

/// Encrypts `plaintext` under `key` with a fresh random nonce.
pub fn seal(key: &ShareKey, plaintext: &[u8]) -> Result<Vec<u8>, EnvelopeError> {
    let mut nonce = [0u8; NONCE_LEN];
    getrandom::fill(&mut nonce).map_err(|e| EnvelopeError::Random(e.to_string()))?;
    let ciphertext = key
        .cipher()
        .encrypt(
            Nonce::from_slice(&nonce),
            Payload {
                msg: plaintext,
                aad: HEADER,
            },
        )
        // AES-GCM encryption fails only past 64 GiB, far above any share.
        .map_err(|_| EnvelopeError::TooLarge {
            size: plaintext.len(),
            limit: MAX_ENVELOPE_BYTES,
        })?;
    let mut sealed = Vec::with_capacity(HEADER.len() + NONCE_LEN + ciphertext.len());
    sealed.extend_from_slice(HEADER);
    sealed.extend_from_slice(&nonce);
    sealed.extend_from_slice(&ciphertext);
    Ok(sealed)
}

/// Decrypts an envelope; any change to any byte makes it fail as a whole.
pub fn open(key: &ShareKey, sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>, EnvelopeError> {
    if sealed.len() > MAX_ENVELOPE_BYTES {
        return Err(EnvelopeError::TooLarge {
            size: sealed.len(),
            limit: MAX_ENVELOPE_BYTES,
        });
    }
    let Some(rest) = sealed.strip_prefix(HEADER.as_slice()) else {
        return Err(EnvelopeError::NotAShare);
    };
    if rest.len() < NONCE_LEN + TAG_LEN {
        return Err(EnvelopeError::NotAShare);
    }
    let (nonce, ciphertext) = rest.split_at(NONCE_LEN);
    key.cipher()
        .decrypt(
            Nonce::from_slice(nonce),
            Payload {
                msg: ciphertext,
                aad: HEADER,
            },
        )
        .map(Zeroizing::new)
        .map_err(|_| EnvelopeError::CannotDecrypt)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_bytes_open_with_their_key_only() {
        let key = ShareKey::generate().unwrap();
        let sealed = seal(&key, b"a presentation").unwrap();
        assert_eq!(open(&key, &sealed).unwrap().as_slice(), b"a presentation");
        let other = ShareKey::generate().unwrap();
        assert!(matches!(
            open(&other, &sealed),
            Err(EnvelopeError::CannotDecrypt)
        ));
    }

    #[test]
    fn every_flipped_byte_is_detected() {
        let key = ShareKey::generate().unwrap();
        let sealed = seal(&key, b"learner's record").unwrap();
        for i in 0..sealed.len() {
            let mut tampered = sealed.clone();
            tampered[i] ^= 0x01;
            assert!(open(&key, &tampered).is_err(), "byte {i} changed unnoticed");
        }
    }

    #[test]
    fn two_seals_of_the_same_text_differ() {
        let key = ShareKey::generate().unwrap();
        assert_ne!(seal(&key, b"x").unwrap(), seal(&key, b"x").unwrap());
    }

    #[test]
    fn the_key_round_trips_through_its_fragment_and_bad_ones_are_refused() {
        let key = ShareKey::generate().unwrap();
        let text = key.to_fragment();
        let again = ShareKey::from_fragment(&text).unwrap();
        let sealed = seal(&key, b"x").unwrap();
        assert!(open(&again, &sealed).is_ok());
        assert!(ShareKey::from_fragment("short").is_err());
        assert!(ShareKey::from_fragment(&"!".repeat(43)).is_err());
        assert!(format!("{key:?}").contains('…'));
    }

    #[test]
    fn foreign_and_truncated_blobs_are_not_shares() {
        let key = ShareKey::generate().unwrap();
        assert!(matches!(
            open(&key, b"PK\x03\x04"),
            Err(EnvelopeError::NotAShare)
        ));
        assert!(matches!(
            open(&key, b"CRN\x01short"),
            Err(EnvelopeError::NotAShare)
        ));
    }
}
