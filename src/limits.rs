//! Documented limits on what a dataset may hold, and the guards that enforce
//! them, so that a hostile or broken input gets a clear, located error instead
//! of exhausting memory or time. The figures are listed in docs/reliability.md.

use std::io::Read;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diag::{Diagnostic, SourceText};

/// Largest dataset file accepted (8 MiB; the default dataset's largest is under 20 KiB).
pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;

/// Largest dataset accepted, all its files together (32 MiB).
pub const MAX_DATASET_BYTES: usize = 32 * 1024 * 1024;

/// Most `.toml` files read from one data folder.
pub const MAX_FILES: usize = 1_000;

/// Most items (`[[operation]]`, `[[event]]`, …) in one dataset.
pub const MAX_ITEMS: usize = 10_000;

/// Most values in one list (`body`, `bases`, `labels`, …).
pub const MAX_LIST_LEN: usize = 1_000;

/// Deepest nesting of tables and lists below the top of a file. The format
/// needs 5 (`[[chart]]`, a list of tables → `labels` → a label → its translations).
pub const MAX_DEPTH: usize = 16;

/// Longest string or key, in characters (a long paragraph is about 1,000).
pub const MAX_STRING_CHARS: usize = 10_000;

/// Most bars in one bar chart: the most the smallest chart they are set in
/// (an A4 fact sheet's, beside the bases) has room for, one text line each.
pub const MAX_BARS: usize = 15;

/// Longest time the typesetting of one document may take, in seconds, unless
/// `BRIEFING_TYPESET_SECONDS` says otherwise: a release build sets the
/// longest default document in under a second, a debug build on a busy
/// machine in well under a minute.
pub const TYPESET_SECONDS: u64 = 120;

/// Most memory (resident, whole process) while documents are typeset, in MiB,
/// unless `BRIEFING_TYPESET_MEMORY_MIB` says otherwise: a full build of the
/// default dataset peaks near 300 MiB.
pub const TYPESET_MEMORY_MIB: u64 = 4096;

/// The time budget of one document's typesetting.
pub fn typeset_time() -> std::time::Duration {
    std::time::Duration::from_secs(from_env("BRIEFING_TYPESET_SECONDS", TYPESET_SECONDS))
}

/// The memory budget of typesetting, in bytes.
pub fn typeset_memory() -> u64 {
    from_env("BRIEFING_TYPESET_MEMORY_MIB", TYPESET_MEMORY_MIB).saturating_mul(1024 * 1024)
}

/// A positive whole number from the environment variable `name`, else `default`.
fn from_env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(default)
}

/// Most problems reported per file for limits, so one huge file cannot flood the terminal.
const MAX_REPORTS: usize = 10;

/// A diagnostic pointing at the first character of a file whose text was not
/// read (too large, or refused).
pub fn at_file_start(name: &str, message: impl Into<String>) -> Diagnostic {
    let src = Arc::new(SourceText { name: name.to_owned(), text: String::new() });
    Diagnostic::error(message).at(&src, 0..0)
}

/// The data folder `dir` as [`read_inside`] compares paths with: resolved
/// once per folder, not once per file.
pub fn data_root(dir: &Path) -> PathBuf {
    dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf())
}

/// Reads a file of the data folder whose [`data_root`] is `root`, refusing
/// files that lie outside it (through a symbolic link) and files larger than
/// [`MAX_FILE_BYTES`]; `shown` is the name used in messages.
pub fn read_inside(root: &Path, path: &Path, shown: &str) -> Result<Vec<u8>, Diagnostic> {
    let real = path
        .canonicalize()
        .map_err(|e| at_file_start(shown, format!("cannot read {shown}: {e}")))?;
    if !real.starts_with(root) {
        return Err(at_file_start(
            shown,
            format!("{shown} is a link to a file outside the data folder; it was not read"),
        )
        .hint("briefing reads only files inside the data folder: copy the file in instead of linking to it"));
    }
    read_limited(&real, shown)
}

/// Reads at most [`MAX_FILE_BYTES`] of `path`; a larger file is an error,
/// found without reading the whole of it.
fn read_limited(path: &PathBuf, shown: &str) -> Result<Vec<u8>, Diagnostic> {
    let cannot = |e: std::io::Error| at_file_start(shown, format!("cannot read {shown}: {e}"));
    let file = std::fs::File::open(path).map_err(cannot)?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES as u64 + 1).read_to_end(&mut bytes).map_err(cannot)?;
    if bytes.len() > MAX_FILE_BYTES {
        let size = std::fs::metadata(path).map_or(bytes.len() as u64, |m| m.len());
        return Err(too_large(shown, size));
    }
    Ok(bytes)
}

/// The error for a file over [`MAX_FILE_BYTES`].
pub fn too_large(shown: &str, size: u64) -> Diagnostic {
    at_file_start(
        shown,
        format!("{shown} is too large ({size} bytes; the limit is {MAX_FILE_BYTES} bytes)"),
    )
    .hint("a dataset file holds text written by hand; split it, or check that it is the file you meant")
}

/// Checks a parsed file against the nesting, list, string and item limits;
/// `items_before` is the number of items in the files read before it.
/// Returns the problems found (at most a few) and the number of items in the file.
pub fn check_table(
    src: &Arc<SourceText>,
    table: &Spanned<DeTable<'_>>,
    items_before: usize,
) -> (Vec<Diagnostic>, usize) {
    let mut found = Vec::new();
    let mut items = 0;
    // An explicit stack rather than recursion: the depth is what is being checked.
    let mut stack: Vec<(Walk<'_, '_>, usize)> = vec![(Walk::Table(table.get_ref()), 0)];
    for (key, value) in table.get_ref() {
        if let DeValue::Array(a) = value.get_ref() {
            for item in a.iter() {
                items += 1;
                if items_before + items == MAX_ITEMS + 1 {
                    found.push(
                        Diagnostic::error(format!(
                            "too many items: the dataset holds more than {MAX_ITEMS}"
                        ))
                        .at(src, header_span(src, key.span(), item.span()))
                        .hint(format!("the limit is {MAX_ITEMS} items across all files")),
                    );
                }
            }
        }
    }
    while let Some((node, depth)) = stack.pop() {
        if found.len() >= MAX_REPORTS {
            break;
        }
        match node {
            Walk::Table(t) => {
                for (key, value) in t {
                    string(src, key.get_ref(), key.span(), "key", &mut found);
                    visit(src, value, depth, &mut stack, &mut found);
                }
            }
            Walk::Array(values) => {
                for value in values {
                    visit(src, value, depth, &mut stack, &mut found);
                }
            }
        }
    }
    (found, items)
}

enum Walk<'a, 'i> {
    Table(&'a DeTable<'i>),
    Array(&'a [Spanned<DeValue<'i>>]),
}

fn visit<'a, 'i>(
    src: &Arc<SourceText>,
    value: &'a Spanned<DeValue<'i>>,
    depth: usize,
    stack: &mut Vec<(Walk<'a, 'i>, usize)>,
    found: &mut Vec<Diagnostic>,
) {
    let deeper = |found: &mut Vec<Diagnostic>| {
        if depth + 1 > MAX_DEPTH {
            found.push(
                Diagnostic::error(format!(
                    "nested too deeply: more than {MAX_DEPTH} levels of tables and lists"
                ))
                .at(src, value.span().start..value.span().start + 1)
                .hint("dataset values are at most a few levels deep; check the brackets"),
            );
            false
        } else {
            true
        }
    };
    match value.get_ref() {
        DeValue::String(s) => string(src, s, value.span(), "string", found),
        DeValue::Array(a) => {
            // At the top of a file a list holds items (`[[event]]`): MAX_ITEMS applies.
            if depth > 0 && a.len() > MAX_LIST_LEN {
                found.push(
                    Diagnostic::error(format!(
                        "list too long: {} values; the limit is {MAX_LIST_LEN}",
                        a.len()
                    ))
                    .at(src, value.span().start..value.span().start + 1),
                );
            } else if deeper(found) {
                stack.push((Walk::Array(a), depth + 1));
            }
        }
        // `deeper` reports the problem when the table is one level too deep.
        DeValue::Table(t) if deeper(found) => stack.push((Walk::Table(t), depth + 1)),
        _ => {}
    }
}

fn string(
    src: &Arc<SourceText>,
    s: &str,
    span: Range<usize>,
    what: &str,
    found: &mut Vec<Diagnostic>,
) {
    // Counting characters is linear; skip it when the bytes already fit.
    if s.len() > MAX_STRING_CHARS && s.chars().count() > MAX_STRING_CHARS {
        found.push(
            Diagnostic::error(format!(
                "{what} too long: {} characters; the limit is {MAX_STRING_CHARS}",
                s.chars().count()
            ))
            .at(src, span.start..span.start + 1)
            .hint("split long text into paragraphs (a list of strings)"),
        );
    }
}

/// The `[[section]]` header line of an array-of-tables item, or the item itself.
fn header_span(src: &SourceText, key: Range<usize>, item: Range<usize>) -> Range<usize> {
    match src.header_before(item.start) {
        Some(header) => header,
        None if item.is_empty() => key,
        None => item.start..item.start + 1,
    }
}
