//! Tauri commands, one module per area of the app. Each parses its arguments, calls
//! the core (on a blocking thread when it can take time) and returns a view or a
//! `CommandError`.

pub mod credentials;
pub mod import;
pub mod portfolios;
pub mod settings;
pub mod share;
pub mod wallet;
