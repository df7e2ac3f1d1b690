//! The network side of the CLI: the verifier every command uses (online unless
//! `--offline`, with the wallet's memory of fetched documents when there is a
//! wallet), `cairn reverify`, and fetching `cairn import https://…`.

use std::sync::Arc;

use cairn_core::import::{ImportItem, Outcome, Source};
use cairn_core::net::{self, Kind, MemoryCache, Mode};
use cairn_core::store::Wallet;
use cairn_core::verify::Verifier;

use crate::args::Cli;
use crate::exit::{CliError, Exit};
use crate::output;

pub fn mode(cli: &Cli) -> Mode {
    if cli.offline {
        Mode::Offline
    } else {
        Mode::Online
    }
}

/// The verifier for this run, remembering into `cache`.
pub fn verifier(cli: &Cli, cache: Arc<MemoryCache>) -> Verifier {
    Verifier::standard(mode(cli), cache)
}

/// The verifier of a wallet's own credentials: as [`verifier`], plus the learner's
/// addresses (OB 2.0 recipients) and the wallet's known-issuer registries.
pub fn wallet_verifier(
    cli: &Cli,
    wallet: &Wallet,
    cache: Arc<MemoryCache>,
) -> Result<Verifier, CliError> {
    Ok(verifier(cli, cache)
        .with_learner(wallet.me()?)
        .with_registries(wallet.registries()?))
}

/// `cairn import https://…`: the credential at a link, fetched under the network
/// rules and size cap, then imported like a file (labelled with the link).
pub fn fetch_source(cli: &Cli, url: &str, cache: &Arc<MemoryCache>) -> Result<Source, ImportItem> {
    let fetch = net::standard(mode(cli), cache.clone());
    match fetch.get(url, Kind::Credential) {
        Ok(fetched) => Ok(Source::Bytes {
            label: url.to_owned(),
            bytes: fetched.body,
        }),
        Err(err) => Err(ImportItem {
            source: url.to_owned(),
            outcome: Outcome::Error {
                reason: err.to_string(),
            },
        }),
    }
}

/// `cairn reverify [ID…]`: verify stored credentials again (all when no id is
/// given), online unless `--offline`, and store the new reports. Exit 1 when one
/// of them no longer verifies.
pub fn reverify(cli: &Cli, wallet: &mut Wallet, ids: &[String]) -> Result<Exit, CliError> {
    let ids: Vec<String> = if ids.is_empty() {
        wallet
            .credentials()?
            .into_iter()
            .map(|row| row.id)
            .collect()
    } else {
        ids.to_vec()
    };
    let mut originals = Vec::with_capacity(ids.len());
    for id in &ids {
        let bytes = wallet
            .original(id)?
            .ok_or_else(|| CliError::Usage(format!("no credential {id} in your wallet")))?;
        originals.push(bytes);
    }
    let cache = Arc::new(wallet.fetch_cache()?);
    let fetch = net::refreshing(mode(cli), cache.clone());
    let verifier = Verifier::online(fetch)
        .with_learner(wallet.me()?)
        .with_registries(wallet.registries()?);
    let results = verifier.verify_batch(&originals);
    let mut reports = Vec::new();
    let mut shown = Vec::new();
    for (id, result) in ids.iter().zip(results) {
        match result {
            Ok(report) => {
                reports.push((id.clone(), report.clone()));
                shown.push((id.clone(), Ok(report)));
            }
            Err(err) => shown.push((
                id.clone(),
                Err(CliError::Unreadable {
                    path: id.clone(),
                    reason: err.to_string(),
                }),
            )),
        }
    }
    wallet.add_reports(&reports)?;
    wallet.save_fetch_cache(&cache)?;
    output::reports(cli.json, &shown);
    let failed = reports.iter().any(|(_, r)| !r.verified);
    Ok(if shown.iter().any(|(_, r)| r.is_err()) {
        Exit::BadInput
    } else if failed {
        Exit::VerificationFailed
    } else {
        Exit::Success
    })
}

/// `cairn refresh ID`: the issuer's newer version of a credential (OB 3.0
/// `refreshService`), fetched now (never from memory), verified and imported as a
/// new record that names the old one, which is kept.
pub fn refresh(cli: &Cli, wallet: &mut Wallet, id: &str) -> Result<Exit, CliError> {
    let cache = Arc::new(wallet.fetch_cache()?);
    let verifier = wallet_verifier(cli, wallet, cache.clone())?;
    let fresh = net::standard(mode(cli), Arc::new(MemoryCache::new()));
    let refreshed = cairn_core::refresh::refresh(wallet, id, fresh.as_ref(), &verifier)?;
    wallet.save_fetch_cache(&cache)?;
    output::refreshed(cli.json, &refreshed);
    Ok(if refreshed.report.verified {
        Exit::Success
    } else {
        Exit::VerificationFailed
    })
}
