//! Parsing dataset files into typed items, collecting every problem.

use std::ops::Range;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::field_errors::{FieldError, ItemRead, read_item};
use super::kinds::{SECTIONS, with_item_kinds};
// Re-exported so `load::Located`, the path validation and the parsed items' users
// name, still works now that `Located` lives below the parser.
pub use super::located::Located;
use super::model::*;
use super::text::TextSite;
use super::toml_hints;
use crate::diag::{Diagnostic, Diagnostics, SourceText, closest};

macro_rules! raw_dataset {
    ($($field:ident: $ty:ident = $section:literal,)*) => {
        /// Everything parsed from the dataset files, before cross-checks.
        #[derive(Debug, Default)]
        pub struct RawDataset {
            /// Every file read, in order.
            pub files: Vec<Arc<SourceText>>,
            /// The `[dataset]` tables found (exactly one is valid).
            pub info: Vec<Located<DatasetInfo>>,
            $(
                #[doc = concat!("`[[", $section, "]]` items.")]
                pub $field: Vec<Located<$ty>>,
            )*
            /// Every translatable text read, with its file: what the
            /// missing-translation check goes through.
            pub text_sites: Vec<(Arc<SourceText>, TextSite)>,
            /// Sections some item of which failed to parse: references to them are not
            /// checked, as the missing item may be the one referred to.
            pub incomplete: std::collections::BTreeSet<&'static str>,
            /// Items seen so far in all files, for [`crate::limits::MAX_ITEMS`].
            pub item_count: usize,
        }

        /// Parses the value of top-level key `name` into `raw`; `false` when no
        /// kind of item has that key.
        fn parse_section(
            src: &Arc<SourceText>,
            name: &str,
            value: Spanned<DeValue<'_>>,
            raw: &mut RawDataset,
            sink: &mut Sink<'_>,
        ) -> bool {
            match name {
                "dataset" => one(src, value, &mut raw.info, sink, "dataset"),
                $($section => many(src, value, &mut raw.$field, sink, $section),)*
                _ => return false,
            }
            true
        }
    };
}
with_item_kinds!(raw_dataset);

/// One dataset file as read from disk or from the embedded defaults.
#[derive(Debug, Clone)]
pub struct DataFile {
    /// Display name (`data/operations.toml`).
    pub name: String,
    /// Raw bytes.
    pub bytes: Vec<u8>,
}

/// Parses every file, returning what could be read and every problem found.
pub fn parse_files(files: Vec<DataFile>, diags: &mut Diagnostics) -> RawDataset {
    let mut raw = RawDataset::default();
    if files.iter().all(|f| toml_hints::stray_file_warning(&f.name).is_some()) {
        diags.push(Diagnostic::error("the data folder holds no `.toml` files").hint(
            "a dataset is a folder of TOML files; `briefing init DIR` writes a starting point",
        ));
    }
    for file in files {
        parse_file(file, &mut raw, diags);
    }
    raw
}

fn parse_file(file: DataFile, raw: &mut RawDataset, diags: &mut Diagnostics) {
    if let Some(warning) = toml_hints::stray_file_warning(&file.name) {
        diags.push(warning);
        return;
    }
    if file.bytes.len() > crate::limits::MAX_FILE_BYTES {
        diags.push(crate::limits::too_large(&file.name, file.bytes.len() as u64));
        raw.incomplete.extend(SECTIONS);
        return;
    }
    let text = match String::from_utf8(file.bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let valid = String::from_utf8_lossy(&e.as_bytes()[..at]).into_owned();
            let src = Arc::new(SourceText { name: file.name, text: valid });
            let end = src.text.len();
            diags.push(
                Diagnostic::error("file is not valid UTF-8")
                    .at(&src, end..end)
                    .hint("save the file as UTF-8 text"),
            );
            raw.files.push(src);
            raw.incomplete.extend(SECTIONS);
            return;
        }
    };
    // A byte-order mark is harmless; strip it so spans still line up with columns.
    let text = text.strip_prefix('\u{feff}').map(str::to_owned).unwrap_or(text);
    let src = Arc::new(SourceText { name: file.name, text });
    raw.files.push(src.clone());
    diags.0.extend(toml_hints::empty_file_warning(&src));

    let (table, errors) = DeTable::parse_recoverable(&src.text);
    if !errors.is_empty() {
        diags.0.extend(toml_hints::syntax_errors(&src, &errors, &SECTIONS[1..]));
        raw.incomplete.extend(SECTIONS);
        return;
    }
    let (too_much, items) = crate::limits::check_table(&src, &table, raw.item_count);
    raw.item_count += items;
    if !too_much.is_empty() {
        diags.0.extend(too_much);
        raw.incomplete.extend(SECTIONS);
        return;
    }
    diags.0.extend(toml_hints::value_warnings(&src, &table));

    // The sink holds what items add besides themselves while `raw` takes the items.
    let mut sink = Sink {
        diags,
        incomplete: std::mem::take(&mut raw.incomplete),
        sites: std::mem::take(&mut raw.text_sites),
    };
    for (key, value) in table.into_inner() {
        let name = key.get_ref().as_ref();
        let key_span = key.span();
        if !parse_section(&src, name, value, raw, &mut sink) {
            unknown_section(&src, name, key_span, &mut sink);
        }
    }
    raw.incomplete = sink.incomplete;
    raw.text_sites = sink.sites;
}

/// Reports a top-level key that names no kind of item.
fn unknown_section(
    src: &Arc<SourceText>,
    other: &str,
    key_span: Range<usize>,
    sink: &mut Sink<'_>,
) {
    let mut d =
        Diagnostic::error(format!("unknown section `{other}`")).at(src, key_span).hint(format!(
            "expected one of {}",
            SECTIONS.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
        ));
    if let Some(guess) = closest(other, SECTIONS.iter().copied()) {
        d = d.hint(format!("did you mean `{guess}`?"));
        // The misspelt items were probably meant for `guess`: do not
        // report references to them as dangling as well.
        sink.incomplete.insert(guess);
    }
    sink.diags.push(d);
}

/// Where parsed items report their problems, gaps and translatable texts.
struct Sink<'a> {
    diags: &'a mut Diagnostics,
    incomplete: std::collections::BTreeSet<&'static str>,
    sites: Vec<(Arc<SourceText>, TextSite)>,
}

fn first_line(s: &str) -> &str {
    s.trim().lines().next().unwrap_or_default()
}

/// A `[section]` table holding one item.
fn one<T: DeserializeOwned>(
    src: &Arc<SourceText>,
    value: Spanned<DeValue<'_>>,
    out: &mut Vec<Located<T>>,
    sink: &mut Sink<'_>,
    section: &'static str,
) {
    if !value.get_ref().is_table() {
        sink.diags.push(
            Diagnostic::error(format!("`{section}` must be a table"))
                .at(src, value.span())
                .hint(format!("write it as `[{section}]` followed by its fields")),
        );
        sink.incomplete.insert(section);
        return;
    }
    item(src, value, out, sink, section);
}

/// A `[[section]]` array of tables.
fn many<T: DeserializeOwned>(
    src: &Arc<SourceText>,
    value: Spanned<DeValue<'_>>,
    out: &mut Vec<Located<T>>,
    sink: &mut Sink<'_>,
    section: &'static str,
) {
    let span = value.span();
    match value.into_inner() {
        DeValue::Array(items) => {
            for v in items {
                item(src, v, out, sink, section);
            }
        }
        _ => {
            sink.diags.push(
                Diagnostic::error(format!("`{section}` must be a list of tables"))
                    .at(src, span)
                    .hint(format!("write each item as `[[{section}]]` followed by its fields")),
            );
            sink.incomplete.insert(section);
        }
    }
}

/// One item: parsed, or every wrong field of it reported at its place.
fn item<T: DeserializeOwned>(
    src: &Arc<SourceText>,
    value: Spanned<DeValue<'_>>,
    out: &mut Vec<Located<T>>,
    sink: &mut Sink<'_>,
    section: &'static str,
) {
    let span = value.span();
    // A draft (`briefing new`) is reported and left out: its placeholders are no facts.
    let blanks = super::draft::blanks(src, section, &value);
    if !blanks.is_empty() {
        sink.diags.0.extend(blanks);
        return;
    }
    match read_item::<T>(value) {
        ItemRead::Parsed(item, sites) => {
            out.push(Located { item, file: src.clone(), span });
            sink.sites.extend(sites.into_iter().map(|t| (src.clone(), t)));
        }
        ItemRead::Failed(errors) => {
            for FieldError { error, span: at, table } in errors {
                let table = table.as_deref().unwrap_or(section);
                sink.diags.push(serde_error(src, &error, at, table));
            }
            sink.incomplete.insert(section);
        }
    }
}

/// A located diagnostic for a whole TOML file read into one type (`theme.toml`, a label
/// file), worded as the dataset's own errors: the table is the one the error lies in.
pub(crate) fn toml_file_error(src: &Arc<SourceText>, e: &toml::de::Error) -> Diagnostic {
    let at = e.span().map_or(0, |s| s.start);
    // The last table header above the error names its table.
    let table = src
        .text
        .get(..at)
        .unwrap_or_default()
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('['))
        .and_then(|l| l.trim_start_matches('[').split(']').next())
        .map(|t| t.trim().to_owned());
    let name = src.name.rsplit(['/', '\\']).next().unwrap_or(&src.name);
    let section = table.unwrap_or_else(|| name.to_owned());
    serde_error(src, e, 0..0, &section)
}

/// Turns a serde error into a located diagnostic with a readable message and hints.
fn serde_error(
    src: &Arc<SourceText>,
    e: &toml::de::Error,
    item_span: Range<usize>,
    section: &str,
) -> Diagnostic {
    // The place found for the error (its own span, or the field found at fault).
    let span = if item_span.is_empty() { e.span().unwrap_or(item_span) } else { item_span };
    let msg = first_line(e.message()).to_owned();
    if let Some(rest) = msg.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let allowed: Vec<String> = expected
            .split('`')
            .enumerate()
            .filter(|(i, _)| i % 2 == 1)
            .map(|(_, s)| s.to_owned())
            .collect();
        let mut d = Diagnostic::error(format!("unknown field `{field}` in `{section}`"))
            .at(src, span)
            .hint(format!(
                "expected one of {}",
                allowed.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
            ));
        if let Some(guess) = closest(field, allowed.iter().map(String::as_str)) {
            d = d.hint(format!("did you mean `{guess}`?"));
        }
        return d;
    }
    if let Some(rest) = msg.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        // serde points a missing field at the whole table; the header line is the useful part.
        let header =
            src.text[span.clone()].find('\n').map_or(span.clone(), |n| span.start..span.start + n);
        return Diagnostic::error(format!("`{section}` is missing the required field `{field}`"))
            .at(src, header)
            .hint(format!("add `{field} = …` to this `{section}`"));
    }
    if let Some(rest) = msg.strip_prefix("invalid type: ") {
        // serde names Rust types ("expected f64"); say what to write instead.
        let (found, expected) = rest.rsplit_once(", expected ").unwrap_or((rest, ""));
        let expected = match expected {
            "f32" | "f64" => "a number (e.g. `55.9`)",
            "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "usize" => {
                "a whole number (e.g. `8`)"
            }
            "a sequence" => "a list (e.g. `[\"a\", \"b\"]`)",
            other => other,
        };
        // toml reads an integer beyond 64 bits as i128: it is the size that is wrong.
        if let Some(n) = found.strip_prefix("integer ").and_then(|f| f.strip_suffix(" as i128")) {
            return Diagnostic::error(format!("{n} is too large a number"))
                .at(src, span)
                .hint("expected a whole number of at most 9223372036854775807");
        }
        let message = if expected.is_empty() {
            format!("wrong type: found {found}")
        } else {
            format!("wrong type: found {found}, expected {expected}")
        };
        let mut d = Diagnostic::error(message).at(src, span.clone());
        let expects_number = expected.starts_with("a number") || expected.starts_with("a whole");
        if let Some(hint) = toml_hints::type_error_hint(src, &span, expects_number) {
            d = d.hint(hint);
        }
        // `inferred = true` is what a user writes first; the field wants the reason.
        let line_start =
            src.text[..span.start.min(src.text.len())].rfind('\n').map_or(0, |i| i + 1);
        if found.starts_with("boolean") && src.text[line_start..].starts_with("inferred") {
            return d.hint("write why it is inferred: `inferred = \"The source does not say …\"`");
        }
        return d;
    }
    if let Some(rest) = msg.strip_prefix("unknown variant `") {
        let (found, expected) = rest.split_once('`').unwrap_or((rest, ""));
        return Diagnostic::error(format!("`{found}` is not an allowed value"))
            .at(src, span)
            .hint(expected.trim_start_matches(", ").to_owned());
    }
    Diagnostic::error(msg).at(src, span)
}
