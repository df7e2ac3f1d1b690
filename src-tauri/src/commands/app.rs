//! What the start screen shows: the core's version and the wallet's location.

use cairn_core::wallet::WalletLocation;
use serde::Serialize;
use ts_rs::TS;

use crate::CommandError;

#[derive(Debug, Serialize, TS)]
#[ts(export, export_to = "../../ui/src/lib/bindings/")]
pub struct AppInfo {
    pub version: String,
    pub wallet_dir: String,
    pub wallet_exists: bool,
}

/// The wallet location follows the CLI's rule (`CAIRN_WALLET`, else the OS data
/// directory), so the app and `cairn` open the same wallet.
#[tauri::command]
pub fn app_info() -> Result<AppInfo, CommandError> {
    let location = WalletLocation::resolve(None)?;
    Ok(AppInfo {
        version: cairn_core::VERSION.to_string(),
        wallet_dir: location.dir().display().to_string(),
        wallet_exists: location.exists(),
    })
}
