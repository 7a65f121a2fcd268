//! The web templates (`templates/web/`): read from the project's templates
//! folder where it has them, else the built-in ones, and rendered with
//! minijinja, which escapes every value for HTML.

use std::sync::Arc;

use indexmap::IndexMap;
use minijinja::value::{Value, ValueKind};
use minijinja::{AutoEscape, Environment, Output, State, UndefinedBehavior};

use crate::assets;
use crate::diag::{Diagnostic, Diagnostics, SourceText};
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
    /// Loads the web templates and their words from `templates`, with the
    /// words a dataset's own label files give (`own`, by language) over
    /// them; every language of `langs` must have every word of the file's
    /// first language.
    pub(super) fn load(
        templates: &TemplateSource,
        langs: &[&str],
        own: &IndexMap<String, IndexMap<String, String>>,
    ) -> Result<Self, Diagnostics> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        // Every value printed into a page is escaped for HTML, CSS files included by name
        // are not (they hold no data).
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".css") { AutoEscape::None } else { AutoEscape::Html }
        });
        env.set_formatter(html_formatter);
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
        let mut words: IndexMap<String, IndexMap<String, String>> =
            toml::from_str(&words_file.text)
                .map_err(|e| crate::dataset::load::toml_file_error(&words_file, &e))?;
        // A dataset's own words were checked against the first table when its label file was read.
        for (lang, own) in own {
            let table = words.entry(lang.clone()).or_default();
            table.extend(own.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        let gaps = missing_words(&words_file, &words, langs);
        if gaps.has_errors() {
            return Err(gaps);
        }
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
        let context = Value::from_serialize(&context);
        // Rendered once to learn the characters the page uses, then again
        // with the fonts cut to them (`fonts`: generated CSS, no data).
        let first = template.render(&context).map_err(failed)?;
        let fonts = Value::from_safe_string(super::fonts::font_faces(&first));
        template.render(minijinja::context! { fonts => fonts, ..context }).map_err(failed)
    }
}

/// Prints a value into a page: a string not marked safe with `&`, `<`, `>`,
/// `"` and `'` escaped, which is safe in text and in quoted attributes, and
/// nothing else (minijinja's own HTML escape also writes `/` as `&#x2f;`,
/// which made every address in a page hard to read); other values as
/// minijinja prints them.
fn html_formatter(out: &mut Output, state: &State, value: &Value) -> Result<(), minijinja::Error> {
    let plain_string = value.kind() == ValueKind::String && !value.is_safe();
    match value.as_str() {
        Some(text) if plain_string && state.auto_escape() == AutoEscape::Html => {
            out.write_str(&escape_html(text)).map_err(minijinja::Error::from)
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
}

/// `text` with the five characters that can end an HTML text or attribute escaped.
fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
}

/// The words every language of the web pages must have: the keys of the
/// first table of `words.toml` (the project's own, else the built-in one).
pub(crate) fn word_keys(templates: &TemplateSource) -> Result<Vec<String>, Diagnostics> {
    let file = read(templates, WORDS)?;
    let words: IndexMap<String, IndexMap<String, String>> =
        toml::from_str(&file.text).map_err(|e| crate::dataset::load::toml_file_error(&file, &e))?;
    let at = |lang: &str| file.text.find(&format!("[{lang}]")).unwrap_or(usize::MAX);
    Ok(words
        .iter()
        .min_by_key(|(lang, _)| at(lang))
        .map(|(_, first)| first.keys().cloned().collect())
        .unwrap_or_default())
}

/// The words `words.toml` lacks: every word of its first language that
/// another language's table, or a language of `langs` with no table at all,
/// does not have; and every word a table has that the first one does not.
fn missing_words(
    file: &Arc<SourceText>,
    words: &IndexMap<String, IndexMap<String, String>>,
    langs: &[&str],
) -> Diagnostics {
    let mut out = Diagnostics::default();
    // A table's header at the start of a line, not in a comment.
    let header = |lang: &str| {
        let header = format!("[{lang}]");
        let at = if file.text.starts_with(&header) {
            Some(0)
        } else {
            file.text.find(&format!("\n{header}")).map(|i| i + 1)
        };
        at.map_or(0..0, |i| i..i + header.len())
    };
    // The first table in the file is the reference (the parsed map's order is not the file's).
    let Some((first, reference)) = words.iter().min_by_key(|(lang, _)| header(lang).start) else {
        return out;
    };
    for (lang, own) in words.iter().filter(|(lang, _)| *lang != first) {
        let missing: Vec<String> =
            reference.keys().filter(|k| !own.contains_key(*k)).map(|k| format!("`{k}`")).collect();
        if !missing.is_empty() {
            out.push(
                Diagnostic::error(format!(
                    "the web pages' words in `{lang}` lack {}",
                    missing.join(", ")
                ))
                .at(file, header(lang))
                .hint(format!("add them under [{lang}], translated from [{first}]")),
            );
        }
        for key in own.keys().filter(|k| !reference.contains_key(*k)) {
            let section = header(lang).start;
            let line = file.text[section..]
                .find(&format!("\n{key}"))
                .map_or(header(lang), |i| section + i + 1..section + i + 1 + key.len());
            let mut d = Diagnostic::error(format!("`{key}` is not a word the web pages print"))
                .at(file, line);
            d = match crate::diag::closest(key, reference.keys().map(String::as_str)) {
                Some(near) => d.hint(format!("did you mean `{near}`?")),
                None => d.hint(format!("the words are the keys of [{first}]")),
            };
            out.push(d);
        }
    }
    let mut absent: Vec<&str> = Vec::new();
    for lang in langs.iter().copied().filter(|l| !words.contains_key(*l)) {
        if !absent.contains(&lang) {
            absent.push(lang);
        }
    }
    for lang in absent {
        out.push(
            Diagnostic::error(format!("the web pages' words have no `[{lang}]` table"))
                .at(file, header(first))
                .hint(format!("add [{lang}] with every word of [{first}], translated"))
                .hint(format!(
                    "or give them in a `[web]` table of the data folder's i18n/{lang}.toml"
                )),
        );
    }
    out
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
    use std::collections::BTreeSet;

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
        let templates = WebTemplates::load(&TemplateSource::Embedded, &[], &IndexMap::new())
            .expect("built-in templates");
        assert!(templates.words("xx").contains_key("printed"), "English stands in");
        let env = &templates.env;
        let html = env
            .render_str("<p>{{ t }}</p>", minijinja::context! { t => "<script>x</script>" })
            .expect("renders");
        assert_eq!(html, "<p>&lt;script&gt;x&lt;/script&gt;</p>");
        let attribute = env
            .render_str(
                r#"<a href="{{ u }}" title='{{ t }}'>"#,
                minijinja::context! { u => "https://example.org/a?b=1&c=\"2\"", t => "it's <b>" },
            )
            .expect("renders");
        assert_eq!(
            attribute,
            r#"<a href="https://example.org/a?b=1&amp;c=&quot;2&quot;" title='it&#x27;s &lt;b&gt;'>"#
        );
        let safe = env
            .render_str(
                "{{ s }}",
                minijinja::context! { s => Value::from_safe_string("<b>".into()) },
            )
            .expect("renders");
        assert_eq!(safe, "<b>");
    }

    /// A templates folder with `web/words.toml` as given.
    fn with_words(words: &str) -> (tempfile::TempDir, TemplateSource) {
        let dir = tempfile::tempdir().expect("tmp");
        std::fs::create_dir(dir.path().join("web")).expect("mkdir");
        std::fs::write(dir.path().join("web/words.toml"), words).expect("write");
        let source = TemplateSource::Dir(dir.path().to_path_buf());
        (dir, source)
    }

    #[test]
    fn the_built_in_words_are_complete_in_every_language() {
        let file = assets::DEFAULT_TEMPLATES.get_file("web/words.toml").expect("words.toml");
        let text = file.contents_utf8().expect("UTF-8");
        let words: IndexMap<String, IndexMap<String, String>> = toml::from_str(text).expect("TOML");
        let mut langs: Vec<&str> = words.keys().map(String::as_str).collect();
        langs.sort_unstable();
        assert_eq!(langs, ["de", "en", "fr", "nl"]);
        assert!(WebTemplates::load(&TemplateSource::Embedded, &langs, &IndexMap::new()).is_ok());
        let en = &words["en"];
        let keys = |w: &IndexMap<String, String>| w.keys().cloned().collect::<BTreeSet<_>>();
        for (lang, own) in &words {
            assert_eq!(keys(own), keys(en), "{lang}");
            assert!(own.values().all(|w| !w.trim().is_empty()), "{lang} has an empty word");
        }
    }

    #[test]
    fn a_word_missing_in_a_language_is_an_error_at_its_table() {
        let (_dir, source) = with_words(
            "[en]\nskip = \"Skip\"\nprinted = \"Printed\"\n\n[de]\nskip = \"Springen\"\nprintd = \"Gedruckt\"\n",
        );
        let Err(diags) = WebTemplates::load(&source, &["en", "de", "fr"], &IndexMap::new()) else {
            panic!("an incomplete words file loads")
        };
        let text = diags.render();
        assert_eq!(diags.error_count(), 3, "{text}");
        assert!(text.contains("the web pages' words in `de` lack `printed`"), "{text}");
        assert!(text.contains("words.toml:5:1"), "{text}");
        assert!(text.contains("add them under [de], translated from [en]"), "{text}");
        assert!(text.contains("`printd` is not a word the web pages print"), "{text}");
        assert!(text.contains("words.toml:7:1"), "{text}");
        assert!(text.contains("did you mean `printed`?"), "{text}");
        assert!(text.contains("the web pages' words have no `[fr]` table"), "{text}");
    }
}
