//! One function per subcommand: run it, print what the user needs, return success.

use std::path::Path;

use super::progress::{self, Progress};
use super::report::{Outcome, eprint_warnings, print_bytes, print_text};
use super::{BuildArgs, ChartsArgs, Command, DiagnosticFormat, InitArgs, ListArgs, ValidateArgs};
use super::{resolve, schema, serve, watch};
use crate::assets;
use crate::build;
use crate::diag::Diagnostic;
use crate::project;

/// Runs one subcommand.
pub fn run(command: Command, format: DiagnosticFormat) -> Outcome {
    match command {
        Command::Build(args) => build(&args, format),
        Command::Watch(args) => watch::run(&args, format),
        Command::Serve(args) => serve::run(&args, format),
        Command::Validate(args) => validate(&args, format),
        Command::List(args) => list(&args),
        Command::Charts(args) => charts(&args, format),
        Command::Init(args) => init(&args),
        Command::Completions(args) => {
            let mut cmd = <super::Cli as clap::CommandFactory>::command();
            let mut buf = Vec::new();
            clap_complete::generate(args.shell, &mut cmd, "briefing", &mut buf);
            print_bytes(&buf)
        }
        Command::Man => {
            let cmd = <super::Cli as clap::CommandFactory>::command();
            let mut buf = Vec::new();
            clap_mangen::Man::new(cmd)
                .render(&mut buf)
                .map_err(|e| Diagnostic::error(format!("cannot write the manual page: {e}")))?;
            print_bytes(&buf)
        }
        Command::Schema => print_text(&schema::dataset_schema().map_err(Diagnostic::error)?),
    }
}

fn build(args: &BuildArgs, format: DiagnosticFormat) -> Outcome {
    let started = std::time::Instant::now();
    let config = resolve::build_config(args)?;
    let progress = Progress::new(progress::Mode::detect(config.quiet), &config.out);
    let result =
        build::build_with(&config, &build::Run { observer: &progress, ..Default::default() });
    progress.finish();
    let report = result?;
    eprint_warnings(&report.warnings, format);
    if !config.quiet {
        let (documents, pages) = report.totals();
        print_text(&format!(
            "{} built ({}) in {:.1} s\n",
            crate::diag::counted(documents, "document"),
            crate::diag::counted(pages, "page"),
            started.elapsed().as_secs_f64()
        ))?;
    }
    Ok(())
}

fn validate(args: &ValidateArgs, format: DiagnosticFormat) -> Outcome {
    let inputs = resolve::inputs(&args.input)?;
    let loaded = project::load_dataset(&inputs.data);
    let (ds, mut warnings) =
        if args.strict.strict { crate::dataset::validate::strictly(loaded) } else { loaded }?;
    // Every declared language must be complete, in the data and in the label files.
    project::load_locales(&inputs, &ds, ds.info.languages.get_ref(), false, &mut warnings)?;
    eprint_warnings(&warnings, format);
    print_text(&format!(
        "dataset `{}` is valid: {} branches, {} operations, {} bases, {} figures, {} events, in {}\n",
        ds.info.id,
        ds.branches.len(),
        ds.operations.len(),
        ds.bases.len(),
        ds.figures.len(),
        ds.events.len(),
        ds.info.languages.get_ref().join(", ")
    ))
}

fn list(args: &ListArgs) -> Outcome {
    let inputs = resolve::inputs(&args.input)?;
    let prepared = build::prepare(&inputs, &resolve::selection(&args.select))?;
    let names: String = prepared.plans.iter().map(|p| p.file_name() + "\n").collect();
    print_text(&names)
}

fn charts(args: &ChartsArgs, format: DiagnosticFormat) -> Outcome {
    let inputs = resolve::inputs(&args.input)?;
    let (files, warnings) = build::export::export_charts(
        &inputs,
        args.lang.as_deref(),
        args.audience.as_deref(),
        &args.out,
    )?;
    eprint_warnings(&warnings, format);
    let lines: String =
        files.iter().map(|f| format!("wrote {}\n", args.out.join(f).display())).collect();
    print_text(&lines)
}

fn init(args: &InitArgs) -> Outcome {
    let dir = &args.dir;
    for sub in ["data", "templates"] {
        if dir.join(sub).exists() {
            return Err(Diagnostic::error(format!("{} already exists", dir.join(sub).display()))
                .hint("init never overwrites: choose a new folder")
                .into());
        }
    }
    let write = |rel: &str, bytes: &[u8]| -> Result<(), Diagnostic> {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                Diagnostic::error(format!("cannot create {}: {e}", parent.display()))
            })?;
        }
        std::fs::write(&path, bytes)
            .map_err(|e| Diagnostic::error(format!("cannot write {}: {e}", path.display())))
    };
    for (rel, bytes) in assets::files(&assets::DEFAULT_DATA) {
        // Data files point editors at the schema written beside `data/`.
        let is_data_file = rel.ends_with(".toml") && !rel.contains('/');
        let bytes = if is_data_file { schema::with_schema_line(bytes) } else { bytes.to_vec() };
        write(&format!("data/{rel}"), &bytes)?;
    }
    let dataset_schema = schema::dataset_schema().map_err(Diagnostic::error)?;
    write(schema::SCHEMA_FILE, dataset_schema.as_bytes())?;
    for (rel, bytes) in assets::files(&assets::DEFAULT_TEMPLATES) {
        write(&format!("templates/{rel}"), bytes)?;
    }
    if !dir.join("README.md").exists() {
        write("README.md", PROJECT_README.as_bytes())?;
    }
    print_text(&format!(
        "created a briefing project in {}\nnext: cd {} && briefing validate && briefing build\n",
        dir.display(),
        shell_path(dir)
    ))
}

fn shell_path(p: &Path) -> String {
    p.display().to_string()
}

const PROJECT_README: &str = "# Briefing project\n\n\
This folder was created by `briefing init`.\n\n\
- `data/`: the dataset, TOML files (see the format guide that ships with briefing: docs/dataset.md).\n\
- `templates/`: the Typst templates and label files (`i18n/<lang>.toml`).\n\n\
Run `briefing validate` to check the data, `briefing build` to write the PDFs into `out/`.\n\
Fonts are built into briefing; templates may only use the families it ships.\n";
