//! Planning: which documents to build, and the data each one shows, resolved
//! for its scope and language into plain values for the templates.

mod banner;
pub mod charts;
mod cited;
mod document;
pub mod i18n;
pub mod scope;
mod sizes;
pub mod view;

pub use i18n::Locale;
pub use sizes::ChartShares;
pub use view::*;

use indexmap::IndexMap;

use banner::banner;
use document::{DocumentSettings, Resolver, document_data};
use scope::ScopeView;
use serde::Serialize;

use crate::dataset::model::{Chart, ChartKind};
use crate::dataset::{COMBINED_SCOPE, Dataset};
use crate::diag::{Diagnostic, Diagnostics, closest};

/// A kind of document.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A4 fact sheet: two pages per branch, up to four combined.
    Factsheet,
    /// 16:9 slide deck with speaker notes.
    Deck,
    /// A4 handout of the deck's slides for the audience (or with notes, for the briefer).
    Handout,
}

impl Kind {
    /// Every kind, in build order.
    pub const ALL: &'static [Kind] = &[Kind::Factsheet, Kind::Deck, Kind::Handout];

    /// Name used in file names and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Factsheet => "factsheet",
            Kind::Deck => "deck",
            Kind::Handout => "handout",
        }
    }

    /// The template that typesets this kind.
    pub fn template(self) -> &'static str {
        match self {
            Kind::Factsheet => "/factsheet.typ",
            Kind::Deck => "/deck.typ",
            Kind::Handout => "/handout.typ",
        }
    }
}

/// How handouts place the deck's slides on A4.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub enum HandoutLayout {
    /// One large slide a page, with ruled lines under it.
    #[serde(rename = "1")]
    One,
    /// Two slides a page, each with ruled lines under it.
    #[serde(rename = "2")]
    Two,
    /// Three slides a page, each beside ruled lines for notes.
    #[default]
    #[serde(rename = "3")]
    Three,
    /// Four large slides a page in a 2 x 2 grid, on landscape A4.
    #[serde(rename = "4")]
    Four,
    /// Six slides a page in a 2 x 3 grid, with a few lines under each.
    #[serde(rename = "6")]
    Six,
    /// Each slide with its speaker notes below, two a page where they fit (the briefer's copy).
    #[serde(rename = "notes")]
    Notes,
}

impl HandoutLayout {
    /// Slides per handout page.
    pub fn per_page(self) -> usize {
        match self {
            HandoutLayout::One | HandoutLayout::Notes => 1,
            HandoutLayout::Two => 2,
            HandoutLayout::Three => 3,
            HandoutLayout::Four => 4,
            HandoutLayout::Six => 6,
        }
    }
}

/// How a handout lays out its deck, as planned (the deck's pages themselves
/// reach the template from typesetting).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct HandoutSettings {
    /// Layout chosen.
    pub layout: HandoutLayout,
    /// Slides per page.
    pub per_page: usize,
}

/// What the user asked to build; empty lists mean "all".
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Kinds of document.
    pub kinds: Vec<Kind>,
    /// Scope ids: branch ids or `combined`.
    pub scopes: Vec<String>,
    /// Language ids.
    pub langs: Vec<String>,
    /// Handout layout.
    pub handout_layout: HandoutLayout,
    /// Marking level of the audience (default: the lowest level).
    pub audience: Option<String>,
    /// Print a DRAFT watermark on every page.
    pub draft: bool,
    /// Print portion marks before paragraphs.
    pub portion_marks: bool,
    /// Print the first language's text where a translation is missing (with a warning) instead of failing.
    pub allow_fallback: bool,
}

/// Which document: what names it in file names, the manifest and the build's
/// bookkeeping (a handout's deck, a watch session's records).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocumentId {
    /// Kind of document.
    pub kind: Kind,
    /// Scope id (`air`, `combined`).
    pub scope: String,
    /// Language id.
    pub lang: String,
    /// Marking level id of the audience; `None` for the lowest level, which
    /// file names leave out.
    pub audience: Option<String>,
}

impl DocumentId {
    /// The document's name: its file name without extension (`factsheet-air-en-internal`).
    pub fn stem(&self) -> String {
        let audience = self.audience.as_ref().map(|a| format!("-{a}")).unwrap_or_default();
        format!("{}-{}-{}{audience}", self.kind.name(), self.scope, self.lang)
    }

    /// The PDF's file name (`factsheet-air-en.pdf`).
    pub fn file_name(&self) -> String {
        format!("{}.pdf", self.stem())
    }
}

/// One document to build, complete when planning returns it.
#[derive(Debug, Clone)]
pub struct DocumentPlan {
    /// Which document.
    pub id: DocumentId,
    /// Everything the template shows.
    pub data: DocumentData,
    /// Charts to draw for it, in the order the template lists them, each
    /// sized for where it is set.
    pub charts: Vec<charts::ChartPlan>,
    /// For a handout: the deck it lays out, planned as that deck is.
    pub deck: Option<Box<DocumentPlan>>,
    /// The files the data folder supplies to the templates, by the virtual
    /// path the data names them: the copies of its sources' texts
    /// (`SourceView::attachment`) and the publisher's emblem.
    pub attachments: std::collections::BTreeMap<String, std::sync::Arc<Vec<u8>>>,
}

impl DocumentPlan {
    /// Kind of document.
    pub fn kind(&self) -> Kind {
        self.id.kind
    }

    /// The PDF's file name (`factsheet-air-en.pdf`).
    pub fn file_name(&self) -> String {
        self.id.file_name()
    }
}

/// The scopes a dataset offers: its branch ids, then `combined`.
pub fn scopes(dataset: &Dataset) -> Vec<String> {
    let mut v: Vec<String> = dataset.branches.iter().map(|b| b.id.get_ref().clone()).collect();
    v.push(COMBINED_SCOPE.to_owned());
    v
}

/// The languages the selection asks for: every declared one unless named
/// (`all` names them all).
pub fn languages(dataset: &Dataset, selection: &Selection) -> Vec<String> {
    if selection.langs.is_empty() || selection.langs.iter().any(|l| l == "all") {
        dataset.info.languages.get_ref().clone()
    } else {
        selection.langs.clone()
    }
}

/// The rank of the marking level `audience` names (the lowest level when
/// none is named), or an error listing the levels the dataset declares.
pub fn audience_rank(dataset: &Dataset, audience: Option<&str>) -> Result<usize, Diagnostic> {
    let Some(a) = audience else { return Ok(0) };
    dataset.level_rank(a).ok_or_else(|| {
        let levels: Vec<&str> = dataset.markings.iter().map(|m| m.id.get_ref().as_str()).collect();
        let d = Diagnostic::usage(format!("unknown audience `{a}`"))
            .hint(format!("the dataset declares the levels {}", levels.join(", ")));
        match closest(a, levels.iter().copied()) {
            Some(near) => d.hint(format!("did you mean `{near}`?")),
            None => d,
        }
    })
}

/// Resolves the selection against the dataset and builds each document's data.
pub fn plan(
    dataset: &Dataset,
    locales: &IndexMap<String, Locale>,
    shares: &ChartShares,
    selection: &Selection,
) -> Result<Vec<DocumentPlan>, Diagnostics> {
    let mut diags = Diagnostics::default();
    let audience = audience_rank(dataset, selection.audience.as_deref())?;
    // Everything above the audience is removed here, before any document sees the data.
    let filtered = dataset.for_audience(audience);
    let dataset = &filtered;
    let all_scopes = scopes(dataset);
    let declared: Vec<String> = dataset.info.languages.get_ref().clone();

    let scopes: Vec<String> =
        if selection.scopes.is_empty() { all_scopes.clone() } else { selection.scopes.clone() };
    for s in &scopes {
        if !all_scopes.contains(s) {
            let mut d = Diagnostic::usage(format!("unknown scope `{s}`"))
                .hint(format!("this dataset's scopes are {}", all_scopes.join(", ")));
            if let Some(g) = closest(s, all_scopes.iter().map(String::as_str)) {
                d = d.hint(format!("did you mean `{g}`?"));
            }
            diags.push(d);
        }
    }
    let langs = languages(dataset, selection);
    for l in &langs {
        if !declared.contains(l) {
            let mut d = Diagnostic::usage(format!("language `{l}` is not declared by the dataset"))
                .hint(format!(
                    "the dataset declares {} in `[dataset] languages`",
                    declared.join(", ")
                ));
            if let Some(near) = closest(l, declared.iter().map(String::as_str)) {
                d = d.hint(format!("did you mean `{near}`?"));
            }
            diags.push(d);
        } else if !locales.contains_key(l) {
            diags.push(
                Diagnostic::error(format!("the templates have no labels for language `{l}`")).hint(
                    format!(
                        "add i18n/{l}.toml to the data folder (layered over the templates' \
                         words; see docs/dataset.md, \"A language of your own\"), or to the \
                         templates folder"
                    ),
                ),
            );
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let kinds: Vec<Kind> =
        if selection.kinds.is_empty() { Kind::ALL.to_vec() } else { selection.kinds.clone() };
    let views = ScopeView::all(dataset, &scopes);
    let planner =
        Planner { dataset, views: &views, shares, selection, audience, fallback: &declared[0] };
    let mut plans = Vec::new();
    for &kind in &kinds {
        for scope in &scopes {
            for lang in &langs {
                let Some(locale) = locales.get(lang) else { continue };
                let id = planner.id(kind, scope, lang);
                let plan = match kind {
                    Kind::Handout => {
                        let deck = planner.document(planner.id(Kind::Deck, scope, lang), locale);
                        let handout = planner.document(id, locale);
                        // A handout draws no chart itself: its slides are the deck's pages.
                        deck.and_then(|deck| {
                            handout.map(|h| DocumentPlan {
                                charts: Vec::new(),
                                deck: Some(Box::new(deck)),
                                ..h
                            })
                        })
                    }
                    Kind::Factsheet | Kind::Deck => planner.document(id, locale),
                };
                match plan {
                    Ok(plan) => plans.push(plan),
                    Err(more) => {
                        for d in more.0 {
                            if !diags.0.contains(&d) {
                                diags.push(d);
                            }
                        }
                    }
                }
            }
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(plans)
}

/// What every document of one `plan()` call shares.
struct Planner<'a> {
    dataset: &'a Dataset,
    /// What each scope shows, decided once for all its documents.
    views: &'a IndexMap<String, ScopeView>,
    shares: &'a ChartShares,
    selection: &'a Selection,
    /// Rank of the audience's marking level.
    audience: usize,
    /// The dataset's first language, for texts a language lacks.
    fallback: &'a str,
}

impl Planner<'_> {
    fn id(&self, kind: Kind, scope: &str, lang: &str) -> DocumentId {
        DocumentId {
            kind,
            scope: scope.to_owned(),
            lang: lang.to_owned(),
            audience: (self.audience > 0)
                .then(|| self.dataset.markings[self.audience].id.get_ref().clone()),
        }
    }

    /// One document: its data, its charts sized for where they are set, its banner.
    fn document(&self, id: DocumentId, locale: &Locale) -> Result<DocumentPlan, Diagnostics> {
        let (dataset, selection) = (self.dataset, self.selection);
        let (kind, scope, lang) = (id.kind, id.scope.as_str(), id.lang.as_str());
        let mut diags = Diagnostics::default();
        // Unknown scopes were refused before planning: every scope has its view.
        let view = &self.views[scope];
        let r = Resolver { lang, fallback: self.fallback };
        let mut chart_plans = Vec::new();
        let mut chart_views = Vec::new();
        let borrowed =
            if kind == Kind::Factsheet { Vec::new() } else { borrowed_timelines(dataset, view) };
        for &chart in view.charts.iter().chain(&borrowed) {
            match charts::plan_chart(dataset, locale, &r, view, chart) {
                Ok((mut plan, mut chart_view)) => {
                    // A4 charts are drawn as wide as the share of the text width they
                    // are set at, so their type prints at one size; slides take their own.
                    let share = (kind != Kind::Deck).then(|| self.shares.of(&plan.spec));
                    plan.share = share;
                    chart_view.share = share;
                    chart_plans.push(plan);
                    chart_views.push(chart_view);
                }
                Err(d) => diags.push(d),
            }
        }
        if diags.has_errors() {
            return Err(diags);
        }
        let settings = DocumentSettings {
            kind,
            lang,
            fallback: self.fallback,
            portion_marks: selection.portion_marks,
            draft: selection.draft,
            audience: dataset.markings[self.audience].id.get_ref().clone(),
            marking: banner(dataset, &r, view),
            charts: chart_views,
            handout: (kind == Kind::Handout).then(|| HandoutSettings {
                layout: selection.handout_layout,
                per_page: selection.handout_layout.per_page(),
            }),
        };
        let data = document_data(dataset, view, locale, settings);
        let mut attachments: std::collections::BTreeMap<_, _> = data
            .sources
            .iter()
            .filter(|s| !s.attachment.is_empty())
            .filter_map(|s| {
                let (_, bytes) = dataset.source_files.get(&s.id)?;
                Some((s.attachment.clone(), bytes.clone()))
            })
            .collect();
        // The emblem is served like the sources' copies (never attached).
        if let Some(bytes) = &dataset.emblem {
            attachments.insert(crate::served::EMBLEM.to_owned(), bytes.clone());
        }
        Ok(DocumentPlan { id, data, charts: chart_plans, deck: None, attachments })
    }
}

/// Every chart of the dataset, each planned for the documents it appears in
/// (its branch, or the combined scope), in language `lang`, at its A4 size.
pub fn all_charts(
    dataset: &Dataset,
    locale: &Locale,
    lang: &str,
    shares: &ChartShares,
) -> Result<Vec<charts::ChartPlan>, Diagnostics> {
    let fallback = &dataset.info.languages.get_ref()[0];
    let r = Resolver { lang, fallback };
    let mut out = Vec::new();
    let mut diags = Diagnostics::default();
    let mut views: IndexMap<&str, ScopeView> = IndexMap::new();
    for (ix, chart) in dataset.charts.indexed() {
        let scope = chart.branch.as_ref().map_or(COMBINED_SCOPE, |b| b.get_ref().as_str());
        let view = views.entry(scope).or_insert_with(|| ScopeView::new(dataset, scope));
        match charts::plan_chart(dataset, locale, &r, view, ix) {
            Ok((plan, _)) => {
                out.push(charts::ChartPlan { share: Some(shares.of(&plan.spec)), ..plan })
            }
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() { Err(diags) } else { Ok(out) }
}

/// The combined timeline charts a branch's deck (and its handout) shows when the branch has
/// no chart of its own, so that its deck has a visual where the data has one: drawn for the
/// branch's view, such a chart has a row for each of the branch's operations. Only a chart
/// that draws its rows from the scope and cites nothing the deck does not already cite is
/// borrowed (the deck's sources stay those its slides show).
fn borrowed_timelines(ds: &Dataset, view: &ScopeView) -> Vec<crate::dataset::Ix<Chart>> {
    if view.combined || !view.charts.is_empty() || view.operations.is_empty() {
        return Vec::new();
    }
    ds.charts
        .indexed()
        .filter(|(_, c)| {
            c.links.branch.is_none()
                && c.kind == ChartKind::Timeline
                && c.links.operations.is_empty()
        })
        .map(|(ix, _)| ix)
        .filter(|&ix| {
            let mut with = view.clone();
            with.charts.push(ix);
            cited::cited_sources(ds, &with) == view.sources
        })
        .collect()
}
