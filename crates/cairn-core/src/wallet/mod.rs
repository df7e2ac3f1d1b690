//! The learner's wallet: where it lives on disk and, later, the encrypted store in it.

mod location;

pub use location::{LocationError, WALLET_DB_FILE, WALLET_ENV, WalletLocation};
