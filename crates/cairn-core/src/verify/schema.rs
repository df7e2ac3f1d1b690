//! The `schema` check: does an Open Badges 3.0 credential have the shape the 1EdTech
//! JSON Schema describes? (Bundled; never fetched.)
//!
//! The issuer's signature says who said it; the schema says whether wallets and
//! verifiers can read it as a badge. A violation is a `fail` when the issuer itself
//! declared this schema in `credentialSchema` (its own promise, broken), and a `warn`
//! otherwise: the credential may still be genuine, just unusual.

use std::sync::LazyLock;

use serde_json::Value;

use super::report::{Check, CheckId, CheckStatus};
use crate::quote::clip;

const ACHIEVEMENT_SCHEMA: &[u8] =
    include_bytes!("../../schemas/ob_v3p0_achievementcredential_schema.json-ld.json");

/// The ids under which 1EdTech publishes the AchievementCredential schema.
const ACHIEVEMENT_SCHEMA_IDS: [&str; 2] = [
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json-ld/ob_v3p0_achievementcredential_schema.json",
];

/// At most this many violations are listed in the message.
const LISTED: usize = 3;

static VALIDATOR: LazyLock<Result<jsonschema::Validator, String>> = LazyLock::new(|| {
    let schema: Value = serde_json::from_slice(ACHIEVEMENT_SCHEMA).map_err(|e| e.to_string())?;
    // Compiled through a draft-07 root that only refers to it: jsonschema checks the
    // root document against its meta-schema when it compiles, and compiling the
    // 2019-09 meta-schema for that took most of a cold start in the browser's viewer
    // (~150 ms of WebAssembly). The bundled schema never changes at run time; a test
    // checks it against its meta-schema instead.
    let registry = jsonschema::Registry::new()
        .add(
            ACHIEVEMENT_SCHEMA_IDS[1],
            jsonschema::Draft::Draft201909.create_resource(schema),
        )
        .and_then(|builder| builder.prepare())
        .map_err(|e| e.to_string())?;
    let root = serde_json::json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$ref": ACHIEVEMENT_SCHEMA_IDS[1],
    });
    jsonschema::options()
        .should_validate_formats(true)
        .with_registry(&registry)
        .build(&root)
        .map_err(|e| e.to_string())
});

pub fn check(doc: &Value, format: &str) -> Check {
    if !format.starts_with("ob3-") {
        return Check::new(
            CheckId::Schema,
            CheckStatus::Skip,
            "Cairn bundles no JSON Schema for this kind of credential",
        );
    }
    if !format.starts_with("ob3-vc2") {
        return Check::new(
            CheckId::Schema,
            CheckStatus::Skip,
            "the bundled Open Badges 3.0 schema describes credentials on VC 2.0; this one uses VC 1.1",
        );
    }
    let validator = match VALIDATOR.as_ref() {
        Ok(validator) => validator,
        Err(err) => {
            return Check::new(
                CheckId::Schema,
                CheckStatus::Unknown,
                format!("the bundled schema could not be loaded: {err}"),
            );
        }
    };
    // The schema describes the credential's content; its proof is judged by the
    // `proof` check. (The schema also insists on an array of proofs, while a single
    // proof object is the usual, valid compacted form.)
    let mut unsecured = doc.clone();
    if let Some(obj) = unsecured.as_object_mut() {
        obj.remove("proof");
    }
    let errors: Vec<String> = validator
        .iter_errors(&unsecured)
        .take(LISTED + 1)
        .map(|e| {
            let at = e.instance_path().to_string();
            let place = if at.is_empty() {
                "the credential".to_owned()
            } else {
                at
            };
            format!("{place}: {}", clip(&e.to_string()))
        })
        .collect();
    if errors.is_empty() {
        return Check::new(
            CheckId::Schema,
            CheckStatus::Pass,
            "valid against the Open Badges 3.0 AchievementCredential schema",
        );
    }
    let listed = errors
        .iter()
        .take(LISTED)
        .cloned()
        .collect::<Vec<_>>()
        .join("; ");
    let more = if errors.len() > LISTED { "; …" } else { "" };
    let status = if declares_schema(doc) {
        CheckStatus::Fail
    } else {
        CheckStatus::Warn
    };
    let lead = if status == CheckStatus::Fail {
        "does not match the Open Badges 3.0 schema its issuer declared"
    } else {
        "does not match the Open Badges 3.0 schema"
    };
    Check::new(CheckId::Schema, status, format!("{lead}: {listed}{more}"))
}

/// Whether `credentialSchema` names the AchievementCredential schema.
fn declares_schema(doc: &Value) -> bool {
    let entries = match doc.get("credentialSchema") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(single) => vec![single],
        None => Vec::new(),
    };
    entries
        .iter()
        .filter_map(|entry| entry.get("id").and_then(Value::as_str))
        .any(|id| ACHIEVEMENT_SCHEMA_IDS.contains(&id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn badge() -> Value {
        json!({
            "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
            "id": "urn:uuid:1",
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "issuer": {"id": "did:key:z6Mk", "type": ["Profile"], "name": "College"},
            "validFrom": "2026-01-01T00:00:00Z",
            "name": "Badge",
            "credentialSubject": {
                "type": ["AchievementSubject"],
                "achievement": {
                    "id": "urn:uuid:2",
                    "type": ["Achievement"],
                    "name": "Badge",
                    "description": "Did a thing.",
                    "criteria": {"narrative": "Do the thing."}
                }
            }
        })
    }

    #[test]
    fn the_bundled_schema_is_valid_against_its_meta_schema() {
        // The validator is compiled without this check (see `VALIDATOR`).
        let schema: Value = serde_json::from_slice(ACHIEVEMENT_SCHEMA).unwrap();
        jsonschema::meta::validate(&schema).expect("a valid 2019-09 schema");
        assert!(VALIDATOR.is_ok(), "{:?}", VALIDATOR.as_ref().err());
    }

    #[test]
    fn a_violation_deep_inside_is_found_through_the_reference() {
        // 2019-09 keywords of the bundled schema still apply under the draft-07 root.
        let mut doc = badge();
        doc["credentialSubject"]["achievement"]["criteria"] = json!("not an object");
        let c = check(&doc, "ob3-vc2-data-integrity");
        assert_eq!(c.status, CheckStatus::Warn, "{}", c.message);
        assert!(
            c.message
                .contains("/credentialSubject/achievement/criteria"),
            "{}",
            c.message
        );
        let mut doc = badge();
        doc["validFrom"] = json!("the first of January");
        let c = check(&doc, "ob3-vc2-data-integrity");
        assert_eq!(
            c.status,
            CheckStatus::Warn,
            "formats are checked: {}",
            c.message
        );
    }

    #[test]
    fn a_well_formed_badge_passes() {
        let c = check(&badge(), "ob3-vc2-data-integrity");
        assert_eq!(c.status, CheckStatus::Pass, "{}", c.message);
    }

    #[test]
    fn a_missing_required_field_warns_and_says_where() {
        let mut doc = badge();
        doc["credentialSubject"]["achievement"]
            .as_object_mut()
            .unwrap()
            .remove("criteria");
        let c = check(&doc, "ob3-vc2-data-integrity");
        assert_eq!(c.status, CheckStatus::Warn, "{}", c.message);
        assert!(c.message.contains("criteria"), "{}", c.message);
    }

    #[test]
    fn a_violation_of_a_declared_schema_fails() {
        let mut doc = badge();
        doc["credentialSchema"] =
            json!([{"id": ACHIEVEMENT_SCHEMA_IDS[0], "type": "1EdTechJsonSchemaValidator2019"}]);
        doc["credentialSubject"]["achievement"]
            .as_object_mut()
            .unwrap()
            .remove("criteria");
        assert_eq!(
            check(&doc, "ob3-vc2-data-integrity").status,
            CheckStatus::Fail
        );
    }

    #[test]
    fn a_single_proof_object_is_not_a_schema_violation() {
        let mut doc = badge();
        doc["proof"] = json!({"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022"});
        assert_eq!(
            check(&doc, "ob3-vc2-data-integrity").status,
            CheckStatus::Pass
        );
    }

    #[test]
    fn other_credentials_are_skipped() {
        assert_eq!(
            check(&badge(), "vc2-data-integrity").status,
            CheckStatus::Skip
        );
        assert_eq!(check(&badge(), "ob3-vc1-jwt").status, CheckStatus::Skip);
    }
}
