//! Keys that live online: `did:web` DID documents and `https` controller documents
//! (issuer profiles that carry their verification methods, as OB 3.0 allows).
//!
//! A key found this way is believed only when the document is the one its id names
//! (`id` equal to the DID or URL), lists the method, authorises it for signing
//! credentials (`assertionMethod`), and names no other controller. The controller
//! returned is the document's id, which the `issuer` check compares with the issuer.

use std::sync::Arc;

use serde_json::Value;

use super::did_web;
use super::keys::{self, KeyError, KeySource, PublicKey, ResolvedKey, clip};
use super::resolve::KeyResolver;
use crate::net::{Fetch, Kind};

/// Resolves `did:key`/`did:jwk` in place and everything else through a [`Fetch`].
pub struct NetResolver {
    fetch: Arc<dyn Fetch>,
}

impl NetResolver {
    pub fn new(fetch: Arc<dyn Fetch>) -> Self {
        NetResolver { fetch }
    }
}

impl KeyResolver for NetResolver {
    fn resolve(&self, verification_method: &str) -> Result<ResolvedKey, KeyError> {
        match keys::resolve_offline(verification_method) {
            Err(KeyError::NeedsNetwork { method }) => {
                self.resolve_online(verification_method, &method)
            }
            other => other,
        }
    }
}

impl NetResolver {
    fn resolve_online(&self, vm: &str, method: &str) -> Result<ResolvedKey, KeyError> {
        let base = vm.split_once('#').map_or(vm, |(base, _)| base);
        let (url, kind) = if method == "did:web" {
            (did_web::document_url(base)?, Kind::DidDocument)
        } else {
            (base.to_owned(), Kind::IssuerProfile)
        };
        let fetched = self.fetch.get(&url, kind).map_err(|err| {
            if err.is_unavailable() {
                KeyError::Unavailable {
                    reason: err.to_string(),
                }
            } else {
                KeyError::Unresolvable {
                    reason: format!("the document that should publish it is unusable: {err}"),
                }
            }
        })?;
        let doc: Value =
            serde_json::from_slice(&fetched.body).map_err(|e| KeyError::Unresolvable {
                reason: format!("the document at {} is not JSON: {e}", clip(&url)),
            })?;
        let (id, key) = find_key(&doc, base, vm)?;
        let as_of = fetched.from_cache.then_some(fetched.fetched_at);
        Ok(ResolvedKey {
            id,
            controller: base.to_owned(),
            key,
            source: if kind == Kind::DidDocument {
                KeySource::DidWeb { as_of }
            } else {
                KeySource::Controller { as_of }
            },
        })
    }
}

/// An id in a controller document, made absolute (`#key-1` is relative to the document).
fn absolute(id: &str, doc_id: &str) -> String {
    if id.starts_with('#') {
        format!("{doc_id}{id}")
    } else {
        id.to_owned()
    }
}

fn as_list(value: Option<&Value>) -> Vec<&Value> {
    match value {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(one) => vec![one],
        None => Vec::new(),
    }
}

fn unresolvable(reason: String) -> KeyError {
    KeyError::Unresolvable { reason }
}

/// The verification method `vm` of the controller document `doc` whose id must be
/// `doc_id`: its absolute id and its key. A bare `doc_id` (no fragment) names the
/// document's only assertion method.
pub(crate) fn find_key(
    doc: &Value,
    doc_id: &str,
    vm: &str,
) -> Result<(String, PublicKey), KeyError> {
    let found_id = doc.get("id").and_then(Value::as_str).unwrap_or("(none)");
    if found_id != doc_id {
        return Err(unresolvable(format!(
            "the document fetched for {} is about {}, not about it",
            clip(doc_id),
            clip(found_id)
        )));
    }
    let assertion = as_list(doc.get("assertionMethod"));
    let authorised: Vec<String> = assertion
        .iter()
        .filter_map(|item| match item {
            Value::String(id) => Some(absolute(id, doc_id)),
            Value::Object(obj) => obj
                .get("id")
                .and_then(Value::as_str)
                .map(|id| absolute(id, doc_id)),
            _ => None,
        })
        .collect();
    let wanted = if vm.contains('#') {
        vm.to_owned()
    } else {
        match authorised.as_slice() {
            [only] => only.clone(),
            _ => {
                return Err(unresolvable(format!(
                    "{} names no key, and its document has {} assertion methods",
                    clip(vm),
                    authorised.len()
                )));
            }
        }
    };
    let methods = as_list(doc.get("verificationMethod"))
        .into_iter()
        .chain(assertion.iter().copied());
    let method = methods
        .filter_map(Value::as_object)
        .find(|m| {
            m.get("id")
                .and_then(Value::as_str)
                .is_some_and(|id| absolute(id, doc_id) == wanted)
        })
        .ok_or_else(|| {
            unresolvable(format!(
                "the issuer's document {} does not publish the key {}",
                clip(doc_id),
                clip(&wanted)
            ))
        })?;
    if !authorised.contains(&wanted) {
        return Err(unresolvable(format!(
            "the key {} is published, but not authorised to sign credentials (assertionMethod)",
            clip(&wanted)
        )));
    }
    if let Some(controller) = method.get("controller").and_then(Value::as_str)
        && controller != doc_id
    {
        return Err(unresolvable(format!(
            "the key {} names another controller ({})",
            clip(&wanted),
            clip(controller)
        )));
    }
    let key = if let Some(jwk) = method.get("publicKeyJwk") {
        PublicKey::from_jwk(jwk)?
    } else if let Some(multibase) = method.get("publicKeyMultibase").and_then(Value::as_str) {
        PublicKey::from_multikey(multibase)?
    } else if let Some(base58) = method.get("publicKeyBase58").and_then(Value::as_str) {
        ed25519_base58(base58)?
    } else {
        return Err(unresolvable(format!(
            "the key {} carries no public key this wallet reads (publicKeyMultibase, publicKeyJwk, publicKeyBase58)",
            clip(&wanted)
        )));
    };
    Ok((wanted, key))
}

/// `Ed25519VerificationKey2018`: the raw 32-byte key in base58btc.
fn ed25519_base58(text: &str) -> Result<PublicKey, KeyError> {
    if text.len() > 64 {
        return Err(KeyError::BadMultibase {
            reason: "publicKeyBase58 is too long for an Ed25519 key".into(),
        });
    }
    let raw = bs58::decode(text)
        .into_vec()
        .map_err(|e| KeyError::BadMultibase {
            reason: format!("publicKeyBase58 is not base58: {e}"),
        })?;
    let bytes: [u8; 32] = raw
        .as_slice()
        .try_into()
        .map_err(|_| KeyError::WrongKeyLength {
            key_type: "Ed25519",
            expected: 32,
            found: raw.len(),
        })?;
    ed25519_dalek::VerifyingKey::from_bytes(&bytes)
        .map(PublicKey::Ed25519)
        .map_err(|_| KeyError::InvalidKey {
            key_type: "Ed25519",
            reason: "not a valid curve point".into(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const KEY: &str = "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi";

    fn doc(id: &str, authorised: bool) -> Value {
        json!({
            "id": id,
            "verificationMethod": [{
                "id": "#k1", "type": "Multikey", "controller": id, "publicKeyMultibase": KEY
            }],
            "assertionMethod": if authorised { json!(["#k1"]) } else { json!([]) },
        })
    }

    #[test]
    fn a_listed_authorised_key_is_found_with_relative_ids() {
        let d = doc("did:web:a.example", true);
        let (id, _) = find_key(&d, "did:web:a.example", "did:web:a.example#k1").unwrap();
        assert_eq!(id, "did:web:a.example#k1");
        let (bare, _) = find_key(&d, "did:web:a.example", "did:web:a.example").unwrap();
        assert_eq!(bare, "did:web:a.example#k1");
    }

    #[test]
    fn unlisted_unauthorised_or_foreign_keys_are_refused() {
        let d = doc("did:web:a.example", false);
        let err = find_key(&d, "did:web:a.example", "did:web:a.example#k1").unwrap_err();
        assert!(err.to_string().contains("assertionMethod"), "{err}");
        let d = doc("did:web:a.example", true);
        let err = find_key(&d, "did:web:a.example", "did:web:a.example#k2").unwrap_err();
        assert!(err.to_string().contains("does not publish"), "{err}");
        let err = find_key(&d, "did:web:b.example", "did:web:b.example#k1").unwrap_err();
        assert!(err.to_string().contains("is about"), "{err}");
        let mut d = doc("did:web:a.example", true);
        d["verificationMethod"][0]["controller"] = json!("did:web:evil.example");
        let err = find_key(&d, "did:web:a.example", "did:web:a.example#k1").unwrap_err();
        assert!(err.to_string().contains("another controller"), "{err}");
    }
}
