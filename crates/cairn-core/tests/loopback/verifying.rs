//! Verifiers wired to the loopback issuer, shared by the online tests: online through
//! a fetcher that trusts only the run's certificate authority (plus the system's),
//! offline from what an online run remembered, all at one fixed "now".

use std::sync::Arc;
use std::time::Duration;

use cairn_core::net::{CachingFetch, HttpFetch, MemoryCache, OfflineFetch};
use cairn_core::verify::{CheckId, CheckStatus, FixedClock, Report, Verifier, parse_date};

use super::Server;

/// The instant every online test verifies at.
pub const NOW: &str = "2026-11-23T00:00:00Z";

/// Short timeouts: the slow and hanging endpoints must end the test in seconds.
pub fn fetcher(server: &Server) -> HttpFetch {
    HttpFetch::new()
        .with_root_certificate_pem(&server.ca_pem)
        .with_timeouts(Duration::from_secs(2), Duration::from_secs(2))
}

pub fn clock() -> FixedClock {
    FixedClock(parse_date(NOW).unwrap())
}

/// Verifies online, remembering what it fetched in `cache`.
pub fn online(server: &Server, cache: &Arc<MemoryCache>) -> Verifier {
    Verifier::online(Arc::new(CachingFetch::new(fetcher(server), cache.clone())))
        .with_clock(clock())
}

/// Verifies with no network, answering only from what `cache` remembered.
pub fn offline(cache: &Arc<MemoryCache>) -> Verifier {
    Verifier::online(Arc::new(CachingFetch::new(OfflineFetch, cache.clone()))).with_clock(clock())
}

/// Asserts the report has check `id` with `status`, its message containing `words`.
#[track_caller]
pub fn expect(report: &Report, id: CheckId, status: CheckStatus, words: &str) {
    let check = report
        .check(id)
        .unwrap_or_else(|| panic!("no {id:?} check in {report:#?}"));
    assert_eq!(check.status, status, "{id:?}: {}", check.message);
    assert!(
        check.message.contains(words),
        "{id:?} message {:?} lacks {words:?}",
        check.message
    );
}
