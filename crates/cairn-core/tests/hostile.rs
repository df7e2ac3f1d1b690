//! Hostile input never panics, never hangs and stays bounded: every input here is
//! built in memory, and each case asserts both its outcome (a clear `ParseError`, or
//! a report that is not verified) and a generous wall-clock bound. The bounds are
//! sanity limits against hangs and blow-ups, not benchmarks: debug builds on a slow
//! CI machine stay far below them.

mod support;

use std::time::{Duration, Instant};

use support::vectors_dir;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use cairn_core::credential::baked::BakedError;
use cairn_core::credential::{MAX_CREDENTIAL_BYTES, ParseError, parse};
use cairn_core::verify::jwt::JwtError;
use cairn_core::verify::{CheckId, CheckStatus, FixedClock, Report, Verifier, parse_date};
use serde_json::{Value, json};

/// Generous: a hang or a quadratic blow-up takes minutes, real work milliseconds.
const BOUND: Duration = Duration::from_secs(10);

const VALID: &str = "dbjs-signed/eddsa-rdfc-2022.json";

fn verifier() -> Verifier {
    Verifier::offline().with_clock(FixedClock(parse_date("2026-11-23T00:00:00Z").unwrap()))
}

fn valid_bytes() -> Vec<u8> {
    let path = vectors_dir().join(VALID);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The valid credential as JSON, to mutate.
fn valid_credential() -> Value {
    serde_json::from_slice(&valid_bytes()).unwrap()
}

/// Verifies `bytes` and checks the time it took.
fn run(what: &str, bytes: &[u8]) -> Result<Report, ParseError> {
    let verifier = verifier();
    let started = Instant::now();
    let result = verifier.verify_bytes(bytes);
    let elapsed = started.elapsed();
    assert!(
        elapsed < BOUND,
        "{what}: took {elapsed:?}, over the {BOUND:?} sanity bound"
    );
    result
}

fn run_json(what: &str, doc: &Value) -> Result<Report, ParseError> {
    run(what, &serde_json::to_vec(doc).unwrap())
}

fn parse_error(what: &str, bytes: &[u8]) -> ParseError {
    match run(what, bytes) {
        Err(err) => err,
        Ok(report) => panic!("{what}: expected a parse error, got a report: {report:#?}"),
    }
}

/// A report for `what`, not verified, with its proof check failed; returns the
/// proof check's message.
fn proof_fails(what: &str, result: Result<Report, ParseError>) -> String {
    let report = result.unwrap_or_else(|err| panic!("{what}: expected a report, got: {err}"));
    assert!(!report.verified, "{what}: verified: {report:#?}");
    let proof = report
        .check(CheckId::Proof)
        .unwrap_or_else(|| panic!("{what}: no proof check"));
    assert_eq!(proof.status, CheckStatus::Fail, "{what}: {report:#?}");
    assert!(!proof.message.trim().is_empty(), "{what}: empty message");
    for id in [
        CheckId::Proof,
        CheckId::Issuer,
        CheckId::Validity,
        CheckId::Status,
    ] {
        assert!(report.check(id).is_some(), "{what}: lacks {id:?}");
    }
    proof.message.clone()
}

/// The start of a possibly huge message, for assertion output.
fn clip(text: &str) -> String {
    text.chars().take(160).collect()
}

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

fn b64_json(value: &Value) -> String {
    b64(&serde_json::to_vec(value).unwrap())
}

#[test]
fn the_base_vector_verifies() {
    // Every mutation below starts from this; it must be good to begin with.
    let report = run("valid vector", &valid_bytes()).unwrap();
    assert!(report.verified, "{report:#?}");
}

// ---------------------------------------------------------------------------
// Malformed and oversized JSON
// ---------------------------------------------------------------------------

#[test]
fn malformed_json_is_a_clear_error() {
    let valid = valid_bytes();
    let text = String::from_utf8(valid.clone()).unwrap();
    let name_at = text.find("Cloud Fundamentals").unwrap();

    let truncated = valid[..valid.len() / 2].to_vec();
    let mut trailing = valid.clone();
    trailing.extend_from_slice(b"}} and then some garbage");
    let mut bad_utf8 = valid.clone();
    bad_utf8.splice(name_at..name_at, [0xff, 0xfe, 0xc3]);
    let mut nul_in_string = valid.clone();
    nul_in_string.insert(name_at, 0);
    let mut nul_after = valid.clone();
    nul_after.extend_from_slice(&[0, 0, 0, 0]);
    let lone_surrogate = text.replacen("Cloud Fundamentals", "Cloud \\ud800 Fundamentals", 1);

    for (what, bytes) in [
        ("truncated", truncated),
        ("trailing garbage", trailing),
        ("invalid UTF-8 in a string", bad_utf8),
        ("raw NUL in a string", nul_in_string),
        ("NUL bytes after the document", nul_after),
        ("lone surrogate escape", lone_surrogate.into_bytes()),
        ("unclosed object", b"{".to_vec()),
        ("unclosed string", b"{\"@context\": \"https://".to_vec()),
    ] {
        let err = parse_error(what, &bytes);
        assert!(matches!(err, ParseError::Json { .. }), "{what}: {err:?}");
        assert!(
            err.to_string().starts_with("not valid JSON"),
            "{what}: {err}"
        );
    }

    // Not JSON at all: refused by format, without guessing.
    let mut nul_first = vec![0u8; 3];
    nul_first.extend_from_slice(&valid);
    for (what, bytes) in [
        ("NUL bytes before the document", nul_first),
        ("only NUL bytes", vec![0u8; 1024]),
        ("invalid UTF-8 only", vec![0xff; 1024]),
    ] {
        let err = parse_error(what, &bytes);
        assert!(matches!(err, ParseError::UnknownFormat), "{what}: {err:?}");
    }
    assert!(matches!(parse_error("empty", b""), ParseError::Empty));
}

#[test]
fn escaped_nul_in_a_signed_field_fails_the_proof() {
    // Valid JSON ("\u0000"), so it reaches canonicalization; the change breaks the
    // signature and nothing panics on the control character.
    let mut doc = valid_credential();
    doc["name"] = json!("Cloud\u{0}Fundamentals");
    doc["credentialSubject"]["achievement"]["name"] = json!("\u{0}");
    proof_fails("escaped NUL", run_json("escaped NUL", &doc));
}

#[test]
fn fifty_megabyte_json_is_refused_as_too_large_quickly() {
    const SIZE: usize = 50 * 1024 * 1024;
    let head = br#"{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"],"pad":""#;
    let tail = br#""}"#;
    let mut doc = Vec::with_capacity(SIZE);
    doc.extend_from_slice(head);
    doc.resize(SIZE - tail.len(), b'a');
    doc.extend_from_slice(tail);
    assert_eq!(doc.len(), SIZE);

    let started = Instant::now();
    let err = parse(&doc).unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert!(
        matches!(err, ParseError::TooLarge { size, limit } if size == SIZE && limit == MAX_CREDENTIAL_BYTES),
        "{err:?}"
    );
    let err = parse_error("50 MB JSON", &doc);
    assert!(matches!(err, ParseError::TooLarge { .. }), "{err:?}");

    // The same size in something shaped like a compact JWS.
    let mut jws = vec![b'a'; SIZE];
    jws[10] = b'.';
    jws[20] = b'.';
    let err = parse_error("50 MB JWS", &jws);
    assert!(matches!(err, ParseError::TooLarge { .. }), "{err:?}");
}

// ---------------------------------------------------------------------------
// Deep nesting
// ---------------------------------------------------------------------------

fn credential_with(value_json: &str) -> Vec<u8> {
    format!(
        r#"{{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"],"issuer":"did:example:1","credentialSubject":{value_json}}}"#
    )
    .into_bytes()
}

#[test]
fn ten_thousand_deep_arrays_are_refused_without_overflowing_the_stack() {
    const DEPTH: usize = 10_000;
    let arrays = format!("{}{}", "[".repeat(DEPTH), "]".repeat(DEPTH));

    let err = parse_error("deep arrays in a credential", &credential_with(&arrays));
    assert!(matches!(err, ParseError::Json { .. }), "{err:?}");
    assert!(err.to_string().contains("nested too deeply"), "{err}");

    // Unclosed: a truncated bomb is refused just the same.
    let unclosed = credential_with(&"[".repeat(DEPTH));
    let err = parse_error("unclosed deep arrays", &unclosed);
    assert!(matches!(err, ParseError::Json { .. }), "{err:?}");

    // A top-level array is not a credential, whatever is inside.
    let err = parse_error("top-level deep arrays", arrays.as_bytes());
    assert!(matches!(err, ParseError::NotACredential { .. }), "{err:?}");
}

#[test]
fn ten_thousand_deep_objects_are_refused_without_overflowing_the_stack() {
    const DEPTH: usize = 10_000;
    let objects = format!("{}1{}", r#"{"a":"#.repeat(DEPTH), "}".repeat(DEPTH));

    let err = parse_error("deep objects at the top", objects.as_bytes());
    assert!(matches!(err, ParseError::Json { .. }), "{err:?}");
    assert!(err.to_string().contains("nested too deeply"), "{err}");

    let err = parse_error("deep objects in a credential", &credential_with(&objects));
    assert!(err.to_string().contains("nested too deeply"), "{err}");

    // Inside a JWT payload, which is decoded by the JWS parser.
    let header = b64_json(&json!({"alg": "EdDSA", "kid": "did:key:z6Mk#z6Mk"}));
    let token = format!(
        "{header}.{}.{}",
        b64(&credential_with(&objects)),
        b64(&[0; 64])
    );
    let err = parse_error("deep objects in a JWT payload", token.as_bytes());
    assert!(
        matches!(err, ParseError::Jwt(JwtError::Malformed { .. })),
        "{err:?}"
    );
}

/// `depth` term definitions, each with a scoped `@context` holding the next.
fn nested_context(depth: usize) -> String {
    let mut out = String::new();
    for i in 0..depth {
        out.push_str(&format!(
            r#"{{"t{i}":{{"@id":"https://example.org/t{i}","@context":"#
        ));
    }
    out.push_str(r#"{"leaf":"https://example.org/leaf"}"#);
    out.push_str(&"}}".repeat(depth));
    out
}

fn with_inline_context(context_json: &str) -> Vec<u8> {
    let valid = String::from_utf8(valid_bytes()).unwrap();
    let anchor = "\"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json\"";
    assert!(valid.contains(anchor));
    valid
        .replacen(anchor, &format!("{anchor}, {context_json}"), 1)
        .into_bytes()
}

#[test]
fn context_nested_a_thousand_deep_is_an_error() {
    let bytes = with_inline_context(&nested_context(1_000));
    let err = parse_error("1,000-deep @context", &bytes);
    assert!(err.to_string().contains("nested too deeply"), "{err}");

    // Just inside the JSON depth limit, so the JSON-LD processor gets to see it and
    // must process every scoped context. Its terms are never used, so the signed RDF
    // is unchanged and the signature may well still hold: only a report is required.
    let bytes = with_inline_context(&nested_context(55));
    let report = run("55-deep @context", &bytes).expect("a report");
    assert!(report.check(CheckId::Proof).is_some(), "{report:#?}");

    // The same depth whose innermost term is used: it changes what was signed.
    let mut doc: Value = serde_json::from_slice(&bytes).unwrap();
    let mut path = doc["credentialSubject"].as_object_mut().unwrap();
    for i in 0..55 {
        path.insert(format!("t{i}"), json!({}));
        path = path[&format!("t{i}")].as_object_mut().unwrap();
    }
    path.insert("leaf".into(), json!("x"));
    proof_fails("55-deep @context, used", run_json("55-deep, used", &doc));
}

// ---------------------------------------------------------------------------
// Data Integrity proofs
// ---------------------------------------------------------------------------

#[test]
fn bogus_multibase_proof_value_fails_the_proof() {
    let b58 = |bytes: &[u8]| bs58::encode(bytes).into_string();
    let cases: Vec<(&str, Value)> = vec![
        (
            "bad base58 characters",
            json!(format!("z0OIl{}", "1".repeat(80))),
        ),
        (
            "wrong multibase prefix",
            json!(format!("u{}", b64(&[7; 64]))),
        ),
        ("no multibase prefix", json!(b58(&[7; 64]))),
        ("32 bytes", json!(format!("z{}", b58(&[7; 32])))),
        ("65 bytes", json!(format!("z{}", b58(&[7; 65])))),
        ("only the prefix", json!("z")),
        ("empty", json!("")),
        (
            "100,000 characters",
            json!(format!("z{}", "2".repeat(100_000))),
        ),
        ("not a string", json!(42)),
        ("null", Value::Null),
    ];
    for (what, value) in cases {
        let mut doc = valid_credential();
        doc["proof"]["proofValue"] = value;
        let message = proof_fails(what, run_json(what, &doc));
        assert!(message.contains("proofValue"), "{what}: {message}");
    }
}

#[test]
fn hundred_kilobyte_verification_method_fails_the_proof() {
    let long = "1".repeat(100 * 1024);
    for vm in [
        format!("did:key:z6Mk{long}#z6Mk{long}"),
        format!("did:jwk:{}#0", "e".repeat(100 * 1024)),
        format!("https://example.org/{long}"),
    ] {
        let what = &vm[..20];
        let mut doc = valid_credential();
        doc["proof"]["verificationMethod"] = json!(vm);
        let report = run_json(what, &doc).unwrap();
        let message = proof_fails(what, Ok(report.clone()));
        assert!(message.contains("unusable"), "{what}: {}", clip(&message));
        let issuer = report.check(CheckId::Issuer).unwrap();
        assert_ne!(issuer.status, CheckStatus::Pass, "{what}");
    }
}

#[test]
fn hundred_kilobyte_verification_method_is_not_quoted_whole() {
    let long = "1".repeat(100 * 1024);
    let mut doc = valid_credential();
    doc["proof"]["verificationMethod"] = json!(format!("did:key:z6Mk{long}"));
    let message = proof_fails("100 KB vm", run_json("100 KB vm", &doc));
    assert!(
        message.len() < 1024,
        "the message is {} bytes: {}",
        message.len(),
        clip(&message)
    );
}

#[test]
fn unknown_context_url_fails_the_proof_naming_it() {
    let evil = "https://evil.example/contexts/v1.jsonld";
    let mut appended = valid_credential();
    appended["@context"]
        .as_array_mut()
        .unwrap()
        .push(json!(evil));
    let mut replaced = valid_credential();
    replaced["@context"][1] = json!(evil);
    // A respelling of a bundled context is a different document to JSON-LD.
    let respelled_url = "http://www.w3.org/ns/credentials/v2";
    let mut respelled = valid_credential();
    respelled["@context"][0] = json!(respelled_url);

    for (what, doc, url) in [
        ("appended", appended, evil),
        ("replaced", replaced, evil),
        ("respelled", respelled, respelled_url),
    ] {
        let message = proof_fails(what, run_json(what, &doc));
        assert!(message.contains(url), "{what}: {message}");
    }
}

#[test]
fn hundred_kilobyte_context_url_is_not_quoted_whole() {
    let url = format!("https://evil.example/{}", "a".repeat(100 * 1024));
    let mut doc = valid_credential();
    doc["@context"].as_array_mut().unwrap().push(json!(url));
    let message = proof_fails("100 KB context URL", run_json("100 KB context", &doc));
    assert!(
        message.len() < 1024,
        "the message is {} bytes: {}",
        message.len(),
        clip(&message)
    );
}

#[test]
fn a_thousand_proofs_fail_the_proof_quickly() {
    let mut doc = valid_credential();
    let proof = doc["proof"].clone();
    doc["proof"] = Value::Array(vec![proof.clone(); 1_000]);
    let message = proof_fails("1,000 proofs", run_json("1,000 proofs", &doc));
    assert!(message.contains("1000"), "{message}");

    // A thousand of a type Cairn does not check are refused the same way.
    let mut doc = valid_credential();
    doc["proof"] = Value::Array(vec![json!({"type": "MadeUpProof2099"}); 1_000]);
    proof_fails("1,000 unknown proofs", run_json("1,000 unknown", &doc));

    // Just at the limit every proof is checked, still within the bound.
    let mut doc = valid_credential();
    let mut bad = proof.clone();
    bad["proofValue"] = json!(format!("z{}", bs58::encode([1u8; 64]).into_string()));
    let mut proofs = vec![proof; 15];
    proofs.push(bad);
    doc["proof"] = Value::Array(proofs);
    proof_fails("16 proofs, one bad", run_json("16 proofs", &doc));
}

// ---------------------------------------------------------------------------
// JWTs
// ---------------------------------------------------------------------------

fn jwt_parts() -> (String, String) {
    let mut credential = valid_credential();
    let vm = credential["proof"]["verificationMethod"].clone();
    credential.as_object_mut().unwrap().remove("proof");
    (
        b64_json(&json!({"alg": "EdDSA", "typ": "vc+jwt", "kid": vm})),
        b64_json(&credential),
    )
}

#[test]
fn truncated_and_malformed_jwts_are_clear_errors() {
    let (header, payload) = jwt_parts();
    let signature = b64(&[9; 64]);
    let not_json = b64(b"this is not json");
    let array_header = b64(b"[\"alg\", \"EdDSA\"]");
    let no_alg = b64_json(&json!({"typ": "JWT"}));
    let cases: Vec<(&str, String)> = vec![
        ("1 part", header.clone()),
        ("2 parts", format!("{header}.{payload}")),
        (
            "4 parts",
            format!("{header}.{payload}.{signature}.{signature}"),
        ),
        ("5 parts", format!("{header}.{payload}.x.y.z")),
        ("only dots", "..".into()),
        ("empty header", format!(".{payload}.{signature}")),
        ("empty payload", format!("{header}..{signature}")),
        ("payload of 1 character", format!("{header}.a.{signature}")),
        ("padded base64", format!("{header}.eyJ=.{signature}")),
        (
            "bad base64 in the signature",
            format!("{header}.{payload}.a"),
        ),
        (
            "header not JSON",
            format!("{not_json}.{payload}.{signature}"),
        ),
        (
            "header a JSON array",
            format!("{array_header}.{payload}.{signature}"),
        ),
        (
            "header without alg",
            format!("{no_alg}.{payload}.{signature}"),
        ),
        (
            "payload not JSON",
            format!("{header}.{not_json}.{signature}"),
        ),
    ];
    for (what, token) in cases {
        let err = parse_error(what, token.as_bytes());
        assert!(
            matches!(
                err,
                ParseError::UnknownFormat | ParseError::Jwt(JwtError::Malformed { .. })
            ),
            "{what}: {err:?}"
        );
        assert!(!err.to_string().is_empty());
    }
}

#[test]
fn jwt_with_an_empty_signature_fails_the_proof() {
    let (header, payload) = jwt_parts();
    let token = format!("{header}.{payload}.");
    proof_fails("empty signature", run("empty signature", token.as_bytes()));
}

#[test]
fn jwt_alg_none_and_hmac_fail_the_proof() {
    let (_, payload) = jwt_parts();
    let vm = valid_credential()["proof"]["verificationMethod"].clone();
    for (alg, signature) in [
        ("none", String::new()),
        ("NONE", String::new()),
        ("HS256", b64(&[3; 32])),
        ("hs512", b64(&[3; 64])),
    ] {
        let header = b64_json(&json!({"alg": alg, "kid": vm}));
        let token = format!("{header}.{payload}.{signature}");
        let message = proof_fails(alg, run(alg, token.as_bytes()));
        assert!(message.contains(alg), "{alg}: {message}");
    }
}

// ---------------------------------------------------------------------------
// Baked images
// ---------------------------------------------------------------------------

const PNG_SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];

fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = u32::try_from(data.len()).unwrap().to_be_bytes().to_vec();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut crc = crc32fast::Hasher::new();
    crc.update(kind);
    crc.update(data);
    out.extend_from_slice(&crc.finalize().to_be_bytes());
    out
}

/// Signature, a 1×1 IHDR, then an iTXt chunk header claiming `declared` bytes,
/// followed by the start of a badge chunk and nothing more.
fn png_with_itxt_claiming(declared: u32) -> Vec<u8> {
    let mut bytes = PNG_SIGNATURE.to_vec();
    bytes.extend(png_chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]));
    bytes.extend_from_slice(&declared.to_be_bytes());
    bytes.extend_from_slice(b"iTXt");
    bytes.extend_from_slice(b"openbadgecredential\0\0\0\0\0");
    bytes.extend_from_slice(&valid_bytes());
    bytes
}

#[test]
fn png_itxt_claiming_4_gb_is_malformed_without_allocating() {
    for declared in [0xFFFF_FFF0, 0x7FFF_FFF0, u32::MAX] {
        let what = format!("iTXt of {declared:#x} bytes");
        let err = parse_error(&what, &png_with_itxt_claiming(declared));
        assert!(
            matches!(
                err,
                ParseError::Baked(BakedError::Malformed { image: "PNG", .. })
            ),
            "{what}: {err:?}"
        );
        assert!(err.to_string().contains("PNG"), "{what}: {err}");
    }
}

const SVG_OPEN: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0" width="10" height="10">"#;

/// The classic: ten levels of entities, each ten of the one before (10^9 "lol"s).
fn billion_laughs_doctype() -> String {
    let mut doctype = String::from("<!DOCTYPE svg [\n  <!ENTITY lol \"lol\">\n");
    for level in 1..=9 {
        let previous = if level == 1 {
            "lol".to_owned()
        } else {
            format!("lol{}", level - 1)
        };
        doctype.push_str(&format!(
            "  <!ENTITY lol{level} \"{}\">\n",
            format!("&{previous};").repeat(10)
        ));
    }
    doctype.push_str("]>");
    doctype
}

fn svg(body: &str) -> Vec<u8> {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{}\n{SVG_OPEN}\n{body}\n</svg>\n",
        billion_laughs_doctype()
    )
    .into_bytes()
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[test]
fn svg_billion_laughs_is_never_expanded() {
    let bytes = svg("<openbadges:credential>&lol9;</openbadges:credential>");
    let err = parse_error("billion laughs in the badge", &bytes);
    assert!(
        matches!(err, ParseError::Baked(BakedError::EntityReference { ref name }) if name == "lol9"),
        "{err:?}"
    );

    let bytes = svg(r#"<openbadges:credential verify="&lol9;"/>"#);
    let err = parse_error("billion laughs in an attribute", &bytes);
    assert!(
        matches!(err, ParseError::Baked(BakedError::EntityReference { .. })),
        "{err:?}"
    );

    // Around a real credential, used only in the picture: the badge is read,
    // the entity never expanded.
    let credential = xml_escape(&String::from_utf8(valid_bytes()).unwrap());
    let bytes = svg(&format!(
        "<text>&lol9;</text>\n<openbadges:credential>{credential}</openbadges:credential>"
    ));
    let report = run("billion laughs beside a real credential", &bytes)
        .expect("the badge itself uses no entity");
    assert_eq!(report.container.as_deref(), Some("svg"), "{report:#?}");
    assert!(report.verified, "{report:#?}");
}
