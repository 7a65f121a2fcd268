//! Raw arguments resolved, in one place, into the values the library takes.

use std::path::{Path, PathBuf};

use clap::ValueEnum;
use toml::Spanned;

use super::{BuildArgs, FormatArg, InputArgs, PdfStandardArg, SelectionArgs};
use crate::build::BuildConfig;
use crate::diag::{Diagnostic, Diagnostics, closest};
use crate::output::images::Formats;
use crate::plan::{Kind, Selection};
use crate::project::file::{self, Profile, Project};
use crate::project::{DataSource, Inputs};
use crate::typeset::world::TemplateSource;

// Which setting wins, for every setting of a build, decided here and nowhere
// else (as typst's CompileConfig, ripgrep's low-level → high-level args):
//
//   1. a flag on the command line (`--out`, `--audience`, `--format`, …);
//   2. an environment variable (`BRIEFING_PROFILE`, `BRIEFING_STRICT`,
//      `SOURCE_DATE_EPOCH`), which clap reads in place of its flag;
//   3. the chosen `[profile.NAME]` of briefing.toml;
//   4. the top of briefing.toml (`data`, `templates`, `out`, `languages`);
//   5. the defaults: ./data and ./templates when there is no project file,
//      else the built-in ones; out/; every language; PDF/UA-1; PDF only.
//
// Paths from the command line are relative to the current folder; paths in
// briefing.toml to the folder that holds it, wherever the command is run.
// `--strict` only switches checks on: any of flag, variable or profile does.

/// Where a command runs: the project file above the current folder, if any.
#[derive(Debug, Default)]
pub struct Context {
    /// The nearest briefing.toml in the current folder or above.
    pub project: Option<Project>,
}

impl Context {
    /// Looks for briefing.toml from the current folder upward.
    pub fn find() -> Result<Context, Diagnostics> {
        Ok(Context { project: file::find(Path::new("."))? })
    }

    /// The profile called `name`, which needs a project file to be in.
    pub fn profile<'a>(&'a self, name: &'a str) -> Result<(&'a str, &'a Profile), Diagnostic> {
        let project = self.project.as_ref().ok_or_else(|| {
            Diagnostic::usage(format!(
                "--profile {name}: there is no {} in this folder or any above it",
                file::FILE_NAME
            ))
            .hint("run the command inside a project (`briefing init DIR` writes one), or leave --profile out")
        })?;
        Ok((name, project.profile(name)?))
    }

    /// The output folder: the flag's, else the profile's, else the project
    /// file's, else `out`.
    pub fn out(&self, flag: Option<&Path>, profile: Option<(&str, &Profile)>) -> PathBuf {
        match (flag, &self.project) {
            (Some(dir), _) => dir.to_path_buf(),
            (None, Some(project)) => project.out_dir(profile),
            (None, None) => PathBuf::from("out"),
        }
    }
}

/// The one line a build prints when it falls back to the built-in dataset.
pub const SAMPLE_NOTE: &str =
    "no briefing.toml or data/ here: building the built-in sample dataset";

/// Where the dataset and templates are: a flag's folder, else the project
/// file's, else `./data` / `./templates` when present, else the built-in ones.
pub fn inputs(args: &InputArgs, context: &Context) -> Result<Inputs, Diagnostic> {
    let project = context.project.as_ref();
    let data = match (&args.data, project) {
        (Some(dir), _) => {
            if !dir.is_dir() {
                return Err(Diagnostic::error(format!("data folder {} does not exist", dir.display()))
                    .hint("pass an existing folder with --data, or leave it out to use the project's, ./data or the built-in dataset"));
            }
            DataSource::Dir(dir.clone())
        }
        (None, Some(project)) => {
            let dir = project.data_dir();
            if !dir.is_dir() {
                return Err(Diagnostic::error(format!(
                    "the project's data folder {} does not exist",
                    dir.display()
                ))
                .hint(format!(
                    "create it, or set `data = \"…\"` in {}",
                    project.root.join(file::FILE_NAME).display()
                )));
            }
            DataSource::Dir(dir)
        }
        (None, None) if Path::new("data").is_dir() => DataSource::Dir(PathBuf::from("data")),
        (None, None) => DataSource::Embedded,
    };
    let templates = match (&args.templates, project) {
        (Some(dir), _) => TemplateSource::Dir(canonical_dir(dir, "templates")?),
        (None, Some(project)) => match project.templates_dir() {
            Some(dir) => TemplateSource::Dir(canonical_dir(&dir, "the project's templates")?),
            None => TemplateSource::Embedded,
        },
        (None, None) if Path::new("templates").is_dir() => {
            TemplateSource::Dir(canonical_dir(Path::new("templates"), "templates")?)
        }
        (None, None) => TemplateSource::Embedded,
    };
    Ok(Inputs { data, templates })
}

fn canonical_dir(dir: &Path, what: &str) -> Result<PathBuf, Diagnostic> {
    dir.canonicalize()
        .ok()
        .filter(|p| p.is_dir())
        .ok_or_else(|| Diagnostic::error(format!("{what} folder {} does not exist", dir.display())))
}

/// Turns selection flags into a [`Selection`]; without `--lang`, the
/// project file's `languages`.
pub fn selection(args: &SelectionArgs, context: &Context) -> Selection {
    let langs = match (&args.lang, &context.project) {
        (langs, Some(project)) if langs.is_empty() => {
            project.file.languages.clone().unwrap_or_default()
        }
        (langs, _) => langs.clone(),
    };
    Selection {
        kinds: args.kind.iter().map(|&k| k.into()).collect(),
        scopes: args.scope.clone(),
        langs,
        handout_layout: Default::default(),
        audience: args.audience.clone(),
        draft: false,
        portion_marks: false,
        allow_fallback: args.allow_fallback,
    }
}

/// Resolves `build` (and `watch`, `serve`) arguments into one [`BuildConfig`].
pub fn build_config(args: &BuildArgs, context: &Context) -> Result<BuildConfig, Diagnostics> {
    let profile = args.profile.as_deref().map(|name| context.profile(name)).transpose()?;
    let settings = profile.map(|(_, p)| p);
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let pdf_standard = match args.pdf_standard.as_slice() {
        [] => from_file(context, "pdf_standard", settings.and_then(|p| p.pdf_standard.as_ref()))?
            .unwrap_or_else(|| vec![PdfStandardArg::Ua1]),
        given => given.to_vec(),
    };
    let format = match args.format.as_slice() {
        [] => from_file(context, "format", settings.and_then(|p| p.format.as_ref()))?
            .unwrap_or_else(|| vec![FormatArg::Pdf]),
        given => given.to_vec(),
    };
    let pdf_standards: Vec<_> = pdf_standard.iter().map(|&s| s.into()).collect();
    crate::typeset::pdf_standards(&pdf_standards).map_err(|d| Diagnostic { usage: true, ..d })?;
    let formats: Vec<_> = format.iter().map(|&f| f.into()).collect();
    let formats = Formats::new(&formats, f32::from(args.ppi));
    let mut selection = selection(&args.select, context);
    if selection.audience.is_none() {
        selection.audience = settings.and_then(|p| p.audience.clone());
    }
    if formats.pptx_only() {
        decks_only(&mut selection)?;
    }
    let out = context.out(args.out.as_deref(), profile);
    if let Some((name, Profile { audience: Some(audience), .. })) = profile {
        one_audience(&out, name, audience)?;
    }
    Ok(BuildConfig {
        inputs: inputs(&args.input, context)?,
        selection: Selection {
            handout_layout: args.handout_layout.into(),
            draft: args.draft,
            portion_marks: args.portion_marks,
            ..selection
        },
        out,
        source_date_epoch: args.source_date_epoch,
        jobs,
        quiet: args.quiet,
        strict: args.strict.strict || settings.is_some_and(|p| p.strict),
        emit_data: args.emit_data.clone(),
        emit_typst: args.emit_typst.clone(),
        pdf_standards,
        formats,
        pptx_editable: args.pptx_editable,
        shard: None,
    })
}

/// The values of a list in the project file, spelt as the flag of the same
/// name takes them; a wrong one is located in the file.
fn from_file<T: ValueEnum>(
    context: &Context,
    key: &str,
    values: Option<&Vec<Spanned<String>>>,
) -> Result<Option<Vec<T>>, Diagnostics> {
    let Some(values) = values else { return Ok(None) };
    let mut diags = Diagnostics::default();
    let mut parsed = Vec::new();
    for value in values {
        match T::from_str(value.get_ref(), true) {
            Ok(v) => parsed.push(v),
            Err(_) => {
                let names: Vec<String> = T::value_variants()
                    .iter()
                    .filter_map(|v| v.to_possible_value().map(|p| p.get_name().to_owned()))
                    .collect();
                let mut d = Diagnostic::error(format!("unknown {key} `{}`", value.get_ref()))
                    .hint(format!("expected one of {}", names.join(", ")));
                if let Some(project) = &context.project {
                    d = d.at(&project.source, value.span());
                }
                if let Some(near) = closest(value.get_ref(), names.iter().map(String::as_str)) {
                    d = d.hint(format!("did you mean `{near}`?"));
                }
                diags.push(d);
            }
        }
    }
    if diags.has_errors() { Err(diags) } else { Ok(Some(parsed)) }
}

/// A profile's folder holds one audience: documents an earlier build of
/// another audience left there (as its manifest.json lists them) are refused
/// before anything is written.
fn one_audience(out: &Path, profile: &str, audience: &str) -> Result<(), Diagnostic> {
    let Ok(bytes) = std::fs::read(out.join("manifest.json")) else { return Ok(()) };
    let Ok(manifest) = serde_json::from_slice::<serde_json::Value>(&bytes) else { return Ok(()) };
    let documents = manifest.get("documents").and_then(|d| d.as_array());
    let other = documents
        .into_iter()
        .flatten()
        .find_map(|d| d.get("audience").and_then(|a| a.as_str()).filter(|&a| a != audience));
    match other {
        None => Ok(()),
        Some(other) => Err(Diagnostic::usage(format!(
            "{} holds documents for the audience `{other}`, and profile `{profile}` builds for `{audience}`: one folder, one audience",
            out.display()
        ))
        .hint(format!("remove them with `briefing clean --out {}`, or give the profile another `out`", out.display()))),
    }
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
