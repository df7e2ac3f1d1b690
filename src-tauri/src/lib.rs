//! Cairn's desktop shell. Commands parse arguments, call `cairn-core`, and return
//! serializable results; no credential logic lives here.

mod commands;
mod dialogs;
mod error;
mod state;
mod views;

pub use error::CommandError;

pub fn run() {
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(state::AppState::new())
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
        ])
        .run(tauri::generate_context!())
        .expect("error while running the Cairn app");
}
