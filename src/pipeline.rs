//! The one-way flow: load → validate → plan → typeset → write.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use indexmap::IndexMap;
use toml::Spanned;
use typst::Library;
use typst::foundations::{Bytes, Datetime};
use typst::utils::LazyHash;
use typst_layout::PagedDocument;

use crate::charts::{self, ChartTheme, Palette, Rgb};
use crate::config::{BuildConfig, DataSource, Inputs};
use crate::dataset::{self, Dataset};
use crate::diag::{Diagnostic, Diagnostics, SourceText};
use crate::images;
use crate::output;
use crate::plan::charts::{ChartPlan, ChartSpec};
use crate::plan::i18n::{self, LabelFile, LabelSource, Locale};
use crate::plan::{self, DocumentPlan, HandoutView, Kind, Selection};
use crate::progress::{Observer, Silent};
use crate::typeset::{
    self,
    world::{BriefingWorld, FontSet, GENERATED_DIR, SourceCache, TemplateSource},
};

/// Reads and checks the dataset named by `inputs`.
pub fn load_dataset(data: &DataSource) -> Result<(Dataset, Diagnostics), Diagnostics> {
    match data {
        DataSource::Embedded => dataset::load(dataset::embedded(), dataset::embedded_outlines),
        DataSource::Dir(dir) => {
            dataset::load(dataset::read_dir(dir)?, || dataset::read_outlines_dir(dir))
        }
    }
}

/// Reads the label files of `langs` from the templates.
pub fn load_label_files(
    templates: &TemplateSource,
    langs: &[String],
) -> Result<IndexMap<String, LabelSource>, Diagnostics> {
    let mut out = IndexMap::new();
    let mut diags = Diagnostics::default();
    for lang in langs {
        let path = format!("/i18n/{lang}.toml");
        let Ok(bytes) = templates.read_file(&path) else {
            // A missing label file is reported by planning, for the languages asked for.
            continue;
        };
        let text = Arc::new(SourceText {
            name: templates.display_name_of(&path),
            text: String::from_utf8_lossy(&bytes).into_owned(),
        });
        match toml::from_str::<LabelFile>(&text.text) {
            Ok(file) => {
                out.insert(lang.clone(), LabelSource { file, text });
            }
            Err(e) => diags.push(crate::dataset::load::toml_file_error(&text, &e)),
        }
    }
    if diags.has_errors() { Err(diags) } else { Ok(out) }
}

/// The locales of `langs` (those the dataset declares), after checking that
/// every text and label is translated into each: a gap is an error, or with
/// `allow_fallback` a warning added to `warnings`.
pub fn load_locales(
    inputs: &Inputs,
    ds: &Dataset,
    langs: &[String],
    allow_fallback: bool,
    warnings: &mut Diagnostics,
) -> Result<IndexMap<String, Locale>, Diagnostics> {
    let declared = ds.info.languages.get_ref();
    let langs: Vec<String> = langs.iter().filter(|l| declared.contains(l)).cloned().collect();
    let files = load_label_files(&inputs.templates, declared)?;
    let gaps = i18n::missing_translations(ds, &langs, allow_fallback);
    let locales = i18n::locales(ds, &files, &langs, allow_fallback, warnings);
    let mut errors = Diagnostics::default();
    for d in gaps.0 {
        if d.is_error() { errors.push(d) } else { warnings.push(d) }
    }
    match locales {
        Ok(locales) if !errors.has_errors() => Ok(locales),
        Ok(_) => Err(errors),
        Err(more) => {
            errors.0.extend(more.0);
            Err(errors)
        }
    }
}

/// The parts of `theme.toml` that charts use: colour tokens and chart widths,
/// with where each value stands for errors.
#[derive(Debug, serde::Deserialize)]
struct ThemeFile {
    colours: Spanned<IndexMap<String, Spanned<String>>>,
    chart: ChartTokens,
}

#[derive(Debug, serde::Deserialize)]
struct ChartTokens {
    tones: Spanned<Vec<Spanned<String>>>,
    land: Spanned<String>,
    water: Spanned<String>,
    #[serde(default)]
    share: ShareTokens,
}

/// `[chart.share]` as written, with where each value stands for errors.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ShareTokens {
    bar: Option<Spanned<f64>>,
    map: Option<Spanned<f64>>,
    overview: Option<Spanned<f64>>,
    timeline: Option<Spanned<f64>>,
}

/// Share of an A4 text width, in per cent, that each kind of chart is drawn for
/// and set at (`[chart.share]` of `theme.toml`; the template gets each chart's
/// share with its data); a kind the table leaves out keeps its default.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChartShares {
    /// Bar charts (beside a branch's bases).
    pub bar: f64,
    /// Maps (beside the formations or bases).
    pub map: f64,
    /// The branch overview (beside the key figures).
    pub overview: f64,
    /// The timeline chart (beside the events).
    pub timeline: f64,
}

impl ChartShares {
    /// The share (per cent) an A4 chart drawn from `spec` is set at.
    pub fn of(&self, spec: &ChartSpec) -> f64 {
        match spec {
            ChartSpec::Bar(_) => self.bar,
            ChartSpec::Overview(_) => self.overview,
            ChartSpec::Timeline(_) => self.timeline,
            ChartSpec::Map(_) => self.map,
        }
    }
}

impl Default for ChartShares {
    fn default() -> Self {
        ChartShares { bar: 55.0, map: 54.0, overview: 62.0, timeline: 67.0 }
    }
}

/// How charts are drawn for the templates: their palette, and their widths on A4 pages.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChartStyle {
    /// Colours, from the templates' colour tokens.
    pub palette: Palette,
    /// Widths of A4 charts as shares of the text width.
    pub shares: ChartShares,
}

/// Reads the chart palette and widths from the templates' `theme.toml`, the
/// file the templates take their colours and chart widths from; templates
/// without one get the defaults.
pub fn load_chart_style(templates: &TemplateSource) -> Result<ChartStyle, Diagnostics> {
    let Ok(bytes) = templates.read_file("/theme.toml") else { return Ok(ChartStyle::default()) };
    let file = Arc::new(SourceText {
        name: templates.display_name_of("/theme.toml"),
        text: String::from_utf8_lossy(&bytes).into_owned(),
    });
    let theme: ThemeFile = toml::from_str(&file.text)
        .map_err(|e| Diagnostics::from(crate::dataset::load::toml_file_error(&file, &e)))?;
    // Every bad token is reported, each on its line; the defaults stand in for them
    // until the end, where any error fails the whole.
    let errors = std::cell::RefCell::new(Diagnostics::default());
    let fail = |msg: String, span: std::ops::Range<usize>, hint: Option<&str>| {
        let d = Diagnostic::error(msg).at(&file, span);
        errors.borrow_mut().push(match hint {
            Some(h) => d.hint(h.to_owned()),
            None => d,
        });
    };
    let colour_hint = "a colour is `#` and six hex digits, in quotes: `\"#0f2b4c\"`";
    let colour = |v: &Spanned<String>| -> Rgb {
        let text = v.get_ref();
        let ok = text.len() == 7
            && text.starts_with('#')
            && text[1..].bytes().all(|b| b.is_ascii_hexdigit());
        // `get`, not slicing: a value starting with `é` has no byte 1 to cut at.
        match text.get(1..).map(|hex| u32::from_str_radix(hex, 16)) {
            Some(Ok(n)) if ok => Rgb::hex(n),
            _ => {
                fail(format!("`{text}` is not a colour"), v.span(), Some(colour_hint));
                Rgb::hex(0)
            }
        }
    };
    let colours = theme.colours.get_ref();
    let token = |k: &str| -> Rgb {
        match colours.get(k) {
            Some(v) => colour(v),
            None => {
                // The table's header line: where the missing token belongs.
                let at = theme.colours.span().start;
                fail(
                    format!("`[colours]` lacks the colour `{k}`, which charts use"),
                    at..file.line_end(at),
                    Some(&format!("add `{k} = \"#rrggbb\"` to `[colours]`")),
                );
                Rgb::hex(0)
            }
        }
    };
    let ink = token("ink");
    let accent = token("accent-text");
    let muted = token("muted");
    let rule = token("rule");
    let tones: Vec<Rgb> = theme.chart.tones.get_ref().iter().map(colour).collect();
    let land = colour(&theme.chart.land);
    let water = colour(&theme.chart.water);
    let tones = match tones[..] {
        [t0, t1, t2, t3] => [t0, t1, t2, t3],
        _ => {
            fail(
                format!(
                    "`tones` needs exactly 4 colours, darkest first; it has {}",
                    theme.chart.tones.get_ref().len()
                ),
                theme.chart.tones.span(),
                Some("one tone per lightness group of the charts, e.g. one per branch"),
            );
            [Rgb::hex(0); 4]
        }
    };
    let share = |kind: &str, token: &Option<Spanned<f64>>, default: f64| match token {
        None => default,
        Some(token) if (20.0..=100.0).contains(token.get_ref()) => *token.get_ref(),
        Some(token) => {
            fail(
                format!(
                    "the share of a {kind} chart must lie between 20 and 100 (per cent); it is {}",
                    token.get_ref()
                ),
                token.span(),
                None,
            );
            default
        }
    };
    let (written, default) = (&theme.chart.share, ChartShares::default());
    let shares = ChartShares {
        bar: share("bar", &written.bar, default.bar),
        map: share("map", &written.map, default.map),
        overview: share("overview", &written.overview, default.overview),
        timeline: share("timeline", &written.timeline, default.timeline),
    };
    let errors = errors.into_inner();
    if errors.has_errors() {
        return Err(errors);
    }
    let palette =
        Palette { ink, accent, muted, rule, surface: Rgb::hex(0xffffff), tones, land, water };
    Ok(ChartStyle { palette, shares })
}

/// Draws one planned chart as SVG, sized for the document kind: A4 pages or 16:9 slides.
pub fn draw_chart(chart: &ChartPlan, style: &ChartStyle, kind: Kind) -> Result<String, Diagnostic> {
    let fonts = crate::assets::chart_fonts();
    let slide = kind == Kind::Deck;
    let base = if slide {
        ChartTheme::slide(fonts)
    } else {
        // An A4 chart is drawn as wide as the share of the text width it is set at, so its
        // type prints at one size whatever that share.
        ChartTheme::a4_share(fonts, style.shares.of(&chart.spec) / 100.0)
    };
    let theme = ChartTheme { palette: style.palette.clone(), ..base };
    // Heights grow with what is drawn, in proportion to the width (the figures below are
    // for a 720 px wide chart), and leave room for a few lines of text in a narrow chart.
    let scale = f64::from(theme.width) / 720.0;
    let px = |v: f64| ((v * scale).round() as u32).max(160);
    let result = match &chart.spec {
        ChartSpec::Bar(spec) => {
            let height = px(110.0 + 56.0 * spec.bars.len() as f64).clamp(px(200.0), px(480.0));
            charts::bar_chart(spec, &ChartTheme { height, ..theme })
        }
        ChartSpec::Overview(spec) => {
            charts::grouped_bar_chart(spec, &ChartTheme { height: px(320.0), ..theme })
        }
        ChartSpec::Timeline(spec) => {
            let height =
                px(150.0 + 34.0 * spec.rows.len() as f64 + 24.0 * spec.markers.len() as f64)
                    .clamp(px(260.0), px(620.0));
            charts::timeline_chart(spec, &ChartTheme { height, ..theme })
        }
        // Maps fit their area into the box. On A4 the box is tall enough for the width to
        // decide (up to a portrait of 5:8), so the map prints at the scale of the other
        // charts; its labels are a step smaller than other chart text, as on printed maps,
        // so that a map beside a table still has room to name its countries and seas.
        ChartSpec::Map(spec) if !slide => {
            let height = theme.width * 8 / 5;
            charts::map_chart(spec, &ChartTheme { height, text_px: 14.0, small_px: 12.5, ..theme })
        }
        ChartSpec::Map(spec) => charts::map_chart(spec, &ChartTheme { height: 720, ..theme }),
    };
    result.map_err(|e| Diagnostic::error(format!("chart `{}` cannot be drawn: {e}", chart.id)))
}

/// What stays the same across documents: fonts parsed once, one standard library.
pub struct Typesetter {
    standards: Vec<typeset::PdfStandardName>,
    chart_style: ChartStyle,
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
    /// The generated files the template was served (data, charts, deck pages).
    pub generated: BTreeMap<String, Bytes>,
}

impl Typesetter {
    /// Prepares fonts, the chart style and the standard library for `templates`.
    pub fn new(templates: TemplateSource) -> Result<Self, Diagnostics> {
        Ok(Typesetter {
            standards: vec![typeset::PdfStandardName::Ua1],
            chart_style: load_chart_style(&templates)?,
            fonts: shared_fonts(),
            library: shared_library(),
            templates: Arc::new(templates),
            keep_cache: true,
            draws_slides: false,
            exports_pdf: true,
            sources: Arc::default(),
        })
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

    /// Sets the PDF standards every document must conform to (default: PDF/UA-1).
    pub fn with_standards(mut self, standards: Vec<typeset::PdfStandardName>) -> Self {
        self.standards = standards;
        self
    }

    /// Typesets one planned document into PDF.
    pub fn render(
        &self,
        plan: &DocumentPlan,
        dataset_id: &str,
        date: Datetime,
    ) -> Result<RenderedDocument, Diagnostics> {
        if plan.kind != Kind::Handout {
            return self.typeset(plan, dataset_id, date, BTreeMap::new(), None);
        }
        // A handout lays out the deck's own pages: typeset the deck first and
        // hand its pages to the handout template.
        let deck = self.typeset(&deck_of(plan), dataset_id, date, BTreeMap::new(), None)?;
        self.handout(plan, &deck, dataset_id, date)
    }

    /// Typesets a handout of the already typeset `deck`.
    fn handout(
        &self,
        plan: &DocumentPlan,
        deck: &RenderedDocument,
        dataset_id: &str,
        date: Datetime,
    ) -> Result<RenderedDocument, Diagnostics> {
        let mut handout = plan.clone();
        handout.charts.clear();
        // The template places a stand-in image for each slide, which is then
        // replaced by the deck's own page: the slides keep real text, and
        // nothing is drawn and parsed again as SVG.
        let (placements, standins) = typeset::PagePlacements::of(&deck.document);
        let mut extra = BTreeMap::new();
        let mut pages = Vec::new();
        for (i, standin) in standins.into_iter().enumerate() {
            let path = format!("{GENERATED_DIR}/deck/slide-{}.svg", i + 1);
            extra.insert(path.clone(), standin);
            pages.push(path);
        }
        handout.data.handout = Some(HandoutView {
            layout: plan.data.handout_layout,
            per_page: plan.data.handout_layout.per_page(),
            pages: pages.clone(),
            slides: deck.document.pages().len(),
            notes: deck.notes.clone(),
            titles: typeset::page_headings(&deck.document),
        });
        let mut doc = self.typeset(&handout, dataset_id, date, extra, Some(&placements))?;
        if self.draws_slides {
            // Ejected sources are compiled by stock Typst, which needs the
            // slides themselves: drawn as SVG, vector like the deck.
            let options = typst_svg::SvgOptions { render_bleed: false, pretty: false };
            for (path, page) in pages.into_iter().zip(deck.document.pages()) {
                doc.generated.insert(path, Bytes::from_string(typst_svg::svg(page, &options)));
            }
        }
        doc.warnings.0.splice(0..0, deck.warnings.0.iter().cloned());
        Ok(doc)
    }

    fn typeset(
        &self,
        plan: &DocumentPlan,
        dataset_id: &str,
        date: Datetime,
        mut generated: BTreeMap<String, Bytes>,
        placements: Option<&typeset::PagePlacements>,
    ) -> Result<RenderedDocument, Diagnostics> {
        let mut diags = Diagnostics::default();
        for chart in &plan.charts {
            match draw_chart(chart, &self.chart_style, plan.kind) {
                Ok(svg) => {
                    generated.insert(
                        format!("{GENERATED_DIR}/charts/{}.svg", chart.id),
                        Bytes::from_string(svg),
                    );
                }
                Err(d) => diags.push(d),
            }
        }
        if diags.has_errors() {
            return Err(diags);
        }
        // Copy-fitting: a document over its page budget (a longer translation,
        // say) is set again more tightly, up to the theme's tightest setting.
        let mut data = plan.data.clone();
        // The template sets each A4 chart at the width it was drawn for.
        if plan.kind != Kind::Deck {
            for view in &mut data.charts {
                let drawn = plan.charts.iter().find(|c| c.id == view.id);
                view.share = drawn.map(|c| self.chart_style.shares.of(&c.spec));
            }
        }
        let (world, mut typeset) = loop {
            let json = serde_json::to_vec_pretty(&data)
                .map_err(|e| Diagnostic::error(format!("cannot serialise document data: {e}")))?;
            generated.insert(format!("{GENERATED_DIR}/data.json"), Bytes::new(json));
            let world = BriefingWorld::new(
                self.library.clone(),
                self.fonts.clone(),
                self.templates.clone(),
                plan.kind.template(),
                generated.clone(),
                date,
            )
            .map_err(Diagnostic::error)?
            .with_sources(self.sources.clone());
            let typeset = typeset::compile(&world)?;
            let pages = typeset.document.pages().len();
            match data.document.page_budget {
                Some(budget) if pages > budget && data.document.fit < plan::MAX_FIT => {
                    data.document.fit += 1;
                    if !self.keep_cache {
                        // A tighter setting changes every paragraph's layout, so
                        // little of the rejected pass would be reused; dropping
                        // it keeps a long document from holding several layouts.
                        drop((world, typeset));
                        typst::comemo::evict(1);
                    }
                }
                Some(budget) if pages > budget => {
                    let mut typeset = typeset;
                    typeset.warnings.push(Diagnostic::warning(format!(
                        "{} takes {pages} pages, more than its {budget}, even set at its tightest",
                        plan.file_name
                    )).hint("shorten its longest texts, or move detail to the deck"));
                    break (world, typeset);
                }
                _ => break (world, typeset),
            }
        };
        if let Some(placements) = placements {
            typeset.document = placements.place_into(&typeset.document);
        }
        let ident = format!("{dataset_id}/{}", plan.file_name);
        let pdf = if self.exports_pdf {
            Some(typeset::export_pdf(&world, &typeset.document, &ident, date, &self.standards)?)
        } else {
            None
        };
        let notes = typeset::slide_notes(&typeset.document);
        Ok(RenderedDocument {
            document: typeset.document,
            pdf,
            warnings: typeset.warnings,
            notes,
            generated: world.into_generated(),
        })
    }
}

/// The deck a handout lays out: the same plan, as a deck.
fn deck_of(handout: &DocumentPlan) -> DocumentPlan {
    let mut deck = handout.clone();
    deck.kind = Kind::Deck;
    deck.data.document.kind = Kind::Deck;
    deck.file_name = handout.file_name.replacen(Kind::Handout.name(), Kind::Deck.name(), 1);
    deck
}

/// The embedded fonts, parsed once per process and shared by every build.
fn shared_fonts() -> Arc<FontSet> {
    static FONTS: OnceLock<Arc<FontSet>> = OnceLock::new();
    FONTS.get_or_init(|| Arc::new(FontSet::embedded())).clone()
}

/// Typst's standard library, built once per process and shared by every build.
fn shared_library() -> Arc<LazyHash<Library>> {
    static LIBRARY: OnceLock<Arc<LazyHash<Library>>> = OnceLock::new();
    LIBRARY.get_or_init(BriefingWorld::standard_library).clone()
}

/// The order in which workers take the documents of `plans` (indices): each
/// deck together with the handouts made from it, which the worker lays out
/// from that one typesetting of the deck and then lets it go; these groups
/// first since they take longest, then the rest, longest page budget first.
/// (A handout whose deck is not planned typesets the deck itself.)
fn tasks(plans: &[DocumentPlan]) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut rest = Vec::new();
    let mut deck_group = BTreeMap::new();
    for (i, plan) in plans.iter().enumerate() {
        if plan.kind == Kind::Deck {
            deck_group.insert(plan.file_name.clone(), groups.len());
            groups.push(vec![i]);
        }
    }
    for (i, plan) in plans.iter().enumerate() {
        match plan.kind {
            Kind::Deck => {}
            Kind::Handout => match deck_group.get(&deck_of(plan).file_name) {
                Some(&g) => groups[g].push(i),
                None => rest.push(vec![i]),
            },
            Kind::Factsheet => rest.push(vec![i]),
        }
    }
    // The longest fact sheets (the combined ones) before the short ones, so
    // that the build does not end waiting on one long document.
    rest.sort_by_key(|task| std::cmp::Reverse(plans[task[0]].data.document.page_budget));
    groups.extend(rest);
    groups
}

/// Loads, checks and plans: everything before typesetting.
pub fn prepare(
    inputs: &Inputs,
    selection: &Selection,
) -> Result<(Dataset, Vec<DocumentPlan>, Diagnostics), Diagnostics> {
    let (ds, mut warnings) = load_dataset(&inputs.data)?;
    let langs = plan::languages(&ds, selection);
    let locales = load_locales(inputs, &ds, &langs, selection.allow_fallback, &mut warnings)?;
    let plans = plan::plan(&ds, &locales, selection)?;
    Ok((ds, plans, warnings))
}

/// One document written by a build, as listed in `manifest.json`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ManifestEntry {
    /// The document's name: its file name without `.pdf` (`factsheet-air-en`).
    pub document: String,
    /// The PDF's file name inside the output folder, when PDF was asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// `factsheet`, `deck` or `handout`.
    pub kind: Kind,
    /// Scope id.
    pub scope: String,
    /// Language id.
    pub lang: String,
    /// Marking level id of the audience.
    pub audience: String,
    /// Highest marking present.
    pub marking: String,
    /// Number of pages.
    pub pages: usize,
    /// Size of the PDF in bytes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bytes: Option<usize>,
    /// SHA-256 of the PDF, hex.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// As-of date of the data (ISO).
    pub as_of: String,
    /// PDF standards the file conforms to.
    pub pdf_standards: Vec<typeset::PdfStandardName>,
    /// Page images (`--format png,svg`), in page order, PNG before SVG.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<ImageEntry>,
    /// The page-1 thumbnail, when images or thumbnails were asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thumbnail: Option<ImageEntry>,
}

/// One image file of a document, as listed in `manifest.json`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ImageEntry {
    /// File name inside the output folder.
    pub file: String,
    /// The page it shows (1-based).
    pub page: usize,
    /// Width in pixels (PNG only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    /// Height in pixels (PNG only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// Size in bytes.
    pub bytes: usize,
    /// SHA-256 of the file, hex.
    pub sha256: String,
}

impl ManifestEntry {
    /// The name a report shows for the document: its PDF, else its name.
    pub fn shown_name(&self) -> &str {
        self.file.as_deref().unwrap_or(&self.document)
    }

    /// Every file of the document, PDF first.
    pub fn files(&self) -> impl Iterator<Item = (&str, &str)> {
        let pdf = self.file.as_deref().zip(self.sha256.as_deref());
        pdf.into_iter().chain(
            self.images.iter().chain(&self.thumbnail).map(|i| (i.file.as_str(), i.sha256.as_str())),
        )
    }
}

/// What a build did with one document.
#[derive(Debug, Clone)]
pub struct DocumentOutcome {
    /// What was written, as listed in the manifest.
    pub entry: ManifestEntry,
    /// Template warnings.
    pub warnings: Diagnostics,
    /// Failures after the document itself was written (notes file, images, ejected sources).
    pub errors: Diagnostics,
}

/// What a build wrote.
#[derive(Debug, Default)]
pub struct BuildReport {
    /// Documents written, in plan order.
    pub entries: Vec<ManifestEntry>,
    /// Warnings from every stage.
    pub warnings: Diagnostics,
}

impl BuildReport {
    /// The file of each document written (the PDF, else the document name), in plan order.
    pub fn files(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(ManifestEntry::shown_name)
    }

    /// How many documents were written, and how many pages they have together.
    pub fn totals(&self) -> (usize, usize) {
        (self.entries.len(), self.entries.iter().map(|e| e.pages).sum())
    }
}

/// Builds every selected document. Documents that typeset are written
/// atomically even when others fail; any failure makes the result an error
/// listing every failed document.
pub fn build(config: &BuildConfig) -> Result<BuildReport, Diagnostics> {
    build_with(config, &Run::default())
}

/// How a build runs, besides its configuration.
pub struct Run<'a> {
    /// Which of the planned documents to build.
    pub wanted: &'a (dyn Fn(&DocumentPlan) -> bool + Sync),
    /// Told about each document as it is written (from the worker threads).
    pub observer: &'a dyn Observer,
    /// Keep Typst's memoization cache whole for a later build of the same
    /// documents (watch); else, to bound memory, what the documents in
    /// flight do not use is evicted after each document.
    pub keep_cache: bool,
    /// Parsed templates to reuse (watch keeps them between rebuilds).
    pub sources: Option<Arc<SourceCache>>,
}

impl Default for Run<'_> {
    fn default() -> Self {
        Run { wanted: &|_| true, observer: &Silent, keep_cache: false, sources: None }
    }
}

/// Builds the selected documents as `run` says.
pub fn build_with(config: &BuildConfig, run: &Run) -> Result<BuildReport, Diagnostics> {
    let (ds, mut plans, mut warnings) = prepare(&config.inputs, &config.selection)?;
    plans.retain(|p| (run.wanted)(p));
    output::ensure_dir(&config.out)?;
    if let Some(dir) = &config.emit_data {
        output::ensure_dir(dir)?;
        for plan in &plans {
            let json = serde_json::to_vec_pretty(&plan.data)
                .map_err(|e| Diagnostic::error(format!("cannot serialise document data: {e}")))?;
            output::write_atomic(dir, &plan.file_name.replace(".pdf", ".json"), &json)?;
        }
    }
    let date = typeset::build_date(config.source_date_epoch, ds.info.as_of.first_day());
    let mut typesetter = Typesetter::new(config.inputs.templates.clone())?
        .with_standards(config.pdf_standards.clone())
        .with_cache_kept(run.keep_cache)
        .with_slides_drawn(config.emit_typst.is_some())
        .with_pdf_exported(config.formats.pdf);
    if let Some(sources) = &run.sources {
        typesetter = typesetter.with_sources(sources.clone());
    }
    let dataset_id = ds.info.id.clone();
    run.observer.planned(&plans);

    // Each worker typesets a document and writes its files at once, so a
    // document's pages are dropped as soon as it is done.
    let results: Vec<Mutex<Option<Result<DocumentOutcome, Diagnostics>>>> =
        plans.iter().map(|_| Mutex::new(None)).collect();
    let tasks = tasks(&plans);
    let next = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..config.jobs.min(tasks.len()).max(1) {
            s.spawn(|| {
                while let Some(task) = tasks.get(next.fetch_add(1, Ordering::SeqCst)) {
                    // The deck of this task, once typeset, for the handouts after it.
                    let mut deck: Option<Result<RenderedDocument, Diagnostics>> = None;
                    for &i in task {
                        let plan = &plans[i];
                        let rendered = match (&deck, plan.kind) {
                            (Some(Ok(d)), Kind::Handout) => {
                                typesetter.handout(plan, d, &dataset_id, date)
                            }
                            (Some(Err(diags)), Kind::Handout) => Err(diags.clone()),
                            _ => typesetter.render(plan, &dataset_id, date),
                        };
                        let r = match &rendered {
                            Ok(doc) => write_document(config, plan, doc),
                            Err(diags) => {
                                let mut diags = diags.clone();
                                diags.push(Diagnostic::error(format!(
                                    "{} was not built",
                                    plan.file_name
                                )));
                                Err(diags)
                            }
                        };
                        if !run.keep_cache {
                            // Keep what the documents in flight use, drop the rest: a
                            // document reuses little of another's cache, and the
                            // cache would otherwise grow with every document.
                            typst::comemo::evict(1);
                        }
                        run.observer.finished(plan, r.as_ref().ok());
                        if let Ok(mut slot) = results[i].lock() {
                            *slot = Some(r);
                        }
                        if plan.kind == Kind::Deck {
                            deck = Some(rendered);
                        }
                    }
                }
            });
        }
    });

    let mut report = BuildReport::default();
    let mut errors = Diagnostics::default();
    for (plan, slot) in plans.iter().zip(results) {
        match slot.into_inner().ok().flatten() {
            Some(Ok(outcome)) => {
                warnings.0.extend(outcome.warnings.0);
                errors.0.extend(outcome.errors.0);
                report.entries.push(outcome.entry);
            }
            Some(Err(diags)) => {
                // Template errors repeat for every document using the template: report each once.
                for d in diags.0 {
                    if !errors.0.contains(&d) {
                        errors.push(d);
                    }
                }
            }
            None => errors.push(Diagnostic::error(format!(
                "{} was not built (internal error)",
                plan.file_name
            ))),
        }
    }
    report.warnings = warnings;
    // The manifest lists only what was written, successful documents even when others failed.
    if !report.entries.is_empty()
        && let Err(e) = write_manifest(&config.out, &report.entries)
    {
        errors.push(e);
    }
    if errors.has_errors() {
        errors.0.extend(report.warnings.0);
        return Err(errors);
    }
    Ok(report)
}

/// Writes one typeset document into the output folder in the formats asked
/// for (and ejects its sources when asked); the result lists what was written.
fn write_document(
    config: &BuildConfig,
    plan: &DocumentPlan,
    doc: &RenderedDocument,
) -> Result<DocumentOutcome, Diagnostics> {
    let out = &config.out;
    let formats = &config.formats;
    let stem = plan.file_name.trim_end_matches(".pdf").to_owned();
    let pages = doc.document.pages();
    let mut errors = Diagnostics::default();
    if let Some(dir) = &config.emit_typst
        && let Err(e) = eject(dir, plan, doc, &config.inputs.templates)
    {
        errors.push(e);
    }
    let mut entry = ManifestEntry {
        document: stem.clone(),
        file: None,
        kind: plan.kind,
        scope: plan.scope.clone(),
        lang: plan.lang.clone(),
        audience: plan.data.document.audience.clone(),
        marking: plan.data.document.marking.id.clone(),
        pages: pages.len(),
        bytes: None,
        sha256: None,
        as_of: plan.data.document.as_of_iso.clone(),
        pdf_standards: config.pdf_standards.clone(),
        images: Vec::new(),
        thumbnail: None,
    };
    if let Some(pdf) = doc.pdf.as_ref().filter(|_| formats.pdf) {
        if let Err(e) = output::write_atomic(out, &plan.file_name, pdf) {
            errors.push(e);
            return Err(errors);
        }
        entry.file = Some(plan.file_name.clone());
        entry.bytes = Some(pdf.len());
        entry.sha256 = Some(sha256_hex(pdf));
    }
    if plan.kind == Kind::Deck {
        let name = plan.file_name.replace(".pdf", ".pdfpc");
        if let Err(e) = output::write_atomic(out, &name, pdfpc(&doc.notes).as_bytes()) {
            errors.push(e);
        }
    }
    let image = |name: String, page: usize, bytes: &[u8], size: Option<(u32, u32)>| {
        output::write_atomic(out, &name, bytes).map(|()| ImageEntry {
            file: name,
            page,
            width: size.map(|s| s.0),
            height: size.map(|s| s.1),
            bytes: bytes.len(),
            sha256: sha256_hex(bytes),
        })
    };
    let failed = |what: &str, e: String| {
        Diagnostic::error(format!("cannot render {what} of {}: {e}", plan.file_name))
    };
    for (wanted, ext) in [(formats.png, "png"), (formats.svg, "svg")] {
        if !wanted {
            continue;
        }
        let mut names = Vec::new();
        for (i, page) in pages.iter().enumerate() {
            let name = images::page_name(&stem, i + 1, pages.len(), ext);
            let written = if ext == "png" {
                images::png_at_ppi(page, formats.ppi)
                    .map_err(|e| failed(&format!("page {}", i + 1), e))
                    .and_then(|(png, size)| image(name.clone(), i + 1, &png, Some(size)))
            } else {
                image(name.clone(), i + 1, images::svg(page).as_bytes(), None)
            };
            match written {
                Ok(e) => entry.images.push(e),
                Err(e) => errors.push(e),
            }
            names.push(name);
        }
        remove_stale_images(out, &stem, ext, &names);
    }
    if formats.thumbnail
        && let Some(page) = pages.first()
    {
        match images::thumbnail(page)
            .map_err(|e| failed("the thumbnail", e))
            .and_then(|(png, size)| image(images::thumbnail_name(&stem), 1, &png, Some(size)))
        {
            Ok(e) => entry.thumbnail = Some(e),
            Err(e) => errors.push(e),
        }
    }
    if entry.files().next().is_none() {
        return Err(errors);
    }
    Ok(DocumentOutcome { entry, warnings: doc.warnings.clone(), errors })
}

/// Removes page images of `stem` in `ext` left by an earlier build with more
/// pages or another page-number width: everything not in `keep`.
fn remove_stale_images(out: &std::path::Path, stem: &str, ext: &str, keep: &[String]) {
    let Ok(entries) = std::fs::read_dir(out) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if images::is_page_image(&name, stem, ext) && !keep.contains(&name) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Writes every chart of the dataset as `OUT/<id>.svg` and `OUT/<id>.png`,
/// for intranet pages and e-mail; returns the files written.
pub fn export_charts(
    inputs: &Inputs,
    lang: Option<&str>,
    out: &std::path::Path,
) -> Result<Vec<String>, Diagnostics> {
    let (ds, _) = load_dataset(&inputs.data)?;
    let declared = ds.info.languages.get_ref();
    let lang = lang.unwrap_or(&declared[0]).to_owned();
    if !declared.contains(&lang) {
        return Err(Diagnostic::error(format!("language `{lang}` is not declared by the dataset"))
            .hint(format!("the dataset declares {}", declared.join(", ")))
            .into());
    }
    let mut warnings = Diagnostics::default();
    let locales = load_locales(inputs, &ds, std::slice::from_ref(&lang), false, &mut warnings)?;
    let Some(locale) = locales.get(&lang) else {
        return Err(Diagnostic::error(format!(
            "the templates have no labels for language `{lang}`"
        ))
        .into());
    };
    let charts = plan::all_charts(&ds, locale, &lang)?;
    let style = load_chart_style(&inputs.templates)?;
    let mut drawn = Vec::new();
    let mut diags = Diagnostics::default();
    for (chart, view) in &charts {
        match draw_chart(chart, &style, Kind::Factsheet) {
            Ok(svg) => drawn.push((chart.id.clone(), view.alt.clone(), svg)),
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let fonts = Arc::new(FontSet::embedded());
    let library = BriefingWorld::standard_library();
    let date = typeset::build_date(None, ds.info.as_of.first_day());
    let mut files = Vec::new();
    output::ensure_dir(out)?;
    for (id, _alt, svg) in drawn {
        let png = rasterise_svg(&library, &fonts, &id, &svg, date)?;
        output::write_atomic(out, &format!("{id}.svg"), svg.as_bytes())?;
        output::write_atomic(out, &format!("{id}.png"), &png)?;
        files.push(format!("{id}.svg"));
        files.push(format!("{id}.png"));
    }
    Ok(files)
}

/// Renders an SVG to PNG at 2 px per SVG pixel, with Typst and the embedded fonts.
fn rasterise_svg(
    library: &Arc<LazyHash<Library>>,
    fonts: &Arc<FontSet>,
    id: &str,
    svg: &str,
    date: Datetime,
) -> Result<Vec<u8>, Diagnostics> {
    let mut generated = BTreeMap::new();
    generated.insert(format!("{GENERATED_DIR}/chart.svg"), Bytes::from_string(svg.to_owned()));
    generated.insert(
        format!("{GENERATED_DIR}/chart.typ"),
        Bytes::from_string("#set page(width: auto, height: auto, margin: 12pt, fill: white)\n#image(\"/generated/chart.svg\")\n".to_owned()),
    );
    let world = BriefingWorld::new(
        library.clone(),
        fonts.clone(),
        Arc::new(TemplateSource::Embedded),
        &format!("{GENERATED_DIR}/chart.typ"),
        generated,
        date,
    )
    .map_err(Diagnostic::error)?;
    let typeset = typeset::compile(&world)?;
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

/// The notes file of the pdfpc presenter console for a deck: one entry per slide.
pub fn pdfpc(notes: &[String]) -> String {
    let pages: Vec<serde_json::Value> = notes
        .iter()
        .enumerate()
        .map(|(i, note)| {
            serde_json::json!({
                "idx": i,
                "label": (i + 1).to_string(),
                "overlay": 0,
                "forcedOverlay": false,
                "hidden": false,
                "note": note,
            })
        })
        .collect();
    let file = serde_json::json!({
        "pdfpcFormat": 2,
        "disableMarkdown": true,
        "pages": pages,
    });
    serde_json::to_string_pretty(&file).unwrap_or_default() + "\n"
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Writes `manifest.json` and `SHA256SUMS` (the format `sha256sum -c` reads).
/// Entries from earlier builds of other documents in the same folder are kept,
/// so the files describe every document there that briefing wrote.
fn write_manifest(out: &std::path::Path, entries: &[ManifestEntry]) -> Result<(), Diagnostic> {
    let mut all: Vec<serde_json::Value> = std::fs::read(out.join("manifest.json"))
        .ok()
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
        .and_then(|v| v.get("documents").and_then(|d| d.as_array()).cloned())
        .unwrap_or_default();
    for e in entries {
        let value =
            serde_json::to_value(e).map_err(|err| Diagnostic::error(format!("manifest: {err}")))?;
        match all.iter_mut().find(|v| manifest_key(v).as_deref() == Some(e.document.as_str())) {
            Some(slot) => *slot = value,
            None => all.push(value),
        }
    }
    // Keep only entries whose document is still there, sorted by name for stable output;
    // briefing writes plain names only, so an entry naming a path was not written by it.
    let plain = |f: &str| !f.contains(['/', '\\']) && !f.starts_with('.');
    all.retain(|v| {
        let files = manifest_files(v);
        files.iter().all(|(f, _)| plain(f))
            && files.first().is_some_and(|(f, _)| out.join(f).is_file())
    });
    all.sort_by_cached_key(|v| manifest_key(v).map(|k| k + ".pdf"));
    let manifest = serde_json::json!({ "generator": format!("briefing {}", env!("CARGO_PKG_VERSION")), "documents": all });
    let text = serde_json::to_string_pretty(&manifest)
        .map_err(|err| Diagnostic::error(format!("manifest: {err}")))?
        + "\n";
    output::write_atomic(out, "manifest.json", text.as_bytes())?;
    let sums: String =
        all.iter().flat_map(manifest_files).map(|(file, sha)| format!("{sha}  {file}\n")).collect();
    output::write_atomic(out, "SHA256SUMS", sums.as_bytes())
}

/// The document name of a manifest entry (entries of older versions only have `file`).
fn manifest_key(v: &serde_json::Value) -> Option<String> {
    let str_of = |k: &str| v.get(k).and_then(|f| f.as_str());
    str_of("document")
        .map(str::to_owned)
        .or_else(|| str_of("file").map(|f| f.trim_end_matches(".pdf").to_owned()))
}

/// Every file of a manifest entry with its SHA-256, PDF first.
fn manifest_files(v: &serde_json::Value) -> Vec<(String, String)> {
    let pair = |v: &serde_json::Value| -> Option<(String, String)> {
        Some((v.get("file")?.as_str()?.to_owned(), v.get("sha256")?.as_str()?.to_owned()))
    };
    let images = v.get("images").and_then(|i| i.as_array()).into_iter().flatten();
    pair(v).into_iter().chain(images.chain(v.get("thumbnail")).filter_map(pair)).collect()
}

/// Writes `DIR/<document>/` so that stock typst-cli produces the same
/// document: the kind's template as `main.typ` beside the other template
/// files, the generated files under `generated/` and the fonts under `fonts/`.
/// `typst compile --ignore-system-fonts --font-path DIR/<doc> DIR/<doc>/main.typ`
fn eject(
    dir: &std::path::Path,
    plan: &DocumentPlan,
    doc: &RenderedDocument,
    templates: &TemplateSource,
) -> Result<(), Diagnostic> {
    let stem = plan.file_name.trim_end_matches(".pdf");
    let root = dir.join(stem);
    let write = |rel: &str, bytes: &[u8]| -> Result<(), Diagnostic> {
        let path = root.join(rel);
        let parent = path.parent().unwrap_or(&root);
        output::ensure_dir(parent)?;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        output::write_atomic(parent, &name, bytes)
    };
    let files = templates
        .all_files()
        .map_err(|e| Diagnostic::error(format!("cannot read the templates: {e}")))?;
    let main = plan.kind.template().trim_start_matches('/');
    for (rel, bytes) in &files {
        write(rel, bytes)?;
        if rel == main {
            write("main.typ", bytes)?;
        }
    }
    for (vpath, bytes) in &doc.generated {
        write(vpath.trim_start_matches('/'), bytes.as_slice())?;
    }
    for (rel, bytes) in crate::assets::files(&crate::assets::FONTS) {
        write(&format!("fonts/{rel}"), bytes)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_share_left_out_of_theme_toml_keeps_its_default() {
        let dir = tempfile::tempdir().expect("temp dir");
        let theme = crate::assets::DEFAULT_TEMPLATES
            .get_file("theme.toml")
            .and_then(|f| f.contents_utf8())
            .expect("embedded theme.toml");
        let table = theme.find("[chart.share]").expect("share table");
        let partial = format!("{}[chart.share]\nmap = 60\n", &theme[..table]);
        std::fs::write(dir.path().join("theme.toml"), partial).expect("write");
        let style = load_chart_style(&TemplateSource::Dir(dir.path().to_path_buf()))
            .unwrap_or_else(|d| panic!("{}", d.render()));
        assert_eq!(style.shares, ChartShares { map: 60.0, ..ChartShares::default() });
        // The embedded theme and the defaults agree.
        let embedded = load_chart_style(&TemplateSource::Embedded).expect("embedded style");
        assert_eq!(embedded.shares, ChartShares::default());
    }

    #[test]
    fn each_deck_is_taken_with_its_handouts_and_every_document_once() {
        let inputs = Inputs { data: DataSource::Embedded, templates: TemplateSource::Embedded };
        let selection = Selection { langs: vec!["en".into(), "de".into()], ..Selection::default() };
        let (_, plans, _) =
            prepare(&inputs, &selection).unwrap_or_else(|d| panic!("{}", d.render()));
        let tasks = tasks(&plans);
        let mut seen: Vec<usize> = tasks.iter().flatten().copied().collect();
        seen.sort_unstable();
        assert_eq!(seen, (0..plans.len()).collect::<Vec<_>>());
        let names =
            |t: &Vec<usize>| t.iter().map(|&i| plans[i].file_name.as_str()).collect::<Vec<_>>();
        assert_eq!(names(&tasks[0]), ["deck-land-en.pdf", "handout-land-en.pdf"]);
        let decks = plans.iter().filter(|p| p.kind == Kind::Deck).count();
        assert!(decks > 0);
        for task in &tasks[..decks] {
            let [deck, handout] = names(task)[..] else { panic!("{task:?}") };
            assert_eq!(handout, deck.replacen("deck", "handout", 1));
            // The handout's deck is the planned deck, so one typesetting serves both.
            let (planned, derived) = (&plans[task[0]], deck_of(&plans[task[1]]));
            assert_eq!(derived.file_name, planned.file_name);
            assert_eq!(
                serde_json::to_string(&derived.data).ok(),
                serde_json::to_string(&planned.data).ok()
            );
            assert_eq!(format!("{:?}", derived.charts), format!("{:?}", planned.charts));
        }
        assert!(tasks[decks..].iter().all(|t| t.len() == 1 && plans[t[0]].kind == Kind::Factsheet));
    }
}
