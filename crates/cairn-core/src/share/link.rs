//! Share links: `https://RELAY/s/ID#k=KEY`. The relay sees the path, never the
//! fragment, so it can serve the ciphertext but not read it.

use super::envelope::{EnvelopeError, ShareKey};

/// Longest link accepted (a relay URL with a path, an id and a key fit easily).
const MAX_LINK_LEN: usize = 2048;

#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    #[error("that is not a Cairn share link (expected https://RELAY/s/ID#k=KEY)")]
    NotALink,
    #[error(
        "the link has no key after #k= (the part after # may have been cut off when it was copied)"
    )]
    MissingKey,
    #[error("the share id in the link is malformed")]
    BadId,
    #[error("{0}")]
    BadKey(#[from] EnvelopeError),
    #[error("share links must use https (plain http is allowed only on this computer)")]
    NotHttps,
    #[error("the link is longer than {MAX_LINK_LEN} characters")]
    TooLong,
}

/// A parsed share link.
#[derive(Debug, Clone)]
pub struct ShareLink {
    /// The relay's base URL, without a trailing slash (`https://relay.example`).
    pub relay: String,
    pub id: String,
    pub key: ShareKey,
}

impl ShareLink {
    pub fn parse(text: &str) -> Result<ShareLink, LinkError> {
        let text = text.trim();
        if text.len() > MAX_LINK_LEN {
            return Err(LinkError::TooLong);
        }
        let (url, fragment) = text.split_once('#').ok_or(LinkError::MissingKey)?;
        let key = fragment
            .split('&')
            .find_map(|part| part.strip_prefix("k="))
            .ok_or(LinkError::MissingKey)?;
        let key = ShareKey::from_fragment(key)?;
        let (relay, id) = url.rsplit_once("/s/").ok_or(LinkError::NotALink)?;
        let id = id.trim_end_matches('/');
        if !is_share_id(id) {
            return Err(LinkError::BadId);
        }
        check_relay_url(relay)?;
        Ok(ShareLink {
            relay: relay.to_owned(),
            id: id.to_owned(),
            key,
        })
    }

    /// The link as text, key included: give it only to whom the learner chooses.
    pub fn to_text(&self) -> String {
        format!("{}#k={}", self.page_url(), self.key.to_fragment().as_str())
    }

    /// The viewer page's address, without the key.
    pub fn page_url(&self) -> String {
        format!("{}/s/{}", self.relay, self.id)
    }
}

/// A relay's share id: 22 base64url characters (128 random bits).
pub fn is_share_id(id: &str) -> bool {
    id.len() == 22
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A relay base URL: https, or http to this computer only (a relay run locally).
pub fn check_relay_url(url: &str) -> Result<(), LinkError> {
    let rest = if let Some(rest) = url.strip_prefix("https://") {
        rest
    } else if let Some(rest) = url.strip_prefix("http://") {
        let host = rest.split(['/', '?']).next().unwrap_or_default();
        let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
        let name = if host.starts_with('[') {
            host.split(']').next().map(|h| &h[1..]).unwrap_or_default()
        } else {
            host.split(':').next().unwrap_or_default()
        };
        let loopback = name == "localhost"
            || name
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback());
        if !loopback {
            return Err(LinkError::NotHttps);
        }
        rest
    } else {
        return Err(LinkError::NotALink);
    };
    if rest.is_empty() || rest.starts_with('/') || rest.chars().any(char::is_whitespace) {
        return Err(LinkError::NotALink);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link_text(relay: &str) -> String {
        let key = ShareKey::generate().unwrap();
        format!(
            "{relay}/s/AAAAAAAAAAAAAAAAAAAAAA#k={}",
            key.to_fragment().as_str()
        )
    }

    #[test]
    fn a_link_round_trips() {
        let text = link_text("https://relay.example/cairn");
        let link = ShareLink::parse(&text).unwrap();
        assert_eq!(link.relay, "https://relay.example/cairn");
        assert_eq!(link.id, "AAAAAAAAAAAAAAAAAAAAAA");
        assert_eq!(link.to_text(), text);
    }

    #[test]
    fn loopback_http_is_allowed_and_remote_http_is_not() {
        assert!(ShareLink::parse(&link_text("http://127.0.0.1:8787")).is_ok());
        assert!(ShareLink::parse(&link_text("http://localhost:8787")).is_ok());
        assert!(ShareLink::parse(&link_text("http://[::1]:8787")).is_ok());
        assert!(matches!(
            ShareLink::parse(&link_text("http://relay.example")),
            Err(LinkError::NotHttps)
        ));
        assert!(matches!(
            ShareLink::parse(&link_text("http://127.0.0.1.evil.example")),
            Err(LinkError::NotHttps)
        ));
    }

    #[test]
    fn broken_links_say_what_is_wrong() {
        assert!(matches!(
            ShareLink::parse("https://relay.example/s/AAAAAAAAAAAAAAAAAAAAAA"),
            Err(LinkError::MissingKey)
        ));
        let key = ShareKey::generate().unwrap();
        let k = key.to_fragment();
        assert!(matches!(
            ShareLink::parse(&format!(
                "https://relay.example/s/..%2F..%2Fetc#k={}",
                k.as_str()
            )),
            Err(LinkError::BadId)
        ));
        assert!(matches!(
            ShareLink::parse(&format!(
                "ftp://relay.example/s/AAAAAAAAAAAAAAAAAAAAAA#k={}",
                k.as_str()
            )),
            Err(LinkError::NotALink)
        ));
        assert!(matches!(
            ShareLink::parse("https://relay.example/s/AAAAAAAAAAAAAAAAAAAAAA#k=abc"),
            Err(LinkError::BadKey(_))
        ));
        assert!(matches!(
            ShareLink::parse(&"x".repeat(5000)),
            Err(LinkError::TooLong)
        ));
    }
}
