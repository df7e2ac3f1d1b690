//! "Issued to you": the learner's email addresses (a setting) and DIDs (the holder
//! keys), matched against the recipients each credential names (stored at import, see
//! `credential::recipient`).

use rusqlite::{OptionalExtension, params};

use super::{StoreError, Wallet};
use crate::credential::recipient::{Me, Recipient};

/// Settings keys of the learner's addresses: `email:` + the address in lower case, so
/// one address is kept once whatever its case; the value is the address as typed.
const EMAIL_PREFIX: &str = "email:";

/// Why an address was refused.
fn check_email(address: &str) -> Result<&str, StoreError> {
    let address = address.trim();
    let valid = address.len() <= 254
        && !address.chars().any(|c| c.is_whitespace() || c.is_control())
        && address.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && !domain.is_empty() && !domain.contains('@')
        });
    if valid {
        Ok(address)
    } else {
        Err(StoreError::InvalidEmail(crate::quote::clip(address)))
    }
}

impl Wallet {
    /// Adds an email address of the learner's; `false` if it was already there.
    pub fn add_email(&mut self, address: &str) -> Result<bool, StoreError> {
        let address = check_email(address)?;
        let added = self.conn.execute(
            "INSERT OR IGNORE INTO settings (key, value) VALUES (?1, ?2)",
            params![format!("{EMAIL_PREFIX}{}", address.to_lowercase()), address],
        )?;
        Ok(added > 0)
    }

    /// Removes an address; `false` if it was not there.
    pub fn remove_email(&mut self, address: &str) -> Result<bool, StoreError> {
        let removed = self.conn.execute(
            "DELETE FROM settings WHERE key = ?1",
            [format!("{EMAIL_PREFIX}{}", address.trim().to_lowercase())],
        )?;
        Ok(removed > 0)
    }

    /// The learner's email addresses, in alphabetical order.
    pub fn emails(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT value FROM settings WHERE key >= ?1 AND key < ?2 ORDER BY key")?;
        // `email:` … `email;` (the next character): the prefix, using the key's index.
        let rows = stmt.query_map(params![EMAIL_PREFIX, "email;"], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Who the learner is, for matching recipients: every holder DID and address.
    pub fn me(&self) -> Result<Me, StoreError> {
        let mut stmt = self.conn.prepare("SELECT did FROM holder_keys")?;
        let dids = stmt
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(Me {
            dids,
            emails: self.emails()?,
        })
    }

    /// Whether a credential was issued to the learner; `None` if there is no such credential.
    pub fn issued_to_you(&self, id: &str) -> Result<Option<bool>, StoreError> {
        let stored: Option<Option<String>> = self
            .conn
            .query_row(
                "SELECT recipients FROM credentials WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?;
        let me = self.me()?;
        Ok(stored.map(|json| me.is_recipient(&parse(json.as_deref()))))
    }
}

/// The stored recipients column (JSON); unreadable or absent means none.
pub(crate) fn parse(json: Option<&str>) -> Vec<Recipient> {
    json.and_then(|j| serde_json::from_str(j).ok())
        .unwrap_or_default()
}

/// The recipients column for a credential document.
pub(crate) fn column(doc: Option<&serde_json::Value>) -> Option<String> {
    let found = crate::credential::recipient::recipients(doc?);
    serde_json::to_string(&found).ok()
}

#[cfg(test)]
mod tests {
    use super::check_email;

    #[test]
    fn addresses_are_checked() {
        assert_eq!(check_email(" ada@example.org ").unwrap(), "ada@example.org");
        for bad in [
            "",
            "ada",
            "@example.org",
            "ada@",
            "a b@example.org",
            "a@b@c",
        ] {
            assert!(check_email(bad).is_err(), "{bad}");
        }
    }
}
