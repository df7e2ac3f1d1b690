//! What the CLI prints: short human lines, or one JSON document with `--json`.

use cairn_core::wallet::WalletLocation;
use serde_json::json;

pub fn status(as_json: bool, location: &WalletLocation) {
    if as_json {
        let doc = json!({
            "version": cairn_core::VERSION,
            "wallet": location.dir(),
            "wallet_exists": location.exists(),
        });
        println!("{doc}");
    } else {
        println!("Cairn {}", cairn_core::VERSION);
        let state = if location.exists() {
            "wallet found"
        } else {
            "no wallet yet (create one with `cairn init`)"
        };
        println!("Wallet: {} ({state})", location.dir().display());
    }
}
