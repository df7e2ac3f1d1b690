//! Open Badges 3.0 `1EdTechRevocationList` (1EdTech VC Revocation List 1.0): the
//! entry's `id` is a URL answering a JSON `RevocationList` with the `issuer` and the
//! `revokedCredentials` (each with the revoked credential's `id`). The list is not
//! signed; it is believed only when it names the credential's own issuer and was
//! fetched over HTTPS from the address the signed credential gives.

use serde_json::Value;

use super::{Outcome, fetch_list, outcome, verdict};
use crate::net::Fetch;
use crate::quote::clip_to;
use crate::verify::data_integrity::issuer_id;
use crate::verify::report::CheckStatus;

/// Entries read from one list (a very large issuer revokes a few thousand).
const MAX_REVOKED: usize = 1_000_000;

pub(super) fn check(doc: &Value, entry: &Value, fetch: &dyn Fetch) -> Outcome {
    let Some(url) = entry.get("id").and_then(Value::as_str) else {
        return outcome(
            CheckStatus::Fail,
            "the 1EdTechRevocationList entry has no id (the list's address)",
        );
    };
    let Some(credential_id) = doc.get("id").and_then(Value::as_str) else {
        return outcome(
            CheckStatus::Unknown,
            "the credential has no id, so a revocation list cannot name it",
        );
    };
    let list = match fetch_list(fetch, url) {
        Ok(list) => list,
        Err(outcome) => return outcome,
    };
    let Ok(body) = serde_json::from_slice::<Value>(&list.body) else {
        return outcome(
            CheckStatus::Fail,
            format!("the revocation list at {} is not JSON", clip_to(url, 160)),
        );
    };
    let list_issuer = issuer_id(&body);
    if list_issuer.is_none() || list_issuer != issuer_id(doc) {
        return outcome(
            CheckStatus::Fail,
            format!(
                "the revocation list at {} belongs to {}, not to the credential's issuer",
                clip_to(url, 160),
                clip_to(list_issuer.unwrap_or("no one"), 80)
            ),
        );
    }
    let Some(revoked) = body.get("revokedCredentials").and_then(Value::as_array) else {
        return outcome(
            CheckStatus::Fail,
            "the revocation list has no revokedCredentials",
        );
    };
    if revoked.len() > MAX_REVOKED {
        return outcome(CheckStatus::Fail, "the revocation list is too long to read");
    }
    let hit = revoked
        .iter()
        .find(|r| r.get("id").and_then(Value::as_str) == Some(credential_id));
    let reason = hit
        .and_then(|r| r.get("revocationReason"))
        .and_then(Value::as_str);
    verdict("revocation", hit.is_some(), &list, reason)
}
