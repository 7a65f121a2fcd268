//! Bad input: every problem is located, reported at once, and nothing is written.

use crate::common::*;

/// `file:line:col` of the first occurrence of `needle` in a data file.
fn location(dir: &std::path::Path, file: &str, needle: &str) -> String {
    let text = std::fs::read_to_string(dir.join("data").join(file)).expect("read");
    let offset = text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in {file}"));
    let line = text[..offset].matches('\n').count() + 1;
    let col = offset - text[..offset].rfind('\n').map_or(0, |i| i + 1) + 1;
    format!("data/{file}:{line}:{col}")
}

/// Runs a failing build and checks it wrote nothing.
fn failing_build(dir: &std::path::Path) -> String {
    let out = run(dir, &["build", "--data", "data", "--out", "out"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "build should fail:\n{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(files_in(&dir.join("out")), Vec::<String>::new(), "a failed build wrote files");
    err
}

#[test]
fn syntax_error_is_located() {
    let dir = copy_of_default_data();
    edit(&dir.path().join("data/bases.toml"), "lat = 55.89", "lat = = 55.89");
    let at = location(dir.path(), "bases.toml", "= 55.89");
    let err = failing_build(dir.path());
    assert!(err.contains("TOML syntax"), "{err}");
    assert!(
        err.contains(&at.rsplit_once(':').map(|(l, _)| l.to_owned()).unwrap_or_default()),
        "expected {at} in:\n{err}"
    );
    assert!(err.contains("lat = = 55.89"), "the offending line is shown:\n{err}");
}

#[test]
fn unknown_key_is_located_with_a_suggestion() {
    let dir = copy_of_default_data();
    edit(&dir.path().join("data/bases.toml"), "country = \"LT\"", "contry = \"LT\"");
    let at = location(dir.path(), "bases.toml", "contry");
    let err = failing_build(dir.path());
    assert!(err.contains("unknown field `contry` in `base`"), "{err}");
    assert!(err.contains(&at), "expected {at} in:\n{err}");
    assert!(err.contains("did you mean `country`?"), "{err}");
    assert!(err.contains("contry = \"LT\""), "{err}");
}

#[test]
fn wrong_type_is_located() {
    let dir = copy_of_default_data();
    edit(&dir.path().join("data/bases.toml"), "count = 8", "count = \"eight\"");
    let at = location(dir.path(), "bases.toml", "\"eight\"");
    let err = failing_build(dir.path());
    assert!(
        err.contains("wrong type: found string \"eight\", expected a whole number (e.g. `8`)"),
        "{err}"
    );
    assert!(err.contains(&at), "expected {at} in:\n{err}");
}

#[test]
fn impossible_date_is_located() {
    let dir = copy_of_default_data();
    edit(&dir.path().join("data/timeline.toml"), "date = \"2004-03-29\"", "date = \"2004-02-30\"");
    let at = location(dir.path(), "timeline.toml", "\"2004-02-30\"");
    let err = failing_build(dir.path());
    assert!(err.contains("day 30 is out of range 1..=29"), "{err}");
    assert!(err.contains(&at), "expected {at} in:\n{err}");
}

#[test]
fn duplicate_id_points_at_both_definitions() {
    let dir = copy_of_default_data();
    edit(&dir.path().join("data/bases.toml"), "id = \"amari\"", "id = \"siauliai\"");
    let text = std::fs::read_to_string(dir.path().join("data/bases.toml")).expect("read");
    let second = text.match_indices("id = \"siauliai\"").nth(1).map(|(i, _)| i).expect("two ids");
    let line = text[..second].matches('\n').count() + 1;
    let err = failing_build(dir.path());
    assert!(err.contains("duplicate base id `siauliai`"), "{err}");
    assert!(err.contains(&format!("data/bases.toml:{line}:6")), "{err}");
    assert!(err.contains("first defined here"), "{err}");
}

#[test]
fn dangling_reference_is_located_with_a_suggestion() {
    let dir = copy_of_default_data();
    edit(&dir.path().join("data/operations.toml"), "branch = \"air\"", "branch = \"airr\"");
    let at = location(dir.path(), "operations.toml", "\"airr\"");
    let err = failing_build(dir.path());
    assert!(err.contains("unknown branch `airr`"), "{err}");
    assert!(err.contains(&at), "expected {at} in:\n{err}");
    assert!(err.contains("did you mean `air`?"), "{err}");
}

#[test]
fn negative_count_is_an_error() {
    let dir = copy_of_default_data();
    edit(&dir.path().join("data/bases.toml"), "count = 6", "count = -6");
    let err = failing_build(dir.path());
    assert!(err.contains("rotation count -6 is negative"), "{err}");
    assert!(err.contains(&location(dir.path(), "bases.toml", "-6")), "{err}");
}

#[test]
fn every_problem_is_reported_in_one_run() {
    let dir = copy_of_default_data();
    let d = dir.path();
    edit(&d.join("data/bases.toml"), "country = \"LT\"", "contry = \"LT\"");
    edit(&d.join("data/timeline.toml"), "date = \"2004-03-29\"", "date = \"2004-13-01\"");
    edit(&d.join("data/operations.toml"), "branch = \"air\"", "branch = \"airr\"");
    edit(&d.join("data/countries.toml"), "[[country]]", "[[countri]]");
    let out = run(d, &["validate", "--data", "data"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for needle in [
        "unknown field `contry`",
        "month 13 is out of range",
        "unknown branch `airr`",
        "unknown section `countri`",
        "4 errors found",
    ] {
        assert!(err.contains(needle), "missing {needle:?} in:\n{err}");
    }
}

#[test]
fn a_failed_build_leaves_earlier_outputs_untouched() {
    let dir = copy_of_default_data();
    let d = dir.path();
    std::fs::create_dir(d.join("out")).expect("mkdir");
    std::fs::write(d.join("out/factsheet-air-en.pdf"), b"earlier output").expect("write");
    edit(&d.join("data/bases.toml"), "count = 8", "count = -8");
    let out = run(d, &["build", "--data", "data", "--out", "out"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(files_in(&d.join("out")), vec!["factsheet-air-en.pdf".to_owned()]);
    assert_eq!(std::fs::read(d.join("out/factsheet-air-en.pdf")).expect("read"), b"earlier output");
}

#[test]
fn missing_data_folder_and_unknown_scope_are_clear_errors() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = run(dir.path(), &["validate", "--data", "nowhere"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("data folder nowhere does not exist"), "{}", stderr(&out));

    // A scope or language the dataset lacks is a usage error, like a bad flag.
    let out = run(dir.path(), &["build", "--scope", "space", "--out", "out"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("unknown scope `space`"), "{err}");
    assert!(err.contains("land, air, sea, combined"), "{err}");
    assert!(!dir.path().join("out").exists());

    let out = run(dir.path(), &["build", "--lang", "xx"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("language `xx` is not declared"), "{}", stderr(&out));
}

#[test]
fn usage_errors_exit_with_2() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = run(dir.path(), &["build", "--no-such-flag"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn output_path_that_is_a_file_is_refused() {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("out"), b"a file").expect("write");
    let out = run(dir.path(), &["build", "--scope", "air", "--out", "out"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("exists and is not a folder"), "{}", stderr(&out));
    assert_eq!(std::fs::read(dir.path().join("out")).expect("read"), b"a file");
}

#[test]
fn json_diagnostics_parse_with_locations() {
    let dir = copy_of_default_data();
    let d = dir.path();
    edit(&d.join("data/bases.toml"), "country = \"LT\"", "contry = \"LT\"");
    edit(&d.join("data/bases.toml"), "count = 6", "count = -6");
    let out = run(d, &["validate", "--data", "data", "--diagnostic-format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<serde_json::Value> =
        stderr(&out).lines().map(|l| serde_json::from_str(l).expect("each line is JSON")).collect();
    assert_eq!(lines.len(), 2, "{}", stderr(&out));
    assert_eq!(lines[0]["file"], "data/bases.toml");
    assert_eq!(lines[0]["severity"], "error");
    assert!(lines[0]["line"].as_u64().is_some() && lines[0]["column"].as_u64() == Some(1));
    assert!(
        lines[0]["hints"].as_array().expect("hints").iter().any(|h| h == "did you mean `country`?")
    );
    assert!(lines[1]["message"].as_str().expect("message").contains("negative"));
}

#[test]
fn completions_and_man_page_are_generated() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = run(dir.path(), &["completions", "bash"]);
    assert!(out.status.success() && stdout(&out).contains("_briefing()"));
    let out = run(dir.path(), &["man"]);
    assert!(out.status.success() && stdout(&out).contains(".TH briefing 1"));
}
