//! Command-line arguments, as the user types them.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

mod clean;
mod commands;
mod init;
mod manual;
mod progress;
mod report;
mod resolve;
mod scaffold;
mod schema;
mod serve;
mod values;
mod watch;

pub use commands::run;
pub use report::print_diagnostics;
pub use scaffold::NewArgs;
pub use values::{FormatArg, HandoutLayoutArg, KindArg, PdfStandardArg};

/// `briefing --version`: its own version and the Typst it typesets with.
const VERSION: &str =
    concat!(env!("CARGO_PKG_VERSION"), " (typst ", env!("BRIEFING_TYPST_VERSION"), ")");

/// Turns a mission dataset into printable briefing documents.
#[derive(Debug, Parser)]
#[command(name = "briefing", version = VERSION, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// How to print errors and warnings: `human` (source snippets), `json` (one object per line) or `github` (workflow annotations).
    #[arg(long, global = true, value_name = "FORMAT", default_value = "human")]
    pub diagnostic_format: DiagnosticFormat,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiagnosticFormat {
    /// Message, `file:line:col`, the line with a caret, hints.
    Human,
    /// One JSON object per line: file, line, column, severity, message, hints.
    Json,
    /// GitHub Actions annotations: `::error file=…,line=…,col=…::message`, one per line.
    Github,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build documents as PDF into the output folder.
    #[command(after_help = BUILD_EXAMPLES)]
    Build(BuildCommandArgs),
    /// Build, then rebuild the documents whose data or templates change, until interrupted.
    Watch(WatchArgs),
    /// Build and rebuild as `watch` does, and show the documents in the browser, live.
    #[command(after_help = SERVE_EXAMPLES)]
    Serve(ServeArgs),
    /// Check the dataset and print every problem found.
    Validate(ValidateArgs),
    /// Print the documents a build would write, one per line.
    List(ListArgs),
    /// Export every chart of the dataset as standalone SVG and PNG, named after its id.
    Charts(ChartsArgs),
    /// Write a new briefing project into DIR: briefing.toml with public and internal profiles, .gitignore, the default dataset and templates.
    Init(InitArgs),
    /// Add a starter item to the dataset: `new base vilnius` appends a `[[base]]` to the file holding the bases, its blanks marked "TODO: …".
    #[command(
        after_help = "Examples:\n  briefing new base vilnius         a [[base]] to fill in, in the file holding the bases\n  briefing new figure rotations     a [[figure]]; `briefing validate` lists what is left to fill"
    )]
    New(NewArgs),
    /// Remove what the last builds wrote into the output folder, as its manifest.json lists it, and nothing else.
    Clean(CleanArgs),
    /// Join the output folders of a sharded build (`build --shard I/N`) into one, with one manifest.json and SHA256SUMS.
    MergeManifests(MergeArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(CompletionsArgs),
    /// Print the manual page (roff), or with `--out DIR` write one per subcommand.
    #[command(
        after_help = "Examples:\n  briefing man > briefing.1\n  briefing man --out man/     briefing.1, briefing-build.1, …"
    )]
    Man(ManArgs),
    /// Print a JSON Schema of the dataset files, for editors (`#:schema` in taplo, Even Better TOML).
    Schema,
    /// Print a guide that ships with briefing: `project` (briefing.toml) or `dataset` (the data files).
    HelpTopic(HelpTopicArgs),
}

/// Arguments of `briefing man`.
#[derive(Debug, Clone, Args)]
pub struct ManArgs {
    /// Write briefing.1 and briefing-<subcommand>.1 into DIR instead of printing briefing.1.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// Arguments of `briefing help-topic`.
#[derive(Debug, Clone, Args)]
pub struct HelpTopicArgs {
    /// Which guide.
    pub topic: HelpTopic,
}

/// The guides `briefing help-topic` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum HelpTopic {
    /// briefing.toml: folders, languages, profiles, and which setting wins.
    Project,
    /// The dataset's files and fields.
    Dataset,
}

/// Arguments of `briefing clean`.
#[derive(Debug, Clone, Args)]
pub struct CleanArgs {
    /// Output folder to clean [default: the profile's, else briefing.toml's `out`, else out].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Clean the output folder of this profile of briefing.toml.
    #[arg(long, env = "BRIEFING_PROFILE", value_name = "NAME")]
    pub profile: Option<String>,
}

/// Arguments of `briefing completions`.
#[derive(Debug, Clone, Args)]
pub struct CompletionsArgs {
    /// The shell.
    pub shell: clap_complete::Shell,
}

/// Arguments of `briefing charts`.
#[derive(Debug, Clone, Args)]
pub struct ChartsArgs {
    /// Inputs.
    #[command(flatten)]
    pub input: InputArgs,
    /// Output folder [default: charts/ in the project's output folder, else out/charts].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Language of the chart labels [default: the dataset's first language].
    #[arg(long, value_name = "LANG", value_parser = clap::builder::NonEmptyStringValueParser::new())]
    pub lang: Option<String>,
    /// Marking level of the audience; charts, and items in them, marked above it are left out [default: the lowest level].
    #[arg(long, value_name = "LEVEL", value_parser = clap::builder::NonEmptyStringValueParser::new())]
    pub audience: Option<String>,
}

/// Examples under `briefing build --help`.
const BUILD_EXAMPLES: &str = "\
Examples:
  briefing build                                   every document, into out/
  briefing build --scope air --lang en             one branch, one language
  briefing build --profile internal                the internal profile of briefing.toml, into its folder
  briefing build --audience internal --out internal   the internal versions, in a folder of their own
  briefing build --open --scope air --lang en      build, then open the PDFs
  briefing build --kind deck --format pdf,png      decks, with a PNG per slide";

/// Where the dataset and templates come from.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Input")]
pub struct InputArgs {
    /// Dataset folder [default: briefing.toml's `data`, else ./data if it exists, else the built-in dataset].
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// Templates folder [default: briefing.toml's `templates`, else ./templates if it exists, else the built-in templates].
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

/// `--strict`: the data checks' warnings (an item that names no source, an
/// item older than `max_age`) are errors, for release builds in CI.
#[derive(Debug, Clone, Args)]
pub struct StrictArgs {
    /// Fail on the warnings of the data checks: an item that names no source, an item older than the dataset's `max_age`.
    #[arg(long, env = "BRIEFING_STRICT", help_heading = "Checks", value_parser = clap::builder::FalseyValueParser::new(), action = clap::ArgAction::SetTrue)]
    pub strict: bool,
}

/// Arguments of `briefing validate`.
#[derive(Debug, Clone, Args)]
pub struct ValidateArgs {
    /// Inputs.
    #[command(flatten)]
    pub input: InputArgs,
    /// Strictness.
    #[command(flatten)]
    pub strict: StrictArgs,
}

/// Which documents to build.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Selection")]
pub struct SelectionArgs {
    /// Scopes: branch ids of the dataset and `combined` [default: all].
    #[arg(long, value_delimiter = ',', value_name = "SCOPE", value_parser = clap::builder::NonEmptyStringValueParser::new())]
    pub scope: Vec<String>,
    /// Kinds of document [default: all].
    #[arg(long, value_delimiter = ',', value_name = "KIND")]
    pub kind: Vec<KindArg>,
    /// Languages, or `all` [default: every language the dataset declares].
    #[arg(long, value_delimiter = ',', value_name = "LANG", value_parser = clap::builder::NonEmptyStringValueParser::new())]
    pub lang: Vec<String>,
    /// Marking level of the audience; items marked above it are left out [default: the lowest level].
    #[arg(long, value_name = "LEVEL", value_parser = clap::builder::NonEmptyStringValueParser::new())]
    pub audience: Option<String>,
    /// Where a text or label lacks a translation, print the dataset's first language instead, with a warning per string [default: fail].
    #[arg(long)]
    pub allow_fallback: bool,
}

/// Arguments of `briefing build`.
#[derive(Debug, Clone, Args)]
pub struct BuildArgs {
    /// Inputs.
    #[command(flatten)]
    pub input: InputArgs,
    /// Selection.
    #[command(flatten)]
    pub select: SelectionArgs,
    /// Build settings of a `[profile.NAME]` of briefing.toml: audience, output folder, PDF standards, formats, strictness; flags override them.
    #[arg(long, env = "BRIEFING_PROFILE", value_name = "NAME", value_parser = clap::builder::NonEmptyStringValueParser::new(), help_heading = "Input")]
    pub profile: Option<String>,
    /// Output folder [default: the profile's, else briefing.toml's `out`, else out].
    #[arg(long, value_name = "DIR", help_heading = "Output")]
    pub out: Option<PathBuf>,
    /// PDF standards to conform to: ua-1 (tagged, accessible), a-2b, a-2a, a-3b; comma-separated [default: the profile's, else ua-1].
    #[arg(long, value_delimiter = ',', value_name = "STANDARD", help_heading = "Documents")]
    pub pdf_standard: Vec<PdfStandardArg>,
    /// Print a DRAFT watermark on every page.
    #[arg(long, help_heading = "Documents")]
    pub draft: bool,
    /// Print portion marks such as "(P)" before paragraphs.
    #[arg(long, help_heading = "Documents")]
    pub portion_marks: bool,
    /// Handout layout: 1, 2, 3, 4 or 6 slides a page, or `notes` (one slide with its notes).
    #[arg(long, value_name = "LAYOUT", default_value = "3", help_heading = "Documents")]
    pub handout_layout: HandoutLayoutArg,
    /// Also write, per document, `DIR/<document>/` with `main.typ`, the data, charts and fonts,
    /// so that stock `typst compile --ignore-system-fonts --font-path DIR/<document> DIR/<document>/main.typ`
    /// produces the same document.
    #[arg(long, value_name = "DIR", help_heading = "Output")]
    pub emit_typst: Option<PathBuf>,
    /// Also write each document's template data as `DIR/<document>.json` (for template authors).
    #[arg(long, value_name = "DIR", help_heading = "Output")]
    pub emit_data: Option<PathBuf>,
    /// What to write per document: pdf, png and svg (one image per page, plus a page-1
    /// thumbnail), thumb (the thumbnail only), pptx (decks only: a PowerPoint file), html
    /// (a web page per fact sheet and an index.html); comma-separated [default: the profile's, else pdf].
    #[arg(long, value_delimiter = ',', value_name = "FORMAT", help_heading = "Output")]
    pub format: Vec<FormatArg>,
    /// With `--format pptx`: title, text and key-figure slides get their text as native,
    /// editable PowerPoint text boxes (charts, maps and tables stay pictures).
    #[arg(long, help_heading = "Output")]
    pub pptx_editable: bool,
    /// Resolution of page PNGs in pixels per inch (1 to 600).
    #[arg(long, value_name = "PPI", help_heading = "Output", default_value_t = crate::output::images::DEFAULT_PPI, value_parser = clap::value_parser!(u16).range(1..=i64::from(crate::output::images::MAX_PPI)))]
    pub ppi: u16,
    /// Build date as Unix seconds, stamped into the PDFs [default: the dataset's as-of date].
    #[arg(long, env = "SOURCE_DATE_EPOCH", value_name = "SECONDS", value_parser = source_date_epoch, help_heading = "Build")]
    pub source_date_epoch: Option<i64>,
    /// Documents compiled at once, 1 or more [default: number of cores].
    #[arg(long, short = 'j', value_name = "N", value_parser = jobs, help_heading = "Build")]
    pub jobs: Option<usize>,
    /// Print only errors.
    #[arg(long, short = 'q', help_heading = "Build")]
    pub quiet: bool,
    /// Strictness.
    #[command(flatten)]
    pub strict: StrictArgs,
}

/// Arguments of `briefing build`: the build, and what to do after it.
#[derive(Debug, Clone, Args)]
pub struct BuildCommandArgs {
    /// The build.
    #[command(flatten)]
    pub build: BuildArgs,
    /// Open the built documents with the system's viewer: a web build's index.html, else each PDF, or their folder when there are more than 8.
    #[arg(long, help_heading = "Output")]
    pub open: bool,
    /// Typeset every document, also those whose inputs and files are unchanged since the manifest's build.
    #[arg(long, help_heading = "Build")]
    pub force: bool,
    /// Build only part I of N of the selection, for a CI matrix; join the parts' folders with `briefing merge-manifests`.
    #[arg(long, value_name = "I/N", help_heading = "Build")]
    pub shard: Option<crate::build::Shard>,
}

/// Arguments of `briefing merge-manifests`.
#[derive(Debug, Clone, Args)]
pub struct MergeArgs {
    /// The output folders of the shards (`briefing build --shard I/N --out DIR`).
    #[arg(required = true, value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
    /// Folder to copy every shard's files into, with one manifest.json and SHA256SUMS.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

/// Arguments of `briefing watch`: those of `build`.
#[derive(Debug, Clone, Args)]
pub struct WatchArgs {
    /// The build to repeat.
    #[command(flatten)]
    pub build: BuildArgs,
    /// Quiet time after a change before rebuilding, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 30, help_heading = "Watch")]
    pub debounce: u64,
}

/// Arguments of `briefing serve`: those of `watch`, and where to serve.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// The build to repeat and show.
    #[command(flatten)]
    pub watch: WatchArgs,
    /// Port to serve on [default: a free one the system chooses].
    #[arg(long, value_name = "PORT", help_heading = "Serve")]
    pub port: Option<u16>,
    /// Address to serve on; anything but 127.0.0.1, ::1 or localhost lets other machines read the documents.
    #[arg(long, value_name = "ADDRESS", default_value = "127.0.0.1", help_heading = "Serve")]
    pub host: String,
    /// Open the page in the default browser.
    #[arg(long, help_heading = "Serve")]
    pub open: bool,
}

/// Examples under `briefing serve --help`.
const SERVE_EXAMPLES: &str = "\
Examples:
  briefing serve --open                            every document, in the browser
  briefing serve --scope air --lang en --port 8000   one branch, at http://127.0.0.1:8000/";

/// Arguments of `briefing list`.
#[derive(Debug, Clone, Args)]
pub struct ListArgs {
    /// Inputs.
    #[command(flatten)]
    pub input: InputArgs,
    /// Selection.
    #[command(flatten)]
    pub select: SelectionArgs,
    /// Print the dataset's scopes instead, one per line (for shell completion).
    #[arg(long, group = "names", help_heading = "Names")]
    pub scopes: bool,
    /// Print the dataset's languages instead.
    #[arg(long, group = "names", help_heading = "Names")]
    pub langs: bool,
    /// Print the dataset's marking levels (audiences) instead.
    #[arg(long, group = "names", help_heading = "Names")]
    pub audiences: bool,
    /// Print the profiles of briefing.toml instead.
    #[arg(long, group = "names", help_heading = "Names")]
    pub profiles: bool,
}

/// Arguments of `briefing init`.
#[derive(Debug, Clone, Args)]
pub struct InitArgs {
    /// Folder to create (must not already hold briefing.toml, data/ or templates/).
    pub dir: PathBuf,
}

/// `--source-date-epoch` / `SOURCE_DATE_EPOCH`: whole seconds since 1970,
/// with a message that names both, since the variable is set far from the
/// command line (a CI job, a release script).
fn source_date_epoch(value: &str) -> Result<i64, String> {
    value.trim().parse::<i64>().map_err(|_| {
        format!(
            "`{value}` is not a number of seconds since 1970; if the SOURCE_DATE_EPOCH \
             variable is set, it is its value: write e.g. SOURCE_DATE_EPOCH=1764547200, or unset it"
        )
    })
}

/// `--jobs` / `-j`: a count of parallel compilations, at least one.
fn jobs(value: &str) -> Result<usize, String> {
    match value.trim().parse::<usize>() {
        Ok(0) => Err("0 documents at once would build nothing: give 1 or more, or leave \
                       --jobs out to use every core"
            .to_owned()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("`{value}` is not a whole number: give 1 or more")),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_command_line_is_well_formed() {
        // clap checks unique names, groups and defaults only when asked: a
        // clash would otherwise panic in `completions` and `man` alone.
        <super::Cli as clap::CommandFactory>::command().debug_assert();
    }
}
