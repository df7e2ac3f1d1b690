//! `cairn settings remember on|off` against a real Secret Service: a private D-Bus
//! session bus with gnome-keyring-daemon on it, both started by the test and stopped
//! after. And without any keychain: a clear error, `wallet.keys` untouched.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const PASSPHRASE: &str = "remember me, correct horse";

fn cairn(wallet: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cairn"));
    cmd.env("CAIRN_WALLET", wallet)
        .env_remove("CAIRN_PASSPHRASE")
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .stdin(Stdio::null());
    cmd
}

fn ok(out: Output, what: &str) -> String {
    assert!(
        out.status.success(),
        "{what}: exit {:?}\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn init(wallet: &Path) {
    ok(
        cairn(wallet)
            .env("CAIRN_PASSPHRASE", PASSPHRASE)
            .arg("init")
            .output()
            .unwrap(),
        "init",
    );
}

#[test]
fn without_a_keychain_remembering_fails_clearly_and_the_key_file_is_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let wallet = dir.path().join("wallet");
    init(&wallet);
    let keys_before = std::fs::read(wallet.join("wallet.keys")).unwrap();

    let out = cairn(&wallet)
        .env("CAIRN_PASSPHRASE", PASSPHRASE)
        .args(["settings", "remember", "on"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("no keychain") && stderr.contains("passphrase"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read(wallet.join("wallet.keys")).unwrap(),
        keys_before
    );

    let status = ok(
        cairn(&wallet)
            .args(["--json", "settings", "remember"])
            .output()
            .unwrap(),
        "status",
    );
    let status: serde_json::Value = serde_json::from_str(&status).unwrap();
    assert_eq!(status["remembered"], false);
    assert_eq!(status["keychain_available"], false);
}

/// A session bus and a Secret Service that exist for one test.
struct SecretService {
    bus: Child,
    keyring: Child,
    address: String,
    _home: tempfile::TempDir,
}

impl Drop for SecretService {
    fn drop(&mut self) {
        let _ = self.keyring.kill();
        let _ = self.keyring.wait();
        let _ = self.bus.kill();
        let _ = self.bus.wait();
    }
}

fn on_path(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(program))
            .find(|p| p.is_file())
    })
}

impl SecretService {
    /// `None` (with the reason printed) where the tools are not installed; CI installs
    /// them (`scripts/setup.sh test`), so there the test must run.
    fn start() -> Option<SecretService> {
        let (Some(dbus), Some(keyring)) = (on_path("dbus-daemon"), on_path("gnome-keyring-daemon"))
        else {
            assert!(
                std::env::var_os("CI").is_none(),
                "dbus-daemon and gnome-keyring-daemon must be installed on CI (scripts/setup.sh test)"
            );
            eprintln!(
                "skipped: dbus-daemon or gnome-keyring-daemon is not installed (scripts/setup.sh test installs them)"
            );
            return None;
        };
        let home = tempfile::tempdir().unwrap();
        let mut bus = Command::new(dbus)
            .args(["--session", "--nofork", "--nopidfile", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(bus.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let address = line.trim().to_owned();
        assert!(address.starts_with("unix:"), "dbus-daemon said {address:?}");

        // `--unlock` reads the login keyring's password from stdin and creates it
        // unlocked, so nothing ever prompts.
        let mut keyring = Command::new(keyring)
            .args(["--foreground", "--unlock", "--components=secrets"])
            .env("DBUS_SESSION_BUS_ADDRESS", &address)
            .env("HOME", home.path())
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_RUNTIME_DIR", home.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        {
            let mut stdin = keyring.stdin.take().unwrap();
            stdin.write_all(b"keyring password").unwrap();
        }
        let service = SecretService {
            bus,
            keyring,
            address,
            _home: home,
        };
        service.wait_until_serving();
        Some(service)
    }

    /// Until the daemon owns `org.freedesktop.secrets` (a few hundred ms).
    fn wait_until_serving(&self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let owned = Command::new("dbus-send")
                .args([
                    "--session",
                    "--print-reply",
                    "--dest=org.freedesktop.DBus",
                    "/org/freedesktop/DBus",
                    "org.freedesktop.DBus.NameHasOwner",
                    "string:org.freedesktop.secrets",
                ])
                .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
                .output()
                .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("boolean true"));
            if owned {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "gnome-keyring-daemon did not start serving the Secret Service"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn cairn(&self, wallet: &Path) -> Command {
        let mut cmd = cairn(wallet);
        cmd.env("DBUS_SESSION_BUS_ADDRESS", &self.address);
        cmd
    }
}

#[test]
fn a_remembered_wallet_opens_without_the_passphrase_until_forgotten() {
    let Some(service) = SecretService::start() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let wallet = dir.path().join("wallet");
    init(&wallet);

    // Without the passphrase and with no terminal to ask at, the wallet stays shut.
    let locked = service.cairn(&wallet).arg("list").output().unwrap();
    assert_eq!(locked.status.code(), Some(2), "not remembered yet");

    let said = ok(
        service
            .cairn(&wallet)
            .env("CAIRN_PASSPHRASE", PASSPHRASE)
            .args(["settings", "remember", "on"])
            .output()
            .unwrap(),
        "remember on",
    );
    assert!(said.contains("remembered on this device"), "{said}");
    let keys = std::fs::read_to_string(wallet.join("wallet.keys")).unwrap();
    assert!(!keys.contains(PASSPHRASE));

    // Opens from the keychain: no passphrase anywhere.
    ok(
        service.cairn(&wallet).arg("list").output().unwrap(),
        "list from the keychain",
    );
    let status: serde_json::Value = serde_json::from_str(&ok(
        service
            .cairn(&wallet)
            .args(["--json", "settings", "remember"])
            .output()
            .unwrap(),
        "status",
    ))
    .unwrap();
    assert_eq!(status["remembered"], true);
    assert_eq!(status["keychain_available"], true);

    // A passphrase given on purpose still decides: a wrong one is refused.
    let wrong = service
        .cairn(&wallet)
        .env("CAIRN_PASSPHRASE", "not it")
        .arg("list")
        .output()
        .unwrap();
    assert_eq!(wrong.status.code(), Some(3));

    // Another user session (no access to this keychain) falls back to the passphrase.
    let elsewhere = cairn(&wallet).arg("list").output().unwrap();
    assert_eq!(elsewhere.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&elsewhere.stderr).contains("no keychain"));

    ok(
        service
            .cairn(&wallet)
            .args(["settings", "remember", "off"])
            .output()
            .unwrap(),
        "remember off",
    );
    let forgotten = service.cairn(&wallet).arg("list").output().unwrap();
    assert_eq!(forgotten.status.code(), Some(2), "forgotten");
    ok(
        service
            .cairn(&wallet)
            .env("CAIRN_PASSPHRASE", PASSPHRASE)
            .arg("list")
            .output()
            .unwrap(),
        "the passphrase still works",
    );
}
