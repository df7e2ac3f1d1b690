//! The learner's W3C Verifiable Presentation (VC Data Model 2.0 §4.13): the chosen
//! credentials exactly as issued, signed by the holder's `did:key` with an
//! `eddsa-rdfc-2022` proof for `authentication`, carrying a random `challenge` and an
//! `expires` time, so a copy cannot be passed off as fresh after the share ends.
//!
//! JSON-LD credentials are embedded as they are (their own proofs still verify);
//! JWT-secured ones travel as `EnvelopedVerifiableCredential` with a `data:` URL of
//! the compact JWS (VC Data Model 2.0 §4.13.1), because a JWT's signature covers its
//! exact characters.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::credential::{self, Envelope, ParseError};
use crate::quote::clip;
use crate::verify::data_integrity::{self, ProofOptions, SignError, Suite};
use crate::verify::keys::did_key_verification_method;
use crate::verify::{CheckStatus, KeyResolver};

const VC2_CONTEXT: &str = "https://www.w3.org/ns/credentials/v2";
/// A holder proves control of their DID by signing for this purpose.
const AUTHENTICATION: &str = "authentication";
/// Most credentials one presentation carries (a whole record fits; more is abuse).
pub const MAX_CREDENTIALS: usize = 500;

#[derive(Debug, thiserror::Error)]
pub enum PresentationError {
    #[error("credential {index} cannot be shared: {source}")]
    Unreadable { index: usize, source: ParseError },
    #[error("signing the presentation: {0}")]
    Sign(#[from] SignError),
    #[error("a presentation holds at most {MAX_CREDENTIALS} credentials")]
    TooMany,
}

/// The holder: their DID and signing key.
pub struct Holder<'a> {
    pub did: &'a str,
    pub key: &'a ed25519_dalek::SigningKey,
}

/// Builds and signs a presentation of `originals` (credential bytes as stored).
pub fn build(
    originals: &[Vec<u8>],
    holder: &Holder<'_>,
    now: DateTime<Utc>,
    expires: DateTime<Utc>,
    challenge: &str,
) -> Result<Value, PresentationError> {
    if originals.len() > MAX_CREDENTIALS {
        return Err(PresentationError::TooMany);
    }
    let credentials = originals
        .iter()
        .enumerate()
        .map(|(index, bytes)| {
            embed(bytes).map_err(|source| PresentationError::Unreadable {
                index: index + 1,
                source,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let unsigned = json!({
        "@context": [VC2_CONTEXT],
        "type": ["VerifiablePresentation"],
        "holder": holder.did,
        "verifiableCredential": credentials,
    });
    let created = now.to_rfc3339_opts(SecondsFormat::Secs, true);
    let expires = expires.to_rfc3339_opts(SecondsFormat::Secs, true);
    Ok(data_integrity::sign_with(
        &unsigned,
        Suite::EddsaRdfc2022,
        holder.key,
        &did_key_verification_method(holder.did),
        &ProofOptions {
            created: &created,
            purpose: AUTHENTICATION,
            challenge: Some(challenge),
            domain: None,
            expires: Some(&expires),
        },
    )?)
}

/// One credential as it goes into `verifiableCredential`.
fn embed(original: &[u8]) -> Result<Value, ParseError> {
    let parsed = credential::parse(original)?;
    Ok(match parsed.envelope {
        Envelope::JsonLd(doc) => doc,
        Envelope::Jwt { jws, .. } => enveloped("application/vc+jwt", &jws.compact()),
        Envelope::Ob2Signed { jws, .. } => enveloped("application/jws", &jws.compact()),
        Envelope::Ob2Hosted { url, assertion } => match assertion {
            Some(doc) => enveloped(
                "application/ld+json;base64",
                &URL_SAFE_NO_PAD.encode(serde_json::to_vec(&doc).unwrap_or_default()),
            ),
            None => enveloped("text/uri-list", &url),
        },
    })
}

fn enveloped(media_type: &str, data: &str) -> Value {
    json!({
        "@context": VC2_CONTEXT,
        "id": format!("data:{media_type},{data}"),
        "type": "EnvelopedVerifiableCredential",
    })
}

/// The credentials of a presentation as bytes the verifier reads, in order.
pub fn credentials(vp: &Value) -> Vec<Result<Vec<u8>, String>> {
    let items: Vec<&Value> = match vp.get("verifiableCredential") {
        None => Vec::new(),
        Some(Value::Array(items)) => items.iter().take(MAX_CREDENTIALS).collect(),
        Some(one) => vec![one],
    };
    items.into_iter().map(unwrap_credential).collect()
}

fn unwrap_credential(item: &Value) -> Result<Vec<u8>, String> {
    let is_enveloped = item
        .get("type")
        .is_some_and(|t| t == "EnvelopedVerifiableCredential");
    if !is_enveloped {
        return serde_json::to_vec(item).map_err(|e| e.to_string());
    }
    let id = item
        .get("id")
        .and_then(Value::as_str)
        .ok_or("an enveloped credential has no data: URL")?;
    let (media_type, data) = id
        .strip_prefix("data:")
        .and_then(|rest| rest.split_once(','))
        .ok_or("an enveloped credential's id is not a data: URL")?;
    if media_type.ends_with(";base64") {
        URL_SAFE_NO_PAD
            .decode(data)
            .map_err(|_| "an enveloped credential's base64 data is malformed".into())
    } else {
        Ok(data.as_bytes().to_vec())
    }
}

/// What the holder's signature on a presentation came to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PresentationReport {
    /// True exactly when no check failed.
    pub verified: bool,
    /// The DID the presentation names as its holder.
    pub holder: Option<String>,
    /// When the holder's signature stops vouching for this presentation.
    pub expires: Option<String>,
    pub checks: Vec<PresentationCheck>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PresentationCheck {
    /// `signature` (the holder's proof holds), `holder` (the key is the holder's),
    /// `expiry` (the presentation is still current).
    pub id: String,
    pub status: CheckStatus,
    pub message: String,
}

fn check(id: &str, status: CheckStatus, message: impl Into<String>) -> PresentationCheck {
    PresentationCheck {
        id: id.into(),
        status,
        message: message.into(),
    }
}

/// Verifies the holder's proof on a presentation at time `now`. The credentials
/// inside are verified separately, each with its own report.
pub fn verify(vp: &Value, resolver: &dyn KeyResolver, now: DateTime<Utc>) -> PresentationReport {
    let holder = vp.get("holder").and_then(|h| match h {
        Value::String(id) => Some(id.clone()),
        Value::Object(obj) => obj.get("id").and_then(Value::as_str).map(str::to_owned),
        _ => None,
    });
    let is_presentation = crate::credential::types(vp).contains(&"VerifiablePresentation");
    let mut checks = Vec::new();
    let mut expires = None;
    if !is_presentation {
        checks.push(check(
            "signature",
            CheckStatus::Fail,
            "this is not a Verifiable Presentation",
        ));
    } else {
        match data_integrity::verify_single(vp, resolver, AUTHENTICATION) {
            Err(reason) => checks.push(check(
                "signature",
                CheckStatus::Fail,
                format!("the learner's signature does not hold: {reason}"),
            )),
            Ok(valid) => {
                let purpose = valid.proof.get("proofPurpose").and_then(Value::as_str);
                let challenge = valid.proof.get("challenge").and_then(Value::as_str);
                if purpose != Some(AUTHENTICATION) || challenge.is_none_or(str::is_empty) {
                    checks.push(check(
                        "signature",
                        CheckStatus::Fail,
                        "the learner's signature is not a presentation proof (no authentication purpose or challenge)",
                    ));
                } else {
                    checks.push(check(
                        "signature",
                        CheckStatus::Pass,
                        format!(
                            "signed by the learner's key {} ({})",
                            clip(&valid.key.id),
                            valid.suite.name()
                        ),
                    ));
                }
                checks.push(match &holder {
                    Some(h) if *h == valid.key.controller => check(
                        "holder",
                        CheckStatus::Pass,
                        format!("the signing key belongs to the holder {}", clip(h)),
                    ),
                    Some(h) => check(
                        "holder",
                        CheckStatus::Fail,
                        format!(
                            "signed by {}, not by the holder it names ({})",
                            clip(&valid.key.controller),
                            clip(h)
                        ),
                    ),
                    None => check(
                        "holder",
                        CheckStatus::Fail,
                        "the presentation names no holder",
                    ),
                });
                expires = valid
                    .proof
                    .get("expires")
                    .and_then(Value::as_str)
                    .map(str::to_owned);
                checks.push(expiry_check(expires.as_deref(), now));
            }
        }
    }
    let verified = !checks.iter().any(|c| c.status == CheckStatus::Fail);
    PresentationReport {
        verified,
        holder,
        expires,
        checks,
    }
}

fn expiry_check(expires: Option<&str>, now: DateTime<Utc>) -> PresentationCheck {
    let Some(text) = expires else {
        return check(
            "expiry",
            CheckStatus::Fail,
            "the learner's signature has no expiry, so it cannot be told apart from an old copy",
        );
    };
    match crate::verify::parse_date(text) {
        Some(when) if when <= now => check(
            "expiry",
            CheckStatus::Fail,
            format!(
                "this share expired on {} (the learner's signature is no longer current)",
                when.format("%Y-%m-%d %H:%M UTC")
            ),
        ),
        Some(when) => check(
            "expiry",
            CheckStatus::Pass,
            format!(
                "the share is current until {} (this is the share's expiry, not the credentials')",
                when.format("%Y-%m-%d %H:%M UTC")
            ),
        ),
        None => check(
            "expiry",
            CheckStatus::Fail,
            "the signature's expiry date is unreadable",
        ),
    }
}
