//! The layout of a map: everything that is drawn, where, worked out before any drawing.

use super::super::{ChartError, ChartTheme, Typo};
use super::MapChart;
use super::dots::Dots;
use super::frame::{CountryShape, Frame, country_shapes, graticule};
use super::insets::{InsetBox, place_insets};
use super::labels::{FixedLabel, PointLabel, names_to_place, place_names, place_point_labels};

/// Where everything on a map goes, in px unless said otherwise; drawing it takes no decision.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct MapLayout<'a> {
    /// The image's size, the frame and the projection.
    pub(super) frame: Frame,
    /// Longitudes and latitudes of the graticule lines.
    pub(super) graticule: (Vec<f64>, Vec<f64>),
    /// The countries, clipped to the frame, in drawing order.
    pub(super) countries: Vec<CountryShape>,
    /// Water and country names that found a place.
    pub(super) names: Vec<FixedLabel<'a>>,
    /// Boxes for the places outside the frame.
    pub(super) insets: Vec<InsetBox<'a>>,
    /// The dots, and their size.
    pub(super) dots: Dots<'a>,
    /// One label per dot, in the order of the dots.
    pub(super) point_labels: Vec<PointLabel<'a>>,
}

/// Lays a valid map out in the theme's box: the frame first, then what is fixed by it
/// (countries, dots), then insets, point labels and names, each placed clear of the ones
/// before it.
pub(super) fn lay_out_map<'a>(
    chart: &'a MapChart,
    theme: &ChartTheme,
    typo: &Typo,
) -> Result<MapLayout<'a>, ChartError> {
    let pad = theme.pad;
    let frame = Frame::fit(chart, theme);
    let countries = country_shapes(chart, &frame, (pad * 0.75).max(4.0));
    let names = names_to_place(chart, &countries, &frame, &theme.palette, typo)?;
    let dots = Dots::new(chart, &frame, theme, typo);
    let insets = place_insets(&chart.insets, &frame, &dots, typo, pad)?;
    let point_labels = place_point_labels(&dots, &insets, &names, &frame, typo, pad)?;
    let names = place_names(names, &point_labels, &dots, &insets, &countries, &frame, typo)?;
    let graticule = graticule(&frame);
    Ok(MapLayout { frame, graticule, countries, names, insets, dots, point_labels })
}
