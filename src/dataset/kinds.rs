//! The kinds of item a dataset holds, listed once.
//!
//! [`with_item_kinds!`] is the one list: the raw and the resolved dataset,
//! the sections a data file may hold, the parser's dispatch, the id look-up
//! used while resolving, and the audience filter are all generated from it.
//! Adding a kind is a struct in `model`, its `ItemKind` impl in `item`, its
//! `Linked` impl in `links`, and one line here.
//!
//! This is the lowest layer of the dataset's files: it names the kinds but
//! uses none of them, so every other file may expand the list.

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

macro_rules! sections {
    ($($field:ident: $ty:ident = $section:literal,)*) => {
        /// The kinds of item a dataset file may hold, by top-level key.
        pub const SECTIONS: &[&str] = &["dataset", $($section),*];
    };
}
with_item_kinds!(sections);
