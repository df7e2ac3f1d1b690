//! Full-text search over what a learner remembers about a credential: its name and
//! description, the issuer, and the skills and frameworks it aligns to. The index
//! (FTS5) lives inside the encrypted database like everything else.

use rusqlite::{Connection, params};
use serde_json::Value;

use super::{StoreError, Wallet};
use crate::credential;

impl Wallet {
    /// After a large import: merges the search index's segments into one (every
    /// transaction adds a segment, and every query probes each of them), and lets
    /// SQLite refresh its planner statistics.
    pub fn optimize_search(&mut self) -> Result<(), StoreError> {
        self.conn.execute_batch(
            "INSERT INTO credentials_fts (credentials_fts) VALUES ('optimize');
             PRAGMA optimize;",
        )?;
        Ok(())
    }
}

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

/// The index's vocabulary, for expanding typed prefixes into whole terms. A TEMP
/// table (memory only, per connection) over the stored index: nothing is written.
pub(crate) const VOCABULARY: &str = "CREATE VIRTUAL TABLE IF NOT EXISTS temp.credentials_terms USING fts5vocab(main, credentials_fts, row);";

/// A prefix that expands to more terms than this is left to FTS5's own prefix query.
const MAX_EXPANSION: usize = 64;

/// The words of what a person typed (at most 16), as FTS5 will see them.
fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(16)
        .collect()
}

fn quoted(term: &str) -> String {
    format!("\"{}\"", term.replace('"', "\"\""))
}

/// Turns what a person types into an FTS5 query that cannot be a syntax error: every
/// word required, each as a word prefix — except a single character, which matches
/// only itself (as a prefix it would match a large part of the vocabulary).
///
/// A prefix is expanded here into the whole terms it covers (`"assess"` → `"assessment"
/// OR "assessor"`), looked up in the index's vocabulary: FTS5 walks an OR of terms
/// lazily, newest first, and stops after a page, while its own prefix query merges
/// every matching document list first (30 ms for a word in all of 10,000 credentials,
/// under 1 ms expanded). A prefix with no listed term (the tokenizer folds a character
/// differently) or too many terms keeps FTS5's own prefix query, which is always right.
pub(crate) fn match_expression(conn: &Connection, text: &str) -> rusqlite::Result<Option<String>> {
    let mut lookup = conn.prepare_cached(
        "SELECT term FROM temp.credentials_terms WHERE term >= ?1 AND term < ?2 LIMIT ?3",
    )?;
    let mut parts = Vec::new();
    for word in words(text) {
        if word.chars().nth(1).is_none() {
            parts.push(quoted(word));
            continue;
        }
        let folded = word.to_lowercase();
        let terms: Vec<String> = lookup
            .query_map(
                params![
                    folded,
                    format!("{folded}\u{10FFFF}"),
                    MAX_EXPANSION as i64 + 1
                ],
                |r| r.get(0),
            )?
            .collect::<Result<_, _>>()?;
        parts.push(match terms.len() {
            1..=MAX_EXPANSION => format!(
                "({})",
                terms
                    .iter()
                    .map(|t| quoted(t))
                    .collect::<Vec<_>>()
                    .join(" OR ")
            ),
            _ => format!("{}*", quoted(word)),
        });
    }
    Ok((!parts.is_empty()).then(|| parts.join(" AND ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index_of(texts: &[&str]) -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE VIRTUAL TABLE credentials_fts USING fts5(
                credential_id UNINDEXED, name, description, issuer, skills,
                tokenize = 'unicode61 remove_diacritics 2');",
        )
        .unwrap();
        conn.execute_batch(VOCABULARY).unwrap();
        for (i, text) in texts.iter().enumerate() {
            conn.execute(
                "INSERT INTO credentials_fts (credential_id, name) VALUES (?1, ?2)",
                params![i.to_string(), text],
            )
            .unwrap();
        }
        conn
    }

    #[test]
    fn any_typed_text_becomes_a_safe_query() {
        let conn = index_of(&["Welding assessment", "Café Schweißen"]);
        let expr = |text: &str| match_expression(&conn, text).unwrap();
        assert_eq!(
            expr("weld* \"OR\" (x").as_deref(),
            Some("(\"welding\") AND \"OR\"* AND \"x\"")
        );
        assert_eq!(expr("  -- ** "), None);
        assert_eq!(expr("Schweiß").as_deref(), Some("(\"schweißen\")"));
        // Folded differently by the tokenizer: FTS5's own prefix query.
        assert_eq!(expr("Café").as_deref(), Some("\"Café\"*"));
        for text in [
            "weld* \"OR\" (x",
            "\") OR * (",
            "NEAR(a b)",
            "assess",
            "caf",
        ] {
            let expr = expr(text).unwrap();
            conn.query_row(
                "SELECT count(*) FROM credentials_fts WHERE credentials_fts MATCH ?1",
                [&expr],
                |r| r.get::<_, i64>(0),
            )
            .unwrap_or_else(|e| panic!("{text:?} → {expr}: {e}"));
        }
    }

    #[test]
    fn expanded_prefixes_find_what_fts5_prefixes_find() {
        let conn = index_of(&[
            "Cloud Fundamentals",
            "Cloud security",
            "Clouded judgement",
            "Fundraising",
            "Café crème",
            "Skill badge #12",
            "Skill badge #123",
        ]);
        let found = |expr: &str| -> Vec<String> {
            let mut stmt = conn
                .prepare("SELECT credential_id FROM credentials_fts WHERE credentials_fts MATCH ?1 ORDER BY rowid")
                .unwrap();
            stmt.query_map([expr], |r| r.get(0))
                .unwrap()
                .map(Result::unwrap)
                .collect()
        };
        for text in [
            "cloud fund",
            "clo",
            "fund",
            "cafe",
            "créme",
            "badge 12",
            "sk 1",
            "zzz",
        ] {
            let native: Vec<String> = words(text)
                .iter()
                .map(|w| {
                    if w.chars().count() == 1 {
                        quoted(w)
                    } else {
                        format!("{}*", quoted(w))
                    }
                })
                .collect();
            assert_eq!(
                found(&match_expression(&conn, text).unwrap().unwrap()),
                found(&native.join(" AND ")),
                "{text}"
            );
        }
    }
}
