//! Open Badges 2.0 verification online (OB 2.0 §Verification): hosted assertions are
//! proven by the issuer's hosted copy, signed ones by a key the issuer's profile
//! links to; both follow the assertion's BadgeClass to the issuer's Profile and its
//! `revocationList`.
//!
//! Hosted: the assertion is fetched from its `id` (or `verify.url`); the fetched copy
//! is the badge, and it must equal what was imported (a badge changed since import
//! fails). `410 Gone`, or a copy saying `revoked: true`, is a revocation; `404` means
//! the issuer no longer publishes it, which fails. The address must lie within the
//! issuer's verification policy (`startsWith`, `allowedOrigins`; by default the
//! profile's own origin).
//!
//! Signed: the key is fetched from `verification.creator` (or the profile's only
//! `publicKey`); it is believed only when the issuer's profile lists it and the key
//! names that profile as its `owner`.
//!
//! Every document goes through the verifier's [`Fetch`], so the wallet's memory
//! answers offline "as of" its date, and nothing fetched makes a check `pass` that
//! could not be performed.

use std::cell::Cell;

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::jwt::Jws;
use super::keys::{self, PublicKey};
use super::report::{Check, CheckId, CheckStatus, IssuerSummary};
use crate::credential::recipient::{self, Me};
use crate::credential::types;
use crate::net::{Fetch, FetchError, Kind};
use crate::quote::{clip, clip_to};

/// What OB 2.0 verification found: the checks it owns, the assertion as the issuer
/// publishes it (for the dates), and what the badge class and profile say (for the
/// summary).
pub(crate) struct Outcome {
    pub proof: Check,
    pub issuer: Check,
    pub status: Check,
    /// The assertion to read dates from: the hosted copy when it was fetched.
    pub assertion: Option<Value>,
    pub badge_name: Option<String>,
    pub issuer_summary: Option<IssuerSummary>,
}

/// Why a linked document could not be used.
enum Problem {
    /// The network could not be asked (offline, unreachable, slow, server error).
    Unavailable(String),
    /// The publisher says it does not exist (404) or was removed (410).
    Gone { url: String, status: u16 },
    /// It was fetched and is not what it must be.
    Invalid(String),
}

impl Problem {
    fn message(&self) -> String {
        match self {
            Problem::Unavailable(m) | Problem::Invalid(m) => m.clone(),
            Problem::Gone { url, status } => {
                format!(
                    "{} answers HTTP {status}: it no longer exists",
                    clip_to(url, 160)
                )
            }
        }
    }

    /// The check status a problem with a required document gives.
    fn status(&self) -> CheckStatus {
        match self {
            Problem::Unavailable(_) => CheckStatus::Unknown,
            _ => CheckStatus::Fail,
        }
    }
}

struct Ctx<'a> {
    fetch: &'a dyn Fetch,
    /// The oldest remembered copy used, so messages can say "as of".
    as_of: Cell<Option<DateTime<Utc>>>,
}

impl Ctx<'_> {
    /// The JSON object at `url`, of one of `wanted` types, whose `id` is `url`.
    fn object(&self, url: &str, what: &str, wanted: &[&str]) -> Result<Value, Problem> {
        if url.is_empty() {
            return Err(Problem::Invalid(format!("{what} has no web address")));
        }
        let fetched = self.fetch.get(url, Kind::Ob2Hosted).map_err(|err| {
            if err.is_unavailable() {
                Problem::Unavailable(format!("{what} could not be fetched: {err}"))
            } else if let FetchError::HttpStatus { status, .. } = &err
                && err.is_gone()
            {
                Problem::Gone {
                    url: url.to_owned(),
                    status: *status,
                }
            } else {
                Problem::Invalid(format!("{what} is unusable: {err}"))
            }
        })?;
        if fetched.from_cache {
            let older = self
                .as_of
                .get()
                .is_none_or(|seen| fetched.fetched_at < seen);
            if older {
                self.as_of.set(Some(fetched.fetched_at));
            }
        }
        let doc: Value = serde_json::from_slice(&fetched.body).map_err(|e| {
            Problem::Invalid(format!("{what} at {} is not JSON: {e}", clip_to(url, 160)))
        })?;
        let found = doc.get("id").and_then(Value::as_str).unwrap_or("(none)");
        if found != url {
            return Err(Problem::Invalid(format!(
                "{what} fetched from {} is about {}, not about it",
                clip_to(url, 160),
                clip(found)
            )));
        }
        if !wanted.is_empty() && !types(&doc).iter().any(|t| wanted.contains(t)) {
            return Err(Problem::Invalid(format!(
                "{what} at {} is not of type {}",
                clip_to(url, 160),
                wanted.join(" or ")
            )));
        }
        Ok(doc)
    }

    /// "" or ", as of DATE (offline)" when a remembered copy was used.
    fn as_of(&self) -> String {
        match self.as_of.get() {
            Some(at) => format!(", as of {} (offline)", at.format("%Y-%m-%d %H:%M UTC")),
            None => String::new(),
        }
    }
}

/// The id of a linked object: a string, or an object's `id`.
fn link(value: Option<&Value>) -> Option<&str> {
    match value? {
        Value::String(id) => Some(id),
        Value::Object(obj) => obj.get("id").and_then(Value::as_str),
        _ => None,
    }
}

fn links(value: Option<&Value>) -> Vec<&str> {
    match value {
        Some(Value::Array(items)) => items.iter().filter_map(|v| link(Some(v))).collect(),
        other => link(other).into_iter().collect(),
    }
}

fn text(value: Option<&Value>) -> Option<String> {
    value.and_then(Value::as_str).map(str::to_owned)
}

/// The assertion's BadgeClass and its issuer's Profile.
struct Issuer {
    badge: Value,
    profile: Value,
}

impl Issuer {
    fn id(&self) -> &str {
        self.profile
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    /// "NAME (ID)" for messages.
    fn named(&self) -> String {
        match self.profile.get("name").and_then(Value::as_str) {
            Some(name) => format!("{} ({})", clip(name), clip_to(self.id(), 160)),
            None => clip_to(self.id(), 160),
        }
    }
}

/// Follows `badge` to the BadgeClass (fetched when it is a web address; an embedded
/// class without one is part of what was verified) and its `issuer` to the Profile,
/// which is always fetched: an embedded profile could claim any key or policy.
fn issuer_of(assertion: &Value, ctx: &Ctx<'_>) -> Result<Issuer, Problem> {
    let badge = match assertion.get("badge") {
        Some(Value::Object(obj))
            if !obj
                .get("id")
                .and_then(Value::as_str)
                .is_some_and(is_web_address) =>
        {
            Value::Object(obj.clone())
        }
        other => {
            let url = link(other).ok_or_else(|| {
                Problem::Invalid("the assertion names no BadgeClass (badge)".into())
            })?;
            ctx.object(url, "its BadgeClass", &["BadgeClass"])?
        }
    };
    let profile_url = link(badge.get("issuer")).ok_or_else(|| {
        Problem::Invalid("its BadgeClass names no issuer profile (issuer)".into())
    })?;
    let profile = ctx.object(profile_url, "the issuer's profile", &["Issuer", "Profile"])?;
    Ok(Issuer { badge, profile })
}

fn is_web_address(id: &str) -> bool {
    id.starts_with("https://") || id.starts_with("http://")
}

/// Whether `url` lies within the issuer's hosted-verification policy.
fn within_policy(url: &str, profile: &Value) -> Result<(), String> {
    let policy = profile.get("verification");
    let strings = |key: &str| -> Vec<String> {
        match policy.and_then(|p| p.get(key)) {
            Some(Value::String(s)) => vec![s.clone()],
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
            _ => Vec::new(),
        }
    };
    let starts_with = strings("startsWith");
    let allowed_origins = strings("allowedOrigins");
    let parsed = url::Url::parse(url)
        .map_err(|e| format!("{} is not a web address: {e}", clip_to(url, 160)))?;
    if !starts_with.is_empty()
        && !starts_with
            .iter()
            .any(|prefix| url.starts_with(prefix.as_str()))
    {
        return Err(format!(
            "it is hosted at {}, outside the addresses its issuer allows (verification.startsWith)",
            clip_to(url, 160)
        ));
    }
    if !allowed_origins.is_empty() {
        let host = parsed.host_str().unwrap_or_default();
        let host_port = parsed
            .port()
            .map_or_else(|| host.to_owned(), |p| format!("{host}:{p}"));
        if !allowed_origins
            .iter()
            .any(|o| *o == host || *o == host_port)
        {
            return Err(format!(
                "it is hosted on {}, which its issuer does not allow (verification.allowedOrigins)",
                clip(&host_port)
            ));
        }
    }
    if starts_with.is_empty() && allowed_origins.is_empty() {
        let profile_id = profile
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let same = url::Url::parse(profile_id).is_ok_and(|p| p.origin() == parsed.origin());
        if !same {
            return Err(format!(
                "it is hosted at {}, not on its issuer's own site ({})",
                clip_to(url, 160),
                clip_to(profile_id, 160)
            ));
        }
    }
    Ok(())
}

/// The issuer's revocation list, if it publishes one, for the assertion `id`/`uid`.
fn revocation(assertion: &Value, issuer: &Issuer, ctx: &Ctx<'_>, hosted: bool) -> Check {
    let status = |s, m: String| Check::new(CheckId::Status, s, m);
    let Some(url) = link(issuer.profile.get("revocationList")) else {
        return if hosted {
            status(
                CheckStatus::Pass,
                format!("not revoked: its issuer still publishes it{}", ctx.as_of()),
            )
        } else {
            status(
                CheckStatus::Skip,
                "its issuer publishes no revocation list".into(),
            )
        };
    };
    // Whether the list itself is a remembered copy decides what "not listed" means.
    let before = ctx.as_of.take();
    let fetched = ctx.object(url, "the issuer's revocation list", &["RevocationList"]);
    let remembered = ctx.as_of.get().is_some();
    if let Some(earlier) = before
        && ctx.as_of.get().is_none_or(|list_at| earlier < list_at)
    {
        ctx.as_of.set(Some(earlier));
    }
    let list = match fetched {
        Ok(list) => list,
        Err(problem) => return status(problem.status(), problem.message()),
    };
    let id = assertion.get("id").and_then(Value::as_str);
    let uid = assertion.get("uid").and_then(Value::as_str);
    let entries = match list.get("revokedAssertions") {
        Some(Value::Array(items)) => items.as_slice(),
        _ => &[],
    };
    let hit = entries.iter().find(|entry| match entry {
        Value::String(s) => Some(s.as_str()) == id,
        Value::Object(obj) => {
            let field = |k: &str| obj.get(k).and_then(Value::as_str);
            (id.is_some() && field("id") == id) || (uid.is_some() && field("uid") == uid)
        }
        _ => false,
    });
    match hit {
        Some(entry) => {
            let reason = entry
                .get("revocationReason")
                .and_then(Value::as_str)
                .map(|r| format!(": {}", clip(r)))
                .unwrap_or_default();
            status(
                CheckStatus::Fail,
                format!("revoked by its issuer{reason}{}", ctx.as_of()),
            )
        }
        // A remembered list may have changed since; only a revocation is final.
        None if remembered => status(
            CheckStatus::Unknown,
            format!(
                "the issuer's revocation list could not be fetched now; last known: not revoked{}",
                ctx.as_of()
            ),
        ),
        None => status(
            CheckStatus::Pass,
            "not revoked: not in its issuer's revocation list".into(),
        ),
    }
}

/// The recipient compared with the learner's addresses, when the learner gave some.
fn with_recipient(mut proof: Check, assertion: &Value, me: Option<&Me>) -> Check {
    let Some(me) = me.filter(|me| !me.emails.is_empty()) else {
        return proof;
    };
    if proof.status != CheckStatus::Pass || assertion.get("recipient").is_none() {
        return proof;
    }
    if me.is_recipient(&recipient::recipients(assertion)) {
        proof
            .message
            .push_str("; issued to you (one of your email addresses)");
    } else {
        proof.status = CheckStatus::Warn;
        proof.message.push_str(
            "; but it was issued to someone else: none of your email addresses matches its recipient",
        );
    }
    proof
}

/// The issuer's profile could not be had: the issuer check says why, and revocation
/// cannot be checked, since the profile is what names the revocation list.
fn without_issuer_profile(outcome: &mut Outcome, problem: &Problem) {
    outcome.issuer = Check::new(CheckId::Issuer, problem.status(), problem.message());
    outcome.status = unknown(
        CheckId::Status,
        "its issuer's revocation list could not be found without the issuer's profile",
    );
}

fn summary_of(outcome: &mut Outcome, issuer: &Issuer) {
    outcome.badge_name = text(issuer.badge.get("name"));
    outcome.issuer_summary = Some(IssuerSummary {
        id: Some(issuer.id().to_owned()),
        name: text(issuer.profile.get("name")),
    });
}

fn unknown(id: CheckId, message: impl Into<String>) -> Check {
    Check::new(id, CheckStatus::Unknown, message)
}

/// A hosted assertion: `url` is where it is published, `imported` what the learner has.
pub(crate) fn hosted(
    url: &str,
    imported: Option<&Value>,
    fetch: &dyn Fetch,
    me: Option<&Me>,
) -> Outcome {
    let ctx = Ctx {
        fetch,
        as_of: Cell::new(None),
    };
    let mut outcome = Outcome {
        proof: unknown(CheckId::Proof, ""),
        issuer: unknown(
            CheckId::Issuer,
            "its issuer could not be checked without the hosted assertion",
        ),
        status: unknown(
            CheckId::Status,
            "its revocation could not be checked without the hosted assertion",
        ),
        assertion: imported.cloned(),
        badge_name: None,
        issuer_summary: None,
    };
    let revoked = |outcome: &mut Outcome, why: String| {
        outcome.proof = unknown(
            CheckId::Proof,
            "its issuer has withdrawn it, so the hosted copy no longer confirms it",
        );
        outcome.status = Check::new(CheckId::Status, CheckStatus::Fail, why);
    };
    let hosted = match ctx.object(url, "the hosted assertion", &[]) {
        Ok(doc) => doc,
        Err(Problem::Gone { status: 410, .. }) => {
            revoked(
                &mut outcome,
                format!(
                    "revoked: its issuer answers 410 Gone at {}",
                    clip_to(url, 160)
                ),
            );
            return outcome;
        }
        Err(Problem::Gone { url, status }) => {
            outcome.proof = Check::new(
                CheckId::Proof,
                CheckStatus::Fail,
                format!(
                    "its issuer no longer publishes it: {} answers HTTP {status} (a hosted badge is proven only by its hosted copy)",
                    clip_to(&url, 160)
                ),
            );
            return outcome;
        }
        Err(problem) => {
            outcome.proof = Check::new(
                CheckId::Proof,
                problem.status(),
                format!(
                    "an Open Badges 2.0 hosted badge, proven by its issuer's copy: {}",
                    problem.message()
                ),
            );
            return outcome;
        }
    };
    if hosted.get("revoked").and_then(Value::as_bool) == Some(true) {
        let reason = hosted
            .get("revocationReason")
            .and_then(Value::as_str)
            .map(|r| format!(": {}", clip(r)))
            .unwrap_or_default();
        revoked(
            &mut outcome,
            format!("revoked by its issuer{reason}{}", ctx.as_of()),
        );
        return outcome;
    }
    if !types(&hosted).contains(&"Assertion") {
        outcome.proof = Check::new(
            CheckId::Proof,
            CheckStatus::Fail,
            format!(
                "the document at {} is not an Open Badges Assertion",
                clip_to(url, 160)
            ),
        );
        return outcome;
    }
    if let Some(imported) = imported
        && *imported != hosted
    {
        outcome.proof = Check::new(
            CheckId::Proof,
            CheckStatus::Fail,
            format!(
                "changed since import: the issuer's hosted copy at {} differs from this badge ({}){}",
                clip_to(url, 160),
                differences(imported, &hosted),
                ctx.as_of()
            ),
        );
        return outcome;
    }
    outcome.assertion = Some(hosted.clone());
    outcome.proof = Check::new(
        CheckId::Proof,
        CheckStatus::Pass,
        format!(
            "an Open Badges 2.0 hosted badge: its issuer publishes it at {}{}",
            clip_to(url, 160),
            ctx.as_of()
        ),
    );
    match issuer_of(&hosted, &ctx) {
        Ok(issuer) => {
            outcome.issuer = match within_policy(url, &issuer.profile) {
                Ok(()) => Check::new(
                    CheckId::Issuer,
                    CheckStatus::Pass,
                    format!(
                        "hosted by its issuer {}, within its verification policy{}",
                        issuer.named(),
                        ctx.as_of()
                    ),
                ),
                Err(why) => Check::new(CheckId::Issuer, CheckStatus::Fail, why),
            };
            outcome.status = revocation(&hosted, &issuer, &ctx, true);
            summary_of(&mut outcome, &issuer);
        }
        Err(problem) => without_issuer_profile(&mut outcome, &problem),
    }
    outcome.proof = with_recipient(outcome.proof, &hosted, me);
    outcome
}

/// Top-level fields whose values differ, for the "changed since import" message.
fn differences(a: &Value, b: &Value) -> String {
    let (Some(a), Some(b)) = (a.as_object(), b.as_object()) else {
        return "not the same kind of document".into();
    };
    let mut keys: Vec<&str> = a
        .keys()
        .chain(b.keys())
        .map(String::as_str)
        .filter(|k| a.get(*k) != b.get(*k))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    let shown: Vec<String> = keys.iter().take(5).map(|k| clip(k)).collect();
    let more = keys.len().saturating_sub(shown.len());
    if more > 0 {
        format!("in {} and {more} more", shown.join(", "))
    } else {
        format!("in {}", shown.join(", "))
    }
}

/// The key of a `CryptographicKey` document: `publicKeyPem` (SPKI or PKCS#1).
fn pem_key(doc: &Value, url: &str) -> Result<PublicKey, String> {
    use rsa::pkcs1::DecodeRsaPublicKey as _;
    use rsa::pkcs8::DecodePublicKey as _;
    let pem = doc
        .get("publicKeyPem")
        .and_then(Value::as_str)
        .ok_or_else(|| format!("the key at {} has no publicKeyPem", clip_to(url, 160)))?;
    if pem.len() > 16 * 1024 {
        return Err(format!("the key at {} is too long", clip_to(url, 160)));
    }
    let pem = pem.trim();
    let key = rsa::PublicKey::from_public_key_pem(pem)
        .or_else(|_| rsa::PublicKey::from_pkcs1_pem(pem))
        .map_err(|e| {
            format!(
                "the key at {} is not an RSA public key in PEM: {e}",
                clip_to(url, 160)
            )
        })?;
    let bits = rsa::traits::PublicKeyParts::n(&key).bit_width() as usize;
    if !(keys::MIN_RSA_BITS..=keys::MAX_RSA_BITS).contains(&bits) {
        return Err(format!(
            "the key at {} has {bits} bits; {} to {} are supported",
            clip_to(url, 160),
            keys::MIN_RSA_BITS,
            keys::MAX_RSA_BITS
        ));
    }
    Ok(PublicKey::Rsa(key))
}

/// A signed assertion (compact JWS) and its payload.
pub(crate) fn signed(jws: &Jws, assertion: &Value, fetch: &dyn Fetch, me: Option<&Me>) -> Outcome {
    let ctx = Ctx {
        fetch,
        as_of: Cell::new(None),
    };
    let mut outcome = Outcome {
        proof: unknown(CheckId::Proof, ""),
        issuer: unknown(CheckId::Issuer, ""),
        status: unknown(CheckId::Status, ""),
        assertion: Some(assertion.clone()),
        badge_name: None,
        issuer_summary: None,
    };
    let verification = assertion
        .get("verification")
        .or_else(|| assertion.get("verify"));
    let issuer = issuer_of(assertion, &ctx);
    let creator = link(verification.and_then(|v| v.get("creator"))).map(str::to_owned);
    let key_url = match (&creator, &issuer) {
        (Some(url), _) => Ok(url.clone()),
        (None, Ok(issuer)) => match links(issuer.profile.get("publicKey")).as_slice() {
            [only] => Ok((*only).to_owned()),
            other => Err(Problem::Invalid(format!(
                "the assertion names no key (verification.creator) and its issuer's profile lists {}",
                other.len()
            ))),
        },
        (None, Err(problem)) => Err(match problem {
            Problem::Unavailable(m) => Problem::Unavailable(m.clone()),
            other => Problem::Invalid(format!(
                "the assertion names no key (verification.creator) and {}",
                other.message()
            )),
        }),
    };
    let key = key_url.and_then(|url| {
        let doc = ctx.object(&url, "the signing key", &["CryptographicKey"])?;
        let key = pem_key(&doc, &url).map_err(Problem::Invalid)?;
        Ok((url, doc, key))
    });
    let (key_url, key_doc) = match key {
        Ok((url, doc, key)) => {
            outcome.proof = match jws.verify(&key) {
                Ok(()) => Check::new(
                    CheckId::Proof,
                    CheckStatus::Pass,
                    format!(
                        "{} signature by {} is valid{}",
                        jws.alg().map_or("JWS", |a| a.name()),
                        clip_to(&url, 160),
                        ctx.as_of()
                    ),
                ),
                Err(err) => Check::new(
                    CheckId::Proof,
                    CheckStatus::Fail,
                    format!(
                        "the signature does not verify with the key at {}: {err}",
                        clip_to(&url, 160)
                    ),
                ),
            };
            (url, doc)
        }
        Err(problem) => {
            outcome.proof = Check::new(
                CheckId::Proof,
                problem.status(),
                format!(
                    "an Open Badges 2.0 signed badge; its key: {}",
                    problem.message()
                ),
            );
            outcome.issuer = unknown(CheckId::Issuer, "without its key, its issuer is unknown");
            outcome.status = match &issuer {
                Ok(issuer) => revocation(assertion, issuer, &ctx, false),
                Err(problem) => {
                    Check::new(CheckId::Status, CheckStatus::Unknown, problem.message())
                }
            };
            return outcome;
        }
    };
    match issuer {
        Ok(issuer) => {
            let listed = links(issuer.profile.get("publicKey")).contains(&key_url.as_str());
            let owner = link(key_doc.get("owner"));
            outcome.issuer = if !listed {
                Check::new(
                    CheckId::Issuer,
                    CheckStatus::Fail,
                    format!(
                        "the key {} is not listed in its issuer's profile {} (publicKey)",
                        clip_to(&key_url, 160),
                        clip_to(issuer.id(), 160)
                    ),
                )
            } else if owner != Some(issuer.id()) {
                Check::new(
                    CheckId::Issuer,
                    CheckStatus::Fail,
                    format!(
                        "the key {} names another owner ({})",
                        clip_to(&key_url, 160),
                        clip(owner.unwrap_or("none"))
                    ),
                )
            } else {
                Check::new(
                    CheckId::Issuer,
                    CheckStatus::Pass,
                    format!(
                        "key published by its issuer {}{}",
                        issuer.named(),
                        ctx.as_of()
                    ),
                )
            };
            outcome.status = revocation(assertion, &issuer, &ctx, false);
            summary_of(&mut outcome, &issuer);
        }
        Err(problem) => without_issuer_profile(&mut outcome, &problem),
    }
    outcome.proof = with_recipient(outcome.proof, assertion, me);
    outcome
}
