//! The viewer page and its assets: served from `--viewer DIR` with strict headers,
//! honest 503 when missing, no listing, no traversal.

mod common;

use common::{Relay, Reply};

const CSP: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
    img-src 'self' data: blob:; connect-src 'self' https:; font-src 'self'; base-uri 'none'; \
    form-action 'none'; frame-ancestors 'none'";

/// `OUTER/viewer` holds a built viewer; `OUTER/cairn-viewer-secret.txt` lies beside it.
struct Viewer(tempfile::TempDir);

impl Viewer {
    fn arg(&self) -> String {
        self.0.path().join("viewer").to_str().unwrap().to_owned()
    }
}

fn viewer_dir() -> Viewer {
    let outer = tempfile::tempdir().unwrap();
    let dir = outer.path().join("viewer");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(
        dir.join("index.html"),
        "<!doctype html><title>VIEWER-PAGE</title><script type=module src=/viewer/assets/app.js></script>",
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("assets/nested")).unwrap();
    std::fs::write(dir.join("assets/app.js"), "console.log('viewer')").unwrap();
    std::fs::write(dir.join("assets/verify_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(dir.join("assets/app.css"), "body{}").unwrap();
    std::fs::write(dir.join("assets/nested/index.html"), "nested").unwrap();
    // Beside the viewer: must never be reachable through it.
    std::fs::write(outer.path().join("cairn-viewer-secret.txt"), "SECRET").unwrap();
    Viewer(outer)
}

fn assert_viewer_headers(reply: &Reply) {
    assert_eq!(reply.header("content-security-policy"), Some(CSP));
    assert_eq!(reply.header("referrer-policy"), Some("no-referrer"));
    assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(reply.header("cache-control"), Some("no-store"));
    assert!(reply.header("access-control-allow-origin").is_none());
}

#[test]
fn the_share_page_is_the_viewer_with_strict_headers() {
    let viewer = viewer_dir();
    let relay = Relay::start(&["--viewer", &viewer.arg()]);
    let share = relay.upload(b"ciphertext", "");

    let page = relay.get(&format!("/s/{}", share.id));
    assert_eq!(page.status, 200);
    assert!(String::from_utf8_lossy(&page.body).contains("VIEWER-PAGE"));
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_viewer_headers(&page);

    // Opening the page is not a view: only fetching the ciphertext is.
    let stats = relay.with_token(
        "GET",
        &format!("/api/shares/{}/stats", share.id),
        &share.token,
    );
    assert_eq!(stats.json()["views"], 0);
}

#[test]
fn the_open_a_file_page_is_the_viewer_with_strict_headers() {
    let viewer = viewer_dir();
    let relay = Relay::start(&["--viewer", &viewer.arg()]);
    let page = relay.get("/open");
    assert_eq!(page.status, 200);
    assert!(String::from_utf8_lossy(&page.body).contains("VIEWER-PAGE"));
    assert_viewer_headers(&page);
}

#[test]
fn assets_are_served_with_their_types() {
    let viewer = viewer_dir();
    let relay = Relay::start(&["--viewer", &viewer.arg()]);
    for (path, content_type) in [
        ("/viewer/assets/verify_bg.wasm", "application/wasm"),
        ("/viewer/assets/app.js", "text/javascript"),
        ("/viewer/assets/app.css", "text/css"),
    ] {
        let reply = relay.get(path);
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(reply.header("content-type"), Some(content_type), "{path}");
        assert_viewer_headers(&reply);
    }
    assert_eq!(
        relay.get("/viewer/assets/verify_bg.wasm").body,
        b"\0asm\x01\0\0\0"
    );
}

#[test]
fn no_directory_listing_and_no_way_out_of_the_viewer_directory() {
    let viewer = viewer_dir();
    let relay = Relay::start(&["--viewer", &viewer.arg()]);
    for path in [
        "/viewer/",
        "/viewer/assets",
        "/viewer/assets/",
        "/viewer/assets/nested/",
        "/viewer/missing.js",
    ] {
        let reply = relay.get(path);
        assert_eq!(reply.status, 404, "{path}");
        assert!(
            !String::from_utf8_lossy(&reply.body).contains("app.js"),
            "{path} lists files"
        );
    }
    for raw_path in [
        "/viewer/../cairn-viewer-secret.txt",
        "/viewer/..%2fcairn-viewer-secret.txt",
        "/viewer/%2e%2e/cairn-viewer-secret.txt",
        "/viewer/assets/..%2f..%2fcairn-viewer-secret.txt",
        "/viewer//etc/passwd",
    ] {
        let raw = format!("GET {raw_path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        let status = relay.raw_status(&raw);
        assert!(status == 404 || status == 400, "{raw_path}: {status}");
    }
}

/// The relay fuzz target's crash-36967776 (SECURITY.md, Fuzzing): an asset name too
/// long for the file system made `open` fail with ENAMETOOLONG, which was a 500.
#[test]
fn asset_names_too_long_for_the_file_system_are_not_found() {
    let viewer = viewer_dir();
    let relay = Relay::start(&["--viewer", &viewer.arg()]);
    let found = String::from_utf8_lossy(include_bytes!("fuzz/relay-crash-36967776")).into_owned();
    let fuzzed = found
        .lines()
        .next()
        .unwrap()
        .strip_prefix("GET ")
        .unwrap()
        .to_owned();
    let long_name = format!("/viewer/assets/{}.js", "a".repeat(300));
    let long_path = format!("/viewer/{}x.js", "abcdefghi/".repeat(500));
    for path in [&fuzzed, &long_name, &long_path] {
        let raw = format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assert_eq!(relay.raw_status(&raw), 404, "{path}");
    }
    assert_eq!(relay.get("/viewer/assets/app.js").status, 200);
}

#[test]
fn unknown_revoked_and_malformed_shares_get_a_page_saying_so() {
    let viewer = viewer_dir();
    let relay = Relay::start(&["--viewer", &viewer.arg()]);
    let unknown = relay.get("/s/AAAAAAAAAAAAAAAAAAAAAA");
    assert_eq!(unknown.status, 404);
    assert!(String::from_utf8_lossy(&unknown.body).contains("No such share"));
    assert_viewer_headers(&unknown);
    assert_eq!(relay.get("/s/not-an-id").status, 404);

    let share = relay.upload(b"ciphertext", "");
    relay.with_token("DELETE", &format!("/api/shares/{}", share.id), &share.token);
    let revoked = relay.get(&format!("/s/{}", share.id));
    assert_eq!(revoked.status, 410);
    assert!(String::from_utf8_lossy(&revoked.body).contains("no longer available"));
}

#[test]
fn without_a_viewer_the_page_says_it_is_not_installed() {
    let relay = Relay::start(&[]); // the helper points --viewer at a missing directory
    let share = relay.upload(b"ciphertext", "");
    let page = relay.get(&format!("/s/{}", share.id));
    assert_eq!(page.status, 503);
    assert!(
        page.header("content-type")
            .unwrap()
            .starts_with("text/html")
    );
    let text = String::from_utf8_lossy(&page.body);
    assert!(text.contains("not installed"), "{text}");
    assert!(!text.contains("<script"), "no pretend viewer");
    assert_viewer_headers(&page);
    // The share itself is unaffected.
    assert_eq!(relay.get(&format!("/api/shares/{}", share.id)).status, 200);
}
