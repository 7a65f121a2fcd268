//! Loading the dataset: reading files, parsing them strictly, cross-checking.
//!
//! The files form layers: each builds only on those above it (its
//! `super::` paths name no file below it), so there is no import circle.
//!
//! - `kinds`: the list of item kinds (`with_item_kinds!`) and `SECTIONS`; builds on nothing.
//! - `date`, `text`, `geo`: dates, translatable texts, country outlines; build on nothing here.
//! - `age`: `max_age` and the date an item is as of; builds on `date`.
//! - `model`: the item structs as written; builds on `age`, `date`, `text`.
//! - `ix`: typed indices `Ix<K>`; builds on nothing.
//! - `located`: `Located<T>`, an item with its file and span; builds on nothing.
//! - `item`: `ItemKind`, each kind's id, marking and caveats; builds on `model`.
//! - `draft`: items still holding a `"TODO: …"` placeholder; builds on nothing here.
//! - `field_errors`: an item's every wrong field, read again without each; builds on `text`.
//! - `load`: `RawDataset` and parsing; builds on `draft`, `field_errors`, `kinds`, `located`,
//!   `model`, `text`.
//! - `ids`: `Ids` and `Listed`, the parsed side of each kind; builds on `kinds`, `ix`,
//!   `item`, `located`, `load`, `model`.
//! - `links`: `Linked` and the resolved references; builds on `ids`, `item`, `ix`, `model`.
//! - `table`: `Table<K>`, `Item<K>`; builds on `ix`, `links`, `located`.
//! - `resolved`: `Dataset`, its resolution, `for_audience` and `Resolved`, the resolved
//!   side of each kind; builds on `geo`, `ids`, `ix`, `kinds`, `links`, `load`,
//!   `located`, `model`, `table`, `text`.
//! - `validate` and this file: on any of them.

pub mod age;
pub mod date;
pub mod draft;
mod field_errors;
pub mod geo;
pub mod ids;
pub mod item;
pub mod ix;
pub mod kinds;
pub mod links;
pub mod load;
pub mod located;
pub mod model;
pub mod resolved;
pub mod table;
pub mod text;
pub mod toml_hints;
pub mod validate;

use std::path::Path;
use std::sync::Arc;

pub use ids::{Ids, Listed};
pub use item::ItemKind;
pub use ix::Ix;
pub use links::{CountryRef, Linked};
pub use load::{DataFile, RawDataset};
pub use located::Located;
pub use resolved::{COMBINED_SCOPE, Dataset, Resolved, SourceFiles};
pub use table::{Item, Table};

use crate::assets;
use crate::diag::{Diagnostic, Diagnostics};
use crate::limits;

/// Reads every `*.toml` file of a data folder, sorted by name (sub-folders
/// are not read: `data/geo/` and the like hold other assets).
pub fn read_dir(dir: &Path) -> Result<Vec<DataFile>, Diagnostics> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        Diagnostic::error(format!("cannot read the data folder {}: {e}", dir.display())).hint(
            "pass an existing folder with --data, or run without it to use the built-in dataset",
        )
    })?;
    let mut paths = Vec::new();
    let mut strays = Vec::new();
    for entry in entries {
        let entry =
            entry.map_err(|e| Diagnostic::error(format!("cannot list {}: {e}", dir.display())))?;
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "toml") && path.is_file() {
            paths.push(path);
        } else if path.is_file()
            && toml_hints::stray_file_warning(&path.to_string_lossy()).is_some()
        {
            // Not read, but passed on by name so the parser warns about it.
            strays.push(DataFile { name: path.display().to_string(), bytes: Vec::new() });
        }
    }
    paths.sort();
    strays.sort_by(|a, b| a.name.cmp(&b.name));
    let mut files = Vec::new();
    let mut diags = Diagnostics::default();
    let mut total = 0;
    let root = limits::data_root(dir);
    for (i, path) in paths.iter().enumerate() {
        let shown = path.display().to_string();
        if i == limits::MAX_FILES {
            diags.push(limits::at_file_start(
                &shown,
                format!(
                    "too many files: the data folder holds more than {} `.toml` files",
                    limits::MAX_FILES
                ),
            ));
            break;
        }
        // Refuses links out of the folder and files over the size limit.
        match limits::read_inside(&root, path, &shown) {
            Ok(bytes) => {
                total += bytes.len();
                if total > limits::MAX_DATASET_BYTES {
                    diags.push(limits::at_file_start(
                        &shown,
                        format!(
                            "the dataset is too large: with {shown} it exceeds {} bytes",
                            limits::MAX_DATASET_BYTES
                        ),
                    ));
                    break;
                }
                files.push(DataFile { name: shown, bytes });
            }
            Err(d) => diags.push(d),
        }
    }
    files.extend(strays);
    if diags.has_errors() { Err(diags) } else { Ok(files) }
}

/// Reads the country outlines of `DIR/geo/*.json`, if that folder exists.
pub fn read_outlines_dir(dir: &Path) -> Result<geo::Outlines, Diagnostics> {
    let geo_dir = dir.join("geo");
    let mut out = geo::Outlines::default();
    let Ok(entries) = std::fs::read_dir(&geo_dir) else { return Ok(out) };
    let mut paths: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    let root = limits::data_root(dir);
    for path in paths {
        let bytes = limits::read_inside(&root, &path, &path.display().to_string())?;
        out.extend(geo::Outlines::parse(&path.display().to_string(), &bytes)?);
    }
    Ok(out)
}

/// The country outlines compiled into the binary.
pub fn embedded_outlines() -> Result<geo::Outlines, Diagnostics> {
    let mut out = geo::Outlines::default();
    for (path, bytes) in assets::files(&assets::DEFAULT_DATA) {
        if path.starts_with("geo/") && path.ends_with(".json") {
            out.extend(geo::Outlines::parse(&format!("data/{path}"), bytes)?);
        }
    }
    Ok(out)
}

/// The dataset compiled into the binary.
pub fn embedded() -> Vec<DataFile> {
    assets::files(&assets::DEFAULT_DATA)
        .into_iter()
        .filter(|(p, _)| p.ends_with(".toml") && !p.contains('/'))
        .map(|(p, b)| DataFile { name: format!("data/{p}"), bytes: b.to_vec() })
        .collect()
}

/// Parses, validates and resolves dataset files, with the country outlines
/// of `outlines`; every problem of the files is reported at once, and the
/// outlines are read only once the files are sound.
pub fn load(
    files: Vec<DataFile>,
    outlines: impl FnOnce() -> Result<geo::Outlines, Diagnostics>,
) -> Result<(Dataset, Diagnostics), Diagnostics> {
    let mut diags = Diagnostics::default();
    let raw = load::parse_files(files, &mut diags);
    match validate::validate(raw, &mut diags) {
        Some(valid) if !diags.has_errors() => Ok((valid.resolve(outlines()?), diags)),
        _ => Err(diags),
    }
}

/// Reads the copies of sources' texts that `[[source]] file` names, through
/// `read` (a path relative to the data folder, in `/`-separated form, to its
/// bytes or why it cannot be read); every problem is located at its `file`.
pub fn read_source_files(
    ds: &Dataset,
    read: impl Fn(&str) -> Result<Vec<u8>, String>,
) -> Result<SourceFiles, Diagnostics> {
    let mut out = SourceFiles::new();
    let mut diags = Diagnostics::default();
    for source in ds.sources.iter() {
        let Some(file) = &source.text_copy else { continue };
        let name = file.get_ref();
        let inside = inside_data_folder(name);
        let located = |message: String| {
            Diagnostic::error(message)
                .at(&source.file, file.span())
                .hint("write a path inside the data folder, such as `sources/page.txt`")
        };
        if !inside {
            diags.push(located(format!("`{name}` is not a file inside the data folder")));
            continue;
        }
        match read(name) {
            Ok(bytes) => {
                out.insert(source.id.get_ref().clone(), (name.clone(), Arc::new(bytes)));
            }
            Err(why) => diags.push(located(format!("the source's file `{name}` {why}"))),
        }
    }
    if diags.has_errors() { Err(diags) } else { Ok(out) }
}

/// Whether `name` is a relative, `/`-separated path that stays inside the
/// data folder (no `..`, no absolute path, no backslash).
fn inside_data_folder(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('/')
        && !name.contains('\\')
        && name.split('/').all(|part| !part.is_empty() && part != "." && part != "..")
}

/// Reads the publisher's emblem that `[dataset] emblem` names, through `read`
/// (as for [`read_source_files`]): an SVG file inside the data folder, so
/// that the templates print it in the masthead. `None` when none is named.
pub fn read_emblem(
    ds: &Dataset,
    read: impl Fn(&str) -> Result<Vec<u8>, String>,
) -> Result<Option<Arc<Vec<u8>>>, Diagnostics> {
    let Some(file) = &ds.info.emblem else { return Ok(None) };
    let name = file.get_ref();
    let located = |message: String| {
        let d = Diagnostic::error(message)
            .at(&ds.info.file, file.span())
            .hint("write the path of an SVG file inside the data folder, such as `emblem.svg`");
        Diagnostics::from(d)
    };
    if !inside_data_folder(name) {
        return Err(located(format!("`{name}` is not a file inside the data folder")));
    }
    if !name.to_ascii_lowercase().ends_with(".svg") {
        return Err(located(format!("the emblem `{name}` is not an SVG file (`.svg`)")));
    }
    let bytes = read(name).map_err(|why| located(format!("the emblem `{name}` {why}")))?;
    // Only the start is looked at: typesetting parses the drawing itself.
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    if !head.contains("<svg") {
        return Err(located(format!(
            "the emblem `{name}` is not an SVG drawing (no `<svg` element at its start)"
        )));
    }
    Ok(Some(Arc::new(bytes)))
}
