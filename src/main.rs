//! The `briefing` command: parse, dispatch, map the outcome to an exit code.

use std::process::ExitCode;

use clap::Parser;

// jemalloc rather than the system allocator: glibc's keeps freed pages of
// every worker thread's arena, so a full build held about 60 % more memory
// than it used. `.cargo/config.toml` sets how soon jemalloc gives pages back.
#[cfg(unix)]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    // Ctrl-C and SIGTERM remove temporary output files before exiting (130 / 143).
    briefing::interrupt::install();
    // A template past the memory budget stops the run cleanly, not by an abort.
    briefing::typeset::budget::watch_memory();
    let cli = briefing::cli::Cli::parse();
    let format = cli.diagnostic_format;
    match briefing::cli::run(cli.command, format) {
        Ok(()) => ExitCode::SUCCESS,
        Err(diags) => {
            briefing::cli::print_diagnostics(&diags, format);
            // As clap's own: a command line the dataset cannot satisfy is a usage error.
            if diags.are_usage_errors() { ExitCode::from(2) } else { ExitCode::FAILURE }
        }
    }
}
