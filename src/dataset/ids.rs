//! The ids of a parsed dataset, and where each kind's parsed items live.

use indexmap::IndexMap;
use toml::Spanned;

use super::item::ItemKind;
use super::ix::Ix;
use super::kinds::with_item_kinds;
use super::load::RawDataset;
use super::located::Located;
use super::model::*;

/// A kind in the list of [`with_item_kinds!`]: where its parsed items and its ids live.
pub trait Listed: ItemKind {
    /// Top-level key of its items in a data file (`branch` for `[[branch]]`).
    const SECTION: &'static str;
    /// Its items as parsed.
    fn raw(raw: &RawDataset) -> &Vec<Located<Self>>;
    /// Its items as parsed, to add to.
    fn raw_mut(raw: &mut RawDataset) -> &mut Vec<Located<Self>>;
    /// Its ids, while the dataset is being resolved.
    fn ids(ids: &Ids) -> &IndexMap<String, Ix<Self>>;
}

macro_rules! generate {
    ($($field:ident: $ty:ident = $section:literal,)*) => {
        $(impl Listed for $ty {
            const SECTION: &'static str = $section;
            fn raw(raw: &RawDataset) -> &Vec<Located<Self>> {
                &raw.$field
            }
            fn raw_mut(raw: &mut RawDataset) -> &mut Vec<Located<Self>> {
                &mut raw.$field
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
