//! What the commands print: diagnostics in the chosen format, status lines,
//! generated text; a closed pipe is never an error.

use std::io::Write;

use super::DiagnosticFormat;
use crate::diag::{Diagnostic, Diagnostics};

/// How a command ended.
pub type Outcome = Result<(), Diagnostics>;

/// Prints diagnostics on standard error in the chosen format.
pub fn print_diagnostics(diags: &Diagnostics, format: DiagnosticFormat) {
    let text = match format {
        DiagnosticFormat::Human => diags.render(),
        DiagnosticFormat::Json => diags.render_json(),
        DiagnosticFormat::Github => diags.render_github(),
    };
    // A closed standard error (`2>&1 | head`) is no reason to panic.
    let _ = std::io::stderr().write_all(text.as_bytes());
}

/// Prints warnings, if any, in the chosen format.
pub(super) fn eprint_warnings(diags: &Diagnostics, format: DiagnosticFormat) {
    if !diags.0.is_empty() {
        print_diagnostics(diags, format);
    }
}

/// Prints a status line while work goes on (progress, watch events): a
/// failure to print is no reason to stop the work; the command's closing
/// text, printed with [`print_text`], reports a full device.
pub(super) fn print_line(line: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

/// Writes a command's text to standard output, as [`print_bytes`] does.
pub(super) fn print_text(text: &str) -> Outcome {
    print_bytes(text.as_bytes())
}

/// Writes generated text to standard output: a closed pipe (`| head`) ends
/// the output quietly, any other failure (a full device) is an error.
pub(super) fn print_bytes(bytes: &[u8]) -> Outcome {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Diagnostic::error(format!("cannot write to standard output: {e}")).into())
        }
        _ => Ok(()),
    }
}
