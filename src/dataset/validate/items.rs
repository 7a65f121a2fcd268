//! The references and values of each kind of item, checked in written order of kinds.

use std::collections::BTreeMap;
use std::sync::Arc;

use toml::Spanned;

use super::Known;
use super::checks::{MAX_LAT, MAX_LON, Validator, header, num};
use crate::dataset::load::{Located, RawDataset};
use crate::dataset::model::{Base, Chart, Figure};
use crate::diag::Diagnostic;
use crate::diag::SourceText;

/// Checks every item's references and values (after the `[dataset]` table's).
pub(super) fn check_items(v: &mut Validator, raw: &RawDataset, known: &Known) {
    organisation(v, raw, known);
    facts(v, raw, known);
    charts(v, raw, known);
    internal(v, raw, known);
}

/// The references every item may have: its source and its marking level.
pub(super) fn common(
    v: &mut Validator,
    known: &Known,
    file: &Arc<SourceText>,
    source: &Option<Spanned<String>>,
    marking: &Option<Spanned<String>>,
) {
    if let Some(s) = source {
        v.reference(file, "source", &known.sources, s);
    }
    if let Some(m) = marking {
        v.reference(file, "marking", &known.markings, m);
    }
}

/// Countries, branches, formations, operations, bases and rotations.
fn organisation(v: &mut Validator, raw: &RawDataset, known: &Known) {
    for s in &raw.sources {
        if let Some(m) = &s.marking {
            v.reference(&s.file, "marking", &known.markings, m);
        }
    }
    for c in &raw.countries {
        common(v, known, &c.file, &c.source, &c.marking);
    }
    for b in &raw.branches {
        common(v, known, &b.file, &b.source, &b.marking);
    }
    for f in &raw.formations {
        common(v, known, &f.file, &f.source, &f.marking);
        if let Some(h) = &f.host {
            v.reference(&f.file, "country", &known.countries, h);
        }
        if let Some(l) = &f.lead_nation {
            v.reference(&f.file, "country", &known.countries, l);
        }
    }
    for o in &raw.operations {
        common(v, known, &o.file, &o.source, &o.marking);
        v.reference(&o.file, "branch", &known.branches, &o.branch);
        if let Some(f) = &o.formation {
            v.reference(&o.file, "formation", &known.formations, f);
        }
        if let Some(l) = &o.lead_nation {
            v.reference(&o.file, "country", &known.countries, l);
        }
        for h in &o.host_nations {
            v.reference(&o.file, "country", &known.countries, h);
        }
        for b in &o.bases {
            v.reference(&o.file, "base", &known.bases, b);
        }
        if let (Some(s), Some(e)) = (&o.start, &o.end)
            && e.get_ref().first_day() < s.get_ref().first_day()
        {
            v.diags.push(
                o.error_at(
                    e.span(),
                    format!("operation ends ({}) before it starts ({})", e.get_ref(), s.get_ref()),
                )
                .related(&o.file, s.span(), "start given here"),
            );
        }
    }
    for b in &raw.bases {
        common(v, known, &b.file, &b.source, &b.marking);
        v.reference(&b.file, "country", &known.countries, &b.country);
        v.coordinate(b, b.lat.as_ref(), "lat", MAX_LAT);
        v.coordinate(b, b.lon.as_ref(), "lon", MAX_LON);
        if b.lat.is_some() != b.lon.is_some() {
            v.diags.push(
                b.error_at(header(b), "a base needs both `lat` and `lon`, or neither")
                    .hint("give coordinates in decimal degrees, e.g. lat = 55.89, lon = 23.39"),
            );
        }
    }
    for r in &raw.rotations {
        common(v, known, &r.file, &r.source, &r.marking);
        v.reference(&r.file, "operation", &known.operations, &r.operation);
        v.reference(&r.file, "base", &known.bases, &r.base);
        if *r.count.get_ref() < 0 {
            v.diags.push(
                r.error_at(
                    r.count.span(),
                    format!("rotation count {} is negative", r.count.get_ref()),
                )
                .hint("counts are 0 or more"),
            );
        } else if *r.count.get_ref() > 1_000_000 {
            v.diags.push(
                r.error_at(
                    r.count.span(),
                    format!("rotation count {} is implausibly large", r.count.get_ref()),
                )
                .hint("counts up to 1,000,000 are accepted"),
            );
        }
    }
}

/// A figure states its `value` or counts items (`counted`), never both
/// with different numbers: a derived value is computed, not typed in.
fn counted_figure(v: &mut Validator, known: &Known, f: &Located<Figure>) {
    let id = f.id.get_ref();
    let Some(counted) = &f.counted else {
        if f.value.is_none() {
            v.diags.push(
                f.error_at(f.id.span(), format!("figure `{id}` has no number"))
                    .hint("write `value = <the number the source states>`, or `counted = { operations = [\"…\"] }` listing the items it counts"),
            );
        }
        return;
    };
    let list = counted.get_ref();
    if list.is_empty() {
        v.diags.push(
            f.error_at(counted.span(), format!("figure `{id}` counts nothing"))
                .hint("list the items it counts: `counted = { operations = [\"…\"], bases = [\"…\"], formations = [\"…\"] }`"),
        );
    }
    for o in &list.operations {
        v.reference(&f.file, "operation", &known.operations, o);
    }
    for b in &list.bases {
        v.reference(&f.file, "base", &known.bases, b);
    }
    for x in &list.formations {
        v.reference(&f.file, "formation", &known.formations, x);
    }
    if let Some(stated) = &f.value {
        let n = list.len();
        let d = if *stated.get_ref() == n as f64 {
            Diagnostic::warning(format!(
                "figure `{id}` gives `value` and `counted`; its value is counted"
            ))
        } else {
            Diagnostic::error(format!(
                "figure `{id}` says {} but counts {n} items",
                num(*stated.get_ref())
            ))
        };
        v.diags.push(
            d.at(&f.file, stated.span())
                .hint("remove `value`: a figure with `counted` is the number of the items listed"),
        );
    }
}

/// Figures, events and context texts.
fn facts(v: &mut Validator, raw: &RawDataset, known: &Known) {
    for f in &raw.figures {
        common(v, known, &f.file, &f.source, &f.marking);
        if let Some(b) = &f.branch {
            v.reference(&f.file, "branch", &known.branches, b);
        }
        if let Some(o) = &f.operation {
            v.reference(&f.file, "operation", &known.operations, o);
        }
        counted_figure(v, known, f);
        let Some(stated) = &f.value else { continue };
        let value = *stated.get_ref();
        if !value.is_finite() || value < 0.0 {
            v.diags.push(
                f.error_at(
                    stated.span(),
                    format!("figure value {} is not a number of 0 or more", num(value)),
                )
                .hint("figures count things: use 0 or a positive number"),
            );
        } else if value > 1e15 {
            v.diags.push(
                f.error_at(
                    stated.span(),
                    format!("figure value {} is implausibly large", num(value)),
                )
                .hint("figures up to 10^15 are accepted"),
            );
        }
    }
    for e in &raw.events {
        common(v, known, &e.file, &e.source, &e.marking);
        if let Some(b) = &e.branch {
            v.reference(&e.file, "branch", &known.branches, b);
        }
        if let Some(o) = &e.operation {
            v.reference(&e.file, "operation", &known.operations, o);
        }
    }
    for t in &raw.texts {
        common(v, known, &t.file, &t.source, &t.marking);
        if t.body.is_empty() {
            v.diags.push(t.error_at(header(t), "a text needs at least one paragraph in `body`"));
        }
    }
}

/// Charts: references, map bases with coordinates, and shape.
fn charts(v: &mut Validator, raw: &RawDataset, known: &Known) {
    let base_items: BTreeMap<&str, &Located<Base>> =
        raw.bases.iter().rev().map(|b| (b.id.get_ref().as_str(), b)).collect();
    for c in &raw.charts {
        common(v, known, &c.file, &c.source, &c.marking);
        if let Some(b) = &c.branch {
            v.reference(&c.file, "branch", &known.branches, b);
        }
        for f in &c.figures {
            v.reference(&c.file, "figure", &known.figures, f);
        }
        if let Some(o) = &c.rotations {
            v.reference(&c.file, "operation", &known.operations, o);
        }
        bar_count(v, raw, c, &base_items);
        for o in &c.operations {
            v.reference(&c.file, "operation", &known.operations, o);
        }
        for e in &c.events {
            v.reference(&c.file, "event", &known.events, e);
        }
        for b in &c.bases {
            v.reference(&c.file, "base", &known.bases, b);
            if let Some(base) = base_items.get(b.get_ref().as_str())
                && (base.lat.is_none() || base.lon.is_none())
            {
                v.diags.push(
                    c.error_at(
                        b.span(),
                        format!(
                            "base `{}` has no coordinates, so the map cannot show it",
                            b.get_ref()
                        ),
                    )
                    .related(&base.file, header(base), "base declared here")
                    .hint("add `lat` and `lon` to the base, or leave it off the map"),
                );
            }
        }
        v.chart_shape(c);
    }
}

/// Lines to take and anticipated questions.
fn internal(v: &mut Validator, raw: &RawDataset, known: &Known) {
    for l in &raw.lines {
        common(v, known, &l.file, &l.source, &l.marking);
        if let Some(b) = &l.branch {
            v.reference(&l.file, "branch", &known.branches, b);
        }
    }
    for q in &raw.questions {
        common(v, known, &q.file, &q.source, &q.marking);
        if let Some(b) = &q.branch {
            v.reference(&q.file, "branch", &known.branches, b);
        }
    }
}

/// Refuses a bar chart with more bars than its chart has room for
/// ([`crate::limits::MAX_BARS`]): one bar per figure, or per base of the
/// operation's rotations.
fn bar_count(
    v: &mut Validator,
    raw: &RawDataset,
    c: &Located<Chart>,
    bases: &BTreeMap<&str, &Located<Base>>,
) {
    use crate::limits::MAX_BARS;
    let (count, span, what) = if let Some(op) = &c.rotations {
        let bases: std::collections::BTreeSet<&str> = raw
            .rotations
            .iter()
            .filter(|r| r.operation.get_ref() == op.get_ref())
            .map(|r| r.base.get_ref().as_str())
            // A base that does not exist is reported as such, and makes no bar.
            .filter(|b| bases.contains_key(b))
            .collect();
        (bases.len(), op.span(), format!("the bases of `{}`'s rotations", op.get_ref()))
    } else {
        let span = c.figures.first().map(|f| f.span()).unwrap_or_else(|| header(c));
        (c.figures.len(), span, "its figures".to_owned())
    };
    if count > MAX_BARS {
        v.diags.push(
            c.error_at(
                span,
                format!(
                    "bar chart `{}` would have {count} bars, one for each of {what}; the limit is {MAX_BARS}",
                    c.id.get_ref()
                ),
            )
            .hint(format!("a chart beside the text has room for {MAX_BARS} bars: split it into several charts, or chart fewer figures")),
        );
    }
}
