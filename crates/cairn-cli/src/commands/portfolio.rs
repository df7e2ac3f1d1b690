//! `cairn portfolio …`: curating what to share.

use serde_json::json;

use super::unlock;
use crate::args::{Cli, PortfolioAction};
use crate::exit::{CliError, Exit};
use crate::output;

pub fn run(cli: &Cli, action: &PortfolioAction) -> Result<Exit, CliError> {
    let mut wallet = unlock(cli)?;
    match action {
        PortfolioAction::Create { title, ids, note } => {
            let id = wallet.create_portfolio(title, note.as_deref(), ids)?;
            if cli.json {
                println!("{}", json!({ "id": id }));
            } else {
                println!(
                    "Created portfolio {id} \"{}\" with {} credentials",
                    title.trim(),
                    ids.len()
                );
            }
            return Ok(Exit::Success);
        }
        PortfolioAction::List => {
            let portfolios = wallet.portfolios()?;
            if cli.json {
                println!("{}", json!({ "portfolios": portfolios }));
            } else if portfolios.is_empty() {
                println!("No portfolios yet (create one with `cairn portfolio create TITLE ID…`).");
            } else {
                for p in portfolios {
                    println!("{}  {}  ({} credentials)", p.id, p.title, p.count);
                }
            }
            return Ok(Exit::Success);
        }
        PortfolioAction::Show { portfolio } => {
            let portfolio = wallet.portfolio(portfolio)?;
            if cli.json {
                println!("{}", serde_json::to_string(&portfolio).unwrap_or_default());
                return Ok(Exit::Success);
            }
            println!("{}  {}", portfolio.id, portfolio.title);
            if let Some(note) = &portfolio.note {
                println!("Your note: {note}");
            }
            for (i, id) in portfolio.credentials.iter().enumerate() {
                let name = wallet
                    .report(id)?
                    .and_then(|r| r.credential.name)
                    .unwrap_or_else(|| "(unnamed)".into());
                println!("  {}. {id}  {name}", i + 1);
            }
            return Ok(Exit::Success);
        }
        PortfolioAction::Add { portfolio, ids } => wallet.add_to_portfolio(portfolio, ids)?,
        PortfolioAction::Remove { portfolio, ids } => {
            wallet.remove_from_portfolio(portfolio, ids)?
        }
        PortfolioAction::Move { portfolio, id, to } => {
            wallet.move_in_portfolio(portfolio, id, (*to as usize).saturating_sub(1))?;
        }
        PortfolioAction::Rename { portfolio, title } => {
            wallet.rename_portfolio(portfolio, title)?
        }
        PortfolioAction::Note { portfolio, text } => {
            wallet.set_portfolio_note(portfolio, text.as_deref())?;
        }
        PortfolioAction::Delete { portfolio } => wallet.delete_portfolio(portfolio)?,
    }
    output::done(cli.json, "portfolio updated");
    Ok(Exit::Success)
}
