//! The dataset after validation: every item indexed by id, every reference
//! resolved to an index, every marking to a rank.

use std::sync::Arc;

use super::geo::Outlines;
use super::ids::Ids;
use super::ix::Ix;
use super::kinds::with_item_kinds;
use super::links::{CountryRef, Linked};
use super::load::RawDataset;
use super::located::Located;
use super::model::*;
use super::table::{Item, Table};
use super::text::{Text, TextSite};
use crate::diag::SourceText;

/// Scope id meaning "all branches"; no branch may take it.
pub const COMBINED_SCOPE: &str = "combined";

/// A kind in the list of `with_item_kinds!`: where its resolved items live
/// (the parsed side is `ids::Listed`, which comes before any `Dataset`).
pub trait Resolved: Linked {
    /// Its items, resolved.
    fn table(ds: &Dataset) -> &Table<Self>;
}

macro_rules! generate {
    ($($field:ident: $ty:ident = $section:literal,)*) => {
        $(impl Resolved for $ty {
            fn table(ds: &Dataset) -> &Table<Self> {
                &ds.$field
            }
        })*

        /// A dataset that passed every check (exactly one `[dataset]`, unique
        /// ids, every reference resolvable, every value in range), resolved:
        /// items are looked up by id or typed index, references are indices.
        #[derive(Debug, Clone)]
        pub struct Dataset {
            /// The `[dataset]` table.
            pub info: Item<DatasetInfo>,
            $(
                #[doc = concat!("The `[[", $section, "]]` items, in written order.")]
                pub $field: Table<$ty>,
            )*
            /// Country outlines for maps (from `geo/*.json` beside the TOML files).
            pub outlines: Outlines,
            /// Every translatable text with its file, for the missing-translation check.
            pub text_sites: Vec<(Arc<SourceText>, TextSite)>,
            /// The copies of sources' texts (`[[source]] file`), by source id.
            pub source_files: SourceFiles,
            /// The publisher's emblem (`[dataset] emblem`), an SVG drawing.
            pub emblem: Option<Arc<Vec<u8>>>,
        }

        impl Dataset {
            /// Resolves the items of `raw` (validated: every reference holds),
            /// with the `[dataset]` table `info`.
            pub(super) fn resolve(
                info: Located<DatasetInfo>,
                raw: RawDataset,
                outlines: Outlines,
            ) -> Dataset {
                let ids = Ids::of(&raw);
                Dataset {
                    info: item(info, &ids),
                    $($field: Table::new(
                        raw.$field.into_iter().map(|it| item(it, &ids)).collect(),
                    ),)*
                    outlines,
                    text_sites: raw.text_sites,
                    source_files: SourceFiles::default(),
                    emblem: None,
                }
            }

            /// The dataset as an audience of level `audience` may see it: every
            /// item marked above that level is removed here, before planning,
            /// charts and templates, and the rest is indexed anew. Marking
            /// order checks guarantee that nothing left needs a removed item;
            /// optional links (an operation's formation and bases) to removed
            /// items are dropped, countries withheld are named by their id.
            pub fn for_audience(&self, audience: usize) -> Dataset {
                let mut raw = RawDataset::default();
                $(raw.$field = visible(&self.$field, audience);)*
                raw.text_sites = self.text_sites.clone();
                Dataset {
                    source_files: self.source_files.clone(),
                    emblem: self.emblem.clone(),
                    ..Dataset::resolve(self.info.located.clone(), raw, self.outlines.clone())
                }
            }
        }
    };
}
with_item_kinds!(generate);

/// The copies of sources' texts, by source id: the file's name in the data
/// folder and its bytes.
pub type SourceFiles = std::collections::BTreeMap<String, (String, Arc<Vec<u8>>)>;

/// The items of `table` an audience of level `audience` may see, as written.
fn visible<K: Linked>(table: &Table<K>, audience: usize) -> Vec<Located<K>> {
    table.iter().filter(|it| it.rank <= audience).map(|it| it.located.clone()).collect()
}

/// `located` with its references and marking resolved.
fn item<K: Linked>(located: Located<K>, ids: &Ids) -> Item<K> {
    Item {
        links: located.item.resolve(ids),
        // Levels are ranked lowest first; unmarked items rank lowest.
        rank: located.item.marking().and_then(|m| ids.get::<MarkingLevel>(m)).map_or(0, Ix::index),
        located,
    }
}

impl std::ops::Index<usize> for Table<MarkingLevel> {
    type Output = Item<MarkingLevel>;
    /// The level of rank `rank` (levels are ranked lowest first).
    fn index(&self, rank: usize) -> &Item<MarkingLevel> {
        &self[Ix::new(rank)]
    }
}

impl Dataset {
    /// Rank of a level id, if declared.
    pub fn level_rank(&self, id: &str) -> Option<usize> {
        self.markings.find(id).map(|ix| ix.index())
    }

    /// The name of a country an item names, in `lang` (by `pick`); a
    /// country withheld from the audience is named by its id.
    pub fn country_name(&self, country: &CountryRef, pick: impl Fn(&Text) -> String) -> String {
        match country {
            CountryRef::Known(ix) => pick(&self.countries[*ix].name),
            CountryRef::Withheld(id) => id.clone(),
        }
    }
}
