//! The label files, and the locales built from them and the dataset.
//!
//! A language's words come from the templates' `i18n/<lang>.toml`, with the
//! data folder's own `i18n/<lang>.toml` layered over it: a dataset adds a
//! language briefing does not ship (or changes a few words of one it does)
//! without copying the templates folder.

use std::path::Path;
use std::sync::Arc;

use indexmap::IndexMap;

use super::{DataSource, Inputs};
use crate::dataset::Dataset;
use crate::diag::{Diagnostic, Diagnostics, SourceText};
use crate::plan::i18n::{self, LabelFile, LabelSource, Locale};

/// The folder of the data folder that holds its own label files.
pub const OWN_LABELS: &str = "i18n";

/// Reads the label files of `langs`: the templates' ones, each with the data
/// folder's own file of that language layered over it (the own file alone
/// for a language the templates lack). The own files' keys must be keys the
/// templates print; a gap is found later, against the first language.
pub fn load_label_files(
    inputs: &Inputs,
    langs: &[String],
) -> Result<IndexMap<String, LabelSource>, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut base = IndexMap::new();
    for lang in langs {
        let path = format!("/i18n/{lang}.toml");
        // A missing label file is reported by planning, for the languages asked for.
        if let Ok(bytes) = inputs.templates.read_file(&path) {
            let name = inputs.templates.display_name_of(&path);
            if let Some(source) = parse(name, &bytes, &mut diags) {
                base.insert(lang.clone(), source);
            }
        }
    }
    let own: Vec<(String, LabelSource)> = match &inputs.data {
        DataSource::Dir(dir) => langs
            .iter()
            .filter_map(|lang| own_file(dir, lang, &mut diags).map(|s| (lang.clone(), s)))
            .collect(),
        DataSource::Embedded => Vec::new(),
    };
    if own.iter().any(|(_, s)| !s.file.web.is_empty()) {
        match crate::web::word_keys(&inputs.templates) {
            Ok(keys) => own.iter().for_each(|(_, s)| check_web_words(s, &keys, &mut diags)),
            Err(more) => diags.0.extend(more.0),
        }
    }
    let mut out = IndexMap::new();
    for lang in langs {
        let layered = own.iter().find(|(l, _)| l == lang).map(|(_, s)| s);
        // What an own file's keys are checked against: the templates' file of
        // its language, else of the dataset's first language, else English.
        let reference = base.get(lang).or_else(|| langs.first().and_then(|l| base.get(l)));
        let fallback;
        let reference = match reference {
            Some(r) => Some(&r.file),
            None => {
                fallback =
                    inputs.templates.read_file("/i18n/en.toml").ok().and_then(|b| {
                        toml::from_str::<LabelFile>(&String::from_utf8_lossy(&b)).ok()
                    });
                fallback.as_ref()
            }
        };
        if let (Some(own), Some(reference)) = (layered, reference) {
            check_own_keys(own, reference, &mut diags);
        }
        let source = match (base.get(lang), layered) {
            (Some(b), Some(o)) => Some(layer(b, o)),
            (Some(b), None) => Some(b.clone()),
            (None, Some(o)) => Some(o.clone()),
            (None, None) => None,
        };
        if let Some(source) = source {
            out.insert(lang.clone(), source);
        }
    }
    if diags.has_errors() { Err(diags) } else { Ok(out) }
}

/// A label file's text parsed, or its TOML error added to `diags`.
fn parse(name: String, bytes: &[u8], diags: &mut Diagnostics) -> Option<LabelSource> {
    let text = Arc::new(SourceText { name, text: String::from_utf8_lossy(bytes).into_owned() });
    match toml::from_str::<LabelFile>(&text.text) {
        Ok(file) => Some(LabelSource { file, text }),
        Err(e) => {
            diags.push(crate::dataset::load::toml_file_error(&text, &e));
            None
        }
    }
}

/// The data folder's own label file of `lang`, read under the data folder's
/// rules (no link out of it, no file over the size limit).
fn own_file(dir: &Path, lang: &str, diags: &mut Diagnostics) -> Option<LabelSource> {
    // Language ids are checked by the loader; anything else names no file.
    if !lang.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return None;
    }
    let path = dir.join(OWN_LABELS).join(format!("{lang}.toml"));
    if !path.is_file() {
        return None;
    }
    let shown = path.display().to_string();
    match crate::limits::read_inside(&crate::limits::data_root(dir), &path, &shown) {
        Ok(bytes) => parse(shown, &bytes, diags),
        Err(d) => {
            diags.push(d);
            None
        }
    }
}

/// `own`'s words over `base`'s, shown (for gaps) in the own file.
fn layer(base: &LabelSource, own: &LabelSource) -> LabelSource {
    let mut file = base.file.clone();
    let o = &own.file;
    file.labels.extend(o.labels.iter().map(|(k, v)| (k.clone(), v.clone())));
    file.qualifiers.extend(o.qualifiers.iter().map(|(k, v)| (k.clone(), v.clone())));
    file.plurals.extend(o.plurals.iter().map(|(k, v)| (k.clone(), v.clone())));
    file.web.extend(o.web.iter().map(|(k, v)| (k.clone(), v.clone())));
    LabelSource { file, text: own.text.clone() }
}

/// Every key of an own label file that the templates do not print, as an
/// error at its line naming the nearest key.
fn check_own_keys(own: &LabelSource, reference: &LabelFile, diags: &mut Diagnostics) {
    let tables: [(&str, Vec<&String>, Vec<&String>); 3] = [
        ("labels", own.file.labels.keys().collect(), reference.labels.keys().collect()),
        ("qualifiers", own.file.qualifiers.keys().collect(), reference.qualifiers.keys().collect()),
        ("plurals", own.file.plurals.keys().collect(), reference.plurals.keys().collect()),
    ];
    for (table, keys, known) in tables {
        for key in keys.into_iter().filter(|k| !known.contains(k)) {
            diags.push(unknown_key(own, table, key, known.iter().map(|k| k.as_str())));
        }
    }
}

/// The `[web]` table of an own label file against the web pages' words:
/// a word no page prints, or (when the table is given) one it lacks.
fn check_web_words(own: &LabelSource, keys: &[String], diags: &mut Diagnostics) {
    for key in own.file.web.keys().filter(|k| !keys.contains(k)) {
        diags.push(unknown_key(own, "web", key, keys.iter().map(String::as_str)));
    }
    let missing: Vec<String> =
        keys.iter().filter(|k| !own.file.web.contains_key(*k)).map(|k| format!("`{k}`")).collect();
    if !missing.is_empty() {
        diags.push(
            Diagnostic::error(format!("the web pages' words lack {}", missing.join(", ")))
                .at(&own.text, key_span(&own.text.text, "web", None))
                .hint("add them under [web], translated from templates/web/words.toml"),
        );
    }
}

/// "`key` is not a label the templates print", at the key's line.
fn unknown_key<'a>(
    own: &LabelSource,
    table: &str,
    key: &str,
    known: impl Iterator<Item = &'a str>,
) -> Diagnostic {
    let d = Diagnostic::error(format!("`{key}` is not a word the templates print in `[{table}]`"))
        .at(&own.text, key_span(&own.text.text, table, Some(key)));
    match crate::diag::closest(key, known) {
        Some(near) => d.hint(format!("did you mean `{near}`?")),
        None => {
            d.hint(format!("the keys of `[{table}]` are those of the templates' i18n/<lang>.toml"))
        }
    }
}

/// Where `key` is written in `[table]` of a label file's text (the table's
/// header for `None`, or when the key is not found; the file's start when
/// the table has no header).
fn key_span(text: &str, table: &str, key: Option<&str>) -> std::ops::Range<usize> {
    let mut current = String::new();
    let mut header = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let start = offset + (line.len() - trimmed.len());
        offset += line.len();
        if let Some(name) = trimmed.strip_prefix('[') {
            current = name.split(']').next().unwrap_or_default().trim().to_owned();
            if current == table && header.is_none() {
                header = Some(start..start + trimmed.trim_end().len());
            }
            continue;
        }
        let Some(key) = key else { continue };
        let written = trimmed.strip_prefix(key).map(str::trim_start);
        if current == table && written.is_some_and(|rest| rest.starts_with('=')) {
            return start..start + key.len();
        }
    }
    header.unwrap_or(0..0)
}

/// The locales of `langs` (those the dataset declares), after checking that
/// every text and label is translated into each: a gap is an error, or with
/// `allow_fallback` a warning added to `warnings`.
pub fn load_locales(
    inputs: &Inputs,
    ds: &Dataset,
    langs: &[String],
    allow_fallback: bool,
    warnings: &mut Diagnostics,
) -> Result<IndexMap<String, Locale>, Diagnostics> {
    let declared = ds.info.languages.get_ref();
    let langs: Vec<String> = langs.iter().filter(|l| declared.contains(l)).cloned().collect();
    let files = load_label_files(inputs, declared)?;
    let gaps = i18n::missing_translations(ds, &langs, allow_fallback);
    let locales = i18n::locales(ds, &files, &langs, allow_fallback, warnings);
    let mut errors = Diagnostics::default();
    for d in gaps.0 {
        if d.is_error() { errors.push(d) } else { warnings.push(d) }
    }
    match locales {
        Ok(locales) if !errors.has_errors() => Ok(locales),
        Ok(_) => Err(errors),
        Err(more) => {
            errors.0.extend(more.0);
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_found_in_its_own_table() {
        let text = "# x\n[labels]\nkey = \"a\"\n\n[web]\n  key = \"b\"\nother= \"c\"\n";
        assert_eq!(&text[key_span(text, "labels", Some("key"))], "key");
        let web = key_span(text, "web", Some("key"));
        assert_eq!(
            (&text[web.clone()], web.start),
            ("key", text.find("  key").expect("indented key") + 2)
        );
        assert_eq!(&text[key_span(text, "web", Some("other"))], "other");
        assert_eq!(&text[key_span(text, "web", None)], "[web]");
        assert_eq!(&text[key_span(text, "web", Some("missing"))], "[web]");
        assert_eq!(key_span(text, "plurals", Some("key")), 0..0);
    }
}
