//! Verification: from a parsed credential to the report of DESIGN §3.
//!
//! Offline by default: keys that need the network make their checks `unknown`,
//! never `pass`. The network (issue 4) arrives through [`KeyResolver`]; time
//! through [`Clock`].

mod clock;
pub mod data_integrity;
pub mod jwt;
pub mod keys;
pub mod report;
mod resolve;
mod schema;
mod validity;
mod vc_jwt;
mod verdict;

use serde_json::Value;

pub use clock::{Clock, FixedClock, SystemClock};
pub use report::{Check, CheckId, CheckStatus, CredentialSummary, Report};
pub use resolve::{KeyResolver, OfflineResolver};
pub use validity::parse_date;
pub use verdict::Verdict;

use crate::credential::{self, Envelope, ParseError, Parsed};

/// Verifies credentials with a clock and a key resolver.
pub struct Verifier {
    clock: Box<dyn Clock>,
    resolver: Box<dyn KeyResolver>,
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
        }
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
        let now = self.clock.now();
        let resolver = self.resolver.as_ref();
        let (mut proof, issuer) = match &parsed.envelope {
            Envelope::JsonLd(doc) => data_integrity::check(doc, resolver),
            Envelope::Jwt { jws, credential } => vc_jwt::check(jws, credential, resolver),
            Envelope::Ob2Signed { .. } => (
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
            Envelope::Ob2Hosted { url, .. } => (
                Check::new(
                    CheckId::Proof,
                    CheckStatus::Unknown,
                    format!(
                        "an Open Badges 2.0 hosted badge: it is proven by fetching it from {url}, which needs the network"
                    ),
                ),
                Check::new(
                    CheckId::Issuer,
                    CheckStatus::Unknown,
                    "the issuer's profile could not be fetched (offline)",
                ),
            ),
        };
        let document = parsed.document();
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
        let status = document.map_or_else(
            || {
                Check::new(
                    CheckId::Status,
                    CheckStatus::Unknown,
                    "the badge's content is online and could not be read (offline)",
                )
            },
            status_check,
        );
        let format = parsed.format();
        let mut checks = vec![proof, issuer, validity, status];
        if let Some(doc) = document
            && matches!(parsed.envelope, Envelope::JsonLd(_) | Envelope::Jwt { .. })
        {
            checks.push(schema::check(doc, &format));
        }
        let mut report = Report::new(
            format,
            checks,
            document.map(credential::summarize).unwrap_or_default(),
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

/// Revocation status needs the issuer's status list, which lives online (issue 4
/// fetches and caches it); offline, a credential that has one is `unknown`.
fn status_check(doc: &Value) -> Check {
    let status = doc
        .get("credentialStatus")
        .or_else(|| doc.pointer("/badge/revocationList"));
    match status {
        None if doc
            .get("@context")
            .is_some_and(|c| c.to_string().contains("openbadges/v2")) =>
        {
            Check::new(
                CheckId::Status,
                CheckStatus::Unknown,
                "Open Badges 2.0 revocation is checked with the issuer online (offline)",
            )
        }
        None => Check::new(
            CheckId::Status,
            CheckStatus::Skip,
            "the issuer publishes no revocation status for it",
        ),
        Some(entry) => {
            let list = entry
                .get("statusListCredential")
                .or_else(|| entry.get("id"))
                .and_then(Value::as_str)
                .unwrap_or("its status list");
            Check::new(
                CheckId::Status,
                CheckStatus::Unknown,
                format!("revocation status at {list} could not be fetched (offline)"),
            )
        }
    }
}
