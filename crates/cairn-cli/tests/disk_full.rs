//! A disk that fills up during `cairn import` and `cairn backup`: a clear error, and
//! nothing committed before is lost. The full disk is a size-limited tmpfs mounted for
//! the test (root only; without the right to mount, the test says so and skips).

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const PASS: &str = "disk full";

/// A tmpfs of `size` mounted at a fresh directory, unmounted on drop.
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    fn mount(size: &str) -> Option<Tmpfs> {
        let dir = tempfile::tempdir().unwrap();
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .output();
        match out {
            Ok(out) if out.status.success() => Some(Tmpfs { dir }),
            Ok(out) => {
                eprintln!(
                    "SKIPPED: cannot mount a tmpfs here ({}); run as root to test a full disk",
                    String::from_utf8_lossy(&out.stderr).trim()
                );
                None
            }
            Err(e) => {
                eprintln!("SKIPPED: no mount command ({e})");
                None
            }
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Frees the disk the way a learner would: more room.
    fn grow(&self, size: &str) {
        let ok = Command::new("mount")
            .args(["-o", &format!("remount,size={size}")])
            .arg(self.path())
            .status()
            .unwrap()
            .success();
        assert!(ok, "remount");
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

fn cairn(wallet: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cairn"));
    cmd.env("CAIRN_WALLET", wallet)
        .env("CAIRN_PASSPHRASE", PASS)
        .stdin(Stdio::null());
    cmd
}

fn ok(out: Output) -> Output {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A folder of `n` distinct signed-vector credentials (each a different id, so each
/// is stored; the proof fails, which never keeps a credential out).
fn inbox(n: std::ops::Range<usize>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let base: serde_json::Value = serde_json::from_slice(
        &std::fs::read(support::vectors().join("dbjs-signed/eddsa-rdfc-2022.json")).unwrap(),
    )
    .unwrap();
    for i in n {
        let mut doc = base.clone();
        doc["id"] = serde_json::json!(format!("urn:uuid:disk-full-{i}"));
        // Padding that compresses badly, so the store grows quickly.
        doc["description"] = serde_json::json!(format!("{i:08} {}", "x7Qz".repeat(400 + i % 97)));
        std::fs::write(
            dir.path().join(format!("{i}.json")),
            serde_json::to_vec(&doc).unwrap(),
        )
        .unwrap();
    }
    dir
}

fn ids(wallet: &Path) -> Vec<String> {
    let out = ok(cairn(wallet).args(["list", "--json"]).output().unwrap());
    let listed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut ids: Vec<String> = listed["credentials"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    ids
}

fn says_disk_is_full(out: &Output) -> bool {
    let stderr = String::from_utf8_lossy(&out.stderr).to_lowercase();
    stderr.contains("no space left") || stderr.contains("disk is full") || stderr.contains("full")
}

#[test]
fn a_disk_that_fills_up_during_import_loses_nothing_committed() {
    let Some(disk) = Tmpfs::mount("6m") else {
        return;
    };
    let wallet = disk.path().join("wallet");
    ok(cairn(&wallet).arg("init").output().unwrap());
    let first = inbox(0..20);
    ok(cairn(&wallet)
        .args(["import", "--offline"])
        .arg(first.path())
        .output()
        .unwrap());
    let before = ids(&wallet);
    assert_eq!(before.len(), 20);

    let flood = inbox(1000..4000);
    let out = cairn(&wallet)
        .args(["import", "--offline"])
        .arg(flood.path())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "the import should have hit the full disk: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        says_disk_is_full(&out),
        "unclear error: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("panicked"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    disk.grow("64m");
    let after = ids(&wallet);
    for id in &before {
        assert!(after.contains(id), "{id} was lost");
    }
    // Batches committed before the disk filled are whole; the wallet is consistent.
    ok(cairn(&wallet)
        .args(["import", "--offline"])
        .arg(first.path())
        .output()
        .unwrap());
    assert_eq!(ids(&wallet), after);
}

#[test]
fn a_disk_that_fills_up_during_backup_leaves_no_partial_backup() {
    let home = tempfile::tempdir().unwrap();
    let wallet: PathBuf = home.path().join("wallet");
    ok(cairn(&wallet).arg("init").output().unwrap());
    let credentials = inbox(0..600);
    ok(cairn(&wallet)
        .args(["import", "--offline"])
        .arg(credentials.path())
        .output()
        .unwrap());
    let before = ids(&wallet);
    let Some(disk) = Tmpfs::mount("1m") else {
        return;
    };

    let target = disk.path().join("wallet.cairnbackup");
    let out = cairn(&wallet).arg("backup").arg(&target).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        says_disk_is_full(&out),
        "unclear error: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let left: Vec<_> = std::fs::read_dir(disk.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(left.is_empty(), "a partial backup was left: {left:?}");
    assert_eq!(ids(&wallet), before, "the wallet changed");

    disk.grow("64m");
    ok(cairn(&wallet).arg("backup").arg(&target).output().unwrap());
    let restored = home.path().join("restored");
    ok(cairn(&restored)
        .arg("restore")
        .arg(&target)
        .output()
        .unwrap());
    assert_eq!(ids(&restored), before);
}
