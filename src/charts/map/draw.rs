//! Drawing a laid-out map with plotters: water, graticule, countries, names, insets, point
//! labels, dots and the frame, in that order.

use plotters::coord::Shift;
use plotters::prelude::{
    ChartBuilder, Circle, DrawingArea, IntoDrawingArea, PathElement, Polygon, Rectangle, SVGBackend,
};
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{Color, ShapeStyle};

use super::super::{ChartError, ChartTheme, Palette, Rgb, TickAxis, Typo, Weight, finish_svg, px};
use super::CountryStyle;
use super::dots::Dots;
use super::insets::{InsetBox, arrow_shape};
use super::key::{KeyEntry, KeyMark};
use super::labels::PointLabel;
use super::layout::MapLayout;

/// The fill of a country of `style`.
fn country_fill(style: CountryStyle, pal: &Palette) -> Rgb {
    match style {
        CountryStyle::Plain => pal.land,
        CountryStyle::Shaded => pal.tones[2],
        CountryStyle::Emphasised => pal.accent,
    }
}

/// The drawing area of a whole map.
type Root<'a> = DrawingArea<SVGBackend<'a>, Shift>;

/// An inset: its box, its arrow and its lines.
fn draw_inset(
    root: &Root,
    ins: &InsetBox,
    theme: &ChartTheme,
    typo: &Typo,
) -> Result<(), ChartError> {
    let pal = &theme.palette;
    let b = ins.rect;
    root.draw(&Rectangle::new(
        [(px(b.x0), px(b.y0)), (px(b.x1), px(b.y1))],
        pal.surface.alpha(0.94).filled(),
    ))?;
    root.draw(&Rectangle::new(
        [(px(b.x0), px(b.y0)), (px(b.x1), px(b.y1))],
        ShapeStyle::from(pal.muted.rgb()).stroke_width(theme.line_px),
    ))?;
    let ((ax, ay), (bx, by)) = ins.shaft;
    root.draw(&PathElement::new(
        vec![(px(ax), px(ay)), (px(bx), px(by))],
        ShapeStyle::from(pal.ink.rgb()).stroke_width(theme.line_px * 2),
    ))?;
    root.draw(&Polygon::new(
        ins.head.iter().map(|&(x, y)| (px(x), px(y))).collect::<Vec<_>>(),
        pal.ink.rgb().filled(),
    ))?;
    let strong = Typo::style(typo.text, Weight::Strong, pal.ink, HPos::Left, VPos::Center);
    for &(label, (x, y)) in std::iter::once(&ins.label).chain(&ins.others) {
        root.draw_text(label, &strong, (px(x), px(y)))?;
    }
    if let Some((text, (x, y))) = ins.text {
        root.draw_text(
            text,
            &Typo::style(typo.small, Weight::Regular, pal.muted, HPos::Left, VPos::Center),
            (px(x), px(y)),
        )?;
    }
    Ok(())
}

/// A point label on its halo, with its leader line if it has one.
fn draw_point_label(
    root: &Root,
    l: &PointLabel,
    theme: &ChartTheme,
    typo: &Typo,
) -> Result<(), ChartError> {
    let pal = &theme.palette;
    let halo = l.rect.grow(2.0);
    root.draw(&Rectangle::new(
        [(px(halo.x0), px(halo.y0)), (px(halo.x1), px(halo.y1))],
        pal.surface.alpha(0.8).filled(),
    ))?;
    if let Some(((ax, ay), (bx, by))) = l.leader {
        root.draw(&PathElement::new(
            vec![(px(ax), px(ay)), (px(bx), px(by))],
            ShapeStyle::from(pal.ink.rgb()).stroke_width(theme.line_px),
        ))?;
    }
    root.draw_text(
        &l.text,
        &Typo::style(typo.text, Weight::Strong, pal.ink, l.anchor.hpos(), VPos::Center),
        (px(l.x), px(l.y)),
    )?;
    Ok(())
}

/// The dots: each an ink disc in a ring of the surface colour.
fn draw_dots(root: &Root, dots: &Dots, pal: &Palette) -> Result<(), ChartError> {
    for d in &dots.dots {
        let (x, y) = d.at;
        let ring = px(dots.radius + dots.ring);
        root.draw(&Circle::new((px(x), px(y)), ring, pal.surface.rgb().filled()))?;
        root.draw(&Circle::new((px(x), px(y)), px(dots.radius), pal.ink.rgb().filled()))?;
    }
    Ok(())
}

/// The key: each entry's number (strong) or arrow, then its name's lines.
fn draw_key(
    root: &Root,
    key: &[KeyEntry],
    theme: &ChartTheme,
    typo: &Typo,
) -> Result<(), ChartError> {
    let pal = &theme.palette;
    let name = Typo::style(typo.small, Weight::Regular, pal.ink, HPos::Left, VPos::Center);
    let number = Typo::style(typo.small, Weight::Strong, pal.ink, HPos::Center, VPos::Center);
    for e in key {
        let (mx, my) = e.mark_at;
        match &e.mark {
            KeyMark::Number(n) => root.draw_text(n, &number, (px(mx), px(my)))?,
            KeyMark::Arrow((ux, uy)) => {
                let reach = typo.small * 0.5;
                let arrow =
                    ((mx - ux * reach, my - uy * reach), (mx + ux * reach, my + uy * reach));
                let (((ax, ay), (bx, by)), head) = arrow_shape(arrow);
                root.draw(&PathElement::new(
                    vec![(px(ax), px(ay)), (px(bx), px(by))],
                    ShapeStyle::from(pal.ink.rgb()).stroke_width(theme.line_px * 2),
                ))?;
                root.draw(&Polygon::new(
                    head.iter().map(|&(x, y)| (px(x), px(y))).collect::<Vec<_>>(),
                    pal.ink.rgb().filled(),
                ))?;
            }
        }
        for (line, (x, y)) in &e.lines {
            root.draw_text(line, &name, (px(*x), px(*y)))?;
        }
    }
    Ok(())
}

/// The SVG text of a laid-out map.
pub(super) fn draw_map(
    layout: &MapLayout,
    theme: &ChartTheme,
    typo: &Typo,
) -> Result<String, ChartError> {
    let pal = &theme.palette;
    let frame = &layout.frame;
    let ((lon0, lon1), (lat0, lat1)) = (frame.lon, frame.lat);
    let (lon_lines, lat_lines) = layout.graticule.clone();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, frame.size).into_drawing_area();
        root.fill(&pal.surface.rgb())?;
        // The plot is the frame; a key takes the room right of it or under it.
        let (right, bottom) =
            (frame.size.0 as i32 - px(frame.rect.x1), frame.size.1 as i32 - px(frame.rect.y1));
        let mut ctx = ChartBuilder::on(&root)
            .margin(frame.margin)
            .margin_right(right)
            .margin_bottom(bottom)
            .build_cartesian_2d(
                TickAxis::new(lon0, lon1, lon_lines),
                TickAxis::new(lat0, lat1, lat_lines),
            )?;
        ctx.plotting_area().fill(&pal.water.rgb())?;
        ctx.configure_mesh()
            .disable_axes()
            .bold_line_style(ShapeStyle::from(pal.rule.rgb()).stroke_width(theme.line_px))
            .light_line_style(pal.surface.alpha(0.0))
            .draw()?;

        let hatch_style = ShapeStyle::from(pal.ink.alpha(0.45)).stroke_width(theme.line_px);
        for c in &layout.countries {
            let fill = country_fill(c.style, pal);
            ctx.draw_series(c.rings.iter().map(|r| Polygon::new(r.clone(), fill.rgb().filled())))?;
            for (p, q) in &c.hatch {
                root.draw(&PathElement::new(
                    vec![(px(p.0), px(p.1)), (px(q.0), px(q.1))],
                    hatch_style,
                ))?;
            }
        }
        // Borders: thin lines in the surface colour over all fills.
        let border = ShapeStyle::from(pal.surface.rgb()).stroke_width(theme.line_px);
        for c in &layout.countries {
            ctx.draw_series(c.rings.iter().map(|r| {
                let mut closed = r.clone();
                closed.push(r[0]);
                PathElement::new(closed, border)
            }))?;
        }

        for f in &layout.names {
            let style = Typo::style(typo.small, f.weight, f.color, HPos::Center, VPos::Center);
            for (line, (x, y)) in f.line_centres() {
                root.draw_text(line, &style, (px(x), px(y)))?;
            }
        }
        for ins in &layout.insets {
            draw_inset(&root, ins, theme, typo)?;
        }
        for l in &layout.point_labels {
            draw_point_label(&root, l, theme, typo)?;
        }
        draw_dots(&root, &layout.dots, pal)?;
        draw_key(&root, &layout.key, theme, typo)?;
        let f = frame.rect;
        root.draw(&Rectangle::new(
            [(px(f.x0), px(f.y0)), (px(f.x1), px(f.y1))],
            ShapeStyle::from(pal.muted.rgb()).stroke_width(theme.line_px),
        ))?;
        root.present()?;
    }
    Ok(finish_svg(svg))
}
