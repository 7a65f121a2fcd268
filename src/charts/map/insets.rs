//! Insets: a box at the frame's edge for each place outside the frame, with an arrow
//! pointing toward it.

use super::super::geometry::{Rect, Segment};
use super::super::{ChartError, Typo, Weight};
use super::MapInset;
use super::dots::Dots;
use super::frame::Frame;

/// A placed inset: its box, its arrow and its two lines of text.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct InsetBox<'a> {
    /// The box in px.
    pub(super) rect: Rect,
    /// The arrow's shaft, from its tail to the base of its head, in px.
    pub(super) shaft: Segment,
    /// The arrowhead: its tip, then its two back corners, in px.
    pub(super) head: [(f64, f64); 3],
    /// The place's name (strong) and where it is set (left-anchored, centred vertically).
    pub(super) label: (&'a str, (f64, f64)),
    /// The second line and where it is set; `None` for none.
    pub(super) text: Option<(&'a str, (f64, f64))>,
}

/// Where the ray from the frame's centre toward a place leaves the frame.
#[derive(Debug, Clone, Copy, PartialEq)]
struct EdgeHit {
    /// The ray's unit direction in px, y down.
    unit: (f64, f64),
    /// The point on the frame's edge.
    point: (f64, f64),
    /// Whether it leaves through the left or right side (else the top or bottom).
    on_side: bool,
}

/// Where the ray from the centre of `frame` toward `target` (px) leaves the frame.
fn edge_hit(frame: &Rect, target: (f64, f64)) -> EdgeHit {
    let (cx, cy) = frame.centre();
    let (tx, ty) = target;
    let (dx, dy) = (tx - cx, ty - cy);
    let len = dx.hypot(dy);
    let (ux, uy) = (dx / len, dy / len);
    let hit_x = if ux > 0.0 {
        (frame.x1 - cx) / ux
    } else if ux < 0.0 {
        (frame.x0 - cx) / ux
    } else {
        f64::INFINITY
    };
    let hit_y = if uy > 0.0 {
        (frame.y1 - cy) / uy
    } else if uy < 0.0 {
        (frame.y0 - cy) / uy
    } else {
        f64::INFINITY
    };
    let t = hit_x.min(hit_y);
    EdgeHit { unit: (ux, uy), point: (cx + ux * t, cy + uy * t), on_side: hit_x <= hit_y }
}

/// The first free spot for a `bw`×`bh` box inside the frame's edge (inset by `pad`), as its
/// top-left corner and box: where the ray leaves the frame, else slid along that edge clear of
/// dots and the boxes `taken`.
fn free_spot_on_edge(
    hit: &EdgeHit,
    (bw, bh): (f64, f64),
    frame: &Rect,
    taken: &[Rect],
    dots: &Dots,
    pad: f64,
) -> Option<(f64, f64, Rect)> {
    let ((ux, uy), (ex, ey)) = (hit.unit, hit.point);
    let inner = frame.grow(-pad);
    let clamp = |v: f64, lo: f64, hi: f64| if lo > hi { (lo + hi) / 2.0 } else { v.clamp(lo, hi) };
    // Where the ray leaves the frame, else slid along that edge clear of dots and other
    // insets.
    let on_side = hit.on_side;
    let (bx, by) = if on_side {
        let y0 = clamp(ey - bh / 2.0, inner.y0, inner.y1 - bh);
        (if ux < 0.0 { inner.x0 } else { inner.x1 - bw }, y0)
    } else {
        let x0 = clamp(ex - bw / 2.0, inner.x0, inner.x1 - bw);
        (x0, if uy < 0.0 { inner.y0 } else { inner.y1 - bh })
    };
    let step = if on_side { bh + pad } else { bw + pad };
    (0..12).find_map(|k| {
        let shift = f64::from((k + 1) / 2) * step * if k % 2 == 1 { -1.0 } else { 1.0 };
        let (x0, y0) = if on_side { (bx, by + shift) } else { (bx + shift, by) };
        let rect = Rect::new(x0, y0, x0 + bw, y0 + bh);
        let free = rect.inside(&inner.grow(0.5))
            && !taken.iter().any(|t| t.overlaps(&rect, pad * 0.5))
            && !dots.rects.iter().any(|d| d.overlaps(&rect, 2.0));
        free.then_some((x0, y0, rect))
    })
}

/// The shaft and head of an arrow from `tail` to `tip`: the head is 42 % of its length.
fn arrow_shape(((ax, ay), (bx, by)): Segment) -> (Segment, [(f64, f64); 3]) {
    let (ux, uy) = (bx - ax, by - ay);
    let l = ux.hypot(uy).max(1e-9);
    let (ux, uy) = (ux / l, uy / l);
    let head = l * 0.42;
    let (nx, ny) = (-uy, ux);
    let shaft = ((ax, ay), (bx - ux * head * 0.8, by - uy * head * 0.8));
    let head = [
        (bx, by),
        (bx - ux * head + nx * head * 0.55, by - uy * head + ny * head * 0.55),
        (bx - ux * head - nx * head * 0.55, by - uy * head - ny * head * 0.55),
    ];
    (shaft, head)
}

/// Insets for the places outside the frame, in input order: a box inside the frame edge,
/// where the ray from the centre toward the place leaves the frame, clear of the dots and of
/// one another; an inset with no free place is an error.
pub(super) fn place_insets<'a>(
    insets: &'a [MapInset],
    frame: &Frame,
    dots: &Dots,
    typo: &Typo,
    pad: f64,
) -> Result<Vec<InsetBox<'a>>, ChartError> {
    let mut placed: Vec<InsetBox<'a>> = Vec::new();
    for ins in insets.iter().filter(|i| !frame.contains(i.lon, i.lat)) {
        let hit = edge_hit(&frame.rect, frame.project(ins.lon, ins.lat));
        let (ux, uy) = hit.unit;
        let arrow_w = typo.text * 1.6;
        let lw = Typo::width(&ins.label, typo.text, Weight::Strong)?;
        let tw = Typo::width(&ins.text, typo.small, Weight::Regular)?;
        let bw = pad + arrow_w + pad * 0.75 + lw.max(tw) + pad;
        let mut bh = pad * 1.2 + typo.text * 1.2;
        if !ins.text.is_empty() {
            bh += typo.small * 1.25;
        }
        let taken: Vec<Rect> = placed.iter().map(|p| p.rect).collect();
        let Some((x0, y0, rect)) =
            free_spot_on_edge(&hit, (bw, bh), &frame.rect, &taken, dots, pad)
        else {
            return Err(ChartError::Layout(format!(
                "no free place at the frame edge for the inset {:?}",
                ins.label
            )));
        };
        let (ac, text_x) = if ux < 0.0 {
            ((x0 + pad + arrow_w / 2.0, y0 + bh / 2.0), x0 + pad + arrow_w + pad * 0.75)
        } else {
            ((x0 + bw - pad - arrow_w / 2.0, y0 + bh / 2.0), x0 + pad)
        };
        let reach = arrow_w / 2.0;
        let arrow =
            ((ac.0 - ux * reach, ac.1 - uy * reach), (ac.0 + ux * reach, ac.1 + uy * reach));
        let (shaft, head) = arrow_shape(arrow);
        let label_y = rect.y0 + pad * 0.6 + typo.text * 0.6;
        let text_y = label_y + (typo.text * 0.6 + typo.small * 0.65);
        let label = (ins.label.as_str(), (text_x, label_y));
        let text = (!ins.text.is_empty()).then_some((ins.text.as_str(), (text_x, text_y)));
        placed.push(InsetBox { rect, shaft, head, label, text });
    }
    Ok(placed)
}
