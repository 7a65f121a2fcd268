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

    let rank = present.highest();
    let level = &ds.markings[rank];
    let colour = level.colour.get_ref().clone();
    MarkingView {
        id: level.id.get_ref().clone(),
        banner: r.text(&level.banner),
        on_colour: on_colour(&colour).to_owned(),
        colour,
        marked: rank > 0,
        handling: r.opt(&level.handling),
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

/// White or black, whichever has the higher WCAG contrast on `colour`
/// (`#rrggbb`, checked by validation; anything else counts as black).
fn on_colour(colour: &str) -> &'static str {
    let l = relative_luminance(colour);
    // (1.05 / (l + 0.05)) against white, ((l + 0.05) / 0.05) against black.
    if 1.05 / (l + 0.05) >= (l + 0.05) / 0.05 { "#ffffff" } else { "#000000" }
}

/// The WCAG 2 relative luminance of `#rrggbb`.
fn relative_luminance(colour: &str) -> f64 {
    let hex = colour.trim_start_matches('#');
    let channel = |i: usize| {
        let v = hex.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()).unwrap_or(0);
        let c = f64::from(v) / 255.0;
        if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
}

#[cfg(test)]
mod tests {
    use super::on_colour;

    #[test]
    fn text_on_a_band_is_white_on_dark_colours_and_black_on_light_ones() {
        assert_eq!(on_colour("#a35a00"), "#ffffff");
        assert_eq!(on_colour("#2f6f3e"), "#ffffff");
        assert_eq!(on_colour("#ffd200"), "#000000");
        assert_eq!(on_colour("#f0f0f0"), "#000000");
    }
}
