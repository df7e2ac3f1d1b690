//! `cairn backup FILE` and `cairn restore FILE` (DESIGN §4): the whole wallet in one
//! encrypted file, and back — installed where there is no wallet, merged where there is.

use std::path::Path;

use cairn_core::store::{Backup, BackupSecret, Passphrase, Restored, StoreError, Wallet};
use cairn_core::wallet::WalletLocation;

use crate::args::Cli;
use crate::exit::{CliError, Exit};
use crate::{output, secrets};

pub fn backup(cli: &Cli, file: &Path) -> Result<Exit, CliError> {
    let wallet = super::unlock(cli)?;
    let info = wallet.backup(file)?;
    output::backed_up(cli.json, &info);
    Ok(Exit::Success)
}

/// The backup is unlocked (and verified) before the wallet is touched, so a wrong
/// secret or a damaged file changes nothing.
pub fn restore(cli: &Cli, file: &Path, recovery: bool) -> Result<Exit, CliError> {
    let location = WalletLocation::resolve(cli.wallet.as_deref())?;
    if location.exists() {
        let wallet_passphrase = secrets::passphrase(cli, "Wallet passphrase: ")?;
        let backup = if recovery {
            let code = secrets::recovery_code()?;
            Backup::unlock(file, BackupSecret::RecoveryCode(&code))?
        } else {
            unlock_with_passphrase(cli, file, Some(&wallet_passphrase))?
        };
        let mut wallet = Wallet::open(&location, &wallet_passphrase)?;
        let counts = wallet.merge_backup(&backup)?;
        output::restored(cli.json, &location, false, &counts);
        return Ok(Exit::Success);
    }
    let restored = if recovery {
        let code = secrets::recovery_code()?;
        let backup = Backup::unlock(file, BackupSecret::RecoveryCode(&code))?;
        let new = secrets::new_passphrase("CAIRN_NEW_PASSPHRASE")?;
        backup.install(&location, Some(&new))?
    } else {
        unlock_with_passphrase(cli, file, None)?.install(&location, None)?
    };
    if let Restored::Installed(_, counts) = &restored {
        output::restored(cli.json, &location, true, counts);
    }
    Ok(Exit::Success)
}

/// The backup's passphrase: `CAIRN_BACKUP_PASSPHRASE`; else the wallet's passphrase
/// (usually the same), then a prompt; with no wallet yet, the usual passphrase sources.
fn unlock_with_passphrase(
    cli: &Cli,
    file: &Path,
    wallet_passphrase: Option<&Passphrase>,
) -> Result<Backup, CliError> {
    if let Some(given) = secrets::backup_passphrase_from_env() {
        return Ok(Backup::unlock(file, BackupSecret::Passphrase(&given))?);
    }
    let Some(tried) = wallet_passphrase else {
        let given = secrets::passphrase(cli, "Backup passphrase: ")?;
        return Ok(Backup::unlock(file, BackupSecret::Passphrase(&given))?);
    };
    match Backup::unlock(file, BackupSecret::Passphrase(tried)) {
        Err(StoreError::BackupLocked { .. }) if secrets::can_prompt() => {
            let asked = secrets::prompt_passphrase("Backup passphrase: ")?;
            Ok(Backup::unlock(file, BackupSecret::Passphrase(&asked))?)
        }
        other => Ok(other?),
    }
}
