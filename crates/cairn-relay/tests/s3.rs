//! `--store s3://BUCKET` against a real S3-protocol server on loopback: moto's server
//! (`pip install 'moto[server]'`, installed by `scripts/setup.sh test`).

mod common;

use std::ffi::OsStr;
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{Relay, blob};

struct Moto {
    child: Child,
    endpoint: String,
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts moto on a free loopback port, or says why it cannot. Outside CI a missing
/// moto skips the test (with a note); in CI it is a failure, since setup installs it.
fn start_moto() -> Option<Moto> {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let port_arg = port.to_string();
    let spawned = Command::new("moto_server")
        .args(["-H", "127.0.0.1", "-p", &port_arg])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .or_else(|_| {
            Command::new("python3")
                .args(["-m", "moto.server", "-H", "127.0.0.1", "-p", &port_arg])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
        });
    let Ok(child) = spawned else {
        let message =
            "moto_server not found: run scripts/setup.sh test (pip install 'moto[server]')";
        assert!(std::env::var_os("CI").is_none(), "{message}");
        eprintln!("skipped: {message}");
        return None;
    };
    let moto = Moto {
        child,
        endpoint: format!("http://127.0.0.1:{port}"),
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "moto did not start within 30 s");
        std::thread::sleep(Duration::from_millis(100));
    }
    Some(moto)
}

fn create_bucket(moto: &Moto, bucket: &str) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let response = agent
        .put(&format!("{}/{bucket}", moto.endpoint))
        .send_empty()
        .unwrap();
    assert_eq!(response.status().as_u16(), 200, "CreateBucket");
}

fn relay_on(moto: &Moto, bucket: &str, args: &[&str], extra_env: &[(&str, &str)]) -> Relay {
    let mut env = vec![
        ("AWS_ENDPOINT_URL", moto.endpoint.as_str()),
        ("AWS_ACCESS_KEY_ID", "cairn-test"),
        ("AWS_SECRET_ACCESS_KEY", "cairn-test"),
        ("AWS_REGION", "us-east-1"),
    ];
    env.extend_from_slice(extra_env);
    Relay::start_on(OsStr::new(&format!("s3://{bucket}")), args, &env)
}

#[test]
fn shares_live_in_the_bucket_and_survive_a_restart() {
    let Some(moto) = start_moto() else { return };
    create_bucket(&moto, "cairn-shares");
    let relay = relay_on(&moto, "cairn-shares", &[], &[]);
    let bytes = blob(30_000, 8);
    let share = relay.upload(&bytes, "");
    let revoked = relay.upload(&blob(10, 1), "");
    let path = format!("/api/shares/{}", share.id);
    let reply = relay.get(&path);
    assert_eq!((reply.status, &reply.body), (200, &bytes));
    assert_eq!(
        relay.with_token("DELETE", &path, &revoked.token).status,
        403
    );
    let revoked_path = format!("/api/shares/{}", revoked.id);
    assert_eq!(
        relay
            .with_token("DELETE", &revoked_path, &revoked.token)
            .status,
        204
    );
    assert_eq!(relay.get(&revoked_path).status, 410);
    assert_eq!(relay.get("/api/shares/AAAAAAAAAAAAAAAAAAAAAA").status, 404);
    assert!(relay.stop());

    let relay = relay_on(&moto, "cairn-shares", &[], &[]);
    let reply = relay.get(&path);
    assert_eq!((reply.status, reply.body), (200, bytes));
    let stats = relay.with_token("GET", &format!("{path}/stats"), &share.token);
    assert_eq!(stats.json()["views"], 2);
    assert_eq!(relay.get(&revoked_path).status, 410);
}

#[test]
fn expired_shares_are_deleted_from_the_bucket() {
    let Some(moto) = start_moto() else { return };
    create_bucket(&moto, "cairn-expiry");
    let relay = relay_on(
        &moto,
        "cairn-expiry",
        &["--sweep-interval", "1"],
        &[("CAIRN_RELAY_MIN_EXPIRES", "1")],
    );
    let expiring = relay.upload(b"ciphertext", "?expires=1");
    let staying = relay.upload(b"ciphertext", "?expires=600");
    let path = format!("/api/shares/{}", expiring.id);
    let deadline = Instant::now() + Duration::from_secs(20);
    // 410 while the tombstone is there, then 404 once the sweeper removed it.
    while relay.get(&path).status != 404 {
        assert!(
            Instant::now() < deadline,
            "expired share still in the bucket"
        );
        std::thread::sleep(Duration::from_millis(300));
    }
    assert_eq!(
        relay.get(&format!("/api/shares/{}", staying.id)).status,
        200
    );
}

#[test]
fn a_missing_bucket_is_a_clear_startup_error() {
    let Some(moto) = start_moto() else { return };
    let output = Command::new(env!("CARGO_BIN_EXE_cairn-relay"))
        .args(["--listen", "127.0.0.1:0", "--store", "s3://no-such-bucket"])
        .env("AWS_ENDPOINT_URL", &moto.endpoint)
        .env("AWS_ACCESS_KEY_ID", "cairn-test")
        .env("AWS_SECRET_ACCESS_KEY", "cairn-test")
        .env("AWS_REGION", "us-east-1")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("no-such-bucket"), "{stderr}");
}
