//! Locator map: countries as filled polygons, labelled points, insets for far-away points.

use std::fmt;

use plotters::prelude::{
    ChartBuilder, Circle, IntoDrawingArea, PathElement, Polygon, Rectangle, SVGBackend,
};
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{Color, ShapeStyle};

use super::geometry::{Rect, clip_ring, hatch, point_in_ring, ring_area, ring_centroid};
use super::{ChartError, ChartTheme, TickAxis, Typo, Weight, finish_svg, px};

/// How a country is filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountryStyle {
    /// Background land: light grey.
    Plain,
    /// Involved: a mid tone.
    Shaded,
    /// The subject: accent fill with a dark hatch (reads in grayscale too).
    Emphasised,
}

/// A country (or any region) as one or more outer rings of (lon, lat) degrees.
#[derive(Clone, PartialEq)]
pub struct MapCountry {
    /// Name, used in error messages.
    pub name: String,
    /// Outer rings in (lon, lat) degrees; holes are not supported.
    pub polygons: Vec<Vec<(f64, f64)>>,
    /// Fill.
    pub style: CountryStyle,
    /// Text written on the country; `None` for none.
    pub label: Option<String>,
    /// Where the label goes in (lon, lat); `None` for the centroid of the largest visible ring.
    pub label_at: Option<(f64, f64)>,
}

// The rings are shown as their size and a digest of their coordinates:
// thousands of points say nothing to a reader, and `briefing watch`
// fingerprints chart specs by their `Debug` text on every rebuild, where
// formatting each coordinate took longer than laying out a document.
impl fmt::Debug for MapCountry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use std::hash::{Hash, Hasher};
        let mut digest = std::collections::hash_map::DefaultHasher::new();
        let mut points = 0;
        for ring in &self.polygons {
            ring.len().hash(&mut digest);
            for (lon, lat) in ring {
                lon.to_bits().hash(&mut digest);
                lat.to_bits().hash(&mut digest);
            }
            points += ring.len();
        }
        f.debug_struct("MapCountry")
            .field("name", &self.name)
            .field(
                "polygons",
                &format_args!(
                    "{} rings, {points} points, digest {:016x}",
                    self.polygons.len(),
                    digest.finish()
                ),
            )
            .field("style", &self.style)
            .field("label", &self.label)
            .field("label_at", &self.label_at)
            .finish()
    }
}

/// A labelled place inside the frame, e.g. an air base.
#[derive(Debug, Clone, PartialEq)]
pub struct MapPoint {
    /// Longitude in degrees east.
    pub lon: f64,
    /// Latitude in degrees north.
    pub lat: f64,
    /// Name written next to the dot.
    pub label: String,
}

/// A place outside the frame: a box at the frame edge with an arrow pointing toward it.
#[derive(Debug, Clone, PartialEq)]
pub struct MapInset {
    /// Name, written strong (e.g. "Keflavík").
    pub label: String,
    /// Longitude in degrees east.
    pub lon: f64,
    /// Latitude in degrees north.
    pub lat: f64,
    /// Second line, e.g. "Iceland"; empty for none.
    pub text: String,
}

/// A water or country label: lines centred on a preferred place.
#[derive(Clone)]
struct FixedLabel<'a> {
    lines: Vec<&'a str>,
    x: f64,
    y: f64,
    w: f64,
    h: f64,
    weight: Weight,
    color: super::Rgb,
    /// The country (index) whose rings must hold the label's centre; `None` for water.
    country: Option<usize>,
    rect: Rect,
}

/// A locator map in a simple equirectangular projection.
#[derive(Debug, Clone, PartialEq)]
pub struct MapChart {
    /// West and east edges of the frame, degrees east.
    pub lon_range: (f64, f64),
    /// South and north edges of the frame, degrees north.
    pub lat_range: (f64, f64),
    /// Countries, drawn in order.
    pub countries: Vec<MapCountry>,
    /// Labelled places inside the frame.
    pub points: Vec<MapPoint>,
    /// Names of seas at (lon, lat), e.g. (19.0, 57.5, "Baltic Sea").
    pub water_labels: Vec<(f64, f64, String)>,
    /// Places outside the frame.
    pub insets: Vec<MapInset>,
}

/// Locator map: equirectangular with x scaled by cos(mid-latitude), fitted into the theme's
/// box with equal scale on both axes; the SVG is cropped to the frame, so its width or height
/// may be smaller than the theme's.
///
/// Point labels are placed greedily (input order) among eight positions around each dot, then
/// eight farther ones with a leader line, and never overlap one another, country or water
/// labels, insets or dots; a label with no free place is an error.
pub fn map_chart(chart: &MapChart, theme: &ChartTheme) -> Result<String, ChartError> {
    let (lon0, lon1) = chart.lon_range;
    let (lat0, lat1) = chart.lat_range;
    let finite = [lon0, lon1, lat0, lat1].iter().all(|v| v.is_finite());
    if !finite || lon0 >= lon1 || lat0 >= lat1 || lat0 < -85.0 || lat1 > 85.0 {
        return Err(ChartError::Invalid(format!(
            "map frame lon {lon0}..{lon1}, lat {lat0}..{lat1} is not a valid area"
        )));
    }
    if chart.countries.is_empty() && chart.points.is_empty() {
        return Err(ChartError::Empty("countries or points"));
    }
    let inside = |lon: f64, lat: f64| lon >= lon0 && lon <= lon1 && lat >= lat0 && lat <= lat1;
    for p in &chart.points {
        if !(p.lon.is_finite() && p.lat.is_finite()) {
            return Err(ChartError::Invalid(format!("point {:?} has no position", p.label)));
        }
        if !inside(p.lon, p.lat) {
            return Err(ChartError::Invalid(format!(
                "point {:?} lies outside the map frame; pass it as an inset",
                p.label
            )));
        }
    }
    for (lon, lat, name) in &chart.water_labels {
        if !inside(*lon, *lat) {
            return Err(ChartError::Invalid(format!(
                "water label {name:?} lies outside the frame"
            )));
        }
    }
    for c in &chart.countries {
        for ring in &c.polygons {
            if ring.iter().any(|(x, y)| !(x.is_finite() && y.is_finite())) {
                return Err(ChartError::Invalid(format!(
                    "country {:?} has a bad coordinate",
                    c.name
                )));
            }
        }
    }
    for i in &chart.insets {
        if !(i.lon.is_finite() && i.lat.is_finite()) {
            return Err(ChartError::Invalid(format!("inset {:?} has no position", i.label)));
        }
    }
    let typo = Typo::new(theme)?;
    let pal = &theme.palette;
    let pad = theme.pad;

    // Fit the frame into the theme's box with equal scale, then crop the SVG to it. The frame
    // runs at the image's edge (no more margin than its own line needs), so the map lines up
    // with the text column it is set in and its frame is the only one.
    let k = ((lat0 + lat1) / 2.0).to_radians().cos();
    let aspect = (lon1 - lon0) * k / (lat1 - lat0);
    let margin = theme.line_px as i32;
    let edge = 2.0 * f64::from(margin);
    let (aw, ah) = (f64::from(theme.width) - edge, f64::from(theme.height) - edge);
    let (fw, fh) = if aw / ah > aspect { (ah * aspect, ah) } else { (aw, aw / aspect) };
    let size = ((fw.round() as i32 + 2 * margin) as u32, (fh.round() as i32 + 2 * margin) as u32);
    let frame = Rect::new(
        f64::from(margin),
        f64::from(margin),
        f64::from(size.0 as i32 - margin),
        f64::from(size.1 as i32 - margin),
    );
    let proj = |lon: f64, lat: f64| {
        (
            frame.x0 + (lon - lon0) / (lon1 - lon0) * (frame.x1 - frame.x0),
            frame.y0 + (lat1 - lat) / (lat1 - lat0) * (frame.y1 - frame.y0),
        )
    };

    // Countries clipped to the frame.
    let clipped: Vec<Vec<Vec<(f64, f64)>>> = chart
        .countries
        .iter()
        .map(|c| {
            c.polygons
                .iter()
                .map(|r| clip_ring(r, lon0, lon1, lat0, lat1))
                .filter(|r| !r.is_empty())
                .collect()
        })
        .collect();

    let rings_px: Vec<Vec<Vec<(f64, f64)>>> = clipped
        .iter()
        .map(|rings| rings.iter().map(|r| r.iter().map(|&(a, b)| proj(a, b)).collect()).collect())
        .collect();
    // Land under a box, or a coast within 2 px of it: sampling the box alone let a water
    // label touch a coast that ran between its sample points.
    let on_land = |b: &Rect| {
        let near = b.grow(2.0);
        let coast = rings_px
            .iter()
            .flatten()
            .flatten()
            .any(|&(x, y)| x > near.x0 && x < near.x1 && y > near.y0 && y < near.y1);
        coast
            || (0..=4).any(|i| {
                (0..=2).any(|j| {
                    let p = (
                        b.x0 + (b.x1 - b.x0) * f64::from(i) / 4.0,
                        b.y0 + (b.y1 - b.y0) * f64::from(j) / 2.0,
                    );
                    rings_px.iter().flatten().any(|r| point_in_ring(p, r))
                })
            })
    };

    // Water and country labels prefer their given places but give way to everything else;
    // insets and dots are hard obstacles for the point labels.
    let mut taken: Vec<Rect> = Vec::new();
    let text_box = |x: f64, y: f64, w: f64, h: f64, anchor: HPos| {
        let x0 = match anchor {
            HPos::Left => x,
            HPos::Center => x - w / 2.0,
            HPos::Right => x - w,
        };
        Rect::new(x0, y - h / 2.0, x0 + w, y + h / 2.0)
    };
    let line_h = typo.small * 1.15;
    // Text set at y (centre anchor) spans about y − 0.68 em (accents) to y + 0.42 em
    // (descenders): its box is 1.1 em high, centred 0.13 em above y.
    let raise = |size: f64| size * 0.13;
    let mut fixed: Vec<FixedLabel> = Vec::new();
    for (lon, lat, name) in &chart.water_labels {
        let (x, y) = proj(*lon, *lat);
        let lines: Vec<&str> = name.lines().collect();
        let mut w: f64 = 0.0;
        for l in &lines {
            w = w.max(Typo::width(l, typo.small, Weight::Regular)?);
        }
        let h = line_h * (lines.len() as f64 - 1.0) + typo.small * 1.1;
        fixed.push(FixedLabel {
            lines,
            x,
            y,
            w,
            h,
            weight: Weight::Regular,
            color: pal.muted,
            country: None,
            rect: text_box(x, y - raise(typo.small), w, h, HPos::Center),
        });
    }
    for (ci, (c, rings)) in chart.countries.iter().zip(&clipped).enumerate() {
        let Some(label) = &c.label else { continue };
        let at = match c.label_at {
            Some(at) => Some(at),
            None => rings
                .iter()
                .max_by(|a, b| ring_area(a).abs().total_cmp(&ring_area(b).abs()))
                .and_then(|r| ring_centroid(r)),
        };
        let Some((lon, lat)) = at else { continue };
        if !inside(lon, lat) {
            continue;
        }
        let (x, y) = proj(lon, lat);
        let lines: Vec<&str> = label.lines().collect();
        let mut w: f64 = 0.0;
        for l in &lines {
            w = w.max(Typo::width(l, typo.small, Weight::Strong)?);
        }
        let h = line_h * (lines.len() as f64 - 1.0) + typo.small * 1.1;
        let color = match c.style {
            CountryStyle::Emphasised => pal.surface,
            CountryStyle::Shaded => pal.ink,
            CountryStyle::Plain => pal.muted,
        };
        fixed.push(FixedLabel {
            lines,
            x,
            y,
            w,
            h,
            weight: Weight::Strong,
            color,
            country: Some(ci),
            rect: text_box(x, y - raise(typo.small), w, h, HPos::Center),
        });
    }

    // Dots: points, and insets that turn out to lie inside the frame.
    let extra_points: Vec<MapPoint> = chart
        .insets
        .iter()
        .filter(|i| inside(i.lon, i.lat))
        .map(|i| MapPoint { lon: i.lon, lat: i.lat, label: i.label.clone() })
        .collect();
    let points: Vec<&MapPoint> = chart.points.iter().chain(extra_points.iter()).collect();
    let r = (typo.text * 0.3).round().max(3.0);
    let ring_w = f64::from(theme.line_px) * 1.5 + 1.0;
    let dots: Vec<(f64, f64)> = points.iter().map(|p| proj(p.lon, p.lat)).collect();
    let dot_rects: Vec<Rect> = dots
        .iter()
        .map(|&(x, y)| Rect::new(x - r - ring_w, y - r - ring_w, x + r + ring_w, y + r + ring_w))
        .collect();

    // Insets: a box inside the frame edge, where the ray from the centre toward the place
    // leaves the frame.
    struct InsetBox<'a> {
        rect: Rect,
        arrow: ((f64, f64), (f64, f64)),
        text_x: f64,
        label: &'a str,
        text: &'a str,
    }
    let mut insets = Vec::new();
    let (cx, cy) = frame.centre();
    for ins in chart.insets.iter().filter(|i| !inside(i.lon, i.lat)) {
        let (tx, ty) = proj(ins.lon, ins.lat);
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
        let (ex, ey) = (cx + ux * t, cy + uy * t);
        let arrow_w = typo.text * 1.6;
        let lw = Typo::width(&ins.label, typo.text, Weight::Strong)?;
        let tw = Typo::width(&ins.text, typo.small, Weight::Regular)?;
        let bw = pad + arrow_w + pad * 0.75 + lw.max(tw) + pad;
        let mut bh = pad * 1.2 + typo.text * 1.2;
        if !ins.text.is_empty() {
            bh += typo.small * 1.25;
        }
        let inner = frame.grow(-pad);
        let clamp =
            |v: f64, lo: f64, hi: f64| if lo > hi { (lo + hi) / 2.0 } else { v.clamp(lo, hi) };
        // Where the ray leaves the frame, else slid along that edge clear of dots and other
        // insets.
        let on_side = hit_x <= hit_y;
        let (bx, by) = if on_side {
            let y0 = clamp(ey - bh / 2.0, inner.y0, inner.y1 - bh);
            (if ux < 0.0 { inner.x0 } else { inner.x1 - bw }, y0)
        } else {
            let x0 = clamp(ex - bw / 2.0, inner.x0, inner.x1 - bw);
            (x0, if uy < 0.0 { inner.y0 } else { inner.y1 - bh })
        };
        let step = if on_side { bh + pad } else { bw + pad };
        let place = (0..12).find_map(|k| {
            let shift = f64::from((k + 1) / 2) * step * if k % 2 == 1 { -1.0 } else { 1.0 };
            let (x0, y0) = if on_side { (bx, by + shift) } else { (bx + shift, by) };
            let rect = Rect::new(x0, y0, x0 + bw, y0 + bh);
            let free = rect.inside(&inner.grow(0.5))
                && !taken.iter().any(|t| t.overlaps(&rect, pad * 0.5))
                && !dot_rects.iter().any(|d| d.overlaps(&rect, 2.0));
            free.then_some((x0, y0, rect))
        });
        let Some((x0, y0, rect)) = place else {
            return Err(ChartError::Layout(format!(
                "no free place at the frame edge for the inset {:?}",
                ins.label
            )));
        };
        let (ac, text_x) = if ux < 0.0 {
            ((x0 + pad + arrow_w / 2.0, y0 + bh / 2.0), x0 + pad + arrow_w + pad * 0.75)
        } else {
            ((x0 + bw - pad - arrow_w / 2.0, y0 + bh / 2.0), x0 + pad)
        };
        let reach = arrow_w / 2.0;
        let arrow =
            ((ac.0 - ux * reach, ac.1 - uy * reach), (ac.0 + ux * reach, ac.1 + uy * reach));
        taken.push(rect);
        insets.push(InsetBox { rect, arrow, text_x, label: &ins.label, text: &ins.text });
    }

    struct PointLabel {
        x: f64,
        y: f64,
        anchor: HPos,
        rect: Rect,
        leader: Option<((f64, f64), (f64, f64))>,
    }
    let mut labels: Vec<PointLabel> = Vec::new();
    let inner = frame.grow(-2.0);
    for (i, (p, &(x, y))) in points.iter().zip(&dots).enumerate() {
        let w = Typo::width(&p.label, typo.text, Weight::Strong)?;
        let h = typo.text * 1.1;
        // Best candidate: no hard clash; fewest fixed labels covered, then nearest ring, then
        // the order below.
        let mut chosen: Option<(usize, PointLabel)> = None;
        for (ring, o) in [(0, r + pad * 0.6), (1, r + pad * 0.6 + typo.text * 1.8)] {
            let d = o * std::f64::consts::FRAC_1_SQRT_2;
            let candidates = [
                (HPos::Left, x + o, y),
                (HPos::Right, x - o, y),
                (HPos::Left, x + d, y - d - h * 0.3),
                (HPos::Left, x + d, y + d + h * 0.3),
                (HPos::Right, x - d, y - d - h * 0.3),
                (HPos::Right, x - d, y + d + h * 0.3),
                (HPos::Center, x, y - o - h * 0.5),
                (HPos::Center, x, y + o + h * 0.5),
            ];
            for (anchor, lx, ly) in candidates {
                let rect = text_box(lx, ly - raise(typo.text), w, h, anchor);
                if !rect.inside(&inner) {
                    continue;
                }
                let clash = taken.iter().any(|t| t.overlaps(&rect, 3.0))
                    || labels.iter().any(|l| l.rect.overlaps(&rect, 3.0))
                    || dot_rects.iter().enumerate().any(|(j, d)| j != i && d.overlaps(&rect, 2.0));
                if clash {
                    continue;
                }
                let covered = fixed.iter().map(|f| f.rect);
                let cost = 2 * covered.filter(|f| f.overlaps(&rect, 2.0)).count() + ring;
                if chosen.as_ref().is_some_and(|(c, _)| *c <= cost) {
                    continue;
                }
                let leader = (ring == 1).then(|| {
                    let (qx, qy) = (x.clamp(rect.x0, rect.x1), y.clamp(rect.y0, rect.y1));
                    let (vx, vy) = (qx - x, qy - y);
                    let l = vx.hypot(vy).max(1e-9);
                    let from = (x + vx / l * (r + 2.0), y + vy / l * (r + 2.0));
                    (from, (qx - vx / l * 2.0, qy - vy / l * 2.0))
                });
                chosen = Some((cost, PointLabel { x: lx, y: ly, anchor, rect, leader }));
            }
        }
        let chosen = chosen.map(|(_, l)| l);
        match chosen {
            Some(l) => labels.push(l),
            None => {
                return Err(ChartError::Layout(format!(
                    "no free place for the map label {:?}",
                    p.label
                )));
            }
        }
    }

    // Fixed labels move off anything placed so far (up, down, sideways); water labels stay
    // off land and country labels on their country. One with no such place is left out.
    // A one-line name that finds no place is tried again on two lines, broken at its middle
    // space ("Mer / Baltique"), which fits narrower waters and countries.
    let mut shown: Vec<FixedLabel> = Vec::new();
    for f in fixed {
        let mut shapes = vec![f.clone()];
        if let [line] = f.lines[..]
            && let Some(i) = line
                .match_indices(' ')
                .map(|(i, _)| i)
                .min_by_key(|&i| (2 * i).abs_diff(line.len()))
        {
            let lines = vec![&line[..i], &line[i + 1..]];
            let mut w: f64 = 0.0;
            for l in &lines {
                w = w.max(Typo::width(l, typo.small, f.weight)?);
            }
            let h = line_h + typo.small * 1.1;
            shapes.push(FixedLabel { lines, w, h, ..f.clone() });
        }
        let place = shapes.into_iter().find_map(|f| {
            // Nearest first: half steps of a line's height and a third of the width, up to
            // two lines and a width away, ties broken by a fixed order (up before down).
            let (dy, dx) = (f.h * 0.55, f.w * 0.35);
            let mut shifts: Vec<(f64, f64)> = (-4..=4_i32)
                .flat_map(|j| (-3..=3_i32).map(move |i| (f64::from(i) * dx, f64::from(j) * dy)))
                .collect();
            shifts.sort_by(|a, b| {
                let d = |&(x, y): &(f64, f64)| (x / dx).hypot(y / dy);
                d(a).total_cmp(&d(b)).then(a.1.total_cmp(&b.1)).then(a.0.total_cmp(&b.0))
            });
            shifts.iter().find_map(|&(sx, sy)| {
                let (x, y) = (f.x + sx, f.y + sy);
                let rect = text_box(x, y - raise(typo.small), f.w, f.h, HPos::Center);
                let clear = rect.inside(&inner)
                    && !labels.iter().any(|l| l.rect.overlaps(&rect, 2.0))
                    && !dot_rects.iter().any(|d| d.overlaps(&rect, 1.0))
                    && !taken.iter().any(|t| t.overlaps(&rect, 2.0))
                    && !shown.iter().any(|s| s.rect.overlaps(&rect, 2.0));
                let belongs = match f.country {
                    Some(ci) => [(rect.x0 + 2.0, y), (x, y), (rect.x1 - 2.0, y)]
                        .iter()
                        .all(|&p| rings_px[ci].iter().any(|r| point_in_ring(p, r))),
                    None => !on_land(&rect),
                };
                (clear && belongs).then(|| FixedLabel { x, y, rect, ..f.clone() })
            })
        });
        if let Some(f) = place {
            shown.push(f);
        }
    }

    // Graticule every 5° (10° on large frames).
    let grid = if (lon1 - lon0).max(lat1 - lat0) > 40.0 { 10.0 } else { 5.0 };
    let steps = |a: f64, b: f64| {
        let mut v = Vec::new();
        let mut g = (a / grid).ceil() * grid;
        while g <= b {
            v.push(g);
            g += grid;
        }
        v
    };

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        root.fill(&pal.surface.rgb())?;
        let mut ctx = ChartBuilder::on(&root).margin(margin).build_cartesian_2d(
            TickAxis::new(lon0, lon1, steps(lon0, lon1)),
            TickAxis::new(lat0, lat1, steps(lat0, lat1)),
        )?;
        ctx.plotting_area().fill(&pal.water.rgb())?;
        ctx.configure_mesh()
            .disable_axes()
            .bold_line_style(ShapeStyle::from(pal.rule.rgb()).stroke_width(theme.line_px))
            .light_line_style(pal.surface.alpha(0.0))
            .draw()?;

        for ((c, rings), px_rings) in chart.countries.iter().zip(&clipped).zip(&rings_px) {
            let fill = match c.style {
                CountryStyle::Plain => pal.land,
                CountryStyle::Shaded => pal.tones[2],
                CountryStyle::Emphasised => pal.accent,
            };
            ctx.draw_series(rings.iter().map(|r| Polygon::new(r.clone(), fill.rgb().filled())))?;
            if c.style == CountryStyle::Emphasised {
                let hatch_style = ShapeStyle::from(pal.ink.alpha(0.45)).stroke_width(theme.line_px);
                for ring in px_rings {
                    for (p, q) in hatch(ring, (pad * 0.75).max(4.0)) {
                        root.draw(&PathElement::new(
                            vec![(px(p.0), px(p.1)), (px(q.0), px(q.1))],
                            hatch_style,
                        ))?;
                    }
                }
            }
        }
        // Borders: thin lines in the surface colour over all fills.
        let border = ShapeStyle::from(pal.surface.rgb()).stroke_width(theme.line_px);
        for rings in &clipped {
            ctx.draw_series(rings.iter().map(|r| {
                let mut closed = r.clone();
                closed.push(r[0]);
                PathElement::new(closed, border)
            }))?;
        }

        for f in &shown {
            let top = f.y - line_h * (f.lines.len() as f64 - 1.0) / 2.0;
            for (k, line) in f.lines.iter().enumerate() {
                root.draw_text(
                    line,
                    &Typo::style(typo.small, f.weight, f.color, HPos::Center, VPos::Center),
                    (px(f.x), px(top + k as f64 * line_h)),
                )?;
            }
        }
        for ins in &insets {
            let b = ins.rect;
            root.draw(&Rectangle::new(
                [(px(b.x0), px(b.y0)), (px(b.x1), px(b.y1))],
                pal.surface.alpha(0.94).filled(),
            ))?;
            root.draw(&Rectangle::new(
                [(px(b.x0), px(b.y0)), (px(b.x1), px(b.y1))],
                ShapeStyle::from(pal.muted.rgb()).stroke_width(theme.line_px),
            ))?;
            let ((ax, ay), (bx, by)) = ins.arrow;
            let (ux, uy) = (bx - ax, by - ay);
            let l = ux.hypot(uy).max(1e-9);
            let (ux, uy) = (ux / l, uy / l);
            let head = l * 0.42;
            let (nx, ny) = (-uy, ux);
            root.draw(&PathElement::new(
                vec![(px(ax), px(ay)), (px(bx - ux * head * 0.8), px(by - uy * head * 0.8))],
                ShapeStyle::from(pal.ink.rgb()).stroke_width(theme.line_px * 2),
            ))?;
            root.draw(&Polygon::new(
                vec![
                    (px(bx), px(by)),
                    (px(bx - ux * head + nx * head * 0.55), px(by - uy * head + ny * head * 0.55)),
                    (px(bx - ux * head - nx * head * 0.55), px(by - uy * head - ny * head * 0.55)),
                ],
                pal.ink.rgb().filled(),
            ))?;
            let mut y = b.y0 + pad * 0.6 + typo.text * 0.6;
            root.draw_text(
                ins.label,
                &Typo::style(typo.text, Weight::Strong, pal.ink, HPos::Left, VPos::Center),
                (px(ins.text_x), px(y)),
            )?;
            if !ins.text.is_empty() {
                y += typo.text * 0.6 + typo.small * 0.65;
                root.draw_text(
                    ins.text,
                    &Typo::style(typo.small, Weight::Regular, pal.muted, HPos::Left, VPos::Center),
                    (px(ins.text_x), px(y)),
                )?;
            }
        }

        for (p, l) in points.iter().zip(&labels) {
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
                &p.label,
                &Typo::style(typo.text, Weight::Strong, pal.ink, l.anchor, VPos::Center),
                (px(l.x), px(l.y)),
            )?;
        }
        for &(x, y) in &dots {
            root.draw(&Circle::new((px(x), px(y)), px(r + ring_w), pal.surface.rgb().filled()))?;
            root.draw(&Circle::new((px(x), px(y)), px(r), pal.ink.rgb().filled()))?;
        }
        let f = frame;
        root.draw(&Rectangle::new(
            [(px(f.x0), px(f.y0)), (px(f.x1), px(f.y1))],
            ShapeStyle::from(pal.muted.rgb()).stroke_width(theme.line_px),
        ))?;
        root.present()?;
    }
    Ok(finish_svg(svg))
}
