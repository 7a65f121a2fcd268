//! The `briefing` command: parse, dispatch, map the outcome to an exit code.

use std::process::ExitCode;

use briefing::cli::DiagnosticFormat;
use clap::Parser;

fn main() -> ExitCode {
    let cli = briefing::cli::Cli::parse();
    let format = cli.diagnostic_format;
    match briefing::commands::run(cli.command, format) {
        Ok(()) => ExitCode::SUCCESS,
        Err(diags) => {
            match format {
                DiagnosticFormat::Human => eprint!("{}", diags.render()),
                DiagnosticFormat::Json => eprint!("{}", diags.render_json()),
            }
            ExitCode::FAILURE
        }
    }
}
