//! Horizontal bar charts: one series with emphasis, and grouped series.

mod draw;
mod layout;

#[cfg(test)]
mod tests;

use super::{ChartError, ChartTheme, Rgb, Typo, check_value};

/// One bar of a [`BarChart`].
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
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
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BarChart {
    /// The bars.
    pub bars: Vec<Bar>,
    /// What the value axis counts (e.g. "Deployments"); empty for none.
    pub axis_label: String,
    /// How the value axis writes its ticks: the separators of the values' locale.
    pub number: NumberFormat,
}

/// One series of a [`GroupedBarChart`]: a value per category.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Series {
    /// Name shown in the legend (e.g. "Operations").
    pub name: String,
    /// One value per category, in category order; not negative.
    pub values: Vec<f64>,
}

/// Horizontal bars grouped by category, one bar per series, series told apart by lightness.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct GroupedBarChart {
    /// Category names, top to bottom (e.g. "Army", "Air Force", "Navy").
    pub categories: Vec<String>,
    /// A shorter name per category (or none), written when the name does not
    /// fit the label column; may be shorter than `categories`.
    pub short_categories: Vec<Option<String>>,
    /// One to four series; the first is drawn darkest.
    pub series: Vec<Series>,
    /// What the value axis counts; empty for none.
    pub axis_label: String,
    /// How the value axis writes its ticks: the separators of the values' locale.
    pub number: NumberFormat,
}

/// The separators a locale writes numbers with, so that a chart's axis ticks
/// read like the values beside them (`10,000` beside `40,000`, `10 000`
/// beside `40 000`, never `10000`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct NumberFormat {
    /// Between groups of three digits (`,`, a narrow no-break space, `.`); empty for none.
    pub group: String,
    /// Before the decimals (`.`, `,`).
    pub decimal: String,
}

impl Default for NumberFormat {
    /// Digits as Rust writes them: no grouping, a point before the decimals.
    fn default() -> Self {
        NumberFormat { group: String::new(), decimal: ".".into() }
    }
}

impl NumberFormat {
    /// The separators in `sample`, the locale's writing of 1234567.5: what
    /// stands between `1` and `234` is the group separator, what stands
    /// between `567` and `5` the decimal one. A sample that does not read
    /// that way (other digits) gives the default.
    pub fn from_sample(sample: &str) -> Self {
        let parse = || {
            let rest = sample.strip_prefix('1')?;
            let at = rest.find("234")?;
            let group = &rest[..at];
            let rest = rest[at + 3..].strip_prefix(group)?;
            let decimal = rest.strip_prefix("567")?.strip_suffix('5')?;
            (!decimal.is_empty())
                .then(|| NumberFormat { group: group.into(), decimal: decimal.into() })
        };
        parse().unwrap_or_default()
    }

    /// `v` with at most two decimals, its digits grouped by three.
    pub fn format(&self, v: f64) -> String {
        let plain = super::fmt_number(v);
        let (sign, plain) = match plain.strip_prefix('-') {
            Some(rest) => ("-", rest),
            None => ("", plain.as_str()),
        };
        let (int, frac) = plain.split_once('.').unwrap_or((plain, ""));
        let mut grouped = String::new();
        for (i, digit) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                grouped.push_str(&self.group);
            }
            grouped.push(digit);
        }
        if frac.is_empty() {
            format!("{sign}{grouped}")
        } else {
            format!("{sign}{grouped}{}{frac}", self.decimal)
        }
    }
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
