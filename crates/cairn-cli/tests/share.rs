//! Sharing through the real relay: `cairn share` signs, encrypts and uploads to a
//! `cairn-relay` process on loopback, and `cairn open` — what a registrar runs —
//! fetches, decrypts and verifies. Then each way it must fail: tampered ciphertext,
//! a wrong key, a withdrawn share, an unknown id; and a relay restarted in between
//! loses nothing.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

/// The `cairn-relay` binary beside `cairn`. `cargo test --workspace` builds it
/// before any test runs; a test run of this crate alone builds it here.
fn relay_binary() -> PathBuf {
    let cairn = Path::new(env!("CARGO_BIN_EXE_cairn"));
    let relay = cairn.with_file_name(format!("cairn-relay{}", std::env::consts::EXE_SUFFIX));
    let status = Command::new(env!("CARGO"))
        .args([
            "build",
            "--quiet",
            "-p",
            "cairn-relay",
            "--bin",
            "cairn-relay",
        ])
        .status()
        .expect("cargo runs");
    assert!(status.success(), "building cairn-relay failed");
    assert!(relay.is_file(), "no relay binary at {}", relay.display());
    relay
}

struct Relay {
    child: Child,
    url: String,
    store: PathBuf,
}

impl Relay {
    fn start(store: &Path) -> Relay {
        Self::start_at(store, "127.0.0.1:0")
    }

    fn start_at(store: &Path, listen: &str) -> Relay {
        let mut child = Command::new(relay_binary())
            .args(["--listen", listen, "--store"])
            .arg(store)
            .args(["--viewer", "/nonexistent-viewer"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the relay starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line
            .trim()
            .strip_prefix("cairn-relay listening on ")
            .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
            .to_owned();
        Relay {
            child,
            url,
            store: store.to_path_buf(),
        }
    }

    fn restart(mut self) -> Relay {
        let listen = self.url.trim_start_matches("http://").to_owned();
        let _ = self.child.kill();
        let _ = self.child.wait();
        Self::start_at(&self.store.clone(), &listen)
    }

    fn blob(&self, id: &str) -> PathBuf {
        self.store.join("shares").join(format!("{id}.blob"))
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn cairn(wallet: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cairn"))
        .env("CAIRN_WALLET", wallet)
        .env("CAIRN_PASSPHRASE", "share test passphrase")
        .env_remove("CAIRN_RELAY")
        .args(args)
        .output()
        .unwrap()
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: stdout {:?} stderr {:?}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

fn vectors() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|d| d.join("shared/vectors"))
        .find(|d| d.is_dir())
        .expect("shared/vectors beside the repository")
}

/// A wallet with three credentials in a portfolio; returns the portfolio id.
fn wallet_with_portfolio(wallet: &Path) -> String {
    assert!(cairn(wallet, &["init"]).status.success());
    let v = vectors();
    let files = [
        "dbjs-signed/eddsa-rdfc-2022.json",
        "dbjs-signed/jwt-EdDSA.jwt",
        "dbjs-signed/Ed25519Signature2020.json",
    ]
    .map(|f| v.join(f).display().to_string());
    let mut args = vec!["import", "--json"];
    args.extend(files.iter().map(String::as_str));
    let imported = json(&cairn(wallet, &args));
    let ids: Vec<String> = imported["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_owned())
        .collect();
    let mut args = vec![
        "portfolio",
        "create",
        "--json",
        "For the registrar",
        "--note",
        "Hired me? Ask about welding.",
    ];
    args.extend(ids.iter().map(String::as_str));
    json(&cairn(wallet, &args))["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn share(wallet: &Path, portfolio: &str, relay: &Relay, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["share", "--json", portfolio, "--relay", &relay.url];
    args.extend_from_slice(extra);
    let out = cairn(wallet, &args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    json(&out)
}

#[test]
fn a_share_through_the_real_relay_opens_verified_and_survives_a_relay_restart() {
    let dir = tempfile::tempdir().unwrap();
    let wallet = dir.path().join("wallet");
    let relay = Relay::start(&dir.path().join("relay"));
    let portfolio = wallet_with_portfolio(&wallet);
    let qr = dir.path().join("link.png");
    let shared = share(
        &wallet,
        &portfolio,
        &relay,
        &["--expires", "2d", "--qr", qr.to_str().unwrap()],
    );
    let link = shared["link"].as_str().unwrap().to_owned();
    assert!(link.starts_with(&format!("{}/s/", relay.url)));
    assert!(std::fs::read(&qr).unwrap().starts_with(b"\x89PNG"));

    // The relay stores ciphertext: nothing of the credentials or the note.
    let id = shared["id"].as_str().unwrap();
    let blob = std::fs::read(relay.blob(id)).unwrap();
    for marker in ["Hired me", "did:key", "credentialSubject", "eyJ"] {
        assert!(
            !String::from_utf8_lossy(&blob).contains(marker),
            "{marker} on the relay"
        );
    }

    let relay = relay.restart();
    let opened = cairn(dir.path(), &["open", "--json", &link]);
    assert_eq!(
        opened.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&opened.stderr)
    );
    let doc = json(&opened);
    assert_eq!(doc["presentation"]["verified"], true);
    assert_eq!(doc["note"], "Hired me? Ask about welding.");
    assert_eq!(doc["credentials"].as_array().unwrap().len(), 3);
    assert!(
        doc["credentials"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["verified"] == true)
    );

    // The human view says who shared and that the note is theirs.
    let human = cairn(dir.path(), &["open", &link]);
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(text.contains("their own words, not verified"), "{text}");
    assert!(
        text.contains("Everything in this share verified."),
        "{text}"
    );

    // The learner sees one view counted by the relay (two opens above).
    let shares = json(&cairn(&wallet, &["shares", "--json"]));
    assert_eq!(shares["shares"][0]["state"], "active");
    assert_eq!(shares["shares"][0]["views"], 2);
    drop(relay);
}

#[test]
fn tampered_ciphertext_a_wrong_key_a_withdrawn_share_and_unknown_ids_fail_with_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let wallet = dir.path().join("wallet");
    let relay = Relay::start(&dir.path().join("relay"));
    let portfolio = wallet_with_portfolio(&wallet);

    // A wrong key.
    let link = share(&wallet, &portfolio, &relay, &[])["link"]
        .as_str()
        .unwrap()
        .to_owned();
    let (page, key) = link.split_once("#k=").unwrap();
    // Another valid key: the first character changed (the last carries padding bits).
    let first = if key.starts_with('A') { 'B' } else { 'A' };
    let wrong_key = format!("{page}#k={first}{}", &key[1..]);
    let out = cairn(dir.path(), &["open", &wrong_key]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("could not be decrypted"));

    // Tampered ciphertext on the relay's disk.
    let shared = share(&wallet, &portfolio, &relay, &[]);
    let blob_path = relay.blob(shared["id"].as_str().unwrap());
    let mut blob = std::fs::read(&blob_path).unwrap();
    let middle = blob.len() / 2;
    blob[middle] ^= 0x20;
    std::fs::write(&blob_path, blob).unwrap();
    let out = cairn(dir.path(), &["open", shared["link"].as_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("changed after it was shared"));

    // Withdrawn: the relay answers 410 and the wallet records it.
    let shared = share(&wallet, &portfolio, &relay, &[]);
    let id = shared["id"].as_str().unwrap();
    let out = cairn(&wallet, &["unshare", &id[..10]]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = cairn(dir.path(), &["open", shared["link"].as_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("withdrawn"));
    let shares = json(&cairn(&wallet, &["shares", "--json"]));
    let states: Vec<&str> = shares["shares"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["state"].as_str().unwrap())
        .collect();
    assert_eq!(states.iter().filter(|s| **s == "withdrawn").count(), 1);

    // An id the relay never issued, and a link with no key.
    let unknown = format!("{}/s/AAAAAAAAAAAAAAAAAAAAAA#k={key}", relay.url);
    let out = cairn(dir.path(), &["open", &unknown]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no such share"));
    let out = cairn(dir.path(), &["open", page]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no key"));
}

#[test]
fn sharing_needs_a_relay_and_sane_options() {
    let dir = tempfile::tempdir().unwrap();
    let wallet = dir.path().join("wallet");
    let portfolio = wallet_with_portfolio(&wallet);
    let out = cairn(&wallet, &["share", &portfolio]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--relay"));
    let out = cairn(
        &wallet,
        &[
            "share",
            &portfolio,
            "--relay",
            "https://relay.example",
            "--expires",
            "1y",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let out = cairn(
        &wallet,
        &[
            "share",
            &portfolio,
            "--relay",
            "https://relay.example",
            "--qr",
            "x.gif",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains(".png or .svg"));
    let out = cairn(
        &wallet,
        &[
            "share",
            "no such portfolio",
            "--relay",
            "https://relay.example",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no portfolio"));
}

#[test]
fn a_portfolio_saved_to_a_file_is_a_signed_payload_that_opens_verified() {
    let dir = tempfile::tempdir().unwrap();
    let wallet = dir.path().join("wallet");
    let portfolio = wallet_with_portfolio(&wallet);
    let file = dir.path().join("for-the-registrar.cairn.json");
    let out = cairn(
        &wallet,
        &[
            "share",
            "--json",
            &portfolio,
            "--save",
            file.to_str().unwrap(),
            "--expires",
            "2d",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(json(&out)["file"], file.display().to_string());

    let saved = std::fs::read(&file).unwrap();
    let verifier = cairn_core::verify::Verifier::offline();
    let opened = cairn_core::share::payload::open(&saved, &verifier).expect("a share payload");
    assert!(opened.verified(), "{:?}", opened.presentation);
    assert_eq!(opened.title, "For the registrar");
    assert_eq!(opened.credentials.len(), 3);
    let listed = json(&cairn(&wallet, &["shares", "--json", "--offline"]));
    assert_eq!(
        listed["shares"].as_array().map(Vec::len),
        Some(0),
        "{listed}"
    );

    let out = cairn(
        &wallet,
        &[
            "share",
            &portfolio,
            "--save",
            "x.json",
            "--relay",
            "https://relay.example",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
}
