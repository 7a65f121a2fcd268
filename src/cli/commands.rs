//! One function per subcommand: run it, print what the user needs, return success.

use super::progress::{self, Progress};
use super::report::{Outcome, eprint_warnings, print_text};
use super::{
    BuildCommandArgs, ChartsArgs, Command, DiagnosticFormat, HelpTopic, ListArgs, MergeArgs,
    ValidateArgs,
};
use super::{clean, init, manual, resolve, scaffold, schema, serve, watch};
use crate::build;
use crate::project::{self, DataSource};

/// Runs one subcommand.
pub fn run(command: Command, format: DiagnosticFormat) -> Outcome {
    match command {
        Command::Build(args) => build(&args, format),
        Command::Watch(args) => watch::run(&args, format),
        Command::Serve(args) => serve::run(&args, format),
        Command::Validate(args) => validate(&args, format),
        Command::List(args) => list(&args),
        Command::Charts(args) => charts(&args, format),
        Command::Init(args) => init::run(&args),
        Command::New(args) => scaffold::run(&args),
        Command::Clean(args) => clean::run(&args),
        Command::MergeManifests(args) => merge_manifests(&args),
        Command::Completions(args) => manual::completions(args.shell),
        Command::Man(args) => manual::man(args.out.as_deref()),
        Command::Schema => {
            print_text(&schema::dataset_schema().map_err(crate::diag::Diagnostic::error)?)
        }
        Command::HelpTopic(args) => print_text(match args.topic {
            HelpTopic::Project => project::file::GUIDE,
            HelpTopic::Dataset => DATASET_GUIDE,
        }),
    }
}

/// docs/dataset.md, built in so that an installed binary can show it.
const DATASET_GUIDE: &str = include_str!("../../docs/dataset.md");

fn build(command: &BuildCommandArgs, format: DiagnosticFormat) -> Outcome {
    let args = &command.build;
    let started = std::time::Instant::now();
    let context = resolve::Context::find()?;
    let config =
        build::BuildConfig { shard: command.shard, ..resolve::build_config(args, &context)? };
    if matches!(config.inputs.data, DataSource::Embedded) && !config.quiet {
        // One line on standard error, where progress goes; JSON lines stay JSON.
        match format {
            DiagnosticFormat::Human => eprintln!("{}", resolve::SAMPLE_NOTE),
            DiagnosticFormat::Github => eprintln!("::notice::{}", resolve::SAMPLE_NOTE),
            DiagnosticFormat::Json => {}
        }
    }
    let before = clean::Previous::read(&config.out);
    let progress = Progress::new(progress::Mode::detect(config.quiet), &config.out);
    let run = build::Run { observer: &progress, reuse: !command.force, ..Default::default() };
    let result = build::build_with(&config, &run);
    progress.finish();
    let report = result?;
    eprint_warnings(&report.warnings, format);
    if !config.quiet {
        let (documents, pages) = report.totals();
        let up_to_date = match report.up_to_date.len() {
            0 => String::new(),
            n => format!(", {n} up to date"),
        };
        print_text(&format!(
            "{} built ({}){up_to_date} in {:.1} s{}\n",
            crate::diag::counted(documents, "document"),
            crate::diag::counted(pages, "page"),
            started.elapsed().as_secs_f64(),
            before.changes(&report.entries)
        ))?;
    }
    if command.open {
        clean::open(&config, &report.entries)?;
    }
    Ok(())
}

fn validate(args: &ValidateArgs, format: DiagnosticFormat) -> Outcome {
    let inputs = resolve::inputs(&args.input, &resolve::Context::find()?)?;
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
    let context = resolve::Context::find()?;
    if args.profiles {
        let names = context.project.iter().flat_map(|p| p.file.profile.keys());
        return print_text(&names.map(|n| format!("{n}\n")).collect::<String>());
    }
    let inputs = resolve::inputs(&args.input, &context)?;
    if args.scopes || args.langs || args.audiences {
        // Names for shell completion: read the dataset, never fail loudly on its checks.
        let (ds, _) = project::load_dataset(&inputs.data)?;
        let names: Vec<String> = if args.scopes {
            crate::plan::scopes(&ds)
        } else if args.langs {
            ds.info.languages.get_ref().clone()
        } else {
            ds.markings.iter().map(|m| m.id.get_ref().clone()).collect()
        };
        return print_text(&names.iter().map(|n| format!("{n}\n")).collect::<String>());
    }
    let prepared = build::prepare(&inputs, &resolve::selection(&args.select, &context))?;
    let names: String = prepared.plans.iter().map(|p| p.file_name() + "\n").collect();
    print_text(&names)
}

fn charts(args: &ChartsArgs, format: DiagnosticFormat) -> Outcome {
    let context = resolve::Context::find()?;
    let inputs = resolve::inputs(&args.input, &context)?;
    let out = args.out.clone().unwrap_or_else(|| context.out(None, None).join("charts"));
    let (files, warnings) = build::export::export_charts(
        &inputs,
        args.lang.as_deref(),
        args.audience.as_deref(),
        &out,
    )?;
    eprint_warnings(&warnings, format);
    let lines: String =
        files.iter().map(|f| format!("wrote {}\n", out.join(f).display())).collect();
    print_text(&lines)
}

fn merge_manifests(args: &MergeArgs) -> Outcome {
    let merged = build::merge::merge(&args.dirs, &args.out)?;
    print_text(&format!(
        "merged {} from {} into {} ({} copied)\n",
        crate::diag::counted(merged.documents, "document"),
        crate::diag::counted(args.dirs.len(), "folder"),
        args.out.display(),
        crate::diag::counted(merged.copied, "file"),
    ))
}
