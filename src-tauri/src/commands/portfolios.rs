//! Portfolios: ordered selections of credentials with a title and the learner's
//! note, curated here and shared from the share dialog. Every change returns the
//! portfolio as it now is, so the screen shows what the wallet holds.

use cairn_core::credential::display::Card;
use cairn_core::store::{Portfolio, Wallet};
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use crate::CommandError;
use crate::commands::credentials::{original, record};
use crate::state::AppState;
use crate::views::{CredentialCard, PortfolioSummaryView, PortfolioView};

fn view(wallet: &Wallet, portfolio: Portfolio) -> Result<PortfolioView, CommandError> {
    let credentials = portfolio
        .credentials
        .iter()
        .map(|id| Ok(CredentialCard::from(record(wallet, id)?.card)))
        .collect::<Result<_, CommandError>>()?;
    Ok(PortfolioView {
        id: portfolio.id,
        title: portfolio.title,
        note: portfolio.note,
        updated_at: portfolio.updated_at,
        credentials,
    })
}

fn load(wallet: &Wallet, id: &str) -> Result<PortfolioView, CommandError> {
    let portfolio = wallet.portfolio(id)?;
    view(wallet, portfolio)
}

#[tauri::command]
pub async fn list_portfolios(
    state: State<'_, AppState>,
) -> Result<Vec<PortfolioSummaryView>, CommandError> {
    state
        .with_wallet(|wallet| Ok(wallet.portfolios()?.into_iter().map(Into::into).collect()))
        .await
}

#[tauri::command]
pub async fn get_portfolio(
    state: State<'_, AppState>,
    id: String,
) -> Result<PortfolioView, CommandError> {
    state.with_wallet(move |wallet| load(wallet, &id)).await
}

#[tauri::command]
pub async fn create_portfolio(
    state: State<'_, AppState>,
    title: String,
    credentials: Vec<String>,
) -> Result<PortfolioView, CommandError> {
    state
        .with_wallet(move |wallet| {
            let id = wallet.create_portfolio(&title, None, &credentials)?;
            load(wallet, &id)
        })
        .await
}

#[tauri::command]
pub async fn rename_portfolio(
    state: State<'_, AppState>,
    id: String,
    title: String,
) -> Result<PortfolioView, CommandError> {
    state
        .with_wallet(move |wallet| {
            wallet.rename_portfolio(&id, &title)?;
            load(wallet, &id)
        })
        .await
}

/// Sets the learner's note; blank text removes it.
#[tauri::command]
pub async fn set_portfolio_note(
    state: State<'_, AppState>,
    id: String,
    note: String,
) -> Result<PortfolioView, CommandError> {
    state
        .with_wallet(move |wallet| {
            wallet.set_portfolio_note(&id, Some(&note))?;
            load(wallet, &id)
        })
        .await
}

/// Puts a credential in the portfolio (at the end) or takes it out.
#[tauri::command]
pub async fn pick_in_portfolio(
    state: State<'_, AppState>,
    id: String,
    credential: String,
    included: bool,
) -> Result<PortfolioView, CommandError> {
    state
        .with_wallet(move |wallet| {
            let ids = [credential];
            if included {
                wallet.add_to_portfolio(&id, &ids)?;
            } else {
                wallet.remove_from_portfolio(&id, &ids)?;
            }
            load(wallet, &id)
        })
        .await
}

/// Moves a credential to `position` (0-based) in the portfolio's order.
#[tauri::command]
pub async fn move_in_portfolio(
    state: State<'_, AppState>,
    id: String,
    credential: String,
    position: usize,
) -> Result<PortfolioView, CommandError> {
    state
        .with_wallet(move |wallet| {
            wallet.move_in_portfolio(&id, &credential, position)?;
            load(wallet, &id)
        })
        .await
}

/// Deletes the portfolio; its credentials stay in the wallet.
#[tauri::command]
pub async fn delete_portfolio(state: State<'_, AppState>, id: String) -> Result<(), CommandError> {
    state
        .with_wallet(move |wallet| Ok(wallet.delete_portfolio(&id)?))
        .await
}

/// The portfolio as the registrar's page will show it: the viewer's own card
/// model (`credential::display::Card`), from the stored reports.
#[derive(Debug, Serialize, TS)]
#[ts(export, export_to = "../../ui/src/lib/bindings/")]
pub struct PortfolioPreview {
    pub title: String,
    /// The learner's own words, shown as such.
    pub note: Option<String>,
    /// Who the share will say it comes from.
    pub holder: String,
    /// `credential::display::Card`s, as JSON; the UI reads them with the viewer's types.
    #[ts(type = "unknown[]")]
    pub cards: Vec<Card>,
}

#[tauri::command]
pub async fn preview_portfolio(
    state: State<'_, AppState>,
    id: String,
) -> Result<PortfolioPreview, CommandError> {
    state
        .with_wallet(move |wallet| {
            let portfolio = wallet.portfolio(&id)?;
            let cards = portfolio
                .credentials
                .iter()
                .map(|credential| {
                    let report = record(wallet, credential)?.report;
                    Ok(Card::new(report, Some(&original(wallet, credential)?)))
                })
                .collect::<Result<_, CommandError>>()?;
            Ok(PortfolioPreview {
                title: portfolio.title,
                note: portfolio.note,
                holder: wallet.holder_did()?,
                cards,
            })
        })
        .await
}
