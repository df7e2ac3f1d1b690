//! The network through the real binary: `--offline` never opens a socket, the
//! default is online, a wallet remembers what was fetched and `reverify --offline`
//! answers from that memory "as of" its date, and `import https://…` fetches.
//!
//! The issuer is a bare TCP listener on the loopback, so the test sees every
//! connection the binary makes (plain `http` is allowed to the loopback only).

mod support;

use std::io::{ErrorKind, Read, Write};
use std::net::TcpListener;
use std::process::{Command, Output};
use std::thread::JoinHandle;

use cairn_core::verify::data_integrity::{self, Suite};
use serde_json::{Value, json};

const PASSPHRASE: &str = "online test";

fn cairn(wallet: &std::path::Path) -> Command {
    support::cairn(wallet, PASSPHRASE)
}

struct Issuer {
    listener: TcpListener,
    id: String,
    document: Value,
    key: ed25519_dalek::SigningKey,
}

impl Issuer {
    fn new() -> Issuer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let id = format!(
            "http://127.0.0.1:{}/issuer",
            listener.local_addr().unwrap().port()
        );
        let key = ed25519_dalek::SigningKey::from_bytes(&[7u8; 32]);
        let mut multikey = vec![0xed, 0x01];
        multikey.extend_from_slice(key.verifying_key().as_bytes());
        let document = json!({
            "id": id,
            "verificationMethod": [{
                "id": format!("{id}#key-1"), "type": "Multikey", "controller": id,
                "publicKeyMultibase": format!("z{}", bs58(&multikey)),
            }],
            "assertionMethod": [format!("{id}#key-1")],
        });
        Issuer {
            listener,
            id,
            document,
            key,
        }
    }

    fn credential(&self, name: &str) -> Vec<u8> {
        let doc = json!({
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential"],
            "issuer": self.id,
            "name": name,
            "validFrom": "2026-01-15T09:00:00Z",
            "credentialSubject": {"id": "did:example:learner-ada"}
        });
        let signed = data_integrity::sign(
            &doc,
            Suite::EddsaRdfc2022,
            &self.key,
            &format!("{}#key-1", self.id),
            "2026-01-15T09:00:00Z",
            "assertionMethod",
        )
        .unwrap();
        serde_json::to_vec(&signed).unwrap()
    }

    /// No connection has been made to the issuer since the last `serve`.
    fn saw_no_connection(&self) -> bool {
        // `serve` made the shared socket blocking; ask without waiting.
        self.listener.set_nonblocking(true).unwrap();
        matches!(self.listener.accept(), Err(e) if e.kind() == ErrorKind::WouldBlock)
    }

    /// Answers the next `count` requests with `answer(request line)`; the thread
    /// returns the request lines it saw.
    fn serve(
        &self,
        count: usize,
        answer: impl Fn(&str) -> Vec<u8> + Send + 'static,
    ) -> JoinHandle<Vec<String>> {
        let listener = self.listener.try_clone().unwrap();
        listener.set_nonblocking(false).unwrap();
        std::thread::spawn(move || {
            let mut seen = Vec::new();
            for stream in listener.incoming().take(count) {
                let mut stream = stream.unwrap();
                let mut request = Vec::new();
                let mut buf = [0u8; 1024];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    let n = stream.read(&mut buf).unwrap();
                    if n == 0 {
                        break;
                    }
                    request.extend_from_slice(&buf[..n]);
                }
                let line = String::from_utf8_lossy(&request)
                    .lines()
                    .next()
                    .unwrap_or("")
                    .to_owned();
                let body = answer(&line);
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                stream.write_all(head.as_bytes()).unwrap();
                stream.write_all(&body).unwrap();
                seen.push(line);
            }
            seen
        })
    }
}

fn bs58(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    let mut digits: Vec<u8> = Vec::new();
    for &byte in bytes {
        let mut carry = u32::from(byte);
        for digit in &mut digits {
            carry += u32::from(*digit) << 8;
            *digit = (carry % 58) as u8;
            carry /= 58;
        }
        while carry > 0 {
            digits.push((carry % 58) as u8);
            carry /= 58;
        }
    }
    let zeros = bytes.iter().take_while(|b| **b == 0).count();
    std::iter::repeat_n(b'1', zeros)
        .chain(digits.iter().rev().map(|d| ALPHABET[*d as usize]))
        .map(char::from)
        .collect()
}

fn check<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no {id} check in {report}"))
}

fn json_out(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

#[test]
fn verify_offline_never_opens_a_socket_and_online_is_the_default() {
    let issuer = Issuer::new();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("badge.json");
    std::fs::write(&file, issuer.credential("Offline")).unwrap();

    let out = cairn(dir.path())
        .args(["verify", "--offline", "--json"])
        .arg(&file)
        .output()
        .unwrap();
    let report = json_out(&out);
    assert_eq!(check(&report, "proof")["status"], "unknown", "{report}");
    assert_eq!(check(&report, "issuer")["status"], "unknown");
    assert_eq!(out.status.code(), Some(0), "unknown is not a failure");
    assert!(
        issuer.saw_no_connection(),
        "--offline connected to the issuer"
    );

    let document = issuer.document.to_string().into_bytes();
    let server = issuer.serve(1, move |_| document.clone());
    let out = cairn(dir.path())
        .args(["verify", "--json"])
        .arg(&file)
        .output()
        .unwrap();
    let report = json_out(&out);
    assert_eq!(check(&report, "proof")["status"], "pass", "{report}");
    assert_eq!(check(&report, "issuer")["status"], "pass");
    assert_eq!(server.join().unwrap().len(), 1);
}

#[test]
fn the_wallet_remembers_and_reverify_offline_answers_as_of() {
    let issuer = Issuer::new();
    let dir = tempfile::tempdir().unwrap();
    let wallet = dir.path().join("wallet");
    support::init_wallet(&wallet, PASSPHRASE);

    // The credential itself comes from a link; its key from the issuer's profile.
    let credential = issuer.credential("Remembered");
    let document = issuer.document.to_string().into_bytes();
    let served = credential.clone();
    let server = issuer.serve(2, move |line| {
        if line.contains("/badge.json") {
            served.clone()
        } else {
            document.clone()
        }
    });
    let link = format!("{}/badge.json", issuer.id.trim_end_matches("/issuer"));
    let out = cairn(&wallet)
        .args(["import", "--json", &link])
        .output()
        .unwrap();
    let imported = json_out(&out);
    assert_eq!(imported["items"][0]["status"], "imported", "{imported}");
    let id = imported["items"][0]["id"].as_str().unwrap().to_owned();
    let paths = server.join().unwrap();
    assert_eq!(paths.len(), 2, "{paths:?}");

    let out = cairn(&wallet)
        .args(["reverify", "--offline", "--json", &id])
        .output()
        .unwrap();
    assert!(issuer.saw_no_connection());
    let report = json_out(&out);
    assert_eq!(check(&report, "issuer")["status"], "pass", "{report}");
    assert!(
        check(&report, "issuer")["message"]
            .as_str()
            .unwrap()
            .contains("as of"),
        "{report}"
    );
    // The new report is the one `show` gives.
    let out = cairn(&wallet)
        .args(["show", "--json", &id])
        .output()
        .unwrap();
    let shown = json_out(&out);
    assert!(
        check(&shown, "issuer")["message"]
            .as_str()
            .unwrap()
            .contains("as of")
    );
    assert_eq!(out.status.code(), Some(0));

    // An unknown id is a clear error.
    let out = cairn(&wallet)
        .args(["reverify", "--offline", "nope"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope"));
}

#[test]
fn import_of_a_link_offline_is_refused_clearly() {
    let issuer = Issuer::new();
    let dir = tempfile::tempdir().unwrap();
    let wallet = dir.path().join("wallet");
    support::init_wallet(&wallet, PASSPHRASE);
    let link = format!("{}/badge.json", issuer.id);
    let out = cairn(&wallet)
        .args(["import", "--offline", "--json", &link])
        .output()
        .unwrap();
    let imported = json_out(&out);
    assert_eq!(imported["items"][0]["status"], "error");
    assert!(
        imported["items"][0]["error"]
            .as_str()
            .unwrap()
            .contains("offline")
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(issuer.saw_no_connection());
}

#[test]
fn registries_are_a_setting_and_reverify_looks_the_issuer_up() {
    let issuer = Issuer::new();
    let dir = tempfile::tempdir().unwrap();
    let wallet = dir.path().join("wallet");
    support::init_wallet(&wallet, PASSPHRASE);
    let registry = issuer.id.replace("/issuer", "/registry.json");

    let out = cairn(&wallet)
        .args([
            "settings",
            "registry",
            "add",
            "ftp://example.org/registry.json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("registry"));
    let out = cairn(&wallet)
        .args(["settings", "registry", "add", &registry])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = cairn(&wallet)
        .args(["settings", "registry", "list", "--json"])
        .output()
        .unwrap();
    assert_eq!(json_out(&out)["registries"], json!([registry]));

    let file = dir.path().join("badge.json");
    std::fs::write(&file, issuer.credential("Registered")).unwrap();
    let out = cairn(&wallet)
        .args(["import", "--offline", "--json"])
        .arg(&file)
        .output()
        .unwrap();
    let id = json_out(&out)["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let document = issuer.document.to_string().into_bytes();
    let listing = json!({"meta": {}, "registry": {issuer.id.clone(): {"name": "Loopback Issuer", "url": "https://loopback.example"}}})
        .to_string()
        .into_bytes();
    let server = issuer.serve(2, move |line| {
        if line.contains("/registry.json") {
            listing.clone()
        } else {
            document.clone()
        }
    });
    let out = cairn(&wallet)
        .args(["reverify", "--json", &id])
        .output()
        .unwrap();
    let report = json_out(&out);
    assert_eq!(check(&report, "registry")["status"], "pass", "{report}");
    assert!(
        check(&report, "registry")["message"]
            .as_str()
            .unwrap()
            .contains("Loopback Issuer")
    );
    assert_eq!(server.join().unwrap().len(), 2);

    let out = cairn(&wallet)
        .args(["settings", "registry", "remove", &registry])
        .output()
        .unwrap();
    assert!(out.status.success());
    let out = cairn(&wallet)
        .args(["settings", "registry", "list", "--json"])
        .output()
        .unwrap();
    assert_eq!(json_out(&out)["registries"], json!([]));
}

#[test]
fn refresh_imports_the_newer_version_and_keeps_the_old_one() {
    let issuer = Issuer::new();
    let dir = tempfile::tempdir().unwrap();
    let wallet = dir.path().join("wallet");
    support::init_wallet(&wallet, PASSPHRASE);
    let refresh_url = issuer.id.replace("/issuer", "/refresh/1");
    let version = |until: &str| {
        let doc = json!({
            "@context": [
                "https://www.w3.org/ns/credentials/v2",
                "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
            ],
            "type": ["VerifiableCredential"],
            "issuer": issuer.id,
            "name": "Refreshable",
            "validFrom": "2026-01-15T09:00:00Z",
            "validUntil": until,
            "credentialSubject": {"id": "did:example:learner-ada"},
            "refreshService": {"id": refresh_url, "type": "1EdTechCredentialRefresh"}
        });
        let signed = data_integrity::sign(
            &doc,
            Suite::EddsaRdfc2022,
            &issuer.key,
            &format!("{}#key-1", issuer.id),
            "2026-01-15T09:00:00Z",
            "assertionMethod",
        )
        .unwrap();
        serde_json::to_vec(&signed).unwrap()
    };
    let file = dir.path().join("badge.json");
    std::fs::write(&file, version("2026-12-31T00:00:00Z")).unwrap();
    let out = cairn(&wallet)
        .args(["import", "--offline", "--json"])
        .arg(&file)
        .output()
        .unwrap();
    let old = json_out(&out)["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let out = cairn(&wallet)
        .args(["refresh", "--offline", &old])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("offline"));
    assert!(issuer.saw_no_connection());

    let newer = version("2030-12-31T00:00:00Z");
    let document = issuer.document.to_string().into_bytes();
    let server = issuer.serve(2, move |line| {
        if line.contains("/refresh/1") {
            newer.clone()
        } else {
            document.clone()
        }
    });
    let out = cairn(&wallet)
        .args(["refresh", "--json", &old])
        .output()
        .unwrap();
    let refreshed = json_out(&out);
    assert_eq!(out.status.code(), Some(0), "{refreshed}");
    assert_eq!(refreshed["previous"], old.as_str());
    assert_eq!(refreshed["verified"], true, "{refreshed}");
    assert_ne!(refreshed["id"], old.as_str());
    assert_eq!(server.join().unwrap().len(), 2);
    let out = cairn(&wallet).args(["list", "--json"]).output().unwrap();
    assert_eq!(json_out(&out)["credentials"].as_array().unwrap().len(), 2);
}
