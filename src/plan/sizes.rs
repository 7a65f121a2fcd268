//! How large planned things are set: the widths A4 charts are drawn for.

use crate::charts::render::ChartSpec;

/// Share of an A4 text width, in per cent, that each kind of chart is drawn for
/// and set at (`[chart.share]` of `theme.toml`; the template gets each chart's
/// share with its data); a kind the table leaves out keeps its default.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChartShares {
    /// Bar charts (beside a branch's bases).
    pub bar: f64,
    /// Maps (beside the formations or bases).
    pub map: f64,
    /// The branch overview (beside the key figures).
    pub overview: f64,
    /// The timeline chart (beside the events).
    pub timeline: f64,
}

impl ChartShares {
    /// The share (per cent) an A4 chart drawn from `spec` is set at.
    pub fn of(&self, spec: &ChartSpec) -> f64 {
        match spec {
            ChartSpec::Bar(_) => self.bar,
            ChartSpec::Overview(_) => self.overview,
            ChartSpec::Timeline(_) => self.timeline,
            ChartSpec::Map(_) => self.map,
        }
    }
}

impl Default for ChartShares {
    fn default() -> Self {
        ChartShares { bar: 55.0, map: 54.0, overview: 62.0, timeline: 67.0 }
    }
}
