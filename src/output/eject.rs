//! Ejected sources: a document's template, data, charts and fonts as a
//! folder that stock typst-cli compiles into the same document.

use crate::diag::Diagnostic;
use crate::plan::DocumentPlan;
use crate::typeset::document::RenderedDocument;
use crate::typeset::world::TemplateSource;

/// Writes `DIR/<document>/` so that stock typst-cli produces the same
/// document: the kind's template as `main.typ` beside the other template
/// files, the generated files under `generated/` and the fonts under `fonts/`.
/// `typst compile --ignore-system-fonts --font-path DIR/<doc> DIR/<doc>/main.typ`
pub fn eject(
    dir: &std::path::Path,
    plan: &DocumentPlan,
    doc: &RenderedDocument,
    templates: &TemplateSource,
) -> Result<(), Diagnostic> {
    let stem = plan.id.stem();
    let root = dir.join(&stem);
    let write = |rel: &str, bytes: &[u8]| -> Result<(), Diagnostic> {
        let path = root.join(rel);
        let parent = path.parent().unwrap_or(&root);
        super::ensure_dir(parent)?;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        super::write_atomic(parent, &name, bytes)
    };
    let files = templates
        .all_files()
        .map_err(|e| Diagnostic::error(format!("cannot read the templates: {e}")))?;
    let main = plan.kind().template().trim_start_matches('/');
    for (rel, bytes) in &files {
        write(rel, bytes)?;
        if rel == main {
            write("main.typ", bytes)?;
        }
    }
    for (vpath, bytes) in &doc.generated {
        write(vpath.trim_start_matches('/'), bytes.as_slice())?;
    }
    for (rel, bytes) in crate::assets::files(&crate::assets::FONTS) {
        write(&format!("fonts/{rel}"), bytes)?;
    }
    Ok(())
}
