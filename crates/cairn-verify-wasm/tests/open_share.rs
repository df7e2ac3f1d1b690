//! The viewer's entry points, natively: a real signed presentation of real vectors.

use std::path::PathBuf;

use cairn_core::share::{SharePayload, presentation};
use cairn_core::verify::keys::did_key_ed25519;
use cairn_verify_wasm::{CardState, view_credential, view_share};
use chrono::{DateTime, Duration, Utc};

fn vectors() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    here.ancestors()
        .map(|dir| dir.join("shared/vectors"))
        .chain(here.ancestors().map(|dir| dir.join("../shared/vectors")))
        .find(|dir| dir.is_dir())
        .expect("the shared test vectors (../shared/vectors)")
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(vectors().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-06-01T12:00:00Z")
        .unwrap()
        .into()
}

fn share(originals: &[Vec<u8>], note: Option<&str>) -> Vec<u8> {
    let key = ed25519_dalek::SigningKey::from_bytes(&[7; 32]);
    let did = did_key_ed25519(&key.verifying_key());
    let holder = presentation::Holder {
        did: &did,
        key: &key,
    };
    let vp = presentation::build(originals, &holder, now(), now() + Duration::days(7), "c1")
        .expect("presentation");
    serde_json::to_vec(&SharePayload::new("My record", note, vp)).unwrap()
}

fn json(value: impl serde::Serialize) -> serde_json::Value {
    serde_json::to_value(value).unwrap()
}

#[test]
fn a_share_of_signed_vectors_opens_verified_with_cards() {
    let originals = vec![
        read("dbjs-signed/eddsa-rdfc-2022.json"),
        read("dbjs-signed/jwt-EdDSA.jwt"),
    ];
    let plain = share(&originals, Some("Please consider my application."));
    let viewed = view_share(&plain, "2026-06-01T12:05:00.000Z").expect("opens");
    assert!(viewed.verified, "{:#}", json(&viewed));
    assert!(!viewed.expired);
    assert_eq!(viewed.title, "My record");
    assert_eq!(
        viewed.note.as_deref(),
        Some("Please consider my application.")
    );
    assert_eq!(viewed.cards.len(), 2);
    for card in &viewed.cards {
        assert_eq!(card.state, CardState::Verified, "{:#}", json(card));
        assert!(card.display.name.is_some(), "{:#}", json(card));
    }
}

#[test]
fn a_tampered_credential_is_not_verified_while_the_others_are() {
    let originals = vec![
        read("dbjs-signed/eddsa-rdfc-2022.json"),
        read("tampered/ob3-eddsa-rdfc-2022-name.json"),
    ];
    let viewed = view_share(&share(&originals, None), "2026-06-01T12:05:00Z").unwrap();
    assert!(!viewed.verified);
    assert!(
        viewed.presentation.verified,
        "the holder's signature still holds"
    );
    assert_eq!(viewed.cards[0].state, CardState::Verified);
    assert_eq!(viewed.cards[1].state, CardState::NotVerified);
}

#[test]
fn a_share_past_its_expiry_says_so() {
    let plain = share(&[read("dbjs-signed/eddsa-rdfc-2022.json")], None);
    let viewed = view_share(&plain, "2026-07-01T00:00:00Z").unwrap();
    assert!(viewed.expired);
    assert!(!viewed.verified);
}

#[test]
fn bad_input_gets_a_clear_error() {
    let err = view_share(b"not json", "2026-06-01T12:05:00Z").unwrap_err();
    assert!(err.to_string().contains("not readable"), "{err}");
    let err = view_share(b"{}", "yesterday").unwrap_err();
    assert!(err.to_string().contains("clock"), "{err}");
}

#[test]
fn a_single_credential_verifies_and_garbage_is_unreadable() {
    let card = view_credential(&read("dbjs-signed/jwt-EdDSA.jwt"), "2026-06-01T12:05:00Z").unwrap();
    assert_eq!(card.state, CardState::Verified);
    let card = view_credential(b"garbage", "2026-06-01T12:05:00Z").unwrap();
    assert_eq!(card.state, CardState::NotVerified);
    assert_eq!(card.report.format, "unreadable");
}
