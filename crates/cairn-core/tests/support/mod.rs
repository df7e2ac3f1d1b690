//! Helpers shared by cairn-core's integration tests.

use std::path::{Path, PathBuf};

/// The public test vectors: `../shared/vectors` beside the repository (CI checks the
/// repository out with `shared/` next to it). Found by walking up from this crate.
pub fn vectors_dir() -> PathBuf {
    let start = Path::new(env!("CARGO_MANIFEST_DIR"));
    start
        .ancestors()
        .map(|dir| dir.join("shared").join("vectors"))
        .find(|candidate| candidate.is_dir())
        .unwrap_or_else(|| {
            panic!(
                "no shared/vectors directory in {} or any parent: check out the shared/ folder beside the repository",
                start.display()
            )
        })
}

/// A check status in the words of the expectation files.
#[allow(dead_code)]
pub fn word(status: cairn_core::verify::CheckStatus) -> &'static str {
    use cairn_core::verify::CheckStatus;
    match status {
        CheckStatus::Pass => "pass",
        CheckStatus::Fail => "fail",
        CheckStatus::Warn => "warn",
        CheckStatus::Unknown => "unknown",
        CheckStatus::Skip => "skip",
    }
}
