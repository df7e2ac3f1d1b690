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
use cairn_core::credential::{self, display::Display};
use cairn_core::net::Kind;
use cairn_core::share::payload;
use cairn_core::share::presentation;
use cairn_core::verify::{CheckStatus, FixedClock, Report, Verifier};
use chrono::{DateTime, Utc};
use fetched::{Answer, Answers, Asked, BrowserFetch, MAX_ANSWERS, Wanted};
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

fn shared(answers: BTreeMap<String, Answer>) -> Answers {
    Arc::new(answers.into_iter().map(|(u, a)| (u, Arc::new(a))).collect())
}

fn parse_now(now_iso: &str) -> Result<DateTime<Utc>, ViewerError> {
    Ok(DateTime::parse_from_rfc3339(now_iso)
        .map_err(|e| ViewerError::Clock(format!("{now_iso:?}: {e}")))?
        .with_timezone(&Utc))
}

/// A verifier at `now` whose network is what the page fetched (`answers`).
fn verifier(now: DateTime<Utc>, answers: &Answers) -> (Verifier, Arc<BrowserFetch>) {
    let fetch = Arc::new(BrowserFetch::new(answers.clone(), now));
    let verifier = Verifier::online(fetch.clone()).with_clock(FixedClock(now));
    (verifier, fetch)
}

fn display_of(bytes: Option<&[u8]>) -> Display {
    bytes
        .and_then(|b| {
            credential::parse(b)
                .ok()
                .map(|p| credential::display::display(&p, b))
        })
        .unwrap_or_default()
}

/// A card with a display made once per session (`Card::new` parses the bytes again).
fn card(report: Report, display: Display) -> Card {
    Card {
        state: CardState::of(&report),
        report,
        display,
    }
}

/// One verification's outcome and what it asked the network for.
struct Verified<T> {
    value: T,
    asked: Asked,
}

impl<T> Verified<T> {
    fn run(now: DateTime<Utc>, answers: &Answers, verify: impl FnOnce(&Verifier) -> T) -> Self {
        let (verifier, fetch) = verifier(now, answers);
        let value = verify(&verifier);
        Verified {
            value,
            asked: fetch.asked(),
        }
    }

    /// Runs `verify` again unless the outcome still holds with `answers`; true when it ran.
    fn refresh(
        &mut self,
        now: DateTime<Utc>,
        answers: &Answers,
        verify: impl FnOnce(&Verifier) -> T,
    ) -> bool {
        if self.asked.unchanged_in(answers) {
            return false;
        }
        *self = Verified::run(now, answers, verify);
        true
    }
}

/// A decrypted share being verified in rounds. It is read and verified once, at one
/// time; each [`ShareSession::view`] with more documents verifies again only what
/// those documents can change: the holder's proof or a credential is verified again
/// only when an answer to a URL its verification asked for is new or different.
/// Everything is still decided here, from the answers themselves.
pub struct ShareSession {
    now: DateTime<Utc>,
    payload: payload::SharePayload,
    items: Vec<Result<Vec<u8>, String>>,
    displays: Vec<Display>,
    presentation: Verified<presentation::PresentationReport>,
    credentials: Vec<Verified<Report>>,
    verifications: usize,
}

impl ShareSession {
    /// Reads a decrypted share and verifies it at `now_iso` (RFC 3339) with nothing
    /// fetched yet.
    pub fn new(plaintext: &[u8], now_iso: &str) -> Result<ShareSession, ViewerError> {
        Self::open(plaintext, now_iso, &Answers::default())
    }

    fn open(
        plaintext: &[u8],
        now_iso: &str,
        answers: &Answers,
    ) -> Result<ShareSession, ViewerError> {
        let now = parse_now(now_iso)?;
        let payload = payload::read(plaintext)?;
        let presentation = Verified::run(now, answers, |v| {
            presentation::verify(&payload.presentation, v.resolver(), v.now())
        });
        let items = presentation::credentials(&payload.presentation);
        let credentials: Vec<_> = items
            .iter()
            .map(|item| Verified::run(now, answers, |v| payload::verify_item(item, v)))
            .collect();
        let displays = items
            .iter()
            .map(|item| display_of(item.as_deref().ok()))
            .collect();
        Ok(ShareSession {
            now,
            verifications: 1 + credentials.len(),
            payload,
            items,
            displays,
            presentation,
            credentials,
        })
    }

    /// The share verified with the documents the page has fetched so far.
    pub fn view(&mut self, answers: BTreeMap<String, Answer>) -> ViewedShare {
        let answers = shared(answers);
        let now = self.now;
        let vp = &self.payload.presentation;
        let mut ran = usize::from(self.presentation.refresh(now, &answers, |v| {
            presentation::verify(vp, v.resolver(), v.now())
        }));
        for (done, item) in self.credentials.iter_mut().zip(&self.items) {
            ran += usize::from(done.refresh(now, &answers, |v| payload::verify_item(item, v)));
        }
        self.verifications += ran;
        // Each URL once: several credentials may want one issuer's documents.
        let wanted: BTreeMap<&str, Kind> = self
            .presentation
            .asked
            .wanted()
            .chain(self.credentials.iter().flat_map(|c| c.asked.wanted()))
            .collect();
        let presentation = self.presentation.value.clone();
        let cards: Vec<Card> = self
            .credentials
            .iter()
            .zip(&self.displays)
            .map(|(c, d)| card(c.value.clone(), d.clone()))
            .collect();
        ViewedShare {
            verified: presentation.verified && cards.iter().all(|c| c.report.verified),
            expired: presentation
                .checks
                .iter()
                .any(|c| c.id == "expiry" && c.status == CheckStatus::Fail),
            holder: presentation.holder.clone(),
            title: self.payload.title.clone(),
            note: self.payload.note.clone(),
            presentation,
            cards,
            wanted: fetched::wanted(wanted),
        }
    }

    /// How many verifications (the holder's proof, or one credential) this session
    /// has run: what a later round costs, for tests.
    pub fn verifications(&self) -> usize {
        self.verifications
    }
}

/// Opens a decrypted share at `now_iso` (RFC 3339), with the documents fetched so far:
/// one round of a [`ShareSession`].
pub fn view_share(
    plaintext: &[u8],
    now_iso: &str,
    answers: BTreeMap<String, Answer>,
) -> Result<ViewedShare, ViewerError> {
    let first = shared(answers.clone());
    Ok(ShareSession::open(plaintext, now_iso, &first)?.view(answers))
}

/// Verifies one credential file at `now_iso`, with the documents fetched so far.
pub fn view_credential(
    bytes: &[u8],
    now_iso: &str,
    answers: BTreeMap<String, Answer>,
) -> Result<ViewedCredential, ViewerError> {
    let (verifier, fetch) = verifier(parse_now(now_iso)?, &shared(answers));
    let report = payload::verify_item(&Ok(bytes.to_vec()), &verifier);
    Ok(ViewedCredential {
        card: Card::new(report, Some(bytes)),
        wanted: fetch.wanted(),
    })
}

fn to_json<T: Serialize>(value: Result<T, ViewerError>) -> Result<String, JsError> {
    let value = value.map_err(|e| JsError::new(&e.to_string()))?;
    serde_json::to_string(&value).map_err(|e| JsError::new(&e.to_string()))
}

/// JS: `new ShareViewer(plaintext: Uint8Array, nowIso: string)` reads a decrypted
/// share (throws an `Error` saying what was wrong); `viewer.view(fetched: string):
/// string` verifies it with the documents fetched so far (`fetched` as
/// [`read_answers`] reads it, `""` for none) and returns a [`ViewedShare`] as JSON.
/// Call `view` again with more documents: only what they can change is verified
/// again. `viewer.free()` releases it.
#[wasm_bindgen]
pub struct ShareViewer(ShareSession);

#[wasm_bindgen]
impl ShareViewer {
    #[wasm_bindgen(constructor)]
    pub fn new(plaintext: &[u8], now_iso: &str) -> Result<ShareViewer, JsError> {
        ShareSession::new(plaintext, now_iso)
            .map(ShareViewer)
            .map_err(|e| JsError::new(&e.to_string()))
    }

    pub fn view(&mut self, fetched: &str) -> Result<String, JsError> {
        to_json(read_answers(fetched).map(|a| self.0.view(a)))
    }
}

/// JS: `open_share(plaintext: Uint8Array, nowIso: string, fetched: string): string`:
/// one [`ShareViewer`] round (a [`ViewedShare`] as JSON); throws an `Error` whose
/// message says what was wrong.
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
