//! "Remember on this device": the wallet opens from the keychain only while both the
//! keychain entry and the slot in `wallet.keys` are there, and never otherwise.
//! These use keyring-core's in-memory mock store; `crates/cairn-cli/tests/remember.rs`
//! runs the same journey against a real Secret Service.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use cairn_core::store::{
    BackupSecret, KdfParams, Keychain, KeychainError, Passphrase, StoreError, Wallet,
};
use cairn_core::wallet::WalletLocation;

const FAST: KdfParams = KdfParams {
    m_kib: 19 * 1024,
    t: 2,
    p: 1,
};

fn pass(text: &str) -> Passphrase {
    Passphrase::new(text.to_owned())
}

fn mock_store() -> Arc<keyring_core::CredentialStore> {
    keyring_core::mock::Store::new().unwrap()
}

fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect()
}

fn new_wallet(dir: &Path) -> (WalletLocation, String) {
    let location = WalletLocation::at(dir).unwrap();
    let (wallet, _code) = Wallet::create_with(&location, &pass("old passphrase"), FAST).unwrap();
    let did = wallet.holder_did().unwrap();
    (location, did)
}

#[test]
fn a_remembered_wallet_opens_from_the_keychain_without_the_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let (location, did) = new_wallet(dir.path());
    let keychain = Keychain::with_store(mock_store());

    assert!(!Wallet::is_remembered(&location).unwrap());
    assert!(matches!(
        Wallet::open_remembered(&location, &keychain),
        Err(StoreError::NotRemembered)
    ));

    Wallet::open(&location, &pass("old passphrase"))
        .unwrap()
        .remember_on_device(&keychain)
        .unwrap();
    assert!(Wallet::is_remembered(&location).unwrap());
    let wallet = Wallet::open_remembered(&location, &keychain).unwrap();
    assert_eq!(wallet.holder_did().unwrap(), did);
    drop(wallet);

    // The passphrase keeps working alongside.
    Wallet::open(&location, &pass("old passphrase")).unwrap();
}

#[test]
fn the_keychain_entry_alone_or_the_key_file_alone_opens_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (location, _) = new_wallet(dir.path());
    let store = mock_store();
    Wallet::open(&location, &pass("old passphrase"))
        .unwrap()
        .remember_on_device(&Keychain::with_store(store.clone()))
        .unwrap();

    // Another machine's keychain (the wallet folder copied, or a stolen disk image
    // without the user's keychain) has no entry: nothing opens and nothing changes.
    let before = files(dir.path());
    let elsewhere = Keychain::with_store(mock_store());
    assert!(matches!(
        Wallet::open_remembered(&location, &elsewhere),
        Err(StoreError::NotRemembered)
    ));
    assert_eq!(files(dir.path()), before);

    // Forgotten: the slot is gone, so the entry left in the keychain is inert.
    let keychain = Keychain::with_store(store);
    assert!(Wallet::forget_on_device(&location, &keychain).unwrap());
    assert!(!Wallet::is_remembered(&location).unwrap());
    assert!(matches!(
        Wallet::open_remembered(&location, &keychain),
        Err(StoreError::NotRemembered)
    ));
    assert!(!Wallet::forget_on_device(&location, &keychain).unwrap());
}

#[test]
fn a_keychain_entry_that_was_replaced_does_not_open_the_wallet() {
    let dir = tempfile::tempdir().unwrap();
    let (location, _) = new_wallet(dir.path());
    let store = mock_store();
    let keychain = Keychain::with_store(store.clone());
    Wallet::open(&location, &pass("old passphrase"))
        .unwrap()
        .remember_on_device(&keychain)
        .unwrap();
    let keys: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("wallet.keys")).unwrap()).unwrap();
    let id = keys["device"]["id"].as_str().unwrap();
    keyring_core::Entry::new_in_store(&store, "Cairn wallet", id)
        .unwrap()
        .set_secret(&[7u8; 32])
        .unwrap();

    let before = files(dir.path());
    assert!(matches!(
        Wallet::open_remembered(&location, &keychain),
        Err(StoreError::NotRemembered)
    ));
    assert_eq!(files(dir.path()), before);
}

#[test]
fn changing_or_recovering_the_passphrase_keeps_the_device_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let location = WalletLocation::at(dir.path()).unwrap();
    let (wallet, code) = Wallet::create_with(&location, &pass("old passphrase"), FAST).unwrap();
    let keychain = Keychain::with_store(mock_store());
    wallet.remember_on_device(&keychain).unwrap();
    drop(wallet);

    Wallet::change_passphrase(&location, &pass("old passphrase"), &pass("new one")).unwrap();
    Wallet::open_remembered(&location, &keychain).unwrap();
    drop(Wallet::recover(&location, &code, &pass("third")).unwrap());
    Wallet::open_remembered(&location, &keychain).unwrap();
}

#[test]
fn remembering_again_replaces_the_old_entry() {
    let dir = tempfile::tempdir().unwrap();
    let (location, _) = new_wallet(dir.path());
    let store = mock_store();
    let keychain = Keychain::with_store(store.clone());
    let wallet = Wallet::open(&location, &pass("old passphrase")).unwrap();
    wallet.remember_on_device(&keychain).unwrap();
    let first = key_file_device_id(dir.path());
    wallet.remember_on_device(&keychain).unwrap();
    let second = key_file_device_id(dir.path());
    assert_ne!(first, second);
    let old_entry = keyring_core::Entry::new_in_store(&store, "Cairn wallet", &first).unwrap();
    assert!(matches!(
        old_entry.get_secret(),
        Err(keyring_core::Error::NoEntry)
    ));
    Wallet::open_remembered(&location, &keychain).unwrap();
}

#[test]
fn a_backup_does_not_carry_the_device_slot() {
    let dir = tempfile::tempdir().unwrap();
    let (location, did) = new_wallet(dir.path());
    let keychain = Keychain::with_store(mock_store());
    let wallet = Wallet::open(&location, &pass("old passphrase")).unwrap();
    wallet.remember_on_device(&keychain).unwrap();
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("wallet.cairnbackup");
    wallet.backup(&file).unwrap();

    let fresh = tempfile::tempdir().unwrap();
    let elsewhere = WalletLocation::at(&fresh.path().join("w")).unwrap();
    let passphrase = pass("old passphrase");
    let backup =
        cairn_core::store::Backup::unlock(&file, BackupSecret::Passphrase(&passphrase)).unwrap();
    drop(backup.install(&elsewhere, None).unwrap());
    assert!(!Wallet::is_remembered(&elsewhere).unwrap());
    // Even with the same keychain at hand, the restored copy asks for the passphrase.
    assert!(matches!(
        Wallet::open_remembered(&elsewhere, &keychain),
        Err(StoreError::NotRemembered)
    ));
    let restored = Wallet::open(&elsewhere, &pass("old passphrase")).unwrap();
    assert_eq!(restored.holder_did().unwrap(), did);
}

/// A keychain that is there but locked, as a Secret Service is before the learner
/// logs in to it: every operation is refused for lack of access.
#[derive(Debug)]
struct LockedKeychain;

impl keyring_core::api::CredentialStoreApi for LockedKeychain {
    fn vendor(&self) -> String {
        "locked".into()
    }
    fn id(&self) -> String {
        "locked".into()
    }
    fn build(
        &self,
        _service: &str,
        _user: &str,
        _modifiers: Option<&std::collections::HashMap<&str, &str>>,
    ) -> keyring_core::Result<keyring_core::Entry> {
        Err(keyring_core::Error::NoStorageAccess(
            "the collection is locked".into(),
        ))
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

#[test]
fn a_locked_keychain_fails_clearly_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (location, _) = new_wallet(dir.path());
    let locked = Keychain::with_store(Arc::new(LockedKeychain));
    let wallet = Wallet::open(&location, &pass("old passphrase")).unwrap();
    let before = files(dir.path());
    match wallet.remember_on_device(&locked) {
        Err(StoreError::Keychain(KeychainError::Unavailable(why))) => {
            assert!(why.contains("locked"), "{why}")
        }
        other => panic!("expected the keychain to be unavailable, got {other:?}"),
    }
    assert_eq!(
        files(dir.path()).get("wallet.keys"),
        before.get("wallet.keys")
    );
    assert!(!Wallet::is_remembered(&location).unwrap());

    // Remembered with a working keychain, then that keychain locked: opening from it
    // fails as unavailable (the caller asks for the passphrase), forgetting still works.
    wallet
        .remember_on_device(&Keychain::with_store(mock_store()))
        .unwrap();
    assert!(matches!(
        Wallet::open_remembered(&location, &locked),
        Err(StoreError::Keychain(KeychainError::Unavailable(_)))
    ));
    assert!(Wallet::forget_on_device(&location, &locked).unwrap());
    assert!(!Wallet::is_remembered(&location).unwrap());
}

fn key_file_device_id(dir: &Path) -> String {
    let keys: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("wallet.keys")).unwrap()).unwrap();
    keys["device"]["id"].as_str().unwrap().to_owned()
}
