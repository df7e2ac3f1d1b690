//! Re-verification results: a credential keeps every report it was given, and the
//! latest one is what `show`, `list` and the app display.

use rusqlite::params;

use super::{StoreError, Wallet};
use crate::verify::Report;

impl Wallet {
    /// Adds reports to stored credentials, in one transaction. A report for an id the
    /// wallet does not hold is an error and nothing is written.
    pub fn add_reports(&mut self, reports: &[(String, Report)]) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        for (id, report) in reports {
            let json =
                serde_json::to_string(report).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            let known: i64 = tx.query_row(
                "SELECT count(*) FROM credentials WHERE id = ?1",
                [id],
                |row| row.get(0),
            )?;
            if known == 0 {
                return Err(StoreError::NoSuchCredential(id.clone()));
            }
            // Two verifications within the same second keep the later one.
            tx.execute(
                "INSERT OR REPLACE INTO reports (credential_id, checked_at, verified, report)
                 VALUES (?1, ?2, ?3, ?4)",
                params![id, report.checked_at, report.verified, json],
            )?;
        }
        tx.commit()?;
        Ok(())
    }
}
