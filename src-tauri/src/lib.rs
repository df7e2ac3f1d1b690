//! Cairn's desktop shell. Commands parse arguments, call `cairn-core`, and return
//! serializable results; no credential logic lives here.

mod commands;
mod deeplink;
mod dialogs;
mod error;
mod state;
mod views;

pub use error::CommandError;

use tauri::Manager;
use tauri_plugin_deep_link::DeepLinkExt;

pub fn run() {
    tauri::Builder::default()
        // First, so a second launch (a `cairn://` link clicked while Cairn is open)
        // hands its link to this window and exits; with its `deep-link` feature the
        // link reaches the deep-link plugin's handler below.
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.set_focus();
            }
        }))
        .plugin(tauri_plugin_deep_link::init())
        .plugin(tauri_plugin_dialog::init())
        .manage(state::AppState::new())
        .setup(|app| {
            let deep_link = app.deep_link();
            // Linux and Windows learn the scheme when the app runs (macOS from the
            // bundle). Debug builds leave the system's handler alone, so a test
            // run does not make a build in target/ the learner's cairn:// handler.
            #[cfg(all(any(target_os = "linux", windows), not(debug_assertions)))]
            if let Err(err) = deep_link.register_all() {
                eprintln!("cairn: could not register the cairn:// scheme: {err}");
            }
            let handle = app.handle().clone();
            deep_link.on_open_url(move |event| {
                deeplink::receive(&handle, event.urls().iter().map(ToString::to_string));
            });
            // A link that started the app arrives as its argument.
            if let Ok(Some(urls)) = deep_link.get_current() {
                deeplink::receive(app.handle(), urls.iter().map(ToString::to_string));
            }
            Ok(())
        })
        // Every command the webview may call; build.rs and capabilities/ list the same.
        .invoke_handler(tauri::generate_handler![
            commands::wallet::wallet_status,
            commands::wallet::create_wallet,
            commands::wallet::unlock,
            commands::wallet::unlock_remembered,
            commands::wallet::set_remembered,
            commands::wallet::lock,
            commands::wallet::recover,
            commands::wallet::change_passphrase,
            commands::wallet::save_recovery_code,
            commands::credentials::list_credentials,
            commands::credentials::search_credentials,
            commands::credentials::credential_image,
            commands::credentials::credential_detail,
            commands::credentials::reverify_credential,
            commands::credentials::delete_credential,
            commands::credentials::export_original,
            commands::import::import_paths,
            commands::import::import_pick,
            commands::import::import_text,
            commands::settings::get_settings,
            commands::settings::set_lock_minutes,
            commands::portfolios::list_portfolios,
            commands::portfolios::get_portfolio,
            commands::portfolios::create_portfolio,
            commands::portfolios::rename_portfolio,
            commands::portfolios::set_portfolio_note,
            commands::portfolios::pick_in_portfolio,
            commands::portfolios::move_in_portfolio,
            commands::portfolios::delete_portfolio,
            commands::portfolios::preview_portfolio,
            commands::share::share_portfolio,
            commands::share::list_shares,
            commands::share::unshare,
            commands::share::save_qr,
            commands::settings::set_relay_url,
            commands::settings::add_registry,
            commands::settings::remove_registry,
            commands::settings::add_email,
            commands::settings::remove_email,
            commands::settings::backup_wallet,
            commands::settings::restore_backup,
            commands::import::take_deep_links,
            commands::import::import_url,
        ])
        .run(tauri::generate_context!())
        .expect("error while running the Cairn app");
}
