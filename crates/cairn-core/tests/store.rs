//! The encrypted wallet: create, unlock, wrong secrets, recovery, passphrase change,
//! and what may and may not reach the disk.

use std::collections::BTreeMap;
use std::path::Path;

use cairn_core::store::{KdfParams, Passphrase, RecoveryCode, StoreError, Wallet};
use cairn_core::wallet::WalletLocation;
use sha2::{Digest, Sha256};

/// The lowest cost the key file accepts, so tests stay quick.
const FAST: KdfParams = KdfParams {
    m_kib: 19 * 1024,
    t: 2,
    p: 1,
};

fn pass(text: &str) -> Passphrase {
    Passphrase::new(text.to_owned())
}

fn new_wallet(dir: &Path, passphrase: &str) -> (WalletLocation, RecoveryCode) {
    let location = WalletLocation::at(dir).unwrap();
    let (_wallet, code) = Wallet::create_with(&location, &pass(passphrase), FAST).unwrap();
    (location, code)
}

/// Every file in the wallet directory and its SHA-256.
fn snapshot(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            let hash: String = Sha256::digest(std::fs::read(&p).unwrap())
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            (p.file_name().unwrap().to_string_lossy().into_owned(), hash)
        })
        .collect()
}

#[test]
fn a_created_wallet_unlocks_with_its_passphrase_and_has_a_holder_did() {
    let dir = tempfile::tempdir().unwrap();
    let (location, code) = new_wallet(dir.path(), "correct horse battery staple");
    assert!(location.exists());
    assert_eq!(code.reveal().chars().filter(|c| *c != '-').count(), 26);
    let wallet = Wallet::open(&location, &pass("correct horse battery staple")).unwrap();
    assert!(wallet.holder_did().unwrap().starts_with("did:key:z6Mk"));
    assert_eq!(
        wallet.schema_version().unwrap(),
        6,
        "new wallets start at the latest schema"
    );
    assert_eq!(wallet.credential_count().unwrap(), 0);
    assert!(wallet.credentials().unwrap().is_empty());
}

#[test]
fn wrong_passphrase_changes_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let (location, _) = new_wallet(dir.path(), "right one");
    let before = snapshot(dir.path());
    assert!(matches!(
        Wallet::open(&location, &pass("wrong one")),
        Err(StoreError::WrongPassphrase)
    ));
    assert!(matches!(
        Wallet::recover(
            &location,
            &RecoveryCode::parse("0000-0000-0000-0000-0000-0000-00"),
            &pass("x")
        ),
        Err(StoreError::WrongRecoveryCode)
    ));
    assert!(matches!(
        Wallet::change_passphrase(&location, &pass("wrong one"), &pass("new")),
        Err(StoreError::WrongPassphrase)
    ));
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn nothing_readable_reaches_the_disk() {
    let dir = tempfile::tempdir().unwrap();
    let secret = "marker-passphrase-7f3a9c";
    let (location, code) = new_wallet(dir.path(), secret);
    let wallet = Wallet::open(&location, &pass(secret)).unwrap();
    let did = wallet.holder_did().unwrap();
    drop(wallet);
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let name = path.display();
        for needle in [
            secret.as_bytes(),
            code.reveal().as_bytes(),
            did.as_bytes(),
            b"SQLite format 3",
            b"holder_keys",
        ] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "{name} contains {:?} in plain text",
                String::from_utf8_lossy(needle)
            );
        }
    }
}

#[test]
fn the_recovery_code_sets_a_new_passphrase_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (location, code) = new_wallet(dir.path(), "forgotten");
    let did = Wallet::open(&location, &pass("forgotten"))
        .unwrap()
        .holder_did()
        .unwrap();
    // Typed back in lower case with spaces, as a person would.
    let typed = RecoveryCode::parse(&code.reveal().to_lowercase().replace('-', " "));
    let recovered = Wallet::recover(&location, &typed, &pass("remembered")).unwrap();
    assert_eq!(recovered.holder_did().unwrap(), did);
    drop(recovered);
    assert!(matches!(
        Wallet::open(&location, &pass("forgotten")),
        Err(StoreError::WrongPassphrase)
    ));
    assert_eq!(
        Wallet::open(&location, &pass("remembered"))
            .unwrap()
            .holder_did()
            .unwrap(),
        did
    );
    // The code keeps working.
    Wallet::recover(&location, &code, &pass("again")).unwrap();
}

#[test]
fn changing_the_passphrase_rewraps_the_key_without_rewriting_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let (location, _) = new_wallet(dir.path(), "old");
    let db_before = std::fs::read(location.database_path()).unwrap();
    Wallet::change_passphrase(&location, &pass("old"), &pass("new")).unwrap();
    assert_eq!(std::fs::read(location.database_path()).unwrap(), db_before);
    assert!(matches!(
        Wallet::open(&location, &pass("old")),
        Err(StoreError::WrongPassphrase)
    ));
    Wallet::open(&location, &pass("new")).unwrap();
}

#[test]
fn refuses_to_overwrite_or_to_use_an_empty_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let (location, _) = new_wallet(dir.path(), "one");
    assert!(matches!(
        Wallet::create_with(&location, &pass("two"), FAST),
        Err(StoreError::AlreadyExists(_))
    ));
    let other = tempfile::tempdir().unwrap();
    let empty = WalletLocation::at(other.path()).unwrap();
    assert!(matches!(
        Wallet::create_with(&empty, &pass(""), FAST),
        Err(StoreError::EmptyPassphrase)
    ));
    assert!(matches!(
        Wallet::open(&empty, &pass("x")),
        Err(StoreError::NoWallet(_))
    ));
}

#[test]
fn a_key_file_with_its_cost_lowered_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (location, _) = new_wallet(dir.path(), "pw");
    let path = dir.path().join("wallet.keys");
    let mut keys: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    keys["kdf"]["m_kib"] = serde_json::json!(8);
    std::fs::write(&path, serde_json::to_vec(&keys).unwrap()).unwrap();
    let err = Wallet::open(&location, &pass("pw")).unwrap_err();
    assert!(matches!(err, StoreError::Corrupt(_)), "{err}");
}

#[test]
fn a_fetched_badge_picture_is_remembered_apart_from_verification_documents() {
    let dir = tempfile::tempdir().unwrap();
    let location = WalletLocation::at(dir.path()).unwrap();
    let (mut wallet, _code) = Wallet::create_with(&location, &pass("pictures"), FAST).unwrap();
    let url = "https://issuer.example/badge.svg";
    assert_eq!(wallet.remembered_image(url).unwrap(), None);
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>"#.to_vec();
    let picture = cairn_core::credential::image::sniffed(svg).unwrap();
    wallet.remember_image(url, &picture).unwrap();
    drop(wallet);

    let wallet = Wallet::open(&location, &pass("pictures")).unwrap();
    assert_eq!(wallet.remembered_image(url).unwrap(), Some(picture));
    // Verification's cache never carries pictures into memory.
    let cache = wallet.fetch_cache().unwrap();
    assert!(cache.take_changed().is_empty());
    assert!(
        cairn_core::net::Fetch::get(
            &cairn_core::net::CachingFetch::new(
                cairn_core::net::OfflineFetch,
                std::sync::Arc::new(cache)
            ),
            url,
            cairn_core::net::Kind::Image
        )
        .is_err(),
        "a picture answered from the verification cache"
    );
}
