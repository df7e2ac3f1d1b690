//! Bringing credentials in: paths (dropped on the window), the file dialog, pasted
//! text. Imports run on a blocking thread and report progress on a channel, so a
//! folder of thousands never freezes the window.

use std::path::PathBuf;
use std::sync::Arc;

use cairn_core::import::{self, ImportItem, Outcome, Source};
use cairn_core::net::{self, Kind, MemoryCache, Mode};
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, State};
use ts_rs::TS;

use crate::CommandError;
use crate::deeplink::DeepLinkView;
use crate::dialogs::{self, Pick};
use crate::state::{AppState, WalletSlot, blocking};

/// The longest pasted text accepted (a credential is far smaller; a baked image is
/// imported as a file).
const MAX_PASTE_BYTES: usize = 5 * 1024 * 1024;

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export, export_to = "../../ui/src/lib/bindings/")]
pub struct ImportProgress {
    pub done: usize,
    pub total: usize,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export, export_to = "../../ui/src/lib/bindings/")]
#[serde(rename_all = "lowercase")]
pub enum ImportStatus {
    Imported,
    /// Already in the wallet (the same content, perhaps from another file).
    Duplicate,
    Error,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export, export_to = "../../ui/src/lib/bindings/")]
pub struct ImportResult {
    pub source: String,
    pub status: ImportStatus,
    pub id: Option<String>,
    /// Why it could not be imported, in words.
    pub error: Option<String>,
}

impl From<ImportItem> for ImportResult {
    fn from(item: ImportItem) -> Self {
        let (status, id, error) = match item.outcome {
            Outcome::Imported { id } => (ImportStatus::Imported, Some(id), None),
            Outcome::Duplicate { id } => (ImportStatus::Duplicate, Some(id), None),
            Outcome::Error { reason } => (ImportStatus::Error, None, Some(reason)),
        };
        ImportResult {
            source: item.source,
            status,
            id,
            error,
        }
    }
}

fn run(
    slot: &WalletSlot,
    paths: Vec<PathBuf>,
    progress: &Channel<ImportProgress>,
) -> Result<Vec<ImportResult>, CommandError> {
    let (sources, problems) = import::gather(&paths);
    run_sources(slot, sources, problems, progress)
}

fn run_sources(
    slot: &WalletSlot,
    sources: Vec<Source>,
    problems: Vec<ImportItem>,
    progress: &Channel<ImportProgress>,
) -> Result<Vec<ImportResult>, CommandError> {
    let total = sources.len();
    // A closed channel (the window went away) must not stop the import itself.
    let _ = progress.send(ImportProgress { done: 0, total });
    let items = slot.with(|wallet| {
        super::verifying(wallet, |wallet, verifier| {
            Ok(import::import(
                wallet,
                &sources,
                verifier,
                |done, total| {
                    let _ = progress.send(ImportProgress { done, total });
                },
            )?)
        })
    })?;
    Ok(items.into_iter().chain(problems).map(Into::into).collect())
}

/// Imports files and folders by path (what a drop on the window delivers).
#[tauri::command]
pub async fn import_paths(
    state: State<'_, AppState>,
    paths: Vec<String>,
    on_progress: Channel<ImportProgress>,
) -> Result<Vec<ImportResult>, CommandError> {
    let slot = state.slot();
    let paths = paths.into_iter().map(PathBuf::from).collect();
    blocking(move || run(&slot, paths, &on_progress)).await
}

/// Opens the file (or folder) dialog and imports what the learner picks; `None` if
/// they cancelled.
#[tauri::command]
pub async fn import_pick(
    app: AppHandle,
    state: State<'_, AppState>,
    folders: bool,
    on_progress: Channel<ImportProgress>,
) -> Result<Option<Vec<ImportResult>>, CommandError> {
    let slot = state.slot();
    if !slot.is_unlocked() {
        return Err(CommandError::locked());
    }
    blocking(move || {
        let what = if folders { Pick::Folders } else { Pick::Files };
        match dialogs::pick(&app, what) {
            None => Ok(None),
            Some(paths) => run(&slot, paths, &on_progress).map(Some),
        }
    })
    .await
}

/// Imports pasted text: a credential's JSON or a JWT.
#[tauri::command]
pub async fn import_text(
    state: State<'_, AppState>,
    text: String,
    on_progress: Channel<ImportProgress>,
) -> Result<Vec<ImportResult>, CommandError> {
    if text.trim().is_empty() {
        return Err(CommandError::new(
            "empty_input",
            "There is nothing to import: paste a credential's JSON or JWT text first.",
        ));
    }
    if text.len() > MAX_PASTE_BYTES {
        return Err(CommandError::new(
            "too_large",
            "That text is too large to be a credential. Save it as a file and import the file.",
        ));
    }
    let slot = state.slot();
    blocking(move || {
        let source = Source::Bytes {
            label: "pasted text".into(),
            bytes: text.into_bytes(),
        };
        run_sources(&slot, vec![source], Vec::new(), &on_progress)
    })
    .await
}

/// The `cairn://import` links that arrived since the window last asked.
#[tauri::command]
pub fn take_deep_links(state: State<'_, AppState>) -> Vec<DeepLinkView> {
    state.deep_links.take()
}

/// Fetches the credential at `url` (under the core's network rules and size cap)
/// and imports it, labelled with its address. Used for `cairn://import` links, once
/// the learner has said yes.
#[tauri::command]
pub async fn import_url(
    state: State<'_, AppState>,
    url: String,
    on_progress: Channel<ImportProgress>,
) -> Result<Vec<ImportResult>, CommandError> {
    let slot = state.slot();
    if !slot.is_unlocked() {
        return Err(CommandError::locked());
    }
    blocking(move || {
        let fetch = net::standard(Mode::Online, Arc::new(MemoryCache::new()));
        match fetch.get(&url, Kind::Credential) {
            Ok(fetched) => {
                let source = Source::Bytes {
                    label: url,
                    bytes: fetched.body,
                };
                run_sources(&slot, vec![source], Vec::new(), &on_progress)
            }
            Err(err) => Ok(vec![ImportResult {
                source: url,
                status: ImportStatus::Error,
                id: None,
                error: Some(err.to_string()),
            }]),
        }
    })
    .await
}
