//! The marking order: an item may not be marked lower than what it belongs to or shows.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use toml::Spanned;

use crate::dataset::load::{Located, RawDataset};
use crate::dataset::model::MarkingLevel;
use crate::diag::{Diagnostic, Diagnostics, SourceText};

/// Rank of a marking level id (0 = lowest); unknown ids rank lowest (reported elsewhere).
fn rank_of(markings: &[Located<MarkingLevel>], m: &Option<Spanned<String>>) -> usize {
    m.as_ref()
        .and_then(|m| markings.iter().position(|l| l.id.get_ref() == m.get_ref()))
        .unwrap_or(0)
}

/// An item may not be marked lower than what it belongs to or shows: otherwise
/// a public document could carry (or reveal through a chart) a protected fact.
pub(super) fn check_marking_order(raw: &RawDataset, diags: &mut Diagnostics) {
    let levels = &raw.markings;
    let level_name = |r: usize| {
        levels
            .get(r)
            .map_or_else(|| "the lowest level".to_owned(), |l| format!("`{}`", l.id.get_ref()))
    };
    // Rank of the first item with each id, looked up rather than searched:
    // a dataset may hold thousands of items and references.
    fn ranks<'a>(
        levels: &[Located<MarkingLevel>],
        items: impl Iterator<Item = (&'a Spanned<String>, &'a Option<Spanned<String>>)>,
    ) -> BTreeMap<&'a str, usize> {
        let mut map = BTreeMap::new();
        for (id, marking) in items {
            map.entry(id.get_ref().as_str()).or_insert_with(|| rank_of(levels, marking));
        }
        map
    }
    let branches = ranks(levels, raw.branches.iter().map(|b| (&b.id, &b.marking)));
    let operations = ranks(levels, raw.operations.iter().map(|o| (&o.id, &o.marking)));
    let bases = ranks(levels, raw.bases.iter().map(|b| (&b.id, &b.marking)));
    let figures = ranks(levels, raw.figures.iter().map(|f| (&f.id, &f.marking)));
    let events = ranks(levels, raw.events.iter().map(|e| (&e.id, &e.marking)));
    let formations = ranks(levels, raw.formations.iter().map(|f| (&f.id, &f.marking)));
    let branch = |id: &str| branches.get(id).copied();
    let operation = |id: &str| operations.get(id).copied();
    let base = |id: &str| bases.get(id).copied();
    let figure = |id: &str| figures.get(id).copied();
    let event = |id: &str| events.get(id).copied();
    let formation = |id: &str| formations.get(id).copied();
    let mut check = |file: &Arc<SourceText>,
                     span: Range<usize>,
                     what: &str,
                     own: usize,
                     parent_kind: &str,
                     parent: &Spanned<String>,
                     parent_rank: Option<usize>| {
        if let Some(p) = parent_rank
            && p > own
        {
            diags.push(
                Diagnostic::error(format!(
                    "{what} is marked {} but refers to {parent_kind} `{}`, marked {}",
                    level_name(own),
                    parent.get_ref(),
                    level_name(p)
                ))
                .at(file, span)
                .hint(format!("mark it at least {} so it never reaches an audience the {parent_kind} is kept from", level_name(p))),
            );
        }
    };
    for o in &raw.operations {
        let own = rank_of(levels, &o.marking);
        check(
            &o.file,
            o.id.span(),
            &format!("operation `{}`", o.id.get_ref()),
            own,
            "branch",
            &o.branch,
            branch(o.branch.get_ref()),
        );
    }
    for r in &raw.rotations {
        let own = rank_of(levels, &r.marking);
        check(
            &r.file,
            r.operation.span(),
            "this rotation",
            own,
            "operation",
            &r.operation,
            operation(r.operation.get_ref()),
        );
        check(
            &r.file,
            r.base.span(),
            "this rotation",
            own,
            "base",
            &r.base,
            base(r.base.get_ref()),
        );
    }
    for f in &raw.figures {
        let own = rank_of(levels, &f.marking);
        let what = format!("figure `{}`", f.id.get_ref());
        if let Some(b) = &f.branch {
            check(&f.file, b.span(), &what, own, "branch", b, branch(b.get_ref()));
        }
        if let Some(o) = &f.operation {
            check(&f.file, o.span(), &what, own, "operation", o, operation(o.get_ref()));
        }
        // A public count of restricted items would reveal that they exist.
        if let Some(counted) = &f.counted {
            let c = counted.get_ref();
            for o in &c.operations {
                check(&f.file, o.span(), &what, own, "operation", o, operation(o.get_ref()));
            }
            for b in &c.bases {
                check(&f.file, b.span(), &what, own, "base", b, base(b.get_ref()));
            }
            for x in &c.formations {
                check(&f.file, x.span(), &what, own, "formation", x, formation(x.get_ref()));
            }
        }
    }
    for e in &raw.events {
        let own = rank_of(levels, &e.marking);
        let what = format!("event `{}`", e.id.get_ref());
        if let Some(b) = &e.branch {
            check(&e.file, b.span(), &what, own, "branch", b, branch(b.get_ref()));
        }
        if let Some(o) = &e.operation {
            check(&e.file, o.span(), &what, own, "operation", o, operation(o.get_ref()));
        }
    }
    for c in &raw.charts {
        let own = rank_of(levels, &c.marking);
        let what = format!("chart `{}`", c.id.get_ref());
        if let Some(b) = &c.branch {
            check(&c.file, b.span(), &what, own, "branch", b, branch(b.get_ref()));
        }
        for f in &c.figures {
            check(&c.file, f.span(), &what, own, "figure", f, figure(f.get_ref()));
        }
        if let Some(o) = &c.rotations {
            check(&c.file, o.span(), &what, own, "operation", o, operation(o.get_ref()));
        }
        for o in &c.operations {
            check(&c.file, o.span(), &what, own, "operation", o, operation(o.get_ref()));
        }
        for e in &c.events {
            check(&c.file, e.span(), &what, own, "event", e, event(e.get_ref()));
        }
        for b in &c.bases {
            check(&c.file, b.span(), &what, own, "base", b, base(b.get_ref()));
        }
    }
    for l in &raw.lines {
        if let Some(b) = &l.branch {
            check(
                &l.file,
                b.span(),
                &format!("line `{}`", l.id.get_ref()),
                rank_of(levels, &l.marking),
                "branch",
                b,
                branch(b.get_ref()),
            );
        }
    }
    for q in &raw.questions {
        if let Some(b) = &q.branch {
            check(
                &q.file,
                b.span(),
                &format!("question `{}`", q.id.get_ref()),
                rank_of(levels, &q.marking),
                "branch",
                b,
                branch(b.get_ref()),
            );
        }
    }
}
