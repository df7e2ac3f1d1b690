//! The JSON-LD contexts Cairn understands, compiled in.
//!
//! Verification must give the same answer on a plane as in an office, and must not
//! let a credential make the verifier fetch arbitrary URLs, so contexts are never
//! fetched (DESIGN §6). A credential naming a context that is not here fails its
//! `proof` check with a message that names the URL.

mod bundled;

/// The bundled document for a context URL, if Cairn has it.
///
/// Matching is exact: `http://` and `https://` spellings are different documents to
/// JSON-LD, and guessing would change what a signature covers.
pub fn document(url: &str) -> Option<&'static [u8]> {
    bundled::BUNDLED
        .iter()
        .find(|(known, _, _)| *known == url)
        .map(|(_, _, bytes)| *bytes)
}

/// Every bundled context URL, for diagnostics and documentation.
pub fn urls() -> impl Iterator<Item = &'static str> {
    bundled::BUNDLED.iter().map(|(url, _, _)| *url)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    #[test]
    fn bundled_contexts_match_their_recorded_hashes() {
        for (url, sha256, bytes) in bundled::BUNDLED {
            let actual: String = Sha256::digest(bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            assert_eq!(&actual, sha256, "{url} was changed; contexts are verbatim");
        }
    }

    #[test]
    fn every_context_the_issue_requires_is_bundled() {
        for url in [
            "https://www.w3.org/2018/credentials/v1",
            "https://www.w3.org/ns/credentials/v2",
            "https://w3id.org/security/data-integrity/v1",
            "https://w3id.org/security/data-integrity/v2",
            "https://w3id.org/security/suites/ed25519-2020/v1",
            "https://w3id.org/security/multikey/v1",
            "https://purl.imsglobal.org/spec/ob/v3p0/context.json",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
            "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",
            "https://www.w3.org/ns/credentials/status/v1",
            "https://w3id.org/vc/status-list/2021/v1",
            "https://w3id.org/openbadges/v2",
        ] {
            let doc = document(url).unwrap_or_else(|| panic!("{url} is not bundled"));
            let json: serde_json::Value = serde_json::from_slice(doc).unwrap();
            assert!(json.get("@context").is_some(), "{url} has no @context");
        }
    }

    #[test]
    fn unknown_and_respelled_urls_are_not_found() {
        assert!(document("https://example.com/evil-context.json").is_none());
        assert!(document("http://www.w3.org/ns/credentials/v2").is_none());
    }
}
