//! The single place where failures become HTTP answers: a status and
//! `{"error": "plain words"}`. Storage failures are logged here (they name ids and
//! paths, never content) and reach the client only as a generic 500.

use std::time::Duration;

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::shares::ShareError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("no share with this id")]
    NotFound,
    #[error("this share has expired or was revoked")]
    Gone,
    #[error("the owner token is missing: send it as \"Authorization: Bearer TOKEN\"")]
    MissingToken,
    #[error("the owner token does not match this share")]
    WrongToken,
    #[error("the body is larger than the limit of {limit} bytes")]
    TooLarge { limit: u64 },
    #[error("the body is empty; send the encrypted share as application/octet-stream")]
    EmptyBody,
    #[error("the body could not be read")]
    UnreadableBody,
    #[error("the body did not arrive within {} seconds", .0.as_secs())]
    BodyTimeout(Duration),
    #[error("{0}")]
    BadQuery(String),
    /// Holds the offending value already passed through [`quote`].
    #[error("expires must be a whole number of seconds, not {0}")]
    BadExpires(String),
    #[error("too many requests from this address; retry in {} s", .retry_after.as_secs().max(1))]
    RateLimited { retry_after: Duration },
    #[error("the relay's storage is full ({limit} bytes); try again later")]
    StoreFull { limit: u64 },
    #[error("the relay could not read or write its storage")]
    Storage(#[source] crate::store::StoreError),
}

/// How many characters of a request an error answer may echo: enough to recognise
/// the mistake, never a way to make the relay reflect an attacker's page of text.
pub const MAX_ECHO: usize = 32;

/// `text` as an error answer may show it: debug-quoted (control characters escaped),
/// cut to [`MAX_ECHO`] characters with `…` when it was longer.
pub fn quote(text: &str) -> String {
    match text.char_indices().nth(MAX_ECHO) {
        Some((cut, _)) => format!("{:?}…", &text[..cut]),
        None => format!("{text:?}"),
    }
}

impl From<ShareError> for ApiError {
    fn from(e: ShareError) -> Self {
        match e {
            ShareError::NotFound => Self::NotFound,
            ShareError::Gone => Self::Gone,
            ShareError::WrongToken => Self::WrongToken,
            e @ ShareError::BadExpiry { .. } => Self::BadQuery(e.to_string()),
            ShareError::Full { limit } => Self::StoreFull { limit },
            ShareError::Store(e) => Self::Storage(e),
        }
    }
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Gone => StatusCode::GONE,
            Self::MissingToken => StatusCode::UNAUTHORIZED,
            Self::WrongToken => StatusCode::FORBIDDEN,
            Self::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::EmptyBody | Self::UnreadableBody | Self::BadQuery(_) | Self::BadExpires(_) => {
                StatusCode::BAD_REQUEST
            }
            Self::BodyTimeout(_) => StatusCode::REQUEST_TIMEOUT,
            Self::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::StoreFull { .. } => StatusCode::INSUFFICIENT_STORAGE,
            Self::Storage(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let Self::Storage(source) = &self {
            tracing::error!("storage failure: {source}");
        }
        let mut response = (
            self.status(),
            Json(serde_json::json!({ "error": self.to_string() })),
        )
            .into_response();
        if let Self::RateLimited { retry_after } = self {
            let seconds = retry_after.as_secs().max(1);
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_cuts_long_text_on_a_character_boundary() {
        assert_eq!(quote("soon"), "\"soon\"");
        assert_eq!(quote("a\nb"), "\"a\\nb\"");
        let long = "é".repeat(10_000);
        let quoted = quote(&long);
        assert_eq!(quoted, format!("{:?}…", "é".repeat(MAX_ECHO)));
        let exact = "x".repeat(MAX_ECHO);
        assert_eq!(quote(&exact), format!("{exact:?}"));
    }
}
