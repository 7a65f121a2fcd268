//! The package: every part of the deck in a fixed order, the content types,
//! the relationships, and the zip around them (fixed timestamps, no extra
//! fields), so the same deck always gives the same bytes.

use std::io::Write;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::xml::Xml;
use super::{Deck, notes, props, slide};

/// The relationships namespace of a `.rels` part.
const RELS_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
/// Relationship types of the officeDocument namespace are this plus a name.
const OFFICE_REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
/// Content types of PresentationML parts are this plus a name and `+xml`.
const PML: &str = "application/vnd.openxmlformats-officedocument.presentationml.";

/// One file of the package.
struct Part {
    name: String,
    bytes: Vec<u8>,
}

/// The deck as a `.pptx` file.
pub(super) fn write(deck: &Deck) -> zip::result::ZipResult<Vec<u8>> {
    let n = deck.slides.len();
    let mut parts = vec![
        part("[Content_Types].xml", content_types(n)),
        part(
            "_rels/.rels",
            rels(&[
                ("rId1", &office("officeDocument"), "ppt/presentation.xml"),
                (
                    "rId2",
                    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
                    "docProps/core.xml",
                ),
                ("rId3", &office("extended-properties"), "docProps/app.xml"),
            ]),
        ),
        part("docProps/core.xml", props::core(&deck.properties)),
        part("docProps/app.xml", props::app(&deck.properties, n)),
        part("ppt/presentation.xml", slide::presentation(deck.size, n)),
        part("ppt/_rels/presentation.xml.rels", presentation_rels(n)),
        part("ppt/presProps.xml", slide::pres_props()),
        part("ppt/viewProps.xml", slide::view_props()),
        part("ppt/tableStyles.xml", slide::table_styles()),
        part("ppt/theme/theme1.xml", slide::theme("Slides")),
        part("ppt/theme/theme2.xml", slide::theme("Notes")),
        part("ppt/slideMasters/slideMaster1.xml", slide::master(deck.size)),
        part(
            "ppt/slideMasters/_rels/slideMaster1.xml.rels",
            rels(&[
                ("rId1", &office("slideLayout"), "../slideLayouts/slideLayout1.xml"),
                ("rId2", &office("theme"), "../theme/theme1.xml"),
            ]),
        ),
        part("ppt/slideLayouts/slideLayout1.xml", slide::layout(deck.size)),
        part(
            "ppt/slideLayouts/_rels/slideLayout1.xml.rels",
            rels(&[("rId1", &office("slideMaster"), "../slideMasters/slideMaster1.xml")]),
        ),
        part("ppt/notesMasters/notesMaster1.xml", notes::master()),
        part(
            "ppt/notesMasters/_rels/notesMaster1.xml.rels",
            rels(&[("rId1", &office("theme"), "../theme/theme2.xml")]),
        ),
    ];
    for (i, s) in deck.slides.iter().enumerate() {
        let k = i + 1;
        parts.push(part(&format!("ppt/slides/slide{k}.xml"), slide::slide(s, k, deck)));
        parts.push(part(
            &format!("ppt/slides/_rels/slide{k}.xml.rels"),
            rels(&[
                ("rId1", &office("slideLayout"), "../slideLayouts/slideLayout1.xml"),
                ("rId2", &office("image"), &format!("../media/slide{k}.png")),
                ("rId3", &office("image"), &format!("../media/slide{k}.svg")),
                ("rId4", &office("notesSlide"), &format!("../notesSlides/notesSlide{k}.xml")),
            ]),
        ));
        parts.push(part(
            &format!("ppt/notesSlides/notesSlide{k}.xml"),
            notes::slide(&s.notes, &deck.properties.language),
        ));
        parts.push(part(
            &format!("ppt/notesSlides/_rels/notesSlide{k}.xml.rels"),
            rels(&[
                ("rId1", &office("notesMaster"), "../notesMasters/notesMaster1.xml"),
                ("rId2", &office("slide"), &format!("../slides/slide{k}.xml")),
            ]),
        ));
        parts.push(part(&format!("ppt/media/slide{k}.png"), s.png.clone()));
        parts.push(part(&format!("ppt/media/slide{k}.svg"), s.svg.clone().into_bytes()));
    }
    zip_parts(&parts)
}

fn part(name: &str, bytes: Vec<u8>) -> Part {
    Part { name: name.to_owned(), bytes }
}

fn office(name: &str) -> String {
    format!("{OFFICE_REL}{name}")
}

/// The parts zipped in the order given, each dated 1980-01-01 (the zip
/// format's first day): a PNG stored as it is (it is compressed already),
/// everything else deflated.
fn zip_parts(parts: &[Part]) -> zip::result::ZipResult<Vec<u8>> {
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let base = SimpleFileOptions::default()
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644)
        .large_file(false);
    for p in parts {
        let options = if p.name.ends_with(".png") {
            base.compression_method(CompressionMethod::Stored)
        } else {
            base.compression_method(CompressionMethod::Deflated).compression_level(Some(6))
        };
        zip.start_file(p.name.as_str(), options)?;
        zip.write_all(&p.bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

/// `[Content_Types].xml` for a deck of `slides` slides.
fn content_types(slides: usize) -> Vec<u8> {
    let mut x = Xml::new();
    x.open("Types", &[("xmlns", "http://schemas.openxmlformats.org/package/2006/content-types")]);
    for (ext, ty) in [
        ("rels", "application/vnd.openxmlformats-package.relationships+xml"),
        ("xml", "application/xml"),
        ("png", "image/png"),
        ("svg", "image/svg+xml"),
    ] {
        x.empty("Default", &[("Extension", ext), ("ContentType", ty)]);
    }
    let pml = |name: &str| format!("{PML}{name}+xml");
    let mut overrides = vec![
        (
            "/docProps/core.xml".to_owned(),
            "application/vnd.openxmlformats-package.core-properties+xml".to_owned(),
        ),
        (
            "/docProps/app.xml".to_owned(),
            "application/vnd.openxmlformats-officedocument.extended-properties+xml".to_owned(),
        ),
        ("/ppt/presentation.xml".to_owned(), pml("presentation.main")),
        ("/ppt/presProps.xml".to_owned(), pml("presProps")),
        ("/ppt/viewProps.xml".to_owned(), pml("viewProps")),
        ("/ppt/tableStyles.xml".to_owned(), pml("tableStyles")),
        ("/ppt/slideMasters/slideMaster1.xml".to_owned(), pml("slideMaster")),
        ("/ppt/slideLayouts/slideLayout1.xml".to_owned(), pml("slideLayout")),
        ("/ppt/notesMasters/notesMaster1.xml".to_owned(), pml("notesMaster")),
    ];
    for t in 1..=2 {
        overrides.push((
            format!("/ppt/theme/theme{t}.xml"),
            "application/vnd.openxmlformats-officedocument.theme+xml".to_owned(),
        ));
    }
    for k in 1..=slides {
        overrides.push((format!("/ppt/slides/slide{k}.xml"), pml("slide")));
        overrides.push((format!("/ppt/notesSlides/notesSlide{k}.xml"), pml("notesSlide")));
    }
    for (name, ty) in &overrides {
        x.empty("Override", &[("PartName", name), ("ContentType", ty)]);
    }
    x.close("Types");
    x.finish()
}

/// A relationships part: (id, type, target) each.
fn rels(list: &[(&str, &str, &str)]) -> Vec<u8> {
    let mut x = Xml::new();
    x.open("Relationships", &[("xmlns", RELS_NS)]);
    for &(id, ty, target) in list {
        x.empty("Relationship", &[("Id", id), ("Type", ty), ("Target", target)]);
    }
    x.close("Relationships");
    x.finish()
}

/// The presentation's relationships: master, notes master, properties,
/// theme, table styles, then slide `k` as `rId{6 + k}`
/// ([`slide::SLIDE_REL_BASE`]).
fn presentation_rels(slides: usize) -> Vec<u8> {
    let mut list: Vec<(String, String, String)> = [
        ("rId1", "slideMaster", "slideMasters/slideMaster1.xml"),
        ("rId2", "notesMaster", "notesMasters/notesMaster1.xml"),
        ("rId3", "presProps", "presProps.xml"),
        ("rId4", "viewProps", "viewProps.xml"),
        ("rId5", "theme", "theme/theme1.xml"),
        ("rId6", "tableStyles", "tableStyles.xml"),
    ]
    .iter()
    .map(|&(id, ty, target)| (id.to_owned(), office(ty), target.to_owned()))
    .collect();
    for k in 1..=slides {
        list.push((
            format!("rId{}", slide::SLIDE_REL_BASE + k),
            office("slide"),
            format!("slides/slide{k}.xml"),
        ));
    }
    let borrowed: Vec<(&str, &str, &str)> =
        list.iter().map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str())).collect();
    rels(&borrowed)
}
