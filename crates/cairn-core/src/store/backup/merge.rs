//! Merging a restored snapshot into an open wallet, and counting what it holds. Both
//! databases are at the same (latest) schema, so `SELECT *` lines columns up; every
//! table has a rule here (a test checks), so a merge never silently drops a kind of record.

use rusqlite::Connection;
use serde::Serialize;

use super::super::StoreError;

/// How many records of one kind a restore brought in, and how many were already there.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub added: u64,
    pub already: u64,
}

/// Per kind of record, what a restore did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RestoreCounts {
    pub credentials: Tally,
    pub portfolios: Tally,
    pub shares: Tally,
    pub holder_keys: Tally,
    pub settings: Tally,
    pub fetch_cache: Tally,
}

/// Row counts of an installed wallet, reported as all added.
pub(super) fn counts_of(conn: &Connection) -> Result<RestoreCounts, StoreError> {
    let count = |table: &str| -> Result<Tally, StoreError> {
        let added: i64 =
            conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
        Ok(Tally {
            added: added as u64,
            already: 0,
        })
    };
    Ok(RestoreCounts {
        credentials: count("credentials")?,
        portfolios: count("portfolios")?,
        shares: count("shares")?,
        holder_keys: count("holder_keys")?,
        settings: count("settings")?,
        fetch_cache: count("fetch_cache")?,
    })
}

/// Both schemas are at the same (latest) version, so `SELECT *` lines columns up.
pub(super) fn merge_attached(conn: &mut Connection) -> Result<RestoreCounts, StoreError> {
    let tx = conn.transaction()?;
    let total = |table: &str| -> Result<u64, StoreError> {
        let n: i64 = tx.query_row(&format!("SELECT count(*) FROM restored.{table}"), [], |r| {
            r.get(0)
        })?;
        Ok(n as u64)
    };
    let tally = |total: u64, added: usize| Tally {
        added: added as u64,
        already: total - added as u64,
    };

    // Credentials: one record per content, whatever file it came from.
    let credentials_total = total("credentials")?;
    let added: Vec<(String, Vec<u8>)> = {
        let mut stmt = tx.prepare(
            "INSERT INTO main.credentials SELECT * FROM restored.credentials
             WHERE content_hash NOT IN (SELECT content_hash FROM main.credentials)
             RETURNING id, original",
        )?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?
    };
    for (id, original) in &added {
        super::super::search::index(&tx, id, original)?;
    }
    // Reports of the same credential are kept side by side (keyed by check time).
    tx.execute(
        "INSERT OR IGNORE INTO main.reports SELECT * FROM restored.reports
         WHERE credential_id IN (SELECT id FROM main.credentials)",
        [],
    )?;
    let credentials = tally(credentials_total, added.len());

    let holder_keys = tally(
        total("holder_keys")?,
        tx.execute(
            "INSERT OR IGNORE INTO main.holder_keys SELECT * FROM restored.holder_keys",
            [],
        )?,
    );
    // This wallet's own choices win over the backup's.
    let settings = tally(
        total("settings")?,
        tx.execute(
            "INSERT OR IGNORE INTO main.settings SELECT * FROM restored.settings",
            [],
        )?,
    );

    // Portfolios by id; a portfolio already here keeps its own items.
    let portfolios_total = total("portfolios")?;
    let new_portfolios: Vec<String> = {
        let mut stmt = tx.prepare(
            "INSERT INTO main.portfolios SELECT * FROM restored.portfolios
             WHERE id NOT IN (SELECT id FROM main.portfolios) RETURNING id",
        )?;
        stmt.query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?
    };
    for id in &new_portfolios {
        tx.execute(
            "INSERT OR IGNORE INTO main.portfolio_items SELECT * FROM restored.portfolio_items
             WHERE portfolio_id = ?1",
            [id],
        )?;
    }
    let portfolios = tally(portfolios_total, new_portfolios.len());

    let shares = tally(
        total("shares")?,
        tx.execute(
            "INSERT OR IGNORE INTO main.shares SELECT * FROM restored.shares",
            [],
        )?,
    );
    // A cached document is replaced only by a more recent fetch of it.
    let fetch_cache = tally(
        total("fetch_cache")?,
        tx.execute(
            "INSERT OR REPLACE INTO main.fetch_cache SELECT * FROM restored.fetch_cache r
             WHERE NOT EXISTS (SELECT 1 FROM main.fetch_cache m
                               WHERE m.url = r.url AND m.fetched_at >= r.fetched_at)",
            [],
        )?,
    );
    tx.commit()?;
    Ok(RestoreCounts {
        credentials,
        portfolios,
        shares,
        holder_keys,
        settings,
        fetch_cache,
    })
}

#[cfg(test)]
/// The tables a merge knows how to combine; a test keeps this in step with the schema.
pub(super) const MERGED_TABLES: [&str; 9] = [
    "credentials",
    "reports",
    "credentials_fts",
    "holder_keys",
    "settings",
    "portfolios",
    "portfolio_items",
    "shares",
    "fetch_cache",
];
