//! Verification: from a parsed credential to the report of DESIGN §3.
//!
//! Offline by default: keys that need the network make their checks `unknown`,
//! never `pass`. [`Verifier::online`] adds the network through a
//! [`crate::net::Fetch`] (keys from `did:web` and issuer profiles, status lists);
//! time comes through [`Clock`].

mod clock;
pub mod data_integrity;
pub mod did_web;
pub mod jwt;
pub mod keys;
mod ob2;
mod online;
pub mod registry;
pub mod report;
mod resolve;
mod schema;
mod status;
mod validity;
mod vc_jwt;
mod verdict;

use std::sync::Arc;

use serde_json::Value;

pub use clock::{Clock, FixedClock, SystemClock};
pub use online::NetResolver;
pub use report::{Check, CheckId, CheckStatus, CredentialSummary, Report};
pub use resolve::{KeyResolver, OfflineResolver};
pub use validity::parse_date;
pub use verdict::Verdict;

use crate::credential::{self, Envelope, ParseError, Parsed};
use crate::net::Fetch;

/// Verifies credentials with a clock and a key resolver.
pub struct Verifier {
    clock: Box<dyn Clock>,
    resolver: Box<dyn KeyResolver>,
    /// The network (or its memory), for status lists and hosted badges; `None`
    /// verifies offline with nothing remembered.
    fetch: Option<Arc<dyn Fetch>>,
    /// The learner, when known: an OB 2.0 badge's recipient is compared with their
    /// email addresses.
    learner: Option<credential::recipient::Me>,
    /// Known-issuer registries to look the issuer up in (none: no `registry` check).
    registries: registry::Registries,
}

impl Default for Verifier {
    fn default() -> Self {
        Self::offline()
    }
}

impl Verifier {
    /// Offline verification at the system's current time.
    pub fn offline() -> Self {
        Verifier {
            clock: Box::new(SystemClock),
            resolver: Box::new(OfflineResolver),
            fetch: None,
            learner: None,
            registries: registry::Registries::default(),
        }
    }

    /// Verification that fetches what it needs through `fetch`: `did:web` and
    /// issuer-profile keys, status lists. Give it a [`crate::net::CachingFetch`] to
    /// remember what was fetched, over [`crate::net::OfflineFetch`] for `--offline`.
    pub fn online(fetch: Arc<dyn Fetch>) -> Self {
        Self::offline().with_fetch(fetch)
    }

    /// The verifier of the CLI, the app and `cairn open`: online through HTTPS (or
    /// offline) with the memory `cache`, which the wallet loads and saves.
    #[cfg(feature = "http")]
    pub fn standard(mode: crate::net::Mode, cache: Arc<crate::net::MemoryCache>) -> Self {
        Self::online(crate::net::standard(mode, cache))
    }

    /// Uses `fetch` for keys (replacing the resolver) and for status lists.
    pub fn with_fetch(mut self, fetch: Arc<dyn Fetch>) -> Self {
        self.resolver = Box::new(NetResolver::new(fetch.clone()));
        self.fetch = Some(fetch);
        self
    }

    /// Compares the recipient of Open Badges 2.0 badges with the learner's email
    /// addresses (a badge issued to someone else is a `warn` on its proof).
    pub fn with_learner(mut self, me: credential::recipient::Me) -> Self {
        self.learner = Some(me);
        self
    }

    /// Looks each issuer up in these known-issuer registries (DCC format, fetched
    /// through the verifier's fetcher): the report gains a `registry` check.
    pub fn with_registries(mut self, urls: Vec<String>) -> Self {
        self.registries = registry::Registries::new(urls);
        self
    }

    pub fn with_clock(mut self, clock: impl Clock + 'static) -> Self {
        self.clock = Box::new(clock);
        self
    }

    pub fn with_resolver(mut self, resolver: impl KeyResolver + 'static) -> Self {
        self.resolver = Box::new(resolver);
        self
    }

    /// The time verification is done at.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    /// Where keys are looked up (for proofs that are not on credentials, such as a
    /// presentation's holder proof).
    pub fn resolver(&self) -> &dyn KeyResolver {
        self.resolver.as_ref()
    }

    /// Reads and verifies one credential. A parse error means the bytes are not a
    /// credential at all; a credential that fails checks still gets a report.
    pub fn verify_bytes(&self, bytes: &[u8]) -> Result<Report, ParseError> {
        let parsed = credential::parse(bytes)?;
        Ok(self.verify(&parsed))
    }

    /// Verifies many credentials on every core, keeping the input order. Each item
    /// is independent: one unreadable item does not affect the others.
    pub fn verify_batch<B: AsRef<[u8]> + Sync>(
        &self,
        items: &[B],
    ) -> Vec<Result<Report, ParseError>> {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        if threads <= 1 || items.len() < 2 {
            return items
                .iter()
                .map(|item| self.verify_bytes(item.as_ref()))
                .collect();
        }
        // Contiguous chunks keep the result order without any synchronisation.
        let chunk = items.len().div_ceil(threads);
        std::thread::scope(|scope| {
            let workers: Vec<_> = items
                .chunks(chunk)
                .map(|part| {
                    scope.spawn(move || {
                        part.iter()
                            .map(|item| self.verify_bytes(item.as_ref()))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            workers
                .into_iter()
                .flat_map(|worker| {
                    worker
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
                .collect()
        })
    }

    pub fn verify(&self, parsed: &Parsed) -> Report {
        self.verify_with(parsed, true)
    }

    /// `with_status: false` verifies a status list credential: its own status is not
    /// looked up (that would recurse through lists of lists).
    fn verify_with(&self, parsed: &Parsed, with_status: bool) -> Report {
        let now = self.clock.now();
        let resolver = self.resolver.as_ref();
        let learner = self.learner.as_ref();
        let ob2 = match (&parsed.envelope, self.fetch.as_deref()) {
            (Envelope::Ob2Hosted { url, assertion }, Some(fetch)) => {
                Some(ob2::hosted(url, assertion.as_ref(), fetch, learner))
            }
            (Envelope::Ob2Signed { jws, assertion }, Some(fetch)) => {
                Some(ob2::signed(jws, assertion, fetch, learner))
            }
            _ => None,
        };
        let (mut proof, issuer) = match (&parsed.envelope, &ob2) {
            (_, Some(outcome)) => (outcome.proof.clone(), outcome.issuer.clone()),
            (Envelope::JsonLd(doc), None) => data_integrity::check(doc, resolver),
            (Envelope::Jwt { jws, credential }, None) => vc_jwt::check(jws, credential, resolver),
            (Envelope::Ob2Signed { .. }, None) => (
                Check::new(
                    CheckId::Proof,
                    CheckStatus::Unknown,
                    "an Open Badges 2.0 signed badge: its issuer's key is published online and could not be fetched (offline)",
                ),
                Check::new(
                    CheckId::Issuer,
                    CheckStatus::Unknown,
                    "the issuer's key could not be fetched, so its owner is unknown",
                ),
            ),
            (Envelope::Ob2Hosted { url, .. }, None) => (
                Check::new(
                    CheckId::Proof,
                    CheckStatus::Unknown,
                    format!(
                        "an Open Badges 2.0 hosted badge: it is proven by fetching it from {}, which needs the network",
                        crate::quote::clip_to(url, 160)
                    ),
                ),
                Check::new(
                    CheckId::Issuer,
                    CheckStatus::Unknown,
                    "the issuer's profile could not be fetched (offline)",
                ),
            ),
        };
        // An OB 2.0 hosted badge is what its issuer publishes: its dates are read there.
        let document = ob2
            .as_ref()
            .and_then(|o| o.assertion.as_ref())
            .or_else(|| parsed.document());
        // A Data Integrity credential's meaning is its JSON-LD; one whose vocabulary
        // Cairn cannot read is not one it can vouch for, whatever the suite. JCS never
        // expands JSON-LD, so without this an unknown context appended after signing
        // would slip through. (A JWT's signature covers its exact bytes instead.)
        if matches!(parsed.envelope, Envelope::JsonLd(_))
            && proof.status != CheckStatus::Fail
            && let Some(url) = document.and_then(unknown_context)
        {
            proof = Check::new(
                CheckId::Proof,
                CheckStatus::Fail,
                format!(
                    "the credential uses the JSON-LD context {url}, which Cairn does not know (contexts are never fetched)"
                ),
            );
        }
        let validity = match document {
            Some(doc) => validity::check(doc, now),
            None => Check::new(
                CheckId::Validity,
                CheckStatus::Unknown,
                "the badge's content is online, so its dates could not be read (offline)",
            ),
        };
        let status = match document {
            _ if ob2.is_some() => ob2
                .as_ref()
                .map_or_else(ob2_status_offline, |o| o.status.clone()),
            None => Check::new(
                CheckId::Status,
                CheckStatus::Unknown,
                "the badge's content is online and could not be read (offline)",
            ),
            Some(_) if !with_status => Check::new(
                CheckId::Status,
                CheckStatus::Skip,
                "the status of a status list is not itself looked up",
            ),
            Some(doc) if is_ob2(doc) => ob2_status_offline(),
            Some(doc) => status::check(
                doc,
                &status::Context {
                    fetch: self.fetch.as_deref(),
                    verify_list: &|list| self.verify_with(list, false),
                },
            ),
        };
        let mut summary = document.map(credential::summarize).unwrap_or_default();
        if let Some(outcome) = &ob2 {
            summary.name = summary.name.or_else(|| outcome.badge_name.clone());
            if let Some(issuer) = &outcome.issuer_summary {
                summary.issuer = issuer.clone();
            }
        }
        let format = parsed.format();
        let registry = (with_status && !self.registries.is_empty()).then(|| {
            self.registries.check(
                summary.issuer.id.as_deref(),
                issuer.status == CheckStatus::Pass,
                self.fetch.as_deref(),
            )
        });
        let mut checks = vec![proof, issuer, validity, status];
        checks.extend(registry);
        if let Some(doc) = document
            && matches!(parsed.envelope, Envelope::JsonLd(_) | Envelope::Jwt { .. })
        {
            checks.push(schema::check(doc, &format));
        }
        let mut report = Report::new(
            format,
            checks,
            summary,
            now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        );
        report.container = parsed.container.map(str::to_owned);
        report
    }
}

/// The first context URL in the document's top-level `@context` that is not bundled.
/// (Contexts nested inside bundled contexts are bundled too; inline context objects
/// are the credential's own.)
fn unknown_context(doc: &Value) -> Option<String> {
    let urls: Vec<&str> = match doc.get("@context")? {
        Value::String(url) => vec![url.as_str()],
        Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    urls.into_iter()
        .find(|url| crate::contexts::document(url).is_none())
        .map(keys::clip)
}

fn is_ob2(doc: &Value) -> bool {
    doc.get("@context")
        .is_some_and(|c| c.to_string().contains("openbadges/v2"))
}

/// Open Badges 2.0 revocation is learned from the issuer's hosted objects.
fn ob2_status_offline() -> Check {
    Check::new(
        CheckId::Status,
        CheckStatus::Unknown,
        "Open Badges 2.0 revocation is checked with the issuer online (offline)",
    )
}
