//! `briefing schema`: a JSON Schema of the dataset files, for editors
//! (taplo, Even Better TOML) to complete field names and mark mistakes such
//! as `contry` while the file is typed.
//!
//! The schema comes from the model: which fields each kind of item has is
//! read from its `Deserialize` impl (serde hands every struct's field names
//! and every enum's values to the deserializer), and which of them are
//! required is found by parsing sample items with the real parser. Only how
//! each field is written (a text, a date, a list of ids) comes from the one
//! table below, [`SHAPES`]; a test parses a sample of every field of every
//! kind, so the table cannot drift from the model unnoticed.

use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use serde_json::{Map, Value, json};

use crate::dataset::kinds::SECTIONS;
use crate::dataset::model::*;

/// How a field is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    /// A string: an id, a reference, a URL, a path.
    Str,
    /// A list of strings (ids, caveats, languages).
    Strs,
    /// A translatable text: a string, or a table of strings by language.
    Text,
    /// A list of translatable texts.
    Texts,
    /// A date: `"YYYY-MM-DD"`, `"YYYY-MM"`, `"YYYY"`, a year number or a TOML date.
    Date,
    /// An age such as `"12 months"`.
    Age,
    /// A remark: a string, or a table of strings by language.
    Comment,
    /// A number.
    Number,
    /// A `[low, high]` pair of numbers.
    Range,
    /// A whole number.
    Integer,
    /// `true` or `false`.
    Bool,
    /// A table of strings (`locales`).
    StrMap,
    /// A table of texts (`labels` of `[dataset]`).
    TextMap,
    /// A colour as `#rrggbb`.
    Colour,
    /// How exact a figure is.
    Qualifier,
    /// The section of a context text.
    Section,
    /// What a chart draws.
    ChartKind,
    /// A chart's map labels.
    MapLabels,
    /// The items a derived figure counts, by kind.
    Counted,
}

/// How each field is written: `(kind, field, shape)`, where a kind of `""`
/// stands for every kind that has no line of its own for that field.
const SHAPES: &[(&str, &str, Shape)] = {
    use Shape::*;
    &[
        ("chart", "lat", Range),
        ("chart", "lon", Range),
        ("chart", "labels", MapLabels),
        ("chart", "kind", ChartKind),
        ("dataset", "labels", TextMap),
        ("figure", "counted", Counted),
        ("", "id", Str),
        ("", "answer", Text),
        ("", "alt", Text),
        ("", "area", Text),
        ("", "as_of", Date),
        ("", "accessed", Date),
        ("", "assets", Texts),
        ("", "banner", Text),
        ("", "base", Str),
        ("", "bases", Strs),
        ("", "body", Texts),
        ("", "branch", Str),
        ("", "caption", Text),
        ("", "colour", Colour),
        ("", "comment", Comment),
        ("", "count", Integer),
        ("", "country", Str),
        ("", "date", Date),
        ("", "emblem", Str),
        ("", "end", Date),
        ("", "events", Strs),
        ("", "figures", Strs),
        ("", "file", Str),
        ("", "formation", Str),
        ("", "from", Date),
        ("", "handling", Text),
        ("", "heading", Text),
        ("", "highlight", Bool),
        ("", "host", Str),
        ("", "host_nations", Strs),
        ("", "inferred", Text),
        ("", "kind", Text),
        ("", "label", Text),
        ("", "languages", Strs),
        ("", "lat", Number),
        ("", "lead_nation", Str),
        ("", "locales", StrMap),
        ("", "lon", Number),
        ("", "marking", Str),
        ("", "max_age", Age),
        ("", "means", Texts),
        ("", "name", Text),
        ("", "nation", Str),
        ("", "notes", Text),
        ("", "operation", Str),
        ("", "operations", Strs),
        ("", "organisation", Text),
        ("", "period", Text),
        ("", "portion", Str),
        ("", "priority", Integer),
        ("", "published", Date),
        ("", "publisher", Text),
        ("", "qualifier", Qualifier),
        ("", "question", Text),
        ("", "releasable_to", Strs),
        ("", "rotations", Str),
        ("", "section", Section),
        ("", "short_name", Text),
        ("", "source", Str),
        ("", "start", Date),
        ("", "subtitle", Text),
        ("", "summary", Text),
        ("", "tagline", Text),
        ("", "text", Text),
        ("", "title", Text),
        ("", "unit", Text),
        ("", "url", Str),
        ("", "value", Number),
    ]
};

/// One kind of object the files hold: its name and its field names, in order.
struct Kind {
    name: &'static str,
    fields: Vec<&'static str>,
    parse: fn(&str) -> Result<(), String>,
}

fn kind<T: DeserializeOwned>(name: &'static str) -> Kind {
    Kind {
        name,
        fields: names::<T>(),
        parse: |text| toml::from_str::<T>(text).map(drop).map_err(|e| e.message().to_owned()),
    }
}

/// The `[dataset]` table and every kind of item, by section name (as
/// [`SECTIONS`] lists them), then the objects fields hold.
fn kinds() -> Vec<Kind> {
    vec![
        kind::<DatasetInfo>("dataset"),
        kind::<MarkingLevel>("marking"),
        kind::<Source>("source"),
        kind::<Country>("country"),
        kind::<Branch>("branch"),
        kind::<Formation>("formation"),
        kind::<Operation>("operation"),
        kind::<Base>("base"),
        kind::<Rotation>("rotation"),
        kind::<Figure>("figure"),
        kind::<Event>("event"),
        kind::<ContextText>("text"),
        kind::<Chart>("chart"),
        kind::<LineToTake>("line"),
        kind::<Question>("question"),
        kind::<MapLabel>("map_label"),
    ]
}

/// How `field` of `kind` is written, per [`SHAPES`].
fn shape(kind: &str, field: &str) -> Option<Shape> {
    let exact = SHAPES.iter().find(|(k, f, _)| *k == kind && *f == field);
    let any = || SHAPES.iter().find(|(k, f, _)| k.is_empty() && *f == field);
    exact.or_else(any).map(|(_, _, s)| *s)
}

/// The JSON Schema of one shape.
fn shape_schema(shape: Shape) -> Value {
    let by_language =
        |v: Value| json!({ "type": "object", "additionalProperties": v, "minProperties": 1 });
    let text = json!({
        "anyOf": [{ "type": "string" }, by_language(json!({ "type": "string" }))],
        "description": "a text, or a table of texts by language ({ en = \"…\", nl = \"…\" })"
    });
    let date = json!({
        "anyOf": [
            { "type": "string", "pattern": "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$" },
            { "type": "integer", "minimum": 1, "maximum": 9999 }
        ],
        "description": "a date: \"YYYY-MM-DD\", \"YYYY-MM\" or \"YYYY\""
    });
    let one_of = |values: Vec<&'static str>| json!({ "type": "string", "enum": values });
    match shape {
        Shape::Str => json!({ "type": "string" }),
        Shape::Strs => json!({ "type": "array", "items": { "type": "string" } }),
        Shape::Text => text,
        Shape::Texts => json!({ "type": "array", "items": text }),
        Shape::Date => date,
        Shape::Age => json!({
            "type": "string",
            "pattern": "^ *[0-9]+ *[A-Za-z]+ *$",
            "description": "an age such as \"12 months\", \"2 years\" or \"90 days\""
        }),
        Shape::Comment => json!({
            "anyOf": [{ "type": "string" }, by_language(json!({ "type": "string" }))],
            "description": "a remark for the people who keep the data; never printed"
        }),
        Shape::Number => json!({ "type": "number" }),
        Shape::Range => {
            json!({ "type": "array", "items": { "type": "number" }, "minItems": 2, "maxItems": 2 })
        }
        Shape::Integer => json!({ "type": "integer" }),
        Shape::Bool => json!({ "type": "boolean" }),
        Shape::StrMap => by_language(json!({ "type": "string" })),
        Shape::TextMap => json!({ "type": "object", "additionalProperties": text }),
        Shape::Colour => json!({ "type": "string", "pattern": "^#[0-9a-fA-F]{6}$" }),
        Shape::Qualifier => one_of(variants::<Qualifier>()),
        Shape::Section => one_of(variants::<Section>()),
        Shape::ChartKind => one_of(variants::<ChartKind>()),
        Shape::MapLabels => {
            json!({ "type": "array", "items": { "$ref": "#/definitions/map_label" } })
        }
        Shape::Counted => {
            let ids = json!({ "type": "array", "items": { "type": "string" } });
            json!({
                "type": "object",
                "properties": { "operations": ids, "bases": ids, "formations": ids },
                "additionalProperties": false,
            })
        }
    }
}

/// A value of `shape` that the model accepts, as TOML.
fn sample(shape: Shape) -> String {
    let first = |values: Vec<&str>| format!("{:?}", values.first().copied().unwrap_or_default());
    match shape {
        Shape::Str | Shape::Text | Shape::Comment => "\"x\"".into(),
        Shape::Strs | Shape::Texts => "[\"x\"]".into(),
        Shape::Date => "\"2020-01\"".into(),
        Shape::Age => "\"12 months\"".into(),
        Shape::Number => "1.5".into(),
        Shape::Range => "[1.0, 2.0]".into(),
        Shape::Integer => "1".into(),
        Shape::Bool => "true".into(),
        Shape::StrMap | Shape::TextMap => "{ en = \"x\" }".into(),
        Shape::Colour => "\"#000000\"".into(),
        Shape::Qualifier => first(variants::<Qualifier>()),
        Shape::Section => first(variants::<Section>()),
        Shape::ChartKind => first(variants::<ChartKind>()),
        Shape::MapLabels => "[{ name = \"x\", lon = 1.0, lat = 1.0 }]".into(),
        Shape::Counted => "{ operations = [\"x\"] }".into(),
    }
}

/// A TOML table of `kind` with a sample value for each of `fields`.
fn sample_item(kind: &Kind, fields: &[&str]) -> Result<String, String> {
    let mut text = String::new();
    for field in fields {
        let shape = shape(kind.name, field).ok_or_else(|| {
            format!("the schema does not know how `{}.{field}` is written", kind.name)
        })?;
        text.push_str(&format!("{field} = {}\n", sample(shape)));
    }
    Ok(text)
}

/// The fields of `kind` that an item cannot leave out: parses a sample with
/// only the fields found required so far until the parser asks for no more.
fn required(kind: &Kind) -> Result<Vec<&'static str>, String> {
    let mut required: Vec<&'static str> = Vec::new();
    for _ in 0..=kind.fields.len() {
        match (kind.parse)(&sample_item(kind, &required)?) {
            Ok(()) => return Ok(required),
            Err(e) => {
                let missing = e.strip_prefix("missing field `").and_then(|r| r.split('`').next());
                match missing.and_then(|m| kind.fields.iter().find(|f| **f == m)) {
                    Some(field) if !required.contains(field) => required.push(field),
                    _ => return Err(format!("a sample `{}` does not parse: {e}", kind.name)),
                }
            }
        }
    }
    Err(format!("the required fields of `{}` were not found", kind.name))
}

/// A field of a kind: its name, how it is written, whether an item must have it.
pub(super) type Field = (&'static str, Shape, bool);

/// The fields of the item kind `section` in the model's order, each with how
/// it is written and whether an item must have it (what `briefing new` writes);
/// `None` for a name that is no kind.
pub(super) fn fields(section: &str) -> Option<Result<Vec<Field>, String>> {
    let kind = kinds().into_iter().find(|k| k.name == section)?;
    Some(required(&kind).and_then(|required| {
        kind.fields
            .iter()
            .map(|f| {
                let shape = shape(kind.name, f).ok_or_else(|| {
                    format!("the schema does not know how `{section}.{f}` is written")
                })?;
                Ok((*f, shape, required.contains(f)))
            })
            .collect()
    }))
}

/// The values a field of `shape` may take, when it is one of a few words.
pub(super) fn choices(shape: Shape) -> Vec<&'static str> {
    match shape {
        Shape::Qualifier => variants::<Qualifier>(),
        Shape::Section => variants::<Section>(),
        Shape::ChartKind => variants::<ChartKind>(),
        _ => Vec::new(),
    }
}

/// The JSON Schema of every dataset file, as pretty-printed JSON.
pub fn dataset_schema() -> Result<String, String> {
    let mut definitions = Map::new();
    for kind in kinds() {
        let mut properties = Map::new();
        for field in &kind.fields {
            let shape = shape(kind.name, field).ok_or_else(|| {
                format!("the schema does not know how `{}.{field}` is written", kind.name)
            })?;
            properties.insert((*field).to_owned(), shape_schema(shape));
        }
        definitions.insert(
            kind.name.to_owned(),
            json!({
                "type": "object",
                "additionalProperties": false,
                "required": required(&kind)?,
                "properties": properties,
            }),
        );
    }
    let mut sections = Map::new();
    for section in SECTIONS {
        let one = json!({ "$ref": format!("#/definitions/{section}") });
        let schema = if *section == "dataset" {
            one
        } else {
            json!({ "type": "array", "items": one, "description": format!("[[{section}]] items") })
        };
        sections.insert((*section).to_owned(), schema);
    }
    let schema = json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "briefing dataset file",
        "description": "One TOML file of a briefing dataset (data/*.toml): the [dataset] table and [[…]] items.",
        "type": "object",
        "additionalProperties": false,
        "properties": sections,
        "definitions": definitions,
    });
    serde_json::to_string_pretty(&schema).map(|s| s + "\n").map_err(|e| e.to_string())
}

/// The name `briefing init` gives the schema, at the project's root.
pub const SCHEMA_FILE: &str = "dataset.schema.json";

/// A data file `init` writes, with a first line that points editors at the
/// schema (taplo and Even Better TOML read `#:schema`; TOML reads a comment).
pub fn with_schema_line(bytes: &[u8]) -> Vec<u8> {
    let mut out = format!("#:schema ../{SCHEMA_FILE}\n").into_bytes();
    out.extend_from_slice(bytes);
    out
}

/// The field names of a struct, or the values of an enum, as its
/// `Deserialize` impl names them to the deserializer.
fn names<T: DeserializeOwned>() -> Vec<&'static str> {
    let mut found = Vec::new();
    // The probe always fails: it is asked only for the names.
    let _ = T::deserialize(NameProbe(&mut found));
    found
}

fn variants<T: DeserializeOwned>() -> Vec<&'static str> {
    names::<T>()
}

/// A deserializer that records the field or variant names it is offered.
struct NameProbe<'a>(&'a mut Vec<&'static str>);

impl<'de> Deserializer<'de> for NameProbe<'_> {
    type Error = de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("only names are probed"))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.extend(fields);
        Err(de::Error::custom("only names are probed"))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        variants: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.extend(variants);
        Err(de::Error::custom("only names are probed"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
        byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map
        identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_of_every_kind_has_a_shape_the_model_accepts() {
        for kind in kinds() {
            assert!(!kind.fields.is_empty(), "no fields probed for `{}`", kind.name);
            let all = sample_item(&kind, &kind.fields).expect("every field has a shape");
            assert_eq!((kind.parse)(&all), Ok(()), "sample `{}`:\n{all}", kind.name);
        }
    }

    #[test]
    fn the_schema_covers_every_section_and_knows_what_is_required() {
        let schema: Value = serde_json::from_str(&dataset_schema().expect("schema")).expect("JSON");
        let sections: Vec<&str> = schema["properties"]
            .as_object()
            .expect("sections")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(sections, SECTIONS);
        let base = &schema["definitions"]["base"];
        assert_eq!(base["required"], json!(["id", "name", "country"]));
        assert!(base["properties"]["country"].is_object());
        assert_eq!(base["additionalProperties"], json!(false));
        assert_eq!(
            schema["definitions"]["figure"]["properties"]["qualifier"]["enum"],
            json!(["exact", "about", "almost", "over"])
        );
        assert_eq!(schema["definitions"]["source"]["properties"]["file"]["type"], "string");
        assert_eq!(dataset_schema(), dataset_schema(), "deterministic");
    }
}
