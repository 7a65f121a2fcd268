//! The sources a document cites: those of exactly what it shows, numbered
//! in the order they are written; and the date of the oldest figure it shows.

use std::collections::BTreeSet;

use toml::Spanned;

use super::scope::ScopeView;
use crate::dataset::age::item_date;
use crate::dataset::date::PartialDate;
use crate::dataset::model::{Figure, Source};
use crate::dataset::{CountryRef, Dataset, Ix};

/// The number of the entry of the source `figure` cites in the document's
/// list of `sources` (1 for the first), `None` when it cites none listed:
/// the number of its reference mark.
pub(super) fn reference_number(
    ds: &Dataset,
    sources: &[Ix<Source>],
    figure: Ix<Figure>,
) -> Option<usize> {
    let source = ds.figures[figure].source.as_ref()?;
    let ix = ds.sources.find(source.get_ref())?;
    sources.iter().position(|&s| s == ix).map(|n| n + 1)
}

/// The figures `view` shows: the key figures, each branch's and those its
/// charts draw, once each in that order. The numbers are the claims that
/// age; a document's other items (names, places) are checked for freshness
/// by `validate` but do not date the document.
fn shown_figures(ds: &Dataset, view: &ScopeView) -> Vec<Ix<Figure>> {
    let mut out: Vec<Ix<Figure>> = Vec::new();
    let charted = view.charts.iter().flat_map(|&c| ds.charts[c].links.figures.iter());
    let branches = view.branches.iter().flat_map(|b| b.figures.iter());
    for &f in view.figures.iter().chain(branches).chain(charted) {
        if !out.contains(&f) {
            out.push(f);
        }
    }
    out
}

/// The date of the oldest figure `view` shows, when it is not the dataset's
/// own `as_of`: a figure is as of its `as_of`, else its source's
/// `published`, else its `accessed`, else the dataset's date.
pub(super) fn oldest_figure(ds: &Dataset, view: &ScopeView) -> Option<PartialDate> {
    let dated = |f: Ix<Figure>| {
        let fig = &ds.figures[f];
        let source = fig.source.as_ref().and_then(|s| ds.sources.find(s.get_ref()));
        let source = source.map(|s| (ds.sources[s].published, ds.sources[s].accessed));
        item_date(fig.as_of, source).map_or(ds.info.as_of, |(d, _)| d)
    };
    let oldest = shown_figures(ds, view).into_iter().map(dated).min_by_key(|d| d.first_day())?;
    (oldest != ds.info.as_of).then_some(oldest)
}

/// The sources cited by what `view` shows of `ds` (already filtered for the
/// audience), in the order they are written: the `[dataset]` table, every
/// item shown, the countries those items name, and what the charts draw.
pub(super) fn cited_sources(ds: &Dataset, view: &ScopeView) -> Vec<Ix<Source>> {
    let mut cited = Cited { ds, set: BTreeSet::new() };
    cited.cite(&ds.info.source);
    cited.country(&ds.info.links.nation);
    for b in &view.branches {
        cited.cite(&ds.branches[b.branch].source);
        view_figures(&mut cited, &b.figures);
    }
    for &o in &view.operations {
        let op = &ds.operations[o];
        cited.cite(&op.source);
        for c in op.links.lead_nation.iter().chain(&op.links.host_nations) {
            cited.country(c);
        }
        if let Some(f) = op.links.formation {
            formation(&mut cited, f);
        }
    }
    for &b in &view.bases {
        base(&mut cited, b);
    }
    for &r in &view.rotations {
        cited.cite(&ds.rotations[r].source);
    }
    for &f in &view.formations {
        formation(&mut cited, f);
    }
    view_figures(&mut cited, &view.figures);
    for &e in &view.events {
        cited.cite(&ds.events[e].source);
    }
    for &t in &view.texts {
        cited.cite(&ds.texts[t].source);
    }
    for &l in &view.lines {
        cited.cite(&ds.lines[l].source);
    }
    for &q in &view.questions {
        cited.cite(&ds.questions[q].source);
    }
    for &c in &view.charts {
        let chart = &ds.charts[c];
        cited.cite(&chart.source);
        view_figures(&mut cited, &chart.links.figures);
        for &e in &chart.links.events {
            cited.cite(&ds.events[e].source);
        }
        for &o in &chart.links.operations {
            cited.cite(&ds.operations[o].source);
        }
        for &b in &chart.links.bases {
            base(&mut cited, b);
        }
        if let Some(op) = chart.links.rotations {
            for r in ds.rotations.iter().filter(|r| r.links.operation == op) {
                cited.cite(&r.source);
                base(&mut cited, r.links.base);
            }
        }
    }
    cited.set.into_iter().collect()
}

/// The sources found so far.
struct Cited<'a> {
    ds: &'a Dataset,
    set: BTreeSet<Ix<Source>>,
}

impl Cited<'_> {
    /// Adds the source an item names, if any (validation proved it exists,
    /// and the audience filter keeps it with every item that cites it).
    fn cite(&mut self, source: &Option<Spanned<String>>) {
        if let Some(ix) = source.as_ref().and_then(|s| self.ds.sources.find(s.get_ref())) {
            self.set.insert(ix);
        }
    }

    /// Adds the source of a country an item names, when the audience sees it.
    fn country(&mut self, c: &CountryRef) {
        if let CountryRef::Known(ix) = c {
            self.cite(&self.ds.countries[*ix].source);
        }
    }
}

fn view_figures(cited: &mut Cited<'_>, figures: &[Ix<crate::dataset::model::Figure>]) {
    for &f in figures {
        cited.cite(&cited.ds.figures[f].source);
    }
}

fn base(cited: &mut Cited<'_>, b: Ix<crate::dataset::model::Base>) {
    let base = &cited.ds.bases[b];
    cited.cite(&base.source);
    cited.country(&base.links.country);
}

fn formation(cited: &mut Cited<'_>, f: Ix<crate::dataset::model::Formation>) {
    let formation = &cited.ds.formations[f];
    cited.cite(&formation.source);
    if let Some(h) = &formation.links.host {
        cited.country(h);
    }
    if let Some(l) = &formation.links.lead_nation {
        cited.country(l);
    }
}
