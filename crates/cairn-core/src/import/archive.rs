//! Zip archives (a Credly or Badgr export, a folder a learner zipped): entries are read
//! into memory, never extracted, so an entry's name is only ever a label and a name
//! like `../../.bashrc` reaches nothing. Archives inside archives are not opened.
//!
//! An archive is untrusted: the number of entries, each entry's size, the total, and
//! the compression ratio (a zip bomb inflates a few kilobytes into gigabytes) are
//! bounded from the central directory before anything is inflated, and again while
//! reading, since a header can lie about sizes.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::{EXTENSIONS, ImportItem, MAX_FILE_BYTES, Outcome, Source};

/// More entries than a learner's export plausibly has; refused whole beyond it.
pub(crate) const MAX_ENTRIES: usize = 20_000;
/// The sum of the uncompressed sizes of the entries read from one archive.
pub(crate) const MAX_TOTAL_BYTES: u64 = 512 * 1024 * 1024;
/// JSON credentials compress about 5:1 and images hardly at all; 100:1 is a bomb.
pub(crate) const MAX_RATIO: u64 = 100;

/// Whether a path names a zip archive (by extension, as a folder walk decides).
pub(crate) fn is_zip(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
}

fn problem(source: String, reason: impl Into<String>) -> ImportItem {
    ImportItem {
        source,
        outcome: Outcome::Error {
            reason: reason.into(),
        },
    }
}

/// An entry's name as shown in reports: control characters replaced, length clipped.
fn label(archive: &Path, name: &str) -> String {
    let clean: String = name
        .chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect();
    format!("{}!/{}", archive.display(), crate::quote::clip(&clean))
}

/// Lists the credential entries of an archive as sources; what is refused becomes a
/// problem (an entry, or the whole archive when its directory already exceeds a bound).
pub(crate) fn list(path: &Path, sources: &mut Vec<Source>, problems: &mut Vec<ImportItem>) {
    let whole = || path.display().to_string();
    let mut archive = match File::open(path).map_err(|e| e.to_string()).and_then(|f| {
        zip::ZipArchive::new(f).map_err(|e| format!("not a readable zip archive ({e})"))
    }) {
        Ok(archive) => archive,
        Err(reason) => return problems.push(problem(whole(), reason)),
    };
    if archive.len() > MAX_ENTRIES {
        return problems.push(problem(
            whole(),
            format!(
                "{} entries; an archive may hold at most {MAX_ENTRIES}",
                archive.len()
            ),
        ));
    }
    let mut total: u64 = 0;
    let mut found = Vec::new();
    for index in 0..archive.len() {
        // `by_index_raw` reads the entry's header only; nothing is inflated here.
        let entry = match archive.by_index_raw(index) {
            Ok(entry) => entry,
            Err(err) => {
                problems.push(problem(
                    format!("{} entry {index}", whole()),
                    format!("unreadable ({err})"),
                ));
                continue;
            }
        };
        // A name that is not UTF-8 is still a usable label.
        let name = entry
            .name()
            .map(|n| n.into_owned())
            .unwrap_or_else(|_| String::from_utf8_lossy(entry.name_raw()).into_owned());
        if entry.is_dir() || skipped(&name) {
            continue;
        }
        let shown = label(path, &name);
        let extension = name
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        if extension == "zip" {
            problems.push(problem(shown, "archives inside archives are not opened"));
            continue;
        }
        if !EXTENSIONS.contains(&extension.as_str()) {
            continue;
        }
        let (size, packed) = (entry.size(), entry.compressed_size());
        if entry.encrypted() {
            problems.push(problem(shown, "the entry is encrypted"));
        } else if size > MAX_FILE_BYTES {
            problems.push(problem(
                shown,
                format!("larger than {MAX_FILE_BYTES} bytes; not a credential"),
            ));
        } else if size > packed.max(1).saturating_mul(MAX_RATIO) {
            problems.push(problem(
                shown,
                format!(
                    "compressed more than {MAX_RATIO}:1 ({packed} bytes inflate to {size}); refused as a possible zip bomb"
                ),
            ));
        } else if total + size > MAX_TOTAL_BYTES {
            problems.push(problem(
                whole(),
                format!("more than {MAX_TOTAL_BYTES} bytes uncompressed; the rest was not read"),
            ));
            break;
        } else {
            total += size;
            found.push(Source::ZipEntry {
                archive: path.to_path_buf(),
                index,
                size,
                label: shown,
            });
        }
    }
    sources.extend(found);
}

/// macOS resource forks and hidden files, as a folder walk skips them. (`..` is not
/// hidden: it is only part of a label here.)
fn skipped(name: &str) -> bool {
    name.split(['/', '\\'])
        .any(|part| (part.starts_with('.') && part != "." && part != "..") || part == "__MACOSX")
}

/// Reads entries one after another, keeping the last archive open (entries of one
/// archive are consecutive), so a large export is not re-opened per entry.
#[derive(Default)]
pub(crate) struct Reader {
    open: Option<(PathBuf, zip::ZipArchive<File>)>,
}

impl Reader {
    pub(crate) fn read(
        &mut self,
        archive: &Path,
        index: usize,
        size: u64,
    ) -> Result<Vec<u8>, String> {
        if self.open.as_ref().is_none_or(|(p, _)| p != archive) {
            let file = File::open(archive).map_err(|e| e.to_string())?;
            let zip = zip::ZipArchive::new(file)
                .map_err(|e| format!("not a readable zip archive ({e})"))?;
            self.open = Some((archive.to_path_buf(), zip));
        }
        let (_, zip) = self.open.as_mut().expect("opened above");
        let entry = zip.by_index(index).map_err(|e| e.to_string())?;
        // The listing bounded the declared size; a header that lies is caught here.
        let limit = size.min(MAX_FILE_BYTES);
        let mut bytes = Vec::with_capacity(usize::try_from(limit).unwrap_or(0));
        entry
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("could not be inflated ({e})"))?;
        if bytes.len() as u64 > limit {
            return Err("inflates to more than its header declares; refused".into());
        }
        Ok(bytes)
    }
}
