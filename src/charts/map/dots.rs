//! The dots of a map: its points, and the insets that turn out to lie inside the frame.

use super::super::geometry::Rect;
use super::super::{ChartTheme, Typo};
use super::MapChart;
use super::frame::Frame;

/// A dot on the map and the name written beside it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Dot<'a> {
    /// Centre in px.
    pub(super) at: (f64, f64),
    /// Name, written strong.
    pub(super) label: &'a str,
    /// The shorter name the data gives, if any.
    pub(super) short: Option<&'a str>,
}

/// Every dot of a map, with the size they share.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Dots<'a> {
    /// The dots: points in input order, then insets inside the frame.
    pub(super) dots: Vec<Dot<'a>>,
    /// Radius of a dot in px.
    pub(super) radius: f64,
    /// Width of the surface-coloured ring around a dot, in px.
    pub(super) ring: f64,
    /// Each dot's box with its ring, in the order of `dots`: obstacles to labels and insets.
    pub(super) rects: Vec<Rect>,
}

impl<'a> Dots<'a> {
    /// Dots for the chart's points, and for its insets that lie inside the frame.
    pub(super) fn new(chart: &'a MapChart, frame: &Frame, theme: &ChartTheme, typo: &Typo) -> Self {
        let points =
            chart.points.iter().map(|p| (p.lon, p.lat, p.label.as_str(), p.short_label.as_deref()));
        let insets = chart
            .insets
            .iter()
            .filter(|i| frame.contains(i.lon, i.lat))
            .map(|i| (i.lon, i.lat, i.label.as_str(), i.short_label.as_deref()));
        let dots: Vec<Dot<'a>> = points
            .chain(insets)
            .map(|(lon, lat, label, short)| Dot { at: frame.project(lon, lat), label, short })
            .collect();
        let r = (typo.text * 0.3).round().max(3.0);
        let ring_w = f64::from(theme.line_px) * 1.5 + 1.0;
        let rects = dots
            .iter()
            .map(|d| {
                let (x, y) = d.at;
                Rect::new(x - r - ring_w, y - r - ring_w, x + r + ring_w, y + r + ring_w)
            })
            .collect();
        Dots { dots, radius: r, ring: ring_w, rects }
    }
}
