//! The virtual files a template is served, by path: the contract between
//! planning (which names a chart's file in the data), typesetting (which
//! serves the files) and the templates (which read them). Neither stage
//! knows the other's insides; both know this.

/// The folder of every generated file, beside the templates' own.
pub const GENERATED_DIR: &str = "/generated";

/// The plan's data of the document (`DocumentData` as JSON).
pub const DATA: &str = "/generated/data.json";

/// What typesetting decided: the fit level, a handout's deck pages.
pub const LAYOUT: &str = "/generated/layout.json";

/// Where the publisher's emblem (`[dataset] emblem`) is served.
pub const EMBLEM: &str = "/generated/emblem.svg";

/// Where the drawing of chart `id` is served.
pub fn chart(id: &str) -> String {
    format!("{GENERATED_DIR}/charts/{id}.svg")
}

/// Where the copy of source `id`'s text, the data folder's `file`, is served
/// (for the templates to attach it to the PDF): under its own file name.
pub fn source_file(id: &str, file: &str) -> String {
    let name = file.rsplit('/').next().unwrap_or(file);
    format!("{GENERATED_DIR}/sources/{id}/{name}")
}

/// Where the stand-in of a handout's deck slide `number` (1-based) is served.
pub fn slide(number: usize) -> String {
    format!("{GENERATED_DIR}/deck/slide-{number}.svg")
}
