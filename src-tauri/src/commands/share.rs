//! Sharing a portfolio through the relay the learner chose in Settings, the shares
//! list (with the relay's view counts), withdrawing a share, and saving its QR code.
//! Network calls run on blocking threads; only sharing and withdrawing hold the
//! wallet while they talk to the relay, so what the relay did is recorded with it.

use base64::Engine;
use cairn_core::share::relay::HttpRelay;
use cairn_core::share::{self, Relay};
use cairn_core::store::settings::RELAY_URL;
use cairn_core::store::{ShareRecord, ShareState};
use tauri::{AppHandle, State};
use zeroize::Zeroizing;

use crate::state::{AppState, blocking};
use crate::views::{self, ShareView};
use crate::{CommandError, dialogs};

fn relay() -> Result<HttpRelay, CommandError> {
    Ok(HttpRelay::new().map_err(share::ShareError::from)?)
}

/// The QR code of a link as an SVG `data:` URL (shown through `<img>` only).
fn qr_data_url(link: &str) -> Option<String> {
    let svg = share::qr::svg(link).ok()?;
    let data = base64::engine::general_purpose::STANDARD.encode(svg);
    Some(format!("data:image/svg+xml;base64,{data}"))
}

fn view(record: ShareRecord, views: Option<u64>) -> ShareView {
    let state = match record.state(chrono::Utc::now()) {
        ShareState::Active => views::ShareState::Active,
        ShareState::Expired => views::ShareState::Expired,
        ShareState::Withdrawn => views::ShareState::Withdrawn,
    };
    ShareView {
        qr: qr_data_url(&record.link),
        id: record.id,
        title: record.title,
        link: record.link,
        created_at: record.created_at,
        expires_at: record.expires_at,
        state,
        views: views.map(|v| u32::try_from(v).unwrap_or(u32::MAX)),
    }
}

/// Signs, encrypts and uploads the portfolio for `expires` (`30m`, `12h`, `7d`, `2w`).
#[tauri::command]
pub async fn share_portfolio(
    state: State<'_, AppState>,
    portfolio: String,
    expires: String,
) -> Result<ShareView, CommandError> {
    let expires_in = share::parse_expiry(&expires)?;
    // The wallet is held for the upload: a share is recorded in the same breath as
    // it is made, so a link the relay accepted is never lost.
    let record = state
        .with_wallet(move |wallet| {
            // Built here, off the async runtime: a blocking reqwest client panics when
            // it is made or dropped on a runtime thread.
            let relay = relay()?;
            let relay_url = wallet.setting(RELAY_URL)?.ok_or_else(|| {
                CommandError::new(
                    "no_relay",
                    "Choose a relay first: in Settings, under Sharing, enter the relay's \
                     address (your school or Cairn's own).",
                )
            })?;
            Ok(share::share_portfolio(
                wallet,
                &portfolio,
                &relay,
                &relay_url,
                expires_in,
                chrono::Utc::now(),
            )?)
        })
        .await?;
    Ok(view(record, Some(0)))
}

/// Every share, newest first, with the relay's view count for those still active.
#[tauri::command]
pub async fn list_shares(state: State<'_, AppState>) -> Result<Vec<ShareView>, CommandError> {
    let now = chrono::Utc::now();
    let shares = state
        .with_wallet(move |wallet| {
            wallet
                .shares()?
                .into_iter()
                .map(|record| {
                    let token = match record.state(now) {
                        ShareState::Active => Some(wallet.share_owner_token(&record.id)?),
                        _ => None,
                    };
                    Ok((record, token))
                })
                .collect::<Result<Vec<(ShareRecord, Option<Zeroizing<String>>)>, CommandError>>()
        })
        .await?;
    blocking(move || {
        let relay = relay()?;
        Ok(shares
            .into_iter()
            .map(|(record, token)| {
                // An unreachable relay leaves the count unknown; the list still shows.
                let views = token.and_then(|token| {
                    relay
                        .stats(&record.relay, &record.id, &token)
                        .ok()
                        .map(|s| s.views)
                });
                view(record, views)
            })
            .collect())
    })
    .await
}

/// Withdraws a share: the relay forgets it, so its link stops working.
#[tauri::command]
pub async fn unshare(state: State<'_, AppState>, id: String) -> Result<ShareView, CommandError> {
    let record = state
        .with_wallet(move |wallet| Ok(share::unshare(wallet, &id, &relay()?, chrono::Utc::now())?))
        .await?;
    Ok(view(record, None))
}

/// Saves a share's QR code as `png` or `svg` where the learner chooses; returns the
/// path, or `None` if they cancelled.
#[tauri::command]
pub async fn save_qr(
    app: AppHandle,
    state: State<'_, AppState>,
    id: String,
    format: String,
) -> Result<Option<String>, CommandError> {
    let target = id.clone();
    let record = state
        .with_wallet(move |wallet| Ok(wallet.share(&target)?))
        .await?;
    blocking(move || {
        let bytes = match format.as_str() {
            "png" => share::qr::png(&record.link),
            "svg" => share::qr::svg(&record.link).map(String::into_bytes),
            other => {
                return Err(CommandError::new(
                    "invalid_input",
                    format!("A QR code can be saved as png or svg, not {other:?}."),
                ));
            }
        }
        .map_err(|e| CommandError::new("qr", format!("The QR code could not be made: {e}.")))?;
        let (filter, extensions): (&str, &[&str]) = if format == "png" {
            ("PNG image", &["png"])
        } else {
            ("SVG image", &["svg"])
        };
        let name = format!("cairn-share-{id}.{format}");
        let Some(path) = dialogs::save(&app, "Save the QR code", &name, (filter, extensions))
        else {
            return Ok(None);
        };
        dialogs::write(&path, &bytes)?;
        Ok(Some(path.display().to_string()))
    })
    .await
}
