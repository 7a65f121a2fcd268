//! Horizontal bar charts: one series with emphasis, and grouped series.

use plotters::prelude::{
    ChartBuilder, IntoDrawingArea, LabelAreaPosition, PathElement, Rectangle, SVGBackend,
};
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{Color, ShapeStyle};

use super::{
    ChartError, ChartTheme, Rgb, TickAxis, Typo, Weight, check_value, finish_svg, fmt_number,
    nice_ticks, px, too_short,
};

/// One bar of a [`BarChart`].
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// Category name, written left of the bar (e.g. "Šiauliai").
    pub label: String,
    /// Length of the bar; not negative.
    pub value: f64,
    /// Text written at the end of the bar (e.g. "8"); empty for none.
    pub value_label: String,
    /// Draw this bar in the accent colour with semibold labels.
    pub emphasis: bool,
}

/// Horizontal bars, one per category, top to bottom in the given order.
#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    /// The bars.
    pub bars: Vec<Bar>,
    /// What the value axis counts (e.g. "Deployments"); empty for none.
    pub axis_label: String,
}

/// One series of a [`GroupedBarChart`]: a value per category.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Name shown in the legend (e.g. "Operations").
    pub name: String,
    /// One value per category, in category order; not negative.
    pub values: Vec<f64>,
}

/// Horizontal bars grouped by category, one bar per series, series told apart by lightness.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupedBarChart {
    /// Category names, top to bottom (e.g. "Army", "Air Force", "Navy").
    pub categories: Vec<String>,
    /// One to four series; the first is drawn darkest.
    pub series: Vec<Series>,
    /// What the value axis counts; empty for none.
    pub axis_label: String,
}

/// The fills for `n` series, darkest first, as far apart in lightness as the ladder allows.
pub(crate) fn series_tones(theme: &ChartTheme, n: usize) -> Vec<Rgb> {
    let t = &theme.palette.tones;
    match n {
        0 => vec![],
        1 => vec![t[0]],
        2 => vec![t[0], t[2]],
        3 => vec![t[0], t[1], t[2]],
        _ => t.to_vec(),
    }
}

/// Horizontal layout shared by both bar charts: label column, plot, value room, ticks.
struct HLayout {
    /// Left edge of the plot.
    left: i32,
    /// Top edge of the plot.
    top: i32,
    right: i32,
    plot_w: f64,
    plot_h: f64,
    x_area: i32,
    tick_mark: i32,
    labels: Vec<String>,
}

impl HLayout {
    fn new(
        theme: &ChartTheme,
        categories: &[(String, Weight)],
        top: f64,
        axis_label: &str,
    ) -> Result<HLayout, ChartError> {
        let (w, h) = (f64::from(theme.width), f64::from(theme.height));
        let pad = theme.pad;
        let max_label = (w * 0.32).floor();
        let mut labels = Vec::with_capacity(categories.len());
        let mut label_w: f64 = 0.0;
        for (text, weight) in categories {
            let fitted = Typo::fit(text, theme.text_px, *weight, max_label)?;
            label_w = label_w.max(Typo::width(&fitted, theme.text_px, *weight)?);
            labels.push(fitted);
        }
        let left = px(pad + label_w + pad * 1.5);
        let right = px(pad * 2.5);
        let tick_gap = (pad * 0.4).round().max(1.0) as i32;
        let mut x_area = f64::from(tick_gap * 2) + theme.small_px * 1.3;
        if !axis_label.is_empty() {
            x_area += pad * 0.75 + theme.small_px * 1.3;
        }
        let x_area = px(x_area);
        let top = px(top);
        let bottom = px(pad);
        let plot_w = f64::from(theme.width as i32 - left - right);
        let plot_h = f64::from(theme.height as i32 - top - bottom - x_area);
        if plot_w < w * 0.25 || plot_h < h * 0.25 {
            return Err(ChartError::Layout(format!(
                "a {}×{} chart has no room for the bars beside these labels",
                theme.width, theme.height
            )));
        }
        Ok(HLayout { left, top, right, plot_w, plot_h, x_area, tick_mark: tick_gap, labels })
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
}

/// Horizontal bar chart with value labels at the bar ends and a light value grid.
///
/// Emphasised bars are accent-coloured with semibold labels; the others step back to a light
/// tone. Without emphasis all bars are the second tone of the ladder.
pub fn bar_chart(chart: &BarChart, theme: &ChartTheme) -> Result<String, ChartError> {
    if chart.bars.is_empty() {
        return Err(ChartError::Empty("bars"));
    }
    for bar in &chart.bars {
        check_value(&bar.label, bar.value)?;
    }
    let typo = Typo::new(theme)?;
    let pal = &theme.palette;
    let weight = |b: &Bar| if b.emphasis { Weight::Strong } else { Weight::Regular };
    let cats: Vec<(String, Weight)> =
        chart.bars.iter().map(|b| (b.label.clone(), weight(b))).collect();
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
        ends.push((bar.value, Typo::width(&bar.value_label, typo.text, weight(bar))?));
    }
    let xmax = lay.value_max(&ends, gap)?;
    let whole = chart.bars.iter().all(|b| b.value == b.value.trunc());
    let data_max = chart.bars.iter().fold(0.0_f64, |m, b| m.max(b.value));
    let tick_w = Typo::width("0000", typo.small, Weight::Regular)?;
    let max_ticks = ((lay.plot_w / (tick_w * 2.0)).floor() as usize).clamp(2, 6);
    let ticks: Vec<f64> =
        nice_ticks(data_max, max_ticks, whole).into_iter().filter(|t| *t <= xmax).collect();
    let any_emphasis = chart.bars.iter().any(|b| b.emphasis);
    let base_fill = if any_emphasis { pal.tones[2] } else { pal.tones[1] };
    let thick = (band * 0.62).min(typo.text * 2.2) / lay.plot_h * n as f64;
    let formatter = |v: &f64| fmt_number(*v);

    let mut svg = String::new();
    {
        let root =
            SVGBackend::with_string(&mut svg, (theme.width, theme.height)).into_drawing_area();
        root.fill(&pal.surface.rgb())?;
        let mut ctx = ChartBuilder::on(&root)
            .margin_left(lay.left)
            .margin_top(lay.top)
            .margin_right(lay.right)
            .margin_bottom(px(theme.pad))
            .set_label_area_size(LabelAreaPosition::Bottom, lay.x_area)
            .build_cartesian_2d(TickAxis::new(0.0, xmax, ticks), 0.0..n as f64)?;
        ctx.configure_mesh()
            .disable_y_mesh()
            .axis_style(pal.surface.alpha(0.0))
            .bold_line_style(ShapeStyle::from(pal.rule.rgb()).stroke_width(theme.line_px))
            .light_line_style(pal.surface.alpha(0.0))
            .set_tick_mark_size(LabelAreaPosition::Bottom, lay.tick_mark)
            .x_label_style(Typo::style(
                typo.small,
                Weight::Regular,
                pal.muted,
                HPos::Center,
                VPos::Top,
            ))
            .x_label_formatter(&formatter)
            .x_desc(chart.axis_label.as_str())
            .axis_desc_style(Typo::style(
                typo.small,
                Weight::Regular,
                pal.muted,
                HPos::Center,
                VPos::Bottom,
            ))
            .draw()?;
        ctx.draw_series(chart.bars.iter().enumerate().map(|(i, bar)| {
            let c = (n - i) as f64 - 0.5;
            let fill = if bar.emphasis { pal.accent } else { base_fill };
            Rectangle::new(
                [(0.0, c - thick / 2.0), (bar.value, c + thick / 2.0)],
                fill.rgb().filled(),
            )
        }))?;
        ctx.draw_series(std::iter::once(PathElement::new(
            vec![(0.0, 0.0), (0.0, n as f64)],
            ShapeStyle::from(pal.ink.rgb()).stroke_width(theme.line_px),
        )))?;
        for (i, (bar, label)) in chart.bars.iter().zip(&lay.labels).enumerate() {
            let c = (n - i) as f64 - 0.5;
            let (x0, y) = ctx.backend_coord(&(0.0, c));
            let (x1, _) = ctx.backend_coord(&(bar.value, c));
            let w = weight(bar);
            root.draw_text(
                label,
                &Typo::style(typo.text, w, pal.ink, HPos::Right, VPos::Center),
                (x0 - px(theme.pad * 1.5), y),
            )?;
            if !bar.value_label.is_empty() {
                root.draw_text(
                    &bar.value_label,
                    &Typo::style(typo.text, w, pal.ink, HPos::Left, VPos::Center),
                    (x1 + px(gap), y),
                )?;
            }
        }
        root.present()?;
    }
    Ok(finish_svg(svg))
}

/// Grouped horizontal bars: per category one bar per series, dark to light, with a legend above
/// and each value written at its bar's end.
pub fn grouped_bar_chart(
    chart: &GroupedBarChart,
    theme: &ChartTheme,
) -> Result<String, ChartError> {
    if chart.categories.is_empty() {
        return Err(ChartError::Empty("categories"));
    }
    if chart.series.is_empty() {
        return Err(ChartError::Empty("series"));
    }
    if chart.series.len() > 4 {
        return Err(ChartError::Invalid(format!(
            "{} series cannot be told apart by lightness; at most 4",
            chart.series.len()
        )));
    }
    for s in &chart.series {
        if s.values.len() != chart.categories.len() {
            return Err(ChartError::Invalid(format!(
                "series {:?} has {} values for {} categories",
                s.name,
                s.values.len(),
                chart.categories.len()
            )));
        }
        for (v, cat) in s.values.iter().zip(&chart.categories) {
            check_value(&format!("{} / {}", cat, s.name), *v)?;
        }
    }
    let typo = Typo::new(theme)?;
    let pal = &theme.palette;
    let ns = chart.series.len();
    let nc = chart.categories.len();
    let legend_h = typo.text * 1.4;
    let cats: Vec<(String, Weight)> =
        chart.categories.iter().map(|c| (c.clone(), Weight::Regular)).collect();
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
    let tick_w = Typo::width("0000", typo.small, Weight::Regular)?;
    let max_ticks = ((lay.plot_w / (tick_w * 2.0)).floor() as usize).clamp(2, 6);
    let ticks: Vec<f64> =
        nice_ticks(data_max, max_ticks, whole).into_iter().filter(|t| *t <= xmax).collect();
    let tones = series_tones(theme, ns);
    let unit = nc as f64 / lay.plot_h; // data units per px along y
    let formatter = |v: &f64| fmt_number(*v);
    // Centre of series `j` in category `i`, in data units.
    let centre = |i: usize, j: usize| {
        let c = (nc - i) as f64 - 0.5;
        c + ((ns as f64 - 1.0) / 2.0 - j as f64) * pitch * unit
    };
    let half = (pitch - sub_gap) / 2.0 * unit;

    let mut svg = String::new();
    {
        let root =
            SVGBackend::with_string(&mut svg, (theme.width, theme.height)).into_drawing_area();
        root.fill(&pal.surface.rgb())?;
        let mut ctx = ChartBuilder::on(&root)
            .margin_left(lay.left)
            .margin_top(lay.top)
            .margin_right(lay.right)
            .margin_bottom(px(theme.pad))
            .set_label_area_size(LabelAreaPosition::Bottom, lay.x_area)
            .build_cartesian_2d(TickAxis::new(0.0, xmax, ticks), 0.0..nc as f64)?;
        ctx.configure_mesh()
            .disable_y_mesh()
            .axis_style(pal.surface.alpha(0.0))
            .bold_line_style(ShapeStyle::from(pal.rule.rgb()).stroke_width(theme.line_px))
            .light_line_style(pal.surface.alpha(0.0))
            .set_tick_mark_size(LabelAreaPosition::Bottom, lay.tick_mark)
            .x_label_style(Typo::style(
                typo.small,
                Weight::Regular,
                pal.muted,
                HPos::Center,
                VPos::Top,
            ))
            .x_label_formatter(&formatter)
            .x_desc(chart.axis_label.as_str())
            .axis_desc_style(Typo::style(
                typo.small,
                Weight::Regular,
                pal.muted,
                HPos::Center,
                VPos::Bottom,
            ))
            .draw()?;
        for (j, (s, tone)) in chart.series.iter().zip(&tones).enumerate() {
            ctx.draw_series(s.values.iter().enumerate().map(|(i, v)| {
                let c = centre(i, j);
                Rectangle::new([(0.0, c - half), (*v, c + half)], tone.rgb().filled())
            }))?;
        }
        ctx.draw_series(std::iter::once(PathElement::new(
            vec![(0.0, 0.0), (0.0, nc as f64)],
            ShapeStyle::from(pal.ink.rgb()).stroke_width(theme.line_px),
        )))?;
        for (i, label) in lay.labels.iter().enumerate() {
            let (x0, y) = ctx.backend_coord(&(0.0, (nc - i) as f64 - 0.5));
            root.draw_text(
                label,
                &Typo::style(typo.text, Weight::Regular, pal.ink, HPos::Right, VPos::Center),
                (x0 - px(theme.pad * 1.5), y),
            )?;
            for (j, s) in chart.series.iter().enumerate() {
                let v = s.values[i];
                let (x1, y) = ctx.backend_coord(&(v, centre(i, j)));
                root.draw_text(
                    &fmt_number(v),
                    &Typo::style(value_px, Weight::Regular, pal.ink, HPos::Left, VPos::Center),
                    (x1 + px(gap), y),
                )?;
            }
        }
        // Legend: swatch and name per series, left to right in series order.
        let sw = (typo.text * 0.9).round();
        let mut x = f64::from(lay.left);
        let y = theme.pad * 1.5 + legend_h / 2.0;
        for (s, tone) in chart.series.iter().zip(&tones) {
            root.draw(&Rectangle::new(
                [(px(x), px(y - sw / 2.0)), (px(x + sw), px(y + sw / 2.0))],
                tone.rgb().filled(),
            ))?;
            x += sw + theme.pad * 0.75;
            root.draw_text(
                &s.name,
                &Typo::style(typo.text, Weight::Regular, pal.ink, HPos::Left, VPos::Center),
                (px(x), px(y)),
            )?;
            x += Typo::width(&s.name, typo.text, Weight::Regular)? + theme.pad * 3.0;
        }
        root.present()?;
    }
    Ok(finish_svg(svg))
}
