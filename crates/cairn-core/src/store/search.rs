//! Full-text search over what a learner remembers about a credential: its name and
//! description, the issuer, and the skills and frameworks it aligns to. The index
//! (FTS5) lives inside the encrypted database like everything else.

use rusqlite::{Connection, params};
use serde_json::Value;

use crate::credential;

/// The text a credential is found by, in the index's columns.
pub(crate) struct SearchText {
    name: String,
    description: String,
    issuer: String,
    skills: String,
}

/// Reads the searchable text from a credential's document (any format's JSON).
pub(crate) fn text_of(doc: &Value) -> SearchText {
    let s = |v: Option<&Value>| v.and_then(Value::as_str).unwrap_or_default().to_owned();
    let achievement = doc
        .pointer("/credentialSubject/achievement")
        .or_else(|| doc.get("badge"));
    let name = [
        s(doc.get("name")),
        s(achievement.and_then(|a| a.get("name"))),
    ]
    .join(" ");
    let description = [
        s(doc.get("description")),
        s(achievement.and_then(|a| a.get("description"))),
        s(achievement.and_then(|a| a.pointer("/criteria/narrative"))),
    ]
    .join(" ");
    let issuer = match doc.get("issuer") {
        Some(Value::Object(obj)) => [s(obj.get("name")), s(obj.get("id"))].join(" "),
        other => s(other),
    };
    let mut skills = Vec::new();
    for list in [
        achievement.and_then(|a| a.get("alignment")),
        achievement.and_then(|a| a.get("alignments")),
        achievement.and_then(|a| a.get("tag")),
        achievement.and_then(|a| a.get("tags")),
    ]
    .into_iter()
    .flatten()
    {
        if let Value::Array(items) = list {
            for item in items.iter().take(200) {
                match item {
                    Value::String(tag) => skills.push(tag.clone()),
                    Value::Object(obj) => {
                        skills.push(s(obj.get("targetName")));
                        skills.push(s(obj.get("targetFramework")));
                        skills.push(s(obj.get("targetCode")));
                    }
                    _ => {}
                }
            }
        }
    }
    SearchText {
        name,
        description,
        issuer,
        skills: skills.join(" "),
    }
}

/// Indexes a credential from its original bytes.
pub(crate) fn index(conn: &Connection, id: &str, original: &[u8]) -> rusqlite::Result<()> {
    let parsed = credential::parse(original).ok();
    index_document(conn, id, parsed.as_ref().and_then(|p| p.document()))
}

/// Indexes a credential from its document, already parsed.
pub(crate) fn index_document(
    conn: &Connection,
    id: &str,
    doc: Option<&Value>,
) -> rusqlite::Result<()> {
    let t = text_of(doc.unwrap_or(&Value::Null));
    conn.execute(
        "INSERT INTO credentials_fts (credential_id, name, description, issuer, skills) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, t.name, t.description, t.issuer, t.skills],
    )?;
    Ok(())
}

/// Turns what a person types into an FTS5 query that cannot be a syntax error: each
/// word becomes a quoted prefix term, all of them required.
pub(crate) fn match_expression(text: &str) -> Option<String> {
    let terms: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(16)
        .map(|w| format!("\"{}\"*", w.replace('"', "\"\"")))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" AND "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_typed_text_becomes_a_safe_query() {
        assert_eq!(
            match_expression("weld* \"OR\" (x").as_deref(),
            Some("\"weld\"* AND \"OR\"* AND \"x\"*")
        );
        assert_eq!(match_expression("  -- ** "), None);
        assert_eq!(match_expression("Schweißen"), Some("\"Schweißen\"*".into()));
    }
}
