//! CAIRN PATCH: a cache of processed contexts, shared between parsers.
//!
//! Processing a large context (Open Badges 3.0's is 14 KB) into term definitions,
//! and applying type- and property-scoped contexts, dominates the cost of turning a
//! typical credential into RDF. With a document loader that always returns the same
//! document for a URL, the result of processing depends only on the active context
//! and the local context, so it can be computed once and shared.
//!
//! Only two kinds of result are cached, both keyed so that a hit is exactly what
//! processing would produce:
//! - a top-level `@context` made only of URLs, applied to the parser's empty root
//!   context (key: the base URL and the URLs);
//! - a scoped context applied onto a context that itself came from this cache (key:
//!   the addresses of the two contexts, pinned alive by the cache, the term and the
//!   flags).
//!
//! Results whose processing reported an error are never cached. The cache stops
//! growing at `MAX_ENTRIES`, so hostile input cannot make it grow without bound.

use crate::context::JsonLdContext;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

const MAX_ENTRIES: usize = 4096;

/// (lookup context, active context, term, override_protected, propagate, parser base
/// URL, lenient): everything processing a scoped context depends on.
pub(crate) type ScopedKey = (usize, usize, String, bool, bool, Option<String>, bool);

#[derive(Default)]
struct Inner {
    /// Every context handed out, by address: keeps them alive so addresses are
    /// never reused while they are keys.
    pinned: HashMap<usize, Arc<JsonLdContext>>,
    top_level: HashMap<(Option<String>, bool, Vec<String>), Arc<JsonLdContext>>,
    scoped: HashMap<ScopedKey, Arc<JsonLdContext>>,
}

/// A cache of processed JSON-LD contexts. Share one (in an `Arc`) between parsers
/// whose document loaders always return the same document for the same URL.
#[derive(Default)]
pub struct JsonLdContextCache {
    inner: RwLock<Inner>,
}

impl JsonLdContextCache {
    pub fn new() -> Self {
        Self::default()
    }

    pub(crate) fn address(context: &JsonLdContext) -> usize {
        std::ptr::from_ref(context) as usize
    }

    pub(crate) fn is_pinned(&self, context: &JsonLdContext) -> bool {
        self.inner
            .read()
            .is_ok_and(|inner| inner.pinned.contains_key(&Self::address(context)))
    }

    pub(crate) fn top_level(&self, base: Option<String>, lenient: bool, urls: Vec<String>) -> Option<Arc<JsonLdContext>> {
        self.inner.read().ok()?.top_level.get(&(base, lenient, urls)).cloned()
    }

    pub(crate) fn put_top_level(&self, base: Option<String>, lenient: bool, urls: Vec<String>, context: &Arc<JsonLdContext>) {
        if let Ok(mut inner) = self.inner.write() {
            if inner.pinned.len() >= MAX_ENTRIES {
                return;
            }
            pin(&mut inner, context);
            inner.top_level.insert((base, lenient, urls), Arc::clone(context));
        }
    }

    pub(crate) fn scoped(&self, key: &ScopedKey) -> Option<Arc<JsonLdContext>> {
        self.inner.read().ok()?.scoped.get(key).cloned()
    }

    pub(crate) fn put_scoped(&self, key: ScopedKey, context: &Arc<JsonLdContext>) {
        if let Ok(mut inner) = self.inner.write() {
            if inner.pinned.len() >= MAX_ENTRIES {
                return;
            }
            pin(&mut inner, context);
            inner.scoped.insert(key, Arc::clone(context));
        }
    }
}

/// Pins a context and the `previous_context` chain it owns: nodes nested under a
/// non-propagating type-scoped context revert to that previous context, and scoped
/// contexts applied to it are then cacheable too.
fn pin(inner: &mut Inner, context: &Arc<JsonLdContext>) {
    let mut next = Some(Arc::clone(context));
    while let Some(current) = next {
        next = current.previous_context.clone();
        inner.pinned.insert(JsonLdContextCache::address(&current), current);
    }
}
