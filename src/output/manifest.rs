//! `manifest.json` and `SHA256SUMS`: what a build wrote, for people and for `sha256sum -c`.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diag::Diagnostic;
use crate::plan::Kind;
use crate::typeset::PdfStandardName;
use crate::typeset::fit::FitRecord;

/// One document written by a build, as listed in `manifest.json`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ManifestEntry {
    /// The document's name: its file name without `.pdf` (`factsheet-air-en`).
    pub document: String,
    /// The PDF's file name inside the output folder, when PDF was asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// `factsheet`, `deck` or `handout`.
    pub kind: Kind,
    /// Scope id.
    pub scope: String,
    /// Language id.
    pub lang: String,
    /// Marking level id of the audience.
    pub audience: String,
    /// Highest marking present.
    pub marking: String,
    /// Number of pages.
    pub pages: usize,
    /// Size of the PDF in bytes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bytes: Option<usize>,
    /// SHA-256 of the PDF, hex.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// As-of date of the data (ISO).
    pub as_of: String,
    /// PDF standards the file conforms to.
    pub pdf_standards: Vec<PdfStandardName>,
    /// Page images (`--format png,svg`), in page order, PNG before SVG.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<ImageEntry>,
    /// The page-1 thumbnail, when images or thumbnails were asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thumbnail: Option<ImageEntry>,
    /// The PowerPoint file of a deck (`--format pptx`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pptx: Option<FileEntry>,
    /// The web page (`--format html`, fact sheets).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub html: Option<FileEntry>,
    /// The speaker notes of a deck for the pdfpc presenter console.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pdfpc: Option<FileEntry>,
    /// The copy-fitting level the document was set at, and the hash proving
    /// what it was found for: the next build starts its fitting from it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fit: Option<FitRecord>,
    /// SHA-256 of everything the document was made from (`build::fingerprint`):
    /// a later build leaves the document alone while it and the files match.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<String>,
}

/// A file of a build that is not a page image: a PowerPoint file, a web page, the index.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FileEntry {
    /// File name inside the output folder.
    pub file: String,
    /// Size in bytes.
    pub bytes: usize,
    /// SHA-256 of the file, hex.
    pub sha256: String,
}

impl FileEntry {
    /// The entry of `bytes` written as `file`.
    pub fn of(file: String, bytes: &[u8]) -> Self {
        FileEntry { file, bytes: bytes.len(), sha256: sha256_hex(bytes) }
    }
}

/// One image file of a document, as listed in `manifest.json`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ImageEntry {
    /// File name inside the output folder.
    pub file: String,
    /// The page it shows (1-based).
    pub page: usize,
    /// Width in pixels (PNG only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    /// Height in pixels (PNG only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// Size in bytes.
    pub bytes: usize,
    /// SHA-256 of the file, hex.
    pub sha256: String,
}

impl ManifestEntry {
    /// The name a report shows for the document: its PDF, else its name.
    pub fn shown_name(&self) -> &str {
        self.file.as_deref().unwrap_or(&self.document)
    }

    /// Every file of the document, PDF first, then the web page, the page
    /// images, the PowerPoint file and the pdfpc notes.
    pub fn files(&self) -> impl Iterator<Item = (&str, &str)> {
        let pdf = self.file.as_deref().zip(self.sha256.as_deref());
        let html = self.html.iter().map(|h| (h.file.as_str(), h.sha256.as_str()));
        pdf.into_iter()
            .chain(html)
            .chain(
                self.images
                    .iter()
                    .chain(&self.thumbnail)
                    .map(|i| (i.file.as_str(), i.sha256.as_str())),
            )
            .chain(self.pptx.iter().map(|p| (p.file.as_str(), p.sha256.as_str())))
            .chain(self.pdfpc.iter().map(|p| (p.file.as_str(), p.sha256.as_str())))
    }
}

/// SHA-256 of `bytes`, as lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Writes `manifest.json` and `SHA256SUMS` (the format `sha256sum -c` reads).
/// Entries from earlier builds of other documents in the same folder are kept,
/// so the files describe every document there that briefing wrote; so is the
/// entry of an `index.html` an earlier build wrote while the file is there.
pub fn write(
    out: &Path,
    entries: &[ManifestEntry],
    index: Option<&FileEntry>,
) -> Result<(), Diagnostic> {
    let previous: Option<serde_json::Value> = std::fs::read(out.join("manifest.json"))
        .ok()
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok());
    let mut all: Vec<serde_json::Value> = previous
        .as_ref()
        .and_then(|v| v.get("documents").and_then(|d| d.as_array()).cloned())
        .unwrap_or_default();
    let index = match index {
        Some(i) => serde_json::to_value(i).ok(),
        None => previous.as_ref().and_then(|v| v.get("index")).cloned().filter(|i| {
            i.get("file").and_then(|f| f.as_str()).is_some_and(|f| {
                !f.contains(['/', '\\']) && !f.starts_with('.') && out.join(f).is_file()
            })
        }),
    };
    for e in entries {
        let value =
            serde_json::to_value(e).map_err(|err| Diagnostic::error(format!("manifest: {err}")))?;
        match all.iter_mut().find(|v| manifest_key(v).as_deref() == Some(e.document.as_str())) {
            Some(slot) => *slot = value,
            None => all.push(value),
        }
    }
    write_listing(out, all, index)
}

/// Writes `manifest.json` and `SHA256SUMS` listing exactly `all` (document
/// entries, as JSON) and `index`: those whose files are plain names, the
/// first of them in `out`, sorted by name.
pub fn write_listing(
    out: &Path,
    mut all: Vec<serde_json::Value>,
    index: Option<serde_json::Value>,
) -> Result<(), Diagnostic> {
    // Keep only entries whose document is still there, sorted by name for stable output;
    // briefing writes plain names only, so an entry naming a path was not written by it.
    let plain = |f: &str| !f.contains(['/', '\\']) && !f.starts_with('.');
    all.retain(|v| {
        let files = manifest_files(v);
        files.iter().all(|(f, _)| plain(f))
            && files.first().is_some_and(|(f, _)| out.join(f).is_file())
    });
    all.sort_by_cached_key(|v| manifest_key(v).map(|k| k + ".pdf"));
    let mut manifest = serde_json::json!({ "generator": format!("briefing {}", env!("CARGO_PKG_VERSION")), "documents": all });
    if let Some(index) = &index {
        manifest["index"] = index.clone();
    }
    let text = serde_json::to_string_pretty(&manifest)
        .map_err(|err| Diagnostic::error(format!("manifest: {err}")))?
        + "\n";
    super::write_atomic(out, "manifest.json", text.as_bytes())?;
    let index_file = index.as_ref().and_then(|i| {
        Some((i.get("file")?.as_str()?.to_owned(), i.get("sha256")?.as_str()?.to_owned()))
    });
    let sums: String = all
        .iter()
        .flat_map(manifest_files)
        .chain(index_file)
        .map(|(file, sha)| format!("{sha}  {file}\n"))
        .collect();
    super::write_atomic(out, "SHA256SUMS", sums.as_bytes())
}

/// The document name of a manifest entry (entries of older versions only have `file`).
pub fn manifest_key(v: &serde_json::Value) -> Option<String> {
    let str_of = |k: &str| v.get(k).and_then(|f| f.as_str());
    str_of("document")
        .map(str::to_owned)
        .or_else(|| str_of("file").map(|f| f.trim_end_matches(".pdf").to_owned()))
}

/// Every file of a manifest entry with its SHA-256, PDF first, as [`ManifestEntry::files`].
pub fn manifest_files(v: &serde_json::Value) -> Vec<(String, String)> {
    let pair = |v: &serde_json::Value| -> Option<(String, String)> {
        Some((v.get("file")?.as_str()?.to_owned(), v.get("sha256")?.as_str()?.to_owned()))
    };
    let images = v.get("images").and_then(|i| i.as_array()).into_iter().flatten();
    let html = v.get("html").and_then(pair);
    let more = images.chain(v.get("thumbnail")).chain(v.get("pptx")).chain(v.get("pdfpc"));
    pair(v).into_iter().chain(html).chain(more.filter_map(pair)).collect()
}

/// The documents of `out/manifest.json` by name, as a build wrote them. An
/// entry in another shape (of another briefing version) is left out: its
/// document is built again.
pub fn read(out: &Path) -> BTreeMap<String, ManifestEntry> {
    let Ok(bytes) = std::fs::read(out.join("manifest.json")) else { return BTreeMap::new() };
    #[derive(serde::Deserialize)]
    struct Listing {
        documents: Vec<serde_json::Value>,
    }
    let Ok(listing) = serde_json::from_slice::<Listing>(&bytes) else { return BTreeMap::new() };
    listing
        .documents
        .into_iter()
        .filter_map(|v| serde_json::from_value::<ManifestEntry>(v).ok())
        .map(|e| (e.document.clone(), e))
        .collect()
}

/// Whether every file of `entry` is in `out` with the SHA-256 the entry
/// lists (and is a plain name, as briefing writes them).
pub fn files_match(out: &Path, entry: &ManifestEntry) -> bool {
    let mut files = entry.files().peekable();
    files.peek().is_some()
        && files.all(|(name, sha)| {
            !name.contains(['/', '\\'])
                && !name.starts_with('.')
                && std::fs::read(out.join(name)).is_ok_and(|bytes| sha256_hex(&bytes) == sha)
        })
}
