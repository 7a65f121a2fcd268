//! `briefing new KIND ID`: appends a commented starter item to the data file
//! that holds the items of its kind, leaving every other byte of the file as
//! it was. The starter invents nothing: each field it cannot know is a
//! `"TODO: …"` placeholder, which makes the item a draft (`dataset::draft`)
//! that `validate` reports and builds leave out until it is filled.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::Args;
use toml::de::{DeTable, DeValue};

use super::report::{Outcome, print_text};
use super::schema::{self, Field, Shape};
use super::{InputArgs, resolve};
use crate::dataset::draft::PLACEHOLDER;
use crate::dataset::kinds::SECTIONS;
use crate::diag::{Diagnostic, SourceText};
use crate::project::DataSource;

/// Arguments of `briefing new`.
#[derive(Debug, Clone, Args)]
pub struct NewArgs {
    /// What kind of item: a section of the dataset files (`base` for `[[base]]`).
    #[arg(value_name = "KIND", value_parser = clap::builder::PossibleValuesParser::new(kinds()))]
    pub kind: String,
    /// Its id: letters, digits, `-` and `_`, not yet used by an item of its kind.
    #[arg(value_name = "ID")]
    pub id: String,
    /// Dataset folder [default: briefing.toml's `data`, else ./data].
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
}

/// The kinds `new` writes: every section but `[dataset]` and `[[rotation]]`,
/// which has no id of its own.
fn kinds() -> Vec<&'static str> {
    SECTIONS.iter().copied().filter(|s| !matches!(*s, "dataset" | "rotation")).collect()
}

/// One data file as read, with its parsed top level.
struct Read {
    path: PathBuf,
    src: Arc<SourceText>,
}

/// Runs `briefing new`.
pub fn run(args: &NewArgs) -> Outcome {
    let input = InputArgs { data: args.data.clone(), templates: None };
    let DataSource::Dir(dir) = resolve::inputs(&input, &resolve::Context::find()?)?.data else {
        return Err(Diagnostic::usage(
            "no briefing.toml or data/ here: `briefing new` adds to a dataset on disk",
        )
        .hint("run it inside a project (`briefing init DIR` writes one), or pass --data DIR")
        .into());
    };
    let id = &args.id;
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        return Err(Diagnostic::usage(format!("`{id}` cannot be an id"))
            .hint("use letters, digits, `-` and `_` (lowercase for ids that name files: branches, charts)")
            .into());
    }
    let kind = args.kind.as_str();
    let fields = schema::fields(kind)
        .ok_or_else(|| Diagnostic::usage(format!("`{kind}` is no kind of item")))?
        .map_err(Diagnostic::error)?;
    let files = read_files(&dir)?;
    let tables: Vec<(&Read, DeTable<'_>)> = files
        .iter()
        .map(|f| {
            DeTable::parse(&f.src.text).map(|t| (f, t.into_inner())).map_err(|e| {
                Diagnostic::error(format!("{} is not valid TOML: {}", f.src.name, e.message()))
                    .hint("`briefing validate` shows where; fix it first, `new` only appends")
            })
        })
        .collect::<Result<_, _>>()?;
    if let Some((src, span)) = existing(&tables, kind, id) {
        return Err(Diagnostic::usage(format!("there already is a {kind} `{id}`"))
            .at(&src.src, span)
            .hint("choose another id: `briefing new` never changes an item that is there")
            .into());
    }
    let languages = languages(&tables);
    let target = tables
        .iter()
        .find(|(_, t)| t.keys().any(|k| k.get_ref() == kind))
        .map(|(f, _)| f.path.clone())
        .unwrap_or_else(|| dir.join(format!("{}.toml", plural(kind))));
    let before = match std::fs::read(&target) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => {
            return Err(Diagnostic::error(format!("cannot read {}: {e}", target.display())).into());
        }
    };
    let ids_of = |section: &str| ids(&tables, section);
    let starter = Starter::new(kind, id, &fields, &languages, &ids_of);
    let mut after = before.clone();
    if !after.is_empty() {
        // Close the last line, then one blank line before the new item.
        if !after.ends_with(b"\n") {
            after.push(b'\n');
        }
        after.push(b'\n');
    }
    let first_line = after.iter().filter(|b| **b == b'\n').count() + 1;
    after.extend_from_slice(starter.text.as_bytes());
    // Never write a file the reader would refuse.
    let text = String::from_utf8_lossy(&after);
    if let Err(e) = DeTable::parse(&text) {
        return Err(Diagnostic::error(format!(
            "adding to {} would not be valid TOML: {}",
            target.display(),
            e.message()
        ))
        .hint("nothing was written; `briefing validate` shows what to fix in the file")
        .into());
    }
    write(&target, &after)?;
    let name = target.display();
    let mut out = format!("added {kind} `{id}` to {name} (line {first_line})\n");
    out.push_str(&format!("fill in, from its source, each \"{PLACEHOLDER} …\":\n"));
    for (line, field, what) in &starter.blanks {
        out.push_str(&format!("  {name}:{}  {field}: {what}\n", first_line + line));
    }
    out.push_str(
        "until then it is a draft: `briefing validate` lists what is left, builds leave it out\n",
    );
    print_text(&out)
}

/// The dataset's `*.toml` files, as the loader reads them.
fn read_files(dir: &Path) -> Result<Vec<Read>, crate::diag::Diagnostics> {
    let mut read = Vec::new();
    for file in crate::dataset::read_dir(dir)? {
        let path = PathBuf::from(&file.name);
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let text = String::from_utf8(file.bytes).map_err(|_| {
            Diagnostic::error(format!("{} is not UTF-8 text", file.name))
                .hint("`briefing validate` shows where; fix it first, `new` only appends")
        })?;
        read.push(Read { path, src: Arc::new(SourceText { name: file.name, text }) });
    }
    Ok(read)
}

/// Where an item of `kind` with `id` already is, drafts included.
fn existing<'a>(
    tables: &'a [(&'a Read, DeTable<'_>)],
    kind: &str,
    id: &str,
) -> Option<(&'a Read, std::ops::Range<usize>)> {
    tables.iter().find_map(|(file, table)| {
        items(table, kind).find(|(item_id, _)| *item_id == id).map(|(_, span)| (*file, span))
    })
}

/// The ids of the `section` items of every file, in file order.
fn ids(tables: &[(&Read, DeTable<'_>)], section: &str) -> Vec<String> {
    tables.iter().flat_map(|(_, t)| items(t, section).map(|(id, _)| id.to_owned())).collect()
}

/// The `id` of each `[[section]]` item of one file, with where it is written.
fn items<'a>(
    table: &'a DeTable<'_>,
    section: &'a str,
) -> impl Iterator<Item = (&'a str, std::ops::Range<usize>)> + 'a {
    let list = table.iter().find(|(k, _)| k.get_ref() == section).map(|(_, v)| v.get_ref());
    let entries = match list {
        Some(DeValue::Array(items)) => items.as_ref(),
        _ => &[],
    };
    entries.iter().filter_map(|item| match item.get_ref() {
        DeValue::Table(t) => {
            t.iter().find(|(k, _)| k.get_ref() == "id").and_then(|(_, v)| match v.get_ref() {
                DeValue::String(s) => Some((s.as_ref(), v.span())),
                _ => None,
            })
        }
        _ => None,
    })
}

/// The languages `[dataset]` declares, for texts to fill in each of them.
fn languages(tables: &[(&Read, DeTable<'_>)]) -> Vec<String> {
    let info = tables.iter().find_map(|(_, t)| {
        t.iter().find(|(k, _)| k.get_ref() == "dataset").map(|(_, v)| v.get_ref())
    });
    let Some(DeValue::Table(info)) = info else { return Vec::new() };
    match info.iter().find(|(k, _)| k.get_ref() == "languages").map(|(_, v)| v.get_ref()) {
        Some(DeValue::Array(langs)) => langs
            .iter()
            .filter_map(|l| match l.get_ref() {
                DeValue::String(s) => Some(s.to_string()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// A file name for a kind no file holds yet (`countries.toml`).
fn plural(kind: &str) -> String {
    match kind.strip_suffix('y') {
        Some(stem) => format!("{stem}ies"),
        None if kind.ends_with("ch") => format!("{kind}es"),
        None => format!("{kind}s"),
    }
}

/// Writes the file whole through a temporary file beside it, so an
/// interrupted write leaves the old file, never half a new one.
fn write(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let fail = |e: &dyn std::fmt::Display| {
        Diagnostic::error(format!("cannot write {}: {e}", path.display()))
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| fail(&e))?;
    std::io::Write::write_all(&mut tmp, bytes).map_err(|e| fail(&e))?;
    if let Ok(meta) = std::fs::metadata(path) {
        let _ = std::fs::set_permissions(tmp.path(), meta.permissions());
    }
    tmp.persist(path).map_err(|e| fail(&e.error))?;
    Ok(())
}

/// The starter item's text, and its blanks: `(line in the text, field, what to write)`.
struct Starter {
    text: String,
    blanks: Vec<(usize, &'static str, String)>,
}

impl Starter {
    fn new(
        kind: &str,
        id: &str,
        fields: &[Field],
        languages: &[String],
        ids_of: &dyn Fn(&str) -> Vec<String>,
    ) -> Starter {
        let mut s = Starter { text: String::new(), blanks: Vec::new() };
        s.line(&format!("# A new {kind}, written by `briefing new {kind} {id}`. Replace every"));
        s.line(&format!(
            "# \"{PLACEHOLDER} …\" with what its source says: until then it is a draft, left"
        ));
        s.line("# out of every document. Optional fields follow, commented out.");
        s.line(&format!("[[{kind}]]"));
        s.line(&format!("id = \"{id}\""));
        // What the item must have, its source, and a figure's number: to fill in.
        let to_fill = |field: &str, required: bool| {
            field != "id"
                && (required || field == "source" || (kind == "figure" && field == "value"))
        };
        for (field, shape, required) in fields {
            if !to_fill(field, *required) {
                continue;
            }
            let what = what(kind, field, *shape);
            if let Some(section) = refers_to(field) {
                let known = ids_of(section);
                if !known.is_empty() {
                    s.line(&format!("# {}", listing(section, &known)));
                }
            }
            s.blanks.push((s.text.lines().count(), field, what.clone()));
            s.line(&format!("{field} = {}", placeholder(*shape, &what, languages)));
        }
        for (field, shape, required) in fields {
            if to_fill(field, *required) || *field == "id" {
                continue;
            }
            s.line(&format!("# {field} = {}", example(*shape)));
        }
        s
    }

    fn line(&mut self, line: &str) {
        self.text.push_str(line);
        self.text.push('\n');
    }
}

/// The kind of item a reference field names.
fn refers_to(field: &str) -> Option<&'static str> {
    Some(match field {
        "branch" => "branch",
        "country" | "host" | "lead_nation" => "country",
        "source" => "source",
        "marking" => "marking",
        "operation" => "operation",
        "base" => "base",
        "formation" => "formation",
        _ => return None,
    })
}

/// "the [[country]] ids: BE, LT, … (17 in all)", for the line above a reference.
fn listing(section: &str, known: &[String]) -> String {
    const SHOWN: usize = 8;
    let shown: Vec<&str> = known.iter().take(SHOWN).map(String::as_str).collect();
    let more =
        if known.len() > SHOWN { format!(", … ({} in all)", known.len()) } else { String::new() };
    format!("[[{section}]] ids: {}{more}", shown.join(", "))
}

/// What to write in a field, in a few words.
fn what(kind: &str, field: &str, shape: Shape) -> String {
    if let Some(section) = refers_to(field) {
        return match field {
            "source" => "the id of the [[source]] its facts come from".into(),
            "host" => "the id of its host [[country]]".into(),
            "lead_nation" => "the id of its lead nation's [[country]]".into(),
            _ => format!("the id of its [[{section}]]"),
        };
    }
    let choices = schema::choices(shape);
    if !choices.is_empty() {
        return format!("one of {}", choices.join(", "));
    }
    let words = match (kind, field) {
        (_, "name") => "its name",
        (_, "title") => "its title",
        (_, "summary") => "what it is for, in one paragraph",
        ("figure", "label") => "what is counted, read after the number",
        ("figure", "value") => "the number, as the source states it",
        (_, "date") => "when, as YYYY-MM-DD, YYYY-MM or YYYY",
        (_, "banner") => "the banner printed on every page",
        (_, "question") => "the question, as a visitor would ask it",
        (_, "answer") => "the suggested answer",
        ("line", "text") => "the line to take",
        (_, "body") => "a paragraph",
        _ => "",
    };
    match (words, shape) {
        ("", Shape::Colour) => "a colour as #rrggbb".into(),
        ("", _) => format!("its {}", field.replace('_', " ")),
        (w, _) => w.into(),
    }
}

/// A TOML basic string.
fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The placeholder of a field to fill in: a text by language for texts, a
/// placeholder string for everything else (a draft is not read into the model).
fn placeholder(shape: Shape, what: &str, languages: &[String]) -> String {
    let one = quoted(&format!("{PLACEHOLDER} {what}"));
    let text = || {
        if languages.is_empty() {
            return one.clone();
        }
        let by_language: Vec<String> =
            languages.iter().map(|l| format!("{} = {one}", key(l))).collect();
        format!("{{ {} }}", by_language.join(", "))
    };
    match shape {
        Shape::Text => text(),
        Shape::Texts => format!("[{}]", text()),
        Shape::Strs | Shape::Range => format!("[{one}]"),
        _ => one,
    }
}

/// A TOML key: bare when it may be, quoted otherwise.
fn key(k: &str) -> String {
    let bare =
        !k.is_empty() && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if bare { k.to_owned() } else { quoted(k) }
}

/// How an optional field is written, for its commented-out line.
fn example(shape: Shape) -> String {
    let choices = schema::choices(shape);
    if !choices.is_empty() {
        return format!("\"{}\"   # or {}", choices[0], choices[1..].join(", "));
    }
    match shape {
        Shape::Str => "\"…\"",
        Shape::Strs => "[\"…\"]",
        Shape::Text => "\"…\"   # or one per language: { en = \"…\" }",
        Shape::Texts => "[\"…\"]",
        Shape::Date => "\"YYYY-MM-DD\"   # or \"YYYY-MM\", \"YYYY\"",
        Shape::Age => "\"12 months\"",
        Shape::Comment => "\"…\"   # a remark for the data's keepers, never printed",
        Shape::Number => "…   # a number",
        Shape::Range => "[…, …]   # two numbers",
        Shape::Integer => "…   # a whole number",
        Shape::Bool => "false",
        Shape::StrMap | Shape::TextMap => "{ en = \"…\" }",
        Shape::Colour => "\"#rrggbb\"",
        Shape::MapLabels => "[{ name = \"…\", lon = …, lat = … }]",
        Shape::Counted => "{ operations = [\"…\"], bases = [\"…\"], formations = [\"…\"] }",
        Shape::Qualifier | Shape::Section | Shape::ChartKind => "\"…\"",
    }
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn starter(kind: &str, languages: &[&str]) -> Starter {
        let fields = schema::fields(kind).expect("a kind").expect("fields");
        let languages: Vec<String> = languages.iter().map(|l| (*l).to_owned()).collect();
        Starter::new(kind, "new-one", &fields, &languages, &|_| vec!["a".into(), "b".into()])
    }

    #[test]
    fn every_starter_is_toml_1_0_whose_only_facts_are_its_id() {
        for kind in kinds() {
            let s = starter(kind, &["en", "pt-BR"]);
            let table: toml::Table = toml::from_str(&s.text)
                .unwrap_or_else(|e| panic!("starter {kind} is TOML:\n{}\n{e}", s.text));
            let item = &table[kind].as_array().expect("an array of tables")[0];
            let item = item.as_table().expect("a table");
            assert_eq!(item["id"].as_str(), Some("new-one"));
            // Every other value is a placeholder (inside texts by language and lists too).
            let mut stack: Vec<&toml::Value> =
                item.iter().filter(|(k, _)| *k != "id").map(|(_, v)| v).collect();
            assert!(!stack.is_empty(), "{kind} has something to fill in");
            while let Some(v) = stack.pop() {
                match v {
                    toml::Value::String(s) => assert!(s.starts_with(PLACEHOLDER), "{kind}: {s}"),
                    toml::Value::Array(a) => stack.extend(a),
                    toml::Value::Table(t) => stack.extend(t.values()),
                    other => panic!("{kind} invents a value: {other:?}"),
                }
            }
            // Each blank is listed at its line.
            for (line, field, _) in &s.blanks {
                let text = s.text.lines().nth(*line).expect("the line");
                assert!(text.starts_with(&format!("{field} = ")), "{kind}: {text}");
            }
        }
    }

    #[test]
    fn texts_are_asked_for_in_every_language_and_references_list_their_ids() {
        let s = starter("base", &["en", "pt-BR"]);
        assert!(s.text.contains("name = { en = \"TODO: its name\", pt-BR = \"TODO: its name\" }"));
        assert!(
            s.text
                .contains("# [[country]] ids: a, b\ncountry = \"TODO: the id of its [[country]]\"")
        );
        assert!(s.text.contains("\n# lat = …   # a number\n"));
        let fields: Vec<&str> = s.blanks.iter().map(|(_, f, _)| *f).collect();
        assert_eq!(fields, ["name", "country", "source"]);
        assert_eq!(plural("country"), "countries");
        assert_eq!(plural("branch"), "branches");
        assert_eq!(plural("base"), "bases");
    }
}
