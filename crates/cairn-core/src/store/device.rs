//! "Remember on this device": unlocking without the passphrase on a machine the learner
//! trusts, through the operating system's keychain (the Secret Service on Linux).
//!
//! The keychain never holds the database key or the passphrase. It holds a random
//! 256-bit *device secret*; `wallet.keys` gets a third slot wrapping the database key
//! under that secret. Unlocking needs both: the wallet directory alone (a copied disk,
//! a backup) does not open without the keychain, and the keychain entry alone opens
//! nothing. Forgetting removes the slot first, so a keychain that refuses to delete
//! still unlocks nothing. Where there is no keychain (no Secret Service running, as on
//! CI machines and minimal desktops) remembering fails with a clear message and the
//! passphrase keeps working as before.

use std::sync::Arc;

use zeroize::Zeroizing;

/// The keychain entry's service name; the account is the slot's random id, so two
/// wallets on one machine never share an entry.
const SERVICE: &str = "Cairn wallet";

/// A device secret: 256 random bits.
pub(crate) type DeviceSecret = Zeroizing<Vec<u8>>;

#[derive(Debug, thiserror::Error)]
pub enum KeychainError {
    #[error("this device has no keychain Cairn can use ({0}); unlock with your passphrase instead")]
    Unavailable(String),
    #[error("the keychain refused: {0}")]
    Refused(String),
}

/// The operating system's keychain, or a stand-in for tests.
#[derive(Clone)]
pub struct Keychain {
    store: Result<Arc<keyring_core::CredentialStore>, String>,
}

impl std::fmt::Debug for Keychain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keychain")
            .field("available", &self.store.is_ok())
            .finish()
    }
}

impl Keychain {
    /// The platform keychain. Connecting can fail (no session bus, no Secret Service):
    /// that is remembered and reported by each call, never a panic.
    pub fn os() -> Keychain {
        Keychain {
            store: platform_store(),
        }
    }

    /// A keychain over any `keyring-core` store (tests use `keyring_core::mock`).
    pub fn with_store(store: Arc<keyring_core::CredentialStore>) -> Keychain {
        Keychain { store: Ok(store) }
    }

    /// Whether a keychain is there at all (the app hides "remember" when it is not).
    pub fn is_available(&self) -> bool {
        self.store.is_ok()
    }

    fn entry(&self, account: &str) -> Result<keyring_core::Entry, KeychainError> {
        let store = self
            .store
            .as_ref()
            .map_err(|why| KeychainError::Unavailable(why.clone()))?;
        keyring_core::Entry::new_in_store(store, SERVICE, account).map_err(classify)
    }

    /// The secret stored for `account`, `None` when there is none.
    pub(crate) fn get(&self, account: &str) -> Result<Option<DeviceSecret>, KeychainError> {
        match self.entry(account)?.get_secret() {
            Ok(secret) => Ok(Some(Zeroizing::new(secret))),
            Err(keyring_core::Error::NoEntry) => Ok(None),
            Err(e) => Err(classify(e)),
        }
    }

    pub(crate) fn set(&self, account: &str, secret: &[u8]) -> Result<(), KeychainError> {
        self.entry(account)?.set_secret(secret).map_err(classify)
    }

    /// Removes the entry; one that is already gone is not an error.
    pub(crate) fn delete(&self, account: &str) -> Result<(), KeychainError> {
        match self.entry(account)?.delete_credential() {
            Ok(()) | Err(keyring_core::Error::NoEntry) => Ok(()),
            Err(e) => Err(classify(e)),
        }
    }
}

fn classify(error: keyring_core::Error) -> KeychainError {
    match error {
        keyring_core::Error::NoStorageAccess(e) => KeychainError::Unavailable(e.to_string()),
        keyring_core::Error::NoDefaultStore => {
            KeychainError::Unavailable("no credential store".into())
        }
        other => KeychainError::Refused(other.to_string()),
    }
}

#[cfg(target_os = "linux")]
fn platform_store() -> Result<Arc<keyring_core::CredentialStore>, String> {
    // No session bus means no Secret Service; checking first keeps libdbus from
    // trying to autolaunch one (which prints to stderr and can hang on a headless box).
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none_or(|v| v.is_empty()) {
        return Err("there is no desktop session bus (DBUS_SESSION_BUS_ADDRESS is unset)".into());
    }
    let store: Arc<keyring_core::CredentialStore> = dbus_secret_service_keyring_store::Store::new()
        .map_err(|e| format!("the Secret Service did not answer: {e}"))?;
    Ok(store)
}

#[cfg(not(target_os = "linux"))]
fn platform_store() -> Result<Arc<keyring_core::CredentialStore>, String> {
    Err("this build of Cairn supports the keychain on Linux only".into())
}

/// A fresh device secret.
pub(crate) fn new_secret() -> Result<DeviceSecret, super::StoreError> {
    let mut secret = Zeroizing::new(vec![0u8; 32]);
    getrandom::fill(secret.as_mut_slice()).map_err(|e| super::StoreError::Random(e.to_string()))?;
    Ok(secret)
}

/// A fresh slot id: 128 random bits, hex. It names the keychain entry.
pub(crate) fn new_slot_id() -> Result<String, super::StoreError> {
    let mut id = [0u8; 16];
    getrandom::fill(&mut id).map_err(|e| super::StoreError::Random(e.to_string()))?;
    Ok(id.iter().map(|b| format!("{b:02x}")).collect())
}
