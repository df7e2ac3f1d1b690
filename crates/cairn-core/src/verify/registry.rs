//! The `registry` check: is the issuer listed in a known-issuer registry the learner
//! configured? Registries are in the Digital Credentials Consortium's format
//! (`dcc-legacy`: `{"meta": {…}, "registry": {"did:…": {"name", "url", "location"}}}`),
//! fetched through the verifier's [`Fetch`] and so remembered like any other
//! document ("as of" offline).
//!
//! Being listed says who an issuer is, not whether a credential is genuine, so the
//! check is never `fail`: `pass` when the (proven) issuer is listed, `warn` when it is
//! in none of them, `unknown` when the registries could not be read.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::report::{Check, CheckId, CheckStatus};
use crate::net::{Fetch, Kind};
use crate::quote::{clip, clip_to};

/// One listed issuer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: Option<String>,
    pub url: Option<String>,
    pub location: Option<String>,
}

/// A registry document, read.
#[derive(Debug, Default)]
pub struct Registry {
    pub entries: HashMap<String, Entry>,
}

impl Registry {
    /// Reads a DCC registry (`registry`; the client libraries' `entries` too).
    pub fn parse(body: &[u8]) -> Result<Registry, String> {
        let doc: Value = serde_json::from_slice(body).map_err(|e| format!("not JSON: {e}"))?;
        let listed = doc
            .get("registry")
            .or_else(|| doc.get("entries"))
            .and_then(Value::as_object)
            .ok_or("not a DCC issuer registry (no \"registry\" object)")?;
        let text = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
        let entries = listed
            .iter()
            .map(|(id, v)| {
                (
                    id.clone(),
                    Entry {
                        name: text(v, "name"),
                        url: text(v, "url"),
                        location: text(v, "location"),
                    },
                )
            })
            .collect();
        Ok(Registry { entries })
    }
}

/// Each registry URL's parsed copy, with the time that copy was fetched.
type ParsedByUrl = HashMap<String, (DateTime<Utc>, Arc<Registry>)>;

/// The registries a verifier consults, with each one parsed once per fetched copy.
#[derive(Default)]
pub(crate) struct Registries {
    urls: Vec<String>,
    parsed: Mutex<ParsedByUrl>,
}

/// One registry's answer for an issuer.
enum Lookup {
    Listed(Entry, Option<DateTime<Utc>>),
    NotListed,
    Unreadable(String),
}

impl Registries {
    pub fn new(urls: Vec<String>) -> Self {
        Registries {
            urls,
            parsed: Mutex::default(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.urls.is_empty()
    }

    fn lookup(&self, url: &str, issuer: &str, fetch: Option<&dyn Fetch>) -> Lookup {
        let Some(fetch) = fetch else {
            return Lookup::Unreadable(format!("{}: not fetched (offline)", clip_to(url, 160)));
        };
        let fetched = match fetch.get(url, Kind::Registry) {
            Ok(fetched) => fetched,
            Err(err) => return Lookup::Unreadable(err.to_string()),
        };
        let cached = self
            .parsed
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(url)
            .filter(|(at, _)| *at == fetched.fetched_at)
            .map(|(_, registry)| registry.clone());
        let registry = match cached {
            Some(registry) => registry,
            None => match Registry::parse(&fetched.body) {
                Ok(registry) => {
                    let registry = Arc::new(registry);
                    self.parsed
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .insert(url.to_owned(), (fetched.fetched_at, registry.clone()));
                    registry
                }
                Err(why) => return Lookup::Unreadable(format!("{}: {why}", clip_to(url, 160))),
            },
        };
        match registry.entries.get(issuer) {
            Some(entry) => Lookup::Listed(
                entry.clone(),
                fetched.from_cache.then_some(fetched.fetched_at),
            ),
            None => Lookup::NotListed,
        }
    }

    /// The `registry` check for the issuer `issuer` (as the credential names it);
    /// `proven` is whether the `issuer` check passed.
    pub fn check(&self, issuer: Option<&str>, proven: bool, fetch: Option<&dyn Fetch>) -> Check {
        let check = |status, message: String| Check::new(CheckId::Registry, status, message);
        let Some(issuer) = issuer.filter(|i| !i.is_empty()) else {
            return check(
                CheckStatus::Warn,
                "the credential names no issuer id to look up in a registry".into(),
            );
        };
        let mut unreadable = Vec::new();
        for url in &self.urls {
            match self.lookup(url, issuer, fetch) {
                Lookup::Listed(entry, as_of) => {
                    let name = entry.name.as_deref().map_or_else(
                        || "an unnamed issuer".to_owned(),
                        |n| format!("\"{}\"", clip(n)),
                    );
                    let as_of = as_of.map_or_else(String::new, |at| {
                        format!(", as of {} (offline)", at.format("%Y-%m-%d %H:%M UTC"))
                    });
                    return if proven {
                        check(
                            CheckStatus::Pass,
                            format!(
                                "issuer is listed as {name} in the registry {}{as_of}",
                                clip_to(url, 160)
                            ),
                        )
                    } else {
                        check(
                            CheckStatus::Warn,
                            format!(
                                "the credential names an issuer listed as {name} in the registry {}, but it is not proven to come from that issuer",
                                clip_to(url, 160)
                            ),
                        )
                    };
                }
                Lookup::NotListed => {}
                Lookup::Unreadable(why) => unreadable.push(why),
            }
        }
        if unreadable.is_empty() {
            check(
                CheckStatus::Warn,
                format!(
                    "issuer is not listed in any configured registry ({} checked)",
                    self.urls.len()
                ),
            )
        } else {
            check(
                CheckStatus::Unknown,
                format!(
                    "issuer is not listed in the registries that could be read; {} could not be: {}",
                    unreadable.len(),
                    unreadable.join("; ")
                ),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dcc_format_and_the_client_variant_are_read() {
        let dcc = br#"{"meta":{"created":"2020-12-02T02:32:16+0000"},"registry":{"did:web:c21u.gatech.edu":{"name":"Georgia Tech","location":"Atlanta, GA, USA","url":"https://c21u.gatech.edu"}}}"#;
        let registry = Registry::parse(dcc).unwrap();
        assert_eq!(
            registry.entries["did:web:c21u.gatech.edu"].name.as_deref(),
            Some("Georgia Tech")
        );
        let client = br#"{"meta":{},"entries":{"did:key:z6Mk":{"name":"X"}}}"#;
        assert!(
            Registry::parse(client)
                .unwrap()
                .entries
                .contains_key("did:key:z6Mk")
        );
        assert!(
            Registry::parse(b"[1,2]")
                .unwrap_err()
                .contains("no \"registry\"")
        );
        assert!(Registry::parse(b"{").unwrap_err().contains("not JSON"));
    }
}
