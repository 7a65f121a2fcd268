//! `briefing watch`: build, then rebuild whenever the data or the templates
//! change, until interrupted.
//!
//! One process keeps the parsed fonts, the standard library and Typst's
//! memoization cache, so a rebuild only redoes what changed. Each rebuild
//! plans every selected document and typesets only those whose inputs (template
//! data, charts, templates, options) differ from what it last wrote; a failed
//! rebuild writes nothing over the last good documents.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};
use sha2::Digest;

use crate::cli::{DiagnosticFormat, WatchArgs};
use crate::commands::{Outcome, eprint_warnings};
use crate::config::{BuildConfig, DataSource};
use crate::diag::{Diagnostic, Diagnostics};
use crate::output;
use crate::pipeline::{self, BuildReport, DocumentOutcome};
use crate::plan::DocumentPlan;
use crate::progress::{Mode, Observer, Progress};
use crate::typeset::world::{SourceCache, TemplateSource};

/// Generations an unused entry stays in Typst's memoization cache.
const CACHE_GENERATIONS: usize = 10;

/// A watch session: the build to repeat and what it last wrote.
pub struct Session {
    config: BuildConfig,
    /// Per document file name: the fingerprint of its inputs and the files written from them.
    written: Mutex<HashMap<String, (String, Vec<String>)>>,
    /// The templates as last parsed, reparsed incrementally when edited.
    sources: Arc<SourceCache>,
}

/// What one rebuild did.
pub struct Rebuild {
    /// The documents written, or why the rebuild failed.
    pub result: Result<BuildReport, Diagnostics>,
    /// Documents left as they were because nothing they depend on changed.
    pub unchanged: usize,
    /// Time taken.
    pub elapsed: Duration,
}

impl Session {
    /// A session repeating the build `config`; nothing is built yet.
    pub fn new(config: BuildConfig) -> Self {
        Session { config, written: Mutex::new(HashMap::new()), sources: Arc::default() }
    }

    /// The build being repeated.
    pub fn config(&self) -> &BuildConfig {
        &self.config
    }

    /// Builds every selected document whose inputs changed since this session
    /// last wrote it (all of them the first time), telling `observer` about each.
    pub fn rebuild(&self, observer: &dyn Observer) -> Rebuild {
        let started = Instant::now();
        let config = &self.config;
        let common = format!(
            "{}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{}",
            templates_fingerprint(&config.inputs.templates),
            config.source_date_epoch,
            config.pdf_standards,
            config.formats,
            config.emit_typst,
            config.emit_data,
            config.out.display(),
        );
        let pending = Mutex::new(HashMap::new());
        let unchanged = AtomicUsize::new(0);
        let wanted = |plan: &DocumentPlan| {
            let fingerprint = fingerprint(plan, &common);
            let up_to_date = self.written.lock().ok().is_some_and(|w| {
                w.get(&plan.file_name).is_some_and(|(f, files)| {
                    *f == fingerprint && files.iter().all(|n| config.out.join(n).is_file())
                })
            });
            if up_to_date {
                unchanged.fetch_add(1, Ordering::Relaxed);
            } else if let Ok(mut p) = pending.lock() {
                p.insert(plan.file_name.clone(), fingerprint);
            }
            !up_to_date
        };
        let recorder = Recorder { inner: observer, session: self, pending: &pending };
        let run = pipeline::Run {
            wanted: &wanted,
            observer: &recorder,
            keep_cache: true,
            sources: Some(self.sources.clone()),
        };
        let result = pipeline::build_with(config, &run);
        Rebuild { result, unchanged: unchanged.into_inner(), elapsed: started.elapsed() }
    }

    /// Bounds Typst's memoization cache after a rebuild: what the last
    /// `CACHE_GENERATIONS` rebuilds did not use is dropped. It walks the
    /// whole cache, so the watch loop calls it after reporting a rebuild,
    /// while it waits for the next change.
    pub fn trim_cache(&self) {
        typst::comemo::evict(CACHE_GENERATIONS);
    }
}

/// Records what each written document was built from, then passes the news on.
struct Recorder<'a> {
    inner: &'a dyn Observer,
    session: &'a Session,
    pending: &'a Mutex<HashMap<String, String>>,
}

impl Observer for Recorder<'_> {
    fn planned(&self, plans: &[DocumentPlan]) {
        self.inner.planned(plans);
    }

    fn finished(&self, plan: &DocumentPlan, outcome: Option<&DocumentOutcome>) {
        let fingerprint = self.pending.lock().ok().and_then(|mut p| p.remove(&plan.file_name));
        if let Ok(mut written) = self.session.written.lock() {
            match (outcome, fingerprint) {
                // Only a complete success counts: anything else is retried next time.
                (Some(o), Some(f)) if o.errors.0.is_empty() => {
                    let files = o.entry.files().map(|(n, _)| n.to_owned()).collect();
                    written.insert(plan.file_name.clone(), (f, files));
                }
                _ => {
                    written.remove(&plan.file_name);
                }
            }
        }
        self.inner.finished(plan, outcome);
    }
}

/// The inputs of one document besides the templates: its data and its charts.
fn fingerprint(plan: &DocumentPlan, common: &str) -> String {
    let mut h = sha2::Sha256::new();
    h.update(common.as_bytes());
    h.update(plan.file_name.as_bytes());
    h.update(serde_json::to_vec(&plan.data).unwrap_or_default());
    // The chart specs are hashed as they are formatted, without building the text.
    let mut sink = HashWriter(h);
    let _ = std::fmt::Write::write_fmt(&mut sink, format_args!("{:?}", plan.charts));
    hex(&sink.0.finalize())
}

/// Feeds formatted text straight into a hash.
struct HashWriter(sha2::Sha256);

impl std::fmt::Write for HashWriter {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.update(s.as_bytes());
        Ok(())
    }
}

/// Every template file's path and contents.
fn templates_fingerprint(templates: &TemplateSource) -> String {
    match templates {
        TemplateSource::Embedded => "embedded".to_owned(),
        TemplateSource::Dir(_) => {
            let mut h = sha2::Sha256::new();
            // An unreadable folder fingerprints differently each time: never "unchanged".
            match templates.all_files() {
                Ok(files) => {
                    for (path, bytes) in files {
                        h.update(path.as_bytes());
                        h.update((bytes.len() as u64).to_le_bytes());
                        h.update(bytes);
                    }
                }
                Err(e) => h.update(format!("{e} {:?}", Instant::now()).as_bytes()),
            }
            hex(&h.finalize())
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The folders to watch: the data and templates folders in use. Fonts are
/// built in and never change.
pub fn watched_folders(config: &BuildConfig) -> Result<Vec<PathBuf>, Diagnostic> {
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

/// Runs `briefing watch`.
pub fn run(args: &WatchArgs, format: DiagnosticFormat) -> Outcome {
    let config = BuildConfig::resolve(&args.build)?;
    let roots = watched_folders(&config)?;
    output::ensure_dir(&config.out)?;
    // Changes in what briefing writes itself never trigger a rebuild.
    let own: Vec<PathBuf> =
        [Some(&config.out), config.emit_typst.as_ref(), config.emit_data.as_ref()]
            .into_iter()
            .flatten()
            .map(|p| p.canonicalize().unwrap_or_else(|_| p.clone()))
            .collect();

    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event| {
        let _ = tx.send(event);
    })
    .map_err(|e| Diagnostic::error(format!("cannot watch for changes: {e}")))?;
    let mut canonical_roots = Vec::new();
    let data = match &config.inputs.data {
        DataSource::Dir(dir) => dir.canonicalize().ok(),
        DataSource::Embedded => None,
    };
    for root in &roots {
        let real = root.canonicalize().unwrap_or_else(|_| root.clone());
        watcher
            .watch(&real, RecursiveMode::Recursive)
            .map_err(|e| Diagnostic::error(format!("cannot watch {}: {e}", root.display())))?;
        canonical_roots.push((real, root.clone()));
    }

    let mode = match format {
        DiagnosticFormat::Json => Mode::Quiet,
        DiagnosticFormat::Human if config.quiet => Mode::Quiet,
        DiagnosticFormat::Human => Mode::Lines,
    };
    let session = Session::new(config);
    let rebuild = |event: &str| {
        let progress = Progress::new(mode, &session.config().out);
        let r = session.rebuild(&progress);
        report(&r, event, format, session.config().quiet);
        session.trim_cache();
    };
    rebuild("build");
    let names: Vec<String> = roots.iter().map(|r| r.display().to_string()).collect();
    say(
        format,
        &format!("watching {} for changes (Ctrl-C to stop)", names.join(" and ")),
        || serde_json::json!({ "event": "watching", "folders": names }),
    );

    let debounce = Duration::from_millis(args.debounce);
    while let Ok(first) = rx.recv() {
        let mut changed = BTreeSet::new();
        let mut note = |event: notify::Result<notify::Event>| match event {
            Ok(event) => {
                if matches!(event.kind, EventKind::Access(_)) {
                    return;
                }
                for path in event.paths {
                    if relevant(&path, &own, data.as_deref()) {
                        changed.insert(shown(&path, &canonical_roots));
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
            match rx.recv_timeout(debounce) {
                Ok(event) => note(event),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return Ok(()),
            }
        }
        if changed.is_empty() {
            continue;
        }
        let files: Vec<String> = changed.into_iter().collect();
        if format == DiagnosticFormat::Human && !session.config().quiet {
            say(format, &format!("changed: {}", files.join(", ")), || serde_json::Value::Null);
        }
        rebuild("rebuild");
    }
    Ok(())
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
fn say(format: DiagnosticFormat, text: &str, json: impl FnOnce() -> serde_json::Value) {
    let line = match format {
        DiagnosticFormat::Human => text.to_owned(),
        DiagnosticFormat::Json => match json() {
            serde_json::Value::Null => return,
            v => v.to_string(),
        },
    };
    crate::progress::print_line(&line);
}

/// Prints how a rebuild went: diagnostics on standard error, then one line
/// with the time taken (`rebuilt 1 document (2 pages) in 38 ms, 11 unchanged`).
fn report(r: &Rebuild, event: &str, format: DiagnosticFormat, quiet: bool) {
    let ms = r.elapsed.as_secs_f64() * 1000.0;
    match &r.result {
        Ok(report) => {
            eprint_warnings(&report.warnings, format);
            if quiet && format == DiagnosticFormat::Human {
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
