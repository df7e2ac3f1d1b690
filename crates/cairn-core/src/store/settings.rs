//! The wallet's settings: small named values kept inside the encrypted database
//! (the relay a learner shares through, for one), so they travel with backups.

use rusqlite::{OptionalExtension, params};

use super::{StoreError, Wallet};

/// The relay used for the last share; the default for the next.
pub const RELAY_URL: &str = "relay_url";

/// Settings keys of the known-issuer registries: `registry:` + the URL (default: none).
const REGISTRY_PREFIX: &str = "registry:";

impl Wallet {
    pub fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |row| {
                row.get(0)
            })
            .optional()?)
    }

    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    /// Adds a known-issuer registry (DCC format) by its URL; `false` if it was there.
    /// The URL must be one verification may fetch (`net::rules`).
    pub fn add_registry(&mut self, url: &str) -> Result<bool, StoreError> {
        let url = url.trim();
        crate::net::rules::check(url).map_err(|e| StoreError::InvalidRegistry(e.to_string()))?;
        let added = self.conn.execute(
            "INSERT OR IGNORE INTO settings (key, value) VALUES (?1, ?2)",
            params![format!("{REGISTRY_PREFIX}{url}"), url],
        )?;
        Ok(added > 0)
    }

    /// Removes a registry; `false` if it was not configured.
    pub fn remove_registry(&mut self, url: &str) -> Result<bool, StoreError> {
        let removed = self.conn.execute(
            "DELETE FROM settings WHERE key = ?1",
            [format!("{REGISTRY_PREFIX}{}", url.trim())],
        )?;
        Ok(removed > 0)
    }

    /// The configured registries' URLs, in alphabetical order.
    pub fn registries(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT value FROM settings WHERE key >= ?1 AND key < ?2 ORDER BY key")?;
        // `registry:` … `registry;` (the next character): the prefix, using the key's index.
        let rows = stmt.query_map(params![REGISTRY_PREFIX, "registry;"], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
