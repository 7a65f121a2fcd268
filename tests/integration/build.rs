//! The default documents and the second dataset build, carry their facts and are reproducible.

use briefing::project::DataSource;
use briefing::typeset::{self, world::TemplateSource};

use crate::common::*;

const A4: (f64, f64) = (595.28, 841.89);

#[test]
fn default_fact_sheets_are_a4_and_fit_their_page_budget() {
    let docs = render(DataSource::Embedded, TemplateSource::Embedded, &[]);
    let names: Vec<&str> = docs.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "factsheet-land-en.pdf",
            "factsheet-air-en.pdf",
            "factsheet-sea-en.pdf",
            "factsheet-combined-en.pdf"
        ]
    );
    for (name, doc) in &docs {
        let sizes = typeset::page_sizes(&doc.document);
        let budget = if name.contains("combined") { 4 } else { 2 };
        assert!(
            (1..=budget).contains(&sizes.len()),
            "{name} has {} pages, budget {budget}",
            sizes.len()
        );
        for (w, h) in sizes {
            assert!(
                (w - A4.0).abs() < 0.5 && (h - A4.1).abs() < 0.5,
                "{name}: page is {w}x{h} pt, not A4"
            );
        }
        assert!(doc.pdf.as_deref().is_some_and(|p| p.starts_with(b"%PDF-")), "{name} is not a PDF");
        assert!(
            doc.warnings.0.is_empty(),
            "{name} has template warnings:\n{}",
            doc.warnings.render()
        );
    }
}

#[test]
fn combined_sheet_carries_every_seed_fact() {
    let docs = render(DataSource::Embedded, TemplateSource::Embedded, &["combined"]);
    let text = squashed_text(&docs[0].1);
    let facts = [
        // Title band and background.
        "Missions on the eastern flank of Europe",
        "NATO multinational missions",
        "Strengthening collective deterrence and solidarity",
        "annexation of Crimea",
        "relations between NATO and Russia",
        "Baltic Sea",
        "Central and Eastern Europe",
        // Mission.
        "eight multinational battlegroups",
        "North Sea",
        // Army.
        "Romania",
        "Lithuania",
        "French command",
        "German command",
        "engineering, medical, logistics",
        // Air force.
        "29 March 2004",
        "Estonia, Latvia and Lithuania",
        "Baltic Air Policing",
        "Šiauliai",
        "Ämari",
        "Malbork",
        "Poland",
        "sixteen times",
        "almost 200",
        "Iceland Air Policing",
        // Navy.
        "Standing NATO Maritime Group 1",
        "Standing NATO Mine Countermeasures Group 1",
        "staff officers",
        "frigates",
        "mine countermeasures ships",
        "NH90",
        "medical team",
        "Nord Stream",
        "September 2022",
        "Baltic Sentry",
        "January 2025",
        "maritime patrol aircraft",
        "naval drones",
        // Stakes.
        "Worst-case scenario",
        "prosperity",
        // Footer.
        "1 November 2026",
    ];
    let missing: Vec<&str> = facts.iter().copied().filter(|f| !text.contains(&squash(f))).collect();
    assert!(missing.is_empty(), "missing from the combined sheet: {missing:?}");
}

#[test]
fn branch_sheets_show_their_own_operations_only() {
    let docs = render(DataSource::Embedded, TemplateSource::Embedded, &["air", "sea"]);
    let air = squashed_text(&docs[0].1);
    let sea = squashed_text(&docs[1].1);
    assert!(air.contains(&squash("Baltic Air Policing")) && air.contains(&squash("Keflavík")));
    assert!(!air.contains(&squash("Baltic Sentry")), "the air sheet shows a navy operation");
    assert!(sea.contains(&squash("Baltic Sentry")));
    assert!(!sea.contains(&squash("Iceland Air Policing")), "the sea sheet shows an air operation");
}

#[test]
fn rebuilds_are_byte_identical_from_any_folder() {
    let a = tempfile::tempdir().expect("tmp");
    let b = tempfile::tempdir().expect("tmp");
    for dir in [&a, &b] {
        let out = run(dir.path(), &["build", "--scope", "air", "--lang", "en", "--out", "out"]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(stdout(&out).contains("3 documents built"), "{}", stdout(&out));
    }
    // Only the documents and the deck's notes: no temporary files are left beside them.
    let files = files_in(&a.path().join("out"));
    assert_eq!(
        files,
        [
            "SHA256SUMS",
            "deck-air-en.pdf",
            "deck-air-en.pdfpc",
            "factsheet-air-en.pdf",
            "handout-air-en.pdf",
            "manifest.json"
        ]
    );
    for name in &files {
        let x = std::fs::read(a.path().join("out").join(name)).expect("first build");
        let y = std::fs::read(b.path().join("out").join(name)).expect("second build");
        assert!(x == y, "{name} differs between two builds");
    }
}

#[test]
fn source_date_epoch_sets_the_pdf_date() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = run(
        dir.path(),
        &[
            "build",
            "--scope",
            "air",
            "--lang",
            "en",
            "--out",
            "a",
            "--source-date-epoch",
            "1700000000",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let pdf = std::fs::read(dir.path().join("a/factsheet-air-en.pdf")).expect("pdf");
    let text = String::from_utf8_lossy(&pdf);
    assert!(
        text.contains("2023-11-14T22:13:20") || text.contains("D:20231114221320"),
        "timestamp not found"
    );
}

#[test]
fn second_dataset_builds_and_prints_markup_literally() {
    let docs = render(DataSource::Dir(fixture("nordhavn")), TemplateSource::Embedded, &[]);
    let names: Vec<&str> = docs.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "factsheet-army-en.pdf",
            "factsheet-navy-en.pdf",
            "factsheet-airforce-en.pdf",
            "factsheet-cyber-en.pdf",
            "factsheet-combined-en.pdf"
        ]
    );
    let canary = r#"Patrol #set text(red) ] [ $x$ #read("/etc/passwd") <label> @ref *bold* _em_ \ // not a comment"#;
    for (name, doc) in &docs {
        let budget = if name.contains("combined") { 4 } else { 2 };
        assert!(
            doc.document.pages().len() <= budget,
            "{name} has {} pages",
            doc.document.pages().len()
        );
        if name.contains("army") || name.contains("combined") {
            assert!(
                squashed_text(doc).contains(&squash(canary)),
                "{name} does not print the canary literally"
            );
            // An operation name full of regex syntax (unbalanced too),
            // which the templates match literally to keep names whole.
            assert!(
                squashed_text(doc).contains(&squash(r"Operation Canary (C+.*? [#1 {2} ^$ | \")),
                "{name} does not print the canary's name literally"
            );
        }
    }
    let cyber = squashed_text(&docs[3].1);
    assert!(cyber.contains(&squash("Cyber Command")));
    assert!(!cyber.contains(&squash("Belgi")), "default data leaked into another dataset");
}

#[test]
fn list_names_every_document() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = run(dir.path(), &["list"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let expected: String = ["factsheet", "deck", "handout"]
        .iter()
        .flat_map(|k| ["land", "air", "sea", "combined"].map(move |s| (k, s)))
        .flat_map(|(k, s)| ["en", "nl", "fr", "de"].map(|l| format!("{k}-{s}-{l}.pdf\n")))
        .collect();
    assert_eq!(stdout(&out), expected);
    let out = run(
        dir.path(),
        &["list", "--data", fixture("nordhavn").to_str().expect("utf8"), "--scope", "cyber"],
    );
    assert_eq!(stdout(&out), "factsheet-cyber-en.pdf\ndeck-cyber-en.pdf\nhandout-cyber-en.pdf\n");
}

#[test]
fn init_writes_a_project_that_validates() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = run(dir.path(), &["init", "proj"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let proj = dir.path().join("proj");
    assert!(
        proj.join("data/dataset.toml").is_file() && proj.join("templates/factsheet.typ").is_file()
    );
    let out = run(&proj, &["validate"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("is valid"), "{}", stdout(&out));
    // A second init never overwrites.
    let again = run(dir.path(), &["init", "proj"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("already exists"));
}

#[test]
fn manifest_and_checksums_match_the_files() {
    use sha2::Digest;
    let dir = tempfile::tempdir().expect("tmp");
    for scope in ["air", "sea"] {
        let out = run(
            dir.path(),
            &["build", "--scope", scope, "--kind", "factsheet", "--lang", "en", "--out", "out"],
        );
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let out = dir.path().join("out");
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).expect("manifest"))
            .expect("JSON");
    let docs = manifest["documents"].as_array().expect("documents");
    let files: Vec<&str> = docs.iter().map(|d| d["file"].as_str().expect("file")).collect();
    assert_eq!(files, ["factsheet-air-en.pdf", "factsheet-sea-en.pdf"], "both builds are listed");
    let sums = std::fs::read_to_string(out.join("SHA256SUMS")).expect("sums");
    for d in docs {
        let file = d["file"].as_str().expect("file");
        let bytes = std::fs::read(out.join(file)).expect("pdf");
        let sha: String = sha2::Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(d["sha256"], sha.as_str());
        assert_eq!(d["bytes"], bytes.len());
        assert_eq!(d["pages"], 2);
        assert_eq!(d["audience"], "public");
        assert!(sums.contains(&format!("{sha}  {file}\n")), "{file} missing from SHA256SUMS");
    }
}

#[test]
fn documents_claim_pdf_ua_by_default_and_pdf_a_on_request() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = run(dir.path(), &["build", "--scope", "air", "--lang", "en", "--out", "ua"]);
    assert!(out.status.success(), "{}", stderr(&out));
    for name in ["factsheet-air-en.pdf", "deck-air-en.pdf", "handout-air-en.pdf"] {
        let pdf = std::fs::read(dir.path().join("ua").join(name)).expect("pdf");
        assert!(
            String::from_utf8_lossy(&pdf).contains("pdfuaid:part"),
            "{name} does not claim PDF/UA-1"
        );
    }
    let out = run(
        dir.path(),
        &[
            "build",
            "--scope",
            "air",
            "--kind",
            "factsheet",
            "--lang",
            "en",
            "--pdf-standard",
            "a-2b",
            "--out",
            "a",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let pdf = std::fs::read(dir.path().join("a/factsheet-air-en.pdf")).expect("pdf");
    assert!(String::from_utf8_lossy(&pdf).contains("pdfaid:part"), "no PDF/A-2b claim");
    let manifest = std::fs::read_to_string(dir.path().join("a/manifest.json")).expect("manifest");
    assert!(manifest.contains("\"a-2b\""), "{manifest}");

    let out = run(dir.path(), &["build", "--pdf-standard", "a-2b,a-3b", "--out", "bad"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot be combined"), "{}", stderr(&out));
    assert!(!dir.path().join("bad").exists());
}

#[test]
fn emit_typst_writes_self_contained_sources() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = run(
        dir.path(),
        &[
            "build",
            "--scope",
            "air",
            "--kind",
            "factsheet,handout",
            "--out",
            "o",
            "--emit-typst",
            "ej",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let doc = dir.path().join("ej/factsheet-air-en");
    let main = std::fs::read(doc.join("main.typ")).expect("main.typ");
    assert_eq!(main, std::fs::read(root().join("templates/factsheet.typ")).expect("template"));
    let data: serde_json::Value =
        serde_json::from_slice(&std::fs::read(doc.join("generated/data.json")).expect("data"))
            .expect("JSON");
    assert_eq!(data["document"]["scope"], "air");
    for chart in data["charts"].as_array().expect("charts") {
        let file = chart["file"].as_str().expect("file").trim_start_matches('/');
        assert!(doc.join(file).is_file(), "{file} not ejected");
    }
    assert!(doc.join("fonts/Inter-Regular.otf").is_file() && doc.join("lib/theme.typ").is_file());
    let handout = dir.path().join("ej/handout-air-en");
    // The handout's slides are ejected as drawings for stock Typst, not as
    // the empty stand-ins briefing replaces with the deck's pages.
    let slide = std::fs::read_to_string(handout.join("generated/deck/slide-1.svg")).expect("slide");
    assert!(slide.contains("<path"), "slide 1 is not drawn: {slide:.200}");
    // Each folder compiles on its own, reading nothing else, to the same page count.
    let manifest: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.path().join("o/manifest.json")).expect("manifest"),
    )
    .expect("JSON");
    for d in manifest["documents"].as_array().expect("documents") {
        let name = d["document"].as_str().expect("document");
        let pages = crate::eject::compile_ejected(&dir.path().join("ej").join(name));
        assert_eq!(Some(pages as u64), d["pages"].as_u64(), "{name}");
    }
}
