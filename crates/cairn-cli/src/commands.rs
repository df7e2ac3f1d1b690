//! One function per subcommand: call the core, hand the result to [`crate::output`].

mod backup;
mod online;
mod portfolio;
mod settings;
mod share;

use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use cairn_core::credential::MAX_CREDENTIAL_BYTES;
use cairn_core::net::MemoryCache;
use cairn_core::store::{Keychain, Wallet};
use cairn_core::wallet::WalletLocation;

use crate::args::{Cli, Command, PassphraseAction, SettingsAction};
use crate::exit::{CliError, Exit};
use crate::output;
use crate::secrets;

pub fn run(cli: &Cli) -> Result<Exit, CliError> {
    match &cli.command {
        Command::Status => status(cli),
        Command::Verify { files } => verify(cli, files),
        Command::Init => init(cli),
        Command::List { limit, offset } => list(cli, *offset, *limit),
        Command::Import { paths } => import(cli, paths),
        Command::Search { text, limit } => search(cli, &text.join(" "), *limit),
        Command::Show { id } => show(cli, id),
        Command::Delete { id, yes } => delete(cli, id, *yes),
        Command::Reverify { ids } => online::reverify(cli, &mut unlock(cli)?, ids),
        Command::Refresh { id } => online::refresh(cli, &mut unlock(cli)?, id),
        Command::Passphrase {
            action: PassphraseAction::Change,
        } => change_passphrase(cli),
        Command::Recover => recover(cli),
        Command::Portfolio { action } => portfolio::run(cli, action),
        Command::Share {
            portfolio,
            expires,
            save: Some(file),
            ..
        } => share::save(cli, portfolio, expires, file),
        Command::Share {
            portfolio,
            relay,
            expires,
            qr,
            save: None,
        } => share::share(cli, portfolio, relay.as_deref(), expires, qr.as_deref()),
        Command::Shares => share::list(cli),
        Command::Unshare { id } => share::unshare(cli, id),
        Command::Open { link } => share::open(cli, link),
        Command::Backup { file } => backup::backup(cli, file),
        Command::Restore { file, recovery } => backup::restore(cli, file, *recovery),
        Command::Settings {
            action: SettingsAction::Email { action },
        } => settings::email(cli, action),
        Command::Settings {
            action: SettingsAction::Registry { action },
        } => settings::registry(cli, action),
        Command::Settings {
            action: SettingsAction::Remember { state },
        } => settings::remember(cli, *state),
    }
}

fn init(cli: &Cli) -> Result<Exit, CliError> {
    let location = WalletLocation::resolve(cli.wallet.as_deref())?;
    let passphrase = if secrets::passphrase_given(cli) {
        secrets::passphrase(cli, "Passphrase: ")?
    } else {
        secrets::new_passphrase("CAIRN_PASSPHRASE")?
    };
    let (wallet, recovery) = Wallet::create(&location, &passphrase)?;
    output::created(cli.json, &wallet, &recovery)?;
    Ok(Exit::Success)
}

/// Exit 0 when every item was imported or already there, 2 when some could not be.
fn import(cli: &Cli, paths: &[String]) -> Result<Exit, CliError> {
    use cairn_core::import::{self, ImportItem, Outcome, Source};

    let mut wallet = unlock(cli)?;
    let cache = Arc::new(wallet.fetch_cache()?);
    let mut sources = Vec::new();
    let mut problems: Vec<ImportItem> = Vec::new();
    let mut files = Vec::new();
    for path in paths {
        if path == "-" {
            let bytes = read_input(Path::new("-"))?;
            sources.push(Source::Bytes {
                label: "stdin".into(),
                bytes,
            });
        } else if path.starts_with("https://") || path.starts_with("http://") {
            match online::fetch_source(cli, path, &cache) {
                Ok(source) => sources.push(source),
                Err(problem) => problems.push(problem),
            }
        } else {
            files.push(std::path::PathBuf::from(path));
        }
    }
    let (found, gather_problems) = import::gather(&files);
    sources.extend(found);
    problems.extend(gather_problems);

    let bar = output::progress(cli.json, sources.len());
    let verifier = online::wallet_verifier(cli, &wallet, cache.clone())?;
    let mut items = import::import(&mut wallet, &sources, &verifier, |done, _| {
        if let Some(bar) = &bar {
            bar.set_position(done as u64);
        }
    })?;
    wallet.save_fetch_cache(&cache)?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    items.extend(problems);
    output::imported(cli.json, &items);
    let failed = items
        .iter()
        .any(|i| matches!(i.outcome, Outcome::Error { .. }));
    Ok(if failed {
        Exit::BadInput
    } else {
        Exit::Success
    })
}

fn list(cli: &Cli, offset: usize, limit: Option<usize>) -> Result<Exit, CliError> {
    let wallet = unlock(cli)?;
    let rows = wallet.credentials_page(offset, limit.unwrap_or(usize::MAX))?;
    output::credentials(cli.json, &rows);
    Ok(Exit::Success)
}

fn search(cli: &Cli, text: &str, limit: usize) -> Result<Exit, CliError> {
    let wallet = unlock(cli)?;
    output::credentials(cli.json, &wallet.search(text, limit)?);
    Ok(Exit::Success)
}

fn show(cli: &Cli, id: &str) -> Result<Exit, CliError> {
    let wallet = unlock(cli)?;
    let report = wallet
        .report(id)?
        .ok_or_else(|| CliError::Usage(format!("no credential {id} in your wallet")))?;
    let yours = wallet.issued_to_you(id)?.unwrap_or(false);
    output::shown(cli.json, id, &report, yours);
    Ok(Exit::Success)
}

fn delete(cli: &Cli, id: &str, yes: bool) -> Result<Exit, CliError> {
    use std::io::{BufRead, IsTerminal, Write};
    let mut wallet = unlock(cli)?;
    if wallet.report(id)?.is_none() {
        return Err(CliError::Usage(format!(
            "no credential {id} in your wallet"
        )));
    }
    if !yes {
        if !std::io::stdin().is_terminal() {
            return Err(CliError::Usage(
                "deleting asks for confirmation; pass --yes to delete without asking".into(),
            ));
        }
        eprint!("Delete {id} from your wallet? This cannot be undone. [y/N] ");
        let _ = std::io::stderr().flush();
        let mut answer = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut answer)
            .map_err(|e| CliError::Usage(e.to_string()))?;
        if !matches!(answer.trim(), "y" | "Y" | "yes") {
            output::done(cli.json, "nothing was deleted");
            return Ok(Exit::Success);
        }
    }
    wallet.delete(id)?;
    output::done(cli.json, &format!("deleted {id}"));
    Ok(Exit::Success)
}

fn change_passphrase(cli: &Cli) -> Result<Exit, CliError> {
    let location = WalletLocation::resolve(cli.wallet.as_deref())?;
    let old = secrets::passphrase(cli, "Current passphrase: ")?;
    let new = secrets::new_passphrase("CAIRN_NEW_PASSPHRASE")?;
    Wallet::change_passphrase(&location, &old, &new)?;
    output::done(cli.json, "passphrase changed");
    Ok(Exit::Success)
}

fn recover(cli: &Cli) -> Result<Exit, CliError> {
    let location = WalletLocation::resolve(cli.wallet.as_deref())?;
    let code = secrets::recovery_code()?;
    let new = secrets::new_passphrase("CAIRN_NEW_PASSPHRASE")?;
    Wallet::recover(&location, &code, &new)?;
    output::done(cli.json, "wallet recovered; the new passphrase unlocks it");
    Ok(Exit::Success)
}

fn unlock(cli: &Cli) -> Result<Wallet, CliError> {
    let location = WalletLocation::resolve(cli.wallet.as_deref())?;
    if !location.exists() {
        return Err(cairn_core::store::StoreError::NoWallet(location.dir().to_path_buf()).into());
    }
    // A passphrase given on purpose wins; otherwise a wallet remembered on this
    // device opens from the keychain, and only then is the learner asked.
    if !secrets::passphrase_given(cli) && Wallet::is_remembered(&location)? {
        match Wallet::open_remembered(&location, &Keychain::os()) {
            Ok(wallet) => return Ok(wallet),
            Err(err) => eprintln!("cairn: {err}"),
        }
    }
    let passphrase = secrets::passphrase(cli, "Passphrase: ")?;
    Ok(Wallet::open(&location, &passphrase)?)
}

/// One report per file; exit 1 when any credential fails a check, 2 when a file
/// could not be read as a credential (the others are still verified and printed).
fn verify(cli: &Cli, files: &[std::path::PathBuf]) -> Result<Exit, CliError> {
    // No wallet: what is fetched is remembered for this run only.
    let verifier = online::verifier(cli, Arc::new(MemoryCache::new()));
    let mut results = Vec::with_capacity(files.len());
    for file in files {
        let result = read_input(file).and_then(|bytes| {
            verifier
                .verify_bytes(&bytes)
                .map_err(|err| CliError::Unreadable {
                    path: file.display().to_string(),
                    reason: err.to_string(),
                })
        });
        results.push((file.display().to_string(), result));
    }
    output::reports(cli.json, &results);
    let unreadable = results.iter().any(|(_, r)| r.is_err());
    let failed = results
        .iter()
        .any(|(_, r)| r.as_ref().is_ok_and(|report| !report.verified));
    Ok(if unreadable {
        Exit::BadInput
    } else if failed {
        Exit::VerificationFailed
    } else {
        Exit::Success
    })
}

/// Reads a file (or stdin for `-`), refusing anything larger than a credential can be
/// before reading it all: a baked image may be bigger than its credential, so the cap
/// is the image limit.
fn read_input(path: &Path) -> Result<Vec<u8>, CliError> {
    let limit = (4 * MAX_CREDENTIAL_BYTES) as u64;
    let unreadable = |reason: String| CliError::Unreadable {
        path: path.display().to_string(),
        reason,
    };
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin()
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| unreadable(e.to_string()))?;
    } else {
        let file = std::fs::File::open(path).map_err(|e| unreadable(e.to_string()))?;
        file.take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| unreadable(e.to_string()))?;
    }
    if bytes.len() as u64 > limit {
        return Err(unreadable(format!(
            "larger than {limit} bytes; not a credential"
        )));
    }
    Ok(bytes)
}

fn status(cli: &Cli) -> Result<Exit, CliError> {
    let location = WalletLocation::resolve(cli.wallet.as_deref())?;
    output::status(cli.json, &location);
    Ok(Exit::Success)
}
