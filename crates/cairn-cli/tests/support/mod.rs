//! Helpers shared by the CLI's integration tests (each test file uses some of them).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The public test vectors: `../shared/vectors` beside the repository, found by
/// walking up from this crate.
pub fn vectors() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|d| d.join("shared/vectors"))
        .find(|d| d.is_dir())
        .expect("../shared/vectors beside the repository")
}

/// The real `cairn` binary on the wallet at `wallet`: the passphrase in the
/// environment (never an argument), no standard input, no `RUST_LOG` of the caller's.
pub fn cairn(wallet: &Path, passphrase: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cairn"));
    cmd.env("CAIRN_WALLET", wallet)
        .env("CAIRN_PASSPHRASE", passphrase)
        .env_remove("RUST_LOG")
        .stdin(Stdio::null());
    cmd
}

/// A new wallet at `wallet` under `passphrase` (`cairn init --json`); panics with what
/// the CLI said unless it succeeds. Returns its JSON (the recovery code is in it).
pub fn init_wallet(wallet: &Path, passphrase: &str) -> serde_json::Value {
    let out = cairn(wallet, passphrase)
        .args(["init", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "cairn init: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("init --json prints JSON")
}

/// A small xorshift generator seeded from the clock, for kill times: they differ per
/// run, and the seed is printed so a failure can be replayed.
pub struct Jitter(u64, u64);

impl Jitter {
    pub fn from_clock() -> Self {
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::SystemTime::UNIX_EPOCH)
            .unwrap()
            .as_nanos() as u64
            | 1;
        Jitter(seed, seed)
    }

    pub fn seed(&self) -> u64 {
        self.1
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}
