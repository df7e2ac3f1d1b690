//! The one place where core errors become what the UI sees: a stable `{kind, message}`.
//! Messages say what happened and what to do next, in words a learner understands.

use cairn_core::share::{RelayError, ShareError};
use cairn_core::store::StoreError;
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Serialize, TS)]
#[ts(export, export_to = "../../ui/src/lib/bindings/")]
pub struct CommandError {
    /// A stable identifier the UI can branch on (e.g. `wrong_passphrase`, `locked`).
    pub kind: String,
    /// A sentence for the learner: what went wrong and what to do next.
    pub message: String,
}

impl CommandError {
    pub fn new(kind: &str, message: impl Into<String>) -> Self {
        CommandError {
            kind: kind.into(),
            message: message.into(),
        }
    }

    pub fn locked() -> Self {
        Self::new(
            "locked",
            "Your wallet is locked. Unlock it with your passphrase to continue.",
        )
    }

    pub fn not_found(id: &str) -> Self {
        Self::new(
            "not_found",
            format!("There is no credential {id} in your wallet; it may have been deleted."),
        )
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new("internal", message)
    }
}

impl From<cairn_core::wallet::LocationError> for CommandError {
    fn from(err: cairn_core::wallet::LocationError) -> Self {
        Self::new("wallet_location", err.to_string())
    }
}

impl From<StoreError> for CommandError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::WrongPassphrase => Self::new(
                "wrong_passphrase",
                "That passphrase does not unlock this wallet. Check Caps Lock and try again, \
                 or use your recovery code if you have forgotten it.",
            ),
            StoreError::WrongRecoveryCode => Self::new(
                "wrong_recovery_code",
                "That recovery code does not unlock this wallet. Check each group of four \
                 characters against the code you saved.",
            ),
            StoreError::EmptyPassphrase => Self::new(
                "empty_passphrase",
                "The passphrase is empty. Choose one you will remember.",
            ),
            StoreError::NoWallet(dir) => Self::new(
                "no_wallet",
                format!(
                    "There is no wallet in {} yet. Create one first.",
                    dir.display()
                ),
            ),
            StoreError::AlreadyExists(dir) => Self::new(
                "already_exists",
                format!(
                    "A wallet already exists in {}. Unlock it instead.",
                    dir.display()
                ),
            ),
            StoreError::Io { path, source } => Self::new(
                "io",
                format!(
                    "Cairn could not use {}: {source}. Check that the disk is not full and \
                     the folder is writable.",
                    path.display()
                ),
            ),
            other @ (StoreError::Corrupt(_)
            | StoreError::Database(_)
            | StoreError::Migration(_)) => Self::new(
                "wallet_damaged",
                format!(
                    "Your wallet could not be read ({other}). Nothing was changed; restore \
                     a backup if this keeps happening."
                ),
            ),
            StoreError::UnknownPortfolio(_) => Self::new(
                "not_found",
                "That portfolio is no longer in your wallet; it may have been deleted.",
            ),
            StoreError::UnknownCredential(id) | StoreError::NoSuchCredential(id) => {
                Self::not_found(&id)
            }
            // The core's own sentence says what was wrong (a title too long, …).
            StoreError::Invalid(message) => Self::new("invalid_input", capitalized(&message)),
            err @ (StoreError::NotABackup(_)
            | StoreError::DamagedBackup { .. }
            | StoreError::BackupTooNew { .. }) => Self::new(
                "bad_backup",
                format!(
                    "{}. Your wallet was not changed.",
                    capitalized(&err.to_string())
                ),
            ),
            StoreError::BackupLocked { secret, .. } => Self::new(
                "wrong_passphrase",
                format!(
                    "That {secret} does not open this backup. Use the passphrase your wallet \
                     had when the backup was made. Your wallet was not changed."
                ),
            ),
            StoreError::InvalidEmail(address) => Self::new(
                "invalid_setting",
                format!("“{address}” is not an email address. It looks like name@example.org."),
            ),
            StoreError::InvalidRegistry(why) => Self::new(
                "invalid_setting",
                format!(
                    "That is not a registry address Cairn can fetch: {why}. It looks like \
                     https://registry.example.org/registry.json."
                ),
            ),
            StoreError::NotRemembered => Self::new(
                "not_remembered",
                "This device no longer remembers your wallet. Unlock it with your passphrase; \
                 you can turn \"Remember on this device\" on again in Settings.",
            ),
            StoreError::Keychain(err) => Self::new(
                "keychain",
                format!(
                    "{}. Your passphrase still unlocks the wallet.",
                    capitalized(&err.to_string())
                ),
            ),
            other => Self::new("internal", other.to_string()),
        }
    }
}

impl From<ShareError> for CommandError {
    fn from(err: ShareError) -> Self {
        match err {
            ShareError::Store(err) => err.into(),
            ShareError::Relay(RelayError::Unreachable { url, .. }) => Self::new(
                "relay_unreachable",
                format!(
                    "Cairn could not reach the relay at {url}. Check your connection, or the \
                     relay address in Settings, and try again."
                ),
            ),
            ShareError::Relay(err) => Self::new(
                "relay",
                format!("The relay did not accept this: {err}. Try again in a moment."),
            ),
            ShareError::Link(err) => Self::new(
                "invalid_relay",
                format!(
                    "{}. Check the relay address in Settings.",
                    capitalized(&err.to_string())
                ),
            ),
            ShareError::BadExpiry => Self::new(
                "invalid_input",
                "Choose how long the link lasts: between 1 minute and 90 days.",
            ),
            ShareError::EmptyPortfolio(title) => Self::new(
                "empty_portfolio",
                format!("“{title}” has no credentials yet. Pick at least one to share."),
            ),
            other => Self::new(
                "share_failed",
                format!("The portfolio could not be shared: {other}."),
            ),
        }
    }
}

/// Core messages are clauses ("a portfolio needs a title"); the UI shows sentences.
fn capitalized(message: &str) -> String {
    let mut chars = message.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrong_passphrase_has_a_stable_kind_and_says_what_to_do() {
        let err = CommandError::from(StoreError::WrongPassphrase);
        assert_eq!(err.kind, "wrong_passphrase");
        assert!(err.message.contains("recovery code"), "{}", err.message);
    }

    #[test]
    fn core_clauses_become_sentences_and_relay_trouble_names_the_relay() {
        let err = CommandError::from(StoreError::Invalid("a portfolio needs a title".into()));
        assert_eq!(err.kind, "invalid_input");
        assert_eq!(err.message, "A portfolio needs a title");
        let err = CommandError::from(ShareError::Relay(RelayError::Unreachable {
            url: "https://relay.example".into(),
            reason: "refused".into(),
        }));
        assert_eq!(err.kind, "relay_unreachable");
        assert!(
            err.message.contains("https://relay.example"),
            "{}",
            err.message
        );
    }

    #[test]
    fn settings_and_keychain_trouble_have_their_own_kinds() {
        let err = CommandError::from(StoreError::InvalidEmail("ada at home".into()));
        assert_eq!(err.kind, "invalid_setting");
        assert!(err.message.contains("“ada at home”"), "{}", err.message);
        let err = CommandError::from(StoreError::InvalidRegistry("not https".into()));
        assert_eq!(err.kind, "invalid_setting");
        assert!(err.message.contains("not https"), "{}", err.message);
        let err = CommandError::from(StoreError::NotRemembered);
        assert_eq!(err.kind, "not_remembered");
        assert!(err.message.contains("passphrase"), "{}", err.message);
    }

    #[test]
    fn serializes_as_kind_and_message() {
        let json = serde_json::to_value(CommandError::locked()).unwrap();
        assert_eq!(json["kind"], "locked");
        assert!(json["message"].as_str().unwrap().contains("Unlock"));
    }
}
