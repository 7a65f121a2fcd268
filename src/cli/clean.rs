//! What a build's output folder held before: `briefing clean` removes the
//! files its manifest lists, the build summary counts what changed, and
//! `--open` shows what was built.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::CleanArgs;
use super::report::{Outcome, print_text};
use super::resolve::Context;
use crate::build::BuildConfig;
use crate::diag::Diagnostic;
use crate::output::manifest::ManifestEntry;

/// The documents of an output folder's `manifest.json`, each as written.
#[derive(Debug, Default)]
pub struct Previous {
    /// Whether there was a manifest at all (a first build says nothing of changes).
    found: bool,
    /// Each document's entry, by document name.
    documents: BTreeMap<String, serde_json::Value>,
    /// The manifest's `index` entry, if any.
    index: Option<serde_json::Value>,
}

impl Previous {
    /// Reads `out/manifest.json`; a missing or unreadable one is an empty folder.
    pub fn read(out: &Path) -> Previous {
        let Ok(bytes) = std::fs::read(out.join("manifest.json")) else {
            return Previous::default();
        };
        let Ok(manifest) = serde_json::from_slice::<serde_json::Value>(&bytes) else {
            return Previous::default();
        };
        let documents = manifest.get("documents").and_then(|d| d.as_array()).cloned();
        let documents = documents
            .into_iter()
            .flatten()
            .filter_map(|d| Some((d.get("document")?.as_str()?.to_owned(), d)))
            .collect();
        Previous { found: true, documents, index: manifest.get("index").cloned() }
    }

    /// `: 3 changed, 45 unchanged` for a build's entries; nothing after a
    /// first build. A document is unchanged when its manifest entry (every
    /// file's SHA-256, its pages and settings; not the fingerprint of its
    /// inputs) is what it was.
    pub fn changes(&self, entries: &[ManifestEntry]) -> String {
        if !self.found || entries.is_empty() {
            return String::new();
        }
        let without_fingerprint = |v: &serde_json::Value| {
            let mut v = v.clone();
            if let Some(o) = v.as_object_mut() {
                o.remove("fingerprint");
            }
            v
        };
        let unchanged = entries
            .iter()
            .filter(|e| {
                let now = serde_json::to_value(e).ok().map(|v| without_fingerprint(&v));
                now == self.documents.get(e.document.as_str()).map(without_fingerprint)
            })
            .count();
        format!(": {} changed, {unchanged} unchanged", entries.len() - unchanged)
    }

    /// Every file the manifest lists, with `manifest.json` and `SHA256SUMS`:
    /// plain names only, as a build writes them (a name with a path, or a
    /// hidden one, was not written by briefing and is never removed).
    pub fn files(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        let mut add = |v: Option<&serde_json::Value>| {
            if let Some(f) = v.and_then(|v| v.get("file")).and_then(|f| f.as_str()) {
                names.push(f.to_owned());
            }
        };
        for d in self.documents.values() {
            add(Some(d));
            for key in ["html", "thumbnail", "pptx", "pdfpc"] {
                add(d.get(key));
            }
            for image in d.get("images").and_then(|i| i.as_array()).into_iter().flatten() {
                add(Some(image));
            }
        }
        add(self.index.as_ref());
        if self.found {
            names.extend(["manifest.json".to_owned(), "SHA256SUMS".to_owned()]);
        }
        names.retain(|f| !f.is_empty() && !f.contains(['/', '\\']) && !f.starts_with('.'));
        names.sort();
        names.dedup();
        names
    }
}

/// Runs `briefing clean`.
pub fn run(args: &CleanArgs) -> Outcome {
    let context = Context::find()?;
    let profile = args.profile.as_deref().map(|name| context.profile(name)).transpose()?;
    let out = context.out(args.out.as_deref(), profile);
    let previous = Previous::read(&out);
    if !previous.found {
        return print_text(&format!(
            "nothing to clean: {} has no manifest.json of a build\n",
            out.display()
        ));
    }
    let mut removed = 0;
    for name in previous.files() {
        let path = out.join(&name);
        if path.is_file() {
            std::fs::remove_file(&path)
                .map_err(|e| Diagnostic::error(format!("cannot remove {}: {e}", path.display())))?;
            removed += 1;
        }
    }
    // The folder goes only when nothing but briefing's files was in it.
    let emptied = std::fs::remove_dir(&out).is_ok();
    print_text(&format!(
        "removed {} from {}{}\n",
        crate::diag::counted(removed, "file"),
        out.display(),
        if emptied { ", and the folder" } else { "" }
    ))
}

/// At most this many documents open one by one; more open their folder.
const MAX_OPENED: usize = 8;

/// `--open`: shows the built documents with the system's viewer — a web
/// build's index.html, else each PDF, or the folder when there are many.
/// `BRIEFING_OPENER` names a program to use instead (it gets the paths as
/// arguments), for systems without a default viewer and for tests.
pub fn open(config: &BuildConfig, entries: &[ManifestEntry]) -> Outcome {
    let index = config.out.join(crate::web::INDEX);
    let targets: Vec<PathBuf> = if config.formats.html && index.is_file() {
        vec![index]
    } else {
        let files: Vec<PathBuf> = entries
            .iter()
            .map(|e| config.out.join(e.file.as_deref().unwrap_or(e.shown_name())))
            .filter(|p| p.is_file())
            .collect();
        if files.len() > MAX_OPENED { vec![config.out.clone()] } else { files }
    };
    let failed = |e: std::io::Error| Diagnostic::error(format!("cannot open the documents: {e}"));
    match std::env::var_os("BRIEFING_OPENER").filter(|v| !v.is_empty()) {
        Some(opener) => {
            std::process::Command::new(opener).args(&targets).status().map_err(failed)?;
        }
        None => {
            for target in &targets {
                open::that_detached(target).map_err(failed)?;
            }
        }
    }
    Ok(())
}
