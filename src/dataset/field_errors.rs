//! Every wrong field of an item, each at its place. serde stops at an item's
//! first error; an item's table is read again without the field at fault,
//! as many times as it has fields, so that one run of `validate` names every
//! mistake of a file instead of one per item and run.

use std::ops::Range;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use super::text::{TextSite, collect_sites};
use crate::diag::closest;

/// One field's error, with the place it is to be reported at and the table it
/// lies in (the item's own section, or a nested table's key such as `counted`).
pub(super) struct FieldError {
    /// The error serde gave.
    pub error: toml::de::Error,
    /// Where to report it: serde's own span, or the value of the field found at fault.
    pub span: Range<usize>,
    /// The innermost table key the error lies in, when it lies below the item.
    pub table: Option<String>,
}

/// What reading one item gave: the item and its texts, or every field error.
pub(super) enum ItemRead<T> {
    /// The item, with the translatable texts it holds.
    Parsed(T, Vec<TextSite>),
    /// The errors, in the order they were found (the first is serde's first).
    Failed(Vec<FieldError>),
}

/// Reads `value` as a `T`; on failure, reads it again without each field at
/// fault until no error is left, collecting every field's error.
pub(super) fn read_item<T: DeserializeOwned>(value: Spanned<DeValue<'_>>) -> ItemRead<T> {
    let span = value.span();
    let (parsed, sites) = collect_sites(|| T::deserialize(ValueDeserializer::from(value.clone())));
    let first = match parsed {
        Ok(item) => return ItemRead::Parsed(item, sites),
        Err(e) => e,
    };
    let DeValue::Table(mut table) = value.into_inner() else {
        let span = first.span().unwrap_or(span);
        return ItemRead::Failed(vec![FieldError { error: first, span, table: None }]);
    };
    let mut errors = Vec::new();
    let mut removed: Vec<String> = Vec::new();
    // The fields removed as unknown: probably misspellings of fields still missing.
    let mut misspelt: Vec<String> = Vec::new();
    let mut error = first;
    // Each round removes one field, so the rounds end; the bound is only a guard.
    for _ in 0..=table.len() {
        // A required field this loop removed is reported already: serde checks for
        // missing fields after reading all the others, so nothing is left to find.
        if let Some(field) = missing_field(&error) {
            if removed.iter().any(|r| r == field) {
                break;
            }
            // `contry = …` removed leaves `country` missing: the misspelling is
            // reported already, with "did you mean `country`?".
            if closest(field, misspelt.iter().map(String::as_str)).is_some() {
                break;
            }
        }
        let culprit = match error.span() {
            Some(at) => key_at(&table, &at),
            None => key_by_removal::<T>(&table, span.clone(), &error),
        };
        let at = error
            .span()
            .or_else(|| culprit.as_ref().map(|(_, value_span)| value_span.clone()))
            .unwrap_or(span.clone());
        let nested = nested_table(&table, &at);
        errors.push(FieldError { error, span: at, table: nested });
        let Some((key, _)) = culprit else { break };
        if errors.last().is_some_and(|e| e.error.message().starts_with("unknown field `")) {
            misspelt.push(key.clone());
        }
        table = without(&table, &key);
        removed.push(key);
        let retry = Spanned::new(span.clone(), DeValue::Table(table.clone()));
        match collect_sites(|| T::deserialize(ValueDeserializer::from(retry))).0 {
            Ok(_) => break,
            Err(e) => error = e,
        }
    }
    // Fields are read in key order: report them in the order they are written.
    errors.sort_by_key(|e| e.span.start);
    ItemRead::Failed(errors)
}

/// The field a "missing field" error names.
fn missing_field(e: &toml::de::Error) -> Option<&str> {
    e.message().trim().strip_prefix("missing field `")?.split('`').next()
}

/// The top-level key of `table` whose key or value holds `at`, with its value's span.
fn key_at(table: &DeTable<'_>, at: &Range<usize>) -> Option<(String, Range<usize>)> {
    table.iter().find_map(|(k, v)| {
        let (key, value) = (k.span(), v.span());
        let within = |r: &Range<usize>| r.start <= at.start && at.end <= r.end && r.start < r.end;
        (within(&key) || within(&value) || key.start == at.start)
            .then(|| (k.get_ref().as_ref().to_owned(), value))
    })
}

/// For an error serde gave without a place: the field without which the item
/// no longer fails with that error.
fn key_by_removal<T: DeserializeOwned>(
    table: &DeTable<'_>,
    span: Range<usize>,
    error: &toml::de::Error,
) -> Option<(String, Range<usize>)> {
    table.iter().find_map(|(k, v)| {
        let name = k.get_ref().as_ref();
        let retry = Spanned::new(span.clone(), DeValue::Table(without(table, name)));
        let still = match collect_sites(|| T::deserialize(ValueDeserializer::from(retry))).0 {
            Ok(_) => false,
            Err(e) => e.message() == error.message(),
        };
        (!still).then(|| (name.to_owned(), v.span()))
    })
}

/// `table` without its field `key`.
fn without<'i>(table: &DeTable<'i>, key: &str) -> DeTable<'i> {
    table
        .iter()
        .filter(|(k, _)| k.get_ref().as_ref() != key)
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// The innermost key below the item whose table holds `at`: `counted` for a
/// misspelt key inside `counted = { … }`; `None` for the item's own fields.
fn nested_table(table: &DeTable<'_>, at: &Range<usize>) -> Option<String> {
    fn inside(value: &Spanned<DeValue<'_>>, at: &Range<usize>, name: &str) -> Option<String> {
        let span = value.span();
        if !(span.start <= at.start && at.end <= span.end) {
            return None;
        }
        match value.get_ref() {
            DeValue::Table(t) => Some(
                t.iter()
                    .find_map(|(k, v)| inside(v, at, k.get_ref().as_ref()))
                    .unwrap_or_else(|| name.to_owned()),
            ),
            DeValue::Array(items) => Some(
                items.iter().find_map(|v| inside(v, at, name)).unwrap_or_else(|| name.to_owned()),
            ),
            _ => None,
        }
    }
    table.iter().find_map(|(k, v)| inside(v, at, k.get_ref().as_ref()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Item {
        id: String,
        count: i64,
        lat: Option<f64>,
        inner: Option<Inner>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        bases: Vec<String>,
    }

    /// The errors of the one item in `toml`, as (message's first words, text at the place, table).
    fn errors(toml: &str) -> Vec<(String, String, Option<String>)> {
        let (table, errs) = DeTable::parse_recoverable(toml);
        assert!(errs.is_empty());
        let (_, value) = table.into_inner().into_iter().next().expect("one key");
        let DeValue::Array(items) = value.into_inner() else { panic!("an array") };
        let item = items.into_iter().next().expect("one item");
        match read_item::<Item>(item) {
            ItemRead::Parsed(..) => vec![],
            ItemRead::Failed(e) => e
                .into_iter()
                .map(|e| {
                    let words = e.error.message().split(',').next().unwrap_or_default().to_owned();
                    (words, toml[e.span].to_owned(), e.table)
                })
                .collect(),
        }
    }

    #[test]
    fn every_wrong_field_is_reported_in_written_order() {
        let found = errors(
            "[[x]]\nid = 5\ncount = \"four\"\nlat = \"north\"\ninner = { base = [\"a\"] }\nextra = 1\n",
        );
        let places: Vec<&str> = found.iter().map(|(_, at, _)| at.as_str()).collect();
        assert_eq!(places, ["5", "\"four\"", "\"north\"", "base", "extra"], "{found:?}");
        // The misspelt key inside `inner` is `inner`'s, the other unknown key the item's.
        assert_eq!(found[3].2.as_deref(), Some("inner"));
        assert_eq!(found[4].2, None);
    }

    #[test]
    fn a_misspelt_required_field_is_reported_once_as_unknown() {
        let found = errors("[[x]]\nid = \"a\"\ncont = 3\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].0.starts_with("unknown field `cont`"), "{found:?}");
    }

    #[test]
    fn a_good_item_parses_and_a_missing_field_is_reported_once() {
        assert!(errors("[[x]]\nid = \"a\"\ncount = 3\n").is_empty());
        let found = errors("[[x]]\nid = \"a\"\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].0.starts_with("missing field `count`"), "{found:?}");
    }
}
