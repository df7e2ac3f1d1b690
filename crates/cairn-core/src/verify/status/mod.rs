//! The `status` check: has the issuer revoked or suspended the credential?
//!
//! Supported: `BitstringStatusListEntry` (W3C Bitstring Status List v1.0),
//! `StatusList2021Entry` (its predecessor) and Open Badges 3.0's
//! `1EdTechRevocationList`. A status list credential is itself verified (proof,
//! issuer, validity) before it is believed; one that is unsigned, tampered with,
//! expired or of the wrong type makes the check `fail`, never `pass`.
//!
//! Without the network, and with nothing remembered, the check is `unknown`. A list
//! remembered from an earlier fetch gives "last known: … as of DATE": `unknown` for
//! a good state (it may have changed since), `fail` for a revocation (which is final).

mod bitstring;
mod revocation_list;

use serde_json::Value;

use super::report::{Check, CheckId, CheckStatus, Report};
use crate::credential::Parsed;
use crate::net::{Fetch, FetchError, Fetched, Kind};
use crate::quote::clip_to;

/// At most this many status entries are checked on one credential.
const MAX_ENTRIES: usize = 8;

/// What the status check needs from the verifier.
pub(crate) struct Context<'a> {
    pub fetch: Option<&'a dyn Fetch>,
    /// Verifies a status list credential (without checking its own status).
    pub verify_list: &'a dyn Fn(&Parsed) -> Report,
}

/// One entry's outcome.
struct Outcome {
    status: CheckStatus,
    message: String,
}

fn outcome(status: CheckStatus, message: impl Into<String>) -> Outcome {
    Outcome {
        status,
        message: message.into(),
    }
}

pub(crate) fn check(doc: &Value, ctx: &Context<'_>) -> Check {
    let entries: Vec<&Value> = match doc.get("credentialStatus") {
        None | Some(Value::Null) => {
            return Check::new(
                CheckId::Status,
                CheckStatus::Skip,
                "the issuer publishes no revocation status for it",
            );
        }
        Some(Value::Array(items)) => items.iter().collect(),
        Some(one) => vec![one],
    };
    if entries.is_empty() {
        return Check::new(
            CheckId::Status,
            CheckStatus::Skip,
            "the issuer publishes no revocation status for it",
        );
    }
    if entries.len() > MAX_ENTRIES {
        return Check::new(
            CheckId::Status,
            CheckStatus::Fail,
            format!(
                "the credential names {} status entries; at most {MAX_ENTRIES} are checked",
                entries.len()
            ),
        );
    }
    let outcomes: Vec<Outcome> = entries.iter().map(|e| one_entry(doc, e, ctx)).collect();
    let status = [CheckStatus::Fail, CheckStatus::Unknown, CheckStatus::Warn]
        .into_iter()
        .find(|s| outcomes.iter().any(|o| o.status == *s))
        .unwrap_or_else(|| {
            if outcomes.iter().all(|o| o.status == CheckStatus::Skip) {
                CheckStatus::Skip
            } else {
                CheckStatus::Pass
            }
        });
    let message = outcomes
        .iter()
        .map(|o| o.message.as_str())
        .collect::<Vec<_>>()
        .join("; ");
    Check::new(CheckId::Status, status, message)
}

fn one_entry(doc: &Value, entry: &Value, ctx: &Context<'_>) -> Outcome {
    let kind = entry
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("(none)");
    let url = match kind {
        "BitstringStatusListEntry" | "StatusList2021Entry" => entry.get("statusListCredential"),
        _ => entry.get("id"),
    }
    .and_then(Value::as_str);
    let Some(fetch) = ctx.fetch else {
        let list = url.map_or("its status list".into(), |u| clip_to(u, 160));
        return outcome(
            CheckStatus::Unknown,
            format!("revocation status at {list} could not be fetched (offline)"),
        );
    };
    match kind {
        "BitstringStatusListEntry" => {
            bitstring::check(entry, bitstring::Flavour::Bitstring, fetch, ctx)
        }
        "StatusList2021Entry" => {
            bitstring::check(entry, bitstring::Flavour::StatusList2021, fetch, ctx)
        }
        "1EdTechRevocationList" => revocation_list::check(doc, entry, fetch),
        other => outcome(
            CheckStatus::Unknown,
            format!(
                "the status method \"{}\" is not one Cairn can check",
                clip_to(other, 80)
            ),
        ),
    }
}

/// Fetches a status list, turning a failure into the check's outcome: `unknown` when
/// the network is unavailable, `fail` when the issuer's answer is unusable.
fn fetch_list(fetch: &dyn Fetch, url: &str) -> Result<Fetched, Outcome> {
    fetch
        .get(url, Kind::StatusList)
        .map_err(|err| list_error(&err))
}

fn list_error(err: &FetchError) -> Outcome {
    if err.is_unavailable() {
        outcome(
            CheckStatus::Unknown,
            format!("the status list could not be fetched: {err}"),
        )
    } else {
        outcome(
            CheckStatus::Fail,
            format!("the issuer's status list is unusable: {err}"),
        )
    }
}

/// The outcome of reading one bit (or one revocation list entry), given where the
/// list came from: a list remembered offline says "last known … as of".
fn verdict(purpose: &str, set: bool, list: &Fetched, reason: Option<&str>) -> Outcome {
    let as_of = list.as_of();
    let reason = reason
        .map(|r| format!(" ({})", clip_to(r, 120)))
        .unwrap_or_default();
    let (word, final_when_set) = match purpose {
        "revocation" => ("revoked", true),
        "suspension" => ("suspended", false),
        other => {
            return outcome(
                if set {
                    CheckStatus::Warn
                } else {
                    CheckStatus::Pass
                },
                format!(
                    "the issuer's \"{}\" status flag is {}",
                    clip_to(other, 40),
                    if set { "set" } else { "not set" }
                ),
            );
        }
    };
    match (set, as_of) {
        (true, None) => outcome(CheckStatus::Fail, format!("{word} by its issuer{reason}")),
        (true, Some(as_of)) if final_when_set => outcome(
            CheckStatus::Fail,
            format!("{word} by its issuer{reason}, {as_of} (offline)"),
        ),
        (true, Some(as_of)) => outcome(
            CheckStatus::Unknown,
            format!("the status list could not be fetched now; last known: {word} {as_of}"),
        ),
        (false, None) => outcome(
            CheckStatus::Pass,
            format!("not {word} (the issuer's status list was checked)"),
        ),
        (false, Some(as_of)) => outcome(
            CheckStatus::Unknown,
            format!("the status list could not be fetched now; last known: not {word} {as_of}"),
        ),
    }
}
