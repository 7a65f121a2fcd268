//! The characters of every string the dataset holds: what a page can show.
//! Control characters and direction overrides are refused, invisible
//! characters in ids too (two ids would print alike), characters the
//! embedded fonts have no glyph for are refused at their value (rather than
//! failing the PDF export later, unlocated), and empty names and letters
//! under a heap of combining marks are warned of.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use toml::de::{DeTable, DeValue};

use crate::dataset::text::{TextSite, is_direction_override, is_language_id};
use crate::diag::{Diagnostic, Diagnostics, SourceText};

/// Most character problems reported per file, so a garbled file cannot flood the terminal.
const MAX_PER_FILE: usize = 20;

/// Most combining marks on one letter. Written languages stack at most three
/// (Vietnamese two: `ệ`); more is "Zalgo" text or a paste gone wrong, and the
/// marks pile up over the lines above and below. (Unicode's stream-safe format
/// allows 30; that bounds normalisation, not what a page can show.)
const MAX_COMBINING_MARKS: usize = 4;

/// Checks every string value of every dataset file.
/// `texts` are where the translatable texts were read, which leave out
/// direction overrides (`dataset::text`): there an override is a warning.
pub(super) fn check_text_characters(
    files: &[Arc<SourceText>],
    texts: &[(Arc<SourceText>, TextSite)],
    diags: &mut Diagnostics,
) {
    for file in files {
        // A file that does not parse has had its syntax error reported already.
        let Ok(table) = DeTable::parse(&file.text) else { continue };
        let spans: Vec<Range<usize>> = texts
            .iter()
            .filter(|(f, _)| Arc::ptr_eq(f, file) || f.name == file.name)
            .map(|(_, site)| site.span.clone())
            .collect();
        let mut found = Vec::new();
        walk(&Place { file, texts: &spans }, table.get_ref(), None, &mut found);
        diags.0.extend(found.into_iter().take(MAX_PER_FILE));
    }
}

/// The file being checked and the spans of its translatable texts.
struct Place<'a> {
    file: &'a Arc<SourceText>,
    texts: &'a [Range<usize>],
}

/// Visits the values of `table`; `field` names its strings when it is a
/// translation table (`name = { en = "…" }`).
fn walk(place: &Place<'_>, table: &DeTable<'_>, field: Option<&str>, found: &mut Vec<Diagnostic>) {
    // An explicit stack: nesting is bounded by the loader, but a stack costs nothing.
    // The root's tables, in lists or not, are items (`[[base]]`, `[dataset]`),
    // never translations, even when their keys look like languages (`id`).
    let mut stack: Vec<(&DeTable<'_>, Option<String>, bool)> =
        vec![(table, field.map(str::to_owned), true)];
    while let Some((table, field, root)) = stack.pop() {
        for (key, value) in table {
            let key = key.get_ref().as_ref();
            let name = field.clone().unwrap_or_else(|| key.to_owned());
            let mut values = vec![value];
            while let Some(value) = values.pop() {
                match value.get_ref() {
                    DeValue::String(s) => check_string(place, &name, s, value.span(), found),
                    DeValue::Array(a) => values.extend(a.iter()),
                    DeValue::Table(t) if !root && is_translations(t) => {
                        stack.push((t, Some(name.clone()), false))
                    }
                    DeValue::Table(t) => stack.push((t, None, false)),
                    _ => {}
                }
            }
        }
    }
}

/// Whether `table` is one text's translations: language ids to strings.
fn is_translations(table: &DeTable<'_>) -> bool {
    !table.is_empty()
        && table
            .iter()
            .all(|(k, v)| is_language_id(k.get_ref()) && matches!(v.get_ref(), DeValue::String(_)))
}

/// The problems of one string value of field `field`, at `span`.
fn check_string(
    place: &Place<'_>,
    field: &str,
    s: &str,
    span: Range<usize>,
    found: &mut Vec<Diagnostic>,
) {
    let at = |d: Diagnostic| d.at(place.file, span.clone());
    let in_text = place.texts.iter().any(|t| t.start <= span.start && span.end <= t.end);
    if let Some(c) = s.chars().find(|&c| c.is_control() && !matches!(c, '\n' | '\t' | '\r')) {
        found.push(at(Diagnostic::error(format!(
            "`{field}` holds the control character {}, which no page can show",
            described(c)
        ))
        .hint("remove it: it may have come in with text copied from elsewhere")));
        return;
    }
    if let Some(c) = s.chars().find(|&c| is_direction_override(c)) {
        let message = format!(
            "`{field}` holds {}, an invisible character that reorders the text after it",
            described(c)
        );
        let hint = "remove it: right-to-left text is set in its own order without it";
        if in_text {
            // The text leaves it out (dataset::text): say so, and go on.
            found.push(at(Diagnostic::warning(format!(
                "{message}; it is left out of the documents"
            ))
            .hint(hint)));
        } else {
            found.push(at(Diagnostic::error(message).hint(hint)));
            return;
        }
    }
    if field == "id"
        && let Some(c) = s.chars().find(|&c| is_invisible(c) || c.is_whitespace())
    {
        found.push(at(Diagnostic::error(format!(
            "id `{s}` holds {}, which does not show: two ids would print alike",
            described(c)
        ))
        .hint("ids are letters, digits, `-` and `_`: remove the character")));
        return;
    }
    let missing: Vec<char> = {
        let mut m: Vec<char> = Vec::new();
        for c in s.chars().filter(|&c| !printable(c)) {
            if !m.contains(&c) {
                m.push(c);
            }
        }
        m
    };
    if let Some(&first) = missing.first() {
        let more = match missing.len() {
            1 => String::new(),
            n => format!(" (and {} other characters)", n - 1),
        };
        found.push(at(Diagnostic::error(format!(
            "`{field}` holds {}{more}, which the embedded fonts have no glyph for",
            described(first)
        ))
        .hint("remove it or write it another way: the fonts (Inter) cover Latin, Greek and Cyrillic letters, digits and common signs, not emoji or other scripts")));
        return;
    }
    if let Some((base, marks)) = heaviest_stack(s).filter(|&(_, n)| n > MAX_COMBINING_MARKS) {
        found.push(at(Diagnostic::warning(format!(
            "`{field}` stacks {marks} combining marks on `{base}`; more than {MAX_COMBINING_MARKS} run into the lines above and below"
        ))
        .hint("remove the extra marks: a letter of any language written here needs at most three")));
    }
    if matches!(field, "name" | "short_name") && s.trim().is_empty() {
        found.push(at(Diagnostic::warning(if s.is_empty() {
            format!("`{field}` is empty")
        } else {
            format!("`{field}` holds only spaces")
        })
        .hint("write the name: an empty one leaves a gap where it is printed")));
    }
}

/// The letter with the most combining marks after it in `s`, and how many.
fn heaviest_stack(s: &str) -> Option<(char, usize)> {
    let mut best: Option<(char, usize)> = None;
    let mut current: Option<(char, usize)> = None;
    for c in s.chars() {
        if is_combining_mark(c) {
            if let Some((_, n)) = current.as_mut() {
                *n += 1;
            } else {
                // Marks at the start of the text sit on nothing: count them on a space.
                current = Some((' ', 1));
            }
            if current.is_some_and(|(_, n)| best.is_none_or(|(_, b)| n > b)) {
                best = current;
            }
        } else {
            current = Some((c, 0));
        }
    }
    best
}

/// The combining diacritical marks the Latin, Greek and Cyrillic letters the
/// fonts cover take (the marks of other scripts fail the coverage check first).
fn is_combining_mark(c: char) -> bool {
    matches!(
        c,
        '\u{0300}'..='\u{036f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}' | '\u{20d0}'..='\u{20ff}' | '\u{fe20}'..='\u{fe2f}'
    ) && c != '\u{034f}'
}

/// Characters that take no room and show nothing: zero-width ones and marks of direction.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{feff}' | '\u{061c}' | '\u{034f}' | '\u{fe00}'..='\u{fe0f}'
    )
}

/// Whether a page can show `c`: white space and invisible characters need
/// no glyph; everything else one of the embedded fonts must have.
fn printable(c: char) -> bool {
    // Direction overrides get here only in texts, which leave them out.
    c.is_whitespace() || is_invisible(c) || is_direction_override(c) || covered(c)
}

/// Whether one of the embedded fonts maps `c` to a glyph.
fn covered(c: char) -> bool {
    static COVERAGE: OnceLock<Vec<typst::text::Coverage>> = OnceLock::new();
    let coverage = COVERAGE.get_or_init(|| {
        crate::assets::font_files()
            .into_iter()
            .flat_map(|b| typst::text::Font::iter(typst::foundations::Bytes::new(b)))
            .map(|f| f.info().coverage.clone())
            .collect()
    });
    coverage.iter().any(|cov| cov.contains(u32::from(c)))
}

/// `U+200B (ZERO WIDTH SPACE)`, or `U+1F680 (🚀)` for a character that shows.
fn described(c: char) -> String {
    let code = format!("U+{:04X}", u32::from(c));
    match char_name(c) {
        Some(name) => format!("{code} ({name})"),
        None if c.is_control() || is_invisible(c) => code,
        None => format!("{code} ({c})"),
    }
}

/// The Unicode names of the characters these checks most often meet.
fn char_name(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{0}' => "NULL",
        '\u{7}' => "BELL",
        '\u{8}' => "BACKSPACE",
        '\u{b}' => "LINE TABULATION",
        '\u{c}' => "FORM FEED",
        '\u{1b}' => "ESCAPE",
        '\u{7f}' => "DELETE",
        '\u{85}' => "NEXT LINE",
        '\u{9b}' => "CONTROL SEQUENCE INTRODUCER",
        '\u{200b}' => "ZERO WIDTH SPACE",
        '\u{200c}' => "ZERO WIDTH NON-JOINER",
        '\u{200d}' => "ZERO WIDTH JOINER",
        '\u{200e}' => "LEFT-TO-RIGHT MARK",
        '\u{200f}' => "RIGHT-TO-LEFT MARK",
        '\u{2060}' => "WORD JOINER",
        '\u{feff}' => "ZERO WIDTH NO-BREAK SPACE",
        '\u{202a}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202b}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202c}' => "POP DIRECTIONAL FORMATTING",
        '\u{202d}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202e}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(toml: &str) -> Vec<String> {
        let file = Arc::new(SourceText { name: "data/x.toml".into(), text: toml.into() });
        let mut diags = Diagnostics::default();
        check_text_characters(&[file], &[], &mut diags);
        diags.0.iter().map(|d| d.message.clone()).collect()
    }

    #[test]
    fn the_embedded_fonts_cover_latin_greek_and_cyrillic_but_not_emoji() {
        assert!(check("[[x]]\nname = \"Żółć Ωμέγα Щука €–…\"\n").is_empty());
        let found = check("[[x]]\nname = { en = \"Go 🚀\", nl = \"Ga\" }\n");
        assert_eq!(
            found,
            ["`name` holds U+1F680 (🚀), which the embedded fonts have no glyph for"]
        );
    }

    #[test]
    fn invisible_ids_controls_and_overrides_are_refused_and_empty_names_warned_of() {
        assert_eq!(
            check("[[x]]\nid = \"op-guard\u{200b}\"\n"),
            [
                "id `op-guard\u{200b}` holds U+200B (ZERO WIDTH SPACE), which does not show: two ids would print alike"
            ]
        );
        assert_eq!(
            check("[[x]]\ntitle = \"a\\u0000b\"\n"),
            ["`title` holds the control character U+0000 (NULL), which no page can show"]
        );
        assert_eq!(
            check("[[x]]\nname = \"\u{202e}drow\"\n"),
            [
                "`name` holds U+202E (RIGHT-TO-LEFT OVERRIDE), an invisible character that reorders the text after it"
            ]
        );
        assert_eq!(check("[[x]]\nname = \"  \"\n"), ["`name` holds only spaces"]);
        // A zero-width joiner in a text is fine: scripts use it.
        assert!(check("[[x]]\nsummary = \"a\u{200d}b\"\n").is_empty());
    }

    #[test]
    fn more_than_four_combining_marks_on_a_letter_are_warned_of() {
        // Vietnamese stacks two marks, decomposed; four still pass.
        assert!(check("[[x]]\nname = \"Vie\u{0323}\u{0302}t Nam\"\n").is_empty());
        assert!(check("[[x]]\nname = \"a\u{0300}\u{0301}\u{0302}\u{0303}\"\n").is_empty());
        let zalgo = format!("[[x]]\nname = \"Gu{}ard\"\n", "\u{0336}\u{0301}\u{0316}".repeat(3));
        assert_eq!(
            check(&zalgo),
            [
                "`name` stacks 9 combining marks on `u`; more than 4 run into the lines above and below"
            ]
        );
        assert_eq!(heaviest_stack("\u{0301}\u{0301}x"), Some((' ', 2)));
        assert_eq!(heaviest_stack("plain"), None);
    }
}

#[cfg(test)]
mod text_tests {
    use super::*;

    #[test]
    fn an_override_in_a_translatable_text_is_a_warning_and_left_out() {
        let toml = "[[x]]\nname = \"\u{202e}drow\"\n";
        let file = Arc::new(SourceText { name: "data/x.toml".into(), text: toml.into() });
        let at = toml.find('"').expect("quote");
        let site = TextSite { span: at..toml.len() - 1, languages: None };
        let mut diags = Diagnostics::default();
        check_text_characters(std::slice::from_ref(&file), &[(file.clone(), site)], &mut diags);
        assert_eq!(diags.0.len(), 1);
        assert!(!diags.0[0].is_error());
        assert!(
            diags.0[0].message.ends_with("it is left out of the documents"),
            "{}",
            diags.0[0].message
        );
        let parsed: std::collections::BTreeMap<String, Vec<Named>> =
            toml::from_str(toml).expect("parses");
        let text = &parsed["x"][0].name;
        assert_eq!(text.get("en"), Some("drow"));
    }

    #[derive(serde::Deserialize)]
    struct Named {
        name: crate::dataset::text::Text,
    }
}
