//! Typesetting with Typst in-process: compile a template against generated
//! files, report diagnostics like typst-cli, export PDF.

pub mod budget;
pub mod document;
pub mod fit;
pub mod world;

use std::collections::BTreeMap;
use std::sync::Arc;

use typst::diag::{Severity as TypstSeverity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::layout::{Frame, FrameItem};
use typst::{World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, Timestamp};

use crate::diag::{Diagnostic, Diagnostics, Severity, SourceText};
use crate::served::GENERATED_DIR;
use world::{BriefingWorld, TemplateSource};

/// A laid-out document and the warnings its compilation produced.
pub struct Typeset {
    /// The pages.
    pub document: PagedDocument,
    /// Typst's warnings, located in the templates.
    pub warnings: Diagnostics,
}

/// Compiles the world's main template into pages.
pub fn compile(world: &BriefingWorld) -> Result<Typeset, Diagnostics> {
    let result = typst::compile::<PagedDocument>(world);
    let warnings = convert(world, &result.warnings);
    match result.output {
        Ok(document) => Ok(Typeset { document, warnings }),
        Err(errors) => {
            let mut all = convert(world, &errors);
            all.0.extend(warnings.0);
            Err(all)
        }
    }
}

/// A PDF standard the output must conform to (`--pdf-standard`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum PdfStandardName {
    /// Tagged, accessible PDF/UA-1 (the default).
    #[serde(rename = "ua-1")]
    Ua1,
    /// Archival PDF/A-2b.
    #[serde(rename = "a-2b")]
    A2b,
    /// Archival PDF/A-2a (accessible; combines with ua-1).
    #[serde(rename = "a-2a")]
    A2a,
    /// Archival PDF/A-3b.
    #[serde(rename = "a-3b")]
    A3b,
}

impl PdfStandardName {
    fn standard(self) -> typst_pdf::PdfStandard {
        match self {
            PdfStandardName::Ua1 => typst_pdf::PdfStandard::Ua_1,
            PdfStandardName::A2b => typst_pdf::PdfStandard::A_2b,
            PdfStandardName::A2a => typst_pdf::PdfStandard::A_2a,
            PdfStandardName::A3b => typst_pdf::PdfStandard::A_3b,
        }
    }
}

/// Checks that `standards` can be combined, and encapsulates them for export.
pub fn pdf_standards(standards: &[PdfStandardName]) -> Result<typst_pdf::PdfStandards, Diagnostic> {
    let list: Vec<typst_pdf::PdfStandard> = standards.iter().map(|s| s.standard()).collect();
    typst_pdf::PdfStandards::new(&list).map_err(|e| {
        let mut d =
            Diagnostic::error(format!("these PDF standards cannot be combined: {}", e.message()));
        for h in e.hints() {
            d = d.hint(h.to_string());
        }
        d
    })
}

/// Exports pages as PDF with a fixed identifier and timestamp, so reruns are
/// byte-identical, checking conformance to `standards`.
pub fn export_pdf(
    world: &BriefingWorld,
    document: &PagedDocument,
    ident: &str,
    date: Datetime,
    standards: &[PdfStandardName],
) -> Result<Vec<u8>, Diagnostics> {
    let standards = pdf_standards(standards)?;
    let options = PdfOptions {
        standards,
        ident: Smart::Custom(ident.to_owned()),
        creator: Smart::Custom(Some(format!("briefing {}", env!("CARGO_PKG_VERSION")))),
        timestamp: Some(Timestamp::new_utc(date)),
        ..PdfOptions::default()
    };
    typst_pdf::pdf(document, &options).map_err(|errors| convert(world, &errors))
}

/// Converts Typst diagnostics into ours, with file names and source text.
fn convert(world: &BriefingWorld, diags: &[SourceDiagnostic]) -> Diagnostics {
    let mut out = Diagnostics::default();
    for d in diags {
        let severity = match d.severity {
            TypstSeverity::Error => Severity::Error,
            TypstSeverity::Warning => Severity::Warning,
        };
        let mut diag = Diagnostic { severity, ..Diagnostic::error(d.message.to_string()) };
        if let Some(id) = d.span.id()
            && let Some(range) = world.range(d.span)
            && let Ok(source) = world.source(id)
        {
            let file = Arc::new(SourceText {
                name: world.display_name(id),
                text: source.text().to_owned(),
            });
            // A package path Typst cannot even parse (`"@preview/x:0.1.0/lib.typ"`)
            // fails on its version; any `"@…"` path gets the offline answer.
            if let Some(spec) = source.text().get(range.clone()).filter(|t| t.starts_with("\"@")) {
                diag = Diagnostic::error(format!(
                    "{spec} cannot be imported: briefing works offline and downloads no packages"
                ))
                .hint("copy what you need into the templates folder and import it by path");
            }
            diag = diag.at(&file, range);
        }
        for hint in &d.hints {
            diag = diag.hint(hint.v.to_string());
        }
        for point in &d.trace {
            if let Some(id) = point.span.id()
                && let Some(range) = world.range(point.span)
                && let Ok(source) = world.source(id)
            {
                let file = Arc::new(SourceText {
                    name: world.display_name(id),
                    text: source.text().to_owned(),
                });
                diag = diag.related(&file, range, point.v.to_string());
            }
        }
        out.push(diag);
    }
    out
}

/// The laid-out pages of one document, ready to be placed into another (a
/// deck's slides into its handout), found there by their stand-in images.
#[derive(Default)]
pub struct PagePlacements {
    /// Hash of a stand-in's SVG bytes → the page to put in its place.
    by_standin: std::collections::BTreeMap<u128, Frame>,
}

impl PagePlacements {
    /// The stand-ins and placeable pages of `document`: the stand-in of page
    /// `n` (1-based) is an empty SVG of the page's size, told apart by its
    /// number, which a template places with `image()` like any picture.
    pub fn of(document: &PagedDocument) -> (Self, Vec<typst::foundations::Bytes>) {
        let mut placements = PagePlacements::default();
        let mut standins = Vec::new();
        for (i, page) in document.pages().iter().enumerate() {
            let size = page.frame.size();
            let svg = format!(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" \
                 width=\"{w}pt\" height=\"{h}pt\"><desc>page {n}</desc></svg>",
                w = size.x.to_pt(),
                h = size.y.to_pt(),
                n = i + 1,
            );
            let bytes = typst::foundations::Bytes::from_string(svg);
            placements.by_standin.insert(typst::utils::hash128(&bytes), detached(page));
            standins.push(bytes);
        }
        (placements, standins)
    }

    /// `document` with each stand-in image replaced by its page, scaled to the
    /// image's size: real text and vectors, which the PDF export tags as the
    /// image's content under its alt text.
    pub fn place_into(&self, document: &PagedDocument) -> PagedDocument {
        let pages = document
            .pages()
            .iter()
            .map(|page| {
                let mut page = page.clone();
                self.replace_standins(&mut page.frame);
                page
            })
            .collect();
        PagedDocument::new(pages, typst::model::Document::info(document).clone())
    }

    fn replace_standins(&self, frame: &mut Frame) {
        use typst::layout::{GroupItem, Ratio, Transform};
        use typst::visualize::{Curve, ImageKind};
        frame.retain(|item| {
            match item {
                FrameItem::Group(group) => self.replace_standins(&mut group.frame),
                FrameItem::Image(image, size, _) => {
                    let ImageKind::Svg(svg) = image.kind() else { return true };
                    let Some(page) = self.by_standin.get(&typst::utils::hash128(svg.data())) else {
                        return true;
                    };
                    let scale = Ratio::new(size.x / page.width());
                    let mut group = GroupItem::new(page.clone());
                    group.transform = Transform::scale(scale, scale);
                    group.clip = Some(Curve::rect(page.size()));
                    *item = FrameItem::Group(group);
                }
                _ => {}
            }
            true
        });
    }
}

/// A page's frame as content of another document: its background painted in,
/// without its page furniture (what the template marked as a PDF artifact:
/// a slide's marking banners, navigation, footer and watermark, which the
/// handout's own page furniture replaces), and without the element tags,
/// logical parents and links that only make sense in its own document.
pub(super) fn detached(page: &typst_layout::Page) -> Frame {
    use typst::introspection::Tag;
    fn strip(frame: &mut Frame) {
        // An artifact is the items between its start and end tags; only
        // pairs found in this frame are cut, so nothing else is ever lost.
        let ends: std::collections::HashSet<_> = frame
            .items()
            .filter_map(|(_, item)| match item {
                FrameItem::Tag(Tag::End(loc, ..)) => Some(*loc),
                _ => None,
            })
            .collect();
        let mut open: Vec<typst::introspection::Location> = Vec::new();
        frame.retain(|item| {
            if let FrameItem::Tag(Tag::Start(elem, _)) = item
                && elem.is::<typst::pdf::ArtifactElem>()
                && let Some(loc) = elem.location()
                && ends.contains(&loc)
            {
                open.push(loc);
            }
            if let Some(&inside) = open.last() {
                if let FrameItem::Tag(Tag::End(loc, ..)) = item
                    && *loc == inside
                {
                    open.pop();
                }
                return false;
            }
            match item {
                FrameItem::Tag(_) | FrameItem::Link(..) => false,
                FrameItem::Group(group) => {
                    group.parent = None;
                    strip(&mut group.frame);
                    true
                }
                _ => true,
            }
        });
    }
    let mut frame = page.frame.clone();
    strip(&mut frame);
    if let Some(fill) = page.fill_or_white() {
        frame.fill(fill);
    }
    frame
}

/// All text of the laid-out pages, one string per page, in reading order of the frames.
pub fn page_texts(document: &PagedDocument) -> Vec<String> {
    document
        .pages()
        .iter()
        .map(|page| {
            let mut s = String::new();
            frame_text(&page.frame, &mut s);
            s
        })
        .collect()
}

/// The text each page keeps when placed into another document (a slide in
/// a handout): its page furniture left out, one string per page.
pub fn placed_texts(document: &PagedDocument) -> Vec<String> {
    document
        .pages()
        .iter()
        .map(|page| {
            let mut s = String::new();
            frame_text(&detached(page), &mut s);
            s
        })
        .collect()
}

fn frame_text(frame: &Frame, out: &mut String) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(g) => frame_text(&g.frame, out),
            FrameItem::Text(t) => {
                out.push_str(t.text.as_str());
                out.push(' ');
            }
            _ => {}
        }
    }
}

/// Speaker notes per page: the string values of `#metadata(..) <briefing-notes>`
/// elements, joined per page with a blank line.
pub fn slide_notes(document: &PagedDocument) -> Vec<String> {
    use typst::foundations::{Label, Selector, Value};
    use typst::introspection::{Introspector, MetadataElem};
    let mut notes = vec![String::new(); document.pages().len()];
    let Some(label) = Label::new(typst::utils::PicoStr::intern("briefing-notes")) else {
        return notes;
    };
    let introspector = document.introspector();
    for content in introspector.query(&Selector::Label(label)) {
        let (Some(meta), Some(loc)) = (content.to_packed::<MetadataElem>(), content.location())
        else {
            continue;
        };
        let Value::Str(text) = &meta.value else { continue };
        if let Some(page) = introspector.page(loc)
            && let Some(slot) = notes.get_mut(page.get() - 1)
        {
            if !slot.is_empty() {
                slot.push_str("\n\n");
            }
            slot.push_str(text.as_str());
        }
    }
    notes
}

/// The headings on each page as plain text, joined with " — ": what a slide
/// is about, for the alt text of the slide images in a handout. A first page
/// without a heading (a title slide) takes the document's title.
pub fn page_headings(document: &PagedDocument) -> Vec<String> {
    use typst::foundations::Smart;
    use typst::foundations::{NativeElement, Selector};
    use typst::introspection::Introspector;
    use typst::model::{Document, HeadingElem, TitleElem};
    let mut headings = vec![String::new(); document.pages().len()];
    let introspector = document.introspector();
    for content in introspector.query(&Selector::Elem(HeadingElem::ELEM, None)) {
        let (Some(loc), Some(heading)) = (content.location(), content.to_packed::<HeadingElem>())
        else {
            continue;
        };
        let mut text = String::new();
        plain_text(&heading.body, &mut text);
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if let Some(page) = introspector.page(loc)
            && let Some(slot) = headings.get_mut(page.get() - 1)
            && !text.is_empty()
        {
            if !slot.is_empty() {
                slot.push_str(" — ");
            }
            slot.push_str(&text);
        }
    }
    // A title element (a cover's) names its page as set there, not as the
    // document's metadata title (which adds the kind and the marking).
    for content in introspector.query(&Selector::Elem(TitleElem::ELEM, None)) {
        let (Some(loc), Some(title)) = (content.location(), content.to_packed::<TitleElem>())
        else {
            continue;
        };
        let Some(Smart::Custom(body)) = title.body.as_option() else { continue };
        let mut text = String::new();
        plain_text(body, &mut text);
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if let Some(page) = introspector.page(loc)
            && let Some(slot) = headings.get_mut(page.get() - 1)
            && !text.is_empty()
        {
            *slot = if slot.is_empty() { text } else { format!("{text} — {slot}") };
        }
    }
    if let Some(first) = headings.first_mut()
        && first.is_empty()
        && let Some(title) = &document.info().title
    {
        *first = title.to_string();
    }
    headings
}

/// Appends the text of `content`, with a space for each space, horizontal
/// spacing or line break (which Typst's own plain text drops).
fn plain_text(content: &typst::foundations::Content, out: &mut String) {
    use typst::foundations::{SequenceElem, StyledElem};
    use typst::layout::HElem;
    use typst::text::{LinebreakElem, SpaceElem};
    if let Some(seq) = content.to_packed::<SequenceElem>() {
        for child in &seq.children {
            plain_text(child, out);
        }
    } else if let Some(styled) = content.to_packed::<StyledElem>() {
        plain_text(&styled.child, out);
    } else if content.is::<SpaceElem>() || content.is::<HElem>() || content.is::<LinebreakElem>() {
        out.push(' ');
    } else {
        out.push_str(&content.plain_text());
    }
}

/// Size of each page in points (width, height).
pub fn page_sizes(document: &PagedDocument) -> Vec<(f64, f64)> {
    document.pages().iter().map(|p| (p.frame.width().to_pt(), p.frame.height().to_pt())).collect()
}

/// The date Typst sees as "today" and stamps into the PDF: from
/// `SOURCE_DATE_EPOCH` when given, else the dataset's as-of date.
pub fn build_date(source_date_epoch: Option<i64>, as_of: (u16, u8, u8)) -> Datetime {
    if let Some(secs) = source_date_epoch {
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        if let Some(dt) = Datetime::from_ymd_hms(
            y,
            m,
            d,
            (rem / 3600) as u8,
            ((rem % 3600) / 60) as u8,
            (rem % 60) as u8,
        ) {
            return dt;
        }
    }
    let (y, m, d) = as_of;
    Datetime::from_ymd_hms(i32::from(y), m, d, 0, 0, 0)
        .unwrap_or_else(|| Datetime::from_ymd(1970, 1, 1).expect("valid date"))
}

/// Howard Hinnant's civil-from-days algorithm.
fn civil_from_days(z: i64) -> (i32, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    ((y + i64::from(m <= 2)) as i32, m as u8, d as u8)
}

/// Renders an SVG to PNG at 2 px per SVG pixel, with Typst and the embedded fonts.
pub fn rasterise_svg(id: &str, svg: &str, date: Datetime) -> Result<Vec<u8>, Diagnostics> {
    let mut generated = BTreeMap::new();
    generated.insert(format!("{GENERATED_DIR}/chart.svg"), Bytes::from_string(svg.to_owned()));
    generated.insert(
        format!("{GENERATED_DIR}/chart.typ"),
        Bytes::from_string("#set page(width: auto, height: auto, margin: 12pt, fill: white)\n#image(\"/generated/chart.svg\")\n".to_owned()),
    );
    let world = BriefingWorld::new(
        document::shared_library(),
        document::shared_fonts(),
        Arc::new(TemplateSource::Embedded),
        &format!("{GENERATED_DIR}/chart.typ"),
        generated,
        date,
    )
    .map_err(Diagnostic::error)?;
    let typeset = compile(&world)?;
    let page = typeset
        .document
        .pages()
        .first()
        .ok_or_else(|| Diagnostic::error(format!("chart `{id}` produced no page")))?;
    let options = typst_render::RenderOptions {
        pixel_per_pt: typst::utils::Scalar::new(2.0),
        render_bleed: false,
    };
    typst_render::render(page, &options)
        .encode_png()
        .map_err(|e| Diagnostic::error(format!("cannot encode chart `{id}` as PNG: {e}")).into())
}
