//! Backups: the whole wallet in one encrypted file, and restoring it — onto a machine
//! without a wallet (install) or into an existing wallet (merge without duplicates).
//!
//! A backup file is (integers big-endian):
//!
//! | bytes | what |
//! |---|---|
//! | 8 | magic `CAIRNBAK` |
//! | 4 | format version (1) |
//! | 4 + n | the wallet's `wallet.keys`: the database key wrapped by the passphrase and by the recovery code, so either unlocks the backup on a fresh machine |
//! | 8 + m | a snapshot of the database (`VACUUM INTO`), encrypted by SQLCipher under that same key |
//! | 32 | HMAC-SHA256 of everything before, keyed by HKDF-SHA256(database key, "cairn-backup/1/mac") |
//!
//! Nothing here is new cryptography: the key wraps are `wallet.keys`' AES-256-GCM,
//! the pages are SQLCipher's, and the MAC makes any change to the file (truncation,
//! a flipped bit, a spliced page) an error before a byte of it is used.
//!
//! Never: write anything while the secret is unverified (a wrong passphrase changes no
//! file); install or merge a snapshot before its MAC and SQLite's integrity check pass;
//! leave a half-written backup or wallet (write-then-rename); write plaintext.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use hmac::{Hmac, KeyInit, Mac};
use rusqlite::{Connection, params};
use serde::Serialize;
use sha2::Sha256;
use zeroize::Zeroizing;

use super::keyfile::{DbKey, KeyFile, MAX_BYTES as MAX_KEYS_BYTES, Which};
use super::{
    KEY_FILE, Passphrase, RecoveryCode, StoreError, Wallet, migrations, open_encrypted,
    raw_key_literal,
};
use crate::wallet::WalletLocation;

mod merge;
pub use merge::{RestoreCounts, Tally};
use merge::{counts_of, merge_attached};

const MAGIC: &[u8; 8] = b"CAIRNBAK";
const VERSION: u32 = 1;
const MAC_LEN: u64 = 32;
const MAC_INFO: &[u8] = b"cairn-backup/1/mac";
/// Where a snapshot is made and a restored one is checked: inside the wallet
/// directory (private, and on the same file system, so installing is a rename).
const SNAPSHOT: &str = "wallet.db.backup-snapshot";
const STAGED: &str = "wallet.db.restoring";

type HmacSha256 = Hmac<Sha256>;

/// What a backup holds, for the learner's confirmation.
#[derive(Debug, Clone, Serialize)]
pub struct BackupInfo {
    pub file: PathBuf,
    pub credentials: i64,
    pub bytes: u64,
}

/// The outcome of a restore.
#[derive(Debug)]
pub enum Restored {
    /// There was no wallet: the backup became it, exactly.
    Installed(Wallet, RestoreCounts),
    /// Merged into the open wallet.
    Merged(RestoreCounts),
}

/// What unlocks a backup.
#[derive(Debug, Clone, Copy)]
pub enum BackupSecret<'a> {
    /// The passphrase the wallet had when the backup was made.
    Passphrase(&'a Passphrase),
    RecoveryCode(&'a RecoveryCode),
}

/// A backup file whose secret has been checked and whose MAC has been verified.
/// Holding one has written nothing.
pub struct Backup {
    path: PathBuf,
    keys: KeyFile,
    key: DbKey,
    db_offset: u64,
    db_len: u64,
}

impl std::fmt::Debug for Backup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Backup")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

fn io_err(path: &Path) -> impl Fn(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn mac_for(key: &DbKey) -> HmacSha256 {
    let mut mac_key = Zeroizing::new([0u8; 32]);
    hkdf::Hkdf::<Sha256>::new(None, key.as_ref())
        .expand(MAC_INFO, mac_key.as_mut())
        .expect("32 bytes is a valid HKDF-SHA256 output length");
    <HmacSha256 as KeyInit>::new_from_slice(mac_key.as_ref())
        .expect("HMAC takes a key of any length")
}

/// Passes everything written to `inner` through the MAC as well.
struct MacWriter<'a, W> {
    inner: W,
    mac: &'a mut HmacSha256,
}

impl<W: Write> Write for MacWriter<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.mac.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Removes a file SQLite may have made, and its companions, when dropped.
struct TempDb(PathBuf);

impl TempDb {
    fn new(path: PathBuf) -> Self {
        let temp = TempDb(path);
        temp.remove();
        temp
    }
    fn remove(&self) {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", self.0.display()));
        }
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        self.remove();
    }
}

fn utf8(path: &Path) -> Result<&str, StoreError> {
    path.to_str().ok_or_else(|| StoreError::Io {
        path: path.to_path_buf(),
        source: std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "the path is not valid UTF-8",
        ),
    })
}

/// A file created readable by its owner only, as the wallet's own files are.
fn create_private(path: &Path) -> Result<File, StoreError> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map_err(io_err(path))
}

impl Wallet {
    /// Writes a backup of the whole wallet to `dest` (replacing it only once the new
    /// one is complete and verified).
    pub fn backup(&self, dest: &Path) -> Result<BackupInfo, StoreError> {
        let dir = self.location.dir();
        let keys_bytes = std::fs::read(dir.join(KEY_FILE)).map_err(io_err(&dir.join(KEY_FILE)))?;
        // "Remember on this device" belongs to this device's keychain: a backup opens
        // with the passphrase or the recovery code only.
        let keys_bytes = KeyFile::from_bytes(&keys_bytes)?
            .without_device()
            .to_bytes()?;

        // A consistent, compacted copy, encrypted under the same key (SQLCipher gives
        // VACUUM INTO's target the main database's key), checked before use.
        let snapshot = TempDb::new(dir.join(SNAPSHOT));
        self.conn.execute("VACUUM INTO ?1", [utf8(&snapshot.0)?])?;
        self.conn
            .execute("ATTACH DATABASE ?1 AS snapshot", [utf8(&snapshot.0)?])?;
        let checked = check_attached(&self.conn, "snapshot");
        let credentials =
            self.conn
                .query_row("SELECT count(*) FROM snapshot.credentials", [], |r| {
                    r.get(0)
                });
        self.conn.execute("DETACH DATABASE snapshot", [])?;
        checked?;
        let credentials: i64 = credentials?;

        let name = dest
            .file_name()
            .ok_or_else(|| StoreError::Io {
                path: dest.to_path_buf(),
                source: std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    "give a file name for the backup",
                ),
            })?
            .to_string_lossy()
            .into_owned();
        let partial = dest.with_file_name(format!(".{name}.partial"));
        let result = write_backup(&partial, &keys_bytes, &snapshot.0, &self.key).and_then(|()| {
            // Read it back as a restore would: the file on disk is what counts.
            Backup::verify_file(&partial, &self.key)?;
            std::fs::rename(&partial, dest).map_err(io_err(dest))
        });
        if let Err(err) = result {
            let _ = std::fs::remove_file(&partial);
            return Err(err);
        }
        if let Some(parent) = dest.parent().filter(|p| !p.as_os_str().is_empty())
            && let Ok(d) = File::open(parent)
        {
            let _ = d.sync_all();
        }
        let bytes = std::fs::metadata(dest).map_err(io_err(dest))?.len();
        Ok(BackupInfo {
            file: dest.to_path_buf(),
            credentials,
            bytes,
        })
    }

    /// Merges a backup into this wallet, in one transaction: credentials by content
    /// hash (with their reports), portfolios and shares by id, holder keys by DID;
    /// this wallet's settings and newer cached documents win.
    pub fn merge_backup(&mut self, backup: &Backup) -> Result<RestoreCounts, StoreError> {
        let staged = backup.stage(self.location.dir())?;
        self.conn.execute(
            "ATTACH DATABASE ?1 AS restored KEY ?2",
            params![utf8(&staged.0)?, raw_key_literal(&backup.key).as_str()],
        )?;
        let merged = merge_attached(&mut self.conn);
        let detached = self.conn.execute("DETACH DATABASE restored", []);
        let counts = merged?;
        detached?;
        Ok(counts)
    }
}

fn write_backup(path: &Path, keys: &[u8], snapshot: &Path, key: &DbKey) -> Result<(), StoreError> {
    let mut source = File::open(snapshot).map_err(io_err(snapshot))?;
    let db_len = source.metadata().map_err(io_err(snapshot))?.len();
    let keys_len = u32::try_from(keys.len())
        .map_err(|_| StoreError::Corrupt("the key file is too large".into()))?;
    let file = create_private(path)?;
    let mut mac = mac_for(key);
    {
        let mut out = MacWriter {
            inner: BufWriter::new(&file),
            mac: &mut mac,
        };
        let mut write = |out: &mut MacWriter<'_, _>| -> std::io::Result<()> {
            out.write_all(MAGIC)?;
            out.write_all(&VERSION.to_be_bytes())?;
            out.write_all(&keys_len.to_be_bytes())?;
            out.write_all(keys)?;
            out.write_all(&db_len.to_be_bytes())?;
            let copied = std::io::copy(&mut (&mut source).take(db_len), out)?;
            if copied != db_len {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::UnexpectedEof,
                    "the snapshot changed while it was copied",
                ));
            }
            out.flush()
        };
        write(&mut out).map_err(io_err(path))?;
    }
    let tag = mac.finalize().into_bytes();
    let mut file = file;
    file.write_all(&tag).map_err(io_err(path))?;
    file.sync_all().map_err(io_err(path))
}

impl Backup {
    /// Reads a backup's header, unlocks its key with `secret`, and verifies the whole
    /// file's MAC. Writes nothing, so a wrong secret or a damaged file changes nothing.
    pub fn unlock(path: &Path, secret: BackupSecret<'_>) -> Result<Backup, StoreError> {
        let (keys, db_offset, db_len) = read_header(path)?;
        let (bytes, which, what) = match secret {
            BackupSecret::Passphrase(p) => (p.as_bytes(), Which::Passphrase, "passphrase"),
            BackupSecret::RecoveryCode(c) => (c.as_bytes(), Which::Recovery, "recovery code"),
        };
        let key = keys.unwrap_key(bytes, which).map_err(|err| match err {
            StoreError::WrongPassphrase | StoreError::WrongRecoveryCode => {
                StoreError::BackupLocked {
                    path: path.to_path_buf(),
                    secret: what,
                }
            }
            StoreError::Corrupt(reason) => damaged(path, reason),
            other => other,
        })?;
        Self::verify_file(path, &key)?;
        Ok(Backup {
            path: path.to_path_buf(),
            keys,
            key,
            db_offset,
            db_len,
        })
    }

    /// Checks the MAC over the whole file.
    fn verify_file(path: &Path, key: &DbKey) -> Result<(), StoreError> {
        let (_, db_offset, db_len) = read_header(path)?;
        copy_verified(path, key, db_offset, db_len, std::io::sink())
    }

    /// Installs the backup as the wallet at `location`, where there is none yet. With
    /// `new_passphrase` (needed when it was unlocked by the recovery code) the key is
    /// re-wrapped under it; otherwise the backup's passphrase keeps unlocking it.
    pub fn install(
        &self,
        location: &WalletLocation,
        new_passphrase: Option<&Passphrase>,
    ) -> Result<Restored, StoreError> {
        if location.exists() {
            return Err(StoreError::AlreadyExists(location.dir().to_path_buf()));
        }
        if new_passphrase.is_some_and(Passphrase::is_empty) {
            return Err(StoreError::EmptyPassphrase);
        }
        let dir = location.dir();
        let made_dir = !dir.exists();
        super::create_private_dir(dir)?;
        let result = self.install_into(location, new_passphrase);
        if result.is_err() && made_dir {
            // Only removes the folder if nothing else is in it.
            let _ = std::fs::remove_dir(dir);
        }
        result
    }

    fn install_into(
        &self,
        location: &WalletLocation,
        new_passphrase: Option<&Passphrase>,
    ) -> Result<Restored, StoreError> {
        let dir = location.dir();
        let staged = self.stage(dir)?;
        let keys = match new_passphrase {
            Some(p) => self.keys.rewrap_passphrase(&self.key, p.as_bytes())?,
            None => self.keys.clone(),
        };
        // The key file first, the database last: a wallet "exists" once its database
        // does, so a crash in between leaves no wallet and the restore can be rerun.
        keys.write(&dir.join(KEY_FILE))?;
        let db_path = location.database_path();
        for suffix in ["-wal", "-shm", "-journal"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", db_path.display()));
        }
        std::fs::rename(&staged.0, &db_path).map_err(io_err(&db_path))?;
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
        let wallet = Wallet::open_with_key(location, &self.key)?;
        let counts = counts_of(&wallet.conn)?;
        Ok(Restored::Installed(wallet, counts))
    }

    /// Copies the snapshot into the wallet directory (verifying the MAC again, as the
    /// file may have changed since [`Backup::unlock`]), upgrades it to this Cairn's
    /// schema and checks it. Removed when the returned guard drops.
    fn stage(&self, dir: &Path) -> Result<TempDb, StoreError> {
        let staged = TempDb::new(dir.join(STAGED));
        {
            let file = create_private(&staged.0)?;
            let mut out = BufWriter::new(&file);
            copy_verified(&self.path, &self.key, self.db_offset, self.db_len, &mut out)?;
            out.flush().map_err(io_err(&staged.0))?;
            drop(out);
            file.sync_all().map_err(io_err(&staged.0))?;
        }
        let mut conn = open_encrypted(&staged.0, &self.key, false).map_err(|err| match err {
            StoreError::Corrupt(reason) => damaged(&self.path, reason),
            other => other,
        })?;
        let migrations = migrations::migrations();
        if migrations.pending_migrations(&conn)? < 0 {
            let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            return Err(StoreError::BackupTooNew {
                path: self.path.clone(),
                version: format!("schema {version}"),
            });
        }
        check_attached(&conn, "main").map_err(|err| match err {
            StoreError::Corrupt(reason) => damaged(&self.path, reason),
            other => other,
        })?;
        migrations.to_latest(&mut conn)?;
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        drop(conn);
        Ok(staged)
    }
}

fn damaged(path: &Path, reason: impl Into<String>) -> StoreError {
    StoreError::DamagedBackup {
        path: path.to_path_buf(),
        reason: reason.into(),
    }
}

/// Reads magic, version and key file; checks the file's length adds up. Returns the
/// key file and where the snapshot starts and how long it is.
fn read_header(path: &Path) -> Result<(KeyFile, u64, u64), StoreError> {
    let file = File::open(path).map_err(io_err(path))?;
    let total = file.metadata().map_err(io_err(path))?.len();
    let mut input = BufReader::new(file);
    let mut magic = [0u8; 8];
    if total < 8 || input.read_exact(&mut magic).is_err() || &magic != MAGIC {
        return Err(StoreError::NotABackup(path.to_path_buf()));
    }
    let truncated = |_| damaged(path, "it ends too early");
    let mut word = [0u8; 4];
    input.read_exact(&mut word).map_err(truncated)?;
    let version = u32::from_be_bytes(word);
    if version != VERSION {
        return Err(if version > VERSION {
            StoreError::BackupTooNew {
                path: path.to_path_buf(),
                version: version.to_string(),
            }
        } else {
            damaged(path, format!("unknown format version {version}"))
        });
    }
    input.read_exact(&mut word).map_err(truncated)?;
    let keys_len = u32::from_be_bytes(word) as usize;
    if keys_len > MAX_KEYS_BYTES {
        return Err(damaged(path, "its key section is too large"));
    }
    let mut keys = vec![0u8; keys_len];
    input.read_exact(&mut keys).map_err(truncated)?;
    let keys = KeyFile::from_bytes(&keys).map_err(|err| damaged(path, err.to_string()))?;
    let mut long = [0u8; 8];
    input.read_exact(&mut long).map_err(truncated)?;
    let db_len = u64::from_be_bytes(long);
    let db_offset = 8 + 4 + 4 + keys_len as u64 + 8;
    let expected = db_offset
        .checked_add(db_len)
        .and_then(|n| n.checked_add(MAC_LEN))
        .ok_or_else(|| damaged(path, "its length field is impossible"))?;
    if total < expected {
        return Err(damaged(
            path,
            format!("it ends {} bytes too early", expected - total),
        ));
    }
    if total > expected {
        return Err(damaged(
            path,
            format!("{} unexpected bytes after its end", total - expected),
        ));
    }
    Ok((keys, db_offset, db_len))
}

/// Streams the snapshot part of a backup into `sink`, computing the MAC over the
/// whole file, and fails unless the stored MAC matches (compared in constant time).
fn copy_verified(
    path: &Path,
    key: &DbKey,
    db_offset: u64,
    db_len: u64,
    sink: impl Write,
) -> Result<(), StoreError> {
    let mut input = BufReader::new(File::open(path).map_err(io_err(path))?);
    let mut mac = mac_for(key);
    let mut header = vec![0u8; usize::try_from(db_offset).unwrap_or(usize::MAX)];
    input.read_exact(&mut header).map_err(io_err(path))?;
    mac.update(&header);
    let mut out = MacWriter {
        inner: sink,
        mac: &mut mac,
    };
    let copied = std::io::copy(&mut (&mut input).take(db_len), &mut out).map_err(io_err(path))?;
    out.flush().map_err(io_err(path))?;
    if copied != db_len {
        return Err(damaged(path, "it ends too early"));
    }
    let mut tag = [0u8; MAC_LEN as usize];
    input
        .read_exact(&mut tag)
        .map_err(|_| damaged(path, "it ends too early"))?;
    mac.verify_slice(&tag)
        .map_err(|_| damaged(path, "its authentication code does not match"))?;
    Ok(())
}

/// SQLite's and SQLCipher's integrity checks on one schema of `conn`.
fn check_attached(conn: &Connection, schema: &str) -> Result<(), StoreError> {
    let verdict: String = conn.query_row(&format!("PRAGMA {schema}.integrity_check"), [], |r| {
        r.get(0)
    })?;
    if verdict != "ok" {
        return Err(StoreError::Corrupt(format!("integrity check: {verdict}")));
    }
    let mut fk = conn.prepare(&format!("PRAGMA {schema}.foreign_key_check"))?;
    if fk.exists([])? {
        return Err(StoreError::Corrupt(
            "records refer to records that are not there".into(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
