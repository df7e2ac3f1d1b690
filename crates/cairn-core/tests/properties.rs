//! Property tests (proptest): canonicalization is a function of the data, not of how
//! it was written, and the share envelope opens exactly what was sealed and nothing
//! that was changed.

use cairn_core::canon::{jcs, rdfc};
use cairn_core::share::ShareKey;
use cairn_core::share::envelope::{self, EnvelopeError};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

/// Any JSON value (numbers as JCS can represent them: integers and finite floats).
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        // Integers JSON numbers carry exactly (|n| ≤ 2^53), as I-JSON requires.
        (-(1i64 << 53)..=(1i64 << 53)).prop_map(|n| json!(n)),
        (-1e15f64..1e15).prop_map(|f| json!(f)),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::btree_map(any::<String>(), inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Text that JSON-LD keeps as a plain literal (no `@`-keywords, no IRIs needed).
fn literal() -> impl Strategy<Value = String> {
    any::<String>()
}

/// A credential-shaped JSON-LD document over the bundled VC 2.0 context, with
/// generated literals, a generated set of types and a generated subject. The
/// undefined-terms context gives the generated types and `notes` their IRIs (without
/// it they are refused as undefined, which `canon::rdfc`'s own tests cover).
fn credential() -> impl Strategy<Value = Value> {
    (
        literal(),
        literal(),
        prop::collection::btree_set("[A-Z][a-zA-Z]{0,12}", 0..4),
        "[a-z0-9]{1,16}",
        prop::collection::vec(literal(), 0..4),
    )
        .prop_map(|(name, description, types, subject, notes)| {
            let mut all_types = vec![json!("VerifiableCredential")];
            all_types.extend(types.into_iter().map(Value::String));
            json!({
                "@context": [
                    "https://www.w3.org/ns/credentials/v2",
                    "https://www.w3.org/ns/credentials/undefined-terms/v2"
                ],
                "id": format!("urn:uuid:{subject}"),
                "type": all_types,
                "issuer": {"id": format!("did:example:{subject}"), "name": name},
                "name": name,
                "description": description,
                "validFrom": "2026-01-01T00:00:00Z",
                "credentialSubject": {"id": format!("did:example:learner-{subject}"), "notes": notes}
            })
        })
}

/// The same document with every array of `type` values reversed (an RDF set has no
/// order) and every object's keys written in reverse order.
fn reordered(value: &Value) -> String {
    fn write(value: &Value, key: Option<&str>, out: &mut String) {
        match value {
            Value::Object(map) => {
                out.push('{');
                for (i, (k, v)) in map.iter().rev().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&serde_json::to_string(k).unwrap());
                    out.push(':');
                    write(v, Some(k), out);
                }
                out.push('}');
            }
            Value::Array(items) if key == Some("type") => {
                let reversed: Vec<Value> = items.iter().rev().cloned().collect();
                out.push_str(&serde_json::to_string(&reversed).unwrap());
            }
            Value::Array(items) => {
                out.push('[');
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write(v, None, out);
                }
                out.push(']');
            }
            other => out.push_str(&serde_json::to_string(other).unwrap()),
        }
    }
    let mut out = String::new();
    write(value, None, &mut out);
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// JCS output is JSON whose JCS is itself: canonical form is a fixed point.
    #[test]
    fn jcs_is_idempotent(value in any_json()) {
        let once = jcs(&value).unwrap();
        // (Not `reparsed == value`: JCS writes 3.0 as 3, which reads back as an integer.)
        let reparsed: Value = serde_json::from_slice(&once).unwrap();
        prop_assert_eq!(jcs(&reparsed).unwrap(), once);
    }

    /// Whitespace and key order in the source do not change the JCS bytes.
    #[test]
    fn jcs_ignores_formatting(value in any_json()) {
        let pretty = serde_json::to_string_pretty(&value).unwrap();
        let reparsed: Value = serde_json::from_str(&pretty).unwrap();
        prop_assert_eq!(jcs(&reparsed).unwrap(), jcs(&value).unwrap());
    }
}

proptest! {
    // RDFC is the expensive one: fewer cases, still many distinct documents.
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Parsed and re-serialized (pretty, keys and type sets reordered), a dataset has
    /// the same canonical N-Quads, and those are sorted and newline-terminated.
    #[test]
    fn rdfc_of_a_reserialized_dataset_is_stable(doc in credential()) {
        let canonical = rdfc(&doc).unwrap();
        let pretty: Value = serde_json::from_str(&serde_json::to_string_pretty(&doc).unwrap()).unwrap();
        prop_assert_eq!(&rdfc(&pretty).unwrap(), &canonical);
        let reordered: Value = serde_json::from_str(&reordered(&doc)).unwrap();
        prop_assert_eq!(&rdfc(&reordered).unwrap(), &canonical);
        let lines: Vec<&str> = canonical.lines().collect();
        let mut sorted = lines.clone();
        sorted.sort_unstable();
        sorted.dedup();
        prop_assert_eq!(lines, sorted);
        prop_assert!(canonical.ends_with('\n'));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// What is sealed opens to itself, and a second seal differs (fresh nonce).
    #[test]
    fn envelope_seal_open_round_trip(plaintext in prop::collection::vec(any::<u8>(), 0..4096)) {
        let key = ShareKey::generate().unwrap();
        let sealed = envelope::seal(&key, &plaintext).unwrap();
        prop_assert_eq!(&envelope::open(&key, &sealed).unwrap()[..], &plaintext[..]);
        prop_assert_ne!(envelope::seal(&key, &plaintext).unwrap(), sealed);
    }

    /// Flipping any bit of any byte (header, nonce, ciphertext or tag) makes the whole
    /// envelope fail; so does another key.
    #[test]
    fn envelope_any_single_byte_flip_fails(
        plaintext in prop::collection::vec(any::<u8>(), 0..1024),
        at in any::<prop::sample::Index>(),
        bit in 0u8..8,
    ) {
        let key = ShareKey::generate().unwrap();
        let mut sealed = envelope::seal(&key, &plaintext).unwrap();
        let i = at.index(sealed.len());
        sealed[i] ^= 1 << bit;
        let opened = envelope::open(&key, &sealed);
        prop_assert!(
            matches!(opened, Err(EnvelopeError::CannotDecrypt | EnvelopeError::NotAShare)),
            "byte {} bit {} flipped still opened", i, bit
        );
        sealed[i] ^= 1 << bit;
        let other = ShareKey::generate().unwrap();
        prop_assert!(matches!(envelope::open(&other, &sealed), Err(EnvelopeError::CannotDecrypt)));
    }
}
