//! Generated Open Badges 3.0 credentials for the benchmarks, signed with fresh keys.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use cairn_core::verify::data_integrity::{self, Suite};
use cairn_core::verify::keys::{did_key_ed25519, did_key_verification_method};
use serde_json::{Value, json};

pub struct Issuer {
    pub key: ed25519_dalek::SigningKey,
    pub did: String,
    pub vm: String,
}

pub fn issuer() -> Issuer {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).expect("system RNG");
    let key = ed25519_dalek::SigningKey::from_bytes(&seed);
    let did = did_key_ed25519(&key.verifying_key());
    Issuer {
        vm: did_key_verification_method(&did),
        did,
        key,
    }
}

/// A realistic OB 3.0 AchievementCredential (about 2 KB), varied by `n`.
pub fn badge(issuer: &Issuer, n: usize, extra_context: Option<&str>) -> Value {
    let mut context = vec![
        json!("https://www.w3.org/ns/credentials/v2"),
        json!("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"),
    ];
    if let Some(extra) = extra_context {
        context.push(json!(extra));
    }
    json!({
        "@context": context,
        "id": format!("urn:uuid:5f1c2d3e-0000-4000-8000-{n:012}"),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer.did, "type": ["Profile"], "name": format!("Bench Community College {}", n % 17)},
        "validFrom": "2026-01-15T09:00:00Z",
        "name": format!("Skill badge #{n}"),
        "credentialSubject": {
            "id": format!("did:example:learner-{}", n % 101),
            "type": ["AchievementSubject"],
            "achievement": {
                "id": format!("urn:uuid:7a1b2c3d-0000-4000-8000-{n:012}"),
                "type": ["Achievement"],
                "name": format!("Skill badge #{n}"),
                "description": "Demonstrated the skill in a supervised assessment, including safety practice and documentation.",
                "criteria": {"narrative": "Passed the practical assessment and a written test with at least 80%."},
                "alignment": [{
                    "type": ["Alignment"],
                    "targetName": "Industry framework element",
                    "targetUrl": format!("https://framework.example/elements/{}", n % 53),
                    "targetType": "ceterms:Competency"
                }],
                "creditsAvailable": 1.5
            }
        }
    })
}

pub fn jwt(doc: &Value, issuer: &Issuer) -> Vec<u8> {
    use ed25519_dalek::Signer as _;
    let header = json!({"alg": "EdDSA", "kid": issuer.vm, "typ": "JWT"});
    let payload = json!({"iss": issuer.did, "jti": doc["id"], "sub": doc["credentialSubject"]["id"], "nbf": 1768467600, "vc": doc});
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(&header).expect("json")),
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(&payload).expect("json"))
    );
    let signature = issuer.key.sign(input.as_bytes()).to_bytes();
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature)).into_bytes()
}

pub fn sign(doc: &Value, issuer: &Issuer, suite: Suite) -> Vec<u8> {
    let signed = data_integrity::sign(
        doc,
        suite,
        &issuer.key,
        &issuer.vm,
        "2026-01-15T09:00:00Z",
        "assertionMethod",
    )
    .expect("sign");
    serde_json::to_vec(&signed).expect("json")
}
