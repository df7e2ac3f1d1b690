//! Data Integrity proofs embedded in JSON-LD credentials: `eddsa-rdfc-2022`,
//! `eddsa-jcs-2022` (W3C vc-di-eddsa) and the older `Ed25519Signature2020`.
//!
//! Each suite signs SHA-256(canonical proof configuration) ‖ SHA-256(canonical
//! document); they differ in the canonicalization (RDFC-1.0 or JCS) and in which
//! `@context` the proof configuration is read with. Every proof on a credential
//! must verify; one bad proof fails the credential.

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::keys::{KeyError, ResolvedKey, clip};
use super::report::{Check, CheckId, CheckStatus};
use super::resolve::KeyResolver;
use crate::canon::{self, CanonError};

/// Largest number of proofs read from one credential (proof sets are small; a
/// thousand proofs is an attempt to make verification slow).
const MAX_PROOFS: usize = 16;

/// The Ed25519 Data Integrity suites Cairn verifies and signs with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Suite {
    EddsaRdfc2022,
    EddsaJcs2022,
    Ed25519Signature2020,
}

impl Suite {
    pub fn name(self) -> &'static str {
        match self {
            Suite::EddsaRdfc2022 => "eddsa-rdfc-2022",
            Suite::EddsaJcs2022 => "eddsa-jcs-2022",
            Suite::Ed25519Signature2020 => "Ed25519Signature2020",
        }
    }
}

/// Why a document could not be signed.
#[derive(Debug, thiserror::Error)]
pub enum SignError {
    #[error("only a JSON object can be signed")]
    NotAnObject,
    #[error("the document {0}")]
    Canon(#[from] CanonError),
    #[error("{0}")]
    Mismatch(String),
}

/// Adds a Data Integrity proof to `doc` (replacing none it already has: proofs
/// accumulate into a set). The proof is made exactly as [`check`] will verify it,
/// because both build the signed bytes with the same function.
pub fn sign(
    doc: &Value,
    suite: Suite,
    key: &ed25519_dalek::SigningKey,
    verification_method: &str,
    created: &str,
    proof_purpose: &str,
) -> Result<Value, SignError> {
    sign_with(
        doc,
        suite,
        key,
        verification_method,
        &ProofOptions {
            created,
            purpose: proof_purpose,
            ..ProofOptions::default()
        },
    )
}

/// The options of a proof beyond its key: a presentation's proof carries a
/// `challenge` (a nonce), maybe a `domain`, and an `expires` time (Data Integrity
/// §2.1 "Proofs"), all covered by the signature.
#[derive(Debug, Default, Clone, Copy)]
pub struct ProofOptions<'a> {
    pub created: &'a str,
    pub purpose: &'a str,
    pub challenge: Option<&'a str>,
    pub domain: Option<&'a str>,
    pub expires: Option<&'a str>,
}

/// [`sign`] with every proof option.
pub fn sign_with(
    doc: &Value,
    suite: Suite,
    key: &ed25519_dalek::SigningKey,
    verification_method: &str,
    options: &ProofOptions<'_>,
) -> Result<Value, SignError> {
    use ed25519_dalek::Signer;
    let ProofOptions {
        created,
        purpose: proof_purpose,
        ..
    } = *options;

    let Value::Object(mut signed) = doc.clone() else {
        return Err(SignError::NotAnObject);
    };
    let existing = signed.remove("proof");
    let mut proof = Map::new();
    match suite {
        Suite::Ed25519Signature2020 => {
            proof.insert("type".into(), "Ed25519Signature2020".into());
        }
        Suite::EddsaRdfc2022 | Suite::EddsaJcs2022 => {
            proof.insert("type".into(), "DataIntegrityProof".into());
            proof.insert("cryptosuite".into(), suite.name().into());
        }
    }
    proof.insert("created".into(), created.into());
    proof.insert("verificationMethod".into(), verification_method.into());
    proof.insert("proofPurpose".into(), proof_purpose.into());
    for (name, value) in [
        ("challenge", options.challenge),
        ("domain", options.domain),
        ("expires", options.expires),
    ] {
        if let Some(value) = value {
            proof.insert(name.into(), value.into());
        }
    }
    // eddsa-jcs-2022 hashes the proof options as attached, so they carry the
    // document's @context (vc-di-eddsa "Proof Configuration (eddsa-jcs-2022)").
    if suite == Suite::EddsaJcs2022
        && let Some(context) = signed.get("@context")
    {
        proof.insert("@context".into(), context.clone());
    }
    let unsigned = Value::Object(signed.clone());
    let message = signing_input(&unsigned, &proof, &[], suite).map_err(|err| match err {
        SigningInputError::Canon(err) => SignError::Canon(err),
        SigningInputError::Mismatch(reason) => SignError::Mismatch(reason),
    })?;
    let signature = key.sign(&message);
    proof.insert(
        "proofValue".into(),
        format!("z{}", bs58::encode(signature.to_bytes()).into_string()).into(),
    );
    let proof = Value::Object(proof);
    let proofs = match existing {
        None => proof,
        Some(Value::Array(mut items)) => {
            items.push(proof);
            Value::Array(items)
        }
        Some(other) => Value::Array(vec![other, proof]),
    };
    signed.insert("proof".into(), proofs);
    Ok(Value::Object(signed))
}

/// What one proof came to.
enum Outcome {
    Valid {
        suite: Suite,
        key: Box<ResolvedKey>,
    },
    /// The signature does not hold. `key_known` says whether the key was found, which
    /// decides between an issuer `fail` (a known key that did not sign this) and an
    /// issuer `unknown` (no usable key, so no owner to compare).
    Invalid {
        reason: String,
        key_known: bool,
    },
    /// Could not be checked now (the key needs the network).
    Unverifiable(String),
}

fn invalid(reason: impl Into<String>, key_known: bool) -> Outcome {
    Outcome::Invalid {
        reason: reason.into(),
        key_known,
    }
}

/// The `proof` and `issuer` checks of a JSON-LD credential.
pub fn check(doc: &Value, resolver: &dyn KeyResolver) -> (Check, Check) {
    let proofs: Vec<&Value> = match doc.get("proof") {
        None => {
            return (
                fail(
                    CheckId::Proof,
                    "the credential carries no proof (it is not signed)",
                ),
                fail(
                    CheckId::Issuer,
                    "no signature ties the credential to its issuer",
                ),
            );
        }
        Some(Value::Array(items)) => items.iter().collect(),
        Some(single) => vec![single],
    };
    if proofs.is_empty() {
        return (
            fail(
                CheckId::Proof,
                "the credential's proof list is empty (it is not signed)",
            ),
            fail(
                CheckId::Issuer,
                "no signature ties the credential to its issuer",
            ),
        );
    }
    if proofs.len() > MAX_PROOFS {
        return (
            fail(
                CheckId::Proof,
                format!(
                    "the credential carries {} proofs; at most {MAX_PROOFS} are checked",
                    proofs.len()
                ),
            ),
            unknown(CheckId::Issuer, "the proofs were not checked"),
        );
    }

    // A proof of a type Cairn does not know cannot be judged; if the credential also
    // carries proofs it does know, those decide, and the report says what was skipped.
    let (supported, unsupported): (Vec<&Value>, Vec<&Value>) = proofs
        .iter()
        .partition(|p| p.as_object().is_some_and(|p| suite_of(p).is_ok()));
    let to_check = if supported.is_empty() {
        &proofs
    } else {
        &supported
    };
    let outcomes: Vec<Outcome> = to_check
        .iter()
        .map(|proof| verify_one(doc, proof, &proofs, resolver, ASSERTION))
        .collect();

    let mut proof_check = summarize_proofs(&outcomes);
    if !supported.is_empty() && !unsupported.is_empty() {
        let names: Vec<&str> = unsupported
            .iter()
            .map(|p| p.get("type").and_then(Value::as_str).unwrap_or("(none)"))
            .collect();
        proof_check.message.push_str(&format!(
            " ({} proof of a type Cairn does not check was ignored: {})",
            unsupported.len(),
            names.join(", ")
        ));
    }
    let issuer_check = issuer_check(doc, &outcomes);
    (proof_check, issuer_check)
}

fn summarize_proofs(outcomes: &[Outcome]) -> Check {
    if let Some(reason) = outcomes.iter().find_map(|o| match o {
        Outcome::Invalid { reason, .. } => Some(reason),
        _ => None,
    }) {
        return fail(CheckId::Proof, reason.clone());
    }
    if let Some(reason) = outcomes.iter().find_map(|o| match o {
        Outcome::Unverifiable(reason) => Some(reason),
        _ => None,
    }) {
        return unknown(CheckId::Proof, reason.clone());
    }
    let valid: Vec<String> = outcomes
        .iter()
        .filter_map(|o| match o {
            Outcome::Valid { suite, key } => {
                Some(format!("{} signature by {} is valid", suite.name(), key.id))
            }
            _ => None,
        })
        .collect();
    let message = if valid.len() == 1 {
        valid.into_iter().next().unwrap_or_default()
    } else {
        format!(
            "all {} signatures are valid: {}",
            valid.len(),
            valid.join("; ")
        )
    };
    Check::new(CheckId::Proof, CheckStatus::Pass, message)
}

/// The issuer check: some valid proof must be made with a key the issuer controls.
fn issuer_check(doc: &Value, outcomes: &[Outcome]) -> Check {
    let Some(issuer) = issuer_id(doc) else {
        return fail(CheckId::Issuer, "the credential names no issuer");
    };
    let valid_keys: Vec<&ResolvedKey> = outcomes
        .iter()
        .filter_map(|o| match o {
            Outcome::Valid { key, .. } => Some(key.as_ref()),
            _ => None,
        })
        .collect();
    if let Some(key) = valid_keys.iter().find(|k| k.controller == issuer) {
        return Check::new(
            CheckId::Issuer,
            CheckStatus::Pass,
            format!(
                "the signing key belongs to the issuer ({})",
                key.source.describe()
            ),
        );
    }
    if let Some(key) = valid_keys.first() {
        return fail(
            CheckId::Issuer,
            format!(
                "signed with a key controlled by {}, not by the issuer {issuer}",
                key.controller
            ),
        );
    }
    if outcomes
        .iter()
        .any(|o| matches!(o, Outcome::Unverifiable(_)))
    {
        return unknown(
            CheckId::Issuer,
            "the issuer's key could not be fetched, so its owner is unknown",
        );
    }
    if outcomes.iter().any(|o| {
        matches!(
            o,
            Outcome::Invalid {
                key_known: false,
                ..
            }
        )
    }) {
        return unknown(
            CheckId::Issuer,
            "the signing key could not be read, so its owner is unknown",
        );
    }
    fail(
        CheckId::Issuer,
        "no valid signature ties the credential to its issuer",
    )
}

/// The issuer's id: a string, or an object's `id`.
pub(crate) fn issuer_id(doc: &Value) -> Option<&str> {
    match doc.get("issuer")? {
        Value::String(id) => Some(id),
        Value::Object(obj) => obj.get("id")?.as_str(),
        _ => None,
    }
}

/// The purpose an issuer signs a credential for.
const ASSERTION: &str = "assertionMethod";

/// A proof that held, as [`verify_single`] found it.
#[derive(Debug)]
pub struct ValidProof {
    pub suite: Suite,
    pub key: ResolvedKey,
    /// The proof object itself, for its options (`challenge`, `expires`, …).
    pub proof: Map<String, Value>,
}

/// Verifies the one proof of a document signed for `purpose` (a presentation's
/// holder signs for `authentication`). `Err` says, in plain words, why it does not
/// hold or could not be checked; the caller decides what that means.
pub fn verify_single(
    doc: &Value,
    resolver: &dyn KeyResolver,
    purpose: &str,
) -> Result<ValidProof, String> {
    let proof = match doc.get("proof") {
        None => return Err("it carries no proof (it is not signed)".into()),
        Some(Value::Array(items)) if items.len() != 1 => {
            return Err(format!("it carries {} proofs instead of one", items.len()));
        }
        Some(Value::Array(items)) => &items[0],
        Some(single) => single,
    };
    match verify_one(doc, proof, &[proof], resolver, purpose) {
        Outcome::Valid { suite, key } => Ok(ValidProof {
            suite,
            key: *key,
            proof: proof.as_object().cloned().unwrap_or_default(),
        }),
        Outcome::Invalid { reason, .. } | Outcome::Unverifiable(reason) => Err(reason),
    }
}

fn verify_one(
    doc: &Value,
    proof: &Value,
    all: &[&Value],
    resolver: &dyn KeyResolver,
    expected_purpose: &str,
) -> Outcome {
    let Some(proof) = proof.as_object() else {
        return invalid("a proof is not a JSON object", false);
    };
    let suite = match suite_of(proof) {
        Ok(suite) => suite,
        // A proof that names a key in a suite we cannot run leaves the key's owner
        // unknown; one that names no key at all ties the credential to no one.
        Err(reason) => return invalid(reason, !proof.contains_key("verificationMethod")),
    };
    let Some(vm) = proof.get("verificationMethod").and_then(Value::as_str) else {
        // No key named at all: nothing could ever tie this proof to the issuer.
        return invalid("the proof names no verificationMethod", true);
    };
    // Untrusted: quoted in messages, so never echoed whole.
    let vm_quoted = clip(vm);
    // The key first: whether it can be found decides what the issuer check can say,
    // whatever else is wrong with the proof.
    let key = match resolver.resolve(vm) {
        Ok(key) => key,
        Err(KeyError::NeedsNetwork { method }) => {
            return Outcome::Unverifiable(format!(
                "the issuer's key {vm_quoted} is published online ({method}) and could not be fetched (offline)"
            ));
        }
        Err(KeyError::Unavailable { reason }) => {
            return Outcome::Unverifiable(format!(
                "the issuer's key {vm_quoted} could not be fetched: {reason}"
            ));
        }
        Err(err) => {
            return invalid(
                format!("the signing key {vm_quoted} is unusable: {err}"),
                false,
            );
        }
    };
    // Whatever resolved it (offline, a cache, the network), the key must be the one the
    // proof names, or the issuer check would vouch for the wrong controller. (A bare
    // DID such as `did:key:z6Mk…` names its key's implied fragment.)
    let names_this_key = key.id == vm
        || (!vm.contains('#')
            && key
                .id
                .strip_prefix(vm)
                .is_some_and(|rest| rest.starts_with('#')));
    if !names_this_key {
        return invalid(
            format!(
                "the key found for {vm_quoted} is a different one ({})",
                clip(&key.id)
            ),
            false,
        );
    }
    if let Some(purpose) = proof.get("proofPurpose").and_then(Value::as_str)
        && purpose != expected_purpose
    {
        let what = if expected_purpose == ASSERTION {
            "a credential"
        } else {
            "this document"
        };
        return invalid(
            format!(
                "the proof's purpose is \"{purpose}\", but {what} must be signed for \"{expected_purpose}\""
            ),
            true,
        );
    }
    let Some(signature) = proof
        .get("proofValue")
        .and_then(Value::as_str)
        .and_then(decode_proof_value)
    else {
        return invalid(
            format!(
                "the {} proofValue is not a base58btc multibase Ed25519 signature",
                suite.name()
            ),
            true,
        );
    };
    let message = match signing_input(doc, proof, all, suite) {
        Ok(message) => message,
        Err(SigningInputError::Canon(err)) => {
            return invalid(format!("the credential {err}"), true);
        }
        Err(SigningInputError::Mismatch(reason)) => return invalid(reason, true),
    };
    match key.key.verify_ed25519(&message, &signature) {
        Ok(()) => Outcome::Valid {
            suite,
            key: Box::new(key),
        },
        Err(KeyError::WrongKeyType { found, .. }) => invalid(
            format!(
                "{} needs an Ed25519 key, but {vm_quoted} is a {found} key",
                suite.name()
            ),
            true,
        ),
        Err(_) => invalid(
            format!(
                "the {} signature does not match the credential: it was changed after signing, or signed by another key",
                suite.name()
            ),
            true,
        ),
    }
}

fn suite_of(proof: &Map<String, Value>) -> Result<Suite, String> {
    let kind = proof
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("(none)");
    match kind {
        "DataIntegrityProof" => match proof.get("cryptosuite").and_then(Value::as_str) {
            // "eddsa-2022" is the pre-Recommendation name of the same algorithm, still
            // found on credentials issued in 2023.
            Some("eddsa-rdfc-2022" | "eddsa-2022") => Ok(Suite::EddsaRdfc2022),
            Some("eddsa-jcs-2022") => Ok(Suite::EddsaJcs2022),
            Some(other) => Err(format!(
                "the proof uses the cryptosuite \"{other}\", which Cairn does not support"
            )),
            None => Err("the DataIntegrityProof names no cryptosuite".into()),
        },
        "Ed25519Signature2020" => Ok(Suite::Ed25519Signature2020),
        other => Err(format!(
            "the proof type \"{other}\" is not one Cairn supports"
        )),
    }
}

/// `z` + base58btc of a 64-byte Ed25519 signature.
fn decode_proof_value(value: &str) -> Option<Vec<u8>> {
    let encoded = value.strip_prefix('z')?;
    if encoded.len() > 128 {
        return None;
    }
    let bytes = bs58::decode(encoded).into_vec().ok()?;
    (bytes.len() == 64).then_some(bytes)
}

enum SigningInputError {
    Canon(CanonError),
    Mismatch(String),
}

impl From<CanonError> for SigningInputError {
    fn from(err: CanonError) -> Self {
        SigningInputError::Canon(err)
    }
}

/// SHA-256(canonical proof configuration) ‖ SHA-256(canonical unsecured document).
fn signing_input(
    doc: &Value,
    proof: &Map<String, Value>,
    all: &[&Value],
    suite: Suite,
) -> Result<Vec<u8>, SigningInputError> {
    let mut unsecured = doc.as_object().cloned().unwrap_or_default();
    unsecured.remove("proof");
    // Proof chains (Data Integrity §"previousProof"): a chained proof signed the
    // document together with the proofs it names.
    if let Some(previous) = proof.get("previousProof") {
        let wanted: Vec<&str> = match previous {
            Value::String(id) => vec![id.as_str()],
            Value::Array(ids) => ids.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        let found: Vec<Value> = all
            .iter()
            .filter(|p| {
                p.get("id")
                    .and_then(Value::as_str)
                    .is_some_and(|id| wanted.contains(&id))
            })
            .map(|p| (*p).clone())
            .collect();
        if found.len() != wanted.len() {
            return Err(SigningInputError::Mismatch(
                "a proof refers to a previous proof that is not on the credential".into(),
            ));
        }
        unsecured.insert(
            "proof".into(),
            if found.len() == 1 {
                found[0].clone()
            } else {
                Value::Array(found)
            },
        );
    }

    let mut config = proof.clone();
    config.remove("proofValue");
    let doc_context = unsecured.get("@context").cloned();

    match suite {
        Suite::EddsaRdfc2022 | Suite::EddsaJcs2022 => {
            // vc-di-eddsa "Verify Proof": a proof's own @context must be a prefix of
            // the document's, and then stands in for it.
            if let Some(proof_context) = config.get("@context").cloned() {
                if !context_starts_with(doc_context.as_ref(), &proof_context) {
                    return Err(SigningInputError::Mismatch(
                        "the proof's @context does not match the start of the credential's @context".into(),
                    ));
                }
                unsecured.insert("@context".into(), proof_context);
            } else if suite == Suite::EddsaRdfc2022
                && let Some(context) = &doc_context
            {
                config.insert("@context".into(), context.clone());
            }
        }
        Suite::Ed25519Signature2020 => {
            // This older suite reads the proof with its own @context when it has one
            // (jsonld-signatures behaviour), else with the document's.
            if !config.contains_key("@context")
                && let Some(context) = &doc_context
            {
                config.insert("@context".into(), context.clone());
            }
        }
    }

    let unsecured = Value::Object(unsecured);
    let config = Value::Object(config);
    let (config_bytes, doc_bytes) = match suite {
        Suite::EddsaJcs2022 => (canon::jcs(&config)?, canon::jcs(&unsecured)?),
        Suite::EddsaRdfc2022 | Suite::Ed25519Signature2020 => (
            canon::rdfc(&config)?.into_bytes(),
            canon::rdfc(&unsecured)?.into_bytes(),
        ),
    };
    let mut message = Sha256::digest(&config_bytes).to_vec();
    message.extend_from_slice(&Sha256::digest(&doc_bytes));
    Ok(message)
}

fn context_starts_with(doc: Option<&Value>, prefix: &Value) -> bool {
    let as_list = |v: &Value| match v {
        Value::Array(items) => items.clone(),
        other => vec![other.clone()],
    };
    let Some(doc) = doc else { return false };
    let doc = as_list(doc);
    let prefix = as_list(prefix);
    doc.len() >= prefix.len() && doc.iter().zip(&prefix).all(|(a, b)| a == b)
}

fn fail(id: CheckId, message: impl Into<String>) -> Check {
    Check::new(id, CheckStatus::Fail, message)
}

fn unknown(id: CheckId, message: impl Into<String>) -> Check {
    Check::new(id, CheckStatus::Unknown, message)
}
