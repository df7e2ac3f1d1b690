//! The wallet's memory of fetched documents (`fetch_cache`, schema 3): loaded into a
//! [`MemoryCache`] before verification and saved back after, so verification threads
//! never touch the database and offline checks can say "as of DATE".

use chrono::{DateTime, Utc};
use rusqlite::params;

use super::{StoreError, Wallet};
use crate::credential::image::{self, BadgeImage};
use crate::net::{CacheEntry, Kind, MemoryCache};

impl Wallet {
    /// Everything remembered, for a verification (see [`crate::net::CachingFetch`]).
    pub fn fetch_cache(&self) -> Result<MemoryCache, StoreError> {
        let mut stmt = self
            .conn
            // Badge pictures are looked up one at a time (`remembered_image`): loading
            // them with every verification would cost memory for nothing.
            .prepare(
                "SELECT url, kind, body, content_type, fetched_at FROM fetch_cache
                 WHERE kind <> 'image'",
            )?;
        let rows = stmt.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, Vec<u8>>(2)?,
                row.get::<_, Option<String>>(3)?,
                row.get::<_, String>(4)?,
            ))
        })?;
        let mut entries = Vec::new();
        for row in rows {
            let (url, kind, body, content_type, fetched_at) = row?;
            let fetched_at = DateTime::parse_from_rfc3339(&fetched_at)
                .map_err(|e| StoreError::Corrupt(format!("fetch_cache time of {url}: {e}")))?
                .with_timezone(&Utc);
            entries.push(CacheEntry {
                url,
                kind,
                body,
                content_type,
                fetched_at,
            });
        }
        Ok(MemoryCache::with_entries(entries))
    }

    /// Stores what the verification fetched anew, in one transaction. Returns how
    /// many documents were saved.
    pub fn save_fetch_cache(&mut self, cache: &MemoryCache) -> Result<usize, StoreError> {
        let changed = cache.take_changed();
        if changed.is_empty() {
            return Ok(0);
        }
        let tx = self.conn.transaction()?;
        for entry in &changed {
            tx.execute(
                "INSERT INTO fetch_cache (url, kind, body, content_type, fetched_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(url) DO UPDATE SET kind = excluded.kind, body = excluded.body,
                     content_type = excluded.content_type, fetched_at = excluded.fetched_at",
                params![
                    entry.url,
                    entry.kind,
                    entry.body,
                    entry.content_type,
                    entry
                        .fetched_at
                        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                ],
            )?;
        }
        tx.commit()?;
        Ok(changed.len())
    }

    /// A badge picture fetched earlier from `url`, if it was remembered (checked
    /// again: only bytes that are an image come back).
    pub fn remembered_image(&self, url: &str) -> Result<Option<BadgeImage>, StoreError> {
        let body: Option<Vec<u8>> = self
            .conn
            .query_row(
                "SELECT body FROM fetch_cache WHERE url = ?1 AND kind = ?2",
                params![url, Kind::Image.as_str()],
                |row| row.get(0),
            )
            .map(Some)
            .or_else(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => Ok(None),
                e => Err(e),
            })?;
        Ok(body.and_then(image::sniffed))
    }

    /// Remembers a badge picture fetched from `url`, so the wallet shows it offline.
    pub fn remember_image(&mut self, url: &str, picture: &BadgeImage) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO fetch_cache (url, kind, body, content_type, fetched_at)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(url) DO UPDATE SET kind = excluded.kind, body = excluded.body,
                 content_type = excluded.content_type, fetched_at = excluded.fetched_at",
            params![
                url,
                Kind::Image.as_str(),
                picture.bytes,
                picture.mime,
                Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            ],
        )?;
        Ok(())
    }
}
