//! Verification throughput over 1,000 generated credentials.
//!
//!     cargo run --release -p cairn-core --example bench [-- --count N] [--passes N] [--write-dir DIR]
//!
//! Generates Open Badges 3.0 credentials signed with fresh Ed25519 keys, then measures
//! (1) OB 3.0 eddsa-rdfc-2022 verifications per second on one core, (2) the same for
//! a mix of every Data Integrity suite and VC-JWT, and (3) the mix as one batch over
//! all cores (`Verifier::verify_batch`). Every credential must verify, or the run
//! fails. `--write-dir` also writes the eddsa-rdfc-2022 set as JSON files, for the
//! Digital Bazaar comparison in benches/dbjs. `--import` then imports the mixed set
//! into a new encrypted wallet (default Argon2id cost) and times the import and an
//! unlock. Figures go in BENCHMARKS.md.

use std::time::Instant;

// The same allocator as the `cairn` binary, so these figures are what users get.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod support;

use cairn_core::verify::data_integrity::Suite;
use cairn_core::verify::{FixedClock, Verifier, parse_date};
use support::{Issuer, badge, issuer, jwt, sign};

/// Median of `passes` timed passes over `items` (after one untimed warm-up pass, as
/// a long-running wallet is warm). Every credential must verify in every pass.
fn timed(label: &str, items: &[Vec<u8>], verifier: &Verifier, batch: bool, passes: usize) -> f64 {
    for item in items.iter().take(50) {
        let _ = verifier.verify_bytes(item);
    }
    let mut times = Vec::with_capacity(passes);
    for _ in 0..passes {
        let start = Instant::now();
        let reports: Vec<_> = if batch {
            verifier.verify_batch(items)
        } else {
            items
                .iter()
                .map(|item| verifier.verify_bytes(item))
                .collect()
        };
        times.push(start.elapsed().as_secs_f64());
        for (i, report) in reports.iter().enumerate() {
            match report {
                Ok(r) if r.verified => {}
                other => panic!("credential {i} of {label} did not verify: {other:?}"),
            }
        }
    }
    times.sort_by(f64::total_cmp);
    let seconds = times[times.len() / 2];
    let rate = items.len() as f64 / seconds;
    println!(
        "{{\"bench\":\"{label}\",\"credentials\":{},\"seconds\":{seconds:.4},\"per_second\":{rate:.0},\"ms_each\":{:.4}}}",
        items.len(),
        1000.0 * seconds / items.len() as f64
    );
    rate
}

fn main() {
    let mut count = 1000usize;
    let mut passes = 7usize;
    let mut write_dir = None;
    let mut measure_import = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--count" => count = args.next().and_then(|v| v.parse().ok()).expect("--count N"),
            "--write-dir" => write_dir = args.next(),
            "--import" => measure_import = true,
            "--passes" => {
                passes = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .expect("--passes N")
            }
            other => {
                panic!("unknown argument {other}; see the comment at the top of examples/bench.rs")
            }
        }
    }

    let issuers: Vec<Issuer> = (0..20).map(|_| issuer()).collect();
    let rdfc: Vec<Vec<u8>> = (0..count)
        .map(|n| {
            sign(
                &badge(&issuers[n % issuers.len()], n, None),
                &issuers[n % issuers.len()],
                Suite::EddsaRdfc2022,
            )
        })
        .collect();
    // The mix: 60% eddsa-rdfc-2022, 15% eddsa-jcs-2022, 10% Ed25519Signature2020, 15% VC-JWT.
    let mixed: Vec<Vec<u8>> = (0..count)
        .map(|n| {
            let issuer = &issuers[n % issuers.len()];
            match n % 20 {
                0..12 => sign(&badge(issuer, n, None), issuer, Suite::EddsaRdfc2022),
                12..15 => sign(&badge(issuer, n, None), issuer, Suite::EddsaJcs2022),
                15..17 => sign(
                    &badge(
                        issuer,
                        n,
                        Some("https://w3id.org/security/suites/ed25519-2020/v1"),
                    ),
                    issuer,
                    Suite::Ed25519Signature2020,
                ),
                _ => jwt(&badge(issuer, n, None), issuer),
            }
        })
        .collect();
    if let Some(dir) = write_dir {
        std::fs::create_dir_all(&dir).expect("create --write-dir");
        for (i, bytes) in rdfc.iter().enumerate() {
            std::fs::write(format!("{dir}/ob3-eddsa-rdfc-2022-{i:04}.json"), bytes)
                .expect("write credential");
        }
        eprintln!("wrote {} credentials to {dir}", rdfc.len());
    }

    let verifier = Verifier::offline().with_clock(FixedClock(
        parse_date("2026-11-23T00:00:00Z").expect("date"),
    ));
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let avg_size = rdfc.iter().map(Vec::len).sum::<usize>() / rdfc.len().max(1);
    eprintln!(
        "{count} credentials per set, average OB 3.0 eddsa-rdfc-2022 size {avg_size} bytes, {cores} cores"
    );
    eprintln!("median of {passes} passes each");
    timed(
        "ob3-eddsa-rdfc-2022, one core",
        &rdfc,
        &verifier,
        false,
        passes,
    );
    timed("mixed, one core", &mixed, &verifier, false, passes);
    timed(
        &format!("ob3-eddsa-rdfc-2022, batch on {cores} cores"),
        &rdfc,
        &verifier,
        true,
        passes,
    );
    timed(
        &format!("mixed, batch on {cores} cores"),
        &mixed,
        &verifier,
        true,
        passes,
    );
    if measure_import {
        import_figures(&mixed, &verifier);
    }
}

fn import_figures(items: &[Vec<u8>], verifier: &Verifier) {
    use cairn_core::import::{self, Outcome, Source};
    use cairn_core::store::{Passphrase, Wallet};
    use cairn_core::wallet::WalletLocation;

    let dir = std::env::temp_dir().join(format!("cairn-bench-wallet-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let location = WalletLocation::at(&dir).expect("location");
    let passphrase = Passphrase::new("bench passphrase".into());
    let (mut wallet, _code) = Wallet::create(&location, &passphrase).expect("create wallet");
    let sources: Vec<Source> = items
        .iter()
        .enumerate()
        .map(|(i, bytes)| Source::Bytes {
            label: format!("item {i}"),
            bytes: bytes.clone(),
        })
        .collect();
    let start = Instant::now();
    let results = import::import(&mut wallet, &sources, verifier, |_, _| {}).expect("import");
    let seconds = start.elapsed().as_secs_f64();
    assert!(
        results
            .iter()
            .all(|r| matches!(r.outcome, Outcome::Imported { .. })),
        "every item imports"
    );
    println!(
        "{{\"bench\":\"import with verification into the encrypted wallet\",\"credentials\":{},\"seconds\":{seconds:.3}}}",
        items.len()
    );
    drop(wallet);
    let start = Instant::now();
    let wallet = Wallet::open(&location, &passphrase).expect("unlock");
    let page = wallet.credentials_page(0, 50).expect("first page").len();
    let first_page = start.elapsed().as_secs_f64();
    assert_eq!(page, 50);
    let start = Instant::now();
    let listed = wallet.credentials().expect("list").len();
    let all = start.elapsed().as_secs_f64();
    // Searches a learner would type: a badge number, an issuer, a word of the text.
    let queries: Vec<String> = (0..200)
        .map(|i| match i % 4 {
            0 => format!("badge {}", i * 37 % items.len()),
            1 => format!("college {}", i % 17),
            2 => "supervised assessment".to_owned(),
            _ => format!("skill #{}", i * 13 % items.len()),
        })
        .collect();
    let mut times: Vec<f64> = queries
        .iter()
        .map(|q| {
            let t = Instant::now();
            // The first page, as the app and `cairn search` show it.
            let found = wallet.search(q, 50).expect("search");
            std::hint::black_box(found);
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            if std::env::var_os("CAIRN_BENCH_VERBOSE").is_some() {
                eprintln!("{ms:8.2} ms  {q}");
            }
            ms
        })
        .collect();
    times.sort_by(f64::total_cmp);
    println!(
        "{{\"bench\":\"search at {} credentials\",\"queries\":{},\"p50_ms\":{:.2},\"p95_ms\":{:.2}}}",
        items.len(),
        times.len(),
        times[times.len() / 2],
        times[times.len() * 95 / 100]
    );
    println!(
        "{{\"bench\":\"unlock (Argon2id m=64MiB t=3) and the first page of 50\",\"credentials\":{listed},\"seconds\":{first_page:.3}}}"
    );
    println!("{{\"bench\":\"then list all\",\"credentials\":{listed},\"seconds\":{all:.3}}}");
    drop(wallet);
    let _ = std::fs::remove_dir_all(&dir);
}
