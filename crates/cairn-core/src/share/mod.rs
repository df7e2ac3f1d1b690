//! Sharing a portfolio with a registrar or employer (DESIGN §5): the chosen
//! credentials, exactly as issued, in a presentation the learner signs
//! ([`presentation`]), encrypted under a fresh key ([`envelope`]), uploaded to a
//! relay ([`relay`]) and handed over as a link or QR code ([`link`], [`qr`]).
//! Opening a link reverses it and verifies everything ([`payload::open`]).
//!
//! Never: send a key or plaintext to the relay; reuse a share key; show the
//! learner's note as anything but their own words.

pub mod envelope;
pub mod link;
pub mod payload;
pub mod presentation;
pub mod qr;
pub mod relay;

use chrono::Duration;
#[cfg(feature = "store")]
use chrono::{DateTime, SecondsFormat, Utc};

pub use envelope::{EnvelopeError, ShareKey};
pub use link::{LinkError, ShareLink};
pub use payload::{OpenedShare, PayloadError, SharePayload};
pub use presentation::{PresentationError, PresentationReport};
pub use relay::{Relay, RelayError, ShareStats, Uploaded};

#[cfg(feature = "store")]
use crate::store::{ShareRecord, StoreError, Wallet};
use crate::verify::Verifier;

/// Shortest and longest share lifetimes (the relay enforces the same bounds).
pub const MIN_EXPIRY: Duration = Duration::minutes(1);
pub const MAX_EXPIRY: Duration = Duration::days(90);
pub const DEFAULT_EXPIRY: Duration = Duration::days(7);

#[derive(Debug, thiserror::Error)]
pub enum ShareError {
    #[cfg(feature = "store")]
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Presentation(#[from] PresentationError),
    #[error(transparent)]
    Envelope(#[from] EnvelopeError),
    #[error(transparent)]
    Link(#[from] LinkError),
    #[error(transparent)]
    Relay(#[from] RelayError),
    #[error(transparent)]
    Payload(#[from] PayloadError),
    #[error("the portfolio \"{0}\" is empty; add credentials to it first")]
    EmptyPortfolio(String),
    #[error("a share lasts between 1 minute and 90 days")]
    BadExpiry,
    #[error("the share's content could not be encoded: {0}")]
    Encode(String),
}

/// A portfolio's share payload, signed by the holder and not encrypted.
#[cfg(feature = "store")]
pub struct SignedPortfolio {
    pub portfolio_id: String,
    pub title: String,
    /// The [`SharePayload`] as JSON: what an envelope seals, or what `cairn share
    /// --save` writes for the viewer's "open a file".
    pub payload: zeroize::Zeroizing<Vec<u8>>,
    pub expires: DateTime<Utc>,
}

/// Signs a portfolio's presentation (its credentials as issued, the holder's proof
/// with a fresh challenge, valid for `expires_in`) into a share payload.
#[cfg(feature = "store")]
pub fn sign_portfolio(
    wallet: &Wallet,
    portfolio: &str,
    expires_in: Duration,
    now: DateTime<Utc>,
) -> Result<SignedPortfolio, ShareError> {
    if !(MIN_EXPIRY..=MAX_EXPIRY).contains(&expires_in) {
        return Err(ShareError::BadExpiry);
    }
    let portfolio = wallet.portfolio(portfolio)?;
    if portfolio.credentials.is_empty() {
        return Err(ShareError::EmptyPortfolio(portfolio.title));
    }
    let originals = portfolio
        .credentials
        .iter()
        .map(|id| {
            wallet
                .original(id)?
                .ok_or_else(|| StoreError::UnknownCredential(id.clone()))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let (did, key) = wallet.holder_key()?;
    let mut nonce = [0u8; 16];
    getrandom::fill(&mut nonce).map_err(|e| EnvelopeError::Random(e.to_string()))?;
    let challenge =
        base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, nonce);
    let expires = now + expires_in;
    let vp = presentation::build(
        &originals,
        &presentation::Holder {
            did: &did,
            key: &key,
        },
        now,
        expires,
        &challenge,
    )?;
    let payload = SharePayload::new(&portfolio.title, portfolio.note.as_deref(), vp);
    let payload = zeroize::Zeroizing::new(
        serde_json::to_vec(&payload).map_err(|e| ShareError::Encode(e.to_string()))?,
    );
    Ok(SignedPortfolio {
        portfolio_id: portfolio.id,
        title: portfolio.title,
        payload,
        expires,
    })
}

#[cfg(feature = "store")]
/// Signs, encrypts and uploads a portfolio; records the share in the wallet.
pub fn share_portfolio(
    wallet: &mut Wallet,
    portfolio: &str,
    relay: &dyn Relay,
    relay_url: &str,
    expires_in: Duration,
    now: DateTime<Utc>,
) -> Result<ShareRecord, ShareError> {
    if !(MIN_EXPIRY..=MAX_EXPIRY).contains(&expires_in) {
        return Err(ShareError::BadExpiry);
    }
    let relay_url = relay_url.trim_end_matches('/');
    link::check_relay_url(relay_url)?;
    let signed = sign_portfolio(wallet, portfolio, expires_in, now)?;
    let share_key = ShareKey::generate()?;
    let sealed = envelope::seal(&share_key, &signed.payload)?;
    let seconds = u64::try_from(expires_in.num_seconds()).map_err(|_| ShareError::BadExpiry)?;
    let uploaded = relay.upload(relay_url, &sealed, seconds)?;
    let link = ShareLink {
        relay: relay_url.to_owned(),
        id: uploaded.id.clone(),
        key: share_key,
    };
    let record = ShareRecord {
        id: uploaded.id.clone(),
        portfolio_id: Some(signed.portfolio_id),
        title: signed.title,
        relay: relay_url.to_owned(),
        link: link.to_text(),
        created_at: now.to_rfc3339_opts(SecondsFormat::Secs, true),
        expires_at: uploaded.expires,
        revoked_at: None,
    };
    wallet.record_share(&record, &uploaded.owner_token)?;
    Ok(record)
}

#[cfg(feature = "store")]
/// Withdraws a share: first on the relay (so the link stops working), then in the
/// wallet. A share the relay no longer has is already withdrawn.
pub fn unshare(
    wallet: &mut Wallet,
    id: &str,
    relay: &dyn Relay,
    now: DateTime<Utc>,
) -> Result<ShareRecord, ShareError> {
    let share = wallet.share(id)?;
    let token = wallet.share_owner_token(&share.id)?;
    match relay.revoke(&share.relay, &share.id, &token) {
        Ok(()) | Err(RelayError::Gone | RelayError::NotFound) => {}
        Err(err) => return Err(err.into()),
    }
    let when = now.to_rfc3339_opts(SecondsFormat::Secs, true);
    wallet.mark_share_revoked(&share.id, &when)?;
    Ok(wallet.share(&share.id)?)
}

#[cfg(feature = "store")]
/// The relay's counters for a share (views), when the relay can be reached.
pub fn stats(
    wallet: &Wallet,
    share: &ShareRecord,
    relay: &dyn Relay,
) -> Result<ShareStats, ShareError> {
    let token = wallet.share_owner_token(&share.id)?;
    Ok(relay.stats(&share.relay, &share.id, &token)?)
}

/// What a registrar does with a link: fetch, decrypt, verify.
pub fn open_link(
    link: &str,
    relay: &dyn Relay,
    verifier: &Verifier,
) -> Result<OpenedShare, ShareError> {
    let link = ShareLink::parse(link)?;
    let sealed = relay.fetch(&link.relay, &link.id)?;
    let plaintext = envelope::open(&link.key, &sealed)?;
    Ok(payload::open(&plaintext, verifier)?)
}

/// Parses `30m`, `12h`, `7d`, `2w` (a bare number is days).
pub fn parse_expiry(text: &str) -> Result<Duration, ShareError> {
    let text = text.trim();
    let (number, unit) = match text.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => (&text[..i], c),
        _ => (text, 'd'),
    };
    let n: i64 = number.parse().map_err(|_| ShareError::BadExpiry)?;
    let duration = match unit {
        'm' => Duration::try_minutes(n),
        'h' => Duration::try_hours(n),
        'd' => Duration::try_days(n),
        'w' => Duration::try_weeks(n),
        _ => None,
    }
    .ok_or(ShareError::BadExpiry)?;
    if !(MIN_EXPIRY..=MAX_EXPIRY).contains(&duration) {
        return Err(ShareError::BadExpiry);
    }
    Ok(duration)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiries_parse_in_plain_units_and_stay_in_bounds() {
        assert_eq!(parse_expiry("7d").unwrap(), Duration::days(7));
        assert_eq!(parse_expiry("12h").unwrap(), Duration::hours(12));
        assert_eq!(parse_expiry("30m").unwrap(), Duration::minutes(30));
        assert_eq!(parse_expiry("2w").unwrap(), Duration::weeks(2));
        assert_eq!(parse_expiry("3").unwrap(), Duration::days(3));
        for bad in ["0d", "91d", "-1d", "x", "", "5y", "99999999999999d"] {
            assert!(parse_expiry(bad).is_err(), "{bad} accepted");
        }
    }
}
