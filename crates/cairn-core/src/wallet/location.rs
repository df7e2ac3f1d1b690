//! Where a wallet lives: one rule, shared by the CLI and the app, so both open the
//! same wallet for the same user.

use std::path::{Path, PathBuf};

use serde::Serialize;

/// Environment variable naming the wallet directory (DESIGN §4: `--wallet DIR` or `CAIRN_WALLET`).
pub const WALLET_ENV: &str = "CAIRN_WALLET";

/// The encrypted database file inside a wallet directory.
pub const WALLET_DB_FILE: &str = "wallet.db";

#[derive(Debug, thiserror::Error)]
pub enum LocationError {
    #[error(
        "could not find a home directory for the default wallet location; \
         choose one with --wallet DIR or {WALLET_ENV}"
    )]
    NoHomeDirectory,
    #[error("the wallet location {path:?} is empty; give a directory path")]
    Empty { path: PathBuf },
}

/// A wallet directory. Holding one says nothing about whether a wallet exists there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WalletLocation {
    dir: PathBuf,
}

impl WalletLocation {
    /// Chooses the wallet directory: an explicit path first, then `CAIRN_WALLET`,
    /// then the OS data directory (`~/.local/share/cairn` on Linux).
    pub fn resolve(explicit: Option<&Path>) -> Result<Self, LocationError> {
        if let Some(path) = explicit {
            return Self::at(path);
        }
        match std::env::var_os(WALLET_ENV) {
            Some(value) if !value.is_empty() => Self::at(Path::new(&value)),
            _ => Self::default_location(),
        }
    }

    /// The platform's default location for the current user.
    pub fn default_location() -> Result<Self, LocationError> {
        let dirs = directories::ProjectDirs::from("app", "Cairn", "Cairn")
            .ok_or(LocationError::NoHomeDirectory)?;
        Ok(Self {
            dir: dirs.data_dir().to_path_buf(),
        })
    }

    /// A wallet at `dir`, exactly as given.
    pub fn at(dir: &Path) -> Result<Self, LocationError> {
        if dir.as_os_str().is_empty() {
            return Err(LocationError::Empty {
                path: dir.to_path_buf(),
            });
        }
        Ok(Self {
            dir: dir.to_path_buf(),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn database_path(&self) -> PathBuf {
        self.dir.join(WALLET_DB_FILE)
    }

    /// Whether a wallet has been created here (its database file is present).
    pub fn exists(&self) -> bool {
        self.database_path().is_file()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_path_wins_over_everything() {
        let location = WalletLocation::resolve(Some(Path::new("/tmp/some-wallet"))).unwrap();
        assert_eq!(location.dir(), Path::new("/tmp/some-wallet"));
        assert_eq!(
            location.database_path(),
            Path::new("/tmp/some-wallet/wallet.db")
        );
    }

    #[test]
    fn empty_path_is_refused_with_a_clear_error() {
        let err = WalletLocation::at(Path::new("")).unwrap_err();
        assert!(err.to_string().contains("give a directory path"), "{err}");
    }

    #[test]
    fn default_location_is_under_the_user_data_directory() {
        let location = WalletLocation::default_location().unwrap();
        assert!(
            location.dir().ends_with("cairn") || location.dir().ends_with("Cairn"),
            "{:?}",
            location.dir()
        );
    }

    #[test]
    fn exists_only_once_the_database_file_is_there() {
        let dir = tempfile::tempdir().unwrap();
        let location = WalletLocation::at(dir.path()).unwrap();
        assert!(!location.exists());
        std::fs::write(location.database_path(), b"").unwrap();
        assert!(location.exists());
    }
}
