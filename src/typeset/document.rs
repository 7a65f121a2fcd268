//! Typesetting one planned document: its data and drawn charts served to the
//! kind's template, laid out at the loosest setting that keeps its page
//! budget, exported to PDF; a handout lays out its deck's own pages.

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use serde::Serialize;
use typst::Library;
use typst::foundations::{Bytes, Datetime};
use typst::utils::LazyHash;
use typst_layout::PagedDocument;

use super::fit::{self, FitRecord};
use super::world::{BriefingWorld, FontSet, SourceCache, TemplateSource};
use super::{PagePlacements, PdfStandardName};
use crate::charts::render::DrawnChart;
use crate::diag::{Diagnostic, Diagnostics};
use crate::plan::{DocumentPlan, Kind};
use crate::served;

/// The tightest fitting level the theme offers (`templates/lib/theme.typ`
/// reads the level from `/generated/layout.json`).
pub const MAX_FIT: u8 = 2;

/// The levels above [`MAX_FIT`] at which a fact sheet, set at its tightest
/// and still over its page budget, is condensed: it shows less (fewer
/// charts, no operation summaries, long lists cut to an "and N more" line;
/// `templates/factsheet.typ` says what each level leaves out).
pub const MAX_CONDENSE: u8 = 3;

/// The share of its text area below which a fact sheet's last page counts
/// as nearly empty: the sheet is then set one level tighter when that saves
/// the page.
pub const NEARLY_EMPTY: f64 = 0.2;

/// The A4 text area's top and bottom margins (`templates/lib/theme.typ`),
/// in points: the banner and footer stand outside it.
const TEXT_AREA_MARGINS: (f64, f64) = (16.0 * 72.0 / 25.4, 26.0 * 72.0 / 25.4);

/// How much of an A4 page's text area its content fills, from the top of
/// the area to the foot of the lowest text, shape or image in it (0 to 1);
/// the banner and footer in the margins do not count.
pub fn page_fill(page: &typst_layout::Page) -> f64 {
    use typst::layout::{Frame, FrameItem};
    fn lowest(frame: &Frame, dy: f64, area: (f64, f64), low: &mut f64) {
        for (pos, item) in frame.items() {
            let y = dy + pos.y.to_pt();
            let (top, bottom) = match item {
                FrameItem::Group(g) => {
                    lowest(&g.frame, y, area, low);
                    continue;
                }
                FrameItem::Text(t) => (y - t.size.to_pt(), y),
                FrameItem::Shape(s, _) => {
                    let b = s.bbox(false);
                    (y + b.min.y.to_pt(), y + b.max.y.to_pt())
                }
                FrameItem::Image(_, size, _) => (y, y + size.y.to_pt()),
                FrameItem::Link(..) | FrameItem::Tag(_) => continue,
            };
            if bottom > area.0 && top < area.1 {
                *low = low.max(bottom.min(area.1));
            }
        }
    }
    let height = page.frame.height().to_pt();
    let area = (TEXT_AREA_MARGINS.0, height - TEXT_AREA_MARGINS.1);
    let mut low = area.0;
    lowest(&page.frame, 0.0, area, &mut low);
    ((low - area.0) / (area.1 - area.0)).clamp(0.0, 1.0)
}

/// Whether the laid-out sheet ends on a nearly empty page (a sheet of one
/// page never does: it has no page to save).
fn ends_nearly_empty(document: &PagedDocument) -> bool {
    let pages = document.pages();
    pages.len() > 1 && pages.last().is_some_and(|p| page_fill(p) < NEARLY_EMPTY)
}

/// What stays the same across documents: fonts parsed once, one standard library.
pub struct Typesetter {
    fits: Arc<BTreeMap<String, FitRecord>>,
    templates_hash: OnceLock<Option<[u8; 32]>>,
    standards: Vec<PdfStandardName>,
    fonts: Arc<FontSet>,
    library: Arc<LazyHash<Library>>,
    templates: Arc<TemplateSource>,
    keep_cache: bool,
    draws_slides: bool,
    exports_pdf: bool,
    sources: Arc<SourceCache>,
}

/// One typeset document.
pub struct RenderedDocument {
    /// The laid-out pages (for inspection and tests).
    pub document: PagedDocument,
    /// The PDF file; `None` when the build asked for page images only.
    pub pdf: Option<Vec<u8>>,
    /// Template warnings.
    pub warnings: Diagnostics,
    /// Speaker notes per page, from the template's `<briefing-notes>` metadata.
    pub notes: Vec<String>,
    /// The generated files the template was served (data, layout, charts, deck pages).
    pub generated: BTreeMap<String, Bytes>,
    /// The fitting level it was set at, for the manifest (`None` when the
    /// templates could not be read to prove what it was fitted from).
    pub fit: Option<FitRecord>,
    /// The fitting levels laid out to find it, in the order they were.
    pub layouts: Vec<u8>,
}

/// What typesetting decides for the template besides the plan's data, served
/// as `/generated/layout.json`: the plan stays as planning left it.
#[derive(Serialize)]
struct LayoutInputs<'a> {
    /// How tightly the theme sets the document: 0 (the design) up to
    /// [`MAX_FIT`], raised while the document exceeds its page budget, as a
    /// copy-fitter would for a longer translation.
    fit: u8,
    /// For a handout: the deck's laid-out pages.
    deck: Option<&'a DeckPages>,
    /// Whether the PDF standards in use allow attached files (PDF/A-2 does
    /// not): the templates attach the copies of sources' texts only then.
    attach: bool,
}

/// A typeset deck as its handout template places it.
#[derive(Debug, Serialize)]
struct DeckPages {
    /// Virtual paths of one image per slide for the template to place: a
    /// stand-in that the typesetter replaces with the deck's laid-out page
    /// (in ejected sources, the slide drawn as SVG).
    pages: Vec<String>,
    /// Number of slides.
    slides: usize,
    /// Speaker notes per slide, in slide order.
    notes: Vec<String>,
    /// The headings of each slide as plain text, in slide order: for the
    /// slide images' alt text.
    titles: Vec<String>,
    /// Whether each slide shows a picture (a chart or map), in slide order:
    /// the handout prints those slides larger, so their labels stay legible.
    pictures: Vec<bool>,
}

impl Typesetter {
    /// Prepares fonts and the standard library for `templates`.
    pub fn new(templates: Arc<TemplateSource>) -> Self {
        Typesetter {
            fits: Arc::default(),
            templates_hash: OnceLock::new(),
            standards: vec![PdfStandardName::Ua1],
            fonts: shared_fonts(),
            library: shared_library(),
            templates,
            keep_cache: true,
            draws_slides: false,
            exports_pdf: true,
            sources: Arc::default(),
        }
    }

    /// Whether handouts also carry their slides drawn as SVG in their
    /// generated files (default: no), which ejected sources need.
    pub fn with_slides_drawn(mut self, drawn: bool) -> Self {
        self.draws_slides = drawn;
        self
    }

    /// Whether documents are exported to PDF (default: yes); a build that asks
    /// for page images only skips the export, the dearest step after layout.
    pub fn with_pdf_exported(mut self, exported: bool) -> Self {
        self.exports_pdf = exported;
        self
    }

    /// Takes template sources from `cache` (default: a cache of its own), so
    /// that a watch session parses a template again only when it changes.
    pub fn with_sources(mut self, cache: Arc<SourceCache>) -> Self {
        self.sources = cache;
        self
    }

    /// Whether Typst's memoization cache is kept whole between the copy-fitting
    /// passes of a document (default: kept). Watch keeps it, since the next
    /// rebuild reuses it; a one-shot build drops what a rejected pass left.
    pub fn with_cache_kept(mut self, keep: bool) -> Self {
        self.keep_cache = keep;
        self
    }

    /// Starts each document's copy-fitting from what an earlier build
    /// recorded for it (by document name, from the output folder's manifest):
    /// one layout when its inputs are the same, a search from its level when
    /// not. What is chosen never depends on these records.
    pub fn with_fit_records(mut self, records: BTreeMap<String, FitRecord>) -> Self {
        self.fits = Arc::new(records);
        self
    }

    /// Sets the PDF standards every document must conform to (default: PDF/UA-1).
    pub fn with_standards(mut self, standards: Vec<PdfStandardName>) -> Self {
        self.standards = standards;
        self
    }

    /// Typesets one planned document with its drawn `charts`; a handout
    /// typesets its deck first, and `charts` are then the deck's.
    pub fn render(
        &self,
        plan: &DocumentPlan,
        charts: &[DrawnChart],
        dataset_id: &str,
        date: Datetime,
    ) -> Result<RenderedDocument, Diagnostics> {
        match &plan.deck {
            None => self.typeset(plan, served_charts(charts), dataset_id, date, None),
            Some(deck) => {
                let deck = self.typeset(deck, served_charts(charts), dataset_id, date, None)?;
                self.handout(plan, &deck, dataset_id, date)
            }
        }
    }

    /// Typesets a handout of the already typeset `deck`.
    pub fn handout(
        &self,
        plan: &DocumentPlan,
        deck: &RenderedDocument,
        dataset_id: &str,
        date: Datetime,
    ) -> Result<RenderedDocument, Diagnostics> {
        // The template places a stand-in image for each slide, which is then
        // replaced by the deck's own page: the slides keep real text, and
        // nothing is drawn and parsed again as SVG.
        let (placements, standins) = PagePlacements::of(&deck.document);
        let mut generated = BTreeMap::new();
        let mut pages = Vec::new();
        for (i, standin) in standins.into_iter().enumerate() {
            let path = served::slide(i + 1);
            generated.insert(path.clone(), standin);
            pages.push(path);
        }
        let pages = DeckPages {
            pages,
            slides: deck.document.pages().len(),
            notes: deck.notes.clone(),
            titles: super::page_headings(&deck.document),
            pictures: deck.document.pages().iter().map(|p| shows_picture(&p.frame)).collect(),
        };
        let layout = Some((&pages, &placements));
        let mut doc = self.typeset(plan, generated, dataset_id, date, layout)?;
        if self.draws_slides {
            // Ejected sources are compiled by stock Typst, which needs the
            // slides themselves: drawn as SVG, vector like the deck.
            let options = typst_svg::SvgOptions { render_bleed: false, pretty: false };
            for (path, page) in pages.pages.into_iter().zip(deck.document.pages()) {
                // Without the slide's furniture, as the handout places it.
                let mut page = page.clone();
                page.frame = super::detached(&page);
                doc.generated.insert(path, Bytes::from_string(typst_svg::svg(&page, &options)));
            }
        }
        doc.warnings.0.splice(0..0, deck.warnings.0.iter().cloned());
        Ok(doc)
    }

    /// Lays `plan` out at the loosest fitting level that keeps its page
    /// budget, then places the deck's pages (for a handout) and exports.
    fn typeset(
        &self,
        plan: &DocumentPlan,
        mut generated: BTreeMap<String, Bytes>,
        dataset_id: &str,
        date: Datetime,
        deck: Option<(&DeckPages, &PagePlacements)>,
    ) -> Result<RenderedDocument, Diagnostics> {
        generated.insert(served::DATA.to_owned(), json(&plan.data)?);
        for (path, bytes) in &plan.attachments {
            generated.insert(path.clone(), Bytes::new(bytes.as_ref().clone()));
        }
        let attach = !self
            .standards
            .iter()
            .any(|s| matches!(s, PdfStandardName::A2b | PdfStandardName::A2a));
        let budget = plan.data.document.page_budget;
        // Fact sheets may also be condensed past the theme's tightest setting.
        let tightest =
            if plan.kind() == Kind::Factsheet { MAX_FIT + MAX_CONDENSE } else { MAX_FIT };
        let rule = fit::Rule { budget, tightest };
        let deck_pages = deck.map(|(pages, _)| pages);
        // The inputs, with the layout file at the design's level standing for
        // every level's: the same for any level, so hashed once.
        let layout = LayoutInputs { fit: 0, deck: deck_pages, attach };
        generated.insert(served::LAYOUT.to_owned(), json(&layout)?);
        let inputs = self.templates_hash().map(|templates| {
            let date = format!("{date:?}");
            fit::inputs_hash(&templates, plan.kind().template(), &generated, rule, &date)
        });
        let name = plan.id.stem();
        let record = self.fits.get(&name);
        // A record whose key is this build's inputs' (bound to its level) is
        // the rule's answer for them: laid out once, nothing else tried.
        let proven = record.filter(|r| {
            r.level <= tightest
                && r.within <= r.level
                && inputs.is_some_and(|i| fit::record_key(&i, r.level) == r.inputs)
        });
        // One time budget for all of a document's copy-fitting passes.
        let deadline = std::time::Instant::now() + crate::limits::typeset_time();
        // Every level laid out so far, by level; a layout that cannot be
        // chosen (over budget, not the tightest) is dropped at once.
        let mut passes: BTreeMap<u8, Pass> = BTreeMap::new();
        let mut order = Vec::new();
        let choice = {
            // The measure of the layout at a level, and how full its last page is.
            let mut lay_out = |level: u8| -> Result<(fit::Measure, f64), Diagnostics> {
                if let Some(pass) = passes.get(&level) {
                    return Ok((pass.measure, pass.last_fill));
                }
                let layout = LayoutInputs { fit: level, deck: deck_pages, attach };
                generated.insert(served::LAYOUT.to_owned(), json(&layout)?);
                let world = BriefingWorld::new(
                    self.library.clone(),
                    self.fonts.clone(),
                    self.templates.clone(),
                    plan.kind().template(),
                    generated.clone(),
                    date,
                )
                .map_err(Diagnostic::error)?
                .with_sources(self.sources.clone());
                let (world, typeset) =
                    super::budget::compile_until(world, &plan.file_name(), deadline)?;
                order.push(level);
                let pages = typeset.document.pages();
                let measure = fit::Measure {
                    pages: pages.len(),
                    nearly_empty: ends_nearly_empty(&typeset.document),
                };
                let last_fill = pages.last().map_or(0.0, page_fill);
                let laid = if rule.within(measure) || level == tightest {
                    Some((world, typeset))
                } else {
                    if !self.keep_cache {
                        // A tighter setting changes every paragraph's layout, so
                        // little of the rejected pass would be reused; dropping
                        // it keeps a long document from holding several layouts.
                        drop((world, typeset));
                        typst::comemo::evict(1);
                    }
                    None
                };
                passes.insert(level, Pass { measure, last_fill, laid });
                Ok((measure, last_fill))
            };
            match proven {
                Some(r) => {
                    lay_out(r.level)?;
                    fit::Choice { within: r.within, level: r.level }
                }
                None => {
                    // Where the search starts: the level the last build found
                    // (its inputs have changed since), else the design's overflow.
                    let predicted = match record {
                        Some(r) => r.within,
                        None => {
                            let (design, fill) = lay_out(0)?;
                            rule.predict_from_overflow(design, fill)
                        }
                    };
                    rule.choose(predicted, |level| lay_out(level).map(|(m, _)| m))?
                }
            }
        };
        let design = passes.get(&0).and_then(|p| rule.overflow(p.measure, p.last_fill));
        let chosen = passes.remove(&choice.level).and_then(|p| p.laid.map(|l| (p.measure, l)));
        drop(passes);
        let Some((measure, (world, mut typeset))) = chosen else {
            return Err(Diagnostic::error(format!(
                "{}: copy-fitting chose a level it had not kept (internal error)",
                plan.file_name()
            ))
            .into());
        };
        if !rule.within(measure) {
            let (pages, budget) = (measure.pages, budget.unwrap_or_default());
            typeset.warnings.push(
                Diagnostic::warning(format!(
                    "{} takes {pages} pages, more than its {budget}, even set at its tightest",
                    plan.file_name()
                ))
                .hint("shorten its longest texts, or move detail to the deck"),
            );
        }
        if std::env::var_os("BRIEFING_TRACE_FIT").is_some() {
            // For tests and benchmarks: how many layouts fitting took.
            eprintln!(
                "briefing: fit {name}: level {} (within budget from {}), laid out at {order:?}, \
                 design over budget by {}",
                choice.level,
                choice.within,
                design.map_or("-".to_owned(), |o| format!("{o:.3}"))
            );
        }
        let record = inputs.map(|i| FitRecord {
            level: choice.level,
            within: choice.within,
            inputs: fit::record_key(&i, choice.level),
        });
        if let Some((_, placements)) = deck {
            typeset.document = placements.place_into(&typeset.document);
        }
        let ident = format!("{dataset_id}/{}", plan.file_name());
        let pdf = if self.exports_pdf {
            Some(super::export_pdf(&world, &typeset.document, &ident, date, &self.standards)?)
        } else {
            None
        };
        let notes = super::slide_notes(&typeset.document);
        Ok(RenderedDocument {
            document: typeset.document,
            pdf,
            warnings: typeset.warnings,
            notes,
            generated: world.into_generated(),
            fit: record,
            layouts: order,
        })
    }
}

/// One copy-fitting pass: what its layout measured, and the layout while it
/// may still be chosen.
struct Pass {
    measure: fit::Measure,
    /// How much of its last page's text area is filled (0 to 1).
    last_fill: f64,
    laid: Option<(BriefingWorld, super::Typeset)>,
}

impl Typesetter {
    /// Hash of the template files, read once per typesetter (a build); `None`
    /// when they cannot all be read, so no fitting record is proven.
    fn templates_hash(&self) -> Option<[u8; 32]> {
        *self
            .templates_hash
            .get_or_init(|| self.templates.all_files().ok().map(|f| fit::templates_hash(&f)))
    }
}

/// The drawn charts as the template finds them: `/generated/charts/<id>.svg`.
fn served_charts(charts: &[DrawnChart]) -> BTreeMap<String, Bytes> {
    charts.iter().map(|c| (served::chart(&c.id), Bytes::from_string(c.svg.clone()))).collect()
}

/// A value as the pretty-printed JSON the templates read.
fn json(value: &impl Serialize) -> Result<Bytes, Diagnostics> {
    serde_json::to_vec_pretty(value)
        .map(Bytes::new)
        .map_err(|e| Diagnostic::error(format!("cannot serialise document data: {e}")).into())
}

/// The embedded fonts, parsed once per process and shared by every build.
pub fn shared_fonts() -> Arc<FontSet> {
    static FONTS: OnceLock<Arc<FontSet>> = OnceLock::new();
    FONTS.get_or_init(|| Arc::new(FontSet::embedded())).clone()
}

/// Typst's standard library, built once per process and shared by every build.
pub fn shared_library() -> Arc<LazyHash<Library>> {
    static LIBRARY: OnceLock<Arc<LazyHash<Library>>> = OnceLock::new();
    LIBRARY.get_or_init(BriefingWorld::standard_library).clone()
}

/// Whether `frame` places an image anywhere (on a slide: a chart or map).
fn shows_picture(frame: &typst::layout::Frame) -> bool {
    use typst::layout::FrameItem;
    frame.items().any(|(_, item)| match item {
        FrameItem::Image(..) => true,
        FrameItem::Group(group) => shows_picture(&group.frame),
        _ => false,
    })
}
