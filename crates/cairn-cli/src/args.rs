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

    /// Never use the network: verify from what the wallet remembers ("as of DATE")
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
    /// Import credential files, folders and links (`-` reads stdin)
    Import {
        /// Files, folders (searched recursively), https:// links, or `-`
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<String>,
    },
    /// List the credentials in the wallet, newest first
    List {
        /// Show at most this many
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
        /// Skip the first N (with --limit: pages)
        #[arg(long, value_name = "N", default_value_t = 0)]
        offset: usize,
    },
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
    /// Verify stored credentials again (all, or the given ids), online unless --offline
    Reverify {
        #[arg(value_name = "ID")]
        ids: Vec<String>,
    },
    /// Fetch the newer version a credential's issuer offers (OB 3.0 refreshService)
    /// and import it; the old version is kept
    Refresh {
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
    /// Curate portfolios: ordered selections of credentials to share
    Portfolio {
        #[command(subcommand)]
        action: PortfolioAction,
    },
    /// Share a portfolio: sign it with your key, encrypt it, upload it; prints the link
    Share {
        /// The portfolio's id or title
        #[arg(value_name = "PORTFOLIO")]
        portfolio: String,
        /// The relay to upload to (remembered for next time)
        #[arg(long, value_name = "URL", env = "CAIRN_RELAY")]
        relay: Option<String>,
        /// How long the link works: 30m, 12h, 7d, 2w (at most 90 days)
        #[arg(long, default_value = "7d", value_name = "DURATION")]
        expires: String,
        /// Also write the link as a QR code (.png or .svg)
        #[arg(long, value_name = "FILE", conflicts_with = "save")]
        qr: Option<PathBuf>,
        /// Instead of uploading, save the signed presentation to FILE (not encrypted:
        /// anyone with the file can read it); the viewer page opens it with "Open a file"
        #[arg(long, value_name = "FILE", conflicts_with = "relay")]
        save: Option<PathBuf>,
    },
    /// List your shares with their views and expiry
    Shares,
    /// Withdraw a share: its link stops working
    Unshare {
        /// The share's id (or the start of it)
        // Share ids are base64url, so one in 64 starts with '-': still an id, not a flag.
        #[arg(value_name = "SHARE", allow_hyphen_values = true)]
        id: String,
    },
    /// Open a share link as a registrar sees it: fetch, decrypt, verify everything
    Open {
        #[arg(value_name = "LINK")]
        link: String,
    },
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
pub enum PortfolioAction {
    /// Create a portfolio of credentials, in the order given
    Create {
        #[arg(value_name = "TITLE")]
        title: String,
        #[arg(value_name = "ID")]
        ids: Vec<String>,
        /// A note in your own words, shown to viewers as yours (not verified)
        #[arg(long)]
        note: Option<String>,
    },
    /// List your portfolios
    List,
    /// Show a portfolio's credentials in order
    Show {
        #[arg(value_name = "PORTFOLIO")]
        portfolio: String,
    },
    /// Add credentials at the end
    Add {
        #[arg(value_name = "PORTFOLIO")]
        portfolio: String,
        #[arg(required = true, value_name = "ID")]
        ids: Vec<String>,
    },
    /// Take credentials out (they stay in the wallet)
    Remove {
        #[arg(value_name = "PORTFOLIO")]
        portfolio: String,
        #[arg(required = true, value_name = "ID")]
        ids: Vec<String>,
    },
    /// Move a credential to a position (1 is first)
    Move {
        #[arg(value_name = "PORTFOLIO")]
        portfolio: String,
        #[arg(value_name = "ID")]
        id: String,
        #[arg(long, value_name = "POSITION", value_parser = clap::value_parser!(u32).range(1..))]
        to: u32,
    },
    /// Change a portfolio's title
    Rename {
        #[arg(value_name = "PORTFOLIO")]
        portfolio: String,
        #[arg(value_name = "TITLE")]
        title: String,
    },
    /// Set the note (no text clears it)
    Note {
        #[arg(value_name = "PORTFOLIO")]
        portfolio: String,
        #[arg(value_name = "TEXT")]
        text: Option<String>,
    },
    /// Delete a portfolio (its credentials stay in the wallet)
    Delete {
        #[arg(value_name = "PORTFOLIO")]
        portfolio: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum SettingsAction {
    /// Your email addresses: credentials issued to them are marked "issued to you"
    Email {
        #[command(subcommand)]
        action: EmailAction,
    },
    /// Known-issuer registries (Digital Credentials Consortium format) that
    /// verification looks each issuer up in; none by default
    Registry {
        #[command(subcommand)]
        action: RegistryAction,
    },
    /// Remember this wallet on this device (the OS keychain), so commands stop asking
    /// for the passphrase here; `off` forgets it, no argument shows the setting
    Remember {
        #[arg(value_enum, value_name = "on|off")]
        state: Option<OnOff>,
    },
}

#[derive(Debug, Subcommand)]
pub enum RegistryAction {
    /// Add a registry by its address (https://…/registry.json)
    Add {
        #[arg(value_name = "URL")]
        url: String,
    },
    /// Remove a registry
    Remove {
        #[arg(value_name = "URL")]
        url: String,
    },
    /// List the registries
    List,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OnOff {
    On,
    Off,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_share_id_that_starts_with_a_hyphen_is_an_id_not_a_flag() {
        let cli = Cli::try_parse_from(["cairn", "unshare", "-yQx3b"]).expect("parses");
        assert!(matches!(cli.command, Command::Unshare { id } if id == "-yQx3b"));
    }
}
