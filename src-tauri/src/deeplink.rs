//! `cairn://import?url=…` links: an issuer's "add to Cairn" button. The OS hands the
//! link to Cairn (on Linux as an argument, forwarded by the single-instance plugin
//! to the window already open); it is parsed here, kept until the UI asks for it,
//! and the learner confirms before anything is fetched. Any other link is refused.

use std::sync::Mutex;

use tauri::Url;
use tauri::{AppHandle, Emitter, Manager, Runtime};

use crate::state::AppState;

/// The scheme Cairn registers.
pub const SCHEME: &str = "cairn";
/// What the window listens for: "a link arrived, ask for it".
pub const EVENT: &str = "cairn://deep-link";
/// Longest link accepted (an address to fetch is far shorter).
const MAX_LINK_LEN: usize = 4096;

/// What a link asks Cairn to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeepLink {
    /// Fetch the credential at this `http(s)` address and import it.
    Import { url: String },
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum DeepLinkError {
    #[error("the link is longer than {MAX_LINK_LEN} characters")]
    TooLong,
    #[error("not a cairn:// link")]
    NotCairn,
    #[error("Cairn links can only import (cairn://import?url=…)")]
    UnknownAction,
    #[error("the link names no address to import from (url=…)")]
    MissingUrl,
    #[error("the link names more than one address to import from")]
    SeveralUrls,
    #[error("the address to import from must start with https:// (or http:// on this computer)")]
    NotWeb,
}

impl DeepLink {
    pub fn parse(text: &str) -> Result<DeepLink, DeepLinkError> {
        if text.len() > MAX_LINK_LEN {
            return Err(DeepLinkError::TooLong);
        }
        let link = Url::parse(text.trim()).map_err(|_| DeepLinkError::NotCairn)?;
        if link.scheme() != SCHEME {
            return Err(DeepLinkError::NotCairn);
        }
        // `cairn://import?…` puts the action in the host; `cairn:import?…` in the path.
        let action = link
            .host_str()
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| link.path().trim_matches('/'));
        if action != "import" {
            return Err(DeepLinkError::UnknownAction);
        }
        let mut urls = link.query_pairs().filter(|(k, _)| k == "url");
        let url = urls.next().ok_or(DeepLinkError::MissingUrl)?.1.into_owned();
        if urls.next().is_some() {
            return Err(DeepLinkError::SeveralUrls);
        }
        // The core's network rules decide the rest (loopback only for http, no
        // credentials in the address, …) when the learner confirms the fetch.
        match Url::parse(&url) {
            Ok(target) if matches!(target.scheme(), "https" | "http") => {
                Ok(DeepLink::Import { url })
            }
            _ => Err(DeepLinkError::NotWeb),
        }
    }
}

/// What the window is told about a link that arrived.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
#[ts(export, export_to = "../../ui/src/lib/bindings/")]
pub struct DeepLinkView {
    /// The address to import from, when the link was a good one.
    pub import_url: Option<String>,
    /// Why the link could not be used, in words.
    pub error: Option<String>,
}

/// Links that arrived and the UI has not taken yet.
#[derive(Default)]
pub struct Pending(Mutex<Vec<DeepLinkView>>);

impl Pending {
    pub fn push(&self, link: DeepLinkView) {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).push(link);
    }

    pub fn take(&self) -> Vec<DeepLinkView> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|p| p.into_inner()))
    }
}

pub fn view(text: &str) -> DeepLinkView {
    match DeepLink::parse(text) {
        Ok(DeepLink::Import { url }) => DeepLinkView {
            import_url: Some(url),
            error: None,
        },
        Err(err) => DeepLinkView {
            import_url: None,
            error: Some(format!(
                "Cairn was asked to open a link it cannot use: {err}."
            )),
        },
    }
}

/// Keeps the links that arrived and tells the window; the window may not be
/// listening yet (a link that started the app), so it also asks on start.
pub fn receive<R: Runtime>(app: &AppHandle<R>, links: impl IntoIterator<Item = String>) {
    let state = app.state::<AppState>();
    for link in links {
        state.deep_links.push(view(&link));
    }
    let _ = app.emit(EVENT, ());
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.set_focus();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn import_links_name_the_address_to_fetch() {
        let cases = [
            (
                "cairn://import?url=https%3A%2F%2Fissuer.example%2Fbadges%2F1.json",
                "https://issuer.example/badges/1.json",
            ),
            (
                "cairn://import?url=http://127.0.0.1:8080/c.json",
                "http://127.0.0.1:8080/c.json",
            ),
            (
                "cairn:import?url=https://issuer.example/a?b=c",
                "https://issuer.example/a?b=c",
            ),
            (
                "  cairn://import/?url=https://issuer.example/x  ",
                "https://issuer.example/x",
            ),
        ];
        for (link, url) in cases {
            assert_eq!(
                DeepLink::parse(link),
                Ok(DeepLink::Import { url: url.into() }),
                "{link}"
            );
        }
    }

    #[test]
    fn other_links_are_refused_with_a_reason() {
        let long = format!("cairn://import?url=https://a.example/{}", "x".repeat(5000));
        let cases = [
            (
                "https://issuer.example/?url=https://a.example",
                DeepLinkError::NotCairn,
            ),
            ("not a link", DeepLinkError::NotCairn),
            (
                "cairn://delete?url=https://a.example",
                DeepLinkError::UnknownAction,
            ),
            ("cairn://import", DeepLinkError::MissingUrl),
            (
                "cairn://import?url=https://a.example&url=https://b.example",
                DeepLinkError::SeveralUrls,
            ),
            (
                "cairn://import?url=file:///etc/passwd",
                DeepLinkError::NotWeb,
            ),
            (
                "cairn://import?url=javascript:alert(1)",
                DeepLinkError::NotWeb,
            ),
            (long.as_str(), DeepLinkError::TooLong),
        ];
        for (link, error) in cases {
            assert_eq!(DeepLink::parse(link), Err(error), "{link}");
        }
    }

    #[test]
    fn a_refused_link_becomes_a_message_and_no_address() {
        let shown = view("cairn://delete?url=https://a.example");
        assert_eq!(shown.import_url, None);
        assert!(shown.error.unwrap().contains("can only import"));
    }
}
