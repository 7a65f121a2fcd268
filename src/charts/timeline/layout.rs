//! The layout of a timeline: margins, year ticks, rows and marker flags, worked out before
//! any drawing.

use super::super::geometry::Anchor;
use super::super::{ChartError, ChartTheme, Typo, Weight, px, too_short};
use super::markers::{MarkerLabel, Placed, place_markers, wrap_in_two};
use super::{TimelineChart, TimelineRow};

/// Where everything on a timeline goes. The plot's own coordinates are years across and
/// rows up (row `i` of `n` centred at `n - i - 0.5`); anything else is in px.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct TimelineLayout<'a> {
    /// First and last year shown.
    pub(super) years: (f64, f64),
    /// Left margin: the row labels' column.
    pub(super) left: i32,
    /// Top margin: the marker labels' levels.
    pub(super) top: i32,
    /// Right margin: room for arrows and the ongoing label, or half a year label.
    pub(super) right: i32,
    /// Bottom margin under the year labels.
    pub(super) bottom: i32,
    /// Height of the year axis (tick marks and labels) under the plot.
    pub(super) x_area: i32,
    /// Length of a tick mark.
    pub(super) tick_mark: i32,
    /// The years with a tick and a grid line.
    pub(super) ticks: Vec<f64>,
    /// Markers in input order: their lines and labels.
    pub(super) flags: Vec<MarkerFlag>,
    /// Rows, top to bottom.
    pub(super) rows: Vec<RowLayout>,
    /// Thickness of a row's bar.
    pub(super) thick: f64,
    /// The x of the row labels' right edge.
    pub(super) label_x: i32,
    /// The x of the end of the axis, where the arrows of rows running on begin.
    pub(super) arrow_x: i32,
    /// Length of such an arrow.
    pub(super) arrow_len: i32,
    /// Half the height of such an arrow.
    pub(super) arrow_half: f64,
    /// The x where the ongoing label begins.
    pub(super) ongoing_x: i32,
    /// Written after the arrow of ongoing rows; empty for none.
    pub(super) ongoing_label: &'a str,
}

/// A marker as drawn: a vertical line from its label down to the plot's foot, broken where it
/// would cross a lower label, and the label's lines beside it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct MarkerFlag {
    /// The line's x.
    pub(super) x: i32,
    /// Where the line begins, under its own label.
    pub(super) line_top: f64,
    /// Spans (top, bottom) where the line is broken for a lower label, top to bottom.
    pub(super) gaps: Vec<(f64, f64)>,
    /// Which side of `text_x` the text runs to.
    pub(super) anchor: Anchor,
    /// Where the text is anchored across.
    pub(super) text_x: f64,
    /// The label's lines, top to bottom, with the y of each (centred).
    pub(super) lines: Vec<(String, f64)>,
}

impl MarkerFlag {
    /// The pieces (top, bottom) of the line that are drawn, when the plot's foot is at
    /// `plot_bottom`: everything from its top down, save its gaps.
    pub(super) fn line_runs(&self, plot_bottom: f64) -> Vec<(f64, f64)> {
        let mut runs = Vec::new();
        let mut from = self.line_top;
        for &(g0, g1) in self.gaps.iter().chain(&[(plot_bottom, f64::INFINITY)]) {
            if g0 > from {
                runs.push((from, g0));
            }
            from = from.max(g1);
        }
        runs
    }
}

/// A row as drawn.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct RowLayout {
    /// The label, shortened to fit its column.
    pub(super) label: String,
    /// The row's centre in rows.
    pub(super) centre: f64,
    /// Lightness group.
    pub(super) group: usize,
    /// The solid bar as (start, bottom) and (end, top) in plot coordinates; `None` for a row
    /// with an unknown start.
    pub(super) bar: Option<[(f64, f64); 2]>,
    /// Whether the row runs past the end of the axis (ongoing, or ending after it): an arrow.
    pub(super) runs_on: bool,
    /// Whether the ongoing label follows the arrow.
    pub(super) ongoing: bool,
    /// For a row with an unknown start that ended within the years shown: the x (px) of a
    /// short upright mark at its end, the one date known of it. No bar, no fade: nothing is
    /// drawn where the row's dates are not known.
    pub(super) end_mark: Option<f64>,
}

/// The row labels, shortened to at most 30 % of the width, and the left margin they need.
fn label_column(
    chart: &TimelineChart,
    theme: &ChartTheme,
) -> Result<(Vec<String>, i32), ChartError> {
    let w = f64::from(theme.width);
    let mut labels = Vec::with_capacity(chart.rows.len());
    let mut label_w: f64 = 0.0;
    for row in &chart.rows {
        let fitted = Typo::fit(&row.label, theme.text_px, Weight::Regular, (w * 0.3).floor())?;
        label_w = label_w.max(Typo::width(&fitted, theme.text_px, Weight::Regular)?);
        labels.push(fitted);
    }
    Ok((labels, px(theme.pad + label_w + theme.pad * 1.5)))
}

/// Whether a row runs past `to`: ongoing, or ending after it.
fn runs_on(row: &TimelineRow, to: f64) -> bool {
    row.end.is_none_or(|e| e > to)
}

/// The right margin: room for an arrow and the ongoing label when a row runs on, else half
/// a year label (`year_w` wide).
fn right_margin(
    chart: &TimelineChart,
    theme: &ChartTheme,
    year_w: f64,
    arrow: f64,
) -> Result<i32, ChartError> {
    let pad = theme.pad;
    let any_ongoing = chart.rows.iter().any(|r| runs_on(r, chart.to_year));
    let ongoing_w = Typo::width(&chart.ongoing_label, theme.small_px, Weight::Regular)?;
    let mut right = (year_w / 2.0 + pad).max(pad * 2.0);
    if any_ongoing {
        right = right.max(arrow + pad * 0.5 + ongoing_w + pad * 1.5);
    }
    Ok(px(right))
}

/// A marker label's two lines, when it can be wrapped.
type TwoLines = Option<[String; 2]>;

/// The marker labels stacked on levels above the plot (`x_of` gives a year's x), and each
/// label's two lines when it can be wrapped.
fn stack_marker_labels(
    chart: &TimelineChart,
    x_of: &dyn Fn(f64) -> f64,
    theme: &ChartTheme,
    flag_gap: f64,
) -> Result<(Vec<Placed>, Vec<TwoLines>), ChartError> {
    let (pad, w) = (theme.pad, f64::from(theme.width));
    let mut marks = Vec::with_capacity(chart.markers.len());
    let mut wrapped = Vec::with_capacity(chart.markers.len());
    for m in &chart.markers {
        let two = wrap_in_two(&m.label, theme.small_px)?;
        marks.push(MarkerLabel {
            x: x_of(m.at),
            one_line: Typo::width(&m.label, theme.small_px, Weight::Regular)?,
            two_lines: two.as_ref().map(|(_, w)| *w),
        });
        wrapped.push(two.map(|(lines, _)| lines));
    }
    let placed = place_markers(&marks, (pad, w - pad), flag_gap, pad);
    Ok((placed, wrapped))
}

/// The y (px) of the middle of each level of marker labels above a plot whose top is at `top`.
struct Levels {
    top: i32,
    pad: f64,
    level_h: f64,
}

impl Levels {
    /// The y of level `level`'s middle.
    fn y(&self, level: usize) -> f64 {
        f64::from(self.top) - self.pad * 0.5 - (level as f64 + 0.5) * self.level_h
    }
}

/// Each marker's line and label lines, from where its label was placed.
fn marker_flags(
    chart: &TimelineChart,
    placed: &[Placed],
    wrapped: &[TwoLines],
    levels: &Levels,
    small: f64,
    flag_gap: f64,
) -> Vec<MarkerFlag> {
    let level_y = |level: usize| levels.y(level);
    let level_h = levels.level_h;
    let mut flags = Vec::with_capacity(placed.len());
    for ((m, p), two) in chart.markers.iter().zip(placed).zip(wrapped) {
        // The line stops short of any lower label it would cross.
        let mut gaps: Vec<(f64, f64)> = placed
            .iter()
            .filter(|q| p.line_crosses(q))
            .map(|q| (level_y(q.top()) - small * 0.7, level_y(q.level) + small * 0.55))
            .collect();
        gaps.sort_by(|a, b| a.0.total_cmp(&b.0));
        let inner = if p.lines > 1 { level_h * 0.1 } else { 0.0 };
        let line_top = level_y(p.top()) + inner - small * 0.45;
        let (anchor, text_x) = if p.left_anchored {
            (Anchor::Right, p.x - flag_gap)
        } else {
            (Anchor::Left, p.x + flag_gap)
        };
        let texts: Vec<&str> = match two {
            Some([a, b]) if p.lines == 2 => vec![a, b],
            _ => vec![&m.label],
        };
        // First line on the label's top level; a wrapped label's lines are drawn closer
        // together than two labels' lines, so that they read as one.
        let lines = texts
            .iter()
            .enumerate()
            .map(|(k, text)| {
                let y = level_y(p.top() - k) + if k == 0 { inner } else { -inner };
                (text.to_string(), y)
            })
            .collect();
        flags.push(MarkerFlag { x: px(p.x), line_top, gaps, anchor, text_x, lines });
    }
    flags
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

/// The multiples of `step` from `from` to `to`.
fn year_ticks(from: f64, to: f64, step: f64) -> Vec<f64> {
    let mut ticks = Vec::new();
    let mut k = (from / step).ceil();
    while k * step <= to + 1e-9 {
        ticks.push(k * step);
        k += 1.0;
    }
    ticks
}

/// The plot's scales: years onto px across, rows onto px up.
#[derive(Debug, Clone, Copy)]
struct RowScale {
    /// First year shown.
    from: f64,
    /// Last year shown.
    to: f64,
    /// The plot's left edge.
    left: f64,
    /// The plot's width.
    plot_w: f64,
    /// A row's bar thickness in px.
    thick: f64,
    /// Rows per px up.
    unit: f64,
}

impl RowScale {
    /// The x of a year.
    fn x(&self, year: f64) -> f64 {
        self.left + (year - self.from) / (self.to - self.from) * self.plot_w
    }
}

/// A row centred at `centre` (in rows): its bar when its start is known, else the mark of
/// its known end, and whether an arrow and the ongoing label follow it.
fn lay_out_row(
    row: &TimelineRow,
    label: String,
    centre: f64,
    scale: &RowScale,
    ongoing_label: &str,
) -> RowLayout {
    let RowScale { from, to, plot_w, thick, unit, .. } = *scale;
    let c = centre;
    // Solid bars (known start), in plot coordinates.
    let bar = row.start.map(|start| {
        let end = row.end.unwrap_or(to).min(to);
        let (s, e) = (start.max(from), end);
        let half = thick / 2.0 * unit;
        // At least 3 px wide, so that one-day events still show.
        let min_w = 3.0 / plot_w * (to - from);
        let e = if e - s < min_w { (s + min_w).min(to) } else { e };
        [(s, c - half), (e, c + half)]
    });
    // Unknown start: only what is known is drawn. A row that ended within the years gets a
    // mark at its end; an ongoing one (or one ending after the years) only its arrow and
    // the ongoing label at the axis end. Nothing stands for the unknown part.
    let end_mark = match (row.start, row.end) {
        (None, Some(end)) if end <= to => Some(scale.x(end)),
        _ => None,
    };
    let ongoing = row.end.is_none() && !ongoing_label.is_empty();
    RowLayout { label, centre, group: row.group, bar, runs_on: runs_on(row, to), ongoing, end_mark }
}

/// Lays a valid timeline out in the theme's box: the label column, the right margin, the
/// marker levels, the year axis, then the rows.
pub(super) fn lay_out_timeline<'a>(
    chart: &'a TimelineChart,
    theme: &ChartTheme,
    typo: &Typo,
) -> Result<TimelineLayout<'a>, ChartError> {
    let (from, to) = (chart.from_year, chart.to_year);
    let pad = theme.pad;
    let w = f64::from(theme.width);
    let n = chart.rows.len();

    // Label column.
    let (labels, left) = label_column(chart, theme)?;

    // Right margin: arrow and ongoing label, or half a year label.
    let year_w = Typo::width("0000", typo.small, Weight::Regular)?;
    let arrow = (typo.text * 0.8).round();
    let right = right_margin(chart, theme, year_w, arrow)?;
    let plot_w = f64::from(theme.width as i32 - left - right);
    if plot_w < w * 0.3 {
        return Err(ChartError::Layout("the row labels leave no room for the timeline".into()));
    }
    let x_of = |y: f64| f64::from(left) + (y - from) / (to - from) * plot_w;

    // Marker labels, stacked on levels above the plot.
    let flag_gap = pad * 0.5;
    let (placed, wrapped) = stack_marker_labels(chart, &x_of, theme, flag_gap)?;
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
    let ticks = year_ticks(from, to, step);
    let thick = (band * 0.58).min(typo.text * 1.1).max(4.0);
    let unit = n as f64 / plot_h;
    let levels = Levels { top, pad, level_h };
    let flags = marker_flags(chart, &placed, &wrapped, &levels, typo.small, flag_gap);

    let scale = RowScale { from, to, left: f64::from(left), plot_w, thick, unit };
    let rows = (chart.rows.iter().zip(labels).enumerate())
        .map(|(i, (row, label))| {
            let centre = (n - i) as f64 - 0.5;
            lay_out_row(row, label, centre, &scale, &chart.ongoing_label)
        })
        .collect();

    let arrow_x = px(x_of(to));
    Ok(TimelineLayout {
        years: (from, to),
        left,
        top,
        right,
        bottom,
        x_area,
        tick_mark,
        ticks,
        flags,
        rows,
        thick,
        label_x: left - px(pad * 1.5),
        arrow_x,
        arrow_len: px(arrow),
        arrow_half: (thick * 0.85).max(5.0),
        ongoing_x: arrow_x + px(arrow + pad * 0.5),
        ongoing_label: &chart.ongoing_label,
    })
}
