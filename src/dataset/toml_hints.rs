//! TOML mistakes in the user's words: the `toml` crate's errors, read
//! together with the text around them, become messages that say what is
//! wrong and what to write instead (curly quotes, `[base]` for `[[base]]`,
//! thousands separators, quoted numbers, unclosed quotes), plus warnings for
//! what the parser accepts silently (tabs inside texts, empty and misnamed
//! files). Nothing here parses TOML: it only looks at the lines an error
//! points into.

use std::ops::Range;
use std::sync::Arc;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diag::{Diagnostic, SourceText};

/// Quotes that word processors and mail programs put in place of `"` and `'`.
const CURLY_QUOTES: &[char] =
    &['“', '”', '„', '‟', '‘', '’', '‚', '‛', '«', '»', '″', '＂', '〝', '〞'];

/// Every syntax error of one file as diagnostics, the ones with a known
/// cause reworded; duplicate-key errors that follow from a `[x]` written
/// for `[[x]]` give way to one error at that `[x]` line.
pub fn syntax_errors(
    src: &Arc<SourceText>,
    errors: &[toml::de::Error],
    item_sections: &[&str],
) -> Vec<Diagnostic> {
    let single = single_headers_for_lists(&src.text, item_sections);
    let mut out: Vec<Diagnostic> = single
        .iter()
        .map(|(name, span)| {
            Diagnostic::error(format!(
                "`[{name}]` starts one table, but `{name}` is a list of items"
            ))
            .at(src, span.clone())
            .hint(format!("write [[{name}]] for each {name}, with double brackets"))
        })
        .collect();
    for e in errors {
        let span = e.span().unwrap_or(0..0);
        let message = e.message().trim().lines().next().unwrap_or_default();
        if message.starts_with("duplicate key")
            && enclosing_header(&src.text, span.start)
                .is_some_and(|h| single.iter().any(|(name, _)| belongs_to(&h, name)))
        {
            continue;
        }
        let d = syntax_error(src, message, span);
        // One reworded message per line: `“a”, “b”` is one mistake to fix, shown whole.
        let line = |d: &Diagnostic| d.location.as_ref().map(|l| l.line_col().0);
        if out.last().is_some_and(|p| p.message == d.message && line(p) == line(&d)) {
            continue;
        }
        out.push(d);
    }
    out
}

/// One syntax error, reworded when the text around it shows its cause.
fn syntax_error(src: &Arc<SourceText>, message: &str, span: Range<usize>) -> Diagnostic {
    let text = &src.text;
    let start = floor(text, span.start.min(text.len()));
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    // (An error on a line's `\r` lies after the line's end as `line_end` gives it.)
    let line_end = src.line_end(start).max(start);
    let line = &text[line_start..line_end];
    let at = &text[start..];

    // A curly quote where the error is, or closing a text that a straight quote opened.
    let curly_at_error = at.starts_with(CURLY_QUOTES);
    let bad_string = message.starts_with("invalid basic string")
        || message.starts_with("invalid literal string");
    // The parser stops a text at the line's end; one stopped earlier met a character it refuses.
    let unclosed = bad_string && text[start..line_end].trim().is_empty();
    if bad_string
        && !unclosed
        && let Some(c) = at.chars().next().filter(|c| c.is_control())
    {
        return Diagnostic::error(format!(
            "this text holds an invisible control character (U+{:04X})",
            c as u32
        ))
        .at(src, start..start + c.len_utf8())
        .hint("delete it: such characters come with text pasted from other programs");
    }
    let curly_close = unclosed && line.trim_end().ends_with(CURLY_QUOTES);
    if curly_at_error || curly_close {
        let quote_at = if curly_at_error {
            start
        } else {
            line_start + line.trim_end().rfind(CURLY_QUOTES).unwrap_or(0)
        };
        let quote_len = text[quote_at..].chars().next().map_or(1, char::len_utf8);
        return Diagnostic::error("curly quotes are not quotes in TOML")
            .at(src, quote_at..quote_at + quote_len)
            .hint(format!("use straight quotes \"…\": {}", straighten(line.trim())));
    }
    if let Some((value, value_span)) = value_of_line(line, line_start)
        && let Some(plain) = without_separators(value)
    {
        return Diagnostic::error(format!(
            "`{value}` is not a number TOML reads: it has separators"
        ))
        .at(src, value_span)
        .hint(format!("write {plain}, without separators"));
    }
    if unclosed {
        let quote = if message.starts_with("invalid basic string") { '"' } else { '\'' };
        return Diagnostic::error("this text has no closing quote")
            .at(src, span)
            .hint(format!("end the text with {quote} on the same line"))
            .hint("a text over several lines is written between \"\"\" and \"\"\"");
    }
    Diagnostic::error(format!("TOML syntax: {message}")).at(src, span)
}

/// A hint for a serde type error at `span` (`"16"` where a number is
/// expected, `1.600` where a whole number is), when the text shows the fix.
pub fn type_error_hint(
    src: &SourceText,
    span: &Range<usize>,
    expects_number: bool,
) -> Option<String> {
    let raw = src.text.get(span.clone())?.trim();
    if !expects_number {
        return None;
    }
    if let Some(inner) = raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        let inner = inner.trim();
        if inner.parse::<f64>().is_ok() {
            return Some(format!("remove the quotes: write {inner}"));
        }
        if let Some(plain) = without_separators(inner) {
            return Some(format!("remove the quotes and separators: write {plain}"));
        }
        return None;
    }
    without_separators(raw).map(|plain| format!("write {plain}, without separators"))
}

/// `1,600`, `1 600`, `1.600.000` or `1'600` as `1600`: digits in groups of
/// three after the first, one kind of separator; `None` for anything else.
fn without_separators(value: &str) -> Option<String> {
    let value = value.trim();
    let (sign, digits) = match value.strip_prefix(['-', '+']) {
        Some(rest) => (&value[..1], rest),
        None => ("", value),
    };
    let sep = digits.chars().find(|c| !c.is_ascii_digit())?;
    if ![',', ' ', '.', '\'', '\u{a0}', '\u{202f}'].contains(&sep) {
        return None;
    }
    let groups: Vec<&str> = digits.split(sep).collect();
    let first_ok = (1..=3).contains(&groups[0].len());
    let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
    let all_digits = groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit()));
    (groups.len() > 1 && first_ok && rest_ok && all_digits)
        .then(|| format!("{sign}{}", groups.concat()))
}

/// The value written after `key =` on a line, without a trailing comment,
/// and its byte range in the file.
fn value_of_line(line: &str, line_start: usize) -> Option<(&str, Range<usize>)> {
    let eq = line.find('=')?;
    let after = &line[eq + 1..];
    let value = after.split('#').next().unwrap_or_default();
    let lead = value.len() - value.trim_start().len();
    let value = value.trim();
    let start = line_start + eq + 1 + lead;
    (!value.is_empty()).then(|| (value, start..start + value.len()))
}

/// `line` with its curly quotes straightened; an apostrophe inside a word
/// (`Russia’s`) stays as it is.
fn straighten(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    for (i, &c) in chars.iter().enumerate() {
        let next_is_letter = chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
        let prev_is_letter = i > 0 && chars[i - 1].is_alphanumeric();
        match c {
            '’' | '‛' if prev_is_letter && next_is_letter => out.push(c),
            '‘' | '’' | '‚' | '‛' => out.push('"'),
            c if CURLY_QUOTES.contains(&c) => out.push('"'),
            c => out.push(c),
        }
    }
    out
}

/// The `[x]` header lines (one table) whose `x` is written as `[[x]]`
/// elsewhere in the file or is a kind of item, with their ranges.
fn single_headers_for_lists(text: &str, item_sections: &[&str]) -> Vec<(String, Range<usize>)> {
    let headers: Vec<(bool, String, Range<usize>)> = header_lines(text).collect();
    headers
        .iter()
        .filter(|(list, name, _)| {
            !list
                && (item_sections.contains(&name.as_str())
                    || headers.iter().any(|(l, n, _)| *l && n == name))
        })
        .map(|(_, name, span)| (name.clone(), span.clone()))
        .collect()
}

/// Every `[name]` or `[[name]]` header line: whether it is a list header, its
/// name and the line's range (without indentation and comment).
fn header_lines(text: &str) -> impl Iterator<Item = (bool, String, Range<usize>)> + '_ {
    let mut offset = 0;
    text.split_inclusive('\n').filter_map(move |line| {
        let start = offset;
        offset += line.len();
        header(line)
            .map(|(list, name, within)| (list, name, start + within.start..start + within.end))
    })
}

/// The header a line is, if it is one: list or not, name, range in the line.
fn header(line: &str) -> Option<(bool, String, Range<usize>)> {
    let lead = line.len() - line.trim_start().len();
    let body = line.trim_start();
    let list = body.starts_with("[[");
    let open = if list { 2 } else { 1 };
    if !body.starts_with('[') {
        return None;
    }
    let close = body.find(']')?;
    let name = body.get(open..close)?.trim().to_owned();
    let end = close + if list { 2 } else { 1 };
    Some((list, name, lead..lead + end.min(body.len())))
}

/// The name of the header at or above `pos`.
fn enclosing_header(text: &str, pos: usize) -> Option<String> {
    let pos = floor(text, pos.min(text.len()));
    let line_end = text[pos..].find('\n').map_or(text.len(), |n| pos + n);
    text[..line_end].lines().rev().find_map(header).map(|(_, name, _)| name)
}

/// Whether a header named `header` is `name` itself or one of its sub-tables.
fn belongs_to(header: &str, name: &str) -> bool {
    header == name || header.strip_prefix(name).is_some_and(|rest| rest.starts_with('.'))
}

/// Warnings for what the parser accepts but was likely not meant: a tab
/// typed inside a text (printed as a wide gap or nothing), and a number such
/// as `1.600` that reads as 1.6 where 1600 was likely meant.
pub fn value_warnings(src: &Arc<SourceText>, table: &Spanned<DeTable<'_>>) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let mut stack: Vec<(&str, &Spanned<DeValue<'_>>)> =
        table.get_ref().iter().map(|(k, v)| (k.get_ref().as_ref(), v)).collect();
    while let Some((key, value)) = stack.pop() {
        let span = value.span();
        let raw = src.text.get(span.clone()).unwrap_or_default();
        match value.get_ref() {
            DeValue::String(s) if s.contains('\t') => {
                // A tab typed into the text, not a `\t` escape, is what was meant to be a space.
                let Some(tab) = raw.find('\t') else { continue };
                let at = span.start + tab;
                found.push(
                    Diagnostic::warning("this text holds a tab character")
                        .at(src, at..at + 1)
                        .hint("replace the tab with a space: documents print it as a wide gap or not at all"),
                );
            }
            // Coordinates are written with three decimals as a matter of course.
            DeValue::Float(_) if !matches!(key, "lat" | "lon") && looks_like_thousands(raw) => {
                let plain = raw.replace('.', "");
                let plain = plain.trim_start_matches('0');
                found.push(
                    Diagnostic::warning(format!(
                        "`{raw}` reads as {}",
                        raw.parse::<f64>().unwrap_or_default()
                    ))
                    .at(src, span)
                    .hint(format!("if you meant {plain}, write {plain}, without a separator")),
                );
            }
            DeValue::Array(items) => stack.extend(items.iter().map(|v| (key, v))),
            DeValue::Table(t) => stack.extend(t.iter().map(|(k, v)| (k.get_ref().as_ref(), v))),
            _ => {}
        }
    }
    found.sort_by_key(|d| d.location.as_ref().map(|l| l.span.start));
    found
}

/// Whether a number is written as thousands with a dot (`1.600`, `12.000`):
/// one to three digits, a dot, three digits ending in `00`.
fn looks_like_thousands(raw: &str) -> bool {
    let Some((whole, decimals)) = raw.split_once('.') else { return false };
    (1..=3).contains(&whole.len())
        && whole.chars().all(|c| c.is_ascii_digit())
        && !whole.starts_with('0')
        && decimals.len() == 3
        && decimals.ends_with("00")
        && decimals.chars().all(|c| c.is_ascii_digit())
}

/// A warning for a file that holds nothing but blank lines.
pub fn empty_file_warning(src: &Arc<SourceText>) -> Option<Diagnostic> {
    src.text.trim().is_empty().then(|| {
        Diagnostic::warning("this file is empty and is ignored")
            .at(src, 0..0)
            .hint("add items to it, or delete it")
    })
}

/// Why a file next to the data is not read although it looks like a data
/// file (`bases.TOML`, `bases.toml.txt`), as a warning; `None` for a file
/// that is read or plainly something else.
pub fn stray_file_warning(name: &str) -> Option<Diagnostic> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let lower = base.to_lowercase();
    let (stem, why) = if let Some(stem) = lower.strip_suffix(".toml.txt") {
        (&base[..stem.len()], "its name ends in `.txt`, which some systems hide")
    } else if lower.ends_with(".toml") && !base.ends_with(".toml") {
        (&base[..base.len() - 5], "only names ending in `.toml`, in small letters, are read")
    } else {
        return None;
    };
    let file = Arc::new(SourceText { name: name.to_owned(), text: String::new() });
    Some(
        Diagnostic::warning(format!("`{base}` is not read: {why}")).at(&file, 0..0).hint(format!(
            "rename it to `{stem}.toml` if it holds data, or move it out of the folder"
        )),
    )
}

fn floor(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_are_recognised_only_in_groups_of_three() {
        assert_eq!(without_separators("1,600").as_deref(), Some("1600"));
        assert_eq!(without_separators("1 600").as_deref(), Some("1600"));
        assert_eq!(without_separators("1.600.000").as_deref(), Some("1600000"));
        assert_eq!(without_separators("-12'000").as_deref(), Some("-12000"));
        assert_eq!(without_separators("55.89"), None);
        assert_eq!(without_separators("1,6"), None);
        assert_eq!(without_separators("1,600.5"), None);
        assert_eq!(without_separators("abc"), None);
        assert!(looks_like_thousands("1.600") && looks_like_thousands("12.000"));
        assert!(!looks_like_thousands("1.6") && !looks_like_thousands("0.500"));
        assert!(!looks_like_thousands("55.890") && !looks_like_thousands("1.650"));
    }

    #[test]
    fn straightening_keeps_apostrophes_inside_words() {
        assert_eq!(straighten("name = “Šiauliai”"), "name = \"Šiauliai\"");
        assert_eq!(straighten("x = ‘a’"), "x = \"a\"");
        assert_eq!(straighten("en = “Russia’s”"), "en = \"Russia’s\"");
    }

    #[test]
    fn stray_names_are_told_apart_from_data_and_other_files() {
        assert!(stray_file_warning("data/bases.toml").is_none());
        assert!(stray_file_warning("data/notes.txt").is_none());
        let txt = stray_file_warning("data/bases.toml.txt").map(|d| d.hints[0].clone());
        assert_eq!(
            txt.as_deref(),
            Some("rename it to `bases.toml` if it holds data, or move it out of the folder")
        );
        let upper = stray_file_warning("data/Bases.TOML").map(|d| d.message);
        assert_eq!(
            upper.as_deref(),
            Some(
                "`Bases.TOML` is not read: only names ending in `.toml`, in small letters, are read"
            )
        );
    }
}
