//! Tauri commands, one module per area of the app. Each parses its arguments, calls
//! the core (on a blocking thread when it can take time) and returns a view or a
//! `CommandError`.

pub mod credentials;
pub mod import;
pub mod portfolios;
pub mod settings;
pub mod share;
pub mod wallet;

use std::sync::Arc;

use cairn_core::net::Mode;
use cairn_core::store::Wallet;
use cairn_core::verify::Verifier;

use crate::CommandError;

/// Runs `work` with the verifier the CLI uses: online (`did:web` keys, issuer
/// profiles, status lists), through the fetch cache kept in the wallet, which is
/// saved afterwards so a later check without a network still answers "as of" then.
pub(crate) fn verifying<T>(
    wallet: &mut Wallet,
    work: impl FnOnce(&mut Wallet, &Verifier) -> Result<T, CommandError>,
) -> Result<T, CommandError> {
    let cache = Arc::new(wallet.fetch_cache()?);
    let verifier = Verifier::standard(Mode::Online, cache.clone());
    let value = work(wallet, &verifier)?;
    wallet.save_fetch_cache(&cache)?;
    Ok(value)
}
