//! The charts stage: each planned chart drawn as SVG, at the size planning
//! chose (an A4 share of the text width, or a slide), in the theme's colours.

use super::{BarChart, ChartError, ChartTheme, GroupedBarChart, MapChart, Palette, TimelineChart};
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
    let result =
        if slide { draw_for_slide(&chart.spec, &theme) } else { draw_for_a4(&chart.spec, &theme) };
    result.map_err(|e| Diagnostic::error(format!("chart `{}` cannot be drawn: {e}", chart.id)))
}

/// Draws a chart for an A4 page, as wide as its share of the text width.
fn draw_for_a4(spec: &ChartSpec, theme: &ChartTheme) -> Result<(String, Vec<String>), ChartError> {
    let theme = theme.clone();
    // Heights grow with what is drawn, in proportion to the width (the figures below are
    // for a 720 px wide chart), and leave room for a few lines of text in a narrow chart.
    let scale = f64::from(theme.width) / 720.0;
    let px = |v: f64| ((v * scale).round() as u32).max(160);
    let plain = |svg: String| (svg, Vec::new());
    match spec {
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
            let height = theme.width * 8 / 5;
            let theme = ChartTheme { height, text_px: 14.0, small_px: 12.5, ..theme };
            super::map_drawing(spec, &theme).map(|d| (d.svg, d.warnings))
        }
    }
}

/// The box a slide's chart is drawn for, in px of a chart as wide as the slide's text
/// area (1280 px to the 872 pt between the margins, so its 26/23 px text sets at about
/// 17.7/15.7 pt when the template places it at that scale, as deck.typ does): a chart
/// under a title of one line and a caption of three lines, or, for a map, the area beside a
/// caption column (a map is taller than wide where a bar chart is wide and flat).
pub const SLIDE_BOX_PX: (u32, u32) = (1280, 390);

/// The map's box on a slide: the text width less a 240 pt caption column and its gutter.
pub const SLIDE_MAP_BOX_PX: (u32, u32) = (887, 492);

/// The box of a map whose labels do not all fit [`SLIDE_MAP_BOX_PX`].
pub const SLIDE_MAP_FALLBACK_PX: (u32, u32) = (1280, 720);

/// Draws a chart for a 16:9 slide, for the box it gets there (see [`SLIDE_BOX_PX`]), so
/// that its text prints at 14 pt or more when projected.
fn draw_for_slide(
    spec: &ChartSpec,
    theme: &ChartTheme,
) -> Result<(String, Vec<String>), ChartError> {
    let (width, most) = SLIDE_BOX_PX;
    // A chart with more rows or categories than the box holds at this type size is drawn
    // in a larger box of the same shape, up to twice the size: set in the slide's box it
    // then has smaller type (a long chart is better split by the data than made unreadable).
    // First a little taller at the same width (the slide sets it a little smaller, text
    // still over 14 pt when the caption is short), then larger in both directions.
    let mut scale = 1.0;
    let mut taller = 1.0;
    loop {
        let w = (f64::from(width) * scale) as u32;
        let h = (f64::from(most) * scale * taller) as u32;
        match draw_in_slide_box(spec, &ChartTheme { width: w, ..theme.clone() }, h) {
            Err(ChartError::Layout(_)) if scale < 2.0 && !matches!(spec, ChartSpec::Map(_)) => {
                if taller < 1.15 {
                    taller += 0.075
                } else {
                    scale += 0.125
                }
            }
            result => return result,
        }
    }
}

/// Draws a slide chart `theme.width` px wide, at most `most` px high.
fn draw_in_slide_box(
    spec: &ChartSpec,
    theme: &ChartTheme,
    most: u32,
) -> Result<(String, Vec<String>), ChartError> {
    let width = theme.width;
    let theme = theme.clone();
    // Heights grow with what is drawn (the figures are for a 720 px wide chart, scaled to
    // 1280), up to the box.
    let px = |v: f64| ((v * f64::from(width) / 720.0).round() as u32).clamp(160, most);
    let plain = |svg: String| (svg, Vec::new());
    match spec {
        ChartSpec::Bar(spec) => {
            let height = px(110.0 + 56.0 * spec.bars.len() as f64).max(px(200.0));
            super::bar_chart(spec, &ChartTheme { height, ..theme }).map(plain)
        }
        ChartSpec::Overview(spec) => {
            super::grouped_bar_chart(spec, &ChartTheme { height: most, ..theme }).map(plain)
        }
        ChartSpec::Timeline(spec) => {
            let height =
                px(150.0 + 34.0 * spec.rows.len() as f64 + 24.0 * spec.markers.len() as f64)
                    .max(px(260.0));
            super::timeline_chart(spec, &ChartTheme { height, ..theme }).map(plain)
        }
        // A map whose labels do not all find room in the box is drawn in a larger box (the
        // slide sets it in the same room, its type smaller, down to about 12 pt): a name
        // left out would be worse.
        ChartSpec::Map(spec) => {
            let (width, height) = SLIDE_MAP_BOX_PX;
            let drawn = super::map_drawing(spec, &ChartTheme { width, height, ..theme.clone() })?;
            if drawn.warnings.is_empty() {
                return Ok((drawn.svg, drawn.warnings));
            }
            let (width, height) = SLIDE_MAP_FALLBACK_PX;
            super::map_drawing(spec, &ChartTheme { width, height, ..theme })
                .map(|d| (d.svg, d.warnings))
        }
    }
}
