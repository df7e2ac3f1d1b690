//! What the CLI prints: short human lines, or one JSON document with `--json`.

use cairn_core::import::{ImportItem, Outcome};
use cairn_core::store::{CredentialRow, RecoveryCode, Wallet};
use cairn_core::verify::{CheckStatus, Report};
use cairn_core::wallet::WalletLocation;
use serde_json::json;

use crate::exit::CliError;

mod backup;
pub use backup::{backed_up, restored};

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

/// `verify`: with `--json`, one report (one file) or an array of reports; an
/// unreadable file appears as `{"source": …, "error": …}`. Otherwise one short
/// block per file, one line per check.
pub fn reports(as_json: bool, results: &[(String, Result<Report, CliError>)]) {
    if as_json {
        let docs: Vec<serde_json::Value> = results
            .iter()
            .map(|(source, result)| match result {
                Ok(report) => serde_json::to_value(report).unwrap_or_default(),
                Err(err) => {
                    // Scripts read stdout; a person watching still needs to know why.
                    eprintln!("{source}: could not be read: {}", reason_of(err));
                    json!({"source": source, "error": err.to_string()})
                }
            })
            .collect();
        let doc = match docs.as_slice() {
            [single] => single.clone(),
            _ => serde_json::Value::Array(docs),
        };
        println!("{doc}");
        return;
    }
    for (i, (source, result)) in results.iter().enumerate() {
        if i > 0 {
            println!();
        }
        match result {
            Err(err) => eprintln!("{source}: could not be read: {}", reason_of(err)),
            Ok(report) => print_report(source, report),
        }
    }
}

fn reason_of(err: &CliError) -> String {
    match err {
        CliError::Unreadable { reason, .. } => reason.clone(),
        other => other.to_string(),
    }
}

pub fn print_report(source: &str, report: &Report) {
    let verdict = if report.verified {
        "VERIFIED"
    } else {
        "NOT VERIFIED"
    };
    let name = report
        .credential
        .name
        .as_deref()
        .unwrap_or("(unnamed credential)");
    let issuer = report
        .credential
        .issuer
        .name
        .as_deref()
        .or(report.credential.issuer.id.as_deref())
        .unwrap_or("an unnamed issuer");
    println!("{source}: {verdict}");
    println!("  {name}, from {issuer} ({})", report.format);
    for check in &report.checks {
        let mark = mark(check.status);
        let id = serde_json::to_value(check.id)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        println!("  {mark} {id:<9} {}", check.message);
    }
}

/// The mark before a check's line.
pub fn mark(status: CheckStatus) -> &'static str {
    match status {
        CheckStatus::Pass => "ok  ",
        CheckStatus::Fail => "FAIL",
        CheckStatus::Warn => "warn",
        CheckStatus::Unknown => "??  ",
        CheckStatus::Skip => "-   ",
    }
}

/// `init`: the recovery code is shown here and never again.
pub fn created(as_json: bool, wallet: &Wallet, recovery: &RecoveryCode) -> Result<(), CliError> {
    let holder = wallet.holder_did()?;
    let dir = wallet.location().dir().display().to_string();
    if as_json {
        println!(
            "{}",
            json!({"wallet": dir, "holder": holder, "recovery_code": recovery.reveal()})
        );
        return Ok(());
    }
    println!("Created your wallet in {dir}");
    println!("Your holder identity: {holder}");
    println!();
    println!("Recovery code (shown only now; write it down and keep it somewhere safe):");
    println!();
    println!("    {}", recovery.reveal());
    println!();
    println!("If you forget your passphrase, `cairn recover` with this code unlocks the wallet.");
    Ok(())
}

pub fn credentials(as_json: bool, rows: &[CredentialRow]) {
    if as_json {
        let items: Vec<_> = rows
            .iter()
            .map(|r| {
                json!({"id": r.id, "name": r.name, "issuer": r.issuer, "verified": r.verified,
                       "issued_to_you": r.issued_to_you})
            })
            .collect();
        println!("{}", json!({"credentials": items}));
        return;
    }
    if rows.is_empty() {
        println!("Your wallet holds no credentials yet.");
    }
    for r in rows {
        let mark = match r.verified {
            Some(true) => "verified",
            Some(false) => "NOT verified",
            None => "not checked",
        };
        let yours = if r.issued_to_you {
            ", issued to you"
        } else {
            ""
        };
        println!(
            "{}  {}  ({}, {mark}{yours})",
            r.id,
            r.name.as_deref().unwrap_or("(unnamed)"),
            r.issuer.as_deref().unwrap_or("unknown issuer")
        );
    }
}

/// `show`: the credential's report (DESIGN §3), and whether it was issued to the learner.
pub fn shown(as_json: bool, id: &str, report: &Report, issued_to_you: bool) {
    if as_json {
        let mut doc = serde_json::to_value(report).unwrap_or_default();
        doc["issued_to_you"] = json!(issued_to_you);
        println!("{doc}");
        return;
    }
    print_report(id, report);
    if issued_to_you {
        println!("  issued to you");
    }
}

/// `settings email list`.
pub fn emails(as_json: bool, emails: &[String]) {
    if as_json {
        println!("{}", json!({ "emails": emails }));
    } else if emails.is_empty() {
        println!("No email addresses yet: `cairn settings email add ADDRESS`.");
    } else {
        for email in emails {
            println!("{email}");
        }
    }
}

pub fn refreshed(as_json: bool, refreshed: &cairn_core::refresh::Refreshed) {
    if as_json {
        println!(
            "{}",
            json!({"id": refreshed.id, "previous": refreshed.previous, "url": refreshed.url,
                   "verified": refreshed.report.verified, "report": refreshed.report})
        );
    } else {
        let state = if refreshed.report.verified {
            "verified"
        } else {
            "NOT verified"
        };
        println!(
            "{}: the newer version of {} ({state}); the old version is kept",
            refreshed.id, refreshed.previous
        );
    }
}

pub fn registries(as_json: bool, registries: &[String]) {
    if as_json {
        println!("{}", json!({ "registries": registries }));
    } else if registries.is_empty() {
        println!("No registries: `cairn settings registry add URL`.");
    } else {
        for url in registries {
            println!("{url}");
        }
    }
}

pub fn remember_status(as_json: bool, remembered: bool, keychain_available: bool) {
    if as_json {
        println!(
            "{}",
            json!({ "remembered": remembered, "keychain_available": keychain_available })
        );
    } else if remembered {
        println!("Remembered on this device: the wallet opens without the passphrase here.");
    } else if keychain_available {
        println!("Not remembered on this device (`cairn settings remember on` to change that).");
    } else {
        println!("Not remembered; this device has no keychain Cairn can use.");
    }
}

pub fn done(as_json: bool, message: &str) {
    if as_json {
        println!("{}", json!({"ok": true, "message": message}));
    } else {
        println!("{message}");
    }
}

/// A progress bar on stderr for long imports, only for a person at a terminal.
pub fn progress(as_json: bool, total: usize) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if as_json || total < 2 || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(total as u64);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("Importing {bar:40} {pos}/{len} ({eta} left)")
    {
        bar.set_style(style);
    }
    Some(bar)
}

/// `import`: one entry per source; then a one-line summary.
pub fn imported(as_json: bool, items: &[ImportItem]) {
    if as_json {
        let entries: Vec<_> = items
            .iter()
            .map(|item| match &item.outcome {
                Outcome::Imported { id } => {
                    json!({"source": item.source, "id": id, "status": "imported"})
                }
                Outcome::Duplicate { id } => {
                    json!({"source": item.source, "id": id, "status": "duplicate"})
                }
                Outcome::Error { reason } => {
                    json!({"source": item.source, "status": "error", "error": reason})
                }
            })
            .collect();
        println!("{}", json!({"items": entries}));
        return;
    }
    let (mut new, mut dup, mut bad) = (0, 0, 0);
    for item in items {
        match &item.outcome {
            Outcome::Imported { id } => {
                new += 1;
                println!("imported   {id}  {}", item.source);
            }
            Outcome::Duplicate { id } => {
                dup += 1;
                println!("already in your wallet  {id}  {}", item.source);
            }
            Outcome::Error { reason } => {
                bad += 1;
                eprintln!("not imported  {}: {reason}", item.source);
            }
        }
    }
    println!("{new} imported, {dup} already in your wallet, {bad} could not be imported");
}
