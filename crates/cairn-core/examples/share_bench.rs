//! Sharing a 10-credential portfolio: sign the presentation, encrypt it, upload it to a
//! real relay, and draw the QR code (PNG and SVG), as `cairn share --qr` does once the
//! wallet is unlocked.
//!
//!     benches/share/run.sh            # starts a cairn-relay on loopback and runs this
//!     cargo run --release -p cairn-core --example share_bench -- --relay http://127.0.0.1:PORT [--passes 30]
//!
//! Prints one JSON line per measure: median and p95 over the passes, after one
//! untimed warm-up share (a running app has its contexts processed already).

mod support;

use std::time::Instant;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use cairn_core::import::{self, Outcome, Source};
use cairn_core::share::relay::HttpRelay;
use cairn_core::share::{self, qr};
use cairn_core::store::{KdfParams, Passphrase, Wallet};
use cairn_core::verify::Verifier;
use cairn_core::verify::data_integrity::Suite;
use cairn_core::wallet::WalletLocation;

fn main() {
    let mut relay_url = None;
    let mut passes = 30usize;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--relay" => relay_url = args.next(),
            "--passes" => {
                passes = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .expect("--passes N")
            }
            other => panic!("unknown argument {other}"),
        }
    }
    let relay_url = relay_url.expect("--relay URL of a running cairn-relay");

    let dir = tempfile::tempdir().expect("temp dir");
    let location = WalletLocation::at(dir.path()).expect("location");
    // The key-derivation cost is the unlock's, not the share's: the minimum keeps
    // setup quick without touching what is measured.
    let fast = KdfParams {
        m_kib: 19 * 1024,
        t: 2,
        p: 1,
    };
    let (mut wallet, _) =
        Wallet::create_with(&location, &Passphrase::new("bench".into()), fast).expect("wallet");
    let issuer = support::issuer();
    let sources: Vec<Source> = (0..10)
        .map(|n| {
            let doc = support::badge(&issuer, n, None);
            let bytes = match n % 3 {
                0 => support::jwt(&doc, &issuer),
                1 => support::sign(&doc, &issuer, Suite::EddsaJcs2022),
                _ => support::sign(&doc, &issuer, Suite::EddsaRdfc2022),
            };
            Source::Bytes {
                label: format!("badge {n}"),
                bytes,
            }
        })
        .collect();
    let verifier = Verifier::offline();
    let ids: Vec<String> = import::import(&mut wallet, &sources, &verifier, |_, _| {})
        .expect("import")
        .into_iter()
        .map(|r| match r.outcome {
            Outcome::Imported { id, .. } => id,
            other => panic!("not imported: {other:?}"),
        })
        .collect();
    let portfolio = wallet
        .create_portfolio("Ten badges", Some("For the registrar"), &ids)
        .expect("portfolio");
    let relay = HttpRelay::new().expect("relay client");

    let mut share_ms = Vec::with_capacity(passes);
    let mut total_ms = Vec::with_capacity(passes);
    let mut bytes = 0usize;
    for pass in 0..=passes {
        let start = Instant::now();
        let record = share::share_portfolio(
            &mut wallet,
            &portfolio,
            &relay,
            &relay_url,
            chrono::TimeDelta::days(7),
            chrono::Utc::now(),
        )
        .expect("share");
        let shared = start.elapsed();
        let png = qr::png(&record.link).expect("qr png");
        let svg = qr::svg(&record.link).expect("qr svg");
        let all = start.elapsed();
        bytes = png.len() + svg.len();
        if pass > 0 {
            share_ms.push(shared.as_secs_f64() * 1000.0);
            total_ms.push(all.as_secs_f64() * 1000.0);
        }
    }
    report("sign + encrypt + upload, 10 credentials", &mut share_ms);
    report(
        "sign + encrypt + upload + QR (PNG and SVG), 10 credentials",
        &mut total_ms,
    );
    eprintln!("({passes} shares to {relay_url}; last QR pair {bytes} bytes)");
}

fn report(label: &str, ms: &mut [f64]) {
    ms.sort_by(f64::total_cmp);
    let median = ms[ms.len() / 2];
    let p95 = ms[(ms.len() * 95).div_ceil(100).saturating_sub(1)];
    println!("{{\"bench\":\"{label}\",\"median_ms\":{median:.1},\"p95_ms\":{p95:.1}}}");
}
