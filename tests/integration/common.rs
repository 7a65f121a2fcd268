//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use briefing::build;
use briefing::plan::{HandoutLayout, Kind, Selection};
use briefing::project::{DataSource, Inputs};
use briefing::typeset::document::{RenderedDocument, Typesetter};
use briefing::typeset::{self, world::TemplateSource};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture folder.
pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

/// Runs the `briefing` binary in `cwd`.
pub fn run(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(args)
        .current_dir(cwd)
        .env_remove("SOURCE_DATE_EPOCH")
        // A strict CI environment must not turn the warnings tests expect into errors.
        .env_remove("BRIEFING_STRICT")
        .output()
        .expect("the briefing binary runs")
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A copy of the default dataset in a fresh temporary folder, as `DIR/data`.
pub fn copy_of_default_data() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    std::fs::create_dir(&data).expect("mkdir");
    for entry in std::fs::read_dir(root().join("data")).expect("data dir") {
        let p = entry.expect("entry").path();
        if p.extension().is_some_and(|e| e == "toml") {
            std::fs::copy(&p, data.join(p.file_name().expect("name"))).expect("copy");
        }
    }
    // The files beside the TOML: map outlines and the copies of sources' texts.
    for sub in ["geo", "sources"] {
        std::fs::create_dir(data.join(sub)).expect("mkdir");
        for entry in std::fs::read_dir(root().join("data").join(sub)).expect("data sub-folder") {
            let p = entry.expect("entry").path();
            std::fs::copy(&p, data.join(sub).join(p.file_name().expect("name"))).expect("copy");
        }
    }
    dir
}

/// Replaces the first occurrence of `from` in `file`, failing if it is absent.
pub fn edit(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).expect("read");
    assert!(text.contains(from), "{} does not contain {from:?}", file.display());
    std::fs::write(file, text.replacen(from, to, 1)).expect("write");
}

/// Typesets the selected documents of a dataset in-process.
pub fn render(
    data: DataSource,
    templates: TemplateSource,
    scopes: &[&str],
) -> Vec<(String, RenderedDocument)> {
    render_kinds(data, templates, scopes, &[Kind::Factsheet], HandoutLayout::default())
}

/// Typesets the selected documents of a dataset in-process.
pub fn render_kinds(
    data: DataSource,
    templates: TemplateSource,
    scopes: &[&str],
    kinds: &[Kind],
    handout_layout: HandoutLayout,
) -> Vec<(String, RenderedDocument)> {
    render_langs(data, templates, scopes, kinds, handout_layout, &["en"])
}

/// Typesets the selected documents of the default dataset with the default
/// templates and handout layout, in `langs`.
pub fn render_default(
    scopes: &[&str],
    kinds: &[Kind],
    langs: &[&str],
) -> Vec<(String, RenderedDocument)> {
    let (data, templates) = (DataSource::Embedded, TemplateSource::Embedded);
    render_langs(data, templates, scopes, kinds, HandoutLayout::default(), langs)
}

/// Typesets the selected documents of a dataset in-process, in `langs`.
pub fn render_langs(
    data: DataSource,
    templates: TemplateSource,
    scopes: &[&str],
    kinds: &[Kind],
    handout_layout: HandoutLayout,
    langs: &[&str],
) -> Vec<(String, RenderedDocument)> {
    let inputs = Inputs { data, templates: templates.clone() };
    let selection = Selection {
        scopes: scopes.iter().map(|s| s.to_string()).collect(),
        kinds: kinds.to_vec(),
        langs: langs.iter().map(|s| s.to_string()).collect(),
        handout_layout,
        ..Selection::default()
    };
    let prepared = build::prepare(&inputs, &selection).unwrap_or_else(|d| panic!("{}", d.render()));
    let ts = Typesetter::new(std::sync::Arc::new(templates));
    prepared
        .plans
        .iter()
        .map(|p| {
            let doc = prepared
                .render(&ts, p)
                .unwrap_or_else(|d| panic!("{}: {}", p.file_name(), d.render()));
            (p.file_name(), doc)
        })
        .collect()
}

/// All laid-out text of a document, with white space and hyphens removed so
/// that line breaks and hyphenation do not hide a phrase.
pub fn squashed_text(doc: &RenderedDocument) -> String {
    squash(&typeset::page_texts(&doc.document).join(" "))
}

/// Removes white space and hyphens.
pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace() && !matches!(c, '-' | '\u{2010}' | '\u{ad}')).collect()
}

/// Lists the files of a folder, sorted.
pub fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = match std::fs::read_dir(dir) {
        Ok(rd) => {
            rd.map(|e| e.expect("entry").file_name().to_string_lossy().into_owned()).collect()
        }
        Err(_) => Vec::new(),
    };
    v.sort();
    v
}

/// Every file under `dir` except PDFs (whose text the tests take from the
/// laid-out pages), as (path, text), added to `out`.
pub fn written_text(dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let p = entry.expect("entry").path();
        if p.is_dir() {
            written_text(&p, out);
        } else if p.extension().is_none_or(|e| e != "pdf") {
            let bytes = std::fs::read(&p).expect("read");
            out.push((p.display().to_string(), String::from_utf8_lossy(&bytes).into_owned()));
        }
    }
}

/// Makes sure the programs the browser and PPTX tests drive are installed
/// (Chromium, poppler, LibreOffice, python-pptx, the npm packages of
/// `tests/browser`), running `scripts/install-test-tools` once per test run
/// where one is missing, so `cargo test` alone sets up a fresh machine.
pub fn ensure_test_tools() {
    static ONCE: std::sync::OnceLock<Result<(), String>> = std::sync::OnceLock::new();
    let outcome = ONCE.get_or_init(|| {
        let present = |cmd: &str| {
            Command::new("sh")
                .args(["-c", &format!("command -v {cmd}")])
                .output()
                .is_ok_and(|o| o.status.success())
        };
        let pptx = Command::new("python3")
            .args(["-c", "import pptx, jsonschema"])
            .output()
            .is_ok_and(|o| o.status.success());
        if ["chromium", "pdftotext", "soffice"].iter().all(|c| present(c))
            && pptx
            && root().join("tests/browser/node_modules").is_dir()
        {
            return Ok(());
        }
        let o = Command::new(root().join("scripts/install-test-tools"))
            .output()
            .map_err(|e| format!("scripts/install-test-tools does not run: {e}"))?;
        if o.status.success() {
            Ok(())
        } else {
            Err(format!(
                "scripts/install-test-tools failed:\n{}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            ))
        }
    });
    if let Err(e) = outcome {
        panic!("{e}");
    }
}

/// The text of a PDF as a reader extracts it (`pdftotext`, charts included).
pub fn pdf_text(path: &Path) -> String {
    let o = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(o.status.success(), "pdftotext {}: {}", path.display(), stderr(&o));
    String::from_utf8_lossy(&o.stdout).into_owned()
}
