//! Baked badge extraction: PNG chunks (iTXt/tEXt, zlib) and SVG (XML without entity
//! expansion), under the default size limits and under tight ones, so the limit
//! paths are exercised on small inputs too.
#![no_main]

use cairn_core::credential::baked::{self, Limits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for limits in [
        Limits::default(),
        Limits {
            max_image_bytes: 4096,
            max_payload_bytes: 256,
        },
    ] {
        if let Ok(found) = baked::extract(data, &limits) {
            assert!(
                found.payload.len() <= limits.max_payload_bytes,
                "a payload over the limit came out"
            );
        }
        let _ = baked::extract_png(data, &limits);
        let _ = baked::extract_svg(data, &limits);
    }
});
