//! The kinds of item a dataset holds, listed once.
//!
//! [`with_item_kinds!`] is the one list: the raw and the resolved dataset,
//! the sections a data file may hold, the parser's dispatch, the id look-up
//! used while resolving, and the audience filter are all generated from it.
//! Adding a kind is a struct in `model`, its [`ItemKind`] impl in `links`,
//! and one line here.

use std::fmt;

use indexmap::IndexMap;
use serde::de::DeserializeOwned;
use toml::Spanned;

use super::load::{Located, RawDataset};
use super::model::*;
use super::resolved::Dataset;
use super::table::{Ix, Table};

/// Calls `$then!` with every kind of item after `[dataset]`, as
/// `field: Type = "section"`, in the order sections are documented.
macro_rules! with_item_kinds {
    ($then:ident) => {
        $then! {
            markings: MarkingLevel = "marking",
            sources: Source = "source",
            countries: Country = "country",
            branches: Branch = "branch",
            formations: Formation = "formation",
            operations: Operation = "operation",
            bases: Base = "base",
            rotations: Rotation = "rotation",
            figures: Figure = "figure",
            events: Event = "event",
            texts: ContextText = "text",
            charts: Chart = "chart",
            lines: LineToTake = "line",
            questions: Question = "question",
        }
    };
}
pub(super) use with_item_kinds;

/// What the dataset needs to know about every kind of item.
pub trait ItemKind: Clone + fmt::Debug + DeserializeOwned + 'static {
    /// Its references to other items, resolved to indices.
    type Links: Clone + fmt::Debug;
    /// Its id, for kinds that have one.
    fn id(&self) -> Option<&Spanned<String>>;
    /// Its marking level id, for kinds that are marked and when given.
    fn marking(&self) -> Option<&Spanned<String>> {
        None
    }
    /// Its releasability caveats (empty for kinds without them).
    fn releasable_to(&self) -> &[String] {
        &[]
    }
    /// Its references, resolved against the ids of the dataset being built.
    fn resolve(&self, ids: &Ids) -> Self::Links;
}

/// A kind in the list of [`with_item_kinds!`]: where its items live.
pub trait Listed: ItemKind {
    /// Top-level key of its items in a data file (`branch` for `[[branch]]`).
    const SECTION: &'static str;
    /// Its items as parsed.
    fn raw(raw: &RawDataset) -> &Vec<Located<Self>>;
    /// Its items as parsed, to add to.
    fn raw_mut(raw: &mut RawDataset) -> &mut Vec<Located<Self>>;
    /// Its items, resolved.
    fn table(ds: &Dataset) -> &Table<Self>;
    /// Its ids, while the dataset is being resolved.
    fn ids(ids: &Ids) -> &IndexMap<String, Ix<Self>>;
}

macro_rules! generate {
    ($($field:ident: $ty:ident = $section:literal,)*) => {
        /// The kinds of item a dataset file may hold, by top-level key.
        pub const SECTIONS: &[&str] = &["dataset", $($section),*];

        $(impl Listed for $ty {
            const SECTION: &'static str = $section;
            fn raw(raw: &RawDataset) -> &Vec<Located<Self>> {
                &raw.$field
            }
            fn raw_mut(raw: &mut RawDataset) -> &mut Vec<Located<Self>> {
                &mut raw.$field
            }
            fn table(ds: &Dataset) -> &Table<Self> {
                &ds.$field
            }
            fn ids(ids: &Ids) -> &IndexMap<String, Ix<Self>> {
                &ids.$field
            }
        })*

        /// The ids of every kind of item, while references are resolved.
        #[derive(Debug, Default)]
        pub struct Ids {
            $($field: IndexMap<String, Ix<$ty>>,)*
            /// The branch of each operation, by index.
            operation_branch: Vec<Option<Ix<Branch>>>,
        }

        impl Ids {
            /// The ids of the items of `raw` (the first of each id wins; after
            /// validation there are no duplicates).
            pub(super) fn of(raw: &RawDataset) -> Ids {
                let mut ids = Ids { $($field: index(&raw.$field),)* operation_branch: Vec::new() };
                ids.operation_branch =
                    raw.operations.iter().map(|o| ids.get(&o.branch)).collect();
                ids
            }
        }
    };
}
with_item_kinds!(generate);

/// Id → index of one kind's items.
fn index<K: ItemKind>(items: &[Located<K>]) -> IndexMap<String, Ix<K>> {
    let mut map = IndexMap::new();
    for (n, it) in items.iter().enumerate() {
        if let Some(id) = it.item.id() {
            map.entry(id.get_ref().clone()).or_insert(Ix::new(n));
        }
    }
    map
}

impl Ids {
    /// The index of the item of kind `K` with id `id`, if there is one.
    pub fn get<K: Listed>(&self, id: &Spanned<String>) -> Option<Ix<K>> {
        K::ids(self).get(id.get_ref()).copied()
    }

    /// The index of an item validation proved exists: a reference checked
    /// by `validate`, whose target the audience filter keeps whenever it
    /// keeps the item referring to it (the marking order check).
    pub fn required<K: Listed>(&self, id: &Spanned<String>) -> Ix<K> {
        self.get(id).unwrap_or_else(|| {
            panic!("validation guarantees that {} `{}` exists", K::SECTION, id.get_ref())
        })
    }

    /// The branch of operation `op`.
    pub fn branch_of(&self, op: Ix<Operation>) -> Option<Ix<Branch>> {
        self.operation_branch.get(op.index()).copied().flatten()
    }

    /// The indices of the items of kind `K` named by `ids` that exist, in
    /// the order named.
    pub fn present<K: Listed>(&self, ids: &[Spanned<String>]) -> Vec<Ix<K>> {
        ids.iter().filter_map(|id| self.get(id)).collect()
    }
}
