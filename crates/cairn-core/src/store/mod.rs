//! The encrypted wallet: one SQLCipher database in the wallet directory, unlocked by
//! the learner's passphrase (or recovery code) through `wallet.keys`.
//!
//! Never: open the database before the key has been authenticated (so a wrong
//! passphrase touches no file); write a secret or credential content anywhere but the
//! encrypted database; let SQLite spill temporary data to unencrypted files.

mod backup;
mod cache;
mod cards;
mod device;
mod keyfile;
mod migrations;
mod portfolios;
mod recipients;
mod reports;
mod search;
mod secret;
pub mod settings;
mod shares;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use zeroize::Zeroizing;

pub use backup::{Backup, BackupInfo, BackupSecret, RestoreCounts, Restored, Tally};
pub use cards::{Card, Record};
pub use device::{Keychain, KeychainError};
pub use keyfile::KdfParams;
pub use portfolios::{Portfolio, PortfolioSummary};
pub use secret::{Passphrase, RecoveryCode};
pub use shares::{ShareRecord, ShareState};

use crate::verify::keys::did_key_ed25519;
use crate::wallet::WalletLocation;
use keyfile::{DbKey, KeyFile, Which};

/// The key file next to the database.
pub const KEY_FILE: &str = "wallet.keys";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("that passphrase does not unlock this wallet")]
    WrongPassphrase,
    #[error("that recovery code does not unlock this wallet")]
    WrongRecoveryCode,
    #[error("there is no wallet at {0} yet (create one with `cairn init`)")]
    NoWallet(PathBuf),
    #[error("no credential {0} in your wallet")]
    NoSuchCredential(String),
    #[error("a wallet already exists at {0}")]
    AlreadyExists(PathBuf),
    #[error("the passphrase is empty; choose one you will remember")]
    EmptyPassphrase,
    #[error("the wallet's files are damaged: {0}")]
    Corrupt(String),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the wallet database: {0}")]
    Database(#[from] rusqlite::Error),
    #[error("upgrading the wallet's schema: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("{0:?} is not an email address")]
    InvalidEmail(String),
    #[error("not a registry address Cairn can fetch: {0}")]
    InvalidRegistry(String),
    #[error("the system's random number generator failed: {0}")]
    Random(String),
    #[error("there is no portfolio {0} (see `cairn portfolio list`)")]
    UnknownPortfolio(String),
    #[error("there is no credential {0} in this wallet (see `cairn list`)")]
    UnknownCredential(String),
    #[error("{0}")]
    Invalid(String),
    #[error("{0}: not a Cairn backup")]
    NotABackup(PathBuf),
    #[error("{path}: the backup is damaged or was altered ({reason}); nothing was restored")]
    DamagedBackup { path: PathBuf, reason: String },
    #[error("{path}: made by a newer Cairn (backup format {version}); update Cairn to restore it")]
    BackupTooNew { path: PathBuf, version: String },
    #[error("that {secret} does not unlock the backup {path}")]
    BackupLocked { path: PathBuf, secret: &'static str },
    #[error("this wallet is not remembered on this device; unlock it with your passphrase")]
    NotRemembered,
    #[error(transparent)]
    Keychain(#[from] KeychainError),
}

/// A verified credential about to be stored.
pub struct NewCredential {
    /// The bytes exactly as received (a baked image stays an image).
    pub original: Vec<u8>,
    /// The identity of its content (see `import::content_hash`): the same credential
    /// delivered twice is one record.
    pub content_hash: String,
    pub source: String,
    pub report: crate::verify::Report,
}

const ROW_SELECT: &str = "SELECT c.id, c.name, coalesce(c.issuer_name, c.issuer_id),
        (SELECT r.verified FROM reports r WHERE r.credential_id = c.id ORDER BY r.checked_at DESC LIMIT 1),
        c.recipients
     FROM credentials c";

/// One line of the wallet's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialRow {
    pub id: String,
    pub name: Option<String>,
    pub issuer: Option<String>,
    /// The latest report's verdict; `None` when never verified.
    pub verified: Option<bool>,
    /// Its subject is one of the wallet's DIDs or the learner's email addresses.
    pub issued_to_you: bool,
}

/// An unlocked wallet.
pub struct Wallet {
    conn: Connection,
    location: WalletLocation,
    /// The database key, kept to authenticate backups (it is in SQLCipher's memory
    /// anyway while the wallet is open); wiped on drop.
    key: DbKey,
}

impl std::fmt::Debug for Wallet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Wallet")
            .field("location", &self.location)
            .finish_non_exhaustive()
    }
}

impl Wallet {
    /// Creates a wallet: a random database key, wrapped by the passphrase and by a new
    /// recovery code (returned, to be shown once), and a holder key pair (`did:key`).
    pub fn create(
        location: &WalletLocation,
        passphrase: &Passphrase,
    ) -> Result<(Wallet, RecoveryCode), StoreError> {
        Self::create_with(location, passphrase, KdfParams::DEFAULT)
    }

    /// As [`Wallet::create`], with explicit key-derivation cost (tests use the minimum).
    pub fn create_with(
        location: &WalletLocation,
        passphrase: &Passphrase,
        kdf: KdfParams,
    ) -> Result<(Wallet, RecoveryCode), StoreError> {
        if passphrase.is_empty() {
            return Err(StoreError::EmptyPassphrase);
        }
        let dir = location.dir();
        if location.exists() || dir.join(KEY_FILE).exists() {
            return Err(StoreError::AlreadyExists(dir.to_path_buf()));
        }
        create_private_dir(dir)?;
        let key = keyfile::random_key()?;
        let recovery = RecoveryCode::generate().map_err(|e| StoreError::Random(e.to_string()))?;
        let keys = KeyFile::new(&key, passphrase.as_bytes(), recovery.as_bytes(), kdf)?;

        // Build the database under a temporary name and rename it last, so a crash
        // midway leaves no half-made wallet that `exists()` would report.
        let db_path = location.database_path();
        let tmp_path = db_path.with_extension("db.creating");
        let _ = std::fs::remove_file(&tmp_path);
        {
            let mut conn = open_encrypted(&tmp_path, &key, true)?;
            migrations::migrations().to_latest(&mut conn)?;
            create_holder_key(&conn)?;
            conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        }
        keys.write(&dir.join(KEY_FILE))?;
        std::fs::rename(&tmp_path, &db_path).map_err(|e| StoreError::Io {
            path: db_path.clone(),
            source: e,
        })?;
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", tmp_path.display()));
        }
        let wallet = Self::open_with_key(location, &key)?;
        Ok((wallet, recovery))
    }

    /// Unlocks with the passphrase. A wrong one changes no file.
    pub fn open(location: &WalletLocation, passphrase: &Passphrase) -> Result<Wallet, StoreError> {
        let keys = read_keys(location)?;
        let key = keys.unwrap_key(passphrase.as_bytes(), Which::Passphrase)?;
        Self::open_with_key(location, &key)
    }

    /// Unlocks with the recovery code and sets a new passphrase (the recovery code
    /// stays valid). A wrong code changes no file.
    pub fn recover(
        location: &WalletLocation,
        code: &RecoveryCode,
        new_passphrase: &Passphrase,
    ) -> Result<Wallet, StoreError> {
        if new_passphrase.is_empty() {
            return Err(StoreError::EmptyPassphrase);
        }
        let keys = read_keys(location)?;
        let key = keys.unwrap_key(code.as_bytes(), Which::Recovery)?;
        let wallet = Self::open_with_key(location, &key)?;
        keys.rewrap_passphrase(&key, new_passphrase.as_bytes())?
            .write(&location.dir().join(KEY_FILE))?;
        Ok(wallet)
    }

    /// Changes the passphrase by re-wrapping the database key; the database itself is
    /// not rewritten, so this is instant and cannot lose data.
    pub fn change_passphrase(
        location: &WalletLocation,
        old: &Passphrase,
        new: &Passphrase,
    ) -> Result<(), StoreError> {
        if new.is_empty() {
            return Err(StoreError::EmptyPassphrase);
        }
        let keys = read_keys(location)?;
        let key = keys.unwrap_key(old.as_bytes(), Which::Passphrase)?;
        keys.rewrap_passphrase(&key, new.as_bytes())?
            .write(&location.dir().join(KEY_FILE))
    }

    /// Unlocks with the secret this device's keychain holds for the wallet ("remember
    /// on this device"). `NotRemembered` when the wallet was never remembered here or
    /// the keychain's entry is gone or does not match; `Keychain` when there is no
    /// keychain to ask. Either way no file changes and the passphrase still works.
    pub fn open_remembered(
        location: &WalletLocation,
        keychain: &Keychain,
    ) -> Result<Wallet, StoreError> {
        let keys = read_keys(location)?;
        let id = keys.device_id().ok_or(StoreError::NotRemembered)?;
        let secret = keychain.get(id)?.ok_or(StoreError::NotRemembered)?;
        let key = keys.unwrap_key(&secret, Which::Device)?;
        Self::open_with_key(location, &key)
    }

    /// Whether `wallet.keys` has a slot for this device's keychain (it may still fail
    /// to open if the keychain entry was removed behind Cairn's back).
    pub fn is_remembered(location: &WalletLocation) -> Result<bool, StoreError> {
        Ok(read_keys(location)?.device_id().is_some())
    }

    /// Remembers this wallet on this device: a fresh device secret goes into the
    /// keychain first, then a slot wrapping the database key under it into
    /// `wallet.keys`. If the keychain refuses, `wallet.keys` is untouched.
    pub fn remember_on_device(&self, keychain: &Keychain) -> Result<(), StoreError> {
        let path = self.location.dir().join(KEY_FILE);
        let keys = read_keys(&self.location)?;
        let id = device::new_slot_id()?;
        let secret = device::new_secret()?;
        keychain.set(&id, &secret)?;
        let written = keys
            .with_device(&self.key, id.clone(), &secret)
            .and_then(|next| next.write(&path));
        if let Err(err) = written {
            let _ = keychain.delete(&id);
            return Err(err);
        }
        // The earlier entry (remembering twice) unlocks nothing now; tidy it away.
        if let Some(old) = keys.device_id() {
            let _ = keychain.delete(old);
        }
        Ok(())
    }

    /// Forgets this wallet on this device: the slot leaves `wallet.keys` first (so
    /// the keychain entry opens nothing from then on), then the entry is deleted.
    /// Needs no passphrase: it only takes a way in away. Returns whether it was
    /// remembered.
    pub fn forget_on_device(
        location: &WalletLocation,
        keychain: &Keychain,
    ) -> Result<bool, StoreError> {
        let keys = read_keys(location)?;
        let Some(id) = keys.device_id().map(str::to_owned) else {
            return Ok(false);
        };
        keys.without_device()
            .write(&location.dir().join(KEY_FILE))?;
        // The slot is gone, so an entry left behind is inert; a keychain that is not
        // reachable now is not a reason to report failure.
        match keychain.delete(&id) {
            Ok(()) | Err(KeychainError::Unavailable(_)) => Ok(true),
            Err(e) => Err(e.into()),
        }
    }

    fn open_with_key(location: &WalletLocation, key: &DbKey) -> Result<Wallet, StoreError> {
        let path = location.database_path();
        if !path.is_file() {
            return Err(StoreError::NoWallet(location.dir().to_path_buf()));
        }
        let mut conn = open_encrypted(&path, key, false)?;
        migrations::migrations().to_latest(&mut conn)?;
        conn.execute_batch(search::VOCABULARY)?;
        Ok(Wallet {
            conn,
            location: location.clone(),
            key: key.clone(),
        })
    }

    pub fn location(&self) -> &WalletLocation {
        &self.location
    }

    /// The holder's DID (`did:key`, Ed25519), created with the wallet.
    pub fn holder_did(&self) -> Result<String, StoreError> {
        Ok(self.conn.query_row(
            "SELECT did FROM holder_keys ORDER BY created_at LIMIT 1",
            [],
            |row| row.get(0),
        )?)
    }

    /// The schema version this wallet is at.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))?)
    }

    /// Stores credentials with their reports in one transaction. Returns, per item, its
    /// id and whether it was new (`false`: already in the wallet, nothing changed).
    pub fn store(&mut self, items: &[NewCredential]) -> Result<Vec<(String, bool)>, StoreError> {
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let tx = self.conn.transaction()?;
        let mut results = Vec::with_capacity(items.len());
        for item in items {
            let existing: Option<String> = tx
                .query_row(
                    "SELECT id FROM credentials WHERE content_hash = ?1",
                    [&item.content_hash],
                    |row| row.get(0),
                )
                .optional()?;
            if let Some(id) = existing {
                results.push((id, false));
                continue;
            }
            // 16 hex digits (64 bits) of the content hash: short enough to type, and a
            // collision in one person's wallet is out of reach.
            let id = item.content_hash.chars().take(16).collect::<String>();
            let summary = &item.report.credential;
            let report_json = serde_json::to_string(&item.report)
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            let parsed = crate::credential::parse(&item.original).ok();
            let doc = parsed.as_ref().and_then(|p| p.document());
            tx.execute(
                "INSERT INTO credentials (id, content_hash, original, format, container, name, issuer_id,
                     issuer_name, valid_from, valid_until, source, imported_at, recipients)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                params![
                    id,
                    item.content_hash,
                    item.original,
                    item.report.format,
                    item.report.container,
                    summary.name,
                    summary.issuer.id,
                    summary.issuer.name,
                    summary.valid_from,
                    summary.valid_until,
                    item.source,
                    now,
                    recipients::column(doc),
                ],
            )?;
            tx.execute(
                "INSERT INTO reports (credential_id, checked_at, verified, report) VALUES (?1, ?2, ?3, ?4)",
                params![id, item.report.checked_at, item.report.verified, report_json],
            )?;
            search::index_document(&tx, &id, doc)?;
            results.push((id, true));
        }
        tx.commit()?;
        Ok(results)
    }

    /// Records that `id` is a newer version of `previous` (a refresh), unless it
    /// already names one: the first link stands.
    pub fn set_previous_version(&mut self, id: &str, previous: &str) -> Result<bool, StoreError> {
        let changed = self.conn.execute(
            "UPDATE credentials SET previous_version = ?2
             WHERE id = ?1 AND previous_version IS NULL AND id <> ?2
               AND EXISTS (SELECT 1 FROM credentials WHERE id = ?2)",
            params![id, previous],
        )?;
        Ok(changed > 0)
    }

    /// The credential `id` replaces, when it came from a refresh.
    pub fn previous_version(&self, id: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT previous_version FROM credentials WHERE id = ?1",
                [id],
                |row| row.get(0),
            )
            .optional()?
            .flatten())
    }

    /// The bytes of a credential exactly as they were imported.
    pub fn original(&self, id: &str) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT original FROM credentials WHERE id = ?1",
                [id],
                |row| row.get(0),
            )
            .optional()?)
    }

    /// Every credential, newest first, with its latest verification verdict.
    pub fn credentials(&self) -> Result<Vec<CredentialRow>, StoreError> {
        self.credentials_page(0, usize::MAX)
    }

    /// Up to `limit` credentials from position `offset` of the list (newest first): a
    /// screen's first page reads only its own rows (index `credentials_newest`).
    pub fn credentials_page(
        &self,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<CredentialRow>, StoreError> {
        let as_i64 = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
        self.rows(
            &format!("{ROW_SELECT} ORDER BY c.imported_at DESC, c.id LIMIT ?1 OFFSET ?2"),
            params![as_i64(limit), as_i64(offset)],
        )
    }

    /// Up to `limit` credentials whose name, description, issuer or skills contain
    /// every word of `text` (as a word prefix), newest first. Any text is safe.
    pub fn search(&self, text: &str, limit: usize) -> Result<Vec<CredentialRow>, StoreError> {
        let Some(expression) = search::match_expression(&self.conn, text)? else {
            return Ok(Vec::new());
        };
        // Newest first, in the index's own order, so FTS5 stops after `limit` matches
        // instead of scoring every one: relevance ranking (bm25) over a broad query cost
        // 100 ms at 10,000 credentials, and a learner's own record reads best by date.
        self.rows(
            &format!(
                "{ROW_SELECT} JOIN (SELECT credential_id, rowid AS r FROM credentials_fts
                     WHERE credentials_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?2) f
                 ON f.credential_id = c.id ORDER BY f.r DESC"
            ),
            params![expression, i64::try_from(limit).unwrap_or(i64::MAX)],
        )
    }

    /// The latest verification report of a credential.
    pub fn report(&self, id: &str) -> Result<Option<crate::verify::Report>, StoreError> {
        let json: Option<String> = self
            .conn
            .query_row(
                "SELECT report FROM reports WHERE credential_id = ?1 ORDER BY checked_at DESC LIMIT 1",
                [id],
                |row| row.get(0),
            )
            .optional()?;
        json.map(|j| {
            serde_json::from_str(&j)
                .map_err(|e| StoreError::Corrupt(format!("a stored report: {e}")))
        })
        .transpose()
    }

    /// Removes a credential, its reports and its search entry. `false` if there was none.
    pub fn delete(&mut self, id: &str) -> Result<bool, StoreError> {
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM credentials_fts WHERE credential_id = ?1", [id])?;
        let removed = tx.execute("DELETE FROM credentials WHERE id = ?1", [id])?;
        tx.commit()?;
        Ok(removed > 0)
    }

    fn rows(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
    ) -> Result<Vec<CredentialRow>, StoreError> {
        let me = self.me()?;
        let mut stmt = self.conn.prepare(sql)?;
        let rows = stmt.query_map(params, |row| {
            let recipients = recipients::parse(row.get_ref(4)?.as_str_or_null()?);
            Ok(CredentialRow {
                id: row.get(0)?,
                name: row.get(1)?,
                issuer: row.get(2)?,
                verified: row.get::<_, Option<i64>>(3)?.map(|v| v != 0),
                issued_to_you: me.is_recipient(&recipients),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// SQLite's integrity check over the whole database, and every stored credential's
    /// bytes still readable. An error names what is wrong.
    pub fn check_integrity(&self) -> Result<(), StoreError> {
        let verdict: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |row| row.get(0))?;
        if verdict != "ok" {
            return Err(StoreError::Corrupt(format!("integrity check: {verdict}")));
        }
        let mut stmt = self
            .conn
            .prepare("SELECT id, length(original) FROM credentials")?;
        let empty: Vec<String> = stmt
            .query_map([], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?))
            })?
            .filter_map(Result::ok)
            .filter(|(_, len)| *len == 0)
            .map(|(id, _)| id)
            .collect();
        if !empty.is_empty() {
            return Err(StoreError::Corrupt(format!(
                "credentials without their bytes: {}",
                empty.join(", ")
            )));
        }
        Ok(())
    }

    /// How many credentials the wallet holds.
    pub fn credential_count(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM credentials", [], |row| row.get(0))?)
    }
}

fn read_keys(location: &WalletLocation) -> Result<KeyFile, StoreError> {
    let path = location.dir().join(KEY_FILE);
    if !path.is_file() || !location.exists() {
        return Err(StoreError::NoWallet(location.dir().to_path_buf()));
    }
    KeyFile::read(&path)
}

/// Opens a SQLCipher database with a raw 256-bit key (no KDF: the key is random) and
/// the settings that keep plaintext off the disk.
fn open_encrypted(path: &Path, key: &DbKey, create: bool) -> Result<Connection, StoreError> {
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    sqlcipher_process_settings();
    let conn = Connection::open_with_flags(path, flags)?;
    let pragma = Zeroizing::new(format!(
        "PRAGMA key = \"{}\";",
        raw_key_literal(key).as_str()
    ));
    conn.execute_batch(&pragma)?;
    conn.execute_batch(
        "PRAGMA temp_store = MEMORY;
         PRAGMA foreign_keys = ON;
         PRAGMA secure_delete = ON;",
    )?;
    // The first read authenticates the key: SQLCipher reports "file is not a database"
    // for a wrong one. The key was already authenticated by `wallet.keys`, so this
    // failing means the database itself is damaged.
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))
        .map_err(|e| {
            StoreError::Corrupt(format!("the database does not open with its key ({e})"))
        })?;
    conn.pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(()))?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    Ok(conn)
}

/// SQLCipher's process-wide settings, made once before the first connection: no
/// logging (nothing about keys on stderr), and freed memory wiped. Changing them while
/// another thread keys a connection made that keying fail now and then in parallel tests.
fn sqlcipher_process_settings() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        if let Ok(conn) = Connection::open_in_memory() {
            let _ = conn.execute_batch(
                "PRAGMA cipher_log_level = NONE;
                 PRAGMA cipher_memory_security = ON;",
            );
        }
    });
}

/// SQLCipher's raw-key literal, `x'…'` (used as is: no key derivation), wiped after use.
fn raw_key_literal(key: &DbKey) -> Zeroizing<String> {
    let hex = Zeroizing::new(key.iter().map(|b| format!("{b:02x}")).collect::<String>());
    Zeroizing::new(format!("x'{}'", hex.as_str()))
}

fn create_holder_key(conn: &Connection) -> Result<(), StoreError> {
    let mut seed = Zeroizing::new([0u8; 32]);
    getrandom::fill(seed.as_mut()).map_err(|e| StoreError::Random(e.to_string()))?;
    let signing = ed25519_dalek::SigningKey::from_bytes(&seed);
    let did = did_key_ed25519(&signing.verifying_key());
    let created = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    conn.execute(
        "INSERT INTO holder_keys (did, algorithm, secret_key, created_at) VALUES (?1, 'Ed25519', ?2, ?3)",
        params![did, seed.as_slice(), created],
    )?;
    Ok(())
}

fn create_private_dir(dir: &Path) -> Result<(), StoreError> {
    std::fs::create_dir_all(dir).map_err(|e| StoreError::Io {
        path: dir.to_path_buf(),
        source: e,
    })?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).map_err(|e| {
            StoreError::Io {
                path: dir.to_path_buf(),
                source: e,
            }
        })?;
    }
    Ok(())
}

/// Write-then-rename with fsyncs: after a crash the file is the old one or the new one.
pub(crate) fn atomic_write(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    use std::io::Write;
    let io = |e| StoreError::Io {
        path: path.to_path_buf(),
        source: e,
    };
    let tmp = path.with_extension("tmp");
    {
        let mut file = std::fs::File::create(&tmp).map_err(io)?;
        file.write_all(bytes).map_err(io)?;
        file.sync_all().map_err(io)?;
    }
    std::fs::rename(&tmp, path).map_err(io)?;
    if let Some(parent) = path.parent()
        && let Ok(dir) = std::fs::File::open(parent)
    {
        let _ = dir.sync_all();
    }
    Ok(())
}
