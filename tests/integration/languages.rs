//! Languages: every declared language builds with its own words, dates and
//! plurals; a missing translation is located and never printed silently.

use briefing::build;
use briefing::plan::{Kind, Selection};
use briefing::project::{DataSource, Inputs};
use briefing::typeset::world::TemplateSource;

use crate::common::*;

/// Labels of the English page furniture that every other language words differently.
const ENGLISH_ONLY: [&str; 5] =
    ["Key figures", "What is at stake", "Multinational battlegroups", "ongoing", "As of"];

/// The label `key` of `lang`, as the templates' label file has it.
fn label(lang: &str, key: &str) -> String {
    let path = root().join(format!("templates/i18n/{lang}.toml"));
    let file: toml::Table =
        toml::from_str(&std::fs::read_to_string(path).expect("labels")).expect("label file parses");
    file["labels"][key].as_str().expect("label is a string").to_owned()
}

#[test]
fn every_language_fits_its_budget_in_its_own_words_and_dates() {
    let langs = ["nl", "fr", "de"];
    let docs = render_default(&[], &[Kind::Factsheet], &langs);
    assert_eq!(docs.len(), 12, "four scopes in three languages");
    for (name, doc) in &docs {
        let budget = if name.contains("combined") { 4 } else { 2 };
        let pages = doc.document.pages().len();
        assert!(pages <= budget, "{name} takes {pages} pages, budget {budget}");
        assert!(doc.warnings.0.is_empty(), "{name}: {}", doc.warnings.render());
    }
    let as_of = [("nl", "1 november 2026"), ("fr", "1 novembre 2026"), ("de", "1. November 2026")];
    for (lang, date) in as_of {
        let name = format!("factsheet-combined-{lang}.pdf");
        let (_, doc) = docs.iter().find(|(n, _)| *n == name).expect("combined sheet");
        let text = squashed_text(doc);
        assert!(text.contains(&squash(date)), "{name} lacks its as-of date {date}");
        // (The formations' heading is the dataset's own word: see any_nation.rs.)
        for key in ["key_figures", "stakes", "operations", "sources"] {
            let word = label(lang, key);
            // Headings may be set in capitals.
            assert!(
                text.to_lowercase().contains(&squash(&word).to_lowercase()),
                "{name} lacks its label {word:?}"
            );
        }
        for english in ENGLISH_ONLY {
            assert!(!text.contains(&squash(english)), "{name} prints the English {english:?}");
        }
        // The event of 29 March 2004 on the timeline, in the language's words.
        let month = match lang {
            "nl" => "maart",
            "fr" => "mars",
            _ => "März",
        };
        assert!(text.to_lowercase().contains(&month.to_lowercase()), "{name} lacks {month}");
        let pdf = String::from_utf8_lossy(doc.pdf.as_deref().unwrap_or_default());
        // The locale's full tag (`[dataset] locales`), not the bare language.
        let tag = format!("{lang}-BE");
        assert!(
            pdf.contains(&format!("<dc:language><rdf:Bag><rdf:li>{tag}</rdf:li>")),
            "{name} does not declare its language"
        );
    }
}

#[test]
fn counted_phrases_follow_each_languages_plural_rules() {
    let dir = copy_of_default_data();
    let data = dir.path().join("data");
    // Malbork's two rotations become one.
    let bases = std::fs::read_to_string(data.join("bases.toml")).expect("bases");
    let at = bases.find("base = \"malbork\"").expect("Malbork's rotation");
    let count = at + bases[at..].find("count = 2").expect("its count");
    let edited = format!("{}count = 1{}", &bases[..count], &bases[count + "count = 2".len()..]);
    std::fs::write(data.join("bases.toml"), edited).expect("write");
    let inputs = Inputs { data: DataSource::Dir(data), templates: TemplateSource::Embedded };
    let selection = Selection {
        scopes: vec!["air".into()],
        kinds: vec![Kind::Factsheet],
        langs: vec!["en".into(), "de".into(), "fr".into()],
        ..Selection::default()
    };
    let plans =
        build::prepare(&inputs, &selection).unwrap_or_else(|d| panic!("{}", d.render())).plans;
    let alt = |lang: &str| {
        let plan = plans.iter().find(|p| p.id.lang == lang).expect("plan");
        plan.data.charts.iter().find(|c| c.kind == "bar").expect("bar chart").alt.clone()
    };
    assert_eq!(alt("en"), "Bar chart: Šiauliai 8 rotations, Ämari 6 rotations, Malbork 1 rotation");
    assert_eq!(
        alt("de"),
        "Balkendiagramm: Šiauliai 8 Rotationen, Ämari 6 Rotationen, Malbork 1 Rotation"
    );
    assert_eq!(
        alt("fr"),
        "Diagramme en barres\u{a0}: Šiauliai 8 rotations, Ämari 6 rotations, Malbork 1 rotation"
    );
}

#[test]
fn a_missing_translation_is_located_and_never_printed_silently() {
    let dir = copy_of_default_data();
    let d = dir.path();
    let branches = d.join("data/branches.toml");
    let text = std::fs::read_to_string(&branches).expect("branches");
    // Drop the German translation of the air branch's name.
    let line = text
        .lines()
        .position(|l| l.starts_with("name = ") && l.contains("en = \"Air Force\""))
        .expect("the air branch's name");
    let original = text.lines().nth(line).expect("line").to_owned();
    let without = original.replace(", de = \"Luftkomponente\"", "");
    assert_ne!(original, without, "the name has a German translation to remove");
    std::fs::write(&branches, text.replacen(&original, &without, 1)).expect("write");
    let location = format!("data/branches.toml:{}:8", line + 1);

    let out = run(d, &["validate", "--data", "data"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("missing `de` translation"), "{err}");
    assert!(err.contains(&location), "expected {location} in:\n{err}");
    assert_eq!(err.matches("missing `").count(), 1, "one string, one language:\n{err}");

    // Building German fails and writes nothing; Dutch is complete and builds.
    let out = run(
        d,
        &[
            "build",
            "--data",
            "data",
            "--scope",
            "air",
            "--kind",
            "factsheet",
            "--lang",
            "de",
            "--out",
            "out",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains(&location), "{}", stderr(&out));
    assert!(files_in(&d.join("out")).is_empty(), "a failed build wrote files");

    // With --allow-fallback: one warning, and the English name in the German sheet.
    let out = run(
        d,
        &[
            "build",
            "--data",
            "data",
            "--scope",
            "air",
            "--kind",
            "factsheet",
            "--lang",
            "de",
            "--allow-fallback",
            "--out",
            "out",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("warning: missing `de` translation; the `en` text is printed instead"),
        "{err}"
    );
    assert!(err.contains(&location), "{err}");
    let pdf = d.join("out/factsheet-air-de.pdf");
    let doc = std::fs::read(&pdf).expect("pdf");
    assert!(doc.starts_with(b"%PDF-"));
}

#[test]
fn a_missing_label_is_located_in_its_label_file() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = run(dir.path(), &["init", "proj"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let proj = dir.path().join("proj");
    edit(&proj.join("templates/i18n/fr.toml"), "key_figures = ", "# key_figures = ");
    let out = run(&proj, &["validate"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("`key_figures` is missing from `[labels]`"), "{err}");
    assert!(err.contains("templates/i18n/fr.toml:"), "{err}");
    let out = run(
        &proj,
        &[
            "build",
            "--lang",
            "fr",
            "--kind",
            "factsheet",
            "--scope",
            "air",
            "--allow-fallback",
            "--out",
            "out",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("warning: `key_figures` is missing from `[labels]`"));
}
