//! The one-word verdict a card shows (verified / warning / failed / unknown), derived
//! from a report's checks so the app never decides it on its own.

use serde::{Deserialize, Serialize};

use super::report::{Check, CheckId, CheckStatus, Report};

/// What a learner sees at a glance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Every check that applies passed.
    Verified,
    /// Signed by its issuer, but something deserves a look (a warning, or a check
    /// such as revocation that could not be made now).
    Warning,
    /// A check failed: tampered, expired, revoked, or signed by someone else.
    Failed,
    /// Nobody could confirm who signed it (the key needs the network, or there is
    /// no proof): neither trusted nor refuted.
    Unknown,
}

impl Report {
    /// The verdict and the check that decided it (none when everything passed).
    pub fn verdict(&self) -> (Verdict, Option<&Check>) {
        if let Some(failed) = self.checks.iter().find(|c| c.status == CheckStatus::Fail) {
            return (Verdict::Failed, Some(failed));
        }
        let unproven = self.checks.iter().find(|c| {
            matches!(c.id, CheckId::Proof | CheckId::Issuer) && c.status != CheckStatus::Pass
        });
        if let Some(check) = unproven {
            return (Verdict::Unknown, Some(check));
        }
        let doubtful = self
            .checks
            .iter()
            .find(|c| matches!(c.status, CheckStatus::Warn | CheckStatus::Unknown));
        match doubtful {
            Some(check) => (Verdict::Warning, Some(check)),
            None => (Verdict::Verified, None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::report::CredentialSummary;

    fn report(checks: &[(CheckId, CheckStatus)]) -> Report {
        Report::new(
            "x",
            checks
                .iter()
                .map(|(id, status)| Check::new(*id, *status, format!("{id:?} {status:?}")))
                .collect(),
            CredentialSummary::default(),
            String::new(),
        )
    }

    use CheckId::*;
    use CheckStatus::*;

    /// The checks of a report, the verdict they give, and the check that decides it.
    type Case = (&'static [(CheckId, CheckStatus)], Verdict, Option<CheckId>);

    #[test]
    fn verdicts_follow_the_checks() {
        let cases: &[Case] = &[
            (
                &[
                    (Proof, Pass),
                    (Issuer, Pass),
                    (Validity, Pass),
                    (Status, Skip),
                ],
                Verdict::Verified,
                None,
            ),
            (
                &[
                    (Proof, Pass),
                    (Issuer, Pass),
                    (Validity, Fail),
                    (Status, Skip),
                ],
                Verdict::Failed,
                Some(Validity),
            ),
            (
                &[(Proof, Fail), (Issuer, Unknown), (Validity, Pass)],
                Verdict::Failed,
                Some(Proof),
            ),
            (
                &[(Proof, Unknown), (Issuer, Unknown), (Validity, Pass)],
                Verdict::Unknown,
                Some(Proof),
            ),
            (
                &[(Proof, Pass), (Issuer, Unknown), (Validity, Pass)],
                Verdict::Unknown,
                Some(Issuer),
            ),
            (
                &[(Proof, Pass), (Issuer, Pass), (Status, Unknown)],
                Verdict::Warning,
                Some(Status),
            ),
            (
                &[(Proof, Pass), (Issuer, Pass), (Registry, Warn)],
                Verdict::Warning,
                Some(Registry),
            ),
        ];
        for (checks, verdict, decided_by) in cases {
            let report = report(checks);
            let (got, check) = report.verdict();
            assert_eq!(got, *verdict, "{checks:?}");
            assert_eq!(check.map(|c| c.id), *decided_by, "{checks:?}");
        }
    }

    #[test]
    fn failed_exactly_when_not_verified() {
        let bad = report(&[(Proof, Pass), (Issuer, Pass), (Validity, Fail)]);
        assert!(!bad.verified);
        assert_eq!(bad.verdict().0, Verdict::Failed);
    }

    #[test]
    fn serializes_as_lowercase_words() {
        assert_eq!(
            serde_json::to_string(&Verdict::Warning).unwrap(),
            "\"warning\""
        );
    }
}
