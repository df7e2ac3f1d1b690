//! Online verification against a real issuer on the loopback (`loopback::Server`):
//! did:web and issuer-profile keys, status lists of every kind and every way they go
//! wrong, slow and hanging endpoints, redirects. Each case is checked online, then
//! offline from what the first run remembered ("as of"), then offline with nothing
//! remembered (`unknown`, never `pass`).

mod loopback;

use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use cairn_core::net::{CachingFetch, HttpFetch, MemoryCache};
use cairn_core::verify::data_integrity::{self, Suite};
use cairn_core::verify::{CheckId, CheckStatus, Report, Verifier};
use loopback::verifying::{clock, expect, offline, online};
use loopback::{Reply, Server};
use serde_json::{Value, json};

fn seed() -> [u8; 32] {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).unwrap();
    seed
}

fn multikey(key: &ed25519_dalek::VerifyingKey) -> String {
    let mut bytes = vec![0xed, 0x01];
    bytes.extend_from_slice(key.as_bytes());
    format!("z{}", bs58::encode(bytes).into_string())
}

/// An issuer whose key lives in a controller document on the loopback server.
struct Issuer {
    key: ed25519_dalek::SigningKey,
    id: String,
    vm: String,
}

impl Issuer {
    fn new(id: String) -> Issuer {
        Issuer {
            key: ed25519_dalek::SigningKey::from_bytes(&seed()),
            vm: format!("{id}#key-1"),
            id,
        }
    }

    /// Its controller document: the key listed (relative id) and authorised.
    fn document(&self) -> Value {
        json!({
            "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
            "id": self.id,
            "verificationMethod": [{
                "id": "#key-1",
                "type": "Multikey",
                "controller": self.id,
                "publicKeyMultibase": multikey(&self.key.verifying_key()),
            }],
            "assertionMethod": ["#key-1"],
        })
    }

    fn sign(&self, doc: &Value) -> Value {
        data_integrity::sign(
            doc,
            Suite::EddsaRdfc2022,
            &self.key,
            &self.vm,
            "2026-01-15T09:00:00Z",
            "assertionMethod",
        )
        .unwrap()
    }
}

fn badge(issuer: &str, status: Option<Value>) -> Value {
    let mut doc = json!({
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
            "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
        ],
        "id": "urn:uuid:2b6d1c84-1f1a-4c4e-9d43-3f0c1a7e0a11",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer, "type": ["Profile"], "name": "Loopback College"},
        "validFrom": "2026-01-15T09:00:00Z",
        "name": "Welding Fundamentals",
        "credentialSubject": {
            "id": "did:example:learner-ada",
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "urn:uuid:8f0d7e1a-5b33-4c2a-a1d0-6c1e2d3f4a5b",
                "type": ["Achievement"],
                "name": "Welding Fundamentals",
                "criteria": {"narrative": "Completed 40 hours of supervised practice."}
            }
        }
    });
    if let Some(status) = status {
        doc["credentialStatus"] = status;
    }
    doc
}

fn verify(verifier: &Verifier, doc: &Value) -> Report {
    verifier
        .verify_bytes(&serde_json::to_vec(doc).unwrap())
        .unwrap()
}

/// A did:web issuer at `segments` with its DID document served.
fn did_web_issuer(server: &Server, segments: &[&str]) -> Issuer {
    let issuer = Issuer::new(server.did_web(segments));
    let path = if segments.is_empty() {
        "/.well-known/did.json".to_owned()
    } else {
        format!("/{}/did.json", segments.join("/"))
    };
    server.set(&path, Reply::json(issuer.document().to_string()));
    issuer
}

#[test]
fn did_web_with_port_and_path_verifies_online_then_offline_as_of() {
    let server = Server::start();
    let issuer = did_web_issuer(&server, &["issuers", "college"]);
    let credential = issuer.sign(&badge(&issuer.id, None));
    let cache = Arc::new(MemoryCache::new());

    let report = verify(&online(&server, &cache), &credential);
    expect(&report, CheckId::Proof, CheckStatus::Pass, "is valid");
    expect(
        &report,
        CheckId::Issuer,
        CheckStatus::Pass,
        "did:web document",
    );
    assert!(report.verified);
    assert_eq!(server.hits("/issuers/college/did.json"), 1);

    let remembered = verify(&offline(&cache), &credential);
    expect(&remembered, CheckId::Proof, CheckStatus::Pass, "is valid");
    expect(&remembered, CheckId::Issuer, CheckStatus::Pass, "as of");
    assert_eq!(server.hits("/issuers/college/did.json"), 1);

    let nothing = verify(&offline(&Arc::new(MemoryCache::new())), &credential);
    expect(
        &nothing,
        CheckId::Proof,
        CheckStatus::Unknown,
        "could not be fetched",
    );
    expect(&nothing, CheckId::Issuer, CheckStatus::Unknown, "");
}

#[test]
fn did_web_without_path_uses_well_known_and_a_tampered_credential_fails() {
    let server = Server::start();
    let issuer = did_web_issuer(&server, &[]);
    let mut credential = issuer.sign(&badge(&issuer.id, None));
    let cache = Arc::new(MemoryCache::new());
    expect(
        &verify(&online(&server, &cache), &credential),
        CheckId::Issuer,
        CheckStatus::Pass,
        "",
    );
    assert_eq!(server.hits("/.well-known/did.json"), 1);
    credential["name"] = json!("Advanced Welding");
    let report = verify(&online(&server, &cache), &credential);
    expect(
        &report,
        CheckId::Proof,
        CheckStatus::Fail,
        "changed after signing",
    );
    assert!(!report.verified);
}

#[test]
fn a_key_the_issuer_does_not_control_or_authorise_is_refused() {
    let server = Server::start();
    let college = did_web_issuer(&server, &["college"]);
    let cache = Arc::new(MemoryCache::new());

    // Signed with the college's key but claiming another issuer.
    let impostor = college.sign(&badge(&server.did_web(&["other"]), None));
    let report = verify(&online(&server, &cache), &impostor);
    expect(&report, CheckId::Proof, CheckStatus::Pass, "");
    expect(
        &report,
        CheckId::Issuer,
        CheckStatus::Fail,
        "not by the issuer",
    );

    // Listed, but not under assertionMethod.
    let shy = did_web_issuer(&server, &["shy"]);
    let mut doc = shy.document();
    doc["assertionMethod"] = json!([]);
    server.set("/shy/did.json", Reply::json(doc.to_string()));
    let report = verify(&online(&server, &cache), &shy.sign(&badge(&shy.id, None)));
    expect(
        &report,
        CheckId::Proof,
        CheckStatus::Fail,
        "assertionMethod",
    );

    // The document is about someone else.
    let liar = did_web_issuer(&server, &["liar"]);
    let mut doc = liar.document();
    doc["id"] = json!(college.id);
    server.set("/liar/did.json", Reply::json(doc.to_string()));
    let report = verify(&online(&server, &cache), &liar.sign(&badge(&liar.id, None)));
    expect(&report, CheckId::Proof, CheckStatus::Fail, "is about");

    // No DID document at all (404): the DID does not resolve.
    let ghost = Issuer::new(server.did_web(&["ghost"]));
    let report = verify(
        &online(&server, &cache),
        &ghost.sign(&badge(&ghost.id, None)),
    );
    expect(&report, CheckId::Proof, CheckStatus::Fail, "HTTP 404");
    expect(&report, CheckId::Issuer, CheckStatus::Unknown, "");
}

#[test]
fn an_issuer_profile_at_a_web_address_carries_the_key() {
    let server = Server::start();
    let issuer = Issuer::new(server.http_url("/issuers/1"));
    server.set("/issuers/1", Reply::json(issuer.document().to_string()));
    let credential = issuer.sign(&badge(&issuer.id, None));
    let cache = Arc::new(MemoryCache::new());
    let report = verify(&online(&server, &cache), &credential);
    expect(
        &report,
        CheckId::Issuer,
        CheckStatus::Pass,
        "issuer's profile",
    );
    let remembered = verify(&offline(&cache), &credential);
    expect(&remembered, CheckId::Issuer, CheckStatus::Pass, "as of");
}

#[test]
fn slow_and_hanging_endpoints_time_out_as_unknown() {
    let server = Server::start();
    let slow = did_web_issuer(&server, &["slow"]);
    server.set(
        "/slow/did.json",
        Reply::json(slow.document().to_string()).after(Duration::from_secs(30)),
    );
    let cache = Arc::new(MemoryCache::new());
    let started = std::time::Instant::now();
    let report = verify(&online(&server, &cache), &slow.sign(&badge(&slow.id, None)));
    expect(
        &report,
        CheckId::Proof,
        CheckStatus::Unknown,
        "within 2 seconds",
    );
    expect(&report, CheckId::Issuer, CheckStatus::Unknown, "");
    assert!(started.elapsed() < Duration::from_secs(20));
    // Nothing answers on a closed port: unknown too, naming the address.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let gone = Issuer::new(format!("http://127.0.0.1:{closed}/issuer"));
    let report = verify(&online(&server, &cache), &gone.sign(&badge(&gone.id, None)));
    expect(
        &report,
        CheckId::Proof,
        CheckStatus::Unknown,
        "could not connect",
    );
}

#[test]
fn redirects_are_followed_within_the_rules() {
    let server = Server::start();
    let moved = did_web_issuer(&server, &["moved"]);
    server.set(
        "/new-home/did.json",
        Reply::json(moved.document().to_string()),
    );
    server.set(
        "/moved/did.json",
        Reply::redirect(server.https_url("/new-home/did.json")),
    );
    let cache = Arc::new(MemoryCache::new());
    let report = verify(
        &online(&server, &cache),
        &moved.sign(&badge(&moved.id, None)),
    );
    expect(&report, CheckId::Issuer, CheckStatus::Pass, "");

    let loop_issuer = did_web_issuer(&server, &["loop"]);
    server.set(
        "/loop/did.json",
        Reply::redirect(server.https_url("/loop/did.json")),
    );
    let report = verify(
        &online(&server, &cache),
        &loop_issuer.sign(&badge(&loop_issuer.id, None)),
    );
    expect(&report, CheckId::Proof, CheckStatus::Fail, "redirects");

    let downgrade = did_web_issuer(&server, &["downgrade"]);
    server.set(
        "/downgrade/did.json",
        Reply::redirect("http://example.org/did.json"),
    );
    let report = verify(
        &online(&server, &cache),
        &downgrade.sign(&badge(&downgrade.id, None)),
    );
    expect(&report, CheckId::Proof, CheckStatus::Fail, "only https://");
}

#[test]
fn an_untrusted_certificate_is_a_tls_error_not_a_pass() {
    let server = Server::start();
    let issuer = did_web_issuer(&server, &["tls"]);
    let credential = issuer.sign(&badge(&issuer.id, None));
    // The platform's trust store does not know the run's CA.
    let untrusting = Verifier::online(Arc::new(CachingFetch::new(
        HttpFetch::new().with_timeouts(Duration::from_secs(2), Duration::from_secs(2)),
        Arc::new(MemoryCache::new()),
    )))
    .with_clock(clock());
    let report = verify(&untrusting, &credential);
    expect(&report, CheckId::Proof, CheckStatus::Unknown, "TLS");
}

// ---- status lists ----

fn gzip_list(set: &[usize], bytes: usize) -> String {
    let mut list = vec![0u8; bytes];
    for index in set {
        list[index / 8] |= 0x80 >> (index % 8);
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&list).unwrap();
    URL_SAFE_NO_PAD.encode(gz.finish().unwrap())
}

fn bitstring_list(issuer: &Issuer, url: &str, purpose: &str, encoded: String) -> Value {
    json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer.id,
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {
            "id": format!("{url}#list"),
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": encoded,
        }
    })
}

fn bitstring_entry(url: &str, purpose: &str, index: usize) -> Value {
    json!({
        "id": format!("{url}#{index}"),
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": index.to_string(),
        "statusListCredential": url,
    })
}

/// Serves a signed list at `path` with bits `set`, returns its URL.
fn serve_list(
    server: &Server,
    issuer: &Issuer,
    path: &str,
    purpose: &str,
    set: &[usize],
) -> String {
    let url = server.https_url(path);
    let list = issuer.sign(&bitstring_list(
        issuer,
        &url,
        purpose,
        format!("u{}", gzip_list(set, 16 * 1024)),
    ));
    server.set(path, Reply::json(list.to_string()));
    url
}

#[test]
fn bitstring_revocation_and_suspension_online_then_offline_as_of() {
    let server = Server::start();
    let issuer = did_web_issuer(&server, &["registrar"]);
    let revocations = serve_list(
        &server,
        &issuer,
        "/status/revocation",
        "revocation",
        &[7, 1000],
    );
    let suspensions = serve_list(&server, &issuer, "/status/suspension", "suspension", &[42]);
    let cache = Arc::new(MemoryCache::new());
    let verifier = online(&server, &cache);

    let revoked = issuer.sign(&badge(
        &issuer.id,
        Some(bitstring_entry(&revocations, "revocation", 1000)),
    ));
    let suspended = issuer.sign(&badge(
        &issuer.id,
        Some(bitstring_entry(&suspensions, "suspension", 42)),
    ));
    let fine = issuer.sign(&badge(
        &issuer.id,
        Some(json!([
            bitstring_entry(&revocations, "revocation", 8),
            bitstring_entry(&suspensions, "suspension", 8)
        ])),
    ));

    let report = verify(&verifier, &revoked);
    expect(
        &report,
        CheckId::Status,
        CheckStatus::Fail,
        "revoked by its issuer",
    );
    assert!(!report.verified);
    let report = verify(&verifier, &suspended);
    expect(
        &report,
        CheckId::Status,
        CheckStatus::Fail,
        "suspended by its issuer",
    );
    let report = verify(&verifier, &fine);
    expect(&report, CheckId::Status, CheckStatus::Pass, "not revoked");
    expect(&report, CheckId::Status, CheckStatus::Pass, "not suspended");
    assert!(report.verified);
    // One fetch per list, however many credentials use it.
    assert_eq!(server.hits("/status/revocation"), 1);

    let offline = offline(&cache);
    expect(
        &verify(&offline, &revoked),
        CheckId::Status,
        CheckStatus::Fail,
        "as of",
    );
    expect(
        &verify(&offline, &suspended),
        CheckId::Status,
        CheckStatus::Unknown,
        "last known: suspended as of",
    );
    let report = verify(&offline, &fine);
    expect(
        &report,
        CheckId::Status,
        CheckStatus::Unknown,
        "last known: not revoked as of",
    );
    assert!(report.verified, "unknown never fails a credential");

    let nothing = verify(&offline_empty(), &fine);
    expect(
        &nothing,
        CheckId::Status,
        CheckStatus::Unknown,
        "not fetched (offline)",
    );
}

fn offline_empty() -> Verifier {
    offline(&Arc::new(MemoryCache::new()))
}

#[test]
fn a_status_list_is_believed_only_when_it_verifies() {
    let server = Server::start();
    let issuer = did_web_issuer(&server, &["registrar"]);
    let cache = Arc::new(MemoryCache::new());
    let verifier = online(&server, &cache);
    let check = |path: &str| {
        let url = server.https_url(path);
        verify(
            &verifier,
            &issuer.sign(&badge(
                &issuer.id,
                Some(bitstring_entry(&url, "revocation", 3)),
            )),
        )
    };

    // Unsigned: anyone could have written it.
    let url = server.https_url("/status/unsigned");
    let list = bitstring_list(
        &issuer,
        &url,
        "revocation",
        format!("u{}", gzip_list(&[], 16 * 1024)),
    );
    server.set("/status/unsigned", Reply::json(list.to_string()));
    expect(
        &check("/status/unsigned"),
        CheckId::Status,
        CheckStatus::Fail,
        "could not be shown to be the issuer's",
    );

    // Tampered after signing: a revoked bit cleared.
    let url = server.https_url("/status/tampered");
    let mut list = issuer.sign(&bitstring_list(
        &issuer,
        &url,
        "revocation",
        format!("u{}", gzip_list(&[3], 16 * 1024)),
    ));
    list["credentialSubject"]["encodedList"] = json!(format!("u{}", gzip_list(&[], 16 * 1024)));
    server.set("/status/tampered", Reply::json(list.to_string()));
    expect(
        &check("/status/tampered"),
        CheckId::Status,
        CheckStatus::Fail,
        "changed after signing",
    );

    // Signed by someone else's key.
    let stranger = did_web_issuer(&server, &["stranger"]);
    let url = server.https_url("/status/foreign");
    let mut foreign = bitstring_list(
        &issuer,
        &url,
        "revocation",
        format!("u{}", gzip_list(&[], 16 * 1024)),
    );
    foreign = stranger.sign(&foreign);
    server.set("/status/foreign", Reply::json(foreign.to_string()));
    expect(
        &check("/status/foreign"),
        CheckId::Status,
        CheckStatus::Fail,
        "not by the issuer",
    );

    // Too big to fetch, a GZIP bomb, missing, wrong type, wrong purpose, index too far.
    let mut huge = Reply::json(vec![b' '; 5 * 1024 * 1024]);
    huge.content_type = "application/json";
    server.set("/status/huge", huge);
    expect(
        &check("/status/huge"),
        CheckId::Status,
        CheckStatus::Fail,
        "larger than",
    );

    let url = server.https_url("/status/bomb");
    let bomb = issuer.sign(&bitstring_list(
        &issuer,
        &url,
        "revocation",
        format!("u{}", gzip_list(&[], 64 * 1024 * 1024)),
    ));
    server.set("/status/bomb", Reply::json(bomb.to_string()));
    expect(
        &check("/status/bomb"),
        CheckId::Status,
        CheckStatus::Fail,
        "GZIP bomb",
    );

    expect(
        &check("/status/missing"),
        CheckId::Status,
        CheckStatus::Fail,
        "HTTP 404",
    );

    let url = server.https_url("/status/wrong-type");
    let mut wrong = bitstring_list(
        &issuer,
        &url,
        "revocation",
        format!("u{}", gzip_list(&[], 16 * 1024)),
    );
    wrong["type"] = json!(["VerifiableCredential"]);
    server.set(
        "/status/wrong-type",
        Reply::json(issuer.sign(&wrong).to_string()),
    );
    expect(
        &check("/status/wrong-type"),
        CheckId::Status,
        CheckStatus::Fail,
        "BitstringStatusListCredential",
    );

    serve_list(
        &server,
        &issuer,
        "/status/suspension-only",
        "suspension",
        &[],
    );
    expect(
        &check("/status/suspension-only"),
        CheckId::Status,
        CheckStatus::Fail,
        "is for suspension",
    );

    let url = server.https_url("/status/short");
    let short = issuer.sign(&bitstring_list(
        &issuer,
        &url,
        "revocation",
        format!("u{}", gzip_list(&[], 0)),
    ));
    server.set("/status/short", Reply::json(short.to_string()));
    expect(
        &check("/status/short"),
        CheckId::Status,
        CheckStatus::Fail,
        "empty",
    );
}

#[test]
fn status_list_2021_is_read_with_its_own_encoding() {
    let server = Server::start();
    let issuer = did_web_issuer(&server, &["legacy"]);
    let url = server.https_url("/status/2021");
    let list = json!({
        "@context": [
            "https://www.w3.org/2018/credentials/v1",
            "https://w3id.org/vc/status-list/2021/v1",
            "https://w3id.org/security/data-integrity/v2"
        ],
        "id": url,
        "type": ["VerifiableCredential", "StatusList2021Credential"],
        "issuer": issuer.id,
        "issuanceDate": "2026-01-01T00:00:00Z",
        "credentialSubject": {
            "id": format!("{url}#list"),
            "type": "StatusList2021",
            "statusPurpose": "revocation",
            "encodedList": gzip_list(&[5], 16 * 1024),
        }
    });
    server.set("/status/2021", Reply::json(issuer.sign(&list).to_string()));
    let credential = |index: usize| {
        issuer.sign(&json!({
            "@context": [
                "https://www.w3.org/2018/credentials/v1",
                "https://w3id.org/vc/status-list/2021/v1",
                "https://w3id.org/security/data-integrity/v2"
            ],
            "id": "urn:uuid:0b5b6c1e-0000-4000-8000-000000000001",
            "type": ["VerifiableCredential"],
            "issuer": issuer.id,
            "issuanceDate": "2026-01-15T09:00:00Z",
            "credentialSubject": {"id": "did:example:learner-ada"},
            "credentialStatus": {
                "id": format!("{url}#{index}"),
                "type": "StatusList2021Entry",
                "statusPurpose": "revocation",
                "statusListIndex": index.to_string(),
                "statusListCredential": url,
            }
        }))
    };
    let cache = Arc::new(MemoryCache::new());
    let verifier = online(&server, &cache);
    expect(
        &verify(&verifier, &credential(5)),
        CheckId::Status,
        CheckStatus::Fail,
        "revoked",
    );
    expect(
        &verify(&verifier, &credential(6)),
        CheckId::Status,
        CheckStatus::Pass,
        "not revoked",
    );
}

#[test]
fn onedtech_revocation_list_names_revoked_credentials() {
    let server = Server::start();
    let issuer = did_web_issuer(&server, &["ob3"]);
    let url = server.https_url("/revocations");
    let entry = json!({"id": url, "type": "1EdTechRevocationList"});
    let mut revoked = badge(&issuer.id, Some(entry.clone()));
    revoked["id"] = json!("urn:uuid:00000000-0000-4000-8000-00000000dead");
    let revoked = issuer.sign(&revoked);
    let fine = issuer.sign(&badge(&issuer.id, Some(entry)));
    server.set(
        "/revocations",
        Reply::json(
            json!({
                "id": url,
                "issuer": issuer.id,
                "revokedCredentials": [
                    {"id": "urn:uuid:00000000-0000-4000-8000-00000000dead", "revocationReason": "issued in error"}
                ]
            })
            .to_string(),
        ),
    );
    let cache = Arc::new(MemoryCache::new());
    let verifier = online(&server, &cache);
    expect(
        &verify(&verifier, &revoked),
        CheckId::Status,
        CheckStatus::Fail,
        "issued in error",
    );
    expect(
        &verify(&verifier, &fine),
        CheckId::Status,
        CheckStatus::Pass,
        "not revoked",
    );
    expect(
        &verify(&offline(&cache), &fine),
        CheckId::Status,
        CheckStatus::Unknown,
        "as of",
    );

    // A list published by someone else is not the issuer's word.
    server.set(
        "/revocations",
        Reply::json(
            json!({"id": url, "issuer": "did:web:elsewhere", "revokedCredentials": []}).to_string(),
        ),
    );
    let fresh = online(&server, &Arc::new(MemoryCache::new()));
    expect(
        &verify(&fresh, &fine),
        CheckId::Status,
        CheckStatus::Fail,
        "not to the credential's issuer",
    );
}

// ---- known-issuer registries (DCC format) ------------------------------------------

fn dcc_registry(entries: Value) -> Reply {
    Reply::json(
        json!({"meta": {"created": "2026-01-01T00:00:00+0000"}, "registry": entries}).to_string(),
    )
}

#[test]
fn a_listed_issuer_passes_the_registry_check_an_unlisted_one_is_only_a_warning() {
    let server = Server::start();
    let listed = did_web_issuer(&server, &["listed"]);
    let unlisted = did_web_issuer(&server, &["unlisted"]);
    server.set(
        "/registry.json",
        dcc_registry(json!({listed.id.clone(): {"name": "Loopback College", "location": "Here", "url": "https://college.example"}})),
    );
    server.set("/empty-registry.json", dcc_registry(json!({})));
    let registries = vec![
        server.https_url("/empty-registry.json"),
        server.https_url("/registry.json"),
    ];
    let cache = Arc::new(MemoryCache::new());
    let verifier = || online(&server, &cache).with_registries(registries.clone());

    let report = verify(&verifier(), &listed.sign(&badge(&listed.id, None)));
    expect(
        &report,
        CheckId::Registry,
        CheckStatus::Pass,
        "\"Loopback College\"",
    );
    expect(
        &report,
        CheckId::Registry,
        CheckStatus::Pass,
        "/registry.json",
    );
    let ids: Vec<CheckId> = report.checks.iter().map(|c| c.id).collect();
    assert_eq!(
        &ids[..5],
        &[
            CheckId::Proof,
            CheckId::Issuer,
            CheckId::Validity,
            CheckId::Status,
            CheckId::Registry
        ]
    );

    let report = verify(&verifier(), &unlisted.sign(&badge(&unlisted.id, None)));
    expect(
        &report,
        CheckId::Registry,
        CheckStatus::Warn,
        "not listed in any configured registry",
    );
    assert!(report.verified, "not being listed is never a failure");
    // Each registry was fetched once for both credentials.
    assert_eq!(server.hits("/registry.json"), 1);

    // Claiming a listed issuer without its key: listed, but not proven.
    let impostor = unlisted.sign(&badge(&listed.id, None));
    let report = verify(&verifier(), &impostor);
    expect(&report, CheckId::Registry, CheckStatus::Warn, "not proven");

    // Offline: the remembered registry answers "as of".
    let remembered = offline(&cache).with_registries(registries.clone());
    let report = verify(&remembered, &listed.sign(&badge(&listed.id, None)));
    expect(&report, CheckId::Registry, CheckStatus::Pass, "as of");

    // No registry configured: no registry check.
    let report = verify(
        &online(&server, &cache),
        &listed.sign(&badge(&listed.id, None)),
    );
    assert!(report.check(CheckId::Registry).is_none());
}

#[test]
fn registries_that_cannot_be_read_make_the_check_unknown_never_fail() {
    let server = Server::start();
    let issuer = did_web_issuer(&server, &["college"]);
    server.set("/down.json", Reply::status(503));
    server.set("/garbage.json", Reply::json("<html>not a registry</html>"));
    let credential = issuer.sign(&badge(&issuer.id, None));
    let cache = Arc::new(MemoryCache::new());
    let report = verify(
        &online(&server, &cache).with_registries(vec![
            server.https_url("/down.json"),
            server.https_url("/garbage.json"),
        ]),
        &credential,
    );
    expect(&report, CheckId::Registry, CheckStatus::Unknown, "HTTP 503");
    expect(&report, CheckId::Registry, CheckStatus::Unknown, "not JSON");
    assert!(report.verified);
    let report = verify(
        &offline(&Arc::new(MemoryCache::new()))
            .with_registries(vec![server.https_url("/registry.json")]),
        &credential,
    );
    expect(&report, CheckId::Registry, CheckStatus::Unknown, "offline");
}
