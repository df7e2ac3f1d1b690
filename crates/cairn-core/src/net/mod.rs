//! The network, as verification sees it: one trait, [`Fetch`], with a typed error.
//!
//! The core never opens a socket itself. Callers hand a [`Fetch`] to the verifier:
//! [`HttpFetch`] (reqwest over rustls, feature `http`), [`OfflineFetch`] (never opens a
//! socket), or [`CachingFetch`], which remembers what was fetched with the time it
//! was fetched and answers from that memory when the network is unavailable. The WASM
//! viewer supplies its own implementation.
//!
//! Every URL is checked against the network rules ([`rules`]) before anything is sent,
//! and every answer is bounded in size ([`Kind::max_bytes`]) and time.

mod cache;
#[cfg(feature = "http")]
mod http;
mod offline;
pub mod rules;

use chrono::{DateTime, Utc};

pub use cache::{CacheEntry, CachingFetch, MemoryCache};
#[cfg(feature = "http")]
pub use http::HttpFetch;
pub use offline::OfflineFetch;

use crate::quote::clip_to;

/// What a fetched document is for. It decides the size cap and is remembered with
/// the document in the wallet's cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A `did:web` DID document (`did.json`).
    DidDocument,
    /// An issuer's profile / controller document at an `https` URL.
    IssuerProfile,
    /// A status list credential or a 1EdTech revocation list.
    StatusList,
    /// A known-issuer registry.
    Registry,
    /// An Open Badges 2.0 hosted object (assertion, badge class, profile, key).
    Ob2Hosted,
    /// A credential to import.
    Credential,
    /// A credential's badge picture at a web address (shown by the app, never loaded
    /// by its webview).
    Image,
}

impl Kind {
    /// The name stored in `fetch_cache.kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::DidDocument => "did-document",
            Kind::IssuerProfile => "issuer-profile",
            Kind::StatusList => "status-list",
            Kind::Registry => "registry",
            Kind::Ob2Hosted => "ob2-hosted",
            Kind::Credential => "credential",
            Kind::Image => "image",
        }
    }

    /// Largest answer accepted, in bytes. A DID document or profile is a few KB; a
    /// status list of 16 million entries is 2 MiB before gzip; a baked badge image can
    /// be 20 MiB (the file import limit).
    pub fn max_bytes(self) -> usize {
        match self {
            Kind::DidDocument | Kind::IssuerProfile | Kind::Ob2Hosted => 1024 * 1024,
            Kind::StatusList => 4 * 1024 * 1024,
            Kind::Registry => 8 * 1024 * 1024,
            Kind::Credential => 4 * crate::credential::MAX_CREDENTIAL_BYTES,
            Kind::Image => crate::credential::image::MAX_IMAGE_BYTES,
        }
    }
}

/// A document as fetched, or as remembered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// The URL that was asked for (the cache key).
    pub url: String,
    /// Where the answer came from after redirects.
    pub final_url: String,
    pub body: Vec<u8>,
    pub content_type: Option<String>,
    /// When the document was fetched from the network.
    pub fetched_at: DateTime<Utc>,
    /// `true` when this is a remembered copy (offline, or the network failed), so the
    /// report says "as of `fetched_at`".
    pub from_cache: bool,
}

impl Fetched {
    /// "as of 2026-11-01" when the answer is a remembered copy, else `None`.
    pub fn as_of(&self) -> Option<String> {
        self.from_cache
            .then(|| format!("as of {}", self.fetched_at.format("%Y-%m-%d %H:%M UTC")))
    }
}

/// Fetches documents by URL. Implementations must apply [`rules::check`] to the URL
/// and to every redirect, and cap the answer at `kind.max_bytes()`.
pub trait Fetch: Send + Sync {
    fn get(&self, url: &str, kind: Kind) -> Result<Fetched, FetchError>;

    /// `false` for a fetcher that never uses the network ([`OfflineFetch`]): then
    /// every remembered answer is reported "as of" its date, however recent.
    fn reaches_network(&self) -> bool {
        true
    }
}

impl<F: Fetch + ?Sized> Fetch for std::sync::Arc<F> {
    fn get(&self, url: &str, kind: Kind) -> Result<Fetched, FetchError> {
        (**self).get(url, kind)
    }

    fn reaches_network(&self) -> bool {
        (**self).reaches_network()
    }
}

/// Why a document could not be fetched. Every message names the URL.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    #[error("{url}: not a web address Cairn can fetch ({reason})")]
    BadUrl { url: String, reason: String },
    #[error("{url}: only https:// addresses are fetched (plain http only on this computer)")]
    NotHttps { url: String },
    #[error("{url}: points into a private network ({address}); Cairn does not fetch from there")]
    PrivateAddress { url: String, address: String },
    #[error("{url}: the host name could not be found (DNS): {reason}")]
    Dns { url: String, reason: String },
    #[error("{url}: could not connect: {reason}")]
    Connect { url: String, reason: String },
    #[error("{url}: no complete answer within {seconds} seconds")]
    Timeout { url: String, seconds: u64 },
    #[error("{url}: the secure connection failed (TLS): {reason}")]
    Tls { url: String, reason: String },
    #[error("{url}: the server answered HTTP {status}")]
    HttpStatus { url: String, status: u16 },
    #[error("{url}: the answer is larger than {limit} bytes")]
    TooLarge { url: String, limit: usize },
    #[error("{url}: more than {limit} redirects")]
    TooManyRedirects { url: String, limit: usize },
    #[error("{url}: {reason}")]
    Malformed { url: String, reason: String },
    #[error("{url}: not fetched (offline)")]
    Offline { url: String },
}

impl FetchError {
    /// Shortens a URL for a message: an attacker chooses it.
    pub(crate) fn quoted(url: &str) -> String {
        clip_to(url, 160)
    }

    /// The network could not be asked now (offline, unreachable, slow, or a server
    /// error): a remembered copy may stand in, and a check that needed it is
    /// `unknown`, not failed. Anything else is the publisher's own answer.
    pub fn is_unavailable(&self) -> bool {
        match self {
            FetchError::Offline { .. }
            | FetchError::Dns { .. }
            | FetchError::Connect { .. }
            | FetchError::Timeout { .. }
            | FetchError::Tls { .. } => true,
            FetchError::HttpStatus { status, .. } => *status == 429 || *status >= 500,
            _ => false,
        }
    }

    /// The publisher says the document does not exist (404) or was removed (410).
    pub fn is_gone(&self) -> bool {
        matches!(
            self,
            FetchError::HttpStatus {
                status: 404 | 410,
                ..
            }
        )
    }
}

/// Whether verification may use the network.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Online,
    /// `--offline`: no socket is ever opened; only remembered documents answer.
    Offline,
}

/// The fetcher the CLI and the app verify with: the network (HTTPS, or nothing in
/// [`Mode::Offline`]) behind the memory `cache`.
#[cfg(feature = "http")]
pub fn standard(mode: Mode, cache: std::sync::Arc<MemoryCache>) -> std::sync::Arc<dyn Fetch> {
    match mode {
        Mode::Online => std::sync::Arc::new(CachingFetch::new(HttpFetch::new(), cache)),
        Mode::Offline => std::sync::Arc::new(CachingFetch::new(OfflineFetch, cache)),
    }
}

/// As [`standard`], for re-verification: every document remembered from before this
/// run is fetched again (once; what this run fetched is reused).
#[cfg(feature = "http")]
pub fn refreshing(mode: Mode, cache: std::sync::Arc<MemoryCache>) -> std::sync::Arc<dyn Fetch> {
    match mode {
        Mode::Online => std::sync::Arc::new(
            CachingFetch::new(HttpFetch::new(), cache).with_max_age(chrono::TimeDelta::minutes(10)),
        ),
        Mode::Offline => std::sync::Arc::new(CachingFetch::new(OfflineFetch, cache)),
    }
}
