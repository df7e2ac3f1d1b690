//! Where secrets come from: environment, a file, or a prompt with echo off — never a
//! plain command-line argument, which other users can read in the process list.

use std::io::IsTerminal;

use cairn_core::store::{Passphrase, RecoveryCode};
use zeroize::Zeroizing;

use crate::args::Cli;
use crate::exit::CliError;

/// The passphrase for unlocking: `--passphrase-file`, else `CAIRN_PASSPHRASE`, else a prompt.
pub fn passphrase(cli: &Cli, prompt: &str) -> Result<Passphrase, CliError> {
    if let Some(file) = &cli.passphrase_file {
        let text =
            Zeroizing::new(
                std::fs::read_to_string(file).map_err(|e| CliError::Unreadable {
                    path: file.display().to_string(),
                    reason: e.to_string(),
                })?,
            );
        // A trailing newline is the editor's, not the learner's.
        return Ok(Passphrase::new(
            text.trim_end_matches(['\n', '\r']).to_owned(),
        ));
    }
    from_env_or_prompt("CAIRN_PASSPHRASE", prompt).map(Passphrase::new)
}

/// Whether a passphrase was supplied (`--passphrase-file` or `CAIRN_PASSPHRASE`)
/// rather than to be asked for.
pub fn passphrase_given(cli: &Cli) -> bool {
    cli.passphrase_file.is_some() || std::env::var_os("CAIRN_PASSPHRASE").is_some()
}

/// A new passphrase: `CAIRN_NEW_PASSPHRASE`, else a prompt asked twice.
pub fn new_passphrase(env: &str) -> Result<Passphrase, CliError> {
    if let Ok(value) = std::env::var(env) {
        return Ok(Passphrase::new(value));
    }
    let first = prompt("New passphrase: ")?;
    let second = prompt("Repeat the new passphrase: ")?;
    if first.as_str() != second.as_str() {
        return Err(CliError::Usage(
            "the two passphrases differ; nothing was changed".into(),
        ));
    }
    Ok(Passphrase::new(first.to_string()))
}

/// The recovery code: `CAIRN_RECOVERY_CODE`, else a prompt.
pub fn recovery_code() -> Result<RecoveryCode, CliError> {
    let text = Zeroizing::new(from_env_or_prompt(
        "CAIRN_RECOVERY_CODE",
        "Recovery code: ",
    )?);
    Ok(RecoveryCode::parse(&text))
}

/// `CAIRN_BACKUP_PASSPHRASE`, for restoring a backup made under another passphrase.
pub fn backup_passphrase_from_env() -> Option<Passphrase> {
    std::env::var("CAIRN_BACKUP_PASSPHRASE")
        .ok()
        .map(Passphrase::new)
}

/// Whether a person can be asked (stdin is a terminal).
pub fn can_prompt() -> bool {
    std::io::stdin().is_terminal()
}

/// Asks, with echo off.
pub fn prompt_passphrase(question: &str) -> Result<Passphrase, CliError> {
    Ok(Passphrase::new(prompt(question)?.to_string()))
}

fn from_env_or_prompt(env: &str, question: &str) -> Result<String, CliError> {
    if let Ok(value) = std::env::var(env) {
        return Ok(value);
    }
    Ok(prompt(question)?.to_string())
}

fn prompt(question: &str) -> Result<Zeroizing<String>, CliError> {
    if !std::io::stdin().is_terminal() {
        return Err(CliError::Usage(
            "a passphrase is needed: set CAIRN_PASSPHRASE, use --passphrase-file FILE, or run in a terminal".into(),
        ));
    }
    rpassword::prompt_password(question)
        .map(Zeroizing::new)
        .map_err(|e| CliError::Usage(format!("could not read the passphrase: {e}")))
}
