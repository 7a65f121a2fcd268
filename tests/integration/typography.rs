//! Typography: names are never hyphenated where they stand in a column of
//! their own (tables, labels, headings), however narrow, in any language;
//! prose on slides keeps a readable line length.

use briefing::plan::Kind;
use briefing::typeset;

use crate::common::*;

/// Words of operation, formation and base names that the branch sheets set
/// in narrow table columns, and that were once hyphenated there ("Iceland
/// Air Polic-ing", "Multinationaler Gefechtsver-band", "Šiau-liai"); and
/// table header labels that a narrow column once split ("ROTA-TIONS",
/// "STÜTZ-PUNKT" in the compact bases table beside the bar chart), and host
/// nations in the formations table beside the map ("Slova-quie").
const NAME_WORDS: [&str; 14] = [
    "Policing",
    "Gefechtsverband",
    "Multinationaler",
    "multinational",
    "gevechtsgroep",
    "Šiauliai",
    "Keflavík",
    "ROTATIONS",
    "ROTATIONEN",
    "ROTATIES",
    "STÜTZPUNKT",
    "Slovaquie",
    "Roumanie",
    "Slowakije",
];

/// The words broken at the end of a line, put back together. In the laid-out
/// text every text run is followed by a space, and the hyphen Typst adds
/// where it hyphenates is a run of its own (a soft hyphen), so a hyphenated
/// word reads "Poli \u{ad} cing"; a word broken at its own hyphen reads
/// "F-16- Kampfflugzeuge".
fn hyphenated_words(text: &str) -> Vec<String> {
    let text = text.replace(" \u{ad}", "\u{ad}");
    let chars: Vec<char> = text.chars().collect();
    let mut words = Vec::new();
    for i in 1..chars.len().saturating_sub(1) {
        let hyphen = matches!(chars[i], '-' | '\u{2010}' | '\u{ad}');
        if !hyphen || !chars[i - 1].is_alphabetic() || chars[i + 1] != ' ' {
            continue;
        }
        let head: String = {
            let mut k = i;
            while k > 0 && chars[k - 1].is_alphabetic() {
                k -= 1;
            }
            chars[k..i].iter().collect()
        };
        let tail: String = chars[i + 2..].iter().take_while(|c| c.is_alphabetic()).collect();
        if !tail.is_empty() {
            words.push(format!("{head}{tail}"));
        }
    }
    words
}

#[test]
fn names_in_narrow_columns_are_not_hyphenated_in_any_language() {
    let docs = render_default(&["air", "land"], &[Kind::Factsheet], &["en", "nl", "fr", "de"]);
    assert_eq!(docs.len(), 8, "two branch sheets in four languages");
    let mut broken = Vec::new();
    let mut hyphenated = 0;
    for (name, doc) in &docs {
        let text = typeset::page_texts(&doc.document).join(" ");
        for word in hyphenated_words(&text) {
            hyphenated += 1;
            if NAME_WORDS.iter().any(|n| n.eq_ignore_ascii_case(&word)) {
                broken.push(format!("{name}: {word}"));
            }
        }
        // The names this test looks for are on the sheet.
        let wanted = if name.contains("air") {
            "Policing"
        } else if name.ends_with("-de.pdf") {
            "Gefechtsverband"
        } else if name.ends_with("-nl.pdf") {
            "gevechtsgroep"
        } else {
            "multinational"
        };
        assert!(squashed_text(doc).contains(wanted), "{name} lacks {wanted:?}");
        // The air sheet's bases table has its rotations column.
        if name.contains("air") {
            assert!(squashed_text(doc).contains("ROTATI"), "{name} lacks the rotations header");
        }
    }
    assert!(broken.is_empty(), "names hyphenated: {broken:?}");
    // Running text is still hyphenated where it helps (so the check above
    // does see hyphenated words).
    assert!(hyphenated > 0, "no hyphenated word found at all: the check reads nothing");
}

#[test]
fn key_figure_labels_on_slides_break_between_words_only() {
    let docs = render_default(&["air"], &[Kind::Deck], &["nl", "de"]);
    for (name, doc) in &docs {
        // The key-figures slide: four tiles, labels with long compounds
        // ("Abfangeinsätze", "onderscheppingen") that once broke inside.
        let slide = typeset::page_texts(&doc.document)
            .into_iter()
            .find(|t| t.contains("Kennzahlen") || t.contains("Kerncijfers"))
            .unwrap_or_else(|| panic!("{name} has no key-figures slide"));
        let squashed = squash(&slide);
        let long = if name.ends_with("-de.pdf") { "Abfangeinsätze" } else { "onderscheppingen" };
        assert!(squashed.contains(&squash(long)), "{name} lacks {long:?}");
        // Typst marks a word it hyphenates with a soft hyphen; a break at a
        // word's own hyphen ("Air-Policing-/Rotationen") is fine.
        let broken: Vec<String> = hyphenated_words(&slide.replace('-', "\u{2011}"));
        assert!(broken.is_empty(), "{name}: key-figure labels hyphenated: {broken:?}");
    }
}

#[test]
fn prose_slides_keep_a_readable_measure() {
    let docs = render_default(&["combined"], &[Kind::Deck], &["en"]);
    let (name, doc) = &docs[0];
    let texts = typeset::page_texts(&doc.document);
    let slide = texts
        .iter()
        .position(|t| t.contains("Following the illegal annexation"))
        .unwrap_or_else(|| panic!("{name} has no background slide"));
    // The text runs of the prose, left to right: a line of 60 characters or
    // so, not the 90 of the full content width (872 pt).
    let (left, right) = text_extent(&doc.document.pages()[slide].frame, "Following");
    assert!(right - left <= 670.0, "{name}: prose lines {:.0} pt wide", right - left);
    assert!(right - left >= 500.0, "{name}: prose lines only {:.0} pt wide", right - left);
}

/// The text runs (left, right, baseline, size in pt) of the block of text
/// that starts with the run containing `first`: every run from that line
/// down to the footer, starting at or right of its left edge.
fn prose_runs(frame: &typst::layout::Frame, first: &str) -> Vec<(f64, f64, f64, f64)> {
    use typst::layout::{FrameItem, Point};
    fn runs(frame: &typst::layout::Frame, at: Point, out: &mut Vec<(f64, f64, f64, f64, String)>) {
        for (pos, item) in frame.items() {
            let p = at + *pos;
            match item {
                FrameItem::Group(g) => runs(&g.frame, p, out),
                FrameItem::Text(t) => out.push((
                    p.x.to_pt(),
                    p.x.to_pt() + t.width().to_pt(),
                    p.y.to_pt(),
                    t.size.to_pt(),
                    t.text.to_string(),
                )),
                _ => {}
            }
        }
    }
    let mut all = Vec::new();
    runs(frame, Point::zero(), &mut all);
    let start = all.iter().find(|r| r.4.contains(first)).expect("the prose's first run");
    let (top, left) = (start.2, start.0);
    // Above the footer (492 pt), whose furniture starts at the margin too.
    all.iter()
        .filter(|r| r.2 >= top && r.2 < 470.0 && r.0 >= left - 1.0)
        .map(|r| (r.0, r.1, r.2, r.3))
        .collect()
}

/// The horizontal extent (pt) of the block of text that starts with `first`.
fn text_extent(frame: &typst::layout::Frame, first: &str) -> (f64, f64) {
    let runs = prose_runs(frame, first);
    let left = runs.first().map_or(0.0, |r| r.0);
    (left, runs.iter().map(|r| r.1).fold(left, f64::max))
}

#[test]
fn text_beside_key_figures_is_not_grown_into_a_narrow_column() {
    let docs = render_default(&["sea"], &[Kind::Deck], &["nl"]);
    let (name, doc) = &docs[0];
    // The navy's first slide: its text beside a column of key figures.
    let texts = typeset::page_texts(&doc.document);
    let slide = texts
        .iter()
        .position(|t| squash(t).contains("permanenteNAVOgroepen") && t.contains("Onze"))
        .unwrap_or_else(|| panic!("{name} has no navy slide with its figures"));
    let runs = prose_runs(&doc.document.pages()[slide].frame, "Onze");
    // Only the text column, not the figures beside it.
    let column: Vec<_> = runs.iter().filter(|r| r.1 < 600.0).collect();
    assert!(column.len() > 5, "{name}: the text column has {} runs", column.len());
    let largest = column.iter().map(|r| r.3).fold(0.0, f64::max);
    // The lead at most 1.2 times the running size (20 pt), not grown to 24 pt.
    assert!(largest <= 24.01, "{name}: text beside the figures set at {largest:.1} pt");
}

#[test]
fn names_in_running_text_are_not_hyphenated() {
    let docs = render_default(&["sea"], &[Kind::Factsheet, Kind::Deck], &["nl", "de"]);
    // The navy's operations, named in its running text, once broke as
    // "Counterme-asures" (Dutch patterns on an English name).
    let name_words = ["Standing", "Maritime", "Countermeasures", "Sentry"];
    let mut seen = 0;
    for (name, doc) in &docs {
        let text = typeset::page_texts(&doc.document).join(" ");
        seen += text.matches("Countermeasures").count();
        let broken: Vec<String> = hyphenated_words(&text.replace('-', "\u{2011}"))
            .into_iter()
            .filter(|w| name_words.iter().any(|n| n.eq_ignore_ascii_case(w)))
            .collect();
        assert!(broken.is_empty(), "{name}: names hyphenated in running text: {broken:?}");
    }
    assert!(seen > 0, "the documents do not name the operation this test looks for");
}

/// The line fragments that end in a hyphen Typst added (the text run right
/// before a run of its own that is a hyphen), page by page, as laid out.
fn hyphenated_line_ends(doc: &typst_layout::PagedDocument) -> Vec<(usize, String)> {
    use typst::layout::{Frame, FrameItem};
    fn walk(frame: &Frame, previous: &mut String, page: usize, out: &mut Vec<(usize, String)>) {
        for (_, item) in frame.items() {
            match item {
                FrameItem::Group(g) => walk(&g.frame, previous, page, out),
                FrameItem::Text(t) => {
                    let text = t.text.as_str();
                    if matches!(text.trim(), "\u{ad}" | "-" | "\u{2010}") {
                        out.push((page, previous.clone()));
                    }
                    *previous = text.to_owned();
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    for (i, page) in doc.pages().iter().enumerate() {
        walk(&page.frame, &mut String::new(), i + 1, &mut out);
    }
    out
}

/// `s` with runs of white space as one space.
fn spaced(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn headings_titles_and_leads_are_not_hyphenated_in_any_language() {
    use briefing::build;
    use briefing::plan::Selection;
    use briefing::project::{DataSource, Inputs};
    use briefing::typeset::document::Typesetter;
    use briefing::typeset::world::TemplateSource;

    // The default matrix: every scope, fact sheets and decks (a handout
    // prints the deck's own pages), in the four languages.
    let inputs = Inputs { data: DataSource::Embedded, templates: TemplateSource::Embedded };
    let selection = Selection {
        kinds: vec![Kind::Factsheet, Kind::Deck],
        langs: ["en", "nl", "fr", "de"].map(String::from).to_vec(),
        ..Selection::default()
    };
    let prepared = build::prepare(&inputs, &selection).unwrap_or_else(|d| panic!("{}", d.render()));
    assert_eq!(prepared.plans.len(), 32);
    let ts = Typesetter::new(std::sync::Arc::new(TemplateSource::Embedded));
    let (mut broken, mut hyphens) = (Vec::new(), 0);
    for plan in &prepared.plans {
        let doc = prepared.render(&ts, plan).unwrap_or_else(|d| panic!("{}", d.render()));
        let data = &plan.data;
        // What must never be hyphenated: every heading (slide titles, section
        // and branch headings), the title band, and the leads (the summaries of the document and its branches).
        let mut protected: Vec<String> = typeset::page_headings(&doc.document)
            .iter()
            .flat_map(|h| h.split(" — ").map(spaced).collect::<Vec<_>>())
            .collect();
        protected.extend(
            [&data.headline.title, &data.headline.subtitle, &data.headline.summary]
                .map(|s| spaced(s)),
        );
        protected.extend(data.branches.iter().map(|b| spaced(&b.summary)));
        protected.retain(|p| !p.is_empty());
        for (page, fragment) in hyphenated_line_ends(&doc.document) {
            hyphens += 1;
            let fragment = spaced(&fragment);
            // A fragment of a few words could stand anywhere ("Belgische
            // F-16 über-" opens a heading and the text under it).
            if fragment.chars().count() >= 24 && protected.iter().any(|p| p.contains(&fragment)) {
                broken.push(format!("{} page {page}: “{fragment}-”", plan.file_name()));
            }
        }
    }
    assert!(broken.is_empty(), "hyphenated headings, titles or leads:\n{}", broken.join("\n"));
    // Running text is still hyphenated (so the check does see hyphens).
    assert!(hyphens > 0, "no hyphen at a line end at all: the check reads nothing");
}

/// The text runs of a page: (baseline in pt from the top, text).
fn runs_of(frame: &typst::layout::Frame) -> Vec<(f64, String)> {
    use typst::layout::{Frame, FrameItem, Point};
    fn walk(frame: &Frame, at: Point, out: &mut Vec<(f64, String)>) {
        for (pos, item) in frame.items() {
            let p = at + *pos;
            match item {
                FrameItem::Group(g) => walk(&g.frame, p, out),
                FrameItem::Text(t) if !t.text.trim().is_empty() => {
                    out.push((p.y.to_pt(), t.text.trim().to_owned()))
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(frame, Point::zero(), &mut out);
    out
}

#[test]
fn no_heading_is_the_last_line_of_a_page() {
    use typst::foundations::{NativeElement, Selector};
    use typst::introspection::Introspector;
    use typst::model::HeadingElem;
    let docs = render_default(&[], &[Kind::Factsheet], &["en", "nl", "fr", "de"]);
    assert_eq!(docs.len(), 16);
    let mut stranded = Vec::new();
    for (name, doc) in &docs {
        let introspector = doc.document.introspector();
        let pages: Vec<_> = doc.document.pages().iter().map(|p| runs_of(&p.frame)).collect();
        for content in introspector.query(&Selector::Elem(HeadingElem::ELEM, None)) {
            let (Some(loc), Some(heading)) =
                (content.location(), content.to_packed::<HeadingElem>())
            else {
                continue;
            };
            let title = spaced(&heading.body.plain_text());
            // Eyebrow headings print their words in capitals.
            let of_title = |t: &str| title.to_lowercase().contains(&spaced(t).to_lowercase());
            let Some(at) = introspector.position(loc) else { continue };
            let page = at.page.get() - 1;
            let top = at.point.y.to_pt();
            // The body ends at the bottom margin (26 mm above the edge of
            // the A4 page); below it are the footer and the banner.
            let body_end = 841.89 - 26.0 * 72.0 / 25.4;
            // The heading's own words are found where it stands (so the
            // positions below are on the same scale).
            let own = pages[page].iter().any(|(y, t)| *y > top && *y < top + 40.0 && of_title(t));
            assert!(own, "{name} page {}: heading “{title}” not found at {top:.0} pt", page + 1);
            let below = pages[page].iter().any(|(y, t)| *y > top && *y < body_end && !of_title(t));
            if !below {
                stranded.push(format!("{name} page {}: “{title}”", page + 1));
            }
        }
    }
    assert!(
        stranded.is_empty(),
        "headings with nothing under them on their page:\n{}",
        stranded.join("\n")
    );
}

// ---------------------------------------------------------------------------
// Reference images
// ---------------------------------------------------------------------------

/// Pixels per point of the reference images: an A4 page is 179 × 253
/// pixels, a slide 288 × 162; enough to see a layout move, small to keep.
const REFERENCE_SCALE: f32 = 0.3;

/// A page as grey levels at `REFERENCE_SCALE`: (width, height, pixels).
fn grey_page(page: &typst_layout::Page) -> (u32, u32, Vec<u8>) {
    let options = typst_render::RenderOptions {
        pixel_per_pt: typst::utils::Scalar::new(f64::from(REFERENCE_SCALE)),
        render_bleed: false,
    };
    let pixmap = typst_render::render(page, &options);
    let grey = pixmap
        .data()
        .chunks_exact(4)
        .map(|p| {
            // Premultiplied RGBA over white paper.
            let a = 255 - u32::from(p[3]);
            let l = (299 * (u32::from(p[0]) + a)
                + 587 * (u32::from(p[1]) + a)
                + 114 * (u32::from(p[2]) + a))
                / 1000;
            l.min(255) as u8
        })
        .collect();
    (pixmap.width(), pixmap.height(), grey)
}

/// A grey image as PNG (8-bit greyscale, no filter), for committing.
fn encode_grey_png(w: u32, h: u32, pixels: &[u8]) -> Vec<u8> {
    use std::io::Write;
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        let mut crc = flate2::Crc::new();
        crc.update(kind);
        crc.update(data);
        out.extend(kind);
        out.extend(data);
        out.extend(crc.sum().to_be_bytes());
    }
    let mut raw = Vec::with_capacity(pixels.len() + h as usize);
    for row in pixels.chunks_exact(w as usize) {
        raw.push(0);
        raw.extend(row);
    }
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    z.write_all(&raw).expect("deflate");
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend(w.to_be_bytes());
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 0, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &z.finish().expect("deflate"));
    chunk(&mut out, b"IEND", &[]);
    out
}

/// The pixels of a PNG that `encode_grey_png` wrote.
fn decode_grey_png(png: &[u8]) -> (u32, u32, Vec<u8>) {
    use std::io::Read;
    let (mut at, mut w, mut h, mut idat) = (8, 0, 0, Vec::new());
    while at + 8 <= png.len() {
        let len = u32::from_be_bytes(png[at..at + 4].try_into().expect("length")) as usize;
        let (kind, data) = (&png[at + 4..at + 8], &png[at + 8..at + 8 + len]);
        match kind {
            b"IHDR" => {
                w = u32::from_be_bytes(data[0..4].try_into().expect("width"));
                h = u32::from_be_bytes(data[4..8].try_into().expect("height"));
                assert_eq!(&data[8..10], &[8, 0], "a reference image is 8-bit greyscale");
            }
            b"IDAT" => idat.extend(data),
            _ => {}
        }
        at += 12 + len;
    }
    let mut raw = Vec::new();
    flate2::read::ZlibDecoder::new(&idat[..]).read_to_end(&mut raw).expect("inflate");
    let pixels = raw
        .chunks_exact(w as usize + 1)
        .flat_map(|row| {
            assert_eq!(row[0], 0, "a reference image rows are unfiltered");
            row[1..].to_vec()
        })
        .collect();
    (w, h, pixels)
}

/// Renders chosen pages of chosen documents (each kind, two languages, the
/// internal version, one handout layout) at low resolution and compares
/// them with the images in `tests/snapshots/pages/`: a page whose size
/// differs, or on which more than 1 % of the pixels differ by more than a
/// quarter of the grey scale, fails. `BRIEFING_BLESS=1` rewrites the
/// images (look at them, then commit).
#[test]
fn chosen_pages_match_their_reference_images() {
    use briefing::plan::HandoutLayout;
    use briefing::project::DataSource;
    use briefing::typeset::world::TemplateSource;
    let (data, templates) = (DataSource::Embedded, TemplateSource::Embedded);
    let mut docs = render_default(&["combined"], &[Kind::Factsheet], &["en", "de"]);
    docs.extend(render_default(&["air"], &[Kind::Deck], &["fr"]));
    docs.extend(render_langs(
        data,
        templates,
        &["land"],
        &[Kind::Handout],
        HandoutLayout::Three,
        &["nl"],
    ));
    docs.extend(crate::markings::render_internal(
        &["sea"],
        &[Kind::Factsheet, Kind::Deck],
        &["en"],
    ));
    let chosen: [(&str, &[usize]); 6] = [
        ("factsheet-combined-en.pdf", &[1, 2]),
        ("factsheet-combined-de.pdf", &[1]),
        ("deck-air-fr.pdf", &[1, 2]),
        ("handout-land-nl.pdf", &[1]),
        ("factsheet-sea-en-internal.pdf", &[1, 2]),
        ("deck-sea-en-internal.pdf", &[1, 3]),
    ];
    let dir = root().join("tests/snapshots/pages");
    let bless = std::env::var_os("BRIEFING_BLESS").is_some();
    let mut failures = Vec::new();
    for (file, pages) in chosen {
        let doc = &docs
            .iter()
            .find(|(n, _)| n == file)
            .unwrap_or_else(|| panic!("{file} not rendered"))
            .1;
        for &page in pages {
            let (w, h, pixels) = grey_page(&doc.document.pages()[page - 1]);
            let path = dir.join(format!("{}-{page}.png", file.trim_end_matches(".pdf")));
            if bless {
                std::fs::create_dir_all(&dir).expect("mkdir");
                std::fs::write(&path, encode_grey_png(w, h, &pixels)).expect("write");
                continue;
            }
            let Ok(png) = std::fs::read(&path) else {
                failures.push(format!("{}: no reference image", path.display()));
                continue;
            };
            let (rw, rh, reference) = decode_grey_png(&png);
            if (rw, rh) != (w, h) {
                failures.push(format!("{file} page {page}: {w} × {h} px, reference {rw} × {rh}"));
                continue;
            }
            let off = pixels.iter().zip(&reference).filter(|(a, b)| a.abs_diff(**b) > 64).count();
            let share = off as f64 / pixels.len() as f64;
            if share > 0.01 {
                failures.push(format!(
                    "{file} page {page}: {:.1} % of the pixels differ",
                    share * 100.0
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "pages unlike their reference images (if intended: BRIEFING_BLESS=1 cargo test --test integration reference_images, look at tests/snapshots/pages, commit):\n{}",
        failures.join("\n")
    );
}

// ---------------------------------------------------------------------------
// Layout checks over the full default matrix of fact sheets
// ---------------------------------------------------------------------------

/// The label keys of the fact sheets' table headers.
const HEADER_KEYS: [&str; 14] = [
    "operation",
    "lead_nation",
    "host_nations",
    "since",
    "period",
    "assets",
    "base",
    "country",
    "location",
    "coordinates",
    "rotations",
    "formation",
    "battlegroup_host",
    "battlegroup_lead",
];

/// Every fact sheet of the default data (four scopes, four languages),
/// typeset, with its plan's data.
fn factsheet_matrix()
-> Vec<(String, briefing::plan::view::DocumentData, typst_layout::PagedDocument)> {
    use briefing::build;
    use briefing::plan::Selection;
    use briefing::project::{DataSource, Inputs};
    use briefing::typeset::document::Typesetter;
    use briefing::typeset::world::TemplateSource;
    let inputs = Inputs { data: DataSource::Embedded, templates: TemplateSource::Embedded };
    let selection = Selection {
        kinds: vec![Kind::Factsheet],
        langs: ["en", "nl", "fr", "de"].map(String::from).to_vec(),
        ..Selection::default()
    };
    let prepared = build::prepare(&inputs, &selection).unwrap_or_else(|d| panic!("{}", d.render()));
    assert_eq!(prepared.plans.len(), 16);
    let ts = Typesetter::new(std::sync::Arc::new(TemplateSource::Embedded));
    prepared
        .plans
        .iter()
        .map(|plan| {
            let doc = prepared.render(&ts, plan).unwrap_or_else(|d| panic!("{}", d.render()));
            (plan.file_name(), plan.data.clone(), doc.document)
        })
        .collect()
}

#[test]
fn table_headers_names_and_countries_are_never_hyphenated_in_any_fact_sheet() {
    let mut broken = Vec::new();
    let mut hyphenated = 0;
    for (name, data, doc) in factsheet_matrix() {
        // The words that must stay whole: every word of a table header (in
        // capitals, as printed), of a country or a base. (Operation and
        // formation names are whole names, checked as such above: their
        // words, "Belgian", are also ordinary words of running text.)
        let mut whole: Vec<String> = HEADER_KEYS
            .iter()
            .filter_map(|k| data.labels.get(*k))
            .flat_map(|l| l.split_whitespace().map(str::to_uppercase).collect::<Vec<_>>())
            .collect();
        let mut names: Vec<&str> = data.document.countries.iter().map(String::as_str).collect();
        names.extend(data.bases.iter().map(|b| b.name.as_str()));
        whole.extend(names.iter().flat_map(|n| n.split_whitespace().map(str::to_owned)));
        let whole: Vec<String> = whole
            .into_iter()
            .map(|w| w.chars().filter(|c| c.is_alphabetic()).collect::<String>())
            .filter(|w| w.chars().count() >= 5)
            .collect();
        let text = typeset::page_texts(&doc).join(" ");
        for word in hyphenated_words(&text) {
            hyphenated += 1;
            if whole.iter().any(|w| w == &word) {
                broken.push(format!("{name}: {word}"));
            }
        }
    }
    assert!(broken.is_empty(), "table headers or names hyphenated:\n{}", broken.join("\n"));
    assert!(hyphenated > 0, "no hyphenated word found at all: the check reads nothing");
}

/// The text runs of a page with their place and size: (x, y, size, text), in pt.
fn placed_runs(frame: &typst::layout::Frame) -> Vec<(f64, f64, f64, String)> {
    use typst::layout::{Frame, FrameItem, Point};
    fn walk(frame: &Frame, at: Point, out: &mut Vec<(f64, f64, f64, String)>) {
        for (pos, item) in frame.items() {
            let p = at + *pos;
            match item {
                // Rotated or scaled groups (the watermark) are not text lines.
                FrameItem::Group(g) if g.transform.is_identity() => walk(&g.frame, p, out),
                FrameItem::Text(t) if !t.text.trim().is_empty() => {
                    out.push((p.x.to_pt(), p.y.to_pt(), t.size.to_pt(), t.text.trim().to_owned()))
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(frame, Point::zero(), &mut out);
    out
}

/// The runts of a page: a paragraph's last line that holds one short word
/// ending a sentence ("Sea."), under a line of the same paragraph (a line
/// of the same size, starting at the same x, one leading above), with
/// nothing beside it on its line.
fn runts(runs: &[(f64, f64, f64, String)]) -> Vec<String> {
    let mut out = Vec::new();
    for (x, y, size, text) in runs {
        let word = text.trim_end_matches(['.', '!', '?', ':']);
        let short = word.chars().count() <= 5 && word.chars().all(char::is_alphabetic);
        if !short || word.len() == text.len() {
            continue;
        }
        let alone = !runs.iter().any(|(x2, y2, _, t2)| {
            (y2 - y).abs() < 0.5 && *x2 < x + 200.0 && *x2 > x - 200.0 && t2 != text
        });
        let above = runs.iter().any(|(x2, y2, s2, t2)| {
            (x2 - x).abs() < 0.5
                && (s2 - size).abs() < 0.1
                && *y2 < *y
                && y - y2 < size * 2.0
                && t2.split_whitespace().count() >= 3
        });
        if alone && above {
            out.push(text.clone());
        }
    }
    out
}

#[test]
#[ignore = "two runts remain at the theme's runt cost (air-nl page 2 “noten.”, air-de page 1 “Land.”); run with --ignored"]
fn no_paragraph_of_a_fact_sheet_ends_in_a_runt() {
    let mut found = Vec::new();
    for (name, _, doc) in factsheet_matrix() {
        for (i, page) in doc.pages().iter().enumerate() {
            for runt in runts(&placed_runs(&page.frame)) {
                found.push(format!("{name} page {}: “{runt}”", i + 1));
            }
        }
    }
    assert!(found.is_empty(), "paragraphs ending in a runt:\n{}", found.join("\n"));
}

#[test]
fn the_runt_check_sees_a_runt() {
    // Two lines of one paragraph, the second a lone short word: the check
    // must see it (so that the test above can fail).
    let runs = vec![
        (50.0, 100.0, 9.0, "and is strengthening the naval presence in the North".to_owned()),
        (50.0, 111.0, 9.0, "Sea.".to_owned()),
        (50.0, 140.0, 9.0, "A line of a paragraph that ends in long words.".to_owned()),
    ];
    assert_eq!(runts(&runs), ["Sea."]);
}

#[test]
fn an_english_document_spells_each_word_one_way() {
    // Variants of one word that an en-GB document must not mix.
    const VARIANTS: [(&str, &str); 3] =
        [("defence", "defense"), ("battlegroup", "battle group"), ("organisation", "organization")];
    let docs = render_default(&[], &[Kind::Factsheet, Kind::Deck], &["en"]);
    assert_eq!(docs.len(), 8);
    let mut mixed = Vec::new();
    for (name, doc) in &docs {
        let text = spaced(&typeset::page_texts(&doc.document).join(" ")).to_lowercase();
        for (a, b) in VARIANTS {
            if text.contains(a) && text.contains(b) {
                mixed.push(format!("{name}: “{a}” and “{b}”"));
            }
        }
    }
    assert!(mixed.is_empty(), "words spelt two ways in one document:\n{}", mixed.join("\n"));
}
