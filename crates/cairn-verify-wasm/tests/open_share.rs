//! The viewer's entry points, natively: a real signed presentation of real vectors.

mod support;

use std::collections::BTreeMap;
use std::path::PathBuf;

use cairn_core::share::{SharePayload, presentation};
use cairn_core::verify::keys::did_key_ed25519;
use cairn_core::verify::{CheckId, CheckStatus};
use cairn_verify_wasm::fetched::{Answer, Document};
use cairn_verify_wasm::{Card, CardState, read_answers, view_credential, view_share};
use chrono::{DateTime, Duration, Utc};
use support::issuer::{GOOD_INDEX, Issuer, REVOKED_INDEX};

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

fn none() -> BTreeMap<String, Answer> {
    BTreeMap::new()
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
    let viewed = view_share(&plain, "2026-06-01T12:05:00.000Z", none()).expect("opens");
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
    let viewed = view_share(&share(&originals, None), "2026-06-01T12:05:00Z", none()).unwrap();
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
    let viewed = view_share(&plain, "2026-07-01T00:00:00Z", none()).unwrap();
    assert!(viewed.expired);
    assert!(!viewed.verified);
}

#[test]
fn bad_input_gets_a_clear_error() {
    let err = view_share(b"not json", "2026-06-01T12:05:00Z", none()).unwrap_err();
    assert!(err.to_string().contains("not readable"), "{err}");
    let err = view_share(b"{}", "yesterday", none()).unwrap_err();
    assert!(err.to_string().contains("clock"), "{err}");
}

#[test]
fn a_single_credential_verifies_and_garbage_is_unreadable() {
    let viewed = view_credential(
        &read("dbjs-signed/jwt-EdDSA.jwt"),
        "2026-06-01T12:05:00Z",
        none(),
    )
    .unwrap();
    assert_eq!(viewed.card.state, CardState::Verified);
    assert!(viewed.wanted.is_empty(), "did:key needs nothing fetched");
    let viewed = view_credential(b"garbage", "2026-06-01T12:05:00Z", none()).unwrap();
    assert_eq!(viewed.card.state, CardState::NotVerified);
    assert_eq!(viewed.card.report.format, "unreadable");
}

// ---- documents fetched by the browser, in rounds ----

const NOW: &str = "2026-06-01T12:05:00Z";

fn web_issuer() -> Issuer {
    Issuer::new("college.example", &[], [9; 32])
}

fn answer(url: &str, body: &serde_json::Value) -> (String, Answer) {
    (
        url.to_owned(),
        Answer::Answered(Document {
            status: 200,
            final_url: url.to_owned(),
            body: body.to_string(),
            content_type: Some("application/json".into()),
            fetched_at: "2026-06-01T12:04:59Z".into(),
        }),
    )
}

fn status_of(card: &Card, id: CheckId) -> (CheckStatus, String) {
    let check = card
        .report
        .check(id)
        .unwrap_or_else(|| panic!("no {id:?} check in {:#}", json(card)));
    (check.status, check.message.clone())
}

/// The page's loop: open, fetch what is wanted (from `server`), open again.
fn rounds(
    plain: &[u8],
    server: &BTreeMap<String, serde_json::Value>,
) -> (usize, cairn_verify_wasm::ViewedShare) {
    let mut answers = none();
    for round in 1..=3 {
        let viewed = view_share(plain, NOW, answers.clone()).unwrap();
        if viewed.wanted.is_empty() {
            return (round, viewed);
        }
        for wanted in &viewed.wanted {
            let (url, a) = match server.get(&wanted.url) {
                Some(body) => answer(&wanted.url, body),
                None => (
                    wanted.url.clone(),
                    Answer::Unreachable {
                        detail: "TypeError: Failed to fetch".into(),
                    },
                ),
            };
            answers.insert(url, a);
        }
    }
    panic!("still wanting documents after 3 rounds")
}

#[test]
fn a_did_web_credential_could_not_be_checked_without_its_documents() {
    let issuer = web_issuer();
    let badge = serde_json::to_vec(&issuer.badge("Welding", GOOD_INDEX)).unwrap();
    let viewed = view_share(&share(&[badge], None), NOW, none()).unwrap();
    let card = &viewed.cards[0];
    assert_eq!(card.state, CardState::CouldNotCheck, "{:#}", json(card));
    assert_eq!(status_of(card, CheckId::Issuer).0, CheckStatus::Unknown);
    let urls: Vec<&str> = viewed.wanted.iter().map(|w| w.url.as_str()).collect();
    assert_eq!(
        urls,
        [issuer.document_url.as_str(), issuer.list_url.as_str()],
        "{:#}",
        json(&viewed.wanted)
    );
    assert_eq!(viewed.wanted[0].kind, "did-document");
    assert_eq!(viewed.wanted[1].kind, "status-list");
}

#[test]
fn with_its_did_document_and_status_list_it_verifies_and_a_revoked_one_fails() {
    let issuer = web_issuer();
    let good = serde_json::to_vec(&issuer.badge("Welding", GOOD_INDEX)).unwrap();
    let revoked = serde_json::to_vec(&issuer.badge("Brazing", REVOKED_INDEX)).unwrap();
    let server = BTreeMap::from([
        (issuer.document_url.clone(), issuer.document()),
        (issuer.list_url.clone(), issuer.revocation_list()),
    ]);
    let (round, viewed) = rounds(&share(&[good, revoked], None), &server);
    assert_eq!(
        round, 2,
        "one round to learn the URLs, one with the documents"
    );
    let (good, revoked) = (&viewed.cards[0], &viewed.cards[1]);
    assert_eq!(good.state, CardState::Verified, "{:#}", json(good));
    assert_eq!(status_of(good, CheckId::Issuer).0, CheckStatus::Pass);
    assert_eq!(status_of(good, CheckId::Status).0, CheckStatus::Pass);
    assert_eq!(revoked.state, CardState::NotVerified, "{:#}", json(revoked));
    let (status, message) = status_of(revoked, CheckId::Status);
    assert_eq!(status, CheckStatus::Fail);
    assert!(message.contains("revoked"), "{message}");
}

#[test]
fn a_document_the_browser_could_not_reach_leaves_the_checks_unknown_saying_why() {
    let issuer = web_issuer();
    let badge = serde_json::to_vec(&issuer.badge("Welding", GOOD_INDEX)).unwrap();
    let (_, viewed) = rounds(&share(&[badge], None), &BTreeMap::new());
    let card = &viewed.cards[0];
    assert_eq!(card.state, CardState::CouldNotCheck, "{:#}", json(card));
    assert_eq!(status_of(card, CheckId::Issuer).0, CheckStatus::Unknown);
    for id in [CheckId::Proof, CheckId::Status] {
        let (status, message) = status_of(card, id);
        assert_eq!(status, CheckStatus::Unknown, "{id:?}: {message}");
        assert!(
            message.contains("could not be reached from this browser"),
            "{id:?}: {message}"
        );
    }
}

#[test]
fn a_document_of_another_issuer_is_not_believed() {
    let issuer = web_issuer();
    let impostor = Issuer::new("college.example", &[], [10; 32]);
    let badge = serde_json::to_vec(&issuer.badge("Welding", GOOD_INDEX)).unwrap();
    let server = BTreeMap::from([
        (issuer.document_url.clone(), impostor.document()),
        (issuer.list_url.clone(), issuer.revocation_list()),
    ]);
    let (_, viewed) = rounds(&share(&[badge], None), &server);
    assert_eq!(
        viewed.cards[0].state,
        CardState::NotVerified,
        "{:#}",
        json(&viewed.cards[0])
    );
    assert_eq!(
        status_of(&viewed.cards[0], CheckId::Proof).0,
        CheckStatus::Fail
    );
}

#[test]
fn the_pages_answers_are_read_strictly() {
    assert!(read_answers("").unwrap().is_empty());
    let err = read_answers(r#"{"https://a.example/x": {"outcome": "teleported"}}"#).unwrap_err();
    assert!(
        err.to_string().contains("fetched are not readable"),
        "{err}"
    );
    let many: serde_json::Map<String, serde_json::Value> = (0..300)
        .map(|i| {
            (
                format!("https://a.example/{i}"),
                serde_json::json!({"outcome": "too_large"}),
            )
        })
        .collect();
    let err = read_answers(&serde_json::Value::Object(many).to_string()).unwrap_err();
    assert!(err.to_string().contains("more than"), "{err}");
}
