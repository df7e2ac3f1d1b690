//! Output into a pipe that closed early (`cairn verify … | head -1`) ends the process
//! quietly, as Unix tools do, instead of a Rust panic about stdout.

mod support;

use std::process::{Command, Stdio};

#[test]
fn a_closed_pipe_ends_the_command_without_a_panic() {
    let dir = support::vectors().join("dbjs-signed");
    let files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    assert!(!files.is_empty(), "vectors in {}", dir.display());
    let mut child = Command::new(env!("CARGO_BIN_EXE_cairn"))
        .arg("--offline")
        .arg("verify")
        .args(&files)
        .env("CAIRN_WALLET", "/nonexistent/cairn-test")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The reader goes away before the first line is written.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("panicked") && !stderr.contains("failed printing"),
        "{stderr}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(
            out.status.signal(),
            Some(13),
            "ended by SIGPIPE: {:?}",
            out.status
        );
    }
}
