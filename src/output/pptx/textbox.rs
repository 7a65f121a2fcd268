//! The text boxes of an editable slide as DrawingML shapes: the title as
//! the slide's title placeholder, the rest as text boxes, each paragraph and
//! run in the deck's faces, sizes and colours, placed where the PDF slide
//! has them.

use super::EMU_PER_PT;
use super::editable::{Paragraph, Run, TextBox};
use super::xml::Xml;

/// Inter's capital height, descender and ascender, in em: Typst sets a
/// first line's capitals at the top of its block, PowerPoint a line's
/// ascender, so a box starts higher than its text (see `first_offset`).
const CAP_HEIGHT: f64 = 0.727;
const DESCENDER: f64 = 0.242;
const ASCENDER: f64 = 0.969;
/// The share of the text size a character takes on average, for the lines
/// a paragraph takes.
const AVERAGE_ADVANCE: f64 = 0.52;

fn emu(pt: f64) -> String {
    ((pt * EMU_PER_PT).round() as i64).to_string()
}

/// The largest size in `p`.
fn size_of(p: &Paragraph) -> f64 {
    p.runs.iter().map(|r| r.size).fold(0.0, f64::max)
}

/// About how many lines `p` takes in a box `width` wide.
fn lines_of(p: &Paragraph, width: f64) -> f64 {
    let advance: f64 = p.runs.iter().map(|r| r.text.chars().count() as f64 * r.size).sum();
    (advance * AVERAGE_ADVANCE / width.max(1.0)).ceil().max(1.0)
}

/// Whether `p` keeps the face's own line height: a box's first paragraph
/// that stands on one line (a title, a number), whose line PowerPoint and
/// LibreOffice would place differently at a pitch smaller than the face's.
/// Later paragraphs have Typst's pitch, which also brings a large number
/// close under its qualifier.
fn natural(p: &Paragraph, first: bool, width: f64) -> bool {
    first && lines_of(p, width) <= 1.0
}

/// How far below its line's top `p`'s first capitals stand: a natural
/// line's ascender less the capitals; a line of exact pitch has its
/// baseline a descender above its foot.
fn first_offset(p: &Paragraph, natural: bool) -> f64 {
    let size = size_of(p);
    if natural { (ASCENDER - CAP_HEIGHT) * size } else { p.leading - DESCENDER * size }
}

/// How tall `b` is: down to its bottom, or as its lines need.
fn height_of(b: &TextBox) -> f64 {
    if let Some(bottom) = b.bottom {
        return (bottom - b.y).max(1.0);
    }
    b.paragraphs
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let size = size_of(p);
            let above = if i == 0 { 0.0 } else { p.above };
            above + lines_of(p, b.width) * (CAP_HEIGHT * size + p.leading) + DESCENDER * size
        })
        .sum()
}

/// Writes text box `b` as shape `id` in `lang`, as the slide's title
/// placeholder if `title`.
pub(super) fn shape(x: &mut Xml, b: &TextBox, id: usize, title: bool, lang: &str) {
    let top =
        b.paragraphs.first().map_or(b.y, |p| b.y - first_offset(p, natural(p, true, b.width)));
    let id_text = id.to_string();
    let name = if title { format!("Title {id}") } else { format!("Text {id}") };
    x.open("p:sp", &[]);
    x.open("p:nvSpPr", &[]);
    x.empty("p:cNvPr", &[("id", &id_text), ("name", &name)]);
    if title {
        x.open("p:cNvSpPr", &[]);
        x.empty("a:spLocks", &[("noGrp", "1")]);
        x.close("p:cNvSpPr");
        x.open("p:nvPr", &[]);
        x.empty("p:ph", &[("type", "title")]);
        x.close("p:nvPr");
    } else {
        x.empty("p:cNvSpPr", &[("txBox", "1")]);
        x.empty("p:nvPr", &[]);
    }
    x.close("p:nvSpPr");
    x.open("p:spPr", &[]);
    x.open("a:xfrm", &[]);
    let (ox, oy) = (emu(b.x), emu(top));
    x.empty("a:off", &[("x", &ox), ("y", &oy)]);
    // A line (title, figure) a little wider than Typst's measure: another
    // renderer's spacing of the same face must not break it; a body's
    // paragraphs keep their measure.
    let slack = if b.bottom.is_some() { 1.0 } else { 1.02 };
    let (cx, cy) = (emu(b.width * slack), emu(height_of(b) + (b.y - top)));
    x.empty("a:ext", &[("cx", &cx), ("cy", &cy)]);
    x.close("a:xfrm");
    x.open("a:prstGeom", &[("prst", "rect")]);
    x.empty("a:avLst", &[]);
    x.close("a:prstGeom");
    x.empty("a:noFill", &[]);
    x.close("p:spPr");
    x.open("p:txBody", &[]);
    x.open(
        "a:bodyPr",
        &[
            ("wrap", "square"),
            ("lIns", "0"),
            ("tIns", "0"),
            ("rIns", "0"),
            ("bIns", "0"),
            ("anchor", "t"),
        ],
    );
    // A body box shrinks its text when an edit makes it longer than the
    // room the slide has; the others grow with their text.
    x.empty(if b.bottom.is_some() { "a:normAutofit" } else { "a:spAutoFit" }, &[]);
    x.close("a:bodyPr");
    x.empty("a:lstStyle", &[]);
    let mut previous = None;
    for p in &b.paragraphs {
        paragraph(x, p, natural(p, previous.is_none(), b.width), previous, lang);
        previous = Some(size_of(p));
    }
    x.close("p:txBody");
    x.close("p:sp");
}

/// Paragraph `p`, of the face's own line height if `natural`, after one
/// whose largest text is `previous` points.
fn paragraph(x: &mut Xml, p: &Paragraph, natural: bool, previous: Option<f64>, lang: &str) {
    let size = size_of(p);
    // The bullet's column: the marker's and the gap's (templates/lib/slides.typ, `lines-body`).
    let indent = 1.35 * size / 1.05;
    let (mar_l, ind) = (emu(indent), emu(-indent));
    let mut attrs: Vec<(&str, &str)> = Vec::new();
    if p.bullet.is_some() {
        attrs.push(("marL", &mar_l));
        attrs.push(("indent", &ind));
    }
    x.open("a:p", &[]);
    x.open("a:pPr", &attrs);
    // Line pitch as Typst's: capitals plus leading, exactly.
    if !natural {
        let pitch = (((CAP_HEIGHT * size + p.leading) * 100.0).round() as i64).to_string();
        x.open("a:lnSpc", &[]);
        x.empty("a:spcPts", &[("val", &pitch)]);
        x.close("a:lnSpc");
    }
    // Typst's `above` runs from the last baseline to these capitals; a
    // PowerPoint paragraph starts under the last line's descender.
    let before = previous
        .map_or(0.0, |prev| (p.above - DESCENDER * prev - first_offset(p, natural)).max(0.0));
    let before = ((before * 100.0).round() as i64).to_string();
    x.open("a:spcBef", &[]);
    x.empty("a:spcPts", &[("val", &before)]);
    x.close("a:spcBef");
    match &p.bullet {
        Some((char, fill)) => {
            x.open("a:buClr", &[]);
            x.empty("a:srgbClr", &[("val", &rgb(fill))]);
            x.close("a:buClr");
            x.empty("a:buFontTx", &[]);
            x.empty("a:buChar", &[("char", char)]);
        }
        None => x.empty("a:buNone", &[]),
    }
    x.close("a:pPr");
    for r in &p.runs {
        run(x, r, lang);
    }
    x.close("a:p");
}

fn run(x: &mut Xml, r: &Run, lang: &str) {
    let sz = ((r.size * 100.0).round() as i64).to_string();
    let spc = ((r.tracking * 100.0).round() as i64).to_string();
    let mut attrs: Vec<(&str, &str)> = vec![("lang", lang), ("sz", &sz)];
    // Office has bold and not bold: the semibold face is a family of its own.
    attrs.push(("b", if r.weight == "bold" { "1" } else { "0" }));
    attrs.push(("i", if r.italic { "1" } else { "0" }));
    if r.upper {
        attrs.push(("cap", "all"));
    }
    if r.tracking != 0.0 {
        attrs.push(("spc", &spc));
    }
    if r.superscript {
        attrs.push(("baseline", "30000"));
    }
    let face =
        if r.weight == "semibold" { format!("{} Semi Bold", r.font) } else { r.font.clone() };
    x.open("a:r", &[]);
    x.open("a:rPr", &attrs);
    x.open("a:solidFill", &[]);
    x.empty("a:srgbClr", &[("val", &rgb(&r.fill))]);
    x.close("a:solidFill");
    x.empty("a:latin", &[("typeface", &face)]);
    x.empty("a:cs", &[("typeface", &face)]);
    x.close("a:rPr");
    x.leaf("a:t", &[], &r.text);
    x.close("a:r");
}

/// `#1a2b3c` as DrawingML writes it: `1A2B3C` (black for anything else).
fn rgb(hex: &str) -> String {
    let digits = hex.trim_start_matches('#');
    if digits.len() >= 6 && digits.chars().take(6).all(|c| c.is_ascii_hexdigit()) {
        digits[..6].to_ascii_uppercase()
    } else {
        "000000".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, size: f64) -> Run {
        Run {
            text: text.to_owned(),
            size,
            fill: "#0b2545".to_owned(),
            weight: "semibold".to_owned(),
            italic: false,
            upper: false,
            font: "Inter".to_owned(),
            tracking: 0.0,
            superscript: false,
        }
    }

    fn para(runs: Vec<Run>, above: f64, leading: f64) -> Paragraph {
        Paragraph { above, leading, bullet: None, runs }
    }

    #[test]
    fn a_title_is_the_placeholder_and_its_text_escaped() {
        let b = TextBox {
            title: true,
            x: 44.0,
            y: 60.0,
            width: 872.0,
            bottom: None,
            paragraphs: vec![para(vec![run("<Key> & figures", 32.0)], 0.0, 7.0)],
        };
        let mut x = Xml::new();
        shape(&mut x, &b, 2, true, "en");
        let xml = String::from_utf8(x.finish()).unwrap_or_default();
        assert!(xml.contains(r#"<p:ph type="title"/>"#), "{xml}");
        assert!(xml.contains("<a:t>&lt;Key&gt; &amp; figures</a:t>"), "{xml}");
        // Semibold is a family of its own; the colour in DrawingML's digits.
        assert!(xml.contains(r#"typeface="Inter Semi Bold""#), "{xml}");
        assert!(xml.contains(r#"<a:srgbClr val="0B2545"/>"#), "{xml}");
        // One line keeps the face's line height and starts its ascender
        // above the capitals: 0.242 em of 32 pt, 7.744 pt, 98 349 EMU higher.
        assert!(!xml.contains("a:lnSpc"), "{xml}");
        assert!(xml.contains(r#"<a:off x="558800" y="663651"/>"#), "{xml}");
        assert!(xml.contains("<a:spAutoFit/>"), "{xml}");
    }

    #[test]
    fn a_body_has_the_line_pitch_and_paragraph_spacing_of_typst() {
        let long = "word ".repeat(60);
        let b = TextBox {
            title: false,
            x: 44.0,
            y: 120.0,
            width: 660.0,
            bottom: Some(474.0),
            paragraphs: vec![
                para(vec![run(&long, 20.0)], 0.0, 11.0),
                para(vec![run(&long, 20.0)], 17.0, 11.0),
            ],
        };
        let mut x = Xml::new();
        shape(&mut x, &b, 4, false, "en");
        let xml = String::from_utf8(x.finish()).unwrap_or_default();
        assert!(xml.contains(r#"<p:cNvSpPr txBox="1"/>"#), "{xml}");
        // Pitch: capitals (0.727 × 20) plus the leading, 25.54 pt.
        assert!(xml.contains(r#"<a:spcPts val="2554"/>"#), "{xml}");
        // Before the second: 17 pt from the last baseline, less the first's
        // descender (4.84) and the second's capitals' drop in its line
        // (leading less a descender, 6.16): 6 pt.
        assert!(xml.contains(r#"<a:spcPts val="600"/>"#), "{xml}");
        // Down to the slide's foot, shrinking its text if an edit overflows it.
        assert!(xml.contains("<a:normAutofit/>"), "{xml}");
    }

    #[test]
    fn colours_are_six_upper_case_digits() {
        assert_eq!(rgb("#1a2b3c"), "1A2B3C");
        assert_eq!(rgb("#1a2b3cff"), "1A2B3C");
        assert_eq!(rgb("navy"), "000000");
    }
}
