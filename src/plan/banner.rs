//! The marking banner of a document, from what it shows.

use super::document::Resolver;
use super::view::{DocumentData, MarkingView};
use crate::dataset::{COMBINED_SCOPE, Dataset};

/// The banner of a document: the highest marking among the items it shows
/// (not merely the audience), with the releasability caveats they share.
pub(super) fn banner(ds: &Dataset, r: &Resolver, scope: &str, data: &DocumentData) -> MarkingView {
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
