//! What Cairn's programs print when they hit a bug (a panic). A panic's message can
//! carry whatever the failing code held — a credential's text, a file's path, a secret
//! in a `Debug` dump — so it is never printed: only where in Cairn's own code it
//! happened, which is what a bug report needs, and that the wallet is safe.

use std::panic::PanicHookInfo;

/// Replaces the default panic output (message and backtrace) with [`report`].
pub fn install(program: &'static str) {
    std::panic::set_hook(Box::new(move |info| eprintln!("{}", report(program, info))));
}

/// The one line printed for a panic: the program, the source location, what to do.
pub fn report(program: &str, info: &PanicHookInfo<'_>) -> String {
    let place = info
        .location()
        .map(|l| format!(" ({}:{})", l.file(), l.line()))
        .unwrap_or_default();
    format!(
        "{program}: an internal error stopped this{place}. Your wallet is safe: what was \
         not finished was not saved. Please report it with this line; its details are left \
         out because they could hold your data."
    )
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    #[test]
    fn the_report_names_the_place_but_never_the_message() {
        let seen = Arc::new(Mutex::new(String::new()));
        let sink = seen.clone();
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            *sink.lock().unwrap() = super::report("cairn", info);
        }));
        let result = std::panic::catch_unwind(|| {
            panic!("credential text SECRET-GRADE-A and passphrase hunter2");
        });
        std::panic::set_hook(previous);
        assert!(result.is_err());
        let seen = seen.lock().unwrap();
        assert!(seen.starts_with("cairn: an internal error"), "{seen}");
        assert!(seen.contains("panic_report.rs:"), "{seen}");
        assert!(
            !seen.contains("SECRET-GRADE-A") && !seen.contains("hunter2"),
            "{seen}"
        );
    }
}
