//! The learner's preferences and facts about their wallet (the holder DID).

use cairn_core::store::Wallet;
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use crate::CommandError;
use crate::state::{AppState, DEFAULT_LOCK_MINUTES};

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
