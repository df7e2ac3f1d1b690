//! Unit tests that need a real wallet on disk: backup and restore (every table of the
//! schema), and the SQLCipher settings every connection runs under.

use std::path::Path;

use rusqlite::Connection;

use super::merge::MERGED_TABLES;
use super::*;
use crate::import::{self, Source};
use crate::store::KdfParams;
use crate::verify::Verifier;

const FAST: KdfParams = KdfParams {
    m_kib: 19 * 1024,
    t: 2,
    p: 1,
};

fn pass(text: &str) -> Passphrase {
    Passphrase::new(text.into())
}

fn new_wallet(dir: &Path, passphrase: &str) -> (Wallet, RecoveryCode) {
    Wallet::create_with(&WalletLocation::at(dir).unwrap(), &pass(passphrase), FAST).unwrap()
}

/// Distinct credentials: one signed vector with its id varied (the proof then
/// fails, which a wallet keeps all the same).
fn credentials(range: std::ops::Range<usize>) -> Vec<Source> {
    let base: serde_json::Value = serde_json::from_slice(
        &std::fs::read(crate::test_support::vectors_dir().join("dbjs-signed/eddsa-rdfc-2022.json"))
            .unwrap(),
    )
    .unwrap();
    range
        .map(|i| {
            let mut doc = base.clone();
            doc["id"] = serde_json::json!(format!("urn:uuid:backup-test-{i}"));
            Source::Bytes {
                label: format!("item {i}"),
                bytes: serde_json::to_vec_pretty(&doc).unwrap(),
            }
        })
        .collect()
}

fn fill(wallet: &mut Wallet, range: std::ops::Range<usize>, tag: &str) {
    import::import(wallet, &credentials(range), &Verifier::offline(), |_, _| {}).unwrap();
    let first: String = wallet
        .conn
        .query_row("SELECT id FROM credentials ORDER BY id LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    wallet
        .conn
        .execute_batch(&format!(
            "INSERT INTO settings VALUES ('theme-{tag}', 'dark');
             INSERT INTO portfolios VALUES ('p-{tag}', 'For {tag}', 'my note', '2026-01-01', '2026-01-01');
             INSERT INTO portfolio_items VALUES ('p-{tag}', '{first}', 0);
             INSERT INTO shares VALUES ('s-{tag}', 'p-{tag}', 'For {tag}', 'https://relay.example',
                 'https://relay.example/s/s-{tag}#k=abc', 'owner', '2026-01-01', '2026-02-01', NULL);
             INSERT INTO fetch_cache VALUES ('https://issuer.example/{tag}', 'did', x'7b7d', NULL, '2026-01-01');"
        ))
        .unwrap();
}

/// Every row of every table, as text, for comparing two wallets.
fn dump(wallet: &Wallet) -> Vec<String> {
    let mut out = Vec::new();
    for table in MERGED_TABLES {
        if table == "credentials_fts" {
            continue;
        }
        let mut stmt = wallet
            .conn
            .prepare(&format!("SELECT * FROM {table} ORDER BY 1, 2"))
            .unwrap();
        let columns = stmt.column_count();
        let rows = stmt
            .query_map([], |row| {
                let mut line = format!("{table}:");
                for i in 0..columns {
                    line.push_str(&format!("{:?}|", row.get_ref(i)?));
                }
                Ok(line)
            })
            .unwrap();
        out.extend(rows.map(Result::unwrap));
    }
    out
}

#[test]
fn a_backup_restored_on_a_fresh_machine_is_the_same_wallet() {
    let home = tempfile::tempdir().unwrap();
    let (mut wallet, code) = new_wallet(&home.path().join("a"), "pw");
    fill(&mut wallet, 0..40, "a");
    let file = home.path().join("wallet.cairnbackup");
    let info = wallet.backup(&file).unwrap();
    assert_eq!(info.credentials, 40);

    for (name, secret, new) in [
        ("by-passphrase", BackupSecret::Passphrase(&pass("pw")), None),
        (
            "by-code",
            BackupSecret::RecoveryCode(&code),
            Some(pass("fresh")),
        ),
    ] {
        let location = WalletLocation::at(&home.path().join(name)).unwrap();
        let backup = Backup::unlock(&file, secret).unwrap();
        let Restored::Installed(restored, counts) =
            backup.install(&location, new.as_ref()).unwrap()
        else {
            panic!("installed")
        };
        assert_eq!(counts.credentials.added, 40);
        assert_eq!(dump(&restored), dump(&wallet), "{name}");
        assert_eq!(restored.holder_did().unwrap(), wallet.holder_did().unwrap());
        assert_eq!(restored.search("cloud", 100).unwrap().len(), 40);
        drop(restored);
        let unlock_with = new.unwrap_or_else(|| pass("pw"));
        Wallet::open(&location, &unlock_with).unwrap();
    }
}

#[test]
fn a_merge_adds_what_is_missing_once() {
    let home = tempfile::tempdir().unwrap();
    let (mut a, _) = new_wallet(&home.path().join("a"), "one");
    fill(&mut a, 0..30, "a");
    let file = home.path().join("a.backup");
    a.backup(&file).unwrap();

    let (mut b, _) = new_wallet(&home.path().join("b"), "two");
    fill(&mut b, 20..50, "b");
    let backup = Backup::unlock(&file, BackupSecret::Passphrase(&pass("one"))).unwrap();
    let counts = b.merge_backup(&backup).unwrap();
    assert_eq!(
        counts.credentials,
        Tally {
            added: 20,
            already: 10
        }
    );
    assert_eq!(
        counts.portfolios,
        Tally {
            added: 1,
            already: 0
        }
    );
    assert_eq!(
        counts.shares,
        Tally {
            added: 1,
            already: 0
        }
    );
    assert_eq!(
        counts.holder_keys,
        Tally {
            added: 1,
            already: 0
        }
    );
    assert_eq!(b.credential_count().unwrap(), 50);
    assert_eq!(
        b.search("cloud", 100).unwrap().len(),
        50,
        "merged ones are searchable"
    );
    b.check_integrity().unwrap();

    // Again: nothing new.
    let again = b.merge_backup(&backup).unwrap();
    assert_eq!(
        again.credentials,
        Tally {
            added: 0,
            already: 30
        }
    );
    assert_eq!(
        again.portfolios,
        Tally {
            added: 0,
            already: 1
        }
    );
    assert_eq!(b.credential_count().unwrap(), 50);
    assert_eq!(
        b.conn
            .query_row("SELECT count(*) FROM portfolio_items", [], |r| r
                .get::<_, i64>(0))
            .unwrap(),
        2
    );
    // Nothing is left behind in the wallet directory.
    let mut names: Vec<String> = std::fs::read_dir(home.path().join("b"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with("-wal") && !n.ends_with("-shm"))
        .collect();
    names.sort();
    assert_eq!(names, ["wallet.db", "wallet.keys"]);
}

#[test]
fn a_backup_holds_no_plaintext() {
    let home = tempfile::tempdir().unwrap();
    let (mut wallet, _) = new_wallet(&home.path().join("a"), "pw-marker-91d");
    fill(&mut wallet, 0..3, "a");
    let file = home.path().join("b");
    wallet.backup(&file).unwrap();
    let bytes = std::fs::read(&file).unwrap();
    for needle in [
        &b"backup-test-"[..],
        b"pw-marker-91d",
        b"SQLite format 3",
        b"Cloud",
        wallet.holder_did().unwrap().as_bytes(),
    ] {
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle),
            "{:?} in the backup",
            String::from_utf8_lossy(needle)
        );
    }
}

/// A table added by a later migration needs a merge rule before it ships:
/// otherwise restoring into an existing wallet would silently drop its rows.
#[test]
fn every_table_has_a_merge_rule() {
    let mut conn = Connection::open_in_memory().unwrap();
    migrations::migrations().to_latest(&mut conn).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table'
             AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'credentials_fts_%'",
        )
        .unwrap();
    let mut tables: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    tables.sort();
    let mut known: Vec<String> = MERGED_TABLES.iter().map(|t| t.to_string()).collect();
    known.sort();
    assert_eq!(tables, known);
}

#[test]
fn sqlcipher_wipes_freed_memory_and_logs_nothing() {
    let home = tempfile::tempdir().unwrap();
    let (wallet, _) = new_wallet(home.path(), "pw");
    let setting = |name: &str| -> String {
        wallet
            .conn
            .query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(setting("cipher_memory_security"), "1");
    assert_eq!(setting("cipher_log_level"), "NONE");
}
