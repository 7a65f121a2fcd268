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
        }
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

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    /// Renders every diagnostic, then a count line.
    pub fn render(&self) -> String {
        let mut out: String = self.0.iter().map(Diagnostic::render).collect();
        let errors = self.error_count();
        if errors > 0 {
            let s = if errors == 1 { "" } else { "s" };
            out.push_str(&format!("{errors} error{s} found\n"));
        }
        out
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
            "message": self.message,
            "hints": self.hints,
        })
    }
}

impl Diagnostics {
    /// Every diagnostic as a line of JSON.
    pub fn render_json(&self) -> String {
        self.0.iter().map(|d| format!("{}\n", d.to_json())).collect()
    }
}

/// Levenshtein distance, for "did you mean" hints.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (edit_distance(&word.to_lowercase(), &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= (c.chars().count().max(3) / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}
