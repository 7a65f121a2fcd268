//! Build progress: a bar on a terminal, one line per document in logs and CI,
//! nothing with `--quiet`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::report::print_line;
use crate::build::{DocumentOutcome, Observer};
use crate::plan::DocumentPlan;

/// How progress is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A progress bar on standard error, with a line per document above it.
    Bar,
    /// One line per document on standard output.
    Lines,
    /// Nothing but errors.
    Quiet,
}

impl Mode {
    /// `Quiet` with `--quiet`; `Lines` when standard error is not a terminal
    /// or the `CI` variable is set (to anything but `false` or `0`); else `Bar`.
    pub fn detect(quiet: bool) -> Mode {
        let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false" && v != "0");
        if quiet {
            Mode::Quiet
        } else if ci || !std::io::stderr().is_terminal() {
            Mode::Lines
        } else {
            Mode::Bar
        }
    }
}

/// Shows a build's progress in one of the [`Mode`]s.
pub struct Progress {
    mode: Mode,
    out: PathBuf,
    bar: Mutex<Option<indicatif::ProgressBar>>,
}

impl Progress {
    /// Progress of a build writing into `out`.
    pub fn new(mode: Mode, out: &Path) -> Self {
        Progress { mode, out: out.to_path_buf(), bar: Mutex::new(None) }
    }

    /// Removes the bar, if any, before the summary is printed.
    pub fn finish(&self) {
        if let Ok(mut bar) = self.bar.lock()
            && let Some(bar) = bar.take()
        {
            bar.finish_and_clear();
        }
    }

    /// The line printed for a written document:
    /// `wrote out/deck-air-en.pdf (14 pages) + 14 png + thumbnail`.
    fn line(&self, outcome: &DocumentOutcome) -> String {
        let entry = &outcome.entry;
        let name = entry.shown_name();
        let pages = crate::diag::counted(entry.pages, "page");
        let mut line = format!("wrote {} ({pages})", self.out.join(name).display());
        for ext in [".png", ".svg"] {
            let n = entry.images.iter().filter(|i| i.file.ends_with(ext)).count();
            if n > 0 {
                line.push_str(&format!(" + {n} {}", &ext[1..]));
            }
        }
        if entry.thumbnail.is_some() {
            line.push_str(" + thumbnail");
        }
        line
    }
}

impl Observer for Progress {
    fn planned(&self, plans: &[DocumentPlan]) {
        if self.mode != Mode::Bar || plans.is_empty() {
            return;
        }
        let bar = indicatif::ProgressBar::with_draw_target(
            Some(plans.len() as u64),
            indicatif::ProgressDrawTarget::stderr(),
        );
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{spinner} [{pos}/{len}] {wide_bar} {msg}")
        {
            bar.set_style(style);
        }
        bar.enable_steady_tick(std::time::Duration::from_millis(100));
        if let Ok(mut slot) = self.bar.lock() {
            *slot = Some(bar);
        }
    }

    fn finished(&self, plan: &DocumentPlan, outcome: Option<&DocumentOutcome>) {
        // A document left as it was is counted, not listed.
        let line = outcome.filter(|o| !o.up_to_date).map(|o| self.line(o));
        match self.mode {
            Mode::Quiet => {}
            Mode::Lines => {
                if let Some(line) = line {
                    print_line(&line);
                }
            }
            Mode::Bar => {
                if let Ok(bar) = self.bar.lock()
                    && let Some(bar) = bar.as_ref()
                {
                    if let Some(line) = line {
                        bar.suspend(|| print_line(&line));
                    }
                    bar.set_message(plan.file_name());
                    bar.inc(1);
                }
            }
        }
    }
}
