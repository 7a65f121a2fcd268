//! Drawing laid-out bar charts with plotters: the value axis and grid, the bars, the zero
//! line, the labels and values, and the grouped chart's legend.

use std::ops::Range;

use plotters::chart::ChartContext;
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::{
    Cartesian2d, ChartBuilder, DrawingArea, IntoDrawingArea, LabelAreaPosition, PathElement,
    Rectangle, SVGBackend,
};
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{Color, ShapeStyle};

use super::super::{ChartError, ChartTheme, TickAxis, Typo, Weight, finish_svg, px};
use super::layout::{BarLayout, GroupedLayout, HLayout, bar_weight};
use super::{BarChart, GroupedBarChart, NumberFormat, series_tones};

/// A chart context of values across and rows up.
type ValuePlane<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<TickAxis, RangedCoordf64>>;

/// The plot of `rows` rows on `root`, with the value axis, its grid and its description
/// drawn: `described` is the description and the number format of the ticks.
fn value_plane<'a, 'b>(
    root: &'a DrawingArea<SVGBackend<'b>, Shift>,
    lay: &HLayout,
    axis: TickAxis,
    rows: Range<f64>,
    described: (&str, &NumberFormat),
    theme: &ChartTheme,
    typo: &Typo,
) -> Result<ValuePlane<'a, 'b>, ChartError> {
    let pal = &theme.palette;
    let (axis_label, number) = described;
    let value_label = |v: &f64| number.format(*v);
    let mut ctx = ChartBuilder::on(root)
        .margin_left(lay.left)
        .margin_top(lay.top)
        .margin_right(lay.right)
        .margin_bottom(lay.bottom)
        .set_label_area_size(LabelAreaPosition::Bottom, lay.x_area)
        .build_cartesian_2d(axis, rows)?;
    ctx.configure_mesh()
        .disable_y_mesh()
        .axis_style(pal.surface.alpha(0.0))
        .bold_line_style(ShapeStyle::from(pal.rule.rgb()).stroke_width(theme.line_px))
        .light_line_style(pal.surface.alpha(0.0))
        .set_tick_mark_size(LabelAreaPosition::Bottom, lay.tick_mark)
        .x_label_style(Typo::style(typo.small, Weight::Regular, pal.muted, HPos::Center, VPos::Top))
        .x_label_formatter(&value_label)
        .x_desc(axis_label)
        .axis_desc_style(Typo::style(
            typo.small,
            Weight::Regular,
            pal.muted,
            HPos::Center,
            VPos::Bottom,
        ))
        .draw()?;
    Ok(ctx)
}

/// A category label's lines, right-aligned at `at` and centred together on its row.
fn draw_label(
    root: &DrawingArea<SVGBackend<'_>, Shift>,
    lines: &[String],
    style: &plotters::style::TextStyle<'_>,
    at: (i32, i32),
    line_h: f64,
) -> Result<(), ChartError> {
    let first = f64::from(at.1) - (lines.len() as f64 - 1.0) * line_h / 2.0;
    for (k, line) in lines.iter().enumerate() {
        root.draw_text(line, style, (at.0, px(first + k as f64 * line_h)))?;
    }
    Ok(())
}

/// The SVG text of a laid-out bar chart.
pub(super) fn draw_bars(
    chart: &BarChart,
    layout: &BarLayout,
    theme: &ChartTheme,
    typo: &Typo,
) -> Result<String, ChartError> {
    let pal = &theme.palette;
    let n = chart.bars.len();
    let any_emphasis = chart.bars.iter().any(|b| b.emphasis);
    let base_fill = if any_emphasis { pal.tones[2] } else { pal.tones[1] };
    let thick = layout.thick;
    let mut svg = String::new();
    {
        let root =
            SVGBackend::with_string(&mut svg, (theme.width, theme.height)).into_drawing_area();
        root.fill(&pal.surface.rgb())?;
        let axis = TickAxis::new(0.0, layout.xmax, layout.ticks.clone());
        let mut ctx = value_plane(
            &root,
            &layout.frame,
            axis,
            0.0..n as f64,
            (&chart.axis_label, &chart.number),
            theme,
            typo,
        )?;
        ctx.draw_series(chart.bars.iter().zip(&layout.centres).map(|(bar, &c)| {
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
        let rows = chart.bars.iter().zip(&layout.frame.labels).zip(&layout.centres);
        for ((bar, label), &c) in rows {
            let (x0, y) = ctx.backend_coord(&(0.0, c));
            let (x1, _) = ctx.backend_coord(&(bar.value, c));
            let w = bar_weight(bar);
            let style = Typo::style(typo.text, w, pal.ink, HPos::Right, VPos::Center);
            draw_label(&root, label, &style, (x0 - px(theme.pad * 1.5), y), layout.frame.line_h)?;
            if !bar.value_label.is_empty() {
                root.draw_text(
                    &bar.value_label,
                    &Typo::style(typo.text, w, pal.ink, HPos::Left, VPos::Center),
                    (x1 + px(layout.gap), y),
                )?;
            }
        }
        root.present()?;
    }
    Ok(finish_svg(svg))
}

/// The SVG text of a laid-out grouped bar chart.
pub(super) fn draw_grouped(
    chart: &GroupedBarChart,
    layout: &GroupedLayout,
    theme: &ChartTheme,
    typo: &Typo,
) -> Result<String, ChartError> {
    let pal = &theme.palette;
    let nc = chart.categories.len();
    let tones = series_tones(theme, chart.series.len());
    let half = layout.half;
    let mut svg = String::new();
    {
        let root =
            SVGBackend::with_string(&mut svg, (theme.width, theme.height)).into_drawing_area();
        root.fill(&pal.surface.rgb())?;
        let axis = TickAxis::new(0.0, layout.xmax, layout.ticks.clone());
        let mut ctx = value_plane(
            &root,
            &layout.frame,
            axis,
            0.0..nc as f64,
            (&chart.axis_label, &chart.number),
            theme,
            typo,
        )?;
        for ((s, bars), tone) in chart.series.iter().zip(&layout.bars).zip(&tones) {
            ctx.draw_series(s.values.iter().zip(bars).map(|(v, (c, _))| {
                Rectangle::new([(0.0, c - half), (*v, c + half)], tone.rgb().filled())
            }))?;
        }
        ctx.draw_series(std::iter::once(PathElement::new(
            vec![(0.0, 0.0), (0.0, nc as f64)],
            ShapeStyle::from(pal.ink.rgb()).stroke_width(theme.line_px),
        )))?;
        let value_style =
            Typo::style(layout.value_px, Weight::Regular, pal.ink, HPos::Left, VPos::Center);
        for (i, (label, &c)) in layout.frame.labels.iter().zip(&layout.centres).enumerate() {
            let (x0, y) = ctx.backend_coord(&(0.0, c));
            let style = Typo::style(typo.text, Weight::Regular, pal.ink, HPos::Right, VPos::Center);
            draw_label(&root, label, &style, (x0 - px(theme.pad * 1.5), y), layout.frame.line_h)?;
            for (s, bars) in chart.series.iter().zip(&layout.bars) {
                let (c, text) = &bars[i];
                let (x1, y) = ctx.backend_coord(&(s.values[i], *c));
                root.draw_text(text, &value_style, (x1 + px(layout.gap), y))?;
            }
        }
        // Legend: swatch and name per series, left to right in series order.
        let name_style = Typo::style(typo.text, Weight::Regular, pal.ink, HPos::Left, VPos::Center);
        for ((s, entry), tone) in chart.series.iter().zip(&layout.legend).zip(&tones) {
            let [(x0, y0), (x1, y1)] = entry.swatch;
            root.draw(&Rectangle::new([(px(x0), px(y0)), (px(x1), px(y1))], tone.rgb().filled()))?;
            let (x, y) = entry.text_at;
            root.draw_text(&s.name, &name_style, (px(x), px(y)))?;
        }
        root.present()?;
    }
    Ok(finish_svg(svg))
}
