//! No plaintext on disk (DESIGN §6): after importing credentials that carry marker
//! strings (from files and from a zip), through every wallet command and a kill in
//! the middle of an import, none of the markers nor the passphrase appears in the
//! wallet's files (database, `-wal`, `-shm`, journal), the temporary directory (a
//! private TMPDIR), a backup, a restored wallet, or anything the CLI printed.

mod support;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

const PASSPHRASE: &str = "PASS-marker-4e1f0a correct horse";
const MARKERS: [&str; 3] = [
    "MARKER-description-93be1",
    "MARKER-learner-name-2c7d5",
    "MARKER-evidence-8aa40",
];

struct Env {
    root: tempfile::TempDir,
    logs: Vec<u8>,
}

impl Env {
    fn path(&self, name: &str) -> PathBuf {
        self.root.path().join(name)
    }

    fn cairn(&self, wallet: &str) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_cairn"));
        cmd.env("CAIRN_WALLET", self.path(wallet))
            .env("CAIRN_PASSPHRASE", PASSPHRASE)
            .env("TMPDIR", self.path("tmp"))
            .env_remove("CAIRN_BACKUP_PASSPHRASE")
            .env_remove("CAIRN_NEW_PASSPHRASE")
            .stdin(Stdio::null());
        cmd
    }

    /// Runs to completion, keeping what it printed for the final scan.
    fn run(&mut self, wallet: &str, args: &[&str]) -> Output {
        let out = self.cairn(wallet).args(args).output().unwrap();
        self.logs.extend_from_slice(&out.stdout);
        self.logs.extend_from_slice(&out.stderr);
        assert!(
            out.status.success(),
            "cairn {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }
}

/// Every file under `dir`, recursively.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files(&path));
        } else {
            out.push(path);
        }
    }
    out
}

fn assert_clean(what: &str, bytes: &[u8]) {
    for needle in MARKERS.iter().chain([&PASSPHRASE]) {
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
            "{what} holds {needle:?} in plain text"
        );
    }
}

#[test]
fn no_marker_or_passphrase_reaches_the_disk_or_the_output() {
    let mut env = Env {
        root: tempfile::tempdir().unwrap(),
        logs: Vec::new(),
    };
    for dir in ["tmp", "inbox"] {
        std::fs::create_dir(env.path(dir)).unwrap();
    }
    let base: serde_json::Value = serde_json::from_slice(
        &std::fs::read(support::vectors().join("dbjs-signed/eddsa-rdfc-2022.json")).unwrap(),
    )
    .unwrap();
    let marked = |i: usize| {
        let mut doc = base.clone();
        doc["id"] = serde_json::json!(format!("urn:uuid:plaintext-{i}"));
        doc["credentialSubject"]["achievement"]["description"] =
            serde_json::json!(format!("{} {i}", MARKERS[0]));
        doc["credentialSubject"]["name"] = serde_json::json!(MARKERS[1]);
        doc["evidence"] = serde_json::json!([{"type": ["Evidence"], "narrative": MARKERS[2]}]);
        serde_json::to_vec(&doc).unwrap()
    };
    // Enough that an import takes a moment, so it can be killed midway.
    for i in 0..1500 {
        std::fs::write(env.path("inbox").join(format!("{i:04}.json")), marked(i)).unwrap();
    }
    let mut zip = zip::ZipWriter::new(std::fs::File::create(env.path("export.zip")).unwrap());
    for i in 2000..2010 {
        zip.start_file(
            format!("badges/{i}.json"),
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        zip.write_all(&marked(i)).unwrap();
    }
    zip.finish().unwrap();

    env.run("wallet", &["init"]);
    // Killed mid-import: whatever SQLite left (WAL, shared memory) is scanned too.
    let mut child = env
        .cairn("wallet")
        .arg("import")
        .arg(env.path("inbox"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(400));
    child.kill().unwrap();
    child.wait().unwrap();
    let after_kill: Vec<(PathBuf, Vec<u8>)> = files(&env.path("wallet"))
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    assert!(after_kill.iter().any(|(p, _)| p.ends_with("wallet.db")));

    let inbox = env.path("inbox").display().to_string();
    let export = env.path("export.zip").display().to_string();
    let backup = env.path("wallet.backup").display().to_string();
    env.run("wallet", &["import", &inbox, &export]);
    env.run("wallet", &["import", "--json", &export]);
    env.run("wallet", &["list"]);
    env.run("wallet", &["list", "--json"]);
    env.run("wallet", &["search", "--json", "cloud"]);
    let listed: serde_json::Value =
        serde_json::from_slice(&env.run("wallet", &["list", "--json"]).stdout).unwrap();
    assert_eq!(listed["credentials"].as_array().unwrap().len(), 1510);
    let id = listed["credentials"][0]["id"].as_str().unwrap().to_owned();
    env.run("wallet", &["show", &id]);
    env.run(
        "wallet",
        &["settings", "email", "add", "learner@example.org"],
    );
    env.run("wallet", &["backup", &backup]);
    env.run("restored", &["restore", "--json", &backup]);
    env.run("wallet", &["restore", &backup]);

    for (path, bytes) in &after_kill {
        assert_clean(&format!("after the kill, {}", path.display()), bytes);
    }
    for dir in ["wallet", "restored", "tmp"] {
        for path in files(&env.path(dir)) {
            assert_clean(&path.display().to_string(), &std::fs::read(&path).unwrap());
        }
    }
    assert_clean("the backup", &std::fs::read(&backup).unwrap());
    assert_clean("what the CLI printed", &env.logs);
}
