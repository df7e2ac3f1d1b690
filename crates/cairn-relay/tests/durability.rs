//! What happens over time and across restarts: expiry, the sweeper, restarts and
//! crashes, and what reaches the log.

mod common;

use std::time::{Duration, Instant};

use common::{Relay, blob};

const SHORT_EXPIRY: [(&str, &str); 1] = [("CAIRN_RELAY_MIN_EXPIRES", "1")];

#[test]
fn an_expired_share_answers_gone_and_its_blob_is_removed() {
    // A long sweep interval: deletion here must come from the access itself.
    let relay = Relay::start_with_env(&["--sweep-interval", "3600"], &SHORT_EXPIRY);
    let share = relay.upload(&blob(300, 1), "?expires=1");
    assert!(relay.blob_path(&share.id).exists());
    std::thread::sleep(Duration::from_millis(2100));

    let reply = relay.get(&format!("/api/shares/{}", share.id));
    assert_eq!(reply.status, 410);
    assert!(reply.error_message().contains("expired"));
    assert!(
        !relay.blob_path(&share.id).exists(),
        "the blob is still on disk"
    );
    assert_eq!(relay.get(&format!("/api/shares/{}", share.id)).status, 410);
}

#[test]
fn the_sweeper_deletes_expired_shares_nobody_asks_for() {
    let relay = Relay::start_with_env(&["--sweep-interval", "1"], &SHORT_EXPIRY);
    let expiring = relay.upload(&blob(300, 1), "?expires=1");
    let staying = relay.upload(&blob(300, 2), "?expires=3600");
    let deadline = Instant::now() + Duration::from_secs(15);
    while relay.meta_path(&expiring.id).exists() || relay.blob_path(&expiring.id).exists() {
        assert!(
            Instant::now() < deadline,
            "expired share still on disk after 15 s"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    assert_eq!(
        relay.get(&format!("/api/shares/{}", expiring.id)).status,
        404
    );
    assert_eq!(
        relay.get(&format!("/api/shares/{}", staying.id)).status,
        200
    );
}

#[test]
fn the_short_expiry_is_only_for_tests() {
    let relay = Relay::start(&[]);
    let reply = relay.request("POST", "/api/shares?expires=1", &[], b"x");
    assert_eq!(reply.status, 400);
}

#[test]
fn shares_and_view_counts_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let relay = Relay::start_in(&store, &[], &[]);
    let bytes = blob(20_000, 3);
    let share = relay.upload(&bytes, "");
    let revoked = relay.upload(&blob(10, 4), "");
    relay.with_token(
        "DELETE",
        &format!("/api/shares/{}", revoked.id),
        &revoked.token,
    );
    relay.get(&format!("/api/shares/{}", share.id));
    relay.get(&format!("/api/shares/{}", share.id));
    assert!(relay.stop(), "SIGTERM is a clean exit");

    let relay = Relay::start_in(&store, &[], &[]);
    let reply = relay.get(&format!("/api/shares/{}", share.id));
    assert_eq!((reply.status, reply.body), (200, bytes));
    let stats = relay.with_token(
        "GET",
        &format!("/api/shares/{}/stats", share.id),
        &share.token,
    );
    assert_eq!(stats.json()["views"], 3);
    assert_eq!(
        relay.get(&format!("/api/shares/{}", revoked.id)).status,
        410
    );
}

#[test]
fn an_acknowledged_share_survives_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let relay = Relay::start_in(&store, &[], &[]);
    let bytes = blob(50_000, 5);
    let share = relay.upload(&bytes, "");
    relay.crash();
    // What a crash in the middle of another upload leaves behind.
    let half = store.join("shares/.tmp-half-written");
    std::fs::write(&half, &bytes[..1000]).unwrap();

    let relay = Relay::start_in(&store, &[], &[]);
    assert!(!half.exists(), "the half-written file survived the restart");
    let reply = relay.get(&format!("/api/shares/{}", share.id));
    assert_eq!((reply.status, reply.body), (200, bytes));
    // After a clean stop (which waits for the view count to be written) nothing
    // temporary is left either.
    assert!(relay.stop());
    let leftovers: Vec<_> = std::fs::read_dir(store.join("shares"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// Uploads `bytes` to `base` until the relay stops answering; returns what it
/// acknowledged (201 with an id) as (id, bytes).
fn upload_until_refused(base: &str, seed: u8) -> Vec<(String, Vec<u8>)> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into();
    let mut acknowledged = Vec::new();
    for n in 0u32.. {
        let bytes = blob(2_000 + (n as usize % 7) * 1_000, seed.wrapping_add(n as u8));
        let sent = agent
            .post(format!("{base}/api/shares"))
            .header("content-type", "application/octet-stream")
            .send(&bytes[..]);
        let Ok(mut reply) = sent else { break };
        if reply.status().as_u16() != 201 {
            break;
        }
        // The answer arrived whole: this share is acknowledged.
        let Ok(body) = reply.body_mut().read_to_string() else {
            break;
        };
        let json: serde_json::Value = serde_json::from_str(&body).unwrap();
        acknowledged.push((json["id"].as_str().unwrap().to_owned(), bytes));
    }
    acknowledged
}

#[test]
fn a_crash_in_the_middle_of_a_load_run_loses_no_acknowledged_share() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let unlimited = ["--rate-limit", "0", "--upload-rate-limit", "0"];
    let relay = Relay::start_in(&store, &unlimited, &[]);
    let pid = relay.pid().to_string();
    let acknowledged: Vec<(String, Vec<u8>)> = std::thread::scope(|scope| {
        let uploaders: Vec<_> = (0..3u8)
            .map(|seed| {
                let base = relay.base.clone();
                scope.spawn(move || upload_until_refused(&base, seed * 50))
            })
            .collect();
        // Kill once the load is well under way: uploads are in flight at that moment.
        while !store.join("shares").is_dir()
            || std::fs::read_dir(store.join("shares")).unwrap().count() < 120
        {
            std::thread::sleep(Duration::from_millis(5));
        }
        let killed = std::process::Command::new("kill")
            .args(["-KILL", &pid])
            .status()
            .unwrap();
        assert!(killed.success());
        uploaders
            .into_iter()
            .flat_map(|u| u.join().unwrap())
            .collect()
    });
    relay.crash();
    assert!(
        acknowledged.len() >= 20,
        "only {} uploads acknowledged",
        acknowledged.len()
    );

    let relay = Relay::start_in(&store, &[], &[]);
    for (id, bytes) in &acknowledged {
        let reply = relay.get(&format!("/api/shares/{id}"));
        assert_eq!(reply.status, 200, "acknowledged share {id} was lost");
        assert!(reply.body == *bytes, "share {id} came back changed");
    }
}

#[test]
fn no_body_token_or_id_reaches_the_log() {
    let relay = Relay::start_with_env(&[], &[("RUST_LOG", "trace")]);
    let marker = b"CIPHERTEXT-MARKER-0123456789-should-never-be-logged";
    let share = relay.upload(marker, "?expires=600");
    let path = format!("/api/shares/{}", share.id);
    relay.get(&path);
    relay.with_token("GET", &format!("{path}/stats"), &share.token);
    relay.with_token("DELETE", &path, "wrong-token-MARKER-should-not-be-logged");
    relay.with_token("DELETE", &path, &share.token);
    relay.get(&path);
    let log = relay.stop_and_read_log();
    assert!(
        log.contains("/api/shares/{id}"),
        "requests are logged by route:\n{log}"
    );
    assert!(log.contains("status=410"), "{log}");
    for secret in [
        std::str::from_utf8(marker).unwrap(),
        "CIPHERTEXT-MARKER",
        &share.token,
        "wrong-token-MARKER",
        "Bearer",
        &share.id,
    ] {
        assert!(
            !log.contains(secret),
            "{secret:?} appears in the log:\n{log}"
        );
    }
}

#[test]
fn links_use_the_public_url_which_must_be_http_or_https() {
    let relay = Relay::start(&["--public-url", "https://relay.example.org/cairn/"]);
    let share = relay.upload(b"ciphertext", "");
    let want = format!("https://relay.example.org/cairn/s/{}", share.id);
    assert_eq!(share.json["url"], want.as_str());

    for bad in [
        "ftp://relay.example.org",
        "relay.example.org",
        "https://x.org/?a=1",
    ] {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_cairn-relay"))
            .args(["--listen", "127.0.0.1:0", "--public-url", bad])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{bad}");
        assert!(
            String::from_utf8_lossy(&output.stderr).contains("--public-url"),
            "{bad}"
        );
    }
}

#[test]
fn a_store_that_cannot_be_created_is_a_clear_startup_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, b"").unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_cairn-relay"))
        .args(["--listen", "127.0.0.1:0", "--store"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("cannot use") && stderr.contains("a-file"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty());
}
