//! `briefing merge-manifests`: the output folders of a sharded build
//! (`--shard I/N` on several CI machines) joined into one, with one
//! `manifest.json` and `SHA256SUMS` listing every document.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics};
use crate::output::{self, guard, manifest};

/// What a merge did.
#[derive(Debug, Default)]
pub struct Merged {
    /// Documents listed in the merged manifest.
    pub documents: usize,
    /// Files copied into the output folder (none that were there already).
    pub copied: usize,
}

/// One shard's output folder, read and checked.
struct Part {
    dir: PathBuf,
    generator: Option<String>,
    documents: Vec<serde_json::Value>,
    index: Option<serde_json::Value>,
}

/// Joins the output folders `dirs` of one sharded build into `out`: every
/// file their manifests list is checked against its SHA-256 and copied into
/// `out` (unless `out` is that folder), and `out` gets a manifest listing
/// them all. A document or file listed by two folders, files that do not
/// match their manifest, manifests of different briefing versions and web
/// indexes that differ are refused before anything is written.
pub fn merge(dirs: &[PathBuf], out: &Path) -> Result<Merged, Diagnostics> {
    let parts: Vec<Part> = dirs.iter().map(|d| read(d)).collect::<Result<_, _>>()?;
    let mut errors = Diagnostics::default();
    let mut generators = parts.iter().filter_map(|p| Some((&p.dir, p.generator.as_ref()?)));
    if let Some((first_dir, first)) = generators.next() {
        for (dir, generator) in generators {
            if generator != first {
                errors.push(
                    Diagnostic::error(format!(
                        "{} was written by {generator}, {} by {first}",
                        dir.join("manifest.json").display(),
                        first_dir.join("manifest.json").display()
                    ))
                    .hint("build every shard with the same briefing, then merge again"),
                );
            }
        }
    }
    // Who lists each document and each file, to refuse overlaps.
    let mut documents: BTreeMap<String, &Path> = BTreeMap::new();
    let mut files: BTreeMap<String, &Path> = BTreeMap::new();
    let mut copies: Vec<(&Path, String)> = Vec::new();
    for part in &parts {
        for doc in &part.documents {
            let Some(name) = manifest::manifest_key(doc) else { continue };
            if let Some(other) = documents.insert(name.clone(), &part.dir) {
                errors.push(overlap("document", &name, other, &part.dir));
            }
            for (file, sha) in manifest::manifest_files(doc) {
                if let Some(other) = files.insert(file.clone(), &part.dir) {
                    errors.push(overlap("file", &file, other, &part.dir));
                }
                errors.0.extend(check_file(&part.dir, &file, &sha).err());
                copies.push((&part.dir, file));
            }
        }
    }
    let index = merged_index(&parts, &mut errors);
    if let Some((dir, index)) = &index
        && let Some(file) = index.get("file").and_then(|f| f.as_str())
    {
        let sha = index.get("sha256").and_then(|s| s.as_str()).unwrap_or_default();
        errors.0.extend(check_file(dir, file, sha).err());
        copies.push((dir, file.to_owned()));
    }
    if errors.has_errors() {
        return Err(errors);
    }
    output::ensure_dir(out)?;
    let _lock = guard::lock_output(out)?;
    let mut merged = Merged { documents: documents.len(), copied: 0 };
    for (dir, file) in copies {
        if same_folder(dir, out) {
            continue;
        }
        let bytes =
            std::fs::read(dir.join(&file)).map_err(|e| cannot("read", &dir.join(&file), e))?;
        output::write_atomic(out, &file, &bytes)?;
        merged.copied += 1;
    }
    let index = index.map(|(_, i)| i);
    let all = parts.into_iter().flat_map(|p| p.documents).collect();
    manifest::write_listing(out, all, index)?;
    Ok(merged)
}

/// Reads a shard's `manifest.json`.
fn read(dir: &Path) -> Result<Part, Diagnostic> {
    let path = dir.join("manifest.json");
    let hint = "give the output folders of `briefing build --shard I/N`, one per shard";
    let bytes = std::fs::read(&path).map_err(|e| cannot("read", &path, e).hint(hint))?;
    let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| {
        Diagnostic::error(format!("{} is not a manifest of briefing: {e}", path.display()))
            .hint(hint)
    })?;
    let Some(documents) = value.get("documents").and_then(|d| d.as_array()).cloned() else {
        return Err(Diagnostic::error(format!("{} lists no documents", path.display())).hint(hint));
    };
    Ok(Part {
        dir: dir.to_path_buf(),
        generator: value.get("generator").and_then(|g| g.as_str()).map(str::to_owned),
        documents,
        index: value.get("index").cloned(),
    })
}

/// The web index of the parts: each shard of a web build writes the same one.
fn merged_index<'a>(
    parts: &'a [Part],
    errors: &mut Diagnostics,
) -> Option<(&'a Path, serde_json::Value)> {
    let mut found: Option<(&Path, &serde_json::Value)> = None;
    for part in parts {
        let Some(index) = &part.index else { continue };
        match found {
            Some((dir, first)) if first.get("sha256") != index.get("sha256") => errors.push(
                Diagnostic::error(format!(
                    "the web index of {} differs from that of {}",
                    part.dir.display(),
                    dir.display()
                ))
                .hint(
                    "a shard's index.html lists only the documents that shard built, so web \
                     builds (--format html) cannot be sharded yet: build them in one job",
                ),
            ),
            Some(_) => {}
            None => found = Some((&part.dir, index)),
        }
    }
    found.map(|(dir, index)| (dir, index.clone()))
}

/// Whether `dir/file` is there with SHA-256 `sha`, and `file` a plain name as builds write them.
fn check_file(dir: &Path, file: &str, sha: &str) -> Result<(), Diagnostic> {
    let path = dir.join(file);
    if file.contains(['/', '\\']) || file.starts_with('.') {
        return Err(Diagnostic::error(format!(
            "{} lists `{file}`, which no build writes",
            dir.join("manifest.json").display()
        )));
    }
    let bytes = std::fs::read(&path).map_err(|e| cannot("read", &path, e))?;
    if manifest::sha256_hex(&bytes) != sha {
        return Err(Diagnostic::error(format!(
            "{} does not match its manifest (SHA-256 {sha})",
            path.display()
        ))
        .hint("the file changed after the build: build that shard again"));
    }
    Ok(())
}

/// The error of something listed by two shards.
fn overlap(what: &str, name: &str, first: &Path, second: &Path) -> Diagnostic {
    Diagnostic::error(format!(
        "{what} `{name}` is listed by both {} and {}",
        first.join("manifest.json").display(),
        second.join("manifest.json").display()
    ))
    .hint("shards of one build are disjoint: give each shard's folder once, all built with the same --shard count")
}

/// An I/O failure on `path`.
fn cannot(verb: &str, path: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(format!("cannot {verb} {}: {e}", path.display()))
}

/// Whether two paths are the same folder.
fn same_folder(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}
