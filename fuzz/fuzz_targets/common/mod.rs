//! Setup shared by the targets that verify (`credential`, `share`): one offline
//! verifier, made once per process, so both judge inputs by the same rules.

use std::sync::OnceLock;

use cairn_core::verify::{FixedClock, Verifier};

/// Offline (bundled contexts only, no network) at a fixed instant, so a finding
/// replays the same way whatever the date.
pub fn verifier() -> &'static Verifier {
    static VERIFIER: OnceLock<Verifier> = OnceLock::new();
    VERIFIER.get_or_init(|| {
        let now = "2026-01-01T00:00:00Z".parse().expect("a fixed instant");
        Verifier::offline().with_clock(FixedClock(now))
    })
}
