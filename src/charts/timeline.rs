//! Timeline: one bar per row between fractional years, with key-event markers.

use plotters::prelude::{
    ChartBuilder, IntoDrawingArea, LabelAreaPosition, PathElement, Polygon, Rectangle, SVGBackend,
};
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{Color, ShapeStyle};

use super::geometry::Rect;
use super::{ChartError, ChartTheme, TickAxis, Typo, Weight, finish_svg, px, too_short};

/// One row of a [`TimelineChart`]: something that ran from `start` to `end`.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineRow {
    /// Name written left of the row (e.g. "Šiauliai · rotation 12").
    pub label: String,
    /// Fractional year it began; `None` when unknown (drawn as a fading stub, never invented).
    pub start: Option<f64>,
    /// Fractional year it ended; `None` while ongoing (drawn to the end with an arrow).
    pub end: Option<f64>,
    /// Lightness group, 0 (darkest) to 3, e.g. a branch index.
    pub group: usize,
}

/// A key event: a thin vertical line with a short label above the rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    /// Fractional year of the event.
    pub at: f64,
    /// Short label (e.g. "NATO accession").
    pub label: String,
}

/// Rows of periods on a year axis, with markers for key events.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineChart {
    /// First fractional year shown.
    pub from_year: f64,
    /// Last fractional year shown; ongoing rows run to here.
    pub to_year: f64,
    /// The rows, top to bottom.
    pub rows: Vec<TimelineRow>,
    /// Key events.
    pub markers: Vec<Marker>,
    /// Written after the arrow of ongoing rows (e.g. "ongoing"); empty for none.
    pub ongoing_label: String,
}

/// A marker label to place: its line's x and the label's width on one line, and on two
/// lines when it can be wrapped (the wider of the two halves).
#[derive(Debug, Clone, Copy)]
struct MarkerLabel {
    x: f64,
    one_line: f64,
    two_lines: Option<f64>,
}

/// Where a marker label went: its lowest level above the plot (0 = lowest), how many levels
/// its lines take, and its box (in level units up and down).
#[derive(Debug, Clone, Copy)]
struct Placed {
    x: f64,
    level: usize,
    lines: usize,
    rect: Rect,
    left_anchored: bool,
}

impl Placed {
    /// The highest level the label takes.
    fn top(&self) -> usize {
        self.level + self.lines - 1
    }

    /// Whether this marker's line runs through `label`: a line runs from its own label
    /// down to the plot, so it crosses every label lower than its own that spans its x.
    fn line_crosses(&self, label: &Placed) -> bool {
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
fn place_markers(marks: &[MarkerLabel], bounds: (f64, f64), gap: f64, min_sep: f64) -> Vec<Placed> {
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
fn wrap_in_two(label: &str, size: f64) -> Result<Option<([String; 2], f64)>, ChartError> {
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

/// The year step for ticks: the smallest of 1, 2, 4 or 5 times a power of ten that leaves
/// `min_gap` px between tick centres.
fn year_step(span: f64, plot_w: f64, min_gap: f64) -> f64 {
    let mut base = 1.0;
    loop {
        for m in [1.0, 2.0, 4.0, 5.0] {
            let step = m * base;
            if step * plot_w / span >= min_gap {
                return step;
            }
        }
        base *= 10.0;
        if base > 1e6 {
            return base;
        }
    }
}

/// Timeline of periods on a year axis with integer year ticks and staggered event markers.
///
/// Ongoing rows (no end) run to `to_year` and end in an arrow with the ongoing label. Rows
/// with an unknown start show only a short fading dashed stub before their known end and a
/// "?", never an invented start; an ongoing row without a start is such a stub ending in the arrow.
pub fn timeline_chart(chart: &TimelineChart, theme: &ChartTheme) -> Result<String, ChartError> {
    let (from, to) = (chart.from_year, chart.to_year);
    if !(from.is_finite() && to.is_finite() && from < to) {
        return Err(ChartError::Invalid(format!("year range {from}–{to} is empty")));
    }
    if chart.rows.is_empty() {
        return Err(ChartError::Empty("timeline rows"));
    }
    let in_range = |y: f64| y.is_finite() && y >= from && y <= to;
    for row in &chart.rows {
        if row.group >= theme.palette.tones.len() {
            return Err(ChartError::Invalid(format!(
                "row {:?} has group {}; groups run from 0 to {}",
                row.label,
                row.group,
                theme.palette.tones.len() - 1
            )));
        }
        for y in [row.start, row.end].into_iter().flatten() {
            if !y.is_finite() {
                return Err(ChartError::Invalid(format!("row {:?} has a year {y}", row.label)));
            }
        }
        if let (Some(s), Some(e)) = (row.start, row.end)
            && s > e
        {
            return Err(ChartError::Invalid(format!(
                "row {:?} ends ({e}) before it starts ({s})",
                row.label
            )));
        }
        let outside = row.start.is_some_and(|s| s > to) || row.end.is_some_and(|e| e < from);
        if outside {
            return Err(ChartError::Invalid(format!(
                "row {:?} lies outside the years {from}–{to}",
                row.label
            )));
        }
    }
    for m in &chart.markers {
        if !in_range(m.at) {
            return Err(ChartError::Invalid(format!(
                "marker {:?} at {} lies outside the years {from}–{to}",
                m.label, m.at
            )));
        }
    }
    let typo = Typo::new(theme)?;
    let pal = &theme.palette;
    let pad = theme.pad;
    let w = f64::from(theme.width);
    let n = chart.rows.len();

    // Label column.
    let mut labels = Vec::with_capacity(n);
    let mut label_w: f64 = 0.0;
    for row in &chart.rows {
        let fitted = Typo::fit(&row.label, typo.text, Weight::Regular, (w * 0.3).floor())?;
        label_w = label_w.max(Typo::width(&fitted, typo.text, Weight::Regular)?);
        labels.push(fitted);
    }
    let left = px(pad + label_w + pad * 1.5);

    // Right margin: arrow and ongoing label, or half a year label.
    let year_w = Typo::width("0000", typo.small, Weight::Regular)?;
    let any_ongoing = chart.rows.iter().any(|r| r.end.is_none_or(|e| e > to));
    let arrow = (typo.text * 0.8).round();
    let ongoing_w = Typo::width(&chart.ongoing_label, typo.small, Weight::Regular)?;
    let mut right = (year_w / 2.0 + pad).max(pad * 2.0);
    if any_ongoing {
        right = right.max(arrow + pad * 0.5 + ongoing_w + pad * 1.5);
    }
    let right = px(right);
    let plot_w = f64::from(theme.width as i32 - left - right);
    if plot_w < w * 0.3 {
        return Err(ChartError::Layout("the row labels leave no room for the timeline".into()));
    }
    let x_of = |y: f64| f64::from(left) + (y - from) / (to - from) * plot_w;

    // Marker labels, stacked on levels above the plot.
    let mut marks = Vec::with_capacity(chart.markers.len());
    let mut wrapped = Vec::with_capacity(chart.markers.len());
    for m in &chart.markers {
        let two = wrap_in_two(&m.label, typo.small)?;
        marks.push(MarkerLabel {
            x: x_of(m.at),
            one_line: Typo::width(&m.label, typo.small, Weight::Regular)?,
            two_lines: two.as_ref().map(|(_, w)| *w),
        });
        wrapped.push(two.map(|(lines, _)| lines));
    }
    let flag_gap = pad * 0.5;
    let placed = place_markers(&marks, (pad, w - pad), flag_gap, pad);
    let levels = placed.iter().map(|p| p.top() + 1).max().unwrap_or(0);
    let level_h = typo.small * 1.5;
    let top = px(pad * 1.5 + levels as f64 * level_h + if levels > 0 { pad * 0.5 } else { 0.0 });

    // Bottom: year ticks.
    let tick_mark = (pad * 0.4).round().max(1.0) as i32;
    let x_area = px(f64::from(tick_mark * 2) + typo.small * 1.3);
    let bottom = px(pad);
    let plot_h = f64::from(theme.height as i32 - top - bottom - x_area);
    let band = plot_h / n as f64;
    if band < typo.text * 1.2 {
        let need = n as f64 * typo.text * 1.2;
        return Err(too_short(&format!("{n} timeline rows"), need, plot_h, theme.height));
    }
    let step = year_step(to - from, plot_w, year_w * 1.9);
    let mut ticks = Vec::new();
    let mut k = (from / step).ceil();
    while k * step <= to + 1e-9 {
        ticks.push(k * step);
        k += 1.0;
    }
    let thick = (band * 0.58).min(typo.text * 1.1).max(4.0);
    let unit = n as f64 / plot_h;
    let formatter = |v: &f64| format!("{}", v.round() as i64);
    let level_y = |level: usize| f64::from(top) - pad * 0.5 - (level as f64 + 0.5) * level_h;

    let mut svg = String::new();
    {
        let root =
            SVGBackend::with_string(&mut svg, (theme.width, theme.height)).into_drawing_area();
        root.fill(&pal.surface.rgb())?;
        let mut ctx = ChartBuilder::on(&root)
            .margin_left(left)
            .margin_top(top)
            .margin_right(right)
            .margin_bottom(bottom)
            .set_label_area_size(LabelAreaPosition::Bottom, x_area)
            .build_cartesian_2d(TickAxis::new(from, to, ticks), 0.0..n as f64)?;
        ctx.configure_mesh()
            .disable_y_mesh()
            .axis_style(pal.surface.alpha(0.0))
            .bold_line_style(ShapeStyle::from(pal.rule.rgb()).stroke_width(theme.line_px))
            .light_line_style(pal.surface.alpha(0.0))
            .set_tick_mark_size(LabelAreaPosition::Bottom, tick_mark)
            .x_label_style(Typo::style(
                typo.small,
                Weight::Regular,
                pal.muted,
                HPos::Center,
                VPos::Top,
            ))
            .x_label_formatter(&formatter)
            .draw()?;
        let (_, plot_bottom) = ctx.backend_coord(&(from, 0.0));

        // Markers behind the bars: line from the label down to the axis, label beside it.
        let line = ShapeStyle::from(pal.muted.rgb()).stroke_width(theme.line_px);
        for ((m, p), two) in chart.markers.iter().zip(&placed).zip(&wrapped) {
            let x = px(p.x);
            // The line stops short of any lower label it would cross.
            let mut gaps: Vec<(f64, f64)> = placed
                .iter()
                .filter(|q| p.line_crosses(q))
                .map(|q| {
                    (level_y(q.top()) - typo.small * 0.7, level_y(q.level) + typo.small * 0.55)
                })
                .collect();
            gaps.sort_by(|a, b| a.0.total_cmp(&b.0));
            let inner = if p.lines > 1 { level_h * 0.1 } else { 0.0 };
            let mut from = level_y(p.top()) + inner - typo.small * 0.45;
            for (g0, g1) in gaps.into_iter().chain([(f64::from(plot_bottom), f64::INFINITY)]) {
                if g0 > from {
                    root.draw(&PathElement::new(vec![(x, px(from)), (x, px(g0))], line))?;
                }
                from = from.max(g1);
            }
            let (anchor, tx) = if p.left_anchored {
                (HPos::Right, p.x - flag_gap)
            } else {
                (HPos::Left, p.x + flag_gap)
            };
            let style = Typo::style(typo.small, Weight::Regular, pal.ink, anchor, VPos::Center);
            let lines: Vec<&str> = match two {
                Some([a, b]) if p.lines == 2 => vec![a, b],
                _ => vec![&m.label],
            };
            // First line on the label's top level; a wrapped label's lines are drawn closer
            // together than two labels' lines, so that they read as one.
            for (k, text) in lines.iter().enumerate() {
                let y = level_y(p.top() - k) + if k == 0 { inner } else { -inner };
                root.draw_text(text, &style, (px(tx), px(y)))?;
            }
        }

        // Solid bars (known start), as a series in data coordinates.
        ctx.draw_series(chart.rows.iter().enumerate().filter_map(|(i, row)| {
            let start = row.start?;
            let end = row.end.unwrap_or(to).min(to);
            let (s, e) = (start.max(from), end);
            let c = (n - i) as f64 - 0.5;
            let half = thick / 2.0 * unit;
            // At least 3 px wide, so that one-day events still show.
            let min_w = 3.0 / plot_w * (to - from);
            let e = if e - s < min_w { (s + min_w).min(to) } else { e };
            let fill = pal.tones[row.group].rgb().filled();
            Some(Rectangle::new([(s, c - half), (e, c + half)], fill))
        }))?;

        for (i, (row, label)) in chart.rows.iter().zip(&labels).enumerate() {
            let c = (n - i) as f64 - 0.5;
            let (_, y) = ctx.backend_coord(&(from, c));
            let yf = f64::from(y);
            let tone = pal.tones[row.group];
            root.draw_text(
                label,
                &Typo::style(typo.text, Weight::Regular, pal.ink, HPos::Right, VPos::Center),
                (left - px(pad * 1.5), y),
            )?;
            let question =
                Typo::style(typo.small, Weight::Strong, pal.muted, HPos::Right, VPos::Center);
            // Past the end of the axis (ongoing, or ending after `to_year`): an arrowhead,
            // and for ongoing rows the ongoing label.
            let runs_on = row.end.is_none_or(|e| e > to);
            if runs_on {
                let x = px(x_of(to));
                let half = (thick * 0.85).max(5.0);
                root.draw(&Polygon::new(
                    vec![(x, px(yf - half)), (x + px(arrow), y), (x, px(yf + half))],
                    tone.rgb().filled(),
                ))?;
                if row.end.is_none() && !chart.ongoing_label.is_empty() {
                    root.draw_text(
                        &chart.ongoing_label,
                        &Typo::style(
                            typo.small,
                            Weight::Regular,
                            pal.muted,
                            HPos::Left,
                            VPos::Center,
                        ),
                        (x + px(arrow + pad * 0.5), y),
                    )?;
                }
            }
            if row.start.is_none() {
                // An ongoing row without a start ends at the axis end, with its arrow.
                let end = row.end.unwrap_or(to);
                // Unknown start: a solid cap at the known end, then dashes fading to the
                // left and a "?"; the stub's length says nothing about the start.
                let u = (thick * 0.8).max(4.0);
                let x_end = x_of(end.min(to));
                let x_min = f64::from(left);
                let y0 = px(yf - thick / 2.0);
                let y1 = px(yf + thick / 2.0);
                let mut x = x_end;
                let pieces = [(2.0, 1.0), (1.0, 0.7), (1.0, 0.48), (1.0, 0.3), (1.0, 0.16)];
                for (k, (len, alpha)) in pieces.into_iter().enumerate() {
                    let x0 = (x - len * u).max(x_min);
                    if x0 >= x {
                        break;
                    }
                    root.draw(&Rectangle::new(
                        [(px(x0), y0), (px(x), y1)],
                        tone.alpha(alpha).filled(),
                    ))?;
                    x = x0 - if k == 0 { u * 0.5 } else { u * 0.6 };
                }
                if x - pad * 0.5 - typo.small * 0.6 > x_min {
                    root.draw_text("?", &question, (px(x), y))?;
                }
            }
        }
        root.present()?;
    }
    Ok(finish_svg(svg))
}
