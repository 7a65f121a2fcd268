//! Planning: which documents to build, and the data each one shows, resolved
//! for its scope and language into plain values for the templates.

pub mod charts;
pub mod i18n;

pub use i18n::Locale;

use indexmap::IndexMap;
use serde::Serialize;

use crate::dataset::date::Precision;
use crate::dataset::text::Text;
use crate::dataset::{COMBINED_SCOPE, Dataset};
use crate::diag::{Diagnostic, Diagnostics, closest};

/// A kind of document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, clap::ValueEnum)]
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
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, clap::ValueEnum)]
pub enum HandoutLayout {
    /// One slide a page.
    #[value(name = "1")]
    #[serde(rename = "1")]
    One,
    /// Two slides a page.
    #[value(name = "2")]
    #[serde(rename = "2")]
    Two,
    /// Three slides a page, each beside ruled lines for notes.
    #[default]
    #[value(name = "3")]
    #[serde(rename = "3")]
    Three,
    /// Four slides a page.
    #[value(name = "4")]
    #[serde(rename = "4")]
    Four,
    /// Six slides a page.
    #[value(name = "6")]
    #[serde(rename = "6")]
    Six,
    /// One slide a page with its speaker notes below (the briefer's copy).
    #[value(name = "notes")]
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

/// What a handout template needs besides the document data: the deck it lays out.
#[derive(Debug, Clone, Serialize)]
pub struct HandoutView {
    /// Layout chosen.
    pub layout: HandoutLayout,
    /// Slides per page.
    pub per_page: usize,
    /// Virtual paths of one image per slide for the template to place: a
    /// stand-in that the typesetter replaces with the deck's laid-out page
    /// (in ejected sources, the slide drawn as SVG).
    pub pages: Vec<String>,
    /// Number of slides.
    pub slides: usize,
    /// Speaker notes per slide, in slide order.
    pub notes: Vec<String>,
    /// The headings of each slide as plain text, in slide order: for the
    /// slide images' alt text.
    pub titles: Vec<String>,
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

/// One document to build.
#[derive(Debug, Clone)]
pub struct DocumentPlan {
    /// Kind of document.
    pub kind: Kind,
    /// Scope id (`air`, `combined`).
    pub scope: String,
    /// Language id.
    pub lang: String,
    /// Output file name (`factsheet-air-en.pdf`).
    pub file_name: String,
    /// Everything the template shows.
    pub data: DocumentData,
    /// Charts to draw for it, in the order the template lists them.
    pub charts: Vec<charts::ChartPlan>,
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

/// Resolves the selection against the dataset and builds each document's data.
pub fn plan(
    dataset: &Dataset,
    locales: &IndexMap<String, Locale>,
    selection: &Selection,
) -> Result<Vec<DocumentPlan>, Diagnostics> {
    let mut diags = Diagnostics::default();
    let audience = match &selection.audience {
        None => 0,
        Some(a) => match dataset.level_rank(a) {
            Some(r) => r,
            None => {
                let levels: Vec<&str> =
                    dataset.markings.iter().map(|m| m.id.get_ref().as_str()).collect();
                return Err(Diagnostic::error(format!("unknown audience `{a}`"))
                    .hint(format!("the dataset declares the levels {}", levels.join(", ")))
                    .into());
            }
        },
    };
    // Everything above the audience is removed here, before any document sees the data.
    let filtered = dataset.for_audience(audience);
    let dataset = &filtered;
    let suffix = if audience == 0 {
        String::new()
    } else {
        format!("-{}", dataset.markings[audience].id.get_ref())
    };
    let all_scopes = scopes(dataset);
    let declared: Vec<String> = dataset.info.languages.get_ref().clone();

    let scopes: Vec<String> =
        if selection.scopes.is_empty() { all_scopes.clone() } else { selection.scopes.clone() };
    for s in &scopes {
        if !all_scopes.contains(s) {
            let mut d = Diagnostic::error(format!("unknown scope `{s}`"))
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
            diags.push(
                Diagnostic::error(format!("language `{l}` is not declared by the dataset")).hint(
                    format!(
                        "the dataset declares {} in `[dataset] languages`",
                        declared.join(", ")
                    ),
                ),
            );
        } else if !locales.contains_key(l) {
            diags.push(
                Diagnostic::error(format!("the templates have no labels for language `{l}`"))
                    .hint(format!("add i18n/{l}.toml to the templates folder")),
            );
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let kinds: Vec<Kind> =
        if selection.kinds.is_empty() { Kind::ALL.to_vec() } else { selection.kinds.clone() };

    let mut plans = Vec::new();
    for &kind in &kinds {
        for scope in &scopes {
            for lang in &langs {
                let Some(locale) = locales.get(lang) else { continue };
                let mut data = document_data(
                    dataset,
                    locale,
                    kind,
                    scope,
                    lang,
                    &declared[0],
                    selection.portion_marks,
                );
                data.handout_layout = selection.handout_layout;
                data.document.draft = selection.draft;
                data.document.audience = dataset.markings[audience].id.get_ref().clone();
                let r = Resolver { lang, fallback: &declared[0] };
                let mut chart_plans = Vec::new();
                for chart in dataset
                    .charts
                    .iter()
                    .filter(|c| charts::shown_in(c, scope, data.document.combined))
                {
                    match charts::plan_chart(
                        dataset,
                        locale,
                        &r,
                        chart,
                        scope,
                        data.document.combined,
                    ) {
                        Ok((plan, view)) => {
                            chart_plans.push(plan);
                            data.charts.push(view);
                        }
                        Err(d) if !diags.0.contains(&d) => diags.push(d),
                        Err(_) => {}
                    }
                }
                data.document.marking = banner(dataset, &r, scope, &data);
                plans.push(DocumentPlan {
                    kind,
                    scope: scope.clone(),
                    lang: lang.clone(),
                    file_name: format!("{}-{scope}-{lang}{suffix}.pdf", kind.name()),
                    data,
                    charts: chart_plans,
                });
            }
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(plans)
}

/// Every chart of the dataset, each planned for the documents it appears in
/// (its branch, or the combined scope), in language `lang`.
pub fn all_charts(
    dataset: &Dataset,
    locale: &Locale,
    lang: &str,
) -> Result<Vec<(charts::ChartPlan, charts::ChartView)>, Diagnostics> {
    let fallback = &dataset.info.languages.get_ref()[0];
    let r = Resolver { lang, fallback };
    let mut out = Vec::new();
    let mut diags = Diagnostics::default();
    for chart in &dataset.charts {
        let (scope, combined) = match &chart.branch {
            Some(b) => (b.get_ref().as_str(), false),
            None => (COMBINED_SCOPE, true),
        };
        match charts::plan_chart(dataset, locale, &r, chart, scope, combined) {
            Ok(p) => out.push(p),
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() { Err(diags) } else { Ok(out) }
}

/// Everything a template needs, as plain strings and lists: the only thing
/// templates ever see of the dataset.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentData {
    /// About this document.
    pub document: DocumentMeta,
    /// Words of the page furniture in this language.
    pub labels: IndexMap<String, String>,
    /// Title band.
    pub headline: Headline,
    /// Key figures for this scope.
    pub figures: Vec<FigureView>,
    /// Background texts.
    pub background: Vec<TextView>,
    /// Mission texts.
    pub mission: Vec<TextView>,
    /// What is at stake.
    pub stakes: Vec<TextView>,
    /// Branches in this scope (one for a branch document).
    pub branches: Vec<BranchView>,
    /// Multinational formations (all, with the nation's participation marked).
    pub formations: Vec<FormationView>,
    /// Timeline events for this scope, oldest first.
    pub timeline: Vec<EventView>,
    /// Sources cited.
    pub sources: Vec<SourceView>,
    /// Charts, as drawn into `/generated/charts/`.
    pub charts: Vec<charts::ChartView>,
    /// Lines to take for this scope (only in documents for an audience that may see them).
    pub lines: Vec<LineView>,
    /// Anticipated questions with suggested answers for this scope.
    pub questions: Vec<QuestionView>,
    /// For handouts: the deck to lay out (filled in when the deck is typeset).
    pub handout: Option<HandoutView>,
    /// For handouts: the layout asked for.
    pub handout_layout: HandoutLayout,
}

/// Facts about the document itself.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentMeta {
    /// `factsheet`.
    pub kind: Kind,
    /// Scope id.
    pub scope: String,
    /// Scope name (branch name, or the "all branches" label).
    pub scope_name: String,
    /// Whether this is the combined document.
    pub combined: bool,
    /// Language id.
    pub lang: String,
    /// Title for the PDF metadata.
    pub title: String,
    /// As-of date, formatted.
    pub as_of: String,
    /// As-of date, ISO.
    pub as_of_iso: String,
    /// Publisher line.
    pub publisher: String,
    /// Name of the contributing nation.
    pub nation: String,
    /// Banner of the highest marking present in the document.
    pub marking: MarkingView,
    /// Marking level id of the audience the document is for.
    pub audience: String,
    /// Whether to print a DRAFT watermark.
    pub draft: bool,
    /// Most pages the document should take (fact sheets: 2 for a branch, 4
    /// combined); `None` for documents that take what they need.
    pub page_budget: Option<usize>,
    /// How tightly the theme sets the document: 0 (the design), up to
    /// [`MAX_FIT`]; raised by the typesetter while the document exceeds its
    /// page budget, as a copy-fitter would for a longer translation.
    pub fit: u8,
}

/// The tightest setting of `DocumentMeta::fit` the theme offers.
pub const MAX_FIT: u8 = 2;

/// A marking banner.
#[derive(Debug, Clone, Serialize)]
pub struct MarkingView {
    /// Level id.
    pub id: String,
    /// Banner text.
    pub banner: String,
    /// `#rrggbb`.
    pub colour: String,
    /// Releasability caveats common to every caveated item present, may be empty.
    pub releasable_to: Vec<String>,
}

/// Title band texts.
#[derive(Debug, Clone, Serialize)]
pub struct Headline {
    /// Title.
    pub title: String,
    /// Subtitle.
    pub subtitle: String,
    /// Tagline.
    pub tagline: String,
    /// Summary line.
    pub summary: String,
    /// Speaker notes for the title slide, may be empty.
    pub notes: String,
}

/// A figure ready to print.
#[derive(Debug, Clone, Serialize)]
pub struct FigureView {
    /// Id.
    pub id: String,
    /// Formatted number (`200`).
    pub value: String,
    /// Raw number, for charts.
    pub number: f64,
    /// Qualifier word (`almost`), empty when exact.
    pub qualifier: String,
    /// Unit, may be empty.
    pub unit: String,
    /// What is counted.
    pub label: String,
    /// Period covered, may be empty.
    pub period: String,
    /// Branch id, may be empty.
    pub branch: String,
}

/// A context text.
#[derive(Debug, Clone, Serialize)]
pub struct TextView {
    /// Id.
    pub id: String,
    /// Sub-heading, may be empty.
    pub title: String,
    /// Paragraphs.
    pub body: Vec<String>,
    /// Speaker notes, may be empty.
    pub notes: String,
    /// Portion mark (`(P)`), empty unless asked for.
    pub portion: String,
}

/// A branch with what belongs to it.
#[derive(Debug, Clone, Serialize)]
pub struct BranchView {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Section heading.
    pub heading: String,
    /// Lead paragraph.
    pub summary: String,
    /// Further paragraphs.
    pub body: Vec<String>,
    /// Operations of the branch.
    pub operations: Vec<OperationView>,
    /// Bases its operations use, in order of first use.
    pub bases: Vec<BaseView>,
    /// Figures of the branch.
    pub figures: Vec<FigureView>,
    /// Speaker notes, may be empty.
    pub notes: String,
    /// Portion mark (`(P)`), empty unless asked for.
    pub portion: String,
}

/// An operation ready to print.
#[derive(Debug, Clone, Serialize)]
pub struct OperationView {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Short name, may be empty.
    pub short_name: String,
    /// Organisation, may be empty.
    pub organisation: String,
    /// Formation name, may be empty.
    pub formation: String,
    /// Lead nation name (own or the formation's), may be empty.
    pub lead_nation: String,
    /// Host nation names.
    pub host_nations: Vec<String>,
    /// Base names.
    pub bases: Vec<String>,
    /// Start, formatted, may be empty when unknown.
    pub start: String,
    /// End, formatted, empty while ongoing.
    pub end: String,
    /// Whether it is still going on.
    pub ongoing: bool,
    /// Area, may be empty.
    pub area: String,
    /// Summary paragraph.
    pub summary: String,
    /// Contributed assets.
    pub assets: Vec<String>,
    /// Speaker notes, may be empty.
    pub notes: String,
    /// Portion mark (`(P)`), empty unless asked for.
    pub portion: String,
}

/// A base ready to print.
#[derive(Debug, Clone, Serialize)]
pub struct BaseView {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Country name.
    pub country: String,
    /// Latitude, if known.
    pub lat: Option<f64>,
    /// Longitude, if known.
    pub lon: Option<f64>,
    /// Coordinates formatted (`55.89° N, 23.39° E`), may be empty.
    pub coordinates: String,
    /// Rotations from this base, summed over operations.
    pub rotations: i64,
    /// Operation names using the base.
    pub operations: Vec<String>,
}

/// A multinational formation.
#[derive(Debug, Clone, Serialize)]
pub struct FormationView {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Host country name.
    pub host: String,
    /// Lead nation name, may be empty.
    pub lead_nation: String,
    /// Whether the nation contributes to it (an operation refers to it).
    pub participating: bool,
}

/// A timeline event.
#[derive(Debug, Clone, Serialize)]
pub struct EventView {
    /// Id.
    pub id: String,
    /// Formatted date.
    pub date: String,
    /// The date without its year (`29 March`, `September`), for lists
    /// grouped by year; empty for a year-only date.
    pub date_in_year: String,
    /// ISO date with its precision (`2022-09`).
    pub iso: String,
    /// Year, for grouping.
    pub year: u16,
    /// `year`, `month` or `day`.
    pub precision: Precision,
    /// Title.
    pub title: String,
    /// Text, may be empty.
    pub text: String,
    /// Branch id, may be empty.
    pub branch: String,
    /// Speaker notes, may be empty.
    pub notes: String,
}

/// A line to take.
#[derive(Debug, Clone, Serialize)]
pub struct LineView {
    /// Id.
    pub id: String,
    /// Branch id, may be empty.
    pub branch: String,
    /// The line.
    pub text: String,
    /// Speaker notes, may be empty.
    pub notes: String,
    /// Portion mark, empty unless asked for.
    pub portion: String,
}

/// An anticipated question and its suggested answer.
#[derive(Debug, Clone, Serialize)]
pub struct QuestionView {
    /// Id.
    pub id: String,
    /// Branch id, may be empty.
    pub branch: String,
    /// The question.
    pub question: String,
    /// The suggested answer.
    pub answer: String,
    /// Speaker notes, may be empty.
    pub notes: String,
    /// Portion mark, empty unless asked for.
    pub portion: String,
}

/// A source cited.
#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Publisher, may be empty.
    pub publisher: String,
    /// URL, may be empty.
    pub url: String,
}

struct Resolver<'a> {
    lang: &'a str,
    fallback: &'a str,
}

impl Resolver<'_> {
    fn text(&self, t: &Text) -> String {
        t.get(self.lang)
            .or_else(|| t.get(self.fallback))
            .or_else(|| t.variants().into_iter().next())
            .unwrap_or_default()
            .to_owned()
    }
    fn opt(&self, t: &Option<Text>) -> String {
        t.as_ref().map(|t| self.text(t)).unwrap_or_default()
    }
}

fn document_data(
    ds: &Dataset,
    locale: &Locale,
    kind: Kind,
    scope: &str,
    lang: &str,
    fallback: &str,
    portion_marks: bool,
) -> DocumentData {
    let r = Resolver { lang, fallback };
    // Portion marks ("(P)") go before paragraphs only when asked for.
    let portion = |m: &Option<toml::Spanned<String>>| -> String {
        if !portion_marks {
            return String::new();
        }
        let level = &ds.markings[ds.rank(m)];
        let mark = level.portion.clone().unwrap_or_else(|| {
            level.id.get_ref().chars().take(1).collect::<String>().to_uppercase()
        });
        format!("({mark})")
    };
    let combined = scope == COMBINED_SCOPE;
    let in_scope = |branch: &str| combined || branch == scope;
    let country = |id: &str| {
        ds.countries
            .iter()
            .find(|c| c.id.get_ref() == id)
            .map(|c| r.text(&c.name))
            .unwrap_or_else(|| id.to_owned())
    };
    let op_branch = |op: &str| {
        ds.operations.iter().find(|o| o.id.get_ref() == op).map(|o| o.branch.get_ref().clone())
    };
    let figure_branch = |f: &crate::dataset::model::Figure| {
        f.branch
            .as_ref()
            .map(|b| b.get_ref().clone())
            .or_else(|| f.operation.as_ref().and_then(|o| op_branch(o.get_ref())))
    };

    let figure_view = |f: &crate::dataset::model::Figure| FigureView {
        id: f.id.get_ref().clone(),
        value: locale.number(*f.value.get_ref()),
        number: *f.value.get_ref(),
        qualifier: locale.qualifier(f.qualifier),
        unit: r.opt(&f.unit),
        label: r.text(&f.label),
        period: r.opt(&f.period),
        branch: figure_branch(f).unwrap_or_default(),
    };

    let branches: Vec<BranchView> = ds
        .branches
        .iter()
        .filter(|b| in_scope(b.id.get_ref()))
        .map(|b| {
            let ops: Vec<_> =
                ds.operations.iter().filter(|o| o.branch.get_ref() == b.id.get_ref()).collect();
            let mut base_ids: Vec<String> = Vec::new();
            for o in &ops {
                for base in &o.bases {
                    if !base_ids.contains(base.get_ref()) {
                        base_ids.push(base.get_ref().clone());
                    }
                }
            }
            let bases = base_ids
                .iter()
                .filter_map(|id| ds.bases.iter().find(|x| x.id.get_ref() == id))
                .map(|base| {
                    let rotations = ds
                        .rotations
                        .iter()
                        .filter(|rt| {
                            rt.base.get_ref() == base.id.get_ref()
                                && ops.iter().any(|o| o.id.get_ref() == rt.operation.get_ref())
                        })
                        .map(|rt| *rt.count.get_ref())
                        .sum();
                    let lat = base.lat.as_ref().map(|v| *v.get_ref());
                    let lon = base.lon.as_ref().map(|v| *v.get_ref());
                    BaseView {
                        id: base.id.get_ref().clone(),
                        name: r.text(&base.name),
                        country: country(base.country.get_ref()),
                        lat,
                        lon,
                        coordinates: match (lat, lon) {
                            (Some(la), Some(lo)) => format!(
                                "{}° {}, {}° {}",
                                locale.number(la.abs()),
                                if la >= 0.0 { "N" } else { "S" },
                                locale.number(lo.abs()),
                                if lo >= 0.0 { "E" } else { "W" }
                            ),
                            _ => String::new(),
                        },
                        rotations,
                        operations: ops
                            .iter()
                            .filter(|o| o.bases.iter().any(|x| x.get_ref() == base.id.get_ref()))
                            .map(|o| r.text(&o.name))
                            .collect(),
                    }
                })
                .collect();
            BranchView {
                id: b.id.get_ref().clone(),
                name: r.text(&b.name),
                heading: b.heading.as_ref().map(|h| r.text(h)).unwrap_or_else(|| r.text(&b.name)),
                summary: r.text(&b.summary),
                body: b.body.iter().map(|p| r.text(p)).collect(),
                operations: ops
                    .iter()
                    .map(|o| {
                        let formation = o.formation.as_ref().and_then(|f| {
                            ds.formations.iter().find(|x| x.id.get_ref() == f.get_ref())
                        });
                        let lead = o
                            .lead_nation
                            .as_ref()
                            .or(formation.and_then(|f| f.lead_nation.as_ref()));
                        let mut hosts: Vec<String> =
                            o.host_nations.iter().map(|h| country(h.get_ref())).collect();
                        if hosts.is_empty()
                            && let Some(f) = formation
                        {
                            hosts.push(country(f.host.get_ref()));
                        }
                        OperationView {
                            id: o.id.get_ref().clone(),
                            name: r.text(&o.name),
                            short_name: r.opt(&o.short_name),
                            organisation: r.opt(&o.organisation),
                            formation: formation.map(|f| r.text(&f.name)).unwrap_or_default(),
                            lead_nation: lead.map(|l| country(l.get_ref())).unwrap_or_default(),
                            host_nations: hosts,
                            bases: o
                                .bases
                                .iter()
                                .filter_map(|b| {
                                    ds.bases.iter().find(|x| x.id.get_ref() == b.get_ref())
                                })
                                .map(|b| r.text(&b.name))
                                .collect(),
                            start: o
                                .start
                                .as_ref()
                                .map(|d| locale.date(d.get_ref()))
                                .unwrap_or_default(),
                            end: o
                                .end
                                .as_ref()
                                .map(|d| locale.date(d.get_ref()))
                                .unwrap_or_default(),
                            ongoing: o.end.is_none(),
                            area: r.opt(&o.area),
                            summary: r.text(&o.summary),
                            assets: o.assets.iter().map(|a| r.text(a)).collect(),
                            notes: r.opt(&o.notes),
                            portion: portion(&o.marking),
                        }
                    })
                    .collect(),
                bases,
                notes: r.opt(&b.notes),
                portion: portion(&b.marking),
                figures: ds
                    .figures
                    .iter()
                    .filter(|f| figure_branch(f).as_deref() == Some(b.id.get_ref().as_str()))
                    .map(|f| figure_view(f))
                    .collect(),
            }
        })
        .collect();

    let figures: Vec<FigureView> = if combined {
        ds.figures.iter().filter(|f| f.highlight).map(|f| figure_view(f)).collect()
    } else {
        branches.iter().flat_map(|b| b.figures.clone()).collect()
    };

    let texts = |section| -> Vec<TextView> {
        ds.texts
            .iter()
            .filter(|t| t.section == section)
            .map(|t| TextView {
                id: t.id.get_ref().clone(),
                title: r.opt(&t.title),
                body: t.body.iter().map(|p| r.text(p)).collect(),
                notes: r.opt(&t.notes),
                portion: portion(&t.marking),
            })
            .collect()
    };
    use crate::dataset::model::Section;

    let mut events: Vec<_> = ds
        .events
        .iter()
        .filter(|e| {
            let branch = e
                .branch
                .as_ref()
                .map(|b| b.get_ref().clone())
                .or_else(|| e.operation.as_ref().and_then(|o| op_branch(o.get_ref())));
            branch.is_none_or(|b| in_scope(&b))
        })
        .collect();
    // A date known only to the year sorts after the precise dates of that year
    // ("2004" after "2004-03-29"); the stable sort keeps the written order of ties.
    events.sort_by_key(|e| {
        let d = e.date.get_ref();
        (d.year, d.month.unwrap_or(13), d.day.unwrap_or(32))
    });
    let timeline = events
        .into_iter()
        .map(|e| {
            let d = e.date.get_ref();
            EventView {
                id: e.id.get_ref().clone(),
                date: locale.date(d),
                date_in_year: locale.date_in_year(d),
                iso: d.to_string(),
                year: d.year,
                precision: d.precision(),
                title: r.text(&e.title),
                text: r.opt(&e.text),
                branch: e
                    .branch
                    .as_ref()
                    .map(|b| b.get_ref().clone())
                    .or_else(|| e.operation.as_ref().and_then(|o| op_branch(o.get_ref())))
                    .unwrap_or_default(),
                notes: r.opt(&e.notes),
            }
        })
        .collect();

    let participating: Vec<&str> = ds
        .operations
        .iter()
        .filter_map(|o| o.formation.as_ref().map(|f| f.get_ref().as_str()))
        .collect();
    let formations = ds
        .formations
        .iter()
        .map(|f| FormationView {
            id: f.id.get_ref().clone(),
            name: r.text(&f.name),
            host: country(f.host.get_ref()),
            lead_nation: f.lead_nation.as_ref().map(|l| country(l.get_ref())).unwrap_or_default(),
            participating: participating.contains(&f.id.get_ref().as_str()),
        })
        .collect();

    let lowest = &ds.markings[0];
    let marking_id = ds
        .info
        .marking
        .as_ref()
        .map(|m| m.get_ref().clone())
        .unwrap_or_else(|| lowest.id.get_ref().clone());
    let level = ds.markings.iter().find(|m| *m.id.get_ref() == marking_id).unwrap_or(lowest);

    let scope_name = if combined {
        locale.labels.get("combined").cloned().unwrap_or_default()
    } else {
        branches.first().map(|b| b.name.clone()).unwrap_or_default()
    };
    let title = r.text(&ds.info.title);
    DocumentData {
        document: DocumentMeta {
            kind,
            scope: scope.to_owned(),
            title: if combined { title.clone() } else { format!("{title} — {scope_name}") },
            scope_name,
            combined,
            lang: lang.to_owned(),
            as_of: locale.date(&ds.info.as_of),
            as_of_iso: ds.info.as_of.to_string(),
            publisher: r.opt(&ds.info.publisher),
            nation: country(ds.info.nation.get_ref()),
            marking: MarkingView {
                id: level.id.get_ref().clone(),
                banner: r.text(&level.banner),
                colour: level.colour.get_ref().clone(),
                releasable_to: Vec::new(),
            },
            audience: String::new(),
            draft: false,
            page_budget: match kind {
                Kind::Factsheet if combined => Some(4),
                Kind::Factsheet => Some(2),
                Kind::Deck | Kind::Handout => None,
            },
            fit: 0,
        },
        labels: locale.labels.clone(),
        headline: Headline {
            title,
            subtitle: r.opt(&ds.info.subtitle),
            tagline: r.opt(&ds.info.tagline),
            summary: r.opt(&ds.info.summary),
            notes: r.opt(&ds.info.notes),
        },
        figures,
        background: texts(Section::Background),
        mission: texts(Section::Mission),
        stakes: texts(Section::Stakes),
        branches,
        formations,
        timeline,
        sources: ds
            .sources
            .iter()
            .map(|s| SourceView {
                id: s.id.get_ref().clone(),
                title: r.text(&s.title),
                publisher: r.opt(&s.publisher),
                url: s.url.clone().unwrap_or_default(),
            })
            .collect(),
        charts: Vec::new(),
        lines: ds
            .lines
            .iter()
            .filter(|l| l.branch.as_ref().is_none_or(|b| in_scope(b.get_ref())))
            .map(|l| LineView {
                id: l.id.get_ref().clone(),
                branch: l.branch.as_ref().map(|b| b.get_ref().clone()).unwrap_or_default(),
                text: r.text(&l.text),
                notes: r.opt(&l.notes),
                portion: portion(&l.marking),
            })
            .collect(),
        questions: ds
            .questions
            .iter()
            .filter(|q| q.branch.as_ref().is_none_or(|b| in_scope(b.get_ref())))
            .map(|q| QuestionView {
                id: q.id.get_ref().clone(),
                branch: q.branch.as_ref().map(|b| b.get_ref().clone()).unwrap_or_default(),
                question: r.text(&q.question),
                answer: r.text(&q.answer),
                notes: r.opt(&q.notes),
                portion: portion(&q.marking),
            })
            .collect(),
        handout: None,
        handout_layout: HandoutLayout::default(),
    }
}

/// The banner of a document: the highest marking among the items it shows
/// (not merely the audience), with the releasability caveats they share.
fn banner(ds: &Dataset, r: &Resolver, scope: &str, data: &DocumentData) -> MarkingView {
    let combined = scope == COMBINED_SCOPE;
    let in_scope = |b: &str| combined || b == scope;
    let op_branch = |op: &str| {
        ds.operations.iter().find(|o| o.id.get_ref() == op).map(|o| o.branch.get_ref().clone())
    };
    let shown_ops: Vec<&str> = ds
        .operations
        .iter()
        .filter(|o| in_scope(o.branch.get_ref()))
        .map(|o| o.id.get_ref().as_str())
        .collect();
    let shown_charts: Vec<&str> = data.charts.iter().map(|c| c.id.as_str()).collect();
    // (rank, caveats) of everything the document shows.
    let mut present: Vec<(usize, Vec<String>)> = Vec::new();
    let mut add = |m: &Option<toml::Spanned<String>>, caveats: &Vec<String>| {
        present.push((ds.rank(m), caveats.clone()))
    };
    let empty = Vec::new();
    add(&ds.info.marking, &empty);
    for c in &ds.countries {
        add(&c.marking, &c.releasable_to);
    }
    for t in &ds.texts {
        add(&t.marking, &t.releasable_to);
    }
    for f in &ds.formations {
        add(&f.marking, &f.releasable_to);
    }
    for b in ds.branches.iter().filter(|b| in_scope(b.id.get_ref())) {
        add(&b.marking, &b.releasable_to);
    }
    for o in ds.operations.iter().filter(|o| in_scope(o.branch.get_ref())) {
        add(&o.marking, &o.releasable_to);
    }
    for rt in ds.rotations.iter().filter(|rt| shown_ops.contains(&rt.operation.get_ref().as_str()))
    {
        add(&rt.marking, &rt.releasable_to);
    }
    for b in ds.bases.iter().filter(|b| {
        ds.operations.iter().any(|o| {
            shown_ops.contains(&o.id.get_ref().as_str())
                && o.bases.iter().any(|x| x.get_ref() == b.id.get_ref())
        })
    }) {
        add(&b.marking, &b.releasable_to);
    }
    for f in &ds.figures {
        let branch = f
            .branch
            .as_ref()
            .map(|b| b.get_ref().clone())
            .or_else(|| f.operation.as_ref().and_then(|o| op_branch(o.get_ref())));
        if branch.is_none_or(|b| in_scope(&b)) || (combined && f.highlight) {
            add(&f.marking, &f.releasable_to);
        }
    }
    for e in &ds.events {
        let branch = e
            .branch
            .as_ref()
            .map(|b| b.get_ref().clone())
            .or_else(|| e.operation.as_ref().and_then(|o| op_branch(o.get_ref())));
        if branch.is_none_or(|b| in_scope(&b)) {
            add(&e.marking, &e.releasable_to);
        }
    }
    for c in ds.charts.iter().filter(|c| shown_charts.contains(&c.id.get_ref().as_str())) {
        add(&c.marking, &c.releasable_to);
    }
    for l in ds.lines.iter().filter(|l| l.branch.as_ref().is_none_or(|b| in_scope(b.get_ref()))) {
        add(&l.marking, &l.releasable_to);
    }
    for q in ds.questions.iter().filter(|q| q.branch.as_ref().is_none_or(|b| in_scope(b.get_ref())))
    {
        add(&q.marking, &q.releasable_to);
    }
    let highest = present.iter().map(|(r, _)| *r).max().unwrap_or(0);
    // A document may go only where every caveated item in it may go.
    let mut caveats: Option<Vec<String>> = None;
    for (_, c) in present.iter().filter(|(_, c)| !c.is_empty()) {
        caveats = Some(match caveats {
            None => c.clone(),
            Some(prev) => prev.into_iter().filter(|x| c.contains(x)).collect(),
        });
    }
    let level = &ds.markings[highest];
    MarkingView {
        id: level.id.get_ref().clone(),
        banner: r.text(&level.banner),
        colour: level.colour.get_ref().clone(),
        releasable_to: caveats.unwrap_or_default(),
    }
}
