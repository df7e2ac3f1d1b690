//! `cairn settings email add|remove|list`: the addresses that identify the learner, so
//! credentials issued to them are marked "issued to you"; `cairn settings registry
//! add|remove|list`: the known-issuer registries verification consults; `cairn settings
//! remember [on|off]`: unlocking from this device's keychain.

use cairn_core::store::{Keychain, Wallet};
use cairn_core::wallet::WalletLocation;

use crate::args::{Cli, EmailAction, OnOff, RegistryAction};
use crate::exit::{CliError, Exit};
use crate::output;

pub fn email(cli: &Cli, action: &EmailAction) -> Result<Exit, CliError> {
    let mut wallet = super::unlock(cli)?;
    match action {
        EmailAction::Add { address } => {
            let message = if wallet.add_email(address)? {
                format!("added {}", address.trim())
            } else {
                format!("{} was already there", address.trim())
            };
            output::done(cli.json, &message);
        }
        EmailAction::Remove { address } => {
            if !wallet.remove_email(address)? {
                return Err(CliError::Usage(format!(
                    "{} is not one of your addresses",
                    address.trim()
                )));
            }
            output::done(cli.json, &format!("removed {}", address.trim()));
        }
        EmailAction::List => output::emails(cli.json, &wallet.emails()?),
    }
    Ok(Exit::Success)
}

pub fn registry(cli: &Cli, action: &RegistryAction) -> Result<Exit, CliError> {
    let mut wallet = super::unlock(cli)?;
    match action {
        RegistryAction::Add { url } => {
            let message = if wallet.add_registry(url)? {
                format!("added the registry {}", url.trim())
            } else {
                format!("{} was already there", url.trim())
            };
            output::done(cli.json, &message);
        }
        RegistryAction::Remove { url } => {
            if !wallet.remove_registry(url)? {
                return Err(CliError::Usage(format!(
                    "{} is not one of your registries",
                    url.trim()
                )));
            }
            output::done(cli.json, &format!("removed the registry {}", url.trim()));
        }
        RegistryAction::List => output::registries(cli.json, &wallet.registries()?),
    }
    Ok(Exit::Success)
}

pub fn remember(cli: &Cli, state: Option<OnOff>) -> Result<Exit, CliError> {
    let keychain = Keychain::os();
    match state {
        Some(OnOff::On) => {
            // Always the passphrase here, never the keychain: remembering is a decision
            // the person who knows the passphrase makes.
            let location = WalletLocation::resolve(cli.wallet.as_deref())?;
            if !location.exists() {
                return Err(
                    cairn_core::store::StoreError::NoWallet(location.dir().to_path_buf()).into(),
                );
            }
            let passphrase = crate::secrets::passphrase(cli, "Passphrase: ")?;
            let wallet = Wallet::open(&location, &passphrase)?;
            wallet.remember_on_device(&keychain)?;
            output::done(
                cli.json,
                "this wallet is remembered on this device: it opens without the passphrase for your user account here",
            );
        }
        Some(OnOff::Off) => {
            let location = WalletLocation::resolve(cli.wallet.as_deref())?;
            let message = if Wallet::forget_on_device(&location, &keychain)? {
                "this device no longer remembers the wallet; the passphrase is needed again"
            } else {
                "this wallet was not remembered on this device"
            };
            output::done(cli.json, message);
        }
        None => {
            let location = WalletLocation::resolve(cli.wallet.as_deref())?;
            let remembered = Wallet::is_remembered(&location)?;
            output::remember_status(cli.json, remembered, keychain.is_available());
        }
    }
    Ok(Exit::Success)
}
