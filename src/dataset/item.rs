//! What the dataset needs to know about every kind of item as written: its
//! id, its marking and its caveats (its references are the concern of
//! `links`, which needs the ids of the whole dataset).

use std::fmt;

use serde::de::DeserializeOwned;
use toml::Spanned;

use super::model::*;

/// What the dataset needs to know about every kind of item.
pub trait ItemKind: Clone + fmt::Debug + DeserializeOwned + 'static {
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
}

/// The marking and caveat accessors of every marked kind.
macro_rules! marked {
    () => {
        fn marking(&self) -> Option<&Spanned<String>> {
            self.marking.as_ref()
        }
        fn releasable_to(&self) -> &[String] {
            &self.releasable_to
        }
    };
}

/// The `ItemKind` impl of a kind with an id and a marking.
macro_rules! identified_and_marked {
    ($($ty:ident),*) => {
        $(impl ItemKind for $ty {
            fn id(&self) -> Option<&Spanned<String>> {
                Some(&self.id)
            }
            marked!();
        })*
    };
}

impl ItemKind for DatasetInfo {
    fn id(&self) -> Option<&Spanned<String>> {
        None
    }
    // Its caveats are the documents' own, not a limit on what they show
    // (see `plan::banner`): they are left out here.
    fn marking(&self) -> Option<&Spanned<String>> {
        self.marking.as_ref()
    }
}

impl ItemKind for MarkingLevel {
    fn id(&self) -> Option<&Spanned<String>> {
        Some(&self.id)
    }
}

impl ItemKind for Source {
    fn id(&self) -> Option<&Spanned<String>> {
        Some(&self.id)
    }
    fn marking(&self) -> Option<&Spanned<String>> {
        self.marking.as_ref()
    }
}

impl ItemKind for Rotation {
    fn id(&self) -> Option<&Spanned<String>> {
        None
    }
    marked!();
}

identified_and_marked!(
    Country,
    Branch,
    Formation,
    Operation,
    Base,
    Figure,
    Event,
    ContextText,
    Chart,
    LineToTake,
    Question
);
