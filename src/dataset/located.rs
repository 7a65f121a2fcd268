//! An item with the place it was written at.

use std::ops::Range;
use std::sync::Arc;

use crate::diag::{Diagnostic, SourceText};

/// An item together with the file and byte range it was written at.
#[derive(Debug, Clone)]
pub struct Located<T> {
    /// The parsed item.
    pub item: T,
    /// The file it came from.
    pub file: Arc<SourceText>,
    /// Its byte range in that file.
    pub span: Range<usize>,
}

impl<T> std::ops::Deref for Located<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.item
    }
}

impl<T> Located<T> {
    /// A diagnostic pointing at `span` within this item's file.
    pub fn error_at(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(message).at(&self.file, span)
    }
}
