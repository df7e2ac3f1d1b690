//! The one place where core errors become what the UI sees: a stable `{kind, message}`.

use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Serialize, TS)]
#[ts(export, export_to = "../../ui/src/lib/bindings/")]
pub struct CommandError {
    /// A stable identifier the UI can branch on (e.g. `wallet_location`).
    pub kind: String,
    /// A sentence for the learner: what went wrong and what to do next.
    pub message: String,
}

impl From<cairn_core::wallet::LocationError> for CommandError {
    fn from(err: cairn_core::wallet::LocationError) -> Self {
        CommandError {
            kind: "wallet_location".into(),
            message: err.to_string(),
        }
    }
}
