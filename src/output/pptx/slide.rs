//! The presentation part, the slide master with its one layout (title only),
//! the theme, and each slide: its title placeholder under one full-slide
//! picture (SVG, with the PNG as the fallback blip).

use super::xml::Xml;
use super::{Deck, Slide};

/// DrawingML.
const A: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";
/// Relationships, for `r:id` and `r:embed`.
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
/// PresentationML.
const P: &str = "http://schemas.openxmlformats.org/presentationml/2006/main";
/// The extension of `a:blip` that carries an SVG picture (Office 2016 and later).
const SVG_BLIP_EXT: &str = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}";
/// Its namespace.
const SVG_NS: &str = "http://schemas.microsoft.com/office/drawing/2016/SVG/main";

/// Slide `k` is relationship `rId{SLIDE_REL_BASE + k}` of the presentation.
pub(super) const SLIDE_REL_BASE: usize = 6;
/// The master's id: slide master and layout ids start at 2³¹.
const MASTER_ID: &str = "2147483648";
/// The layout's id, after the master's.
const LAYOUT_ID: &str = "2147483649";
/// The first slide's id (PowerPoint's first).
const FIRST_SLIDE_ID: usize = 256;

const NS: [(&str, &str); 3] = [("xmlns:a", A), ("xmlns:r", R), ("xmlns:p", P)];

/// `ppt/presentation.xml`: the master, notes master and slides, the slide size.
pub(super) fn presentation(size: (i64, i64), slides: usize) -> Vec<u8> {
    let mut x = Xml::new();
    x.open("p:presentation", &[NS[0], NS[1], NS[2], ("saveSubsetFonts", "1")]);
    x.open("p:sldMasterIdLst", &[]);
    x.empty("p:sldMasterId", &[("id", MASTER_ID), ("r:id", "rId1")]);
    x.close("p:sldMasterIdLst");
    x.open("p:notesMasterIdLst", &[]);
    x.empty("p:notesMasterId", &[("r:id", "rId2")]);
    x.close("p:notesMasterIdLst");
    x.open("p:sldIdLst", &[]);
    for k in 1..=slides {
        let id = (FIRST_SLIDE_ID + k - 1).to_string();
        let rid = format!("rId{}", SLIDE_REL_BASE + k);
        x.empty("p:sldId", &[("id", &id), ("r:id", &rid)]);
    }
    x.close("p:sldIdLst");
    let (cx, cy) = (size.0.to_string(), size.1.to_string());
    x.empty("p:sldSz", &[("cx", &cx), ("cy", &cy)]);
    // A4 portrait, as PowerPoint sets notes pages.
    x.empty("p:notesSz", &[("cx", "6858000"), ("cy", "9144000")]);
    x.close("p:presentation");
    x.finish()
}

/// `ppt/presProps.xml` (no settings).
pub(super) fn pres_props() -> Vec<u8> {
    let mut x = Xml::new();
    x.empty("p:presentationPr", &NS);
    x.finish()
}

/// `ppt/viewProps.xml` (PowerPoint's defaults).
pub(super) fn view_props() -> Vec<u8> {
    let mut x = Xml::new();
    x.empty("p:viewPr", &NS);
    x.finish()
}

/// `ppt/tableStyles.xml` (no table styles; the id is Office's "no style").
pub(super) fn table_styles() -> Vec<u8> {
    let mut x = Xml::new();
    x.empty("a:tblStyleLst", &[("xmlns:a", A), ("def", "{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}")]);
    x.finish()
}

/// Where the title placeholder sits: the band of the slide's own title,
/// under the picture. Fractions of the slide: x, y, width, height.
const TITLE_BOX: (f64, f64, f64, f64) = (0.05, 0.1, 0.9, 0.15);

fn title_xfrm(x: &mut Xml, size: (i64, i64)) {
    let (fx, fy, fw, fh) = TITLE_BOX;
    let at = |f: f64, of: i64| ((of as f64) * f).round() as i64;
    x.open("a:xfrm", &[]);
    let (ox, oy) = (at(fx, size.0).to_string(), at(fy, size.1).to_string());
    x.empty("a:off", &[("x", &ox), ("y", &oy)]);
    let (cx, cy) = (at(fw, size.0).to_string(), at(fh, size.1).to_string());
    x.empty("a:ext", &[("cx", &cx), ("cy", &cy)]);
    x.close("a:xfrm");
}

/// Closes a slide's (or layout's, or notes page's) shape tree and takes its
/// colours from its master, as each of them does.
pub(super) fn end_shapes(x: &mut Xml) {
    x.close("p:spTree");
    x.close("p:cSld");
    x.open("p:clrMapOvr", &[]);
    x.empty("a:masterClrMapping", &[]);
    x.close("p:clrMapOvr");
}

/// The theme's colours as a master names them (the mapping Office writes):
/// slide masters and the notes master carry the same one.
pub(super) fn colour_map(x: &mut Xml) {
    x.empty(
        "p:clrMap",
        &[
            ("bg1", "lt1"),
            ("tx1", "dk1"),
            ("bg2", "lt2"),
            ("tx2", "dk2"),
            ("accent1", "accent1"),
            ("accent2", "accent2"),
            ("accent3", "accent3"),
            ("accent4", "accent4"),
            ("accent5", "accent5"),
            ("accent6", "accent6"),
            ("hlink", "hlink"),
            ("folHlink", "folHlink"),
        ],
    );
}

/// The group properties every shape tree starts with.
fn tree_start(x: &mut Xml) {
    x.open("p:spTree", &[]);
    x.open("p:nvGrpSpPr", &[]);
    x.empty("p:cNvPr", &[("id", "1"), ("name", "")]);
    x.empty("p:cNvGrpSpPr", &[]);
    x.empty("p:nvPr", &[]);
    x.close("p:nvGrpSpPr");
    x.open("p:grpSpPr", &[]);
    x.open("a:xfrm", &[]);
    x.empty("a:off", &[("x", "0"), ("y", "0")]);
    x.empty("a:ext", &[("cx", "0"), ("cy", "0")]);
    x.empty("a:chOff", &[("x", "0"), ("y", "0")]);
    x.empty("a:chExt", &[("cx", "0"), ("cy", "0")]);
    x.close("a:xfrm");
    x.close("p:grpSpPr");
}

/// A title placeholder, empty on the master and the layout.
fn title_shape(x: &mut Xml, size: (i64, i64), text: Option<(&str, &str)>) {
    x.open("p:sp", &[]);
    x.open("p:nvSpPr", &[]);
    x.empty("p:cNvPr", &[("id", "2"), ("name", "Title 1")]);
    x.open("p:cNvSpPr", &[]);
    x.empty("a:spLocks", &[("noGrp", "1")]);
    x.close("p:cNvSpPr");
    x.open("p:nvPr", &[]);
    x.empty("p:ph", &[("type", "title")]);
    x.close("p:nvPr");
    x.close("p:nvSpPr");
    x.open("p:spPr", &[]);
    title_xfrm(x, size);
    x.close("p:spPr");
    x.open("p:txBody", &[]);
    x.empty("a:bodyPr", &[]);
    x.empty("a:lstStyle", &[]);
    x.open("a:p", &[]);
    match text {
        Some((text, lang)) => {
            x.open("a:r", &[]);
            x.empty("a:rPr", &[("lang", lang)]);
            x.leaf("a:t", &[], text);
            x.close("a:r");
        }
        None => x.empty("a:endParaRPr", &[]),
    }
    x.close("a:p");
    x.close("p:txBody");
    x.close("p:sp");
}

/// `ppt/slideMasters/slideMaster1.xml`: a white background, the title
/// placeholder, the theme's colours mapped as Office maps them.
pub(super) fn master(size: (i64, i64)) -> Vec<u8> {
    let mut x = Xml::new();
    x.open("p:sldMaster", &NS);
    x.open("p:cSld", &[]);
    x.open("p:bg", &[]);
    x.open("p:bgRef", &[("idx", "1001")]);
    x.empty("a:schemeClr", &[("val", "bg1")]);
    x.close("p:bgRef");
    x.close("p:bg");
    tree_start(&mut x);
    title_shape(&mut x, size, None);
    x.close("p:spTree");
    x.close("p:cSld");
    colour_map(&mut x);
    x.open("p:sldLayoutIdLst", &[]);
    x.empty("p:sldLayoutId", &[("id", LAYOUT_ID), ("r:id", "rId1")]);
    x.close("p:sldLayoutIdLst");
    x.open("p:txStyles", &[]);
    x.empty("p:titleStyle", &[]);
    x.empty("p:bodyStyle", &[]);
    x.empty("p:otherStyle", &[]);
    x.close("p:txStyles");
    x.close("p:sldMaster");
    x.finish()
}

/// `ppt/slideLayouts/slideLayout1.xml`: title only.
pub(super) fn layout(size: (i64, i64)) -> Vec<u8> {
    let mut x = Xml::new();
    x.open("p:sldLayout", &[NS[0], NS[1], NS[2], ("type", "titleOnly"), ("preserve", "1")]);
    x.open("p:cSld", &[("name", "Title Only")]);
    tree_start(&mut x);
    title_shape(&mut x, size, None);
    end_shapes(&mut x);
    x.close("p:sldLayout");
    x.finish()
}

/// `ppt/slides/slide{k}.xml`: the title placeholder, then the page as one
/// picture over the whole slide (drawn later, so it covers the title: the
/// title is for the outline and screen readers, the picture for the eye).
/// Its relationships: `rId2` the PNG, `rId3` the SVG (package.rs).
///
/// An editable slide draws its text boxes over the picture instead, its
/// title box as the title placeholder (textbox.rs).
pub(super) fn slide(s: &Slide, k: usize, deck: &Deck) -> Vec<u8> {
    let mut x = Xml::new();
    x.open("p:sld", &NS);
    x.open("p:cSld", &[]);
    tree_start(&mut x);
    let lang = &deck.properties.language;
    if !s.boxes.iter().any(|b| b.title) {
        title_shape(&mut x, deck.size, Some((&s.title, lang)));
    }
    picture(&mut x, s, k, deck);
    let title = s.boxes.iter().position(|b| b.title);
    for (i, b) in s.boxes.iter().enumerate() {
        // Shape ids 2 and 3 are the title's and the picture's.
        let is_title = title == Some(i);
        super::textbox::shape(&mut x, b, if is_title { 2 } else { 4 + i }, is_title, lang);
    }
    end_shapes(&mut x);
    x.close("p:sld");
    x.finish()
}

/// The page as one picture over the whole slide.
fn picture(x: &mut Xml, s: &Slide, k: usize, deck: &Deck) {
    x.open("p:pic", &[]);
    x.open("p:nvPicPr", &[]);
    let name = format!("Slide {k}");
    x.empty("p:cNvPr", &[("id", "3"), ("name", &name), ("descr", &s.alt)]);
    x.open("p:cNvPicPr", &[]);
    x.empty("a:picLocks", &[("noChangeAspect", "1")]);
    x.close("p:cNvPicPr");
    x.empty("p:nvPr", &[]);
    x.close("p:nvPicPr");
    x.open("p:blipFill", &[]);
    x.open("a:blip", &[("r:embed", "rId2")]);
    x.open("a:extLst", &[]);
    x.open("a:ext", &[("uri", SVG_BLIP_EXT)]);
    x.empty("asvg:svgBlip", &[("xmlns:asvg", SVG_NS), ("r:embed", "rId3")]);
    x.close("a:ext");
    x.close("a:extLst");
    x.close("a:blip");
    x.open("a:stretch", &[]);
    x.empty("a:fillRect", &[]);
    x.close("a:stretch");
    x.close("p:blipFill");
    x.open("p:spPr", &[]);
    x.open("a:xfrm", &[]);
    x.empty("a:off", &[("x", "0"), ("y", "0")]);
    let (cx, cy) = (deck.size.0.to_string(), deck.size.1.to_string());
    x.empty("a:ext", &[("cx", &cx), ("cy", &cy)]);
    x.close("a:xfrm");
    x.open("a:prstGeom", &[("prst", "rect")]);
    x.empty("a:avLst", &[]);
    x.close("a:prstGeom");
    x.close("p:spPr");
    x.close("p:pic");
}

/// A theme part named `name`: Office's colours and fonts, which only the
/// title placeholder and the notes use (the slides are pictures). A fixed
/// text, no data in it.
pub(super) fn theme(name: &str) -> Vec<u8> {
    let mut x = Xml::new();
    x.open("a:theme", &[("xmlns:a", A), ("name", name)]);
    x.open("a:themeElements", &[]);
    x.open("a:clrScheme", &[("name", "Office")]);
    let sys = [("dk1", "windowText", "000000"), ("lt1", "window", "FFFFFF")];
    for (slot, val, last) in sys {
        x.open(&format!("a:{slot}"), &[]);
        x.empty("a:sysClr", &[("val", val), ("lastClr", last)]);
        x.close(&format!("a:{slot}"));
    }
    let colours = [
        ("dk2", "44546A"),
        ("lt2", "E7E6E6"),
        ("accent1", "4472C4"),
        ("accent2", "ED7D31"),
        ("accent3", "A5A5A5"),
        ("accent4", "FFC000"),
        ("accent5", "5B9BD5"),
        ("accent6", "70AD47"),
        ("hlink", "0563C1"),
        ("folHlink", "954F72"),
    ];
    for (slot, rgb) in colours {
        x.open(&format!("a:{slot}"), &[]);
        x.empty("a:srgbClr", &[("val", rgb)]);
        x.close(&format!("a:{slot}"));
    }
    x.close("a:clrScheme");
    x.open("a:fontScheme", &[("name", "Office")]);
    for (group, face) in [("a:majorFont", "Calibri Light"), ("a:minorFont", "Calibri")] {
        x.open(group, &[]);
        x.empty("a:latin", &[("typeface", face)]);
        x.empty("a:ea", &[("typeface", "")]);
        x.empty("a:cs", &[("typeface", "")]);
        x.close(group);
    }
    x.close("a:fontScheme");
    x.open("a:fmtScheme", &[("name", "Office")]);
    x.open("a:fillStyleLst", &[]);
    for _ in 0..3 {
        solid_phclr(&mut x);
    }
    x.close("a:fillStyleLst");
    x.open("a:lnStyleLst", &[]);
    for w in ["6350", "12700", "19050"] {
        x.open("a:ln", &[("w", w)]);
        solid_phclr(&mut x);
        x.close("a:ln");
    }
    x.close("a:lnStyleLst");
    x.open("a:effectStyleLst", &[]);
    for _ in 0..3 {
        x.open("a:effectStyle", &[]);
        x.empty("a:effectLst", &[]);
        x.close("a:effectStyle");
    }
    x.close("a:effectStyleLst");
    x.open("a:bgFillStyleLst", &[]);
    for _ in 0..3 {
        solid_phclr(&mut x);
    }
    x.close("a:bgFillStyleLst");
    x.close("a:fmtScheme");
    x.close("a:themeElements");
    x.close("a:theme");
    x.finish()
}

fn solid_phclr(x: &mut Xml) {
    x.open("a:solidFill", &[]);
    x.empty("a:schemeClr", &[("val", "phClr")]);
    x.close("a:solidFill");
}
