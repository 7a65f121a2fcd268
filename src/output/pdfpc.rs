//! The notes file of the pdfpc presenter console.

/// The notes file of the pdfpc presenter console for a deck: one entry per slide.
pub fn pdfpc(notes: &[String]) -> String {
    let pages: Vec<serde_json::Value> = notes
        .iter()
        .enumerate()
        .map(|(i, note)| {
            serde_json::json!({
                "idx": i,
                "label": (i + 1).to_string(),
                "overlay": 0,
                "forcedOverlay": false,
                "hidden": false,
                "note": note,
            })
        })
        .collect();
    let file = serde_json::json!({
        "pdfpcFormat": 2,
        "disableMarkdown": true,
        "pages": pages,
    });
    serde_json::to_string_pretty(&file).unwrap_or_default() + "\n"
}
