//! Importing zip archives: a Credly/Badgr-style export of baked badges in one go, zips
//! found in a folder walk, and hostile archives (a bomb, a header that lies, names that
//! try to climb out, nested archives, too many entries) refused without harm.

mod support;

use std::io::Write;
use std::path::Path;

use cairn_core::import::{self, ImportItem, Outcome};
use cairn_core::store::{KdfParams, Passphrase, Wallet};
use cairn_core::verify::{FixedClock, Verifier, parse_date};
use cairn_core::wallet::WalletLocation;
use support::vectors_dir;
use zip::write::SimpleFileOptions;

const FAST: KdfParams = KdfParams {
    m_kib: 19 * 1024,
    t: 2,
    p: 1,
};

fn wallet(dir: &Path) -> Wallet {
    Wallet::create_with(
        &WalletLocation::at(dir).unwrap(),
        &Passphrase::new("pw".into()),
        FAST,
    )
    .unwrap()
    .0
}

fn verifier() -> Verifier {
    Verifier::offline().with_clock(FixedClock(parse_date("2026-11-23T00:00:00Z").unwrap()))
}

/// Writes a zip of `(name, bytes, deflate?)` entries.
fn make_zip(path: &Path, entries: &[(&str, Vec<u8>, bool)]) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, bytes, deflate) in entries {
        let method = if *deflate {
            zip::CompressionMethod::Deflated
        } else {
            zip::CompressionMethod::Stored
        };
        zip.start_file(
            *name,
            SimpleFileOptions::default().compression_method(method),
        )
        .unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}

fn vector(rel: &str) -> Vec<u8> {
    std::fs::read(vectors_dir().join(rel)).unwrap()
}

fn import_paths(w: &mut Wallet, paths: &[&Path]) -> Vec<ImportItem> {
    let paths: Vec<_> = paths.iter().map(|p| p.to_path_buf()).collect();
    let (sources, mut problems) = import::gather(&paths);
    let mut items = import::import(w, &sources, &verifier(), |_, _| {}).unwrap();
    items.append(&mut problems);
    items
}

fn outcome<'a>(items: &'a [ImportItem], suffix: &str) -> &'a Outcome {
    &items
        .iter()
        .find(|i| i.source.ends_with(suffix))
        .unwrap_or_else(|| panic!("no item ending in {suffix}: {items:#?}"))
        .outcome
}

const BAKED: [&str; 4] = [
    "1edtech-validator/ob30/simple-json.png",
    "1edtech-validator/ob30/simple-jwt.png",
    "1edtech-validator/ob20/simple-badge.png",
    "1edtech-validator/ob30/simple-jwt.svg",
];

#[test]
fn a_badge_export_zip_imports_in_one_go_with_its_bytes_kept() {
    let files = tempfile::tempdir().unwrap();
    let wallet_dir = tempfile::tempdir().unwrap();
    let mut w = wallet(wallet_dir.path());
    let names = [
        "badges/1.png",
        "badges/2.png",
        "badges/3.png",
        "badges/4.svg",
    ];
    let mut entries: Vec<(&str, Vec<u8>, bool)> = BAKED
        .iter()
        .zip(names)
        .map(|(from, to)| (to, vector(from), true))
        .collect();
    entries.push(("badges/", Vec::new(), false));
    // The same badge as 1.png, baked in an SVG instead: one record.
    entries.push((
        "badges/again.svg",
        vector("1edtech-validator/ob30/simple-json.svg"),
        false,
    ));
    entries.push(("export.csv", b"name,issued\n".to_vec(), true));
    entries.push(("__MACOSX/badges/._1.png", b"junk".to_vec(), true));
    let export = files.path().join("credly-export.zip");
    make_zip(&export, &entries);

    let items = import_paths(&mut w, &[&export]);
    assert_eq!(items.len(), 5, "{items:#?}");
    for (i, name) in names.iter().enumerate() {
        let Outcome::Imported { id } = outcome(&items, &format!("credly-export.zip!/{name}"))
        else {
            panic!("{name}: {items:#?}")
        };
        assert_eq!(w.original(id).unwrap().unwrap(), vector(BAKED[i]), "{name}");
    }
    assert!(matches!(
        outcome(&items, "again.svg"),
        Outcome::Duplicate { .. }
    ));
    assert_eq!(w.credential_count().unwrap(), 4);
}

#[test]
fn zips_in_a_folder_are_opened_but_zips_in_zips_are_not() {
    let files = tempfile::tempdir().unwrap();
    let wallet_dir = tempfile::tempdir().unwrap();
    let mut w = wallet(wallet_dir.path());
    let inner = files.path().join("inner.zip");
    make_zip(
        &inner,
        &[(
            "deep.json",
            vector("dbjs-signed/eddsa-rdfc-2022.json"),
            true,
        )],
    );
    std::fs::create_dir(files.path().join("downloads")).unwrap();
    make_zip(
        &files.path().join("downloads/Archive.ZIP"),
        &[
            ("a.jwt", vector("dbjs-signed/jwt-EdDSA.jwt"), true),
            ("nested.zip", std::fs::read(&inner).unwrap(), false),
        ],
    );
    std::fs::remove_file(&inner).unwrap();

    let items = import_paths(&mut w, &[files.path()]);
    assert!(matches!(
        outcome(&items, "Archive.ZIP!/a.jwt"),
        Outcome::Imported { .. }
    ));
    assert!(
        matches!(outcome(&items, "!/nested.zip"), Outcome::Error { reason } if reason.contains("inside archives")),
        "{items:#?}"
    );
    assert_eq!(w.credential_count().unwrap(), 1);
}

#[test]
fn entry_names_are_labels_and_never_paths() {
    let files = tempfile::tempdir().unwrap();
    let wallet_dir = tempfile::tempdir().unwrap();
    let mut w = wallet(wallet_dir.path());
    let credential = vector("dbjs-signed/eddsa-rdfc-2022.json");
    let archive = files.path().join("sub/climb.zip");
    std::fs::create_dir(files.path().join("sub")).unwrap();
    make_zip(
        &archive,
        &[
            ("../../escaped.json", credential.clone(), true),
            (
                "/etc/absolute.jwt",
                vector("dbjs-signed/jwt-EdDSA.jwt"),
                true,
            ),
            ("..\\..\\windows.json", credential, true),
        ],
    );
    let before: Vec<_> = walk(files.path());
    let items = import_paths(&mut w, &[&archive]);
    assert!(matches!(
        outcome(&items, "climb.zip!/../../escaped.json"),
        Outcome::Imported { .. }
    ));
    assert!(matches!(
        outcome(&items, "climb.zip!//etc/absolute.jwt"),
        Outcome::Imported { .. }
    ));
    assert!(matches!(
        outcome(&items, "windows.json"),
        Outcome::Duplicate { .. }
    ));
    assert_eq!(
        walk(files.path()),
        before,
        "nothing was written beside the archive"
    );
    assert!(!Path::new("/etc/absolute.jwt").exists());
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = vec![dir.to_path_buf()];
    if dir.is_dir() {
        for entry in std::fs::read_dir(dir).unwrap() {
            out.extend(walk(&entry.unwrap().path()));
        }
    }
    out.sort();
    out
}

#[test]
fn a_zip_bomb_is_refused_before_it_inflates() {
    let files = tempfile::tempdir().unwrap();
    let wallet_dir = tempfile::tempdir().unwrap();
    let mut w = wallet(wallet_dir.path());
    let bomb = files.path().join("bomb.zip");
    make_zip(
        &bomb,
        &[
            // 16 MiB of zeros deflate to about 16 KB: 1000:1.
            ("zeros.json", vec![0u8; 16 * 1024 * 1024], true),
            ("fine.jwt", vector("dbjs-signed/jwt-EdDSA.jwt"), true),
        ],
    );
    let items = import_paths(&mut w, &[&bomb]);
    assert!(
        matches!(outcome(&items, "zeros.json"), Outcome::Error { reason } if reason.contains("zip bomb")),
        "{items:#?}"
    );
    assert!(matches!(
        outcome(&items, "fine.jwt"),
        Outcome::Imported { .. }
    ));
}

#[test]
fn an_entry_that_inflates_beyond_its_declared_size_is_refused() {
    let files = tempfile::tempdir().unwrap();
    let wallet_dir = tempfile::tempdir().unwrap();
    let mut w = wallet(wallet_dir.path());
    let liar = files.path().join("liar.zip");
    let mut text = br#"{"padding": ""#.to_vec();
    text.extend(std::iter::repeat_n(b'a', 5000));
    text.extend_from_slice(br#""}"#);
    make_zip(&liar, &[("liar.json", text, true)]);
    // Rewrite the declared uncompressed size (local header offset 22, central
    // directory offset 24) to 64 bytes: small, and within the ratio bound.
    let mut bytes = std::fs::read(&liar).unwrap();
    for (signature, offset) in [(0x04034b50u32, 22), (0x02014b50u32, 24)] {
        let at = bytes
            .windows(4)
            .position(|w| w == signature.to_le_bytes())
            .unwrap();
        bytes[at + offset..at + offset + 4].copy_from_slice(&64u32.to_le_bytes());
    }
    std::fs::write(&liar, bytes).unwrap();
    let items = import_paths(&mut w, &[&liar]);
    assert!(
        matches!(outcome(&items, "liar.json"), Outcome::Error { reason } if reason.contains("declare")),
        "{items:#?}"
    );
    assert_eq!(w.credential_count().unwrap(), 0);
}

#[test]
fn an_archive_with_too_many_entries_is_refused_whole() {
    let files = tempfile::tempdir().unwrap();
    let many = files.path().join("many.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&many).unwrap());
    for i in 0..20_001 {
        zip.start_file(format!("{i}.json"), SimpleFileOptions::default())
            .unwrap();
    }
    zip.finish().unwrap();
    let (sources, problems) = import::gather(std::slice::from_ref(&many));
    assert!(sources.is_empty());
    assert!(
        matches!(&problems[0].outcome, Outcome::Error { reason } if reason.contains("at most 20000")),
        "{problems:#?}"
    );
    let not_zip = files.path().join("fake.zip");
    std::fs::write(&not_zip, b"PK\x03\x04 but not really").unwrap();
    let (_, problems) = import::gather(&[not_zip]);
    assert!(
        matches!(&problems[0].outcome, Outcome::Error { reason } if reason.contains("not a readable zip"))
    );
}
