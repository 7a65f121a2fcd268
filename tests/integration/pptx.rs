//! PowerPoint decks (`--format pptx`), read back by python-pptx and converted
//! by LibreOffice: slides, titles, notes, alt text, properties, reruns.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::common::*;

/// What tests/pptx/read_pptx.py reads from a `.pptx` with python-pptx.
fn read_pptx(pptx: &Path) -> Value {
    let out = Command::new("python3")
        .arg(root().join("tests/pptx/read_pptx.py"))
        .arg(pptx)
        .output()
        .expect("python3 runs");
    assert!(out.status.success(), "python-pptx cannot read {}: {}", pptx.display(), stderr(&out));
    serde_json::from_slice(&out.stdout).expect("read_pptx.py prints JSON")
}

/// The notes of each slide of a pdfpc file.
fn pdfpc_notes(file: &Path) -> Vec<String> {
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(file).expect("pdfpc")).expect("JSON");
    let pages = json["pages"].as_array().expect("pages");
    pages.iter().map(|p| p["note"].as_str().expect("note").to_owned()).collect()
}

/// The manifest entry of `document` in `out`.
fn manifest_entry(out: &Path, document: &str) -> Value {
    let text = std::fs::read_to_string(out.join("manifest.json")).expect("manifest.json");
    let json: Value = serde_json::from_str(&text).expect("manifest JSON");
    let docs = json["documents"].as_array().expect("documents");
    docs.iter().find(|d| d["document"] == document).cloned().expect("the deck is in the manifest")
}

/// Checks what every generated deck must carry: a slide per PDF page, each
/// one picture over the whole 16:9 slide (SVG with a PNG fallback) with alt
/// text (the handout's: `slide_label` N `colon` title), a title, and the
/// pdfpc file's notes. Returns python-pptx's reading.
fn check_deck(out: &Path, stem: &str, slide_label: &str, colon: &str) -> Value {
    let deck = read_pptx(&out.join(format!("{stem}.pptx")));
    let entry = manifest_entry(out, stem);
    let slides = deck["slides"].as_array().expect("slides");
    assert_eq!(
        slides.len() as u64,
        entry["pages"].as_u64().expect("pages"),
        "{stem}: one slide a page"
    );
    let (w, h) = (deck["width"].as_i64().expect("width"), deck["height"].as_i64().expect("height"));
    assert_eq!(w * 9, h * 16, "{stem}: {w} × {h} EMU is not 16:9");
    let notes = pdfpc_notes(&out.join(format!("{stem}.pdfpc")));
    assert_eq!(notes.len(), slides.len());
    for (i, slide) in slides.iter().enumerate() {
        let n = i + 1;
        assert_eq!(slide["notes"].as_str(), Some(notes[i].as_str()), "{stem} slide {n}: notes");
        let title = slide["title"].as_str().expect("every slide has a title placeholder");
        assert!(!title.trim().is_empty(), "{stem} slide {n} has an empty title");
        let pictures = slide["pictures"].as_array().expect("pictures");
        assert_eq!(pictures.len(), 1, "{stem} slide {n}: one picture");
        let p = &pictures[0];
        assert_eq!(
            p["box"],
            serde_json::json!([0, 0, w, h]),
            "{stem} slide {n}: full-slide picture"
        );
        assert_eq!(p["svg"], true, "{stem} slide {n}: an SVG picture");
        assert_eq!(p["png"], "image/png", "{stem} slide {n}: a PNG fallback");
        let alt = p["descr"].as_str().expect("alt text");
        // A slide without headings is titled by its number, as its alt text.
        let numbered = format!("{slide_label} {n}");
        let expected =
            if title == numbered { numbered } else { format!("{numbered}{colon}{title}") };
        assert_eq!(alt, expected, "{stem} slide {n}: alt text");
    }
    // Listed with the other files, and `sha256sum -c` would find it intact.
    let bytes = std::fs::read(out.join(format!("{stem}.pptx"))).expect("pptx");
    let sha = entry["pptx"]["sha256"].as_str().expect("the manifest lists the pptx").to_owned();
    assert_eq!(sha, briefing::output::manifest::sha256_hex(&bytes));
    let sums = std::fs::read_to_string(out.join("SHA256SUMS")).expect("SHA256SUMS");
    assert!(sums.contains(&format!("{sha}  {stem}.pptx\n")), "{sums}");
    deck
}

#[test]
fn a_deck_as_pptx_has_the_handouts_titles_the_pdfpc_notes_and_converts_in_libreoffice() {
    ensure_test_tools();
    let dir = tempfile::tempdir().expect("tmp");
    let out = run(
        dir.path(),
        &[
            "build",
            "--scope",
            "combined",
            "--lang",
            "en",
            "--kind",
            "deck,handout",
            "--format",
            "pdf,pptx",
            "--emit-typst",
            "emit",
            "--out",
            "out",
            "-q",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out_dir = dir.path().join("out");
    let deck = check_deck(&out_dir, "deck-combined-en", "Slide", ": ");
    // The titles are the headings the handout names each slide by.
    let layout: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("emit/handout-combined-en/generated/layout.json"))
            .expect("the handout's layout inputs"),
    )
    .expect("JSON");
    let handout_titles = layout["deck"]["titles"].as_array().expect("titles");
    let titles: Vec<&Value> =
        deck["slides"].as_array().expect("slides").iter().map(|s| &s["title"]).collect();
    assert_eq!(titles, handout_titles.iter().collect::<Vec<_>>());
    assert_eq!(titles[1], "Overview — Key figures");
    let core = &deck["core"];
    assert_eq!(core["title"], "Missions on the eastern flank of Europe");
    assert_eq!(core["author"], "Belgian Defence");
    assert_eq!(core["language"], "en");
    assert_eq!(core["subject"], "PUBLIC");
    assert_eq!(core["created"], "2026-11-01T00:00:00");
    // Only decks have a PowerPoint file.
    assert!(!out_dir.join("handout-combined-en.pptx").exists());

    // A rerun gives the same bytes.
    let again = run(
        dir.path(),
        &[
            "build", "--scope", "combined", "--lang", "en", "--kind", "deck", "--format", "pptx",
            "--out", "again", "-q",
        ],
    );
    assert!(again.status.success(), "{}", stderr(&again));
    let first = std::fs::read(out_dir.join("deck-combined-en.pptx")).expect("pptx");
    let second = std::fs::read(dir.path().join("again/deck-combined-en.pptx")).expect("pptx");
    assert!(first == second, "a rerun wrote another PowerPoint file");
    assert!(!dir.path().join("again/deck-combined-en.pdf").exists(), "pptx alone writes no PDF");

    // LibreOffice opens it and converts every slide.
    let profile = dir.path().join("lo-profile");
    let converted = Command::new("soffice")
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path().join("lo"))
        .arg(out_dir.join("deck-combined-en.pptx"))
        .output()
        .expect("soffice runs");
    assert!(converted.status.success(), "{}", stderr(&converted));
    let pdf = dir.path().join("lo/deck-combined-en.pdf");
    let info = Command::new("pdfinfo").arg(&pdf).output().expect("pdfinfo runs");
    let pages = stdout(&info)
        .lines()
        .find_map(|l| {
            l.strip_prefix("Pages:").map(|n| n.trim().parse::<usize>().expect("a number"))
        })
        .expect("pdfinfo tells the page count");
    assert_eq!(pages, titles.len(), "LibreOffice's PDF has a page per slide");
    // For looking at: BRIEFING_PPTX_LOOK=DIR keeps slide 2 as LibreOffice drew it.
    if let Some(look) = std::env::var_os("BRIEFING_PPTX_LOOK") {
        let status = Command::new("pdftoppm")
            .args(["-r", "60", "-png", "-f", "2", "-l", "2"])
            .arg(&pdf)
            .arg(Path::new(&look).join("libreoffice"))
            .status()
            .expect("pdftoppm runs");
        assert!(status.success());
    }
}

#[test]
fn a_marked_deck_of_another_dataset_and_language_carries_its_marking() {
    ensure_test_tools();
    let dir = tempfile::tempdir().expect("tmp");
    let data = fixture("valmeria");
    let out = run(
        dir.path(),
        &[
            "build",
            "--data",
            data.to_str().expect("utf-8"),
            "--scope",
            "combined",
            "--lang",
            "fr",
            "--audience",
            "internal",
            "--kind",
            "deck",
            "--format",
            "pdf,pptx",
            "--out",
            "out",
            "-q",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let deck =
        check_deck(&dir.path().join("out"), "deck-combined-fr-internal", "Diapositive", "\u{a0}: ");
    let core = &deck["core"];
    assert_eq!(
        core["title"],
        "[USAGE INTERNE UNIQUEMENT] Valmeria dans le monde : nos forces armées à l’étranger"
    );
    assert_eq!(core["subject"], "USAGE INTERNE UNIQUEMENT");
    assert_eq!(core["language"], "fr");
    assert_eq!(
        core["author"],
        "Ministère de la Défense et des Anciens combattants de la République de Valmeria"
    );
}

#[test]
fn markup_in_the_data_is_text_in_the_pptx() {
    ensure_test_tools();
    let dir = copy_of_default_data();
    edit(
        &dir.path().join("data/dataset.toml"),
        "Missions on the eastern flank of Europe",
        r#"Missions <script>&\"' on the flank"#,
    );
    let out = run(
        dir.path(),
        &[
            "build", "--scope", "air", "--lang", "en", "--kind", "deck", "--format", "pptx",
            "--out", "out", "-q",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let deck = read_pptx(&dir.path().join("out/deck-air-en.pptx"));
    assert_eq!(deck["core"]["title"], r#"Missions <script>&"' on the flank — Air Force"#);
    // The title slide has no heading: it is named by the deck's own PDF
    // title (title, scope and kind).
    let title = r#"Missions <script>&"' on the flank — Air Force — Briefing deck"#;
    assert_eq!(deck["slides"][0]["title"], title);
    assert_eq!(deck["slides"][0]["pictures"][0]["descr"], format!("Slide 1: {title}"));
}

#[test]
fn pptx_alone_refuses_fact_sheets_asked_for_by_name() {
    let dir = tempfile::tempdir().expect("tmp");
    let out =
        run(dir.path(), &["build", "--kind", "factsheet", "--format", "pptx", "--out", "out"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("PowerPoint files of decks only") && err.contains("fact sheets"), "{err}");
    assert!(err.contains("--format pdf,pptx"), "{err}");
    assert!(!dir.path().join("out").exists());
}
