//! The web templates (`templates/web/`): read from the project's templates
//! folder where it has them, else the built-in ones, and rendered with
//! minijinja, which escapes every value for HTML.

use std::sync::Arc;

use indexmap::IndexMap;
use minijinja::{AutoEscape, Environment, UndefinedBehavior};

use crate::assets;
use crate::diag::{Diagnostic, SourceText};
use crate::typeset::world::TemplateSource;

/// The files of `templates/web/` a page is made from.
const FILES: [&str; 5] = ["base.html", "macros.html", "factsheet.html", "index.html", "style.css"];

/// The words of the web pages per language (`templates/web/words.toml`).
const WORDS: &str = "words.toml";

/// The web templates, loaded and ready to render.
pub(super) struct WebTemplates {
    env: Environment<'static>,
    sources: IndexMap<String, Arc<SourceText>>,
    words: IndexMap<String, IndexMap<String, String>>,
}

/// The text of `web/<name>`: the project's own file where it has one, else the built-in one.
fn read(templates: &TemplateSource, name: &str) -> Result<Arc<SourceText>, Diagnostic> {
    let path = format!("/web/{name}");
    let own = match templates {
        TemplateSource::Dir(_) => templates.read_file(&path).ok(),
        TemplateSource::Embedded => None,
    };
    let (display, bytes) = match own {
        Some(bytes) => (templates.display_name_of(&path), bytes.to_vec()),
        None => {
            let file =
                assets::DEFAULT_TEMPLATES.get_file(format!("web/{name}")).ok_or_else(|| {
                    Diagnostic::error(format!("the built-in web template `{name}` is missing"))
                })?;
            (format!("templates/web/{name}"), file.contents().to_vec())
        }
    };
    let text = String::from_utf8(bytes).map_err(|_| {
        Diagnostic::error(format!("{display} is not UTF-8 text"))
            .hint("save the file as UTF-8".to_owned())
    })?;
    Ok(Arc::new(SourceText { name: display, text }))
}

impl WebTemplates {
    /// Loads the web templates and their words from `templates`.
    pub(super) fn load(templates: &TemplateSource) -> Result<Self, Diagnostic> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        // Every value printed into a page is escaped for HTML, CSS files included by name
        // are not (they hold no data).
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".css") { AutoEscape::None } else { AutoEscape::Html }
        });
        env.add_filter("web_link", web_link);
        env.add_filter("css_string", css_string);
        let mut sources = IndexMap::new();
        for name in FILES {
            let source = read(templates, name)?;
            env.add_template_owned(name, source.text.clone())
                .map_err(|e| template_error(&source, &e))?;
            sources.insert(name.to_owned(), source);
        }
        let words_file = read(templates, WORDS)?;
        let words = toml::from_str(&words_file.text)
            .map_err(|e| crate::dataset::load::toml_file_error(&words_file, &e))?;
        Ok(WebTemplates { env, sources, words })
    }

    /// The words of the web pages in `lang`, each from English where `lang` lacks it.
    pub(super) fn words(&self, lang: &str) -> IndexMap<String, String> {
        let mut words = self.words.get("en").cloned().unwrap_or_default();
        if let Some(own) = self.words.get(lang) {
            for (k, v) in own {
                words.insert(k.clone(), v.clone());
            }
        }
        words
    }

    /// The word `key` as `lang`'s own entry gives it, without falling back to English.
    pub(super) fn own_word(&self, lang: &str, key: &str) -> Option<String> {
        self.words.get(lang).and_then(|w| w.get(key)).filter(|w| !w.is_empty()).cloned()
    }

    /// Renders the template `name` with `context`.
    pub(super) fn render(
        &self,
        name: &str,
        context: impl serde::Serialize,
    ) -> Result<String, Diagnostic> {
        let failed = |e: minijinja::Error| {
            let source =
                e.name().and_then(|n| self.sources.get(n)).or_else(|| self.sources.get(name));
            match source {
                Some(s) => template_error(s, &e),
                None => Diagnostic::error(format!("web template `{name}`: {e}")),
            }
        };
        let template = self.env.get_template(name).map_err(failed)?;
        template.render(context).map_err(failed)
    }
}

/// A link target safe to print as `href`: web and mail addresses only (a
/// `javascript:` address, though escaped, would still run), else empty.
fn web_link(url: String) -> String {
    let lower = url.trim().to_ascii_lowercase();
    let allowed = ["https://", "http://", "mailto:"].iter().any(|s| lower.starts_with(s));
    if allowed { url.trim().to_owned() } else { String::new() }
}

/// `text` as a quoted CSS string, every character but letters, digits and
/// spaces written as a CSS escape, so no text can end the string or the
/// `<style>` element; marked safe, since it is already escaped.
fn css_string(text: String) -> minijinja::Value {
    let mut out = String::from("\"");
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == ' ' {
            out.push(c);
        } else {
            out.push_str(&format!("\\{:x} ", u32::from(c)));
        }
    }
    out.push('"');
    minijinja::Value::from_safe_string(out)
}

/// A minijinja error as a located diagnostic in the template's file.
fn template_error(source: &Arc<SourceText>, e: &minijinja::Error) -> Diagnostic {
    let message = format!("web template: {}", e.detail().unwrap_or(&e.kind().to_string()));
    let d = Diagnostic::error(message);
    match e.range() {
        Some(range) => d.at(source, range),
        None => match e.line() {
            Some(line) => {
                let start: usize = source
                    .text
                    .split_inclusive('\n')
                    .take(line.saturating_sub(1))
                    .map(str::len)
                    .sum();
                let end = source.line_end(start);
                d.at(source, start..end)
            }
            None => Diagnostic::error(format!("{}: {e}", source.name)),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_and_mail_addresses_become_links() {
        assert_eq!(web_link("https://example.org/a".into()), "https://example.org/a");
        assert_eq!(web_link(" mailto:press@example.org".into()), "mailto:press@example.org");
        assert_eq!(web_link("javascript:alert(1)".into()), "");
        assert_eq!(web_link("JavaScript:alert(1)".into()), "");
        assert_eq!(web_link("data:text/html,<script>".into()), "");
    }

    #[test]
    fn css_strings_escape_what_could_end_them() {
        let s = css_string("A\"B</style>é".into()).to_string();
        assert_eq!(s, "\"A\\22 B\\3c \\2f style\\3e \\e9 \"");
    }

    #[test]
    fn a_value_with_markup_prints_as_text() {
        let templates = WebTemplates::load(&TemplateSource::Embedded).expect("built-in templates");
        assert!(templates.words("xx").contains_key("printed"), "English stands in");
        let env = &templates.env;
        let html = env
            .render_str("<p>{{ t }}</p>", minijinja::context! { t => "<script>x</script>" })
            .expect("renders");
        assert_eq!(html, "<p>&lt;script&gt;x&lt;&#x2f;script&gt;</p>");
    }
}
