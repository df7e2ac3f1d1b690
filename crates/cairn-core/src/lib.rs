//! Cairn's core library: everything the wallet knows about credentials.
//!
//! The CLI (`cairn-cli`), the desktop shell (`src-tauri`), the relay and the WASM
//! verifier are thin translators over this crate. It never depends on a GUI toolkit
//! or an HTTP server, and reaches the network only through traits its callers supply.

pub mod canon;
pub mod contexts;
pub mod credential;
#[cfg(feature = "store")]
pub mod import;
pub mod net;
pub mod panic_report;
mod quote;
#[cfg(feature = "store")]
pub mod refresh;
pub mod share;
#[cfg(feature = "store")]
pub mod store;
#[cfg(test)]
mod test_support;
pub mod verify;
#[cfg(feature = "store")]
pub mod wallet;

/// The version of the core, shown by the CLI and on the app's start screen.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
