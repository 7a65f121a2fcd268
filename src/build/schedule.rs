//! The order in which a build's workers take its documents.

use std::collections::BTreeMap;

use crate::plan::{DocumentPlan, Kind};

/// The order in which workers take the documents of `plans` (indices): each
/// deck together with the handouts made from it, which the worker lays out
/// from that one typesetting of the deck and then lets it go; these groups
/// first since they take longest, then the rest, longest page budget first.
/// (A handout whose deck is not planned typesets the deck itself.)
pub(super) fn tasks(plans: &[DocumentPlan]) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut rest = Vec::new();
    let mut deck_group = BTreeMap::new();
    for (i, plan) in plans.iter().enumerate() {
        if plan.kind() == Kind::Deck {
            deck_group.insert(&plan.id, groups.len());
            groups.push(vec![i]);
        }
    }
    for (i, plan) in plans.iter().enumerate() {
        match (plan.kind(), &plan.deck) {
            (Kind::Deck, _) => {}
            (Kind::Handout, Some(deck)) if deck_group.contains_key(&deck.id) => {
                groups[deck_group[&deck.id]].push(i);
            }
            _ => rest.push(vec![i]),
        }
    }
    // The longest fact sheets (the combined ones) before the short ones, so
    // that the build does not end waiting on one long document.
    rest.sort_by_key(|task| std::cmp::Reverse(plans[task[0]].data.document.page_budget));
    groups.extend(rest);
    groups
}

/// One part of a selection split across machines (`--shard I/N`): the
/// `index`th (from 1) of `count` parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// Which part, 1 to `count`.
    pub index: usize,
    /// How many parts.
    pub count: usize,
}

impl std::str::FromStr for Shard {
    type Err = String;

    /// `I/N`, with 1 <= I <= N.
    fn from_str(value: &str) -> Result<Self, String> {
        let parsed = value.split_once('/').and_then(|(i, n)| {
            Some(Shard { index: i.trim().parse().ok()?, count: n.trim().parse().ok()? })
        });
        match parsed {
            Some(s) if s.count >= 1 && (1..=s.count).contains(&s.index) => Ok(s),
            Some(s) => Err(format!(
                "shard {}/{} does not exist: write I/N with I from 1 to N, e.g. 1/{}",
                s.index,
                s.count,
                s.count.max(1)
            )),
            None => {
                Err(format!("`{value}` is not a shard: write I/N, e.g. 1/4 for the first of four"))
            }
        }
    }
}

/// The documents of `plans` (in plan order) that fall to `shard`: the
/// build's tasks, in the order [`tasks`] gives them (decks with their
/// handouts first, then fact sheets, longest first), dealt out in turn,
/// task k to shard k mod N + 1. So a deck and its handouts stay together,
/// the long tasks spread evenly, and the split is the same on every machine
/// for the same selection and dataset.
pub(super) fn shard(plans: Vec<DocumentPlan>, shard: Shard) -> Vec<DocumentPlan> {
    let mut mine = vec![false; plans.len()];
    for (k, task) in tasks(&plans).iter().enumerate() {
        if k % shard.count + 1 == shard.index {
            for &i in task {
                mine[i] = true;
            }
        }
    }
    plans.into_iter().zip(mine).filter_map(|(p, m)| m.then_some(p)).collect()
}

/// For benchmarks only: the variable that repeats the planned matrix.
pub const BENCH_COPIES: &str = "BRIEFING_BENCH_COPIES";

/// For benchmarks only (`scripts/bench-scale.sh`): with `BRIEFING_BENCH_COPIES=N`
/// (2 or more), the planned documents N times over, copy k's scopes named
/// `<scope>-copy<k>`, so a small dataset makes a build of many documents
/// (48 × 21 = 1,008 from the default matrix). Documents are otherwise the
/// same, which the benchmark accepts: what it measures is how the build's
/// time and memory grow with the count.
pub(super) fn bench_copies(plans: Vec<DocumentPlan>) -> Vec<DocumentPlan> {
    let copies = std::env::var(BENCH_COPIES).ok().and_then(|n| n.trim().parse::<usize>().ok());
    let Some(copies) = copies.filter(|&n| n >= 2) else { return plans };
    let renamed = |plan: &DocumentPlan, k: usize| {
        let mut plan = plan.clone();
        plan.id.scope = format!("{}-copy{k}", plan.id.scope);
        if let Some(deck) = plan.deck.as_deref_mut() {
            deck.id.scope = format!("{}-copy{k}", deck.id.scope);
        }
        plan
    };
    let mut all = plans.clone();
    for k in 2..=copies {
        all.extend(plans.iter().map(|p| renamed(p, k)));
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::prepare;
    use crate::plan::Selection;
    use crate::project::{DataSource, Inputs};
    use crate::typeset::world::TemplateSource;

    #[test]
    fn shards_are_read_as_i_of_n_and_split_the_tasks_in_turn() {
        assert_eq!("2/3".parse::<Shard>(), Ok(Shard { index: 2, count: 3 }));
        for (bad, says) in [
            ("0/3", "shard 0/3 does not exist"),
            ("4/3", "shard 4/3 does not exist"),
            ("1/0", "shard 1/0 does not exist"),
            ("two", "`two` is not a shard: write I/N"),
        ] {
            let e = bad.parse::<Shard>().expect_err(bad);
            assert!(e.contains(says), "{bad}: {e}");
        }
        let inputs = Inputs { data: DataSource::Embedded, templates: TemplateSource::Embedded };
        let selection = Selection { langs: vec!["en".into()], ..Selection::default() };
        let plans = prepare(&inputs, &selection).unwrap_or_else(|d| panic!("{}", d.render())).plans;
        let names = |p: &[DocumentPlan]| p.iter().map(|p| p.file_name()).collect::<Vec<_>>();
        let mut all = Vec::new();
        for index in 1..=3 {
            let part = names(&shard(plans.clone(), Shard { index, count: 3 }));
            assert!(!part.is_empty(), "shard {index} of 3 is empty");
            all.extend(part);
        }
        all.sort();
        let mut expected = names(&plans);
        expected.sort();
        assert_eq!(all, expected, "the shards are disjoint and cover the selection");
        // The first task (a deck with its handout) is the first shard's.
        let first = names(&shard(plans.clone(), Shard { index: 1, count: 3 }));
        let task = names(&tasks(&plans)[0].iter().map(|&i| plans[i].clone()).collect::<Vec<_>>());
        assert!(task.iter().all(|d| first.contains(d)), "{task:?} not in {first:?}");
    }

    #[test]
    fn each_deck_is_taken_with_its_handouts_and_every_document_once() {
        let inputs = Inputs { data: DataSource::Embedded, templates: TemplateSource::Embedded };
        let selection = Selection { langs: vec!["en".into(), "de".into()], ..Selection::default() };
        let plans = prepare(&inputs, &selection).unwrap_or_else(|d| panic!("{}", d.render())).plans;
        let tasks = tasks(&plans);
        let mut seen: Vec<usize> = tasks.iter().flatten().copied().collect();
        seen.sort_unstable();
        assert_eq!(seen, (0..plans.len()).collect::<Vec<_>>());
        let names = |t: &Vec<usize>| t.iter().map(|&i| plans[i].file_name()).collect::<Vec<_>>();
        assert_eq!(names(&tasks[0]), ["deck-land-en.pdf", "handout-land-en.pdf"]);
        let decks = plans.iter().filter(|p| p.kind() == Kind::Deck).count();
        assert!(decks > 0);
        for task in &tasks[..decks] {
            let [deck, handout] = &task[..] else { panic!("{task:?}") };
            let (deck, handout) = (&plans[*deck], &plans[*handout]);
            // The handout's deck is the planned deck, so one typesetting serves both.
            let planned = handout.deck.as_deref().expect("a handout plans its deck");
            assert_eq!(planned.id, deck.id);
            assert_eq!(
                serde_json::to_string(&planned.data).ok(),
                serde_json::to_string(&deck.data).ok()
            );
            assert_eq!(format!("{:?}", planned.charts), format!("{:?}", deck.charts));
            assert!(handout.charts.is_empty(), "a handout draws no chart of its own");
        }
        assert!(
            tasks[decks..].iter().all(|t| t.len() == 1 && plans[t[0]].kind() == Kind::Factsheet)
        );
    }
}
