//! Where a `did:web` DID document lives (did:web Method Specification §3.2 "Read"):
//! the method-specific id's `:`-separated parts are the host (a port written
//! `%3A`) and path segments; with no path the document is at
//! `/.well-known/did.json`, else at `/PATH/did.json`, always over HTTPS.

use super::keys::{KeyError, clip};

/// The `https` URL of the DID document of `did` (a DID, without fragment).
pub fn document_url(did: &str) -> Result<String, KeyError> {
    let malformed = |reason: String| KeyError::MalformedId { reason };
    let msi = did
        .strip_prefix("did:web:")
        .ok_or_else(|| malformed(format!("`{}` is not a did:web", clip(did))))?;
    if msi.contains(['/', '?', '#']) {
        return Err(malformed(
            "a did:web with a path, query or fragment does not name a DID document".into(),
        ));
    }
    let mut parts = msi.split(':');
    let host = parts.next().unwrap_or_default();
    // Only the port's colon may be percent-encoded in the host part (§3.1).
    let host = host.replace("%3A", ":").replace("%3a", ":");
    if host.is_empty()
        || !host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'))
    {
        return Err(malformed(format!(
            "`{}` is not a host name did:web can use",
            clip(&host)
        )));
    }
    let path: Vec<&str> = parts.collect();
    if path.iter().any(|segment| segment.is_empty()) {
        return Err(malformed(format!(
            "`{}` has an empty path segment",
            clip(did)
        )));
    }
    let path = if path.is_empty() {
        ".well-known".to_owned()
    } else {
        path.join("/")
    };
    let url = format!("https://{host}/{path}/did.json");
    // The allowed characters leave no room for userinfo or a second host; a bad
    // port (`%3Aabc`) is caught here.
    url::Url::parse(&url)
        .map_err(|e| malformed(format!("`{}` gives no valid URL: {e}", clip(did))))?;
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_examples_map_to_their_urls() {
        assert_eq!(
            document_url("did:web:w3c-ccg.github.io").unwrap(),
            "https://w3c-ccg.github.io/.well-known/did.json"
        );
        assert_eq!(
            document_url("did:web:w3c-ccg.github.io:user:alice").unwrap(),
            "https://w3c-ccg.github.io/user/alice/did.json"
        );
        assert_eq!(
            document_url("did:web:example.com%3A3000:user:alice").unwrap(),
            "https://example.com:3000/user/alice/did.json"
        );
        assert_eq!(
            document_url("did:web:digitalcredentials.github.io:dcc-did-web:multikey").unwrap(),
            "https://digitalcredentials.github.io/dcc-did-web/multikey/did.json"
        );
    }

    #[test]
    fn malformed_did_webs_are_refused() {
        for did in [
            "did:web:",
            "did:web:example.com::x",
            "did:web:exa mple.com",
            "did:web:user@example.com",
            "did:web:example.com/path",
            "did:web:example.com%2Fevil",
            "did:key:z6Mk",
        ] {
            assert!(
                matches!(document_url(did), Err(KeyError::MalformedId { .. })),
                "{did}"
            );
        }
    }
}
