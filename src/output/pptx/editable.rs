//! Editable slides (`--pptx-editable`): the text boxes the deck template
//! describes with `#metadata(..) <briefing-edit>` (templates/lib/slides.typ,
//! `edit-box`), read from the typeset deck's introspector, and the slide's
//! picture without the text those boxes replace.
//!
//! The text is the template's strings from the plan's data, never read back
//! from the laid-out glyphs; the layout gives only where each box starts.

use typst::foundations::{Dict, Label, Selector, Value};
use typst::introspection::{Introspector, Location, MetadataElem, Tag};
use typst::layout::{Frame, FrameItem};
use typst_layout::{Page, PagedDocument};

/// One text box of an editable slide, in points from the slide's top left.
#[derive(Debug, Clone, PartialEq)]
pub struct TextBox {
    /// The slide's title (drawn as its title placeholder).
    pub title: bool,
    /// Where the first line's text starts (its capitals' top).
    pub x: f64,
    /// See `x`.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Where the box may reach down to, if it fills the slide's body.
    pub bottom: Option<f64>,
    /// Its paragraphs.
    pub paragraphs: Vec<Paragraph>,
}

/// A paragraph of a text box.
#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    /// Space from the previous paragraph's last baseline to this one's capitals.
    pub above: f64,
    /// Space from one line's baseline to the next line's capitals.
    pub leading: f64,
    /// A bullet character before it, and its colour (`#rrggbb`).
    pub bullet: Option<(String, String)>,
    /// Its runs.
    pub runs: Vec<Run>,
}

/// A run of text set one way.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// The words.
    pub text: String,
    /// Size in points.
    pub size: f64,
    /// Colour, `#rrggbb`.
    pub fill: String,
    /// `regular`, `semibold` or `bold`.
    pub weight: String,
    /// Italic.
    pub italic: bool,
    /// Shown in capitals.
    pub upper: bool,
    /// Font family.
    pub font: String,
    /// Letter spacing in points.
    pub tracking: f64,
    /// Set as a superscript.
    pub superscript: bool,
}

/// What a slide's picture leaves out under its text boxes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strip {
    /// The whole text area of the slide (head and body).
    All,
    /// Only the text in it: tiles, bars and rules stay in the picture.
    Text,
}

/// The editable part of one slide.
#[derive(Debug, Clone)]
pub struct EditableSlide {
    /// Its text boxes, in the order the template set them.
    pub boxes: Vec<TextBox>,
    /// What its picture leaves out.
    pub strip: Strip,
    /// Where the boxes stand in the page's frames.
    locations: Vec<Location>,
}

/// Each page's editable part, `None` for a slide that stays a picture (no
/// box of it says what to strip: charts, maps, tables).
pub fn editable_slides(document: &PagedDocument) -> Vec<Option<EditableSlide>> {
    let pages = document.pages().len();
    let mut found: Vec<(Vec<TextBox>, Vec<Location>, Option<Strip>)> =
        vec![(Vec::new(), Vec::new(), None); pages];
    let Some(label) = Label::new(typst::utils::PicoStr::intern("briefing-edit")) else {
        return vec![None; pages];
    };
    let introspector = document.introspector();
    for content in introspector.query(&Selector::Label(label)) {
        let (Some(meta), Some(loc)) = (content.to_packed::<MetadataElem>(), content.location())
        else {
            continue;
        };
        let Some(at) = introspector.position(loc) else { continue };
        let Value::Dict(dict) = &meta.value else { continue };
        let Some(slot) = found.get_mut(at.page.get() - 1) else { continue };
        let strip = match str_of(dict, "strip").as_str() {
            "all" => Some(Strip::All),
            "text" => Some(Strip::Text),
            _ => None,
        };
        slot.2 = match (slot.2, strip) {
            (Some(Strip::All), _) | (_, Some(Strip::All)) => Some(Strip::All),
            (a, b) => a.or(b),
        };
        slot.0.push(text_box(dict, at.point.x.to_pt(), at.point.y.to_pt()));
        slot.1.push(loc);
    }
    found
        .into_iter()
        .map(|(boxes, locations, strip)| {
            strip.map(|strip| EditableSlide { boxes, strip, locations })
        })
        .collect()
}

fn text_box(dict: &Dict, x: f64, y: f64) -> TextBox {
    let paragraphs = array_of(dict, "pars")
        .iter()
        .filter_map(|p| match p {
            Value::Dict(p) => Some(paragraph(p)),
            _ => None,
        })
        .filter(|p| !p.runs.is_empty())
        .collect();
    TextBox {
        title: str_of(dict, "role") == "title",
        x,
        y,
        width: num_of(dict, "width"),
        bottom: dict.get("bottom").ok().and_then(number),
        paragraphs,
    }
}

fn paragraph(dict: &Dict) -> Paragraph {
    let bullet = match dict.get("bullet") {
        Ok(Value::Str(b)) if !b.is_empty() => Some((b.to_string(), str_of(dict, "bullet-fill"))),
        _ => None,
    };
    let runs = array_of(dict, "runs")
        .iter()
        .filter_map(|r| match r {
            Value::Dict(r) => Some(Run {
                text: str_of(r, "text"),
                size: num_of(r, "size"),
                fill: str_of(r, "fill"),
                weight: str_of(r, "weight"),
                italic: matches!(r.get("italic"), Ok(Value::Bool(true))),
                upper: matches!(r.get("upper"), Ok(Value::Bool(true))),
                font: str_of(r, "font"),
                tracking: num_of(r, "tracking"),
                superscript: matches!(r.get("superscript"), Ok(Value::Bool(true))),
            }),
            _ => None,
        })
        .filter(|r| !r.text.is_empty())
        .collect();
    Paragraph { above: num_of(dict, "above"), leading: num_of(dict, "leading"), bullet, runs }
}

fn str_of(dict: &Dict, key: &str) -> String {
    match dict.get(key) {
        Ok(Value::Str(s)) => s.to_string(),
        _ => String::new(),
    }
}

fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Float(f) => Some(*f),
        Value::Int(i) => Some(*i as f64),
        _ => None,
    }
}

fn num_of(dict: &Dict, key: &str) -> f64 {
    dict.get(key).ok().and_then(number).unwrap_or(0.0)
}

fn array_of(dict: &Dict, key: &str) -> Vec<Value> {
    match dict.get(key) {
        Ok(Value::Array(a)) => a.iter().cloned().collect(),
        _ => Vec::new(),
    }
}

/// `page` without the text that `slide`'s boxes replace: the clipped area
/// the boxes stand in (the slide's head and body, or the title slide's
/// text) loses its text, or everything in it.
pub fn picture_page(page: &Page, slide: &EditableSlide) -> Page {
    let mut page = page.clone();
    strip_frame(&mut page.frame, &slide.locations, slide.strip);
    page
}

/// Strips the outermost clipped groups of `frame` holding one of `tags`.
fn strip_frame(frame: &mut Frame, tags: &[Location], strip: Strip) {
    frame.retain(|item| {
        let FrameItem::Group(group) = item else { return true };
        if group.clip.is_some() && holds_tag(&group.frame, tags) {
            match strip {
                Strip::All => return false,
                Strip::Text => remove_text(&mut group.frame),
            }
        } else {
            strip_frame(&mut group.frame, tags, strip);
        }
        true
    });
}

fn holds_tag(frame: &Frame, tags: &[Location]) -> bool {
    frame.items().any(|(_, item)| match item {
        FrameItem::Tag(Tag::Start(content, _)) => {
            content.location().is_some_and(|l| tags.contains(&l))
        }
        FrameItem::Group(g) => holds_tag(&g.frame, tags),
        _ => false,
    })
}

fn remove_text(frame: &mut Frame) {
    frame.retain(|item| match item {
        FrameItem::Text(_) => false,
        FrameItem::Group(g) => {
            remove_text(&mut g.frame);
            true
        }
        _ => true,
    });
}
