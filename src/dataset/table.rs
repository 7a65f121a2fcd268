//! The tables of a resolved dataset: items with their links, by typed index.

use indexmap::IndexMap;

use super::ix::Ix;
use super::links::Linked;
use super::located::Located;

/// One item of a resolved dataset: as written (with its place), plus its
/// references resolved to indices and its marking to a rank.
#[derive(Debug, Clone)]
pub struct Item<K: Linked> {
    /// The item as parsed, with its file and span.
    pub located: Located<K>,
    /// Its references to other items, resolved.
    pub links: K::Links,
    /// Rank of its marking level (0 = lowest); the lowest when unmarked.
    pub rank: usize,
}

impl<K: Linked> std::ops::Deref for Item<K> {
    type Target = Located<K>;
    fn deref(&self) -> &Located<K> {
        &self.located
    }
}

/// Every item of one kind, in written order, with O(1) look-up by id.
#[derive(Debug, Clone)]
pub struct Table<K: Linked> {
    items: Vec<Item<K>>,
    by_id: IndexMap<String, Ix<K>>,
}

impl<K: Linked> Table<K> {
    /// A table of `items`, indexed by id (ids are unique: validation checked).
    pub(super) fn new(items: Vec<Item<K>>) -> Self {
        let by_id = items
            .iter()
            .enumerate()
            .filter_map(|(n, it)| Some((it.item.id()?.get_ref().clone(), Ix::new(n))))
            .collect();
        Table { items, by_id }
    }

    /// How many items there are.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The items in written order.
    pub fn iter(&self) -> std::slice::Iter<'_, Item<K>> {
        self.items.iter()
    }

    /// The items in written order, each with its index.
    pub fn indexed(&self) -> impl DoubleEndedIterator<Item = (Ix<K>, &Item<K>)> + '_ {
        self.items.iter().enumerate().map(|(n, it)| (Ix::new(n), it))
    }

    /// Every index, in written order.
    pub fn ixs(&self) -> impl DoubleEndedIterator<Item = Ix<K>> {
        (0..self.items.len()).map(Ix::new)
    }

    /// The index of the item with id `id`, if there is one.
    pub fn find(&self, id: &str) -> Option<Ix<K>> {
        self.by_id.get(id).copied()
    }

    /// The item with id `id`, if there is one.
    pub fn by_id(&self, id: &str) -> Option<&Item<K>> {
        self.find(id).map(|ix| &self[ix])
    }

    /// The first item, if any.
    pub fn first(&self) -> Option<&Item<K>> {
        self.items.first()
    }
}

impl<K: Linked> std::ops::Index<Ix<K>> for Table<K> {
    type Output = Item<K>;
    fn index(&self, ix: Ix<K>) -> &Item<K> {
        &self.items[ix.index()]
    }
}

impl<'a, K: Linked> IntoIterator for &'a Table<K> {
    type Item = &'a Item<K>;
    type IntoIter = std::slice::Iter<'a, Item<K>>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}
