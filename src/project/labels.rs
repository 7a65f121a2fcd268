//! The templates' label files, and the locales built from them and the dataset.

use std::sync::Arc;

use indexmap::IndexMap;

use super::Inputs;
use crate::dataset::Dataset;
use crate::diag::{Diagnostics, SourceText};
use crate::plan::i18n::{self, LabelFile, LabelSource, Locale};
use crate::typeset::world::TemplateSource;

/// Reads the label files of `langs` from the templates.
pub fn load_label_files(
    templates: &TemplateSource,
    langs: &[String],
) -> Result<IndexMap<String, LabelSource>, Diagnostics> {
    let mut out = IndexMap::new();
    let mut diags = Diagnostics::default();
    for lang in langs {
        let path = format!("/i18n/{lang}.toml");
        let Ok(bytes) = templates.read_file(&path) else {
            // A missing label file is reported by planning, for the languages asked for.
            continue;
        };
        let text = Arc::new(SourceText {
            name: templates.display_name_of(&path),
            text: String::from_utf8_lossy(&bytes).into_owned(),
        });
        match toml::from_str::<LabelFile>(&text.text) {
            Ok(file) => {
                out.insert(lang.clone(), LabelSource { file, text });
            }
            Err(e) => diags.push(crate::dataset::load::toml_file_error(&text, &e)),
        }
    }
    if diags.has_errors() { Err(diags) } else { Ok(out) }
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
    let files = load_label_files(&inputs.templates, declared)?;
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
