//! What laid-out slides show, read from their frames: the printed size of
//! the text inside chart images, the lines of text in a slide's body and
//! how far down its content reaches (decks.rs and handouts.rs check them).

use typst::layout::{Frame, FrameItem, Point, Transform};
use typst::visualize::ImageKind;

/// The slide's body runs from here to `BODY_BOTTOM` (templates/lib/slides.typ
/// `slide-top`, `slide-bottom`); above it the navigation, below the footer.
pub const BODY_TOP: f64 = 60.0;
/// See [`BODY_TOP`].
pub const BODY_BOTTOM: f64 = 474.0;

/// One SVG chart as placed: the smallest `font-size` of its text, in the
/// points it prints at (its px scaled by the placed width over the SVG's own).
pub fn chart_text_sizes(frame: &Frame) -> Vec<f64> {
    let mut out = Vec::new();
    walk(frame, Transform::identity(), &mut |ts, item| {
        if let FrameItem::Image(image, size, _) = item
            && let ImageKind::Svg(svg) = image.kind()
        {
            let text = String::from_utf8_lossy(svg.data());
            let width = svg_width(&text);
            let placed = size.x.to_pt() * ts.sx.get();
            if let Some(min) = font_sizes(&text).into_iter().reduce(f64::min) {
                out.push(min * placed / width);
            }
        }
    });
    out
}

/// The lines of text in a slide's body (between [`BODY_TOP`] and
/// [`BODY_BOTTOM`]), each its runs joined in reading order, and the lowest
/// point any text or image of the body reaches.
pub fn body_lines(frame: &Frame) -> (Vec<String>, f64) {
    let mut runs: Vec<(i64, f64, String)> = Vec::new();
    let mut bottom = BODY_TOP;
    walk(frame, Transform::identity(), &mut |ts, item| {
        let at = Point::zero().transform(ts);
        let (x, y) = (at.x.to_pt(), at.y.to_pt());
        if !(BODY_TOP..=BODY_BOTTOM + 8.0).contains(&y) {
            return;
        }
        match item {
            FrameItem::Text(t) => {
                runs.push(((y * 2.0).round() as i64, x, t.text.to_string()));
                bottom = bottom.max(y);
            }
            FrameItem::Image(_, size, _) => bottom = bottom.max(y + size.y.to_pt()),
            _ => {}
        }
    });
    runs.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
    let mut lines: Vec<(i64, String)> = Vec::new();
    for (y, _, text) in runs {
        match lines.last_mut() {
            Some((ly, line)) if *ly == y => line.push_str(&text),
            _ => lines.push((y, text)),
        }
    }
    (lines.into_iter().map(|(_, l)| l).collect(), bottom)
}

/// Calls `f` with every item of `frame` and the transform to the page.
fn walk(frame: &Frame, ts: Transform, f: &mut dyn FnMut(Transform, &FrameItem)) {
    for (pos, item) in frame.items() {
        let here = ts.pre_concat(Transform::translate(pos.x, pos.y));
        if let FrameItem::Group(g) = item {
            walk(&g.frame, here.pre_concat(g.transform), f);
        } else {
            f(here, item);
        }
    }
}

/// The `width` of an SVG's root element, in its own units.
fn svg_width(svg: &str) -> f64 {
    let root = &svg[svg.find("<svg").expect("an svg element")..];
    let root = &root[..root.find('>').expect("the svg tag ends")];
    attr(root, "width").expect("the svg has a width")
}

/// Every `font-size` in an SVG.
fn font_sizes(svg: &str) -> Vec<f64> {
    svg.match_indices("font-size=\"")
        .filter_map(|(i, m)| {
            let rest = &svg[i + m.len()..];
            rest[..rest.find('"')?].trim_end_matches("px").parse().ok()
        })
        .collect()
}

/// A numeric attribute of a tag.
fn attr(tag: &str, name: &str) -> Option<f64> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let rest = &tag[start..];
    rest[..rest.find('"')?].trim_end_matches("px").parse().ok()
}
