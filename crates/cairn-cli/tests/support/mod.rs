//! Helpers shared by the CLI's integration tests (each test file uses some of them).
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The public test vectors: `../shared/vectors` beside the repository, found by
/// walking up from this crate.
pub fn vectors() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|d| d.join("shared/vectors"))
        .find(|d| d.is_dir())
        .expect("../shared/vectors beside the repository")
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
