//! What the app holds between commands: where the wallet lives and, while unlocked,
//! the open wallet. Locking drops the `Wallet`, which closes the database and wipes
//! its key from memory.

use std::sync::{Arc, Mutex, MutexGuard};

use cairn_core::store::{Keychain, Wallet};
use cairn_core::wallet::WalletLocation;

use crate::CommandError;

/// How long the app waits without input before it locks, unless the learner chose.
pub const DEFAULT_LOCK_MINUTES: u32 = 10;

pub struct AppState {
    /// Resolved once at start; an error (no home directory) is shown on every screen.
    location: Result<WalletLocation, String>,
    wallet: Arc<Mutex<Option<Wallet>>>,
    /// `cairn://` links that arrived and the window has not taken yet.
    pub deep_links: crate::deeplink::Pending,
    /// The OS keychain, connected once ("remember on this device").
    keychain: Keychain,
}

impl AppState {
    pub fn new() -> Self {
        AppState {
            location: WalletLocation::resolve(None).map_err(|e| e.to_string()),
            wallet: Arc::default(),
            deep_links: Default::default(),
            keychain: Keychain::os(),
        }
    }

    pub fn keychain(&self) -> &Keychain {
        &self.keychain
    }

    pub fn location(&self) -> Result<&WalletLocation, CommandError> {
        self.location
            .as_ref()
            .map_err(|message| CommandError::new("wallet_location", message.clone()))
    }

    /// A handle to the wallet slot that can move into a blocking task.
    pub fn slot(&self) -> WalletSlot {
        WalletSlot(self.wallet.clone())
    }

    /// Runs `f` on the unlocked wallet on a blocking thread (or fails with `locked`):
    /// the shape of almost every command that reads or changes the wallet.
    pub async fn with_wallet<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Wallet) -> Result<T, CommandError> + Send + 'static,
    ) -> Result<T, CommandError> {
        let slot = self.slot();
        blocking(move || slot.with(f)).await
    }

    /// Opens a wallet with `open` (create, unlock, recover: Argon2id, so on a
    /// blocking thread) and keeps it as the unlocked one.
    pub async fn open_with<T: Send + 'static>(
        &self,
        open: impl FnOnce(&WalletLocation) -> Result<(Wallet, T), CommandError> + Send + 'static,
    ) -> Result<T, CommandError> {
        let location = self.location()?.clone();
        let slot = self.slot();
        blocking(move || {
            let (wallet, value) = open(&location)?;
            slot.put(wallet);
            Ok(value)
        })
        .await
    }
}

impl Default for AppState {
    fn default() -> Self {
        Self::new()
    }
}

#[derive(Clone)]
pub struct WalletSlot(Arc<Mutex<Option<Wallet>>>);

impl WalletSlot {
    fn guard(&self) -> MutexGuard<'_, Option<Wallet>> {
        // A panic while holding the lock leaves the wallet usable: SQLite's own
        // transactions, not this mutex, keep the data consistent.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn is_unlocked(&self) -> bool {
        self.guard().is_some()
    }

    pub fn put(&self, wallet: Wallet) {
        *self.guard() = Some(wallet);
    }

    pub fn take(&self) -> Option<Wallet> {
        self.guard().take()
    }

    /// Runs `f` on the unlocked wallet, or fails with `locked`.
    pub fn with<T>(
        &self,
        f: impl FnOnce(&mut Wallet) -> Result<T, CommandError>,
    ) -> Result<T, CommandError> {
        let mut guard = self.guard();
        let wallet = guard.as_mut().ok_or_else(CommandError::locked)?;
        f(wallet)
    }
}

/// Runs slow core work (key derivation, verification, big queries) off the main
/// thread so the window never freezes.
pub async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, CommandError> + Send + 'static,
) -> Result<T, CommandError> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|e| CommandError::internal(format!("a background task stopped: {e}")))?
}
