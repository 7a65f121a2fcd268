//! `briefing new KIND ID`: a starter item appended to the right data file,
//! every other byte kept, standard TOML 1.0; its blanks are drafts that
//! `validate` reports and documents never print.

use std::path::{Path, PathBuf};

use briefing::plan::{HandoutLayout, Kind};
use briefing::project::DataSource;
use briefing::typeset::world::TemplateSource;

use crate::common::*;

/// Every kind `new` writes, and the file of the default data that holds it.
const KINDS: &[(&str, &str)] = &[
    ("marking", "dataset.toml"),
    ("source", "dataset.toml"),
    ("country", "countries.toml"),
    ("branch", "branches.toml"),
    ("formation", "operations.toml"),
    ("operation", "operations.toml"),
    ("base", "bases.toml"),
    ("figure", "figures.toml"),
    ("event", "timeline.toml"),
    ("text", "context.toml"),
    ("chart", "charts.toml"),
    ("line", "internal.toml"),
    ("question", "internal.toml"),
];

/// Whether every file parses with a TOML 1.0 reader (Python's `tomllib`).
fn assert_toml_1_0(files: &[PathBuf]) {
    let script = "import sys, tomllib\nfor p in sys.argv[1:]:\n    tomllib.load(open(p, 'rb'))\n";
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(files)
        .output()
        .expect("python3 runs (CPython 3.11 or newer, for tomllib)");
    assert!(out.status.success(), "not TOML 1.0:\n{}", stderr(&out));
}

fn data_files(data: &Path) -> Vec<PathBuf> {
    files_in(data).into_iter().filter(|f| f.ends_with(".toml")).map(|f| data.join(f)).collect()
}

#[test]
fn new_appends_a_starter_of_every_kind_to_its_file_and_keeps_every_other_byte() {
    let dir = copy_of_default_data();
    let data = dir.path().join("data");
    let counts_before = stdout(&run(dir.path(), &["validate"]));
    for (kind, file) in KINDS {
        let path = data.join(file);
        let before = std::fs::read(&path).expect("read");
        let id = format!("new-{kind}");
        let out = run(dir.path(), &["new", kind, &id]);
        assert!(out.status.success(), "new {kind}: {}", stderr(&out));
        let text = stdout(&out);
        assert!(text.contains(&format!("added {kind} `{id}` to data/{file} (line ")), "{text}");
        let after = std::fs::read(&path).expect("read");
        assert!(after.starts_with(&before), "new {kind} changed bytes of {file}");
        let added = String::from_utf8(after[before.len()..].to_vec()).expect("UTF-8");
        assert!(added.contains(&format!("\n[[{kind}]]\nid = \"{id}\"\n")), "{added}");
        // Each blank is listed with its line, and the line is that field's.
        let after = String::from_utf8(after).expect("UTF-8");
        let blanks: Vec<&str> = text.lines().filter(|l| l.starts_with("  data/")).collect();
        assert!(!blanks.is_empty(), "{text}");
        for blank in blanks {
            let (at, field) = blank.trim().split_once("  ").expect("place and field");
            let line: usize = at.rsplit(':').next().and_then(|n| n.parse().ok()).expect("line");
            let field = field.split(':').next().expect("field");
            let written = after.lines().nth(line - 1).expect("the line");
            assert!(written.starts_with(&format!("{field} = ")), "{blank}: {written}");
            assert!(written.contains("\"TODO: "), "{written}");
        }
    }
    assert_toml_1_0(&data_files(&data));
    // Valid, with a located warning per blank; the drafts are in no count.
    let out = run(dir.path(), &["validate"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), counts_before, "the drafts are left out");
    let warnings = stderr(&out);
    assert!(
        warnings.contains("`name` of base `new-base` is still to fill in")
            && warnings.contains("data/bases.toml:"),
        "{warnings}"
    );
    for (kind, _) in KINDS {
        assert!(
            warnings.contains(&format!("of {kind} `new-{kind}` is still to fill in")),
            "{kind}"
        );
    }
    // A release check refuses them.
    let strict = run(dir.path(), &["validate", "--strict"]);
    assert_eq!(strict.status.code(), Some(1), "{}", stderr(&strict));
}

#[test]
fn new_refuses_an_existing_id_an_unknown_kind_and_a_folder_without_data() {
    let dir = copy_of_default_data();
    let bases = dir.path().join("data/bases.toml");
    let before = std::fs::read(&bases).expect("read");
    let out = run(dir.path(), &["new", "base", "siauliai"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("there already is a base `siauliai`"), "{err}");
    assert!(err.contains("data/bases.toml:5:"), "points at the item that has it: {err}");
    assert_eq!(std::fs::read(&bases).expect("read"), before, "nothing written");

    let out = run(dir.path(), &["new", "bse", "vilnius"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("a similar value exists: 'base'"), "{}", stderr(&out));
    let out = run(dir.path(), &["new", "base", "a b"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("`a b` cannot be an id"), "{}", stderr(&out));

    let empty = tempfile::tempdir().expect("tmp");
    let out = run(empty.path(), &["new", "base", "vilnius"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("`briefing new` adds to a dataset on disk"), "{}", stderr(&out));
    assert!(files_in(empty.path()).is_empty(), "nothing written");
}

#[test]
fn a_draft_is_never_printed_and_the_filled_item_is() {
    let dir = copy_of_default_data();
    let data = dir.path().join("data");
    let out = run(dir.path(), &["new", "line", "line-zebra"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let file = data.join("internal.toml");
    let text = |data: &Path| {
        let docs = render_kinds(
            DataSource::Dir(data.to_path_buf()),
            TemplateSource::Embedded,
            &["combined"],
            &[Kind::Factsheet],
            HandoutLayout::default(),
        );
        docs.iter().map(|(_, d)| squashed_text(d)).collect::<String>()
    };
    // The text filled, the source still to fill: a draft, printed nowhere.
    let starter = std::fs::read_to_string(&file).expect("read");
    std::fs::write(
        &file,
        starter.replace("\"TODO: the line to take\"", "\"Zebra crossings matter.\""),
    )
    .expect("write");
    let draft = text(&data);
    assert!(!draft.contains("TODO") && !draft.contains("Zebra"), "a draft was printed");
    // Filled: it is a fact of the dataset and printed.
    edit(
        &file,
        "\"TODO: the id of the [[source]] its facts come from\"",
        "\"mil-be-eastern-flank\"",
    );
    assert!(text(&data).contains(&squash("Zebra crossings matter.")), "the filled line is printed");
}

#[test]
fn new_has_its_manual_page_and_its_kinds_complete() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = run(dir.path(), &["man", "--out", "man"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page =
        std::fs::read_to_string(dir.path().join("man/briefing-new.1")).expect("briefing-new.1");
    assert!(page.contains("briefing new base vilnius"), "{page}");
    assert!(page.contains("EXIT STATUS"), "{page}");
    let bash = stdout(&run(dir.path(), &["completions", "bash"]));
    let kinds: Vec<&str> = KINDS.iter().map(|(k, _)| *k).collect();
    assert!(bash.contains(&kinds.join(" ")), "the kinds complete, in order");
}
