//! Locator map: countries as filled polygons, labelled points, insets for far-away points.

mod dots;
mod draw;
mod extent;
mod frame;
mod insets;
mod key;
mod labels;
mod layout;

#[cfg(test)]
mod tests;

use std::fmt;

pub use extent::map_extent;

use super::{ChartError, ChartTheme, Typo};

/// How a country is filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum CountryStyle {
    /// Background land: light grey.
    Plain,
    /// Involved: a mid tone.
    Shaded,
    /// The subject: accent fill with a dark hatch (reads in grayscale too).
    Emphasised,
}

/// A country (or any region) as one or more outer rings of (lon, lat) degrees.
#[derive(Clone, PartialEq, serde::Serialize)]
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
// thousands of points say nothing to a reader of a message or a log (build
// fingerprints hash the coordinates themselves, through serde).
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
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct MapPoint {
    /// Longitude in degrees east.
    pub lon: f64,
    /// Latitude in degrees north.
    pub lat: f64,
    /// Name written next to the dot.
    pub label: String,
    /// A shorter name for when the full one has no room on the map or in its key.
    pub short_label: Option<String>,
}

/// A place outside the frame: a box at the frame edge with an arrow pointing toward it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct MapInset {
    /// Name, written strong (e.g. "Keflavík").
    pub label: String,
    /// Longitude in degrees east.
    pub lon: f64,
    /// Latitude in degrees north.
    pub lat: f64,
    /// Second line, e.g. "Iceland"; empty for none.
    pub text: String,
    /// A shorter name for when the full one has no room at the edge or in the key.
    pub short_label: Option<String>,
}

/// A locator map in a simple equirectangular projection.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
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

/// A drawn map and what its reader should know about it.
#[derive(Debug, Clone, PartialEq)]
pub struct MapDrawing {
    /// The SVG text.
    pub svg: String,
    /// What could not be shown as asked, e.g. a label left out for want of room.
    pub warnings: Vec<String>,
}

/// Locator map: equirectangular with x scaled by cos(mid-latitude), fitted into the theme's
/// box with equal scale on both axes; the SVG is cropped to the frame and its key, so its
/// width or height may be smaller than the theme's.
///
/// Point labels are placed greedily (input order) among eight positions around each dot, then
/// eight farther ones with a leader line, and never overlap one another, country or water
/// labels, insets, leader lines or dots. A label with no such place gets, in this order, a
/// place still farther off with a leader line; a number beside the dot and its name in a key
/// beside or below the frame; its short name; and as a last resort none, with a warning.
/// Insets that are near one another and in the same country share one box; one with no room
/// at the edge loses its second line, then goes into the key as an arrow and its name.
///
/// The map is laid out whole first (a plain value saying where everything goes), then drawn.
pub fn map_chart(chart: &MapChart, theme: &ChartTheme) -> Result<String, ChartError> {
    map_drawing(chart, theme).map(|d| d.svg)
}

/// [`map_chart`] with the warnings of its layout: the labels it had to leave out.
pub fn map_drawing(chart: &MapChart, theme: &ChartTheme) -> Result<MapDrawing, ChartError> {
    check_map(chart)?;
    let typo = Typo::new(theme)?;
    let layout = layout::lay_out_map(chart, theme, &typo)?;
    let warnings = layout
        .omitted
        .iter()
        .map(|name| format!("no room for the label {name:?}; it is left out"))
        .collect();
    Ok(MapDrawing { svg: draw::draw_map(&layout, theme, &typo)?, warnings })
}

/// Refuses a map that cannot be drawn: a frame that is no area, nothing to draw, a point or
/// water label outside the frame, or a coordinate that is not a number.
fn check_map(chart: &MapChart) -> Result<(), ChartError> {
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
    let inside = |lon: f64, lat: f64| frame::in_area(chart.lon_range, chart.lat_range, lon, lat);
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
    Ok(())
}
