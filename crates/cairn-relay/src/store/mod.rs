//! Where shares are kept: a blob of ciphertext and a small metadata record per id.
//!
//! Backends only store and fetch; the rules (expiry, revocation, views) live in
//! `shares`. A backend must never expose a blob whose metadata is not yet written:
//! metadata is the commit record of a share.

pub mod local;
pub mod s3;

use async_trait::async_trait;
use bytes::Bytes;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::{ShareId, TokenHash};

/// Everything the relay knows about a share besides its bytes. No content, no key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    #[serde(with = "token_hash_b64")]
    pub token_hash: TokenHash,
    pub created: DateTime<Utc>,
    pub expires: DateTime<Utc>,
    pub views: u64,
    pub size: u64,
    pub revoked: bool,
}

impl Meta {
    /// Revoked or past its expiry: the blob must not be served any more.
    pub fn is_gone(&self, now: DateTime<Utc>) -> bool {
        self.revoked || self.expires <= now
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("storage I/O failed: {0}")]
    Io(#[from] std::io::Error),
    #[error("metadata of share {id} is unreadable: {source}")]
    CorruptMeta {
        id: ShareId,
        source: serde_json::Error,
    },
    #[error("object store: {0}")]
    Remote(String),
}

#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Stores the blob, then its metadata; returns only when both are durable.
    async fn put(&self, id: &ShareId, bytes: Bytes, meta: &Meta) -> Result<(), StoreError>;
    /// The blob, or `None` if it is not there (never stored, or deleted).
    async fn get(&self, id: &ShareId) -> Result<Option<Bytes>, StoreError>;
    async fn get_meta(&self, id: &ShareId) -> Result<Option<Meta>, StoreError>;
    /// Replaces the metadata atomically (views, revocation).
    async fn put_meta(&self, id: &ShareId, meta: &Meta) -> Result<(), StoreError>;
    /// Removes the blob and keeps the metadata, so a revoked share answers 410 not 404.
    async fn delete_blob(&self, id: &ShareId) -> Result<(), StoreError>;
    /// Removes blob and metadata; absent parts are not an error.
    async fn delete(&self, id: &ShareId) -> Result<(), StoreError>;
    /// Shares whose expiry is at or before `now`, plus debris a crash may have left.
    async fn list_expired(&self, now: DateTime<Utc>) -> Result<Vec<ShareId>, StoreError>;
    /// Bytes held in blobs, for the storage cap.
    async fn usage(&self) -> Result<u64, StoreError>;
}

mod token_hash_b64 {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    use crate::ids::TokenHash;

    pub fn serialize<S: Serializer>(hash: &TokenHash, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&hash.to_base64())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<TokenHash, D::Error> {
        let text = String::deserialize(d)?;
        TokenHash::from_base64(&text).ok_or_else(|| D::Error::custom("not a SHA-256 in base64url"))
    }
}
