//! Slide decks, speaker notes and handouts.

use briefing::plan::{HandoutLayout, Kind};
use briefing::project::DataSource;
use briefing::typeset::{self, world::TemplateSource};

use crate::common::*;

#[test]
fn decks_are_16_by_9_and_carry_the_facts() {
    let docs = render_default(&[], &[Kind::Deck], &["en"]);
    let names: Vec<&str> = docs.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        ["deck-land-en.pdf", "deck-air-en.pdf", "deck-sea-en.pdf", "deck-combined-en.pdf"]
    );
    for (name, doc) in &docs {
        let sizes = typeset::page_sizes(&doc.document);
        assert!(sizes.len() >= 4, "{name} has only {} slides", sizes.len());
        for (w, h) in sizes {
            assert!((w / h - 16.0 / 9.0).abs() < 0.001, "{name}: slide is {w}x{h} pt, not 16:9");
        }
        assert!(doc.warnings.0.is_empty(), "{name}:\n{}", doc.warnings.render());
        assert_eq!(doc.notes.len(), doc.document.pages().len());
        assert!(doc.notes.iter().all(|n| !n.trim().is_empty()), "{name} has a slide without notes");
    }
    let combined = squashed_text(&docs[3].1);
    for fact in ["Baltic Sentry", "Šiauliai", "Baltic Air Policing", "Romania", "1 November 2026"]
    {
        assert!(combined.contains(&squash(fact)), "the combined deck lacks {fact}");
    }
    let air = squashed_text(&docs[1].1);
    assert!(air.contains(&squash("Ämari")) && !air.contains(&squash("Baltic Sentry")));
}

#[test]
fn pdfpc_notes_are_valid_json_matching_the_data() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = run(
        dir.path(),
        &["build", "--scope", "air", "--kind", "deck", "--lang", "en", "--out", "out"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(dir.path().join("out/deck-air-en.pdfpc")).expect("pdfpc");
    let json: serde_json::Value = serde_json::from_str(&text).expect("the pdfpc file is JSON");
    assert_eq!(json["pdfpcFormat"], 2);
    let pages = json["pages"].as_array().expect("pages");
    let notes: Vec<&str> = pages.iter().map(|p| p["note"].as_str().expect("note")).collect();
    for (i, p) in pages.iter().enumerate() {
        assert_eq!(p["idx"], i);
    }
    // The air branch's notes, as written in data/branches.toml, are on some slide.
    let branches: toml::Table =
        toml::from_str(&std::fs::read_to_string(root().join("data/branches.toml")).expect("read"))
            .expect("branches.toml parses");
    let air = branches["branch"]
        .as_array()
        .expect("branches")
        .iter()
        .find(|b| b["id"].as_str() == Some("air"))
        .expect("air branch");
    let note = air["notes"]["en"].as_str().expect("English notes");
    assert!(notes.iter().any(|n| n.contains(note)), "the air notes are not in the pdfpc file");
}

#[test]
fn handout_pages_follow_the_layout() {
    let deck = render_default(&["air"], &[Kind::Deck], &["en"]);
    let slides = deck[0].1.document.pages().len();
    for (layout, per_page) in [
        (HandoutLayout::Three, 3),
        (HandoutLayout::One, 1),
        (HandoutLayout::Two, 2),
        (HandoutLayout::Four, 4),
        (HandoutLayout::Six, 6),
        (HandoutLayout::Notes, 1),
    ] {
        let docs = render_kinds(
            DataSource::Embedded,
            TemplateSource::Embedded,
            &["air"],
            &[Kind::Handout],
            layout,
        );
        let doc = &docs[0].1;
        // The briefer's copy puts two slides on a page where their notes are short.
        let pages = doc.document.pages().len();
        if layout == HandoutLayout::Notes {
            assert!((slides.div_ceil(2)..slides).contains(&pages), "notes: {pages} pages");
        } else {
            assert_eq!(pages, slides.div_ceil(per_page), "layout {layout:?}");
        }
        for (w, h) in typeset::page_sizes(&doc.document) {
            // The 2 x 2 grid of large slides is landscape.
            let (w, h) = if layout == HandoutLayout::Four { (h, w) } else { (w, h) };
            assert!((w - 595.28).abs() < 0.5 && (h - 841.89).abs() < 0.5, "handout page is not A4");
        }
        if layout == HandoutLayout::Notes {
            let text = squashed_text(doc);
            assert!(
                text.contains(&squash(&deck[0].1.notes[0])),
                "the notes handout lacks the first slide's notes"
            );
        }
    }
}

#[test]
fn every_default_handout_builds() {
    let decks = render_default(&[], &[Kind::Deck], &["en"]);
    let handouts = render_kinds(
        DataSource::Embedded,
        TemplateSource::Embedded,
        &[],
        &[Kind::Handout],
        HandoutLayout::Three,
    );
    assert_eq!(handouts.len(), 4);
    for ((deck_name, deck), (name, handout)) in decks.iter().zip(&handouts) {
        assert_eq!(name.replace("handout", "deck"), *deck_name);
        assert_eq!(
            handout.document.pages().len(),
            deck.document.pages().len().div_ceil(3),
            "{name}"
        );
        assert!(handout.warnings.0.is_empty(), "{name}:\n{}", handout.warnings.render());
        // Each slide says what it is about in its alt text: its number and headings.
        let alts = image_alts(&handout.document);
        let headings = typeset::page_headings(&deck.document);
        assert_eq!(alts.len(), deck.document.pages().len(), "{name}: one image per slide");
        for (i, (alt, heading)) in alts.iter().zip(&headings).enumerate() {
            assert!(!heading.is_empty(), "{deck_name}: slide {} has no heading", i + 1);
            assert_eq!(*alt, format!("Slide {}: {heading}", i + 1), "{name}");
        }
        // The slides are the deck's own pages, with their text as text (and
        // without their page furniture, which the handout's replaces).
        let slides = typeset::placed_texts(&deck.document);
        let pages = typeset::page_texts(&handout.document);
        for (i, slide) in slides.iter().enumerate() {
            assert!(
                squash(&pages[i / 3]).contains(&squash(slide)),
                "{name}: page {} lacks the text of slide {}",
                i / 3 + 1,
                i + 1
            );
        }
    }
}

/// The alt text of every image element on the pages, in page order (a
/// handout's slide images stay image elements after the slides replace them).
fn image_alts(doc: &typst_layout::PagedDocument) -> Vec<String> {
    use typst::introspection::Tag;
    use typst::visualize::ImageElem;
    fn walk(frame: &typst::layout::Frame, out: &mut Vec<String>) {
        for (_, item) in frame.items() {
            match item {
                typst::layout::FrameItem::Group(g) => walk(&g.frame, out),
                typst::layout::FrameItem::Tag(Tag::Start(elem, _)) => {
                    if let Some(image) = elem.to_packed::<ImageElem>() {
                        out.push(
                            image
                                .alt
                                .as_option()
                                .clone()
                                .flatten()
                                .map(|a| a.to_string())
                                .unwrap_or_default(),
                        )
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    for page in doc.pages() {
        walk(&page.frame, &mut out);
    }
    out
}

/// The decks of the default data in four languages, for the projection
/// checks below. (Valmeria's 17-row timeline chart and its one-sentence
/// mission and stakes do not pass them yet.)
fn projection_decks() -> Vec<(String, briefing::typeset::document::RenderedDocument)> {
    render_default(&[], &[Kind::Deck], &["en", "nl", "fr", "de"])
}

#[test]
fn decks_are_made_for_projection() {
    use crate::slide_frames::{BODY_BOTTOM, BODY_TOP, body_lines, chart_text_sizes};
    let docs = projection_decks();
    assert_eq!(docs.len(), 16);
    let mut charts = 0;
    for (name, doc) in &docs {
        let pages = doc.document.pages();
        let mut bodies: Vec<Vec<String>> = Vec::new();
        let mut pictures = 0;
        for (i, page) in pages.iter().enumerate() {
            let at = format!("{name}, slide {}", i + 1);
            // Chart and map text is at least 14 pt at 16:9 (the issue's
            // projection size; they were 7 to 12 pt before).
            for size in chart_text_sizes(&page.frame) {
                charts += 1;
                pictures += 1;
                assert!(size >= 14.0, "{at}: chart text of {size:.1} pt");
            }
            let (lines, bottom) = body_lines(&page.frame);
            // No near-empty slide: the content reaches at least 40 % down
            // the body (the lone timeline event reached 35 %). The title
            // slide is a panel of its own.
            let share = (bottom - BODY_TOP) / (BODY_BOTTOM - BODY_TOP);
            if i > 0 {
                assert!(share >= 0.4, "{at}: content reaches {:.0} % of the body", share * 100.0);
            }
            bodies.push(lines.into_iter().filter(|l| l.chars().count() >= 35).collect());
        }
        // Every deck has a visual: the Navy, with no chart of its own,
        // borrows the combined timeline drawn for its operations.
        assert!(pictures > 0, "{name} shows no chart");
        // One message per slide: no two slides repeat the same text (three
        // or more long lines in common; the Navy's two fleets once shared
        // their whole summary).
        for a in 0..bodies.len() {
            for b in a + 1..bodies.len() {
                let shared = bodies[a].iter().filter(|l| bodies[b].contains(l)).count();
                assert!(shared < 3, "{name}: slides {} and {} share {shared} lines", a + 1, b + 1);
            }
        }
    }
    assert!(charts >= 24, "only {charts} charts were checked");
}

#[test]
fn timeline_slides_print_each_year_once() {
    let docs = render_default(&["air"], &[Kind::Deck], &["en"]);
    let text = typeset::page_texts(&docs[0].1.document);
    // Two 2004 events stand on the first timeline slide: the year is
    // printed over the first only (a second, pale copy read as a misprint).
    let slide =
        text.iter().find(|t| t.contains("Timeline") && t.contains("2004")).expect("timeline");
    assert_eq!(slide.matches("2004").count(), 1, "{slide}");
}
