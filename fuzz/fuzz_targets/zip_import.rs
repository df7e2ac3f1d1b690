//! Zip import (`import::archive`): the bytes as a `.zip` file given to `cairn import`,
//! listed and each entry read into memory the way an import reads it (never
//! extracted; bounded in count, size, total and ratio).
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use cairn_core::import;
use libfuzzer_sys::fuzz_target;

/// One file rewritten per input: its directory lives as long as the process.
fn path() -> &'static PathBuf {
    static DIR: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("export.zip");
        (dir, path)
    });
    path
}

fuzz_target!(|data: &[u8]| {
    let path = path();
    std::fs::write(path, data).expect("write the archive");
    let (sources, _problems) = import::gather(std::slice::from_ref(path));
    for (source, read) in sources.iter().zip(import::read_sources(&sources)) {
        // An entry names a path only as a label; nothing is ever written from it.
        if let import::Source::ZipEntry { label, .. } = source {
            assert!(label.starts_with(&*path.to_string_lossy()));
        }
        if let Ok(bytes) = read {
            let _ = cairn_core::credential::parse(&bytes);
        }
    }
});
