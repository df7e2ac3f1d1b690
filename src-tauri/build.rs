fn main() {
    // Declaring the app's commands makes each one need an explicit permission in
    // capabilities/, so the webview can call exactly what is listed there.
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(
        tauri_build::AppManifest::new().commands(&[
            "wallet_status",
            "create_wallet",
            "unlock",
            "unlock_remembered",
            "set_remembered",
            "lock",
            "recover",
            "change_passphrase",
            "save_recovery_code",
            "list_credentials",
            "search_credentials",
            "credential_image",
            "credential_detail",
            "reverify_credential",
            "delete_credential",
            "export_original",
            "import_paths",
            "import_pick",
            "import_text",
            "get_settings",
            "set_lock_minutes",
        ]),
    ))
    .expect("tauri build script failed");
}
