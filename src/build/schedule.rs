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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::prepare;
    use crate::plan::Selection;
    use crate::project::{DataSource, Inputs};
    use crate::typeset::world::TemplateSource;

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
