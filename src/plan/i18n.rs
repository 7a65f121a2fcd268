//! Languages: the label files of the templates, dates, numbers and plurals
//! formatted per locale by ICU4X, and the check for missing translations.

use std::sync::Arc;

use icu_datetime::DateTimeFormatter;
use icu_datetime::fieldsets::{M, MD, Y, YM, YMD};
use icu_datetime::input::Date;
use icu_decimal::DecimalFormatter;
use icu_decimal::input::Decimal;
use icu_locale_core::Locale as IcuLocale;
use icu_plurals::{PluralCategory, PluralRules};
use indexmap::IndexMap;
use serde::Deserialize;

use crate::dataset::Dataset;
use crate::dataset::date::{PartialDate, Precision};
use crate::dataset::model::Qualifier;
use crate::diag::{Diagnostic, Diagnostics, SourceText};

/// The words and formats of one language: `templates/i18n/<lang>.toml` plus
/// the ICU4X formatters of the dataset's locale for that language.
#[derive(Clone)]
pub struct Locale {
    /// Page furniture words, by key.
    pub labels: IndexMap<String, String>,
    /// Words for figure qualifiers (`almost`).
    pub qualifiers: IndexMap<String, String>,
    /// Counted phrases (`{n} rotations`), by key, in each plural category.
    pub plurals: IndexMap<String, PluralForms>,
    /// Words of the web pages a dataset's own label file gives (`[web]`),
    /// over those of `templates/web/words.toml`.
    pub web: IndexMap<String, String>,
    formats: Arc<Formats>,
}

impl std::fmt::Debug for Locale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Locale").field("locale", &self.formats.locale).finish_non_exhaustive()
    }
}

/// A label file as written: the templates' `i18n/<lang>.toml`, or a
/// dataset's own `i18n/<lang>.toml` layered over it (every table optional).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelFile {
    /// Page furniture words, by key.
    #[serde(default)]
    pub labels: IndexMap<String, String>,
    /// Words for figure qualifiers.
    #[serde(default)]
    pub qualifiers: IndexMap<String, String>,
    /// Counted phrases by key.
    #[serde(default)]
    pub plurals: IndexMap<String, PluralForms>,
    /// Words of the web pages (the keys of `templates/web/words.toml`); only
    /// a dataset's own label file has them, for a language the templates lack.
    #[serde(default)]
    pub web: IndexMap<String, String>,
}

/// One counted phrase in the CLDR plural categories of a language; `{n}`
/// stands for the formatted number. `other` is required, as in CLDR.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PluralForms {
    /// Category `zero` (Arabic, Welsh…).
    pub zero: Option<String>,
    /// Category `one` (`1 rotation`; in French also 0).
    pub one: Option<String>,
    /// Category `two`.
    pub two: Option<String>,
    /// Category `few`.
    pub few: Option<String>,
    /// Category `many`.
    pub many: Option<String>,
    /// Every other count.
    pub other: String,
}

struct Formats {
    locale: IcuLocale,
    day: DateTimeFormatter<YMD>,
    month: DateTimeFormatter<YM>,
    year: DateTimeFormatter<Y>,
    day_in_year: DateTimeFormatter<MD>,
    month_in_year: DateTimeFormatter<M>,
    decimal: DecimalFormatter,
    plural: PluralRules,
}

impl Locale {
    /// Builds the formatters of `locale` (a BCP 47 tag such as `nl-BE`) for the words of `file`.
    pub fn new(file: LabelFile, locale: &str) -> Result<Self, String> {
        let locale: IcuLocale =
            locale.parse().map_err(|e| format!("`{locale}` is not a locale: {e}"))?;
        let fail = |e: &dyn std::fmt::Display| format!("no formatting data for `{locale}`: {e}");
        let formats = Formats {
            day: DateTimeFormatter::try_new((&locale).into(), YMD::long()).map_err(|e| fail(&e))?,
            month: DateTimeFormatter::try_new((&locale).into(), YM::long())
                .map_err(|e| fail(&e))?,
            year: DateTimeFormatter::try_new((&locale).into(), Y::long()).map_err(|e| fail(&e))?,
            day_in_year: DateTimeFormatter::try_new((&locale).into(), MD::long())
                .map_err(|e| fail(&e))?,
            month_in_year: DateTimeFormatter::try_new((&locale).into(), M::long())
                .map_err(|e| fail(&e))?,
            decimal: DecimalFormatter::try_new((&locale).into(), Default::default())
                .map_err(|e| fail(&e))?,
            plural: PluralRules::try_new_cardinal((&locale).into()).map_err(|e| fail(&e))?,
            locale,
        };
        Ok(Locale {
            labels: file.labels,
            qualifiers: file.qualifiers,
            plurals: file.plurals,
            web: file.web,
            formats: Arc::new(formats),
        })
    }

    /// A date written with the precision it has (`29 March 2004`, `März 2004`, `2014`).
    pub fn date(&self, d: &PartialDate) -> String {
        let f = &self.formats;
        let (year, month, day) = d.first_day();
        let written =
            Date::try_new_iso(i32::from(year), month, day).ok().map(|x| match d.precision() {
                Precision::Day => f.day.format(&x).to_string(),
                Precision::Month => f.month.format(&x).to_string(),
                Precision::Year => f.year.format(&x).to_string(),
            });
        written.unwrap_or_else(|| d.to_string())
    }

    /// The day and month (`29 March`), or the month alone (`September`, in
    /// the standalone form the language uses), of a date; empty when only
    /// its year is known.
    pub fn date_in_year(&self, d: &PartialDate) -> String {
        let f = &self.formats;
        let (year, month, day) = d.first_day();
        let written =
            Date::try_new_iso(i32::from(year), month, day).ok().and_then(|x| match d.precision() {
                Precision::Day => Some(f.day_in_year.format(&x).to_string()),
                Precision::Month => Some(f.month_in_year.format(&x).to_string()),
                Precision::Year => None,
            });
        written.unwrap_or_default()
    }

    /// A number with the locale's separators and at most two decimals.
    pub fn number(&self, v: f64) -> String {
        let text = format!("{:.2}", v);
        let text = text.trim_end_matches('0').trim_end_matches('.');
        match text.parse::<Decimal>() {
            Ok(d) => self.formats.decimal.format(&d).to_string(),
            Err(_) => text.to_owned(),
        }
    }

    /// `v` with exactly `decimals` decimals, in the locale's digits and
    /// separators (`24.40`, `24,40`): for values printed in columns, such as
    /// coordinates, where uneven decimals would read as uneven precision.
    pub fn number_fixed(&self, v: f64, decimals: usize) -> String {
        let text = format!("{v:.decimals$}");
        match text.parse::<Decimal>() {
            Ok(d) => self.formats.decimal.format(&d).to_string(),
            Err(_) => text,
        }
    }

    /// A latitude and longitude in decimal degrees with the language's
    /// compass letters (`55.89° N, 23.39° E`; in French `…° O` for west, in
    /// German and Dutch `…° O` for east).
    pub fn coordinates(&self, lat: f64, lon: f64) -> String {
        let letter = |key: &str, english: &str| {
            self.labels.get(key).cloned().unwrap_or_else(|| english.to_owned())
        };
        let (ns, ew) = (
            if lat >= 0.0 { letter("north", "N") } else { letter("south", "S") },
            if lon >= 0.0 { letter("east", "E") } else { letter("west", "W") },
        );
        format!(
            "{}° {ns}, {}° {ew}",
            self.number_fixed(lat.abs(), 2),
            self.number_fixed(lon.abs(), 2)
        )
    }

    /// `n` with the counted phrase `key` in the plural form the locale's rules
    /// choose (`1 rotation`, `16 rotations`); the bare number when the label
    /// file has no such phrase.
    pub fn count(&self, key: &str, n: u64) -> String {
        let number = self.number(n as f64);
        let Some(forms) = self.plurals.get(key) else { return number };
        let pattern = match self.formats.plural.category_for(n) {
            PluralCategory::Zero => forms.zero.as_ref(),
            PluralCategory::One => forms.one.as_ref(),
            PluralCategory::Two => forms.two.as_ref(),
            PluralCategory::Few => forms.few.as_ref(),
            PluralCategory::Many => forms.many.as_ref(),
            PluralCategory::Other => None,
        }
        .unwrap_or(&forms.other);
        pattern.replace("{n}", &number)
    }

    /// "and N more" under a list cut short (`[plurals] more`; "+ N" when the
    /// label file has no such phrase).
    pub fn more(&self, n: u64) -> String {
        if self.plurals.contains_key("more") {
            self.count("more", n)
        } else {
            format!("+ {}", self.number(n as f64))
        }
    }

    /// A label by key; empty when the label file lacks it (checked before planning).
    pub fn label(&self, key: &str) -> String {
        self.labels.get(key).cloned().unwrap_or_default()
    }

    /// The word printed before a qualified figure (`almost`).
    pub fn qualifier(&self, q: Qualifier) -> String {
        let key = match q {
            Qualifier::Exact => "exact",
            Qualifier::About => "about",
            Qualifier::Almost => "almost",
            Qualifier::Over => "over",
        };
        self.qualifiers.get(key).cloned().unwrap_or_default()
    }
}

/// A label file read from the templates (or a dataset's own one layered
/// over them), with the file problems are shown in.
#[derive(Debug, Clone)]
pub struct LabelSource {
    /// The parsed file.
    pub file: LabelFile,
    /// Its text, for locating problems.
    pub text: Arc<SourceText>,
}

/// The locale tag a language is formatted with: the dataset's `locales`
/// entry, else the language id itself.
pub fn locale_tag<'a>(ds: &'a Dataset, lang: &'a str) -> &'a str {
    ds.info.locales.as_ref().and_then(|m| m.get_ref().get(lang)).map_or(lang, String::as_str)
}

/// Builds the locales of `langs` from their label files. A label, qualifier or
/// counted phrase that the first language's file has and another lacks is an
/// error, or with `allow_fallback` a warning that the first language's words
/// are used.
pub fn locales(
    ds: &Dataset,
    files: &IndexMap<String, LabelSource>,
    langs: &[String],
    allow_fallback: bool,
    warnings: &mut Diagnostics,
) -> Result<IndexMap<String, Locale>, Diagnostics> {
    let mut diags = Diagnostics::default();
    let first = ds.info.languages.get_ref().first().and_then(|l| files.get(l));
    let mut out = IndexMap::new();
    // An unknown label key is reported once, not once per language.
    let mut reported = std::collections::BTreeSet::new();
    for lang in langs {
        let Some(source) = files.get(lang) else { continue };
        let mut file = source.file.clone();
        if let Some(first) = first {
            let gaps = [
                ("labels", missing_keys(&first.file.labels, &mut file.labels)),
                ("qualifiers", missing_keys(&first.file.qualifiers, &mut file.qualifiers)),
                ("plurals", missing_keys(&first.file.plurals, &mut file.plurals)),
            ];
            for (table, keys) in gaps {
                for key in keys {
                    let header = format!("[{table}]");
                    let at = source.text.text.find(&header).map_or(0..0, |i| i..i + header.len());
                    let d = if allow_fallback {
                        Diagnostic::warning(format!(
                            "`{key}` is missing from `[{table}]`; using the words of {}",
                            first.text.name
                        ))
                    } else {
                        Diagnostic::error(format!("`{key}` is missing from `[{table}]`"))
                            .hint(format!(
                                "add `{key} = …` here, translated from {}",
                                first.text.name
                            ))
                            .hint(
                                "or build with --allow-fallback to use the first language's words",
                            )
                    };
                    let d = d.at(&source.text, at);
                    if allow_fallback { warnings.push(d) } else { diags.push(d) }
                }
            }
        }
        // The nation's own words replace the label files' generic ones.
        for (key, words) in &ds.info.labels {
            if !file.labels.contains_key(key.get_ref()) {
                let known = file.labels.keys().map(String::as_str);
                let mut d = Diagnostic::error(format!(
                    "`{}` is not a label the templates print",
                    key.get_ref()
                ))
                .at(&ds.info.file, key.span());
                d = match crate::diag::closest(key.get_ref(), known) {
                    Some(near) => d.hint(format!("did you mean `{near}`?")),
                    None => d.hint(format!(
                        "the labels are the keys of `[labels]` in {}",
                        source.text.name
                    )),
                };
                if reported.insert(key.get_ref().clone()) {
                    diags.push(d);
                }
                continue;
            }
            if let Some(w) = words.get(lang) {
                file.labels.insert(key.get_ref().clone(), w.to_owned());
            }
        }
        match Locale::new(file, locale_tag(ds, lang)) {
            Ok(locale) => {
                out.insert(lang.clone(), locale);
            }
            Err(message) => {
                diags.push(Diagnostic::error(message).at(&ds.info.file, ds.info.span.clone()).hint(
                    "set `locales = { <lang> = \"<BCP 47 tag>\" }` in `[dataset]`, e.g. \"en-GB\"",
                ))
            }
        }
    }
    if diags.has_errors() { Err(diags) } else { Ok(out) }
}

/// Fills the keys of `reference` that `target` lacks from `reference` and returns them.
fn missing_keys<V: Clone>(
    reference: &IndexMap<String, V>,
    target: &mut IndexMap<String, V>,
) -> Vec<String> {
    let mut missing = Vec::new();
    for (k, v) in reference {
        if !target.contains_key(k) {
            target.insert(k.clone(), v.clone());
            missing.push(k.clone());
        }
    }
    missing
}

/// Every translatable text of the dataset that lacks one of `langs`, as a
/// located diagnostic per text and language: errors, or with
/// `allow_fallback` warnings saying which language is printed instead.
pub fn missing_translations(ds: &Dataset, langs: &[String], allow_fallback: bool) -> Diagnostics {
    let declared = ds.info.languages.get_ref();
    let first = declared.first().map(String::as_str).unwrap_or_default();
    let mut out = Diagnostics::default();
    for (file, site) in &ds.text_sites {
        let Some(have) = &site.languages else { continue };
        for lang in langs {
            if have.contains(lang) {
                continue;
            }
            let instead = if have.iter().any(|l| l == first) { first } else { &have[0] };
            let d = if allow_fallback {
                Diagnostic::warning(format!(
                    "missing `{lang}` translation; the `{instead}` text is printed instead"
                ))
            } else {
                Diagnostic::error(format!("missing `{lang}` translation"))
                    .hint(format!(
                        "this text has {}; the dataset declares {}",
                        list(&in_order(have, declared)),
                        list(declared)
                    ))
                    .hint(format!("add `{lang} = \"…\"`, or build with --allow-fallback"))
            };
            out.push(d.at(file, site.span.clone()));
        }
    }
    out
}

/// `have` in the order the dataset declares its languages, then any others.
fn in_order(have: &[String], declared: &[String]) -> Vec<String> {
    let mut out: Vec<String> = declared.iter().filter(|l| have.contains(l)).cloned().collect();
    out.extend(have.iter().filter(|l| !declared.contains(l)).cloned());
    out
}

fn list(langs: &[String]) -> String {
    langs.iter().map(|l| format!("`{l}`")).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locale(tag: &str) -> Locale {
        let file: LabelFile = toml::from_str(
            r#"
            [labels]
            [qualifiers]
            [plurals]
            rotations = { one = "{n} rotation", other = "{n} rotations" }
            "#,
        )
        .expect("label file");
        Locale::new(file, tag).expect("locale")
    }

    #[test]
    fn dates_follow_each_locale() {
        let d = PartialDate { year: 2004, month: Some(3), day: Some(29) };
        assert_eq!(locale("en-GB").date(&d), "29 March 2004");
        assert_eq!(locale("nl-BE").date(&d), "29 maart 2004");
        assert_eq!(locale("fr-BE").date(&d), "29 mars 2004");
        assert_eq!(locale("de-BE").date(&d), "29. März 2004");
        let m = PartialDate { year: 2022, month: Some(9), day: None };
        assert_eq!(locale("de-BE").date(&m), "September 2022");
        let y = PartialDate { year: 2014, month: None, day: None };
        assert_eq!(locale("fr-BE").date(&y), "2014");
        assert_eq!(locale("de-BE").date_in_year(&d), "29. März");
        assert_eq!(locale("nl-BE").date_in_year(&m), "september");
        assert_eq!(locale("en-GB").date_in_year(&y), "");
    }

    #[test]
    fn coordinates_keep_two_decimals_and_the_language_s_compass_letters() {
        let mut fr = locale("fr-BE");
        fr.labels.insert("west".into(), "O".into());
        assert_eq!(fr.coordinates(63.58, -24.4), "63,58° N, 24,40° O");
        let en = locale("en-GB");
        assert_eq!(en.coordinates(-12.35, 15.81), "12.35° S, 15.81° E");
        assert_eq!(en.number_fixed(24.4, 2), "24.40");
    }

    #[test]
    fn numbers_group_thousands_per_locale() {
        assert_eq!(locale("en-GB").number(12345.5), "12,345.5");
        assert_eq!(locale("nl-BE").number(12345.5), "12.345,5");
        assert_eq!(locale("de-BE").number(55.89), "55,89");
        assert_eq!(locale("en-GB").number(200.0), "200");
    }

    #[test]
    fn plurals_choose_the_category_of_each_language() {
        assert_eq!(locale("en-GB").count("rotations", 1), "1 rotation");
        assert_eq!(locale("en-GB").count("rotations", 16), "16 rotations");
        assert_eq!(locale("en-GB").count("rotations", 0), "0 rotations");
        // French counts 0 and 1 as singular.
        assert_eq!(locale("fr-BE").count("rotations", 0), "0 rotation");
        assert_eq!(locale("en-GB").count("unknown", 3), "3");
    }
}
