//! Provenance: every item names its own source. The `[dataset]` table's
//! `source` is the source of the dataset's own words (title, tagline), not a
//! default for the items: a default would let an item whose fact came from
//! nowhere pass as cited by the main page.

use std::ops::Range;
use std::sync::Arc;

use toml::Spanned;

use super::checks::header;
use crate::dataset::ItemKind;
use crate::dataset::date::PartialDate;
use crate::dataset::load::{Located, RawDataset};
use crate::diag::{Diagnostic, Diagnostics, SourceText};

/// What the provenance and freshness checks read of one item.
pub(super) struct Claim<'a> {
    /// How messages name it: "figure `interceptions`", "this rotation".
    pub(super) name: String,
    /// Its file.
    pub(super) file: &'a Arc<SourceText>,
    /// Its header line, where its warnings point.
    pub(super) header: Range<usize>,
    /// The source it names, if any.
    pub(super) source: Option<&'a Spanned<String>>,
    /// The date it says it is as of, if any.
    pub(super) as_of: Option<PartialDate>,
}

/// Every item that states facts (all kinds but marking levels and sources),
/// in written order of kinds.
pub(super) fn claims(raw: &RawDataset) -> Vec<Claim<'_>> {
    let mut out = Vec::new();
    // The `[dataset]` table is as of its own date.
    add(&mut out, &raw.info, "the `[dataset]` table", |i| (i.source.as_ref(), Some(i.as_of)));
    add(&mut out, &raw.countries, "country", |i| (i.source.as_ref(), i.as_of));
    add(&mut out, &raw.branches, "branch", |i| (i.source.as_ref(), i.as_of));
    add(&mut out, &raw.formations, "formation", |i| (i.source.as_ref(), i.as_of));
    add(&mut out, &raw.operations, "operation", |i| (i.source.as_ref(), i.as_of));
    add(&mut out, &raw.bases, "base", |i| (i.source.as_ref(), i.as_of));
    add(&mut out, &raw.rotations, "rotation", |i| (i.source.as_ref(), i.as_of));
    add(&mut out, &raw.figures, "figure", |i| (i.source.as_ref(), i.as_of));
    add(&mut out, &raw.events, "event", |i| (i.source.as_ref(), i.as_of));
    add(&mut out, &raw.texts, "text", |i| (i.source.as_ref(), i.as_of));
    add(&mut out, &raw.charts, "chart", |i| (i.source.as_ref(), i.as_of));
    add(&mut out, &raw.lines, "line", |i| (i.source.as_ref(), i.as_of));
    add(&mut out, &raw.questions, "question", |i| (i.source.as_ref(), i.as_of));
    out
}

fn add<'a, K: ItemKind>(
    out: &mut Vec<Claim<'a>>,
    items: &'a [Located<K>],
    what: &str,
    read: impl Fn(&'a K) -> (Option<&'a Spanned<String>>, Option<PartialDate>),
) {
    for it in items {
        let name = match it.item.id() {
            Some(id) => format!("{what} `{}`", id.get_ref()),
            None if what.starts_with("the ") => what.to_owned(),
            None => format!("this {what}"),
        };
        let (source, as_of) = read(&it.item);
        out.push(Claim { name, file: &it.file, header: header(it), source, as_of });
    }
}

/// The country ids some item refers to: the dataset's nation, formations'
/// hosts and lead nations, operations' host and lead nations, bases'
/// countries.
fn referred_countries(raw: &RawDataset) -> std::collections::BTreeSet<String> {
    let mut ids = std::collections::BTreeSet::new();
    for i in &raw.info {
        ids.insert(i.nation.get_ref().clone());
    }
    for f in &raw.formations {
        ids.extend(f.host.iter().chain(&f.lead_nation).map(|c| c.get_ref().clone()));
    }
    for o in &raw.operations {
        ids.extend(o.host_nations.iter().chain(&o.lead_nation).map(|c| c.get_ref().clone()));
    }
    for b in &raw.bases {
        ids.insert(b.country.get_ref().clone());
    }
    ids
}

/// Ids listed in a hint, at most.
const LISTED: usize = 12;

/// Warns, at its header line, about every item that names no source.
pub(super) fn check_provenance(raw: &RawDataset, diags: &mut Diagnostics) {
    let ids: Vec<String> =
        raw.sources.iter().map(|s| format!("`{}`", s.id.get_ref())).take(LISTED + 1).collect();
    let hint = match ids.len() {
        0 => "no `[[source]]` is declared: declare one (id, title, publisher, url, published, \
              accessed) and name it here with `source = \"<id>\"`"
            .to_owned(),
        n => {
            let more = if n > LISTED { ", …" } else { "" };
            let listed = ids[..n.min(LISTED)].join(", ");
            format!("add `source = \"<id>\"` naming one of the [[source]] entries: {listed}{more}")
        }
    };
    // A country no item refers to (not the nation, a host, a lead nation or a
    // base's country) is only a name for the maps: it states no fact, so it
    // needs no source.
    let referred = referred_countries(raw);
    let named_only = |c: &Claim| {
        c.name
            .strip_prefix("country `")
            .and_then(|n| n.strip_suffix('`'))
            .is_some_and(|id| !referred.contains(id))
    };
    for c in claims(raw) {
        if c.source.is_some() || named_only(&c) {
            continue;
        }
        diags.push(
            Diagnostic::warning(format!("{} names no source", c.name))
                .at(c.file, c.header.clone())
                .hint(hint.clone())
                .hint(
                    "every item names its own source: the `[dataset]` table's `source` is not a default",
                ),
        );
    }
}
