//! Starts the real `cairn-relay` binary on 127.0.0.1:0 with its own store directory,
//! learns the port from its one stdout line, and talks to it over loopback HTTP.
#![allow(dead_code)] // each test binary uses a different part of this module

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub struct Relay {
    child: Child,
    pub base: String,
    pub addr: String,
    pub store: PathBuf,
    log: Arc<Mutex<String>>,
    log_reader: Option<std::thread::JoinHandle<()>>,
    _dir: Option<tempfile::TempDir>,
}

pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", String::from_utf8_lossy(&self.body)))
    }

    /// Every error answer is `{"error": "..."}` with a non-empty message.
    pub fn error_message(&self) -> String {
        let json = self.json();
        let message = json["error"]
            .as_str()
            .expect("an \"error\" string")
            .to_owned();
        assert!(!message.is_empty());
        message
    }
}

impl Relay {
    /// A relay with a fresh store and a viewer directory that does not exist.
    pub fn start(args: &[&str]) -> Relay {
        Self::start_with_env(args, &[])
    }

    pub fn start_with_env(args: &[&str], env: &[(&str, &str)]) -> Relay {
        let dir = tempfile::tempdir().unwrap();
        let mut relay = Self::start_in(&dir.path().join("store"), args, env);
        relay._dir = Some(dir);
        relay
    }

    /// A relay on an existing (or new) store directory, e.g. to restart on it.
    pub fn start_in(store: &Path, args: &[&str], env: &[(&str, &str)]) -> Relay {
        Self::start_on(store.as_os_str(), args, env)
    }

    /// `store` as given to `--store`: a directory or `s3://BUCKET`.
    pub fn start_on(store: &std::ffi::OsStr, args: &[&str], env: &[(&str, &str)]) -> Relay {
        let mut command = Command::new(env!("CARGO_BIN_EXE_cairn-relay"));
        command
            .args(["--listen", "127.0.0.1:0", "--store"])
            .arg(store)
            .args(args)
            // Overridden by an explicit --viewer in `args`.
            .env("CAIRN_RELAY_VIEWER", "/nonexistent/cairn-viewer")
            .env_remove("RUST_LOG")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (k, v) in env {
            command.env(k, v);
        }
        let mut child = command.spawn().expect("start cairn-relay");

        let log = Arc::new(Mutex::new(String::new()));
        let mut stderr = child.stderr.take().unwrap();
        let sink = Arc::clone(&log);
        let log_reader = std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stderr.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });

        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        let Some(base) = line.trim().strip_prefix("cairn-relay listening on ") else {
            let _ = child.wait();
            std::thread::sleep(Duration::from_millis(100));
            panic!("no listening line: {line:?}; log:\n{}", log.lock().unwrap());
        };
        let base = base.to_owned();
        let addr = base.strip_prefix("http://").unwrap().to_owned();
        Relay {
            child,
            base,
            addr,
            store: PathBuf::from(store),
            log,
            log_reader: Some(log_reader),
            _dir: None,
        }
    }

    /// Stops the relay (SIGTERM) and returns everything it wrote to stderr.
    pub fn stop_and_read_log(mut self) -> String {
        self.terminate();
        if let Some(reader) = self.log_reader.take() {
            reader.join().unwrap();
        }
        self.log.lock().unwrap().clone()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn blob_path(&self, id: &str) -> PathBuf {
        self.store.join("shares").join(format!("{id}.blob"))
    }

    pub fn meta_path(&self, id: &str) -> PathBuf {
        self.store.join("shares").join(format!("{id}.json"))
    }

    /// SIGTERM, as a service manager stops it; returns the exit status's success.
    pub fn stop(mut self) -> bool {
        self.terminate()
    }

    fn terminate(&mut self) -> bool {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        assert!(sent.success());
        self.child.wait().unwrap().success()
    }

    /// The process id, to kill it from another thread while requests are in flight.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// SIGKILL: no chance to flush anything.
    pub fn crash(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    pub fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Reply {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(30)))
            .build()
            .into();
        let uri = self.url(path);
        let mut builder = ureq::http::Request::builder().method(method).uri(&uri);
        for (k, v) in headers {
            builder = builder.header(*k, *v);
        }
        let request = builder.body(body.to_vec()).unwrap();
        let mut response = agent
            .run(request)
            .unwrap_or_else(|e| panic!("{method} {uri}: {e}"));
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_owned()))
            .collect();
        let body = response
            .body_mut()
            .with_config()
            .limit(64 << 20)
            .read_to_vec()
            .unwrap();
        Reply {
            status,
            headers,
            body,
        }
    }

    pub fn get(&self, path: &str) -> Reply {
        self.request("GET", path, &[], &[])
    }

    /// Uploads `bytes`; panics unless the relay answers 201.
    pub fn upload(&self, bytes: &[u8], query: &str) -> Share {
        let reply = self.request(
            "POST",
            &format!("/api/shares{query}"),
            &[("content-type", "application/octet-stream")],
            bytes,
        );
        assert_eq!(
            reply.status,
            201,
            "{}",
            String::from_utf8_lossy(&reply.body)
        );
        let json = reply.json();
        Share {
            id: json["id"].as_str().unwrap().to_owned(),
            token: json["owner_token"].as_str().unwrap().to_owned(),
            json,
        }
    }

    pub fn with_token(&self, method: &str, path: &str, token: &str) -> Reply {
        let auth = format!("Bearer {token}");
        self.request(method, path, &[("authorization", &auth)], &[])
    }

    /// Sends `raw` as written (no client-side path normalisation) and returns the status.
    pub fn raw_status(&self, raw: &str) -> u16 {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        stream.write_all(raw.as_bytes()).unwrap();
        let mut head = String::new();
        BufReader::new(stream).read_line(&mut head).unwrap();
        head.split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("{head:?}"))
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct Share {
    pub id: String,
    pub token: String,
    pub json: serde_json::Value,
}

/// Bytes that look like ciphertext: every value, no structure.
pub fn blob(len: usize, seed: u8) -> Vec<u8> {
    (0..len)
        .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed))
        .collect()
}
