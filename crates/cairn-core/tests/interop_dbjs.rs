//! The presentations Cairn signs verify with an independent implementation: the
//! Digital Bazaar JavaScript stack (`@digitalbazaar/vc`, the W3C test suites'
//! reference), run by `benches/dbjs/verify-presentation.mjs` on Node.js, offline.
//! `scripts/setup.sh test` installs its modules.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use cairn_core::share::presentation::{self, Holder};
use cairn_core::verify::parse_date;

fn script() -> PathBuf {
    let dbjs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../benches/dbjs");
    assert!(
        dbjs.join("node_modules/@digitalbazaar/vc").is_dir(),
        "the Digital Bazaar modules are missing: run `scripts/setup.sh test` (npm ci in benches/dbjs)"
    );
    dbjs.join("verify-presentation.mjs")
}

/// Runs the independent verifier; its JSON verdict.
fn dbjs_verify(vp: &serde_json::Value, challenge: &str) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("vp.json");
    std::fs::write(&file, serde_json::to_vec(vp).unwrap()).unwrap();
    let out = Command::new("node")
        .arg(script())
        .arg(&file)
        .args(["--challenge", challenge, "--now", "2026-11-23T00:00:00Z"])
        .output()
        .expect("node runs");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: stdout {:?} stderr {:?}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn signed_presentation(challenge: &str) -> serde_json::Value {
    signed_presentation_of(1, challenge)
}

/// A presentation holding the Digital Bazaar-signed credential `copies` times.
fn signed_presentation_of(copies: usize, challenge: &str) -> serde_json::Value {
    let credential =
        std::fs::read(support::vectors_dir().join("dbjs-signed/eddsa-rdfc-2022.json")).unwrap();
    holder_presents(vec![credential; copies], challenge)
}

fn holder_presents(credentials: Vec<Vec<u8>>, challenge: &str) -> serde_json::Value {
    let key = ed25519_dalek::SigningKey::from_bytes(&[7u8; 32]);
    let did = cairn_core::verify::keys::did_key_ed25519(&key.verifying_key());
    presentation::build(
        &credentials,
        &Holder {
            did: &did,
            key: &key,
        },
        parse_date("2026-11-22T00:00:00Z").unwrap(),
        parse_date("2026-11-29T00:00:00Z").unwrap(),
        challenge,
    )
    .unwrap()
}

#[test]
fn a_cairn_presentation_verifies_with_digital_bazaar() {
    let vp = signed_presentation("c-12345");
    let verdict = dbjs_verify(&vp, "c-12345");
    assert_eq!(verdict["verified"], true, "{verdict:#}");
}

#[test]
fn digital_bazaar_refuses_a_wrong_challenge_and_a_changed_presentation() {
    let vp = signed_presentation("c-12345");
    let verdict = dbjs_verify(&vp, "another-challenge");
    assert_eq!(verdict["verified"], false, "{verdict:#}");

    let mut changed = vp.clone();
    changed["holder"] = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK".into();
    let verdict = dbjs_verify(&changed, "c-12345");
    assert_eq!(verdict["verified"], false, "{verdict:#}");
}

/// A credential signed here (eddsa-rdfc-2022, `did:key` issuer) whose subject lists six
/// skills, each with a level: 13 blank nodes, all alike in two copies.
fn credential_with_many_blank_nodes() -> Vec<u8> {
    let key = ed25519_dalek::SigningKey::from_bytes(&[9u8; 32]);
    let issuer = cairn_core::verify::keys::did_key_ed25519(&key.verifying_key());
    let skills: Vec<serde_json::Value> = (1..=6)
        .map(|i| serde_json::json!({"name": format!("skill {i}"), "level": {"rank": i}}))
        .collect();
    let unsigned = serde_json::json!({
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            {"@vocab": "https://example.org/skills#"}
        ],
        "id": "urn:uuid:6a1f0c1e-8f0e-4d3b-9a57-2b8d9f4c1e10",
        "type": ["VerifiableCredential"],
        "issuer": issuer,
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"skill": skills}
    });
    let signed = cairn_core::verify::data_integrity::sign(
        &unsigned,
        cairn_core::verify::data_integrity::Suite::EddsaRdfc2022,
        &key,
        &cairn_core::verify::keys::did_key_verification_method(&issuer),
        "2026-01-01T00:00:00Z",
        "assertionMethod",
    )
    .unwrap();
    serde_json::to_vec(&signed).unwrap()
}

/// Copies of one credential are blank-named graphs that only Hash N-Degree Quads tells
/// apart, which is where vendor/rdf-canon's patches act: the vector credential twice and
/// three times (4 temporary identifiers per result), then a credential with 13 blank
/// nodes twice (16). With 11 or more in one result, rdf-canon 0.15.3 issued canonical
/// identifiers in string order (b10 before b2), unlike every other implementation, and
/// Digital Bazaar refused the holder's proof ("Invalid signature").
#[test]
fn presentations_holding_copies_of_a_credential_verify_with_digital_bazaar() {
    for copies in [2, 3] {
        let vp = signed_presentation_of(copies, "c-copies");
        let verdict = dbjs_verify(&vp, "c-copies");
        assert_eq!(verdict["verified"], true, "{copies} copies: {verdict:#}");
    }
    let many = credential_with_many_blank_nodes();
    let vp = holder_presents(vec![many.clone(), many], "c-many");
    let verdict = dbjs_verify(&vp, "c-many");
    assert_eq!(verdict["verified"], true, "{verdict:#}");
}
