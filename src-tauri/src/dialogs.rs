//! Native open and save dialogs, run from Rust so the webview never gets to choose
//! paths to write: it asks for "save this credential", and the learner picks where.
//!
//! WebDriver cannot operate a native dialog, so debug builds (the ones the
//! end-to-end tests drive) answer from `CAIRN_E2E_PICK` (paths to open, separated
//! by the OS path separator) and `CAIRN_E2E_SAVE_DIR` (a folder to save into under
//! the suggested name) when they are set. Release builds have no such door.

use std::path::{Path, PathBuf};

use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;

use crate::CommandError;

/// What the open dialog lets the learner choose.
#[derive(Debug, Clone, Copy)]
pub enum Pick {
    Files,
    Folders,
}

/// Asks for files or folders to import; `None` when the learner cancels.
pub fn pick<R: Runtime>(app: &AppHandle<R>, what: Pick) -> Option<Vec<PathBuf>> {
    if let Some(paths) = e2e_override("CAIRN_E2E_PICK") {
        return Some(std::env::split_paths(&paths).collect());
    }
    let dialog = app.dialog().file().set_title("Import credentials");
    let picked = match what {
        Pick::Files => dialog
            .add_filter("Credentials", &["json", "jsonld", "jwt", "png", "svg"])
            .blocking_pick_files(),
        Pick::Folders => dialog.blocking_pick_folders(),
    }?;
    Some(
        picked
            .into_iter()
            .filter_map(|p| p.into_path().ok())
            .collect(),
    )
}

/// Asks where to save a file suggested as `name`; `None` when the learner cancels.
pub fn save<R: Runtime>(
    app: &AppHandle<R>,
    title: &str,
    name: &str,
    filter: (&str, &[&str]),
) -> Option<PathBuf> {
    if let Some(dir) = e2e_override("CAIRN_E2E_SAVE_DIR") {
        return Some(PathBuf::from(dir).join(name));
    }
    app.dialog()
        .file()
        .set_title(title)
        .set_file_name(name)
        .add_filter(filter.0, filter.1)
        .blocking_save_file()?
        .into_path()
        .ok()
}

/// Asks for one backup file to restore; `None` when the learner cancels.
pub fn pick_backup<R: Runtime>(app: &AppHandle<R>) -> Option<PathBuf> {
    if let Some(paths) = e2e_override("CAIRN_E2E_PICK") {
        return std::env::split_paths(&paths).next();
    }
    app.dialog()
        .file()
        .set_title("Restore a Cairn backup")
        .add_filter("Cairn backup", &["cairnbackup"])
        .blocking_pick_file()?
        .into_path()
        .ok()
}

/// Writes what the learner asked to save, saying where it failed in plain words.
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), CommandError> {
    std::fs::write(path, bytes).map_err(|e| {
        CommandError::new(
            "io",
            format!(
                "Could not save to {}: {e}. Choose another place.",
                path.display()
            ),
        )
    })
}

#[cfg(debug_assertions)]
fn e2e_override(var: &str) -> Option<std::ffi::OsString> {
    std::env::var_os(var).filter(|v| !v.is_empty())
}

#[cfg(not(debug_assertions))]
fn e2e_override(_var: &str) -> Option<std::ffi::OsString> {
    None
}
