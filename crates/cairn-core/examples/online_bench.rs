//! Online verification throughput (BENCHMARKS.md, "Online verification (issue 4)"):
//! 1,000 OB 3.0 credentials from did:web issuers with Bitstring status lists, served
//! by the loopback issuer of the tests over TLS, verified on every core — cold (empty
//! memory: DID documents and status lists fetched), warm (remembered, no request),
//! and offline from that memory ("as of").
//!
//! ```sh
//! cargo run --release -p cairn-core --example online_bench -- [--count 1000] [--issuers 10]
//! ```

#[path = "../tests/loopback/mod.rs"]
mod loopback;

use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use cairn_core::net::{CachingFetch, HttpFetch, MemoryCache, OfflineFetch};
use cairn_core::verify::data_integrity::{self, Suite};
use cairn_core::verify::{CheckId, CheckStatus, Verifier};
use loopback::{Reply, Server};
use serde_json::{Value, json};

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map_or(default, |v| v.parse().expect("a number"))
}

fn sign(key: &ed25519_dalek::SigningKey, vm: &str, doc: &Value) -> Value {
    data_integrity::sign(
        doc,
        Suite::EddsaRdfc2022,
        key,
        vm,
        "2026-01-15T09:00:00Z",
        "assertionMethod",
    )
    .unwrap()
}

fn main() {
    let count = arg("--count", 1000);
    let issuers = arg("--issuers", 10).max(1);
    let server = Server::start();
    let mut credentials = Vec::with_capacity(count);
    for i in 0..issuers {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).unwrap();
        let key = ed25519_dalek::SigningKey::from_bytes(&seed);
        let segment = format!("issuer{i}");
        let did = server.did_web(&["orgs", &segment]);
        let vm = format!("{did}#key-1");
        let mut multikey = vec![0xed, 0x01];
        multikey.extend_from_slice(key.verifying_key().as_bytes());
        let document = json!({
            "id": did,
            "verificationMethod": [{"id": vm, "type": "Multikey", "controller": did,
                "publicKeyMultibase": format!("z{}", bs58::encode(multikey).into_string())}],
            "assertionMethod": [vm],
        });
        server.set(
            &format!("/orgs/{segment}/did.json"),
            Reply::json(document.to_string()),
        );
        // A 131,072-entry list (the specification's minimum), every 7th revoked.
        let mut bits = vec![0u8; 16 * 1024];
        for index in (0..bits.len() * 8).step_by(7) {
            bits[index / 8] |= 0x80 >> (index % 8);
        }
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(&bits).unwrap();
        let list_path = format!("/status/{segment}");
        let list_url = server.https_url(&list_path);
        let list = sign(
            &key,
            &vm,
            &json!({
                "@context": ["https://www.w3.org/ns/credentials/v2"],
                "id": list_url,
                "type": ["VerifiableCredential", "BitstringStatusListCredential"],
                "issuer": did,
                "validFrom": "2026-01-01T00:00:00Z",
                "credentialSubject": {"id": format!("{list_url}#list"), "type": "BitstringStatusList",
                    "statusPurpose": "revocation",
                    "encodedList": format!("u{}", URL_SAFE_NO_PAD.encode(gz.finish().unwrap()))}
            }),
        );
        server.set(&list_path, Reply::json(list.to_string()));
        for n in (i..count).step_by(issuers) {
            let doc = json!({
                "@context": ["https://www.w3.org/ns/credentials/v2",
                    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
                "id": format!("urn:uuid:00000000-0000-4000-8000-{n:012}"),
                "type": ["VerifiableCredential", "OpenBadgeCredential"],
                "issuer": {"id": did, "type": ["Profile"], "name": format!("College {i}")},
                "validFrom": "2026-01-15T09:00:00Z",
                "name": "Welding Fundamentals",
                "credentialSubject": {"type": ["AchievementSubject"], "achievement": {
                    "id": "urn:uuid:8f0d7e1a-5b33-4c2a-a1d0-6c1e2d3f4a5b", "type": ["Achievement"],
                    "name": "Welding Fundamentals", "criteria": {"narrative": "40 hours."}}},
                "credentialStatus": {"id": format!("{list_url}#{n}"), "type": "BitstringStatusListEntry",
                    "statusPurpose": "revocation", "statusListIndex": n.to_string(),
                    "statusListCredential": list_url}
            });
            credentials.push(serde_json::to_vec(&sign(&key, &vm, &doc)).unwrap());
        }
    }
    let revoked_expected = (0..count).filter(|n| n % 7 == 0).count();
    let cache = Arc::new(MemoryCache::new());
    let fetch = || {
        HttpFetch::new()
            .with_root_certificate_pem(&server.ca_pem)
            .with_timeouts(Duration::from_secs(5), Duration::from_secs(10))
    };
    let run = |label: &str, verifier: &Verifier, want: CheckStatus| {
        let start = Instant::now();
        let reports = verifier.verify_batch(&credentials);
        let elapsed = start.elapsed();
        let mut revoked = 0;
        for report in &reports {
            let report = report.as_ref().expect("every credential parses");
            let proof = report.check(CheckId::Proof).unwrap();
            assert_eq!(
                proof.status,
                CheckStatus::Pass,
                "{label}: {}",
                proof.message
            );
            let status = report.check(CheckId::Status).unwrap();
            match status.status {
                CheckStatus::Fail => revoked += 1,
                s => assert_eq!(s, want, "{label}: {}", status.message),
            }
        }
        assert_eq!(revoked, revoked_expected, "{label}: revoked count");
        println!(
            "{label:<36} {count} credentials in {:>8.1} ms  ({:>7.0} / s)  requests so far: {}",
            elapsed.as_secs_f64() * 1000.0,
            count as f64 / elapsed.as_secs_f64(),
            server.total_hits()
        );
    };
    println!(
        "{count} did:web + Bitstring status list credentials, {issuers} issuers, loopback TLS"
    );
    let cold = Verifier::online(Arc::new(CachingFetch::new(fetch(), cache.clone())));
    run("cold (empty memory)", &cold, CheckStatus::Pass);
    let warm = Verifier::online(Arc::new(CachingFetch::new(fetch(), cache.clone())));
    run("warm (remembered, fresh)", &warm, CheckStatus::Pass);
    let offline = Verifier::online(Arc::new(CachingFetch::new(OfflineFetch, cache.clone())));
    run(
        "offline from memory (as of)",
        &offline,
        CheckStatus::Unknown,
    );
}
