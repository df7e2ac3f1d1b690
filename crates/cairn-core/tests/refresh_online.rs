//! OB 3.0 `refreshService` (`1EdTechCredentialRefresh`) against a real issuer on
//! the loopback (`loopback::Server`): the newer version is fetched, verified and
//! stored as a new record naming the old one, which is kept; another issuer's
//! credential, a missing service, a 404, a non-credential and `--offline` are refused
//! with clear errors and change nothing.

mod loopback;

use cairn_core::import::{self, Outcome, Source};
use cairn_core::net::OfflineFetch;
use cairn_core::refresh::{self, RefreshError};
use cairn_core::store::{KdfParams, Passphrase, Wallet};
use cairn_core::verify::Verifier;
use cairn_core::verify::data_integrity::{self, Suite};
use cairn_core::verify::keys::{did_key_ed25519, did_key_verification_method};
use cairn_core::wallet::WalletLocation;
use loopback::verifying::{clock, fetcher};
use loopback::{Reply, Server};
use serde_json::{Value, json};

const FAST: KdfParams = KdfParams {
    m_kib: 19 * 1024,
    t: 2,
    p: 1,
};

fn key() -> ed25519_dalek::SigningKey {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).unwrap();
    ed25519_dalek::SigningKey::from_bytes(&seed)
}

/// An OB 3.0 credential from the did:key of `key`, valid until `until`, offering
/// its refresh at `refresh`.
fn credential(key: &ed25519_dalek::SigningKey, until: &str, refresh: Option<&str>) -> Vec<u8> {
    let did = did_key_ed25519(&key.verifying_key());
    let mut doc = json!({
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
            "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
        ],
        "id": "urn:uuid:0b6d1c84-1f1a-4c4e-9d43-3f0c1a7e0a22",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": did, "type": ["Profile"], "name": "Loopback Institute"},
        "validFrom": "2026-01-15T09:00:00Z",
        "validUntil": until,
        "name": "First Aid",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "urn:uuid:1f0d7e1a-5b33-4c2a-a1d0-6c1e2d3f4a5c",
                "type": ["Achievement"],
                "name": "First Aid",
                "criteria": {"narrative": "Passed the practical assessment."}
            }
        }
    });
    if let Some(url) = refresh {
        doc["refreshService"] = json!({"id": url, "type": "1EdTechCredentialRefresh"});
    }
    let signed: Value = data_integrity::sign(
        &doc,
        Suite::EddsaRdfc2022,
        key,
        &did_key_verification_method(&did),
        "2026-01-15T09:00:00Z",
        "assertionMethod",
    )
    .unwrap();
    serde_json::to_vec(&signed).unwrap()
}

fn verifier() -> Verifier {
    Verifier::offline().with_clock(clock())
}

fn wallet(dir: &std::path::Path) -> Wallet {
    let location = WalletLocation::at(dir).unwrap();
    Wallet::create_with(&location, &Passphrase::new("refresh tests".into()), FAST)
        .unwrap()
        .0
}

fn import_one(wallet: &mut Wallet, bytes: Vec<u8>) -> String {
    let items = import::import(
        wallet,
        &[Source::Bytes {
            label: "test".into(),
            bytes,
        }],
        &verifier(),
        |_, _| {},
    )
    .unwrap();
    match &items[0].outcome {
        Outcome::Imported { id } => id.clone(),
        other => panic!("not imported: {other:?}"),
    }
}

#[test]
fn a_refreshed_credential_is_a_new_version_and_the_old_one_is_kept() {
    let server = Server::start();
    let issuer = key();
    let url = server.https_url("/refresh/first-aid");
    let dir = tempfile::tempdir().unwrap();
    let mut wallet = wallet(dir.path());
    let old = import_one(
        &mut wallet,
        credential(&issuer, "2026-12-31T00:00:00Z", Some(&url)),
    );
    let newer = credential(&issuer, "2029-12-31T00:00:00Z", Some(&url));
    server.set("/refresh/first-aid", Reply::json(newer.clone()));

    let refreshed = refresh::refresh(&mut wallet, &old, &fetcher(&server), &verifier()).unwrap();
    assert_ne!(refreshed.id, old);
    assert_eq!(refreshed.previous, old);
    assert!(refreshed.new_record);
    assert!(refreshed.report.verified, "{:#?}", refreshed.report);
    assert_eq!(
        refreshed.report.credential.valid_until.as_deref(),
        Some("2029-12-31T00:00:00Z")
    );
    assert_eq!(wallet.credential_count().unwrap(), 2);
    assert_eq!(
        wallet.previous_version(&refreshed.id).unwrap().as_deref(),
        Some(old.as_str())
    );
    assert_eq!(wallet.previous_version(&old).unwrap(), None);
    assert_eq!(
        wallet.original(&refreshed.id).unwrap().unwrap(),
        newer,
        "stored as issued"
    );
    assert!(
        wallet.original(&old).unwrap().is_some(),
        "the old version is kept"
    );
    assert_eq!(server.hits("/refresh/first-aid"), 1);

    // The newest version refreshed again: the service has nothing newer.
    let err =
        refresh::refresh(&mut wallet, &refreshed.id, &fetcher(&server), &verifier()).unwrap_err();
    assert!(matches!(err, RefreshError::Unchanged), "{err}");
    assert_eq!(wallet.credential_count().unwrap(), 2);
}

#[test]
fn refreshes_that_cannot_be_used_are_refused_and_change_nothing() {
    let server = Server::start();
    let issuer = key();
    let dir = tempfile::tempdir().unwrap();
    let mut wallet = wallet(dir.path());
    let url = server.https_url("/refresh/1");
    let id = import_one(
        &mut wallet,
        credential(&issuer, "2026-12-31T00:00:00Z", Some(&url)),
    );
    let refresh = |wallet: &mut Wallet| {
        refresh::refresh(wallet, &id, &fetcher(&server), &verifier()).unwrap_err()
    };

    // Another issuer's credential is not a newer version of this one.
    server.set(
        "/refresh/1",
        Reply::json(credential(&key(), "2029-12-31T00:00:00Z", Some(&url))),
    );
    let err = refresh(&mut wallet);
    assert!(matches!(err, RefreshError::OtherIssuer { .. }), "{err}");
    assert!(err.to_string().contains("another issuer"), "{err}");

    server.set("/refresh/1", Reply::status(404));
    let err = refresh(&mut wallet);
    assert!(err.to_string().contains("HTTP 404"), "{err}");

    server.set("/refresh/1", Reply::json("<html>sign in first</html>"));
    let err = refresh(&mut wallet);
    assert!(matches!(err, RefreshError::NotACredential { .. }), "{err}");

    // --offline never reaches the issuer.
    let err = refresh::refresh(&mut wallet, &id, &OfflineFetch, &verifier()).unwrap_err();
    assert!(err.to_string().contains("offline"), "{err}");

    let plain = import_one(
        &mut wallet,
        credential(&issuer, "2027-01-01T00:00:00Z", None),
    );
    let err = refresh::refresh(&mut wallet, &plain, &fetcher(&server), &verifier()).unwrap_err();
    assert!(matches!(err, RefreshError::NoService), "{err}");
    let err = refresh::refresh(&mut wallet, "nope", &fetcher(&server), &verifier()).unwrap_err();
    assert!(matches!(err, RefreshError::NotFound(_)), "{err}");

    assert_eq!(wallet.credential_count().unwrap(), 2);
}
