//! The third-party vectors' *online* expectations (`expected-thirdparty.json`, the
//! fields beside `offline`), with every network look-up answered from
//! `resolver-fixtures/index.json` through a [`Fetch`] stand-in: documents by URL
//! (did:web by their `fetch` address), `null` files as the publisher's 404, files
//! "not available" as an unreachable network, and the OB 2.0 prefix rules.

mod support;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use cairn_core::net::{Fetch, FetchError, Fetched, Kind};
use cairn_core::verify::{CheckId, CheckStatus, FixedClock, Verifier, parse_date};
use serde_json::Value;
use support::{vectors_dir, word};

enum Answer {
    File(PathBuf),
    Gone,
    Unreachable,
}

struct FixtureFetch {
    documents: HashMap<String, Answer>,
    prefixes: Vec<(String, PathBuf)>,
}

impl FixtureFetch {
    fn load() -> FixtureFetch {
        let dir = vectors_dir();
        let index: Value = serde_json::from_slice(
            &std::fs::read(dir.join("resolver-fixtures/index.json")).unwrap(),
        )
        .unwrap();
        let mut documents = HashMap::new();
        for doc in index["documents"].as_array().unwrap() {
            let url = match (doc["fetch"].as_str(), doc["url"].as_str().unwrap()) {
                (Some(fetch), _) => fetch.to_owned(),
                (None, did) if did.starts_with("did:web:") => {
                    cairn_core::verify::did_web::document_url(did).unwrap()
                }
                (None, url) => url.to_owned(),
            };
            let answer = match doc["file"].as_str() {
                Some(file) => Answer::File(dir.join(file)),
                None if doc["origin"].as_str().unwrap_or("").contains("404") => Answer::Gone,
                None => Answer::Unreachable,
            };
            documents.insert(url, answer);
        }
        let mut prefixes = Vec::new();
        for rule in index["prefixRules"].as_array().unwrap() {
            let folder = dir.join(rule["directory"].as_str().unwrap());
            for prefix in rule["prefixes"].as_array().unwrap() {
                prefixes.push((prefix.as_str().unwrap().to_owned(), folder.clone()));
            }
        }
        FixtureFetch {
            documents,
            prefixes,
        }
    }
}

impl Fetch for FixtureFetch {
    fn get(&self, url: &str, _kind: Kind) -> Result<Fetched, FetchError> {
        let answer = self.documents.get(url).map(|a| match a {
            Answer::File(p) => Answer::File(p.clone()),
            Answer::Gone => Answer::Gone,
            Answer::Unreachable => Answer::Unreachable,
        });
        let answer = answer.or_else(|| {
            self.prefixes.iter().find_map(|(prefix, folder)| {
                url.strip_prefix(prefix.as_str())
                    .map(|rest| Answer::File(folder.join(rest)))
            })
        });
        match answer {
            Some(Answer::File(path)) if path.is_file() => Ok(Fetched {
                url: url.into(),
                final_url: url.into(),
                body: std::fs::read(path).unwrap(),
                content_type: None,
                fetched_at: parse_date("2026-11-22T00:00:00Z").unwrap(),
                from_cache: false,
            }),
            Some(Answer::File(_)) | Some(Answer::Gone) => Err(FetchError::HttpStatus {
                url: url.into(),
                status: 404,
            }),
            Some(Answer::Unreachable) | None => Err(FetchError::Connect {
                url: url.into(),
                reason: "not in resolver-fixtures".into(),
            }),
        }
    }
}

/// The expectation file's status vocabulary in report words.
fn status_word(expected: &str) -> &'static str {
    match expected {
        "none" => "skip",
        "not-revoked" => "pass",
        "revoked" | "error" => "fail",
        _ => "unknown",
    }
}

#[test]
fn third_party_vectors_give_their_expected_online_results() {
    let dir = vectors_dir();
    let expected: Value =
        serde_json::from_slice(&std::fs::read(dir.join("expected-thirdparty.json")).unwrap())
            .unwrap();
    let verifier = Verifier::online(Arc::new(FixtureFetch::load()))
        .with_clock(FixedClock(parse_date("2026-11-23T00:00:00Z").unwrap()));
    let mut checked = 0;
    let mut failures = Vec::new();
    for (file, entry) in expected.as_object().unwrap() {
        let needs_network = entry
            .get("needs")
            .and_then(Value::as_array)
            .is_some_and(|n| !n.is_empty());
        let proof = entry.get("proof").and_then(Value::as_str).unwrap_or("");
        // Only the vectors whose verdict depends on fetched documents; the rest are
        // covered offline by `vectors.rs`. (The OB 2.0 hosted vectors carry no expectation
        // of their own; `ob2_online.rs` covers hosted verification.)
        if file.starts_with('_') || !needs_network || proof.starts_with("n/a") {
            continue;
        }
        let bytes = std::fs::read(dir.join(file)).unwrap();
        let report = match verifier.verify_bytes(&bytes) {
            Ok(report) => report,
            Err(err) => {
                if proof != "fail" {
                    failures.push(format!("{file}: could not be read: {err}"));
                }
                continue;
            }
        };
        checked += 1;
        let mut diffs = Vec::new();
        for (field, id) in [
            ("proof", CheckId::Proof),
            ("issuer", CheckId::Issuer),
            ("validity", CheckId::Validity),
        ] {
            let got = word(report.check(id).map_or(CheckStatus::Skip, |c| c.status));
            if let Some(want) = entry.get(field).and_then(Value::as_str)
                && !want.split(" or ").any(|w| w == got)
            {
                let message = report.check(id).map(|c| c.message.as_str()).unwrap_or("");
                diffs.push(format!("{field}: expected {want}, got {got} ({message})"));
            }
        }
        if let Some(want) = entry.get("status").and_then(Value::as_str) {
            let got = report.check(CheckId::Status).unwrap();
            if word(got.status) != status_word(want) {
                diffs.push(format!(
                    "status: expected {want}, got {} ({})",
                    word(got.status),
                    got.message
                ));
            }
        }
        if let Some(want) = entry.get("verified").and_then(Value::as_bool)
            && want != report.verified
        {
            diffs.push(format!(
                "verified: expected {want}, got {}",
                report.verified
            ));
        }
        if !diffs.is_empty() {
            failures.push(format!("{file}: {}", diffs.join("; ")));
        }
    }
    assert!(checked >= 60, "only {checked} online vectors were checked");
    assert!(
        failures.is_empty(),
        "{} of {checked} online vectors differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
