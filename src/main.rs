//! The `briefing` command: parse, dispatch, map the outcome to an exit code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = briefing::cli::Cli::parse();
    match briefing::commands::run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(diags) => {
            eprint!("{}", diags.render());
            ExitCode::FAILURE
        }
    }
}
