//! `cairn backup` and `cairn restore` through the real binary: a round trip onto a
//! fresh machine byte for byte, a merge without duplicates, and every way a restore
//! can be refused (wrong passphrase, damaged, truncated, foreign file) changing nothing.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use cairn_core::store::{Passphrase, Wallet};
use cairn_core::wallet::WalletLocation;

fn cairn(wallet: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cairn"));
    for var in [
        "CAIRN_PASSPHRASE",
        "CAIRN_NEW_PASSPHRASE",
        "CAIRN_RECOVERY_CODE",
        "CAIRN_BACKUP_PASSPHRASE",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("CAIRN_WALLET", wallet)
        .stdin(std::process::Stdio::null());
    cmd
}

fn ok(out: Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null)
}

/// A wallet at `dir` holding the credentials `range` (JSON files) and a baked badge,
/// imported from the folder `inbox`; returns its recovery code.
fn wallet_with(
    dir: &Path,
    passphrase: &str,
    inbox: &Path,
    range: std::ops::Range<usize>,
) -> String {
    let created = ok(cairn(dir)
        .args(["init", "--json"])
        .env("CAIRN_PASSPHRASE", passphrase)
        .output()
        .unwrap());
    std::fs::create_dir_all(inbox).unwrap();
    let base: serde_json::Value = serde_json::from_slice(
        &std::fs::read(support::vectors().join("dbjs-signed/eddsa-rdfc-2022.json")).unwrap(),
    )
    .unwrap();
    for i in range {
        let mut doc = base.clone();
        doc["id"] = serde_json::json!(format!("urn:uuid:backup-cli-{i}"));
        // Pretty-printed with a trailing space: the stored bytes must be these exactly.
        let mut bytes = serde_json::to_vec_pretty(&doc).unwrap();
        bytes.extend_from_slice(b" \n");
        std::fs::write(inbox.join(format!("{i:03}.json")), bytes).unwrap();
    }
    std::fs::copy(
        support::vectors().join("1edtech-validator/ob30/simple-json.png"),
        inbox.join("baked.png"),
    )
    .unwrap();
    ok(cairn(dir)
        .args(["import", "--json"])
        .arg(inbox)
        .env("CAIRN_PASSPHRASE", passphrase)
        .output()
        .unwrap());
    created["recovery_code"].as_str().unwrap().to_owned()
}

fn backup(wallet: &Path, passphrase: &str, file: &Path) -> serde_json::Value {
    ok(cairn(wallet)
        .args(["backup", "--json"])
        .arg(file)
        .env("CAIRN_PASSPHRASE", passphrase)
        .output()
        .unwrap())
}

/// Every file under `dir` (recursively) and its bytes; missing dir → empty.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(snapshot(&path));
        } else {
            out.insert(path.clone(), std::fs::read(&path).unwrap());
        }
    }
    out
}

/// Each stored credential's original bytes, by id.
fn originals(dir: &Path, passphrase: &str) -> BTreeMap<String, Vec<u8>> {
    let wallet = Wallet::open(
        &WalletLocation::at(dir).unwrap(),
        &Passphrase::new(passphrase.into()),
    )
    .unwrap();
    wallet
        .credentials()
        .unwrap()
        .into_iter()
        .map(|row| {
            let bytes = wallet.original(&row.id).unwrap().unwrap();
            (row.id, bytes)
        })
        .collect()
}

#[test]
fn backup_and_restore_on_a_fresh_machine_keeps_every_byte() {
    let home = tempfile::tempdir().unwrap();
    let (old, new) = (home.path().join("old"), home.path().join("new"));
    let code = wallet_with(&old, "pw", &home.path().join("inbox"), 0..12);
    let file = home.path().join("my.cairnbackup");

    let made = backup(&old, "pw", &file);
    assert_eq!(made["credentials"], 13);

    let restored = ok(cairn(&new)
        .args(["restore", "--json"])
        .arg(&file)
        .env("CAIRN_PASSPHRASE", "pw")
        .output()
        .unwrap());
    assert_eq!(restored["restored"], "installed");
    assert_eq!(restored["credentials"]["added"], 13);

    let before = originals(&old, "pw");
    assert_eq!(before.len(), 13);
    assert_eq!(originals(&new, "pw"), before, "byte for byte");
    for (id, bytes) in &before {
        if bytes.starts_with(b"{") {
            assert!(bytes.ends_with(b"} \n"), "{id} kept its exact bytes");
        }
    }

    // The recovery code alone opens the same backup, and sets a new passphrase.
    let third = home.path().join("third");
    let out = ok(cairn(&third)
        .args(["restore", "--recovery", "--json"])
        .arg(&file)
        .env("CAIRN_RECOVERY_CODE", &code)
        .env("CAIRN_NEW_PASSPHRASE", "brand new")
        .output()
        .unwrap());
    assert_eq!(out["restored"], "installed");
    assert_eq!(originals(&third, "brand new"), before);
}

#[test]
fn restoring_into_a_wallet_merges_without_duplicates() {
    let home = tempfile::tempdir().unwrap();
    let (a, b) = (home.path().join("a"), home.path().join("b"));
    wallet_with(&a, "same", &home.path().join("in-a"), 0..10);
    wallet_with(&b, "other", &home.path().join("in-b"), 5..15);
    let file = home.path().join("a.backup");
    backup(&a, "same", &file);

    // The wallet's passphrase does not open this backup; no terminal to ask in.
    let refused = cairn(&b)
        .arg("restore")
        .arg(&file)
        .env("CAIRN_PASSPHRASE", "other")
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(3));

    let merge = || {
        ok(cairn(&b)
            .args(["restore", "--json"])
            .arg(&file)
            .env("CAIRN_PASSPHRASE", "other")
            .env("CAIRN_BACKUP_PASSPHRASE", "same")
            .output()
            .unwrap())
    };
    let merged = merge();
    assert_eq!(merged["restored"], "merged");
    // 10 + the baked badge in the backup; 5 of the JSON ones and the badge were here.
    assert_eq!(merged["credentials"]["added"], 5);
    assert_eq!(merged["credentials"]["already"], 6);

    let all = originals(&b, "other");
    assert_eq!(all.len(), 16);
    for (id, bytes) in originals(&a, "same") {
        assert_eq!(all.get(&id), Some(&bytes), "{id}");
    }

    let again = merge();
    assert_eq!(again["credentials"]["added"], 0);
    assert_eq!(originals(&b, "other").len(), 16);
}

#[test]
fn a_refused_restore_changes_no_file() {
    let home = tempfile::tempdir().unwrap();
    let (a, b, fresh) = (
        home.path().join("a"),
        home.path().join("b"),
        home.path().join("fresh"),
    );
    wallet_with(&a, "pw", &home.path().join("in-a"), 0..4);
    wallet_with(&b, "pw", &home.path().join("in-b"), 10..12);
    let file = home.path().join("a.backup");
    backup(&a, "pw", &file);
    let good = std::fs::read(&file).unwrap();

    let mut truncated = good.clone();
    truncated.truncate(good.len() - 100);
    let mut flipped = good.clone();
    let middle = good.len() / 2;
    flipped[middle] ^= 0x01;
    let mut trailing = good.clone();
    trailing.extend_from_slice(b"more");
    let cases: [(&str, Vec<u8>, &str, Option<i32>); 6] = [
        ("wrong passphrase", good.clone(), "does not unlock", Some(3)),
        ("truncated", truncated, "ends 100 bytes too early", Some(2)),
        ("one bit flipped", flipped, "authentication code", Some(2)),
        ("bytes appended", trailing, "unexpected bytes", Some(2)),
        (
            "not a backup",
            b"{\"hello\": 1}".to_vec(),
            "not a Cairn backup",
            Some(2),
        ),
        ("empty", Vec::new(), "not a Cairn backup", Some(2)),
    ];
    for (what, bytes, message, code) in cases {
        let candidate = home.path().join("candidate");
        std::fs::write(&candidate, &bytes).unwrap();
        let passphrase = if what == "wrong passphrase" {
            "nope"
        } else {
            "pw"
        };
        for target in [&b, &fresh] {
            let before = snapshot(home.path());
            let out = cairn(target)
                .arg("restore")
                .arg(&candidate)
                .env("CAIRN_PASSPHRASE", "pw")
                .env("CAIRN_BACKUP_PASSPHRASE", passphrase)
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), code, "{what}: {stderr}");
            assert!(stderr.contains(message), "{what}: {stderr}");
            assert_eq!(snapshot(home.path()), before, "{what}: a file changed");
            assert!(!fresh.exists(), "{what}: no wallet folder was made");
        }
    }
    // The good file still restores after all that.
    ok(cairn(&fresh)
        .args(["restore", "--json"])
        .arg(&file)
        .env("CAIRN_PASSPHRASE", "pw")
        .output()
        .unwrap());
    assert_eq!(originals(&fresh, "pw"), originals(&a, "pw"));
}
