//! Timeline: one bar per row between fractional years, with key-event markers.

mod draw;
mod layout;
mod markers;

#[cfg(test)]
mod tests;

use super::{ChartError, ChartTheme, Typo};

/// One row of a [`TimelineChart`]: something that ran from `start` to `end`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TimelineRow {
    /// Name written left of the row (e.g. "Šiauliai · rotation 12").
    pub label: String,
    /// Fractional year it began; `None` when unknown (no bar is drawn, never an invented start).
    pub start: Option<f64>,
    /// Fractional year it ended; `None` while ongoing (drawn to the end with an arrow).
    pub end: Option<f64>,
    /// Lightness group, 0 (darkest) to 3, e.g. a branch index.
    pub group: usize,
}

/// A key event: a thin vertical line with a short label above the rows.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Marker {
    /// Fractional year of the event.
    pub at: f64,
    /// Short label (e.g. "NATO accession").
    pub label: String,
}

/// Rows of periods on a year axis, with markers for key events.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TimelineChart {
    /// First fractional year shown.
    pub from_year: f64,
    /// Last fractional year shown; ongoing rows run to here.
    pub to_year: f64,
    /// The rows, top to bottom.
    pub rows: Vec<TimelineRow>,
    /// Key events.
    pub markers: Vec<Marker>,
    /// Written after the arrow of ongoing rows (e.g. "ongoing"); empty for none.
    pub ongoing_label: String,
}

/// Timeline of periods on a year axis with integer year ticks and staggered event markers.
///
/// Ongoing rows (no end) run to `to_year` and end in an arrow with the ongoing label. A row
/// with an unknown start has no bar and no fade: it shows only what is known, a short
/// upright mark at its end, or, while ongoing, the arrow and the ongoing label alone.
///
/// The timeline is laid out whole first (a plain value saying where everything goes), then
/// drawn.
pub fn timeline_chart(chart: &TimelineChart, theme: &ChartTheme) -> Result<String, ChartError> {
    check_timeline(chart, theme)?;
    let typo = Typo::new(theme)?;
    let layout = layout::lay_out_timeline(chart, theme, &typo)?;
    draw::draw_timeline(&layout, theme, &typo)
}

/// Refuses a timeline that cannot be drawn: an empty year range, no rows, a row in no
/// group of the palette, a year that is not a number, a row ending before it starts or
/// lying outside the years, a marker outside the years.
fn check_timeline(chart: &TimelineChart, theme: &ChartTheme) -> Result<(), ChartError> {
    let (from, to) = (chart.from_year, chart.to_year);
    if !(from.is_finite() && to.is_finite() && from < to) {
        return Err(ChartError::Invalid(format!("year range {from}–{to} is empty")));
    }
    if chart.rows.is_empty() {
        return Err(ChartError::Empty("timeline rows"));
    }
    let in_range = |y: f64| y.is_finite() && y >= from && y <= to;
    for row in &chart.rows {
        if row.group >= theme.palette.tones.len() {
            return Err(ChartError::Invalid(format!(
                "row {:?} has group {}; groups run from 0 to {}",
                row.label,
                row.group,
                theme.palette.tones.len() - 1
            )));
        }
        for y in [row.start, row.end].into_iter().flatten() {
            if !y.is_finite() {
                return Err(ChartError::Invalid(format!("row {:?} has a year {y}", row.label)));
            }
        }
        if let (Some(s), Some(e)) = (row.start, row.end)
            && s > e
        {
            return Err(ChartError::Invalid(format!(
                "row {:?} ends ({e}) before it starts ({s})",
                row.label
            )));
        }
        let outside = row.start.is_some_and(|s| s > to) || row.end.is_some_and(|e| e < from);
        if outside {
            return Err(ChartError::Invalid(format!(
                "row {:?} lies outside the years {from}–{to}",
                row.label
            )));
        }
    }
    for m in &chart.markers {
        if !in_range(m.at) {
            return Err(ChartError::Invalid(format!(
                "marker {:?} at {} lies outside the years {from}–{to}",
                m.label, m.at
            )));
        }
    }
    Ok(())
}
