//! Copy-fitting's rule and its search: which fitting level a document is set
//! at (the loosest that keeps its page budget, one tighter when that saves a
//! nearly empty last page), found with as few layouts as a prediction allows.
//!
//! The rule is stated once, over what each level's layout measures; the
//! search only changes which levels are laid out to apply it. From the design
//! (level 0) upwards it is the rule itself; from a predicted level it finds
//! the same level when a tighter level never takes more pages than a looser
//! one (what the theme's settings and the condensing steps are made for: each
//! sets smaller or leaves out). A prediction the manifest proves is for the
//! same inputs is taken as the answer and laid out once.

use std::collections::BTreeMap;

use sha2::Digest;
use typst::foundations::Bytes;

/// What one layout at a fitting level measures, as far as the rule looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Measure {
    /// Number of pages.
    pub pages: usize,
    /// Whether the last page is nearly empty (see `document::NEARLY_EMPTY`).
    pub nearly_empty: bool,
}

/// The bounds of one document's fitting.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// The page budget; without one, the design is always kept.
    pub budget: Option<usize>,
    /// The tightest level the document may be set at.
    pub tightest: u8,
}

impl Rule {
    /// Whether a layout keeps the page budget.
    pub fn within(&self, m: Measure) -> bool {
        self.budget.is_none_or(|b| m.pages <= b)
    }

    /// The level the rule chooses, laying out (through `measure`, which the
    /// caller memoizes) `predicted` first, then the level next to it (below
    /// when it kept the budget, above when not: a right prediction is
    /// confirmed by these two), then halving the levels left, to find the
    /// loosest level within budget; then up while a tighter level may save
    /// a nearly empty last page.
    pub fn choose<E>(
        &self,
        predicted: u8,
        mut measure: impl FnMut(u8) -> Result<Measure, E>,
    ) -> Result<Choice, E> {
        let top = self.tightest;
        // The loosest level within budget lies above `over` and at or below `within`.
        let (mut over, mut within): (Option<u8>, Option<u8>) = (None, None);
        let mut probe = predicted.min(top);
        let mut first_probe = true;
        let first = loop {
            if self.within(measure(probe)?) {
                within = Some(probe);
            } else {
                over = Some(probe);
            }
            let low = over.map_or(0, |o| o + 1);
            let high = within.unwrap_or(top + 1);
            if low >= high {
                // Within from `high` on, or over at the tightest.
                break high.min(top);
            }
            probe = match first_probe {
                true if within.is_some() => probe - 1,
                true => probe + 1,
                false => low + (high - low) / 2,
            };
            first_probe = false;
        };
        Ok(Choice { within: first, level: self.settle(first, &mut measure)? })
    }

    /// From the loosest level within budget (or the tightest, over it): a
    /// nearly empty last page is traded for the first tighter level with
    /// fewer pages, looked for while the page count stays the same.
    fn settle<E>(
        &self,
        first: u8,
        measure: &mut impl FnMut(u8) -> Result<Measure, E>,
    ) -> Result<u8, E> {
        let m = measure(first)?;
        if self.budget.is_none() || !self.within(m) || !m.nearly_empty || first >= self.tightest {
            return Ok(first);
        }
        let mut level = first + 1;
        loop {
            let n = measure(level)?;
            if n.pages < m.pages {
                return Ok(level);
            }
            if n.pages == m.pages && level < self.tightest {
                level += 1;
                continue;
            }
            return Ok(first);
        }
    }

    /// Where a search for the loosest level within budget starts, from a
    /// measure of the design: the share its pages run over the budget,
    /// mapped to the level that has saved about as much (the theme's two
    /// tighter settings save some tenths of a page, condensing more).
    pub fn predict_from_overflow(&self, design: Measure, last_fill: f64) -> u8 {
        let Some(over) = self.overflow(design, last_fill) else { return 0 };
        let level = OVERFLOW_STEPS.iter().take_while(|step| over > **step).count();
        (level as u8).min(self.tightest)
    }
}

impl Rule {
    /// How far a layout runs over the budget, as a share of it (negative
    /// when it keeps it); `None` without a budget.
    pub fn overflow(&self, m: Measure, last_fill: f64) -> Option<f64> {
        let budget = self.budget.filter(|b| *b > 0)?;
        let used = (m.pages.saturating_sub(1)) as f64 + last_fill;
        Some(used / budget as f64 - 1.0)
    }
}

/// The overflow (share of the budget) past which each next level is
/// predicted, measured on the default data and the Valmeria fixture
/// (2026-12-06): sheets up to a tenth over were kept by the first tighter
/// setting, up to a fifth by the second, up to about 0.43 by the first
/// condensing step, and those over about 0.6 only by the last.
const OVERFLOW_STEPS: [f64; 5] = [0.0, 0.105, 0.22, 0.435, 0.6];

/// The rule's answer for one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choice {
    /// The loosest level within budget (or the tightest, over it).
    pub within: u8,
    /// The level chosen: `within`, or a tighter one that saves a nearly
    /// empty last page.
    pub level: u8,
}

/// What a document's fitting came to, recorded in the manifest so that the
/// next build of the same folder can start from it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FitRecord {
    /// The level the document was set at.
    pub level: u8,
    /// The loosest level that kept its page budget (the level a nearly
    /// empty last page was traded from), where a later search starts.
    pub within: u8,
    /// SHA-256 (hex) of everything the layout depends on and of `level`:
    /// when a later build computes the same, its inputs are the same, and
    /// `level` is the rule's answer without laying out any other level.
    pub inputs: String,
}

/// Everything a layout depends on besides the fitting level, hashed: the
/// template files, the main template, the generated files (`layout` without
/// its level), the date, the rule and briefing's version (which fixes Typst
/// and the fonts).
pub fn inputs_hash(
    templates: &[u8; 32],
    main: &str,
    generated: &BTreeMap<String, Bytes>,
    rule: Rule,
    date: &str,
) -> [u8; 32] {
    let mut h = sha2::Sha256::new();
    let mut field = |bytes: &[u8]| {
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    };
    field(env!("CARGO_PKG_VERSION").as_bytes());
    field(templates);
    field(main.as_bytes());
    field(date.as_bytes());
    field(format!("{:?}/{}", rule.budget, rule.tightest).as_bytes());
    for (path, bytes) in generated {
        field(path.as_bytes());
        field(bytes.as_slice());
    }
    h.finalize().into()
}

/// Hash of every template file, path and bytes, in path order.
pub fn templates_hash(files: &[(String, Vec<u8>)]) -> [u8; 32] {
    let mut h = sha2::Sha256::new();
    for (path, bytes) in files {
        h.update((path.len() as u64).to_le_bytes());
        h.update(path.as_bytes());
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    }
    h.finalize().into()
}

/// The `inputs` of a [`FitRecord`] at `level`: the inputs' hash bound to
/// the level, so a record whose level was changed no longer matches.
pub fn record_key(inputs: &[u8; 32], level: u8) -> String {
    let mut h = sha2::Sha256::new();
    h.update(inputs);
    h.update([level]);
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rule applied from the design upwards, laying out every level it
    /// passes: the reference (copy-fitting as it was first written).
    fn reference(rule: Rule, table: &[Measure]) -> u8 {
        let mut fit = 0u8;
        let mut kept: Option<(u8, Measure)> = None;
        loop {
            let m = table[fit as usize];
            if let Some((level, k)) = kept {
                if m.pages < k.pages {
                    return fit;
                }
                if fit < rule.tightest && m.pages == k.pages {
                    fit += 1;
                    continue;
                }
                return level;
            }
            match rule.budget {
                Some(b) if fit < rule.tightest && m.nearly_empty && m.pages <= b => {
                    kept = Some((fit, m));
                    fit += 1;
                }
                Some(b) if m.pages > b && fit < rule.tightest => fit += 1,
                _ => return fit,
            }
        }
    }

    /// Every table of measures over `levels` levels whose page counts never
    /// grow with the level, pages from 1 to 4.
    fn monotone_tables(levels: usize) -> Vec<Vec<Measure>> {
        let mut out = vec![Vec::new()];
        for _ in 0..levels {
            let mut next = Vec::new();
            for t in &out {
                let max = t.last().map_or(4, |m: &Measure| m.pages);
                for pages in 1..=max {
                    for nearly_empty in [false, true] {
                        let mut t = t.clone();
                        t.push(Measure { pages, nearly_empty });
                        next.push(t);
                    }
                }
            }
            out = next;
        }
        out
    }

    #[test]
    fn every_prediction_chooses_what_the_rule_from_the_design_chooses() {
        let tables = monotone_tables(6);
        assert!(tables.len() > 5_000, "{}", tables.len());
        for table in &tables {
            for budget in [None, Some(1), Some(2), Some(3)] {
                let rule = Rule { budget, tightest: 5 };
                let want = reference(rule, table);
                for predicted in 0..=6 {
                    let got = rule
                        .choose(predicted, |l| Ok::<_, ()>(table[l as usize]))
                        .expect("no error")
                        .level;
                    assert_eq!(got, want, "{table:?} budget {budget:?} predicted {predicted}");
                }
            }
        }
    }

    #[test]
    fn a_right_prediction_lays_out_the_level_and_the_one_below_only() {
        // Over budget at 0 to 2, within from 3 on, nothing nearly empty.
        let table: Vec<Measure> =
            [3, 3, 3, 2, 2, 2].map(|pages| Measure { pages, nearly_empty: false }).to_vec();
        let rule = Rule { budget: Some(2), tightest: 5 };
        let mut laid = std::collections::BTreeSet::new();
        let level = rule
            .choose(3, |l| {
                laid.insert(l);
                Ok::<_, ()>(table[l as usize])
            })
            .expect("no error");
        assert_eq!(level, Choice { within: 3, level: 3 });
        assert_eq!(laid.into_iter().collect::<Vec<_>>(), [2, 3]);
    }

    #[test]
    fn a_wrong_prediction_costs_a_few_layouts_not_all() {
        // Over budget at 0 to 3, within from 4 on.
        let table: Vec<Measure> =
            [3, 3, 3, 3, 2, 2].map(|pages| Measure { pages, nearly_empty: false }).to_vec();
        let rule = Rule { budget: Some(2), tightest: 5 };
        for predicted in 0..=5 {
            let mut laid = std::collections::BTreeSet::new();
            let level = rule
                .choose(predicted, |l| {
                    laid.insert(l);
                    Ok::<_, ()>(table[l as usize])
                })
                .expect("no error");
            assert_eq!(level.level, 4);
            assert!(laid.len() <= 4, "predicted {predicted}: {laid:?}");
        }
    }

    #[test]
    fn a_design_within_budget_is_the_only_level_asked_for() {
        let rule = Rule { budget: Some(2), tightest: 2 };
        let mut asked = std::collections::BTreeSet::new();
        let m = Measure { pages: 2, nearly_empty: false };
        let level = rule
            .choose(0, |l| {
                asked.insert(l);
                Ok::<_, ()>(m)
            })
            .expect("no error");
        assert_eq!(level, Choice { within: 0, level: 0 });
        assert_eq!(asked.into_iter().collect::<Vec<_>>(), [0]);
    }

    #[test]
    fn overflow_predicts_a_level_within_the_rule() {
        let rule = Rule { budget: Some(2), tightest: 5 };
        let m = |pages| Measure { pages, nearly_empty: false };
        assert_eq!(rule.predict_from_overflow(m(2), 0.9), 0);
        assert_eq!(rule.predict_from_overflow(m(3), 0.05), 1);
        assert_eq!(rule.predict_from_overflow(m(3), 0.3), 2);
        assert_eq!(rule.predict_from_overflow(m(3), 0.6), 3);
        assert_eq!(rule.predict_from_overflow(m(3), 0.9), 4);
        assert_eq!(rule.predict_from_overflow(m(4), 0.5), 5);
        assert_eq!(Rule { budget: Some(2), tightest: 2 }.predict_from_overflow(m(3), 0.9), 2);
        assert_eq!(Rule { budget: None, tightest: 2 }.predict_from_overflow(m(9), 0.9), 0);
    }

    #[test]
    fn a_record_key_changes_with_its_level() {
        let inputs = [7u8; 32];
        assert_eq!(record_key(&inputs, 2), record_key(&inputs, 2));
        assert_ne!(record_key(&inputs, 2), record_key(&inputs, 3));
    }
}
