//! The layout of the bar charts: label column, plot, value axis and bars, worked out before
//! any drawing.

use super::super::{ChartError, ChartTheme, Typo, Weight, fmt_number, nice_ticks, px, too_short};
use super::{Bar, BarChart, GroupedBarChart, NumberFormat};

/// Horizontal layout shared by both bar charts: label column, plot, value room, ticks.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct HLayout {
    /// Left edge of the plot.
    pub(super) left: i32,
    /// Top edge of the plot.
    pub(super) top: i32,
    /// Right margin.
    pub(super) right: i32,
    /// Bottom margin under the value axis.
    pub(super) bottom: i32,
    /// Width of the plot.
    pub(super) plot_w: f64,
    /// Height of the plot.
    pub(super) plot_h: f64,
    /// Height of the value axis (tick marks, labels and its description) under the plot.
    pub(super) x_area: i32,
    /// Length of a tick mark.
    pub(super) tick_mark: i32,
    /// The category labels, each in one to three lines that fit their column.
    pub(super) labels: Vec<Vec<String>>,
    /// The distance between two lines of a category label, in px.
    pub(super) line_h: f64,
}

/// The lines of a category label at most `max` px wide and `max_lines` high:
/// the full name on one line, else the data's short name on one line, else
/// the full name wrapped at spaces, else the short name wrapped; only when
/// none of these fits whole is a name cut with an ellipsis.
fn label_lines(
    text: &str,
    short: Option<&str>,
    (px, weight): (f64, Weight),
    max: f64,
    max_lines: usize,
) -> Result<Vec<String>, ChartError> {
    let short = short.filter(|s| !s.trim().is_empty());
    let one_line = |t: &str| -> Result<bool, ChartError> { Ok(Typo::width(t, px, weight)? <= max) };
    if one_line(text)? {
        return Ok(vec![text.to_owned()]);
    }
    if let Some(s) = short.filter(|s| one_line(s).unwrap_or(false)) {
        return Ok(vec![s.to_owned()]);
    }
    // Wrapped whole: every word kept, none cut.
    let whole = |t: &str| -> Result<Option<Vec<String>>, ChartError> {
        let lines = Typo::wrap(t, px, weight, max, max_lines)?;
        let words: Vec<&str> = t.split_whitespace().collect();
        Ok((lines.join(" ") == words.join(" ")).then_some(lines))
    };
    if let Some(lines) = whole(text)? {
        return Ok(lines);
    }
    if let Some(lines) = short.map(whole).transpose()?.flatten() {
        return Ok(lines);
    }
    Typo::wrap(short.unwrap_or(text), px, weight, max, max_lines)
}

impl HLayout {
    /// The layout for `categories` (text, weight and short form) with the plot's top at `top`, and room
    /// under the value axis for `axis_label` unless it is empty.
    fn new(
        theme: &ChartTheme,
        categories: &[(String, Weight, Option<String>)],
        top: f64,
        axis_label: &str,
    ) -> Result<HLayout, ChartError> {
        let (w, h) = (f64::from(theme.width), f64::from(theme.height));
        let pad = theme.pad;
        let max_label = (w * 0.32).floor();
        let tick_gap = (pad * 0.4).round().max(1.0) as i32;
        let mut x_area = f64::from(tick_gap * 2) + theme.small_px * 1.3;
        if !axis_label.is_empty() {
            x_area += pad * 0.75 + theme.small_px * 1.3;
        }
        let x_area = px(x_area);
        let top = px(top);
        let bottom = px(pad);
        let plot_h = f64::from(theme.height as i32 - top - bottom - x_area);
        // As many lines as a category's row holds, up to three.
        let line_h = theme.text_px * 1.15;
        let band = plot_h / categories.len().max(1) as f64;
        let max_lines = ((band * 0.95 / line_h).floor() as usize).clamp(1, 3);
        let mut labels = Vec::with_capacity(categories.len());
        let mut label_w: f64 = 0.0;
        for (text, weight, short) in categories {
            let lines = label_lines(
                text,
                short.as_deref(),
                (theme.text_px, *weight),
                max_label,
                max_lines,
            )?;
            for line in &lines {
                label_w = label_w.max(Typo::width(line, theme.text_px, *weight)?);
            }
            labels.push(lines);
        }
        let left = px(pad + label_w + pad * 1.5);
        let right = px(pad * 2.5);
        let plot_w = f64::from(theme.width as i32 - left - right);
        if plot_w < w * 0.25 || plot_h < h * 0.25 {
            return Err(ChartError::Layout(format!(
                "a {}×{} chart has no room for the bars beside these labels",
                theme.width, theme.height
            )));
        }
        Ok(HLayout {
            left,
            top,
            right,
            bottom,
            plot_w,
            plot_h,
            x_area,
            tick_mark: tick_gap,
            labels,
            line_h,
        })
    }

    /// The value range end so that every value label fits right of its bar.
    fn value_max(&self, ends: &[(f64, f64)], gap: f64) -> Result<f64, ChartError> {
        let mut xmax: f64 = 0.0;
        for &(value, label_w) in ends {
            let room = self.plot_w - gap - label_w;
            if room < self.plot_w * 0.2 {
                return Err(ChartError::Layout(
                    "a value label is too wide for the chart".to_string(),
                ));
            }
            xmax = xmax.max(value * self.plot_w / room);
        }
        Ok(if xmax > 0.0 { xmax } else { 1.0 })
    }

    /// Round ticks from 0 covering `data_max` (whole numbers when `whole`), as many as fit
    /// the plot's width (each as wide as the widest written as `number` does), none past `xmax`.
    fn ticks(
        &self,
        data_max: f64,
        whole: bool,
        xmax: f64,
        number: &NumberFormat,
        typo: &Typo,
    ) -> Result<Vec<f64>, ChartError> {
        // Four digits at least (the room ticks always had), more when the
        // largest value written with its separators is wider.
        let tick_w = Typo::width("0000", typo.small, Weight::Regular)?.max(Typo::width(
            &number.format(xmax.round()),
            typo.small,
            Weight::Regular,
        )?);
        let max_ticks = ((self.plot_w / (tick_w * 2.0)).floor() as usize).clamp(2, 6);
        Ok(nice_ticks(data_max, max_ticks, whole).into_iter().filter(|t| *t <= xmax).collect())
    }
}

/// The weight of a bar's label and value: strong when emphasised.
pub(super) fn bar_weight(bar: &Bar) -> Weight {
    if bar.emphasis { Weight::Strong } else { Weight::Regular }
}

/// Where everything of a [`BarChart`] goes; rows are counted up from the plot's foot (bar
/// `i` of `n` centred at `n - i - 0.5`).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct BarLayout {
    /// Margins, plot and category labels.
    pub(super) frame: HLayout,
    /// The value axis' end.
    pub(super) xmax: f64,
    /// Values with a tick and a grid line.
    pub(super) ticks: Vec<f64>,
    /// Each bar's centre in rows, in input order.
    pub(super) centres: Vec<f64>,
    /// A bar's thickness in rows.
    pub(super) thick: f64,
    /// Space between a bar's end and its value label, in px.
    pub(super) gap: f64,
}

/// Lays a valid bar chart out in the theme's box.
pub(super) fn lay_out_bars(
    chart: &BarChart,
    theme: &ChartTheme,
    typo: &Typo,
) -> Result<BarLayout, ChartError> {
    let cats: Vec<(String, Weight, Option<String>)> = chart
        .bars
        .iter()
        .map(|b| (b.label.clone(), bar_weight(b), b.short_label.clone()))
        .collect();
    let lay = HLayout::new(theme, &cats, theme.pad * 1.5, &chart.axis_label)?;
    let n = chart.bars.len();
    let band = lay.plot_h / n as f64;
    if band < typo.text * 1.25 {
        let need = n as f64 * typo.text * 1.25;
        return Err(too_short(&format!("{n} bars"), need, lay.plot_h, theme.height));
    }
    let gap = theme.pad * 0.75;
    let mut ends = Vec::with_capacity(n);
    for bar in &chart.bars {
        ends.push((bar.value, Typo::width(&bar.value_label, typo.text, bar_weight(bar))?));
    }
    let xmax = lay.value_max(&ends, gap)?;
    let whole = chart.bars.iter().all(|b| b.value == b.value.trunc());
    let data_max = chart.bars.iter().fold(0.0_f64, |m, b| m.max(b.value));
    let ticks = lay.ticks(data_max, whole, xmax, &chart.number, typo)?;
    let thick = (band * 0.62).min(typo.text * 2.2) / lay.plot_h * n as f64;
    let centres = (0..n).map(|i| (n - i) as f64 - 0.5).collect();
    Ok(BarLayout { frame: lay, xmax, ticks, centres, thick, gap })
}

/// Where everything of a [`GroupedBarChart`] goes; categories are counted up from the plot's
/// foot (category `i` of `n` centred at `n - i - 0.5`).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct GroupedLayout {
    /// Margins, plot and category labels.
    pub(super) frame: HLayout,
    /// The value axis' end.
    pub(super) xmax: f64,
    /// Values with a tick and a grid line.
    pub(super) ticks: Vec<f64>,
    /// Each category's centre in rows, in input order.
    pub(super) centres: Vec<f64>,
    /// Per series, per category: the bar's centre in rows and its value label.
    pub(super) bars: Vec<Vec<(f64, String)>>,
    /// Half a bar's thickness in rows.
    pub(super) half: f64,
    /// Size of the value labels: the text size when the bars are thick enough, else smaller.
    pub(super) value_px: f64,
    /// Space between a bar's end and its value label, in px.
    pub(super) gap: f64,
    /// The legend, one entry per series.
    pub(super) legend: Vec<LegendEntry>,
}

/// A legend entry: a swatch in the series' tone and its name beside it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct LegendEntry {
    /// The swatch's top-left and bottom-right corners, in px.
    pub(super) swatch: [(f64, f64); 2],
    /// Where the name is set (left-anchored, centred vertically), in px.
    pub(super) text_at: (f64, f64),
}

/// The legend above the plot: swatch and name per series, left to right from `left`.
fn legend(
    chart: &GroupedBarChart,
    theme: &ChartTheme,
    typo: &Typo,
    left: i32,
    legend_h: f64,
) -> Result<Vec<LegendEntry>, ChartError> {
    let sw = (typo.text * 0.9).round();
    let mut x = f64::from(left);
    let y = theme.pad * 1.5 + legend_h / 2.0;
    let mut entries = Vec::with_capacity(chart.series.len());
    for s in &chart.series {
        let swatch = [(x, y - sw / 2.0), (x + sw, y + sw / 2.0)];
        x += sw + theme.pad * 0.75;
        entries.push(LegendEntry { swatch, text_at: (x, y) });
        x += Typo::width(&s.name, typo.text, Weight::Regular)? + theme.pad * 3.0;
    }
    Ok(entries)
}

/// Lays a valid grouped bar chart out in the theme's box, its legend above the plot.
pub(super) fn lay_out_grouped(
    chart: &GroupedBarChart,
    theme: &ChartTheme,
    typo: &Typo,
) -> Result<GroupedLayout, ChartError> {
    let ns = chart.series.len();
    let nc = chart.categories.len();
    let legend_h = typo.text * 1.4;
    let cats: Vec<(String, Weight, Option<String>)> = chart
        .categories
        .iter()
        .enumerate()
        .map(|(i, c)| {
            (c.clone(), Weight::Regular, chart.short_categories.get(i).cloned().flatten())
        })
        .collect();
    let lay =
        HLayout::new(theme, &cats, theme.pad * 1.5 + legend_h + theme.pad, &chart.axis_label)?;
    let band = lay.plot_h / nc as f64;
    let pitch = (band * 0.78 / ns as f64).min(typo.text * 2.0);
    let value_px = if pitch >= typo.text * 1.15 { typo.text } else { typo.small };
    if pitch < typo.small * 1.1 || band < typo.text * 1.25 {
        let need = nc as f64 * (typo.small * 1.1 * ns as f64 / 0.78).max(typo.text * 1.25);
        let what = format!("{nc} categories × {ns} series");
        return Err(too_short(&what, need, lay.plot_h, theme.height));
    }
    let sub_gap = (theme.pad * 0.25).max(1.0);
    let gap = theme.pad * 0.75;
    let mut ends = Vec::with_capacity(nc * ns);
    let mut data_max: f64 = 0.0;
    let mut whole = true;
    for s in &chart.series {
        for v in &s.values {
            ends.push((*v, Typo::width(&fmt_number(*v), value_px, Weight::Regular)?));
            data_max = data_max.max(*v);
            whole &= *v == v.trunc();
        }
    }
    let xmax = lay.value_max(&ends, gap)?;
    let ticks = lay.ticks(data_max, whole, xmax, &chart.number, typo)?;
    let unit = nc as f64 / lay.plot_h; // data units per px along y
    // Centre of series `j` in category `i`, in data units.
    let centre = |i: usize, j: usize| {
        let c = (nc - i) as f64 - 0.5;
        c + ((ns as f64 - 1.0) / 2.0 - j as f64) * pitch * unit
    };
    let half = (pitch - sub_gap) / 2.0 * unit;
    let bars = chart
        .series
        .iter()
        .enumerate()
        .map(|(j, s)| {
            s.values.iter().enumerate().map(|(i, v)| (centre(i, j), fmt_number(*v))).collect()
        })
        .collect();
    let centres = (0..nc).map(|i| (nc - i) as f64 - 0.5).collect();
    let legend = legend(chart, theme, typo, lay.left, legend_h)?;
    Ok(GroupedLayout { frame: lay, xmax, ticks, centres, bars, half, value_px, gap, legend })
}
