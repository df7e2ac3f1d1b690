//! The `validity` check: is the credential inside its validity period now?
//!
//! VC 2.0 uses `validFrom`/`validUntil`, VC 1.1 `issuanceDate`/`expirationDate`,
//! Open Badges 2.0 `issuedOn`/`expires`. A date that cannot be read is a failure,
//! not a pass: the issuer said something we cannot confirm.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde_json::Value;

use super::report::{Check, CheckId, CheckStatus};

pub fn check(doc: &Value, now: DateTime<Utc>) -> Check {
    let start = first_date(doc, &["validFrom", "issuanceDate", "issuedOn"]);
    let end = first_date(doc, &["validUntil", "expirationDate", "expires"]);
    let (start, end) = match (start, end) {
        (Err(msg), _) | (_, Err(msg)) => return fail(msg),
        (Ok(s), Ok(e)) => (s, e),
    };
    if let (Some(s), Some(e)) = (start, end)
        && e < s
    {
        return fail(format!(
            "expires ({}) before it becomes valid ({})",
            day(e),
            day(s)
        ));
    }
    if let Some(s) = start
        && now < s
    {
        return fail(format!("not valid until {}", day(s)));
    }
    if let Some(e) = end
        && now >= e
    {
        return fail(format!("expired on {}", day(e)));
    }
    let message = match (start, end) {
        (Some(s), Some(e)) => format!("valid from {} until {}", day(s), day(e)),
        (Some(s), None) => format!("valid since {}; does not expire", day(s)),
        (None, Some(e)) => format!("valid until {}", day(e)),
        (None, None) => "states no validity period".to_owned(),
    };
    Check::new(CheckId::Validity, CheckStatus::Pass, message)
}

fn fail(message: String) -> Check {
    Check::new(CheckId::Validity, CheckStatus::Fail, message)
}

fn day(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d").to_string()
}

/// The first of `fields` present in `doc`, parsed. Absent is `Ok(None)`.
fn first_date(doc: &Value, fields: &[&str]) -> Result<Option<DateTime<Utc>>, String> {
    let Some((field, value)) = fields.iter().find_map(|f| doc.get(*f).map(|v| (*f, v))) else {
        return Ok(None);
    };
    let text = value
        .as_str()
        .ok_or_else(|| format!("{field} is not a date string"))?;
    parse_date(text)
        .map(Some)
        .ok_or_else(|| format!("{field} \"{}\" is not a valid date", clip(text)))
}

/// XML Schema dateTime as VCs use it; a missing time zone is read as UTC (OB 2.0
/// allows it, and any other reading would depend on the verifier's location).
pub fn parse_date(text: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.with_timezone(&Utc));
    }
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
        .ok()
        .map(|n| n.and_utc())
        .or_else(|| {
            chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map(|n| n.and_utc())
        })
}

fn clip(text: &str) -> &str {
    match text.char_indices().nth(40) {
        Some((i, _)) => &text[..i],
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn at(s: &str) -> DateTime<Utc> {
        parse_date(s).unwrap()
    }

    #[test]
    fn inside_the_period_passes() {
        let c = check(
            &json!({"validFrom": "2025-01-01T00:00:00Z", "validUntil": "2027-01-01T00:00:00Z"}),
            at("2026-06-01T00:00:00Z"),
        );
        assert_eq!(c.status, CheckStatus::Pass);
        assert_eq!(c.message, "valid from 2025-01-01 until 2027-01-01");
    }

    #[test]
    fn expired_fails_with_the_date() {
        let c = check(
            &json!({"issuanceDate": "2020-01-01T00:00:00Z", "expirationDate": "2025-06-30T00:00:00Z"}),
            at("2026-06-01T00:00:00Z"),
        );
        assert_eq!(
            (c.status, c.message.as_str()),
            (CheckStatus::Fail, "expired on 2025-06-30")
        );
    }

    #[test]
    fn not_yet_valid_fails() {
        let c = check(
            &json!({"validFrom": "2030-01-01T00:00:00Z"}),
            at("2026-06-01T00:00:00Z"),
        );
        assert_eq!(
            (c.status, c.message.as_str()),
            (CheckStatus::Fail, "not valid until 2030-01-01")
        );
    }

    #[test]
    fn unreadable_date_fails_and_names_the_field() {
        let c = check(
            &json!({"validFrom": "last tuesday"}),
            at("2026-06-01T00:00:00Z"),
        );
        assert_eq!(c.status, CheckStatus::Fail);
        assert!(c.message.contains("validFrom"), "{}", c.message);
    }

    #[test]
    fn dates_without_zone_are_utc() {
        assert_eq!(at("2026-01-01T10:00:00"), at("2026-01-01T10:00:00Z"));
    }
}
