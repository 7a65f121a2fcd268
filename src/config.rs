//! Raw arguments resolved, in one place, into what a run needs.

use std::path::{Path, PathBuf};

use crate::cli::{InputArgs, SelectionArgs};
use crate::diag::Diagnostic;
use crate::plan::Selection;
use crate::typeset::world::TemplateSource;

/// Where the dataset is read from.
#[derive(Debug, Clone)]
pub enum DataSource {
    /// The dataset compiled into the binary.
    Embedded,
    /// A folder on disk.
    Dir(PathBuf),
}

/// The inputs of a run, with defaults applied.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// Dataset.
    pub data: DataSource,
    /// Templates.
    pub templates: TemplateSource,
}

/// Everything `build` needs.
#[derive(Debug, Clone)]
pub struct BuildConfig {
    /// Inputs.
    pub inputs: Inputs,
    /// Which documents.
    pub selection: Selection,
    /// Output folder.
    pub out: PathBuf,
    /// Fixed build time (Unix seconds), if given.
    pub source_date_epoch: Option<i64>,
    /// Parallel compilations.
    pub jobs: usize,
    /// Print only errors.
    pub quiet: bool,
    /// Folder for each document's template data, if asked for.
    pub emit_data: Option<PathBuf>,
    /// Folder for each document's ejected Typst sources, if asked for.
    pub emit_typst: Option<PathBuf>,
    /// PDF standards to conform to.
    pub pdf_standards: Vec<crate::typeset::PdfStandardName>,
    /// What to write per document (PDF, page images, thumbnail).
    pub formats: crate::images::Formats,
}

impl Inputs {
    /// Applies the defaults: an explicit folder, else `./data` / `./templates`
    /// when present, else the built-in ones.
    pub fn resolve(args: &InputArgs) -> Result<Self, Diagnostic> {
        let data = match &args.data {
            Some(dir) => {
                if !dir.is_dir() {
                    return Err(Diagnostic::error(format!("data folder {} does not exist", dir.display()))
                        .hint("pass an existing folder with --data, or leave it out to use ./data or the built-in dataset"));
                }
                DataSource::Dir(dir.clone())
            }
            None if Path::new("data").is_dir() => DataSource::Dir(PathBuf::from("data")),
            None => DataSource::Embedded,
        };
        let templates = match &args.templates {
            Some(dir) => TemplateSource::Dir(canonical_dir(dir, "templates")?),
            None if Path::new("templates").is_dir() => {
                TemplateSource::Dir(canonical_dir(Path::new("templates"), "templates")?)
            }
            None => TemplateSource::Embedded,
        };
        Ok(Inputs { data, templates })
    }
}

fn canonical_dir(dir: &Path, what: &str) -> Result<PathBuf, Diagnostic> {
    dir.canonicalize()
        .ok()
        .filter(|p| p.is_dir())
        .ok_or_else(|| Diagnostic::error(format!("{what} folder {} does not exist", dir.display())))
}

/// Turns selection flags into a [`Selection`].
pub fn selection(args: &SelectionArgs) -> Selection {
    Selection {
        kinds: args.kind.clone(),
        scopes: args.scope.clone(),
        langs: args.lang.clone(),
        handout_layout: Default::default(),
        audience: args.audience.clone(),
        draft: false,
        portion_marks: false,
        allow_fallback: args.allow_fallback,
    }
}

impl BuildConfig {
    /// A build of `selection` from `inputs` into `out` with every other
    /// setting at its default: all cores, quiet, PDF/UA-1, PDFs only, nothing
    /// ejected (for library callers: benches, tests, tools).
    pub fn new(inputs: Inputs, selection: crate::plan::Selection, out: &Path) -> Self {
        BuildConfig {
            inputs,
            selection,
            out: out.to_path_buf(),
            source_date_epoch: None,
            jobs: std::thread::available_parallelism().map_or(1, |n| n.get()),
            quiet: true,
            emit_data: None,
            emit_typst: None,
            pdf_standards: vec![crate::typeset::PdfStandardName::Ua1],
            formats: crate::images::Formats::default(),
        }
    }

    /// Resolves `build` arguments.
    pub fn resolve(args: &crate::cli::BuildArgs) -> Result<Self, Diagnostic> {
        let jobs = args
            .jobs
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
            .max(1);
        crate::typeset::pdf_standards(&args.pdf_standard)?;
        Ok(BuildConfig {
            inputs: Inputs::resolve(&args.input)?,
            selection: crate::plan::Selection {
                handout_layout: args.handout_layout,
                draft: args.draft,
                portion_marks: args.portion_marks,
                ..selection(&args.select)
            },
            out: args.out.clone(),
            source_date_epoch: args.source_date_epoch,
            jobs,
            quiet: args.quiet,
            emit_data: args.emit_data.clone(),
            emit_typst: args.emit_typst.clone(),
            pdf_standards: args.pdf_standard.clone(),
            formats: crate::images::Formats::new(&args.format, f32::from(args.ppi)),
        })
    }
}
