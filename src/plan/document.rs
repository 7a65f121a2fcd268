//! The data of one document: the dataset resolved for a scope and a language.

use super::scope::{BranchScope, ScopeView};
use super::view::*;
use super::{HandoutSettings, Kind, Locale};
use crate::dataset::model::{
    Base, Branch, Figure, Formation, LineToTake, Operation, Question, Section, Source,
};
use crate::dataset::text::Text;
use crate::dataset::{CountryRef, Dataset, Ix};

/// Picks one language's words from a translatable text, else the first language's.
pub(super) struct Resolver<'a> {
    pub(super) lang: &'a str,
    pub(super) fallback: &'a str,
}

impl Resolver<'_> {
    pub(super) fn text(&self, t: &Text) -> String {
        t.get(self.lang)
            .or_else(|| t.get(self.fallback))
            .or_else(|| t.variants().into_iter().next())
            .unwrap_or_default()
            .to_owned()
    }
    pub(super) fn opt(&self, t: &Option<Text>) -> String {
        t.as_ref().map(|t| self.text(t)).unwrap_or_default()
    }
}

/// What planning decided about a document before its data is written out:
/// its kind, its charts as the template sees them, its banner, and the
/// settings of the selection.
pub(super) struct DocumentSettings<'a> {
    pub(super) kind: Kind,
    pub(super) lang: &'a str,
    pub(super) fallback: &'a str,
    pub(super) portion_marks: bool,
    pub(super) draft: bool,
    /// Marking level id of the audience.
    pub(super) audience: String,
    /// The banner of the highest marking among what the document shows.
    pub(super) marking: MarkingView,
    /// The charts shown, planned and sized.
    pub(super) charts: Vec<super::charts::ChartView>,
    /// For a handout: how its deck's slides are laid out.
    pub(super) handout: Option<HandoutSettings>,
}

/// Everything one document shows, resolved for the scope of `view` and the
/// language of `settings`: the finished data its template reads.
pub(super) fn document_data(
    ds: &Dataset,
    view: &ScopeView,
    locale: &Locale,
    settings: DocumentSettings,
) -> DocumentData {
    let DocumentSettings { kind, lang, fallback, portion_marks, .. } = settings;
    let w = Writer { ds, view, locale, r: Resolver { lang, fallback }, portion_marks };
    let branches: Vec<BranchView> = view.branches.iter().map(|b| w.branch(b)).collect();
    let figures = if view.combined {
        view.figures.iter().map(|&f| w.figure(f)).collect()
    } else {
        branches.iter().flat_map(|b| b.figures.clone()).collect()
    };
    let bases = merged_bases(&branches);
    let formations = w.formations(&branches);
    DocumentData {
        document: w.meta(kind, &branches, settings.marking, settings.audience, settings.draft),
        labels: locale.labels.clone(),
        web_words: locale.web.clone(),
        headline: w.headline(),
        figures,
        background: w.texts(Section::Background),
        mission: w.texts(Section::Mission),
        stakes: w.texts(Section::Stakes),
        branches,
        bases,
        formations,
        timeline: w.timeline(),
        sources: view.sources.iter().enumerate().map(|(n, &s)| w.source(s, n + 1)).collect(),
        charts: settings.charts,
        lines: view.lines.iter().map(|&l| w.line(l)).collect(),
        questions: view.questions.iter().map(|&q| w.question(q)).collect(),
        handout: settings.handout,
    }
}

/// The bases of several branches as one list, as the closing tables show
/// them: a base used by more than one branch appears once, at its first
/// use, with the operations joined (blank names left out, a name already
/// listed not repeated) and the rotations added up.
fn merged_bases(branches: &[BranchView]) -> Vec<BaseView> {
    let mut merged: Vec<BaseView> = Vec::new();
    for base in branches.iter().flat_map(|b| &b.bases) {
        let named = base
            .operations
            .iter()
            .zip(&base.operations_short)
            .filter(|(o, _)| !o.trim().is_empty());
        match merged.iter_mut().find(|m| m.id == base.id) {
            Some(m) => {
                for (o, short) in named {
                    if !m.operations.contains(o) {
                        m.operations.push(o.clone());
                        m.operations_short.push(short.clone());
                    }
                }
                m.rotations = match (m.rotations, base.rotations) {
                    (Some(a), Some(b)) => Some(a + b),
                    (a, b) => a.or(b),
                };
            }
            None => {
                let (operations, operations_short) =
                    named.map(|(o, s)| (o.clone(), s.clone())).unzip();
                merged.push(BaseView { operations, operations_short, ..base.clone() })
            }
        }
    }
    merged
}

/// Turns the items of one scope into the values of one language.
struct Writer<'a> {
    ds: &'a Dataset,
    view: &'a ScopeView,
    locale: &'a Locale,
    r: Resolver<'a>,
    portion_marks: bool,
}

impl Writer<'_> {
    /// The portion mark (`(P)`) of an item of rank `rank`, when asked for.
    fn portion(&self, rank: usize) -> String {
        if !self.portion_marks {
            return String::new();
        }
        let level = &self.ds.markings[rank];
        let mark = level.portion.clone().unwrap_or_else(|| {
            level.id.get_ref().chars().take(1).collect::<String>().to_uppercase()
        });
        format!("({mark})")
    }

    /// A country's name; a country withheld from the audience by its id.
    fn country(&self, c: &CountryRef) -> String {
        self.ds.country_name(c, |t| self.r.text(t))
    }

    /// A branch's id, or empty for none.
    fn branch_id(&self, b: Option<Ix<Branch>>) -> String {
        b.map(|b| self.ds.branches[b].id.get_ref().clone()).unwrap_or_default()
    }

    fn figure(&self, ix: Ix<Figure>) -> FigureView {
        let (f, r, locale) = (&self.ds.figures[ix], &self.r, self.locale);
        FigureView {
            id: f.id.get_ref().clone(),
            source: super::cited::reference_number(self.ds, &self.view.sources, ix).unwrap_or(0),
            value: locale.number(f.number()),
            number: f.number(),
            qualifier: locale.qualifier(f.qualifier),
            unit: r.opt(&f.unit),
            label: r.text(&f.label),
            period: r.opt(&f.period),
            branch: self.branch_id(f.links.branch),
            inferred: r.opt(&f.inferred),
            counted: self.qualified("counted", self.counted(&f.links).join(", ")),
            inferred_note: match self.qualified("inferred", r.opt(&f.inferred)) {
                s if s.is_empty() => s,
                s => format!("† {s}"),
            },
        }
    }

    /// `<label>: <text>` in the locale's words, or empty when `text` is.
    fn qualified(&self, key: &str, text: String) -> String {
        if text.trim().is_empty() {
            return String::new();
        }
        format!("{}{}{text}", self.locale.label(key), self.locale.label("colon"))
    }

    /// The names of the items a derived figure counts, in the order listed.
    fn counted(&self, links: &crate::dataset::links::FigureLinks) -> Vec<String> {
        let ds = self.ds;
        let ops = links.counted_operations.iter().map(|&o| {
            let o = &ds.operations[o];
            match self.r.opt(&o.short_name) {
                s if s.trim().is_empty() => self.r.text(&o.name),
                s => s,
            }
        });
        let bases = links.counted_bases.iter().map(|&b| self.r.text(&ds.bases[b].name));
        let formations =
            links.counted_formations.iter().map(|&f| self.r.text(&ds.formations[f].name));
        ops.chain(bases).chain(formations).collect()
    }

    fn branch(&self, scope: &BranchScope) -> BranchView {
        let (b, r) = (&self.ds.branches[scope.branch], &self.r);
        BranchView {
            id: b.id.get_ref().clone(),
            name: r.text(&b.name),
            heading: b.heading.as_ref().map(|h| r.text(h)).unwrap_or_else(|| r.text(&b.name)),
            summary: r.text(&b.summary),
            body: b.body.iter().map(|p| r.text(p)).collect(),
            operations: scope.operations.iter().map(|&o| self.operation(o)).collect(),
            bases: scope.bases.iter().map(|&base| self.base(base, &scope.operations)).collect(),
            notes: r.opt(&b.notes),
            portion: self.portion(b.rank),
            figures: scope.figures.iter().map(|&f| self.figure(f)).collect(),
        }
    }

    fn operation(&self, ix: Ix<Operation>) -> OperationView {
        let (ds, r, locale) = (self.ds, &self.r, self.locale);
        let o = &ds.operations[ix];
        let formation = o.links.formation.map(|f| &ds.formations[f]);
        let lead =
            o.links.lead_nation.as_ref().or(formation.and_then(|f| f.links.lead_nation.as_ref()));
        let mut hosts: Vec<String> = o.links.host_nations.iter().map(|h| self.country(h)).collect();
        if hosts.is_empty()
            && let Some(f) = formation
        {
            hosts.extend(f.links.host.as_ref().map(|h| self.country(h)));
        }
        OperationView {
            id: o.id.get_ref().clone(),
            name: r.text(&o.name),
            short_name: r.opt(&o.short_name),
            organisation: r.opt(&o.organisation),
            formation: formation.map(|f| r.text(&f.name)).unwrap_or_default(),
            lead_nation: lead.map(|l| self.country(l)).unwrap_or_default(),
            host_nations: hosts,
            bases: o.links.bases.iter().map(|&b| r.text(&ds.bases[b].name)).collect(),
            start: o.start.as_ref().map(|d| locale.date(d.get_ref())).unwrap_or_default(),
            end: o.end.as_ref().map(|d| locale.date(d.get_ref())).unwrap_or_default(),
            ongoing: o.end.is_none(),
            area: r.opt(&o.area),
            summary: r.text(&o.summary),
            assets: o.assets.iter().map(|a| r.text(a)).collect(),
            means: o.means.iter().map(|a| r.text(a)).collect(),
            inferred: r.opt(&o.inferred),
            notes: r.opt(&o.notes),
            portion: self.portion(o.rank),
        }
    }

    /// A base as one branch uses it: rotations and operations of `ops` only.
    fn base(&self, ix: Ix<Base>, ops: &[Ix<Operation>]) -> BaseView {
        let (ds, locale) = (self.ds, self.locale);
        let base = &ds.bases[ix];
        let rotations = self
            .view
            .rotations
            .iter()
            .map(|&rt| &ds.rotations[rt])
            .filter(|rt| rt.links.base == ix && ops.contains(&rt.links.operation))
            .map(|rt| *rt.count.get_ref())
            .reduce(|a, b| a + b);
        // The operations using the base: (name, what a table shows for it).
        let using: Vec<(String, String)> = ops
            .iter()
            .map(|&o| &ds.operations[o])
            .filter(|o| o.links.bases.contains(&ix))
            .map(|o| {
                let (name, short) = (self.r.text(&o.name), self.r.opt(&o.short_name));
                let shown = match () {
                    _ if name.trim().is_empty() => String::new(),
                    _ if short.trim().is_empty() => name.clone(),
                    _ => short,
                };
                (name, shown)
            })
            .collect();
        let lat = base.lat.as_ref().map(|v| *v.get_ref());
        let lon = base.lon.as_ref().map(|v| *v.get_ref());
        BaseView {
            id: base.id.get_ref().clone(),
            name: self.r.text(&base.name),
            country: self.country(&base.links.country),
            lat,
            lon,
            coordinates: match (lat, lon) {
                (Some(la), Some(lo)) => locale.coordinates(la, lo),
                _ => String::new(),
            },
            rotations,
            operations: using.iter().map(|(name, _)| name.clone()).collect(),
            operations_short: using.into_iter().map(|(_, short)| short).collect(),
            inferred: self.r.opt(&base.inferred),
        }
    }

    fn texts(&self, section: Section) -> Vec<TextView> {
        let r = &self.r;
        self.view
            .texts
            .iter()
            .map(|&t| &self.ds.texts[t])
            .filter(|t| t.section == section)
            .map(|t| TextView {
                id: t.id.get_ref().clone(),
                title: r.opt(&t.title),
                body: t.body.iter().map(|p| r.text(p)).collect(),
                notes: r.opt(&t.notes),
                portion: self.portion(t.rank),
            })
            .collect()
    }

    /// The scope's events, oldest first.
    fn timeline(&self) -> Vec<EventView> {
        let (r, locale) = (&self.r, self.locale);
        let mut events: Vec<_> = self.view.events.iter().map(|&e| &self.ds.events[e]).collect();
        // A date known only to the year sorts after the precise dates of that year
        // ("2004" after "2004-03-29"); the stable sort keeps the written order of ties.
        events.sort_by_key(|e| {
            let d = e.date.get_ref();
            (d.year, d.month.unwrap_or(13), d.day.unwrap_or(32))
        });
        events
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
                    branch: self.branch_id(e.links.branch),
                    notes: r.opt(&e.notes),
                }
            })
            .collect()
    }

    /// The formations the scope shows. On a branch document they come with
    /// an operation's formation named in this language (a blank name does
    /// not count), as the templates decided before planning did.
    fn formations(&self, branches: &[BranchView]) -> Vec<FormationView> {
        let ds = self.ds;
        let named =
            branches.iter().flat_map(|b| &b.operations).any(|o| !o.formation.trim().is_empty());
        if !self.view.combined && !named {
            return Vec::new();
        }
        // Participation is the nation's, whatever the scope.
        let participating: Vec<Ix<Formation>> =
            ds.operations.iter().filter_map(|o| o.links.formation).collect();
        self.view
            .formations
            .iter()
            .map(|&ix| {
                let f = &ds.formations[ix];
                FormationView {
                    id: f.id.get_ref().clone(),
                    name: self.r.text(&f.name),
                    host: f.links.host.as_ref().map(|h| self.country(h)).unwrap_or_default(),
                    kind: self.r.opt(&f.kind),
                    lead_nation: f
                        .links
                        .lead_nation
                        .as_ref()
                        .map(|l| self.country(l))
                        .unwrap_or_default(),
                    participating: participating.contains(&ix),
                    inferred: self.r.opt(&f.inferred),
                }
            })
            .collect()
    }

    fn source(&self, ix: Ix<Source>, number: usize) -> SourceView {
        let s = &self.ds.sources[ix];
        let date = |d: &Option<crate::dataset::date::PartialDate>| {
            d.as_ref().map(|d| self.locale.date(d)).unwrap_or_default()
        };
        SourceView {
            id: s.id.get_ref().clone(),
            number,
            title: self.r.text(&s.title),
            publisher: self.r.opt(&s.publisher),
            published: date(&s.published),
            url: s.url.clone().unwrap_or_default(),
            accessed: date(&s.accessed),
            attachment: self
                .ds
                .source_files
                .get(s.id.get_ref())
                .map(|(file, _)| crate::served::source_file(s.id.get_ref(), file))
                .unwrap_or_default(),
        }
    }

    fn line(&self, ix: Ix<LineToTake>) -> LineView {
        let l = &self.ds.lines[ix];
        LineView {
            id: l.id.get_ref().clone(),
            branch: self.branch_id(l.links.branch),
            text: self.r.text(&l.text),
            notes: self.r.opt(&l.notes),
            portion: self.portion(l.rank),
        }
    }

    fn question(&self, ix: Ix<Question>) -> QuestionView {
        let q = &self.ds.questions[ix];
        QuestionView {
            id: q.id.get_ref().clone(),
            branch: self.branch_id(q.links.branch),
            question: self.r.text(&q.question),
            answer: self.r.text(&q.answer),
            notes: self.r.opt(&q.notes),
            portion: self.portion(q.rank),
        }
    }

    fn headline(&self) -> Headline {
        let (info, r) = (&self.ds.info, &self.r);
        Headline {
            title: r.text(&info.title),
            subtitle: r.opt(&info.subtitle),
            tagline: r.opt(&info.tagline),
            summary: r.opt(&info.summary),
            notes: r.opt(&info.notes),
        }
    }

    /// About the document, with what planning decided apart: its banner,
    /// its audience and whether it is a draft.
    fn meta(
        &self,
        kind: Kind,
        branches: &[BranchView],
        marking: MarkingView,
        audience: String,
        draft: bool,
    ) -> DocumentMeta {
        let (ds, r, locale, combined) = (self.ds, &self.r, self.locale, self.view.combined);
        let scope_name = if combined {
            locale.labels.get("combined").cloned().unwrap_or_default()
        } else {
            branches.first().map(|b| b.name.clone()).unwrap_or_default()
        };
        let title = r.text(&ds.info.title);
        DocumentMeta {
            kind,
            scope: self.view.scope.clone(),
            title: if combined { title } else { format!("{title} — {scope_name}") },
            scope_name,
            combined,
            lang: r.lang.to_owned(),
            locale: super::i18n::locale_tag(ds, r.lang).to_owned(),
            as_of: locale.date(&ds.info.as_of),
            as_of_iso: ds.info.as_of.to_string(),
            oldest_figure: super::cited::oldest_figure(ds, self.view)
                .map(|d| locale.date(&d))
                .unwrap_or_default(),
            publisher: r.opt(&ds.info.publisher),
            nation: self.country(&ds.info.links.nation),
            emblem: if ds.emblem.is_some() {
                crate::served::EMBLEM.to_owned()
            } else {
                String::new()
            },
            countries: ds.countries.iter().map(|c| r.text(&c.name)).collect(),
            marking,
            audience,
            draft,
            page_budget: match kind {
                Kind::Factsheet if combined => Some(4),
                Kind::Factsheet => Some(2),
                Kind::Deck | Kind::Handout => None,
            },
            more: match kind {
                Kind::Factsheet => {
                    let longest =
                        [ds.bases.len(), ds.operations.len(), ds.formations.len(), ds.events.len()];
                    let longest = longest.into_iter().max().unwrap_or(0);
                    (0..=longest).map(|n| locale.more(n as u64)).collect()
                }
                Kind::Deck | Kind::Handout => Vec::new(),
            },
        }
    }
}
