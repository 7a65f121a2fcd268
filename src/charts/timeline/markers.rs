//! Marker labels of a timeline: stacked on levels above the plot so that none overlaps
//! another and, where possible, no marker's line runs through another's label.

use super::super::geometry::Rect;
use super::super::{ChartError, Typo, Weight};

/// A marker label to place: its line's x and the label's width on one line, and on two
/// lines when it can be wrapped (the wider of the two halves).
#[derive(Debug, Clone, Copy)]
pub(super) struct MarkerLabel {
    /// The x of the marker's line, in px.
    pub(super) x: f64,
    /// The label's width on one line.
    pub(super) one_line: f64,
    /// The label's width on two lines (its wider line); `None` when it cannot be wrapped.
    pub(super) two_lines: Option<f64>,
}

/// Where a marker label went: its lowest level above the plot (0 = lowest), how many levels
/// its lines take, and its box (in level units up and down).
#[derive(Debug, Clone, Copy)]
pub(super) struct Placed {
    /// The x of the marker's line, in px.
    pub(super) x: f64,
    /// The lowest level the label takes.
    pub(super) level: usize,
    /// How many lines (and levels) the label takes.
    pub(super) lines: usize,
    /// The label's box: px across, levels up.
    pub(super) rect: Rect,
    /// Whether the label hangs left of its line (else it runs right of it).
    pub(super) left_anchored: bool,
}

impl Placed {
    /// The highest level the label takes.
    pub(super) fn top(&self) -> usize {
        self.level + self.lines - 1
    }

    /// Whether this marker's line runs through `label`: a line runs from its own label
    /// down to the plot, so it crosses every label lower than its own that spans its x.
    pub(super) fn line_crosses(&self, label: &Placed) -> bool {
        label.level < self.level && label.rect.spans_x(self.x, 2.0)
    }
}

/// How many times a marker line runs through another marker's label in a placement.
fn crossings(placed: &[Placed]) -> usize {
    placed.iter().map(|p| placed.iter().filter(|q| p.line_crosses(q)).count()).sum()
}

/// Stacks marker labels on levels above the plot so that no two labels overlap and, where
/// possible, no marker line crosses another marker's label. Long labels that cannot avoid a
/// crossing on one line are wrapped onto two when that avoids more crossings.
pub(super) fn place_markers(
    marks: &[MarkerLabel],
    bounds: (f64, f64),
    gap: f64,
    min_sep: f64,
) -> Vec<Placed> {
    let height = |p: &[Placed]| p.iter().map(|p| p.top() + 1).max().unwrap_or(0);
    let lefts = |p: &[Placed]| p.iter().filter(|p| p.left_anchored).count();
    let mut best: Option<((usize, usize, usize), Vec<Placed>)> = None;
    for wrap in [false, true] {
        if wrap && marks.iter().all(|m| m.two_lines.is_none()) {
            break;
        }
        let shape = |m: &MarkerLabel| match (wrap, m.two_lines) {
            (true, Some(w)) => (w, 2),
            _ => (m.one_line, 1),
        };
        // Labels that fit right of their line go first, right to left, each on the lowest
        // free level: that builds a staircase rising to the left with no line through a
        // label. Labels that must hang left of their line (at the right edge) come last,
        // above the lines they span. With few markers, every other order is tried as well,
        // since a label placed early can block a later one's only clear spot.
        let hangs_left = |i: usize| marks[i].x + gap + shape(&marks[i]).0 > bounds.1;
        let mut order: Vec<usize> = (0..marks.len()).collect();
        order.sort_by(|&a, &b| {
            hangs_left(a)
                .cmp(&hangs_left(b))
                .then(marks[b].x.total_cmp(&marks[a].x))
                .then(b.cmp(&a))
        });
        let mut orders = vec![order.clone()];
        if marks.len() <= 5 {
            let mut next = order.clone();
            next.sort_unstable();
            loop {
                if next != order {
                    orders.push(next.clone());
                }
                if !next_permutation(&mut next) {
                    break;
                }
            }
        }
        for order in &orders {
            let placed = place_in_order(marks, order, &shape, bounds, gap, min_sep);
            let cost = (crossings(&placed), height(&placed), lefts(&placed));
            if best.as_ref().is_none_or(|(c, _)| cost < *c) {
                best = Some((cost, placed));
            }
        }
        if best.as_ref().is_some_and(|((crossing, _, _), _)| *crossing == 0) {
            break;
        }
    }
    best.map(|(_, p)| p).unwrap_or_default()
}

/// Steps `v` to its next permutation in lexicographic order; `false` after the last.
fn next_permutation(v: &mut [usize]) -> bool {
    let Some(i) = (1..v.len()).rev().find(|&i| v[i - 1] < v[i]) else {
        return false;
    };
    let Some(j) = (i..v.len()).rev().find(|&j| v[j] > v[i - 1]) else {
        return false;
    };
    v.swap(i - 1, j);
    v[i..].reverse();
    true
}

/// One greedy pass of [`place_markers`]: labels in `order`, each in the spot with fewest
/// crossings, then right of its line, then lowest; `shape` gives a label's width and lines.
fn place_in_order(
    marks: &[MarkerLabel],
    order: &[usize],
    shape: &dyn Fn(&MarkerLabel) -> (f64, usize),
    bounds: (f64, f64),
    gap: f64,
    min_sep: f64,
) -> Vec<Placed> {
    let most_levels: usize = marks.iter().map(|m| shape(m).1).sum::<usize>() + 1;
    let mut placed: Vec<Option<Placed>> = vec![None; marks.len()];
    let mut done: Vec<Placed> = Vec::new();
    for &i in order {
        let x = marks[i].x;
        let (w, lines) = shape(&marks[i]);
        // Fewest line-label crossings first (lines get a gap there when drawn), then right of
        // the line, then the lowest level.
        let mut found: Option<((usize, bool, usize), Placed)> = None;
        for left in [false, true] {
            for level in 0..most_levels {
                let (y0, y1) = (level as f64, (level + lines) as f64 - 0.5);
                let rect = if left {
                    Rect::new(x - gap - w, y0, x - gap, y1)
                } else {
                    Rect::new(x + gap, y0, x + gap + w, y1)
                };
                if rect.x0 < bounds.0 || rect.x1 > bounds.1 {
                    continue;
                }
                let top = level + lines - 1;
                let overlap = done.iter().any(|p| {
                    p.level <= top
                        && level <= p.top()
                        && p.rect.x0 < rect.x1 + min_sep
                        && rect.x0 < p.rect.x1 + min_sep
                });
                if overlap {
                    continue;
                }
                let here = Placed { x, level, lines, rect, left_anchored: left };
                let crossings =
                    done.iter().filter(|p| here.line_crosses(p) || p.line_crosses(&here)).count();
                let cost = (crossings, left, level);
                if found.as_ref().is_none_or(|(c, _)| cost < *c) {
                    found = Some((cost, here));
                }
            }
        }
        let found = found.map(|(_, p)| p);
        // Labels wider than the whole chart still get a level of their own.
        let p = found.unwrap_or_else(|| {
            let level = done.iter().map(|p| p.top() + 1).max().unwrap_or(0);
            Placed {
                x,
                level,
                lines,
                rect: Rect::new(x + gap, level as f64, x + gap + w, (level + lines) as f64 - 0.5),
                left_anchored: false,
            }
        });
        done.push(p);
        placed[i] = Some(p);
    }
    placed.into_iter().flatten().collect()
}

/// A label broken at the space that leaves its two lines most nearly equal, with the
/// wider line's width; `None` for a label without a space.
pub(super) fn wrap_in_two(
    label: &str,
    size: f64,
) -> Result<Option<([String; 2], f64)>, ChartError> {
    let mut best: Option<([String; 2], f64)> = None;
    for (i, _) in label.match_indices(' ') {
        let (a, b) = (label[..i].trim_end(), label[i..].trim_start());
        if a.is_empty() || b.is_empty() {
            continue;
        }
        let w = Typo::width(a, size, Weight::Regular)?.max(Typo::width(b, size, Weight::Regular)?);
        if best.as_ref().is_none_or(|(_, bw)| w < *bw) {
            best = Some(([a.to_owned(), b.to_owned()], w));
        }
    }
    Ok(best)
}
