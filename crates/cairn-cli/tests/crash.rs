//! Crash safety: `cairn import` killed with SIGKILL at random moments, 50 times. After
//! every kill the wallet opens with its passphrase, passes SQLite's integrity check,
//! and holds at least everything it held before (committed batches are never lost).

mod support;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use cairn_core::store::{Passphrase, Wallet};
use cairn_core::wallet::WalletLocation;

const TRIALS: usize = 50;
const CREDENTIALS: usize = 700;

fn cairn(wallet: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cairn"));
    cmd.env("CAIRN_WALLET", wallet)
        .env("CAIRN_PASSPHRASE", "crash test")
        .env_remove("CAIRN_NEW_PASSPHRASE");
    cmd
}

/// Runs `cairn ARGS…` on `wallet` to completion, quietly; whether it succeeded.
fn succeeds(wallet: &Path, args: &[&std::ffi::OsStr]) -> bool {
    cairn(wallet)
        .args(args)
        .stdout(Stdio::null())
        .status()
        .unwrap()
        .success()
}

fn count(wallet: &Path) -> usize {
    let location = WalletLocation::at(wallet).unwrap();
    let opened = Wallet::open(&location, &Passphrase::new("crash test".into()))
        .expect("the wallet opens after a kill");
    opened
        .check_integrity()
        .expect("the database is intact after a kill");
    opened.credential_count().unwrap() as usize
}

#[test]
fn sigkill_during_import_never_loses_committed_credentials() {
    let wallet = tempfile::tempdir().unwrap();
    let inbox = tempfile::tempdir().unwrap();
    assert!(succeeds(wallet.path(), &["init".as_ref()]));

    // Distinct credentials (each a different id, so a different content hash).
    let base: serde_json::Value = serde_json::from_slice(
        &std::fs::read(support::vectors().join("dbjs-signed/eddsa-rdfc-2022.json")).unwrap(),
    )
    .unwrap();
    for i in 0..CREDENTIALS {
        let mut doc = base.clone();
        doc["id"] = serde_json::json!(format!("urn:uuid:00000000-0000-4000-8000-{i:012}"));
        std::fs::write(
            inbox.path().join(format!("{i:04}.json")),
            serde_json::to_vec(&doc).unwrap(),
        )
        .unwrap();
    }

    // How long an uninterrupted import takes here bounds the kill times.
    let probe = tempfile::tempdir().unwrap();
    assert!(succeeds(probe.path(), &["init".as_ref()]));
    let started = Instant::now();
    assert!(succeeds(
        probe.path(),
        &["import".as_ref(), inbox.path().as_os_str()]
    ));
    let full = started.elapsed().as_millis().max(50) as u64;

    let mut jitter = support::Jitter::from_clock();
    let seed = jitter.seed();
    println!("kill-time seed {seed}, full import {full} ms");
    let mut held = 0;
    let mut kills = 0;
    for trial in 0..TRIALS {
        let mut child = cairn(wallet.path())
            .arg("import")
            .arg(inbox.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(jitter.next() % full));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL on Unix: no chance to clean up
            kills += 1;
        }
        child.wait().unwrap();
        let now = count(wallet.path());
        assert!(
            now >= held,
            "trial {trial} (seed {seed}): {held} credentials before the kill, {now} after"
        );
        held = now;
    }
    assert!(
        kills >= TRIALS / 2,
        "only {kills} of {TRIALS} imports were still running when killed"
    );

    // Finally an import that is allowed to finish brings in the rest, once each.
    assert!(succeeds(
        wallet.path(),
        &["import".as_ref(), inbox.path().as_os_str()]
    ));
    assert_eq!(count(wallet.path()), CREDENTIALS);
}
