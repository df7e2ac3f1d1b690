//! A `did:web` issuer with a revocation list, for the viewer's tests (native, and the
//! browser tests through `examples/viewer_fixtures.rs`): its DID document, a signed
//! `BitstringStatusListCredential` and badges pointing into it.

#![allow(dead_code)]

use std::io::Write;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use cairn_core::verify::data_integrity::{self, Suite};
use cairn_core::verify::did_web;
use cairn_core::verify::keys::did_key_ed25519;
use serde_json::{Value, json};

/// The index the revocation list marks revoked.
pub const REVOKED_INDEX: usize = 7;
/// An index the list leaves alone.
pub const GOOD_INDEX: usize = 3;

pub struct Issuer {
    key: ed25519_dalek::SigningKey,
    /// `did:web:HOST` (port as `%3A`).
    pub did: String,
    /// Where its DID document lives.
    pub document_url: String,
    /// Where its revocation list lives (`https://HOST/PATH/status/1`).
    pub list_url: String,
}

impl Issuer {
    /// An issuer at `host` (`college.example`, or `localhost:8443`) and `path`
    /// (`[]`: its DID document is at `/.well-known/did.json`).
    pub fn new(host: &str, path: &[&str], seed: [u8; 32]) -> Issuer {
        let mut did = format!("did:web:{}", host.replace(':', "%3A"));
        let mut base = format!("https://{host}");
        for segment in path {
            did.push(':');
            did.push_str(segment);
            base.push('/');
            base.push_str(segment);
        }
        Issuer {
            key: ed25519_dalek::SigningKey::from_bytes(&seed),
            document_url: did_web::document_url(&did).expect("a did:web"),
            list_url: format!("{base}/status/1"),
            did,
        }
    }

    fn vm(&self) -> String {
        format!("{}#key-1", self.did)
    }

    /// Its DID document: the key listed and authorised for credentials.
    pub fn document(&self) -> Value {
        let did_key = did_key_ed25519(&self.key.verifying_key());
        json!({
            "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
            "id": self.did,
            "verificationMethod": [{
                "id": "#key-1",
                "type": "Multikey",
                "controller": self.did,
                "publicKeyMultibase": did_key.strip_prefix("did:key:").unwrap(),
            }],
            "assertionMethod": ["#key-1"],
        })
    }

    fn sign(&self, doc: &Value) -> Value {
        data_integrity::sign(
            doc,
            Suite::EddsaRdfc2022,
            &self.key,
            &self.vm(),
            "2026-01-15T09:00:00Z",
            "assertionMethod",
        )
        .expect("signs")
    }

    /// Its signed revocation list: only [`REVOKED_INDEX`] is set.
    pub fn revocation_list(&self) -> Value {
        let mut bits = vec![0u8; 16 * 1024];
        bits[REVOKED_INDEX / 8] |= 0x80 >> (REVOKED_INDEX % 8);
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(&bits).unwrap();
        let encoded = format!("u{}", URL_SAFE_NO_PAD.encode(gz.finish().unwrap()));
        self.sign(&json!({
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "id": self.list_url,
            "type": ["VerifiableCredential", "BitstringStatusListCredential"],
            "issuer": self.did,
            "validFrom": "2026-01-01T00:00:00Z",
            "credentialSubject": {
                "id": format!("{}#list", self.list_url),
                "type": "BitstringStatusList",
                "statusPurpose": "revocation",
                "encodedList": encoded,
            }
        }))
    }

    /// A signed Open Badge named `name` whose revocation bit is `index`.
    pub fn badge(&self, name: &str, index: usize) -> Value {
        self.sign(&json!({
            "@context": [
                "https://www.w3.org/ns/credentials/v2",
                "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
            ],
            "id": format!("urn:uuid:2b6d1c84-1f1a-4c4e-9d43-3f0c1a7e0a{index:02}"),
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "issuer": {"id": self.did, "type": ["Profile"], "name": "Web College"},
            "validFrom": "2026-01-15T09:00:00Z",
            "name": name,
            "credentialSubject": {
                "id": "did:example:learner-ada",
                "type": ["AchievementSubject"],
                "achievement": {
                    "id": format!("urn:uuid:8f0d7e1a-5b33-4c2a-a1d0-6c1e2d3f4a{index:02}"),
                    "type": ["Achievement"],
                    "name": name,
                    "criteria": {"narrative": "Completed 40 hours of supervised practice."}
                }
            },
            "credentialStatus": {
                "id": format!("{}#{index}", self.list_url),
                "type": "BitstringStatusListEntry",
                "statusPurpose": "revocation",
                "statusListIndex": index.to_string(),
                "statusListCredential": self.list_url,
            }
        }))
    }
}
