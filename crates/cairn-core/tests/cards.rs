//! What the app reads from a wallet: cards with the verdict of the latest report,
//! one record's provenance, re-verification adding a newer report, preferences.

mod support;

use cairn_core::import::{self, Outcome};
use cairn_core::store::{KdfParams, Passphrase, Wallet};
use cairn_core::verify::{FixedClock, Verdict, Verifier, parse_date};
use cairn_core::wallet::WalletLocation;
use support::vectors_dir;

const FAST: KdfParams = KdfParams {
    m_kib: 19 * 1024,
    t: 2,
    p: 1,
};

fn verifier(at: &str) -> Verifier {
    Verifier::offline().with_clock(FixedClock(parse_date(at).unwrap()))
}

#[test]
fn cards_carry_the_verdict_and_reason_of_the_latest_report() {
    let dir = tempfile::tempdir().unwrap();
    let location = WalletLocation::at(dir.path()).unwrap();
    let (mut wallet, _) =
        Wallet::create_with(&location, &Passphrase::new("pw".into()), FAST).unwrap();
    let v = vectors_dir();
    let (sources, _) = import::gather(&[
        v.join("dbjs-signed/eddsa-rdfc-2022.json"),
        v.join("tampered/dbjs-eddsa-jcs-2022-name.json"),
    ]);
    let items = import::import(
        &mut wallet,
        &sources,
        &verifier("2026-11-23T00:00:00Z"),
        |_, _| {},
    )
    .unwrap();
    let ids: Vec<String> = items
        .iter()
        .map(|i| match &i.outcome {
            Outcome::Imported { id } => id.clone(),
            other => panic!("{other:?}"),
        })
        .collect();

    let cards = wallet.cards().unwrap();
    assert_eq!(cards.len(), 2);
    let good = cards.iter().find(|c| c.id == ids[0]).unwrap();
    let bad = cards.iter().find(|c| c.id == ids[1]).unwrap();
    assert_ne!(good.verdict, Verdict::Failed);
    assert_eq!(bad.verdict, Verdict::Failed);
    assert!(
        bad.reason.as_deref().unwrap().contains("signature"),
        "{:?}",
        bad.reason
    );

    let record = wallet.record(&ids[1]).unwrap().unwrap();
    assert!(record.source.ends_with("dbjs-eddsa-jcs-2022-name.json"));
    assert!(!record.report.verified);
    assert!(wallet.record("nope").unwrap().is_none());

    // A later re-verification is what the card shows; the original bytes are unchanged.
    let before = wallet.original(&ids[0]).unwrap();
    let report = wallet
        .reverify(&ids[0], &verifier("2026-12-01T00:00:00Z"))
        .unwrap()
        .unwrap();
    assert!(report.checked_at.starts_with("2026-12-01"));
    let card = wallet.record(&ids[0]).unwrap().unwrap();
    assert_eq!(card.report.checked_at, report.checked_at);
    assert_eq!(wallet.original(&ids[0]).unwrap(), before);
    assert!(
        wallet
            .reverify("nope", &Verifier::offline())
            .unwrap()
            .is_none()
    );
}

#[test]
fn settings_survive_locking() {
    let dir = tempfile::tempdir().unwrap();
    let location = WalletLocation::at(dir.path()).unwrap();
    let pw = Passphrase::new("pw".into());
    let (mut wallet, _) = Wallet::create_with(&location, &pw, FAST).unwrap();
    assert_eq!(wallet.setting("app.lock_minutes").unwrap(), None);
    wallet.set_setting("app.lock_minutes", "5").unwrap();
    wallet.set_setting("app.lock_minutes", "30").unwrap();
    drop(wallet);
    let wallet = Wallet::open(&location, &pw).unwrap();
    assert_eq!(
        wallet.setting("app.lock_minutes").unwrap().as_deref(),
        Some("30")
    );
}
