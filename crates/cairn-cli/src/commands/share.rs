//! `cairn share`, `shares`, `unshare`, `open`: a portfolio out to a registrar, and
//! what the registrar sees when they open the link.

use std::path::Path;

use cairn_core::share::{self, OpenedShare};
use cairn_core::store::settings::RELAY_URL;
use serde_json::json;

use super::unlock;
use crate::args::Cli;
use crate::exit::{CliError, Exit};
use crate::output;

fn relay() -> Result<cairn_core::share::relay::HttpRelay, CliError> {
    Ok(cairn_core::share::relay::HttpRelay::new().map_err(share::ShareError::from)?)
}

pub fn share(
    cli: &Cli,
    portfolio: &str,
    relay_url: Option<&str>,
    expires: &str,
    qr: Option<&Path>,
) -> Result<Exit, CliError> {
    let expires_in = share::parse_expiry(expires)?;
    if let Some(path) = qr {
        qr_format(path)?;
    }
    let mut wallet = unlock(cli)?;
    let relay_url = match relay_url {
        Some(url) => url.to_owned(),
        None => wallet.setting(RELAY_URL)?.ok_or_else(|| {
            CliError::Usage(
                "no relay chosen yet: pass --relay URL (or set CAIRN_RELAY); it is remembered after the first share".into(),
            )
        })?,
    };
    let record = share::share_portfolio(
        &mut wallet,
        portfolio,
        &relay()?,
        &relay_url,
        expires_in,
        chrono::Utc::now(),
    )?;
    wallet.set_setting(RELAY_URL, &record.relay)?;
    if let Some(path) = qr {
        write_qr(path, &record.link)?;
    }
    if cli.json {
        println!(
            "{}",
            json!({"id": record.id, "link": record.link, "expires": record.expires_at})
        );
        return Ok(Exit::Success);
    }
    println!(
        "Shared \"{}\" until {} (the link's expiry, not the credentials')",
        record.title, record.expires_at
    );
    println!();
    println!("    {}", record.link);
    println!();
    if let Some(path) = qr {
        println!("QR code written to {}", path.display());
    }
    println!(
        "Anyone with this link can see these credentials until it expires. Withdraw it with `cairn unshare {}`.",
        record.id
    );
    Ok(Exit::Success)
}

/// `cairn share P --save FILE`: the signed presentation in a file instead of on a
/// relay. The learner asked for it in the clear; nothing is uploaded or recorded.
pub fn save(cli: &Cli, portfolio: &str, expires: &str, file: &Path) -> Result<Exit, CliError> {
    let expires_in = share::parse_expiry(expires)?;
    let wallet = unlock(cli)?;
    let signed = share::sign_portfolio(&wallet, portfolio, expires_in, chrono::Utc::now())?;
    let relay = wallet.setting(RELAY_URL)?;
    std::fs::write(file, signed.payload.as_slice()).map_err(|e| CliError::Unreadable {
        path: file.display().to_string(),
        reason: e.to_string(),
    })?;
    let expires = signed
        .expires
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    if cli.json {
        println!(
            "{}",
            json!({"file": file.display().to_string(), "expires": expires})
        );
        return Ok(Exit::Success);
    }
    println!(
        "Saved \"{}\", signed until {expires}, to {}",
        signed.title,
        file.display()
    );
    let page = relay.map_or_else(|| "RELAY/open".to_owned(), |r| format!("{r}/open"));
    println!(
        "The file is not encrypted: anyone who has it can read these credentials. A registrar checks it with \"Open a file\" on a Cairn viewer page ({page})."
    );
    Ok(Exit::Success)
}

enum QrFormat {
    Png,
    Svg,
}

fn qr_format(path: &Path) -> Result<QrFormat, CliError> {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("png") => Ok(QrFormat::Png),
        Some("svg") => Ok(QrFormat::Svg),
        _ => Err(CliError::Usage(format!(
            "{}: the QR code file must end in .png or .svg",
            path.display()
        ))),
    }
}

fn write_qr(path: &Path, link: &str) -> Result<(), CliError> {
    let bytes = match qr_format(path)? {
        QrFormat::Png => share::qr::png(link),
        QrFormat::Svg => share::qr::svg(link).map(String::into_bytes),
    }
    .map_err(|e| CliError::Usage(e.to_string()))?;
    std::fs::write(path, bytes).map_err(|e| CliError::Unreadable {
        path: path.display().to_string(),
        reason: e.to_string(),
    })
}

pub fn list(cli: &Cli) -> Result<Exit, CliError> {
    let wallet = unlock(cli)?;
    let shares = wallet.shares()?;
    let relay = if cli.offline { None } else { Some(relay()?) };
    let now = chrono::Utc::now();
    let mut entries = Vec::new();
    for record in &shares {
        let state = record.state(now).as_str();
        // Views are the relay's to count; ask only about shares still live.
        let views = match (&relay, state) {
            (Some(relay), "active") => share::stats(&wallet, record, relay).ok().map(|s| s.views),
            _ => None,
        };
        entries.push((record, state, views));
    }
    if cli.json {
        let items: Vec<_> = entries
            .iter()
            .map(|(r, state, views)| {
                json!({"id": r.id, "title": r.title, "link": r.link, "created": r.created_at,
                       "expires": r.expires_at, "state": state, "views": views})
            })
            .collect();
        println!("{}", json!({ "shares": items }));
        return Ok(Exit::Success);
    }
    if entries.is_empty() {
        println!("You have not shared anything yet (see `cairn share`).");
    }
    for (r, state, views) in entries {
        let views = views.map_or_else(|| "views unknown".to_owned(), |v| format!("{v} views"));
        println!(
            "{}  \"{}\"  {state}, until {}, {views}",
            r.id, r.title, r.expires_at
        );
    }
    Ok(Exit::Success)
}

pub fn unshare(cli: &Cli, id: &str) -> Result<Exit, CliError> {
    let mut wallet = unlock(cli)?;
    let record = share::unshare(&mut wallet, id, &relay()?, chrono::Utc::now())?;
    output::done(
        cli.json,
        &format!(
            "withdrew share {} (\"{}\"): its link no longer works",
            record.id, record.title
        ),
    );
    Ok(Exit::Success)
}

pub fn open(cli: &Cli, link: &str) -> Result<Exit, CliError> {
    // What a registrar sees: each credential verified online (unless --offline),
    // remembering only for this run.
    let verifier = super::online::verifier(
        cli,
        std::sync::Arc::new(cairn_core::net::MemoryCache::new()),
    );
    let opened = share::open_link(link, &relay()?, &verifier)?;
    if cli.json {
        println!(
            "{}",
            json!({"holder": opened.holder, "title": opened.title, "note": opened.note,
                   "presentation": opened.presentation, "credentials": opened.credentials})
        );
    } else {
        print_opened(&opened);
    }
    Ok(if opened.verified() {
        Exit::Success
    } else {
        Exit::VerificationFailed
    })
}

fn print_opened(opened: &OpenedShare) {
    let holder = opened.holder.as_deref().unwrap_or("(no holder named)");
    println!("\"{}\", shared by {holder}", opened.title);
    if let Some(note) = &opened.note {
        println!("The learner's note (their own words, not verified): {note}");
    }
    let verdict = if opened.presentation.verified {
        "VERIFIED"
    } else {
        "NOT VERIFIED"
    };
    println!("The learner's signature: {verdict}");
    for check in &opened.presentation.checks {
        println!(
            "  {} {:<9} {}",
            output::mark(check.status),
            check.id,
            check.message
        );
    }
    for (i, report) in opened.credentials.iter().enumerate() {
        println!();
        output::print_report(&format!("Credential {}", i + 1), report);
    }
    println!();
    let overall = if opened.verified() {
        "Everything in this share verified."
    } else {
        "Something in this share did NOT verify: read the lines marked FAIL."
    };
    println!("{overall}");
}
