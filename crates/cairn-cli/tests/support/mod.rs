//! Helpers shared by the CLI's integration tests.

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
