//! `cairn status`: the wallet location rule and the JSON contract, through the real binary.

use std::process::Command;

fn cairn() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cairn"));
    cmd.env_remove("CAIRN_WALLET");
    cmd
}

#[test]
fn status_json_names_the_wallet_from_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    let out = cairn()
        .args(["status", "--json", "--wallet"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["wallet"], dir.path().to_str().unwrap());
    assert_eq!(doc["wallet_exists"], false);
    assert_eq!(doc["version"], env!("CARGO_PKG_VERSION"));
}

#[test]
fn status_reads_the_wallet_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("wallet.db"), b"").unwrap();
    let out = cairn()
        .env("CAIRN_WALLET", dir.path())
        .arg("status")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("wallet found"), "{text}");
}

#[test]
fn unknown_command_is_a_usage_error() {
    let out = cairn().arg("frobnicate").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}
