//! Framing of a map: the image's size, the frame in it and the projection into that frame;
//! the countries' outlines clipped to it, and the graticule.

use super::super::ChartTheme;
use super::super::geometry::{Rect, Segment, clip_ring, hatch};
use super::{CountryStyle, MapChart};

/// The map's frame: the SVG's size (cropped to the frame) and the equirectangular projection
/// of the chart's area onto the frame's box.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Frame {
    /// Width and height of the SVG in px.
    pub(super) size: (u32, u32),
    /// Space between the image's edge and the frame: the frame line's own width.
    pub(super) margin: i32,
    /// The frame's box in px.
    pub(super) rect: Rect,
    /// West and east edges, degrees east.
    pub(super) lon: (f64, f64),
    /// South and north edges, degrees north.
    pub(super) lat: (f64, f64),
}

impl Frame {
    /// The chart's area fitted into the theme's box: x scaled by cos(mid-latitude), equal
    /// scale on both axes.
    pub(super) fn fit(chart: &MapChart, theme: &ChartTheme) -> Frame {
        let size = (f64::from(theme.width), f64::from(theme.height));
        Frame::fit_box(chart, size, theme.line_px as i32)
    }

    /// The chart's area fitted into a box of `width`×`height` px, with `margin` px around the
    /// frame line: the box the theme leaves once a key has its room.
    pub(super) fn fit_box(chart: &MapChart, (width, height): (f64, f64), margin: i32) -> Frame {
        let (lon0, lon1) = chart.lon_range;
        let (lat0, lat1) = chart.lat_range;
        // Fit the frame into the theme's box with equal scale, then crop the SVG to it. The
        // frame runs at the image's edge (no more margin than its own line needs), so the map
        // lines up with the text column it is set in and its frame is the only one.
        let k = ((lat0 + lat1) / 2.0).to_radians().cos();
        let aspect = (lon1 - lon0) * k / (lat1 - lat0);
        let edge = 2.0 * f64::from(margin);
        let (aw, ah) = ((width - edge).max(1.0), (height - edge).max(1.0));
        let (fw, fh) = if aw / ah > aspect { (ah * aspect, ah) } else { (aw, aw / aspect) };
        let size =
            ((fw.round() as i32 + 2 * margin) as u32, (fh.round() as i32 + 2 * margin) as u32);
        let rect = Rect::new(
            f64::from(margin),
            f64::from(margin),
            f64::from(size.0 as i32 - margin),
            f64::from(size.1 as i32 - margin),
        );
        Frame { size, margin, rect, lon: chart.lon_range, lat: chart.lat_range }
    }

    /// The px position of (lon, lat).
    pub(super) fn project(&self, lon: f64, lat: f64) -> (f64, f64) {
        let ((lon0, lon1), (lat0, lat1), frame) = (self.lon, self.lat, &self.rect);
        (
            frame.x0 + (lon - lon0) / (lon1 - lon0) * (frame.x1 - frame.x0),
            frame.y0 + (lat1 - lat) / (lat1 - lat0) * (frame.y1 - frame.y0),
        )
    }

    /// Whether (lon, lat) lies in the frame (edges included).
    pub(super) fn contains(&self, lon: f64, lat: f64) -> bool {
        in_area(self.lon, self.lat, lon, lat)
    }
}

/// Whether (lon, lat) lies in the area `lon_range` × `lat_range` (edges included).
pub(super) fn in_area(lon_range: (f64, f64), lat_range: (f64, f64), lon: f64, lat: f64) -> bool {
    let ((lon0, lon1), (lat0, lat1)) = (lon_range, lat_range);
    lon >= lon0 && lon <= lon1 && lat >= lat0 && lat <= lat1
}

/// A country as it is drawn: its rings clipped to the frame, and its hatch.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct CountryShape {
    /// How it is filled.
    pub(super) style: CountryStyle,
    /// Rings clipped to the frame, in (lon, lat) degrees; the chart's axes project them.
    pub(super) rings: Vec<Vec<(f64, f64)>>,
    /// The same rings in px, for label placement and hatching.
    pub(super) rings_px: Vec<Vec<(f64, f64)>>,
    /// Hatch segments in px, ring by ring; only an emphasised country has any.
    pub(super) hatch: Vec<Segment>,
}

/// The chart's countries clipped to the frame (rings wholly outside dropped), in input order,
/// with a hatch `hatch_gap` px apart on emphasised ones.
pub(super) fn country_shapes(chart: &MapChart, frame: &Frame, hatch_gap: f64) -> Vec<CountryShape> {
    let ((lon0, lon1), (lat0, lat1)) = (frame.lon, frame.lat);
    chart
        .countries
        .iter()
        .map(|c| {
            let rings: Vec<Vec<(f64, f64)>> = c
                .polygons
                .iter()
                .map(|r| clip_ring(r, lon0, lon1, lat0, lat1))
                .filter(|r| !r.is_empty())
                .collect();
            let rings_px: Vec<Vec<(f64, f64)>> = rings
                .iter()
                .map(|r| r.iter().map(|&(a, b)| frame.project(a, b)).collect())
                .collect();
            let hatch = if c.style == CountryStyle::Emphasised {
                rings_px.iter().flat_map(|ring| hatch(ring, hatch_gap)).collect()
            } else {
                Vec::new()
            };
            CountryShape { style: c.style, rings, rings_px, hatch }
        })
        .collect()
}

/// Graticule lines every 5° (10° on large frames): the longitudes and latitudes in the frame.
pub(super) fn graticule(frame: &Frame) -> (Vec<f64>, Vec<f64>) {
    let ((lon0, lon1), (lat0, lat1)) = (frame.lon, frame.lat);
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
    (steps(lon0, lon1), steps(lat0, lat1))
}
