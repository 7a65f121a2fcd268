//! Draft items: an item that still holds a `"TODO: …"` placeholder, as
//! `briefing new` writes it, is a draft. Every placeholder is a located
//! warning (an error with `--strict`), and the draft is left out of the
//! dataset until it is filled, so a placeholder is never printed as a fact.
//!
//! Builds on nothing here but the TOML parser's values.

use std::sync::Arc;

use toml::Spanned;
use toml::de::DeValue;

use crate::diag::{Diagnostic, SourceText};

/// How a placeholder begins: a text no source states.
pub const PLACEHOLDER: &str = "TODO:";

/// Whether a string is a placeholder left to fill.
pub fn is_placeholder(s: &str) -> bool {
    s.trim_start().starts_with(PLACEHOLDER)
}

/// One warning per placeholder of the `section` item `value`, in file order;
/// empty for an item that holds none (it is no draft).
pub fn blanks(
    src: &Arc<SourceText>,
    section: &str,
    value: &Spanned<DeValue<'_>>,
) -> Vec<Diagnostic> {
    let DeValue::Table(table) = value.get_ref() else { return Vec::new() };
    let id = table.iter().find(|(k, _)| k.get_ref() == "id").and_then(|(_, v)| match v.get_ref() {
        DeValue::String(s) if !is_placeholder(s) => Some(s.to_string()),
        _ => None,
    });
    let item = match &id {
        Some(id) => format!("{section} `{id}`"),
        None => format!("this {section}"),
    };
    let mut found = Vec::new();
    let mut stack: Vec<(String, &Spanned<DeValue<'_>>)> =
        // A remark is never printed: a "TODO: …" there is a note to the keepers, not a blank.
        table.iter().filter(|(k, _)| k.get_ref() != "comment").map(|(k, v)| (k.get_ref().to_string(), v)).collect();
    while let Some((field, value)) = stack.pop() {
        match value.get_ref() {
            DeValue::String(s) if is_placeholder(s) => found.push((field, value.span())),
            DeValue::Array(items) => stack.extend(items.iter().map(|v| (field.clone(), v))),
            // A text by language names its field, not the language.
            DeValue::Table(t) => stack.extend(t.iter().map(|(_, v)| (field.clone(), v))),
            _ => {}
        }
    }
    found.sort_by_key(|(_, span)| span.start);
    // One warning a field: a text by language holds a placeholder in each language.
    let mut seen = std::collections::BTreeSet::new();
    found.retain(|(field, _)| seen.insert(field.clone()));
    found
        .into_iter()
        .map(|(field, span)| {
            Diagnostic::warning(format!("`{field}` of {item} is still to fill in"))
                .at(src, span)
                .hint("replace the \"TODO: …\" text with what the item's source says")
                .hint(format!(
                    "until then {item} is a draft: left out of every document and every check"
                ))
        })
        .collect()
}
