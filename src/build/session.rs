//! A build repeated: what `briefing watch` rebuilds on every change.
//!
//! One process keeps the parsed fonts, the standard library and Typst's
//! memoization cache, so a rebuild only redoes what changed. Each rebuild
//! plans every selected document and typesets only those whose fingerprint
//! (`build::fingerprint`: template data, charts, templates, options) differs
//! from the one it last wrote them with; a failed rebuild writes nothing over
//! the last good documents.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::{BuildConfig, BuildReport, DocumentOutcome, Observer, Run, build_with};
use crate::diag::Diagnostics;
use crate::plan::{DocumentId, DocumentPlan};
use crate::typeset::world::SourceCache;

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
    /// Inputs are compared by the build's fingerprint (`build::fingerprint`).
    pub fn rebuild(&self, observer: &dyn Observer) -> Rebuild {
        let started = Instant::now();
        let config = &self.config;
        let unchanged = AtomicUsize::new(0);
        let planned = Mutex::new(Vec::new());
        let wanted = |plan: &DocumentPlan, fingerprint: &str| {
            if let Ok(mut p) = planned.lock() {
                p.push(plan.id.clone());
            }
            let up_to_date = self.written.lock().ok().is_some_and(|w| {
                w.get(&plan.id).is_some_and(|(f, files)| {
                    f == fingerprint && files.iter().all(|n| config.out.join(n).is_file())
                })
            });
            if up_to_date {
                unchanged.fetch_add(1, Ordering::Relaxed);
            }
            !up_to_date
        };
        let recorder = Recorder { inner: observer, session: self };
        let run = Run {
            wanted: &wanted,
            observer: &recorder,
            keep_cache: true,
            sources: Some(self.sources.clone()),
            reuse: false,
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
}

impl Observer for Recorder<'_> {
    fn planned(&self, plans: &[DocumentPlan]) {
        self.inner.planned(plans);
    }

    fn finished(&self, plan: &DocumentPlan, outcome: Option<&DocumentOutcome>) {
        if let Ok(mut written) = self.session.written.lock() {
            // The build gives a fingerprint to complete successes only: anything else is
            // retried next time.
            match outcome.and_then(|o| Some((o, o.entry.fingerprint.clone()?))) {
                Some((o, f)) => {
                    let files = o.entry.files().map(|(n, _)| n.to_owned()).collect();
                    written.insert(plan.id.clone(), (f, files));
                }
                None => {
                    written.remove(&plan.id);
                }
            }
        }
        self.inner.finished(plan, outcome);
    }
}
