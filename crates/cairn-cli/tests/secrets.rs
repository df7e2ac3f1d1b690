//! No passphrase, recovery code or credential content in what the CLI writes where
//! others may read it: stderr (messages, logs at RUST_LOG=trace, panics with
//! RUST_BACKTRACE=full), the stdout of commands that do not display credentials, and
//! the files of the wallet and its backup on disk (encrypted, so the markers never
//! appear in the clear).

mod support;

use std::io::Read;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use cairn_core::verify::data_integrity::{self, Suite};
use cairn_core::verify::keys::{did_key_ed25519, did_key_verification_method};
use serde_json::{Value, json};

const PASSPHRASE: &str = "PASSPHRASE-MARKER-correct-horse";
const NEW_PASSPHRASE: &str = "NEW-PASSPHRASE-MARKER-battery-staple";
const CONTENT: &str = "CREDENTIAL-CONTENT-MARKER-secret-grade-A";

fn cairn(wallet: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cairn"));
    cmd.env("CAIRN_WALLET", wallet)
        .env("CAIRN_PASSPHRASE", PASSPHRASE)
        .env("RUST_LOG", "trace")
        .env("RUST_BACKTRACE", "full")
        .env_remove("CAIRN_NEW_PASSPHRASE")
        .env_remove("CAIRN_RECOVERY_CODE")
        .stdin(Stdio::null());
    cmd
}

/// Everything stderr got, and stdout unless the command displays credentials.
struct Seen {
    text: String,
}

impl Seen {
    fn add(&mut self, what: &str, out: &Output, stdout_too: bool) {
        self.text
            .push_str(&format!("\n--- {what} (exit {:?})\n", out.status.code()));
        self.text.push_str(&String::from_utf8_lossy(&out.stderr));
        if stdout_too {
            self.text.push_str(&String::from_utf8_lossy(&out.stdout));
        }
    }
}

fn ok(out: Output) -> Output {
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A signed credential whose subject carries the content marker.
fn credential() -> Vec<u8> {
    let key = ed25519_dalek::SigningKey::from_bytes(&[11u8; 32]);
    let did = did_key_ed25519(&key.verifying_key());
    // The undefined-terms context gives `grade` an IRI (VC 2.0 alone refuses it).
    let doc = json!({
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://www.w3.org/ns/credentials/undefined-terms/v2"
        ],
        "type": ["VerifiableCredential"],
        "issuer": did,
        "name": "Secrets test badge",
        "validFrom": "2026-01-15T09:00:00Z",
        "credentialSubject": {"id": "did:example:learner", "grade": CONTENT}
    });
    let signed = data_integrity::sign(
        &doc,
        Suite::EddsaRdfc2022,
        &key,
        &did_key_verification_method(&did),
        "2026-01-15T09:00:00Z",
        "assertionMethod",
    )
    .unwrap();
    serde_json::to_vec(&signed).unwrap()
}

fn files_under(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

#[test]
fn secrets_never_reach_logs_panics_or_disk_in_the_clear() {
    let dir = tempfile::tempdir().unwrap();
    let wallet = dir.path().join("wallet");
    let mut seen = Seen {
        text: String::new(),
    };

    let out = ok(cairn(&wallet).args(["init", "--json"]).output().unwrap());
    seen.add("init", &out, false); // stdout shows the recovery code, once, by design
    let created: Value = serde_json::from_slice(&out.stdout).unwrap();
    let code = created["recovery_code"].as_str().unwrap().to_owned();

    let file = dir.path().join("badge.json");
    std::fs::write(&file, credential()).unwrap();
    let out = ok(cairn(&wallet)
        .args(["import", "--offline", "--json"])
        .arg(&file)
        .output()
        .unwrap());
    seen.add("import", &out, true);
    let id = serde_json::from_slice::<Value>(&out.stdout).unwrap()["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // Displaying is the point of show; it must still log nothing.
    let out = ok(cairn(&wallet).args(["show", &id]).output().unwrap());
    assert!(String::from_utf8_lossy(&out.stdout).contains("Secrets test badge"));
    seen.add("show", &out, false);
    seen.add(
        "list",
        &ok(cairn(&wallet).args(["list"]).output().unwrap()),
        false,
    );
    seen.add(
        "search",
        &ok(cairn(&wallet).args(["search", "secrets"]).output().unwrap()),
        false,
    );

    let backup = dir.path().join("wallet.cairnbackup");
    let out = ok(cairn(&wallet).arg("backup").arg(&backup).output().unwrap());
    seen.add("backup", &out, true);

    let wrong = cairn(&wallet)
        .arg("list")
        .env("CAIRN_PASSPHRASE", "wrong-WRONG")
        .output()
        .unwrap();
    assert_eq!(wrong.status.code(), Some(3));
    seen.add("wrong passphrase", &wrong, true);

    let out = ok(cairn(&wallet)
        .args(["passphrase", "change"])
        .env("CAIRN_NEW_PASSPHRASE", NEW_PASSPHRASE)
        .output()
        .unwrap());
    seen.add("passphrase change", &out, true);
    let out = ok(cairn(&wallet)
        .arg("recover")
        .env("CAIRN_RECOVERY_CODE", &code)
        .env("CAIRN_NEW_PASSPHRASE", PASSPHRASE)
        .output()
        .unwrap());
    seen.add("recover", &out, true);
    let bad_code = cairn(&wallet)
        .arg("recover")
        .env("CAIRN_RECOVERY_CODE", "0000-0000-0000-0000")
        .env("CAIRN_NEW_PASSPHRASE", NEW_PASSPHRASE)
        .output()
        .unwrap();
    assert_eq!(bad_code.status.code(), Some(3));
    seen.add("wrong recovery code", &bad_code, true);

    let restored = dir.path().join("restored");
    let out = ok(cairn(&restored)
        .arg("restore")
        .arg(&backup)
        .output()
        .unwrap());
    seen.add("restore", &out, true);

    // A bad input: the error quotes what was wrong, not the file's content.
    let mut broken = credential();
    broken.truncate(broken.len() - 40);
    let bad = dir.path().join("broken.json");
    std::fs::write(&bad, &broken).unwrap();
    let out = cairn(&wallet)
        .args(["import", "--offline"])
        .arg(&bad)
        .output()
        .unwrap();
    seen.add("import of a broken file", &out, true);
    let out = cairn(&wallet)
        .args(["verify", "--offline"])
        .arg(&bad)
        .output()
        .unwrap();
    seen.add("verify of a broken file", &out, true);

    // Output cut off: stdout closed under `show`. Since `main` restores SIGPIPE this
    // ends the command by the signal, not a panic (tests/pipe.rs); whatever it wrote
    // to stderr must not carry the credential it was printing.
    let mut child = cairn(&wallet)
        .args(["show", &id])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    seen.text.push_str(&format!(
        "\n--- show into a closed pipe ({status})\n{stderr}"
    ));

    // A panic (forced in debug builds) whose message holds secrets: the program
    // prints where it happened, never the message, even with RUST_BACKTRACE=full.
    let out = cairn(&wallet)
        .env(
            "CAIRN_DEBUG_PANIC",
            format!("{CONTENT} {PASSPHRASE} {code}"),
        )
        .arg("list")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(101), "a panic exits 101");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("an internal error stopped this"),
        "{stderr}"
    );
    seen.add("a panic", &out, true);

    for secret in [
        PASSPHRASE,
        NEW_PASSPHRASE,
        code.as_str(),
        &code.replace('-', ""),
        CONTENT,
    ] {
        assert!(
            !seen.text.contains(secret),
            "{secret:?} appears in the output:\n{}",
            seen.text
        );
    }

    let mut files = Vec::new();
    files_under(&wallet, &mut files);
    files_under(&restored, &mut files);
    files.push(backup);
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        for secret in [
            PASSPHRASE,
            NEW_PASSPHRASE,
            code.as_str(),
            CONTENT,
            "Secrets test badge",
        ] {
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                "{secret:?} is in {} in the clear",
                path.display()
            );
        }
    }
}
