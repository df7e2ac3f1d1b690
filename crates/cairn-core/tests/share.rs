//! Sharing end to end inside the core: a portfolio signed by the holder, sealed,
//! handed to a relay, opened from its link and verified — and each way it can go
//! wrong (tampered ciphertext, a tampered credential inside, a wrong key, an expired
//! or withdrawn share, an unknown id) reported as such. The relay here is an
//! in-memory implementation of the `Relay` trait; the real relay binary is driven
//! by the CLI's tests.

mod support;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;

use cairn_core::import::{self, Outcome, Source};
use cairn_core::share::{
    self, EnvelopeError, Relay, RelayError, ShareError, ShareLink, ShareStats, Uploaded,
};
use cairn_core::store::{KdfParams, Passphrase, ShareRecord, Wallet};
use cairn_core::verify::{CheckStatus, FixedClock, Verifier, parse_date};
use cairn_core::wallet::WalletLocation;
use chrono::{DateTime, Duration, Utc};
use support::vectors_dir;

const FAST: KdfParams = KdfParams {
    m_kib: 19 * 1024,
    t: 2,
    p: 1,
};
const RELAY: &str = "https://relay.example";

fn now() -> DateTime<Utc> {
    parse_date("2026-11-23T00:00:00Z").unwrap()
}

fn verifier_at(when: DateTime<Utc>) -> Verifier {
    Verifier::offline().with_clock(FixedClock(when))
}

/// One stored share: ciphertext, owner token, withdrawn, views.
type Entry = (Vec<u8>, String, bool, u64);

/// A relay that keeps blobs in memory and answers like the real one.
#[derive(Default)]
struct MemoryRelay {
    blobs: Mutex<HashMap<String, Entry>>,
    counter: Mutex<u32>,
}

impl MemoryRelay {
    fn tamper(&self, id: &str, index: usize) {
        let mut blobs = self.blobs.lock().unwrap();
        let blob = &mut blobs.get_mut(id).unwrap().0;
        blob[index] ^= 1;
    }
    fn replace(&self, id: &str, bytes: Vec<u8>) {
        self.blobs.lock().unwrap().get_mut(id).unwrap().0 = bytes;
    }
    fn stored(&self, id: &str) -> Vec<u8> {
        self.blobs.lock().unwrap()[id].0.clone()
    }
}

impl Relay for MemoryRelay {
    fn upload(&self, base: &str, sealed: &[u8], secs: u64) -> Result<Uploaded, RelayError> {
        let mut n = self.counter.lock().unwrap();
        *n += 1;
        let id = format!("{:A>22}", n);
        let token = format!("token-{n}");
        self.blobs
            .lock()
            .unwrap()
            .insert(id.clone(), (sealed.to_vec(), token.clone(), false, 0));
        let expires = now() + Duration::seconds(secs as i64);
        Ok(Uploaded {
            id: id.clone(),
            owner_token: token,
            expires: expires.to_rfc3339(),
            url: format!("{base}/s/{id}"),
        })
    }
    fn fetch(&self, _base: &str, id: &str) -> Result<Vec<u8>, RelayError> {
        let mut blobs = self.blobs.lock().unwrap();
        match blobs.get_mut(id) {
            None => Err(RelayError::NotFound),
            Some((_, _, true, _)) => Err(RelayError::Gone),
            Some((bytes, _, false, views)) => {
                *views += 1;
                Ok(bytes.clone())
            }
        }
    }
    fn revoke(&self, _base: &str, id: &str, token: &str) -> Result<(), RelayError> {
        let mut blobs = self.blobs.lock().unwrap();
        let entry = blobs.get_mut(id).ok_or(RelayError::NotFound)?;
        if entry.1 != token {
            return Err(RelayError::Forbidden);
        }
        entry.2 = true;
        Ok(())
    }
    fn stats(&self, _base: &str, id: &str, token: &str) -> Result<ShareStats, RelayError> {
        let blobs = self.blobs.lock().unwrap();
        let entry = blobs.get(id).ok_or(RelayError::NotFound)?;
        if entry.1 != token {
            return Err(RelayError::Forbidden);
        }
        Ok(ShareStats {
            id: id.into(),
            views: entry.3,
            created: now().to_rfc3339(),
            expires: now().to_rfc3339(),
            size: entry.0.len() as u64,
        })
    }
}

/// A wallet holding a Data Integrity credential, a VC-JWT and a baked OB 3.0 PNG,
/// all in one portfolio; returns the wallet, the portfolio id and the credential ids.
fn wallet_with_portfolio(dir: &Path) -> (Wallet, String, Vec<String>) {
    let location = WalletLocation::at(dir).unwrap();
    let mut wallet = Wallet::create_with(&location, &Passphrase::new("pw".into()), FAST)
        .unwrap()
        .0;
    let v = vectors_dir();
    let sources: Vec<Source> = [
        "dbjs-signed/eddsa-rdfc-2022.json",
        "dbjs-signed/jwt-EdDSA.jwt",
        "dbjs-signed/Ed25519Signature2020.json",
    ]
    .iter()
    .map(|f| Source::File(v.join(f)))
    .collect();
    let items = import::import(&mut wallet, &sources, &verifier_at(now()), |_, _| {}).unwrap();
    let ids: Vec<String> = items
        .iter()
        .map(|item| match &item.outcome {
            Outcome::Imported { id } => id.clone(),
            other => panic!("{}: {other:?}", item.source),
        })
        .collect();
    let portfolio = wallet
        .create_portfolio(
            "Job applications",
            Some("Ask me about the welding project."),
            &ids,
        )
        .unwrap();
    (wallet, portfolio, ids)
}

/// A wallet whose portfolio was just shared for seven days through a memory relay.
fn shared_for_a_week(dir: &Path) -> (Wallet, MemoryRelay, ShareRecord) {
    let (mut wallet, portfolio, _) = wallet_with_portfolio(dir);
    let relay = MemoryRelay::default();
    let record = share::share_portfolio(
        &mut wallet,
        &portfolio,
        &relay,
        RELAY,
        Duration::days(7),
        now(),
    )
    .unwrap();
    (wallet, relay, record)
}

#[test]
fn a_shared_portfolio_opens_and_verifies_with_the_learners_note() {
    let dir = tempfile::tempdir().unwrap();
    let (mut wallet, portfolio, ids) = wallet_with_portfolio(dir.path());
    let relay = MemoryRelay::default();
    let record = share::share_portfolio(
        &mut wallet,
        &portfolio,
        &relay,
        RELAY,
        Duration::days(7),
        now(),
    )
    .unwrap();
    assert!(record.link.starts_with("https://relay.example/s/"));
    assert!(record.link.contains("#k="));

    // The relay holds ciphertext only: no credential text in what it stores.
    let stored = relay.stored(&record.id);
    assert!(!String::from_utf8_lossy(&stored).contains("Ask me about"));
    assert!(!String::from_utf8_lossy(&stored).contains("did:key"));

    let opened = share::open_link(&record.link, &relay, &verifier_at(now())).unwrap();
    assert!(opened.presentation.verified, "{:#?}", opened.presentation);
    assert_eq!(
        opened.holder.as_deref(),
        Some(wallet.holder_did().unwrap().as_str())
    );
    assert_eq!(opened.title, "Job applications");
    assert_eq!(
        opened.note.as_deref(),
        Some("Ask me about the welding project.")
    );
    assert_eq!(opened.credentials.len(), ids.len());
    for report in &opened.credentials {
        assert!(report.verified, "{report:#?}");
    }
    // The credentials inside are the ones the wallet holds, in the portfolio's order.
    for (report, id) in opened.credentials.iter().zip(&ids) {
        assert_eq!(
            report.credential,
            wallet.report(id).unwrap().unwrap().credential
        );
    }
    assert!(opened.verified());
    assert_eq!(wallet.shares().unwrap().len(), 1);
}

#[test]
fn tampered_ciphertext_and_a_wrong_key_cannot_be_opened() {
    let dir = tempfile::tempdir().unwrap();
    let (_wallet, relay, record) = shared_for_a_week(dir.path());

    let link = ShareLink::parse(&record.link).unwrap();
    let wrong = ShareLink {
        key: share::ShareKey::generate().unwrap(),
        ..link
    };
    assert!(matches!(
        share::open_link(&wrong.to_text(), &relay, &verifier_at(now())),
        Err(ShareError::Envelope(EnvelopeError::CannotDecrypt))
    ));

    relay.tamper(&record.id, 40);
    assert!(matches!(
        share::open_link(&record.link, &relay, &verifier_at(now())),
        Err(ShareError::Envelope(EnvelopeError::CannotDecrypt))
    ));
}

/// Someone holding the key re-seals a presentation whose credential was changed:
/// the envelope opens, but the credential's own proof fails — and a changed
/// presentation fails the learner's signature.
#[test]
fn a_credential_changed_inside_the_share_fails_its_own_check() {
    let dir = tempfile::tempdir().unwrap();
    let (_wallet, relay, record) = shared_for_a_week(dir.path());
    let link = ShareLink::parse(&record.link).unwrap();
    let plain = share::envelope::open(&link.key, &relay.stored(&record.id)).unwrap();
    let mut payload: serde_json::Value = serde_json::from_slice(&plain).unwrap();
    let first = payload
        .pointer_mut("/presentation/verifiableCredential/0")
        .expect("a first credential");
    first["name"] = "Master Welder".into();
    relay.replace(
        &record.id,
        share::envelope::seal(&link.key, &serde_json::to_vec(&payload).unwrap()).unwrap(),
    );

    let opened = share::open_link(&record.link, &relay, &verifier_at(now())).unwrap();
    assert!(!opened.verified());
    assert!(
        !opened.presentation.verified,
        "the holder's signature covers the credentials"
    );
    assert!(!opened.credentials[0].verified);
    assert!(
        opened.credentials[1].verified,
        "the untouched ones still verify"
    );
}

#[test]
fn an_expired_share_says_so_and_a_withdrawn_one_is_gone() {
    let dir = tempfile::tempdir().unwrap();
    let (mut wallet, relay, record) = shared_for_a_week(dir.path());

    let later = now() + Duration::days(8);
    let opened = share::open_link(&record.link, &relay, &verifier_at(later)).unwrap();
    assert!(!opened.presentation.verified);
    let expiry = opened
        .presentation
        .checks
        .iter()
        .find(|c| c.id == "expiry")
        .unwrap();
    assert_eq!(expiry.status, CheckStatus::Fail);
    assert!(expiry.message.contains("expired"), "{}", expiry.message);

    let stats = share::stats(&wallet, &record, &relay).unwrap();
    assert_eq!(stats.views, 1);

    let withdrawn = share::unshare(&mut wallet, &record.id[..8], &relay, now()).unwrap();
    assert!(withdrawn.revoked_at.is_some());
    assert!(matches!(
        share::open_link(&record.link, &relay, &verifier_at(now())),
        Err(ShareError::Relay(RelayError::Gone))
    ));
    // Withdrawing twice is harmless.
    share::unshare(&mut wallet, &record.id, &relay, now()).unwrap();
}

#[test]
fn unknown_ids_empty_portfolios_and_bad_expiries_are_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let (mut wallet, _, _) = wallet_with_portfolio(dir.path());
    let relay = MemoryRelay::default();
    let key = share::ShareKey::generate().unwrap();
    let link = format!(
        "{RELAY}/s/BBBBBBBBBBBBBBBBBBBBBB#k={}",
        key.to_fragment().as_str()
    );
    assert!(matches!(
        share::open_link(&link, &relay, &verifier_at(now())),
        Err(ShareError::Relay(RelayError::NotFound))
    ));
    let empty = wallet.create_portfolio("Nothing yet", None, &[]).unwrap();
    let err = share::share_portfolio(&mut wallet, &empty, &relay, RELAY, Duration::days(7), now())
        .unwrap_err();
    assert!(matches!(err, ShareError::EmptyPortfolio(_)), "{err}");
    let err = share::share_portfolio(
        &mut wallet,
        "Job applications",
        &relay,
        RELAY,
        Duration::days(365),
        now(),
    )
    .unwrap_err();
    assert!(matches!(err, ShareError::BadExpiry));
    let err = share::share_portfolio(
        &mut wallet,
        "Job applications",
        &relay,
        "http://relay.example",
        Duration::days(7),
        now(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("https"), "{err}");
}

#[test]
fn portfolios_keep_order_through_add_move_remove_and_survive_credential_deletion() {
    let dir = tempfile::tempdir().unwrap();
    let (mut wallet, portfolio, ids) = wallet_with_portfolio(dir.path());
    let order = |w: &Wallet| w.portfolio(&portfolio).unwrap().credentials;
    assert_eq!(order(&wallet), ids);
    wallet.move_in_portfolio(&portfolio, &ids[2], 0).unwrap();
    assert_eq!(
        order(&wallet),
        vec![ids[2].clone(), ids[0].clone(), ids[1].clone()]
    );
    wallet
        .remove_from_portfolio(&portfolio, &[ids[0].clone()])
        .unwrap();
    assert_eq!(order(&wallet), vec![ids[2].clone(), ids[1].clone()]);
    wallet
        .add_to_portfolio(&portfolio, &[ids[0].clone(), ids[2].clone()])
        .unwrap();
    assert_eq!(
        order(&wallet),
        vec![ids[2].clone(), ids[1].clone(), ids[0].clone()]
    );
    assert!(
        wallet
            .add_to_portfolio(&portfolio, &["nope".into()])
            .is_err()
    );
    assert_eq!(order(&wallet).len(), 3, "a failed add changes nothing");

    wallet
        .rename_portfolio(&portfolio, "For the registrar")
        .unwrap();
    wallet.set_portfolio_note(&portfolio, Some("  ")).unwrap();
    let p = wallet.portfolio("For the registrar").unwrap();
    assert_eq!(p.note, None, "a blank note clears it");

    assert!(wallet.delete(&ids[1]).unwrap());
    assert_eq!(order(&wallet), vec![ids[2].clone(), ids[0].clone()]);
    wallet.delete_portfolio(&portfolio).unwrap();
    assert!(wallet.portfolios().unwrap().is_empty());
    assert_eq!(wallet.credential_count().unwrap(), 2, "credentials stay");
}
