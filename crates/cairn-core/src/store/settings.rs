//! The learner's preferences, kept inside the encrypted database (so even they say
//! nothing to someone reading the disk).

use rusqlite::OptionalExtension;

use super::{StoreError, Wallet};

/// Longest setting value stored.
const MAX_VALUE: usize = 4_096;

impl Wallet {
    /// A preference, if it was ever set.
    pub fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |row| {
                row.get(0)
            })
            .optional()?)
    }

    /// Sets a preference, replacing any earlier value.
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        if value.len() > MAX_VALUE {
            return Err(StoreError::SettingTooLong {
                key: key.to_owned(),
                limit: MAX_VALUE,
            });
        }
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        Ok(())
    }
}
