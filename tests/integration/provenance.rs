//! Provenance and freshness: `validate` reports an item that names no source
//! and an item older than `max_age`, `--strict` makes both errors, and the
//! documents cite their sources numbered, with reference marks on the key
//! figures.

use std::path::Path;

use briefing::build;
use briefing::plan::{Kind, Selection};
use briefing::project::{DataSource, Inputs};
use briefing::typeset::document::Typesetter;
use briefing::typeset::world::TemplateSource;

use crate::common::*;

/// A copy of the Nordhavn fixture in a fresh temporary folder, as `DIR/data`.
fn copy_of_nordhavn() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    std::fs::create_dir(&data).expect("mkdir");
    for entry in std::fs::read_dir(fixture("nordhavn")).expect("fixture") {
        let p = entry.expect("entry").path();
        std::fs::copy(&p, data.join(p.file_name().expect("name"))).expect("copy");
    }
    dir
}

fn validate(dir: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["validate", "--data", "data"];
    args.extend_from_slice(extra);
    run(dir, &args)
}

/// The first figure of `numbers.toml` (its `[[figure]]` header is line 3)
/// without its source.
fn figure_without_source(dir: &Path) {
    edit(
        &dir.join("data/numbers.toml"),
        "highlight = true\nsource = \"nh-mod-report\"\n",
        "highlight = true\n",
    );
}

#[test]
fn an_item_without_a_source_is_a_located_warning_and_strict_makes_it_an_error() {
    let dir = copy_of_nordhavn();
    let d = dir.path();
    figure_without_source(d);
    let out = validate(d, &[]);
    let err = stderr(&out);
    assert!(out.status.success(), "a missing source is only a warning: {err}");
    assert!(err.contains("warning: figure `fig-personnel-abroad` names no source"), "{err}");
    assert!(err.contains("numbers.toml:3:1"), "{err}");
    assert!(err.contains("3 │ [[figure]]"), "the header line is shown: {err}");
    assert!(
        err.contains("add `source = \"<id>\"` naming one of the [[source]] entries: `nh-mod-report`, `nh-parliament`, `un-tervala`, `nh-cyber-cmd`"),
        "{err}"
    );
    assert!(err.contains("the `[dataset]` table's `source` is not a default"), "{err}");

    // JSON diagnostics carry the same place.
    let json = run(d, &["--diagnostic-format", "json", "validate", "--data", "data"]);
    let line = stderr(&json).lines().find(|l| l.contains("names no source")).map(str::to_owned);
    let v: serde_json::Value = serde_json::from_str(&line.expect("a JSON line")).expect("json");
    assert_eq!(
        (v["severity"].as_str(), v["line"].as_u64(), v["column"].as_u64()),
        (Some("warning"), Some(3), Some(1))
    );
    assert!(v["file"].as_str().is_some_and(|f| f.ends_with("numbers.toml")), "{v}");

    // A second item without a source: --strict reports both, as errors, and fails.
    edit(&d.join("data/operations.toml"), "source = \"un-tervala\"\n", "");
    for strict in [&["--strict"][..], &[]] {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_briefing"));
        cmd.args(["validate", "--data", "data"]).args(strict).current_dir(d);
        if strict.is_empty() {
            cmd.env("BRIEFING_STRICT", "1");
        }
        let out = cmd.env_remove("SOURCE_DATE_EPOCH").output().expect("runs");
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(err.contains("error: figure `fig-personnel-abroad` names no source"), "{err}");
        assert!(err.contains("error: operation `op-blue-lantern` names no source"), "{err}");
        assert!(err.contains("2 errors found"), "every problem at once: {err}");
        assert!(!stdout(&out).contains("is valid"), "{}", stdout(&out));
    }
    // BRIEFING_STRICT=0 is not strict.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["validate", "--data", "data"])
        .current_dir(d)
        .env("BRIEFING_STRICT", "0")
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", stderr(&out));

    // A strict build fails before writing anything.
    let out =
        run(d, &["build", "--data", "data", "--strict", "--kind", "factsheet", "--out", "out"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("error: figure `fig-personnel-abroad` names no source"));
    assert!(!files_in(&d.join("out")).iter().any(|f| f.ends_with(".pdf")));
}

#[test]
fn a_stale_item_is_a_freshness_warning_and_strict_fails() {
    let dir = copy_of_nordhavn();
    let d = dir.path();
    let dataset = d.join("data/dataset.toml");
    edit(&dataset, "as_of = \"2026-06-30\"\n", "as_of = \"2026-06-30\"\nmax_age = \"12 months\"\n");
    // Fresh as written: every date of the fixture is within a year of its as-of date.
    let out = validate(d, &["--strict"]);
    assert!(out.status.success(), "{}", stderr(&out));

    // An item's own date older than the limit.
    edit(&d.join("data/org.toml"), "as_of = \"2026-05-20\"", "as_of = \"2025-05-20\"");
    // A source read two years ago dates the items that cite it and have no date of their own.
    edit(&dataset, "accessed = \"2025\"", "accessed = \"2024-03\"");
    let out = validate(d, &[]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("warning: branch `cyber` is as of 2025-05-20, older than the dataset's `max_age` of 12 months allows"),
        "{err}"
    );
    assert!(
        err.contains("the dataset is as of 2026-06-30: nothing before 2025-06-30 is fresh"),
        "{err}"
    );
    assert!(err.contains("check it against its source and update its `as_of`"), "{err}");
    assert!(
        err.contains("figure `fig-blue-lantern-patrols` is as of 2024-03 (the date its source `un-tervala` was read)"),
        "{err}"
    );
    // A date known to the year is stale only when all of that year is.
    edit(&dataset, "accessed = \"2024-03\"", "accessed = \"2025\"");
    let err = stderr(&validate(d, &[]));
    assert!(!err.contains("un-tervala"), "2025 may mean 31 December 2025: {err}");

    let out = validate(d, &["--strict"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("error: branch `cyber` is as of 2025-05-20"), "{}", stderr(&out));
}

#[test]
fn a_bad_max_age_is_a_located_error() {
    let dir = copy_of_nordhavn();
    let d = dir.path();
    edit(
        &d.join("data/dataset.toml"),
        "as_of = \"2026-06-30\"\n",
        "as_of = \"2026-06-30\"\nmax_age = \"a year\"\n",
    );
    let out = validate(d, &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error: `a year` is not a length of time; write a whole number and a unit: \"12 months\", \"2 years\", \"90 days\" or \"6 weeks\""),
        "{err}"
    );
    assert!(err.contains("dataset.toml:14:11"), "{err}");
    assert!(err.contains("max_age = \"a year\""), "{err}");
}

#[test]
fn the_default_data_and_the_fixtures_pass_strict_validation() {
    let out = run(&root(), &["validate", "--strict"]);
    assert!(out.status.success(), "default data: {}", stderr(&out));
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
    for name in ["nordhavn", "valmeria"] {
        let data = fixture(name);
        let out = run(&root(), &["validate", "--strict", "--data", data.to_str().expect("path")]);
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        assert!(stderr(&out).is_empty(), "{name}: {}", stderr(&out));
    }
}

#[test]
fn sources_are_numbered_with_their_dates_and_key_figures_carry_their_marks() {
    let inputs =
        Inputs { data: DataSource::Dir(fixture("nordhavn")), templates: TemplateSource::Embedded };
    let selection = Selection {
        scopes: vec!["combined".into(), "army".into()],
        kinds: vec![Kind::Factsheet, Kind::Deck],
        langs: vec!["en".into()],
        ..Selection::default()
    };
    let prepared = build::prepare(&inputs, &selection).unwrap_or_else(|e| panic!("{}", e.render()));
    let ts = Typesetter::new(std::sync::Arc::new(TemplateSource::Embedded));
    assert_eq!(prepared.plans.len(), 4);
    for plan in &prepared.plans {
        let name = plan.file_name();
        let data = &plan.data;
        let numbers: Vec<usize> = data.sources.iter().map(|s| s.number).collect();
        assert_eq!(numbers, (1..=data.sources.len()).collect::<Vec<_>>(), "{name}");
        let text =
            squashed_text(&prepared.render(&ts, plan).unwrap_or_else(|e| panic!("{}", e.render())));
        // The entry of the annual report: number, title, publisher, published, URL, accessed.
        let report = data.sources.iter().find(|s| s.id == "nh-mod-report").expect("cited");
        assert_eq!(
            (report.published.as_str(), report.accessed.as_str()),
            ("March 15, 2026", "June 12, 2026")
        );
        let entry = if plan.id.kind == Kind::Deck {
            format!("{}{}{}, {}", report.number, report.title, report.publisher, report.published)
        } else {
            format!("{}{}. {}, {}", report.number, report.title, report.publisher, report.published)
        };
        assert!(text.contains(&squash(&entry)), "{name}: no {entry:?} in {text}");
        let address = format!("{}, accessed {}", report.url, report.accessed);
        assert!(text.contains(&squash(&address)), "{name}: no {address:?}");
        // Every key figure shown cites its source's entry by number, after its label.
        let shown: Vec<_> = data
            .figures
            .iter()
            .chain(data.branches.iter().flat_map(|b| &b.figures))
            .filter(|f| !f.label.is_empty())
            .collect();
        assert!(!shown.is_empty(), "{name}");
        for f in shown {
            let source = data.sources.iter().find(|s| s.number == f.source);
            let item = briefing_figure_source(&f.id);
            assert_eq!(
                source.map(|s| s.id.as_str()),
                Some(item.as_str()),
                "{name}: figure {}",
                f.id
            );
            let marked = squash(&format!("{}{}", f.label, f.source));
            assert!(text.contains(&marked), "{name}: no mark in {marked:?}: {text}");
        }
        // The un-tervala source was read in 2025: the oldest figure is dated by it.
        assert_eq!(data.document.oldest_figure, "2025", "{name}");
        assert!(text.contains(&squash("Oldest figure: 2025")), "{name}");
    }
}

/// The source the Nordhavn fixture gives figure `id`, read from its file.
fn briefing_figure_source(id: &str) -> String {
    let text = std::fs::read_to_string(fixture("nordhavn").join("numbers.toml")).expect("read");
    let table: toml::Table = text.parse().expect("toml");
    let figures = table["figure"].as_array().expect("figures");
    let figure = figures.iter().find(|f| f["id"].as_str() == Some(id)).expect("figure");
    figure["source"].as_str().expect("source").to_owned()
}

/// `pdfdetach` (poppler) on `pdf`: the attached files it lists, and the text
/// of the Belgian Defence page's copy, saved to `into`.
fn attachments(pdf: &std::path::Path, into: &std::path::Path) -> (String, Option<String>) {
    let list = std::process::Command::new("pdfdetach")
        .arg("-list")
        .arg(pdf)
        .output()
        .expect("pdfdetach runs");
    assert!(list.status.success(), "{}", stderr(&list));
    let listed = stdout(&list);
    let saved = into.join("attached.txt");
    let save = std::process::Command::new("pdfdetach")
        .args(["-savefile", "mil-be-eastern-flank.txt", "-o"])
        .arg(&saved)
        .arg(pdf)
        .output()
        .expect("pdfdetach runs");
    let text = save.status.success().then(|| std::fs::read_to_string(&saved).ok()).flatten();
    (listed, text)
}

#[test]
fn a_sources_text_is_attached_where_the_pdf_standard_allows_it() {
    ensure_test_tools();
    let dir = copy_of_default_data();
    let d = dir.path();
    let build = |standard: &str, out: &str| {
        let o = run(
            d,
            &[
                "build",
                "--data",
                "data",
                "--kind",
                "factsheet",
                "--scope",
                "air",
                "--lang",
                "en",
                "--pdf-standard",
                standard,
                "--out",
                out,
            ],
        );
        assert!(o.status.success(), "{}", stderr(&o));
        d.join(out).join("factsheet-air-en.pdf")
    };
    // PDF/UA-1, the default: the page's text, as the data holds it, is inside.
    let (listed, text) = attachments(&build("ua-1", "ua"), d);
    assert!(listed.contains("mil-be-eastern-flank.txt"), "{listed}");
    assert!(listed.contains("airportsdata-air-bases.csv"), "{listed}");
    let held =
        std::fs::read_to_string(d.join("data/sources/mil-be-eastern-flank.txt")).expect("copy");
    assert_eq!(text.as_deref(), Some(held.as_str()));
    // PDF/A-2 allows no attachment: the document builds without it.
    let (listed, _) = attachments(&build("a-2b", "a2"), d);
    assert!(listed.contains("0 embedded files"), "{listed}");
    // A file the data folder lacks is an error at its line.
    edit(
        &d.join("data/dataset.toml"),
        "file = \"sources/mil-be-eastern-flank.txt\"",
        "file = \"sources/missing.txt\"",
    );
    let o = run(d, &["build", "--data", "data", "--scope", "air", "--lang", "en", "--out", "bad"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    let text = std::fs::read_to_string(d.join("data/dataset.toml")).expect("read");
    let line =
        text.lines().position(|l| l.starts_with("file = \"sources/missing.txt\"")).expect("line")
            + 1;
    assert!(err.contains("the source's file `sources/missing.txt` is not in"), "{err}");
    assert!(err.contains(&format!("data/dataset.toml:{line}:8")), "{err}");
    // And a path out of the folder is refused before anything is read.
    edit(
        &d.join("data/dataset.toml"),
        "file = \"sources/missing.txt\"",
        "file = \"../Cargo.toml\"",
    );
    let o = run(d, &["build", "--data", "data", "--scope", "air", "--lang", "en", "--out", "bad"]);
    assert!(
        stderr(&o).contains("`../Cargo.toml` is not a file inside the data folder"),
        "{}",
        stderr(&o)
    );
    assert!(!d.join("bad").exists(), "a failed build wrote outputs");
}
