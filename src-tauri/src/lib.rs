//! Cairn's desktop shell. Commands parse arguments, call `cairn-core`, and return
//! serializable results; no credential logic lives here.

mod commands;
mod error;

pub use commands::app::AppInfo;
pub use error::CommandError;

pub fn run() {
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![commands::app::app_info])
        .run(tauri::generate_context!())
        .expect("error while running the Cairn app");
}
