//! Located diagnostics for data and template problems, printed like typst-cli's.

use std::fmt;
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, Config};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The build cannot go on.
    Error,
    /// Worth reading; the build goes on.
    Warning,
}

/// A file a diagnostic points into: its display name and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceText {
    /// Name shown to the user (`data/operations.toml`).
    pub name: String,
    /// Full text of the file.
    pub text: String,
}

impl SourceText {
    /// The `[table]` or `[[array]]` header line that an item starting at
    /// `start` stands under, when only blank lines lie between them: where an
    /// error about the whole item points (array items span from their first
    /// field, not from their header).
    pub fn header_before(&self, start: usize) -> Option<Range<usize>> {
        let text = &self.text;
        let start = floor_char_boundary(text, start.min(text.len()));
        let line_start = text[..start].trim_end().rfind('\n').map_or(0, |i| i + 1);
        if !text[line_start..start].trim_start().starts_with('[') {
            return None;
        }
        Some(line_start..self.line_end(line_start))
    }

    /// Where the line holding `pos` ends, before its `\n` or `\r\n`.
    pub fn line_end(&self, pos: usize) -> usize {
        let text = &self.text;
        let pos = floor_char_boundary(text, pos.min(text.len()));
        let end = text[pos..].find('\n').map_or(text.len(), |n| pos + n);
        if text[..end].ends_with('\r') { end - 1 } else { end }
    }
}

/// A place in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file.
    pub file: std::sync::Arc<SourceText>,
    /// Byte range within the file.
    pub span: Range<usize>,
}

impl Location {
    /// 1-based line and column (in characters) of the span's start.
    pub fn line_col(&self) -> (usize, usize) {
        let start = self.span.start.min(self.file.text.len());
        let before = &self.file.text[..floor_char_boundary(&self.file.text, start)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before[line_start..].chars().count() + 1;
        (line, col)
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One problem found in the data, the templates or the environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// Where, when known.
    pub location: Option<Location>,
    /// Further places that explain the problem (e.g. the first definition of a duplicate id).
    pub related: Vec<(Location, String)>,
    /// What was expected, or how to fix it.
    pub hints: Vec<String>,
    /// Whether the mistake is in the command line (a scope, language or
    /// audience the dataset lacks) rather than in the files: such errors
    /// alone end the command with exit code 2, like clap's usage errors.
    pub usage: bool,
}

impl Diagnostic {
    /// An error with no location yet.
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            location: None,
            related: Vec::new(),
            hints: Vec::new(),
            usage: false,
        }
    }

    /// An error in what the command line asked for.
    pub fn usage(message: impl Into<String>) -> Self {
        Diagnostic { usage: true, ..Diagnostic::error(message) }
    }

    /// A warning with no location yet.
    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(message) }
    }

    /// Points the diagnostic at `span` in `file`.
    pub fn at(mut self, file: &std::sync::Arc<SourceText>, span: Range<usize>) -> Self {
        self.location = Some(Location { file: file.clone(), span });
        self
    }

    /// Adds a hint line.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// Adds a secondary location with a message.
    pub fn related(
        mut self,
        file: &std::sync::Arc<SourceText>,
        span: Range<usize>,
        msg: impl Into<String>,
    ) -> Self {
        self.related.push((Location { file: file.clone(), span }, msg.into()));
        self
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The source snippet rendering: header, `file:line:col`, the line, a caret and hints.
    pub fn render(&self) -> String {
        if let Some(plain) = self.render_without_long_lines() {
            return plain;
        }
        let mut files = SimpleFiles::new();
        let mut ids: Vec<(String, usize)> = Vec::new();
        let mut file_id = |f: &SourceText, files: &mut SimpleFiles<String, String>| {
            if let Some((_, id)) = ids.iter().find(|(n, _)| *n == f.name) {
                *id
            } else {
                let id = files.add(f.name.clone(), f.text.clone());
                ids.push((f.name.clone(), id));
                id
            }
        };
        let mut labels = Vec::new();
        if let Some(loc) = &self.location {
            let id = file_id(&loc.file, &mut files);
            labels.push(Label::primary(id, clamp(&loc.file.text, &loc.span)));
        }
        for (loc, msg) in &self.related {
            let id = file_id(&loc.file, &mut files);
            labels.push(Label::secondary(id, clamp(&loc.file.text, &loc.span)).with_message(msg));
        }
        let base = match self.severity {
            Severity::Error => CsDiagnostic::error(),
            Severity::Warning => CsDiagnostic::warning(),
        };
        let diag = base
            .with_message(self.message.clone())
            .with_labels(labels)
            .with_notes(self.hints.iter().map(|h| format!("hint: {h}")).collect());
        let config = Config { tab_width: 2, ..Config::default() };
        term::emit_into_string(&config, &files, &diag).unwrap_or_else(|_| format!("{self}\n"))
    }
}

/// Most diagnostics printed in one run: thousands of copies of one mistake help
/// no one, and each costs a pass over its file.
pub const MAX_SHOWN: usize = 200;

/// Longest source line printed under a diagnostic, in bytes.
const MAX_SHOWN_LINE: usize = 1_000;

impl Diagnostic {
    /// The rendering without source lines, when a line to show is too long to
    /// print (a minified or hostile file): `file:line:col` and hints only.
    fn render_without_long_lines(&self) -> Option<String> {
        let locations = self.location.iter().chain(self.related.iter().map(|(l, _)| l));
        let longest = locations
            .map(|l| line_len(&l.file.text, l.span.start).max(line_len(&l.file.text, l.span.end)))
            .max()?;
        if longest <= MAX_SHOWN_LINE {
            return None;
        }
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let at = |l: &Location| {
            let (line, col) = l.line_col();
            format!("{}:{line}:{col}", l.file.name)
        };
        let mut out = format!("{kind}: {}\n", self.message);
        if let Some(loc) = &self.location {
            out.push_str(&format!("  ┌─ {}\n", at(loc)));
        }
        for (loc, msg) in &self.related {
            out.push_str(&format!("  ┌─ {}: {msg}\n", at(loc)));
        }
        out.push_str(&format!("  = note: the line is too long to show ({longest} bytes)\n"));
        for h in &self.hints {
            out.push_str(&format!("  = hint: {h}\n"));
        }
        out.push('\n');
        Some(out)
    }
}

/// Length in bytes of the line holding byte `at`.
fn line_len(text: &str, at: usize) -> usize {
    let at = floor_char_boundary(text, at.min(text.len()));
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    end - start
}

fn clamp(text: &str, span: &Range<usize>) -> Range<usize> {
    let start = floor_char_boundary(text, span.start.min(text.len()));
    let end = floor_char_boundary(text, span.end.min(text.len())).max(start);
    start..end
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        if let Some(loc) = &self.location {
            let (line, col) = loc.line_col();
            write!(f, "{}:{line}:{col}: ", loc.file.name)?;
        }
        write!(f, "{kind}: {}", self.message)
    }
}

/// Every problem found in one run, errors and warnings in the order found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Adds one diagnostic.
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    /// Whether any of them is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// Whether every error is in the command line (exit code 2).
    pub fn are_usage_errors(&self) -> bool {
        self.has_errors() && self.0.iter().filter(|d| d.is_error()).all(|d| d.usage)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    /// Renders every diagnostic (up to [`MAX_SHOWN`]), then a count line;
    /// control characters quoted from the user's files are made visible.
    pub fn render(&self) -> String {
        let mut out: String = self.0.iter().take(MAX_SHOWN).map(Diagnostic::render).collect();
        if let Some(more) = self.not_shown() {
            out.push_str(&more.render());
        }
        let errors = self.error_count();
        if errors > 0 {
            out.push_str(&format!("{} found\n", counted(errors, "error")));
        }
        visible(&out)
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

impl Diagnostic {
    /// The diagnostic as one JSON object: file, line, column, severity, message, hints.
    pub fn to_json(&self) -> serde_json::Value {
        let (file, line, column) = match &self.location {
            Some(loc) => {
                let (l, c) = loc.line_col();
                (Some(loc.file.name.clone()), Some(l), Some(c))
            }
            None => (None, None, None),
        };
        serde_json::json!({
            "file": file,
            "line": line,
            "column": column,
            "severity": match self.severity { Severity::Error => "error", Severity::Warning => "warning" },
            "message": visible(&self.message),
            "hints": self.hints.iter().map(|h| visible(h)).collect::<Vec<_>>(),
        })
    }
}

impl Diagnostic {
    /// The diagnostic as one GitHub Actions workflow command; hints follow
    /// the message on lines of their own.
    pub fn to_github(&self) -> String {
        // The escapes GitHub's runner decodes: data in a message, and in a property value.
        let data =
            |t: &str| visible(t).replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
        let property = |t: &str| data(t).replace(':', "%3A").replace(',', "%2C");
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let place = match &self.location {
            Some(loc) => {
                let (line, col) = loc.line_col();
                format!(" file={},line={line},col={col}", property(&loc.file.name))
            }
            None => String::new(),
        };
        let text: Vec<String> = std::iter::once(self.message.clone())
            .chain(self.hints.iter().map(|h| format!("hint: {h}")))
            .collect();
        format!("::{level}{place}::{}", data(&text.join("\n")))
    }
}

impl Diagnostics {
    /// Every diagnostic (up to [`MAX_SHOWN`]) as a line of JSON.
    pub fn render_json(&self) -> String {
        let shown = self.0.iter().take(MAX_SHOWN).map(|d| format!("{}\n", d.to_json()));
        shown.chain(self.not_shown().map(|d| format!("{}\n", d.to_json()))).collect()
    }

    /// Every diagnostic (up to [`MAX_SHOWN`]) as a GitHub Actions workflow
    /// command (`::error file=data/bases.toml,line=4,col=9::…`), which the
    /// job's summary and the pull request show beside the line.
    pub fn render_github(&self) -> String {
        let shown = self.0.iter().take(MAX_SHOWN).cloned().chain(self.not_shown());
        shown.map(|d| d.to_github() + "\n").collect()
    }

    /// The line that stands for the diagnostics beyond [`MAX_SHOWN`], if any.
    fn not_shown(&self) -> Option<Diagnostic> {
        let more = self.0.len().checked_sub(MAX_SHOWN).filter(|n| *n > 0)?;
        let message = format!("{more} more problems were found and are not shown");
        let d = if self.0[MAX_SHOWN..].iter().any(Diagnostic::is_error) {
            Diagnostic::error(message)
        } else {
            Diagnostic::warning(message)
        };
        Some(d.hint("fix the problems above and run again"))
    }
}

/// `text` safe to print on a terminal: control characters (escape sequences
/// that could clear the screen, retitle the window or forge a link) and
/// direction overrides (which reorder what is shown) become visible
/// stand-ins of one column each, so carets under a quoted line stay aligned.
/// Line breaks and tabs stay as they are.
pub fn visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\t' => out.push(c),
            // A CRLF line end is kept; a lone carriage return would overwrite the line.
            '\r' if chars.peek() == Some(&'\n') => out.push(c),
            // The Control Pictures block has a symbol for each C0 control and DEL.
            '\0'..='\u{1f}' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}')),
            '\u{7f}' => out.push('\u{2421}'),
            '\u{80}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {
                out.push('\u{fffd}')
            }
            c => out.push(c),
        }
    }
    out
}

/// Edit distance for "did you mean" hints: Levenshtein, with a swap of two
/// neighbouring letters (`titel` for `title`) counted as one edit.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut before: Vec<usize> = Vec::new();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let mut d = (prev[j] + usize::from(ca != cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
            if i > 0 && j > 0 && *ca == b[j - 1] && a[i - 1] == *cb {
                d = d.min(before[j - 1] + 1);
            }
            cur.push(d);
        }
        before = std::mem::replace(&mut prev, cur);
    }
    prev[b.len()]
}

/// A count with its noun, plural unless the count is one: "1 page", "2 pages".
pub fn counted(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_lowercase();
    let len = word.chars().count();
    candidates
        .into_iter()
        .filter_map(|c| {
            let chars = c.chars().count();
            let limit = (chars.max(3) / 3).max(1);
            // The distance is at least the difference in length: skip the
            // full comparison when that alone is over the limit.
            if chars.abs_diff(len) > limit {
                return None;
            }
            let d = edit_distance(&word, &c.to_lowercase());
            (d <= limit).then_some((d, c))
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_annotations_carry_the_place_and_escape_what_github_decodes() {
        let file = std::sync::Arc::new(SourceText {
            name: "data/a,b.toml".into(),
            text: "x = 1\ncount = \"16\"\n".into(),
        });
        let d = Diagnostics(vec![
            Diagnostic::error("wrong type: 100% a string")
                .at(&file, 14..18)
                .hint("remove the quotes"),
            Diagnostic::warning("no place"),
        ]);
        assert_eq!(
            d.render_github(),
            "::error file=data/a%2Cb.toml,line=2,col=9::wrong type: 100%25 a string%0Ahint: remove the quotes\n\
             ::warning::no place\n"
        );
    }

    #[test]
    fn control_characters_from_the_data_never_reach_the_terminal() {
        let hostile = "unknown branch `\u{1b}[2J\u{1b}]0;pwned\u{7}\u{9b}x\u{202e}y`";
        let d = Diagnostics::from(Diagnostic::error(hostile).hint("did you mean `\u{1b}[31mair`?"));
        for text in [d.render(), d.render_json()] {
            assert!(
                !text
                    .chars()
                    .any(|c| c.is_control() && c != '\n' || matches!(c, '\u{202a}'..='\u{202e}')),
                "{text:?}"
            );
        }
        assert!(d.render().contains("unknown branch `␛[2J␛]0;pwned␇�x�y`"), "{}", d.render());
        assert_eq!(visible("a\tb\r\nc\rd"), "a\tb\r\nc␍d");
    }

    #[test]
    fn a_swap_of_neighbouring_letters_is_one_edit() {
        assert_eq!(edit_distance("titel", "title"), 1);
        assert_eq!(edit_distance("contry", "country"), 1);
        assert_eq!(edit_distance("abc", "abc"), 0);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(closest("titel", ["id", "title", "subtitle"]), Some("title"));
    }

    #[test]
    fn long_lines_are_not_printed_but_the_location_is() {
        let file = std::sync::Arc::new(SourceText {
            name: "data/x.toml".into(),
            text: format!("a = 1\nb = \"{}\"\n", "x".repeat(5000)),
        });
        let out = Diagnostic::error("too long").at(&file, 10..11).render();
        assert!(out.contains("data/x.toml:2:5"), "{out}");
        assert!(out.contains("too long to show"), "{out}");
        assert!(out.len() < 300, "{out}");
    }

    #[test]
    fn at_most_max_shown_diagnostics_are_printed() {
        let all =
            Diagnostics((0..MAX_SHOWN + 5).map(|i| Diagnostic::error(format!("e{i}"))).collect());
        let out = all.render();
        assert!(out.contains("5 more problems were found and are not shown"), "{out}");
        assert!(out.contains(&format!("{} errors found", MAX_SHOWN + 5)));
        assert_eq!(all.render_json().lines().count(), MAX_SHOWN + 1);
    }
}
