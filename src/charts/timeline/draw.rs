//! Drawing a laid-out timeline with plotters: year axis and grid, markers behind the bars,
//! then the bars and each row's label, arrow and end mark.

use plotters::coord::Shift;
use plotters::prelude::{
    ChartBuilder, Circle, DrawingArea, IntoDrawingArea, LabelAreaPosition, PathElement, Polygon,
    Rectangle, SVGBackend,
};
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{Color, ShapeStyle};

use super::super::{ChartError, ChartTheme, TickAxis, Typo, Weight, finish_svg, px};
use super::layout::{RowLayout, TimelineLayout};

/// A year tick's label: the year as a whole number.
fn year_label(v: &f64) -> String {
    format!("{}", v.round() as i64)
}

/// What is drawn of a row at its centre `y` besides its bar: its label, the arrow of a row
/// running on with the ongoing label, the end mark of a row whose start is unknown.
fn draw_row_marks(
    root: &DrawingArea<SVGBackend<'_>, Shift>,
    row: &RowLayout,
    y: i32,
    layout: &TimelineLayout,
    theme: &ChartTheme,
    typo: &Typo,
) -> Result<(), ChartError> {
    let pal = &theme.palette;
    let yf = f64::from(y);
    let tone = pal.tones[row.group];
    root.draw_text(
        &row.label,
        &Typo::style(typo.text, Weight::Regular, pal.ink, HPos::Right, VPos::Center),
        (layout.label_x, y),
    )?;
    // Past the end of the axis (ongoing, or ending after `to_year`): an arrowhead, and for
    // ongoing rows the ongoing label.
    if row.runs_on {
        let (x, half) = (layout.arrow_x, layout.arrow_half);
        root.draw(&Polygon::new(
            vec![(x, px(yf - half)), (x + layout.arrow_len, y), (x, px(yf + half))],
            tone.rgb().filled(),
        ))?;
        if row.ongoing {
            root.draw_text(
                layout.ongoing_label,
                &Typo::style(typo.small, Weight::Regular, pal.muted, HPos::Left, VPos::Center),
                (layout.ongoing_x, y),
            )?;
        }
    }
    // The known end of a row whose start is unknown: a short upright bar, solid, as tall as
    // a row's bar; it reads as a date in grayscale too.
    if let Some(x) = row.end_mark {
        let half_w = (f64::from(theme.line_px) * 1.5).max(1.5);
        let y0 = px(yf - layout.thick / 2.0);
        let y1 = px(yf + layout.thick / 2.0);
        root.draw(&Rectangle::new(
            [(px(x - half_w), y0), (px(x + half_w), y1)],
            tone.rgb().filled(),
        ))?;
    }
    Ok(())
}

/// The SVG text of a laid-out timeline.
pub(super) fn draw_timeline(
    layout: &TimelineLayout,
    theme: &ChartTheme,
    typo: &Typo,
) -> Result<String, ChartError> {
    let pal = &theme.palette;
    let (from, to) = layout.years;
    let n = layout.rows.len();
    let mut svg = String::new();
    {
        let root =
            SVGBackend::with_string(&mut svg, (theme.width, theme.height)).into_drawing_area();
        root.fill(&pal.surface.rgb())?;
        let mut ctx = ChartBuilder::on(&root)
            .margin_left(layout.left)
            .margin_top(layout.top)
            .margin_right(layout.right)
            .margin_bottom(layout.bottom)
            .set_label_area_size(LabelAreaPosition::Bottom, layout.x_area)
            .build_cartesian_2d(TickAxis::new(from, to, layout.ticks.clone()), 0.0..n as f64)?;
        ctx.configure_mesh()
            .disable_y_mesh()
            .axis_style(pal.surface.alpha(0.0))
            .bold_line_style(ShapeStyle::from(pal.rule.rgb()).stroke_width(theme.line_px))
            .light_line_style(pal.surface.alpha(0.0))
            .set_tick_mark_size(LabelAreaPosition::Bottom, layout.tick_mark)
            .x_label_style(Typo::style(
                typo.small,
                Weight::Regular,
                pal.muted,
                HPos::Center,
                VPos::Top,
            ))
            .x_label_formatter(&year_label)
            .draw()?;
        let (_, plot_bottom) = ctx.backend_coord(&(from, 0.0));

        // Markers behind the bars: line from the label down to the axis, label beside it.
        let line = ShapeStyle::from(pal.muted.rgb()).stroke_width(theme.line_px);
        for flag in &layout.flags {
            let x = flag.x;
            for (y0, y1) in flag.line_runs(f64::from(plot_bottom)) {
                root.draw(&PathElement::new(vec![(x, px(y0)), (x, px(y1))], line))?;
            }
            let style =
                Typo::style(typo.small, Weight::Regular, pal.ink, flag.anchor.hpos(), VPos::Center);
            for (text, y) in &flag.lines {
                root.draw_text(text, &style, (px(flag.text_x), px(*y)))?;
            }
            // A dot where the line meets its label's first line, and a stroke from it to
            // the text: stacked labels (long Dutch ones on three levels) then each read as
            // the flag of one line.
            if let Some((_, y)) = flag.lines.first() {
                let r = (typo.small * 0.16).max(1.5);
                root.draw(&Circle::new((x, px(*y)), px(r), pal.ink.rgb().filled()))?;
                let tick = ShapeStyle::from(pal.ink.rgb()).stroke_width(theme.line_px);
                root.draw(&PathElement::new(vec![(x, px(*y)), (px(flag.text_x), px(*y))], tick))?;
            }
        }

        // Solid bars (known start), as a series in data coordinates.
        ctx.draw_series(layout.rows.iter().filter_map(|row| {
            let fill = pal.tones[row.group].rgb().filled();
            Some(Rectangle::new(row.bar?, fill))
        }))?;

        for row in &layout.rows {
            let (_, y) = ctx.backend_coord(&(from, row.centre));
            draw_row_marks(&root, row, y, layout, theme, typo)?;
        }
        root.present()?;
    }
    Ok(finish_svg(svg))
}
