//! The wallet's schema, as an ordered list of migrations that only ever grows: a
//! released migration is never edited, a change is a new one (SQLite `user_version`
//! records how far a wallet has come).

use rusqlite_migration::{M, Migrations};

pub(crate) fn migrations() -> Migrations<'static> {
    Migrations::new(vec![M::up(
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
    )])
}

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_are_valid() {
        super::migrations().validate().unwrap();
    }
}
