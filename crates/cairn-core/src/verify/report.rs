//! The verification report of DESIGN §3: the same document in the CLI, the app and
//! the viewer. Field names and status words are a contract.

use serde::{Deserialize, Serialize};

/// The outcome of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckStatus {
    Pass,
    Fail,
    Warn,
    /// Could not be checked now (for example, the network is needed and unavailable).
    Unknown,
    /// Does not apply to this credential.
    Skip,
}

/// The checks every report carries, in this order, plus the optional ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckId {
    Proof,
    Issuer,
    Validity,
    Status,
    Registry,
    Schema,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    pub id: CheckId,
    pub status: CheckStatus,
    /// One sentence a non-expert understands.
    pub message: String,
}

impl Check {
    pub fn new(id: CheckId, status: CheckStatus, message: impl Into<String>) -> Self {
        Check {
            id,
            status,
            message: message.into(),
        }
    }
}

/// Who issued a credential, as it names itself (not yet proven: see the `issuer` check).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuerSummary {
    pub id: Option<String>,
    pub name: Option<String>,
}

/// What the report says about the credential itself, for display.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CredentialSummary {
    pub id: Option<String>,
    pub name: Option<String>,
    pub issuer: IssuerSummary,
    #[serde(rename = "validFrom")]
    pub valid_from: Option<String>,
    #[serde(rename = "validUntil")]
    pub valid_until: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// True exactly when no check failed.
    pub verified: bool,
    pub format: String,
    /// Set when the credential was baked into an image: `png` or `svg`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub container: Option<String>,
    pub checks: Vec<Check>,
    pub credential: CredentialSummary,
    pub checked_at: String,
}

impl Report {
    /// Builds a report, deriving `verified` from the checks so the two cannot disagree.
    pub fn new(
        format: impl Into<String>,
        checks: Vec<Check>,
        credential: CredentialSummary,
        checked_at: String,
    ) -> Self {
        let verified = !checks.iter().any(|c| c.status == CheckStatus::Fail);
        Report {
            verified,
            format: format.into(),
            container: None,
            checks,
            credential,
            checked_at,
        }
    }

    /// The report of an item that is not a readable credential at all (inside a
    /// presentation, say): every required check fails or is unknown, with the reason.
    pub fn unreadable(reason: &str, now: chrono::DateTime<chrono::Utc>) -> Self {
        let reason = crate::quote::clip(reason);
        Report::new(
            "unreadable",
            vec![
                Check::new(
                    CheckId::Proof,
                    CheckStatus::Fail,
                    format!("this item is not a credential Cairn can read: {reason}"),
                ),
                Check::new(
                    CheckId::Issuer,
                    CheckStatus::Unknown,
                    "unreadable, so its issuer is unknown",
                ),
                Check::new(
                    CheckId::Validity,
                    CheckStatus::Unknown,
                    "unreadable, so its dates are unknown",
                ),
                Check::new(
                    CheckId::Status,
                    CheckStatus::Unknown,
                    "unreadable, so its status is unknown",
                ),
            ],
            CredentialSummary::default(),
            now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        )
    }

    pub fn check(&self, id: CheckId) -> Option<&Check> {
        self.checks.iter().find(|c| c.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verified_is_false_exactly_when_a_check_fails() {
        let ok = Report::new(
            "x",
            vec![
                Check::new(CheckId::Proof, CheckStatus::Pass, ""),
                Check::new(CheckId::Status, CheckStatus::Unknown, ""),
                Check::new(CheckId::Registry, CheckStatus::Warn, ""),
            ],
            CredentialSummary::default(),
            String::new(),
        );
        assert!(ok.verified);
        let bad = Report::new(
            "x",
            vec![Check::new(CheckId::Validity, CheckStatus::Fail, "")],
            CredentialSummary::default(),
            String::new(),
        );
        assert!(!bad.verified);
    }

    #[test]
    fn serializes_to_the_contract_shape() {
        let report = Report::new(
            "ob3-vc2-data-integrity",
            vec![Check::new(CheckId::Proof, CheckStatus::Pass, "ok")],
            CredentialSummary {
                valid_from: Some("2026-01-01T00:00:00Z".into()),
                ..Default::default()
            },
            "2026-11-22T12:00:00Z".into(),
        );
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["checks"][0]["id"], "proof");
        assert_eq!(json["checks"][0]["status"], "pass");
        assert_eq!(json["credential"]["validFrom"], "2026-01-01T00:00:00Z");
        assert_eq!(json["verified"], true);
        assert!(json.get("container").is_none());
    }
}
