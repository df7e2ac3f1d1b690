//! The rules of a share, independent of HTTP: expiry bounds, who may revoke or read
//! stats, when a blob stops being served and is deleted, and how views are counted.
//!
//! Views are counted in memory and folded into the stored metadata every few seconds
//! and at shutdown, so a fetch costs no disk write; a crash can lose the last few
//! seconds of counts, never a share. Every read-modify-write of metadata holds the
//! share's lock, so a view flush can never undo a revocation.

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::sync::Arc;

use bytes::Bytes;
use chrono::{DateTime, SubsecRound, Utc};
use tokio::sync::Mutex;

use crate::ids::{OwnerToken, ShareId};
use crate::store::{Meta, Store, StoreError};

pub const DEFAULT_EXPIRES: u64 = 7 * 24 * 3600;
pub const MIN_EXPIRES: u64 = 60;
pub const MAX_EXPIRES: u64 = 90 * 24 * 3600;
const LOCK_STRIPES: usize = 64;

#[derive(Debug, thiserror::Error)]
pub enum ShareError {
    #[error("no share with this id")]
    NotFound,
    #[error("this share has expired or was revoked")]
    Gone,
    #[error("the owner token does not match this share")]
    WrongToken,
    #[error("the relay's storage is full ({limit} bytes); try again later")]
    Full { limit: u64 },
    #[error("expires must be a whole number of seconds from {min} to {max}")]
    BadExpiry { min: u64, max: u64 },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What the uploader gets back, once.
pub struct Created {
    pub id: ShareId,
    pub owner_token: OwnerToken,
    pub expires: DateTime<Utc>,
}

pub struct Stats {
    pub views: u64,
    pub created: DateTime<Utc>,
    pub expires: DateTime<Utc>,
    pub size: u64,
}

pub struct Shares {
    store: Arc<dyn Store>,
    min_expires: u64,
    locks: Vec<Mutex<()>>,
    hasher: RandomState,
    pending_views: std::sync::Mutex<HashMap<ShareId, u64>>,
    usage: std::sync::Mutex<Usage>,
    /// 0: no cap.
    max_store: u64,
}

impl Shares {
    /// `min_expires` is [`MIN_EXPIRES`] except in tests of expiry itself; `max_store`
    /// caps the bytes of all blobs together (0: no cap).
    pub fn new(store: Arc<dyn Store>, min_expires: u64, max_store: u64) -> Self {
        Self {
            store,
            min_expires,
            usage: Default::default(),
            max_store,
            locks: (0..LOCK_STRIPES).map(|_| Mutex::new(())).collect(),
            hasher: RandomState::new(),
            pending_views: Default::default(),
        }
    }

    pub async fn create(
        &self,
        ciphertext: Bytes,
        expires_in: Option<u64>,
    ) -> Result<Created, ShareError> {
        let seconds = expires_in.unwrap_or(DEFAULT_EXPIRES);
        if !(self.min_expires..=MAX_EXPIRES).contains(&seconds) {
            return Err(ShareError::BadExpiry {
                min: self.min_expires,
                max: MAX_EXPIRES,
            });
        }
        let (id, owner_token) = (ShareId::generate(), OwnerToken::generate());
        // Whole seconds: the expiry is shown to people as RFC 3339 text.
        let created = Utc::now().trunc_subsecs(0);
        let expires = created + chrono::Duration::seconds(seconds as i64);
        let size = ciphertext.len() as u64;
        self.usage().reserve(size, self.max_store)?;
        let meta = Meta {
            token_hash: owner_token.hash(),
            created,
            expires,
            views: 0,
            size,
            revoked: false,
        };
        let stored = self.store.put(&id, ciphertext, &meta).await;
        self.usage().settle(size, stored.is_ok());
        stored?;
        Ok(Created {
            id,
            owner_token,
            expires,
        })
    }

    /// The ciphertext, counting one view. An expired share is deleted on the spot.
    pub async fn fetch(&self, id: &ShareId) -> Result<Bytes, ShareError> {
        self.live_meta(id).await?;
        // Revoked or swept between the two reads: it is gone either way.
        let bytes = self.store.get(id).await?.ok_or(ShareError::Gone)?;
        *self.pending().entry(id.clone()).or_default() += 1;
        Ok(bytes)
    }

    /// Whether the share can be viewed, without counting a view.
    pub async fn check_live(&self, id: &ShareId) -> Result<(), ShareError> {
        self.live_meta(id).await.map(drop)
    }

    /// Deletes the blob and keeps a tombstone until the original expiry, so the link
    /// answers "revoked" (410) rather than "never existed" (404).
    pub async fn revoke(&self, id: &ShareId, token: &OwnerToken) -> Result<(), ShareError> {
        let _guard = self.lock(id).await;
        let mut meta = self.owned_meta(id, token).await?;
        if !meta.revoked {
            meta.revoked = true;
            self.store.put_meta(id, &meta).await?;
        }
        self.store.delete_blob(id).await?;
        Ok(())
    }

    pub async fn stats(&self, id: &ShareId, token: &OwnerToken) -> Result<Stats, ShareError> {
        // Under the lock: a flush moves counts from memory to metadata atomically.
        let _guard = self.lock(id).await;
        let meta = self.owned_meta(id, token).await?;
        if meta.is_gone(Utc::now()) {
            return Err(ShareError::Gone);
        }
        let pending = self.pending().get(id).copied();
        Ok(Stats {
            views: meta.views + pending.unwrap_or(0),
            created: meta.created,
            expires: meta.expires,
            size: meta.size,
        })
    }

    /// Folds the views counted in memory into the stored metadata. Each share's count
    /// leaves memory only once its metadata is written, under the share's lock, so a
    /// concurrent `stats` sees every view exactly once and a failed write is retried.
    pub async fn flush_views(&self) -> Result<(), ShareError> {
        let snapshot: Vec<(ShareId, u64)> = self
            .pending()
            .iter()
            .map(|(id, n)| (id.clone(), *n))
            .collect();
        for (id, views) in snapshot {
            let _guard = self.lock(&id).await;
            if let Some(mut meta) = self.store.get_meta(&id).await? {
                meta.views += views;
                self.store.put_meta(&id, &meta).await?;
            }
            let mut pending = self.pending();
            if let Some(left) = pending.get_mut(&id) {
                *left -= views;
                if *left == 0 {
                    pending.remove(&id);
                }
            }
        }
        Ok(())
    }

    fn pending(&self) -> std::sync::MutexGuard<'_, HashMap<ShareId, u64>> {
        self.pending_views.lock().expect("view counter poisoned")
    }

    /// Deletes every expired share (and crash debris), then recounts the bytes
    /// stored; returns how many shares were deleted.
    pub async fn sweep(&self) -> Result<usize, ShareError> {
        let expired = self.store.list_expired(Utc::now()).await?;
        for id in &expired {
            let _guard = self.lock(id).await;
            self.store.delete(id).await?;
            self.pending().remove(id);
        }
        self.measure_usage().await?;
        Ok(expired.len())
    }

    /// Sets the bytes in use from the store itself.
    pub async fn measure_usage(&self) -> Result<u64, ShareError> {
        let written_before = self.usage().written;
        let measured = self.store.usage().await?;
        let mut usage = self.usage();
        usage.measured = measured;
        // Uploads finished before the count began are in `measured` now; uploads in
        // flight or finished since stay counted on top (perhaps twice until the next
        // count), so the cap is never overshot.
        usage.reserved -= written_before;
        usage.written -= written_before;
        Ok(usage.measured + usage.reserved)
    }

    fn usage(&self) -> std::sync::MutexGuard<'_, Usage> {
        self.usage.lock().expect("usage counter poisoned")
    }

    async fn live_meta(&self, id: &ShareId) -> Result<Meta, ShareError> {
        let meta = self.store.get_meta(id).await?.ok_or(ShareError::NotFound)?;
        if meta.is_gone(Utc::now()) {
            // Not served again; the tombstone stays for the sweeper so that later
            // requests still learn that the share is gone.
            let _guard = self.lock(id).await;
            self.store.delete_blob(id).await?;
            return Err(ShareError::Gone);
        }
        Ok(meta)
    }

    async fn owned_meta(&self, id: &ShareId, token: &OwnerToken) -> Result<Meta, ShareError> {
        let meta = self.store.get_meta(id).await?.ok_or(ShareError::NotFound)?;
        if !meta.token_hash.matches(token) {
            return Err(ShareError::WrongToken);
        }
        Ok(meta)
    }

    async fn lock(&self, id: &ShareId) -> tokio::sync::MutexGuard<'_, ()> {
        let stripe = self.hasher.hash_one(id) as usize % self.locks.len();
        self.locks[stripe].lock().await
    }
}

/// Bytes of all blobs: a count from the store (at start and after each sweep) plus
/// what uploads added since. Deletions lower it only at the next count, so it errs on
/// the full side.
#[derive(Default)]
struct Usage {
    measured: u64,
    /// Bytes of uploads accepted since the count, stored or still being written.
    reserved: u64,
    /// The part of `reserved` already stored.
    written: u64,
}

impl Usage {
    fn reserve(&mut self, size: u64, cap: u64) -> Result<(), ShareError> {
        if cap != 0 && self.measured + self.reserved + size > cap {
            return Err(ShareError::Full { limit: cap });
        }
        self.reserved += size;
        Ok(())
    }

    fn settle(&mut self, size: u64, stored: bool) {
        if stored {
            self.written += size;
        } else {
            self.reserved -= size;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::local::LocalStore;

    fn shares(dir: &std::path::Path) -> Shares {
        Shares::new(Arc::new(LocalStore::open(dir).unwrap()), 1, 0)
    }

    #[tokio::test]
    async fn expiry_outside_the_bounds_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let shares = Shares::new(
            Arc::new(LocalStore::open(dir.path()).unwrap()),
            MIN_EXPIRES,
            0,
        );
        for bad in [0, 59, MAX_EXPIRES + 1] {
            let err = shares.create(Bytes::from_static(b"x"), Some(bad)).await;
            assert!(
                matches!(err, Err(ShareError::BadExpiry { min: 60, .. })),
                "{bad}"
            );
        }
        let made = shares.create(Bytes::from_static(b"x"), None).await.unwrap();
        let days = (made.expires - Utc::now()).num_hours();
        assert!((167..=168).contains(&days), "{days} h");
    }

    /// A store in a temporary directory holding one share of "abc".
    async fn one_share() -> (tempfile::TempDir, Shares, Created) {
        let dir = tempfile::tempdir().unwrap();
        let shares = shares(dir.path());
        let made = shares
            .create(Bytes::from_static(b"abc"), None)
            .await
            .unwrap();
        (dir, shares, made)
    }

    async fn views(shares: &Shares, made: &Created) -> u64 {
        shares
            .stats(&made.id, &made.owner_token)
            .await
            .unwrap()
            .views
    }

    #[tokio::test]
    async fn uploads_stop_at_the_storage_cap_and_resume_after_deletion() {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(LocalStore::open(dir.path()).unwrap());
        let shares = Shares::new(store, 1, 10);
        let first = shares
            .create(Bytes::from_static(b"123456"), None)
            .await
            .unwrap();
        let full = shares.create(Bytes::from_static(b"12345"), None).await;
        assert!(matches!(full, Err(ShareError::Full { limit: 10 })));
        shares
            .create(Bytes::from_static(b"1234"), None)
            .await
            .unwrap();
        shares.revoke(&first.id, &first.owner_token).await.unwrap();
        assert_eq!(shares.measure_usage().await.unwrap(), 4);
        shares
            .create(Bytes::from_static(b"12345"), None)
            .await
            .unwrap();
    }

    #[tokio::test]
    async fn views_are_counted_and_survive_a_flush() {
        let (dir, shares, made) = one_share().await;
        for _ in 0..3 {
            assert_eq!(&shares.fetch(&made.id).await.unwrap()[..], b"abc");
        }
        assert_eq!(views(&shares, &made).await, 3);
        shares.flush_views().await.unwrap();
        assert_eq!(views(&self::shares(dir.path()), &made).await, 3);
    }

    #[tokio::test]
    async fn a_flush_after_revocation_does_not_bring_the_share_back() {
        let (_dir, shares, made) = one_share().await;
        shares.fetch(&made.id).await.unwrap();
        shares.revoke(&made.id, &made.owner_token).await.unwrap();
        shares.flush_views().await.unwrap();
        assert!(matches!(
            shares.fetch(&made.id).await,
            Err(ShareError::Gone)
        ));
    }

    #[tokio::test]
    async fn wrong_token_changes_nothing() {
        let (_dir, shares, made) = one_share().await;
        let wrong = OwnerToken::generate();
        assert!(matches!(
            shares.revoke(&made.id, &wrong).await,
            Err(ShareError::WrongToken)
        ));
        assert!(matches!(
            shares.stats(&made.id, &wrong).await,
            Err(ShareError::WrongToken)
        ));
        assert_eq!(&shares.fetch(&made.id).await.unwrap()[..], b"abc");
    }
}
