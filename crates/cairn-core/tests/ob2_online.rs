//! Open Badges 2.0 verification against a real issuer on the loopback
//! (`loopback::Server`, over TLS): hosted assertions (valid, changed since import,
//! revoked by 410, by `revoked: true` or by the issuer's revocation list, deleted
//! with 404, hosted outside the issuer's policy), signed ones (RS256 with the key
//! from `verification.creator`), and the recipient matched against the learner's
//! addresses. Each is checked online, then offline from what was remembered.

mod loopback;

use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use cairn_core::credential::recipient::Me;
use cairn_core::net::{CachingFetch, HttpFetch, MemoryCache};
use cairn_core::verify::{CheckId, CheckStatus, Report, Verifier};
use loopback::verifying::{clock, expect, fetcher, offline, online};
use loopback::{Reply, Server};
use serde_json::{Value, json};
use sha2::Digest as _;

const OB2: &str = "https://w3id.org/openbadges/v2";

fn verify(verifier: &Verifier, bytes: &[u8]) -> Report {
    verifier.verify_bytes(bytes).unwrap()
}

fn hashed(email: &str, salt: &str) -> String {
    let digest = sha2::Sha256::digest(format!("{email}{salt}").as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256${hex}")
}

/// One 2048-bit RSA key per test binary: generation is the slow part.
fn rsa_key() -> &'static rsa::PrivateKey {
    static KEY: std::sync::OnceLock<rsa::PrivateKey> = std::sync::OnceLock::new();
    KEY.get_or_init(|| {
        use rsa::Generate as _;
        rsa::PrivateKey::generate()
    })
}

/// An OB 2.0 issuer on the loopback: profile, badge class, key and revocation list.
struct Issuer<'a> {
    server: &'a Server,
}

impl<'a> Issuer<'a> {
    fn new(server: &'a Server, profile_extra: Value) -> Issuer<'a> {
        use rsa::pkcs8::{EncodePublicKey as _, LineEnding};
        let issuer = Issuer { server };
        let mut profile = json!({
            "@context": OB2,
            "type": "Issuer",
            "id": issuer.url("/issuer.json"),
            "name": "Loopback Academy",
            "url": issuer.url("/"),
            "email": "badges@loopback.example",
            "publicKey": issuer.url("/key.json"),
            "revocationList": issuer.url("/revocations.json"),
        });
        for (k, v) in profile_extra.as_object().unwrap() {
            profile[k] = v.clone();
        }
        issuer.serve("/issuer.json", &profile);
        issuer.serve(
            "/badge.json",
            &json!({
                "@context": OB2,
                "type": "BadgeClass",
                "id": issuer.url("/badge.json"),
                "name": "Soldering Safety",
                "description": "Safe soldering practice.",
                "image": issuer.url("/badge.png"),
                "criteria": {"narrative": "Passed the practical test."},
                "issuer": issuer.url("/issuer.json"),
            }),
        );
        let pem = rsa_key()
            .to_public_key()
            .to_public_key_pem(LineEnding::LF)
            .unwrap();
        issuer.serve(
            "/key.json",
            &json!({
                "@context": OB2,
                "type": "CryptographicKey",
                "id": issuer.url("/key.json"),
                "owner": issuer.url("/issuer.json"),
                "publicKeyPem": pem,
            }),
        );
        issuer.revoke(&[]);
        issuer
    }

    fn url(&self, path: &str) -> String {
        self.server.https_url(path)
    }

    fn serve(&self, path: &str, doc: &Value) {
        self.server.set(path, Reply::json(doc.to_string()));
    }

    fn revoke(&self, entries: &[Value]) {
        self.serve(
            "/revocations.json",
            &json!({
                "@context": OB2,
                "type": "RevocationList",
                "id": self.url("/revocations.json"),
                "revokedAssertions": entries,
            }),
        );
    }

    fn assertion(&self, path: &str, verification: Value) -> Value {
        json!({
            "@context": OB2,
            "type": "Assertion",
            "id": self.url(path),
            "recipient": {"type": "email", "hashed": true, "salt": "NaCl", "identity": hashed("ada@example.org", "NaCl")},
            "badge": self.url("/badge.json"),
            "issuedOn": "2026-03-01T10:00:00Z",
            "verification": verification,
        })
    }

    /// A hosted assertion served at `path`; returns the bytes a learner imported.
    fn hosted(&self, path: &str) -> Vec<u8> {
        let doc = self.assertion(path, json!({"type": "hosted"}));
        self.serve(path, &doc);
        serde_json::to_vec(&doc).unwrap()
    }

    /// A signed assertion (compact JWS, RS256), its key named by `creator`.
    fn signed(&self, id: &str, creator: &str) -> Vec<u8> {
        use rsa::signature::{SignatureEncoding as _, Signer as _};
        let mut doc = self.assertion("/unused", json!({"type": "signed", "creator": creator}));
        doc["id"] = json!(id);
        let input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(br#"{"alg":"RS256","typ":"JWT"}"#),
            URL_SAFE_NO_PAD.encode(doc.to_string())
        );
        let signer = rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new(rsa_key().clone());
        let signature = signer.sign(input.as_bytes()).to_vec();
        format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature)).into_bytes()
    }
}

#[test]
fn a_hosted_badge_verifies_online_then_offline_as_of_then_unknown() {
    let server = Server::start();
    let issuer = Issuer::new(&server, json!({}));
    let badge = issuer.hosted("/assertions/1.json");
    let cache = Arc::new(MemoryCache::new());

    let report = verify(&online(&server, &cache), &badge);
    assert_eq!(report.format, "ob2-hosted");
    expect(
        &report,
        CheckId::Proof,
        CheckStatus::Pass,
        "its issuer publishes it",
    );
    expect(
        &report,
        CheckId::Issuer,
        CheckStatus::Pass,
        "Loopback Academy",
    );
    expect(&report, CheckId::Validity, CheckStatus::Pass, "");
    expect(
        &report,
        CheckId::Status,
        CheckStatus::Pass,
        "not in its issuer's revocation list",
    );
    assert!(report.verified);
    assert_eq!(report.credential.name.as_deref(), Some("Soldering Safety"));
    assert_eq!(
        report.credential.issuer.name.as_deref(),
        Some("Loopback Academy")
    );
    assert_eq!(server.hits("/assertions/1.json"), 1);

    let remembered = verify(&offline(&cache), &badge);
    expect(&remembered, CheckId::Proof, CheckStatus::Pass, "as of");
    expect(&remembered, CheckId::Issuer, CheckStatus::Pass, "as of");
    expect(
        &remembered,
        CheckId::Status,
        CheckStatus::Unknown,
        "last known: not revoked",
    );
    assert_eq!(server.hits("/assertions/1.json"), 1);

    let nothing = verify(&offline(&Arc::new(MemoryCache::new())), &badge);
    expect(&nothing, CheckId::Proof, CheckStatus::Unknown, "offline");
    expect(&nothing, CheckId::Issuer, CheckStatus::Unknown, "");
    expect(&nothing, CheckId::Status, CheckStatus::Unknown, "");
    assert!(nothing.verified, "nothing failed, nothing passed");
}

#[test]
fn a_hosted_badge_changed_since_import_fails_and_says_where() {
    let server = Server::start();
    let issuer = Issuer::new(&server, json!({}));
    let badge = issuer.hosted("/assertions/2.json");
    let mut changed = issuer.assertion("/assertions/2.json", json!({"type": "hosted"}));
    changed["issuedOn"] = json!("2026-04-01T10:00:00Z");
    issuer.serve("/assertions/2.json", &changed);
    let cache = Arc::new(MemoryCache::new());
    let report = verify(&online(&server, &cache), &badge);
    expect(
        &report,
        CheckId::Proof,
        CheckStatus::Fail,
        "changed since import",
    );
    expect(&report, CheckId::Proof, CheckStatus::Fail, "issuedOn");
    assert!(!report.verified);
    // Offline, the remembered copy still differs: still a failure.
    let remembered = verify(&offline(&cache), &badge);
    expect(
        &remembered,
        CheckId::Proof,
        CheckStatus::Fail,
        "changed since import",
    );
}

#[test]
fn a_hosted_badge_revoked_by_410_by_its_body_or_by_the_list_fails_its_status() {
    let server = Server::start();
    let issuer = Issuer::new(&server, json!({}));
    let cache = Arc::new(MemoryCache::new());

    let gone = issuer.hosted("/assertions/gone.json");
    server.set("/assertions/gone.json", Reply::status(410));
    let report = verify(&online(&server, &cache), &gone);
    expect(&report, CheckId::Status, CheckStatus::Fail, "410 Gone");
    expect(&report, CheckId::Proof, CheckStatus::Unknown, "withdrawn");
    assert!(!report.verified);
    // A 410 is the publisher's answer: no remembered copy stands in for it.
    assert!(cache.get(&issuer.url("/assertions/gone.json")).is_none());

    let stripped = issuer.hosted("/assertions/stripped.json");
    issuer.serve(
        "/assertions/stripped.json",
        &json!({"@context": OB2, "id": issuer.url("/assertions/stripped.json"), "revoked": true, "revocationReason": "issued in error"}),
    );
    let report = verify(&online(&server, &cache), &stripped);
    expect(
        &report,
        CheckId::Status,
        CheckStatus::Fail,
        "issued in error",
    );
    assert!(!report.verified);

    let listed = issuer.hosted("/assertions/listed.json");
    issuer.revoke(&[
        json!("urn:uuid:6deb4a00-ebce-4b28-8cc2-afa705ef7be4"),
        json!({"id": issuer.url("/assertions/listed.json"), "revocationReason": "academic misconduct"}),
    ]);
    let report = verify(&online(&server, &cache), &listed);
    expect(&report, CheckId::Proof, CheckStatus::Pass, "");
    expect(
        &report,
        CheckId::Status,
        CheckStatus::Fail,
        "academic misconduct",
    );
    assert!(!report.verified);
    // A remembered revocation is final, offline too.
    let remembered = verify(&offline(&cache), &listed);
    expect(&remembered, CheckId::Status, CheckStatus::Fail, "as of");
}

#[test]
fn a_deleted_hosted_badge_fails_and_is_not_answered_from_memory() {
    let server = Server::start();
    let issuer = Issuer::new(&server, json!({}));
    let badge = issuer.hosted("/assertions/3.json");
    let cache = Arc::new(MemoryCache::new());
    assert!(verify(&online(&server, &cache), &badge).verified);
    server.set("/assertions/3.json", Reply::status(404));
    let stale =
        CachingFetch::new(fetcher(&server), cache.clone()).with_max_age(chrono::TimeDelta::zero());
    let report = verify(
        &Verifier::online(Arc::new(stale)).with_clock(clock()),
        &badge,
    );
    expect(
        &report,
        CheckId::Proof,
        CheckStatus::Fail,
        "no longer publishes it",
    );
    expect(&report, CheckId::Proof, CheckStatus::Fail, "404");
    assert!(!report.verified);
}

#[test]
fn a_hosted_badge_outside_its_issuers_policy_fails_the_issuer_check() {
    let server = Server::start();
    let issuer = Issuer::new(
        &server,
        json!({"verification": {"startsWith": server.https_url("/assertions/")}}),
    );
    let inside = issuer.hosted("/assertions/4.json");
    let outside = issuer.hosted("/elsewhere/4.json");
    let cache = Arc::new(MemoryCache::new());
    expect(
        &verify(&online(&server, &cache), &inside),
        CheckId::Issuer,
        CheckStatus::Pass,
        "within its verification policy",
    );
    let report = verify(&online(&server, &cache), &outside);
    expect(&report, CheckId::Issuer, CheckStatus::Fail, "startsWith");
    assert!(!report.verified);

    // Without a policy, the assertion must live on the profile's own origin; another
    // port of the same host is another origin.
    let home = Server::start();
    let plain = Issuer::new(&home, json!({}));
    let other = Server::start();
    let mut doc = plain.assertion("/assertions/5.json", json!({"type": "hosted"}));
    doc["id"] = json!(other.https_url("/assertions/5.json"));
    other.set("/assertions/5.json", Reply::json(doc.to_string()));
    let fetch = HttpFetch::new()
        .with_root_certificate_pem(&home.ca_pem)
        .with_root_certificate_pem(&other.ca_pem)
        .with_timeouts(Duration::from_secs(2), Duration::from_secs(2));
    let verifier =
        Verifier::online(Arc::new(CachingFetch::new(fetch, cache.clone()))).with_clock(clock());
    let report = verify(&verifier, &serde_json::to_vec(&doc).unwrap());
    expect(
        &report,
        CheckId::Issuer,
        CheckStatus::Fail,
        "not on its issuer's own site",
    );
}

#[test]
fn the_recipient_is_matched_against_the_learners_addresses() {
    let server = Server::start();
    let issuer = Issuer::new(&server, json!({}));
    let badge = issuer.hosted("/assertions/6.json");
    let cache = Arc::new(MemoryCache::new());
    let me = |email: &str| Me {
        dids: Vec::new(),
        emails: vec![email.to_owned()],
    };
    let mine = verify(
        &online(&server, &cache).with_learner(me("Ada@Example.org")),
        &badge,
    );
    expect(&mine, CheckId::Proof, CheckStatus::Pass, "issued to you");
    let theirs = verify(
        &online(&server, &cache).with_learner(me("bob@example.org")),
        &badge,
    );
    expect(
        &theirs,
        CheckId::Proof,
        CheckStatus::Warn,
        "issued to someone else",
    );
    assert!(theirs.verified, "a warning, not a failure");
    let unknown = verify(&online(&server, &cache), &badge);
    expect(&unknown, CheckId::Proof, CheckStatus::Pass, "");
    assert!(
        !unknown
            .check(CheckId::Proof)
            .unwrap()
            .message
            .contains("issued to")
    );
}

#[test]
fn a_signed_badge_verifies_with_the_creator_key_its_issuer_lists() {
    let server = Server::start();
    let issuer = Issuer::new(&server, json!({}));
    let key = issuer.url("/key.json");
    let badge = issuer.signed("urn:uuid:52e4c6b3-8c13-4fa8-8482-a5cf34ef37a9", &key);
    let cache = Arc::new(MemoryCache::new());

    let report = verify(&online(&server, &cache), &badge);
    assert_eq!(report.format, "ob2-signed");
    expect(
        &report,
        CheckId::Proof,
        CheckStatus::Pass,
        "RS256 signature",
    );
    expect(
        &report,
        CheckId::Issuer,
        CheckStatus::Pass,
        "Loopback Academy",
    );
    expect(
        &report,
        CheckId::Status,
        CheckStatus::Pass,
        "not in its issuer's revocation list",
    );
    assert!(report.verified);

    let remembered = verify(&offline(&cache), &badge);
    expect(&remembered, CheckId::Proof, CheckStatus::Pass, "as of");
    expect(&remembered, CheckId::Issuer, CheckStatus::Pass, "as of");

    let nothing = verify(&offline(&Arc::new(MemoryCache::new())), &badge);
    expect(&nothing, CheckId::Proof, CheckStatus::Unknown, "offline");

    // One changed character of the payload breaks the signature.
    let text = String::from_utf8(badge.clone()).unwrap();
    let mut parts: Vec<String> = text.split('.').map(str::to_owned).collect();
    let mut payload: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(&parts[1]).unwrap()).unwrap();
    payload["issuedOn"] = json!("2026-03-02T10:00:00Z");
    parts[1] = URL_SAFE_NO_PAD.encode(payload.to_string());
    let tampered = verify(&online(&server, &cache), parts.join(".").as_bytes());
    expect(
        &tampered,
        CheckId::Proof,
        CheckStatus::Fail,
        "does not verify",
    );
    assert!(!tampered.verified);

    // Revoked through the issuer's list.
    issuer.revoke(&[json!({"id": "urn:uuid:52e4c6b3-8c13-4fa8-8482-a5cf34ef37a9"})]);
    let stale =
        CachingFetch::new(fetcher(&server), cache.clone()).with_max_age(chrono::TimeDelta::zero());
    let revoked = verify(
        &Verifier::online(Arc::new(stale)).with_clock(clock()),
        &badge,
    );
    expect(
        &revoked,
        CheckId::Status,
        CheckStatus::Fail,
        "revoked by its issuer",
    );
}

#[test]
fn a_signed_badge_whose_key_its_issuer_does_not_claim_fails_the_issuer_check() {
    let server = Server::start();
    // The profile lists another key, so the creator key is not the issuer's.
    let issuer = Issuer::new(
        &server,
        json!({"publicKey": server.https_url("/other-key.json")}),
    );
    let key = issuer.url("/key.json");
    let badge = issuer.signed("urn:uuid:1", &key);
    let cache = Arc::new(MemoryCache::new());
    let report = verify(&online(&server, &cache), &badge);
    expect(&report, CheckId::Proof, CheckStatus::Pass, "");
    expect(
        &report,
        CheckId::Issuer,
        CheckStatus::Fail,
        "not listed in its issuer's profile",
    );
    assert!(!report.verified);

    // A key document naming another owner is refused too.
    let server = Server::start();
    let issuer = Issuer::new(&server, json!({}));
    let mut key_doc: Value = json!({
        "@context": OB2, "type": "CryptographicKey", "id": issuer.url("/key.json"),
        "owner": "https://elsewhere.example/issuer.json",
    });
    {
        use rsa::pkcs8::{EncodePublicKey as _, LineEnding};
        key_doc["publicKeyPem"] = json!(
            rsa_key()
                .to_public_key()
                .to_public_key_pem(LineEnding::LF)
                .unwrap()
        );
    }
    issuer.serve("/key.json", &key_doc);
    let badge = issuer.signed("urn:uuid:2", &issuer.url("/key.json"));
    let report = verify(&online(&server, &Arc::new(MemoryCache::new())), &badge);
    expect(&report, CheckId::Issuer, CheckStatus::Fail, "another owner");
}
