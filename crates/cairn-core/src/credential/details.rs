//! Everything about a credential a learner reads on its detail page: description,
//! criteria, skills and alignments, results, evidence, endorsements, the issuer's
//! profile. Read from Open Badges 3.0 / CLR 2.0 credentials and OB 2.0 assertions.
//!
//! The text is untrusted and only ever *text*: it is returned as plain strings for
//! the UI to show as text, each cut to a bounded length and each list to a bounded
//! count. Nothing here is verified beyond what the report says; endorsements in
//! particular are reported as they are written.

use serde::Serialize;
use serde_json::Value;

/// Longest text kept from one field, in characters.
const MAX_TEXT: usize = 4_000;
/// Most items kept from one list.
const MAX_ITEMS: usize = 100;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Details {
    pub name: Option<String>,
    pub description: Option<String>,
    /// `Achievement.achievementType` (e.g. `Certificate`), or the credential's type.
    pub kind: Option<String>,
    pub criteria: Option<Criteria>,
    pub alignments: Vec<Alignment>,
    /// Free tags (OB `tag`), the learner-facing names of skills.
    pub tags: Vec<String>,
    pub results: Vec<ResultEntry>,
    pub evidence: Vec<Evidence>,
    pub endorsements: Vec<Endorsement>,
    pub issuer: IssuerProfile,
    /// Who the credential is about, as it names them (a name, else an identifier).
    pub subject: Option<String>,
    pub credits: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Criteria {
    pub narrative: Option<String>,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Alignment {
    pub name: Option<String>,
    pub framework: Option<String>,
    pub code: Option<String>,
    pub description: Option<String>,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ResultEntry {
    /// What was measured (the matching `resultDescription`'s name).
    pub name: Option<String>,
    pub value: Option<String>,
    pub status: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub name: Option<String>,
    pub description: Option<String>,
    pub narrative: Option<String>,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Endorsement {
    /// The endorser, as the endorsement names them (not checked).
    pub endorser: Option<String>,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct IssuerProfile {
    pub id: Option<String>,
    pub name: Option<String>,
    pub url: Option<String>,
    pub email: Option<String>,
    pub description: Option<String>,
}

/// Reads the details of a credential document (the JSON inside any envelope).
pub fn details(doc: &Value) -> Details {
    let subject = first(doc.get("credentialSubject"));
    // OB 3.0 keeps the achievement under the subject; OB 2.0 calls it `badge`.
    let achievement = subject
        .and_then(|s| s.get("achievement"))
        .or_else(|| doc.get("badge"))
        .filter(|a| a.is_object());
    let field = |key: &str| {
        achievement
            .and_then(|a| text(a.get(key)))
            .or_else(|| text(doc.get(key)))
    };
    let result_names: Vec<(String, String)> =
        list(achievement.and_then(|a| a.get("resultDescription")))
            .filter_map(|rd| Some((text(rd.get("id"))?, text(rd.get("name"))?)))
            .collect();
    Details {
        name: text(doc.get("name")).or_else(|| achievement.and_then(|a| text(a.get("name")))),
        description: field("description"),
        kind: achievement
            .and_then(|a| text(a.get("achievementType")))
            .or_else(|| {
                super::types(doc)
                    .into_iter()
                    .find(|t| *t != "VerifiableCredential")
                    .map(str::to_owned)
            }),
        criteria: achievement.and_then(|a| criteria(a.get("criteria"))),
        alignments: list(
            achievement.and_then(|a| a.get("alignment").or_else(|| a.get("alignments"))),
        )
        .filter_map(|a| {
            let alignment = Alignment {
                name: text(a.get("targetName")),
                framework: text(a.get("targetFramework")),
                code: text(a.get("targetCode")),
                description: text(a.get("targetDescription")),
                url: link(a.get("targetUrl")),
            };
            (alignment != Alignment::default()).then_some(alignment)
        })
        .collect(),
        tags: list(achievement.and_then(|a| a.get("tag").or_else(|| a.get("tags"))))
            .filter_map(|t| text(Some(t)))
            .collect(),
        results: list(subject.and_then(|s| s.get("result")))
            .map(|r| {
                let described = text(r.get("resultDescription"));
                ResultEntry {
                    name: described.and_then(|id| {
                        result_names
                            .iter()
                            .find(|(rid, _)| *rid == id)
                            .map(|(_, n)| n.clone())
                    }),
                    value: text(r.get("value")).or_else(|| text(r.get("achievedLevel"))),
                    status: text(r.get("status")),
                }
            })
            .collect(),
        evidence: list(doc.get("evidence"))
            .map(|e| match e {
                Value::String(url) => Evidence {
                    url: link(Some(e)).or_else(|| Some(clip(url))),
                    ..Default::default()
                },
                _ => Evidence {
                    name: text(e.get("name")),
                    description: text(e.get("description")),
                    narrative: text(e.get("narrative")),
                    url: link(e.get("id")),
                },
            })
            .collect(),
        endorsements: list(doc.get("endorsement"))
            .chain(list(achievement.and_then(|a| a.get("endorsement"))))
            .take(MAX_ITEMS)
            .map(|e| Endorsement {
                endorser: match e.get("issuer") {
                    Some(Value::Object(obj)) => {
                        text(obj.get("name")).or_else(|| text(obj.get("id")))
                    }
                    other => text(other),
                },
                comment: e
                    .get("credentialSubject")
                    .and_then(|s| text(s.get("endorsementComment")))
                    .or_else(|| text(e.get("endorsementComment"))),
            })
            .collect(),
        issuer: issuer(
            doc.get("issuer")
                .or_else(|| achievement.and_then(|a| a.get("issuer"))),
        ),
        subject: subject.and_then(|s| {
            text(s.get("name"))
                .or_else(|| {
                    s.pointer("/identifier/0/identityHash")
                        .and_then(|v| text(Some(v)))
                })
                .or_else(|| text(s.get("id")))
        }),
        credits: achievement.and_then(|a| match a.get("creditsAvailable") {
            Some(Value::Number(n)) => Some(n.to_string()),
            other => text(other),
        }),
    }
}

fn criteria(value: Option<&Value>) -> Option<Criteria> {
    let c = match value? {
        Value::String(_) => Criteria {
            narrative: None,
            url: link(value),
        },
        obj @ Value::Object(_) => Criteria {
            narrative: text(obj.get("narrative")),
            url: link(obj.get("id")),
        },
        _ => return None,
    };
    (c != Criteria::default()).then_some(c)
}

fn issuer(value: Option<&Value>) -> IssuerProfile {
    match value {
        Some(Value::String(id)) => IssuerProfile {
            id: Some(clip(id)),
            ..Default::default()
        },
        Some(obj @ Value::Object(_)) => IssuerProfile {
            id: text(obj.get("id")),
            name: text(obj.get("name")),
            url: link(obj.get("url")),
            email: text(obj.get("email")),
            description: text(obj.get("description")),
        },
        _ => IssuerProfile::default(),
    }
}

/// A value that may be one item or an array of them.
fn first(value: Option<&Value>) -> Option<&Value> {
    match value? {
        Value::Array(items) => items.first(),
        other => Some(other),
    }
}

fn list(value: Option<&Value>) -> impl Iterator<Item = &Value> {
    let items: &[Value] = match value {
        Some(Value::Array(items)) => items,
        Some(one) => std::slice::from_ref(one),
        None => &[],
    };
    items.iter().take(MAX_ITEMS)
}

/// A string field, trimmed and bounded; absent, empty or not a string is `None`.
fn text(value: Option<&Value>) -> Option<String> {
    let s = value?.as_str()?.trim();
    (!s.is_empty()).then(|| clip(s))
}

/// A web link the UI may show: only `http(s)` URLs (never `javascript:` and the like).
fn link(value: Option<&Value>) -> Option<String> {
    let url = text(value)?;
    let lower = url.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then_some(url)
}

fn clip(s: &str) -> String {
    match s.char_indices().nth(MAX_TEXT) {
        Some((at, _)) => format!("{}…", &s[..at]),
        None => s.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ob3_fields_a_learner_reads() {
        let d = details(&json!({
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "issuer": {"id": "did:key:z6Mk", "name": "Cairn College", "url": "https://college.example", "email": "a@college.example"},
            "evidence": [{"id": "https://portfolio.example/1", "name": "Weld sample", "narrative": "Photos of the joint"}],
            "credentialSubject": {
                "id": "did:example:ada",
                "result": [{"resultDescription": "urn:rd:1", "value": "92"}],
                "achievement": {
                    "name": "Welding 101", "description": "Basic MIG welding.",
                    "achievementType": "Certificate", "creditsAvailable": 1.5,
                    "criteria": {"narrative": "Pass the practical test."},
                    "alignment": [{"targetName": "Weld joints", "targetFramework": "ESCO", "targetCode": "S1.2", "targetUrl": "javascript:alert(1)"}],
                    "resultDescription": [{"id": "urn:rd:1", "name": "Written test score"}],
                    "tag": ["welding", "safety"]
                }
            }
        }));
        assert_eq!(d.name.as_deref(), Some("Welding 101"));
        assert_eq!(d.description.as_deref(), Some("Basic MIG welding."));
        assert_eq!(d.kind.as_deref(), Some("Certificate"));
        assert_eq!(
            d.criteria.unwrap().narrative.as_deref(),
            Some("Pass the practical test.")
        );
        assert_eq!(d.alignments[0].name.as_deref(), Some("Weld joints"));
        assert_eq!(d.alignments[0].url, None, "only http(s) links are kept");
        assert_eq!(d.results[0].name.as_deref(), Some("Written test score"));
        assert_eq!(d.results[0].value.as_deref(), Some("92"));
        assert_eq!(
            d.evidence[0].url.as_deref(),
            Some("https://portfolio.example/1")
        );
        assert_eq!(d.issuer.name.as_deref(), Some("Cairn College"));
        assert_eq!(d.tags, ["welding", "safety"]);
        assert_eq!(d.subject.as_deref(), Some("did:example:ada"));
        assert_eq!(d.credits.as_deref(), Some("1.5"));
    }

    #[test]
    fn ob2_badge_and_criteria_url() {
        let d = details(&json!({
            "type": "Assertion",
            "badge": {"name": "Old badge", "description": "From 2019", "criteria": "https://issuer.example/criteria",
                      "issuer": {"name": "Old Issuer", "url": "https://issuer.example"}},
            "evidence": "https://issuer.example/evidence/1"
        }));
        assert_eq!(d.name.as_deref(), Some("Old badge"));
        assert_eq!(
            d.criteria.unwrap().url.as_deref(),
            Some("https://issuer.example/criteria")
        );
        assert_eq!(d.issuer.name.as_deref(), Some("Old Issuer"));
        assert_eq!(d.evidence.len(), 1);
    }

    #[test]
    fn hostile_text_is_bounded_and_lists_are_capped() {
        let long = "x".repeat(MAX_TEXT * 3);
        let tags: Vec<_> = (0..10_000).map(|i| format!("t{i}")).collect();
        let d = details(
            &json!({"credentialSubject": {"achievement": {"description": long, "tag": tags}}}),
        );
        assert_eq!(d.description.unwrap().chars().count(), MAX_TEXT + 1);
        assert_eq!(d.tags.len(), MAX_ITEMS);
    }

    #[test]
    fn odd_shapes_are_simply_absent() {
        let d =
            details(&json!({"issuer": 5, "credentialSubject": [1, 2], "evidence": {"name": 7}}));
        assert_eq!(d.issuer, IssuerProfile::default());
        assert_eq!(d.evidence, [Evidence::default()]);
        assert!(d.name.is_none());
    }
}
