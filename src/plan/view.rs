//! The values a template sees: `DocumentData` and its parts, plain strings,
//! numbers and lists already resolved for one scope and language.

use indexmap::IndexMap;
use serde::Serialize;

use super::charts;
use super::{HandoutSettings, Kind};
use crate::dataset::date::Precision;

/// Everything a template needs, as plain strings and lists: the only thing
/// templates ever see of the dataset.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentData {
    /// About this document.
    pub document: DocumentMeta,
    /// Words of the page furniture in this language.
    pub labels: IndexMap<String, String>,
    /// Words of the web pages the dataset's own label file gives for this
    /// language (over `templates/web/words.toml`); not a template value.
    #[serde(skip)]
    pub web_words: IndexMap<String, String>,
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
    /// The bases of the scope's branches, once each in order of first use,
    /// with the operations joined and the rotations added up.
    pub bases: Vec<BaseView>,
    /// The multinational formations the scope shows (with the nation's
    /// participation marked): all on a combined document, on a branch
    /// document all or none.
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
    /// For handouts: how the deck's slides are laid out.
    pub handout: Option<HandoutSettings>,
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
    /// The language's locale tag (`en-GB`), for the PDF's `/Lang`.
    pub locale: String,
    /// Title for the PDF metadata.
    pub title: String,
    /// As-of date, formatted.
    pub as_of: String,
    /// As-of date, ISO.
    pub as_of_iso: String,
    /// As-of date of the oldest figure shown, formatted; empty when it is
    /// the document's own as-of date (see `plan::cited::oldest_figure`).
    pub oldest_figure: String,
    /// Publisher line.
    pub publisher: String,
    /// Name of the contributing nation.
    pub nation: String,
    /// Where the publisher's emblem (`[dataset] emblem`, an SVG) is served to
    /// the templates; empty when the dataset has none (the masthead then
    /// draws a neutral mark).
    pub emblem: String,
    /// The names of every country the dataset knows, in the document's
    /// language: names the templates keep whole in running text.
    pub countries: Vec<String>,
    /// Banner of the highest marking present in the document.
    pub marking: MarkingView,
    /// Marking level id of the audience the document is for.
    pub audience: String,
    /// Whether to print a DRAFT watermark.
    pub draft: bool,
    /// Most pages the document should take (fact sheets: 2 for a branch, 4
    /// combined); `None` for documents that take what they need.
    pub page_budget: Option<usize>,
    /// "and N more" for each N from 0 to the longest list of the dataset,
    /// in the language's plural: the line under a list a fact sheet cuts to
    /// keep its page budget.
    pub more: Vec<String>,
}

/// A marking banner.
#[derive(Debug, Clone, Serialize)]
pub struct MarkingView {
    /// Level id.
    pub id: String,
    /// Banner text.
    pub banner: String,
    /// `#rrggbb`.
    pub colour: String,
    /// `#rrggbb` of text set on `colour`: white or black, whichever reads
    /// better (WCAG contrast).
    pub on_colour: String,
    /// Whether the level is above the lowest: such a document carries the
    /// marking as a band on every page and in its PDF title.
    pub marked: bool,
    /// The level's handling and distribution line; may be empty.
    pub handling: String,
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
    /// Number of its source's entry in `sources` (its reference mark); 0 when it cites none.
    pub source: usize,
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
    /// Why the figure is an editorial inference; empty when the source states it.
    pub inferred: String,
    /// The items a derived figure counts (its value is their number), as
    /// printed under it (`Counted: Šiauliai, Ämari, Malbork`); empty for a
    /// figure its source states.
    pub counted: String,
    /// The inference qualifier as printed under the figure
    /// (`† Inferred: <why>`); empty when the source states it.
    pub inferred_note: String,
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
    /// What the nation itself contributes (listed and counted as ours).
    pub assets: Vec<String>,
    /// What the operation as a whole uses: context, never ours.
    pub means: Vec<String>,
    /// Why the item is an editorial inference; empty when the source states it.
    pub inferred: String,
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
    /// Rotations from this base, summed over operations; `None` when the
    /// data records none (unknown, printed as a dash), unlike a recorded 0.
    pub rotations: Option<i64>,
    /// Operation names using the base.
    pub operations: Vec<String>,
    /// The same operations as a table lists them, in the same order: each by
    /// its short name where it has one (empty where the name is).
    pub operations_short: Vec<String>,
    /// Why the base is an editorial inference; empty when the source names it.
    pub inferred: String,
}

/// A multinational formation.
#[derive(Debug, Clone, Serialize)]
pub struct FormationView {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Host country name, empty for a formation no country hosts.
    pub host: String,
    /// What kind of formation it is (`battlegroup`), may be empty.
    pub kind: String,
    /// Lead nation name, may be empty.
    pub lead_nation: String,
    /// Whether the nation contributes to it (an operation refers to it).
    pub participating: bool,
    /// Why the formation's facts are an editorial inference; empty when the source states them.
    pub inferred: String,
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
    /// Its number in the document's list (1 for the first), as reference marks cite it.
    pub number: usize,
    /// Title.
    pub title: String,
    /// Publisher, may be empty.
    pub publisher: String,
    /// Publication date, formatted; may be empty.
    pub published: String,
    /// URL, may be empty.
    pub url: String,
    /// Date it was read, formatted; may be empty.
    pub accessed: String,
    /// Virtual path of the copy of its text, to attach to the PDF; empty
    /// when the data holds none.
    pub attachment: String,
}
