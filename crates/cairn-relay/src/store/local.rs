//! The default backend: a directory with `ID.blob` (the ciphertext) and `ID.json` (its
//! [`Meta`]) per share.
//!
//! Every file is written to a temporary file in the same directory, fsynced, renamed over
//! its final name and the directory fsynced, so a crash leaves either the old file or the
//! new one, never half of one. The blob goes first and the metadata second: a blob with
//! no metadata is not a share yet (it answers 404) and is swept as debris.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use bytes::Bytes;
use chrono::{DateTime, Utc};

use super::{Meta, Store, StoreError};
use crate::ids::ShareId;

const TMP_PREFIX: &str = ".tmp-";
/// A blob without metadata this old is left over from a crash mid-upload.
const ORPHAN_AGE: Duration = Duration::from_secs(3600);

pub struct LocalStore {
    dir: Arc<PathBuf>,
}

impl LocalStore {
    /// Creates the directory (owner-only on Unix) and removes temporary files a crash
    /// may have left; no upload is in flight before the server starts.
    pub fn open(root: &Path) -> io::Result<Self> {
        let dir = root.join("shares");
        create_private_dir(&dir)?;
        for entry in std::fs::read_dir(&dir)? {
            let entry = entry?;
            if entry.file_name().to_string_lossy().starts_with(TMP_PREFIX) {
                std::fs::remove_file(entry.path())?;
            }
        }
        // Fails now, with the directory named, rather than on the first upload.
        let probe = tempfile::Builder::new()
            .prefix(TMP_PREFIX)
            .tempfile_in(&dir)?;
        drop(probe);
        Ok(Self { dir: Arc::new(dir) })
    }

    pub fn blob_path(&self, id: &ShareId) -> PathBuf {
        self.dir.join(format!("{id}.blob"))
    }

    fn meta_path(&self, id: &ShareId) -> PathBuf {
        self.dir.join(format!("{id}.json"))
    }

    async fn blocking<T: Send + 'static>(
        &self,
        job: impl FnOnce(&Path) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let dir = Arc::clone(&self.dir);
        tokio::task::spawn_blocking(move || job(&dir))
            .await
            .map_err(|e| StoreError::Io(io::Error::other(e)))?
    }
}

#[async_trait]
impl Store for LocalStore {
    async fn put(&self, id: &ShareId, bytes: Bytes, meta: &Meta) -> Result<(), StoreError> {
        let (blob, meta_path) = (self.blob_path(id), self.meta_path(id));
        let meta_json = serde_json::to_vec(meta).map_err(io::Error::other)?;
        self.blocking(move |dir| {
            write_atomic(dir, &blob, &bytes)?;
            write_atomic(dir, &meta_path, &meta_json)?;
            Ok(())
        })
        .await
    }

    async fn get(&self, id: &ShareId) -> Result<Option<Bytes>, StoreError> {
        match tokio::fs::read(self.blob_path(id)).await {
            Ok(bytes) => Ok(Some(Bytes::from(bytes))),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    async fn get_meta(&self, id: &ShareId) -> Result<Option<Meta>, StoreError> {
        match tokio::fs::read(self.meta_path(id)).await {
            Ok(bytes) => parse_meta(id, &bytes).map(Some),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    async fn put_meta(&self, id: &ShareId, meta: &Meta) -> Result<(), StoreError> {
        let path = self.meta_path(id);
        let json = serde_json::to_vec(meta).map_err(io::Error::other)?;
        self.blocking(move |dir| Ok(write_atomic(dir, &path, &json)?))
            .await
    }

    async fn delete_blob(&self, id: &ShareId) -> Result<(), StoreError> {
        let blob = self.blob_path(id);
        self.blocking(move |dir| Ok(remove_durably(dir, &[blob])?))
            .await
    }

    async fn delete(&self, id: &ShareId) -> Result<(), StoreError> {
        // Blob first: metadata without a blob still reads as expired/revoked (410),
        // whereas a blob without metadata would only wait for the sweeper.
        let paths = [self.blob_path(id), self.meta_path(id)];
        self.blocking(move |dir| Ok(remove_durably(dir, &paths)?))
            .await
    }

    async fn list_expired(&self, now: DateTime<Utc>) -> Result<Vec<ShareId>, StoreError> {
        self.blocking(move |dir| {
            let mut expired = Vec::new();
            for entry in std::fs::read_dir(dir)? {
                let entry = entry?;
                let name = entry.file_name();
                let name = name.to_string_lossy();
                if let Some(id) = name.strip_suffix(".json").and_then(ShareId::parse) {
                    match std::fs::read(entry.path()) {
                        Ok(bytes) => match parse_meta(&id, &bytes) {
                            Ok(meta) if meta.expires <= now => expired.push(id),
                            Ok(_) => {}
                            // Never delete what cannot be read; an operator must look.
                            Err(e) => tracing::warn!("{e}"),
                        },
                        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                        Err(e) => return Err(e.into()),
                    }
                } else if let Some(id) = name.strip_suffix(".blob").and_then(ShareId::parse) {
                    let orphan = !dir.join(format!("{id}.json")).exists()
                        && entry
                            .metadata()?
                            .modified()?
                            .elapsed()
                            .is_ok_and(|age| age > ORPHAN_AGE);
                    if orphan {
                        expired.push(id);
                    }
                }
            }
            Ok(expired)
        })
        .await
    }

    async fn usage(&self) -> Result<u64, StoreError> {
        self.blocking(LocalStore::blob_bytes).await
    }
}

impl LocalStore {
    fn blob_bytes(dir: &Path) -> Result<u64, StoreError> {
        let mut total = 0;
        for entry in std::fs::read_dir(dir)? {
            let entry = entry?;
            if !entry.file_name().to_string_lossy().ends_with(".blob") {
                continue;
            }
            match entry.metadata() {
                Ok(meta) => total += meta.len(),
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(total)
    }
}

fn parse_meta(id: &ShareId, bytes: &[u8]) -> Result<Meta, StoreError> {
    serde_json::from_slice(bytes).map_err(|source| StoreError::CorruptMeta {
        id: id.clone(),
        source,
    })
}

fn write_atomic(dir: &Path, path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut tmp = tempfile::Builder::new()
        .prefix(TMP_PREFIX)
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    sync_dir(dir)
}

fn remove_durably(dir: &Path, paths: &[PathBuf]) -> io::Result<()> {
    let mut removed = false;
    for path in paths {
        match std::fs::remove_file(path) {
            Ok(()) => removed = true,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    // Repeated requests for a revoked share remove nothing and cost no fsync.
    if removed { sync_dir(dir) } else { Ok(()) }
}

/// Makes a rename or removal itself durable (POSIX: the directory entry is data of the
/// directory). Windows has no equivalent call and commits renames on its own.
fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    std::fs::File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// How old a file is; used by tests to age debris.
#[cfg(test)]
fn set_old(path: &Path) {
    let old = std::time::SystemTime::now() - ORPHAN_AGE - Duration::from_secs(60);
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(old)
        .unwrap();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::OwnerToken;

    fn meta(expires_in: i64) -> Meta {
        let now = Utc::now();
        Meta {
            token_hash: OwnerToken::generate().hash(),
            created: now,
            expires: now + chrono::Duration::seconds(expires_in),
            views: 0,
            size: 3,
            revoked: false,
        }
    }

    #[tokio::test]
    async fn put_get_delete_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalStore::open(dir.path()).unwrap();
        let id = ShareId::generate();
        let m = meta(60);
        store
            .put(&id, Bytes::from_static(b"abc"), &m)
            .await
            .unwrap();
        assert_eq!(store.get(&id).await.unwrap().as_deref(), Some(&b"abc"[..]));
        assert_eq!(store.get_meta(&id).await.unwrap(), Some(m.clone()));
        store.delete_blob(&id).await.unwrap();
        assert_eq!(store.get(&id).await.unwrap(), None);
        assert_eq!(store.get_meta(&id).await.unwrap(), Some(m));
        store.delete(&id).await.unwrap();
        assert_eq!(store.get_meta(&id).await.unwrap(), None);
        assert_eq!(store.usage().await.unwrap(), 0);
        store.delete(&id).await.unwrap();
    }

    #[tokio::test]
    async fn lists_expired_shares_and_old_orphans_only() {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalStore::open(dir.path()).unwrap();
        let (live, expired, orphan, fresh_orphan) = (
            ShareId::generate(),
            ShareId::generate(),
            ShareId::generate(),
            ShareId::generate(),
        );
        store.put(&live, Bytes::new(), &meta(60)).await.unwrap();
        store.put(&expired, Bytes::new(), &meta(-1)).await.unwrap();
        std::fs::write(store.blob_path(&orphan), b"x").unwrap();
        set_old(&store.blob_path(&orphan));
        std::fs::write(store.blob_path(&fresh_orphan), b"x").unwrap();
        let mut found = store.list_expired(Utc::now()).await.unwrap();
        found.sort();
        let mut want = vec![expired, orphan];
        want.sort();
        assert_eq!(found, want);
    }

    #[tokio::test]
    async fn open_removes_leftover_temporary_files_only() {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalStore::open(dir.path()).unwrap();
        let id = ShareId::generate();
        store
            .put(&id, Bytes::from_static(b"abc"), &meta(60))
            .await
            .unwrap();
        let shares = dir.path().join("shares");
        std::fs::write(shares.join(".tmp-half"), b"half a blob").unwrap();
        drop(store);
        let store = LocalStore::open(dir.path()).unwrap();
        assert!(!shares.join(".tmp-half").exists());
        assert!(store.get(&id).await.unwrap().is_some());
    }

    #[tokio::test]
    async fn corrupt_metadata_is_an_error_naming_the_share() {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalStore::open(dir.path()).unwrap();
        let id = ShareId::generate();
        std::fs::write(store.meta_path(&id), b"{not json").unwrap();
        let err = store.get_meta(&id).await.unwrap_err();
        assert!(err.to_string().contains(id.as_str()), "{err}");
        // …and the sweeper leaves it alone.
        assert!(store.list_expired(Utc::now()).await.unwrap().is_empty());
        assert!(store.meta_path(&id).exists());
    }
}
