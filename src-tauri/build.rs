fn main() {
    // Declaring the app's commands makes each one need an explicit permission in
    // capabilities/, so the webview can call exactly what is listed there.
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(&["app_info"])),
    )
    .expect("tauri build script failed");
}
