//! Bringing credentials into the wallet: gather sources (files, folders, zip
//! archives, stdin), verify them on every core, store each with its report.
//!
//! A credential is stored even when a check fails — the learner decides (DESIGN §3)
//! — but bytes that are not a credential at all are reported, not stored. Sources
//! are untrusted: sizes, counts and folder depth are bounded, and symbolic links
//! are not followed out of the folder being imported.

mod archive;

use std::path::{Path, PathBuf};

use crate::credential::{self, Envelope, MAX_CREDENTIAL_BYTES};
use crate::store::{StoreError, Wallet};
use crate::verify::Verifier;

/// File extensions a folder import picks up.
const EXTENSIONS: [&str; 5] = ["json", "jsonld", "jwt", "png", "svg"];
/// A baked image may be larger than its credential.
const MAX_FILE_BYTES: u64 = 4 * MAX_CREDENTIAL_BYTES as u64;
/// At most this many files from one import (a learner's whole history fits easily).
pub const MAX_ITEMS: usize = 100_000;
const MAX_DEPTH: usize = 32;
/// Items verified and stored together: one transaction each, so a crash loses at
/// most the batch in flight and never half of one.
const BATCH: usize = 256;

/// One thing to import.
#[derive(Debug, Clone)]
pub enum Source {
    File(PathBuf),
    /// Bytes already read (stdin, pasted text), with a label for reports.
    Bytes {
        label: String,
        bytes: Vec<u8>,
    },
    /// An entry of a zip archive, read into memory when its batch comes (never
    /// extracted); `size` is what the archive declares, already bounded.
    ZipEntry {
        archive: PathBuf,
        index: usize,
        size: u64,
        label: String,
    },
}

impl Source {
    pub fn label(&self) -> String {
        match self {
            Source::File(path) => path.display().to_string(),
            Source::Bytes { label, .. } | Source::ZipEntry { label, .. } => label.clone(),
        }
    }
}

/// What became of one source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Imported {
        id: String,
    },
    /// Already in the wallet: the same credential (by content), maybe from another file.
    Duplicate {
        id: String,
    },
    Error {
        reason: String,
    },
}

#[derive(Debug, Clone)]
pub struct ImportItem {
    pub source: String,
    pub outcome: Outcome,
}

/// Expands paths into the files to import: a file as given (any extension), a zip
/// archive into its credential entries, a folder recursively (known extensions and
/// zip archives only, hidden entries skipped, in name order).
pub fn gather(paths: &[PathBuf]) -> (Vec<Source>, Vec<ImportItem>) {
    let mut sources = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, 0, &mut sources, &mut problems);
        } else if archive::is_zip(path) {
            archive::list(path, &mut sources, &mut problems);
        } else {
            sources.push(Source::File(path.clone()));
        }
    }
    if sources.len() > MAX_ITEMS {
        problems.push(ImportItem {
            source: format!("{} more files", sources.len() - MAX_ITEMS),
            outcome: Outcome::Error {
                reason: format!("one import takes at most {MAX_ITEMS} files"),
            },
        });
        sources.truncate(MAX_ITEMS);
    }
    (sources, problems)
}

fn walk(dir: &Path, depth: usize, out: &mut Vec<Source>, problems: &mut Vec<ImportItem>) {
    if depth > MAX_DEPTH || out.len() > MAX_ITEMS {
        problems.push(ImportItem {
            source: dir.display().to_string(),
            outcome: Outcome::Error {
                reason: format!("folders nested deeper than {MAX_DEPTH} levels are not read"),
            },
        });
        return;
    }
    let mut entries: Vec<_> = match std::fs::read_dir(dir) {
        Ok(entries) => entries.filter_map(Result::ok).collect(),
        Err(err) => {
            problems.push(ImportItem {
                source: dir.display().to_string(),
                outcome: Outcome::Error {
                    reason: err.to_string(),
                },
            });
            return;
        }
    };
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        // symlink_metadata: a link is never followed, so a folder cannot loop or
        // reach outside itself.
        let Ok(meta) = entry.path().symlink_metadata() else {
            continue;
        };
        let path = entry.path();
        if meta.is_dir() {
            walk(&path, depth + 1, out, problems);
        } else if meta.is_file() && archive::is_zip(&path) {
            archive::list(&path, out, problems);
        } else if meta.is_file()
            && path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        {
            out.push(Source::File(path));
        }
    }
}

/// The bytes of each source, read exactly as [`import`] reads them (files and zip
/// entries bounded, archives never extracted), without a wallet: for callers that
/// only inspect or verify, and the zip fuzz target.
pub fn read_sources(sources: &[Source]) -> Vec<Result<Vec<u8>, String>> {
    let mut archives = archive::Reader::default();
    sources.iter().map(|s| read(s, &mut archives)).collect()
}

fn read(source: &Source, archives: &mut archive::Reader) -> Result<Vec<u8>, String> {
    match source {
        Source::Bytes { bytes, .. } => Ok(bytes.clone()),
        Source::ZipEntry {
            archive,
            index,
            size,
            ..
        } => archives.read(archive, *index, *size),
        Source::File(path) => {
            use std::io::Read;
            let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
            let mut bytes = Vec::new();
            file.take(MAX_FILE_BYTES + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| e.to_string())?;
            if bytes.len() as u64 > MAX_FILE_BYTES {
                return Err(format!(
                    "larger than {MAX_FILE_BYTES} bytes; not a credential"
                ));
            }
            Ok(bytes)
        }
    }
}

/// The identity of a credential's content, the same however it was delivered (a JSON
/// file or baked in an image): SHA-256 of the JCS form of a JSON credential, or of a
/// compact JWS as issued.
pub(crate) fn content_hash(parsed: &credential::Parsed) -> Option<String> {
    use sha2::{Digest, Sha256};
    let canonical: Vec<u8> = match &parsed.envelope {
        Envelope::JsonLd(doc) => crate::canon::jcs(doc).ok()?,
        Envelope::Jwt { jws, .. } | Envelope::Ob2Signed { jws, .. } => {
            jws.compact().as_bytes().to_vec()
        }
        Envelope::Ob2Hosted { url, assertion } => match assertion {
            Some(doc) => crate::canon::jcs(doc).ok()?,
            None => url.as_bytes().to_vec(),
        },
    };
    Some(
        Sha256::digest(&canonical)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
    )
}

/// Imports every source: verified in batches on all cores, each batch stored in one
/// transaction. `progress(done, total)` is called after each batch.
pub fn import(
    wallet: &mut Wallet,
    sources: &[Source],
    verifier: &Verifier,
    mut progress: impl FnMut(usize, usize),
) -> Result<Vec<ImportItem>, StoreError> {
    let mut items = Vec::with_capacity(sources.len());
    let total = sources.len();
    let mut archives = archive::Reader::default();
    for batch in sources.chunks(BATCH) {
        let read: Vec<Result<Vec<u8>, String>> =
            batch.iter().map(|s| read(s, &mut archives)).collect();
        let readable: Vec<&[u8]> = read.iter().filter_map(|r| r.as_deref().ok()).collect();
        let mut verified = verifier.verify_batch(&readable).into_iter();
        let mut to_store = Vec::new();
        let mut outcomes: Vec<Option<Outcome>> = Vec::with_capacity(batch.len());
        for (source, bytes) in batch.iter().zip(&read) {
            let bytes = match bytes {
                Ok(bytes) => bytes,
                Err(reason) => {
                    outcomes.push(Some(Outcome::Error {
                        reason: reason.clone(),
                    }));
                    continue;
                }
            };
            let report = verified.next().expect("one report per readable item");
            let outcome = match report {
                Err(err) => Some(Outcome::Error {
                    reason: err.to_string(),
                }),
                Ok(report) => match credential::parse(bytes)
                    .ok()
                    .as_ref()
                    .and_then(content_hash)
                {
                    None => Some(Outcome::Error {
                        reason: "its content could not be fingerprinted".into(),
                    }),
                    Some(hash) => {
                        to_store.push(crate::store::NewCredential {
                            original: bytes.clone(),
                            content_hash: hash,
                            source: source.label(),
                            report,
                        });
                        None
                    }
                },
            };
            outcomes.push(outcome);
        }
        let mut stored = wallet.store(&to_store)?.into_iter();
        for (source, outcome) in batch.iter().zip(outcomes) {
            let outcome = match outcome {
                Some(outcome) => outcome,
                None => match stored.next().expect("one result per stored item") {
                    (id, true) => Outcome::Imported { id },
                    (id, false) => Outcome::Duplicate { id },
                },
            };
            items.push(ImportItem {
                source: source.label(),
                outcome,
            });
        }
        progress(items.len(), total);
    }
    let added = items
        .iter()
        .filter(|i| matches!(i.outcome, Outcome::Imported { .. }))
        .count();
    if added >= BATCH {
        wallet.optimize_search()?;
    }
    Ok(items)
}
