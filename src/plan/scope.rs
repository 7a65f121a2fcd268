//! What a document of one scope shows: decided once per scope and audience,
//! read by the content, the charts and the banner alike.

use crate::dataset::model::{
    Base, Branch, Chart, ContextText, Country, Event, Figure, Formation, LineToTake, Operation,
    Question, Rotation, Source,
};
use crate::dataset::{COMBINED_SCOPE, Dataset, Ix};

/// The items a document of one scope shows, from the dataset filtered for
/// its audience, as typed indices in written order unless said otherwise.
#[derive(Debug, Clone)]
pub struct ScopeView {
    /// Scope id (`air`, `combined`).
    pub scope: String,
    /// Whether this is the combined scope (every branch).
    pub combined: bool,
    /// The branches in scope (one for a branch document), each with its part.
    pub branches: Vec<BranchScope>,
    /// The operations of those branches.
    pub operations: Vec<Ix<Operation>>,
    /// The bases those operations use, once each, in order of first use,
    /// branch by branch.
    pub bases: Vec<Ix<Base>>,
    /// The rotations of those operations.
    pub rotations: Vec<Ix<Rotation>>,
    /// The formations shown: all on the combined document; on a branch
    /// document all when one of its operations is part of one, else none.
    pub formations: Vec<Ix<Formation>>,
    /// The key figures: on the combined document the highlighted ones, on
    /// a branch document the branch's.
    pub figures: Vec<Ix<Figure>>,
    /// The events of the branches in scope or of none.
    pub events: Vec<Ix<Event>>,
    /// The charts of the scope (a branch's, or the combined ones).
    pub charts: Vec<Ix<Chart>>,
    /// The lines to take of the branches in scope or of none.
    pub lines: Vec<Ix<LineToTake>>,
    /// The questions of the branches in scope or of none.
    pub questions: Vec<Ix<Question>>,
    /// The context texts (every one).
    pub texts: Vec<Ix<ContextText>>,
    /// The sources cited by what the document shows (the dataset table,
    /// the items above, the countries they name, what its charts draw), in
    /// written order: only these reach the document, its notes and its data.
    pub sources: Vec<Ix<Source>>,
    /// What the banner counts besides what the content shows.
    pub marked_too: MarkedToo,
}

/// A branch in scope and what of it a document shows.
#[derive(Debug, Clone)]
pub struct BranchScope {
    /// The branch.
    pub branch: Ix<Branch>,
    /// Its operations.
    pub operations: Vec<Ix<Operation>>,
    /// The bases its operations use, once each, in order of first use.
    pub bases: Vec<Ix<Base>>,
    /// Its figures (given for it, or for one of its operations).
    pub figures: Vec<Ix<Figure>>,
}

/// Items the banner counts though the content does not show them: it errs
/// on the side of the higher marking.
#[derive(Debug, Clone, Default)]
pub struct MarkedToo {
    /// Every country (names of countries may appear anywhere).
    pub countries: Vec<Ix<Country>>,
    /// The formations a branch document does not show.
    pub formations: Vec<Ix<Formation>>,
    /// Figures of no branch that the content does not show.
    pub figures: Vec<Ix<Figure>>,
}

impl ScopeView {
    /// What a document of `scope` shows of `ds` (already filtered for its audience).
    pub fn new(ds: &Dataset, scope: &str) -> ScopeView {
        let combined = scope == COMBINED_SCOPE;
        let scope_branch = ds.branches.find(scope);
        let in_scope = |b: Ix<Branch>| combined || Some(b) == scope_branch;
        let of_scope = |b: Option<Ix<Branch>>| b.is_none_or(in_scope);
        let operations: Vec<_> = ds
            .operations
            .indexed()
            .filter(|(_, o)| in_scope(o.links.branch))
            .map(|(i, _)| i)
            .collect();
        let branches: Vec<BranchScope> =
            ds.branches.ixs().filter(|&b| in_scope(b)).map(|b| branch_scope(ds, b)).collect();
        let mut bases = Vec::new();
        for base in branches.iter().flat_map(|b| &b.bases) {
            if !bases.contains(base) {
                bases.push(*base);
            }
        }
        let with_formation = operations.iter().any(|&o| ds.operations[o].links.formation.is_some());
        let formations: Vec<_> =
            if combined || with_formation { ds.formations.ixs().collect() } else { Vec::new() };
        let figures: Vec<_> = if combined {
            ds.figures.indexed().filter(|(_, f)| f.highlight).map(|(i, _)| i).collect()
        } else {
            branches.iter().flat_map(|b| b.figures.iter().copied()).collect()
        };
        let shown_figure =
            |f: &Ix<Figure>| figures.contains(f) || branches.iter().any(|b| b.figures.contains(f));
        let marked_too = MarkedToo {
            countries: ds.countries.ixs().collect(),
            formations: ds.formations.ixs().filter(|f| !formations.contains(f)).collect(),
            figures: ds
                .figures
                .indexed()
                .filter(|(i, f)| f.links.branch.is_none() && !shown_figure(i))
                .map(|(i, _)| i)
                .collect(),
        };
        let mut view = ScopeView {
            scope: scope.to_owned(),
            combined,
            rotations: ds
                .rotations
                .indexed()
                .filter(|(_, r)| operations.contains(&r.links.operation))
                .map(|(i, _)| i)
                .collect(),
            events: ds
                .events
                .indexed()
                .filter(|(_, e)| of_scope(e.links.branch))
                .map(|(i, _)| i)
                .collect(),
            charts: ds
                .charts
                .indexed()
                .filter(|(_, c)| match c.links.branch {
                    Some(b) => !combined && in_scope(b),
                    None => combined,
                })
                .map(|(i, _)| i)
                .collect(),
            lines: ds
                .lines
                .indexed()
                .filter(|(_, l)| of_scope(l.links.branch))
                .map(|(i, _)| i)
                .collect(),
            questions: ds
                .questions
                .indexed()
                .filter(|(_, q)| of_scope(q.links.branch))
                .map(|(i, _)| i)
                .collect(),
            texts: ds.texts.ixs().collect(),
            sources: Vec::new(),
            branches,
            operations,
            bases,
            formations,
            figures,
            marked_too,
        };
        view.sources = super::cited::cited_sources(ds, &view);
        view
    }

    /// The view of every scope of `scopes`.
    pub fn all(ds: &Dataset, scopes: &[String]) -> indexmap::IndexMap<String, ScopeView> {
        scopes.iter().map(|s| (s.clone(), ScopeView::new(ds, s))).collect()
    }
}

/// A branch's operations, bases and figures.
fn branch_scope(ds: &Dataset, branch: Ix<Branch>) -> BranchScope {
    let operations: Vec<_> =
        ds.operations.indexed().filter(|(_, o)| o.links.branch == branch).map(|(i, _)| i).collect();
    let mut bases = Vec::new();
    for base in operations.iter().flat_map(|&o| &ds.operations[o].links.bases) {
        if !bases.contains(base) {
            bases.push(*base);
        }
    }
    let figures = ds
        .figures
        .indexed()
        .filter(|(_, f)| f.links.branch == Some(branch))
        .map(|(i, _)| i)
        .collect();
    BranchScope { branch, operations, bases, figures }
}
