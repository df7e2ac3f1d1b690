//! `cairn settings email add|remove|list`: the addresses that identify the learner, so
//! credentials issued to them are marked "issued to you"; `cairn settings registry
//! add|remove|list`: the known-issuer registries verification consults.

use crate::args::{Cli, EmailAction, RegistryAction};
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
