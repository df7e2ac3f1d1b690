//! "Issued to you": credentials whose subject is the wallet's DID, or one of the
//! learner's email addresses (plain or as an OB 2.0 salted hash), are marked in
//! `list`, `search` and `show`; addresses are a setting.

mod support;

use std::path::Path;
use std::process::{Command, Output};

fn cairn(wallet: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cairn"));
    cmd.env("CAIRN_WALLET", wallet)
        .env("CAIRN_PASSPHRASE", "pw")
        .stdin(std::process::Stdio::null());
    cmd
}

fn json(out: Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// `list --json` as id → issued_to_you.
fn marks(wallet: &Path) -> std::collections::BTreeMap<String, bool> {
    let listed = json(cairn(wallet).args(["list", "--json"]).output().unwrap());
    listed["credentials"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_owned(),
                c["issued_to_you"].as_bool().unwrap(),
            )
        })
        .collect()
}

#[test]
fn credentials_issued_to_the_learner_are_marked() {
    let wallet = tempfile::tempdir().unwrap();
    let inbox = tempfile::tempdir().unwrap();
    let holder = json(
        cairn(wallet.path())
            .args(["init", "--json"])
            .output()
            .unwrap(),
    )["holder"]
        .as_str()
        .unwrap()
        .to_owned();

    // Issued to the wallet's own DID (the edit breaks the proof; it is kept all the same).
    let mut doc: serde_json::Value = serde_json::from_slice(
        &std::fs::read(support::vectors().join("dbjs-signed/eddsa-rdfc-2022.json")).unwrap(),
    )
    .unwrap();
    doc["credentialSubject"]["id"] = serde_json::json!(holder);
    std::fs::write(
        inbox.path().join("mine.json"),
        serde_json::to_vec(&doc).unwrap(),
    )
    .unwrap();
    // An OB 2.0 badge whose recipient is sha256(nobody@example.org + salt).
    std::fs::copy(
        support::vectors().join("1edtech-validator/ob20/simple-badge.png"),
        inbox.path().join("hashed.png"),
    )
    .unwrap();
    // Someone else's.
    std::fs::copy(
        support::vectors().join("dbjs-signed/jwt-EdDSA.jwt"),
        inbox.path().join("other.jwt"),
    )
    .unwrap();
    let imported = json(
        cairn(wallet.path())
            .args(["import", "--json"])
            .arg(inbox.path())
            .output()
            .unwrap(),
    );
    let id_of = |suffix: &str| -> String {
        imported["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["source"].as_str().unwrap().ends_with(suffix))
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let (mine, hashed, other) = (id_of("mine.json"), id_of("hashed.png"), id_of("other.jwt"));

    let before = marks(wallet.path());
    assert!(before[&mine], "the wallet's own DID");
    assert!(!before[&hashed], "no email addresses yet");
    assert!(!before[&other]);

    json(
        cairn(wallet.path())
            .args(["settings", "email", "add", "Nobody@Example.org", "--json"])
            .output()
            .unwrap(),
    );
    let after = marks(wallet.path());
    assert!(
        after[&mine] && after[&hashed] && !after[&other],
        "{after:?}"
    );

    let shown = json(
        cairn(wallet.path())
            .args(["show", "--json", &hashed])
            .output()
            .unwrap(),
    );
    assert_eq!(shown["issued_to_you"], true);
    assert!(
        shown["checks"].is_array(),
        "the report's fields are all still there"
    );
    let human = cairn(wallet.path())
        .args(["show", &hashed])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&human.stdout).contains("issued to you"));
    let listed = cairn(wallet.path()).arg("list").output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&listed.stdout)
            .matches("issued to you")
            .count(),
        2
    );

    let emails = json(
        cairn(wallet.path())
            .args(["settings", "email", "list", "--json"])
            .output()
            .unwrap(),
    );
    assert_eq!(
        emails,
        serde_json::json!({"emails": ["Nobody@Example.org"]})
    );
    json(
        cairn(wallet.path())
            .args([
                "settings",
                "email",
                "remove",
                "nobody@example.org",
                "--json",
            ])
            .output()
            .unwrap(),
    );
    assert!(!marks(wallet.path())[&hashed]);

    let bad = cairn(wallet.path())
        .args(["settings", "email", "add", "not an address"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("is not an email address"));
}
