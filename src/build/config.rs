//! What a build needs, resolved: the one value every stage of a build reads
//! its settings from.

use std::path::{Path, PathBuf};

use crate::output::images::Formats;
use crate::plan::Selection;
use crate::project::Inputs;
use crate::typeset::PdfStandardName;

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
    /// Fail on the data checks' warnings (`--strict`, see `dataset::validate::strictly`).
    pub strict: bool,
    /// Folder for each document's template data, if asked for.
    pub emit_data: Option<PathBuf>,
    /// Folder for each document's ejected Typst sources, if asked for.
    pub emit_typst: Option<PathBuf>,
    /// PDF standards to conform to.
    pub pdf_standards: Vec<PdfStandardName>,
    /// What to write per document (PDF, page images, thumbnail).
    pub formats: Formats,
    /// PowerPoint decks with their text slides' text as native text boxes (`--pptx-editable`).
    pub pptx_editable: bool,
    /// Only this shard's part of the selection (`--shard I/N`), for a CI matrix.
    pub shard: Option<super::Shard>,
}

impl BuildConfig {
    /// A build of `selection` from `inputs` into `out` with every other
    /// setting at its default: all cores, quiet, PDF/UA-1, PDFs only, nothing
    /// ejected (for library callers: benches, tests, tools).
    pub fn new(inputs: Inputs, selection: Selection, out: &Path) -> Self {
        BuildConfig {
            inputs,
            selection,
            out: out.to_path_buf(),
            source_date_epoch: None,
            jobs: std::thread::available_parallelism().map_or(1, |n| n.get()),
            quiet: true,
            strict: false,
            emit_data: None,
            emit_typst: None,
            pdf_standards: vec![PdfStandardName::Ua1],
            formats: Formats::default(),
            pptx_editable: false,
            shard: None,
        }
    }
}
