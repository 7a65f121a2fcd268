//! PowerPoint decks (`--format pptx`): `OUT/deck-<scope>-<lang>[-<audience>].pptx`.
//!
//! Each slide is the deck's own laid-out page as one full-slide picture (SVG,
//! with a PNG fallback for viewers without SVG), so the file looks like the
//! PDF; under it, a title placeholder holding the slide's headings (what the
//! outline, the slide sorter and screen readers read), the picture's alt text
//! the handout's, and the speaker notes those of the pdfpc file. The package
//! is a zip of XML parts, written with quick-xml (every text escaped) and
//! with fixed timestamps and entry order, so the same deck gives the same
//! bytes.
//!
//! With `--pptx-editable`, the title, text, key-figure and lines-to-take
//! slides draw their text as native text boxes over a picture of the slide
//! without that text ([`editable`] reads what the template says of them,
//! [`textbox`] writes them); every other slide stays one picture.
//!
//! The parts, by job: [`package`] (the zip, content types, relationships),
//! [`slide`] (slides, the master and its layout, the theme), [`notes`] (notes
//! slides and their master), [`props`] (document properties).

mod editable;
mod notes;
mod package;
mod props;
mod slide;
mod textbox;
mod xml;

use typst_layout::PagedDocument;

use super::images;
use crate::plan::DocumentPlan;

/// A deck as its PowerPoint file shows it.
#[derive(Debug, Clone)]
pub struct Deck {
    /// Document properties.
    pub properties: Properties,
    /// The slide size in EMU (914 400 a inch, 12 700 a point).
    pub size: (i64, i64),
    /// The slides, in order.
    pub slides: Vec<Slide>,
}

/// What `docProps/core.xml` and `docProps/app.xml` say about the deck.
#[derive(Debug, Clone)]
pub struct Properties {
    /// Title (for a marked audience, with the marking before it).
    pub title: String,
    /// Subject: the marking banner with its caveats.
    pub subject: String,
    /// Author: the publisher.
    pub creator: String,
    /// Language id of the text (`en`).
    pub language: String,
    /// Created and modified, W3CDTF (`2026-11-01T00:00:00Z`): the build date.
    pub date: String,
}

/// One slide.
#[derive(Debug, Clone)]
pub struct Slide {
    /// The title placeholder's text.
    pub title: String,
    /// The picture's alt text.
    pub alt: String,
    /// Speaker notes (paragraphs separated by line feeds).
    pub notes: String,
    /// The page as SVG.
    pub svg: String,
    /// The page as PNG, the fallback for viewers without SVG.
    pub png: Vec<u8>,
    /// Its text as native text boxes over the picture (`--pptx-editable`),
    /// the picture then without that text; empty for a picture slide.
    pub boxes: Vec<editable::TextBox>,
}

/// EMU per point.
const EMU_PER_PT: f64 = 12_700.0;

/// The deck `document` (typeset from `plan`, with its `notes`) as a
/// PowerPoint file; the PNG fallbacks at `ppi`, created and modified `date`;
/// `editable`: the text slides' text as native text boxes.
pub fn deck_pptx(
    plan: &DocumentPlan,
    document: &PagedDocument,
    notes: &[String],
    ppi: f32,
    date: &str,
    editable: bool,
) -> Result<Vec<u8>, String> {
    let pages = document.pages();
    let first = pages.first().ok_or("the deck has no slides")?;
    let emu = |pt: f64| (pt * EMU_PER_PT).round() as i64;
    let size = (emu(first.frame.width().to_pt()), emu(first.frame.height().to_pt()));
    let headings = crate::typeset::page_headings(document);
    let labels = &plan.data.labels;
    // As the templates' `label-of`: the fallback only for a missing key.
    let label =
        |key: &str, fallback: &'static str| labels.get(key).map_or(fallback, String::as_str);
    let editable_slides =
        if editable { editable::editable_slides(document) } else { vec![None; pages.len()] };
    let mut slides = Vec::with_capacity(pages.len());
    for (i, page) in pages.iter().enumerate() {
        let heading = headings.get(i).map(String::as_str).unwrap_or_default();
        let alt = slide_alt(label("slide", ""), label("colon", ": "), i + 1, heading);
        let edit = editable_slides.get(i).cloned().flatten();
        let picture = edit.as_ref().map(|e| editable::picture_page(page, e));
        let picture = picture.as_ref().unwrap_or(page);
        let (png, _) =
            images::png_at_ppi(picture, ppi).map_err(|e| format!("slide {}: {e}", i + 1))?;
        slides.push(Slide {
            // A slide without a heading is still named in the outline.
            title: if heading.is_empty() { alt.trim().to_owned() } else { heading.to_owned() },
            alt,
            notes: notes.get(i).cloned().unwrap_or_default(),
            svg: images::svg(picture),
            png,
            boxes: edit.map(|e| e.boxes).unwrap_or_default(),
        });
    }
    let meta = &plan.data.document;
    let marking = banner_words(&meta.marking, label("releasable_to", "REL TO"));
    let title = match &plan.id.audience {
        Some(_) if !marking.is_empty() => format!("[{marking}] {}", meta.title),
        _ => meta.title.clone(),
    };
    let deck = Deck {
        properties: Properties {
            title,
            subject: marking,
            creator: meta.publisher.clone(),
            language: meta.lang.clone(),
            date: date.to_owned(),
        },
        size,
        slides,
    };
    package::write(&deck).map_err(|e| format!("cannot write the PowerPoint package: {e}"))
}

/// The alt text of slide `number`, as the handout gives its slide images:
/// "Slide 3: Overview — Key figures" (templates/handout.typ, `slide-image`).
pub fn slide_alt(slide: &str, colon: &str, number: usize, heading: &str) -> String {
    let n = format!("{slide} {number}");
    if heading.is_empty() { n } else { format!("{n}{colon}{heading}") }
}

/// The words of a marking banner, as the slides print them
/// (templates/lib/data.typ, `banner-words`): "RESTRICTED // REL TO BEL, NLD".
fn banner_words(marking: &crate::plan::view::MarkingView, releasable_to: &str) -> String {
    if marking.banner.is_empty() || marking.releasable_to.is_empty() {
        return marking.banner.clone();
    }
    let rel = if releasable_to.is_empty() { String::new() } else { format!("{releasable_to} ") };
    format!("{} // {rel}{}", marking.banner, marking.releasable_to.join(", "))
}

/// The build date the PDF is stamped with (`SOURCE_DATE_EPOCH`, else the
/// as-of date, `2026-11-01` or shorter), as W3CDTF: `2026-11-01T00:00:00Z`.
pub fn w3c_date(source_date_epoch: Option<i64>, as_of_iso: &str) -> String {
    let mut parts = as_of_iso.split('-').map(|p| p.parse::<u16>().ok());
    let year = parts.next().flatten().unwrap_or(1970);
    let mut next = || parts.next().flatten().and_then(|n| u8::try_from(n).ok()).unwrap_or(1);
    let (month, day) = (next(), next());
    let d = crate::typeset::build_date(source_date_epoch, (year, month, day));
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        d.year().unwrap_or(1970),
        d.month().unwrap_or(1),
        d.day().unwrap_or(1),
        d.hour().unwrap_or(0),
        d.minute().unwrap_or(0),
        d.second().unwrap_or(0)
    )
}

/// The file name of a deck's PowerPoint file (`deck-air-en.pptx`).
pub fn file_name(stem: &str) -> String {
    format!("{stem}.pptx")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alt_text_is_the_handouts() {
        assert_eq!(
            slide_alt("Slide", ": ", 3, "Overview — Key figures"),
            "Slide 3: Overview — Key figures"
        );
        assert_eq!(slide_alt("Dia", " : ", 1, "Titel"), "Dia 1 : Titel");
        assert_eq!(slide_alt("Slide", ": ", 2, ""), "Slide 2");
    }

    #[test]
    fn the_date_is_the_build_date() {
        assert_eq!(w3c_date(None, "2026-11-01"), "2026-11-01T00:00:00Z");
        assert_eq!(w3c_date(None, "2026-11"), "2026-11-01T00:00:00Z");
        assert_eq!(w3c_date(Some(86_400 + 3_661), "2026-11-01"), "1970-01-02T01:01:01Z");
    }
}
