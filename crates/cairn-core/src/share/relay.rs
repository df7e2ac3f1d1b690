//! Talking to a relay (DESIGN §5). The trait lets tests and other front ends supply
//! their own transport; [`HttpRelay`] is the real one (feature `http`).

use serde::{Deserialize, Serialize};

/// What a relay answers to an upload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Uploaded {
    pub id: String,
    pub owner_token: String,
    /// RFC 3339.
    pub expires: String,
    /// The viewer page, `RELAY/s/ID` (no key).
    pub url: String,
}

/// A share's counters, as the relay keeps them (owner only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareStats {
    pub id: String,
    pub views: u64,
    pub created: String,
    pub expires: String,
    pub size: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum RelayError {
    #[error("could not reach the relay at {url}: {reason}")]
    Unreachable { url: String, reason: String },
    #[error("the relay has no such share (the link may be mistyped)")]
    NotFound,
    #[error("this share has expired or was withdrawn by the learner")]
    Gone,
    #[error("the relay refused: this share belongs to someone else (wrong owner token)")]
    Forbidden,
    #[error("the share is too large for this relay ({0})")]
    TooLarge(String),
    #[error("the relay is busy (too many requests); try again in a minute")]
    RateLimited,
    #[error("the relay answered {status}: {message}")]
    Refused { status: u16, message: String },
    #[error("the relay's answer is malformed: {0}")]
    Malformed(String),
}

/// A relay, addressed by its base URL (`https://relay.example`).
pub trait Relay: Send + Sync {
    fn upload(
        &self,
        base: &str,
        sealed: &[u8],
        expires_in_secs: u64,
    ) -> Result<Uploaded, RelayError>;
    fn fetch(&self, base: &str, id: &str) -> Result<Vec<u8>, RelayError>;
    fn revoke(&self, base: &str, id: &str, owner_token: &str) -> Result<(), RelayError>;
    fn stats(&self, base: &str, id: &str, owner_token: &str) -> Result<ShareStats, RelayError>;
}

#[cfg(feature = "http")]
pub use http::HttpRelay;

#[cfg(feature = "http")]
mod http {
    use std::io::Read;
    use std::time::Duration;

    use reqwest::StatusCode;
    use reqwest::blocking::{Client, Response};

    use super::{Relay, RelayError, ShareStats, Uploaded};
    use crate::share::envelope::MAX_ENVELOPE_BYTES;

    /// Largest JSON answer read from a relay (ids, tokens, dates).
    const MAX_JSON_BYTES: u64 = 64 * 1024;

    /// The relay over HTTPS (or plain HTTP to this computer), with timeouts, no
    /// redirects (a relay that redirects is misconfigured or hostile) and bounded
    /// answers.
    pub struct HttpRelay {
        client: Client,
    }

    impl HttpRelay {
        pub fn new() -> Result<HttpRelay, RelayError> {
            let client = Client::builder()
                .connect_timeout(Duration::from_secs(10))
                .timeout(Duration::from_secs(60))
                .redirect(reqwest::redirect::Policy::none())
                .user_agent(concat!("Cairn/", env!("CARGO_PKG_VERSION")))
                .build()
                .map_err(|e| RelayError::Unreachable {
                    url: String::new(),
                    reason: e.to_string(),
                })?;
            Ok(HttpRelay { client })
        }

        fn url(base: &str, path: &str) -> Result<String, RelayError> {
            crate::share::link::check_relay_url(base).map_err(|e| RelayError::Unreachable {
                url: crate::quote::clip(base),
                reason: e.to_string(),
            })?;
            Ok(format!("{}{path}", base.trim_end_matches('/')))
        }

        fn send(
            &self,
            url: &str,
            request: reqwest::blocking::RequestBuilder,
        ) -> Result<Response, RelayError> {
            let response = request.send().map_err(|e| RelayError::Unreachable {
                url: url.to_owned(),
                reason: describe(&e),
            })?;
            let status = response.status();
            if status.is_success() {
                return Ok(response);
            }
            let message = read_limited(response, MAX_JSON_BYTES)
                .ok()
                .and_then(|body| serde_json::from_slice::<serde_json::Value>(&body).ok())
                .and_then(|v| {
                    v.get("error")
                        .and_then(|e| e.as_str())
                        .map(crate::quote::clip)
                })
                .unwrap_or_else(|| status.canonical_reason().unwrap_or("error").to_owned());
            Err(match status {
                StatusCode::NOT_FOUND => RelayError::NotFound,
                StatusCode::GONE => RelayError::Gone,
                StatusCode::FORBIDDEN | StatusCode::UNAUTHORIZED => RelayError::Forbidden,
                StatusCode::PAYLOAD_TOO_LARGE => RelayError::TooLarge(message),
                StatusCode::TOO_MANY_REQUESTS => RelayError::RateLimited,
                _ => RelayError::Refused {
                    status: status.as_u16(),
                    message,
                },
            })
        }

        fn json<T: serde::de::DeserializeOwned>(response: Response) -> Result<T, RelayError> {
            let body = read_limited(response, MAX_JSON_BYTES)?;
            serde_json::from_slice(&body).map_err(|e| RelayError::Malformed(e.to_string()))
        }
    }

    impl Relay for HttpRelay {
        fn upload(
            &self,
            base: &str,
            sealed: &[u8],
            expires_in_secs: u64,
        ) -> Result<Uploaded, RelayError> {
            let url = Self::url(base, &format!("/api/shares?expires={expires_in_secs}"))?;
            let request = self
                .client
                .post(&url)
                .header("content-type", "application/octet-stream")
                .body(sealed.to_vec());
            let uploaded: Uploaded = Self::json(self.send(&url, request)?)?;
            if !crate::share::link::is_share_id(&uploaded.id) {
                return Err(RelayError::Malformed(
                    "the share id it gave is malformed".into(),
                ));
            }
            Ok(uploaded)
        }

        fn fetch(&self, base: &str, id: &str) -> Result<Vec<u8>, RelayError> {
            let url = Self::url(base, &format!("/api/shares/{id}"))?;
            let response = self.send(&url, self.client.get(&url))?;
            read_limited(response, MAX_ENVELOPE_BYTES as u64)
        }

        fn revoke(&self, base: &str, id: &str, owner_token: &str) -> Result<(), RelayError> {
            let url = Self::url(base, &format!("/api/shares/{id}"))?;
            self.send(&url, self.client.delete(&url).bearer_auth(owner_token))?;
            Ok(())
        }

        fn stats(&self, base: &str, id: &str, owner_token: &str) -> Result<ShareStats, RelayError> {
            let url = Self::url(base, &format!("/api/shares/{id}/stats"))?;
            Self::json(self.send(&url, self.client.get(&url).bearer_auth(owner_token))?)
        }
    }

    fn read_limited(response: Response, limit: u64) -> Result<Vec<u8>, RelayError> {
        let mut body = Vec::new();
        response
            .take(limit + 1)
            .read_to_end(&mut body)
            .map_err(|e| RelayError::Malformed(e.to_string()))?;
        if body.len() as u64 > limit {
            return Err(RelayError::TooLarge(format!(
                "its answer is over {limit} bytes"
            )));
        }
        Ok(body)
    }

    /// reqwest's errors nest the useful part (DNS, refused, TLS) in their sources.
    fn describe(err: &reqwest::Error) -> String {
        if err.is_timeout() {
            return "it did not answer in time".into();
        }
        let mut text = err.to_string();
        let mut source = std::error::Error::source(err);
        while let Some(cause) = source {
            text = format!("{text}: {cause}");
            source = cause.source();
        }
        crate::quote::clip(&text)
    }
}
