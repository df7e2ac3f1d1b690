//! Importing into the encrypted wallet: files and folders, failing credentials kept
//! with their reports, non-credentials refused, duplicates recognised by content, the
//! original bytes kept exactly, and no credential content readable on disk.

mod support;

use std::path::Path;

use cairn_core::import::{self, Outcome, Source};
use cairn_core::store::{KdfParams, Passphrase, Wallet};
use cairn_core::verify::{FixedClock, Verifier, parse_date};
use cairn_core::wallet::WalletLocation;
use support::vectors_dir;

const FAST: KdfParams = KdfParams {
    m_kib: 19 * 1024,
    t: 2,
    p: 1,
};

fn wallet(dir: &Path) -> Wallet {
    let location = WalletLocation::at(dir).unwrap();
    Wallet::create_with(&location, &Passphrase::new("pw".into()), FAST)
        .unwrap()
        .0
}

fn verifier() -> Verifier {
    Verifier::offline().with_clock(FixedClock(parse_date("2026-11-23T00:00:00Z").unwrap()))
}

/// A folder like a learner's downloads: credentials in several formats, one that
/// fails verification, one that is not a credential, a hidden file, a nested folder.
fn inbox(dir: &Path) {
    let v = vectors_dir();
    std::fs::create_dir_all(dir.join("nested")).unwrap();
    for (from, to) in [
        ("dbjs-signed/eddsa-rdfc-2022.json", "a.json"),
        ("dbjs-signed/jwt-EdDSA.jwt", "b.jwt"),
        ("1edtech-validator/ob30/simple-json.png", "nested/c.png"),
        (
            "tampered/dbjs-eddsa-jcs-2022-name.json",
            "nested/d-tampered.json",
        ),
    ] {
        std::fs::copy(v.join(from), dir.join(to)).unwrap();
    }
    std::fs::write(dir.join("notes.json"), br#"{"shopping": ["milk"]}"#).unwrap();
    std::fs::write(dir.join(".hidden.json"), b"{}").unwrap();
    std::fs::write(dir.join("readme.txt"), b"not picked up by a folder import").unwrap();
}

#[test]
fn a_folder_imports_credentials_keeps_failures_and_refuses_non_credentials() {
    let wallet_dir = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    inbox(files.path());
    let mut w = wallet(wallet_dir.path());

    let (sources, problems) = import::gather(&[files.path().to_path_buf()]);
    assert!(problems.is_empty());
    assert_eq!(sources.len(), 5, "{sources:?}");
    let mut progress = Vec::new();
    let items = import::import(&mut w, &sources, &verifier(), |done, total| {
        progress.push((done, total))
    })
    .unwrap();
    assert_eq!(progress.last(), Some(&(5, 5)));

    let by_name = |name: &str| {
        items
            .iter()
            .find(|i| i.source.ends_with(name))
            .unwrap()
            .outcome
            .clone()
    };
    for name in ["a.json", "b.jwt", "c.png", "d-tampered.json"] {
        assert!(
            matches!(by_name(name), Outcome::Imported { .. }),
            "{name}: {:?}",
            by_name(name)
        );
    }
    assert!(
        matches!(by_name("notes.json"), Outcome::Error { reason } if reason.contains("not a credential"))
    );
    assert_eq!(w.credential_count().unwrap(), 4);

    let rows = w.credentials().unwrap();
    let tampered = rows
        .iter()
        .find(|r| r.verified == Some(false))
        .expect("the tampered one is stored, failing");
    assert!(
        rows.iter().filter(|r| r.verified == Some(true)).count() >= 2,
        "{rows:?}"
    );
    assert!(tampered.name.is_some());

    // The original bytes come back exactly, a baked image as the image.
    let Outcome::Imported { id } = by_name("c.png") else {
        unreachable!()
    };
    assert_eq!(
        w.original(&id).unwrap().unwrap(),
        std::fs::read(files.path().join("nested/c.png")).unwrap()
    );
}

#[test]
fn importing_twice_or_in_another_layout_keeps_one_record() {
    let wallet_dir = tempfile::tempdir().unwrap();
    let mut w = wallet(wallet_dir.path());
    let original = std::fs::read(vectors_dir().join("dbjs-signed/eddsa-rdfc-2022.json")).unwrap();
    let reformatted =
        serde_json::to_vec(&serde_json::from_slice::<serde_json::Value>(&original).unwrap())
            .unwrap();
    assert_ne!(original, reformatted);
    let sources = vec![
        Source::Bytes {
            label: "pretty".into(),
            bytes: original.clone(),
        },
        Source::Bytes {
            label: "again".into(),
            bytes: original,
        },
        Source::Bytes {
            label: "compact".into(),
            bytes: reformatted,
        },
    ];
    let items = import::import(&mut w, &sources, &verifier(), |_, _| {}).unwrap();
    let Outcome::Imported { id } = &items[0].outcome else {
        panic!("{items:?}")
    };
    assert_eq!(items[1].outcome, Outcome::Duplicate { id: id.clone() });
    assert_eq!(items[2].outcome, Outcome::Duplicate { id: id.clone() });
    assert_eq!(w.credential_count().unwrap(), 1);
}

#[test]
fn imported_content_is_not_readable_on_disk() {
    let wallet_dir = tempfile::tempdir().unwrap();
    let mut w = wallet(wallet_dir.path());
    let marker = "MARKER-learner-name-5d1e77";
    let mut doc: serde_json::Value = serde_json::from_slice(
        &std::fs::read(vectors_dir().join("dbjs-signed/eddsa-rdfc-2022.json")).unwrap(),
    )
    .unwrap();
    doc["name"] = serde_json::json!(marker);
    doc["credentialSubject"]["achievement"]["name"] = serde_json::json!(marker);
    let bytes = serde_json::to_vec(&doc).unwrap();
    let items = import::import(
        &mut w,
        &[Source::Bytes {
            label: "marked".into(),
            bytes,
        }],
        &verifier(),
        |_, _| {},
    )
    .unwrap();
    assert!(matches!(items[0].outcome, Outcome::Imported { .. }));
    assert_eq!(w.credentials().unwrap()[0].name.as_deref(), Some(marker));
    // While the wallet is open (WAL and shared memory present) and after it closes.
    for phase in ["open", "closed"] {
        for entry in std::fs::read_dir(wallet_dir.path()).unwrap() {
            let path = entry.unwrap().path();
            let content = std::fs::read(&path).unwrap();
            assert!(
                !content
                    .windows(marker.len())
                    .any(|w| w == marker.as_bytes()),
                "{phase}: {} holds the marker",
                path.display()
            );
        }
        if phase == "open" {
            drop(std::mem::replace(
                &mut w,
                wallet(tempfile::tempdir().unwrap().path()),
            ));
        }
    }
}

#[test]
fn folder_links_are_not_followed() {
    let files = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    std::fs::copy(
        vectors_dir().join("dbjs-signed/eddsa-rdfc-2022.json"),
        outside.path().join("x.json"),
    )
    .unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(outside.path(), files.path().join("link")).unwrap();
    let (sources, _) = import::gather(&[files.path().to_path_buf()]);
    assert!(sources.is_empty(), "{sources:?}");
}

#[test]
fn pages_of_the_list_are_slices_of_the_whole_list() {
    let wallet_dir = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    inbox(files.path());
    let mut w = wallet(wallet_dir.path());
    let (sources, _) = import::gather(&[files.path().to_path_buf()]);
    import::import(&mut w, &sources, &verifier(), |_, _| {}).unwrap();
    let all = w.credentials().unwrap();
    assert_eq!(all.len(), 4);
    assert_eq!(w.credentials_page(0, 2).unwrap(), all[..2]);
    assert_eq!(w.credentials_page(2, 2).unwrap(), all[2..]);
    assert_eq!(w.credentials_page(3, 100).unwrap(), all[3..]);
    assert!(w.credentials_page(4, 100).unwrap().is_empty());
}
