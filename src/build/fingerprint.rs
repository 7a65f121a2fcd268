//! A document's fingerprint: one hash of everything its files are made from,
//! so that a build (and each rebuild of `watch`) can leave a document alone
//! whose inputs have not changed since it was written.
//!
//! The inputs are hashed as serde writes them (compact JSON fed straight into
//! SHA-256, never built as text), so the fingerprint is the same in every
//! process and on every machine running the same briefing: it is kept in the
//! manifest, and a later build compares against it.

use std::io::Write;
use std::sync::OnceLock;

use serde::Serialize;
use sha2::Digest;
use typst::foundations::Datetime;

use super::BuildConfig;
use crate::plan::DocumentPlan;
use crate::typeset::PdfStandardName;
use crate::typeset::world::TemplateSource;

/// What every document of a build shares among its inputs, hashed once per build.
#[derive(Clone)]
pub struct Common(sha2::Sha256);

/// The build settings that change what is written, as they are hashed.
#[derive(Serialize)]
struct Settings<'a> {
    /// briefing's version and the Typst it typesets with: a new version may write other bytes.
    briefing: &'a str,
    dataset: &'a str,
    /// The build date stamped into the documents: year, month, day, hour, minute, second.
    date: [Option<i32>; 6],
    pdf_standards: &'a [PdfStandardName],
    /// Formats: pdf, png, svg, thumbnail, pptx, html, then the PNG resolution.
    formats: ([bool; 6], f32),
    pptx_editable: bool,
    /// Where sources are ejected, if they are: ejecting draws slides differently.
    emit_typst: Option<String>,
    handout_layout: crate::plan::HandoutLayout,
    draft: bool,
    portion_marks: bool,
    /// With web pages: every fact sheet of the selection, whose pages link to each other.
    web_pages: Vec<String>,
}

impl Common {
    /// The shared inputs of a build of `plans` (the whole selection, before
    /// any document is left out) by `config`: briefing's version, the
    /// embedded fonts, every template file, and the settings that change
    /// what is written (not `--jobs`, `--quiet`, `--strict` or `--shard`).
    pub fn new(
        config: &BuildConfig,
        plans: &[DocumentPlan],
        dataset: &str,
        date: Datetime,
    ) -> Self {
        let mut h = sha2::Sha256::new();
        h.update(fonts_digest());
        hash_templates(&mut h, &config.inputs.templates);
        let f = &config.formats;
        let web_pages = match f.html {
            true => plans
                .iter()
                .filter(|p| crate::web::has_page(p.kind()))
                .map(|p| p.id.stem())
                .collect(),
            false => Vec::new(),
        };
        let settings = Settings {
            briefing: concat!(env!("CARGO_PKG_VERSION"), " typst ", env!("BRIEFING_TYPST_VERSION")),
            dataset,
            date: [
                date.year(),
                date.month().map(i32::from),
                date.day().map(i32::from),
                date.hour().map(i32::from),
                date.minute().map(i32::from),
                date.second().map(i32::from),
            ],
            pdf_standards: &config.pdf_standards,
            formats: ([f.pdf, f.png, f.svg, f.thumbnail, f.pptx, f.html], f.ppi),
            pptx_editable: config.pptx_editable,
            emit_typst: config.emit_typst.as_ref().map(|d| d.display().to_string()),
            handout_layout: config.selection.handout_layout,
            draft: config.selection.draft,
            portion_marks: config.selection.portion_marks,
            web_pages,
        };
        feed(&mut h, &settings);
        Common(h)
    }

    /// The fingerprints of `plans`, in order, hashed on up to `jobs` threads
    /// (a map's outlines are thousands of coordinates).
    pub fn documents(&self, plans: &[DocumentPlan], jobs: usize) -> Vec<String> {
        let chunk = plans.len().div_ceil(jobs.max(1)).max(1);
        std::thread::scope(|s| {
            let parts: Vec<_> = plans
                .chunks(chunk)
                .map(|c| s.spawn(move || c.iter().map(|p| self.document(p)).collect::<Vec<_>>()))
                .collect();
            // A panic while hashing is passed on as it would be without threads.
            parts
                .into_iter()
                .flat_map(|p| p.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        })
    }

    /// The fingerprint of one document of the build: the shared inputs, then
    /// its name, template data, chart specs and attached source texts (a
    /// handout's deck's too, since it is laid out from that deck), as hex.
    pub fn document(&self, plan: &DocumentPlan) -> String {
        let mut h = self.0.clone();
        h.update(plan.id.stem().as_bytes());
        for plan in std::iter::once(plan).chain(plan.deck.as_deref()) {
            h.update(b"\0data");
            feed(&mut h, &plan.data);
            h.update(b"\0charts");
            feed(&mut h, &plan.charts);
            h.update(b"\0attachments");
            for (path, bytes) in &plan.attachments {
                length_prefixed(&mut h, path.as_bytes());
                length_prefixed(&mut h, bytes);
            }
        }
        hex(&h.finalize())
    }
}

/// Feeds `value` as compact JSON into the hash, without building the text.
/// A value serde cannot write (none of the plan's can fail) still changes the hash.
fn feed(h: &mut sha2::Sha256, value: &impl Serialize) {
    let mut sink = HashSink(h);
    if let Err(e) = serde_json::to_writer(&mut sink, value) {
        h.update(format!("unserializable: {e}").as_bytes());
    }
}

/// Writes into a hash.
struct HashSink<'a>(&'a mut sha2::Sha256);

impl Write for HashSink<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Bytes with their length before them, so that no two lists of them hash alike.
fn length_prefixed(h: &mut sha2::Sha256, bytes: &[u8]) {
    h.update((bytes.len() as u64).to_le_bytes());
    h.update(bytes);
}

/// The embedded fonts, hashed once per process.
fn fonts_digest() -> &'static [u8] {
    static DIGEST: OnceLock<Vec<u8>> = OnceLock::new();
    DIGEST.get_or_init(|| {
        let mut h = sha2::Sha256::new();
        for font in crate::assets::font_files() {
            length_prefixed(&mut h, font);
        }
        h.finalize().to_vec()
    })
}

/// Every template file's path and contents, in path order; the built-in
/// templates are part of briefing's version.
fn hash_templates(h: &mut sha2::Sha256, templates: &TemplateSource) {
    match templates {
        TemplateSource::Embedded => h.update(b"embedded templates"),
        TemplateSource::Dir(_) => match templates.all_files() {
            Ok(mut files) => {
                files.sort_by(|a, b| a.0.cmp(&b.0));
                for (path, bytes) in files {
                    length_prefixed(h, path.as_bytes());
                    length_prefixed(h, &bytes);
                }
            }
            // An unreadable folder fingerprints differently each time: never "unchanged".
            Err(e) => h.update(format!("{e} {:?}", std::time::SystemTime::now()).as_bytes()),
        },
    }
}

/// Bytes as lowercase hex.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
