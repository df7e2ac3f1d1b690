//! The hostile-input corpus (`tests/hostile/`) through the real `cairn` binary: each
//! input gets a clear error naming what was wrong, within bounded time and memory
//! (every run is under `ulimit -v` and a watchdog), and an import leaves the wallet's
//! files byte-for-byte as they were.

#[path = "../../../tests/hostile/mod.rs"]
mod corpus;
mod support;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use cairn_core::verify::data_integrity::{self, Suite};
use cairn_core::verify::keys::{did_key_ed25519, did_key_verification_method};
use serde_json::{Value, json};

const PASSPHRASE: &str = "hostile corpus";
/// Address space per run: far above a real import, far below what a bomb would need.
const MEMORY_KB: u64 = 4 * 1024 * 1024;
/// A run still going after this is a hang.
const WATCHDOG: Duration = Duration::from_secs(180);

/// Runs the real binary under the memory cap and the watchdog.
fn bounded(wallet: &Path, args: &[&std::ffi::OsStr]) -> Output {
    let mut cmd = Command::new("bash");
    cmd.arg("-c")
        .arg(format!("ulimit -v {MEMORY_KB} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_cairn"))
        .args(args)
        .env("CAIRN_WALLET", wallet)
        .env("CAIRN_PASSPHRASE", PASSPHRASE)
        .env_remove("RUST_LOG")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let child = Arc::new(Mutex::new(cmd.spawn().unwrap()));
    let done = Arc::new(AtomicBool::new(false));
    let fired = Arc::new(AtomicBool::new(false));
    let watchdog = {
        let (child, done, fired) = (Arc::clone(&child), Arc::clone(&done), Arc::clone(&fired));
        std::thread::spawn(move || {
            let step = Duration::from_millis(100);
            let mut waited = Duration::ZERO;
            while !done.load(Ordering::SeqCst) {
                if waited >= WATCHDOG {
                    fired.store(true, Ordering::SeqCst);
                    let _ = child.lock().unwrap().kill();
                    return;
                }
                std::thread::sleep(step);
                waited += step;
            }
        })
    };
    let (mut stdout, mut stderr) = {
        let mut c = child.lock().unwrap();
        (c.stdout.take().unwrap(), c.stderr.take().unwrap())
    };
    let err_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        stderr.read_to_end(&mut buf).unwrap();
        buf
    });
    let mut out = Vec::new();
    stdout.read_to_end(&mut out).unwrap();
    let err = err_reader.join().unwrap();
    let status = loop {
        if let Some(status) = child.lock().unwrap().try_wait().unwrap() {
            break status;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    done.store(true, Ordering::SeqCst);
    watchdog.join().unwrap();
    assert!(
        !fired.load(Ordering::SeqCst),
        "cairn {args:?} did not finish within {WATCHDOG:?}: a hang"
    );
    Output {
        status,
        stdout: out,
        stderr: err,
    }
}

fn os(args: &[&str]) -> Vec<std::ffi::OsString> {
    args.iter().map(|a| std::ffi::OsString::from(*a)).collect()
}

fn run(wallet: &Path, args: &[&str], path: Option<&Path>) -> Output {
    let mut all = os(args);
    if let Some(path) = path {
        all.push(path.into());
    }
    let refs: Vec<&std::ffi::OsStr> = all.iter().map(|a| a.as_os_str()).collect();
    bounded(wallet, &refs)
}

fn text(out: &Output) -> String {
    format!(
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A wallet holding one real credential.
fn wallet(dir: &Path) -> PathBuf {
    let wallet = dir.join("wallet");
    support::init_wallet(&wallet, PASSPHRASE);
    let badge = support::vectors().join("dbjs-signed/eddsa-rdfc-2022.json");
    let out = run(&wallet, &["import", "--offline", "--json"], Some(&badge));
    assert!(out.status.success(), "{}", text(&out));
    wallet
}

/// Every file of the wallet and its bytes.
fn snapshot(wallet: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut dirs = vec![wallet.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                files.insert(path.clone(), std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

/// Imports `path` into the wallet: the one item is an error containing `words`,
/// and no file of the wallet changed.
fn import_is_refused(wallet: &Path, path: &Path, words: &[&str]) -> String {
    let before = snapshot(wallet);
    let out = run(wallet, &["import", "--offline", "--json"], Some(path));
    let after = snapshot(wallet);
    let changed: Vec<_> = after
        .iter()
        .filter(|(p, bytes)| before.get(*p) != Some(*bytes))
        .map(|(p, _)| p.display().to_string())
        .chain(
            before
                .keys()
                .filter(|p| !after.contains_key(*p))
                .map(|p| p.display().to_string()),
        )
        .collect();
    assert!(
        changed.is_empty(),
        "importing {} changed {changed:?}",
        path.display()
    );
    let report: Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&out)));
    let items = report["items"].as_array().unwrap();
    assert!(!items.is_empty(), "{}", text(&out));
    let mut reasons = String::new();
    for item in items {
        assert_eq!(item["status"], "error", "{}", text(&out));
        reasons.push_str(item["error"].as_str().unwrap());
        reasons.push('\n');
    }
    for word in words {
        assert!(reasons.contains(word), "expected {word:?} in:\n{reasons}");
    }
    // One line per item, never the input echoed back.
    assert!(
        reasons.len() < 2000,
        "a huge error message: {} bytes",
        reasons.len()
    );
    reasons
}

#[test]
fn files_that_attack_the_parser_are_refused_and_the_wallet_is_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let wallet = wallet(dir.path());
    let put = |name: &str, bytes: &[u8]| {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    };

    let huge = dir.path().join("huge.json");
    corpus::write_huge_json(&huge, 100);
    import_is_refused(&wallet, &huge, &["larger than"]);

    for (name, objects) in [("deep-arrays.json", false), ("deep-objects.json", true)] {
        let path = put(name, &corpus::deep_nesting(10_000, objects));
        import_is_refused(&wallet, &path, &["nested too deeply"]);
    }

    let path = put("bomb.png", &corpus::png_decompression_bomb(512));
    import_is_refused(
        &wallet,
        &path,
        &["decompressed badge payload is larger than"],
    );
    let path = put("huge-itxt.png", &corpus::png_huge_itxt(16));
    import_is_refused(&wallet, &path, &["badge payload is larger than"]);

    let path = put("scripts.svg", &corpus::svg_with_scripts());
    import_is_refused(&wallet, &path, &["no Open Badges credential"]);
    let secret = put("local-secret.txt", b"LOCAL-FILE-CONTENT-must-never-be-read");
    let path = put("xxe.svg", &corpus::svg_external_entity(&secret));
    let reasons = import_is_refused(&wallet, &path, &["never expanded"]);
    assert!(!reasons.contains("LOCAL-FILE-CONTENT"));
    let path = put("laughs.svg", &corpus::svg_billion_laughs());
    import_is_refused(&wallet, &path, &["never expanded"]);
}

#[test]
fn zip_bombs_and_path_traversal_are_refused_and_nothing_is_written_outside() {
    let dir = tempfile::tempdir().unwrap();
    let wallet = wallet(dir.path());
    let inner = dir.path().join("a/b");
    std::fs::create_dir_all(&inner).unwrap();

    // Under the per-file cap, but inflating 1000:1: refused by its ratio.
    let bomb = inner.join("bomb.zip");
    corpus::write_zip_bomb(&bomb, "zeros.json", 16);
    import_is_refused(&wallet, &bomb, &["zip bomb"]);
    // Over the per-file cap: refused by its declared size, before inflating.
    let big = inner.join("big-bomb.zip");
    corpus::write_zip_bomb(&big, "zeros.json", 300);
    import_is_refused(&wallet, &big, &["larger than"]);

    let traversal = inner.join("traversal.zip");
    let names = [
        "../../escaped.json",
        "/tmp/cairn-absolute-escaped.json",
        "..\\..\\win-escaped.json",
        "ok/../../../up.json",
    ];
    corpus::write_traversal_zip(&traversal, &names, b"{\"not\": \"a credential\"}");
    let before_dir = snapshot(dir.path());
    import_is_refused(&wallet, &traversal, &["not a credential"]);
    assert_eq!(
        snapshot(dir.path()).len(),
        before_dir.len(),
        "a file appeared"
    );
    assert!(!dir.path().join("escaped.json").exists());
    assert!(!Path::new("/tmp/cairn-absolute-escaped.json").exists());
}

// ---- verification: a credential that parses is verified, and must not pass ----

fn signed_badge(key: &ed25519_dalek::SigningKey, issuer: &str, method: &str) -> Value {
    let doc = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": issuer,
        "name": "Hostile corpus badge",
        "validFrom": "2026-01-15T09:00:00Z",
        "credentialSubject": {"id": "did:example:learner"}
    });
    data_integrity::sign(
        &doc,
        Suite::EddsaRdfc2022,
        key,
        method,
        "2026-01-15T09:00:00Z",
        "assertionMethod",
    )
    .unwrap()
}

fn verify(dir: &Path, name: &str, bytes: &[u8], offline: bool) -> (Output, Value) {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    let args: &[&str] = if offline {
        &["verify", "--offline", "--json"]
    } else {
        &["verify", "--json"]
    };
    let out = run(&dir.join("no-wallet"), args, Some(&path));
    let report =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&out)));
    (out, report)
}

fn check<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no {id} check in {report}"))
}

fn proof_fails(out: &Output, report: &Value, words: &str) {
    let proof = check(report, "proof");
    assert_eq!(proof["status"], "fail", "{report}");
    assert_eq!(report["verified"], false);
    assert_eq!(out.status.code(), Some(1), "{}", text(out));
    let message = proof["message"].as_str().unwrap();
    assert!(message.contains(words), "expected {words:?} in {message:?}");
    assert!(message.len() < 600, "a huge message");
}

#[test]
fn unknown_remote_and_exploding_contexts_fail_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let key = ed25519_dalek::SigningKey::from_bytes(&[3u8; 32]);
    let did = did_key_ed25519(&key.verifying_key());
    let valid = signed_badge(&key, &did, &did_key_verification_method(&did));

    let remote = corpus::with_contexts(&valid, &[json!("https://evil.example/context.jsonld")]);
    let (out, report) = verify(dir.path(), "remote.json", &remote, false);
    proof_fails(&out, &report, "https://evil.example/context.jsonld");

    let unknown = corpus::with_contexts(&valid, &[json!("urn:cairn:no-such-context")]);
    let (out, report) = verify(dir.path(), "unknown.json", &unknown, false);
    proof_fails(&out, &report, "urn:cairn:no-such-context");

    let (context, value) = corpus::exploding_context(5_000, 100);
    let mut exploding: Value =
        serde_json::from_slice(&corpus::with_contexts(&valid, &[context])).unwrap();
    exploding["credentialSubject"]["t"] = value;
    let bytes = serde_json::to_vec(&exploding).unwrap();
    let path = dir.path().join("exploding.json");
    std::fs::write(&path, &bytes).unwrap();
    let out = run(
        &dir.path().join("no-wallet"),
        &["verify", "--offline", "--json"],
        Some(&path),
    );
    // Either refused as input (exit 2, a message) or verified and failed (exit 1):
    // never a pass, never a hang or an abort.
    match out.status.code() {
        Some(1) => {
            let report: Value = serde_json::from_slice(&out.stdout).unwrap();
            assert_eq!(check(&report, "proof")["status"], "fail", "{report}");
        }
        Some(2) => assert!(!out.stderr.is_empty(), "{}", text(&out)),
        _ => panic!("{}", text(&out)),
    }
}

#[test]
fn jwts_with_alg_none_hmac_over_the_public_key_or_a_foreign_kid_fail() {
    let dir = tempfile::tempdir().unwrap();
    let key = ed25519_dalek::SigningKey::from_bytes(&[5u8; 32]);
    let did = did_key_ed25519(&key.verifying_key());
    let kid = did_key_verification_method(&did);
    let payload = json!({
        "iss": did, "nbf": 1767225600, "jti": "urn:uuid:hostile",
        "vc": {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential"],
            "issuer": did,
            "validFrom": "2026-01-01T00:00:00Z",
            "credentialSubject": {"id": "did:example:learner"}
        }
    });
    use ed25519_dalek::Signer;
    let good = corpus::jwt(&json!({"alg": "EdDSA", "kid": kid}), &payload, |m| {
        key.sign(m).to_bytes().to_vec()
    });
    let (out, report) = verify(dir.path(), "good.jwt", good.as_bytes(), true);
    assert_eq!(check(&report, "proof")["status"], "pass", "{}", text(&out));

    let none = corpus::jwt(&json!({"alg": "none", "kid": kid}), &payload, |_| {
        Vec::new()
    });
    let (out, report) = verify(dir.path(), "none.jwt", none.as_bytes(), true);
    // Refused either for its algorithm or its empty signature: never a pass.
    proof_fails(&out, &report, "");
    let none_signed = corpus::jwt(&json!({"alg": "none", "kid": kid}), &payload, |m| {
        key.sign(m).to_bytes().to_vec()
    });
    let (out, report) = verify(dir.path(), "none-signed.jwt", none_signed.as_bytes(), true);
    proof_fails(&out, &report, "none");

    let public = key.verifying_key().to_bytes();
    let hmac = corpus::jwt(&json!({"alg": "HS256", "kid": kid}), &payload, |m| {
        corpus::hs256(&public, m)
    });
    let (out, report) = verify(dir.path(), "hmac.jwt", hmac.as_bytes(), true);
    proof_fails(&out, &report, "HS256");

    let other = ed25519_dalek::SigningKey::from_bytes(&[6u8; 32]);
    let other_kid = did_key_verification_method(&did_key_ed25519(&other.verifying_key()));
    let foreign = corpus::jwt(&json!({"alg": "EdDSA", "kid": other_kid}), &payload, |m| {
        key.sign(m).to_bytes().to_vec()
    });
    let (out, report) = verify(dir.path(), "foreign-kid.jwt", foreign.as_bytes(), true);
    assert_eq!(report["verified"], false, "{}", text(&out));
    assert_ne!(check(&report, "proof")["status"], "pass", "{report}");
}

/// A loopback HTTP server answering every request with `answer(path)`; returns its
/// base URL and a counter of requests.
fn serve(answer: impl Fn(&str, &str) -> String + Send + 'static) -> (String, Arc<Mutex<usize>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(0));
    let (count, base2) = (Arc::clone(&seen), base.clone());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut request = Vec::new();
            let mut buf = [0u8; 1024];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => request.extend_from_slice(&buf[..n]),
                }
            }
            *count.lock().unwrap() += 1;
            let line = String::from_utf8_lossy(&request)
                .lines()
                .next()
                .unwrap_or("")
                .to_owned();
            let path = line.split(' ').nth(1).unwrap_or("/").to_owned();
            let _ = stream.write_all(answer(&base2, &path).as_bytes());
        }
    });
    (base, seen)
}

fn redirect(to: &str) -> String {
    format!(
        "HTTP/1.1 302 Found\r\nLocation: {to}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )
}

#[test]
fn issuer_urls_that_redirect_forever_or_point_at_private_addresses_never_pass() {
    let dir = tempfile::tempdir().unwrap();
    let key = ed25519_dalek::SigningKey::from_bytes(&[9u8; 32]);

    // An issuer profile that redirects to itself, forever.
    let (base, seen) = serve(|base, path| redirect(&format!("{base}{path}")));
    let issuer = format!("{base}/issuer");
    let badge = signed_badge(&key, &issuer, &format!("{issuer}#key-1"));
    let (out, report) = verify(
        dir.path(),
        "loop.json",
        &serde_json::to_vec(&badge).unwrap(),
        false,
    );
    assert_eq!(report["verified"], false, "{}", text(&out));
    let proof = check(&report, "proof");
    assert_ne!(proof["status"], "pass");
    assert!(
        proof["message"].as_str().unwrap().contains("redirect"),
        "{report}"
    );
    assert!(
        *seen.lock().unwrap() <= 20,
        "followed {} redirects",
        seen.lock().unwrap()
    );

    // A profile that redirects into the private network (a cloud metadata address).
    let (base, _) = serve(|_, _| redirect("https://169.254.169.254/latest/meta-data/"));
    let issuer = format!("{base}/issuer");
    let badge = signed_badge(&key, &issuer, &format!("{issuer}#key-1"));
    let (out, report) = verify(
        dir.path(),
        "to-private.json",
        &serde_json::to_vec(&badge).unwrap(),
        false,
    );
    assert_eq!(report["verified"], false, "{}", text(&out));
    assert_ne!(check(&report, "proof")["status"], "pass", "{report}");
    assert!(
        check(&report, "proof")["message"]
            .as_str()
            .unwrap()
            .contains("169.254.169.254"),
        "{report}"
    );

    // did:web and https profiles naming private addresses are refused without a connection.
    for (issuer, method) in [
        ("did:web:10.0.0.7", "did:web:10.0.0.7#key-1"),
        (
            "did:web:192.168.1.1%3A8443:issuer",
            "did:web:192.168.1.1%3A8443:issuer#key-1",
        ),
        ("https://[fd00::1]/issuer", "https://[fd00::1]/issuer#key-1"),
    ] {
        let badge = signed_badge(&key, issuer, method);
        let (out, report) = verify(
            dir.path(),
            "private.json",
            &serde_json::to_vec(&badge).unwrap(),
            false,
        );
        assert_eq!(report["verified"], false, "{}", text(&out));
        let proof = check(&report, "proof");
        assert_ne!(proof["status"], "pass", "{report}");
        assert!(
            proof["message"].as_str().unwrap().contains("private"),
            "{issuer}: {report}"
        );
    }
}

#[test]
fn share_links_whose_id_climbs_paths_are_refused_without_a_connection() {
    let dir = tempfile::tempdir().unwrap();
    let (base, seen) = serve(|_, _| {
        "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".into()
    });
    let key = "A".repeat(43);
    for id in [
        "../../../etc/passwd",
        "..%2F..%2Fetc%2Fpasswd",
        "%2e%2e",
        "AAAAAAAAAAAAAAAAAAAAA/..",
        "AAAAAAAAAAAAAAAAAAAA..",
    ] {
        let link = format!("{base}/s/{id}#k={key}");
        let out = run(
            &dir.path().join("w"),
            &["open", "--json", link.as_str()],
            None,
        );
        assert_eq!(out.status.code(), Some(2), "{link}: {}", text(&out));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("share"), "{link}: {stderr}");
    }
    assert_eq!(
        *seen.lock().unwrap(),
        0,
        "a malformed link reached the relay"
    );
}
