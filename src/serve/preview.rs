//! What the preview page shows: every document of the selection as last
//! built (kept when a rebuild fails), the last rebuild's problems, and a
//! generation number that goes up with every change, for the open pages.

use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::Duration;

use serde::Serialize;

use super::problems::Problem;
use crate::build::session::Rebuild;
use crate::build::{DocumentOutcome, Observer};
use crate::diag::counted;
use crate::output::manifest::{ImageEntry, ManifestEntry};
use crate::plan::{DocumentId, DocumentPlan, Kind};

/// One image file of a document, as the page links it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Image {
    /// File name in the output folder.
    pub file: String,
    /// Width in pixels.
    pub width: Option<u32>,
    /// Height in pixels.
    pub height: Option<u32>,
    /// SHA-256 of the file: the page asks for `?v=<sha256>`, so a changed
    /// image is fetched again and an unchanged one is not.
    pub sha256: String,
}

impl From<&ImageEntry> for Image {
    fn from(e: &ImageEntry) -> Self {
        Image { file: e.file.clone(), width: e.width, height: e.height, sha256: e.sha256.clone() }
    }
}

/// One document of the selection, as last built.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentView {
    /// The document's name (`deck-air-en`).
    pub name: String,
    /// `factsheet`, `deck` or `handout`.
    pub kind: Kind,
    /// Scope id.
    pub scope: String,
    /// Scope name, in the document's language.
    pub scope_name: String,
    /// Language id.
    pub lang: String,
    /// Marking level id of the audience.
    pub audience: String,
    /// Banner of the highest marking present.
    pub marking: String,
    /// The document's title.
    pub title: String,
    /// The PDF's file name.
    pub pdf: Option<String>,
    /// SHA-256 of the PDF.
    pub pdf_sha256: Option<String>,
    /// One PNG per page, in page order.
    pub pages: Vec<Image>,
    /// The page-1 thumbnail.
    pub thumbnail: Option<Image>,
    /// A deck's speaker notes per slide, as in its `.pdfpc` file.
    pub notes: Vec<String>,
    /// Whether it has been built at all in this session.
    pub built: bool,
    /// Whether its last build failed, so what is shown is the last good one.
    pub stale: bool,
}

impl DocumentView {
    /// A document of the selection not built yet.
    fn pending(id: &DocumentId) -> Self {
        DocumentView {
            name: id.stem(),
            kind: id.kind,
            scope: id.scope.clone(),
            scope_name: id.scope.clone(),
            lang: id.lang.clone(),
            audience: id.audience.clone().unwrap_or_default(),
            marking: String::new(),
            title: id.stem(),
            pdf: None,
            pdf_sha256: None,
            pages: Vec::new(),
            thumbnail: None,
            notes: Vec::new(),
            built: false,
            stale: false,
        }
    }

    /// Every file of the document the page may ask for.
    fn files(&self) -> impl Iterator<Item = &str> {
        let images = self.pages.iter().chain(&self.thumbnail).map(|i| i.file.as_str());
        self.pdf.as_deref().into_iter().chain(images)
    }
}

/// What the page shows, as one JSON value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Snapshot {
    /// Goes up by one with every change.
    pub generation: u64,
    /// Resolution of the page images, so the page shows them at screen size.
    pub ppi: f32,
    /// Whether a rebuild is under way.
    pub building: bool,
    /// Whether the last rebuild succeeded.
    pub ok: bool,
    /// One line on the last rebuild (`rebuilt 1 document (2 pages) in 310 ms, 1 unchanged`).
    pub status: String,
    /// The files whose change started the current or last rebuild.
    pub changed: Vec<String>,
    /// The documents of the selection, in plan order.
    pub documents: Vec<DocumentView>,
    /// The last rebuild's errors.
    pub errors: Vec<Problem>,
    /// The last rebuild's warnings.
    pub warnings: Vec<Problem>,
}

/// The preview's state, shared by the rebuilds and the server's threads.
pub struct Preview {
    out: PathBuf,
    state: Mutex<Snapshot>,
    changed: Condvar,
}

impl Preview {
    /// An empty preview of a build into `out` with page images at `ppi`.
    pub fn new(out: &Path, ppi: f32) -> Self {
        let state = Snapshot {
            generation: 0,
            ppi,
            building: true,
            ok: true,
            status: "building…".to_owned(),
            changed: Vec::new(),
            documents: Vec::new(),
            errors: Vec::new(),
            warnings: Vec::new(),
        };
        Preview { out: out.to_path_buf(), state: Mutex::new(state), changed: Condvar::new() }
    }

    fn lock(&self) -> MutexGuard<'_, Snapshot> {
        // A panicked writer leaves a snapshot that is still whole: use it.
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Changes the state and tells every waiting page.
    fn update(&self, change: impl FnOnce(&mut Snapshot)) {
        let mut state = self.lock();
        change(&mut state);
        state.generation += 1;
        drop(state);
        self.changed.notify_all();
    }

    /// What the page shows now.
    pub fn snapshot(&self) -> Snapshot {
        self.lock().clone()
    }

    /// The state once its generation is past `seen`, or `None` after `timeout`.
    pub fn wait_past(&self, seen: u64, timeout: Duration) -> Option<Snapshot> {
        let state = self.lock();
        let (state, _) = self
            .changed
            .wait_timeout_while(state, timeout, |s| s.generation <= seen)
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        (state.generation > seen).then(|| state.clone())
    }

    /// The path of `name` in the output folder, when it is a file of a
    /// document shown: nothing else is ever served from there.
    pub fn file(&self, name: &str) -> Option<PathBuf> {
        let state = self.lock();
        let listed = state.documents.iter().any(|d| d.files().any(|f| f == name));
        listed.then(|| self.out.join(name))
    }

    /// A rebuild starts, because `changed` changed.
    pub fn building(&self, changed: &[String]) {
        self.update(|s| {
            s.building = true;
            s.changed = changed.to_vec();
        });
    }

    /// One document was written: the page shows it at once.
    pub fn written(&self, plan: &DocumentPlan, entry: &ManifestEntry) {
        let notes =
            if plan.kind() == Kind::Deck { self.notes(&plan.id.stem()) } else { Vec::new() };
        let meta = &plan.data.document;
        let view = DocumentView {
            name: entry.document.clone(),
            kind: plan.kind(),
            scope: plan.id.scope.clone(),
            scope_name: meta.scope_name.clone(),
            lang: plan.id.lang.clone(),
            audience: entry.audience.clone(),
            marking: meta.marking.banner.clone(),
            title: meta.title.clone(),
            pdf: entry.file.clone(),
            pdf_sha256: entry.sha256.clone(),
            pages: entry
                .images
                .iter()
                .filter(|i| i.file.ends_with(".png"))
                .map(Image::from)
                .collect(),
            thumbnail: entry.thumbnail.as_ref().map(Image::from),
            notes,
            built: true,
            stale: false,
        };
        self.update(|s| match s.documents.iter_mut().find(|d| d.name == view.name) {
            Some(slot) => *slot = view,
            None => s.documents.push(view),
        });
    }

    /// One document failed: the page keeps its last good pages, marked so.
    pub fn failed(&self, plan: &DocumentPlan) {
        let name = plan.id.stem();
        self.update(|s| {
            if let Some(d) = s.documents.iter_mut().find(|d| d.name == name) {
                d.stale = true;
            }
        });
    }

    /// A deck's speaker notes, read back from the `.pdfpc` file the build wrote.
    fn notes(&self, stem: &str) -> Vec<String> {
        let file = std::fs::read(self.out.join(format!("{stem}.pdfpc"))).unwrap_or_default();
        let json: serde_json::Value = serde_json::from_slice(&file).unwrap_or_default();
        let pages = json.get("pages").and_then(|p| p.as_array()).cloned().unwrap_or_default();
        pages
            .iter()
            .map(|p| p.get("note").and_then(|n| n.as_str()).unwrap_or_default().to_owned())
            .collect()
    }

    /// A rebuild is over: the documents listed become the selection as
    /// planned, in plan order (a failed planning keeps the last list), and
    /// the problems are the rebuild's.
    pub fn rebuilt(&self, rebuild: &Rebuild) {
        let ms = rebuild.elapsed.as_secs_f64() * 1000.0;
        let (ok, status, diags) = match &rebuild.result {
            Ok(report) => {
                let (documents, pages) = report.totals();
                let status = format!(
                    "built {} ({}) in {ms:.0} ms, {} unchanged",
                    counted(documents, "document"),
                    counted(pages, "page"),
                    rebuild.unchanged
                );
                (true, status, &report.warnings)
            }
            Err(diags) => {
                let status = format!(
                    "the rebuild failed after {ms:.0} ms ({}): the last good pages are shown",
                    counted(diags.error_count(), "error")
                );
                (false, status, diags)
            }
        };
        self.update(|s| {
            if !rebuild.planned.is_empty() {
                let mut old = std::mem::take(&mut s.documents);
                s.documents = rebuild
                    .planned
                    .iter()
                    .map(|id| {
                        let name = id.stem();
                        match old.iter().position(|d| d.name == name) {
                            Some(i) => old.swap_remove(i),
                            None => DocumentView::pending(id),
                        }
                    })
                    .collect();
            }
            s.building = false;
            s.ok = ok;
            s.status = status;
            let (errors, warnings): (Vec<_>, Vec<_>) = diags.0.iter().partition(|d| d.is_error());
            s.errors = errors.into_iter().map(Problem::of).collect();
            s.warnings = warnings.into_iter().map(Problem::of).collect();
        });
    }
}

/// A build observer that shows each document in the preview as soon as it
/// is written, then passes the news on (to the terminal's progress lines).
pub struct Recorder<'a> {
    preview: &'a Preview,
    inner: &'a dyn Observer,
}

impl<'a> Recorder<'a> {
    /// Records into `preview`, and tells `inner` too.
    pub fn new(preview: &'a Preview, inner: &'a dyn Observer) -> Self {
        Recorder { preview, inner }
    }
}

impl Observer for Recorder<'_> {
    fn planned(&self, plans: &[DocumentPlan]) {
        self.inner.planned(plans);
    }

    fn finished(&self, plan: &DocumentPlan, outcome: Option<&DocumentOutcome>) {
        match outcome {
            Some(outcome) => self.preview.written(plan, &outcome.entry),
            None => self.preview.failed(plan),
        }
        self.inner.finished(plan, outcome);
    }
}
