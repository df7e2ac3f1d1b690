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

    canonical_nquads(&quads)
}

/// RDFC-1.0 (SHA-256) of a dataset, with the call limit that stops poison graphs.
fn canonical_nquads(quads: &[oxrdf_canon::Quad]) -> Result<String, CanonError> {
    let options = rdf_canon::CanonicalizationOptions {
        hndq_call_limit: Some(HNDQ_CALL_LIMIT),
    };
    rdf_canon::canonicalize_quads_with::<sha2_v10::Sha256>(quads, &options).map_err(|err| {
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
        let mut compared = 0;
        let mut stack = vec![crate::test_support::vectors_dir()];
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

    /// The W3C RDFC-1.0 test suite (../shared/vectors/rdf-canon): every evaluation test
    /// with SHA-256 gives its expected canonical N-Quads under Cairn's call limit, and
    /// the poison-graph negative test is cut off by it.
    #[test]
    fn w3c_rdfc_test_suite_passes_under_the_production_limit() {
        let suite = crate::test_support::vectors_dir().join("rdf-canon/tests");
        let manifest: Value =
            serde_json::from_slice(&std::fs::read(suite.join("manifest.jsonld")).unwrap()).unwrap();
        let parse = |file: &str| -> Vec<oxrdf_canon::Quad> {
            let text = std::fs::read(suite.join(file)).unwrap();
            oxttl::NQuadsParser::new()
                .for_slice(&text)
                .collect::<Result<Vec<_>, _>>()
                .unwrap_or_else(|e| panic!("{file}: {e}"))
        };
        let (mut evaluated, mut negative) = (0, 0);
        for entry in manifest["entries"].as_array().unwrap() {
            let kind = entry["type"].as_str().unwrap();
            let action = entry["action"].as_str().unwrap();
            // Cairn's suites hash with SHA-256 only; the SHA-384 variants test an option it never uses.
            if entry
                .get("hashAlgorithm")
                .and_then(Value::as_str)
                .is_some_and(|h| h != "SHA256")
            {
                continue;
            }
            match kind {
                "rdfc:RDFC10EvalTest" => {
                    let expected = String::from_utf8(
                        std::fs::read(suite.join(entry["result"].as_str().unwrap())).unwrap(),
                    )
                    .unwrap();
                    let actual = canonical_nquads(&parse(action))
                        .unwrap_or_else(|e| panic!("{action}: {e}"));
                    assert_eq!(actual, expected, "{action}");
                    evaluated += 1;
                }
                "rdfc:RDFC10NegativeEvalTest" => {
                    assert!(
                        matches!(
                            canonical_nquads(&parse(action)),
                            Err(CanonError::TooComplex { .. })
                        ),
                        "{action}"
                    );
                    negative += 1;
                }
                _ => {}
            }
        }
        assert!(
            evaluated >= 60 && negative == 1,
            "{evaluated} evaluation and {negative} negative tests ran"
        );
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

    /// A presentation holding the same credential twice: each copy's subject is
    /// mentioned by 12 quads in its own blank-named graph, so Hash N-Degree Quads
    /// sees the graph's name 12 times. rdf-canon 0.15 tried all 12! orderings of the
    /// copies (479 million; 7 quads already cost the viewer ~100 ms); the vendored
    /// patch tries the one distinct ordering.
    #[test]
    fn a_credential_shown_twice_canonicalizes_without_trying_every_ordering() {
        let subject: serde_json::Map<String, Value> = (1..=12)
            .map(|i| (format!("p{i}"), json!(format!("value {i}"))))
            .collect();
        let doc = json!({
            "@context": {
                "@vocab": "https://example.org/vocab#",
                "credential": {"@id": "https://example.org/vocab#credential", "@container": "@graph"}
            },
            "@id": "https://example.org/presentation",
            "credential": [subject.clone(), subject]
        });
        let out = rdfc(&doc).unwrap();
        assert_eq!(out.lines().count(), 2 * 12 + 2, "{out}");
        for label in ["_:c14n0", "_:c14n1", "_:c14n2", "_:c14n3"] {
            assert!(out.contains(label), "{label} missing from {out}");
        }
        assert!(!out.contains("_:c14n4"), "{out}");
    }
}
