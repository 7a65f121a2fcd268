//! `briefing man` and `briefing completions`: the manual pages, one per
//! subcommand, and shell completion scripts that ask the current project for
//! its scopes, languages, audiences and profiles.

use std::path::Path;

use clap::CommandFactory;

use super::Cli;
use super::report::{Outcome, print_bytes, print_text};
use crate::diag::Diagnostic;

/// Exit codes, as main.rs maps outcomes to them.
const EXIT_STATUS: &[(&str, &str)] = &[
    ("0", "Success."),
    ("1", "A problem in the data, the templates or the output: every problem is printed."),
    (
        "2",
        "A usage error: a flag, a value the dataset does not have (a scope, language, audience), an unknown profile.",
    ),
    ("130, 143", "Interrupted (Ctrl-C, SIGTERM); partly written files are removed."),
];

/// The environment variables briefing reads.
const ENVIRONMENT: &[(&str, &str)] = &[
    ("BRIEFING_PROFILE", "The profile of briefing.toml to build with, as --profile."),
    ("BRIEFING_STRICT", "Set to anything but 0 or false: as --strict."),
    (
        "SOURCE_DATE_EPOCH",
        "Build date as Unix seconds, stamped into the PDFs, as --source-date-epoch.",
    ),
    (
        "BRIEFING_OPENER",
        "A program that opens the documents for --open instead of the system viewer.",
    ),
    ("CI", "When set (not 0 or false), progress is one plain line per document."),
];

/// Examples per subcommand (the page of `briefing` itself under "").
fn examples(name: &str) -> &'static [(&'static str, &'static str)] {
    match name {
        "" => &[
            ("briefing init mission && cd mission", "start a project"),
            ("briefing build --profile public", "the public documents, into out/public"),
        ],
        "build" => &[
            ("briefing build", "every document, into out/ (or the project's folder)"),
            ("briefing build --profile internal", "the internal profile of briefing.toml"),
            (
                "briefing build --scope air --lang en --open",
                "one branch, one language, then open it",
            ),
            ("briefing build --kind deck --format pdf,png", "decks, with a PNG per slide"),
        ],
        "watch" => {
            &[("briefing watch --scope air --lang en", "rebuild one branch on every change")]
        }
        "serve" => &[("briefing serve --open", "every document, live in the browser")],
        "validate" => &[("briefing validate --strict", "check the data as a release build would")],
        "list" => &[
            ("briefing list --lang en", "the documents a build would write"),
            ("briefing list --scopes", "the dataset's scopes, one a line"),
        ],
        "charts" => &[("briefing charts --lang en --out charts", "every chart as SVG and PNG")],
        "init" => &[("briefing init mission", "a new project in ./mission")],
        "new" => &[
            ("briefing new base vilnius", "a [[base]] to fill in, in the file holding the bases"),
            ("briefing validate", "lists the blanks the new item still has"),
        ],
        "clean" => &[("briefing clean --profile internal", "remove what the internal build wrote")],
        "completions" => &[(
            "briefing completions bash > ~/.local/share/bash-completion/completions/briefing",
            "bash completion",
        )],
        "man" => &[("briefing man --out /usr/local/share/man/man1", "every manual page")],
        "help-topic" => &[("briefing help-topic project", "how briefing.toml is read")],
        _ => &[],
    }
}

/// Escapes text for roff: backslashes, hyphens, and a leading dot or quote.
fn roff(text: &str) -> String {
    let text = text.replace('\\', "\\\\").replace('-', "\\-");
    if text.starts_with(['.', '\'']) { format!("\\&{text}") } else { text }
}

/// The EXIT STATUS, ENVIRONMENT and EXAMPLES sections of a page.
fn sections(name: &str) -> String {
    let mut s = String::from(".SH \"EXIT STATUS\"\n");
    for (code, what) in EXIT_STATUS {
        s += &format!(".TP\n\\fB{}\\fR\n{}\n", roff(code), roff(what));
    }
    s += ".SH ENVIRONMENT\n";
    for (var, what) in ENVIRONMENT {
        s += &format!(".TP\n\\fB{}\\fR\n{}\n", roff(var), roff(what));
    }
    s += ".SH EXAMPLES\n";
    for (command, what) in examples(name) {
        s += &format!(".TP\n\\fB{}\\fR\n{}\n", roff(command), roff(what));
    }
    s
}

/// One manual page: clap's sections, then ours before VERSION.
fn page(cmd: clap::Command, name: &str) -> Result<Vec<u8>, Diagnostic> {
    // The examples of `--help` become the EXAMPLES section, not clap's "EXTRA".
    let cmd = cmd.after_help(None::<&'static str>).after_long_help(None::<&'static str>);
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd)
        .render(&mut buf)
        .map_err(|e| Diagnostic::error(format!("cannot write the manual page: {e}")))?;
    let text = String::from_utf8_lossy(&buf).into_owned();
    let at = text.find(".SH VERSION").unwrap_or(text.len());
    Ok(format!("{}{}{}", &text[..at], sections(name), &text[at..]).into_bytes())
}

/// The full command, built as clap shows it (display names `briefing-build`).
fn command() -> clap::Command {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    cmd
}

/// `briefing man`: briefing.1 on standard output, or with `--out DIR`
/// briefing.1 and briefing-<subcommand>.1 for each subcommand into DIR.
pub fn man(out: Option<&Path>) -> Outcome {
    let cmd = command();
    let Some(dir) = out else { return print_bytes(&page(cmd, "")?) };
    std::fs::create_dir_all(dir)
        .map_err(|e| Diagnostic::error(format!("cannot create {}: {e}", dir.display())))?;
    let mut pages = vec![("briefing.1".to_owned(), page(cmd.clone(), "")?)];
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = sub.get_name().to_owned();
        pages.push((format!("briefing-{name}.1"), page(sub.clone(), &name)?));
    }
    let mut lines = String::new();
    for (file, bytes) in pages {
        let path = dir.join(&file);
        std::fs::write(&path, bytes)
            .map_err(|e| Diagnostic::error(format!("cannot write {}: {e}", path.display())))?;
        lines += &format!("wrote {}\n", path.display());
    }
    print_text(&lines)
}

/// The flags whose values come from the current project, and the `list`
/// flag that prints them.
const DYNAMIC: &[(&str, &str)] = &[
    ("scope", "--scopes"),
    ("lang", "--langs"),
    ("audience", "--audiences"),
    ("profile", "--profiles"),
];

/// `briefing completions SHELL`: clap's script, with the values of
/// `--scope`, `--lang`, `--audience` and `--profile` asked of
/// `briefing list` when completing (bash, zsh, fish), so they are the
/// current project's. clap_complete's own dynamic completion would switch
/// on a feature of clap and rebuild it for everyone, for the same result.
pub fn completions(shell: clap_complete::Shell) -> Outcome {
    let mut cmd = Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "briefing", &mut buf);
    let script = String::from_utf8_lossy(&buf).into_owned();
    print_text(&dynamic(shell, &script))
}

/// Rewrites the completion of each [`DYNAMIC`] flag in a generated script.
fn dynamic(shell: clap_complete::Shell, script: &str) -> String {
    use clap_complete::Shell;
    let ask = |list: &str| format!("briefing list {list} 2>/dev/null");
    match shell {
        Shell::Bash => {
            // clap writes, per flag: `--scope)` newline `COMPREPLY=($(compgen -f "${cur}"))`.
            let mut out = String::with_capacity(script.len());
            let mut flag: Option<&str> = None;
            for line in script.lines() {
                let trimmed = line.trim();
                let replaced = match flag.take() {
                    Some(list) if trimmed.starts_with("COMPREPLY=") => {
                        let indent = &line[..line.len() - line.trim_start().len()];
                        Some(format!(
                            "{indent}COMPREPLY=($(compgen -W \"$({})\" -- \"${{cur}}\"))",
                            ask(list)
                        ))
                    }
                    _ => None,
                };
                flag = DYNAMIC
                    .iter()
                    .find(|(f, _)| trimmed == format!("--{f})"))
                    .map(|&(_, list)| list);
                out += replaced.as_deref().unwrap_or(line);
                out.push('\n');
            }
            out
        }
        Shell::Zsh => {
            let mut out = script.to_owned();
            for (flag, list) in DYNAMIC {
                let name = flag.to_uppercase();
                out = out.replace(
                    &format!(":{name}:_default'"),
                    &format!(":{name}:{{compadd -- $({})}}'", ask(list)),
                );
            }
            out
        }
        Shell::Fish => script
            .lines()
            .map(|line| {
                let dynamic = DYNAMIC.iter().find(|(f, _)| line.contains(&format!(" -l {f} ")));
                match dynamic {
                    Some((_, list)) => format!("{line} -f -a \"({})\"\n", ask(list)),
                    None => format!("{line}\n"),
                }
            })
            .collect(),
        _ => script.to_owned(),
    }
}
