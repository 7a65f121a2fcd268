//! Human-readable strings that may carry translations.

use std::cell::RefCell;
use std::fmt;
use std::ops::Range;

use indexmap::IndexMap;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use toml::Spanned;

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

/// Where a translatable text was written and which languages it offers:
/// what the missing-translation check reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextSite {
    /// Byte range of the value in its file.
    pub span: Range<usize>,
    /// The languages of a translation table; `None` for a plain string, which
    /// serves every language.
    pub languages: Option<Vec<String>>,
}

thread_local! {
    /// Texts deserialized since [`collect_sites`] started, on this thread.
    static SITES: RefCell<Option<Vec<TextSite>>> = const { RefCell::new(None) };
}

/// Runs `f` (a deserialization) and returns, with its result, every [`Text`]
/// it read. Serde offers no other way to enumerate the translatable fields of
/// every item without a hand-written walk that a new field could escape.
pub fn collect_sites<R>(f: impl FnOnce() -> R) -> (R, Vec<TextSite>) {
    let outer = SITES.with(|s| s.borrow_mut().replace(Vec::new()));
    let result = f();
    let sites = SITES.with(|s| std::mem::replace(&mut *s.borrow_mut(), outer)).unwrap_or_default();
    (result, sites)
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<TextValue>::deserialize(deserializer)?;
        let span = spanned.span();
        let TextValue(text) = spanned.into_inner();
        let languages = match &text {
            Text::Plain(_) => None,
            Text::Localized(map) => Some(map.keys().cloned().collect()),
        };
        SITES.with(|s| {
            if let Some(sites) = s.borrow_mut().as_mut() {
                sites.push(TextSite { span, languages });
            }
        });
        Ok(text)
    }
}

/// A [`Text`] as written, before its place is recorded.
struct TextValue(Text);

impl<'de> Deserialize<'de> for TextValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;

        impl<'de> Visitor<'de> for TextVisitor {
            type Value = TextValue;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "a string, or a table of strings per language like { en = \"…\", nl = \"…\" }",
                )
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<TextValue, E> {
                Ok(TextValue(Text::Plain(without_direction_overrides(v.to_owned()))))
            }

            fn visit_string<E: de::Error>(self, v: String) -> Result<TextValue, E> {
                Ok(TextValue(Text::Plain(without_direction_overrides(v))))
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TextValue, A::Error> {
                let mut out = IndexMap::new();
                while let Some((lang, text)) = map.next_entry::<String, String>()? {
                    if !is_language_id(&lang) {
                        return Err(de::Error::custom(format!(
                            "`{lang}` is not a language id; expected a lowercase code such as `en`, `nl`, `fr` or `de`"
                        )));
                    }
                    out.insert(lang, without_direction_overrides(text));
                }
                if out.is_empty() {
                    return Err(de::Error::custom("a translated text needs at least one language"));
                }
                Ok(TextValue(Text::Localized(out)))
            }
        }

        deserializer.deserialize_any(TextVisitor)
    }
}

/// Whether `c` is a direction override, embedding or isolate (U+202A–U+202E,
/// U+2066–U+2069): it reorders the text after it and can make it vanish from
/// a PDF's text layer, so texts leave it out (validation warns of each).
pub fn is_direction_override(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `s` without its direction overrides.
fn without_direction_overrides(s: String) -> String {
    if s.chars().any(is_direction_override) {
        s.chars().filter(|&c| !is_direction_override(c)).collect()
    } else {
        s
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
