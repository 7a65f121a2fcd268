//! The dataset as written in `data/*.toml`: one struct per kind of item.
//!
//! Every struct denies unknown fields so a typo is an error, not a silently
//! dropped fact. Fields that other items refer to, or that validation reports
//! on, are `Spanned` so errors can point at them.

use serde::Deserialize;
use toml::Spanned;

use super::age::MaxAge;
use super::date::PartialDate;
use super::text::Text;

/// A remark for the people who keep the data (`comment = "…"`): a plain
/// string or one string per language, any languages. It is never printed,
/// never in speaker notes, emitted data or ejected sources, and it is not a
/// translatable text (no language is required of it).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged, expecting = "a string, or a table of strings by language")]
pub enum Comment {
    /// One string.
    Plain(String),
    /// One string per language, as written.
    ByLanguage(indexmap::IndexMap<String, String>),
}

/// The `[dataset]` table: what the whole document set is about.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatasetInfo {
    /// Stable id of the dataset, used in PDF identifiers.
    pub id: String,
    /// Document title.
    pub title: Text,
    /// Line under the title.
    pub subtitle: Option<Text>,
    /// Short slogan for the title band.
    pub tagline: Option<Text>,
    /// One-line summary of what is deployed where.
    pub summary: Option<Text>,
    /// Country id of the contributing nation.
    pub nation: Spanned<String>,
    /// Languages the dataset offers; the first is the default.
    pub languages: Spanned<Vec<String>>,
    /// Locale each language is formatted in (`en = "en-GB"`), for dates and
    /// numbers; a language without one is formatted by its own id.
    pub locales: Option<Spanned<indexmap::IndexMap<String, String>>>,
    /// Date the facts were last checked; printed in every footer.
    pub as_of: PartialDate,
    /// How old an item may be before `validate` warns (`"12 months"`,
    /// `"2 years"`, `"90 days"`), counted back from `as_of`; absent: no limit.
    pub max_age: Option<Spanned<MaxAge>>,
    /// Who publishes the documents (printed in the footer and the masthead).
    pub publisher: Option<Text>,
    /// The publisher's emblem or logo: an SVG file inside the data folder
    /// (`emblem.svg`), printed in the masthead; absent: a neutral mark.
    pub emblem: Option<Spanned<String>>,
    /// Source id for the dataset as a whole.
    pub source: Option<Spanned<String>>,
    /// Marking of the dataset (defaults to the lowest level).
    pub marking: Option<Spanned<String>>,
    /// Releasability caveats (`["NATO"]`), printed with the banner.
    #[serde(default)]
    pub releasable_to: Vec<String>,
    /// Speaker notes for the title slide.
    pub notes: Option<Text>,
    /// The nation's own words for labels of the templates' label files (what
    /// its branches are called, "All branches", the heading of its
    /// formations), by label key; they replace the label files' generic words.
    #[serde(default)]
    pub labels: indexmap::IndexMap<Spanned<String>, Text>,
    /// A remark for the people who keep the data; never printed.
    pub comment: Option<Comment>,
}

/// A marking level (`[[marking]]`), lowest first.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkingLevel {
    /// Level id items refer to (`public`).
    pub id: Spanned<String>,
    /// Banner text printed on every page (`PUBLIC`).
    pub banner: Text,
    /// Banner colour as `#rrggbb`.
    pub colour: Spanned<String>,
    /// Handling and distribution line printed in the marking band of every
    /// page of a document at this level ("Do not forward outside …").
    pub handling: Option<Text>,
    /// Portion mark printed before paragraphs with `--portion-marks` (default: the id's first letter, upper case).
    pub portion: Option<String>,
    /// A remark for the people who keep the data; never printed.
    pub comment: Option<Comment>,
}

/// A source of facts (`[[source]]`), cited in footers.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Id items refer to with `source = "…"`.
    pub id: Spanned<String>,
    /// Title of the page or document.
    pub title: Text,
    /// Who published it.
    pub publisher: Option<Text>,
    /// Where it can be read.
    pub url: Option<String>,
    /// When it was published (or last updated by its publisher).
    pub published: Option<PartialDate>,
    /// When it was read.
    pub accessed: Option<PartialDate>,
    /// A copy of its text in the data folder (`sources/page.txt`), attached
    /// inside every PDF that cites it where the PDF standard allows (`file`).
    #[serde(rename = "file")]
    pub text_copy: Option<Spanned<String>>,
    /// Marking level id of the source itself (its title, publisher, URL);
    /// default the lowest. An item may not cite a source marked above it.
    pub marking: Option<Spanned<String>>,
    /// A remark for the people who keep the data; never printed.
    pub comment: Option<Comment>,
}

/// A country (`[[country]]`), referred to by host and lead nations and bases.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Country {
    /// Id, conventionally the ISO 3166-1 alpha-2 code (`LT`).
    pub id: Spanned<String>,
    /// Name in each language.
    pub name: Text,
    /// Where the fact comes from.
    pub source: Option<Spanned<String>>,
    /// Date the fact was last checked.
    pub as_of: Option<PartialDate>,
    /// Marking level id.
    pub marking: Option<Spanned<String>>,
    /// Releasability caveats (`["NATO"]`), printed with the banner.
    #[serde(default)]
    pub releasable_to: Vec<String>,
    /// Speaker notes.
    pub notes: Option<Text>,
    /// A remark for the people who keep the data; never printed.
    pub comment: Option<Comment>,
}

/// A service branch (`[[branch]]`): land, air, sea in the default dataset.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Branch {
    /// Id, also the scope name on the command line (`air`).
    pub id: Spanned<String>,
    /// Official name (`Air Force`).
    pub name: Text,
    /// Short form (`Air Force` for `Air and Air Defence Force`), written
    /// where the official name has no room, such as a chart's category label.
    #[serde(default)]
    pub short_name: Option<Text>,
    /// Heading of the branch section (`What does the Air Force do?`).
    pub heading: Option<Text>,
    /// One-paragraph lead.
    pub summary: Text,
    /// Further paragraphs.
    #[serde(default)]
    pub body: Vec<Text>,
    /// Where the fact comes from.
    pub source: Option<Spanned<String>>,
    /// Date the fact was last checked.
    pub as_of: Option<PartialDate>,
    /// Marking level id.
    pub marking: Option<Spanned<String>>,
    /// Releasability caveats (`["NATO"]`), printed with the banner.
    #[serde(default)]
    pub releasable_to: Vec<String>,
    /// Speaker notes.
    pub notes: Option<Text>,
    /// A remark for the people who keep the data; never printed.
    pub comment: Option<Comment>,
}

/// A multinational formation (`[[formation]]`), e.g. a NATO battlegroup,
/// whether or not the nation takes part.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Formation {
    /// Id operations refer to.
    pub id: Spanned<String>,
    /// Name (`Multinational battlegroup Lithuania`).
    pub name: Text,
    /// What kind of formation it is, in the nation's words (`battlegroup`,
    /// `brigade`, `standing maritime group`); printed with its name.
    pub kind: Option<Text>,
    /// Host country id; absent for a formation no country hosts (a maritime group).
    pub host: Option<Spanned<String>>,
    /// Lead (framework) nation country id.
    pub lead_nation: Option<Spanned<String>>,
    /// Why this is an editorial inference, not a statement of the source;
    /// absent when the source states it. Printed as a qualifier wherever the
    /// item is shown.
    pub inferred: Option<Text>,
    /// Where the fact comes from.
    pub source: Option<Spanned<String>>,
    /// Date the fact was last checked.
    pub as_of: Option<PartialDate>,
    /// Marking level id.
    pub marking: Option<Spanned<String>>,
    /// Releasability caveats (`["NATO"]`), printed with the banner.
    #[serde(default)]
    pub releasable_to: Vec<String>,
    /// Speaker notes.
    pub notes: Option<Text>,
    /// A remark for the people who keep the data; never printed.
    pub comment: Option<Comment>,
}

/// An operation or mission the nation contributes to (`[[operation]]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Operation {
    /// Id other items refer to.
    pub id: Spanned<String>,
    /// Name as the organisation writes it (`Baltic Air Policing`).
    pub name: Text,
    /// Short form for tables and charts (`BAP`).
    pub short_name: Option<Text>,
    /// Branch id that carries it.
    pub branch: Spanned<String>,
    /// Organisation in charge (`NATO`).
    pub organisation: Option<Text>,
    /// Formation the contribution is part of.
    pub formation: Option<Spanned<String>>,
    /// Lead nation country id (when not given by the formation).
    pub lead_nation: Option<Spanned<String>>,
    /// Host country ids.
    #[serde(default)]
    pub host_nations: Vec<Spanned<String>>,
    /// Base ids used.
    #[serde(default)]
    pub bases: Vec<Spanned<String>>,
    /// Start of the operation, or of the nation's part in it; absent when unknown.
    pub start: Option<Spanned<PartialDate>>,
    /// End; absent while ongoing.
    pub end: Option<Spanned<PartialDate>>,
    /// Region or area (`Baltic Sea`).
    pub area: Option<Text>,
    /// What it is for, in one paragraph.
    pub summary: Text,
    /// Assets and people the nation itself contributes (`F-16 fighter
    /// jets`): what the documents list and count as its contribution.
    #[serde(default)]
    pub assets: Vec<Text>,
    /// What the operation as a whole uses, as the source gives it (`frigates`):
    /// context, never listed or counted as the nation's contribution.
    #[serde(default)]
    pub means: Vec<Text>,
    /// Why this is an editorial inference, not a statement of the source;
    /// absent when the source states it. Printed as a qualifier wherever the
    /// item is shown.
    pub inferred: Option<Text>,
    /// Where the fact comes from.
    pub source: Option<Spanned<String>>,
    /// Date the fact was last checked.
    pub as_of: Option<PartialDate>,
    /// Marking level id.
    pub marking: Option<Spanned<String>>,
    /// Releasability caveats (`["NATO"]`), printed with the banner.
    #[serde(default)]
    pub releasable_to: Vec<String>,
    /// Speaker notes.
    pub notes: Option<Text>,
    /// A remark for the people who keep the data; never printed.
    pub comment: Option<Comment>,
}

/// A base or location (`[[base]]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Base {
    /// Id operations refer to.
    pub id: Spanned<String>,
    /// Local name with diacritics (`Šiauliai`).
    pub name: Text,
    /// Short form for maps and charts where the full name has no room (`Câmpia Turzii`).
    pub short_name: Option<Text>,
    /// Country id.
    pub country: Spanned<String>,
    /// Latitude in degrees north (−90..=90).
    pub lat: Option<Spanned<f64>>,
    /// Longitude in degrees east (−180..=180).
    pub lon: Option<Spanned<f64>>,
    /// Why the base (or where it is) is an editorial inference, not a
    /// statement of the source; printed as a qualifier wherever it is shown.
    pub inferred: Option<Text>,
    /// Where the fact comes from.
    pub source: Option<Spanned<String>>,
    /// Date the fact was last checked.
    pub as_of: Option<PartialDate>,
    /// Marking level id.
    pub marking: Option<Spanned<String>>,
    /// Releasability caveats (`["NATO"]`), printed with the banner.
    #[serde(default)]
    pub releasable_to: Vec<String>,
    /// Speaker notes.
    pub notes: Option<Text>,
    /// A remark for the people who keep the data; never printed.
    pub comment: Option<Comment>,
}

/// Deployments of one operation from one base (`[[rotation]]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rotation {
    /// Operation id.
    pub operation: Spanned<String>,
    /// Base id.
    pub base: Spanned<String>,
    /// How many rotations (≥ 0).
    pub count: Spanned<i64>,
    /// Period the count covers, as text (`2004–2024`).
    pub period: Option<Text>,
    /// Where the fact comes from.
    pub source: Option<Spanned<String>>,
    /// Date the fact was last checked.
    pub as_of: Option<PartialDate>,
    /// Marking level id.
    pub marking: Option<Spanned<String>>,
    /// Releasability caveats (`["NATO"]`), printed with the banner.
    #[serde(default)]
    pub releasable_to: Vec<String>,
    /// Speaker notes.
    pub notes: Option<Text>,
    /// A remark for the people who keep the data; never printed.
    pub comment: Option<Comment>,
}

/// How exact a figure is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    /// The value as stated.
    #[default]
    Exact,
    /// Roughly the value.
    About,
    /// A little under the value.
    Almost,
    /// More than the value.
    Over,
}

/// A key figure (`[[figure]]`): a number with a label.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    /// Id charts refer to.
    pub id: Spanned<String>,
    /// Number (≥ 0), as the source states it; absent for a figure that
    /// counts items (`counted`).
    pub value: Option<Spanned<f64>>,
    /// The items a derived figure counts: its value is their number,
    /// computed, never typed in.
    pub counted: Option<Spanned<Counted>>,
    /// What is counted, read after the number (`interceptions`).
    pub label: Text,
    /// Unit printed after the number (`%`, `km`); empty for counts.
    pub unit: Option<Text>,
    /// How exact the value is.
    #[serde(default)]
    pub qualifier: Qualifier,
    /// Period the figure covers, as text (`in twenty years`).
    pub period: Option<Text>,
    /// Branch id (derived from `operation` when absent).
    pub branch: Option<Spanned<String>>,
    /// Operation id.
    pub operation: Option<Spanned<String>>,
    /// Shown among the headline figures of the combined documents.
    #[serde(default)]
    pub highlight: bool,
    /// Why this is an editorial inference, not a statement of the source;
    /// absent when the source states it. Printed as a qualifier wherever the
    /// item is shown.
    pub inferred: Option<Text>,
    /// Where the fact comes from.
    pub source: Option<Spanned<String>>,
    /// Date the fact was last checked.
    pub as_of: Option<PartialDate>,
    /// Marking level id.
    pub marking: Option<Spanned<String>>,
    /// Releasability caveats (`["NATO"]`), printed with the banner.
    #[serde(default)]
    pub releasable_to: Vec<String>,
    /// Speaker notes.
    pub notes: Option<Text>,
    /// A remark for the people who keep the data; never printed.
    pub comment: Option<Comment>,
}

impl Figure {
    /// The figure's number: the count of the items it counts, else its value.
    pub fn number(&self) -> f64 {
        match (&self.counted, &self.value) {
            (Some(c), _) => c.get_ref().len() as f64,
            (None, Some(v)) => *v.get_ref(),
            (None, None) => 0.0,
        }
    }
}

/// The items a derived figure counts (`counted = { operations = […] }`), by
/// kind; each must exist and cite a source.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Counted {
    /// Operation ids.
    #[serde(default)]
    pub operations: Vec<Spanned<String>>,
    /// Base ids.
    #[serde(default)]
    pub bases: Vec<Spanned<String>>,
    /// Formation ids.
    #[serde(default)]
    pub formations: Vec<Spanned<String>>,
}

impl Counted {
    /// How many items are counted.
    pub fn len(&self) -> usize {
        self.operations.len() + self.bases.len() + self.formations.len()
    }

    /// Whether nothing is listed.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A dated event on the timeline (`[[event]]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// Id charts refer to.
    pub id: Spanned<String>,
    /// When, with the precision known.
    pub date: Spanned<PartialDate>,
    /// What happened, in a few words.
    pub title: Text,
    /// One or two sentences more.
    pub text: Option<Text>,
    /// Branch id, when the event belongs to one.
    pub branch: Option<Spanned<String>>,
    /// Operation id, when the event belongs to one.
    pub operation: Option<Spanned<String>>,
    /// Where the fact comes from.
    pub source: Option<Spanned<String>>,
    /// Date the fact was last checked.
    pub as_of: Option<PartialDate>,
    /// Marking level id.
    pub marking: Option<Spanned<String>>,
    /// Releasability caveats (`["NATO"]`), printed with the banner.
    #[serde(default)]
    pub releasable_to: Vec<String>,
    /// Speaker notes.
    pub notes: Option<Text>,
    /// A remark for the people who keep the data; never printed.
    pub comment: Option<Comment>,
}

/// Where a context text belongs in a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    /// Why the missions exist.
    Background,
    /// What the nation does and why.
    Mission,
    /// What is at stake.
    Stakes,
}

/// A block of context prose (`[[text]]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContextText {
    /// Id, unique among texts.
    pub id: Spanned<String>,
    /// Section it belongs to.
    pub section: Section,
    /// Sub-heading, if any.
    pub title: Option<Text>,
    /// Paragraphs.
    pub body: Vec<Text>,
    /// Where the fact comes from.
    pub source: Option<Spanned<String>>,
    /// Date the fact was last checked.
    pub as_of: Option<PartialDate>,
    /// Marking level id.
    pub marking: Option<Spanned<String>>,
    /// Releasability caveats (`["NATO"]`), printed with the banner.
    #[serde(default)]
    pub releasable_to: Vec<String>,
    /// Speaker notes.
    pub notes: Option<Text>,
    /// A remark for the people who keep the data; never printed.
    pub comment: Option<Comment>,
}

/// What a chart draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChartKind {
    /// Bars from `figures`, or from the rotations of one operation per base.
    Bar,
    /// Operations as bars over the years, with events as markers.
    Timeline,
    /// Countries, formations and bases on a map.
    Map,
    /// Operations and assets compared across branches.
    Overview,
}

/// A label for a sea or region on a map.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MapLabel {
    /// The name printed.
    pub name: Text,
    /// Longitude of the label's centre.
    pub lon: f64,
    /// Latitude of the label's centre.
    pub lat: f64,
}

/// A chart declared in the data (`[[chart]]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Chart {
    /// Id; also the file name of `briefing charts` exports.
    pub id: Spanned<String>,
    /// What it draws.
    pub kind: ChartKind,
    /// Title printed above the chart.
    pub title: Text,
    /// Caption printed below it.
    pub caption: Option<Text>,
    /// Alternative text for screen readers; generated from the data when absent.
    pub alt: Option<Text>,
    /// Branch whose documents show the chart; absent: the combined documents.
    pub branch: Option<Spanned<String>>,
    /// Bar charts: figure ids, one bar each.
    #[serde(default)]
    pub figures: Vec<Spanned<String>>,
    /// Bar charts: an operation id whose rotations give one bar per base.
    pub rotations: Option<Spanned<String>>,
    /// Timelines: operation ids to draw (default: every operation in scope).
    #[serde(default)]
    pub operations: Vec<Spanned<String>>,
    /// Timelines: event ids to mark (default: every event in scope).
    #[serde(default)]
    pub events: Vec<Spanned<String>>,
    /// Timelines: first year shown (default: the earliest date drawn).
    pub from: Option<PartialDate>,
    /// Maps: longitude range `[west, east]`.
    pub lon: Option<Spanned<Vec<f64>>>,
    /// Maps: latitude range `[south, north]`.
    pub lat: Option<Spanned<Vec<f64>>>,
    /// Maps: base ids to mark (default: bases of the operations in scope).
    #[serde(default)]
    pub bases: Vec<Spanned<String>>,
    /// Maps: sea and region names to print.
    #[serde(default)]
    pub labels: Vec<MapLabel>,
    /// Which charts a fact sheet shows first when not all of them find room:
    /// 1 is shown first (default by kind: map 1, bar and overview 2, timeline 3).
    pub priority: Option<Spanned<u32>>,
    /// Where the fact comes from.
    pub source: Option<Spanned<String>>,
    /// Date the fact was last checked.
    pub as_of: Option<PartialDate>,
    /// Marking level id.
    pub marking: Option<Spanned<String>>,
    /// Releasability caveats (`["NATO"]`), printed with the banner.
    #[serde(default)]
    pub releasable_to: Vec<String>,
    /// Speaker notes.
    pub notes: Option<Text>,
    /// A remark for the people who keep the data; never printed.
    pub comment: Option<Comment>,
}

/// A line to take (`[[line]]`): what briefers say on a subject; usually internal.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineToTake {
    /// Id, unique among lines.
    pub id: Spanned<String>,
    /// Branch it belongs to; absent: the whole contribution.
    pub branch: Option<Spanned<String>>,
    /// The line itself.
    pub text: Text,
    /// Where the fact comes from.
    pub source: Option<Spanned<String>>,
    /// Date the fact was last checked.
    pub as_of: Option<PartialDate>,
    /// Marking level id.
    pub marking: Option<Spanned<String>>,
    /// Releasability caveats (`["NATO"]`), printed with the banner.
    #[serde(default)]
    pub releasable_to: Vec<String>,
    /// Speaker notes.
    pub notes: Option<Text>,
    /// A remark for the people who keep the data; never printed.
    pub comment: Option<Comment>,
}

/// An anticipated question with a suggested answer (`[[question]]`); usually internal.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Id, unique among questions.
    pub id: Spanned<String>,
    /// Branch it belongs to; absent: the whole contribution.
    pub branch: Option<Spanned<String>>,
    /// The question as a journalist or visitor would ask it.
    pub question: Text,
    /// The suggested answer.
    pub answer: Text,
    /// Where the fact comes from.
    pub source: Option<Spanned<String>>,
    /// Date the fact was last checked.
    pub as_of: Option<PartialDate>,
    /// Marking level id.
    pub marking: Option<Spanned<String>>,
    /// Releasability caveats (`["NATO"]`), printed with the banner.
    #[serde(default)]
    pub releasable_to: Vec<String>,
    /// Speaker notes.
    pub notes: Option<Text>,
    /// A remark for the people who keep the data; never printed.
    pub comment: Option<Comment>,
}
