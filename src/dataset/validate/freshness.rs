//! Freshness: with `max_age` in `[dataset]`, every item older than the
//! dataset's `as_of` less `max_age` is reported.

use std::collections::BTreeMap;

use super::checks::header;
use super::provenance::claims;
use crate::dataset::age::{Dated, item_date, last_day};
use crate::dataset::load::{Located, RawDataset};
use crate::dataset::model::{DatasetInfo, Source};
use crate::diag::{Diagnostic, Diagnostics};

/// Warns, at its header line, about every item whose date (its `as_of`, else
/// its source's `published`, else `accessed`) is older than `max_age` allows.
pub(super) fn check_freshness(
    raw: &RawDataset,
    info: &Located<DatasetInfo>,
    diags: &mut Diagnostics,
) {
    let Some(max_age) = &info.max_age else { return };
    let limit = max_age.get_ref();
    let (y, m, d) = limit.cutoff(&info.as_of);
    let cutoff = format!("{y:04}-{m:02}-{d:02}");
    // The first source of each id counts (duplicates are reported elsewhere).
    let mut sources: BTreeMap<&str, &Located<Source>> = BTreeMap::new();
    for s in &raw.sources {
        sources.entry(s.id.get_ref().as_str()).or_insert(s);
    }
    for c in claims(raw) {
        let source = c.source.and_then(|s| sources.get(s.get_ref().as_str()).copied());
        let Some((date, dated)) = item_date(c.as_of, source.map(|s| (s.published, s.accessed)))
        else {
            continue;
        };
        if last_day(&date) >= (y, m, d) {
            continue;
        }
        let whose = match (dated, source) {
            (Dated::Own, _) | (_, None) => String::new(),
            (Dated::Published, Some(s)) => {
                format!(" (the date its source `{}` was published)", s.id.get_ref())
            }
            (Dated::Accessed, Some(s)) => {
                format!(" (the date its source `{}` was read)", s.id.get_ref())
            }
        };
        let mut d = Diagnostic::warning(format!(
            "{} is as of {date}{whose}, older than the dataset's `max_age` of {limit} allows",
            c.name
        ))
        .at(c.file, c.header.clone())
        .related(
            &info.file,
            max_age.span(),
            format!("the dataset is as of {}: nothing before {cutoff} is fresh", info.as_of),
        );
        if let (Dated::Published | Dated::Accessed, Some(s)) = (dated, source) {
            d = d.related(&s.file, header(s), "source declared here");
        }
        let fix = match dated {
            Dated::Own => "check it against its source and update its `as_of`",
            Dated::Published => {
                "check it against a newer source, or give the item the `as_of` date it was last checked"
            }
            Dated::Accessed => {
                "read the source again and update its `accessed`, or give the item its own `as_of`"
            }
        };
        diags.push(d.hint(fix).hint("or allow older items with a longer `max_age` in `[dataset]`"));
    }
}
