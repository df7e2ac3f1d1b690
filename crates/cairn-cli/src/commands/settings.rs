//! `cairn settings email add|remove|list`: the addresses that identify the learner, so
//! credentials issued to them are marked "issued to you".

use crate::args::{Cli, EmailAction};
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
