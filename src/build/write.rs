//! The write stage for one document: its PDF, notes file, PowerPoint file,
//! page images, web page and ejected sources, each written atomically, and
//! its manifest entry.

use super::{BuildConfig, DocumentOutcome};
use crate::diag::{Diagnostic, Diagnostics};
use crate::output::manifest::{self, FileEntry, ImageEntry, ManifestEntry};
use crate::output::{self, eject, images, pdfpc, pptx};
use crate::plan::{DocumentPlan, Kind};
use crate::typeset::document::RenderedDocument;
use crate::web::{self, Web};

/// Writes one typeset document into the output folder in the formats asked
/// for (and ejects its sources when asked); the result lists what was written.
/// `web` is there when the build writes web pages.
pub(super) fn write_document(
    config: &BuildConfig,
    plan: &DocumentPlan,
    doc: &RenderedDocument,
    web: Option<&Web>,
) -> Result<DocumentOutcome, Diagnostics> {
    let out = &config.out;
    let formats = &config.formats;
    let stem = plan.id.stem();
    let pages = doc.document.pages();
    let mut errors = Diagnostics::default();
    if let Some(dir) = &config.emit_typst
        && let Err(e) = eject::eject(dir, plan, doc, &config.inputs.templates)
    {
        errors.push(e);
    }
    let mut entry = ManifestEntry {
        document: stem.clone(),
        file: None,
        kind: plan.kind(),
        scope: plan.id.scope.clone(),
        lang: plan.id.lang.clone(),
        audience: plan.data.document.audience.clone(),
        marking: plan.data.document.marking.id.clone(),
        pages: pages.len(),
        bytes: None,
        sha256: None,
        as_of: plan.data.document.as_of_iso.clone(),
        pdf_standards: config.pdf_standards.clone(),
        images: Vec::new(),
        thumbnail: None,
        pptx: None,
        html: None,
        pdfpc: None,
        fit: doc.fit.clone(),
        fingerprint: None,
    };
    if let Some(pdf) = doc.pdf.as_ref().filter(|_| formats.pdf) {
        if let Err(e) = output::write_atomic(out, &plan.file_name(), pdf) {
            errors.push(e);
            return Err(errors);
        }
        entry.file = Some(plan.file_name().clone());
        entry.bytes = Some(pdf.len());
        entry.sha256 = Some(manifest::sha256_hex(pdf));
    }
    if plan.kind() == Kind::Deck {
        let name = format!("{stem}.pdfpc");
        let notes = pdfpc::pdfpc(&doc.notes);
        match output::write_atomic(out, &name, notes.as_bytes()) {
            Ok(()) => entry.pdfpc = Some(FileEntry::of(name, notes.as_bytes())),
            Err(e) => errors.push(e),
        }
    }
    if formats.pptx && plan.kind() == Kind::Deck {
        match write_pptx(config, plan, doc) {
            Ok(e) => entry.pptx = Some(e),
            Err(e) => errors.push(e),
        }
    }
    let image = |name: String, page: usize, bytes: &[u8], size: Option<(u32, u32)>| {
        output::write_atomic(out, &name, bytes).map(|()| ImageEntry {
            file: name,
            page,
            width: size.map(|s| s.0),
            height: size.map(|s| s.1),
            bytes: bytes.len(),
            sha256: manifest::sha256_hex(bytes),
        })
    };
    let failed = |what: &str, e: String| {
        Diagnostic::error(format!("cannot render {what} of {}: {e}", plan.file_name()))
    };
    for (wanted, ext) in [(formats.png, "png"), (formats.svg, "svg")] {
        if !wanted {
            continue;
        }
        let mut names = Vec::new();
        for (i, page) in pages.iter().enumerate() {
            let name = images::page_name(&stem, i + 1, pages.len(), ext);
            let written = if ext == "png" {
                images::png_at_ppi(page, formats.ppi)
                    .map_err(|e| failed(&format!("page {}", i + 1), e))
                    .and_then(|(png, size)| image(name.clone(), i + 1, &png, Some(size)))
            } else {
                image(name.clone(), i + 1, images::svg(page).as_bytes(), None)
            };
            match written {
                Ok(e) => entry.images.push(e),
                Err(e) => errors.push(e),
            }
            names.push(name);
        }
        remove_stale_images(out, &stem, ext, &names);
    }
    let mut thumbnail = None;
    if formats.thumbnail
        && let Some(page) = pages.first()
    {
        match images::thumbnail(page).map_err(|e| failed("the thumbnail", e)).and_then(
            |(png, size)| {
                let e = image(images::thumbnail_name(&stem), 1, &png, Some(size))?;
                Ok((e, png, size))
            },
        ) {
            Ok((e, png, size)) => {
                entry.thumbnail = Some(e);
                thumbnail = Some((png, size));
            }
            Err(e) => errors.push(e),
        }
    }
    if let Some(web) = web.filter(|_| web::has_page(plan.kind())) {
        let svg = |id: &str| {
            let bytes = doc.generated.get(&crate::served::chart(id))?;
            String::from_utf8(bytes.to_vec()).ok()
        };
        let inputs = web::PageInputs {
            svg: &svg,
            pdf: entry.file.as_deref(),
            pages: pages.len(),
            thumbnail: thumbnail.as_ref().map(|(png, size)| (png.as_slice(), *size)),
        };
        let name = web::page_name(&stem);
        match web
            .factsheet(plan, &inputs)
            .and_then(|html| output::write_atomic(out, &name, html.as_bytes()).map(|()| html))
        {
            Ok(html) => entry.html = Some(FileEntry::of(name, html.as_bytes())),
            Err(e) => errors.push(e),
        }
    }
    if entry.files().next().is_none() {
        return Err(errors);
    }
    Ok(DocumentOutcome { entry, warnings: doc.warnings.clone(), errors, up_to_date: false })
}

/// Writes a deck's PowerPoint file (`--format pptx`), its PNG fallbacks at `--ppi`.
fn write_pptx(
    config: &BuildConfig,
    plan: &DocumentPlan,
    doc: &RenderedDocument,
) -> Result<FileEntry, Diagnostic> {
    let name = pptx::file_name(&plan.id.stem());
    let date = pptx::w3c_date(config.source_date_epoch, &plan.data.document.as_of_iso);
    let bytes = pptx::deck_pptx(
        plan,
        &doc.document,
        &doc.notes,
        config.formats.ppi,
        &date,
        config.pptx_editable,
    )
    .map_err(|e| Diagnostic::error(format!("cannot write {name}: {e}")))?;
    output::write_atomic(&config.out, &name, &bytes)?;
    Ok(FileEntry::of(name, &bytes))
}

/// Removes page images of `stem` in `ext` left by an earlier build with more
/// pages or another page-number width: everything not in `keep`.
fn remove_stale_images(out: &std::path::Path, stem: &str, ext: &str, keep: &[String]) {
    let Ok(entries) = std::fs::read_dir(out) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if images::is_page_image(&name, stem, ext) && !keep.contains(&name) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}
