//! Diagnostics as the preview page shows them: the fields `briefing
//! validate` prints, each apart, so the page can set them out as text.

use serde::Serialize;

use crate::diag::{Diagnostic, Severity, visible};

/// One diagnostic, ready for the page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    /// `error` or `warning`.
    pub severity: &'static str,
    /// What is wrong.
    pub message: String,
    /// The file, as the terminal names it (`data/figures.toml`).
    pub file: Option<String>,
    /// 1-based line.
    pub line: Option<usize>,
    /// 1-based column, in characters.
    pub column: Option<usize>,
    /// The line itself, control characters made visible.
    pub source: Option<String>,
    /// Characters of `source` the problem spans from `column` (at least 1).
    pub width: usize,
    /// What to write instead.
    pub hints: Vec<String>,
    /// Further places that explain it (`data/bases.toml:3:6: first defined here`).
    pub related: Vec<String>,
    /// The whole diagnostic as the terminal shows it.
    pub rendered: String,
}

impl Problem {
    /// The page's form of `d`.
    pub fn of(d: &Diagnostic) -> Problem {
        let mut p = Problem {
            severity: match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
            message: visible(&d.message),
            file: None,
            line: None,
            column: None,
            source: None,
            width: 1,
            hints: d.hints.iter().map(|h| visible(h)).collect(),
            related: d
                .related
                .iter()
                .map(|(loc, msg)| {
                    let (line, col) = loc.line_col();
                    visible(&format!("{}:{line}:{col}: {msg}", loc.file.name))
                })
                .collect(),
            rendered: visible(&d.render()),
        };
        if let Some(loc) = &d.location {
            let (line, column) = loc.line_col();
            let text = &loc.file.text;
            let source = text.lines().nth(line - 1).unwrap_or_default();
            // The span's part on its first line, in characters.
            let on_line = source.chars().skip(column - 1).collect::<String>();
            let spanned = text.get(loc.span.clone()).unwrap_or_default();
            let width = spanned.lines().next().unwrap_or_default().chars().count();
            p.width = width.clamp(1, on_line.chars().count().max(1));
            p.file = Some(loc.file.name.clone());
            p.line = Some(line);
            p.column = Some(column);
            p.source = Some(visible(source));
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::SourceText;

    #[test]
    fn a_problem_carries_its_place_the_line_and_the_hints() {
        let file = std::sync::Arc::new(SourceText {
            name: "data/figures.toml".into(),
            text: "[[figure]]\nvalue = \"17\n".into(),
        });
        let d =
            Diagnostic::error("unterminated string").at(&file, 19..22).hint("close it with `\"`");
        let p = Problem::of(&d);
        assert_eq!(p.file.as_deref(), Some("data/figures.toml"));
        assert_eq!((p.line, p.column), (Some(2), Some(9)));
        assert_eq!(p.source.as_deref(), Some("value = \"17"));
        assert_eq!(p.width, 3);
        assert_eq!(p.hints, ["close it with `\"`"]);
        assert!(p.rendered.contains("data/figures.toml:2:9"), "{}", p.rendered);
    }
}
