//! Sources and markings: an item may not cite a source marked above it, or
//! the source's title, publisher and URL would reach an audience kept from it.

use std::collections::BTreeMap;

use toml::Spanned;

use crate::dataset::ItemKind;
use crate::dataset::load::{Located, RawDataset};
use crate::dataset::model::MarkingLevel;
use crate::diag::Diagnostics;

/// Reports every item that cites a source marked above the item itself.
pub(super) fn check_source_markings(raw: &RawDataset, diags: &mut Diagnostics) {
    let levels = &raw.markings;
    let rank = |m: Option<&Spanned<String>>| {
        m.and_then(|m| levels.iter().position(|l| l.id.get_ref() == m.get_ref())).unwrap_or(0)
    };
    // The first source of each id counts (duplicates are reported elsewhere).
    let mut sources: BTreeMap<&str, usize> = BTreeMap::new();
    for s in &raw.sources {
        sources.entry(s.id.get_ref().as_str()).or_insert_with(|| rank(s.marking.as_ref()));
    }
    let mut c = Citations { levels, sources: &sources, diags, rank: &rank };
    c.kind(&raw.info, "the `[dataset]` table", |i| i.source.as_ref());
    c.kind(&raw.countries, "country", |i| i.source.as_ref());
    c.kind(&raw.branches, "branch", |i| i.source.as_ref());
    c.kind(&raw.formations, "formation", |i| i.source.as_ref());
    c.kind(&raw.operations, "operation", |i| i.source.as_ref());
    c.kind(&raw.bases, "base", |i| i.source.as_ref());
    c.kind(&raw.rotations, "rotation", |i| i.source.as_ref());
    c.kind(&raw.figures, "figure", |i| i.source.as_ref());
    c.kind(&raw.events, "event", |i| i.source.as_ref());
    c.kind(&raw.texts, "text", |i| i.source.as_ref());
    c.kind(&raw.charts, "chart", |i| i.source.as_ref());
    c.kind(&raw.lines, "line", |i| i.source.as_ref());
    c.kind(&raw.questions, "question", |i| i.source.as_ref());
}

/// What the check of one kind needs.
struct Citations<'a, R: Fn(Option<&Spanned<String>>) -> usize> {
    levels: &'a [Located<MarkingLevel>],
    sources: &'a BTreeMap<&'a str, usize>,
    diags: &'a mut Diagnostics,
    rank: &'a R,
}

impl<R: Fn(Option<&Spanned<String>>) -> usize> Citations<'_, R> {
    fn level(&self, r: usize) -> String {
        self.levels
            .get(r)
            .map_or_else(|| "the lowest level".to_owned(), |l| format!("`{}`", l.id.get_ref()))
    }

    /// Checks the items of one kind; `what` names the kind in messages.
    fn kind<K: ItemKind>(
        &mut self,
        items: &[Located<K>],
        what: &str,
        source: impl Fn(&K) -> Option<&Spanned<String>>,
    ) {
        for it in items {
            let Some(s) = source(&it.item) else { continue };
            let Some(&cited) = self.sources.get(s.get_ref().as_str()) else { continue };
            let own = (self.rank)(it.item.marking());
            if cited <= own {
                continue;
            }
            let name = match it.item.id() {
                Some(id) => format!("{what} `{}`", id.get_ref()),
                None if what.starts_with("the ") => what.to_owned(),
                None => format!("this {what}"),
            };
            self.diags.push(
                it.error_at(
                    s.span(),
                    format!(
                        "{name} is marked {} but cites source `{}`, marked {}",
                        self.level(own),
                        s.get_ref(),
                        self.level(cited)
                    ),
                )
                .hint(format!(
                    "mark it at least {}, or cite a source marked {} or lower: its title, publisher and URL are printed with what cites it",
                    self.level(cited),
                    self.level(own)
                )),
            );
        }
    }
}
