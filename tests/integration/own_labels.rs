//! A dataset's own label files (`DATA/i18n/<lang>.toml`): a language briefing does not
//! ship (Valmeria's Polish), words changed in one it does, and their mistakes located.

use std::path::Path;

use briefing::build;
use briefing::plan::Selection;
use briefing::project::{DataSource, Inputs};
use briefing::typeset::world::TemplateSource;

use crate::common::*;

/// A copy of `from` (files and sub-folders) at `to`.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let p = entry.expect("entry").path();
        let target = to.join(p.file_name().expect("name"));
        if p.is_dir() {
            copy_tree(&p, &target)
        } else {
            std::fs::copy(&p, &target).map(drop).expect("copy")
        }
    }
}

/// A copy of the Valmeria fixture as `DIR/data`, with its Polish label file.
fn valmeria_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_tree(&fixture("valmeria"), &dir.path().join("data"));
    dir
}

/// The 1-based line of `text` that starts with `start`.
fn line_of(text: &str, start: &str) -> usize {
    text.lines().position(|l| l.starts_with(start)).expect("the line") + 1
}

#[test]
fn a_language_of_the_data_s_own_gets_its_web_words_from_its_label_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = fixture("valmeria");
    let o = run(
        dir.path(),
        &[
            "build",
            "--data",
            data.to_str().expect("utf-8"),
            "--scope",
            "space",
            "--kind",
            "factsheet",
            "--lang",
            "pl",
            "--format",
            "pdf,html",
            "--out",
            "out",
            "-q",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
    let page = std::fs::read_to_string(dir.path().join("out/factsheet-space-pl.html"))
        .expect("the Polish page");
    assert!(page.contains("<html lang=\"pl"), "{}", &page[..200.min(page.len())]);
    // [web] of data/i18n/pl.toml, and [labels] of it.
    for words in
        ["Przejdź do treści", "Wersja do druku", "Najważniejsze liczby", "Dowództwo Kosmiczne"]
    {
        assert!(page.contains(words), "the page lacks {words:?}");
    }
    for english in ["Skip to the content", "Printed version", "Key figures"] {
        assert!(!page.contains(english), "the page prints {english:?}");
    }
    let index = std::fs::read_to_string(dir.path().join("out/index.html")).expect("index");
    assert!(index.contains("Karty informacyjne"), "the index lacks the Polish heading");
}

#[test]
fn an_unknown_or_missing_word_in_the_data_s_label_file_is_located() {
    let dir = valmeria_copy();
    let file = dir.path().join("data/i18n/pl.toml");
    edit(&file, "\nkey_figures = ", "\nkey_figuers = ");
    edit(&file, "\nskip = ", "\nskp = ");
    let text = std::fs::read_to_string(&file).expect("read");
    let o = run(dir.path(), &["validate", "--data", "data"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    let at = |line: usize| format!("i18n/pl.toml:{line}:1");
    // The misspelt keys, at their lines, with the nearest key.
    assert!(err.contains("`key_figuers` is not a word the templates print in `[labels]`"), "{err}");
    assert!(err.contains("did you mean `key_figures`?"), "{err}");
    assert!(err.contains(&at(line_of(&text, "key_figuers"))), "{err}");
    assert!(err.contains("`skp` is not a word the templates print in `[web]`"), "{err}");
    assert!(err.contains("did you mean `skip`?"), "{err}");
    assert!(err.contains(&at(line_of(&text, "skp"))), "{err}");
    // The web word it leaves out, at its table.
    assert!(err.contains("the web pages' words lack `skip`"), "{err}");
    assert!(err.contains(&at(line_of(&text, "[web]"))), "{err}");
    // A label left out (once the keys are right), at its table, naming the file to copy from.
    edit(&file, "\nkey_figuers = \"Najważniejsze liczby\"\n", "\n");
    edit(&file, "\nskp = ", "\nskip = ");
    let text = std::fs::read_to_string(&file).expect("read");
    let o = run(dir.path(), &["validate", "--data", "data"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("`key_figures` is missing from `[labels]`"), "{err}");
    assert!(err.contains(&at(line_of(&text, "[labels]"))), "{err}");
    assert!(err.contains("translated from templates/i18n/en.toml"), "{err}");
    assert_eq!(err.matches("error:").count(), 1, "{err}");
}

#[test]
fn a_language_without_any_label_file_says_where_to_put_one() {
    let dir = valmeria_copy();
    std::fs::remove_file(dir.path().join("data/i18n/pl.toml")).expect("remove");
    let o = run(
        dir.path(),
        &["build", "--data", "data", "--lang", "pl", "--scope", "space", "--out", "out"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("the templates have no labels for language `pl`"), "{err}");
    assert!(err.contains("add i18n/pl.toml to the data folder"), "{err}");
    assert!(!dir.path().join("out").exists(), "a failed build wrote outputs");
}

#[test]
fn the_data_s_label_file_of_a_shipped_language_changes_only_its_words() {
    let dir = copy_of_default_data();
    let own = dir.path().join("data/i18n");
    std::fs::create_dir(&own).expect("mkdir");
    std::fs::write(own.join("fr.toml"), "[labels]\ntimeline = \"Dates clés\"\n").expect("write");
    let inputs = Inputs {
        data: DataSource::Dir(dir.path().join("data")),
        templates: TemplateSource::Embedded,
    };
    let selection = Selection {
        scopes: vec!["combined".into()],
        langs: vec!["fr".into(), "en".into()],
        ..Selection::default()
    };
    let prepared = build::prepare(&inputs, &selection).unwrap_or_else(|d| panic!("{}", d.render()));
    for plan in &prepared.plans {
        let labels = &plan.data.labels;
        match plan.id.lang.as_str() {
            "fr" => {
                assert_eq!(labels["timeline"], "Dates clés");
                assert_eq!(labels["key_figures"], "Chiffres clés", "the rest is the templates'");
            }
            _ => assert_eq!(labels["timeline"], "Timeline"),
        }
    }
}

#[cfg(unix)]
#[test]
fn a_label_file_linked_from_outside_the_data_folder_is_not_read() {
    let dir = valmeria_copy();
    let outside = dir.path().join("elsewhere.toml");
    let file = dir.path().join("data/i18n/pl.toml");
    std::fs::rename(&file, &outside).expect("move");
    std::os::unix::fs::symlink(&outside, &file).expect("symlink");
    let o = run(dir.path(), &["validate", "--data", "data"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("is a link to a file outside the data folder"), "{}", stderr(&o));
}
