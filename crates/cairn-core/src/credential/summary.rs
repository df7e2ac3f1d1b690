//! The few fields a report and a card show: name, issuer, dates.

use serde_json::Value;

use crate::verify::report::{CredentialSummary, IssuerSummary};

/// Reads the display fields of a VC (1.1 or 2.0) or an OB 2.0 assertion.
/// Missing or oddly-typed fields are simply absent: a summary never fails.
pub fn summarize(doc: &Value) -> CredentialSummary {
    let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
    let issuer = match doc.get("issuer") {
        Some(Value::String(id)) => IssuerSummary {
            id: Some(id.clone()),
            name: None,
        },
        Some(Value::Object(obj)) => IssuerSummary {
            id: text(obj.get("id")),
            name: text(obj.get("name")),
        },
        _ => IssuerSummary::default(),
    };
    // OB 3.0 names the achievement; the credential's own `name` is optional.
    let name = text(doc.get("name"))
        .or_else(|| text(doc.pointer("/credentialSubject/achievement/name")))
        .or_else(|| text(doc.pointer("/badge/name")));
    CredentialSummary {
        id: text(doc.get("id")),
        name,
        issuer,
        valid_from: text(doc.get("validFrom"))
            .or_else(|| text(doc.get("issuanceDate")))
            .or_else(|| text(doc.get("issuedOn"))),
        valid_until: text(doc.get("validUntil"))
            .or_else(|| text(doc.get("expirationDate")))
            .or_else(|| text(doc.get("expires"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ob3_summary_takes_the_achievement_name_and_issuer_object() {
        let s = summarize(&json!({
            "id": "urn:uuid:1",
            "issuer": {"id": "did:key:z6Mk", "name": "Example College"},
            "validFrom": "2026-01-01T00:00:00Z",
            "credentialSubject": {"achievement": {"name": "Welding 101"}}
        }));
        assert_eq!(s.name.as_deref(), Some("Welding 101"));
        assert_eq!(s.issuer.name.as_deref(), Some("Example College"));
        assert_eq!(s.valid_from.as_deref(), Some("2026-01-01T00:00:00Z"));
    }

    #[test]
    fn vc1_dates_are_read_from_issuance_and_expiration() {
        let s = summarize(
            &json!({"issuer": "did:x", "issuanceDate": "2020-01-01T00:00:00Z", "expirationDate": "2030-01-01T00:00:00Z"}),
        );
        assert_eq!(s.issuer.id.as_deref(), Some("did:x"));
        assert_eq!(s.valid_until.as_deref(), Some("2030-01-01T00:00:00Z"));
    }
}
