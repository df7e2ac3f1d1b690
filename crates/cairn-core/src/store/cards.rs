//! What the app's list and detail pages read: each credential with the verdict of its
//! latest report, and re-verification that adds a newer report (the original bytes
//! are never touched).

use rusqlite::{OptionalExtension, params};

use super::{StoreError, Wallet};
use crate::verify::{Report, Verdict, Verifier};

/// One credential as a card shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    pub id: String,
    pub name: Option<String>,
    /// The issuer's name, else its id.
    pub issuer: Option<String>,
    /// When it was issued / became valid, as the credential says (RFC 3339).
    pub issued: Option<String>,
    pub expires: Option<String>,
    pub imported_at: String,
    pub format: String,
    pub verdict: Verdict,
    /// The message of the check that decided the verdict.
    pub reason: Option<String>,
}

/// A credential with its provenance, for the detail page.
#[derive(Debug, Clone)]
pub struct Record {
    pub card: Card,
    pub source: String,
    pub container: Option<String>,
    pub report: Report,
}

const CARD_SELECT: &str = "SELECT c.id, c.name, coalesce(c.issuer_name, c.issuer_id), c.valid_from,
        c.valid_until, c.imported_at, c.format, c.source, c.container,
        (SELECT r.report FROM reports r WHERE r.credential_id = c.id ORDER BY r.checked_at DESC LIMIT 1)
     FROM credentials c";

impl Wallet {
    /// Every credential as a card, newest import first.
    pub fn cards(&self) -> Result<Vec<Card>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(&format!("{CARD_SELECT} ORDER BY c.imported_at DESC, c.id"))?;
        let rows = stmt.query_map([], row)?;
        rows.map(|r| Ok(r??.card)).collect()
    }

    /// One credential with its source and latest report; `None` if there is none.
    pub fn record(&self, id: &str) -> Result<Option<Record>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(&format!("{CARD_SELECT} WHERE c.id = ?1"))?;
        stmt.query_row([id], row).optional()?.transpose()
    }

    /// Verifies a stored credential again (new time, the resolver's current view of
    /// keys and status) and keeps the new report beside the old ones.
    pub fn reverify(
        &mut self,
        id: &str,
        verifier: &Verifier,
    ) -> Result<Option<Report>, StoreError> {
        let Some(original) = self.original(id)? else {
            return Ok(None);
        };
        let report = verifier.verify_bytes(&original).map_err(|e| {
            StoreError::Corrupt(format!("stored credential {id} no longer reads: {e}"))
        })?;
        let json =
            serde_json::to_string(&report).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        // Two re-verifications within one clock tick keep the later one.
        self.conn.execute(
            "INSERT OR REPLACE INTO reports (credential_id, checked_at, verified, report) VALUES (?1, ?2, ?3, ?4)",
            params![id, report.checked_at, report.verified, json],
        )?;
        Ok(Some(report))
    }
}

type RowResult = Result<Record, StoreError>;

fn row(row: &rusqlite::Row<'_>) -> rusqlite::Result<RowResult> {
    let report_json: Option<String> = row.get(9)?;
    let id: String = row.get(0)?;
    let report: Report = match report_json.as_deref().map(serde_json::from_str) {
        Some(Ok(report)) => report,
        Some(Err(e)) => return Ok(Err(StoreError::Corrupt(format!("the report of {id}: {e}")))),
        None => return Ok(Err(StoreError::Corrupt(format!("{id} has no report")))),
    };
    let (verdict, deciding) = report.verdict();
    let reason = deciding.map(|c| c.message.clone());
    Ok(Ok(Record {
        card: Card {
            id,
            name: row.get(1)?,
            issuer: row.get(2)?,
            issued: row.get(3)?,
            expires: row.get(4)?,
            imported_at: row.get(5)?,
            format: row.get(6)?,
            verdict,
            reason,
        },
        source: row.get(7)?,
        container: row.get(8)?,
        report,
    }))
}
