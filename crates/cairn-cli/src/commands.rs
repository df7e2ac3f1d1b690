//! One function per subcommand: call the core, hand the result to [`crate::output`].

use cairn_core::wallet::WalletLocation;

use crate::args::{Cli, Command};
use crate::exit::{CliError, Exit};
use crate::output;

pub fn run(cli: &Cli) -> Result<Exit, CliError> {
    match &cli.command {
        Command::Status => status(cli),
    }
}

fn status(cli: &Cli) -> Result<Exit, CliError> {
    let location = WalletLocation::resolve(cli.wallet.as_deref())?;
    output::status(cli.json, &location);
    Ok(Exit::Success)
}
