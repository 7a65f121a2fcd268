//! The marking banner of a document, from the same view of its scope as its content.

use super::document::Resolver;
use super::scope::ScopeView;
use super::view::MarkingView;
use crate::dataset::{Dataset, Ix, Linked, Table};

/// The banner of a document: the highest marking among the items its scope
/// shows (not merely the audience), with the releasability caveats they
/// share. It also counts what `view.marked_too` lists: every country, the
/// formations a branch document leaves out, figures of no branch.
pub(super) fn banner(ds: &Dataset, r: &Resolver, view: &ScopeView) -> MarkingView {
    let mut present = Present::default();
    // The `[dataset]` table's caveats are the documents' own, not a limit on them.
    present.0.push((ds.info.rank, Vec::new()));
    // The kinds in this order: the first caveated item fixes the order the
    // shared caveats are printed in.
    present.add(&ds.countries, &view.marked_too.countries);
    present.add(&ds.texts, &view.texts);
    present.add(&ds.formations, &union(&view.formations, &view.marked_too.formations));
    present.add(&ds.branches, &view.branches.iter().map(|b| b.branch).collect::<Vec<_>>());
    present.add(&ds.operations, &view.operations);
    present.add(&ds.rotations, &view.rotations);
    present.add(&ds.bases, &sorted(&view.bases));
    let figures: Vec<_> = view.branches.iter().flat_map(|b| b.figures.iter().copied()).collect();
    present.add(&ds.figures, &union(&union(&view.figures, &figures), &view.marked_too.figures));
    present.add(&ds.events, &view.events);
    present.add(&ds.charts, &view.charts);
    present.add(&ds.lines, &view.lines);
    present.add(&ds.questions, &view.questions);

    let level = &ds.markings[present.highest()];
    MarkingView {
        id: level.id.get_ref().clone(),
        banner: r.text(&level.banner),
        colour: level.colour.get_ref().clone(),
        releasable_to: present.caveats(),
    }
}

/// (rank, caveats) of everything a document shows, in the order added.
#[derive(Default)]
struct Present(Vec<(usize, Vec<String>)>);

impl Present {
    /// The items `ixs` of `table`, in written order.
    fn add<K: Linked>(&mut self, table: &Table<K>, ixs: &[Ix<K>]) {
        for &ix in ixs {
            let it = &table[ix];
            self.0.push((it.rank, it.item.releasable_to().to_vec()));
        }
    }

    fn highest(&self) -> usize {
        self.0.iter().map(|(r, _)| *r).max().unwrap_or(0)
    }

    /// A document may go only where every caveated item in it may go.
    fn caveats(&self) -> Vec<String> {
        let mut caveats: Option<Vec<String>> = None;
        for (_, c) in self.0.iter().filter(|(_, c)| !c.is_empty()) {
            caveats = Some(match caveats {
                None => c.clone(),
                Some(prev) => prev.into_iter().filter(|x| c.contains(x)).collect(),
            });
        }
        caveats.unwrap_or_default()
    }
}

/// `a` and `b` together, once each, in written order.
fn union<K>(a: &[Ix<K>], b: &[Ix<K>]) -> Vec<Ix<K>> {
    let mut v: Vec<_> = a.iter().chain(b).copied().collect();
    v.sort();
    v.dedup();
    v
}

/// `ixs` in written order.
fn sorted<K>(ixs: &[Ix<K>]) -> Vec<Ix<K>> {
    union(ixs, &[])
}
