//! What a card shows about a credential beyond the report's summary: the badge
//! image, description, criteria, skills, results and evidence (OB 3.0 / CLR 2.0
//! achievements and OB 2.0 badges).
//!
//! Everything here is the issuer's claim, bounded in size and count because it is
//! untrusted: text is clipped, lists are capped, images are kept only as `data:`
//! URIs of raster or SVG types (a viewer must never fetch from an address a
//! credential names), links only as `http(s)` addresses.

use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Parsed;
use crate::verify::{CheckId, CheckStatus, Report};

/// Longest text field kept, in characters.
const MAX_TEXT: usize = 4000;
/// Most items kept in each list (alignments, results, evidence, tags).
const MAX_ITEMS: usize = 50;
/// Largest image kept, in bytes of its `data:` URI (a baked badge included).
pub const MAX_IMAGE_URI: usize = 1024 * 1024;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Display {
    /// The achievement's (or badge's) name, else the credential's own.
    pub name: Option<String>,
    pub issuer: Option<String>,
    /// A `data:image/…` URI; never a remote address.
    pub image: Option<String>,
    pub description: Option<String>,
    pub criteria: Option<String>,
    pub criteria_url: Option<String>,
    pub achievement_type: Option<String>,
    pub issued: Option<String>,
    pub expires: Option<String>,
    pub alignments: Vec<Alignment>,
    pub tags: Vec<String>,
    pub results: Vec<ResultItem>,
    pub evidence: Vec<Evidence>,
}

/// A skill or standard the achievement is aligned to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alignment {
    pub name: String,
    pub framework: Option<String>,
    pub code: Option<String>,
    pub url: Option<String>,
}

/// One result the learner obtained (a grade, a level, a status).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultItem {
    pub label: Option<String>,
    pub value: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub name: Option<String>,
    pub description: Option<String>,
    pub narrative: Option<String>,
    pub url: Option<String>,
}

/// How a card presents a credential: verified, not verified (a check failed), or
/// could not be checked (nothing failed, but its signature or issuer is unknown).
/// One rule for every place a credential is shown as a viewer sees it: the
/// registrar's page (`cairn-verify-wasm`) and the app's portfolio preview.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CardState {
    Verified,
    NotVerified,
    CouldNotCheck,
}

impl CardState {
    pub fn of(report: &Report) -> CardState {
        let unknown = |id| {
            report
                .check(id)
                .is_none_or(|c| c.status == CheckStatus::Unknown)
        };
        if !report.verified {
            CardState::NotVerified
        } else if unknown(CheckId::Proof) || unknown(CheckId::Issuer) {
            CardState::CouldNotCheck
        } else {
            CardState::Verified
        }
    }
}

/// A credential as a viewer shows it: its state, the report it comes from, and what
/// the card displays.
#[derive(Debug, Clone, Serialize)]
pub struct Card {
    pub state: CardState,
    pub report: Report,
    pub display: Display,
}

impl Card {
    /// The card of a credential with its `report`; `original` (the bytes as
    /// issued) supplies what it displays, and nothing when it cannot be read.
    pub fn new(report: Report, original: Option<&[u8]>) -> Card {
        let display = original
            .and_then(|b| super::parse(b).ok().map(|p| display(&p, b)))
            .unwrap_or_default();
        Card {
            state: CardState::of(&report),
            report,
            display,
        }
    }
}

/// The display model of a parsed credential; `original` is the file it came from,
/// shown as the image when it is a baked badge.
pub fn display(parsed: &Parsed, original: &[u8]) -> Display {
    let mut shown = parsed.document().map(of_document).unwrap_or_default();
    if let Some(kind) = parsed.container {
        let mime = if kind == "svg" {
            "image/svg+xml"
        } else {
            "image/png"
        };
        // Base64 grows by 4/3; skip the encoding when the result would be dropped.
        if original.len() / 3 * 4 < MAX_IMAGE_URI {
            let data = base64::engine::general_purpose::STANDARD.encode(original);
            shown.image = Some(format!("data:{mime};base64,{data}"));
        }
    }
    shown
}

/// The display model of a credential's JSON (a VC or an OB 2.0 assertion).
pub fn of_document(doc: &Value) -> Display {
    let subject = match doc.get("credentialSubject") {
        Some(Value::Array(items)) => items.first(),
        other => other,
    };
    // OB 3.0 / CLR: the achievement sits in the subject; OB 2.0: the badge class.
    let achievement = subject
        .and_then(|s| s.get("achievement"))
        .or_else(|| doc.get("badge"))
        .filter(|a| a.is_object());
    let issuer = doc
        .get("issuer")
        .or_else(|| achievement.and_then(|a| a.get("issuer")))
        .and_then(|i| match i {
            Value::Object(o) => text(o.get("name")).or_else(|| text(o.get("id"))),
            Value::String(id) => Some(clip(id)),
            _ => None,
        });
    let summary = super::summarize(doc);
    let criteria = achievement.and_then(|a| a.get("criteria"));
    Display {
        name: achievement
            .and_then(|a| text(a.get("name")))
            .or(summary.name.map(|n| clip(&n))),
        issuer,
        image: achievement
            .and_then(|a| data_image(a.get("image")))
            .or_else(|| data_image(doc.get("image"))),
        description: achievement
            .and_then(|a| text(a.get("description")))
            .or_else(|| text(doc.get("description"))),
        criteria: criteria.and_then(|c| text(c.get("narrative"))),
        criteria_url: criteria.and_then(|c| match c {
            Value::String(_) => web_url(Some(c)),
            _ => web_url(c.get("id")),
        }),
        achievement_type: achievement.and_then(|a| text(a.get("achievementType"))),
        issued: subject
            .and_then(|s| text(s.get("awardedDate")))
            .or(summary.valid_from),
        expires: summary.valid_until,
        alignments: list(achievement.and_then(|a| a.get("alignment")), alignment),
        tags: list(achievement.and_then(|a| a.get("tag")), |t| text(Some(t))),
        results: list(subject.and_then(|s| s.get("result")), |r| {
            result(r, achievement)
        }),
        evidence: list(doc.get("evidence"), evidence),
    }
}

fn alignment(item: &Value) -> Option<Alignment> {
    Some(Alignment {
        name: text(item.get("targetName"))?,
        framework: text(item.get("targetFramework")),
        code: text(item.get("targetCode")),
        url: web_url(item.get("targetUrl")),
    })
}

/// A result names its description by id; the label and level names live on the
/// achievement's `resultDescription`.
fn result(item: &Value, achievement: Option<&Value>) -> Option<ResultItem> {
    let described = item.get("resultDescription").and_then(Value::as_str);
    let description = achievement
        .and_then(|a| a.get("resultDescription"))
        .and_then(Value::as_array)
        .and_then(|all| {
            all.iter()
                .find(|d| d.get("id").and_then(Value::as_str) == described && described.is_some())
        });
    let level = item.get("achievedLevel").and_then(Value::as_str).map(|id| {
        description
            .and_then(|d| d.get("rubricCriterionLevel"))
            .and_then(Value::as_array)
            .and_then(|levels| {
                levels
                    .iter()
                    .find(|l| l.get("id").and_then(Value::as_str) == Some(id))
            })
            .and_then(|l| text(l.get("name")))
            .unwrap_or_else(|| clip(id))
    });
    let value = text(item.get("value"))
        .or(level)
        .or_else(|| text(item.get("status")))?;
    Some(ResultItem {
        label: description.and_then(|d| text(d.get("name"))),
        value,
    })
}

fn evidence(item: &Value) -> Option<Evidence> {
    if item.is_string() {
        return web_url(Some(item)).map(|url| Evidence {
            url: Some(url),
            ..Evidence::default()
        });
    }
    let shown = Evidence {
        name: text(item.get("name")),
        description: text(item.get("description")),
        narrative: text(item.get("narrative")),
        url: web_url(item.get("id")),
    };
    (shown != Evidence::default()).then_some(shown)
}

/// A list field (or a single value standing for a one-item list), capped.
fn list<T>(value: Option<&Value>, each: impl Fn(&Value) -> Option<T>) -> Vec<T> {
    match value {
        Some(Value::Array(items)) => items.iter().filter_map(each).take(MAX_ITEMS).collect(),
        Some(one) => each(one).into_iter().collect(),
        None => Vec::new(),
    }
}

fn text(value: Option<&Value>) -> Option<String> {
    let s = value?.as_str()?.trim();
    (!s.is_empty()).then(|| clip(s))
}

fn clip(s: &str) -> String {
    match s.char_indices().nth(MAX_TEXT) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_owned(),
    }
}

fn web_url(value: Option<&Value>) -> Option<String> {
    let s = value?.as_str()?.trim();
    let lower = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    let web = lower.starts_with("https://") || lower.starts_with("http://");
    (web && s.len() <= 2000 && !s.chars().any(char::is_whitespace)).then(|| s.to_owned())
}

/// An image field (`"data:…"` or `{"id": "data:…"}`) kept only as a bounded data URI
/// of an image type browsers render without running anything.
fn data_image(value: Option<&Value>) -> Option<String> {
    let uri = match value? {
        Value::String(s) => s.as_str(),
        Value::Object(o) => o.get("id")?.as_str()?,
        _ => return None,
    };
    const TYPES: [&str; 5] = [
        "data:image/png",
        "data:image/jpeg",
        "data:image/gif",
        "data:image/webp",
        "data:image/svg+xml",
    ];
    let head = uri.get(..20).unwrap_or(uri).to_ascii_lowercase();
    let allowed = TYPES
        .iter()
        .any(|t| head.starts_with(t) && matches!(head.as_bytes().get(t.len()), Some(b';' | b',')));
    (allowed && uri.len() <= MAX_IMAGE_URI).then(|| uri.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ob3_achievement_fields_are_read() {
        let d = of_document(&json!({
            "issuer": {"id": "did:web:college.example", "name": "Example College"},
            "validFrom": "2026-01-01T00:00:00Z",
            "evidence": [{"id": "https://e.example/work", "name": "Final weld", "narrative": "Passed."}],
            "credentialSubject": {
                "result": [{"resultDescription": "urn:rd:1", "achievedLevel": "urn:lvl:2"},
                           {"resultDescription": "urn:rd:9", "value": "A"}],
                "achievement": {
                    "name": "Welding 101",
                    "description": "Basic welding.",
                    "achievementType": "Course",
                    "image": {"id": "data:image/png;base64,iVBORw0KGgo=", "type": "Image"},
                    "criteria": {"narrative": "Complete all labs."},
                    "alignment": [{"targetName": "Welding safety", "targetFramework": "ESCO",
                                   "targetUrl": "https://esco.example/1"},
                                  {"targetFramework": "no name, dropped"}],
                    "tag": ["metalwork", 7],
                    "resultDescription": [{"id": "urn:rd:1", "name": "Lab grade",
                        "rubricCriterionLevel": [{"id": "urn:lvl:2", "name": "Proficient"}]}]
                }
            }
        }));
        assert_eq!(d.name.as_deref(), Some("Welding 101"));
        assert_eq!(d.issuer.as_deref(), Some("Example College"));
        assert_eq!(
            d.image.as_deref(),
            Some("data:image/png;base64,iVBORw0KGgo=")
        );
        assert_eq!(d.criteria.as_deref(), Some("Complete all labs."));
        assert_eq!(d.issued.as_deref(), Some("2026-01-01T00:00:00Z"));
        assert_eq!(d.alignments.len(), 1);
        assert_eq!(
            d.alignments[0].url.as_deref(),
            Some("https://esco.example/1")
        );
        assert_eq!(d.tags, ["metalwork"]);
        assert_eq!(
            d.results,
            [
                ResultItem {
                    label: Some("Lab grade".into()),
                    value: "Proficient".into()
                },
                ResultItem {
                    label: None,
                    value: "A".into()
                },
            ]
        );
        assert_eq!(d.evidence[0].url.as_deref(), Some("https://e.example/work"));
    }

    #[test]
    fn remote_images_and_scripted_links_are_dropped() {
        let d = of_document(&json!({
            "badge": {
                "name": "Badge",
                "image": "https://tracker.example/pixel.png",
                "criteria": "javascript:alert(1)",
            },
            "evidence": "javascript:alert(1)",
            "image": "data:text/html;base64,PHNjcmlwdD4=",
        }));
        assert_eq!(d.name.as_deref(), Some("Badge"));
        assert_eq!(d.image, None);
        assert_eq!(d.criteria_url, None);
        assert!(d.evidence.is_empty());
    }

    #[test]
    fn ob2_badge_class_is_the_achievement() {
        let d = of_document(&json!({
            "issuedOn": "2020-05-01",
            "badge": {"name": "Old badge", "description": "d",
                      "issuer": {"name": "Old issuer"},
                      "criteria": {"id": "https://c.example", "narrative": "n"},
                      "alignment": {"targetName": "Skill"}},
            "evidence": "https://proof.example"
        }));
        assert_eq!(d.issuer.as_deref(), Some("Old issuer"));
        assert_eq!(d.criteria_url.as_deref(), Some("https://c.example"));
        assert_eq!(d.alignments[0].name, "Skill");
        assert_eq!(d.evidence[0].url.as_deref(), Some("https://proof.example"));
        assert_eq!(d.issued.as_deref(), Some("2020-05-01"));
    }

    #[test]
    fn long_text_and_long_lists_are_bounded() {
        let tags: Vec<String> = (0..500).map(|i| format!("t{i}")).collect();
        let d = of_document(&json!({
            "credentialSubject": {"achievement": {"description": "x".repeat(10_000), "tag": tags}}
        }));
        assert_eq!(d.description.unwrap().chars().count(), MAX_TEXT + 1);
        assert_eq!(d.tags.len(), MAX_ITEMS);
    }
}
