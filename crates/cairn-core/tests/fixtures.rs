//! The project's own credentials, signed here with freshly generated keys, for every
//! supported suite and JWT algorithm: valid, tampered in each way an attacker or an
//! accident could, signed by a key the issuer does not control, out of date, with an
//! unknown context, and with a wrong proof type. Each must give its expected report.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use cairn_core::verify::data_integrity::{self, Suite};
use cairn_core::verify::keys::{did_key_ed25519, did_key_verification_method};
use cairn_core::verify::{CheckId, CheckStatus, FixedClock, Report, Verifier, parse_date};
use serde_json::{Value, json};

const NOW: &str = "2026-11-23T00:00:00Z";

fn verifier() -> Verifier {
    Verifier::offline().with_clock(FixedClock(parse_date(NOW).unwrap()))
}

fn seed() -> [u8; 32] {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).unwrap();
    seed
}

/// An issuer: a key and the DID that names it.
struct Issuer {
    kind: KeyKind,
    did: String,
    vm: String,
}

enum KeyKind {
    Ed25519(ed25519_dalek::SigningKey),
    P256(p256::ecdsa::SigningKey),
    Rsa(Box<rsa::pkcs1v15::SigningKey<sha2::Sha256>>),
}

impl Issuer {
    fn ed25519() -> Issuer {
        let key = ed25519_dalek::SigningKey::from_bytes(&seed());
        let did = did_key_ed25519(&key.verifying_key());
        Issuer {
            vm: did_key_verification_method(&did),
            did,
            kind: KeyKind::Ed25519(key),
        }
    }

    fn p256() -> Issuer {
        let key = p256::ecdsa::SigningKey::from_slice(&seed()).unwrap();
        let point = key.verifying_key().to_sec1_point(true);
        let mut bytes = vec![0x80, 0x24];
        bytes.extend_from_slice(point.as_bytes());
        let did = format!("did:key:z{}", bs58::encode(bytes).into_string());
        Issuer {
            vm: did_key_verification_method(&did),
            did,
            kind: KeyKind::P256(key),
        }
    }

    fn rsa() -> Issuer {
        use rsa::Generate as _;
        use rsa::traits::PublicKeyParts as _;
        let private = rsa::PrivateKey::generate();
        let public = private.to_public_key();
        let jwk = json!({
            "kty": "RSA",
            "n": URL_SAFE_NO_PAD.encode(public.n_bytes()),
            "e": URL_SAFE_NO_PAD.encode(public.e_bytes()),
        });
        let did = format!(
            "did:jwk:{}",
            URL_SAFE_NO_PAD.encode(serde_json::to_vec(&jwk).unwrap())
        );
        Issuer {
            vm: format!("{did}#0"),
            did,
            kind: KeyKind::Rsa(Box::new(rsa::pkcs1v15::SigningKey::new(private))),
        }
    }

    fn ed25519_key(&self) -> &ed25519_dalek::SigningKey {
        match &self.kind {
            KeyKind::Ed25519(key) => key,
            _ => panic!("not an Ed25519 issuer"),
        }
    }
}

#[derive(Clone, Copy, Debug)]
enum Format {
    Di(Suite),
    Jwt(&'static str),
}

const FORMATS: [Format; 6] = [
    Format::Di(Suite::EddsaRdfc2022),
    Format::Di(Suite::EddsaJcs2022),
    Format::Di(Suite::Ed25519Signature2020),
    Format::Jwt("EdDSA"),
    Format::Jwt("ES256"),
    Format::Jwt("RS256"),
];

fn issuer_for(format: Format) -> Issuer {
    match format {
        Format::Di(_) | Format::Jwt("EdDSA") => Issuer::ed25519(),
        Format::Jwt("ES256") => Issuer::p256(),
        Format::Jwt(_) => Issuer::rsa(),
    }
}

/// An Open Badges 3.0 credential issued by `did`, with fields to tamper with.
fn badge(did: &str, format: Format) -> Value {
    let mut context = vec![
        json!("https://www.w3.org/ns/credentials/v2"),
        json!("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"),
    ];
    if matches!(format, Format::Di(Suite::Ed25519Signature2020)) {
        context.push(json!("https://w3id.org/security/suites/ed25519-2020/v1"));
    }
    json!({
        "@context": context,
        "id": "urn:uuid:2b6d1c84-1f1a-4c4e-9d43-3f0c1a7e0a11",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": did, "type": ["Profile"], "name": "Cairn Test College"},
        "validFrom": "2026-01-15T09:00:00Z",
        "name": "Welding Fundamentals",
        "credentialSubject": {
            "id": "did:example:learner-ada",
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "urn:uuid:8f0d7e1a-5b33-4c2a-a1d0-6c1e2d3f4a5b",
                "type": ["Achievement"],
                "name": "Welding Fundamentals",
                "description": "Safe setup and basic MIG welding joints.",
                "criteria": {"narrative": "Completed 40 hours of supervised practice."},
                "creditsAvailable": 3.0,
                "resultDescription": [{
                    "id": "urn:uuid:0c7a3d1e-6f2b-4e8a-9b1c-2d3e4f5a6b7c",
                    "type": ["ResultDescription"],
                    "name": "Grade",
                    "resultType": "LetterGrade",
                    "allowedValue": ["A", "B", "C", "D"]
                }]
            }
        }
    })
}

fn sign(doc: &Value, issuer: &Issuer, format: Format) -> Vec<u8> {
    match format {
        Format::Di(suite) => {
            let signed = data_integrity::sign(
                doc,
                suite,
                issuer.ed25519_key(),
                &issuer.vm,
                "2026-01-15T09:00:00Z",
                "assertionMethod",
            )
            .unwrap();
            serde_json::to_vec(&signed).unwrap()
        }
        Format::Jwt(alg) => jwt(doc, issuer, alg).into_bytes(),
    }
}

/// A VC-JWT in the `vc`-claim form of Open Badges 3.0 §8.2.
fn jwt(doc: &Value, issuer: &Issuer, alg: &str) -> String {
    let header = json!({"alg": alg, "kid": issuer.vm, "typ": "JWT"});
    let payload = json!({
        "iss": doc["issuer"]["id"],
        "jti": doc["id"],
        "sub": doc["credentialSubject"]["id"],
        "nbf": 1768467600,
        "vc": doc,
    });
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(&header).unwrap()),
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(&payload).unwrap())
    );
    let signature = match &issuer.kind {
        KeyKind::Ed25519(key) => {
            use ed25519_dalek::Signer as _;
            key.sign(input.as_bytes()).to_bytes().to_vec()
        }
        KeyKind::P256(key) => {
            use p256::ecdsa::signature::Signer as _;
            let sig: p256::ecdsa::Signature = key.sign(input.as_bytes());
            sig.to_bytes().to_vec()
        }
        KeyKind::Rsa(key) => {
            use rsa::signature::{SignatureEncoding as _, Signer as _};
            key.sign(input.as_bytes()).to_vec()
        }
    };
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature))
}

/// Changes the credential inside signed bytes without re-signing.
fn tamper(signed: &[u8], format: Format, change: impl FnOnce(&mut Value)) -> Vec<u8> {
    match format {
        Format::Di(_) => {
            let mut doc: Value = serde_json::from_slice(signed).unwrap();
            change(&mut doc);
            serde_json::to_vec(&doc).unwrap()
        }
        Format::Jwt(_) => {
            let text = std::str::from_utf8(signed).unwrap();
            let parts: Vec<&str> = text.split('.').collect();
            let mut payload: Value =
                serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
            change(&mut payload["vc"]);
            let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&payload).unwrap());
            format!("{}.{payload}.{}", parts[0], parts[2]).into_bytes()
        }
    }
}

fn report(bytes: &[u8]) -> Report {
    verifier()
        .verify_bytes(bytes)
        .unwrap_or_else(|err| panic!("not readable: {err}"))
}

fn status(report: &Report, id: CheckId) -> CheckStatus {
    report.check(id).unwrap().status
}

fn assert_proof_fails(format: Format, case: &str, bytes: &[u8]) {
    let r = report(bytes);
    assert_eq!(
        status(&r, CheckId::Proof),
        CheckStatus::Fail,
        "{format:?} {case}: {:#?}",
        r.checks
    );
    assert!(!r.verified, "{format:?} {case}");
}

#[test]
fn valid_credentials_verify_in_every_format() {
    for format in FORMATS {
        let issuer = issuer_for(format);
        let r = report(&sign(&badge(&issuer.did, format), &issuer, format));
        assert!(r.verified, "{format:?}: {:#?}", r.checks);
        for id in [CheckId::Proof, CheckId::Issuer, CheckId::Validity] {
            assert_eq!(
                status(&r, id),
                CheckStatus::Pass,
                "{format:?} {id:?}: {:#?}",
                r.checks
            );
        }
        assert_eq!(status(&r, CheckId::Status), CheckStatus::Skip);
        assert_eq!(r.credential.name.as_deref(), Some("Welding Fundamentals"));
        assert!(r.format.starts_with("ob3-vc2-"), "{}", r.format);
    }
}

#[test]
fn every_tampering_fails_the_proof_in_every_format() {
    type Change = fn(&mut Value);
    let tamperings: [(&str, Change); 6] = [
        ("a string", |d| {
            d["credentialSubject"]["achievement"]["name"] = json!("Welding Mastery")
        }),
        ("a number", |d| {
            d["credentialSubject"]["achievement"]["creditsAvailable"] = json!(30.0)
        }),
        ("the order of an ordered list", |d| {
            d["credentialSubject"]["achievement"]["resultDescription"][0]["allowedValue"] =
                json!(["D", "C", "B", "A"])
        }),
        ("an added field", |d| {
            d["credentialSubject"]["achievement"]["humanCode"] = json!("WELD-999")
        }),
        ("an added undefined term", |d| {
            d["credentialSubject"]["honours"] = json!("summa cum laude")
        }),
        ("a removed field", |d| {
            d["credentialSubject"]["achievement"]
                .as_object_mut()
                .unwrap()
                .remove("description");
        }),
    ];
    for format in FORMATS {
        let issuer = issuer_for(format);
        let signed = sign(&badge(&issuer.did, format), &issuer, format);
        for (case, change) in tamperings {
            assert_proof_fails(format, case, &tamper(&signed, format, change));
        }
    }
}

#[test]
fn reordering_an_unordered_set_is_the_same_credential_under_rdf_canonicalization() {
    // RDF sets have no order, so RDFC-1.0 signs the set, not its order; JCS and JWT
    // sign the bytes, so there the same change fails.
    let reorder: fn(&mut Value) =
        |d| d["type"] = json!(["OpenBadgeCredential", "VerifiableCredential"]);
    for format in FORMATS {
        let issuer = issuer_for(format);
        let signed = sign(&badge(&issuer.did, format), &issuer, format);
        let r = report(&tamper(&signed, format, reorder));
        let expected = match format {
            Format::Di(Suite::EddsaRdfc2022 | Suite::Ed25519Signature2020) => CheckStatus::Pass,
            _ => CheckStatus::Fail,
        };
        assert_eq!(status(&r, CheckId::Proof), expected, "{format:?}");
    }
}

#[test]
fn a_valid_signature_by_a_key_the_issuer_does_not_control_fails_the_issuer_check() {
    for format in FORMATS {
        let issuer = issuer_for(format);
        let impostor = issuer_for(format);
        // The credential names `issuer`, but `impostor` signs it with its own key.
        let r = report(&sign(&badge(&issuer.did, format), &impostor, format));
        assert_eq!(status(&r, CheckId::Proof), CheckStatus::Pass, "{format:?}");
        assert_eq!(
            status(&r, CheckId::Issuer),
            CheckStatus::Fail,
            "{format:?}: {:#?}",
            r.checks
        );
        assert!(!r.verified, "{format:?}");
    }
}

#[test]
fn expired_and_not_yet_valid_credentials_fail_validity_only() {
    for format in FORMATS {
        let issuer = issuer_for(format);
        for (case, field, date, words) in [
            (
                "expired",
                "validUntil",
                "2026-06-30T00:00:00Z",
                "expired on 2026-06-30",
            ),
            (
                "not yet valid",
                "validFrom",
                "2027-03-01T00:00:00Z",
                "not valid until 2027-03-01",
            ),
        ] {
            let mut doc = badge(&issuer.did, format);
            doc[field] = json!(date);
            let r = report(&sign(&doc, &issuer, format));
            assert_eq!(
                status(&r, CheckId::Proof),
                CheckStatus::Pass,
                "{format:?} {case}"
            );
            let validity = r.check(CheckId::Validity).unwrap();
            assert_eq!(
                (validity.status, validity.message.as_str()),
                (CheckStatus::Fail, words),
                "{format:?} {case}"
            );
            assert!(!r.verified);
        }
    }
}

#[test]
fn an_unknown_context_fails_the_proof_and_names_the_context() {
    for suite in [
        Suite::EddsaRdfc2022,
        Suite::EddsaJcs2022,
        Suite::Ed25519Signature2020,
    ] {
        let format = Format::Di(suite);
        let issuer = issuer_for(format);
        let signed = sign(&badge(&issuer.did, format), &issuer, format);
        let bytes = tamper(&signed, format, |d| {
            d["@context"]
                .as_array_mut()
                .unwrap()
                .push(json!("https://contexts.example/unknown/v1"));
        });
        let r = report(&bytes);
        let proof = r.check(CheckId::Proof).unwrap();
        assert_eq!(proof.status, CheckStatus::Fail, "{suite:?}");
        assert!(
            proof
                .message
                .contains("https://contexts.example/unknown/v1"),
            "{suite:?}: {}",
            proof.message
        );
    }
}

#[test]
fn a_wrong_proof_type_fails_the_proof() {
    for suite in [
        Suite::EddsaRdfc2022,
        Suite::EddsaJcs2022,
        Suite::Ed25519Signature2020,
    ] {
        let format = Format::Di(suite);
        let issuer = issuer_for(format);
        let signed = sign(&badge(&issuer.did, format), &issuer, format);
        let bytes = tamper(&signed, format, |d| {
            d["proof"]["type"] = json!("RsaSignature2018")
        });
        assert_proof_fails(format, "wrong proof type", &bytes);
        let bytes = tamper(&signed, format, |d| {
            d["proof"]["type"] = json!("DataIntegrityProof");
            d["proof"]["cryptosuite"] = json!("ecdsa-rdfc-2019");
        });
        assert_proof_fails(format, "wrong cryptosuite", &bytes);
    }
    // For a JWT, the header's algorithm is its proof type: a swapped one must not verify.
    for (format, forged) in [
        (Format::Jwt("EdDSA"), "ES256"),
        (Format::Jwt("ES256"), "EdDSA"),
        (Format::Jwt("RS256"), "HS256"),
    ] {
        let issuer = issuer_for(format);
        let token = String::from_utf8(sign(&badge(&issuer.did, format), &issuer, format)).unwrap();
        let parts: Vec<&str> = token.split('.').collect();
        let header = json!({"alg": forged, "kid": issuer.vm, "typ": "JWT"});
        let forged_token = format!(
            "{}.{}.{}",
            URL_SAFE_NO_PAD.encode(serde_json::to_vec(&header).unwrap()),
            parts[1],
            parts[2]
        );
        assert_proof_fails(format, "swapped alg", forged_token.as_bytes());
    }
}

#[test]
fn proof_sets_need_every_proof_to_verify() {
    let format = Format::Di(Suite::EddsaRdfc2022);
    let issuer = issuer_for(format);
    let endorser = issuer_for(format);
    let once: Value =
        serde_json::from_slice(&sign(&badge(&issuer.did, format), &issuer, format)).unwrap();
    let twice = data_integrity::sign(
        &once,
        Suite::EddsaJcs2022,
        endorser.ed25519_key(),
        &endorser.vm,
        "2026-02-01T00:00:00Z",
        "assertionMethod",
    )
    .unwrap();
    let r = report(&serde_json::to_vec(&twice).unwrap());
    assert!(r.verified, "{:#?}", r.checks);
    assert_eq!(
        status(&r, CheckId::Issuer),
        CheckStatus::Pass,
        "the issuer's own proof ties it"
    );

    let mut broken = twice.clone();
    broken["proof"][1]["proofValue"] = once["proof"]["proofValue"].clone();
    assert_proof_fails(
        format,
        "one bad proof in a set",
        &serde_json::to_vec(&broken).unwrap(),
    );
}

#[test]
fn batch_verification_keeps_order_and_matches_one_by_one() {
    let format = Format::Di(Suite::EddsaRdfc2022);
    let issuer = issuer_for(format);
    let good = sign(&badge(&issuer.did, format), &issuer, format);
    let bad = tamper(&good, format, |d| d["name"] = json!("Forged"));
    let items: Vec<Vec<u8>> = (0..9)
        .map(|i| match i % 3 {
            0 => good.clone(),
            1 => bad.clone(),
            _ => b"not a credential".to_vec(),
        })
        .collect();
    let batch = verifier().verify_batch(&items);
    assert_eq!(batch.len(), items.len());
    for (item, result) in items.iter().zip(&batch) {
        let single = verifier().verify_bytes(item);
        match (single, result) {
            (Ok(a), Ok(b)) => assert_eq!(a.verified, b.verified),
            (Err(_), Err(_)) => {}
            (a, b) => panic!("batch and single disagree: {a:?} vs {b:?}"),
        }
    }
    assert!(batch[0].as_ref().unwrap().verified);
    assert!(!batch[1].as_ref().unwrap().verified);
    assert!(batch[2].is_err());
}

#[test]
fn a_resolver_answering_with_another_methods_key_is_refused() {
    use cairn_core::verify::KeyResolver;
    use cairn_core::verify::keys::{KeyError, PublicKey, ResolvedKey, resolve_offline};

    /// A resolver that, asked for any key, answers with the same fixed one.
    struct AlwaysThisKey(ResolvedKey);
    impl KeyResolver for AlwaysThisKey {
        fn resolve(&self, _: &str) -> Result<ResolvedKey, KeyError> {
            Ok(self.0.clone())
        }
    }

    let format = Format::Di(Suite::EddsaRdfc2022);
    let issuer = issuer_for(format);
    let signed = sign(&badge(&issuer.did, format), &issuer, format);
    let mut other = resolve_offline(&issuer.vm).unwrap();
    // The right key material, presented as another method of another controller.
    other.id = "did:example:someone-else#key-1".into();
    other.controller = "did:example:someone-else".into();
    assert!(matches!(other.key, PublicKey::Ed25519(_)));
    let r = Verifier::offline()
        .with_clock(FixedClock(parse_date(NOW).unwrap()))
        .with_resolver(AlwaysThisKey(other))
        .verify_bytes(&signed)
        .unwrap();
    let proof = r.check(CheckId::Proof).unwrap();
    assert_eq!(proof.status, CheckStatus::Fail, "{}", proof.message);
    assert!(proof.message.contains("different one"), "{}", proof.message);
    assert!(!r.verified);
}
