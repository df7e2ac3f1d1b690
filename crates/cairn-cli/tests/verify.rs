//! `cairn verify`: the report contract of DESIGN §3 and the exit codes of §4, through
//! the real binary, on the public vectors in ../shared/vectors.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// A valid, offline-verifiable credential (`expected.json`: everything passes).
const VALID: &str = "dbjs-signed/eddsa-rdfc-2022.json";
/// Another valid one, to tell reports apart in multi-file runs.
const VALID_JCS: &str = "dbjs-signed/eddsa-jcs-2022.json";
/// `expected.json`: proof fail, verified false (achievement name changed after signing).
const TAMPERED: &str = "tampered/ob3-eddsa-rdfc-2022-name.json";
/// An OB 3.0 credential baked into a PNG (iTXt `openbadgecredential`).
const BAKED_PNG: &str = "1edtech-validator/ob30/simple-json.png";

const CHECK_STATUSES: [&str; 5] = ["pass", "fail", "warn", "unknown", "skip"];
const REQUIRED_CHECKS: [&str; 4] = ["proof", "issuer", "validity", "status"];

fn cairn() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cairn"));
    cmd.env_remove("CAIRN_WALLET");
    cmd
}

fn vectors_dir() -> PathBuf {
    let mut dir = Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf();
    loop {
        let candidate = dir.join("shared/vectors");
        if candidate.is_dir() {
            return candidate;
        }
        assert!(
            dir.pop(),
            "no shared/vectors in any directory above {}: check out ../shared beside the repository",
            env!("CARGO_MANIFEST_DIR")
        );
    }
}

fn vector(name: &str) -> PathBuf {
    let path = vectors_dir().join(name);
    assert!(path.is_file(), "missing vector {}", path.display());
    path
}

fn verify(args: &[&Path], json: bool) -> Output {
    let mut cmd = cairn();
    cmd.arg("verify");
    if json {
        cmd.arg("--json");
    }
    cmd.args(args).stdin(Stdio::null()).output().unwrap()
}

/// Stdout as the one JSON document `--json` promises.
fn json_doc(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|err| {
        panic!(
            "stdout is not one JSON document ({err}):\n{}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn check<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["checks"]
        .as_array()
        .and_then(|checks| checks.iter().find(|c| c["id"] == id))
        .unwrap_or_else(|| panic!("report has no {id} check: {report:#}"))
}

/// `2026-11-22T12:00:00Z`, `2026-11-22T12:00:00.123+01:00`: RFC 3339 date-time.
fn is_rfc3339(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        b.get(range)
            .is_some_and(|s| s.iter().all(u8::is_ascii_digit))
    };
    if b.len() < 20
        || !digits(0..4)
        || b[4] != b'-'
        || !digits(5..7)
        || b[7] != b'-'
        || !digits(8..10)
        || !matches!(b[10], b'T' | b't')
        || !digits(11..13)
        || b[13] != b':'
        || !digits(14..16)
        || b[16] != b':'
        || !digits(17..19)
    {
        return false;
    }
    let mut rest = &text[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return false;
        }
        rest = &frac[n..];
    }
    match rest.as_bytes() {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => [h1, h2, m1, m2].iter().all(|d| d.is_ascii_digit()),
        _ => false,
    }
}

/// Every field and value DESIGN §3 makes a contract, and nothing outside it.
fn assert_contract_shape(report: &Value) {
    let obj = report
        .as_object()
        .unwrap_or_else(|| panic!("a report is a JSON object: {report:#}"));
    for key in obj.keys() {
        assert!(
            [
                "verified",
                "format",
                "checks",
                "credential",
                "checked_at",
                "container"
            ]
            .contains(&key.as_str()),
            "unexpected field {key:?} in {report:#}"
        );
    }
    assert!(report["verified"].is_boolean(), "{report:#}");
    assert!(
        report["format"].as_str().is_some_and(|f| !f.is_empty()),
        "{report:#}"
    );
    let checks = report["checks"].as_array().expect("checks is an array");
    for c in checks {
        let c_obj = c.as_object().expect("a check is an object");
        assert_eq!(
            c_obj.len(),
            3,
            "a check has exactly id, status, message: {c}"
        );
        assert!(c["id"].is_string(), "{c}");
        assert!(
            CHECK_STATUSES.contains(&c["status"].as_str().unwrap_or_default()),
            "status outside pass|fail|warn|unknown|skip: {c}"
        );
        assert!(
            c["message"].as_str().is_some_and(|m| !m.trim().is_empty()),
            "a check's message is non-empty: {c}"
        );
    }
    for id in REQUIRED_CHECKS {
        let n = checks.iter().filter(|c| c["id"] == id).count();
        assert_eq!(n, 1, "check {id} appears exactly once: {report:#}");
    }
    let any_fail = checks.iter().any(|c| c["status"] == "fail");
    assert_eq!(
        report["verified"], !any_fail,
        "verified is true exactly when no check fails: {report:#}"
    );
    let credential = report["credential"]
        .as_object()
        .expect("credential is an object");
    assert!(
        credential.get("issuer").is_some_and(Value::is_object),
        "credential.issuer is an object: {report:#}"
    );
    let checked_at = report["checked_at"]
        .as_str()
        .expect("checked_at is a string");
    assert!(
        is_rfc3339(checked_at),
        "checked_at is RFC 3339: {checked_at}"
    );
}

#[test]
fn valid_vector_exits_0_with_one_contract_report() {
    let out = verify(&[&vector(VALID)], true);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let report = json_doc(&out);
    assert_contract_shape(&report);
    assert_eq!(report["verified"], true, "{report:#}");
    assert_eq!(report["format"], "ob3-vc2-data-integrity");
    for id in ["proof", "issuer", "validity"] {
        assert_eq!(check(&report, id)["status"], "pass", "{report:#}");
    }
    assert!(
        check(&report, "proof")["message"]
            .as_str()
            .unwrap()
            .contains("eddsa-rdfc-2022"),
        "{report:#}"
    );
    assert_eq!(
        report["credential"]["issuer"]["id"],
        "did:key:z6MkguBhhmDkURskmXbtMajsD4EoXRJssoH9Vo9XLJiiFDC2"
    );
    assert_eq!(
        report["credential"]["issuer"]["name"],
        "Northwind Technical College"
    );
    assert_eq!(report["credential"]["name"], "Cloud Fundamentals");
    assert!(report.get("container").is_none(), "{report:#}");
}

#[test]
fn tampered_vector_exits_1_with_proof_fail() {
    let out = verify(&[&vector(TAMPERED)], true);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let report = json_doc(&out);
    assert_contract_shape(&report);
    assert_eq!(report["verified"], false, "{report:#}");
    assert_eq!(check(&report, "proof")["status"], "fail", "{report:#}");
}

#[test]
fn several_files_give_an_array_in_order_and_exit_1_if_any_fails() {
    let out = verify(
        &[&vector(VALID), &vector(TAMPERED), &vector(VALID_JCS)],
        true,
    );
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let doc = json_doc(&out);
    let reports = doc.as_array().expect("several files give a JSON array");
    assert_eq!(reports.len(), 3, "{doc:#}");
    for report in reports {
        assert_contract_shape(report);
    }
    let verified: Vec<&Value> = reports.iter().map(|r| &r["verified"]).collect();
    assert_eq!(verified, [true, false, true], "{doc:#}");
    assert!(
        check(&reports[0], "proof")["message"]
            .as_str()
            .unwrap()
            .contains("eddsa-rdfc-2022")
    );
    assert!(
        check(&reports[2], "proof")["message"]
            .as_str()
            .unwrap()
            .contains("eddsa-jcs-2022")
    );
}

#[test]
fn several_valid_files_exit_0() {
    let out = verify(&[&vector(VALID), &vector(VALID_JCS)], true);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let doc = json_doc(&out);
    assert_eq!(doc.as_array().map(Vec::len), Some(2), "{doc:#}");
}

#[test]
fn stdin_dash_gives_the_same_report_as_the_file() {
    let path = vector(VALID);
    let from_file = json_doc(&verify(&[&path], true));

    let mut child = cairn()
        .args(["verify", "--json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let bytes = std::fs::read(&path).unwrap();
    child.stdin.take().unwrap().write_all(&bytes).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let from_stdin = json_doc(&out);
    assert_contract_shape(&from_stdin);

    // The clock may tick between the two runs; everything else is identical.
    let without_time = |mut v: Value| {
        v.as_object_mut().unwrap().remove("checked_at");
        v
    };
    assert_eq!(without_time(from_stdin), without_time(from_file));
}

#[test]
fn nonexistent_file_exits_2_naming_it_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-credential.json");
    let out = verify(&[&missing], false);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = stderr(&out);
    assert!(err.contains("no-such-credential.json"), "stderr: {err}");
}

#[test]
fn non_credential_exits_2_naming_it_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hello.json");
    std::fs::write(&file, br#"{"hello": 1}"#).unwrap();
    let out = verify(&[&file], false);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = stderr(&out);
    assert!(err.contains("hello.json"), "stderr names the file: {err}");
    assert!(err.contains("not a credential"), "stderr says why: {err}");
}

#[test]
fn unreadable_inputs_are_source_error_entries_with_json() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-credential.json");
    let hello = dir.path().join("hello.json");
    std::fs::write(&hello, br#"{"hello": 1}"#).unwrap();

    // One file: the entry is the whole document.
    let out = verify(&[&missing], true);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let doc = json_doc(&out);
    assert_eq!(doc["source"], missing.display().to_string(), "{doc:#}");
    assert!(
        doc["error"].as_str().is_some_and(|e| !e.is_empty()),
        "{doc:#}"
    );
    assert_eq!(doc.as_object().unwrap().len(), 2, "{doc:#}");

    // Several: each in its place, the readable ones still verified, exit 2 wins.
    let out = verify(&[&hello, &vector(VALID), &missing], true);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let doc = json_doc(&out);
    let entries = doc.as_array().expect("an array for several files");
    assert_eq!(entries.len(), 3, "{doc:#}");
    assert_eq!(entries[0]["source"], hello.display().to_string());
    assert!(
        entries[0]["error"]
            .as_str()
            .is_some_and(|e| e.contains("not a credential")),
        "{doc:#}"
    );
    assert_contract_shape(&entries[1]);
    assert_eq!(entries[1]["verified"], true);
    assert_eq!(entries[2]["source"], missing.display().to_string());
    assert!(entries[2]["error"].is_string(), "{doc:#}");
}

#[test]
fn unreadable_input_with_json_still_explains_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-credential.json");
    let out = verify(&[&missing], true);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = stderr(&out);
    assert!(err.contains("no-such-credential.json"), "stderr: {err:?}");
}

#[test]
fn human_output_says_the_verdict_first_then_one_line_per_check() {
    for (name, verdict, code) in [(VALID, "VERIFIED", 0), (TAMPERED, "NOT VERIFIED", 1)] {
        let path = vector(name);
        let report = json_doc(&verify(&[&path], true));
        let out = verify(&[&path], false);
        assert_eq!(out.status.code(), Some(code), "{out:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let first = lines.first().copied().unwrap_or_default();
        assert!(first.contains(verdict), "first line: {first:?}\n{text}");
        if verdict == "VERIFIED" {
            assert!(!first.contains("NOT VERIFIED"), "{text}");
        }
        let checks = report["checks"].as_array().unwrap();
        for c in checks {
            let message = c["message"].as_str().unwrap();
            let id = c["id"].as_str().unwrap();
            let matching: Vec<&&str> = lines
                .iter()
                .skip(1)
                .filter(|l| l.contains(message))
                .collect();
            assert_eq!(
                matching.len(),
                1,
                "one line for the {id} check ({message}):\n{text}"
            );
            assert!(matching[0].contains(id), "the line names {id}:\n{text}");
        }
        let check_lines = lines
            .iter()
            .filter(|l| {
                checks
                    .iter()
                    .any(|c| l.contains(c["message"].as_str().unwrap()))
            })
            .count();
        assert_eq!(check_lines, checks.len(), "{text}");
    }
}

#[test]
fn baked_png_report_names_its_container() {
    let out = verify(&[&vector(BAKED_PNG)], true);
    assert_ne!(out.status.code(), Some(2), "{out:?}");
    let report = json_doc(&out);
    assert_contract_shape(&report);
    assert_eq!(report["container"], "png", "{report:#}");
    assert!(
        report["format"]
            .as_str()
            .is_some_and(|f| f.starts_with("ob3-")),
        "{report:#}"
    );
}
