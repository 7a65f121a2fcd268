//! What each kind of item refers to, resolved to indices.

use std::fmt;

use toml::Spanned;

use super::ids::{Ids, Listed};
use super::item::ItemKind;
use super::ix::Ix;
use super::model::*;

/// A kind whose references are resolved to indices once the dataset's ids
/// are known: what an item of a resolved dataset carries besides itself.
pub trait Linked: ItemKind {
    /// Its references to other items, resolved to indices.
    type Links: Clone + fmt::Debug;
    /// Its references, resolved against the ids of the dataset being built.
    fn resolve(&self, ids: &Ids) -> Self::Links;
}

/// A country an item names. Countries are not covered by the marking order
/// check, so an audience may be kept from a country a base or formation it
/// sees still names: documents then print the id as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CountryRef {
    /// A country of the dataset.
    Known(Ix<Country>),
    /// A country the audience may not see, by its id.
    Withheld(String),
}

impl CountryRef {
    fn resolve(ids: &Ids, id: &Spanned<String>) -> CountryRef {
        ids.get(id).map_or_else(|| CountryRef::Withheld(id.get_ref().clone()), CountryRef::Known)
    }
}

/// The links of kinds that refer to nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoLinks;

/// The nation a `[dataset]` is about.
#[derive(Debug, Clone)]
pub struct InfoLinks {
    /// The contributing nation.
    pub nation: CountryRef,
}

/// The countries of a formation.
#[derive(Debug, Clone)]
pub struct FormationLinks {
    /// Host country, when it has one.
    pub host: Option<CountryRef>,
    /// Lead (framework) nation, when given.
    pub lead_nation: Option<CountryRef>,
}

/// What an operation belongs to and uses.
#[derive(Debug, Clone)]
pub struct OperationLinks {
    /// The branch carrying it.
    pub branch: Ix<Branch>,
    /// The formation it is part of, when given and visible to the audience.
    pub formation: Option<Ix<Formation>>,
    /// Its own lead nation, when given.
    pub lead_nation: Option<CountryRef>,
    /// Host countries, as listed.
    pub host_nations: Vec<CountryRef>,
    /// Bases used that the audience may see, as listed.
    pub bases: Vec<Ix<Base>>,
}

/// Where a base is.
#[derive(Debug, Clone)]
pub struct BaseLinks {
    /// Its country.
    pub country: CountryRef,
}

/// What a rotation counts.
#[derive(Debug, Clone)]
pub struct RotationLinks {
    /// The operation deployed.
    pub operation: Ix<Operation>,
    /// The base deployed from.
    pub base: Ix<Base>,
}

/// What a figure, an event, a line or a question belongs to.
#[derive(Debug, Clone)]
pub struct BelongsTo {
    /// The branch given, else the branch of the operation given; none for
    /// an item of the whole contribution.
    pub branch: Option<Ix<Branch>>,
    /// The operation given.
    pub operation: Option<Ix<Operation>>,
}

/// What a figure belongs to and, for a derived figure, the items it counts.
#[derive(Debug, Clone)]
pub struct FigureLinks {
    /// The branch given, else the branch of the operation given.
    pub branch: Option<Ix<Branch>>,
    /// The operation given.
    pub operation: Option<Ix<Operation>>,
    /// Operations counted.
    pub counted_operations: Vec<Ix<Operation>>,
    /// Bases counted.
    pub counted_bases: Vec<Ix<Base>>,
    /// Formations counted.
    pub counted_formations: Vec<Ix<Formation>>,
}

/// What a chart shows.
#[derive(Debug, Clone)]
pub struct ChartLinks {
    /// The branch whose documents show it; none for the combined ones.
    pub branch: Option<Ix<Branch>>,
    /// Bar charts: one bar per figure.
    pub figures: Vec<Ix<Figure>>,
    /// Bar charts: the operation whose rotations give one bar per base.
    pub rotations: Option<Ix<Operation>>,
    /// Timelines: the operations drawn, as listed (empty: every one in scope).
    pub operations: Vec<Ix<Operation>>,
    /// Timelines: the events marked, as listed.
    pub events: Vec<Ix<Event>>,
    /// Maps: the bases marked, as listed (empty: those of the operations in scope).
    pub bases: Vec<Ix<Base>>,
}

impl Linked for DatasetInfo {
    type Links = InfoLinks;
    fn resolve(&self, ids: &Ids) -> InfoLinks {
        InfoLinks { nation: CountryRef::resolve(ids, &self.nation) }
    }
}

impl Linked for MarkingLevel {
    type Links = NoLinks;
    fn resolve(&self, _: &Ids) -> NoLinks {
        NoLinks
    }
}

impl Linked for Source {
    type Links = NoLinks;
    fn resolve(&self, _: &Ids) -> NoLinks {
        NoLinks
    }
}

impl Linked for Country {
    type Links = NoLinks;
    fn resolve(&self, _: &Ids) -> NoLinks {
        NoLinks
    }
}

impl Linked for Branch {
    type Links = NoLinks;
    fn resolve(&self, _: &Ids) -> NoLinks {
        NoLinks
    }
}

impl Linked for Formation {
    type Links = FormationLinks;
    fn resolve(&self, ids: &Ids) -> FormationLinks {
        FormationLinks {
            host: self.host.as_ref().map(|h| CountryRef::resolve(ids, h)),
            lead_nation: self.lead_nation.as_ref().map(|l| CountryRef::resolve(ids, l)),
        }
    }
}

impl Linked for Operation {
    type Links = OperationLinks;
    fn resolve(&self, ids: &Ids) -> OperationLinks {
        OperationLinks {
            branch: ids.required(&self.branch),
            // Not covered by the marking order: an audience may be kept
            // from an operation's formation or some of its bases.
            formation: self.formation.as_ref().and_then(|f| ids.get(f)),
            lead_nation: self.lead_nation.as_ref().map(|l| CountryRef::resolve(ids, l)),
            host_nations: self.host_nations.iter().map(|h| CountryRef::resolve(ids, h)).collect(),
            bases: ids.present(&self.bases),
        }
    }
}

impl Linked for Base {
    type Links = BaseLinks;
    fn resolve(&self, ids: &Ids) -> BaseLinks {
        BaseLinks { country: CountryRef::resolve(ids, &self.country) }
    }
}

impl Linked for Rotation {
    type Links = RotationLinks;
    fn resolve(&self, ids: &Ids) -> RotationLinks {
        RotationLinks { operation: ids.required(&self.operation), base: ids.required(&self.base) }
    }
}

/// The branch of an item that names a branch, an operation, both or neither.
fn belongs_to(
    ids: &Ids,
    branch: &Option<Spanned<String>>,
    operation: &Option<Spanned<String>>,
) -> BelongsTo {
    let operation = operation.as_ref().map(|o| ids.required(o));
    BelongsTo {
        branch: branch
            .as_ref()
            .map(|b| ids.required(b))
            .or_else(|| operation.and_then(|o| ids.branch_of(o))),
        operation,
    }
}

/// The indices of the items `list` names (none when there is no list).
fn resolve_all<K: Listed>(ids: &Ids, list: Option<&[Spanned<String>]>) -> Vec<Ix<K>> {
    list.map_or_else(Vec::new, |l| l.iter().map(|id| ids.required(id)).collect())
}

impl Linked for Figure {
    type Links = FigureLinks;
    fn resolve(&self, ids: &Ids) -> FigureLinks {
        let BelongsTo { branch, operation } = belongs_to(ids, &self.branch, &self.operation);
        let counted = self.counted.as_ref().map(|c| c.get_ref());
        FigureLinks {
            branch,
            operation,
            counted_operations: resolve_all(ids, counted.map(|c| &c.operations[..])),
            counted_bases: resolve_all(ids, counted.map(|c| &c.bases[..])),
            counted_formations: resolve_all(ids, counted.map(|c| &c.formations[..])),
        }
    }
}

impl Linked for Event {
    type Links = BelongsTo;
    fn resolve(&self, ids: &Ids) -> BelongsTo {
        belongs_to(ids, &self.branch, &self.operation)
    }
}

impl Linked for ContextText {
    type Links = NoLinks;
    fn resolve(&self, _: &Ids) -> NoLinks {
        NoLinks
    }
}

impl Linked for Chart {
    type Links = ChartLinks;
    fn resolve(&self, ids: &Ids) -> ChartLinks {
        ChartLinks {
            branch: self.branch.as_ref().map(|b| ids.required(b)),
            figures: self.figures.iter().map(|f| ids.required(f)).collect(),
            rotations: self.rotations.as_ref().map(|o| ids.required(o)),
            operations: self.operations.iter().map(|o| ids.required(o)).collect(),
            events: self.events.iter().map(|e| ids.required(e)).collect(),
            bases: self.bases.iter().map(|b| ids.required(b)).collect(),
        }
    }
}

impl Linked for LineToTake {
    type Links = BelongsTo;
    fn resolve(&self, ids: &Ids) -> BelongsTo {
        belongs_to(ids, &self.branch, &None)
    }
}

impl Linked for Question {
    type Links = BelongsTo;
    fn resolve(&self, ids: &Ids) -> BelongsTo {
        belongs_to(ids, &self.branch, &None)
    }
}
