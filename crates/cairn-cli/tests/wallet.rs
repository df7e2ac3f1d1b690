//! `cairn init`, `list`, `passphrase change`, `recover` through the real binary,
//! with passphrases from the environment (never from arguments).

mod support;

use std::process::{Command, Output};

fn cairn(dir: &std::path::Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cairn"));
    cmd.env_remove("CAIRN_PASSPHRASE")
        .env_remove("CAIRN_NEW_PASSPHRASE")
        .env_remove("CAIRN_RECOVERY_CODE")
        .env("CAIRN_WALLET", dir);
    cmd
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().unwrap()
}

fn init(dir: &std::path::Path, passphrase: &str) -> serde_json::Value {
    let out = run(cairn(dir)
        .args(["init", "--json"])
        .env("CAIRN_PASSPHRASE", passphrase));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn init_prints_the_recovery_code_once_and_list_unlocks() {
    let dir = tempfile::tempdir().unwrap();
    let created = init(dir.path(), "pw one");
    assert!(created["holder"].as_str().unwrap().starts_with("did:key:"));
    assert_eq!(created["recovery_code"].as_str().unwrap().len(), 32);

    let out = run(cairn(dir.path())
        .args(["list", "--json"])
        .env("CAIRN_PASSPHRASE", "pw one"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let listed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(listed, serde_json::json!({"credentials": []}));

    let again = run(cairn(dir.path()).arg("init").env("CAIRN_PASSPHRASE", "x"));
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
}

#[test]
fn a_wrong_passphrase_exits_3() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path(), "right");
    let out = run(cairn(dir.path())
        .arg("list")
        .env("CAIRN_PASSPHRASE", "wrong"));
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not unlock"));
}

#[test]
fn the_passphrase_file_is_read_without_its_newline() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path(), "from a file");
    let file = dir.path().join("pass.txt");
    std::fs::write(&file, "from a file\n").unwrap();
    let out = run(cairn(dir.path())
        .args(["list", "--passphrase-file"])
        .arg(&file));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn recover_and_change_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let created = init(dir.path(), "first");
    let code = created["recovery_code"].as_str().unwrap();

    let out = run(cairn(dir.path())
        .args(["passphrase", "change"])
        .env("CAIRN_PASSPHRASE", "first")
        .env("CAIRN_NEW_PASSPHRASE", "second"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        run(cairn(dir.path())
            .arg("list")
            .env("CAIRN_PASSPHRASE", "first"))
        .status
        .code(),
        Some(3)
    );

    let bad = run(cairn(dir.path())
        .arg("recover")
        .env("CAIRN_RECOVERY_CODE", "0000-0000")
        .env("CAIRN_NEW_PASSPHRASE", "third"));
    assert_eq!(bad.status.code(), Some(3));

    let out = run(cairn(dir.path())
        .arg("recover")
        .env("CAIRN_RECOVERY_CODE", code)
        .env("CAIRN_NEW_PASSPHRASE", "third"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        run(cairn(dir.path())
            .arg("list")
            .env("CAIRN_PASSPHRASE", "third"))
        .status
        .success()
    );
}

#[test]
fn without_a_passphrase_source_and_no_terminal_it_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path(), "pw");
    let out = run(cairn(dir.path())
        .arg("list")
        .stdin(std::process::Stdio::null()));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("CAIRN_PASSPHRASE"));
}

#[test]
fn import_reports_each_item_and_list_shows_them() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = tempfile::tempdir().unwrap();
    init(dir.path(), "pw");
    std::fs::copy(
        support::vectors().join("dbjs-signed/eddsa-rdfc-2022.json"),
        inbox.path().join("good.json"),
    )
    .unwrap();
    std::fs::write(inbox.path().join("junk.json"), b"{not json").unwrap();

    let out = run(cairn(dir.path())
        .args(["import", "--json"])
        .arg(inbox.path())
        .env("CAIRN_PASSPHRASE", "pw"));
    assert_eq!(out.status.code(), Some(2), "one item could not be imported");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let items = doc["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    let good = items
        .iter()
        .find(|i| i["source"].as_str().unwrap().ends_with("good.json"))
        .unwrap();
    assert_eq!(good["status"], "imported");
    let id = good["id"].as_str().unwrap().to_owned();
    let junk = items
        .iter()
        .find(|i| i["source"].as_str().unwrap().ends_with("junk.json"))
        .unwrap();
    assert_eq!(junk["status"], "error");
    assert!(junk["error"].as_str().unwrap().contains("JSON"), "{junk}");

    // Again, from stdin: already there, and a clean exit.
    let bytes = std::fs::read(inbox.path().join("good.json")).unwrap();
    let mut child = cairn(dir.path())
        .args(["import", "--json", "-"])
        .env("CAIRN_PASSPHRASE", "pw")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), &bytes).unwrap();
    drop(child.stdin.take());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["items"][0]["status"], "duplicate");
    assert_eq!(doc["items"][0]["id"], id.as_str());

    let out = run(cairn(dir.path())
        .args(["list", "--json"])
        .env("CAIRN_PASSPHRASE", "pw"));
    let listed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(listed["credentials"][0]["id"], id.as_str());
    assert_eq!(listed["credentials"][0]["verified"], true);
}

#[test]
fn search_show_and_delete() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path(), "pw");
    let file = support::vectors().join("dbjs-signed/eddsa-rdfc-2022.json");
    let out = run(cairn(dir.path())
        .args(["import", "--json"])
        .arg(&file)
        .env("CAIRN_PASSPHRASE", "pw"));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let id = doc["items"][0]["id"].as_str().unwrap().to_owned();

    let search = |text: &str| -> serde_json::Value {
        let out = run(cairn(dir.path())
            .args(["search", "--json", text])
            .env("CAIRN_PASSPHRASE", "pw"));
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    assert_eq!(
        search("cloud fund")["credentials"][0]["id"],
        id.as_str(),
        "prefix words match"
    );
    assert_eq!(
        search("welding")["credentials"].as_array().unwrap().len(),
        0
    );
    assert_eq!(
        search("\") OR * (")["credentials"]
            .as_array()
            .unwrap()
            .len(),
        0,
        "query syntax is never an error"
    );

    let out = run(cairn(dir.path())
        .args(["show", "--json", &id])
        .env("CAIRN_PASSPHRASE", "pw"));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["verified"], true);
    assert_eq!(report["checks"][0]["id"], "proof");

    let refused = run(cairn(dir.path())
        .args(["delete", &id])
        .env("CAIRN_PASSPHRASE", "pw")
        .stdin(std::process::Stdio::null()));
    assert_eq!(
        refused.status.code(),
        Some(2),
        "asks first, and without a terminal says to pass --yes"
    );
    assert!(
        run(cairn(dir.path())
            .args(["delete", "--yes", &id])
            .env("CAIRN_PASSPHRASE", "pw"))
        .status
        .success()
    );
    assert_eq!(search("cloud")["credentials"].as_array().unwrap().len(), 0);
    let gone = run(cairn(dir.path())
        .args(["show", &id])
        .env("CAIRN_PASSPHRASE", "pw"));
    assert_eq!(gone.status.code(), Some(2));
}
