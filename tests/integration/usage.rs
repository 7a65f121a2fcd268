//! The command line as users and CI scripts misuse it: usage errors, output
//! devices that fail, output folders that overlap the inputs or are in use.

use std::process::Stdio;

use crate::common::*;

#[test]
fn a_full_standard_output_is_an_error_and_a_closed_pipe_is_not() {
    let dir = tempfile::tempdir().expect("tmp");
    for args in [&["validate", "--diagnostic-format", "json"][..], &["list"][..]] {
        let full = std::fs::OpenOptions::new().write(true).open("/dev/full").expect("/dev/full");
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_briefing"))
            .args(args)
            .current_dir(dir.path())
            .stdout(full)
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("cannot write to standard output"), "{}", stderr(&out));
        assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    }
    // `briefing list | head -1`: the reader goes away, the command ends quietly.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_briefing"))
        .arg("list")
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("ends");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
}

#[test]
fn empty_zero_and_out_of_range_values_are_usage_errors() {
    let dir = tempfile::tempdir().expect("tmp");
    for (args, word) in [
        (&["build", "--jobs", "0"][..], "--jobs"),
        (&["build", "--lang", ""][..], "--lang"),
        (&["list", "--scope", ""][..], "--scope"),
        (&["charts", "--lang", ""][..], "--lang"),
        // Above the documented maximum, which every page kind can be rendered at.
        (&["build", "--ppi", "601"][..], "--ppi"),
    ] {
        let out = run(dir.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(word), "{args:?}: {}", stderr(&out));
    }
    assert!(!dir.path().join("out").exists(), "a usage error wrote nothing");
}

#[test]
fn an_output_folder_among_the_inputs_is_refused_and_nothing_is_written() {
    let dir = copy_of_default_data();
    let before = files_in(&dir.path().join("data"));
    for (args, relation) in [
        (
            &["build", "--scope", "air", "--kind", "factsheet", "--lang", "en", "--out", "data"][..],
            "is the data folder",
        ),
        (&["build", "--out", "data/geo/out"][..], "is inside the data folder"),
        (&["build", "--out", "."][..], "contains the data folder"),
        (&["build", "--out", "out", "--emit-data", "data"][..], "is the data folder"),
        (&["charts", "--out", "data"][..], "is the data folder"),
    ] {
        let out = run(dir.path(), args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(relation), "{args:?}: {}", stderr(&out));
    }
    assert_eq!(files_in(&dir.path().join("data")), before, "the data folder is as it was");
    assert!(!dir.path().join("data/geo/out").exists());
}

#[test]
fn a_folder_another_build_writes_into_is_refused_with_its_holder() {
    let dir = tempfile::tempdir().expect("tmp");
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).expect("mkdir");
    let held = briefing::output::guard::lock_output(&out_dir).expect("lock");
    let args = ["build", "--scope", "air", "--kind", "factsheet", "--lang", "en", "--out", "out"];
    let out = run(dir.path(), &args);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stderr(&out);
    assert!(text.contains("another build is writing into out"), "{text}");
    assert!(text.contains(&format!("process {}", std::process::id())), "{text}");
    assert!(files_in(&out_dir).is_empty(), "nothing written beside the other build");
    drop(held);
    let out = run(dir.path(), &args);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(files_in(&out_dir), ["SHA256SUMS", "factsheet-air-en.pdf", "manifest.json"]);
}

#[test]
fn version_names_the_typst_it_embeds_and_help_is_grouped_with_examples() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = run(dir.path(), &["--version"]);
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).expect("Cargo.lock");
    let typst = lock
        .split("[[package]]")
        .find(|p| p.contains("name = \"typst\"\n"))
        .and_then(|p| p.lines().find_map(|l| l.strip_prefix("version = ")))
        .expect("typst in Cargo.lock")
        .trim_matches('"');
    assert_eq!(
        stdout(&out).trim(),
        format!("briefing {} (typst {typst})", env!("CARGO_PKG_VERSION"))
    );

    let help = stdout(&run(dir.path(), &["build", "--help"]));
    for heading in ["Input:", "Selection:", "Output:", "Documents:", "Build:", "Examples:"] {
        assert!(help.lines().any(|l| l.trim() == heading), "no {heading} in\n{help}");
    }
    // Each option under its heading: --audience with the selection, --draft with the documents.
    let at = |needle: &str| help.find(needle).unwrap_or_else(|| panic!("{needle} missing"));
    assert!(at("Selection:") < at("--audience") && at("--audience") < at("Output:"));
    assert!(at("Documents:") < at("--draft") && at("--draft") < at("Build:"));
}

#[test]
fn a_bad_source_date_epoch_names_the_variable() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["build", "--out", "out"])
        .current_dir(dir.path())
        .env("SOURCE_DATE_EPOCH", "yesterday")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("SOURCE_DATE_EPOCH variable"), "{}", stderr(&out));
    assert!(!dir.path().join("out").exists());
}

#[test]
fn github_annotations_point_at_the_data() {
    let dir = copy_of_default_data();
    edit(&dir.path().join("data/figures.toml"), "value = 16\n", "value = \"16\"\n");
    let out = run(dir.path(), &["validate", "--diagnostic-format", "github"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    let line = err.lines().find(|l| l.starts_with("::error ")).unwrap_or_else(|| panic!("{err}"));
    assert!(line.starts_with("::error file=data/figures.toml,line="), "{line}");
    assert!(!err.contains("┌─"), "no human snippet in the annotations: {err}");
}
