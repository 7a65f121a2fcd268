//! The charts stage: each planned chart drawn as SVG, at the size planning
//! chose (an A4 share of the text width, or a slide), in the theme's colours.

use super::{BarChart, ChartTheme, GroupedBarChart, MapChart, Palette, TimelineChart};
use crate::diag::{Diagnostic, Diagnostics};

/// What to draw for one chart.
#[derive(Debug, Clone, serde::Serialize)]
pub enum ChartSpec {
    /// Horizontal bars.
    Bar(BarChart),
    /// Branches compared on several series.
    Overview(GroupedBarChart),
    /// Operations over the years.
    Timeline(TimelineChart),
    /// A locator map.
    Map(MapChart),
}

/// A chart planned for one document.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ChartPlan {
    /// Chart id.
    pub id: String,
    /// Drawing spec.
    pub spec: ChartSpec,
    /// On A4 pages, the share (per cent) of the text width the chart is drawn
    /// for and set at; `None` on slides, which draw charts at the slide's size.
    pub share: Option<f64>,
}

/// One chart drawn for a document.
#[derive(Debug, Clone)]
pub struct DrawnChart {
    /// The chart's id, which names its file for the template.
    pub id: String,
    /// The SVG drawing.
    pub svg: String,
    /// What the drawing could not show as asked (e.g. a map label left out), one line each,
    /// without the chart id; the build turns them into warnings naming the chart.
    pub warnings: Vec<String>,
}

impl DrawnChart {
    /// The chart's warnings as diagnostics naming the chart.
    pub fn diagnostics(&self) -> impl Iterator<Item = Diagnostic> + '_ {
        self.warnings.iter().map(|w| Diagnostic::warning(format!("chart `{}`: {w}", self.id)))
    }
}

/// Draws every chart of `charts`; all failures are reported together.
pub fn draw_all(charts: &[ChartPlan], palette: &Palette) -> Result<Vec<DrawnChart>, Diagnostics> {
    let mut drawn = Vec::new();
    let mut diags = Diagnostics::default();
    for chart in charts {
        match draw(chart, palette) {
            Ok((svg, warnings)) => drawn.push(DrawnChart { id: chart.id.clone(), svg, warnings }),
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() { Err(diags) } else { Ok(drawn) }
}

/// Draws one planned chart as SVG, sized as planned: for its share of an A4
/// text width, or for a 16:9 slide; with the drawing's warnings.
pub fn draw(chart: &ChartPlan, palette: &Palette) -> Result<(String, Vec<String>), Diagnostic> {
    let fonts = crate::charts::ChartFonts::embedded();
    let base = match chart.share {
        // An A4 chart is drawn as wide as the share of the text width it is set at, so its
        // type prints at one size whatever that share.
        Some(share) => ChartTheme::a4_share(fonts, share / 100.0),
        None => ChartTheme::slide(fonts),
    };
    let slide = chart.share.is_none();
    let theme = ChartTheme { palette: palette.clone(), ..base };
    // Heights grow with what is drawn, in proportion to the width (the figures below are
    // for a 720 px wide chart), and leave room for a few lines of text in a narrow chart.
    let scale = f64::from(theme.width) / 720.0;
    let px = |v: f64| ((v * scale).round() as u32).max(160);
    let plain = |svg: String| (svg, Vec::new());
    let result = match &chart.spec {
        ChartSpec::Bar(spec) => {
            let height = px(110.0 + 56.0 * spec.bars.len() as f64).clamp(px(200.0), px(480.0));
            super::bar_chart(spec, &ChartTheme { height, ..theme }).map(plain)
        }
        ChartSpec::Overview(spec) => {
            super::grouped_bar_chart(spec, &ChartTheme { height: px(320.0), ..theme }).map(plain)
        }
        ChartSpec::Timeline(spec) => {
            let height =
                px(150.0 + 34.0 * spec.rows.len() as f64 + 24.0 * spec.markers.len() as f64)
                    .clamp(px(260.0), px(620.0));
            super::timeline_chart(spec, &ChartTheme { height, ..theme }).map(plain)
        }
        // Maps fit their area into the box. On A4 the box is tall enough for the width to
        // decide (up to a portrait of 5:8), so the map prints at the scale of the other
        // charts; its labels are a step smaller than other chart text, as on printed maps,
        // so that a map beside a table still has room to name its countries and seas.
        ChartSpec::Map(spec) => {
            let theme = if slide {
                ChartTheme { height: 720, ..theme }
            } else {
                let height = theme.width * 8 / 5;
                ChartTheme { height, text_px: 14.0, small_px: 12.5, ..theme }
            };
            super::map_drawing(spec, &theme).map(|d| (d.svg, d.warnings))
        }
    };
    result.map_err(|e| Diagnostic::error(format!("chart `{}` cannot be drawn: {e}", chart.id)))
}
