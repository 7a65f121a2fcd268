//! A build repeated: what `briefing watch` rebuilds on every change.
//!
//! One process keeps the parsed fonts, the standard library and Typst's
//! memoization cache, so a rebuild only redoes what changed. Each rebuild
//! plans every selected document and typesets only those whose inputs (template
//! data, charts, templates, options) differ from what it last wrote; a failed
//! rebuild writes nothing over the last good documents.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sha2::Digest;

use super::{BuildConfig, BuildReport, DocumentOutcome, Observer, Run, build_with};
use crate::diag::Diagnostics;
use crate::plan::{DocumentId, DocumentPlan};
use crate::typeset::world::{SourceCache, TemplateSource};

/// Generations an unused entry stays in Typst's memoization cache.
const CACHE_GENERATIONS: usize = 10;

/// A watch session: the build to repeat and what it last wrote.
pub struct Session {
    config: BuildConfig,
    /// Per document: the fingerprint of its inputs and the files written from them.
    written: Mutex<HashMap<DocumentId, (String, Vec<String>)>>,
    /// The templates as last parsed, reparsed incrementally when edited.
    sources: Arc<SourceCache>,
}

/// What one rebuild did.
pub struct Rebuild {
    /// The documents written, or why the rebuild failed.
    pub result: Result<BuildReport, Diagnostics>,
    /// Documents left as they were because nothing they depend on changed.
    pub unchanged: usize,
    /// Every document of the selection, in plan order, built or not (empty
    /// when planning failed): what `briefing serve` lists.
    pub planned: Vec<DocumentId>,
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
        let planned = Mutex::new(Vec::new());
        let wanted = |plan: &DocumentPlan| {
            if let Ok(mut p) = planned.lock() {
                p.push(plan.id.clone());
            }
            let fingerprint = fingerprint(plan, &common);
            let up_to_date = self.written.lock().ok().is_some_and(|w| {
                w.get(&plan.id).is_some_and(|(f, files)| {
                    *f == fingerprint && files.iter().all(|n| config.out.join(n).is_file())
                })
            });
            if up_to_date {
                unchanged.fetch_add(1, Ordering::Relaxed);
            } else if let Ok(mut p) = pending.lock() {
                p.insert(plan.id.clone(), fingerprint);
            }
            !up_to_date
        };
        let recorder = Recorder { inner: observer, session: self, pending: &pending };
        let run = Run {
            wanted: &wanted,
            observer: &recorder,
            keep_cache: true,
            sources: Some(self.sources.clone()),
        };
        let result = build_with(config, &run);
        Rebuild {
            result,
            unchanged: unchanged.into_inner(),
            planned: planned.into_inner().unwrap_or_default(),
            elapsed: started.elapsed(),
        }
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
    pending: &'a Mutex<HashMap<DocumentId, String>>,
}

impl Observer for Recorder<'_> {
    fn planned(&self, plans: &[DocumentPlan]) {
        self.inner.planned(plans);
    }

    fn finished(&self, plan: &DocumentPlan, outcome: Option<&DocumentOutcome>) {
        let fingerprint = self.pending.lock().ok().and_then(|mut p| p.remove(&plan.id));
        if let Ok(mut written) = self.session.written.lock() {
            match (outcome, fingerprint) {
                // Only a complete success counts: anything else is retried next time.
                (Some(o), Some(f)) if o.errors.0.is_empty() => {
                    let files = o.entry.files().map(|(n, _)| n.to_owned()).collect();
                    written.insert(plan.id.clone(), (f, files));
                }
                _ => {
                    written.remove(&plan.id);
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
    h.update(plan.id.stem().as_bytes());
    // A handout is built from its deck: the deck's inputs are its inputs too.
    for plan in std::iter::once(plan).chain(plan.deck.as_deref()) {
        h.update(serde_json::to_vec(&plan.data).unwrap_or_default());
        // The chart specs are hashed as they are formatted, without building the text.
        let mut sink = HashWriter(h);
        let _ = std::fmt::Write::write_fmt(&mut sink, format_args!("{:?}", plan.charts));
        h = sink.0;
    }
    hex(&h.finalize())
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
