//! Derived figures: a figure that counts items (`counted`) has its number
//! computed from them, says what it counts wherever it is printed, and is
//! checked at its place when its list and a typed-in value disagree.

use std::path::Path;

use briefing::plan::Kind;

use crate::common::*;

const AIR_BASES: &str = "counted = { bases = [\"siauliai\", \"amari\", \"malbork\"] }\n";

/// `validate` on the copy, expecting failure; its messages.
fn failing_validation(dir: &Path) -> String {
    let o = run(dir, &["validate", "--data", "data"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    stderr(&o)
}

/// The 1-based line of `data/figures.toml` that is `line`.
fn line_of(dir: &Path, line: &str) -> usize {
    let text = std::fs::read_to_string(dir.join("data/figures.toml")).expect("read");
    text.lines().position(|l| l == line.trim_end()).expect("the line") + 1
}

#[test]
fn a_typed_in_value_that_differs_from_the_count_is_an_error_at_the_value() {
    let dir = copy_of_default_data();
    edit(&dir.path().join("data/figures.toml"), AIR_BASES, &format!("{AIR_BASES}value = 4\n"));
    let err = failing_validation(dir.path());
    let line = line_of(dir.path(), "value = 4");
    assert!(err.contains("figure `bap-air-bases` says 4 but counts 3 items"), "{err}");
    assert!(err.contains(&format!("data/figures.toml:{line}:9")), "{err}");
    assert!(err.contains("remove `value`"), "{err}");
}

#[test]
fn a_count_of_unknown_nothing_or_protected_items_is_refused_at_its_place() {
    let dir = copy_of_default_data();
    let figures = dir.path().join("data/figures.toml");
    edit(&figures, "\"malbork\"] }", "\"malbrok\"] }");
    edit(&figures, "counted = { operations = [\"snmg1\", \"snmcmg1\"] }", "counted = { }");
    edit(
        &figures,
        "counted = { operations = [\"detachment-romania\", \"detachment-lithuania\"] }\n",
        "",
    );
    let err = failing_validation(dir.path());
    assert!(err.contains("unknown base `malbrok`"), "{err}");
    assert!(err.contains("did you mean `malbork`?"), "{err}");
    assert!(err.contains("figure `navy-standing-groups` counts nothing"), "{err}");
    assert!(err.contains("figure `battlegroups-with-belgian-troops` has no number"), "{err}");
    assert!(err.contains("write `value = <the number the source states>`"), "{err}");

    // A public count of an internal item would tell the public it exists.
    let dir = copy_of_default_data();
    edit(
        &dir.path().join("data/operations.toml"),
        "id = \"snmcmg1\"\n",
        "id = \"snmcmg1\"\nmarking = \"internal\"\n",
    );
    let err = failing_validation(dir.path());
    assert!(
        err.contains(
            "figure `navy-standing-groups` is marked `public` but refers to operation `snmcmg1`, marked `internal`"
        ),
        "{err}"
    );
}

#[test]
fn a_derived_figure_says_what_it_counts_in_every_language() {
    let docs = render_default(&["air"], &[Kind::Factsheet, Kind::Deck], &["en", "nl", "fr", "de"]);
    for (name, doc) in &docs {
        let text = squashed_text(doc);
        let word = match &name[name.len() - 6..name.len() - 4] {
            "en" => "Counted",
            "nl" => "Geteld",
            "fr" => "Décompte",
            _ => "Gezählt",
        };
        let counted = squash(&format!("{word}:Šiauliai, Ämari, Malbork"));
        assert!(text.contains(&counted), "{name}: no “{word}: Šiauliai, Ämari, Malbork”");
    }
}
