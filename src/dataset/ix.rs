//! Typed indices: a reference resolved once, to the right table.

use std::fmt;
use std::marker::PhantomData;

/// The position of an item of kind `K` in its table: a reference
/// resolved once, checked by the type system to point into the right table.
pub struct Ix<K>(u32, PhantomData<fn() -> K>);

impl<K> Ix<K> {
    /// The index of the `n`-th item of its table.
    pub(super) fn new(n: usize) -> Self {
        // Items are bounded by `limits::MAX_ITEMS`, far below `u32::MAX`.
        Ix(u32::try_from(n).unwrap_or(u32::MAX), PhantomData)
    }

    /// Its position in the table, counted from 0 in written order.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

// Derives would bound `K`; an index is copyable and comparable whatever it points at.
impl<K> Clone for Ix<K> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<K> Copy for Ix<K> {}
impl<K> PartialEq for Ix<K> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}
impl<K> Eq for Ix<K> {}
impl<K> PartialOrd for Ix<K> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl<K> Ord for Ix<K> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.cmp(&other.0)
    }
}
impl<K> std::hash::Hash for Ix<K> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}
impl<K> fmt::Debug for Ix<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Ix({})", self.0)
    }
}
