//! S3-compatible backend (`--store s3://BUCKET`): `shares/ID.blob` and `shares/ID.json`
//! objects in the bucket. Endpoint, region and credentials come from the usual AWS
//! environment variables (`AWS_ENDPOINT_URL`, `AWS_REGION`, `AWS_ACCESS_KEY_ID`,
//! `AWS_SECRET_ACCESS_KEY`, …).
//!
//! An S3 PUT is atomic (readers see the old object or the whole new one), and the
//! blob is written before the metadata that commits it, as in `local`.

use std::time::Duration;

use async_trait::async_trait;
use bytes::Bytes;
use chrono::{DateTime, Utc};
use futures_util::TryStreamExt;
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::path::Path;
use object_store::{ObjectMeta, ObjectStore, ObjectStoreExt, PutPayload};

use super::{Meta, Store, StoreError};
use crate::ids::ShareId;

/// A blob without metadata this old is left over from a crash mid-upload.
const ORPHAN_AGE: Duration = Duration::from_secs(3600);

pub struct S3Store {
    bucket: AmazonS3,
}

impl S3Store {
    /// `allow_http` is for S3-protocol servers on loopback (tests, MinIO next to the
    /// relay); anything reached over a network should be https.
    pub fn from_env(bucket: &str) -> Result<Self, StoreError> {
        let endpoint_is_http = std::env::var("AWS_ENDPOINT_URL")
            .or_else(|_| std::env::var("AWS_ENDPOINT"))
            .is_ok_and(|e| e.starts_with("http://"));
        let bucket = AmazonS3Builder::from_env()
            .with_bucket_name(bucket)
            .with_allow_http(endpoint_is_http)
            .build()
            .map_err(remote)?;
        Ok(Self { bucket })
    }

    /// Fails at startup, naming the problem, rather than on the first upload.
    pub async fn check(&self) -> Result<(), StoreError> {
        self.bucket
            .list_with_delimiter(Some(&Path::from("shares")))
            .await
            .map(drop)
            .map_err(remote)
    }

    async fn read(&self, path: &Path) -> Result<Option<Bytes>, StoreError> {
        match self.bucket.get(path).await {
            Ok(result) => Ok(Some(result.bytes().await.map_err(remote)?)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(remote(e)),
        }
    }

    async fn list_shares(&self) -> Result<Vec<ObjectMeta>, StoreError> {
        self.bucket
            .list(Some(&Path::from("shares")))
            .try_collect()
            .await
            .map_err(remote)
    }

    async fn remove(&self, path: &Path) -> Result<(), StoreError> {
        match self.bucket.delete(path).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(remote(e)),
        }
    }
}

fn blob_path(id: &ShareId) -> Path {
    Path::from(format!("shares/{id}.blob"))
}

fn meta_path(id: &ShareId) -> Path {
    Path::from(format!("shares/{id}.json"))
}

fn remote(e: object_store::Error) -> StoreError {
    StoreError::Remote(e.to_string())
}

fn meta_json(meta: &Meta) -> Result<PutPayload, StoreError> {
    let json = serde_json::to_vec(meta).map_err(std::io::Error::other)?;
    Ok(PutPayload::from(json))
}

#[async_trait]
impl Store for S3Store {
    async fn put(&self, id: &ShareId, bytes: Bytes, meta: &Meta) -> Result<(), StoreError> {
        self.bucket
            .put(&blob_path(id), PutPayload::from(bytes))
            .await
            .map_err(remote)?;
        self.put_meta(id, meta).await
    }

    async fn get(&self, id: &ShareId) -> Result<Option<Bytes>, StoreError> {
        self.read(&blob_path(id)).await
    }

    async fn get_meta(&self, id: &ShareId) -> Result<Option<Meta>, StoreError> {
        let Some(bytes) = self.read(&meta_path(id)).await? else {
            return Ok(None);
        };
        serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|source| StoreError::CorruptMeta {
                id: id.clone(),
                source,
            })
    }

    async fn put_meta(&self, id: &ShareId, meta: &Meta) -> Result<(), StoreError> {
        self.bucket
            .put(&meta_path(id), meta_json(meta)?)
            .await
            .map(drop)
            .map_err(remote)
    }

    async fn delete_blob(&self, id: &ShareId) -> Result<(), StoreError> {
        self.remove(&blob_path(id)).await
    }

    async fn delete(&self, id: &ShareId) -> Result<(), StoreError> {
        self.remove(&blob_path(id)).await?;
        self.remove(&meta_path(id)).await
    }

    async fn list_expired(&self, now: DateTime<Utc>) -> Result<Vec<ShareId>, StoreError> {
        let objects = self.list_shares().await?;
        let names: std::collections::HashSet<&str> = objects
            .iter()
            .filter_map(|o| o.location.filename())
            .collect();
        let mut expired = Vec::new();
        for object in &objects {
            let Some(name) = object.location.filename() else {
                continue;
            };
            if let Some(id) = name.strip_suffix(".json").and_then(ShareId::parse) {
                match self.get_meta(&id).await {
                    Ok(Some(meta)) if meta.expires <= now => expired.push(id),
                    Ok(_) => {}
                    Err(e @ StoreError::CorruptMeta { .. }) => tracing::warn!("{e}"),
                    Err(e) => return Err(e),
                }
            } else if let Some(id) = name.strip_suffix(".blob").and_then(ShareId::parse) {
                let age = (now - object.last_modified).to_std().unwrap_or_default();
                if !names.contains(format!("{id}.json").as_str()) && age > ORPHAN_AGE {
                    expired.push(id);
                }
            }
        }
        Ok(expired)
    }

    async fn usage(&self) -> Result<u64, StoreError> {
        let objects = self.list_shares().await?;
        Ok(objects
            .iter()
            .filter(|o| o.location.as_ref().ends_with(".blob"))
            .map(|o| o.size)
            .sum())
    }
}
