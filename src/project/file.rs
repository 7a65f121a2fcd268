//! `briefing.toml`, the project file: where a project's data, templates and
//! output live, its default languages, and its build profiles. Found by
//! searching upward from the current folder, as cargo finds `Cargo.toml`;
//! read strictly, so a misspelt key is a located error, not a silent default.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use crate::diag::{Diagnostic, Diagnostics, SourceText, closest};

/// The project file's name.
pub const FILE_NAME: &str = "briefing.toml";

/// A project file as written, paths still relative to its folder.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectFile {
    /// Dataset folder [default: `data`].
    pub data: Option<PathBuf>,
    /// Templates folder [default: `templates` if it exists, else the built-in ones].
    pub templates: Option<PathBuf>,
    /// Output folder of a build without a profile [default: `out`].
    pub out: Option<PathBuf>,
    /// Languages built when `--lang` is not given [default: every language of the dataset].
    pub languages: Option<Vec<String>>,
    /// Named sets of build settings, chosen with `--profile NAME`.
    #[serde(default)]
    pub profile: BTreeMap<String, Spanned<Profile>>,
}

/// One `[profile.NAME]` table: the settings of one kind of build.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Marking level of the audience.
    pub audience: Option<String>,
    /// Output folder [default: `out/NAME`]; no two profiles share one.
    pub out: Option<PathBuf>,
    /// PDF standards, as `--pdf-standard` takes them.
    pub pdf_standard: Option<Vec<Spanned<String>>>,
    /// What to write per document, as `--format` takes them.
    pub format: Option<Vec<Spanned<String>>>,
    /// Fail on the data checks' warnings, as `--strict`.
    #[serde(default)]
    pub strict: bool,
}

/// A project file found and read, with the folder it was found in.
#[derive(Debug, Clone)]
pub struct Project {
    /// The folder holding `briefing.toml`; the file's paths are relative to it.
    pub root: PathBuf,
    /// The file as read.
    pub file: ProjectFile,
    /// Its text, to locate errors found after reading (a bad format name).
    pub source: Arc<SourceText>,
}

impl Project {
    /// The dataset folder.
    pub fn data_dir(&self) -> PathBuf {
        self.root.join(self.file.data.as_deref().unwrap_or(Path::new("data")))
    }

    /// The templates folder, if the project has one.
    pub fn templates_dir(&self) -> Option<PathBuf> {
        match &self.file.templates {
            Some(dir) => Some(self.root.join(dir)),
            None => Some(self.root.join("templates")).filter(|d| d.is_dir()),
        }
    }

    /// The output folder of a build with `profile`, or without one.
    pub fn out_dir(&self, profile: Option<(&str, &Profile)>) -> PathBuf {
        match profile {
            Some((_, Profile { out: Some(out), .. })) => self.root.join(out),
            Some((name, _)) => self.root.join("out").join(name),
            None => self.root.join(self.file.out.as_deref().unwrap_or(Path::new("out"))),
        }
    }

    /// The profile called `name`, or a usage error naming the profiles there are.
    pub fn profile(&self, name: &str) -> Result<&Profile, Diagnostic> {
        if let Some(p) = self.file.profile.get(name) {
            return Ok(p.get_ref());
        }
        let names: Vec<&str> = self.file.profile.keys().map(String::as_str).collect();
        let mut d = Diagnostic::usage(format!(
            "unknown profile `{name}` in {}",
            self.root.join(FILE_NAME).display()
        ));
        d = if names.is_empty() {
            d.hint("the project file declares no profiles: add a `[profile.NAME]` table")
        } else {
            d.hint(format!("the project file declares {}", names.join(", ")))
        };
        if let Some(near) = closest(name, names.iter().copied()) {
            d = d.hint(format!("did you mean `{near}`?"));
        }
        Err(d)
    }
}

/// The nearest `briefing.toml` in `start` or a folder above it, read; `None`
/// when there is none up to the file system's root. The project's paths stay
/// relative to `start` (`data`, `../data`), so messages name them as the
/// user sees them.
pub fn find(start: &Path) -> Result<Option<Project>, Diagnostics> {
    let absolute = start.canonicalize().unwrap_or_else(|_| start.to_path_buf());
    let base = if start == Path::new(".") { PathBuf::new() } else { start.to_path_buf() };
    for (up, dir) in absolute.ancestors().enumerate() {
        if dir.join(FILE_NAME).is_file() {
            let relative: PathBuf = std::iter::repeat_n("..", up).collect();
            return read(&base.join(relative).join(FILE_NAME)).map(Some);
        }
    }
    Ok(None)
}

/// Reads and checks one project file.
pub fn read(path: &Path) -> Result<Project, Diagnostics> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Diagnostic::error(format!("cannot read {}: {e}", path.display())))?;
    let root = path.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let source = Arc::new(SourceText { name: path.display().to_string(), text });
    let file: ProjectFile = toml::from_str(&source.text)
        .map_err(|e| crate::dataset::load::toml_file_error(&source, &e))?;
    check_profiles(&source, &file)?;
    Ok(Project { root, file, source })
}

/// Two profiles writing into one folder would mix their audiences there:
/// refused, pointing at the second.
fn check_profiles(source: &Arc<SourceText>, file: &ProjectFile) -> Result<(), Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut seen: BTreeMap<PathBuf, &str> = BTreeMap::new();
    let unprofiled = file.out.clone().unwrap_or_else(|| PathBuf::from("out"));
    for (name, profile) in &file.profile {
        let out = profile.get_ref().out.clone().unwrap_or_else(|| Path::new("out").join(name));
        let out = normal(&out);
        let clash = seen.get(&out).map(|other| format!("profile `{other}`")).or_else(|| {
            (out == normal(&unprofiled)).then(|| "a build without a profile".to_owned())
        });
        if let Some(other) = clash {
            diags.push(
                Diagnostic::error(format!(
                    "profile `{name}` writes into {}, as {other} does: their documents would mix in one folder",
                    out.display()
                ))
                .at(source, profile.span())
                .hint(format!("give `[profile.{name}]` an `out` folder of its own, e.g. `out = \"out/{name}\"`")),
            );
        }
        seen.insert(out, name);
    }
    if diags.has_errors() { Err(diags) } else { Ok(()) }
}

/// `./out/x/` and `out/x` name one folder.
fn normal(path: &Path) -> PathBuf {
    path.components().filter(|c| !matches!(c, std::path::Component::CurDir)).collect()
}

/// The project file `briefing init` writes.
pub const STARTER: &str = r#"# briefing project file: `briefing build` finds it from this folder or any
# folder below it. Paths are relative to this folder. `briefing help-topic
# project` explains every key; flags override what is written here.
data = "data"
templates = "templates"
out = "out"
# languages = ["en"]   # built when --lang is not given [default: all the dataset declares]

# `briefing build --profile public`: what may be published.
[profile.public]
audience = "public"
out = "out/public"
pdf_standard = ["ua-1"]
format = ["pdf"]
strict = true

# `briefing build --profile internal`: never in the public folder.
[profile.internal]
audience = "internal"
out = "out/internal"
pdf_standard = ["ua-1"]
format = ["pdf"]
"#;

/// `briefing help-topic project`: the project file explained, for an installed binary.
pub const GUIDE: &str = r#"briefing.toml: the project file

`briefing` looks for briefing.toml in the current folder, then in each folder
above it, as cargo looks for Cargo.toml. Found, its folder is the project
root: the data, templates and output folders are those it names, relative to
the root, wherever in the project the command runs. Not found, a `data/`
folder in the current folder is the dataset; with neither, `build` builds
the built-in sample dataset and says so.

Keys (all optional):

  data = "data"            the dataset folder
  templates = "templates"  the templates folder [default: templates/ if it
                           exists, else the built-in templates]
  out = "out"              the output folder of a build without a profile
  languages = ["en"]       languages built when --lang is not given

  [profile.NAME]           settings of `briefing build --profile NAME`
  audience = "internal"    marking level of the readers (--audience)
  out = "out/NAME"         output folder [default: out/NAME]; no two
                           profiles, nor a build without one, share a folder
  pdf_standard = ["ua-1"]  as --pdf-standard
  format = ["pdf"]         as --format
  strict = true            as --strict

A profile with an audience refuses a folder that holds documents of another
audience. An unknown key is an error, shown on its line, with the key meant.

Which setting wins, highest first:
  1. a flag (--out, --audience, --format, --pdf-standard, --lang, --strict)
  2. an environment variable (BRIEFING_PROFILE, BRIEFING_STRICT, SOURCE_DATE_EPOCH)
  3. the chosen [profile.NAME]
  4. the top of briefing.toml
  5. the defaults: out/, every language, PDF/UA-1, PDF only
Paths given as flags are relative to the current folder. --strict only
switches checks on: a flag, the variable or the profile each can.
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Project, Diagnostics> {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, text).expect("write");
        read(&path)
    }

    #[test]
    fn the_starter_file_reads_with_two_profiles_in_folders_of_their_own() {
        let p = parse(STARTER).expect("reads");
        assert_eq!(p.file.profile.keys().collect::<Vec<_>>(), ["internal", "public"]);
        let public = p.profile("public").expect("public");
        assert_eq!(public.audience.as_deref(), Some("public"));
        assert!(p.out_dir(Some(("public", public))).ends_with("out/public"));
    }

    #[test]
    fn an_unknown_key_is_located_with_a_suggestion() {
        let err = parse("data = \"data\"\n[profile.public]\naudiance = \"public\"\n")
            .expect_err("refused")
            .render();
        assert!(err.contains("unknown field `audiance`"), "{err}");
        assert!(err.contains("did you mean `audience`?"), "{err}");
        assert!(err.contains(":3:1"), "{err}");
    }

    #[test]
    fn two_profiles_sharing_a_folder_are_refused() {
        let err = parse("[profile.a]\nout = \"pub\"\n[profile.b]\nout = \"./pub\"\n")
            .expect_err("refused")
            .render();
        assert!(err.contains("profile `b` writes into pub, as profile `a` does"), "{err}");
    }

    #[test]
    fn an_unknown_profile_suggests_the_nearest() {
        let p = parse(STARTER).expect("reads");
        let d = p.profile("internl").expect_err("unknown");
        assert!(d.usage);
        assert!(Diagnostics::from(d).render().contains("did you mean `internal`?"));
    }
}
