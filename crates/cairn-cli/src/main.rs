//! `cairn`: the wallet from a terminal. Parses arguments, calls the core, prints.
//! Every error becomes a message and an exit code in one place: [`exit`].

mod args;
mod commands;
mod exit;
mod output;
mod secrets;

use clap::Parser;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    // `cairn list | head` should end quietly when `head` has read enough, as Unix
    // tools do, not panic in `println!`. Rust ignores SIGPIPE by default; this puts the
    // default back (a write to a closed pipe ends the process; the database's
    // transactions make that as safe as any other kill).
    sigpipe::reset();
    cairn_core::panic_report::install("cairn");
    // Debug builds only: lets tests prove what a panic prints (tests/secrets.rs).
    #[cfg(debug_assertions)]
    if let Ok(message) = std::env::var("CAIRN_DEBUG_PANIC") {
        panic!("{message}");
    }
    let cli = args::Cli::parse();
    match commands::run(&cli) {
        Ok(code) => code.into(),
        Err(err) => exit::report(&err, cli.json),
    }
}
