//! Notes pages: each slide's speaker notes (a paragraph per line of the
//! pdfpc notes), and the notes master they inherit their layout from.

use super::slide::{colour_map, end_shapes};
use super::xml::Xml;

const A: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const P: &str = "http://schemas.openxmlformats.org/presentationml/2006/main";
const NS: [(&str, &str); 3] = [("xmlns:a", A), ("xmlns:r", R), ("xmlns:p", P)];

/// The notes page (A4 portrait, in EMU): the slide picture above, the notes below.
const SLIDE_IMAGE: [&str; 4] = ["685800", "1143000", "5486400", "3086100"];
const NOTES_BODY: [&str; 4] = ["685800", "4400550", "5486400", "3600450"];

/// `ppt/notesSlides/notesSlide{k}.xml`: the slide's picture placeholder and
/// its notes, a paragraph per line, in `lang`.
pub(super) fn slide(notes: &str, lang: &str) -> Vec<u8> {
    let mut x = Xml::new();
    x.open("p:notes", &NS);
    x.open("p:cSld", &[]);
    tree_start(&mut x);
    placeholder(&mut x, 2, "Slide Image Placeholder 1", &[("type", "sldImg")], None);
    x.close("p:sp");
    placeholder(&mut x, 3, "Notes Placeholder 2", &[("type", "body"), ("idx", "1")], None);
    x.open("p:txBody", &[]);
    x.empty("a:bodyPr", &[]);
    x.empty("a:lstStyle", &[]);
    let notes = notes.replace("\r\n", "\n");
    for line in notes.split('\n') {
        x.open("a:p", &[]);
        if line.is_empty() {
            x.empty("a:endParaRPr", &[("lang", lang)]);
        } else {
            x.open("a:r", &[]);
            x.empty("a:rPr", &[("lang", lang)]);
            x.leaf("a:t", &[], line);
            x.close("a:r");
        }
        x.close("a:p");
    }
    x.close("p:txBody");
    x.close("p:sp");
    end_shapes(&mut x);
    x.close("p:notes");
    x.finish()
}

/// `ppt/notesMasters/notesMaster1.xml`: where the slide picture and the notes go.
pub(super) fn master() -> Vec<u8> {
    let mut x = Xml::new();
    x.open("p:notesMaster", &NS);
    x.open("p:cSld", &[]);
    x.open("p:bg", &[]);
    x.open("p:bgRef", &[("idx", "1001")]);
    x.empty("a:schemeClr", &[("val", "bg1")]);
    x.close("p:bgRef");
    x.close("p:bg");
    tree_start(&mut x);
    placeholder(&mut x, 2, "Slide Image Placeholder 1", &[("type", "sldImg")], Some(SLIDE_IMAGE));
    x.close("p:sp");
    placeholder(
        &mut x,
        3,
        "Notes Placeholder 2",
        &[("type", "body"), ("idx", "1")],
        Some(NOTES_BODY),
    );
    x.open("p:txBody", &[]);
    x.empty("a:bodyPr", &[]);
    x.empty("a:lstStyle", &[]);
    x.open("a:p", &[]);
    x.empty("a:endParaRPr", &[]);
    x.close("a:p");
    x.close("p:txBody");
    x.close("p:sp");
    x.close("p:spTree");
    x.close("p:cSld");
    colour_map(&mut x);
    x.close("p:notesMaster");
    x.finish()
}

fn tree_start(x: &mut Xml) {
    x.open("p:spTree", &[]);
    x.open("p:nvGrpSpPr", &[]);
    x.empty("p:cNvPr", &[("id", "1"), ("name", "")]);
    x.empty("p:cNvGrpSpPr", &[]);
    x.empty("p:nvPr", &[]);
    x.close("p:nvGrpSpPr");
    x.empty("p:grpSpPr", &[]);
}

/// Opens a placeholder shape `p:sp` up to its shape properties (placed at
/// `at`: x, y, width, height, or inherited); the caller adds the text
/// body if any and closes it.
fn placeholder(x: &mut Xml, id: u32, name: &str, ph: &[(&str, &str)], at: Option<[&str; 4]>) {
    let id = id.to_string();
    x.open("p:sp", &[]);
    x.open("p:nvSpPr", &[]);
    x.empty("p:cNvPr", &[("id", &id), ("name", name)]);
    x.open("p:cNvSpPr", &[]);
    x.empty("a:spLocks", &[("noGrp", "1")]);
    x.close("p:cNvSpPr");
    x.open("p:nvPr", &[]);
    x.empty("p:ph", ph);
    x.close("p:nvPr");
    x.close("p:nvSpPr");
    match at {
        Some([ox, oy, cx, cy]) => {
            x.open("p:spPr", &[]);
            x.open("a:xfrm", &[]);
            x.empty("a:off", &[("x", ox), ("y", oy)]);
            x.empty("a:ext", &[("cx", cx), ("cy", cy)]);
            x.close("a:xfrm");
            x.open("a:prstGeom", &[("prst", "rect")]);
            x.empty("a:avLst", &[]);
            x.close("a:prstGeom");
            x.close("p:spPr");
        }
        None => x.empty("p:spPr", &[]),
    }
}
