//! `briefing watch`: build, then rebuild whenever the data or the templates
//! change, until interrupted; a failed rebuild writes nothing over the last
//! good documents.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use notify::{EventKind, RecursiveMode, Watcher};

use super::progress::{Mode, Progress};
use super::report::{Outcome, eprint_warnings, print_line};
use super::{DiagnosticFormat, WatchArgs};
use crate::build::BuildConfig;
use crate::build::session::{Rebuild, Session};
use crate::diag::Diagnostic;
use crate::output;
use crate::project::DataSource;
use crate::typeset::world::TemplateSource;

/// The folders to watch: the data and templates folders in use. Fonts are
/// built in and never change.
fn watched_folders(config: &BuildConfig) -> Result<Vec<PathBuf>, Diagnostic> {
    let mut roots = Vec::new();
    if let DataSource::Dir(dir) = &config.inputs.data {
        roots.push(dir.clone());
    }
    if let TemplateSource::Dir(dir) = &config.inputs.templates {
        roots.push(dir.clone());
    }
    if roots.is_empty() {
        return Err(Diagnostic::error(
            "nothing to watch: the built-in dataset and templates are in use",
        )
        .hint("pass --data DIR and/or --templates DIR, or run it in a folder with data/ or templates/")
        .hint("`briefing init DIR` writes editable copies of the built-in ones"));
    }
    Ok(roots)
}

/// The data and templates folders of a build, watched for changes (what
/// `watch` and `serve` rebuild on).
pub(super) struct Changes {
    /// Kept alive while changes are wanted: dropping it ends the events.
    _watcher: notify::RecommendedWatcher,
    events: mpsc::Receiver<notify::Result<notify::Event>>,
    /// What briefing writes itself (the output folders), canonical.
    own: Vec<PathBuf>,
    /// The data folder, canonical, when the data comes from a folder.
    data: Option<PathBuf>,
    /// Each watched folder, canonical and as the user named it.
    roots: Vec<(PathBuf, PathBuf)>,
    /// Quiet time after a change before it is reported.
    debounce: Duration,
}

impl Changes {
    /// Starts watching the folders `config` builds from; creates the output
    /// folder first, so that changes in it can be told apart.
    pub(super) fn watch(config: &BuildConfig, debounce: Duration) -> Result<Self, Diagnostic> {
        let roots = watched_folders(config)?;
        output::ensure_dir(&config.out)?;
        // Changes in what briefing writes itself never trigger a rebuild.
        let own: Vec<PathBuf> =
            [Some(&config.out), config.emit_typst.as_ref(), config.emit_data.as_ref()]
                .into_iter()
                .flatten()
                .map(|p| p.canonicalize().unwrap_or_else(|_| p.clone()))
                .collect();

        let (tx, events) = mpsc::channel();
        let mut watcher = notify::recommended_watcher(move |event| {
            let _ = tx.send(event);
        })
        .map_err(|e| Diagnostic::error(format!("cannot watch for changes: {e}")))?;
        let data = match &config.inputs.data {
            DataSource::Dir(dir) => dir.canonicalize().ok(),
            DataSource::Embedded => None,
        };
        let mut canonical_roots = Vec::new();
        for root in &roots {
            let real = root.canonicalize().unwrap_or_else(|_| root.clone());
            watcher
                .watch(&real, RecursiveMode::Recursive)
                .map_err(|e| Diagnostic::error(format!("cannot watch {}: {e}", root.display())))?;
            canonical_roots.push((real, root.clone()));
        }
        Ok(Changes { _watcher: watcher, events, own, data, roots: canonical_roots, debounce })
    }

    /// The watched folders as the user named them.
    pub(super) fn folders(&self) -> Vec<String> {
        self.roots.iter().map(|(_, given)| given.display().to_string()).collect()
    }

    /// Waits for files to change and then for the folders to be quiet, and
    /// returns the changed files as the user named them (`data/figures.toml`);
    /// `None` when no more changes can come.
    pub(super) fn next(&self, format: DiagnosticFormat) -> Option<Vec<String>> {
        loop {
            let first = self.events.recv().ok()?;
            let mut changed = BTreeSet::new();
            let mut note = |event: notify::Result<notify::Event>| match event {
                Ok(event) => {
                    if matches!(event.kind, EventKind::Access(_)) {
                        return;
                    }
                    for path in event.paths {
                        if relevant(&path, &self.own, self.data.as_deref()) {
                            changed.insert(shown(&path, &self.roots));
                        }
                    }
                }
                Err(e) => eprint_warnings(
                    &Diagnostic::warning(format!("watching for changes: {e}")).into(),
                    format,
                ),
            };
            note(first);
            // Editors save in several steps: wait until the folder is quiet.
            loop {
                match self.events.recv_timeout(self.debounce) {
                    Ok(event) => note(event),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return None,
                }
            }
            if !changed.is_empty() {
                return Some(changed.into_iter().collect());
            }
        }
    }
}

/// How rebuilds report progress: lines, or nothing for `--quiet` and JSON.
pub(super) fn progress_mode(config: &BuildConfig, format: DiagnosticFormat) -> Mode {
    match format {
        DiagnosticFormat::Json => Mode::Quiet,
        _ if config.quiet => Mode::Quiet,
        DiagnosticFormat::Human | DiagnosticFormat::Github => Mode::Lines,
    }
}

/// Runs `briefing watch`.
pub fn run(args: &WatchArgs, format: DiagnosticFormat) -> Outcome {
    let config = super::resolve::build_config(&args.build, &super::resolve::Context::find()?)?;
    let changes = Changes::watch(&config, Duration::from_millis(args.debounce))?;
    let mode = progress_mode(&config, format);
    let session = Session::new(config);
    let rebuild = |event: &str| {
        let progress = Progress::new(mode, &session.config().out);
        let r = session.rebuild(&progress);
        report(&r, event, format, session.config().quiet);
        session.trim_cache();
    };
    follow(&changes, format, session.config().quiet, |event, _| rebuild(event));
    Ok(())
}

/// Builds once, says what is watched, then rebuilds on every change until
/// interrupted: `rebuild` takes the event (`build`, `rebuild`) and the files
/// that changed. The loop `watch` and `serve` share.
pub(super) fn follow(
    changes: &Changes,
    format: DiagnosticFormat,
    quiet: bool,
    mut rebuild: impl FnMut(&str, &[String]),
) {
    rebuild("build", &[]);
    let names = changes.folders();
    say(
        format,
        &format!("watching {} for changes (Ctrl-C to stop)", names.join(" and ")),
        || serde_json::json!({ "event": "watching", "folders": names }),
    );
    while let Some(files) = changes.next(format) {
        announce_changes(&files, format, quiet);
        rebuild("rebuild", &files);
    }
}

/// Prints which files changed (`changed: data/figures.toml`), for people.
fn announce_changes(files: &[String], format: DiagnosticFormat, quiet: bool) {
    if format != DiagnosticFormat::Json && !quiet {
        say(format, &format!("changed: {}", files.join(", ")), || serde_json::Value::Null);
    }
}

/// Whether a change at `path` can affect the documents: not briefing's own
/// output, temporary files or editor back-ups, and in the data folder only
/// the TOML and JSON files the dataset is read from.
fn relevant(path: &Path, own: &[PathBuf], data: Option<&Path>) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    let scratch = name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913";
    let real = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let in_data = data.is_some_and(|d| path.starts_with(d) || real.starts_with(d));
    let dataset_file = path.extension().is_some_and(|e| e == "toml" || e == "json");
    !scratch
        && (!in_data || dataset_file || path.is_dir())
        && !own.iter().any(|o| real.starts_with(o) || path.starts_with(o))
}

/// A changed path as the user named its folder (`data/figures.toml`).
fn shown(path: &Path, roots: &[(PathBuf, PathBuf)]) -> String {
    for (real, given) in roots {
        if let Ok(rel) = path.strip_prefix(real) {
            return given.join(rel).display().to_string();
        }
    }
    path.display().to_string()
}

/// Prints a status line: text for people, or a JSON object for tools.
pub(super) fn say(format: DiagnosticFormat, text: &str, json: impl FnOnce() -> serde_json::Value) {
    let line = match format {
        DiagnosticFormat::Human | DiagnosticFormat::Github => text.to_owned(),
        DiagnosticFormat::Json => match json() {
            serde_json::Value::Null => return,
            v => v.to_string(),
        },
    };
    print_line(&line);
}

/// Prints how a rebuild went: diagnostics on standard error, then one line
/// with the time taken (`rebuilt 1 document (2 pages) in 38 ms, 11 unchanged`).
pub(super) fn report(r: &Rebuild, event: &str, format: DiagnosticFormat, quiet: bool) {
    let ms = r.elapsed.as_secs_f64() * 1000.0;
    match &r.result {
        Ok(report) => {
            eprint_warnings(&report.warnings, format);
            if quiet && format != DiagnosticFormat::Json {
                return;
            }
            let verb = if event == "build" { "built" } else { "rebuilt" };
            let (documents, pages) = report.totals();
            let text = format!(
                "{verb} {} ({}) in {ms:.0} ms, {} unchanged",
                crate::diag::counted(documents, "document"),
                crate::diag::counted(pages, "page"),
                r.unchanged
            );
            say(format, &text, || {
                serde_json::json!({ "event": event, "ok": true, "documents": documents, "pages": pages,
                    "unchanged": r.unchanged, "ms": (ms * 10.0).round() / 10.0 })
            });
        }
        Err(diags) => {
            eprint_warnings(diags, format);
            let text = format!(
                "{event} failed after {ms:.0} ms; the last good documents are kept, waiting for changes"
            );
            say(format, &text, || {
                serde_json::json!({ "event": event, "ok": false, "errors": diags.error_count(),
                    "ms": (ms * 10.0).round() / 10.0 })
            });
        }
    }
}
