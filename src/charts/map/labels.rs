//! Placement of a map's text: names of waters and countries near their given places, and
//! point labels beside their dots, none overlapping another or anything else drawn.

use std::borrow::Cow;

use super::super::geometry::{
    Anchor, Rect, Segment, point_in_ring, ring_area, ring_centroid, segment_hits_rect,
};
use super::super::{ChartError, Palette, Rgb, Typo, Weight};
use super::dots::Dots;
use super::frame::{CountryShape, Frame};
use super::insets::InsetBox;
use super::key::{Key, KeyMark};
use super::{CountryStyle, MapChart, MapCountry};

/// The box of text `w`×`h` px set at (x, y) with the given horizontal anchor, centred on y.
fn text_box(x: f64, y: f64, w: f64, h: f64, anchor: Anchor) -> Rect {
    let x0 = match anchor {
        Anchor::Left => x,
        Anchor::Centre => x - w / 2.0,
        Anchor::Right => x - w,
    };
    Rect::new(x0, y - h / 2.0, x0 + w, y + h / 2.0)
}

/// How far above its anchor the box of text of `size` px is centred.
///
/// Text set at y (centre anchor) spans about y − 0.68 em (accents) to y + 0.42 em
/// (descenders): its box is 1.1 em high, centred 0.13 em above y.
fn raise(size: f64) -> f64 {
    size * 0.13
}

/// A water or country label: lines centred on a preferred place.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct FixedLabel<'a> {
    /// The lines, top to bottom.
    pub(super) lines: Vec<&'a str>,
    /// The x of the lines' centre, in px.
    pub(super) x: f64,
    /// The y midway between the first and the last line's centres, in px.
    pub(super) y: f64,
    /// Width of the widest line.
    w: f64,
    /// Height of all lines.
    h: f64,
    /// Distance between the centres of two lines.
    line_h: f64,
    /// Regular for water, strong for countries.
    pub(super) weight: Weight,
    /// Text colour.
    pub(super) color: Rgb,
    /// The country (index) whose rings must hold the label's centre; `None` for water.
    pub(super) country: Option<usize>,
    /// Whether it names a subject of the map (an emphasised or shaded country), whose
    /// name must not be lost.
    pub(super) subject: bool,
    /// The box the lines take, in px.
    pub(super) rect: Rect,
}

impl<'a> FixedLabel<'a> {
    /// The label `text` (broken at newlines) at (x, y), measured in the small size.
    fn new(
        text: &'a str,
        (x, y): (f64, f64),
        weight: Weight,
        color: Rgb,
        country: Option<usize>,
        typo: &Typo,
    ) -> Result<Self, ChartError> {
        let line_h = typo.small * 1.15;
        let lines: Vec<&str> = text.lines().collect();
        let mut w: f64 = 0.0;
        for l in &lines {
            w = w.max(Typo::width(l, typo.small, weight)?);
        }
        let h = line_h * (lines.len() as f64 - 1.0) + typo.small * 1.1;
        let rect = text_box(x, y - raise(typo.small), w, h, Anchor::Centre);
        Ok(FixedLabel { lines, x, y, w, h, line_h, weight, color, country, subject: false, rect })
    }

    /// The same label as two lines broken at its middle space ("Mer / Baltique"), which fits
    /// narrower waters and countries; `None` unless it is one line with a space.
    fn on_two_lines(&self, typo: &Typo) -> Result<Option<Self>, ChartError> {
        let [line] = self.lines[..] else { return Ok(None) };
        let middle =
            line.match_indices(' ').map(|(i, _)| i).min_by_key(|&i| (2 * i).abs_diff(line.len()));
        let Some(i) = middle else { return Ok(None) };
        let lines = vec![&line[..i], &line[i + 1..]];
        let mut w: f64 = 0.0;
        for l in &lines {
            w = w.max(Typo::width(l, typo.small, self.weight)?);
        }
        let h = self.line_h + typo.small * 1.1;
        Ok(Some(FixedLabel { lines, w, h, ..self.clone() }))
    }

    /// Each line with the px position of its centre.
    pub(super) fn line_centres(&self) -> impl Iterator<Item = (&'a str, (f64, f64))> + '_ {
        let top = self.y - self.line_h * (self.lines.len() as f64 - 1.0) / 2.0;
        self.lines
            .iter()
            .enumerate()
            .map(move |(k, line)| (*line, (self.x, top + k as f64 * self.line_h)))
    }
}

/// Where a country's name goes in (lon, lat): its `label_at`, else the centroid of its
/// largest ring in the frame.
fn country_name_place(country: &MapCountry, shape: &CountryShape) -> Option<(f64, f64)> {
    match country.label_at {
        Some(at) => Some(at),
        None => shape
            .rings
            .iter()
            .max_by(|a, b| ring_area(a).abs().total_cmp(&ring_area(b).abs()))
            .and_then(|r| ring_centroid(r)),
    }
}

/// The names to place, at their preferred places, in the order they claim room: the
/// subject countries (emphasised and shaded) first, then waters, then the other countries
/// (those with a label whose place lies in the frame), each in input order. A subject's
/// name thus never gives way to a sea's or a neighbour's.
pub(super) fn names_to_place<'a>(
    chart: &'a MapChart,
    countries: &[CountryShape],
    frame: &Frame,
    pal: &Palette,
    typo: &Typo,
) -> Result<Vec<FixedLabel<'a>>, ChartError> {
    let country_labels = |subject: bool| -> Result<Vec<FixedLabel<'a>>, ChartError> {
        let mut out = Vec::new();
        for (ci, (c, shape)) in chart.countries.iter().zip(countries).enumerate() {
            let Some(label) = &c.label else { continue };
            if (c.style != CountryStyle::Plain) != subject {
                continue;
            }
            let Some((lon, lat)) = country_name_place(c, shape) else { continue };
            if !frame.contains(lon, lat) {
                continue;
            }
            let color = match c.style {
                CountryStyle::Emphasised => pal.surface,
                CountryStyle::Shaded => pal.ink,
                CountryStyle::Plain => pal.muted,
            };
            let at = frame.project(lon, lat);
            let label = FixedLabel::new(label, at, Weight::Strong, color, Some(ci), typo)?;
            out.push(FixedLabel { subject, ..label });
        }
        Ok(out)
    };
    let mut fixed = country_labels(true)?;
    for (lon, lat, name) in &chart.water_labels {
        let at = frame.project(*lon, *lat);
        fixed.push(FixedLabel::new(name, at, Weight::Regular, pal.muted, None, typo)?);
    }
    fixed.extend(country_labels(false)?);
    Ok(fixed)
}

/// A point's name (or its number in the key) as placed beside its dot.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct PointLabel<'a> {
    /// The name, its short name, or its number in the key.
    pub(super) text: Cow<'a, str>,
    /// The dot it names (an index into the map's dots).
    pub(super) dot: usize,
    /// The x of the anchor point, in px.
    pub(super) x: f64,
    /// The y of the anchor point (the text is centred on it), in px.
    pub(super) y: f64,
    /// Which side of the anchor the text runs to.
    pub(super) anchor: Anchor,
    /// The box the text takes, in px.
    pub(super) rect: Rect,
    /// A line from the dot to the label, for a label set farther off; `None` for none.
    pub(super) leader: Option<Segment>,
}

/// The places a label `h` px high may take beside a dot of radius `r` at (x, y), in the
/// order they are preferred: (ring, anchor, x, y), where ring 0 is the eight places around
/// the dot, and rings 1 and 2 the eight farther and eight farther still, which get a leader
/// line.
fn label_candidates(
    (x, y): (f64, f64),
    r: f64,
    h: f64,
    pad: f64,
    typo: &Typo,
    rings: std::ops::RangeInclusive<usize>,
) -> Vec<(usize, Anchor, f64, f64)> {
    let mut out = Vec::with_capacity(24);
    let offsets = [r + pad * 0.6, r + pad * 0.6 + typo.text * 1.8, r + pad * 0.6 + typo.text * 3.6];
    for ring in rings {
        let o = offsets[ring];
        let d = o * std::f64::consts::FRAC_1_SQRT_2;
        let candidates = [
            (Anchor::Left, x + o, y),
            (Anchor::Right, x - o, y),
            (Anchor::Left, x + d, y - d - h * 0.3),
            (Anchor::Left, x + d, y + d + h * 0.3),
            (Anchor::Right, x - d, y - d - h * 0.3),
            (Anchor::Right, x - d, y + d + h * 0.3),
            (Anchor::Centre, x, y - o - h * 0.5),
            (Anchor::Centre, x, y + o + h * 0.5),
        ];
        out.extend(candidates.into_iter().map(|(anchor, lx, ly)| (ring, anchor, lx, ly)));
    }
    out
}

/// The leader from a dot of radius `r` at (x, y) to the nearest point of its label's box,
/// stopping short of both.
fn leader_line((x, y): (f64, f64), r: f64, rect: &Rect) -> Segment {
    let (qx, qy) = (x.clamp(rect.x0, rect.x1), y.clamp(rect.y0, rect.y1));
    let (vx, vy) = (qx - x, qy - y);
    let l = vx.hypot(vy).max(1e-9);
    let from = (x + vx / l * (r + 2.0), y + vy / l * (r + 2.0));
    (from, (qx - vx / l * 2.0, qy - vy / l * 2.0))
}

/// What a point label must keep clear of: the frame's inside, insets, dots, names it would
/// rather not cover, and the labels placed so far.
struct Obstacles<'s, 'a> {
    dots: &'s Dots<'a>,
    insets: &'s [InsetBox<'s>],
    names: &'s [FixedLabel<'s>],
    inner: Rect,
    labels: Vec<PointLabel<'a>>,
}

impl<'a> Obstacles<'_, 'a> {
    /// The best place for `text` beside dot `i` among the candidates of `rings`: no hard clash
    /// (outside the frame, on an inset, another dot, a label or a leader placed, or a leader
    /// crossing any of them); fewest names covered, then the nearer ring, then the
    /// candidates' order.
    fn best(
        &self,
        i: usize,
        text: Cow<'a, str>,
        rings: std::ops::RangeInclusive<usize>,
        typo: &Typo,
        pad: f64,
    ) -> Result<Option<PointLabel<'a>>, ChartError> {
        let dot = &self.dots.dots[i];
        let (x, y) = dot.at;
        let r = self.dots.radius;
        let w = Typo::width(&text, typo.text, Weight::Strong)?;
        // A key number is a small mark of its own dot: it may sit closer to other text.
        let gap = if text.chars().all(|c| c.is_ascii_digit()) { 1.0 } else { 3.0 };
        let h = typo.text * 1.1;
        let mut chosen: Option<(usize, Anchor, f64, f64, Rect, Option<Segment>)> = None;
        for (ring, anchor, lx, ly) in label_candidates(dot.at, r, h, pad, typo, rings) {
            let rect = text_box(lx, ly - raise(typo.text), w, h, anchor);
            if !rect.inside(&self.inner) {
                continue;
            }
            // A dot drawn on top of this one (a place a few km off at this scale) is one mark
            // with it: its label may touch it. A dot merely near stays an obstacle.
            let on_top = |j: usize| {
                let (ox, oy) = self.dots.dots[j].at;
                (ox - x).hypot(oy - y) < r
            };
            let others = || {
                let rects = self.dots.rects.iter().enumerate();
                rects.filter(move |(j, _)| *j != i && !on_top(*j))
            };
            let clash = self.insets.iter().any(|t| t.rect.overlaps(&rect, gap))
                || self.labels.iter().any(|l| l.rect.overlaps(&rect, gap))
                || self
                    .labels
                    .iter()
                    .filter_map(|l| l.leader)
                    .any(|s| segment_hits_rect(s, &rect, 2.0))
                || others().any(|(_, d)| d.overlaps(&rect, 2.0));
            if clash {
                continue;
            }
            let leader = (ring > 0).then(|| leader_line((x, y), r, &rect));
            if let Some(s) = leader {
                let crosses = self.labels.iter().any(|l| segment_hits_rect(s, &l.rect, 1.0))
                    || self.insets.iter().any(|t| segment_hits_rect(s, &t.rect, 1.0))
                    || others().any(|(_, d)| segment_hits_rect(s, d, 0.0));
                if crosses {
                    continue;
                }
            }
            let covered = self.names.iter().filter(|f| f.rect.overlaps(&rect, 2.0)).count();
            let cost = 2 * covered + ring;
            if chosen.as_ref().is_some_and(|c| c.0 <= cost) {
                continue;
            }
            chosen = Some((cost, anchor, lx, ly, rect, leader));
        }
        Ok(chosen.map(|(_, anchor, x, y, rect, leader)| PointLabel {
            text,
            dot: i,
            x,
            y,
            anchor,
            rect,
            leader,
        }))
    }
}

/// Point labels, in the order of the dots: first each name in the best of its places beside
/// its dot (see [`Obstacles::best`]); then, for the names that found none, in this order, a
/// place farther off with a leader line, a number beside the dot with the name in the key, the
/// short name beside the dot, and else nothing: those names are returned apart.
#[allow(clippy::too_many_arguments)]
pub(super) fn place_point_labels<'a>(
    dots: &Dots<'a>,
    insets: &[InsetBox],
    names: &[FixedLabel],
    frame: &Frame,
    typo: &Typo,
    pad: f64,
    key: &mut Key,
) -> Result<(Vec<PointLabel<'a>>, Vec<&'a str>), ChartError> {
    // Water and country labels prefer their given places but give way to everything else;
    // insets and dots are hard obstacles for the point labels. Every name gets its ordinary
    // place before any is moved farther off, numbered or shortened.
    let mut obs =
        Obstacles { dots, insets, names, inner: frame.rect.grow(-2.0), labels: Vec::new() };
    let mut pending = Vec::new();
    for (i, dot) in dots.dots.iter().enumerate() {
        match obs.best(i, Cow::Borrowed(dot.label), 0..=1, typo, pad)? {
            Some(l) => obs.labels.push(l),
            None => pending.push(i),
        }
    }
    let mut omitted = Vec::new();
    for i in pending {
        let dot = &dots.dots[i];
        if let Some(l) = obs.best(i, Cow::Borrowed(dot.label), 2..=2, typo, pad)? {
            obs.labels.push(l);
            continue;
        }
        let number = key.next_number();
        if let Some(l) = obs.best(i, Cow::Owned(number.clone()), 0..=2, typo, pad)?
            && key.add(KeyMark::Number(number), dot.label)?
        {
            obs.labels.push(l);
            continue;
        }
        let short = match dot.short {
            Some(s) => obs.best(i, Cow::Borrowed(s), 0..=2, typo, pad)?,
            None => None,
        };
        match short {
            Some(l) => obs.labels.push(l),
            None => omitted.push(dot.label),
        }
    }
    // Labels in the order of their dots, whichever step placed them.
    obs.labels.sort_by_key(|l| l.dot);
    Ok((obs.labels, omitted))
}

/// Whether there is land under a box, or a coast within 2 px of it.
///
/// Sampling the box alone let a water label touch a coast that ran between its sample points.
fn on_land(countries: &[CountryShape], b: &Rect) -> bool {
    let rings = || countries.iter().flat_map(|c| &c.rings_px);
    let near = b.grow(2.0);
    let coast =
        rings().flatten().any(|&(x, y)| x > near.x0 && x < near.x1 && y > near.y0 && y < near.y1);
    coast
        || (0..=4).any(|i| {
            (0..=2).any(|j| {
                let p = (
                    b.x0 + (b.x1 - b.x0) * f64::from(i) / 4.0,
                    b.y0 + (b.y1 - b.y0) * f64::from(j) / 2.0,
                );
                rings().any(|r| point_in_ring(p, r))
            })
        })
}

/// Shifts to try for a label `w`×`h` px, nearest first: half steps of a line's height and a
/// third of the width, up to two lines and a width away, ties broken by a fixed order (up
/// before down).
fn nearest_shifts(w: f64, h: f64) -> Vec<(f64, f64)> {
    let (dy, dx) = (h * 0.55, w * 0.35);
    let mut shifts: Vec<(f64, f64)> = (-4..=4_i32)
        .flat_map(|j| (-3..=3_i32).map(move |i| (f64::from(i) * dx, f64::from(j) * dy)))
        .collect();
    shifts.sort_by(|a, b| {
        let d = |&(x, y): &(f64, f64)| (x / dx).hypot(y / dy);
        d(a).total_cmp(&d(b)).then(a.1.total_cmp(&b.1)).then(a.0.total_cmp(&b.0))
    });
    shifts
}

/// How strictly a country's name must lie on its country (see [`place_names`]).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Fit {
    /// The corners of its box at the lines' mid-height, and its centre.
    Whole,
    /// Its centre line: both ends (2 px in) and the centre.
    Line,
    /// Its centre alone.
    Centre,
}

/// Names, each moved to the nearest place clear of the point labels, dots, insets and names
/// placed before it, inside the frame, water off land and a country's name on the country.
/// A one-line name with no such place is tried again on two lines; one that still finds
/// none is left out.
pub(super) fn place_names<'a>(
    names: Vec<FixedLabel<'a>>,
    point_labels: &[PointLabel],
    dots: &Dots,
    insets: &[InsetBox],
    countries: &[CountryShape],
    frame: &Frame,
    typo: &Typo,
) -> Result<Vec<FixedLabel<'a>>, ChartError> {
    // Fixed labels move off anything placed so far (up, down, sideways); water labels stay
    // off land and country labels on their country. One with no such place is left out.
    // A one-line name that finds no place is tried again on two lines, broken at its middle
    // space ("Mer / Baltique"), which fits narrower waters and countries.
    // Names keep half their height clear of the frame ("North Sea" touched it at 2 px).
    let inner = frame.rect.grow(-(typo.small * 0.5).max(2.0));
    let mut shown: Vec<FixedLabel> = Vec::new();
    for f in names {
        let mut shapes = vec![f.clone()];
        if let Some(two) = f.on_two_lines(typo)? {
            shapes.push(two);
        }
        // How strictly a country's name must lie on its country: first its whole box
        // (corners at the lines' mid-height, so that "Lithuania" does not run past its
        // border), then its centre line; a subject country's name, which must not be
        // lost, at last with its centre alone on the country.
        let fits = [Fit::Whole, Fit::Line, Fit::Centre];
        let fits = if f.subject { &fits[..] } else { &fits[..2] };
        let place = fits.iter().find_map(|&fit| {
            shapes.iter().find_map(|f| {
                nearest_shifts(f.w, f.h).iter().find_map(|&(sx, sy)| {
                    let (x, y) = (f.x + sx, f.y + sy);
                    let rect = text_box(x, y - raise(typo.small), f.w, f.h, Anchor::Centre);
                    let clear = rect.inside(&inner)
                        && !point_labels.iter().any(|l| l.rect.overlaps(&rect, 2.0))
                        && !point_labels
                            .iter()
                            .filter_map(|l| l.leader)
                            .any(|s| segment_hits_rect(s, &rect, 1.0))
                        && !dots.rects.iter().any(|d| d.overlaps(&rect, 1.0))
                        && !insets.iter().any(|t| t.rect.overlaps(&rect, 2.0))
                        && !shown.iter().any(|s| s.rect.overlaps(&rect, 2.0));
                    let belongs = match f.country {
                        Some(ci) => {
                            let on = |p: (f64, f64)| {
                                countries[ci].rings_px.iter().any(|r| point_in_ring(p, r))
                            };
                            let mid = y - raise(typo.small);
                            let half = (f.h / 2.0 - typo.small * 0.3).max(0.0);
                            match fit {
                                Fit::Whole => [
                                    (rect.x0, mid - half),
                                    (rect.x1, mid - half),
                                    (rect.x0, mid + half),
                                    (rect.x1, mid + half),
                                    (x, y),
                                ]
                                .into_iter()
                                .all(on),
                                Fit::Line => [(rect.x0 + 2.0, y), (x, y), (rect.x1 - 2.0, y)]
                                    .into_iter()
                                    .all(on),
                                Fit::Centre => on((x, y)),
                            }
                        }
                        None => !on_land(countries, &rect),
                    };
                    (clear && belongs).then(|| FixedLabel { x, y, rect, ..f.clone() })
                })
            })
        });
        if let Some(f) = place {
            shown.push(f);
        }
    }
    Ok(shown)
}
