//! Compact JWS / VC-JWT text: parsing, the algorithm and key lookups, the claim
//! mapping to a credential, and verification against a key from its own header
//! (which must never make a forged token verify).
#![no_main]

use cairn_core::verify::jwt::{Jws, credential_from_payload};
use cairn_core::verify::keys::PublicKey;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(jws) = Jws::parse(text.trim()) else {
        return;
    };
    let _ = jws.alg();
    let _ = jws.kid();
    let _ = jws.compact();
    let _ = credential_from_payload(&jws.payload);
    if let Some(jwk) = jws.header_jwk()
        && let Ok(key) = PublicKey::from_jwk(jwk)
    {
        let _ = jws.verify(&key);
    }
    // Every input is also a whole credential file.
    let _ = cairn_core::credential::parse(data);
});
