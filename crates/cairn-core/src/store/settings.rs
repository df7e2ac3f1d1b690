//! The wallet's settings: small named values kept inside the encrypted database
//! (the relay a learner shares through, for one), so they travel with backups.

use rusqlite::{OptionalExtension, params};

use super::{StoreError, Wallet};

/// The relay used for the last share; the default for the next.
pub const RELAY_URL: &str = "relay_url";

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
}
