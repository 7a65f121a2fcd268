//! Document properties: `docProps/core.xml` (title, subject, author,
//! language, dates) and `docProps/app.xml` (the application, slide counts).

use super::Properties;
use super::xml::Xml;

/// `docProps/core.xml`.
pub(super) fn core(p: &Properties) -> Vec<u8> {
    let mut x = Xml::new();
    x.open(
        "cp:coreProperties",
        &[
            ("xmlns:cp", "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"),
            ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
            ("xmlns:dcterms", "http://purl.org/dc/terms/"),
            ("xmlns:dcmitype", "http://purl.org/dc/dcmitype/"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        ],
    );
    x.leaf("dc:title", &[], &p.title);
    x.leaf("dc:subject", &[], &p.subject);
    x.leaf("dc:creator", &[], &p.creator);
    x.leaf("cp:lastModifiedBy", &[], &p.creator);
    x.leaf("dc:language", &[], &p.language);
    let w3c = [("xsi:type", "dcterms:W3CDTF")];
    x.leaf("dcterms:created", &w3c, &p.date);
    x.leaf("dcterms:modified", &w3c, &p.date);
    x.close("cp:coreProperties");
    x.finish()
}

/// `docProps/app.xml` for a deck of `slides` slides, each with notes.
pub(super) fn app(p: &Properties, slides: usize) -> Vec<u8> {
    let mut x = Xml::new();
    x.open(
        "Properties",
        &[
            ("xmlns", "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"),
            ("xmlns:vt", "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"),
        ],
    );
    x.leaf("Application", &[], concat!("briefing ", env!("CARGO_PKG_VERSION")));
    x.leaf("PresentationFormat", &[], "Custom");
    x.leaf("Slides", &[], &slides.to_string());
    x.leaf("Notes", &[], &slides.to_string());
    x.leaf("Company", &[], &p.creator);
    x.close("Properties");
    x.finish()
}
