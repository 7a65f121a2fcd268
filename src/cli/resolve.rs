//! Raw arguments resolved, in one place, into the values the library takes.

use std::path::{Path, PathBuf};

use super::{BuildArgs, InputArgs, SelectionArgs};
use crate::build::BuildConfig;
use crate::diag::Diagnostic;
use crate::output::images::Formats;
use crate::plan::{Kind, Selection};
use crate::project::{DataSource, Inputs};
use crate::typeset::world::TemplateSource;

/// Applies the defaults: an explicit folder, else `./data` / `./templates`
/// when present, else the built-in ones.
pub fn inputs(args: &InputArgs) -> Result<Inputs, Diagnostic> {
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

fn canonical_dir(dir: &Path, what: &str) -> Result<PathBuf, Diagnostic> {
    dir.canonicalize()
        .ok()
        .filter(|p| p.is_dir())
        .ok_or_else(|| Diagnostic::error(format!("{what} folder {} does not exist", dir.display())))
}

/// Turns selection flags into a [`Selection`].
pub fn selection(args: &SelectionArgs) -> Selection {
    Selection {
        kinds: args.kind.iter().map(|&k| k.into()).collect(),
        scopes: args.scope.clone(),
        langs: args.lang.clone(),
        handout_layout: Default::default(),
        audience: args.audience.clone(),
        draft: false,
        portion_marks: false,
        allow_fallback: args.allow_fallback,
    }
}

/// Resolves `build` (and `watch`) arguments into one [`BuildConfig`].
pub fn build_config(args: &BuildArgs) -> Result<BuildConfig, Diagnostic> {
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let pdf_standards: Vec<_> = args.pdf_standard.iter().map(|&s| s.into()).collect();
    crate::typeset::pdf_standards(&pdf_standards).map_err(|d| Diagnostic { usage: true, ..d })?;
    let formats: Vec<_> = args.format.iter().map(|&f| f.into()).collect();
    let formats = Formats::new(&formats, f32::from(args.ppi));
    let mut selection = selection(&args.select);
    if formats.pptx_only() {
        decks_only(&mut selection)?;
    }
    Ok(BuildConfig {
        inputs: inputs(&args.input)?,
        selection: Selection {
            handout_layout: args.handout_layout.into(),
            draft: args.draft,
            portion_marks: args.portion_marks,
            ..selection
        },
        out: args.out.clone(),
        source_date_epoch: args.source_date_epoch,
        jobs,
        quiet: args.quiet,
        strict: args.strict.strict,
        emit_data: args.emit_data.clone(),
        emit_typst: args.emit_typst.clone(),
        pdf_standards,
        formats,
        pptx_editable: args.pptx_editable,
    })
}

fn kind_plural(kind: Kind) -> &'static str {
    match kind {
        Kind::Factsheet => "fact sheets",
        Kind::Deck => "decks",
        Kind::Handout => "handouts",
    }
}

/// `--format pptx` alone: only decks have a PowerPoint file, so a build of
/// every kind builds the decks, and fact sheets or handouts asked for by
/// name are refused rather than built into nothing.
fn decks_only(selection: &mut Selection) -> Result<(), Diagnostic> {
    if selection.kinds.is_empty() {
        selection.kinds = vec![Kind::Deck];
        return Ok(());
    }
    let others: Vec<&str> =
        selection.kinds.iter().filter(|&&k| k != Kind::Deck).map(|&k| kind_plural(k)).collect();
    if others.is_empty() {
        return Ok(());
    }
    Err(Diagnostic::usage(format!(
        "`--format pptx` writes PowerPoint files of decks only, and nothing else was asked for: the {} asked for with --kind would be written in no format",
        others.join(" and ")
    ))
    .hint("add a format for them, e.g. `--format pdf,pptx`, or build `--kind deck` only"))
}
