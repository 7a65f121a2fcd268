//! TOML mistakes people make, each told in plain words at its place with the fix.

use briefing::dataset::{self, DataFile};
use briefing::diag::{Diagnostic, Diagnostics};

use crate::common::*;

/// What a diagnostic says and where: `(message, "file:line:col", hints)`.
type Told = (String, String, Vec<String>);

fn told(d: &Diagnostic) -> Told {
    let at = d.location.as_ref().map_or(String::new(), |l| {
        let (line, col) = l.line_col();
        format!("{}:{line}:{col}", l.file.name)
    });
    (d.message.clone(), at, d.hints.clone())
}

/// The diagnostics of the default dataset with `data/extra.toml` added.
fn with_extra_file(text: &str) -> Diagnostics {
    let mut files = dataset::embedded();
    files.push(DataFile { name: "data/extra.toml".into(), bytes: text.as_bytes().to_vec() });
    match dataset::load(files, || Ok(Default::default())) {
        Ok((_, diags)) | Err(diags) => diags,
    }
}

/// The one diagnostic located in `data/extra.toml`.
fn only_one_in_extra(text: &str) -> Told {
    let diags = with_extra_file(text);
    let mine: Vec<Told> = diags
        .0
        .iter()
        .filter(|d| d.location.as_ref().is_some_and(|l| l.file.name == "data/extra.toml"))
        .map(told)
        .collect();
    assert_eq!(mine.len(), 1, "{}", diags.render());
    mine.into_iter().next().unwrap_or_default()
}

const BASE: &str = "[[base]]\nid = \"x\"\ncountry = \"LT\"\n";

#[test]
fn curly_quotes_ask_for_straight_ones() {
    let (message, at, hints) = only_one_in_extra(&format!("{BASE}name = “Šiauliai”\n"));
    assert_eq!(message, "curly quotes are not quotes in TOML");
    assert_eq!(at, "data/extra.toml:4:8");
    assert_eq!(hints, ["use straight quotes \"…\": name = \"Šiauliai\""]);

    // Single ones too, and a curly quote closing a straight one; apostrophes stay.
    let (message, at, hints) = only_one_in_extra(&format!("{BASE}name = ‘x’\n"));
    assert_eq!(
        (message.as_str(), at.as_str()),
        ("curly quotes are not quotes in TOML", "data/extra.toml:4:8")
    );
    assert_eq!(hints, ["use straight quotes \"…\": name = \"x\""]);
    let (_, at, hints) = only_one_in_extra(&format!("{BASE}name = \"Russia’s”\n"));
    assert_eq!(at, "data/extra.toml:4:17");
    assert_eq!(hints, ["use straight quotes \"…\": name = \"Russia’s\""]);
}

#[test]
fn curly_quotes_are_shown_with_the_line_and_a_caret() {
    let dir = copy_of_default_data();
    edit(&dir.path().join("data/bases.toml"), "name = \"Šiauliai\"", "name = “Šiauliai”");
    let out = run(dir.path(), &["validate", "--data", "data"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("error: curly quotes are not quotes in TOML"), "{err}");
    assert!(err.contains("data/bases.toml:6:8"), "{err}");
    assert!(err.contains("6 │ name = “Šiauliai”\n  │        ^\n"), "{err}");
    assert!(err.contains("hint: use straight quotes \"…\": name = \"Šiauliai\""), "{err}");
    assert!(!err.contains("literal string"), "no parser jargon:\n{err}");
}

#[test]
fn a_single_table_header_for_a_list_is_the_one_error() {
    let text = "[base]\nid = \"a\"\ncountry = \"LT\"\nname = \"A\"\n\n[base.notes]\nen = \"x\"\n\n\
                [[base]]\nid = \"b\"\ncountry = \"LT\"\nname = \"B\"\n\n[base.notes]\nen = \"y\"\n";
    let (message, at, hints) = only_one_in_extra(text);
    assert_eq!(message, "`[base]` starts one table, but `base` is a list of items");
    assert_eq!(at, "data/extra.toml:1:1");
    assert_eq!(hints, ["write [[base]] for each base, with double brackets"]);
}

#[test]
fn thousands_separators_ask_for_the_plain_number() {
    for (written, col) in [("1,600", 9), ("1 600", 9), ("1.600.000", 9)] {
        let text = format!("[[figure]]\nid = \"f\"\nlabel = \"jets\"\nvalue = {written}\n");
        let (message, at, hints) = only_one_in_extra(&text);
        assert_eq!(message, format!("`{written}` is not a number TOML reads: it has separators"));
        assert_eq!(at, format!("data/extra.toml:4:{col}"));
        let plain = written.replace([',', ' ', '.'], "");
        assert_eq!(hints, [format!("write {plain}, without separators")]);
    }
    // `1.600` reads as 1.6: where any number will do, a warning says so ...
    let text = "[[figure]]\nid = \"f\"\nlabel = \"jets\"\nvalue = 1.600\nsource = \"mil-be-eastern-flank\"\n";
    assert_eq!(
        only_one_in_extra(text),
        (
            "`1.600` reads as 1.6".to_owned(),
            "data/extra.toml:4:9".to_owned(),
            vec!["if you meant 1600, write 1600, without a separator".to_owned()]
        )
    );
    // ... and where a whole number is expected, the error says what was meant.
    let dir = copy_of_default_data();
    edit(&dir.path().join("data/bases.toml"), "count = 8", "count = 1.600");
    let diags = read_and_load(&dir.path().join("data"));
    let d = diags.0.iter().find(|d| d.message.contains("floating point")).map(told);
    let (_, _, hints) = d.unwrap_or_else(|| panic!("{}", diags.render()));
    assert_eq!(hints, ["write 1600, without separators"]);
}

#[test]
fn quoted_numbers_ask_to_remove_the_quotes() {
    let text = "[[figure]]\nid = \"f\"\nlabel = \"jets\"\nvalue = \"16\"\n";
    let (message, at, hints) = only_one_in_extra(text);
    assert_eq!(message, "wrong type: found string \"16\", expected a number (e.g. `55.9`)");
    assert_eq!(at, "data/extra.toml:4:9");
    assert_eq!(hints, ["remove the quotes: write 16"]);
    let (_, _, hints) = only_one_in_extra(&text.replace("\"16\"", "\"1,600\""));
    assert_eq!(hints, ["remove the quotes and separators: write 1600"]);
}

#[test]
fn an_unclosed_quote_is_named_so() {
    let (message, at, hints) = only_one_in_extra(&format!("{BASE}name = \"Šiauliai\n"));
    assert_eq!(message, "this text has no closing quote");
    assert_eq!(at, "data/extra.toml:4:17");
    assert_eq!(
        hints,
        [
            "end the text with \" on the same line",
            "a text over several lines is written between \"\"\" and \"\"\""
        ]
    );
}

#[test]
fn a_tab_inside_a_text_is_a_located_warning() {
    let diags = with_extra_file(&format!("{BASE}name = \"Šiau\tliai\"\n"));
    let tabs: Vec<Told> = diags.0.iter().filter(|d| d.message.contains("tab")).map(told).collect();
    assert_eq!(
        tabs,
        [(
            "this text holds a tab character".to_owned(),
            "data/extra.toml:4:13".to_owned(),
            vec![
                "replace the tab with a space: documents print it as a wide gap or not at all"
                    .to_owned()
            ]
        )]
    );
    assert!(!diags.0.iter().any(|d| d.message.contains("tab") && d.is_error()));
    // An escaped `\t` is written on purpose: no warning.
    let diags = with_extra_file(&format!("{BASE}name = \"Šiau\\tliai\"\n"));
    assert!(!diags.0.iter().any(|d| d.message.contains("tab")), "{}", diags.render());
}

/// Reads a data folder as `build` does and loads it: every diagnostic.
fn read_and_load(data: &std::path::Path) -> Diagnostics {
    let files = match dataset::read_dir(data) {
        Ok(files) => files,
        Err(diags) => return diags,
    };
    match dataset::load(files, || Ok(Default::default())) {
        Ok((_, diags)) | Err(diags) => diags,
    }
}

#[test]
fn stray_and_empty_files_are_located_warnings() {
    let dir = copy_of_default_data();
    let data = dir.path().join("data");
    std::fs::write(data.join("bases.toml.txt"), BASE).expect("write");
    std::fs::write(data.join("Extra.TOML"), BASE).expect("write");
    std::fs::write(data.join("empty.toml"), "\n").expect("write");
    std::fs::write(data.join("notes.txt"), "not data").expect("write");
    let diags = read_and_load(&data);
    assert!(!diags.has_errors(), "{}", diags.render());
    let shown = |name: &str| format!("{}:1:1", data.join(name).display());
    let mut warnings: Vec<Told> = diags.0.iter().filter(|d| !d.is_error()).map(told).collect();
    let mine = ["Extra.TOML", "bases.toml.txt", "empty.toml", "notes.txt"].map(shown);
    warnings.retain(|(_, at, _)| mine.contains(at));
    warnings.sort();
    assert_eq!(
        warnings,
        [
            (
                "`Extra.TOML` is not read: only names ending in `.toml`, in small letters, are read"
                    .to_owned(),
                shown("Extra.TOML"),
                vec!["rename it to `Extra.toml` if it holds data, or move it out of the folder"
                    .to_owned()]
            ),
            (
                "`bases.toml.txt` is not read: its name ends in `.txt`, which some systems hide"
                    .to_owned(),
                shown("bases.toml.txt"),
                vec!["rename it to `bases.toml` if it holds data, or move it out of the folder"
                    .to_owned()]
            ),
            (
                "this file is empty and is ignored".to_owned(),
                shown("empty.toml"),
                vec!["add items to it, or delete it".to_owned()]
            ),
        ]
    );
}

#[test]
fn a_syntax_error_in_one_file_does_not_hide_those_of_others() {
    let dir = copy_of_default_data();
    let data = dir.path().join("data");
    edit(&data.join("bases.toml"), "name = \"Šiauliai\"", "name = “Šiauliai”");
    edit(&data.join("figures.toml"), "value = 200", "value = 1,600");
    let diags = read_and_load(&data);
    let messages: Vec<String> =
        diags.0.iter().filter(|d| d.is_error()).map(|d| d.message.clone()).collect();
    assert!(messages.contains(&"curly quotes are not quotes in TOML".to_owned()), "{messages:?}");
    assert!(
        messages.contains(&"`1,600` is not a number TOML reads: it has separators".to_owned()),
        "{messages:?}"
    );
}

/// Validates each TOML file against the JSON Schema with Python's
/// `jsonschema` (the reading editors do), printing `name: error` per problem.
const VALIDATE_PY: &str = r#"
import datetime, json, sys, tomllib, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft7Validator.check_schema(schema)
validator = jsonschema.Draft7Validator(schema)
def plain(v):
    # TOML dates have no JSON form: editors see them as ISO text.
    if isinstance(v, (datetime.date, datetime.datetime, datetime.time)):
        return v.isoformat()
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [plain(x) for x in v]
    return v
for name in sys.argv[2:]:
    with open(name, "rb") as f:
        data = plain(tomllib.load(f))
    for e in validator.iter_errors(data):
        print(f"{name}: {e.message}")
"#;

fn schema_problems(schema: &std::path::Path, files: &[std::path::PathBuf]) -> String {
    let out = std::process::Command::new("python3")
        .args(["-c", VALIDATE_PY])
        .arg(schema)
        .args(files)
        .output()
        .expect("python3 runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_schema_accepts_every_default_data_file_and_rejects_a_misspelt_field() {
    ensure_test_tools();
    let dir = tempfile::tempdir().expect("tmp");
    let out = run(dir.path(), &["schema"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let schema = dir.path().join("dataset.schema.json");
    std::fs::write(&schema, stdout(&out)).expect("write");

    let data = root().join("data");
    let mut files: Vec<_> =
        files_in(&data).into_iter().filter(|f| f.ends_with(".toml") && !f.contains('/')).collect();
    files.sort();
    assert!(files.len() >= 10, "{files:?}");
    let paths: Vec<_> = files.iter().map(|f| data.join(f)).collect();
    assert_eq!(schema_problems(&schema, &paths), "", "the default data fits the schema");

    let bad = dir.path().join("bases.toml");
    let text = std::fs::read_to_string(data.join("bases.toml")).expect("read");
    std::fs::write(&bad, text.replacen("country = \"LT\"", "contry = \"LT\"", 1)).expect("write");
    let problems = schema_problems(&schema, std::slice::from_ref(&bad));
    assert!(problems.contains("'contry' was unexpected"), "{problems}");
    assert!(problems.contains("'country' is a required property"), "{problems}");
}

#[test]
fn init_points_the_data_files_at_the_schema() {
    let dir = tempfile::tempdir().expect("tmp");
    assert!(run(dir.path(), &["init", "proj"]).status.success());
    let proj = dir.path().join("proj");
    let schema = std::fs::read_to_string(proj.join("dataset.schema.json")).expect("schema written");
    assert_eq!(schema, stdout(&run(dir.path(), &["schema"])));
    for file in files_in(&proj.join("data")).iter().filter(|f| f.ends_with(".toml")) {
        let text = std::fs::read_to_string(proj.join("data").join(file)).expect("read");
        assert!(text.starts_with("#:schema ../dataset.schema.json\n"), "{file}: {text:.80}");
    }
    let out = run(&proj, &["validate"]);
    assert!(out.status.success(), "{}", stderr(&out));
}
