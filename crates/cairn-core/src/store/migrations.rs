//! The wallet's schema, as an ordered list of migrations that only ever grows: a
//! released migration is never edited, a change is a new one (SQLite `user_version`
//! records how far a wallet has come).

use rusqlite_migration::{HookError, M, Migrations};

pub(crate) fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(
            "-- 1: credentials exactly as issued, their reports, the holder's keys, settings.
        CREATE TABLE credentials (
            id            TEXT PRIMARY KEY,        -- 'urn:cairn:sha256:' + content hash
            content_hash  TEXT NOT NULL UNIQUE,    -- SHA-256 of `original`
            original      BLOB NOT NULL,           -- the bytes as received, never rewritten
            format        TEXT NOT NULL,
            container     TEXT,
            name          TEXT,
            issuer_id     TEXT,
            issuer_name   TEXT,
            valid_from    TEXT,
            valid_until   TEXT,
            source        TEXT NOT NULL,
            imported_at   TEXT NOT NULL
        ) STRICT;
        CREATE TABLE reports (
            credential_id TEXT NOT NULL REFERENCES credentials(id) ON DELETE CASCADE,
            checked_at    TEXT NOT NULL,
            verified      INTEGER NOT NULL,
            report        TEXT NOT NULL,           -- the DESIGN §3 JSON
            PRIMARY KEY (credential_id, checked_at)
        ) STRICT;
        CREATE TABLE holder_keys (
            did           TEXT PRIMARY KEY,
            algorithm     TEXT NOT NULL,
            secret_key    BLOB NOT NULL,
            created_at    TEXT NOT NULL
        ) STRICT;
        CREATE TABLE settings (
            key           TEXT PRIMARY KEY,
            value         TEXT NOT NULL
        ) STRICT;",
        ),
        // 2: full-text search over name, description, issuer and skills; credentials
        // stored before it are indexed by the hook.
        M::up_with_hook(
            "CREATE VIRTUAL TABLE credentials_fts USING fts5(
                credential_id UNINDEXED, name, description, issuer, skills,
                tokenize = 'unicode61 remove_diacritics 2'
            );",
            |tx| for_each_credential(tx, |id, original| super::search::index(tx, id, original)),
        ),
        M::up(
            "-- 3: portfolios (ordered selections with the learner's note), the shares made
        -- of them, and the memory of what verification fetched online.
        CREATE TABLE portfolios (
            id            TEXT PRIMARY KEY,
            title         TEXT NOT NULL,
            note          TEXT,                    -- the learner's own words, never verified
            created_at    TEXT NOT NULL,
            updated_at    TEXT NOT NULL
        ) STRICT;
        CREATE TABLE portfolio_items (
            portfolio_id  TEXT NOT NULL REFERENCES portfolios(id) ON DELETE CASCADE,
            credential_id TEXT NOT NULL REFERENCES credentials(id) ON DELETE CASCADE,
            position      INTEGER NOT NULL,
            PRIMARY KEY (portfolio_id, credential_id)
        ) STRICT;
        CREATE TABLE shares (
            id            TEXT PRIMARY KEY,        -- the relay's id
            portfolio_id  TEXT REFERENCES portfolios(id) ON DELETE SET NULL,
            title         TEXT NOT NULL,
            relay         TEXT NOT NULL,           -- the relay's base URL
            link          TEXT NOT NULL,           -- with the key in its #fragment
            owner_token   TEXT NOT NULL,
            created_at    TEXT NOT NULL,
            expires_at    TEXT NOT NULL,
            revoked_at    TEXT
        ) STRICT;
        -- Documents fetched for verification (DID documents, issuer profiles, status
        -- lists, registries, hosted badges), so an offline check can say 'as of'.
        CREATE TABLE fetch_cache (
            url           TEXT PRIMARY KEY,
            kind          TEXT NOT NULL,
            body          BLOB NOT NULL,
            content_type  TEXT,
            fetched_at    TEXT NOT NULL
        ) STRICT;",
        ),
        // 4: who each credential names as its recipient (JSON, `credential::recipient`),
        // so "issued to you" needs no parsing when listing; existing ones are filled in.
        M::up_with_hook(
            "ALTER TABLE credentials ADD COLUMN recipients TEXT;",
            |tx| {
                for_each_credential(tx, |id, original| {
                    let parsed = crate::credential::parse(original).ok();
                    let column =
                        super::recipients::column(parsed.as_ref().and_then(|p| p.document()));
                    tx.execute(
                        "UPDATE credentials SET recipients = ?1 WHERE id = ?2",
                        rusqlite::params![column, id],
                    )
                    .map(drop)
                })
            },
        ),
        // 5: the list's order (newest first), so its first page reads 50 rows, not all.
        M::up("CREATE INDEX credentials_newest ON credentials (imported_at DESC, id);"),
        // 6: versions: a credential refreshed from its issuer (OB 3.0 refreshService)
        // is a new record that names the one it replaces, which is kept.
        M::up("ALTER TABLE credentials ADD COLUMN previous_version TEXT;"),
    ])
}

/// Runs `f` over every stored credential's id and original bytes (for hooks that
/// derive something new from what is already stored).
fn for_each_credential(
    tx: &rusqlite::Transaction<'_>,
    mut f: impl FnMut(&str, &[u8]) -> rusqlite::Result<()>,
) -> Result<(), HookError> {
    let mut stmt = tx.prepare("SELECT id, original FROM credentials")?;
    let rows: Vec<(String, Vec<u8>)> = stmt
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (id, original) in rows {
        f(&id, &original).map_err(HookError::RusqliteError)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use rusqlite::{Connection, params};

    #[test]
    fn migrations_are_valid() {
        super::migrations().validate().unwrap();
    }

    /// A wallet made at schema version 1, with a credential in it, upgrades to the
    /// latest schema with its credential kept and found by search.
    #[test]
    fn a_version_1_wallet_upgrades_and_its_credentials_become_searchable() {
        let mut conn = Connection::open_in_memory().unwrap();
        let migrations = super::migrations();
        migrations.to_version(&mut conn, 1).unwrap();
        let original = std::fs::read(
            crate::test_support::vectors_dir().join("dbjs-signed/eddsa-rdfc-2022.json"),
        )
        .unwrap();
        conn.execute(
            "INSERT INTO credentials (id, content_hash, original, format, source, imported_at)
             VALUES ('abc', 'hash', ?1, 'ob3-vc2-data-integrity', 'test', '2026-01-01T00:00:00Z')",
            params![original],
        )
        .unwrap();
        migrations.to_latest(&mut conn).unwrap();
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, 6);
        let found: String = conn
            .query_row(
                "SELECT credential_id FROM credentials_fts WHERE credentials_fts MATCH 'cloud'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(found, "abc");
        let kept: Vec<u8> = conn
            .query_row(
                "SELECT original FROM credentials WHERE id = 'abc'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(kept, original);
        let recipients: String = conn
            .query_row(
                "SELECT recipients FROM credentials WHERE id = 'abc'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(
            recipients.contains("did:example:learner-"),
            "migration 4 fills in who it was issued to: {recipients}"
        );
    }
}
