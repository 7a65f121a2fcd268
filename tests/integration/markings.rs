//! Markings and audiences: items above the audience never reach a document.

use briefing::build;
use briefing::plan::{HandoutLayout, Kind, Selection};
use briefing::project::{DataSource, Inputs};
use briefing::typeset::document::Typesetter;
use briefing::typeset::world::TemplateSource;

use crate::common::*;

const CANARIES: [(&str, &str); 3] = [
    ("public", "CANARYPUBLIC7Q"),
    ("internal", "CANARYINTERNAL7Q"),
    ("restricted", "CANARYRESTRICTED7Q"),
];

/// The default data plus one background text per level, each carrying its canary.
fn data_with_canaries() -> tempfile::TempDir {
    let dir = copy_of_default_data();
    let mut extra = String::new();
    for (level, canary) in CANARIES {
        extra.push_str(&format!(
            "[[text]]\nid = \"canary-{level}\"\nsection = \"background\"\nbody = [\"{canary}\"]\nmarking = \"{level}\"\n\n"
        ));
    }
    std::fs::write(dir.path().join("data/zz-canaries.toml"), extra).expect("write");
    dir
}

fn render_for(
    data: &std::path::Path,
    audience: Option<&str>,
    scopes: &[&str],
    kinds: &[Kind],
    langs: &[&str],
) -> Vec<(String, briefing::typeset::document::RenderedDocument)> {
    let inputs =
        Inputs { data: DataSource::Dir(data.to_path_buf()), templates: TemplateSource::Embedded };
    let selection = Selection {
        scopes: scopes.iter().map(|s| s.to_string()).collect(),
        kinds: kinds.to_vec(),
        audience: audience.map(str::to_owned),
        langs: langs.iter().map(|l| l.to_string()).collect(),
        handout_layout: HandoutLayout::Notes,
        ..Selection::default()
    };
    let prepared = build::prepare(&inputs, &selection).unwrap_or_else(|d| panic!("{}", d.render()));
    let ts = Typesetter::new(std::sync::Arc::new(TemplateSource::Embedded));
    prepared
        .plans
        .iter()
        .map(|p| {
            (p.file_name(), prepared.render(&ts, p).unwrap_or_else(|d| panic!("{}", d.render())))
        })
        .collect()
}

#[test]
fn canaries_reach_exactly_the_audiences_cleared_for_them() {
    let dir = data_with_canaries();
    let data = dir.path().join("data");
    for (rank, audience) in ["public", "internal", "restricted"].iter().enumerate() {
        // Every scope, fact sheets and decks (handouts are made of the deck's
        // own pages), in English; and the combined ones in every other language.
        let mut docs =
            render_for(&data, Some(audience), &[], &[Kind::Factsheet, Kind::Deck], &["en"]);
        docs.extend(render_for(
            &data,
            Some(audience),
            &["combined"],
            &[Kind::Factsheet, Kind::Deck],
            &["nl", "fr", "de"],
        ));
        assert_eq!(docs.len(), 14);
        for (name, doc) in &docs {
            if rank > 0 {
                assert!(
                    name.ends_with(&format!("-{audience}.pdf")),
                    "{name} does not name its audience"
                );
            }
            let text = squashed_text(doc);
            for (level_rank, (_, canary)) in CANARIES.iter().enumerate() {
                assert_eq!(
                    text.contains(canary),
                    level_rank <= rank,
                    "{name}: canary {canary} for audience {audience}"
                );
            }
        }
    }
}

#[test]
fn banner_names_the_highest_marking_present_on_every_page() {
    let dir = copy_of_default_data();
    let d = dir.path();
    // Keep internal material on the air branch only.
    std::fs::remove_file(d.join("data/internal.toml")).expect("rm");
    std::fs::write(
        d.join("data/zz-air-line.toml"),
        "[[line]]\nid = \"air-only\"\nbranch = \"air\"\ntext = \"An internal line.\"\nmarking = \"internal\"\nreleasable_to = [\"NATO\"]\n",
    )
    .expect("write");
    let docs =
        render_for(&d.join("data"), Some("internal"), &["air", "sea"], &[Kind::Factsheet], &["en"]);
    for (name, doc) in &docs {
        let expected = if name.contains("-air-") { "INTERNAL USE ONLY" } else { "PUBLIC" };
        for (i, page) in briefing::typeset::page_texts(&doc.document).iter().enumerate() {
            assert!(
                squash(page).contains(&squash(expected)),
                "{name} page {} lacks the banner {expected}",
                i + 1
            );
        }
        if expected == "PUBLIC" {
            assert!(
                !squashed_text(doc).contains(&squash("INTERNAL USE ONLY")),
                "{name} is over-marked"
            );
        }
    }
}

#[test]
fn a_public_document_is_identical_whether_or_not_internal_items_exist() {
    let with = copy_of_default_data();
    let without = copy_of_default_data();
    std::fs::remove_file(without.path().join("data/internal.toml")).expect("rm");
    for dir in [&with, &without] {
        let out = run(
            dir.path(),
            &[
                "build",
                "--data",
                "data",
                "--scope",
                "air",
                "--kind",
                "factsheet,deck",
                "--lang",
                "en",
                "--out",
                "out",
            ],
        );
        assert!(out.status.success(), "{}", stderr(&out));
    }
    for name in ["factsheet-air-en.pdf", "deck-air-en.pdf", "deck-air-en.pdfpc"] {
        let a = std::fs::read(with.path().join("out").join(name)).expect("with");
        let b = std::fs::read(without.path().join("out").join(name)).expect("without");
        assert!(a == b, "{name} changes when internal items exist");
    }
}

#[test]
fn marking_mistakes_are_located_errors() {
    let dir = copy_of_default_data();
    let d = dir.path();
    std::fs::write(
        d.join("data/zz-bad.toml"),
        "[[figure]]\nid = \"secret-count\"\nvalue = 3\nlabel = \"secret things\"\nbranch = \"air\"\nmarking = \"restricted\"\n\n\
         [[chart]]\nid = \"leaky\"\nkind = \"bar\"\ntitle = \"Leaky\"\nfigures = [\"secret-count\"]\n\n\
         [[operation]]\nid = \"op-x\"\nname = \"X\"\nbranch = \"air\"\nsummary = \"x\"\nmarking = \"confidential\"\n",
    )
    .expect("write");
    edit(&d.join("data/branches.toml"), "id = \"sea\"", "id = \"sea\"\nmarking = \"internal\"");
    let out = run(d, &["validate", "--data", "data"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("chart `leaky` is marked `public` but refers to figure `secret-count`, marked `restricted`"), "{err}");
    assert!(err.contains("data/zz-bad.toml:12:12"), "{err}");
    assert!(err.contains("unknown marking `confidential`"), "{err}");
    assert!(
        err.contains(
            "operation `snmg1` is marked `public` but refers to branch `sea`, marked `internal`"
        ),
        "{err}"
    );
    let clean = tempfile::tempdir().expect("tmp");
    let out = run(clean.path(), &["build", "--audience", "secret", "--out", "out"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("unknown audience `secret`"));
}

#[test]
fn internal_documents_carry_lines_to_take_and_questions() {
    let data = root().join("data");
    let docs =
        render_for(&data, Some("internal"), &["air"], &[Kind::Factsheet, Kind::Deck], &["en"]);
    for (name, doc) in &docs {
        let text = squashed_text(doc);
        assert!(
            text.contains(&squash("Why does Belgium patrol Baltic airspace?")),
            "{name} lacks the air question"
        );
        assert!(
            text.contains(&squash("Our F-16s were the first to police Baltic airspace")),
            "{name} lacks the air line"
        );
        assert!(
            !text.contains(&squash("What is Operation Baltic Sentry protecting against?")),
            "{name} shows a navy question"
        );
    }
    let public = render_for(&data, None, &["air"], &[Kind::Factsheet], &["en"]);
    assert!(!squashed_text(&public[0].1).contains(&squash("Why does Belgium patrol")));
}

#[test]
fn draft_marks_every_page_and_portion_marks_print() {
    let inputs = Inputs { data: DataSource::Embedded, templates: TemplateSource::Embedded };
    let selection = Selection {
        scopes: vec!["air".into()],
        kinds: vec![Kind::Factsheet, Kind::Deck, Kind::Handout],
        audience: Some("internal".into()),
        draft: true,
        portion_marks: true,
        langs: vec!["en".into()],
        ..Selection::default()
    };
    let prepared = build::prepare(&inputs, &selection).unwrap_or_else(|d| panic!("{}", d.render()));
    let ts = Typesetter::new(std::sync::Arc::new(TemplateSource::Embedded));
    for plan in &prepared.plans {
        let doc = prepared.render(&ts, plan).unwrap_or_else(|d| panic!("{}", d.render()));
        for (i, page) in briefing::typeset::page_texts(&doc.document).iter().enumerate() {
            assert!(
                page.contains("DRAFT"),
                "{} page {} has no DRAFT mark",
                plan.file_name(),
                i + 1
            );
        }
        if plan.kind() == Kind::Factsheet {
            let text = squashed_text(&doc);
            assert!(
                text.contains("(I)") && text.contains("(P)"),
                "{}: portion marks missing",
                plan.file_name()
            );
        }
    }
}
