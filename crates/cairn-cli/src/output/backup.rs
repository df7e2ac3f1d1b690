//! What `backup` and `restore` print.

use cairn_core::store::{BackupInfo, RestoreCounts, Tally};
use cairn_core::wallet::WalletLocation;
use serde_json::json;

pub fn backed_up(as_json: bool, info: &BackupInfo) {
    if as_json {
        println!(
            "{}",
            json!({"file": info.file, "credentials": info.credentials, "bytes": info.bytes})
        );
        return;
    }
    println!(
        "Backed up {} credentials to {} ({} bytes, encrypted).",
        info.credentials,
        info.file.display(),
        info.bytes
    );
    println!(
        "It opens with this wallet's current passphrase or its recovery code: `cairn restore {}`.",
        info.file.display()
    );
}

pub fn restored(as_json: bool, location: &WalletLocation, installed: bool, counts: &RestoreCounts) {
    if as_json {
        let mut doc = serde_json::to_value(counts).unwrap_or_default();
        doc["restored"] = json!(if installed { "installed" } else { "merged" });
        doc["wallet"] = json!(location.dir());
        println!("{doc}");
        return;
    }
    let dir = location.dir().display();
    if installed {
        println!("Restored the backup as the wallet in {dir}.");
    } else {
        println!("Merged the backup into the wallet in {dir}.");
    }
    let line = |what: &str, t: &Tally| {
        if installed {
            println!("  {what}: {}", t.added);
        } else {
            println!("  {what}: {} added, {} already there", t.added, t.already);
        }
    };
    line("credentials", &counts.credentials);
    line("portfolios", &counts.portfolios);
    line("shares", &counts.shares);
    line("holder keys", &counts.holder_keys);
    line("settings", &counts.settings);
    line("cached documents", &counts.fetch_cache);
}
