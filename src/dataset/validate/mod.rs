//! Cross-checks of a parsed dataset: unique ids, references, ranges,
//! languages and the marking order, every problem collected as a located
//! diagnostic in a fixed order.

mod budget;
mod chart_shape;
mod checks;
mod freshness;
mod items;
mod marking_order;
mod provenance;
mod source_marking;
mod text_chars;

pub use budget::priority_of;

use super::geo::Outlines;
use super::load::{Located, RawDataset};
use super::model::*;
use super::resolved::{COMBINED_SCOPE, Dataset};
use super::text::is_language_id;
use crate::diag::{Diagnostic, Diagnostics};
use checks::{IdIndex, Validator, header};
use freshness::check_freshness;
use items::{check_items, common};
use marking_order::check_marking_order;
use provenance::check_provenance;
use source_marking::check_source_markings;
use text_chars::check_text_characters;

/// A dataset that passed every check, before its references are resolved.
#[derive(Debug)]
pub struct Validated {
    info: Located<DatasetInfo>,
    raw: RawDataset,
}

impl Validated {
    /// The dataset resolved and indexed, with the country outlines its maps draw.
    pub fn resolve(self, outlines: Outlines) -> Dataset {
        Dataset::resolve(self.info, self.raw, outlines)
    }
}

/// The ids of the kinds other items refer to, each with where it was defined.
pub(super) struct Known {
    markings: IdIndex,
    sources: IdIndex,
    countries: IdIndex,
    branches: IdIndex,
    formations: IdIndex,
    operations: IdIndex,
    bases: IdIndex,
    figures: IdIndex,
    events: IdIndex,
}

/// Checks `raw`; returns it, validated, when no error was found.
pub fn validate(raw: RawDataset, diags: &mut Diagnostics) -> Option<Validated> {
    let mut v = Validator { diags, incomplete: raw.incomplete.clone(), suggested: 0 };
    let info = dataset_table(&mut v, &raw);
    let known = unique_ids(&mut v, &raw);
    required_kinds(&mut v, &raw);
    id_syntax(&mut v, &raw);
    // Before the references: an id with an invisible character is why they dangle.
    check_text_characters(&raw.files, &raw.text_sites, v.diags);
    if let Some(info) = &info {
        check_info(&mut v, &known, info);
    }
    check_items(&mut v, &raw, &known);
    check_marking_order(&raw, v.diags);
    check_source_markings(&raw, v.diags);
    // Warnings (errors with `--strict`, see [`strictly`]).
    check_provenance(&raw, v.diags);
    budget::check_budgets(&raw, v.diags);
    if let Some(info) = &info {
        check_freshness(&raw, info, v.diags);
    }

    if v.diags.has_errors() {
        return None;
    }
    Some(Validated { info: info?, raw })
}

/// The outcome of loading a dataset, read strictly (`--strict`): every
/// warning of the data checks (an item that names no source, an item older
/// than `max_age`) becomes an error, so a release build fails on them, all
/// reported at once. Loading warns of nothing else, so every warning counts.
pub fn strictly(
    loaded: Result<(Dataset, Diagnostics), Diagnostics>,
) -> Result<(Dataset, Diagnostics), Diagnostics> {
    let promote = |diags: Diagnostics| {
        Diagnostics(
            diags
                .0
                .into_iter()
                .map(|d| match d.severity {
                    crate::diag::Severity::Warning => Diagnostic {
                        severity: crate::diag::Severity::Error,
                        ..d.hint("an error because of `--strict` (or BRIEFING_STRICT=1); without it, a warning")
                    },
                    crate::diag::Severity::Error => d,
                })
                .collect(),
        )
    };
    match loaded {
        Ok((ds, warnings)) if warnings.0.is_empty() => Ok((ds, warnings)),
        Ok((_, warnings)) => Err(promote(warnings)),
        Err(diags) => Err(promote(diags)),
    }
}

/// Where dataset-wide problems point: the `[dataset]` table, else the first file.
fn anchor(raw: &RawDataset, d: Diagnostic) -> Diagnostic {
    match (raw.info.first(), raw.files.first()) {
        (Some(info), _) => d.at(&info.file, header(info)),
        (None, Some(file)) => d.at(file, 0..0),
        (None, None) => d,
    }
}

/// The one `[dataset]` table, reporting none or a second one.
fn dataset_table(v: &mut Validator, raw: &RawDataset) -> Option<Located<DatasetInfo>> {
    match raw.info.len() {
        0 => {
            if !v.incomplete.contains("dataset") {
                v.diags.push(anchor(
                    raw,
                    Diagnostic::error("no `[dataset]` table in any data file")
                        .hint("one file must start with `[dataset]` giving id, title, nation, languages and as_of"),
                ));
            }
            None
        }
        _ => {
            for extra in &raw.info[1..] {
                let first = &raw.info[0];
                v.diags.push(
                    Diagnostic::error("a second `[dataset]` table")
                        .at(&extra.file, header(extra))
                        .related(&first.file, header(first), "first defined here")
                        .hint("a dataset has exactly one `[dataset]` table"),
                );
            }
            raw.info.first().cloned()
        }
    }
}

/// Indexes the ids of every kind, reporting empty and duplicate ones.
fn unique_ids(v: &mut Validator, raw: &RawDataset) -> Known {
    let known = Known {
        markings: v.unique::<MarkingLevel>(raw),
        sources: v.unique::<Source>(raw),
        countries: v.unique::<Country>(raw),
        branches: v.unique::<Branch>(raw),
        formations: v.unique::<Formation>(raw),
        operations: v.unique::<Operation>(raw),
        bases: v.unique::<Base>(raw),
        figures: v.unique::<Figure>(raw),
        events: v.unique::<Event>(raw),
    };
    // Nothing refers to these; their duplicates are reported after the others'.
    v.unique::<Chart>(raw);
    v.unique::<LineToTake>(raw);
    v.unique::<Question>(raw);
    v.unique::<ContextText>(raw);
    known
}

/// A dataset needs marking levels and branches.
fn required_kinds(v: &mut Validator, raw: &RawDataset) {
    if raw.markings.is_empty() && !v.incomplete.contains("marking") {
        v.diags.push(anchor(
            raw,
            Diagnostic::error("no `[[marking]]` levels declared")
                .hint("declare at least one level, e.g. `[[marking]] id = \"public\" banner = \"PUBLIC\" colour = \"#2f6f3e\"`"),
        ));
    }
    if raw.branches.is_empty() && !v.incomplete.contains("branch") {
        v.diags.push(anchor(
            raw,
            Diagnostic::error("no `[[branch]]` declared")
                .hint("a dataset needs at least one service branch"),
        ));
    }
}

/// Ids that end up in file names (audiences, charts, branches) and colours.
fn id_syntax(v: &mut Validator, raw: &RawDataset) {
    for m in &raw.markings {
        v.colour(m, &m.colour);
        // Audience ids end up in file names, like branch and chart ids.
        v.id_syntax(m, &m.id, "marking");
    }
    for c in &raw.charts {
        v.id_syntax(c, &c.id, "chart");
    }
    for b in &raw.branches {
        if b.id.get_ref() == COMBINED_SCOPE {
            v.diags.push(
                b.error_at(b.id.span(), format!("a branch cannot be called `{COMBINED_SCOPE}`"))
                    .hint(format!(
                        "`{COMBINED_SCOPE}` is the scope of all branches together; pick another id"
                    )),
            );
        }
        v.id_syntax(b, &b.id, "branch");
    }
}

/// The `[dataset]` table's references, languages and locales.
fn check_info(v: &mut Validator, known: &Known, info: &Located<DatasetInfo>) {
    v.reference(&info.file, "country", &known.countries, &info.nation);
    common(v, known, &info.file, &info.source, &info.marking);
    let langs = info.languages.get_ref();
    if langs.is_empty() {
        v.diags.push(
            info.error_at(info.languages.span(), "`languages` is empty")
                .hint("list at least one, e.g. [\"en\"]"),
        );
    }
    for (i, l) in langs.iter().enumerate() {
        if !is_language_id(l) {
            v.diags.push(
                info.error_at(info.languages.span(), format!("`{l}` is not a language id"))
                    .hint("use lowercase codes such as \"en\", \"nl\", \"fr\", \"de\""),
            );
        } else if langs[..i].contains(l) {
            v.diags.push(
                info.error_at(info.languages.span(), format!("language `{l}` is listed twice")),
            );
        }
    }
    if let Some(locales) = &info.locales {
        for (lang, tag) in locales.get_ref() {
            if !langs.contains(lang) {
                v.diags.push(
                    info.error_at(
                        locales.span(),
                        format!("`locales` names `{lang}`, which is not in `languages`"),
                    )
                    .hint(format!("the dataset declares {}", langs.join(", "))),
                );
            } else if tag.parse::<icu_locale_core::Locale>().is_err() {
                v.diags.push(
                    info.error_at(locales.span(), format!("`{tag}` is not a locale tag"))
                        .hint("write a BCP 47 tag such as \"en-GB\", \"nl-BE\" or \"fr-BE\""),
                );
            }
        }
    }
}
