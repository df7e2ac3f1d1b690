//! Portfolios: ordered selections of the wallet's credentials, with a title and the
//! learner's note. Positions are dense (0, 1, 2, …) after every change, so "move to
//! position N" means what the learner sees.

use rusqlite::{OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};

use super::{StoreError, Wallet};
use crate::share::payload::{MAX_NOTE_CHARS, MAX_TITLE_CHARS};

/// A portfolio with its credentials in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Portfolio {
    pub id: String,
    pub title: String,
    pub note: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    /// Credential ids, in the learner's order.
    pub credentials: Vec<String>,
}

/// One line of the portfolio list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortfolioSummary {
    pub id: String,
    pub title: String,
    pub count: usize,
    pub updated_at: String,
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn check_title(title: &str) -> Result<String, StoreError> {
    let title = title.trim();
    if title.is_empty() {
        return Err(StoreError::Invalid("a portfolio needs a title".into()));
    }
    if title.chars().count() > MAX_TITLE_CHARS {
        return Err(StoreError::Invalid(format!(
            "a portfolio title has at most {MAX_TITLE_CHARS} characters"
        )));
    }
    Ok(title.to_owned())
}

fn check_note(note: Option<&str>) -> Result<Option<String>, StoreError> {
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    if note.is_some_and(|n| n.chars().count() > MAX_NOTE_CHARS) {
        return Err(StoreError::Invalid(format!(
            "a note has at most {MAX_NOTE_CHARS} characters"
        )));
    }
    Ok(note.map(str::to_owned))
}

impl Wallet {
    /// Creates a portfolio holding `credentials` in that order; returns its id.
    pub fn create_portfolio(
        &mut self,
        title: &str,
        note: Option<&str>,
        credentials: &[String],
    ) -> Result<String, StoreError> {
        let title = check_title(title)?;
        let note = check_note(note)?;
        let mut raw = [0u8; 6];
        getrandom::fill(&mut raw).map_err(|e| StoreError::Random(e.to_string()))?;
        let id = format!(
            "p-{}",
            raw.iter().map(|b| format!("{b:02x}")).collect::<String>()
        );
        let now = now();
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO portfolios (id, title, note, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
            params![id, title, note, now],
        )?;
        insert_items(&tx, &id, credentials, 0)?;
        tx.commit()?;
        Ok(id)
    }

    /// Every portfolio, most recently changed first.
    pub fn portfolios(&self) -> Result<Vec<PortfolioSummary>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT p.id, p.title, p.updated_at,
                    (SELECT count(*) FROM portfolio_items i WHERE i.portfolio_id = p.id)
             FROM portfolios p ORDER BY p.updated_at DESC, p.id",
        )?;
        let rows = stmt.query_map([], |row| {
            Ok(PortfolioSummary {
                id: row.get(0)?,
                title: row.get(1)?,
                updated_at: row.get(2)?,
                count: row.get::<_, i64>(3)?.try_into().unwrap_or(0),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A portfolio by id, or by its exact title when exactly one has it.
    pub fn portfolio(&self, id_or_title: &str) -> Result<Portfolio, StoreError> {
        let id = self.portfolio_id(id_or_title)?;
        let (title, note, created_at, updated_at) = self.conn.query_row(
            "SELECT title, note, created_at, updated_at FROM portfolios WHERE id = ?1",
            [&id],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
        )?;
        let mut stmt = self.conn.prepare(
            "SELECT credential_id FROM portfolio_items WHERE portfolio_id = ?1 ORDER BY position",
        )?;
        let credentials = stmt
            .query_map([&id], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(Portfolio {
            id,
            title,
            note,
            created_at,
            updated_at,
            credentials,
        })
    }

    fn portfolio_id(&self, id_or_title: &str) -> Result<String, StoreError> {
        let by_id: Option<String> = self
            .conn
            .query_row(
                "SELECT id FROM portfolios WHERE id = ?1",
                [id_or_title],
                |row| row.get(0),
            )
            .optional()?;
        if let Some(id) = by_id {
            return Ok(id);
        }
        let mut stmt = self
            .conn
            .prepare("SELECT id FROM portfolios WHERE title = ?1 LIMIT 2")?;
        let ids: Vec<String> = stmt
            .query_map([id_or_title.trim()], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        match ids.as_slice() {
            [one] => Ok(one.clone()),
            [] => Err(StoreError::UnknownPortfolio(crate::quote::clip(
                id_or_title,
            ))),
            _ => Err(StoreError::Invalid(format!(
                "several portfolios are called \"{}\"; use its id (see `cairn portfolio list`)",
                crate::quote::clip(id_or_title)
            ))),
        }
    }

    pub fn rename_portfolio(&mut self, portfolio: &str, title: &str) -> Result<(), StoreError> {
        let id = self.portfolio_id(portfolio)?;
        let title = check_title(title)?;
        self.conn.execute(
            "UPDATE portfolios SET title = ?2, updated_at = ?3 WHERE id = ?1",
            params![id, title, now()],
        )?;
        Ok(())
    }

    /// Sets (or, with `None` or blank text, clears) the learner's note.
    pub fn set_portfolio_note(
        &mut self,
        portfolio: &str,
        note: Option<&str>,
    ) -> Result<(), StoreError> {
        let id = self.portfolio_id(portfolio)?;
        let note = check_note(note)?;
        self.conn.execute(
            "UPDATE portfolios SET note = ?2, updated_at = ?3 WHERE id = ?1",
            params![id, note, now()],
        )?;
        Ok(())
    }

    /// Appends credentials (those already in it stay where they are).
    pub fn add_to_portfolio(
        &mut self,
        portfolio: &str,
        credentials: &[String],
    ) -> Result<(), StoreError> {
        let id = self.portfolio_id(portfolio)?;
        let tx = self.conn.transaction()?;
        let next: i64 = tx.query_row(
            "SELECT coalesce(max(position) + 1, 0) FROM portfolio_items WHERE portfolio_id = ?1",
            [&id],
            |row| row.get(0),
        )?;
        insert_items(&tx, &id, credentials, next)?;
        touch(&tx, &id)?;
        tx.commit()?;
        Ok(())
    }

    pub fn remove_from_portfolio(
        &mut self,
        portfolio: &str,
        credentials: &[String],
    ) -> Result<(), StoreError> {
        let id = self.portfolio_id(portfolio)?;
        let tx = self.conn.transaction()?;
        for credential in credentials {
            tx.execute(
                "DELETE FROM portfolio_items WHERE portfolio_id = ?1 AND credential_id = ?2",
                params![id, credential],
            )?;
        }
        renumber(&tx, &id, None)?;
        touch(&tx, &id)?;
        tx.commit()?;
        Ok(())
    }

    /// Moves a credential to `position` (0-based; past the end means last).
    pub fn move_in_portfolio(
        &mut self,
        portfolio: &str,
        credential: &str,
        position: usize,
    ) -> Result<(), StoreError> {
        let id = self.portfolio_id(portfolio)?;
        let tx = self.conn.transaction()?;
        let present: Option<i64> = tx
            .query_row(
                "SELECT position FROM portfolio_items WHERE portfolio_id = ?1 AND credential_id = ?2",
                params![id, credential],
                |row| row.get(0),
            )
            .optional()?;
        if present.is_none() {
            return Err(StoreError::Invalid(format!(
                "{} is not in this portfolio",
                crate::quote::clip(credential)
            )));
        }
        renumber(&tx, &id, Some((credential, position)))?;
        touch(&tx, &id)?;
        tx.commit()?;
        Ok(())
    }

    /// Deletes a portfolio (its credentials stay in the wallet; its shares stay
    /// listed until they expire or are withdrawn).
    pub fn delete_portfolio(&mut self, portfolio: &str) -> Result<(), StoreError> {
        let id = self.portfolio_id(portfolio)?;
        self.conn
            .execute("DELETE FROM portfolios WHERE id = ?1", [&id])?;
        Ok(())
    }
}

fn insert_items(
    tx: &Transaction<'_>,
    portfolio: &str,
    credentials: &[String],
    start: i64,
) -> Result<(), StoreError> {
    let mut position = start;
    for credential in credentials {
        let known: Option<String> = tx
            .query_row(
                "SELECT id FROM credentials WHERE id = ?1",
                [credential],
                |row| row.get(0),
            )
            .optional()?;
        if known.is_none() {
            return Err(StoreError::UnknownCredential(crate::quote::clip(
                credential,
            )));
        }
        let added = tx.execute(
            "INSERT OR IGNORE INTO portfolio_items (portfolio_id, credential_id, position) VALUES (?1, ?2, ?3)",
            params![portfolio, credential, position],
        )?;
        position += i64::try_from(added).unwrap_or(0);
    }
    Ok(())
}

/// Rewrites positions as 0..n in the current order, optionally placing one
/// credential at a new index first.
fn renumber(
    tx: &Transaction<'_>,
    portfolio: &str,
    moving: Option<(&str, usize)>,
) -> Result<(), StoreError> {
    let mut stmt = tx.prepare(
        "SELECT credential_id FROM portfolio_items WHERE portfolio_id = ?1 ORDER BY position",
    )?;
    let mut order: Vec<String> = stmt
        .query_map([portfolio], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    drop(stmt);
    if let Some((credential, to)) = moving
        && let Some(from) = order.iter().position(|c| c == credential)
    {
        let item = order.remove(from);
        order.insert(to.min(order.len()), item);
    }
    for (position, credential) in order.iter().enumerate() {
        tx.execute(
            "UPDATE portfolio_items SET position = ?3 WHERE portfolio_id = ?1 AND credential_id = ?2",
            params![portfolio, credential, i64::try_from(position).unwrap_or(i64::MAX)],
        )?;
    }
    Ok(())
}

fn touch(tx: &Transaction<'_>, portfolio: &str) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE portfolios SET updated_at = ?2 WHERE id = ?1",
        params![portfolio, now()],
    )?;
    Ok(())
}
