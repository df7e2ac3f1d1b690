//! The learner's record of what they shared: the link (with its key, so they can
//! hand it out again), the relay's owner token (to withdraw it), and its expiry.
//! Both are secrets and live only inside the encrypted database.

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::{StoreError, Wallet};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareRecord {
    pub id: String,
    pub portfolio_id: Option<String>,
    pub title: String,
    pub relay: String,
    /// The full link, key included.
    pub link: String,
    pub created_at: String,
    pub expires_at: String,
    pub revoked_at: Option<String>,
}

/// Where a share stands for the learner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ShareState {
    /// The link works (as far as the wallet knows).
    Active,
    Expired,
    /// The learner withdrew it.
    Withdrawn,
}

impl ShareState {
    pub fn as_str(self) -> &'static str {
        match self {
            ShareState::Active => "active",
            ShareState::Expired => "expired",
            ShareState::Withdrawn => "withdrawn",
        }
    }
}

impl ShareRecord {
    /// Withdrawn first (a withdrawn share may also be past its expiry), then expired
    /// at `now` (the relay's own expiry date, which it always writes readably).
    pub fn state(&self, now: chrono::DateTime<chrono::Utc>) -> ShareState {
        if self.revoked_at.is_some() {
            ShareState::Withdrawn
        } else if crate::verify::parse_date(&self.expires_at).is_some_and(|t| t <= now) {
            ShareState::Expired
        } else {
            ShareState::Active
        }
    }
}

const SELECT: &str =
    "SELECT id, portfolio_id, title, relay, link, created_at, expires_at, revoked_at FROM shares";

fn record(row: &rusqlite::Row<'_>) -> rusqlite::Result<ShareRecord> {
    Ok(ShareRecord {
        id: row.get(0)?,
        portfolio_id: row.get(1)?,
        title: row.get(2)?,
        relay: row.get(3)?,
        link: row.get(4)?,
        created_at: row.get(5)?,
        expires_at: row.get(6)?,
        revoked_at: row.get(7)?,
    })
}

impl Wallet {
    pub fn record_share(
        &mut self,
        share: &ShareRecord,
        owner_token: &str,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO shares (id, portfolio_id, title, relay, link, owner_token, created_at, expires_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                share.id,
                share.portfolio_id,
                share.title,
                share.relay,
                share.link,
                owner_token,
                share.created_at,
                share.expires_at
            ],
        )?;
        Ok(())
    }

    /// Every share, newest first.
    pub fn shares(&self) -> Result<Vec<ShareRecord>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(&format!("{SELECT} ORDER BY created_at DESC, id"))?;
        let rows = stmt.query_map([], record)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A share by its id (or a unique prefix of it, as people type them).
    pub fn share(&self, id: &str) -> Result<ShareRecord, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "{SELECT} WHERE id = ?1 OR (length(?1) >= 4 AND substr(id, 1, length(?1)) = ?1) LIMIT 2"
        ))?;
        let found: Vec<ShareRecord> = stmt.query_map([id], record)?.collect::<Result<_, _>>()?;
        match found.len() {
            1 => Ok(found.into_iter().next().unwrap_or_else(|| unreachable!())),
            0 => Err(StoreError::Invalid(format!(
                "no share {} in this wallet (see `cairn shares`)",
                crate::quote::clip(id)
            ))),
            _ => Err(StoreError::Invalid(format!(
                "{} matches several shares; type more of its id",
                crate::quote::clip(id)
            ))),
        }
    }

    /// The owner token of a share, to withdraw it or read its counters.
    pub fn share_owner_token(&self, id: &str) -> Result<Zeroizing<String>, StoreError> {
        let token: Option<String> = self
            .conn
            .query_row(
                "SELECT owner_token FROM shares WHERE id = ?1",
                [id],
                |row| row.get(0),
            )
            .optional()?;
        token
            .map(Zeroizing::new)
            .ok_or_else(|| StoreError::Invalid(format!("no share {}", crate::quote::clip(id))))
    }

    pub fn mark_share_revoked(&mut self, id: &str, when: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE shares SET revoked_at = coalesce(revoked_at, ?2) WHERE id = ?1",
            params![id, when],
        )?;
        Ok(())
    }

    /// The holder's DID and signing key, to sign presentations.
    pub fn holder_key(&self) -> Result<(String, ed25519_dalek::SigningKey), StoreError> {
        let (did, secret): (String, Zeroizing<Vec<u8>>) = self.conn.query_row(
            "SELECT did, secret_key FROM holder_keys WHERE algorithm = 'Ed25519' ORDER BY created_at LIMIT 1",
            [],
            |row| Ok((row.get(0)?, Zeroizing::new(row.get(1)?))),
        )?;
        let seed: [u8; 32] = secret
            .as_slice()
            .try_into()
            .map_err(|_| StoreError::Corrupt("the holder key has the wrong length".into()))?;
        let seed = Zeroizing::new(seed);
        Ok((did, ed25519_dalek::SigningKey::from_bytes(&seed)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn share(expires_at: &str, revoked_at: Option<&str>) -> ShareRecord {
        ShareRecord {
            id: "s".into(),
            portfolio_id: None,
            title: "t".into(),
            relay: "https://relay.example".into(),
            link: "https://relay.example/s/x#k=y".into(),
            created_at: "2026-01-01T00:00:00Z".into(),
            expires_at: expires_at.into(),
            revoked_at: revoked_at.map(Into::into),
        }
    }

    #[test]
    fn a_share_is_withdrawn_before_it_is_expired_and_active_until_its_expiry() {
        let now = crate::verify::parse_date("2026-03-01T00:00:00Z").unwrap();
        assert_eq!(
            share("2026-03-02T00:00:00Z", None).state(now),
            ShareState::Active
        );
        assert_eq!(
            share("2026-03-01T00:00:00Z", None).state(now),
            ShareState::Expired
        );
        assert_eq!(
            share("2026-02-01T00:00:00Z", Some("2026-01-15T00:00:00Z")).state(now),
            ShareState::Withdrawn
        );
        assert_eq!(
            share("2026-03-02T00:00:00Z", None).state(now).as_str(),
            "active"
        );
    }
}
