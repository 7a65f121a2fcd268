//! Plain geometry for layout: boxes, text anchors, clipping, hatching, centroids.

use plotters::style::text_anchor::HPos;

/// An axis-aligned box in px, y down.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rect {
    pub(crate) x0: f64,
    pub(crate) y0: f64,
    pub(crate) x1: f64,
    pub(crate) y1: f64,
}

impl Rect {
    /// The box `[x0, x1] × [y0, y1]`, whatever order the corners come in.
    pub(crate) fn new(x0: f64, y0: f64, x1: f64, y1: f64) -> Rect {
        Rect { x0: x0.min(x1), y0: y0.min(y1), x1: x0.max(x1), y1: y0.max(y1) }
    }

    /// Whether the boxes come closer than `gap` px (touching counts as overlap at `gap > 0`).
    pub(crate) fn overlaps(&self, o: &Rect, gap: f64) -> bool {
        self.x0 < o.x1 + gap && o.x0 < self.x1 + gap && self.y0 < o.y1 + gap && o.y0 < self.y1 + gap
    }

    /// Whether `x` lies within the box's horizontal extent widened by `gap`.
    pub(crate) fn spans_x(&self, x: f64, gap: f64) -> bool {
        x > self.x0 - gap && x < self.x1 + gap
    }

    /// Whether the box lies wholly inside `o`.
    pub(crate) fn inside(&self, o: &Rect) -> bool {
        self.x0 >= o.x0 && self.x1 <= o.x1 && self.y0 >= o.y0 && self.y1 <= o.y1
    }

    /// The box grown by `d` on every side.
    pub(crate) fn grow(&self, d: f64) -> Rect {
        Rect { x0: self.x0 - d, y0: self.y0 - d, x1: self.x1 + d, y1: self.y1 + d }
    }

    /// Centre point.
    pub(crate) fn centre(&self) -> (f64, f64) {
        ((self.x0 + self.x1) / 2.0, (self.y0 + self.y1) / 2.0)
    }
}

/// A line segment from one point (px) to another.
pub(crate) type Segment = ((f64, f64), (f64, f64));

/// Where a line of text is anchored across: its left end, its centre or its right end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Anchor {
    /// The text runs right from the anchor point.
    Left,
    /// The text is centred on the anchor point.
    Centre,
    /// The text runs left up to the anchor point.
    Right,
}

impl Anchor {
    /// The plotters anchor that sets text this way.
    pub(crate) fn hpos(self) -> HPos {
        match self {
            Anchor::Left => HPos::Left,
            Anchor::Centre => HPos::Center,
            Anchor::Right => HPos::Right,
        }
    }
}

/// Clips a closed ring to the box `[x0, x1] × [y0, y1]` (Sutherland–Hodgman).
pub(crate) fn clip_ring(
    ring: &[(f64, f64)],
    x0: f64,
    x1: f64,
    y0: f64,
    y1: f64,
) -> Vec<(f64, f64)> {
    type Inside = fn(f64, f64, f64) -> bool;
    let edges: [(usize, f64, Inside); 4] = [
        (0, x0, |v, e, _| v >= e),
        (0, x1, |v, e, _| v <= e),
        (1, y0, |v, e, _| v >= e),
        (1, y1, |v, e, _| v <= e),
    ];
    let mut out: Vec<(f64, f64)> = ring.to_vec();
    if out.len() > 1 && out.first() == out.last() {
        out.pop();
    }
    for (axis, e, inside) in edges {
        if out.is_empty() {
            break;
        }
        let input = std::mem::take(&mut out);
        let coord = |p: (f64, f64)| if axis == 0 { p.0 } else { p.1 };
        let cut = |a: (f64, f64), b: (f64, f64)| {
            let t = (e - coord(a)) / (coord(b) - coord(a));
            let p = (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
            if axis == 0 { (e, p.1) } else { (p.0, e) }
        };
        for i in 0..input.len() {
            let cur = input[i];
            let prev = input[(i + input.len() - 1) % input.len()];
            let (ci, pi) = (inside(coord(cur), e, 0.0), inside(coord(prev), e, 0.0));
            if ci {
                if !pi {
                    out.push(cut(prev, cur));
                }
                out.push(cur);
            } else if pi {
                out.push(cut(prev, cur));
            }
        }
    }
    if out.len() < 3 { Vec::new() } else { out }
}

/// Signed area (shoelace) of a ring.
pub(crate) fn ring_area(ring: &[(f64, f64)]) -> f64 {
    let n = ring.len();
    (0..n)
        .map(|i| {
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            a.0 * b.1 - b.0 * a.1
        })
        .sum::<f64>()
        / 2.0
}

/// Area-weighted centroid of a ring, or its vertex mean when it has no area.
pub(crate) fn ring_centroid(ring: &[(f64, f64)]) -> Option<(f64, f64)> {
    let n = ring.len();
    if n == 0 {
        return None;
    }
    let a = ring_area(ring);
    if a.abs() < 1e-12 {
        let (sx, sy) = ring.iter().fold((0.0, 0.0), |s, p| (s.0 + p.0, s.1 + p.1));
        return Some((sx / n as f64, sy / n as f64));
    }
    let (mut cx, mut cy) = (0.0, 0.0);
    for i in 0..n {
        let (p, q) = (ring[i], ring[(i + 1) % n]);
        let cross = p.0 * q.1 - q.0 * p.1;
        cx += (p.0 + q.0) * cross;
        cy += (p.1 + q.1) * cross;
    }
    Some((cx / (6.0 * a), cy / (6.0 * a)))
}

/// Segments of 45° hatch lines (rising to the right on screen) inside a polygon in px, lines
/// `spacing` px apart on a grid anchored at the origin so neighbouring shapes line up.
pub(crate) fn hatch(poly: &[(f64, f64)], spacing: f64) -> Vec<((f64, f64), (f64, f64))> {
    let n = poly.len();
    if n < 3 || spacing <= 0.0 {
        return Vec::new();
    }
    // Lines are x + y = c; along a line, v = x - y orders the crossings.
    let step = spacing * std::f64::consts::SQRT_2;
    let us: Vec<f64> = poly.iter().map(|p| p.0 + p.1).collect();
    let umin = us.iter().copied().fold(f64::INFINITY, f64::min);
    let umax = us.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut segs = Vec::new();
    let mut k = (umin / step).ceil();
    while k * step <= umax {
        let c = k * step;
        let mut vs: Vec<f64> = Vec::new();
        for i in 0..n {
            let (a, b) = (poly[i], poly[(i + 1) % n]);
            let (ua, ub) = (us[i], us[(i + 1) % n]);
            if (ua <= c) != (ub <= c) {
                let t = (c - ua) / (ub - ua);
                let (x, y) = (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
                vs.push(x - y);
            }
        }
        vs.sort_by(f64::total_cmp);
        for pair in vs.chunks_exact(2) {
            let p = ((c + pair[0]) / 2.0, (c - pair[0]) / 2.0);
            let q = ((c + pair[1]) / 2.0, (c - pair[1]) / 2.0);
            segs.push((p, q));
        }
        k += 1.0;
    }
    segs
}

/// Whether a point lies inside a ring (even-odd rule).
pub(crate) fn point_in_ring(p: (f64, f64), ring: &[(f64, f64)]) -> bool {
    let n = ring.len();
    let mut inside = false;
    for i in 0..n {
        let (a, b) = (ring[i], ring[(i + 1) % n]);
        if (a.1 > p.1) != (b.1 > p.1) {
            let x = a.0 + (p.1 - a.1) / (b.1 - a.1) * (b.0 - a.0);
            if p.0 < x {
                inside = !inside;
            }
        }
    }
    inside
}

/// Whether a segment passes through a box grown by `gap` px (Liang–Barsky clipping).
pub(crate) fn segment_hits_rect(((ax, ay), (bx, by)): Segment, rect: &Rect, gap: f64) -> bool {
    let r = rect.grow(gap);
    let (dx, dy) = (bx - ax, by - ay);
    let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
    for (p, q) in [(-dx, ax - r.x0), (dx, r.x1 - ax), (-dy, ay - r.y0), (dy, r.y1 - ay)] {
        if p == 0.0 {
            if q < 0.0 {
                return false;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
            if t0 > t1 {
                return false;
            }
        }
    }
    true
}
