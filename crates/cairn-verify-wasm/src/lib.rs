//! The registrar's verifier: the page at `/s/ID` decrypts a share with WebCrypto and
//! hands the plaintext here. Everything about credentials (verification, what a card
//! shows, which state a card is in) is decided in Rust by `cairn-core`; the page only
//! renders the JSON this returns.
//!
//! The browser supplies the time (`now_iso`): a WASM module has no clock of its own;
//! and the documents verification needs from the web (`did:web` documents, issuer
//! profiles, status lists), in rounds: see [`fetched`].

pub mod fetched;

use std::collections::BTreeMap;
use std::sync::Arc;

pub use cairn_core::credential::display::{Card, CardState};
use cairn_core::share::payload;
use cairn_core::share::presentation;
use cairn_core::verify::{CheckStatus, FixedClock, Report, Verifier};
use chrono::{DateTime, Utc};
use fetched::{Answer, BrowserFetch, MAX_ANSWERS, Wanted};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[derive(Debug, thiserror::Error)]
pub enum ViewerError {
    #[error("the browser's clock gave an unreadable time: {0}")]
    Clock(String),
    #[error(transparent)]
    Payload(#[from] payload::PayloadError),
    #[error("the documents the page fetched are not readable: {0}")]
    Fetched(String),
}

/// A share as the page shows it.
#[derive(Debug, Serialize)]
pub struct ViewedShare {
    /// The holder's signature holds and every credential verified.
    pub verified: bool,
    /// The share's presentation is past its expiry: the page says so first.
    pub expired: bool,
    pub holder: Option<String>,
    pub title: String,
    /// The learner's own words: authenticated by the link's key, never verified.
    pub note: Option<String>,
    pub presentation: presentation::PresentationReport,
    pub cards: Vec<Card>,
    /// Documents verification needed and the page has not fetched yet: fetch them
    /// and open the share again with them. Empty when nothing more can help.
    pub wanted: Vec<Wanted>,
}

/// One credential as the page shows it, and what it still wants fetched.
#[derive(Debug, Serialize)]
pub struct ViewedCredential {
    #[serde(flatten)]
    pub card: Card,
    pub wanted: Vec<Wanted>,
}

/// The documents the page has fetched, by URL: the JSON of
/// `{URL: {"outcome": "answered", "status", "final_url", "body", "fetched_at"} |
/// {"outcome": "unreachable" | "timeout" | "too_large" | "not_fetched", …}}`.
pub fn read_answers(json: &str) -> Result<BTreeMap<String, Answer>, ViewerError> {
    if json.trim().is_empty() {
        return Ok(BTreeMap::new());
    }
    let answers: BTreeMap<String, Answer> =
        serde_json::from_str(json).map_err(|e| ViewerError::Fetched(e.to_string()))?;
    if answers.len() > MAX_ANSWERS {
        return Err(ViewerError::Fetched(format!(
            "{} documents, more than the {MAX_ANSWERS} a share may need",
            answers.len()
        )));
    }
    Ok(answers)
}

/// A verifier at `now_iso` whose network is what the page fetched (`answers`).
fn verifier(
    now_iso: &str,
    answers: BTreeMap<String, Answer>,
) -> Result<(Verifier, Arc<BrowserFetch>), ViewerError> {
    let now = DateTime::parse_from_rfc3339(now_iso)
        .map_err(|e| ViewerError::Clock(format!("{now_iso:?}: {e}")))?
        .with_timezone(&Utc);
    let fetch = Arc::new(BrowserFetch::new(answers, now));
    let verifier = Verifier::online(fetch.clone()).with_clock(FixedClock(now));
    Ok((verifier, fetch))
}

/// Opens a decrypted share at `now_iso` (RFC 3339), with the documents fetched so far.
pub fn view_share(
    plaintext: &[u8],
    now_iso: &str,
    answers: BTreeMap<String, Answer>,
) -> Result<ViewedShare, ViewerError> {
    let (verifier, fetch) = verifier(now_iso, answers)?;
    let opened = payload::open(plaintext, &verifier)?;
    // `open` has validated the payload; read the credential bytes again for display.
    let items = serde_json::from_slice::<payload::SharePayload>(plaintext)
        .map(|p| presentation::credentials(&p.presentation))
        .unwrap_or_default();
    let verified = opened.verified();
    let expired = opened
        .presentation
        .checks
        .iter()
        .any(|c| c.id == "expiry" && c.status == CheckStatus::Fail);
    let cards = opened
        .credentials
        .into_iter()
        .enumerate()
        .map(|(i, report)| Card::new(report, items.get(i).and_then(|r| r.as_deref().ok())))
        .collect();
    Ok(ViewedShare {
        verified,
        expired,
        holder: opened.holder,
        title: opened.title,
        note: opened.note,
        presentation: opened.presentation,
        cards,
        wanted: fetch.wanted(),
    })
}

/// Verifies one credential file at `now_iso`, with the documents fetched so far.
pub fn view_credential(
    bytes: &[u8],
    now_iso: &str,
    answers: BTreeMap<String, Answer>,
) -> Result<ViewedCredential, ViewerError> {
    let (verifier, fetch) = verifier(now_iso, answers)?;
    let report = verifier
        .verify_bytes(bytes)
        .unwrap_or_else(|err| Report::unreadable(&err.to_string(), verifier.now()));
    Ok(ViewedCredential {
        card: Card::new(report, Some(bytes)),
        wanted: fetch.wanted(),
    })
}

fn to_json<T: Serialize>(value: Result<T, ViewerError>) -> Result<String, JsError> {
    let value = value.map_err(|e| JsError::new(&e.to_string()))?;
    serde_json::to_string(&value).map_err(|e| JsError::new(&e.to_string()))
}

/// JS: `open_share(plaintext: Uint8Array, nowIso: string, fetched: string): string`
/// (a [`ViewedShare`] as JSON; `fetched` as [`read_answers`] reads it, `""` for none);
/// throws an `Error` whose message says what was wrong.
#[wasm_bindgen]
pub fn open_share(plaintext: &[u8], now_iso: &str, fetched: &str) -> Result<String, JsError> {
    to_json(read_answers(fetched).and_then(|a| view_share(plaintext, now_iso, a)))
}

/// JS: `verify_credential(bytes: Uint8Array, nowIso: string, fetched: string): string`
/// (a [`ViewedCredential`]).
#[wasm_bindgen]
pub fn verify_credential(bytes: &[u8], now_iso: &str, fetched: &str) -> Result<String, JsError> {
    to_json(read_answers(fetched).and_then(|a| view_credential(bytes, now_iso, a)))
}
