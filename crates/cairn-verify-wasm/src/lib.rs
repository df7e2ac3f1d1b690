//! The registrar's verifier: the page at `/s/ID` decrypts a share with WebCrypto and
//! hands the plaintext here. Everything about credentials (verification, what a card
//! shows, which state a card is in) is decided in Rust by `cairn-core`; the page only
//! renders the JSON this returns.
//!
//! The browser supplies the time (`now_iso`): a WASM module has no clock of its own.

pub use cairn_core::credential::display::{Card, CardState};
use cairn_core::share::payload;
use cairn_core::share::presentation;
use cairn_core::verify::{CheckStatus, FixedClock, Report, Verifier};
use chrono::{DateTime, Utc};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[derive(Debug, thiserror::Error)]
pub enum ViewerError {
    #[error("the browser's clock gave an unreadable time: {0}")]
    Clock(String),
    #[error(transparent)]
    Payload(#[from] payload::PayloadError),
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
}

fn clock(now_iso: &str) -> Result<Verifier, ViewerError> {
    let now = DateTime::parse_from_rfc3339(now_iso)
        .map_err(|e| ViewerError::Clock(format!("{now_iso:?}: {e}")))?
        .with_timezone(&Utc);
    Ok(Verifier::offline().with_clock(FixedClock(now)))
}

/// Opens a decrypted share at `now_iso` (RFC 3339).
pub fn view_share(plaintext: &[u8], now_iso: &str) -> Result<ViewedShare, ViewerError> {
    let verifier = clock(now_iso)?;
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
    })
}

/// Verifies one credential file at `now_iso`.
pub fn view_credential(bytes: &[u8], now_iso: &str) -> Result<Card, ViewerError> {
    let verifier = clock(now_iso)?;
    let report = verifier
        .verify_bytes(bytes)
        .unwrap_or_else(|err| Report::unreadable(&err.to_string(), verifier.now()));
    Ok(Card::new(report, Some(bytes)))
}

fn to_json<T: Serialize>(value: Result<T, ViewerError>) -> Result<String, JsError> {
    let value = value.map_err(|e| JsError::new(&e.to_string()))?;
    serde_json::to_string(&value).map_err(|e| JsError::new(&e.to_string()))
}

/// JS: `open_share(plaintext: Uint8Array, nowIso: string): string` (a [`ViewedShare`]
/// as JSON); throws an `Error` whose message says what was wrong.
#[wasm_bindgen]
pub fn open_share(plaintext: &[u8], now_iso: &str) -> Result<String, JsError> {
    to_json(view_share(plaintext, now_iso))
}

/// JS: `verify_credential(bytes: Uint8Array, nowIso: string): string` (a [`Card`]).
#[wasm_bindgen]
pub fn verify_credential(bytes: &[u8], now_iso: &str) -> Result<String, JsError> {
    to_json(view_credential(bytes, now_iso))
}
