//! What a share's envelope holds once decrypted: the signed presentation, and the
//! portfolio's title and the learner's note. The note is the learner's own words:
//! it is authenticated by the envelope (only someone with the key could write it)
//! but never verified, and viewers must show it as such.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::presentation::{self, PresentationReport};
use crate::verify::{Report, Verifier};

/// The payload format this Cairn writes and reads.
const VERSION: u32 = 1;
pub const MAX_TITLE_CHARS: usize = 200;
pub const MAX_NOTE_CHARS: usize = 4000;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SharePayload {
    pub cairn_share: u32,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub presentation: Value,
}

impl SharePayload {
    pub fn new(title: &str, note: Option<&str>, presentation: Value) -> SharePayload {
        SharePayload {
            cairn_share: VERSION,
            title: title.to_owned(),
            note: note.map(str::to_owned),
            presentation,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PayloadError {
    #[error("the share's content is not readable: {0}")]
    Malformed(String),
    #[error("the share was made by a newer Cairn (format {0}); update Cairn to open it")]
    NewerVersion(u32),
}

/// What a registrar sees: who shared, their words, and every verification.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OpenedShare {
    pub holder: Option<String>,
    pub title: String,
    /// The learner's own words, not verified.
    pub note: Option<String>,
    pub presentation: PresentationReport,
    /// One report per credential, in the learner's order.
    pub credentials: Vec<Report>,
}

impl OpenedShare {
    /// True when the holder's signature holds and every credential verified.
    pub fn verified(&self) -> bool {
        self.presentation.verified && self.credentials.iter().all(|r| r.verified)
    }
}

/// Reads a decrypted payload and verifies the presentation and each credential.
pub fn open(plaintext: &[u8], verifier: &Verifier) -> Result<OpenedShare, PayloadError> {
    let payload = read(plaintext)?;
    let presentation =
        presentation::verify(&payload.presentation, verifier.resolver(), verifier.now());
    let credentials = presentation::credentials(&payload.presentation)
        .iter()
        .map(|item| verify_item(item, verifier))
        .collect();
    Ok(OpenedShare {
        holder: presentation.holder.clone(),
        title: payload.title,
        note: payload.note,
        presentation,
        credentials,
    })
}

/// Reads a decrypted payload without verifying anything: its title and note clipped
/// to their caps. [`open`] is this, then the verifications; a caller that verifies in
/// steps (the browser viewer, in rounds) uses the pieces.
pub fn read(plaintext: &[u8]) -> Result<SharePayload, PayloadError> {
    let payload: SharePayload =
        serde_json::from_slice(plaintext).map_err(|e| PayloadError::Malformed(e.to_string()))?;
    if payload.cairn_share > VERSION {
        return Err(PayloadError::NewerVersion(payload.cairn_share));
    }
    Ok(SharePayload {
        title: clip_chars(&payload.title, MAX_TITLE_CHARS),
        note: payload.note.map(|n| clip_chars(&n, MAX_NOTE_CHARS)),
        ..payload
    })
}

/// The report of one of [`presentation::credentials`]: an item that is not a
/// credential is reported unreadable, saying why.
pub fn verify_item(item: &Result<Vec<u8>, String>, verifier: &Verifier) -> Report {
    match item {
        Ok(bytes) => verifier
            .verify_bytes(bytes)
            .unwrap_or_else(|err| Report::unreadable(&err.to_string(), verifier.now())),
        Err(reason) => Report::unreadable(reason, verifier.now()),
    }
}

fn clip_chars(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}
