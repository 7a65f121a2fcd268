//! A build: the stages strung together, `prepare` (load → validate → plan)
//! then, per document on worker threads, charts → typeset → write, and the
//! manifest last.

mod config;
pub mod export;
pub mod fingerprint;
pub mod merge;
mod schedule;
pub mod session;
mod write;

pub use config::BuildConfig;
pub use schedule::Shard;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use typst::foundations::Datetime;

use crate::charts::Palette;
use crate::charts::render::draw_all;
use crate::dataset::Dataset;
use crate::diag::{Diagnostic, Diagnostics};
use crate::output::manifest::{self, ManifestEntry};
use crate::output::{self, data::write_document_data, guard};
use crate::plan::{self, DocumentPlan, Kind, Selection};
use crate::project::{self, Inputs};
use crate::typeset::document::{RenderedDocument, Typesetter};
use crate::typeset::{self, world::SourceCache};
use crate::web::{self, Web};
use write::write_document;

/// Everything before typesetting, finished: the checked dataset, the planned
/// documents, and the colours their charts are drawn in.
pub struct Prepared {
    /// The dataset, as validated (before audience filtering).
    pub dataset: Dataset,
    /// The documents selected, in build order.
    pub plans: Vec<DocumentPlan>,
    /// The theme's chart colours, for the charts stage.
    pub palette: Palette,
    /// Warnings of loading and planning.
    pub warnings: Diagnostics,
}

/// Loads, checks and plans: everything before typesetting.
pub fn prepare(inputs: &Inputs, selection: &Selection) -> Result<Prepared, Diagnostics> {
    prepare_checked(inputs, selection, false)
}

/// [`prepare`], with the data checks' warnings as errors when `strict`.
fn prepare_checked(
    inputs: &Inputs,
    selection: &Selection,
    strict: bool,
) -> Result<Prepared, Diagnostics> {
    let loaded = project::load_dataset(&inputs.data);
    let (dataset, mut warnings) =
        if strict { crate::dataset::validate::strictly(loaded) } else { loaded }?;
    let langs = plan::languages(&dataset, selection);
    let locales =
        project::load_locales(inputs, &dataset, &langs, selection.allow_fallback, &mut warnings)?;
    let style = project::load_chart_style(&inputs.templates)?;
    let plans = plan::plan(&dataset, &locales, &style.shares, selection)?;
    Ok(Prepared { dataset, plans, palette: style.palette, warnings })
}

impl Prepared {
    /// Charts, then typesetting, of one of the planned documents, dated as
    /// a build without `SOURCE_DATE_EPOCH` dates it (for tests and tools that
    /// look at laid-out pages rather than files).
    pub fn render(
        &self,
        typesetter: &Typesetter,
        plan: &DocumentPlan,
    ) -> Result<RenderedDocument, Diagnostics> {
        let date = typeset::build_date(None, self.dataset.info.as_of.first_day());
        render(typesetter, &self.palette, plan, &self.dataset.info.id, date)
    }
}

/// Charts, then typesetting, of one planned document (a handout's charts are
/// its deck's, typeset first).
fn render(
    typesetter: &Typesetter,
    palette: &Palette,
    plan: &DocumentPlan,
    dataset_id: &str,
    date: Datetime,
) -> Result<RenderedDocument, Diagnostics> {
    let drawn = draw_all(&plan.deck.as_deref().unwrap_or(plan).charts, palette)?;
    let mut doc = typesetter.render(plan, &drawn, dataset_id, date)?;
    // What a chart could not show is the document's warning, ahead of the template's.
    doc.warnings.0.splice(0..0, drawn.iter().flat_map(|c| c.diagnostics()));
    Ok(doc)
}

/// Told about documents as a build plans and finishes them; called from the
/// worker threads, in the order documents finish.
pub trait Observer: Sync {
    /// The documents about to be built, in plan order.
    fn planned(&self, _plans: &[DocumentPlan]) {}
    /// One document is done: written (`Some`), or failed (`None`).
    fn finished(&self, _plan: &DocumentPlan, _outcome: Option<&DocumentOutcome>) {}
}

/// An observer that ignores everything.
pub struct Silent;

impl Observer for Silent {}

/// What a build did with one document.
#[derive(Debug, Clone)]
pub struct DocumentOutcome {
    /// What was written, as listed in the manifest.
    pub entry: ManifestEntry,
    /// Template warnings.
    pub warnings: Diagnostics,
    /// Failures after the document itself was written (notes file, images, ejected sources).
    pub errors: Diagnostics,
    /// Left as an earlier build wrote it, since its fingerprint and files
    /// match its manifest entry (`entry` is that entry; nothing was typeset).
    pub up_to_date: bool,
}

/// What a build wrote.
#[derive(Debug, Default)]
pub struct BuildReport {
    /// Documents written or found up to date, in plan order.
    pub entries: Vec<ManifestEntry>,
    /// The documents of `entries` left as an earlier build wrote them, by name.
    pub up_to_date: BTreeSet<String>,
    /// Warnings from every stage.
    pub warnings: Diagnostics,
}

impl BuildReport {
    /// The file of each document written or up to date (the PDF, else the
    /// document name), in plan order.
    pub fn files(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(ManifestEntry::shown_name)
    }

    /// How many documents were written (not those up to date), and how many
    /// pages they have together.
    pub fn totals(&self) -> (usize, usize) {
        let built = self.entries.iter().filter(|e| !self.up_to_date.contains(&e.document));
        built.fold((0, 0), |(n, pages), e| (n + 1, pages + e.pages))
    }
}

/// Builds every selected document. Documents that typeset are written
/// atomically even when others fail; any failure makes the result an error
/// listing every failed document.
pub fn build(config: &BuildConfig) -> Result<BuildReport, Diagnostics> {
    build_with(config, &Run::default())
}

/// How a build runs, besides its configuration.
pub struct Run<'a> {
    /// Which of the planned documents to build, told each one's fingerprint.
    pub wanted: &'a (dyn Fn(&DocumentPlan, &str) -> bool + Sync),
    /// Told about each document as it is written (from the worker threads).
    pub observer: &'a dyn Observer,
    /// Keep Typst's memoization cache whole for a later build of the same
    /// documents (watch); else, to bound memory, what the documents in
    /// flight do not use is evicted after each document.
    pub keep_cache: bool,
    /// Parsed templates to reuse (watch keeps them between rebuilds).
    pub sources: Option<Arc<SourceCache>>,
    /// Leave alone each document whose entry in the output folder's manifest
    /// has this build's fingerprint and whose files still hash to what the
    /// entry says (`briefing build` without `--force`). Never with
    /// `--emit-typst`: ejected sources are not in the manifest to check.
    pub reuse: bool,
}

impl Default for Run<'_> {
    fn default() -> Self {
        Run {
            wanted: &|_, _| true,
            observer: &Silent,
            keep_cache: false,
            sources: None,
            reuse: false,
        }
    }
}

/// Builds the selected documents as `run` says.
pub fn build_with(config: &BuildConfig, run: &Run) -> Result<BuildReport, Diagnostics> {
    let Prepared { dataset, plans, palette, warnings } =
        prepare_checked(&config.inputs, &config.selection, config.strict)?;
    let mut plans = schedule::bench_copies(plans);
    // Web pages link to every language of the selection, also those a rebuild skips.
    let web = match config.formats.html {
        true => Some(Web::load(&config.inputs.templates, &plans)?),
        false => None,
    };
    let date = typeset::build_date(config.source_date_epoch, dataset.info.as_of.first_day());
    let common = fingerprint::Common::new(config, &plans, &dataset.info.id, date);
    if let Some(shard) = config.shard {
        plans = schedule::shard(plans, shard);
    }
    let fingerprints = common.documents(&plans, config.jobs);
    let (plans, fingerprints): (Vec<_>, Vec<_>) =
        plans.into_iter().zip(fingerprints).filter(|(p, f)| (run.wanted)(p, f)).unzip();
    check_output_folders(config)?;
    output::ensure_dir(&config.out)?;
    // One build at a time writes into a folder, so no manifest loses another's documents.
    let _lock = guard::lock_output(&config.out)?;
    // The folder's manifest is read once: its fitting records start every build's
    // copy-fitting; its entries are reused only where the build may skip documents.
    let mut previous = manifest::read(&config.out);
    let fits: BTreeMap<_, _> =
        previous.iter().filter_map(|(name, e)| Some((name.clone(), e.fit.clone()?))).collect();
    if !run.reuse || config.emit_typst.is_some() {
        previous.clear();
    }
    if let Some(dir) = &config.emit_data {
        write_document_data(dir, &plans)?;
    }
    let mut typesetter = Typesetter::new(Arc::new(config.inputs.templates.clone()))
        .with_standards(config.pdf_standards.clone())
        .with_cache_kept(run.keep_cache)
        .with_slides_drawn(config.emit_typst.is_some())
        .with_pdf_exported(config.formats.pdf)
        .with_fit_records(fits);
    if let Some(sources) = &run.sources {
        typesetter = typesetter.with_sources(sources.clone());
    }
    let worker = Worker {
        config,
        run,
        typesetter: &typesetter,
        palette: &palette,
        web: web.as_ref(),
        dataset_id: &dataset.info.id,
        date,
        fingerprints: &fingerprints,
        previous: &previous,
    };
    run.observer.planned(&plans);
    let outcomes = worker.build_all(&plans);
    // A shard with nothing to build still lists its nothing, for merge-manifests.
    let listed = config.shard.is_some();
    report(&config.out, &plans, outcomes, warnings, web.as_ref(), listed)
}

/// Refuses output folders that overlap the input folders, before anything is written.
fn check_output_folders(config: &BuildConfig) -> Result<(), Diagnostic> {
    let inputs = config.inputs.folders();
    let outputs = [("--out", Some(&config.out)), ("--emit-data", config.emit_data.as_ref())]
        .into_iter()
        .chain([("--emit-typst", config.emit_typst.as_ref())]);
    for (flag, dir) in outputs {
        if let Some(dir) = dir {
            guard::refuse_input_overlap(dir, flag, &inputs)?;
        }
    }
    Ok(())
}

/// What one document's build came to: written (with what), or why not.
type Outcome = Result<DocumentOutcome, Diagnostics>;

/// The build's report from every document's outcome, in plan order, and the
/// manifest of what was written (successful documents even when others failed),
/// with the index of the documents written when the build writes web pages;
/// with `listed`, a manifest also when no document was written.
fn report(
    out: &std::path::Path,
    plans: &[DocumentPlan],
    outcomes: Vec<Option<Outcome>>,
    mut warnings: Diagnostics,
    web: Option<&Web>,
    listed: bool,
) -> Result<BuildReport, Diagnostics> {
    let mut report = BuildReport::default();
    let mut errors = Diagnostics::default();
    for (plan, outcome) in plans.iter().zip(outcomes) {
        match outcome {
            Some(Ok(outcome)) => {
                if outcome.up_to_date {
                    report.up_to_date.insert(outcome.entry.document.clone());
                }
                warnings.0.extend(outcome.warnings.0);
                errors.0.extend(outcome.errors.0);
                report.entries.push(outcome.entry);
            }
            Some(Err(diags)) => {
                // Template errors repeat for every document using the template: report each once.
                for d in diags.0 {
                    if !errors.0.contains(&d) {
                        errors.push(d);
                    }
                }
            }
            None => errors.push(Diagnostic::error(format!(
                "{} was not built (internal error)",
                plan.file_name()
            ))),
        }
    }
    report.warnings = warnings;
    let mut index = None;
    if let Some(web) = web
        && !report.entries.is_empty()
    {
        match web
            .index(out)
            .and_then(|html| output::write_atomic(out, web::INDEX, html.as_bytes()).map(|()| html))
        {
            Ok(html) => {
                index = Some(manifest::FileEntry::of(web::INDEX.to_owned(), html.as_bytes()))
            }
            Err(e) => errors.push(e),
        }
    }
    if (listed || !report.entries.is_empty())
        && let Err(e) = manifest::write(out, &report.entries, index.as_ref())
    {
        errors.push(e);
    }
    if errors.has_errors() {
        errors.0.extend(report.warnings.0);
        return Err(errors);
    }
    Ok(report)
}

/// What each worker shares: the stages after planning, for one document.
struct Worker<'a> {
    config: &'a BuildConfig,
    run: &'a Run<'a>,
    typesetter: &'a Typesetter,
    palette: &'a Palette,
    web: Option<&'a Web>,
    dataset_id: &'a str,
    date: Datetime,
    /// Each planned document's fingerprint, in plan order.
    fingerprints: &'a [String],
    /// The output folder's manifest entries, by document name, when the build may reuse them.
    previous: &'a BTreeMap<String, ManifestEntry>,
}

impl Worker<'_> {
    /// Builds every document of `plans` on `--jobs` threads, each task (a
    /// deck with its handouts, or one document) on one thread, and returns
    /// each document's outcome, in plan order. Each worker typesets a
    /// document and writes its files at once, so its pages are dropped as
    /// soon as it is done.
    fn build_all(&self, plans: &[DocumentPlan]) -> Vec<Option<Outcome>> {
        let results: Vec<Mutex<Option<Outcome>>> = plans.iter().map(|_| Mutex::new(None)).collect();
        let tasks = schedule::tasks(plans);
        let next = AtomicUsize::new(0);
        std::thread::scope(|s| {
            for _ in 0..self.config.jobs.min(tasks.len()).max(1) {
                s.spawn(|| {
                    while let Some(task) = tasks.get(next.fetch_add(1, Ordering::SeqCst)) {
                        self.build_task(plans, task, &results);
                    }
                });
            }
        });
        results.into_iter().map(|slot| slot.into_inner().ok().flatten()).collect()
    }

    /// One task: its documents in order, a deck's handouts from the deck
    /// typeset just before them.
    fn build_task(
        &self,
        plans: &[DocumentPlan],
        task: &[usize],
        results: &[Mutex<Option<Outcome>>],
    ) {
        let mut deck: Option<Result<RenderedDocument, Diagnostics>> = None;
        for &i in task {
            let plan = &plans[i];
            let fingerprint = &self.fingerprints[i];
            if let Some(outcome) = self.up_to_date(plan, fingerprint) {
                // Nothing typeset: a handout after this deck typesets the deck itself.
                self.run.observer.finished(plan, Some(&outcome));
                if let Ok(mut slot) = results[i].lock() {
                    *slot = Some(Ok(outcome));
                }
                continue;
            }
            let rendered = match &deck {
                Some(Ok(d)) if plan.kind() == Kind::Handout => self.handout(plan, d),
                Some(Err(diags)) if plan.kind() == Kind::Handout => Err(diags.clone()),
                _ => self.render(plan),
            };
            let outcome = match &rendered {
                Ok(doc) => write_document(self.config, plan, doc, self.web).map(|mut o| {
                    // Only a complete success may be left alone next time.
                    if o.errors.0.is_empty() {
                        o.entry.fingerprint = Some(fingerprint.clone());
                    }
                    o
                }),
                Err(diags) => {
                    let mut diags = diags.clone();
                    diags.push(Diagnostic::error(format!("{} was not built", plan.file_name())));
                    Err(diags)
                }
            };
            if !self.run.keep_cache {
                // Keep what the documents in flight use, drop the rest: a
                // document reuses little of another's cache, and the
                // cache would otherwise grow with every document.
                typst::comemo::evict(1);
            }
            self.run.observer.finished(plan, outcome.as_ref().ok());
            if let Ok(mut slot) = results[i].lock() {
                *slot = Some(outcome);
            }
            if plan.kind() == Kind::Deck {
                deck = Some(rendered);
            }
        }
    }

    /// The outcome of leaving `plan` alone, when the manifest lists it with
    /// `fingerprint` and every file it lists still hashes as listed.
    fn up_to_date(&self, plan: &DocumentPlan, fingerprint: &str) -> Option<DocumentOutcome> {
        let entry = self.previous.get(&plan.id.stem())?;
        if entry.fingerprint.as_deref() != Some(fingerprint)
            || !manifest::files_match(&self.config.out, entry)
        {
            return None;
        }
        Some(DocumentOutcome {
            entry: entry.clone(),
            warnings: Diagnostics::default(),
            errors: Diagnostics::default(),
            up_to_date: true,
        })
    }

    /// Charts, then typesetting, of one planned document.
    fn render(&self, plan: &DocumentPlan) -> Result<RenderedDocument, Diagnostics> {
        render(self.typesetter, self.palette, plan, self.dataset_id, self.date)
    }

    /// Typesetting of a handout from its already typeset deck.
    fn handout(
        &self,
        plan: &DocumentPlan,
        deck: &RenderedDocument,
    ) -> Result<RenderedDocument, Diagnostics> {
        self.typesetter.handout(plan, deck, self.dataset_id, self.date)
    }
}
