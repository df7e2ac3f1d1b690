//! The share API of DESIGN §5 against the real binary: upload, fetch, views, stats,
//! revocation, unknown and malformed ids.

mod common;

use common::{Relay, blob};

#[test]
fn upload_then_fetch_returns_the_exact_bytes() {
    let relay = Relay::start(&[]);
    let bytes = blob(10_000, 7);
    let share = relay.upload(&bytes, "");

    assert_eq!(share.id.len(), 22);
    assert_eq!(share.token.len(), 43);
    assert_eq!(share.json["url"], format!("{}/s/{}", relay.base, share.id));
    let expires = chrono::DateTime::parse_from_rfc3339(share.json["expires"].as_str().unwrap())
        .expect("RFC 3339 expiry");
    let days = (expires.to_utc() - chrono::Utc::now()).num_hours();
    assert!(
        (167..=168).contains(&days),
        "default expiry is 7 days, got {days} h"
    );

    let reply = relay.get(&format!("/api/shares/{}", share.id));
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body, bytes);
    assert_eq!(
        reply.header("content-type"),
        Some("application/octet-stream")
    );
    assert_eq!(reply.header("cache-control"), Some("no-store"));
    assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(reply.header("referrer-policy"), Some("no-referrer"));
    assert_eq!(reply.header("access-control-allow-origin"), Some("*"));
}

#[test]
fn the_stored_file_is_the_ciphertext_and_the_token_is_only_hashed() {
    let relay = Relay::start(&[]);
    let bytes = blob(4096, 3);
    let share = relay.upload(&bytes, "");
    assert_eq!(std::fs::read(relay.blob_path(&share.id)).unwrap(), bytes);
    let meta = std::fs::read_to_string(relay.meta_path(&share.id)).unwrap();
    assert!(
        !meta.contains(&share.token),
        "the owner token is stored in clear"
    );
}

#[test]
fn views_are_counted_and_stats_need_the_owner_token() {
    let relay = Relay::start(&[]);
    let share = relay.upload(&blob(1234, 1), "?expires=3600");
    for _ in 0..3 {
        assert_eq!(relay.get(&format!("/api/shares/{}", share.id)).status, 200);
    }
    let stats_path = format!("/api/shares/{}/stats", share.id);
    let stats = relay.with_token("GET", &stats_path, &share.token);
    assert_eq!(stats.status, 200);
    let json = stats.json();
    assert_eq!(json["id"], share.id.as_str());
    assert_eq!(json["views"], 3);
    assert_eq!(json["size"], 1234);
    assert_eq!(json["expires"], share.json["expires"]);
    let created = chrono::DateTime::parse_from_rfc3339(json["created"].as_str().unwrap()).unwrap();
    let expires = chrono::DateTime::parse_from_rfc3339(json["expires"].as_str().unwrap()).unwrap();
    assert_eq!((expires - created).num_seconds(), 3600);
    assert!(stats.header("access-control-allow-origin").is_none());
}

#[test]
fn a_wrong_or_missing_token_can_neither_delete_nor_read_stats() {
    let relay = Relay::start(&[]);
    let bytes = blob(100, 2);
    let share = relay.upload(&bytes, "");
    let other = relay.upload(&blob(100, 9), "");
    let path = format!("/api/shares/{}", share.id);
    let stats = format!("{path}/stats");

    for token in [other.token.as_str(), "not-a-token", &share.token[..42]] {
        let reply = relay.with_token("DELETE", &path, token);
        assert_eq!(reply.status, 403, "{token}");
        assert!(reply.error_message().contains("token"));
        assert_eq!(relay.with_token("GET", &stats, token).status, 403);
    }
    let missing = relay.request("DELETE", &path, &[], &[]);
    assert_eq!(missing.status, 401);
    assert!(missing.error_message().contains("Bearer"));
    assert_eq!(relay.request("GET", &stats, &[], &[]).status, 401);

    let reply = relay.get(&path);
    assert_eq!((reply.status, reply.body), (200, bytes));
    let views = relay.with_token("GET", &stats, &share.token).json()["views"].clone();
    assert_eq!(views, 1, "the failed attempts changed nothing");
}

#[test]
fn revoked_shares_answer_gone_and_their_blob_is_deleted() {
    let relay = Relay::start(&[]);
    let share = relay.upload(&blob(100, 4), "");
    let path = format!("/api/shares/{}", share.id);
    let reply = relay.with_token("DELETE", &path, &share.token);
    assert_eq!(reply.status, 204);
    assert!(!relay.blob_path(&share.id).exists());

    let gone = relay.get(&path);
    assert_eq!(gone.status, 410);
    assert!(gone.error_message().contains("revoked"));
    assert_eq!(
        relay
            .with_token("GET", &format!("{path}/stats"), &share.token)
            .status,
        410
    );
    // Revoking twice is harmless.
    assert_eq!(relay.with_token("DELETE", &path, &share.token).status, 204);
}

#[test]
fn head_says_whether_a_share_is_there_without_counting_a_view() {
    let relay = Relay::start(&[]);
    let share = relay.upload(b"ciphertext", "");
    let path = format!("/api/shares/{}", share.id);
    let head = relay.request("HEAD", &path, &[], &[]);
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(head.header("access-control-allow-origin"), Some("*"));
    assert_eq!(
        relay
            .request("HEAD", "/api/shares/AAAAAAAAAAAAAAAAAAAAAA", &[], &[])
            .status,
        404
    );
    let stats = relay.with_token("GET", &format!("{path}/stats"), &share.token);
    assert_eq!(stats.json()["views"], 0);
    relay.with_token("DELETE", &path, &share.token);
    assert_eq!(relay.request("HEAD", &path, &[], &[]).status, 410);
}

#[test]
fn unknown_ids_are_not_found() {
    let relay = Relay::start(&[]);
    let reply = relay.get("/api/shares/AAAAAAAAAAAAAAAAAAAAAA");
    assert_eq!(reply.status, 404);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    assert!(reply.error_message().contains("no share"));
    let token = "A".repeat(43);
    assert_eq!(
        relay
            .with_token("DELETE", "/api/shares/AAAAAAAAAAAAAAAAAAAAAA", &token)
            .status,
        404
    );
    assert_eq!(relay.get("/api/nothing-here").status, 404);
}

#[test]
fn malformed_and_traversal_ids_are_not_found_and_touch_no_file() {
    let relay = Relay::start(&[]);
    // A real share's files copied to where a traversal would land: if any of these
    // ids reached the file system, it would be served.
    let share = relay.upload(&blob(50, 5), "");
    let secret_blob = relay.store.join("secret.blob");
    std::fs::copy(relay.blob_path(&share.id), &secret_blob).unwrap();
    std::fs::copy(relay.meta_path(&share.id), relay.store.join("secret.json")).unwrap();
    std::fs::copy(
        relay.meta_path(&share.id),
        relay.store.join("shares/short.json"),
    )
    .unwrap();
    std::fs::copy(
        relay.blob_path(&share.id),
        relay.store.join("shares/short.blob"),
    )
    .unwrap();

    let long = "A".repeat(5000);
    let ids = [
        "..%2Fsecret",
        "..%2F..%2Fetc%2Fpasswd",
        "..%2F..%2Fetc",
        "%2e%2e%2fsecret",
        "short",
        "AAAAAAAAAAAAAAAAAAAAAAA",
        "AAAAAAAAAAAAAAAAAAAAA%2E",
        "AAAAAAAAAAAAAAAAAAAA%00",
        long.as_str(),
    ];
    for id in ids {
        for suffix in ["", "/stats"] {
            let raw = format!(
                "GET /api/shares/{id}{suffix} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
            );
            assert_eq!(relay.raw_status(&raw), 404, "{id}{suffix}");
        }
        let raw = format!(
            "DELETE /api/shares/{id} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\nConnection: close\r\n\r\n",
            share.token
        );
        assert_eq!(relay.raw_status(&raw), 404, "DELETE {id}");
    }
    for raw_path in ["/api/shares/../secret", "/api/shares/../../../etc/passwd"] {
        let raw = format!("GET {raw_path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assert_eq!(relay.raw_status(&raw), 404, "{raw_path}");
    }
    assert!(secret_blob.exists());
    assert!(relay.store.join("shares/short.blob").exists());
}

#[test]
fn expiry_must_be_between_a_minute_and_ninety_days() {
    let relay = Relay::start(&[]);
    for query in [
        "?expires=59",
        "?expires=7776001",
        "?expires=-5",
        "?expires=soon",
        "?expires=1e9",
    ] {
        let reply = relay.request("POST", &format!("/api/shares{query}"), &[], b"ciphertext");
        assert_eq!(reply.status, 400, "{query}");
        assert!(reply.error_message().contains("expires"), "{query}");
    }
    let share = relay.upload(b"ciphertext", "?expires=7776000");
    assert!(!share.id.is_empty());
    let minute = relay.upload(b"ciphertext", "?expires=60");
    assert!(!minute.id.is_empty());
}

/// Replays the relay fuzz target's crash-a1f34134 (SECURITY.md, Fuzzing): a bad
/// `expires` is named in the answer, and only a bounded part of it is echoed back.
#[test]
fn a_bad_expires_value_is_echoed_only_in_part() {
    let relay = Relay::start(&[]);
    let reply = relay.request(
        "POST",
        "/api/shares?expires=lviewerOUTSIDE-THE-VIEWER-7f3c1a/ap.jot-sthrres?expqres=ed",
        &[],
        b"",
    );
    assert_eq!(reply.status, 400);
    assert_eq!(
        reply.error_message(),
        "expires must be a whole number of seconds, not \"lviewerOUTSIDE-THE-VIEWER-7f3c1a\"…"
    );

    let long = "9x".repeat(2000);
    let reply = relay.request(
        "POST",
        &format!("/api/shares?expires={long}"),
        &[],
        b"ciphertext",
    );
    assert_eq!(reply.status, 400);
    let message = reply.error_message();
    assert!(message.starts_with("expires must be"), "{message}");
    assert!(message.ends_with("…"), "{message}");
    assert!(message.chars().count() < 100, "{message}");
    assert!(
        relay
            .store
            .join("shares")
            .read_dir()
            .unwrap()
            .next()
            .is_none()
    );
}

#[test]
fn an_empty_upload_is_refused() {
    let relay = Relay::start(&[]);
    let reply = relay.request("POST", "/api/shares", &[], b"");
    assert_eq!(reply.status, 400);
    assert!(reply.error_message().contains("empty"));
    assert_eq!(
        std::fs::read_dir(relay.store.join("shares"))
            .unwrap()
            .count(),
        0
    );
}

#[test]
fn only_fetching_a_blob_is_open_to_other_origins() {
    let relay = Relay::start(&[]);
    let share = relay.upload(b"ciphertext", "");
    let origin = [("origin", "https://elsewhere.example")];
    let created = relay.request("POST", "/api/shares", &origin, b"x");
    assert_eq!(created.status, 201);
    assert!(created.header("access-control-allow-origin").is_none());
    let path = format!("/api/shares/{}", share.id);
    let preflight = relay.request(
        "OPTIONS",
        &path,
        &[
            ("origin", "https://elsewhere.example"),
            ("access-control-request-method", "DELETE"),
        ],
        &[],
    );
    assert!(preflight.header("access-control-allow-origin").is_none());
    assert!(preflight.header("access-control-allow-methods").is_none());
    let fetched = relay.request("GET", &path, &origin, &[]);
    assert_eq!(fetched.header("access-control-allow-origin"), Some("*"));
    assert_eq!(
        relay
            .get("/api/shares/AAAAAAAAAAAAAAAAAAAAAA")
            .header("access-control-allow-origin"),
        Some("*")
    );
}
