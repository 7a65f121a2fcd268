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
/// pdfpc file's notes; and nothing over the picture. Returns python-pptx's
/// reading.
fn check_deck(out: &Path, stem: &str, slide_label: &str, colon: &str) -> Value {
    check_any_deck(out, stem, slide_label, colon, false)
}

/// As [`check_deck`]; an `editable` deck may have text over the picture,
/// whose title placeholder is then the slide's own title, not the handout's.
fn check_any_deck(out: &Path, stem: &str, slide_label: &str, colon: &str, editable: bool) -> Value {
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
        let texts = slide["texts"].as_array().expect("texts");
        if editable && !texts.is_empty() {
            assert!(alt.starts_with(&numbered), "{stem} slide {n}: alt text {alt}");
            continue;
        }
        assert!(texts.is_empty(), "{stem} slide {n}: text over the picture: {texts:?}");
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
    // The title slide is named by its title as the slide sets it: the
    // branch's name over the dataset's title.
    let title = r#"Air Force Missions <script>&"' on the flank"#;
    assert_eq!(deck["slides"][0]["title"], title);
    assert_eq!(deck["slides"][0]["pictures"][0]["descr"], format!("Slide 1: {title}"));
    // Editable, the same words are the cover's text boxes' text.
    let out = run(
        dir.path(),
        &[
            "build",
            "--scope",
            "air",
            "--lang",
            "en",
            "--kind",
            "deck",
            "--format",
            "pptx",
            "--pptx-editable",
            "--out",
            "editable",
            "-q",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let deck = read_pptx(&dir.path().join("editable/deck-air-en.pptx"));
    let cover = &deck["slides"][0];
    // A branch deck's cover names the branch over the dataset's title.
    assert_eq!(cover["title"], "Air Force\nMissions <script>&\"' on the flank", "{cover}");
    assert!(cover["texts"].as_array().expect("texts").iter().any(|t| t["title"] == true));
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

/// The title of `slide` as it shows it: its title placeholder's text before
/// the "2 / 3" of a continued slide.
fn shown_title(slide: &Value) -> String {
    let title = slide["title"].as_str().unwrap_or_default();
    title.split('\u{2002}').next().unwrap_or_default().to_owned()
}

/// The paragraphs of the text boxes after `slide`'s title placeholder: its
/// body, as the briefer edits it.
fn body_paragraphs(slide: &Value) -> Vec<String> {
    let texts = slide["texts"].as_array().expect("texts");
    let after = texts.iter().position(|t| t["title"] == true).map_or(0, |i| i + 1);
    texts[after..]
        .iter()
        .flat_map(|t| t["paragraphs"].as_array().expect("paragraphs").iter())
        .map(|p| p.as_str().expect("text").to_owned())
        .collect()
}

/// The body paragraphs of every slide titled `title`, in order.
fn paragraphs_of_slides(deck: &Value, title: &str) -> Vec<String> {
    let slides = deck["slides"].as_array().expect("slides");
    let titled: Vec<&Value> = slides.iter().filter(|s| shown_title(s) == title).collect();
    assert!(!titled.is_empty(), "no slide titled {title}");
    titled.into_iter().flat_map(body_paragraphs).collect()
}

/// The strings of `value` (an array of strings).
fn strings(value: &Value) -> Vec<String> {
    value.as_array().expect("array").iter().map(|v| v.as_str().expect("str").to_owned()).collect()
}

/// The text an item's text slides show: per item its title (where it is not
/// the slide's) and its paragraphs (templates/deck.typ, `text-slides`).
fn text_slides_paragraphs(items: &Value, slide_title: &str) -> Vec<String> {
    let mut out = Vec::new();
    for item in items.as_array().expect("items") {
        let title = item["title"].as_str().unwrap_or_default();
        if !title.is_empty() && title != slide_title {
            out.push(title.to_owned());
        }
        out.extend(strings(&item["body"]));
    }
    out
}

/// The title the text slides of `items` carry (templates/deck.typ, `text-title`).
fn text_slides_title(items: &Value, labels: &Value, key: &str) -> String {
    let items = items.as_array().expect("items");
    match items.as_slice() {
        [one] if !one["title"].as_str().unwrap_or_default().is_empty() => {
            one["title"].as_str().unwrap_or_default().to_owned()
        }
        _ => labels[key].as_str().expect("label").to_owned(),
    }
}

#[test]
fn an_editable_deck_has_its_text_slides_text_from_the_plan_in_text_boxes() {
    ensure_test_tools();
    let dir = tempfile::tempdir().expect("tmp");
    let builds = [
        ("deck-combined-en", vec!["--scope", "combined", "--lang", "en"], "Slide", ": "),
        (
            "deck-air-fr-internal",
            vec!["--scope", "air", "--lang", "fr", "--audience", "internal"],
            "Diapositive",
            "\u{a0}: ",
        ),
    ];
    for (stem, select, slide_label, colon) in builds {
        let mut args = vec!["build", "--kind", "deck", "--format", "pdf,pptx", "--pptx-editable"];
        args.extend(select.iter().copied());
        args.extend(["--emit-data", "emitted", "--out", "out", "-q"]);
        let out = run(dir.path(), &args);
        assert!(out.status.success(), "{}", stderr(&out));
        let out_dir = dir.path().join("out");
        // A slide a page, the pdfpc notes, one full-slide picture each.
        let deck = check_any_deck(&out_dir, stem, slide_label, colon, true);
        let data: Value = serde_json::from_str(
            &std::fs::read_to_string(dir.path().join(format!("emitted/{stem}.json")))
                .expect("data"),
        )
        .expect("JSON");
        let labels = &data["labels"];
        let slides = deck["slides"].as_array().expect("slides");

        // The title slide: the headline's texts, the title in the placeholder.
        let cover = &slides[0];
        // A branch deck's cover names the branch over the dataset's title.
        let headline = data["headline"]["title"].as_str().expect("title");
        let title = match data["document"]["scope"].as_str() {
            Some("combined") => headline.to_owned(),
            _ => format!("{}\n{headline}", data["document"]["scope_name"].as_str().expect("scope")),
        };
        assert_eq!(cover["title"], title.as_str(), "{stem}: the cover's title");
        let cover_texts: Vec<String> = cover["texts"]
            .as_array()
            .expect("texts")
            .iter()
            .flat_map(|t| strings(&t["paragraphs"]))
            .collect();
        for key in ["subtitle", "tagline"] {
            let text = data["headline"][key].as_str().expect("headline");
            assert!(
                cover_texts.iter().any(|t| t == text),
                "{stem}: {key} {text} in {cover_texts:?}"
            );
        }
        let scope = data["document"]["scope_name"].as_str().expect("scope name");
        assert!(cover_texts.iter().any(|t| t == scope), "{stem}: {scope} in {cover_texts:?}");

        // Background and mission: every paragraph, in order, over their slides.
        for (key, label) in [("background", "background"), ("mission", "mission")] {
            let title = text_slides_title(&data[key], labels, label);
            assert_eq!(
                paragraphs_of_slides(&deck, &title),
                text_slides_paragraphs(&data[key], &title),
                "{stem}: the {key} slides' text"
            );
        }

        // Key figures: each number and its label (with its reference mark).
        let figures = paragraphs_of_slides(&deck, labels["key_figures"].as_str().expect("label"));
        let shown = data["figures"].as_array().expect("figures");
        assert!(!shown.is_empty());
        for f in shown {
            let value = f["value"].as_str().expect("value");
            assert!(
                figures.iter().any(|p| p == value || p.ends_with(&format!("\u{a0}{value}"))),
                "{stem}: figure {value} in {figures:?}"
            );
            let label = f["label"].as_str().expect("label");
            let mark = match f["source"].as_u64() {
                Some(n) if n > 0 => n.to_string(),
                _ => String::new(),
            };
            assert!(figures.contains(&format!("{label}{mark}")), "{stem}: {label} in {figures:?}");
        }

        // Charts, maps and tables stay pictures: the timeline and sources.
        for key in ["timeline", "sources"] {
            let title = labels[key].as_str().expect("label");
            for s in slides.iter().filter(|s| shown_title(s) == title) {
                assert_eq!(
                    s["texts"],
                    serde_json::json!([]),
                    "{stem}: the {key} slide is a picture"
                );
            }
        }

        // LibreOffice opens it and converts every slide.
        let lo = dir.path().join(format!("lo-{stem}"));
        let converted = Command::new("soffice")
            .arg(format!(
                "-env:UserInstallation=file://{}",
                dir.path().join("lo-profile").display()
            ))
            .args(["--headless", "--convert-to", "pdf", "--outdir"])
            .arg(&lo)
            .arg(out_dir.join(format!("{stem}.pptx")))
            .output()
            .expect("soffice runs");
        assert!(converted.status.success(), "{}", stderr(&converted));
        let info = Command::new("pdfinfo")
            .arg(lo.join(format!("{stem}.pdf")))
            .output()
            .expect("pdfinfo runs");
        let pages = stdout(&info)
            .lines()
            .find_map(|l| l.strip_prefix("Pages:").and_then(|n| n.trim().parse::<usize>().ok()));
        assert_eq!(pages, Some(slides.len()), "{stem}: LibreOffice's PDF has a page per slide");

        if stem == "deck-air-fr-internal" {
            // The lines to take, one paragraph each, with a bullet.
            let lines: Vec<String> = data["lines"]
                .as_array()
                .expect("lines")
                .iter()
                .map(|l| l["text"].as_str().expect("text").to_owned())
                .collect();
            assert!(!lines.is_empty());
            let title = labels["lines_to_take"].as_str().expect("label");
            assert_eq!(paragraphs_of_slides(&deck, title), lines, "{stem}: the lines to take");
            // The branch: its summary, then its paragraphs, over its slides.
            let branch = &data["branches"][0];
            let mut expected = vec![branch["summary"].as_str().expect("summary").to_owned()];
            expected.extend(strings(&branch["body"]));
            let heading = branch["heading"].as_str().expect("heading");
            assert_eq!(paragraphs_of_slides(&deck, heading), expected, "{stem}: the branch's text");
        } else {
            // A combined deck's branch slides have figures beside their text: pictures.
            let heading = data["branches"][0]["heading"].as_str().expect("heading");
            for s in slides.iter().filter(|s| shown_title(s) == heading) {
                assert_eq!(s["texts"], serde_json::json!([]), "{stem}: {heading} is a picture");
            }
        }

        // A rerun gives the same bytes; without the flag, pictures only.
        let mut again = args.clone();
        let at = again.iter().position(|a| *a == "out").expect("--out");
        again[at] = "again";
        let rerun = run(dir.path(), &again);
        assert!(rerun.status.success(), "{}", stderr(&rerun));
        let name = format!("{stem}.pptx");
        let first = std::fs::read(out_dir.join(&name)).expect("pptx");
        assert!(first == std::fs::read(dir.path().join("again").join(&name)).expect("pptx"));
        again.retain(|a| *a != "--pptx-editable");
        let at = again.iter().position(|a| *a == "again").expect("--out");
        again[at] = "pictures";
        let pictures = run(dir.path(), &again);
        assert!(pictures.status.success(), "{}", stderr(&pictures));
        check_deck(&dir.path().join("pictures"), stem, slide_label, colon);
    }
}
