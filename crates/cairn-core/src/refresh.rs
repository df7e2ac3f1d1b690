//! Open Badges 3.0 `refreshService` (`1EdTechCredentialRefresh`): on the learner's
//! request, the credential's refresh URL is fetched (a plain GET, as OB 3.0 §
//! "Credential Refresh" describes) and what it returns is verified and stored as a
//! new version of the credential. The old record is kept; the new one names it
//! (`Wallet::previous_version`).
//!
//! The fetch goes through the caller's [`Fetch`] under the network rules, capped at
//! [`Kind::Credential`]'s size. A credential from another issuer is refused: a
//! refresh may update a credential, not replace who vouches for it.

use serde_json::Value;

use crate::credential::{self, ParseError};
use crate::import::content_hash;
use crate::net::{Fetch, FetchError, Kind};
use crate::quote::{clip, clip_to};
use crate::store::{NewCredential, StoreError, Wallet};
use crate::verify::{Report, Verifier};

/// The refresh service type OB 3.0 defines.
pub const REFRESH_TYPE: &str = "1EdTechCredentialRefresh";

#[derive(Debug, thiserror::Error)]
pub enum RefreshError {
    #[error("no credential {0} in your wallet")]
    NotFound(String),
    #[error(
        "this credential offers no refresh (it has no 1EdTechCredentialRefresh refreshService)"
    )]
    NoService,
    #[error("the refresh could not be fetched: {0}")]
    Fetch(#[from] FetchError),
    #[error("the refresh service {url} did not return a credential: {source}")]
    NotACredential {
        url: String,
        #[source]
        source: ParseError,
    },
    #[error(
        "the refresh service returned a credential from another issuer ({found}, not {expected}); it was not imported"
    )]
    OtherIssuer { expected: String, found: String },
    #[error("the refresh service returned the same credential: it is already up to date")]
    Unchanged,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A credential refreshed into the wallet.
#[derive(Debug, Clone)]
pub struct Refreshed {
    /// The new version's id.
    pub id: String,
    /// The version it replaces (kept in the wallet).
    pub previous: String,
    /// Where it was fetched from.
    pub url: String,
    /// `false` when the wallet already held this exact credential (now linked).
    pub new_record: bool,
    pub report: Report,
}

/// The `1EdTechCredentialRefresh` URL a credential offers, if any.
pub fn service_url(doc: &Value) -> Option<String> {
    let services: Vec<&Value> = match doc.get("refreshService")? {
        Value::Array(items) => items.iter().collect(),
        one => vec![one],
    };
    services
        .into_iter()
        .filter(|s| credential::types(s).contains(&REFRESH_TYPE))
        .find_map(|s| s.get("id").and_then(Value::as_str))
        .map(str::to_owned)
}

fn issuer_id(doc: Option<&Value>) -> Option<String> {
    credential::summarize(doc?).issuer.id
}

/// Fetches the newer version of credential `id` and stores it, verified by
/// `verifier`, linked to the old one. `fetch` should not answer from memory: a
/// refresh asks the issuer now.
pub fn refresh(
    wallet: &mut Wallet,
    id: &str,
    fetch: &dyn Fetch,
    verifier: &Verifier,
) -> Result<Refreshed, RefreshError> {
    let original = wallet
        .original(id)?
        .ok_or_else(|| RefreshError::NotFound(clip(id)))?;
    let old = credential::parse(&original).map_err(|_| RefreshError::NoService)?;
    let url = old
        .document()
        .and_then(service_url)
        .ok_or(RefreshError::NoService)?;
    let fetched = fetch.get(&url, Kind::Credential)?;
    let parsed =
        credential::parse(&fetched.body).map_err(|source| RefreshError::NotACredential {
            url: clip_to(&url, 160),
            source,
        })?;
    let expected = issuer_id(old.document()).unwrap_or_default();
    let found = issuer_id(parsed.document()).unwrap_or_default();
    if expected != found {
        return Err(RefreshError::OtherIssuer {
            expected: clip(&expected),
            found: clip(&found),
        });
    }
    let hash = content_hash(&parsed).ok_or_else(|| RefreshError::NotACredential {
        url: clip_to(&url, 160),
        source: ParseError::NotACredential {
            reason: "its content could not be fingerprinted".into(),
        },
    })?;
    let report = verifier.verify(&parsed);
    let stored = wallet.store(&[NewCredential {
        original: fetched.body,
        content_hash: hash,
        source: format!("refresh of {id} from {}", clip_to(&url, 160)),
        report: report.clone(),
    }])?;
    let (new_id, new_record) = stored.into_iter().next().expect("one result per item");
    if new_id == id {
        return Err(RefreshError::Unchanged);
    }
    wallet.set_previous_version(&new_id, id)?;
    Ok(Refreshed {
        id: new_id,
        previous: id.to_owned(),
        url,
        new_record,
        report,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_1edtech_refresh_url_is_found_among_services() {
        let one = json!({"refreshService": {"id": "https://a.example/r/1", "type": "1EdTechCredentialRefresh"}});
        assert_eq!(service_url(&one).as_deref(), Some("https://a.example/r/1"));
        let many = json!({"refreshService": [
            {"id": "https://a.example/other", "type": "ManualRefreshService2018"},
            {"id": "https://a.example/r/2", "type": ["1EdTechCredentialRefresh"]}
        ]});
        assert_eq!(service_url(&many).as_deref(), Some("https://a.example/r/2"));
        assert_eq!(
            service_url(&json!({"refreshService": {"id": "https://x", "type": "Other"}})),
            None
        );
        assert_eq!(service_url(&json!({})), None);
    }
}
