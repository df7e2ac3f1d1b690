//! Size and rate limits against the real binary.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::time::Duration;

use common::{Relay, blob};

fn stored_files(relay: &Relay) -> usize {
    std::fs::read_dir(relay.store.join("shares"))
        .unwrap()
        .count()
}

#[test]
fn uploads_over_the_size_limit_are_refused_with_413() {
    let relay = Relay::start(&["--max-size", "1KiB"]);
    assert_eq!(
        relay.upload(&blob(1024, 0), "").id.len(),
        22,
        "exactly the limit is fine"
    );
    let before = stored_files(&relay);

    let reply = relay.request("POST", "/api/shares", &[], &blob(1025, 0));
    assert_eq!(reply.status, 413);
    assert!(
        reply.error_message().contains("1024 bytes"),
        "{}",
        reply.error_message()
    );
    assert_eq!(stored_files(&relay), before);
}

#[test]
fn a_chunked_upload_is_cut_off_at_the_limit() {
    let relay = Relay::start(&["--max-size", "2KB"]);
    // No Content-Length: the relay only learns the size while reading.
    let mut stream = TcpStream::connect(&relay.addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "POST /api/shares HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    .unwrap();
    // The relay may answer and close before the last chunks; only its answer matters.
    for _ in 0..3 {
        let _ = write!(stream, "400\r\n");
        let _ = stream.write_all(&blob(1024, 1));
        let _ = write!(stream, "\r\n");
    }
    let _ = write!(stream, "0\r\n\r\n");
    let mut head = String::new();
    BufReader::new(stream).read_line(&mut head).unwrap();
    assert!(head.starts_with("HTTP/1.1 413"), "{head:?}");
    assert_eq!(stored_files(&relay), 0);
}

#[test]
fn the_default_limit_is_five_megabytes() {
    let relay = Relay::start(&[]);
    assert_eq!(relay.upload(&blob(5_000_000, 0), "").id.len(), 22);
    // Refused on the declared length alone, before any of the body is sent.
    let raw = "POST /api/shares HTTP/1.1\r\nHost: x\r\nContent-Length: 5000001\r\n\r\n";
    assert_eq!(relay.raw_status(raw), 413);
}

#[test]
fn the_size_limit_cannot_exceed_what_cairn_opens() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_cairn-relay"))
        .args(["--listen", "127.0.0.1:0", "--max-size", "9MiB"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("--max-size") && stderr.contains("8.0 MiB"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty());

    let relay = Relay::start(&["--max-size", "8MiB"]);
    assert_eq!(relay.upload(&blob(8 << 20, 0), "").id.len(), 22);
    let raw = format!(
        "POST /api/shares HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\n\r\n",
        (8 << 20) + 1
    );
    assert_eq!(relay.raw_status(&raw), 413);
}

#[test]
fn too_many_requests_from_one_address_get_429() {
    let relay = Relay::start(&["--rate-limit", "5", "--upload-rate-limit", "0"]);
    let share = relay.upload(b"ciphertext", "");
    let path = format!("/api/shares/{}", share.id);
    let statuses: Vec<u16> = (0..6).map(|_| relay.get(&path).status).collect();
    assert_eq!(statuses[..4], [200, 200, 200, 200]);
    assert_eq!(statuses[4..], [429, 429]);
    let limited = relay.get(&path);
    assert_eq!(limited.status, 429);
    assert!(limited.error_message().contains("too many requests"));
    let retry: u64 = limited.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    assert_eq!(limited.header("access-control-allow-origin"), Some("*"));
    let stats = relay.with_token("GET", &format!("{path}/stats"), &share.token);
    assert_eq!(stats.status, 429);
    assert!(stats.header("access-control-allow-origin").is_none());
}

#[test]
fn uploads_have_their_own_limit() {
    let relay = Relay::start(&["--upload-rate-limit", "2"]);
    relay.upload(b"one", "");
    relay.upload(b"two", "");
    let third = relay.request("POST", "/api/shares", &[], b"three");
    assert_eq!(third.status, 429);
    assert!(third.error_message().contains("too many requests"));
    assert_eq!(stored_files(&relay), 4, "two shares, two files each");
    assert_eq!(
        relay.get("/api/shares/AAAAAAAAAAAAAAAAAAAAAA").status,
        404,
        "fetching still works"
    );
}

#[test]
fn behind_a_proxy_each_forwarded_client_has_its_own_allowance() {
    let from = |ip| [("x-forwarded-for", ip)];
    let unknown = "/api/shares/AAAAAAAAAAAAAAAAAAAAAA";
    let relay = Relay::start(&["--rate-limit", "2", "--trust-forwarded-for"]);
    let statuses: Vec<u16> = (0..3)
        .map(|_| {
            relay
                .request("GET", unknown, &from("192.0.2.1"), &[])
                .status
        })
        .collect();
    assert_eq!(statuses, [404, 404, 429]);
    assert_eq!(
        relay
            .request("GET", unknown, &from("192.0.2.2"), &[])
            .status,
        404
    );

    // Without the flag the header is the client's own claim and changes nothing.
    let relay = Relay::start(&["--rate-limit", "2"]);
    let statuses: Vec<u16> = ["192.0.2.1", "192.0.2.2", "192.0.2.3"]
        .into_iter()
        .map(|ip| relay.request("GET", unknown, &from(ip), &[]).status)
        .collect();
    assert_eq!(statuses, [404, 404, 429]);
}

#[test]
fn a_full_store_refuses_uploads_with_507_until_space_is_freed() {
    let relay = Relay::start(&["--max-store", "3KB", "--sweep-interval", "1"]);
    let first = relay.upload(&blob(2000, 1), "");
    let full = relay.request("POST", "/api/shares", &[], &blob(2000, 2));
    assert_eq!(full.status, 507);
    assert!(
        full.error_message().contains("full"),
        "{}",
        full.error_message()
    );
    assert_eq!(stored_files(&relay), 2);

    let path = format!("/api/shares/{}", first.id);
    assert_eq!(relay.with_token("DELETE", &path, &first.token).status, 204);
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    while relay
        .request("POST", "/api/shares", &[], &blob(2000, 3))
        .status
        != 201
    {
        assert!(
            std::time::Instant::now() < deadline,
            "space was never freed"
        );
        std::thread::sleep(Duration::from_millis(300));
    }
}

#[test]
fn a_relay_restarted_on_a_full_store_still_refuses() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let relay = Relay::start_in(&store, &["--max-store", "3KB"], &[]);
    relay.upload(&blob(2500, 1), "");
    assert!(relay.stop());
    let relay = Relay::start_in(&store, &["--max-store", "3KB"], &[]);
    assert_eq!(
        relay
            .request("POST", "/api/shares", &[], &blob(1000, 2))
            .status,
        507
    );
}
