//! The relay's request handling: the real router (`api::router`, rate limits, body
//! limits, the viewer's static files) over a local store in a temporary directory,
//! driven in-process with `tower::ServiceExt::oneshot`, plus the id and token parsers.
//!
//! Input: `METHOD PATH` on the first line, `Name: value` header lines, an empty line,
//! then the body. `{ID}` and `{TOKEN}` are replaced by a real share's id and owner
//! token, so the fuzzer reaches the paths behind a valid id.
//!
//! Properties: no panic; no 500 (storage never fails here, so a 500 is a bug); no
//! response carries a file from outside the viewer directory (unless the request
//! itself carried its marker, which an error answer may quote); ids and tokens that
//! parse are canonical.
#![no_main]

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use cairn_relay::api::{self, Config};
use cairn_relay::ids::{OwnerToken, ShareId, TokenHash};
use cairn_relay::limits::RateLimits;
use cairn_relay::shares::Shares;
use cairn_relay::store::local::LocalStore;
use http_body_util::BodyExt;
use libfuzzer_sys::fuzz_target;
use tower::ServiceExt;

// The relay refuses a --max-size over the largest share Cairn opens; the two crates do
// not depend on each other, and this crate builds both, so it checks they agree.
const _: () = assert!(
    cairn_relay::limits::MAX_SHARE_BYTES == cairn_core::share::envelope::MAX_ENVELOPE_BYTES as u64
);

/// Marks a file next to (outside) the viewer directory: no answer may contain it.
const SECRET: &[u8] = b"OUTSIDE-THE-VIEWER-7f3c1a";
/// A fresh store after this many inputs, so the disk use of a long run stays bounded.
const RECYCLE_EVERY: u32 = 2000;

struct Relay {
    _dir: tempfile::TempDir,
    router: Router,
    id: String,
    token: String,
    runs: u32,
}

fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: std::sync::OnceLock<tokio::runtime::Runtime> = std::sync::OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime")
    })
}

fn peer() -> ConnectInfo<SocketAddr> {
    ConnectInfo("127.0.0.1:40000".parse().expect("an address"))
}

fn relay() -> Relay {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let viewer: PathBuf = dir.path().join("viewer");
    std::fs::create_dir_all(viewer.join("assets")).expect("viewer dir");
    std::fs::write(
        viewer.join("index.html"),
        b"<!doctype html><title>viewer</title>",
    )
    .expect("index");
    std::fs::write(viewer.join("assets/app.js"), b"console.log(1)").expect("asset");
    std::fs::write(dir.path().join("secret.txt"), SECRET).expect("secret");
    let store = LocalStore::open(&dir.path().join("store")).expect("store");
    // A small cap keeps a long run's disk use bounded; rate limits generous enough that
    // most inputs get past them, so the handlers are what is fuzzed.
    let shares = Arc::new(Shares::new(Arc::new(store), 60, 256 * 1024));
    let limits = Arc::new(RateLimits::per_minute(1_000_000, 1_000_000));
    let config = Config {
        public_url: "https://relay.example".into(),
        max_size: 64 * 1024,
        body_timeout: std::time::Duration::from_secs(5),
        viewer_dir: viewer,
    };
    let router = api::router(shares, limits, config);
    let mut request = Request::post("/api/shares")
        .body(Body::from(&b"CRN\x01 a sealed share"[..]))
        .expect("request");
    request.extensions_mut().insert(peer());
    let response = runtime()
        .block_on(router.clone().oneshot(request))
        .expect("infallible");
    assert_eq!(response.status(), StatusCode::CREATED);
    let body = runtime()
        .block_on(response.into_body().collect())
        .expect("body")
        .to_bytes();
    let created: serde_json::Value = serde_json::from_slice(&body).expect("json");
    Relay {
        _dir: dir,
        router,
        id: created["id"].as_str().expect("id").to_owned(),
        token: created["owner_token"].as_str().expect("token").to_owned(),
        runs: 0,
    }
}

fn check_ids(text: &str) {
    if let Some(id) = ShareId::parse(text) {
        assert_eq!(id.as_str(), text, "an id parses only in canonical form");
        assert_eq!(text.len(), 22);
        assert!(!text.contains(['/', '.', '\\']));
    }
    if let Some(token) = OwnerToken::parse(text) {
        assert_eq!(
            token.reveal(),
            text,
            "a token parses only in canonical form"
        );
        assert!(token.hash().matches(&token));
        let hash = token.hash();
        let again = TokenHash::from_base64(&hash.to_base64()).expect("round trip");
        assert!(again.matches(&token));
    }
    let _ = TokenHash::from_base64(text);
}

fn request(relay: &Relay, data: &[u8]) -> Option<Request<Body>> {
    let split = data
        .windows(2)
        .position(|w| w == b"\n\n")
        .map_or((data, &[][..]), |at| (&data[..at], &data[at + 2..]));
    let (head, body) = split;
    let head = std::str::from_utf8(head).ok()?;
    let head = head
        .replace("{ID}", &relay.id)
        .replace("{TOKEN}", &relay.token);
    let mut lines = head.lines();
    let (method, path) = lines.next()?.split_once(' ')?;
    let mut builder = Request::builder().method(method).uri(path);
    for line in lines {
        let (name, value) = line.split_once(':')?;
        builder = builder.header(name.trim(), value.trim());
    }
    let mut request = builder.body(Body::from(body.to_vec())).ok()?;
    request.extensions_mut().insert(peer());
    Some(request)
}

fuzz_target!(|data: &[u8]| {
    static RELAY: Mutex<Option<Relay>> = Mutex::new(None);
    let mut guard = RELAY.lock().unwrap_or_else(|e| e.into_inner());
    if guard.as_ref().is_none_or(|r| r.runs >= RECYCLE_EVERY) {
        *guard = Some(relay());
    }
    let relay = guard.as_mut().expect("set above");
    relay.runs += 1;
    if let Ok(text) = std::str::from_utf8(data) {
        check_ids(text);
    }
    let Some(request) = request(relay, data) else {
        return;
    };
    let response = runtime()
        .block_on(relay.router.clone().oneshot(request))
        .expect("infallible");
    let status = response.status();
    let body = runtime()
        .block_on(response.into_body().collect())
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    assert_ne!(status, StatusCode::INTERNAL_SERVER_ERROR, "a 500: {body:?}");
    // A traversal check, not a reflection check: an answer may quote a little of the
    // request (a bad `expires` value, crash-a1f34134), so the marker in the answer
    // proves a file was read only when the request did not carry it, as sent or
    // percent-decoded (how the router reads paths and queries).
    if contains(&body, SECRET) && !carries_secret(data) {
        panic!("a file outside the viewer directory was served: {body:?}");
    }
});

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn carries_secret(request: &[u8]) -> bool {
    contains(request, SECRET)
        || contains(
            &percent_encoding::percent_decode(request).collect::<Vec<u8>>(),
            SECRET,
        )
}
