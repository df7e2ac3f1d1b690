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
    let credential =
        std::fs::read(support::vectors_dir().join("dbjs-signed/eddsa-rdfc-2022.json")).unwrap();
    let key = ed25519_dalek::SigningKey::from_bytes(&[7u8; 32]);
    let did = cairn_core::verify::keys::did_key_ed25519(&key.verifying_key());
    presentation::build(
        &[credential],
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
