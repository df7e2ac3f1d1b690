//! Browsing the wallet: the cards, search, a credential's detail and picture,
//! re-verification, saving the original file, and deleting.

use std::sync::Arc;

use cairn_core::credential::image::Picture;
use cairn_core::credential::{self, details, image};
use cairn_core::net::{self, MemoryCache, Mode};
use cairn_core::store::{Record, Wallet};
use serde::Serialize;
use tauri::{AppHandle, State};
use ts_rs::TS;

use crate::state::{AppState, blocking};
use crate::views::{CredentialCard, CredentialDetail};
use crate::{CommandError, dialogs};

/// Every credential as a card (the UI sorts and filters what it shows).
#[tauri::command]
pub async fn list_credentials(
    state: State<'_, AppState>,
) -> Result<Vec<CredentialCard>, CommandError> {
    state
        .with_wallet(|wallet| Ok(wallet.cards()?.into_iter().map(Into::into).collect()))
        .await
}

/// The ids of the credentials matching `text` (name, description, issuer, skills).
#[tauri::command]
pub async fn search_credentials(
    state: State<'_, AppState>,
    text: String,
) -> Result<Vec<String>, CommandError> {
    state
        .with_wallet(move |wallet| {
            let limit = usize::try_from(wallet.credential_count()?).unwrap_or(usize::MAX);
            Ok(wallet
                .search(&text, limit.max(1))?
                .into_iter()
                .map(|row| row.id)
                .collect())
        })
        .await
}

/// The badge picture as a `data:` URL, or `null` when the credential has none or
/// it cannot be had. A picture at a web address is fetched by the core (never by the
/// webview), outside the wallet's lock, and remembered so it shows offline later.
#[tauri::command]
pub async fn credential_image(
    state: State<'_, AppState>,
    id: String,
) -> Result<Option<String>, CommandError> {
    let picture = state
        .with_wallet(move |wallet| {
            Ok(match image::picture(&original(wallet, &id)?) {
                Picture::Remote(url) => match wallet.remembered_image(&url)? {
                    Some(remembered) => Picture::Inline(remembered),
                    None => Picture::Remote(url),
                },
                other => other,
            })
        })
        .await?;
    let url = match picture {
        Picture::Inline(found) => return Ok(Some(found.data_url())),
        Picture::Missing => return Ok(None),
        Picture::Remote(url) => url,
    };
    let fetched = blocking(move || {
        let fetch = net::standard(Mode::Online, Arc::new(MemoryCache::new()));
        Ok(image::fetch_image(&fetch, &url).map(|found| (url, found)))
    })
    .await?;
    let Some((url, found)) = fetched else {
        return Ok(None);
    };
    let shown = found.data_url();
    // Remembering is a convenience: if the wallet locked meanwhile, the picture is
    // simply fetched again next time.
    let _ = state
        .with_wallet(move |wallet| Ok(wallet.remember_image(&url, &found)?))
        .await;
    Ok(Some(shown))
}

#[tauri::command]
pub async fn credential_detail(
    state: State<'_, AppState>,
    id: String,
) -> Result<CredentialDetail, CommandError> {
    state
        .with_wallet(move |wallet| {
            let (record, original) = (record(wallet, &id)?, original(wallet, &id)?);
            let parsed = credential::parse(&original).ok();
            let doc = parsed.as_ref().and_then(|p| p.document());
            let details = doc.map(details::details).unwrap_or_default();
            let raw = doc.and_then(|d| serde_json::to_string_pretty(d).ok());
            Ok(CredentialDetail::new(record, details, raw))
        })
        .await
}

/// Verifies again now and returns the refreshed detail.
#[tauri::command]
pub async fn reverify_credential(
    state: State<'_, AppState>,
    id: String,
) -> Result<CredentialDetail, CommandError> {
    let target = id.clone();
    state
        .with_wallet(move |wallet| {
            super::verifying(wallet, |wallet, verifier| {
                wallet
                    .reverify(&target, verifier)?
                    .map(drop)
                    .ok_or_else(|| CommandError::not_found(&target))
            })
        })
        .await?;
    credential_detail(state, id).await
}

#[derive(Debug, Serialize, TS)]
#[ts(export, export_to = "../../ui/src/lib/bindings/")]
pub struct Deleted {
    pub id: String,
}

#[tauri::command]
pub async fn delete_credential(
    state: State<'_, AppState>,
    id: String,
) -> Result<Deleted, CommandError> {
    state
        .with_wallet(move |wallet| {
            if wallet.delete(&id)? {
                Ok(Deleted { id })
            } else {
                Err(CommandError::not_found(&id))
            }
        })
        .await
}

/// Saves the credential's bytes exactly as imported (a baked badge stays an image)
/// where the learner chooses. Returns the path, or `None` if they cancelled.
#[tauri::command]
pub async fn export_original(
    app: AppHandle,
    state: State<'_, AppState>,
    id: String,
) -> Result<Option<String>, CommandError> {
    let target = id.clone();
    let (original, container) = state
        .with_wallet(move |wallet| {
            Ok((
                original(wallet, &target)?,
                record(wallet, &target)?.container,
            ))
        })
        .await?;
    blocking(move || {
        let extension = match container.as_deref() {
            Some("png") => "png",
            Some("svg") => "svg",
            _ if original.trim_ascii_start().starts_with(b"{") => "json",
            _ => "jwt",
        };
        let name = format!("credential-{id}.{extension}");
        let Some(path) = dialogs::save(
            &app,
            "Save the original credential",
            &name,
            ("Credential", &[extension]),
        ) else {
            return Ok(None);
        };
        dialogs::write(&path, &original)?;
        Ok(Some(path.display().to_string()))
    })
    .await
}

pub(crate) fn record(wallet: &Wallet, id: &str) -> Result<Record, CommandError> {
    wallet
        .record(id)?
        .ok_or_else(|| CommandError::not_found(id))
}

pub(crate) fn original(wallet: &Wallet, id: &str) -> Result<Vec<u8>, CommandError> {
    wallet
        .original(id)?
        .ok_or_else(|| CommandError::not_found(id))
}
