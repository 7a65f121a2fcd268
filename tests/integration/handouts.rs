//! Handouts made for paper: each layout fills its pages, the slides are
//! placed without their own furniture under the handout's one marking, and
//! what is printed stays legible at its printed size.

use std::path::Path;

use briefing::plan::{HandoutLayout, Kind};
use briefing::project::DataSource;
use briefing::typeset::{self, world::TemplateSource};

use crate::common::*;

const LAYOUTS: [(HandoutLayout, &str); 6] = [
    (HandoutLayout::One, "1"),
    (HandoutLayout::Two, "2"),
    (HandoutLayout::Three, "3"),
    (HandoutLayout::Four, "4"),
    (HandoutLayout::Six, "6"),
    (HandoutLayout::Notes, "notes"),
];

#[test]
fn each_layout_places_every_slide_once_on_pages_of_its_size() {
    for (layout, name) in LAYOUTS {
        let docs = render_kinds(
            DataSource::Embedded,
            TemplateSource::Embedded,
            &["air"],
            &[Kind::Deck, Kind::Handout],
            layout,
        );
        let of = |kind: &str| &docs.iter().find(|(n, _)| n.starts_with(kind)).expect(kind).1;
        let (deck, handout) = (of("deck-"), of("handout-"));
        let slides = deck.document.pages().len();
        assert_eq!(slides, 14, "the default air deck has 14 slides");
        let pages = handout.document.pages().len();
        let expected = match layout {
            HandoutLayout::One => 14,
            HandoutLayout::Two => 7,
            HandoutLayout::Three => 5,
            HandoutLayout::Four => 4,
            HandoutLayout::Six => 3,
            // Two slides share a page where their notes fit: 14 slides on 7.
            HandoutLayout::Notes => 7,
        };
        assert_eq!(pages, expected, "layout {name}");
        // A4, portrait; the 2 x 2 grid of large slides is landscape.
        for (w, h) in typeset::page_sizes(&handout.document) {
            let (w, h) = if layout == HandoutLayout::Four { (h, w) } else { (w, h) };
            assert!((w - 595.28).abs() < 0.5 && (h - 841.89).abs() < 0.5, "layout {name}: {w}x{h}");
        }
        // Each slide's text without its furniture is on the handout (and the
        // furniture's text is not).
        let placed = typeset::placed_texts(&deck.document);
        let full = typeset::page_texts(&deck.document);
        for (i, (p, f)) in placed.iter().zip(&full).enumerate() {
            assert!(
                squash(f).len() > squash(p).len(),
                "slide {} has no furniture to leave out",
                i + 1
            );
        }
        // Every slide once, in order, with its headings on its page.
        let headings = typeset::page_headings(&deck.document);
        let texts = typeset::page_texts(&handout.document);
        let per_page = slides_per_page(&handout.document);
        let placed: Vec<usize> = per_page.iter().flatten().copied().collect();
        assert_eq!(placed, (1..=slides).collect::<Vec<_>>(), "layout {name}");
        let most = if layout == HandoutLayout::Notes { 2 } else { layout.per_page() };
        for (p, on_page) in per_page.iter().enumerate() {
            assert!(!on_page.is_empty() && on_page.len() <= most, "layout {name}, page {}", p + 1);
            for &i in on_page {
                for heading in headings[i - 1].split(" — ") {
                    // (Section names print in capitals, as eyebrows.)
                    assert!(
                        squash(&texts[p].to_lowercase()).contains(&squash(&heading.to_lowercase())),
                        "layout {name}: page {} lacks the title {heading:?} of slide {i}",
                        p + 1
                    );
                }
            }
        }
        // The slides are printed at one size per layout, but in the 3-up
        // layout a slide with a chart or map is printed larger.
        let scales = slide_scales(&handout.document);
        assert_eq!(scales.len(), slides, "layout {name}");
        let pictures: Vec<bool> =
            deck.document.pages().iter().map(|p| has_image(&p.frame)).collect();
        assert!(pictures.iter().any(|p| *p) && pictures.iter().any(|p| !*p));
        let (mut chart, mut plain) = (f64::MAX, 0f64);
        for (s, pic) in scales.iter().zip(&pictures) {
            if *pic { chart = chart.min(*s) } else { plain = plain.max(*s) }
        }
        if layout == HandoutLayout::Three {
            assert!(chart > 1.3 * plain, "3-up: charts at {chart:.3}, text slides at {plain:.3}");
        }
        // The 2 x 2 grid prints its slides larger than the 2 x 3 grid.
        if layout == HandoutLayout::Four {
            assert!(plain > 0.35, "4-up slides are printed at {plain:.3} of their size");
        }
    }
}

#[test]
fn handout_pages_carry_their_own_marking_once_and_no_slide_furniture() {
    ensure_test_tools();
    let dir = tempfile::tempdir().expect("tmp");
    let deck = build(dir.path(), "deck", "3", "internal");
    // The deck's navigation: the words in its strip under the top banner.
    let nav: String = words(&deck)[1]
        .iter()
        .filter(|w| w.y_min > 15.0 && w.y_max < 45.0)
        .map(|w| w.text.as_str())
        .collect();
    assert!(nav.contains("OVERVIEW") && nav.contains("SOURCES"), "{nav}");
    for (_, layout) in LAYOUTS {
        let handout = build(dir.path(), "handout", layout, "internal");
        let pages = words(&handout);
        for (p, page) in pages.iter().enumerate() {
            let height = page[0].page_height;
            let band = |from: f64, to: f64| -> String {
                page.iter()
                    .filter(|w| w.y_min >= from && w.y_max <= to)
                    .map(|w| w.text.as_str())
                    .collect()
            };
            let at = format!("layout {layout}, page {}", p + 1);
            // One band at the top, one at the bottom, and no other banner:
            // the slides' own banners are not printed.
            assert_eq!(band(0.0, 30.0).matches("INTERNALUSEONLY").count(), 1, "{at}: top");
            assert_eq!(band(height - 30.0, height).matches("INTERNALUSEONLY").count(), 1, "{at}");
            assert_eq!(band(30.0, height - 30.0).matches("INTERNALUSEONLY").count(), 0, "{at}");
            // Nor their navigation.
            assert!(!band(0.0, height).contains(&nav), "{at} prints the slides' navigation");
            // Nothing is printed in type too small to read (the slides' own
            // furniture was at 2 to 3 pt): where a slide spans the page (one
            // and two slides a page), no word is less than 6 pt high.
            if ["1", "2"].contains(&layout) {
                let small: Vec<_> = page.iter().filter(|w| w.y_max - w.y_min < 6.0).collect();
                assert!(small.is_empty(), "{at}: {:?}", small.first().map(|w| &w.text));
            }
        }
    }
}

/// Builds the air scope's `kind` in English for `audience` and returns the PDF's path.
fn build(dir: &Path, kind: &str, layout: &str, audience: &str) -> std::path::PathBuf {
    let out = format!("out-{kind}-{layout}");
    let o = run(
        dir,
        &[
            "build",
            "--scope",
            "air",
            "--lang",
            "en",
            "--kind",
            kind,
            "--handout-layout",
            layout,
            "--audience",
            audience,
            "--out",
            &out,
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    dir.join(out).join(format!("{kind}-air-en-{audience}.pdf"))
}

/// One word as `pdftotext -bbox` places it (points, from the page's top).
struct Word {
    text: String,
    y_min: f64,
    y_max: f64,
    page_height: f64,
}

/// The words of every page of a PDF.
fn words(pdf: &Path) -> Vec<Vec<Word>> {
    let o = std::process::Command::new("pdftotext")
        .args(["-bbox".as_ref(), pdf.as_os_str(), "-".as_ref()])
        .output()
        .expect("pdftotext runs");
    assert!(o.status.success(), "pdftotext: {}", stderr(&o));
    let html = String::from_utf8_lossy(&o.stdout);
    let attr = |tag: &str, name: &str| -> f64 {
        let start = tag.find(&format!("{name}=\"")).expect(name) + name.len() + 2;
        let rest = &tag[start..];
        rest[..rest.find('"').expect("quote")].parse().expect("number")
    };
    let mut pages = Vec::new();
    for page in html.split("<page ").skip(1) {
        let height = attr(page, "height");
        let mut out = Vec::new();
        for word in page.split("<word ").skip(1) {
            let (tag, rest) = word.split_once('>').expect("word tag");
            let text = rest.split_once("</word>").expect("word end").0;
            out.push(Word {
                text: text.to_owned(),
                y_min: attr(tag, "yMin"),
                y_max: attr(tag, "yMax"),
                page_height: height,
            });
        }
        assert!(!out.is_empty(), "a page without text in {}", pdf.display());
        pages.push(out);
    }
    pages
}

/// The slide numbers on each page, from the slide images' alt texts
/// ("Slide 3: …").
fn slides_per_page(doc: &typst_layout::PagedDocument) -> Vec<Vec<usize>> {
    use typst::introspection::Tag;
    use typst::layout::{Frame, FrameItem};
    use typst::visualize::ImageElem;
    fn walk(frame: &Frame, out: &mut Vec<usize>) {
        for (_, item) in frame.items() {
            match item {
                FrameItem::Group(g) => walk(&g.frame, out),
                FrameItem::Tag(Tag::Start(elem, _)) => {
                    if let Some(image) = elem.to_packed::<ImageElem>() {
                        let alt = image.alt.as_option().clone().flatten().unwrap_or_default();
                        let number = alt.trim_start_matches("Slide ").split(':').next();
                        out.push(number.and_then(|n| n.parse().ok()).expect("a slide's alt text"));
                    }
                }
                _ => {}
            }
        }
    }
    doc.pages()
        .iter()
        .map(|page| {
            let mut out = Vec::new();
            walk(&page.frame, &mut out);
            out
        })
        .collect()
}

/// The scale at which each placed slide is printed, in page order: the
/// groups of the slides' size (960 x 540 pt) that a handout scales down.
fn slide_scales(doc: &typst_layout::PagedDocument) -> Vec<f64> {
    use typst::layout::{Frame, FrameItem};
    fn walk(frame: &Frame, out: &mut Vec<f64>) {
        for (_, item) in frame.items() {
            if let FrameItem::Group(g) = item {
                let size = g.frame.size();
                if (size.x.to_pt() - 960.0).abs() < 0.5 && (size.y.to_pt() - 540.0).abs() < 0.5 {
                    out.push(g.transform.sx.get());
                } else {
                    walk(&g.frame, out);
                }
            }
        }
    }
    let mut out = Vec::new();
    for page in doc.pages() {
        walk(&page.frame, &mut out);
    }
    out
}

/// Whether a frame places an image (on a slide: a chart or map).
fn has_image(frame: &typst::layout::Frame) -> bool {
    frame.items().any(|(_, item)| match item {
        typst::layout::FrameItem::Image(..) => true,
        typst::layout::FrameItem::Group(g) => has_image(&g.frame),
        _ => false,
    })
}

#[test]
fn chart_text_stays_legible_at_three_up() {
    let docs = render_kinds(
        briefing::project::DataSource::Embedded,
        briefing::typeset::world::TemplateSource::Embedded,
        &["air", "combined"],
        &[briefing::plan::Kind::Handout],
        briefing::plan::HandoutLayout::Three,
    );
    let mut seen = 0;
    for (name, doc) in &docs {
        for (i, page) in doc.document.pages().iter().enumerate() {
            for size in crate::slide_frames::chart_text_sizes(&page.frame) {
                seen += 1;
                // A chart slide takes its row's full height at 3-up; its
                // smallest chart text prints at 6 pt or more (it was about
                // 3 pt with charts drawn for a fifth of the slide).
                assert!(size >= 6.0, "{name}, page {}: chart text of {size:.2} pt", i + 1);
            }
        }
    }
    assert!(seen >= 5, "only {seen} charts seen");
}
