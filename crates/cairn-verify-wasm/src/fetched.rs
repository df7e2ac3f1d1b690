//! The network as the viewer sees it: documents the page fetched in the browser.
//!
//! `net::Fetch` is synchronous and a browser's `fetch` is not, so the page verifies in
//! rounds: it calls `open_share` with what it has fetched so far ([`Fetched`] answers,
//! by URL), and the result lists the URLs verification wanted but did not have
//! ([`Wanted`]). The page fetches those and calls again, until nothing new is wanted
//! or its budget is spent. A URL with no answer makes its check `unknown`.
//!
//! The page is not trusted to filter: every URL asked for, and the final URL of every
//! answer, passes `net::rules` here, and every answer is capped at its kind's size.

use std::collections::BTreeMap;
use std::sync::Mutex;

use cairn_core::net::{self, Fetch, FetchError, Kind, rules};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Most answers read from the page in one call: a share of 64 credentials from
/// different issuers, each with a key and a status list, is far beyond real use.
pub const MAX_ANSWERS: usize = 256;

/// What the page's `fetch` of one URL gave.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Answer {
    /// The server answered (any HTTP status).
    Answered(Document),
    /// The browser's `fetch` failed without an answer: the server refused the page
    /// (CORS), or could not be reached (DNS, connection, TLS); browsers do not say which.
    Unreachable {
        #[serde(default)]
        detail: String,
    },
    /// No complete answer within `seconds`.
    Timeout { seconds: u64 },
    /// The answer was larger than the cap the page was given.
    TooLarge,
    /// The page did not fetch it: its budget of documents or rounds was spent.
    NotFetched,
}

/// An answer as the browser got it.
#[derive(Debug, Clone, Deserialize)]
pub struct Document {
    pub status: u16,
    /// Where the answer came from after the browser followed redirects.
    pub final_url: String,
    /// The text of the answer.
    pub body: String,
    #[serde(default)]
    pub content_type: Option<String>,
    /// When the browser fetched it (RFC 3339).
    pub fetched_at: String,
}

/// A document verification needed and the page has not supplied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Wanted {
    pub url: String,
    /// `net::Kind::as_str`: what the document is for.
    pub kind: &'static str,
    /// The largest answer that will be accepted, in bytes.
    pub max_bytes: usize,
}

/// A `net::Fetch` that answers from what the page fetched and records what it lacked.
pub struct BrowserFetch {
    answers: BTreeMap<String, Answer>,
    now: DateTime<Utc>,
    wanted: Mutex<BTreeMap<String, Kind>>,
}

impl BrowserFetch {
    pub fn new(answers: BTreeMap<String, Answer>, now: DateTime<Utc>) -> Self {
        BrowserFetch {
            answers,
            now,
            wanted: Mutex::new(BTreeMap::new()),
        }
    }

    /// The URLs asked for that had no answer, each once, in URL order.
    pub fn wanted(&self) -> Vec<Wanted> {
        let wanted = self.wanted.lock().unwrap_or_else(|e| e.into_inner());
        wanted
            .iter()
            .map(|(url, kind)| Wanted {
                url: url.clone(),
                kind: kind.as_str(),
                max_bytes: kind.max_bytes(),
            })
            .collect()
    }

    fn answered(&self, url: &str, kind: Kind, doc: &Document) -> Result<net::Fetched, FetchError> {
        let Document {
            status,
            final_url,
            body,
            content_type,
            fetched_at,
        } = doc;
        let status = *status;
        let quoted = || clip(url);
        // The browser followed any redirects itself; where it ended must obey the rules
        // as much as where it started.
        rules::check(final_url)?;
        if body.len() > kind.max_bytes() {
            return Err(FetchError::TooLarge {
                url: quoted(),
                limit: kind.max_bytes(),
            });
        }
        if !(200..300).contains(&status) {
            return Err(FetchError::HttpStatus {
                url: quoted(),
                status,
            });
        }
        let fetched_at = DateTime::parse_from_rfc3339(fetched_at)
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or(self.now);
        Ok(net::Fetched {
            url: url.to_owned(),
            final_url: final_url.to_owned(),
            body: body.as_bytes().to_vec(),
            content_type: content_type.clone(),
            fetched_at,
            from_cache: false,
        })
    }
}

/// The form `FetchError` quotes URLs in: at most 160 characters.
fn clip(url: &str) -> String {
    match url.char_indices().nth(159) {
        Some((at, _)) => format!("{}…", &url[..at]),
        None => url.to_owned(),
    }
}

const UNREACHABLE: &str = "the issuer's server could not be reached from this browser (it may not allow pages from \
     other sites to read it, or the network failed)";

impl Fetch for BrowserFetch {
    fn get(&self, url: &str, kind: Kind) -> Result<net::Fetched, FetchError> {
        rules::check(url)?;
        let Some(answer) = self.answers.get(url) else {
            self.wanted
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(url.to_owned(), kind);
            return Err(FetchError::Connect {
                url: clip(url),
                reason: "not fetched yet by this browser".into(),
            });
        };
        match answer {
            Answer::Answered(doc) => self.answered(url, kind, doc),
            Answer::Unreachable { .. } => Err(FetchError::Connect {
                url: clip(url),
                reason: UNREACHABLE.into(),
            }),
            Answer::Timeout { seconds } => Err(FetchError::Timeout {
                url: clip(url),
                seconds: *seconds,
            }),
            Answer::TooLarge => Err(FetchError::TooLarge {
                url: clip(url),
                limit: kind.max_bytes(),
            }),
            Answer::NotFetched => Err(FetchError::Connect {
                url: clip(url),
                reason: "not fetched: this page fetches a limited number of documents per share"
                    .into(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-06-01T12:00:00Z")
            .unwrap()
            .into()
    }

    fn answered(final_url: &str, status: u16, body: &str) -> Answer {
        Answer::Answered(Document {
            status,
            final_url: final_url.into(),
            body: body.into(),
            content_type: None,
            fetched_at: "2026-06-01T11:59:00Z".into(),
        })
    }

    #[test]
    fn missing_urls_are_wanted_once_and_urls_against_the_rules_never() {
        let fetch = BrowserFetch::new(BTreeMap::new(), now());
        let err = fetch.get("https://a.example/did.json", Kind::DidDocument);
        assert!(err.unwrap_err().is_unavailable());
        fetch
            .get("https://a.example/did.json", Kind::DidDocument)
            .unwrap_err();
        let err = fetch
            .get("http://a.example/list", Kind::StatusList)
            .unwrap_err();
        assert!(matches!(err, FetchError::NotHttps { .. }), "{err}");
        let err = fetch
            .get("https://169.254.169.254/x", Kind::StatusList)
            .unwrap_err();
        assert!(matches!(err, FetchError::PrivateAddress { .. }), "{err}");
        assert_eq!(
            fetch.wanted(),
            vec![Wanted {
                url: "https://a.example/did.json".into(),
                kind: "did-document",
                max_bytes: Kind::DidDocument.max_bytes(),
            }]
        );
    }

    #[test]
    fn answers_are_checked_not_believed() {
        let url = "https://a.example/list";
        let mut answers = BTreeMap::new();
        answers.insert(url.to_owned(), answered("https://10.0.0.1/list", 200, "{}"));
        let fetch = BrowserFetch::new(answers.clone(), now());
        let err = fetch.get(url, Kind::StatusList).unwrap_err();
        assert!(matches!(err, FetchError::PrivateAddress { .. }), "{err}");

        let huge = "x".repeat(Kind::DidDocument.max_bytes() + 1);
        answers.insert(url.to_owned(), answered(url, 200, &huge));
        let err = BrowserFetch::new(answers.clone(), now())
            .get(url, Kind::DidDocument)
            .unwrap_err();
        assert!(matches!(err, FetchError::TooLarge { .. }), "{err}");

        answers.insert(url.to_owned(), answered(url, 404, "gone"));
        let err = BrowserFetch::new(answers.clone(), now())
            .get(url, Kind::StatusList)
            .unwrap_err();
        assert!(err.is_gone(), "{err}");

        answers.insert(url.to_owned(), answered(url, 200, "{}"));
        let ok = BrowserFetch::new(answers.clone(), now())
            .get(url, Kind::StatusList)
            .unwrap();
        assert_eq!(ok.body, b"{}");
        assert!(!ok.from_cache);
        assert_eq!(ok.fetched_at.to_rfc3339(), "2026-06-01T11:59:00+00:00");

        answers.insert(
            url.to_owned(),
            Answer::Unreachable {
                detail: "CORS".into(),
            },
        );
        let err = BrowserFetch::new(answers, now())
            .get(url, Kind::StatusList)
            .unwrap_err();
        assert!(err.is_unavailable());
        assert!(err.to_string().contains("from this browser"), "{err}");
    }
}
