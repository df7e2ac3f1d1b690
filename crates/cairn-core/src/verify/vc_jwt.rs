//! The `proof` and `issuer` checks of a VC-JWT (and of an OB 2.0 signed assertion's
//! JWS, whose key lives online).
//!
//! The key is found from the header `kid` (a DID URL), else the `iss` claim when it
//! is an offline DID. A `jwk` in the header proves only that *someone* signed: it
//! is not tied to the issuer, so the issuer check stays `unknown`.

use serde_json::Value;

use super::data_integrity::issuer_id;
use super::jwt::{Jws, JwtError};
use super::keys::{KeyError, KeySource, PublicKey, ResolvedKey, clip};
use super::report::{Check, CheckId, CheckStatus};
use super::resolve::KeyResolver;

pub fn check(jws: &Jws, credential: &Value, resolver: &dyn KeyResolver) -> (Check, Check) {
    let alg = match jws.alg() {
        Ok(alg) => alg,
        Err(err) => {
            return (
                fail(CheckId::Proof, err.to_string()),
                unknown_issuer("the JWT was not checked"),
            );
        }
    };
    let issuer = issuer_id(credential);

    let key_ref = jws.kid().map(str::to_owned).or_else(|| {
        jws.payload
            .get("iss")
            .and_then(Value::as_str)
            .filter(|iss| iss.starts_with("did:key:") || iss.starts_with("did:jwk:"))
            .map(str::to_owned)
    });

    let key: ResolvedKey = match (key_ref, jws.header_jwk()) {
        (Some(kid), _) if !kid.starts_with('#') => match resolver.resolve(&kid) {
            Ok(key) => key,
            Err(KeyError::NeedsNetwork { method }) => {
                return (
                    unknown(
                        CheckId::Proof,
                        format!(
                            "the issuer's key {kid} is published online ({method}) and could not be fetched (offline)"
                        ),
                    ),
                    unknown_issuer(
                        "the issuer's key could not be fetched, so its owner is unknown",
                    ),
                );
            }
            Err(KeyError::Unavailable { reason }) => {
                return (
                    unknown(
                        CheckId::Proof,
                        format!(
                            "the issuer's key {} could not be fetched: {reason}",
                            clip(&kid)
                        ),
                    ),
                    unknown_issuer(
                        "the issuer's key could not be fetched, so its owner is unknown",
                    ),
                );
            }
            Err(err) => {
                return (
                    fail(
                        CheckId::Proof,
                        format!("the JWT's signing key {} is unusable: {err}", clip(&kid)),
                    ),
                    unknown_issuer("the signing key could not be read"),
                );
            }
        },
        (_, Some(jwk)) => match PublicKey::from_jwk(jwk) {
            Ok(key) => ResolvedKey {
                id: "the JWT header's jwk".into(),
                controller: String::new(),
                key,
                source: KeySource::Embedded,
            },
            Err(err) => {
                return (
                    fail(
                        CheckId::Proof,
                        format!("the key in the JWT header is unusable: {err}"),
                    ),
                    unknown_issuer("the signing key could not be read"),
                );
            }
        },
        _ => {
            return (
                fail(
                    CheckId::Proof,
                    "the JWT names no signing key (no kid or jwk in its header)",
                ),
                unknown_issuer("no key is named, so nothing ties the JWT to the issuer"),
            );
        }
    };

    if let Err(err) = jws.verify(&key.key) {
        let message = match err {
            JwtError::BadSignature => format!(
                "the {} signature does not match the JWT: it was changed after signing, or signed by another key",
                alg.name()
            ),
            other => other.to_string(),
        };
        return (
            fail(CheckId::Proof, message),
            unknown_issuer("the signature is not valid"),
        );
    }
    let proof = Check::new(
        CheckId::Proof,
        CheckStatus::Pass,
        format!("{} JWT signature by {} is valid", alg.name(), key.id),
    );
    let issuer_check = match (key.source, issuer) {
        (KeySource::Embedded, _) => unknown_issuer(
            "the key travels inside the JWT itself, so nothing ties it to the issuer",
        ),
        (_, None) => fail(CheckId::Issuer, "the credential names no issuer"),
        (source, Some(issuer)) if key.controller == issuer => Check::new(
            CheckId::Issuer,
            CheckStatus::Pass,
            format!(
                "the signing key belongs to the issuer ({})",
                source.describe()
            ),
        ),
        (_, Some(issuer)) => fail(
            CheckId::Issuer,
            format!(
                "signed with a key controlled by {}, not by the issuer {issuer}",
                key.controller
            ),
        ),
    };
    (proof, issuer_check)
}

fn fail(id: CheckId, message: impl Into<String>) -> Check {
    Check::new(id, CheckStatus::Fail, message)
}

fn unknown(id: CheckId, message: impl Into<String>) -> Check {
    Check::new(id, CheckStatus::Unknown, message)
}

fn unknown_issuer(message: &str) -> Check {
    unknown(CheckId::Issuer, message)
}
