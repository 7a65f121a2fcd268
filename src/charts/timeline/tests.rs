//! Tests of the timeline's layout, without drawing: marker stacking, marker lines, rows.

use super::super::geometry::Anchor;
use super::super::tests::sample_timeline;
use super::super::{ChartError, ChartTheme, Typo};
use super::layout::{MarkerFlag, lay_out_timeline};
use super::markers::{MarkerLabel, place_markers};

fn a4() -> ChartTheme {
    ChartTheme::a4(crate::charts::ChartFonts::embedded())
}

/// Whether two placed labels share a level and come closer than `min_sep` across.
fn clash(a: &super::markers::Placed, b: &super::markers::Placed, min_sep: f64) -> bool {
    a.level <= b.top()
        && b.level <= a.top()
        && a.rect.x0 < b.rect.x1 + min_sep
        && b.rect.x0 < a.rect.x1 + min_sep
}

#[test]
fn stacked_marker_labels_never_overlap_and_stay_in_bounds() {
    // Ten labels 60 px wide on lines 20 px apart: they cannot share a level.
    let marks: Vec<MarkerLabel> = (0..10)
        .map(|i| MarkerLabel { x: 40.0 + 20.0 * f64::from(i), one_line: 60.0, two_lines: None })
        .collect();
    let (bounds, gap, min_sep) = ((8.0, 400.0), 4.0, 8.0);
    let placed = place_markers(&marks, bounds, gap, min_sep);
    assert_eq!(placed.len(), marks.len());
    for (i, a) in placed.iter().enumerate() {
        assert!(a.rect.x0 >= bounds.0 && a.rect.x1 <= bounds.1, "{a:?} leaves the bounds");
        assert_eq!(a.x, marks[i].x, "labels come back in input order");
        for b in &placed[i + 1..] {
            assert!(!clash(a, b, min_sep), "{a:?} and {b:?} overlap");
        }
    }
    assert!(placed.iter().map(|p| p.level).max() > Some(1), "crowded labels stack");
}

#[test]
fn a_label_at_the_right_edge_hangs_left_of_its_line() {
    let marks = [MarkerLabel { x: 390.0, one_line: 60.0, two_lines: None }];
    let placed = place_markers(&marks, (8.0, 400.0), 4.0, 8.0);
    assert!(placed[0].left_anchored);
    assert!(placed[0].rect.x1 <= 390.0);
}

#[test]
fn a_marker_line_is_broken_only_at_its_gaps() {
    let flag = MarkerFlag {
        x: 100,
        line_top: 10.0,
        gaps: vec![(5.0, 12.0), (30.0, 40.0), (35.0, 50.0)],
        anchor: Anchor::Left,
        text_x: 104.0,
        lines: vec![("Event".into(), 4.0)],
    };
    assert_eq!(flag.line_runs(200.0), vec![(12.0, 30.0), (50.0, 200.0)]);
    let unbroken = MarkerFlag { gaps: vec![], ..flag };
    assert_eq!(unbroken.line_runs(200.0), vec![(10.0, 200.0)]);
}

#[test]
fn marker_labels_sit_above_the_plot_and_rows_inside_the_years() -> Result<(), ChartError> {
    let chart = sample_timeline();
    let theme = a4();
    let layout = lay_out_timeline(&chart, &theme, &Typo::new(&theme)?)?;
    assert_eq!(layout.flags.len(), chart.markers.len());
    for flag in &layout.flags {
        for (text, y) in &flag.lines {
            assert!(
                *y > 0.0 && *y < f64::from(layout.top),
                "{text:?} at {y} is not above the plot"
            );
        }
        assert!(flag.line_top < f64::from(layout.top));
    }
    let (from, to) = layout.years;
    assert_eq!(layout.rows.len(), chart.rows.len());
    for (row, spec) in layout.rows.iter().zip(&chart.rows) {
        assert_eq!(row.bar.is_some(), spec.start.is_some(), "{}", spec.label);
        let ended_unknown = spec.start.is_none() && spec.end.is_some_and(|e| e <= to);
        assert_eq!(row.end_mark.is_some(), ended_unknown, "{}", spec.label);
        if let Some([(s, lo), (e, hi)]) = row.bar {
            assert!(from <= s && s < e && e <= to, "{}: {s}..{e}", spec.label);
            assert!(lo < row.centre && row.centre < hi);
        }
    }
    assert!(layout.ticks.iter().all(|t| t.fract() == 0.0 && *t >= from && *t <= to));
    Ok(())
}

#[test]
fn an_unknown_start_draws_only_what_is_known() -> Result<(), ChartError> {
    let chart = sample_timeline();
    let theme = a4();
    let layout = lay_out_timeline(&chart, &theme, &Typo::new(&theme)?)?;
    let unknown: Vec<_> =
        layout.rows.iter().zip(&chart.rows).filter(|(_, spec)| spec.start.is_none()).collect();
    assert_eq!(unknown.len(), 2, "two rows of the sample have no start");
    for (row, spec) in unknown {
        assert_eq!(row.bar, None, "{}: no bar", spec.label);
        match spec.end {
            // An ended row: one mark, exactly at its end year.
            Some(end) => {
                let (from, to) = layout.years;
                let plot_w = f64::from(theme.width as i32 - layout.left - layout.right);
                let x = f64::from(layout.left) + (end - from) / (to - from) * plot_w;
                assert_eq!(row.end_mark, Some(x), "{}", spec.label);
                assert!(!row.runs_on);
            }
            // An ongoing row: its arrow and label only.
            None => {
                assert_eq!(row.end_mark, None, "{}", spec.label);
                assert!(row.runs_on && row.ongoing, "{}", spec.label);
            }
        }
    }
    Ok(())
}
