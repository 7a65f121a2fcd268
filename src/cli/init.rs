//! `briefing init DIR`: a new project — the project file, a `.gitignore`,
//! the default dataset and templates — that builds as it is.

use std::path::Path;

use super::report::{Outcome, print_text};
use super::{InitArgs, schema};
use crate::assets;
use crate::diag::Diagnostic;
use crate::project::file;

/// Runs `briefing init`.
pub fn run(args: &InitArgs) -> Outcome {
    let dir = &args.dir;
    for sub in [file::FILE_NAME, "data", "templates"] {
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
    write(file::FILE_NAME, file::STARTER.as_bytes())?;
    if !dir.join(".gitignore").exists() {
        write(".gitignore", GITIGNORE.as_bytes())?;
    }
    if !dir.join("README.md").exists() {
        write("README.md", PROJECT_README.as_bytes())?;
    }
    print_text(&format!(
        "created a briefing project in {}\nnext: cd {} && briefing validate && briefing build --profile public\n",
        dir.display(),
        shell_path(dir)
    ))
}

fn shell_path(p: &Path) -> String {
    p.display().to_string()
}

/// What a build writes is rebuilt from the sources: not for version control.
const GITIGNORE: &str = "# Written by `briefing build`; `briefing clean` removes it.\n/out/\n";

const PROJECT_README: &str = "# Briefing project\n\n\
This folder was created by `briefing init`.\n\n\
- `briefing.toml`: the project file: folders, languages and the build profiles\n  \
(`briefing help-topic project` explains it).\n\
- `data/`: the dataset, TOML files (`briefing help-topic dataset` prints the format guide).\n\
- `templates/`: the Typst templates and label files (`i18n/<lang>.toml`).\n\n\
Run `briefing validate` to check the data, `briefing build --profile public` to write the\n\
public PDFs into `out/public/`, `briefing build --profile internal` for `out/internal/`.\n\
Fonts are built into briefing; templates may only use the families it ships.\n";
