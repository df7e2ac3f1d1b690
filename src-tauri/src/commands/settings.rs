//! The learner's preferences and facts about their wallet (the holder DID).

use cairn_core::share::link::check_relay_url;
use cairn_core::store::settings::RELAY_URL;
use cairn_core::store::{Backup, BackupSecret, Passphrase, RestoreCounts, Wallet};
use serde::Serialize;
use tauri::{AppHandle, State};
use ts_rs::TS;

use crate::state::{AppState, DEFAULT_LOCK_MINUTES, blocking};
use crate::{CommandError, dialogs};

const LOCK_MINUTES: &str = "app.lock_minutes";
/// The longest auto-lock delay offered (a working day).
const MAX_LOCK_MINUTES: u32 = 8 * 60;

#[derive(Debug, Serialize, TS)]
#[ts(export, export_to = "../../ui/src/lib/bindings/")]
pub struct Settings {
    /// Minutes without input before the app locks (0: never).
    pub lock_minutes: u32,
    /// The learner's own identifier, which signs what they share.
    pub holder_did: String,
    pub wallet_dir: String,
    /// Where shares are uploaded (`https://…`, or `http://` on this computer);
    /// `None` until the learner chooses one.
    pub relay_url: Option<String>,
    /// Known-issuer registries (Digital Credentials Consortium format) that
    /// verification consults: a listed issuer passes, an unlisted one is a warning.
    pub registries: Vec<String>,
    /// The learner's email addresses: Open Badges 2.0 badges issued to a hashed
    /// address are matched against them.
    pub emails: Vec<String>,
}

pub(crate) fn lock_minutes(wallet: &mut Wallet) -> Result<u32, CommandError> {
    Ok(wallet
        .setting(LOCK_MINUTES)?
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_LOCK_MINUTES))
}

#[tauri::command]
pub fn get_settings(state: State<'_, AppState>) -> Result<Settings, CommandError> {
    state.slot().with(|wallet| {
        Ok(Settings {
            lock_minutes: lock_minutes(wallet)?,
            holder_did: wallet.holder_did()?,
            wallet_dir: wallet.location().dir().display().to_string(),
            relay_url: wallet.setting(RELAY_URL)?,
            registries: wallet.registries()?,
            emails: wallet.emails()?,
        })
    })
}

#[tauri::command]
pub fn set_lock_minutes(state: State<'_, AppState>, minutes: u32) -> Result<u32, CommandError> {
    if minutes > MAX_LOCK_MINUTES {
        return Err(CommandError::new(
            "invalid_setting",
            format!("Choose at most {MAX_LOCK_MINUTES} minutes, or 0 to never lock automatically."),
        ));
    }
    state.slot().with(|wallet| {
        wallet.set_setting(LOCK_MINUTES, &minutes.to_string())?;
        Ok(minutes)
    })
}

/// Sets the relay shares go to, after checking it is one a link may name.
#[tauri::command]
pub fn set_relay_url(state: State<'_, AppState>, url: String) -> Result<String, CommandError> {
    let url = url.trim().trim_end_matches('/').to_owned();
    check_relay_url(&url).map_err(|e| {
        CommandError::new(
            "invalid_setting",
            format!(
                "That is not a relay address Cairn can use: {e}. It looks like \
                 https://relay.example.org."
            ),
        )
    })?;
    state.slot().with(|wallet| {
        wallet.set_setting(RELAY_URL, &url)?;
        Ok(url)
    })
}

/// Adds a known-issuer registry (an `https://` address Cairn may fetch); returns
/// the registries now configured. Adding one already there changes nothing.
#[tauri::command]
pub fn add_registry(state: State<'_, AppState>, url: String) -> Result<Vec<String>, CommandError> {
    state.slot().with(|wallet| {
        wallet.add_registry(&url)?;
        Ok(wallet.registries()?)
    })
}

/// Removes a registry; returns the registries left.
#[tauri::command]
pub fn remove_registry(
    state: State<'_, AppState>,
    url: String,
) -> Result<Vec<String>, CommandError> {
    state.slot().with(|wallet| {
        wallet.remove_registry(&url)?;
        Ok(wallet.registries()?)
    })
}

/// Adds one of the learner's email addresses; returns the addresses now known.
#[tauri::command]
pub fn add_email(state: State<'_, AppState>, address: String) -> Result<Vec<String>, CommandError> {
    state.slot().with(|wallet| {
        wallet.add_email(&address)?;
        Ok(wallet.emails()?)
    })
}

/// Removes one of the learner's email addresses; returns the addresses left.
#[tauri::command]
pub fn remove_email(
    state: State<'_, AppState>,
    address: String,
) -> Result<Vec<String>, CommandError> {
    state.slot().with(|wallet| {
        wallet.remove_email(&address)?;
        Ok(wallet.emails()?)
    })
}

#[derive(Debug, Serialize, TS)]
#[ts(export, export_to = "../../ui/src/lib/bindings/")]
pub struct BackupDone {
    pub file: String,
    pub credentials: u32,
    pub bytes: u32,
}

/// Saves the whole wallet, encrypted, to a file the learner chooses; `None` if
/// they cancelled.
#[tauri::command]
pub async fn backup_wallet(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<BackupDone>, CommandError> {
    if !state.slot().is_unlocked() {
        return Err(CommandError::locked());
    }
    let day = chrono::Utc::now().format("%Y-%m-%d");
    let name = format!("cairn-{day}.cairnbackup");
    let Some(path) = blocking(move || {
        Ok(dialogs::save(
            &app,
            "Save a backup of your wallet",
            &name,
            ("Cairn backup", &["cairnbackup"]),
        ))
    })
    .await?
    else {
        return Ok(None);
    };
    state
        .with_wallet(move |wallet| {
            let info = wallet.backup(&path)?;
            Ok(Some(BackupDone {
                file: info.file.display().to_string(),
                credentials: u32::try_from(info.credentials).unwrap_or(u32::MAX),
                bytes: u32::try_from(info.bytes).unwrap_or(u32::MAX),
            }))
        })
        .await
}

#[derive(Debug, Serialize, TS)]
#[ts(export, export_to = "../../ui/src/lib/bindings/")]
pub struct RestoreDone {
    pub file: String,
    /// Credentials the backup brought in, and those the wallet already had.
    pub credentials_added: u32,
    pub credentials_already: u32,
    pub portfolios_added: u32,
    pub shares_added: u32,
}

impl RestoreDone {
    fn new(file: String, counts: &RestoreCounts) -> Self {
        let n = |v: u64| u32::try_from(v).unwrap_or(u32::MAX);
        RestoreDone {
            file,
            credentials_added: n(counts.credentials.added),
            credentials_already: n(counts.credentials.already),
            portfolios_added: n(counts.portfolios.added),
            shares_added: n(counts.shares.added),
        }
    }
}

/// Merges a backup the learner picks into this wallet (nothing is replaced; what
/// is already here stays). The backup is unlocked with `passphrase`, the one the
/// wallet had when it was made, and checked whole before anything changes.
#[tauri::command]
pub async fn restore_backup(
    app: AppHandle,
    state: State<'_, AppState>,
    passphrase: String,
) -> Result<Option<RestoreDone>, CommandError> {
    let passphrase = Passphrase::new(passphrase);
    if !state.slot().is_unlocked() {
        return Err(CommandError::locked());
    }
    let picked = blocking(move || {
        let Some(path) = dialogs::pick_backup(&app) else {
            return Ok(None);
        };
        let backup = Backup::unlock(&path, BackupSecret::Passphrase(&passphrase))?;
        Ok(Some((path, backup)))
    })
    .await?;
    let Some((path, backup)) = picked else {
        return Ok(None);
    };
    state
        .with_wallet(move |wallet| {
            let counts = wallet.merge_backup(&backup)?;
            Ok(Some(RestoreDone::new(path.display().to_string(), &counts)))
        })
        .await
}
