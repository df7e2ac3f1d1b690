//! JSON-LD → RDF → RDFC-1.0 canonical N-Quads, with contexts from the bundle only.
//!
//! oxjsonld turns JSON-LD into quads; rdf-canon canonicalizes them. They use
//! different oxrdf versions, so quads are converted term by term on the way.

use std::sync::{Arc, LazyLock, Mutex};

use oxjsonld::{JsonLdContextCache, JsonLdParser, JsonLdRemoteDocument};
use serde_json::Value;

use super::CanonError;
use crate::contexts;
use crate::quote::clip;

/// RDFC-1.0 limits the number of recursive Hash N-Degree Quads calls; real
/// credentials need a few dozen. Poison graphs need millions.
const HNDQ_CALL_LIMIT: usize = 4_000;

/// Processed contexts, shared by every canonicalization in the process. Sound because
/// the loader below only ever returns the bundled, immutable documents.
static CONTEXT_CACHE: LazyLock<Arc<JsonLdContextCache>> =
    LazyLock::new(|| Arc::new(JsonLdContextCache::new()));

/// The canonical N-Quads of a JSON-LD document (RDF Dataset Canonicalization 1.0).
///
/// "Safe mode": a term or `@id` that expands to anything but an absolute IRI is an
/// error rather than silently dropped, because a dropped term is an unsigned claim.
pub fn rdfc(document: &Value) -> Result<String, CanonError> {
    canonicalize(document, Some(&CONTEXT_CACHE))
}

fn canonicalize(
    document: &Value,
    cache: Option<&Arc<JsonLdContextCache>>,
) -> Result<String, CanonError> {
    let bytes = serde_json::to_vec(document).map_err(|err| CanonError::Json {
        reason: err.to_string(),
    })?;
    let unknown_context: Arc<Mutex<Option<String>>> = Arc::default();
    let seen = Arc::clone(&unknown_context);
    // Lenient: relative IRIs come out as named nodes instead of vanishing, so
    // `absolute_iri` below can refuse them by name.
    let mut parser = JsonLdParser::new().lenient().for_slice(&bytes);
    if let Some(cache) = cache {
        parser = parser.with_context_cache(Arc::clone(cache));
    }
    let parser =
        parser.with_load_document_callback(move |url, _options| match contexts::document(url) {
            Some(document) => Ok(JsonLdRemoteDocument {
                document: document.to_vec(),
                document_url: url.to_owned(),
            }),
            None => {
                if let Ok(mut slot) = seen.lock() {
                    slot.get_or_insert_with(|| url.to_owned());
                }
                Err(format!("context {url} is not bundled").into())
            }
        });

    let mut quads = Vec::new();
    for quad in parser {
        match quad {
            Ok(quad) => quads.push(convert_quad(&quad)?),
            Err(err) => {
                if let Some(url) = unknown_context.lock().ok().and_then(|slot| slot.clone()) {
                    return Err(CanonError::UnknownContext { url: clip(&url) });
                }
                return Err(CanonError::InvalidJsonLd {
                    reason: err.to_string(),
                });
            }
        }
    }
    if let Some(url) = unknown_context.lock().ok().and_then(|slot| slot.clone()) {
        return Err(CanonError::UnknownContext { url: clip(&url) });
    }

    let options = rdf_canon::CanonicalizationOptions {
        hndq_call_limit: Some(HNDQ_CALL_LIMIT),
    };
    rdf_canon::canonicalize_quads_with::<sha2_v10::Sha256>(&quads, &options).map_err(|err| {
        CanonError::TooComplex {
            reason: err.to_string(),
        }
    })
}

fn absolute_iri(iri: &str) -> Result<oxrdf_canon::NamedNode, CanonError> {
    oxrdf_canon::NamedNode::new(iri).map_err(|_| CanonError::UndefinedTerm { term: clip(iri) })
}

fn convert_quad(quad: &oxrdf::Quad) -> Result<oxrdf_canon::Quad, CanonError> {
    use oxrdf_canon as out;

    let subject: out::Subject = match &quad.subject {
        oxrdf::NamedOrBlankNode::NamedNode(node) => absolute_iri(node.as_str())?.into(),
        oxrdf::NamedOrBlankNode::BlankNode(node) => blank(node)?.into(),
    };
    let predicate = absolute_iri(quad.predicate.as_str())?;
    let object: out::Term = match &quad.object {
        oxrdf::Term::NamedNode(node) => absolute_iri(node.as_str())?.into(),
        oxrdf::Term::BlankNode(node) => blank(node)?.into(),
        oxrdf::Term::Literal(literal) => {
            let value = literal.value();
            if let Some(language) = literal.language() {
                out::Literal::new_language_tagged_literal(value, language)
                    .map_err(|err| CanonError::InvalidJsonLd {
                        reason: format!("bad language tag {language:?}: {err}"),
                    })?
                    .into()
            } else {
                out::Literal::new_typed_literal(value, absolute_iri(literal.datatype().as_str())?)
                    .into()
            }
        }
    };
    let graph_name = match &quad.graph_name {
        oxrdf::GraphName::DefaultGraph => out::GraphName::DefaultGraph,
        oxrdf::GraphName::NamedNode(node) => absolute_iri(node.as_str())?.into(),
        oxrdf::GraphName::BlankNode(node) => blank(node)?.into(),
    };
    Ok(out::Quad::new(subject, predicate, object, graph_name))
}

fn blank(node: &oxrdf::BlankNode) -> Result<oxrdf_canon::BlankNode, CanonError> {
    oxrdf_canon::BlankNode::new(node.as_str()).map_err(|err| CanonError::InvalidJsonLd {
        reason: format!("bad blank node id {:?}: {err}", node.as_str()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn canonical_form_is_sorted_nquads_with_relabelled_blank_nodes() {
        let doc = json!({
            "@context": {"name": "https://schema.org/name", "knows": {"@id": "https://schema.org/knows"}},
            "name": "Ada",
            "knows": {"name": "Grace"}
        });
        let out = rdfc(&doc).unwrap();
        assert_eq!(
            out,
            "_:c14n0 <https://schema.org/knows> _:c14n1 .\n\
             _:c14n0 <https://schema.org/name> \"Ada\" .\n\
             _:c14n1 <https://schema.org/name> \"Grace\" .\n"
        );
    }

    /// The shared context cache must never change a canonical form: every JSON
    /// credential among the public vectors canonicalizes identically with it (twice,
    /// so the second run is all cache hits) and without it.
    #[test]
    fn context_cache_never_changes_the_canonical_form() {
        let mut dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        while !dir.join("shared/vectors").is_dir() {
            assert!(dir.pop(), "no shared/vectors beside the repository");
        }
        let mut compared = 0;
        let mut stack = vec![dir.join("shared/vectors")];
        while let Some(path) = stack.pop() {
            if path.is_dir() {
                stack.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
                continue;
            }
            if path.extension().is_none_or(|e| e != "json")
                || path.to_string_lossy().contains("contexts")
            {
                continue;
            }
            let Ok(mut doc) = serde_json::from_slice::<Value>(&std::fs::read(&path).unwrap())
            else {
                continue;
            };
            if doc.get("@context").is_none() {
                continue;
            }
            if let Some(obj) = doc.as_object_mut() {
                obj.remove("proof");
            }
            let uncached = canonicalize(&doc, None).map_err(|e| e.to_string());
            for _ in 0..2 {
                let cached = canonicalize(&doc, Some(&CONTEXT_CACHE)).map_err(|e| e.to_string());
                assert_eq!(cached, uncached, "{}", path.display());
            }
            compared += 1;
        }
        assert!(compared > 150, "only {compared} documents compared");
    }

    #[test]
    fn unknown_context_is_named() {
        let doc = json!({"@context": "https://evil.example/context.json", "name": "x"});
        match rdfc(&doc) {
            Err(CanonError::UnknownContext { url }) => {
                assert_eq!(url, "https://evil.example/context.json")
            }
            other => panic!("expected UnknownContext, got {other:?}"),
        }
    }

    #[test]
    fn undefined_term_is_refused_not_dropped() {
        let doc = json!({
            "@context": ["https://www.w3.org/2018/credentials/v1"],
            "type": ["VerifiableCredential"],
            "issuer": "did:example:123",
            "issuanceDate": "2020-01-01T00:00:00Z",
            "credentialSubject": {"id": "did:example:456"},
            "addedLater": "unsigned claim"
        });
        match rdfc(&doc) {
            Err(CanonError::UndefinedTerm { term }) => assert_eq!(term, "addedLater"),
            other => panic!("expected UndefinedTerm, got {other:?}"),
        }
    }

    #[test]
    fn vc2_without_the_undefined_terms_context_refuses_undefined_terms() {
        let doc = json!({
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential"],
            "issuer": "did:example:123",
            "credentialSubject": {"id": "did:example:456", "nickname": "Ada"}
        });
        assert!(
            matches!(rdfc(&doc), Err(CanonError::UndefinedTerm { term }) if term == "nickname")
        );
    }

    #[test]
    fn undefined_terms_context_maps_them_to_issuer_dependent_iris() {
        let doc = json!({
            "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/undefined-terms/v2"],
            "type": ["VerifiableCredential"],
            "issuer": "did:example:123",
            "credentialSubject": {"id": "did:example:456", "nickname": "Ada"}
        });
        let out = rdfc(&doc).unwrap();
        assert!(
            out.contains("<https://www.w3.org/ns/credentials/undefined-term#nickname>"),
            "{out}"
        );
    }
}
