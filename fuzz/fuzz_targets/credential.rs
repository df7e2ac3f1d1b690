//! Any bytes through what `cairn verify FILE` does offline: format detection, parsing
//! (JSON-LD, VC-JWT, OB 2.0, baked images), then verification with the bundled
//! contexts only. A finding is a panic, a hang (libFuzzer's -timeout) or an allocation
//! past -rss_limit_mb.
#![no_main]

mod common;

use cairn_core::credential;
use common::verifier;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(parsed) = credential::parse(data) {
        let _ = parsed.format();
        let report = verifier().verify(&parsed);
        // The report's invariant (DESIGN §3): verified exactly when no check failed.
        let failed = report
            .checks
            .iter()
            .any(|c| c.status == cairn_core::verify::CheckStatus::Fail);
        assert_eq!(report.verified, !failed, "report inconsistent: {report:?}");
        let _ = serde_json::to_string(&report);
    }
});
