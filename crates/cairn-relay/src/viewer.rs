//! The viewer page: `GET /s/ID` answers the built viewer's `index.html`, `/viewer/*` its
//! assets, and `/open` the page with no share, where a registrar opens a presentation
//! the learner saved to a file (`cairn share --save`); all under a strict
//! Content-Security-Policy. The page decrypts in the browser
//! with the key from the link's fragment, which browsers never send to the relay.
//!
//! When no viewer is installed the relay says so (503) instead of serving anything
//! that pretends to be one.

use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::ids::ShareId;
use crate::shares::{ShareError, Shares};

pub const CSP: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self'; img-src 'self' data: blob:; connect-src 'self' https:; \
    font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// Where the viewer is built by default: `ui/dist-viewer` of this source tree.
pub const DEFAULT_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../ui/dist-viewer");

#[derive(Clone)]
struct ViewerState {
    dir: Arc<PathBuf>,
    shares: Arc<Shares>,
}

pub fn routes<S: Clone + Send + Sync + 'static>(dir: PathBuf, shares: Arc<Shares>) -> Router<S> {
    // No index pages for directories: only files the build produced are served, and
    // ServeDir refuses `..` and other escapes from `dir`.
    let assets = Router::new()
        .fallback_service(ServeDir::new(&dir).append_index_html_on_directories(false))
        .layer(middleware::from_fn(plausible_asset_name));
    Router::new()
        .route("/s/{id}", get(page))
        .route("/open", get(open_file_page))
        .with_state(ViewerState {
            dir: Arc::new(dir),
            shares,
        })
        .nest_service("/viewer", assets)
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ))
}

/// Longest asset path and path segment looked up, in bytes as sent: the build's files
/// have short names, and a name past the file system's limits (255 bytes a name on
/// Linux) makes `open` fail with ENAMETOOLONG, which `ServeDir` answers with a 500
/// (relay fuzz target, crash-36967776).
const MAX_ASSET_PATH: usize = 1024;
const MAX_ASSET_NAME: usize = 255;

/// Not found, before the file system is asked, for a path no build could have made.
async fn plausible_asset_name(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if path.len() > MAX_ASSET_PATH || path.split('/').any(|name| name.len() > MAX_ASSET_NAME) {
        return StatusCode::NOT_FOUND.into_response();
    }
    next.run(request).await
}

async fn page(
    State(state): State<ViewerState>,
    id: Result<Path<String>, axum::extract::rejection::PathRejection>,
) -> Response {
    let Some(id) = id.ok().and_then(|Path(id)| ShareId::parse(&id)) else {
        return notice(
            StatusCode::NOT_FOUND,
            "No such share",
            "This link does not name a share.",
        );
    };
    match state.shares.check_live(&id).await {
        Ok(()) => {}
        Err(ShareError::NotFound) => {
            return notice(
                StatusCode::NOT_FOUND,
                "No such share",
                "This relay holds no share with this link. Check that the link was copied whole.",
            );
        }
        Err(ShareError::Gone) => {
            return notice(
                StatusCode::GONE,
                "This share is no longer available",
                "It has expired or its owner revoked it. Ask them for a new link.",
            );
        }
        Err(e) => return crate::error::ApiError::from(e).into_response(),
    }
    index(&state).await
}

/// The page with no share in its address: it verifies a file the registrar picks, in
/// the browser; nothing is uploaded.
async fn open_file_page(State(state): State<ViewerState>) -> Response {
    index(&state).await
}

async fn index(state: &ViewerState) -> Response {
    match tokio::fs::read(state.dir.join("index.html")).await {
        Ok(html) => ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response(),
        Err(e) => {
            tracing::error!(
                "viewer page {}: {e}",
                state.dir.join("index.html").display()
            );
            notice(
                StatusCode::SERVICE_UNAVAILABLE,
                "The viewer is not installed on this relay",
                "The share is stored, but this relay cannot show it: its operator has not \
                 installed the viewer page (build it, or start the relay with --viewer DIR).",
            )
        }
    }
}

/// A plain page with no script and no inline style, so the CSP holds for it too.
fn notice(status: StatusCode, title: &str, text: &str) -> Response {
    let html = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width\"><title>{title} · Cairn</title></head>\
         <body><h1>{title}</h1><p>{text}</p></body></html>\n"
    );
    (status, Html(html)).into_response()
}
