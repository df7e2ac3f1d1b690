//! Creating, unlocking, locking and recovering the wallet. Passphrases and codes
//! arrive as strings and become zeroizing core secrets at once; none is logged,
//! stored or sent back, except the recovery code returned once at creation.

use cairn_core::store::{Passphrase, RecoveryCode, Wallet};
use serde::Serialize;
use tauri::{AppHandle, State};
use ts_rs::TS;

use crate::state::{AppState, DEFAULT_LOCK_MINUTES, blocking};
use crate::{CommandError, dialogs};

#[derive(Debug, Serialize, TS)]
#[ts(export, export_to = "../../ui/src/lib/bindings/")]
pub struct WalletStatus {
    pub version: String,
    pub wallet_dir: String,
    /// A wallet has been created here.
    pub exists: bool,
    pub unlocked: bool,
    /// Minutes without input before the app locks itself (0: never); read from the
    /// wallet once unlocked, the default before.
    pub lock_minutes: u32,
    /// "Remember on this device" is on: the keychain can unlock it.
    pub remembered: bool,
    /// This device has a keychain Cairn can use (the option is hidden otherwise).
    pub keychain_available: bool,
}

pub(crate) fn status(state: &AppState) -> Result<WalletStatus, CommandError> {
    let location = state.location()?;
    let slot = state.slot();
    let lock_minutes = if slot.is_unlocked() {
        slot.with(crate::commands::settings::lock_minutes)?
    } else {
        DEFAULT_LOCK_MINUTES
    };
    let exists = location.exists();
    Ok(WalletStatus {
        version: cairn_core::VERSION.to_string(),
        wallet_dir: location.dir().display().to_string(),
        exists,
        unlocked: slot.is_unlocked(),
        lock_minutes,
        remembered: exists && Wallet::is_remembered(location)?,
        keychain_available: state.keychain().is_available(),
    })
}

#[tauri::command]
pub fn wallet_status(state: State<'_, AppState>) -> Result<WalletStatus, CommandError> {
    status(&state)
}

#[derive(Debug, Serialize, TS)]
#[ts(export, export_to = "../../ui/src/lib/bindings/")]
pub struct Created {
    /// Shown to the learner once; Cairn keeps no readable copy.
    pub recovery_code: String,
}

/// Creates the wallet and leaves it unlocked.
#[tauri::command]
pub async fn create_wallet(
    state: State<'_, AppState>,
    passphrase: String,
) -> Result<Created, CommandError> {
    let passphrase = Passphrase::new(passphrase);
    state
        .open_with(move |location| {
            let (wallet, code) = Wallet::create(location, &passphrase)?;
            let created = Created {
                recovery_code: code.reveal().to_owned(),
            };
            Ok((wallet, created))
        })
        .await
}

#[tauri::command]
pub async fn unlock(
    state: State<'_, AppState>,
    passphrase: String,
) -> Result<WalletStatus, CommandError> {
    let passphrase = Passphrase::new(passphrase);
    state
        .open_with(move |location| Ok((Wallet::open(location, &passphrase)?, ())))
        .await?;
    status(&state)
}

/// Unlocks from this device's keychain ("remember on this device"), no passphrase.
#[tauri::command]
pub async fn unlock_remembered(state: State<'_, AppState>) -> Result<WalletStatus, CommandError> {
    let keychain = state.keychain().clone();
    state
        .open_with(move |location| Ok((Wallet::open_remembered(location, &keychain)?, ())))
        .await?;
    status(&state)
}

/// Turns "remember on this device" on (the wallet must be unlocked: the learner has
/// just proved they know the passphrase) or off (always allowed: it only removes a
/// way in).
#[tauri::command]
pub async fn set_remembered(
    state: State<'_, AppState>,
    remembered: bool,
) -> Result<WalletStatus, CommandError> {
    let location = state.location()?.clone();
    let keychain = state.keychain().clone();
    let slot = state.slot();
    blocking(move || {
        if remembered {
            slot.with(|wallet| Ok(wallet.remember_on_device(&keychain)?))
        } else {
            Wallet::forget_on_device(&location, &keychain)?;
            Ok(())
        }
    })
    .await?;
    status(&state)
}

/// Closes the database; the key is wiped from memory with it.
#[tauri::command]
pub fn lock(state: State<'_, AppState>) -> Result<WalletStatus, CommandError> {
    drop(state.slot().take());
    status(&state)
}

/// Forgotten passphrase: the recovery code unlocks and a new passphrase replaces the old.
#[tauri::command]
pub async fn recover(
    state: State<'_, AppState>,
    recovery_code: String,
    new_passphrase: String,
) -> Result<WalletStatus, CommandError> {
    let code = RecoveryCode::parse(&recovery_code);
    drop(zeroize_string(recovery_code));
    let passphrase = Passphrase::new(new_passphrase);
    state
        .open_with(move |location| Ok((Wallet::recover(location, &code, &passphrase)?, ())))
        .await?;
    status(&state)
}

#[tauri::command]
pub async fn change_passphrase(
    state: State<'_, AppState>,
    old_passphrase: String,
    new_passphrase: String,
) -> Result<(), CommandError> {
    let location = state.location()?.clone();
    let old = Passphrase::new(old_passphrase);
    let new = Passphrase::new(new_passphrase);
    blocking(move || Ok(Wallet::change_passphrase(&location, &old, &new)?)).await
}

/// Saves the recovery code the learner is looking at to a file they choose.
/// Returns where it went, or `None` if they cancelled.
#[tauri::command]
pub async fn save_recovery_code(
    app: AppHandle,
    recovery_code: String,
) -> Result<Option<String>, CommandError> {
    let code = RecoveryCode::parse(&recovery_code);
    drop(zeroize_string(recovery_code));
    blocking(move || {
        let Some(path) = dialogs::save(
            &app,
            "Save your recovery code",
            "cairn-recovery-code.txt",
            ("Text", &["txt"]),
        ) else {
            return Ok(None);
        };
        let text = format!(
            "Cairn wallet recovery code\n\n{}\n\nWith this code you can open your wallet if you \
             forget your passphrase. Keep it somewhere safe and private, such as a password \
             manager or a printed copy in a drawer.\n",
            code.reveal()
        );
        dialogs::write(&path, text.as_bytes())?;
        Ok(Some(path.display().to_string()))
    })
    .await
}

/// Wipes a string that held a secret before its memory is freed.
fn zeroize_string(s: String) -> zeroize::Zeroizing<String> {
    zeroize::Zeroizing::new(s)
}
