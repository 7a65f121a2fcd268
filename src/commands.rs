//! One function per subcommand: run it, print what the user needs, return success.

use std::io::Write;
use std::path::Path;

use crate::assets;
use crate::cli::{BuildArgs, ChartsArgs, Command, InitArgs, InputArgs, ListArgs};
use crate::config::{self, BuildConfig, Inputs};
use crate::diag::{Diagnostic, Diagnostics};
use crate::pipeline;

/// How a command ended.
pub type Outcome = Result<(), Diagnostics>;

/// Runs one subcommand.
pub fn run(command: Command) -> Outcome {
    match command {
        Command::Build(args) => build(&args),
        Command::Validate(args) => validate(&args),
        Command::List(args) => list(&args),
        Command::Charts(args) => charts(&args),
        Command::Init(args) => init(&args),
    }
}

fn eprint_warnings(diags: &Diagnostics) {
    if !diags.0.is_empty() {
        eprint!("{}", diags.render());
    }
}

fn build(args: &BuildArgs) -> Outcome {
    let config = BuildConfig::resolve(args)?;
    let report = pipeline::build(&config)?;
    eprint_warnings(&report.warnings);
    if !config.quiet {
        let mut out = std::io::stdout().lock();
        for (file, pages) in &report.written {
            let s = if *pages == 1 { "" } else { "s" };
            let _ = writeln!(out, "wrote {} ({pages} page{s})", config.out.join(file).display());
        }
        let n = report.written.len();
        let _ = writeln!(out, "{n} document{} built", if n == 1 { "" } else { "s" });
    }
    Ok(())
}

fn validate(args: &InputArgs) -> Outcome {
    let inputs = Inputs::resolve(args)?;
    let (ds, warnings) = pipeline::load_dataset(&inputs.data)?;
    eprint_warnings(&warnings);
    println!(
        "dataset `{}` is valid: {} branches, {} operations, {} bases, {} figures, {} events",
        ds.info.id,
        ds.branches.len(),
        ds.operations.len(),
        ds.bases.len(),
        ds.figures.len(),
        ds.events.len()
    );
    Ok(())
}

fn list(args: &ListArgs) -> Outcome {
    let inputs = Inputs::resolve(&args.input)?;
    let (_, plans, _) = pipeline::prepare(&inputs, &config::selection(&args.select))?;
    let mut out = std::io::stdout().lock();
    for p in plans {
        let _ = writeln!(out, "{}", p.file_name);
    }
    Ok(())
}

fn charts(args: &ChartsArgs) -> Outcome {
    let inputs = Inputs::resolve(&args.input)?;
    let files = pipeline::export_charts(&inputs, args.lang.as_deref(), &args.out)?;
    let mut out = std::io::stdout().lock();
    for f in &files {
        let _ = writeln!(out, "wrote {}", args.out.join(f).display());
    }
    Ok(())
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
        write(&format!("data/{rel}"), bytes)?;
    }
    for (rel, bytes) in assets::files(&assets::DEFAULT_TEMPLATES) {
        write(&format!("templates/{rel}"), bytes)?;
    }
    if !dir.join("README.md").exists() {
        write("README.md", PROJECT_README.as_bytes())?;
    }
    println!("created a briefing project in {}", dir.display());
    println!("next: cd {} && briefing validate && briefing build", shell_path(dir));
    Ok(())
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
