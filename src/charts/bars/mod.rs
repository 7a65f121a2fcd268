//! Horizontal bar charts: one series with emphasis, and grouped series.

mod draw;
mod layout;

#[cfg(test)]
mod tests;

use super::{ChartError, ChartTheme, Rgb, Typo, check_value};

/// One bar of a [`BarChart`].
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// Category name, written left of the bar (e.g. "Šiauliai").
    pub label: String,
    /// Length of the bar; not negative.
    pub value: f64,
    /// Text written at the end of the bar (e.g. "8"); empty for none.
    pub value_label: String,
    /// Draw this bar in the accent colour with semibold labels.
    pub emphasis: bool,
    /// A shorter category name, written when `label` does not fit the label column.
    pub short_label: Option<String>,
}

/// Horizontal bars, one per category, top to bottom in the given order.
#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    /// The bars.
    pub bars: Vec<Bar>,
    /// What the value axis counts (e.g. "Deployments"); empty for none.
    pub axis_label: String,
}

/// One series of a [`GroupedBarChart`]: a value per category.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Name shown in the legend (e.g. "Operations").
    pub name: String,
    /// One value per category, in category order; not negative.
    pub values: Vec<f64>,
}

/// Horizontal bars grouped by category, one bar per series, series told apart by lightness.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupedBarChart {
    /// Category names, top to bottom (e.g. "Army", "Air Force", "Navy").
    pub categories: Vec<String>,
    /// One to four series; the first is drawn darkest.
    pub series: Vec<Series>,
    /// What the value axis counts; empty for none.
    pub axis_label: String,
}

/// The fills for `n` series, darkest first, as far apart in lightness as the ladder allows.
pub(crate) fn series_tones(theme: &ChartTheme, n: usize) -> Vec<Rgb> {
    let t = &theme.palette.tones;
    match n {
        0 => vec![],
        1 => vec![t[0]],
        2 => vec![t[0], t[2]],
        3 => vec![t[0], t[1], t[2]],
        _ => t.to_vec(),
    }
}

/// Horizontal bar chart with value labels at the bar ends and a light value grid.
///
/// Emphasised bars are accent-coloured with semibold labels; the others step back to a light
/// tone. Without emphasis all bars are the second tone of the ladder.
pub fn bar_chart(chart: &BarChart, theme: &ChartTheme) -> Result<String, ChartError> {
    if chart.bars.is_empty() {
        return Err(ChartError::Empty("bars"));
    }
    for bar in &chart.bars {
        check_value(&bar.label, bar.value)?;
    }
    let typo = Typo::new(theme)?;
    let layout = layout::lay_out_bars(chart, theme, &typo)?;
    draw::draw_bars(chart, &layout, theme, &typo)
}

/// Grouped horizontal bars: per category one bar per series, dark to light, with a legend above
/// and each value written at its bar's end.
pub fn grouped_bar_chart(
    chart: &GroupedBarChart,
    theme: &ChartTheme,
) -> Result<String, ChartError> {
    check_grouped(chart)?;
    let typo = Typo::new(theme)?;
    let layout = layout::lay_out_grouped(chart, theme, &typo)?;
    draw::draw_grouped(chart, &layout, theme, &typo)
}

/// Refuses a grouped chart that cannot be drawn: no categories or series, more series than
/// the lightness ladder tells apart, a series of the wrong length, a bad value.
fn check_grouped(chart: &GroupedBarChart) -> Result<(), ChartError> {
    if chart.categories.is_empty() {
        return Err(ChartError::Empty("categories"));
    }
    if chart.series.is_empty() {
        return Err(ChartError::Empty("series"));
    }
    if chart.series.len() > 4 {
        return Err(ChartError::Invalid(format!(
            "{} series cannot be told apart by lightness; at most 4",
            chart.series.len()
        )));
    }
    for s in &chart.series {
        if s.values.len() != chart.categories.len() {
            return Err(ChartError::Invalid(format!(
                "series {:?} has {} values for {} categories",
                s.name,
                s.values.len(),
                chart.categories.len()
            )));
        }
        for (v, cat) in s.values.iter().zip(&chart.categories) {
            check_value(&format!("{} / {}", cat, s.name), *v)?;
        }
    }
    Ok(())
}
