//! The one-way flow: load → validate → plan → typeset → write.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use indexmap::IndexMap;
use typst::Library;
use typst::foundations::{Bytes, Datetime};
use typst::utils::LazyHash;
use typst_layout::PagedDocument;

use crate::config::{BuildConfig, DataSource, Inputs};
use crate::dataset::{self, Dataset};
use crate::diag::{Diagnostic, Diagnostics, SourceText};
use crate::output;
use crate::plan::{self, DocumentPlan, Locale, Selection};
use crate::typeset::{
    self,
    world::{BriefingWorld, FontSet, GENERATED_DIR, TemplateSource},
};

/// Reads and checks the dataset named by `inputs`.
pub fn load_dataset(data: &DataSource) -> Result<(Dataset, Diagnostics), Diagnostics> {
    let files = match data {
        DataSource::Embedded => dataset::embedded(),
        DataSource::Dir(dir) => dataset::read_dir(dir)?,
    };
    dataset::load(files)
}

/// Reads the label files of `langs` from the templates.
pub fn load_locales(
    templates: &TemplateSource,
    langs: &[String],
) -> Result<IndexMap<String, Locale>, Diagnostics> {
    let mut out = IndexMap::new();
    let mut diags = Diagnostics::default();
    for lang in langs {
        let path = format!("/i18n/{lang}.toml");
        let Ok(bytes) = templates.read_file(&path) else {
            // A missing label file is reported by planning, for the languages asked for.
            continue;
        };
        let file = Arc::new(SourceText {
            name: templates.display_name_of(&path),
            text: String::from_utf8_lossy(&bytes).into_owned(),
        });
        match toml::from_str::<Locale>(&file.text) {
            Ok(locale) => {
                out.insert(lang.clone(), locale);
            }
            Err(e) => diags.push(
                Diagnostic::error(e.message().to_owned()).at(&file, e.span().unwrap_or(0..0)),
            ),
        }
    }
    if diags.has_errors() { Err(diags) } else { Ok(out) }
}

/// What stays the same across documents: fonts parsed once, one standard library.
pub struct Typesetter {
    fonts: Arc<FontSet>,
    library: Arc<LazyHash<Library>>,
    templates: Arc<TemplateSource>,
}

/// One typeset document.
pub struct RenderedDocument {
    /// The laid-out pages (for inspection and tests).
    pub document: PagedDocument,
    /// The PDF file.
    pub pdf: Vec<u8>,
    /// Template warnings.
    pub warnings: Diagnostics,
}

impl Typesetter {
    /// Prepares fonts and the standard library for `templates`.
    pub fn new(templates: TemplateSource) -> Self {
        Typesetter {
            fonts: Arc::new(FontSet::embedded()),
            library: BriefingWorld::standard_library(),
            templates: Arc::new(templates),
        }
    }

    /// The fonts documents are set in.
    pub fn fonts(&self) -> &FontSet {
        &self.fonts
    }

    /// Typesets one planned document into PDF.
    pub fn render(
        &self,
        plan: &DocumentPlan,
        dataset_id: &str,
        date: Datetime,
    ) -> Result<RenderedDocument, Diagnostics> {
        let data = serde_json::to_vec_pretty(&plan.data)
            .map_err(|e| Diagnostic::error(format!("cannot serialise document data: {e}")))?;
        let mut generated = BTreeMap::new();
        generated.insert(format!("{GENERATED_DIR}/data.json"), Bytes::new(data));
        let world = BriefingWorld::new(
            self.library.clone(),
            self.fonts.clone(),
            self.templates.clone(),
            plan.kind.template(),
            generated,
            date,
        )
        .map_err(Diagnostic::error)?;
        let typeset = typeset::compile(&world)?;
        let ident = format!("{dataset_id}/{}", plan.file_name);
        let pdf = typeset::export_pdf(&world, &typeset.document, &ident, date)?;
        Ok(RenderedDocument { document: typeset.document, pdf, warnings: typeset.warnings })
    }
}

/// Loads, checks and plans: everything before typesetting.
pub fn prepare(
    inputs: &Inputs,
    selection: &Selection,
) -> Result<(Dataset, Vec<DocumentPlan>, Diagnostics), Diagnostics> {
    let (ds, warnings) = load_dataset(&inputs.data)?;
    let locales = load_locales(&inputs.templates, ds.info.languages.get_ref())?;
    let plans = plan::plan(&ds, &locales, selection)?;
    Ok((ds, plans, warnings))
}

/// What a build wrote.
#[derive(Debug, Default)]
pub struct BuildReport {
    /// Files written, in plan order, with their page counts.
    pub written: Vec<(String, usize)>,
    /// Warnings from every stage.
    pub warnings: Diagnostics,
}

/// Builds every selected document. Documents that typeset are written
/// atomically even when others fail; any failure makes the result an error
/// listing every failed document.
pub fn build(config: &BuildConfig) -> Result<BuildReport, Diagnostics> {
    let (ds, plans, mut warnings) = prepare(&config.inputs, &config.selection)?;
    output::ensure_dir(&config.out)?;
    if let Some(dir) = &config.emit_data {
        output::ensure_dir(dir)?;
        for plan in &plans {
            let json = serde_json::to_vec_pretty(&plan.data)
                .map_err(|e| Diagnostic::error(format!("cannot serialise document data: {e}")))?;
            output::write_atomic(dir, &plan.file_name.replace(".pdf", ".json"), &json)?;
        }
    }
    let date = typeset::build_date(config.source_date_epoch, ds.info.as_of.first_day());
    let typesetter = Typesetter::new(config.inputs.templates.clone());
    let dataset_id = ds.info.id.clone();

    let results: Vec<Mutex<Option<Result<RenderedDocument, Diagnostics>>>> =
        plans.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..config.jobs.min(plans.len()).max(1) {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(plan) = plans.get(i) else { break };
                    let r = typesetter.render(plan, &dataset_id, date);
                    if let Ok(mut slot) = results[i].lock() {
                        *slot = Some(r);
                    }
                }
            });
        }
    });

    let mut report = BuildReport::default();
    let mut errors = Diagnostics::default();
    for (plan, slot) in plans.iter().zip(results) {
        let result = slot.into_inner().ok().flatten();
        match result {
            Some(Ok(doc)) => {
                warnings.0.extend(doc.warnings.0);
                match output::write_atomic(&config.out, &plan.file_name, &doc.pdf) {
                    Ok(()) => {
                        report.written.push((plan.file_name.clone(), doc.document.pages().len()))
                    }
                    Err(e) => errors.push(e),
                }
            }
            Some(Err(diags)) => {
                // Template errors repeat for every document using the template: report each once.
                for d in diags.0 {
                    if !errors.0.contains(&d) {
                        errors.push(d);
                    }
                }
                errors.push(Diagnostic::error(format!("{} was not built", plan.file_name)));
            }
            None => errors.push(Diagnostic::error(format!(
                "{} was not built (internal error)",
                plan.file_name
            ))),
        }
    }
    report.warnings = warnings;
    if errors.has_errors() {
        errors.0.extend(report.warnings.0);
        return Err(errors);
    }
    Ok(report)
}
