//! Human-readable strings that may carry translations.

use std::fmt;

use indexmap::IndexMap;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

/// A human-readable string: either one plain string, or one string per language
/// (`{ en = "Navy", nl = "Marine" }`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Text {
    /// The same string in every language.
    Plain(String),
    /// One string per language id, in the order written.
    Localized(IndexMap<String, String>),
}

impl Text {
    /// The string for `lang`, falling back to the plain string; `None` when a
    /// localized text lacks that language.
    pub fn get(&self, lang: &str) -> Option<&str> {
        match self {
            Text::Plain(s) => Some(s),
            Text::Localized(map) => map.get(lang).map(String::as_str),
        }
    }

    /// The languages a localized text offers (empty for a plain one).
    pub fn languages(&self) -> impl Iterator<Item = &str> {
        let keys: Vec<&str> = match self {
            Text::Plain(_) => Vec::new(),
            Text::Localized(map) => map.keys().map(String::as_str).collect(),
        };
        keys.into_iter()
    }

    /// Every variant of the string, for checks that apply to all languages.
    pub fn variants(&self) -> Vec<&str> {
        match self {
            Text::Plain(s) => vec![s.as_str()],
            Text::Localized(map) => map.values().map(String::as_str).collect(),
        }
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;

        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "a string, or a table of strings per language like { en = \"…\", nl = \"…\" }",
                )
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text::Plain(v.to_owned()))
            }

            fn visit_string<E: de::Error>(self, v: String) -> Result<Text, E> {
                Ok(Text::Plain(v))
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Text, A::Error> {
                let mut out = IndexMap::new();
                while let Some((lang, text)) = map.next_entry::<String, String>()? {
                    if !is_language_id(&lang) {
                        return Err(de::Error::custom(format!(
                            "`{lang}` is not a language id; expected a lowercase code such as `en`, `nl`, `fr` or `de`"
                        )));
                    }
                    out.insert(lang, text);
                }
                if out.is_empty() {
                    return Err(de::Error::custom("a translated text needs at least one language"));
                }
                Ok(Text::Localized(out))
            }
        }

        deserializer.deserialize_any(TextVisitor)
    }
}

/// Whether `s` looks like a language id (`en`, `nl`, `pt-br`).
pub fn is_language_id(s: &str) -> bool {
    let mut parts = s.split('-');
    let primary = parts.next().unwrap_or_default();
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && parts
            .all(|p| !p.is_empty() && p.len() <= 8 && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}
