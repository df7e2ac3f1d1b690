//! Memory of what was fetched, so verification can answer "as of DATE" offline.
//!
//! [`MemoryCache`] holds documents with the time they were fetched and notes which
//! ones changed; the wallet loads it from its `fetch_cache` table before a
//! verification and saves the changed entries after (`store::cache`), so the verify
//! threads never touch the database. `cairn verify` without a wallet uses an empty one.
//!
//! [`CachingFetch`] puts it in front of another fetcher: a fresh entry answers without
//! the network; a stale or missing one is fetched again, and when the network is
//! unavailable (or the fetcher is [`super::OfflineFetch`]) the remembered copy
//! answers, marked `from_cache` so the report says "as of" its date. A document the
//! publisher says is gone (404/410) is never replaced by a remembered copy.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use chrono::{DateTime, TimeDelta, Utc};

use super::{Fetch, FetchError, Fetched, Kind};
use crate::verify::{Clock, SystemClock};

/// One remembered document (a row of `fetch_cache`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CacheEntry {
    pub url: String,
    pub kind: String,
    pub body: Vec<u8>,
    pub content_type: Option<String>,
    pub fetched_at: DateTime<Utc>,
}

/// Remembered documents by URL, shared by the verify threads.
#[derive(Debug, Default)]
pub struct MemoryCache {
    entries: Mutex<HashMap<String, CacheEntry>>,
    changed: Mutex<HashSet<String>>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic in another verify thread leaves the map itself consistent (each
    // operation is a single insert or lookup), so the memory stays usable.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl MemoryCache {
    pub fn new() -> Self {
        Self::default()
    }

    /// A cache holding `entries`, none of them marked changed.
    pub fn with_entries(entries: impl IntoIterator<Item = CacheEntry>) -> Self {
        let cache = Self::new();
        lock(&cache.entries).extend(entries.into_iter().map(|e| (e.url.clone(), e)));
        cache
    }

    pub fn get(&self, url: &str) -> Option<CacheEntry> {
        lock(&self.entries).get(url).cloned()
    }

    pub fn put(&self, entry: CacheEntry) {
        lock(&self.changed).insert(entry.url.clone());
        lock(&self.entries).insert(entry.url.clone(), entry);
    }

    pub fn len(&self) -> usize {
        lock(&self.entries).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The entries stored since the cache was made or last drained, for saving.
    pub fn take_changed(&self) -> Vec<CacheEntry> {
        let urls: Vec<String> = lock(&self.changed).drain().collect();
        let entries = lock(&self.entries);
        urls.iter()
            .filter_map(|u| entries.get(u).cloned())
            .collect()
    }
}

/// How long a remembered document is used without asking the network again.
pub const DEFAULT_MAX_AGE: TimeDelta = TimeDelta::hours(24);

/// A fetcher that remembers. See the module documentation.
pub struct CachingFetch<F> {
    inner: F,
    cache: Arc<MemoryCache>,
    max_age: TimeDelta,
    clock: Box<dyn Clock>,
    /// One fetch per URL at a time: a thousand credentials of one issuer, verified on
    /// every core, fetch its DID document once.
    in_flight: Mutex<HashMap<String, Arc<Mutex<()>>>>,
}

impl<F: Fetch> CachingFetch<F> {
    pub fn new(inner: F, cache: Arc<MemoryCache>) -> Self {
        CachingFetch {
            inner,
            cache,
            max_age: DEFAULT_MAX_AGE,
            clock: Box::new(SystemClock),
            in_flight: Mutex::new(HashMap::new()),
        }
    }

    /// Remembered documents older than this are fetched again (re-verification uses
    /// a short age so that everything stale is refreshed once per run).
    pub fn with_max_age(mut self, max_age: TimeDelta) -> Self {
        self.max_age = max_age;
        self
    }

    pub fn with_clock(mut self, clock: impl Clock + 'static) -> Self {
        self.clock = Box::new(clock);
        self
    }

    pub fn cache(&self) -> &Arc<MemoryCache> {
        &self.cache
    }

    fn url_lock(&self, url: &str) -> Arc<Mutex<()>> {
        lock(&self.in_flight)
            .entry(url.to_owned())
            .or_default()
            .clone()
    }
}

fn remembered(entry: CacheEntry, from_cache: bool) -> Fetched {
    Fetched {
        final_url: entry.url.clone(),
        url: entry.url,
        body: entry.body,
        content_type: entry.content_type,
        fetched_at: entry.fetched_at,
        from_cache,
    }
}

impl<F: Fetch> Fetch for CachingFetch<F> {
    fn reaches_network(&self) -> bool {
        self.inner.reaches_network()
    }

    fn get(&self, url: &str, kind: Kind) -> Result<Fetched, FetchError> {
        let url_lock = self.url_lock(url);
        let _one_at_a_time = lock(&url_lock);
        let now = self.clock.now();
        let cached = self.cache.get(url);
        if let Some(entry) = &cached
            && self.inner.reaches_network()
            && now.signed_duration_since(entry.fetched_at) < self.max_age
        {
            // Fresh: fetched moments ago (often in this very run), so no "as of".
            return Ok(remembered(entry.clone(), false));
        }
        match self.inner.get(url, kind) {
            Ok(fetched) => {
                self.cache.put(CacheEntry {
                    url: url.to_owned(),
                    kind: kind.as_str().to_owned(),
                    body: fetched.body.clone(),
                    content_type: fetched.content_type.clone(),
                    fetched_at: fetched.fetched_at,
                });
                Ok(fetched)
            }
            Err(err) if err.is_unavailable() => match cached {
                Some(entry) => Ok(remembered(entry, true)),
                None => Err(err),
            },
            Err(err) => Err(err),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::OfflineFetch;
    use crate::verify::FixedClock;
    use std::sync::atomic::{AtomicUsize, Ordering};

    struct Counting {
        calls: AtomicUsize,
        answer: Result<&'static str, FetchError>,
        at: DateTime<Utc>,
    }

    impl Fetch for Counting {
        fn get(&self, url: &str, _kind: Kind) -> Result<Fetched, FetchError> {
            self.calls.fetch_add(1, Ordering::SeqCst);
            self.answer.clone().map(|body| Fetched {
                url: url.into(),
                final_url: url.into(),
                body: body.as_bytes().to_vec(),
                content_type: None,
                fetched_at: self.at,
                from_cache: false,
            })
        }
    }

    fn at(text: &str) -> DateTime<Utc> {
        crate::verify::parse_date(text).unwrap()
    }

    fn entry(url: &str, when: &str) -> CacheEntry {
        CacheEntry {
            url: url.into(),
            kind: "did-document".into(),
            body: b"old".to_vec(),
            content_type: None,
            fetched_at: at(when),
        }
    }

    #[test]
    fn offline_answers_from_memory_as_of_when_it_was_fetched() {
        let cache = Arc::new(MemoryCache::with_entries([entry(
            "https://a.example/",
            "2026-01-01T00:00:00Z",
        )]));
        let fetch = CachingFetch::new(OfflineFetch, cache)
            .with_clock(FixedClock(at("2026-06-01T00:00:00Z")));
        let got = fetch.get("https://a.example/", Kind::DidDocument).unwrap();
        assert!(got.from_cache);
        assert_eq!(got.body, b"old");
        assert_eq!(got.as_of().unwrap(), "as of 2026-01-01 00:00 UTC");
        let err = fetch
            .get("https://b.example/", Kind::DidDocument)
            .unwrap_err();
        assert!(matches!(err, FetchError::Offline { .. }));
    }

    #[test]
    fn stale_entries_are_refreshed_and_fresh_ones_are_not() {
        let cache = Arc::new(MemoryCache::with_entries([entry(
            "https://a.example/",
            "2026-01-01T00:00:00Z",
        )]));
        let inner = Counting {
            calls: AtomicUsize::new(0),
            answer: Ok("new"),
            at: at("2026-06-01T00:00:00Z"),
        };
        let fetch = CachingFetch::new(inner, cache.clone())
            .with_clock(FixedClock(at("2026-06-01T00:00:00Z")));
        let got = fetch.get("https://a.example/", Kind::DidDocument).unwrap();
        assert_eq!(got.body, b"new");
        assert!(!got.from_cache);
        let again = fetch.get("https://a.example/", Kind::DidDocument).unwrap();
        assert_eq!(again.body, b"new");
        assert_eq!(fetch.inner.calls.load(Ordering::SeqCst), 1);
        let changed = cache.take_changed();
        assert_eq!(changed.len(), 1);
        assert_eq!(changed[0].fetched_at, at("2026-06-01T00:00:00Z"));
        assert!(cache.take_changed().is_empty());
    }

    #[test]
    fn a_document_that_is_gone_is_not_replaced_by_its_memory() {
        let cache = Arc::new(MemoryCache::with_entries([entry(
            "https://a.example/",
            "2026-01-01T00:00:00Z",
        )]));
        let inner = Counting {
            calls: AtomicUsize::new(0),
            answer: Err(FetchError::HttpStatus {
                url: "https://a.example/".into(),
                status: 410,
            }),
            at: at("2026-06-01T00:00:00Z"),
        };
        let fetch =
            CachingFetch::new(inner, cache).with_clock(FixedClock(at("2026-06-01T00:00:00Z")));
        let err = fetch
            .get("https://a.example/", Kind::Ob2Hosted)
            .unwrap_err();
        assert!(err.is_gone());
    }
}
