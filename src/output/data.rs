//! `--emit-data`: each document's template data as JSON, for template authors.

use std::path::Path;

use crate::diag::{Diagnostic, Diagnostics};
use crate::plan::DocumentPlan;

/// Writes `DIR/<document>.json` for every plan: the data its template reads.
pub fn write_document_data(dir: &Path, plans: &[DocumentPlan]) -> Result<(), Diagnostics> {
    super::ensure_dir(dir)?;
    for plan in plans {
        let json = serde_json::to_vec_pretty(&plan.data)
            .map_err(|e| Diagnostic::error(format!("cannot serialise document data: {e}")))?;
        super::write_atomic(dir, &format!("{}.json", plan.id.stem()), &json)?;
    }
    Ok(())
}
