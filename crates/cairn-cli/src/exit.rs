//! Exit codes (DESIGN §4) and the single place where errors become messages.

use std::process::ExitCode;

use cairn_core::share::{EnvelopeError, RelayError, ShareError};
use cairn_core::store::StoreError;
use cairn_core::wallet::LocationError;

/// How a command that ran to completion ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: success (for verify/open: everything verified).
    Success,
    /// 1: a verification failed.
    VerificationFailed,
    /// 2: some input could not be read (the rest was still processed).
    BadInput,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        match exit {
            Exit::Success => ExitCode::from(0),
            Exit::VerificationFailed => ExitCode::from(FAILED),
            Exit::BadInput => ExitCode::from(USAGE),
        }
    }
}

/// Everything a command can fail with, from any layer.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Location(#[from] LocationError),
    #[error("{path}: {reason}")]
    Unreadable { path: String, reason: String },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Share(#[from] ShareError),
    #[error(transparent)]
    Refresh(#[from] cairn_core::refresh::RefreshError),
}

/// Exit code 3: the wallet stays locked (wrong passphrase or recovery code).
const LOCKED: u8 = 3;

/// Exit code 1: a verification failed.
const FAILED: u8 = 1;

/// Exit code 2: bad usage or unreadable input; 3: wallet locked or wrong passphrase.
const USAGE: u8 = 2;

impl CliError {
    fn code(&self) -> u8 {
        match self {
            CliError::Location(_) | CliError::Unreadable { .. } | CliError::Usage(_) => USAGE,
            CliError::Store(
                StoreError::WrongPassphrase
                | StoreError::WrongRecoveryCode
                | StoreError::BackupLocked { .. },
            ) => LOCKED,
            CliError::Store(_) => USAGE,
            CliError::Share(ShareError::Store(
                StoreError::WrongPassphrase | StoreError::WrongRecoveryCode,
            )) => LOCKED,
            // What a registrar opened does not hold up: changed, withdrawn, expired
            // or unknown to the relay. That is a failed verification, not bad usage.
            CliError::Share(
                ShareError::Envelope(EnvelopeError::CannotDecrypt | EnvelopeError::NotAShare)
                | ShareError::Relay(RelayError::Gone | RelayError::NotFound)
                | ShareError::Payload(_),
            ) => FAILED,
            CliError::Share(_) => USAGE,
            CliError::Refresh(_) => USAGE,
        }
    }
}

pub fn report(err: &CliError, as_json: bool) -> ExitCode {
    if as_json {
        println!("{}", serde_json::json!({ "error": err.to_string() }));
    }
    eprintln!("cairn: {err}");
    ExitCode::from(err.code())
}
