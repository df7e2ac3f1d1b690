//! The command line's shape (DESIGN §4). Flags here are a contract with scripts.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "cairn",
    version,
    about = "Cairn: your learning and employment record, kept by you"
)]
pub struct Cli {
    /// Wallet directory (default: the OS data directory, e.g. ~/.local/share/cairn)
    #[arg(long, global = true, value_name = "DIR", env = cairn_core::wallet::WALLET_ENV)]
    pub wallet: Option<PathBuf>,

    /// Print one machine-readable JSON document on stdout
    #[arg(long, global = true)]
    pub json: bool,

    /// Never use the network
    #[arg(long, global = true)]
    pub offline: bool,

    /// Read the passphrase from this file (else CAIRN_PASSPHRASE, else a prompt)
    #[arg(long, global = true, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Verify credential files without a wallet (JSON, JWT, baked PNG/SVG; `-` reads stdin)
    Verify {
        /// Files to verify
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Show the version and where the wallet lives
    Status,
    /// Create a wallet; prints the recovery code once
    Init,
    /// Import credential files and folders (`-` reads stdin)
    Import {
        /// Files, folders (searched recursively), or `-`
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<String>,
    },
    /// List the credentials in the wallet
    List,
    /// Find credentials by name, description, issuer or skill
    Search {
        /// Words to look for (each as a word prefix)
        #[arg(required = true, value_name = "TEXT")]
        text: Vec<String>,
        /// Show at most this many, best first
        #[arg(long, default_value_t = 100)]
        limit: usize,
    },
    /// Show a credential and its latest verification report
    Show {
        #[arg(value_name = "ID")]
        id: String,
    },
    /// Remove a credential from the wallet
    Delete {
        #[arg(value_name = "ID")]
        id: String,
        /// Do not ask for confirmation
        #[arg(long)]
        yes: bool,
    },
    /// Change the wallet's passphrase
    Passphrase {
        #[command(subcommand)]
        action: PassphraseAction,
    },
    /// Unlock with the recovery code and set a new passphrase
    Recover,
    /// Write an encrypted backup of the whole wallet to FILE
    Backup {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Restore a backup: becomes the wallet where there is none, else merges into it
    Restore {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Unlock the backup with its recovery code (CAIRN_RECOVERY_CODE or a prompt)
        #[arg(long)]
        recovery: bool,
    },
    /// Your settings
    Settings {
        #[command(subcommand)]
        action: SettingsAction,
    },
}

#[derive(Debug, Subcommand)]
pub enum SettingsAction {
    /// Your email addresses: credentials issued to them are marked "issued to you"
    Email {
        #[command(subcommand)]
        action: EmailAction,
    },
}

#[derive(Debug, Subcommand)]
pub enum EmailAction {
    /// Add an address
    Add {
        #[arg(value_name = "ADDRESS")]
        address: String,
    },
    /// Remove an address
    Remove {
        #[arg(value_name = "ADDRESS")]
        address: String,
    },
    /// List your addresses
    List,
}

#[derive(Debug, Subcommand)]
pub enum PassphraseAction {
    /// Change the passphrase (the new one comes from CAIRN_NEW_PASSPHRASE or a prompt)
    Change,
}
