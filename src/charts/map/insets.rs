//! Insets: a box at the frame's edge for each place outside the frame, with an arrow
//! pointing toward it.

use super::super::geometry::{Rect, Segment};
use super::super::{ChartError, Typo, Weight};
use super::MapInset;
use super::dots::Dots;
use super::frame::Frame;
use super::key::{Key, KeyMark};

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
    /// The names of the places that share the inset, one a line under the first.
    pub(super) others: Vec<(&'a str, (f64, f64))>,
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
pub(super) fn arrow_shape(((ax, ay), (bx, by)): Segment) -> (Segment, [(f64, f64); 3]) {
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

/// Places outside the frame that share one inset: near one another (their arrows within a
/// few degrees) and with the same second line, e.g. a nation's home bases.
fn groups<'a>(insets: &'a [MapInset], frame: &Frame) -> Vec<Vec<&'a MapInset>> {
    let mut groups: Vec<(f64, Vec<&MapInset>)> = Vec::new();
    for ins in insets.iter().filter(|i| !frame.contains(i.lon, i.lat)) {
        let (ux, uy) = edge_hit(&frame.rect, frame.project(ins.lon, ins.lat)).unit;
        let angle = uy.atan2(ux);
        let near = |a: f64| {
            let d = (a - angle).abs();
            d.min(std::f64::consts::TAU - d) < 6f64.to_radians()
        };
        match groups.iter_mut().find(|(a, g)| near(*a) && g[0].text == ins.text) {
            Some((_, g)) => g.push(ins),
            None => groups.push((angle, vec![ins])),
        }
    }
    groups.into_iter().map(|(_, g)| g).collect()
}

/// An inset box for `names` (strong, one a line) and `text` (empty for none) whose arrow points
/// toward `target`, at the first free spot on the frame's edge; `None` without one.
#[allow(clippy::too_many_arguments)]
fn inset_box<'a>(
    names: &[&'a str],
    text: &'a str,
    target: (f64, f64),
    frame: &Frame,
    taken: &[Rect],
    dots: &Dots,
    typo: &Typo,
    pad: f64,
) -> Result<Option<InsetBox<'a>>, ChartError> {
    let hit = edge_hit(&frame.rect, target);
    let (ux, uy) = hit.unit;
    let arrow_w = typo.text * 1.6;
    let mut lw: f64 = 0.0;
    for n in names {
        lw = lw.max(Typo::width(n, typo.text, Weight::Strong)?);
    }
    let tw = Typo::width(text, typo.small, Weight::Regular)?;
    let bw = pad + arrow_w + pad * 0.75 + lw.max(tw) + pad;
    let line = typo.text * 1.2;
    let mut bh = pad * 1.2 + line * names.len() as f64;
    if !text.is_empty() {
        bh += typo.small * 1.25;
    }
    let Some((x0, y0, rect)) = free_spot_on_edge(&hit, (bw, bh), &frame.rect, taken, dots, pad)
    else {
        return Ok(None);
    };
    let (ac, text_x) = if ux < 0.0 {
        ((x0 + pad + arrow_w / 2.0, y0 + bh / 2.0), x0 + pad + arrow_w + pad * 0.75)
    } else {
        ((x0 + bw - pad - arrow_w / 2.0, y0 + bh / 2.0), x0 + pad)
    };
    let reach = arrow_w / 2.0;
    let arrow = ((ac.0 - ux * reach, ac.1 - uy * reach), (ac.0 + ux * reach, ac.1 + uy * reach));
    let (shaft, head) = arrow_shape(arrow);
    let label_y = rect.y0 + pad * 0.6 + typo.text * 0.6;
    let mut lines =
        names.iter().enumerate().map(|(k, n)| (*n, (text_x, label_y + k as f64 * line)));
    let Some(label) = lines.next() else { return Ok(None) };
    let others: Vec<_> = lines.collect();
    let last_y = label_y + others.len() as f64 * line;
    let text_y = last_y + (typo.text * 0.6 + typo.small * 0.65);
    let text = (!text.is_empty()).then_some((text, (text_x, text_y)));
    Ok(Some(InsetBox { rect, shaft, head, label, others, text }))
}

/// Insets for the places outside the frame, in input order, near places of one country
/// sharing one: a box inside the frame edge, where the ray from the centre toward the place
/// leaves the frame, clear of the dots and of one another; slid along the edge when that spot
/// is taken. An inset with no room loses its second line; then its places go into the key,
/// each as an arrow toward it and its name; then each gets an inset of its short name alone.
/// The names of the places none of this could show are returned apart.
pub(super) fn place_insets<'a>(
    insets: &'a [MapInset],
    frame: &Frame,
    dots: &Dots,
    typo: &Typo,
    pad: f64,
    key: &mut Key,
) -> Result<(Vec<InsetBox<'a>>, Vec<&'a str>), ChartError> {
    let mut placed: Vec<InsetBox<'a>> = Vec::new();
    let mut omitted = Vec::new();
    for group in groups(insets, frame) {
        let target = frame.project(group[0].lon, group[0].lat);
        let names: Vec<&str> = group.iter().map(|i| i.label.as_str()).collect();
        let taken: Vec<Rect> = placed.iter().map(|p| p.rect).collect();
        let text = group[0].text.as_str();
        let mut b = inset_box(&names, text, target, frame, &taken, dots, typo, pad)?;
        if b.is_none() && !text.is_empty() {
            b = inset_box(&names, "", target, frame, &taken, dots, typo, pad)?;
        }
        if let Some(b) = b {
            placed.push(b);
            continue;
        }
        for ins in group {
            let unit = edge_hit(&frame.rect, frame.project(ins.lon, ins.lat)).unit;
            let entry = if ins.text.is_empty() {
                ins.label.clone()
            } else {
                format!("{} ({})", ins.label, ins.text)
            };
            if key.add(KeyMark::Arrow(unit), &entry)? {
                continue;
            }
            let taken: Vec<Rect> = placed.iter().map(|p| p.rect).collect();
            let at = frame.project(ins.lon, ins.lat);
            let short = match &ins.short_label {
                Some(s) => inset_box(&[s.as_str()], "", at, frame, &taken, dots, typo, pad)?,
                None => None,
            };
            match short {
                Some(b) => placed.push(b),
                None => omitted.push(ins.label.as_str()),
            }
        }
    }
    Ok((placed, omitted))
}
