//! Who a credential was issued to, and whether that is the learner: a subject `id`
//! (a DID, or `mailto:`), an OB 3.0 `identifier` (IdentityObject), or an OB 2.0
//! `recipient` — each either plain or hashed (`sha256$hex` of the identity followed by
//! the salt, Open Badges 2.0 §IdentityObject).

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// One identity a credential names as its recipient.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Recipient {
    /// A subject id: a DID or other URI (`mailto:` included, as written).
    Id { value: String },
    /// An email address in plain text.
    Email { value: String },
    /// A salted hash of an email address: `sha256$…` (hex).
    HashedEmail { hash: String, salt: Option<String> },
}

/// At most this many identities are kept per credential (a CLR may list many subjects).
const MAX_RECIPIENTS: usize = 32;

/// The recipient identities a credential (VC of any version, or OB 2.0 assertion) names.
pub fn recipients(doc: &Value) -> Vec<Recipient> {
    let mut out = Vec::new();
    let subjects: Vec<&Value> = match doc.get("credentialSubject") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(one) => vec![one],
        None => Vec::new(),
    };
    for subject in subjects {
        if let Some(id) = subject.get("id").and_then(Value::as_str) {
            out.push(Recipient::Id {
                value: id.to_owned(),
            });
        }
        // OB 3.0: `identifier` is a list of IdentityObjects.
        let identifiers: Vec<&Value> = match subject.get("identifier") {
            Some(Value::Array(items)) => items.iter().collect(),
            Some(one) => vec![one],
            None => Vec::new(),
        };
        for identity in identifiers {
            out.extend(identity_object(identity, "identityType", "identityHash"));
        }
    }
    // OB 2.0: `recipient` with `type` and `identity`.
    if let Some(recipient) = doc.get("recipient") {
        out.extend(identity_object(recipient, "type", "identity"));
    }
    out.truncate(MAX_RECIPIENTS);
    out
}

fn identity_object(obj: &Value, type_key: &str, value_key: &str) -> Option<Recipient> {
    let kind = obj.get(type_key).and_then(Value::as_str)?;
    if !matches!(kind, "email" | "emailAddress") {
        return None;
    }
    let value = obj.get(value_key).and_then(Value::as_str)?;
    let hashed = obj.get("hashed").and_then(Value::as_bool).unwrap_or(false);
    if hashed || value.starts_with("sha256$") {
        return Some(Recipient::HashedEmail {
            hash: value.to_owned(),
            salt: obj.get("salt").and_then(Value::as_str).map(str::to_owned),
        });
    }
    Some(Recipient::Email {
        value: value.to_owned(),
    })
}

/// The learner's own identities, to recognise credentials issued to them.
#[derive(Debug, Clone, Default)]
pub struct Me {
    pub dids: Vec<String>,
    /// Email addresses as the learner gave them.
    pub emails: Vec<String>,
}

impl Me {
    /// Whether any of the credential's recipients is the learner.
    pub fn is_recipient(&self, recipients: &[Recipient]) -> bool {
        recipients.iter().any(|r| self.matches(r))
    }

    fn matches(&self, recipient: &Recipient) -> bool {
        match recipient {
            Recipient::Id { value } => {
                self.dids.iter().any(|d| d == value)
                    || value
                        .strip_prefix("mailto:")
                        .is_some_and(|addr| self.has_email(addr))
            }
            Recipient::Email { value } => self.has_email(value),
            Recipient::HashedEmail { hash, salt } => {
                let Some(hex) = hash.strip_prefix("sha256$") else {
                    // md5 and other algorithms are not recognised.
                    return false;
                };
                let salt = salt.as_deref().unwrap_or("");
                // Issuers hash the address as they had it; most lower-case it first.
                self.emails.iter().any(|email| {
                    [email.clone(), email.to_lowercase()]
                        .iter()
                        .any(|form| sha256_hex(&format!("{form}{salt}")).eq_ignore_ascii_case(hex))
                })
            }
        }
    }

    fn has_email(&self, addr: &str) -> bool {
        self.emails
            .iter()
            .any(|e| e.eq_ignore_ascii_case(addr.trim()))
    }
}

fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn me() -> Me {
        Me {
            dids: vec!["did:key:z6MkLearner".into()],
            emails: vec!["Ada@Example.org".into()],
        }
    }

    #[test]
    fn each_way_of_naming_the_learner_is_recognised() {
        let hashed = format!("sha256${}", sha256_hex("ada@example.orgNaCl"));
        let cases = [
            json!({"credentialSubject": {"id": "did:key:z6MkLearner"}}),
            json!({"credentialSubject": [{"id": "did:other"}, {"id": "mailto:ada@example.org"}]}),
            json!({"credentialSubject": {"identifier": [{"identityType": "emailAddress", "identityHash": "ADA@example.org", "hashed": false}]}}),
            json!({"credentialSubject": {"identifier": [{"identityType": "emailAddress", "identityHash": hashed, "hashed": true, "salt": "NaCl"}]}}),
            json!({"recipient": {"type": "email", "identity": "ada@example.org", "hashed": false}}),
            json!({"recipient": {"type": "email", "identity": hashed, "hashed": true, "salt": "NaCl"}}),
        ];
        for doc in cases {
            assert!(me().is_recipient(&recipients(&doc)), "{doc}");
        }
    }

    #[test]
    fn someone_else_is_not_the_learner() {
        let cases = [
            json!({"credentialSubject": {"id": "did:key:z6MkSomeoneElse"}}),
            json!({"recipient": {"type": "email", "identity": format!("sha256${}", sha256_hex("ada@example.orgpepper")), "hashed": true, "salt": "NaCl"}}),
            json!({"recipient": {"type": "email", "identity": "md5$0123", "hashed": true}}),
            json!({"recipient": {"type": "url", "identity": "ada@example.org"}}),
            json!({"name": "no subject at all"}),
        ];
        for doc in cases {
            assert!(!me().is_recipient(&recipients(&doc)), "{doc}");
        }
        assert!(!Me::default().is_recipient(&recipients(
            &json!({"credentialSubject": {"id": "did:key:z6MkLearner"}})
        )));
    }
}
