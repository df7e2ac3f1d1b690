//! What a registrar's `cairn open LINK` meets: the link text (`https://RELAY/s/ID#k=KEY`),
//! the key in its fragment, the envelope from the relay (`CRN\x01` ‖ nonce ‖ ciphertext)
//! and the decrypted payload (title, note, presentation), verified offline.
//!
//! Random bytes never get past AES-GCM, so the payload reader is fed the input
//! directly too, as a decrypted share it could not tell from a real one; and an input
//! sealed under a fixed key must open to itself.
#![no_main]

mod common;

use cairn_core::share::{ShareKey, ShareLink, envelope, payload};
use common::verifier;
use libfuzzer_sys::fuzz_target;

fn key() -> ShareKey {
    ShareKey::from_fragment("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").expect("a valid key")
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(link) = ShareLink::parse(text) {
            let again = ShareLink::parse(&link.to_text()).expect("a built link parses");
            assert_eq!(again.to_text(), link.to_text());
            let _ = link.page_url();
        }
        let _ = ShareKey::from_fragment(text);
    }
    let key = key();
    let _ = envelope::open(&key, data);
    if data.len() <= envelope::MAX_ENVELOPE_BYTES - 64 {
        let sealed = envelope::seal(&key, data).expect("seal");
        let opened = envelope::open(&key, &sealed).expect("open what was sealed");
        assert_eq!(&opened[..], data);
    }
    if let Ok(opened) = payload::open(data, verifier()) {
        let _ = opened.verified();
    }
});
