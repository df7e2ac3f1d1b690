//! Crash safety beyond import: `cairn restore` (merging and installing), `cairn backup`
//! and `cairn passphrase change` killed with SIGKILL at random moments, 50 times each.
//! After every kill the wallet opens and is intact, and holds the state from before
//! the command or after it, never one in between.

mod support;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use cairn_core::store::{Backup, BackupSecret, Passphrase, StoreError, Wallet};
use cairn_core::wallet::WalletLocation;

const TRIALS: usize = 50;
const PASS: &str = "crash test";

fn cairn(wallet: &Path, passphrase: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cairn"));
    cmd.env("CAIRN_WALLET", wallet)
        .env("CAIRN_PASSPHRASE", passphrase)
        .env_remove("CAIRN_NEW_PASSPHRASE")
        .env_remove("CAIRN_BACKUP_PASSPHRASE")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

/// Runs to completion; how long it took in milliseconds.
fn timed(mut cmd: Command) -> u64 {
    let started = Instant::now();
    assert!(cmd.status().unwrap().success());
    started.elapsed().as_millis().max(20) as u64
}

/// Starts the command and SIGKILLs it after `ms`; whether it was still running.
fn kill_after(mut cmd: Command, ms: u64) -> bool {
    let mut child = cmd.spawn().unwrap();
    std::thread::sleep(Duration::from_millis(ms));
    let running = child.try_wait().unwrap().is_none();
    if running {
        child.kill().unwrap();
    }
    child.wait().unwrap();
    running
}

/// A wallet at `dir` with credentials `range`.
fn wallet_with(dir: &Path, range: std::ops::Range<usize>) {
    let inbox = tempfile::tempdir().unwrap();
    let base: serde_json::Value = serde_json::from_slice(
        &std::fs::read(support::vectors().join("dbjs-signed/eddsa-rdfc-2022.json")).unwrap(),
    )
    .unwrap();
    for i in range {
        let mut doc = base.clone();
        doc["id"] = serde_json::json!(format!("urn:uuid:crash-backup-{i}"));
        std::fs::write(
            inbox.path().join(format!("{i}.json")),
            serde_json::to_vec(&doc).unwrap(),
        )
        .unwrap();
    }
    timed({
        let mut c = cairn(dir, PASS);
        c.arg("init");
        c
    });
    timed({
        let mut c = cairn(dir, PASS);
        c.arg("import").arg(inbox.path());
        c
    });
}

/// Opens (with `passphrase`), checks integrity, counts credentials.
fn count(dir: &Path, passphrase: &str) -> Result<usize, StoreError> {
    let wallet = Wallet::open(
        &WalletLocation::at(dir).unwrap(),
        &Passphrase::new(passphrase.into()),
    )?;
    wallet.check_integrity()?;
    Ok(wallet.credential_count()? as usize)
}

fn copy_dir(from: &Path, to: &Path) {
    let _ = std::fs::remove_dir_all(to);
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
    }
}

fn restore(wallet: &Path, file: &Path) -> Command {
    let mut c = cairn(wallet, PASS);
    c.arg("restore").arg(file);
    c
}

#[test]
fn sigkill_during_restore_leaves_the_wallet_before_or_after() {
    let home = tempfile::tempdir().unwrap();
    let (a, b, work) = (
        home.path().join("a"),
        home.path().join("b"),
        home.path().join("work"),
    );
    wallet_with(&a, 0..400);
    wallet_with(&b, 1000..1100);
    let file = home.path().join("a.backup");
    timed({
        let mut c = cairn(&a, PASS);
        c.arg("backup").arg(&file);
        c
    });
    copy_dir(&b, &work);
    let merge_ms = timed(restore(&work, &file));
    let install_ms = timed(restore(&home.path().join("probe"), &file));

    let mut jitter = support::Jitter::from_clock();
    let seed = jitter.seed();
    println!("kill-time seed {seed}; merge {merge_ms} ms, install {install_ms} ms");
    let mut kills = 0;
    for trial in 0..TRIALS {
        if trial % 2 == 0 {
            copy_dir(&b, &work);
            kills += usize::from(kill_after(restore(&work, &file), jitter.next() % merge_ms));
            let now = count(&work, PASS).unwrap();
            assert!(
                now == 100 || now == 500,
                "trial {trial} (seed {seed}): {now} credentials, neither before nor after"
            );
        } else {
            let target = home.path().join(format!("fresh-{trial}"));
            kills += usize::from(kill_after(
                restore(&target, &file),
                jitter.next() % install_ms,
            ));
            if WalletLocation::at(&target).unwrap().exists() {
                assert_eq!(
                    count(&target, PASS).unwrap(),
                    400,
                    "trial {trial} (seed {seed})"
                );
            }
            // Whatever the kill left, restoring again completes.
            timed(restore(&target, &file));
            assert_eq!(
                count(&target, PASS).unwrap(),
                400,
                "trial {trial} (seed {seed})"
            );
        }
    }
    assert!(
        kills >= TRIALS / 2,
        "only {kills} of {TRIALS} restores were killed"
    );
}

#[test]
fn sigkill_during_backup_never_leaves_a_partial_backup() {
    let home = tempfile::tempdir().unwrap();
    let wallet = home.path().join("w");
    wallet_with(&wallet, 0..400);
    let file = home.path().join("w.backup");
    let backup = || {
        let mut c = cairn(&wallet, PASS);
        c.arg("backup").arg(&file);
        c
    };
    let full = timed(backup());
    std::fs::remove_file(&file).unwrap();

    let mut jitter = support::Jitter::from_clock();
    let seed = jitter.seed();
    println!("kill-time seed {seed}; backup {full} ms");
    let mut kills = 0;
    for trial in 0..TRIALS {
        kills += usize::from(kill_after(backup(), jitter.next() % full));
        assert_eq!(
            count(&wallet, PASS).unwrap(),
            400,
            "trial {trial} (seed {seed})"
        );
        if file.exists() {
            // The file at its name is always a whole, verified backup.
            Backup::unlock(
                &file,
                BackupSecret::Passphrase(&Passphrase::new(PASS.into())),
            )
            .unwrap_or_else(|e| panic!("trial {trial} (seed {seed}): {e}"));
        }
    }
    assert!(
        kills >= TRIALS / 2,
        "only {kills} of {TRIALS} backups were killed"
    );

    // A backup allowed to finish cleans up after the killed ones.
    timed(backup());
    let mut left: Vec<String> = std::fs::read_dir(home.path())
        .unwrap()
        .chain(std::fs::read_dir(&wallet).unwrap())
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["w", "w.backup", "wallet.db", "wallet.keys"]);
}

#[test]
fn sigkill_during_passphrase_change_leaves_exactly_one_passphrase_working() {
    let home = tempfile::tempdir().unwrap();
    let wallet = home.path().join("w");
    wallet_with(&wallet, 0..20);
    let change = |old: &str, new: &str| {
        let mut c = cairn(&wallet, old);
        c.args(["passphrase", "change"])
            .env("CAIRN_NEW_PASSPHRASE", new);
        c
    };
    let full = timed(change(PASS, "p0"));

    let mut jitter = support::Jitter::from_clock();
    let seed = jitter.seed();
    println!("kill-time seed {seed}; passphrase change {full} ms");
    let mut current = "p0".to_owned();
    let mut kills = 0;
    for trial in 0..TRIALS {
        let next = format!("p{}", trial + 1);
        kills += usize::from(kill_after(change(&current, &next), jitter.next() % full));
        let old = count(&wallet, &current);
        let new = count(&wallet, &next);
        match (old, new) {
            (Ok(20), Err(StoreError::WrongPassphrase)) => {}
            (Err(StoreError::WrongPassphrase), Ok(20)) => current = next,
            (old, new) => panic!("trial {trial} (seed {seed}): old {old:?}, new {new:?}"),
        }
    }
    assert!(
        kills >= TRIALS / 2,
        "only {kills} of {TRIALS} changes were killed"
    );
}
