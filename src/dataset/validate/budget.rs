//! Page budgets, estimated before anything is laid out: a warning for each
//! fact sheet whose data holds more than its pages can show, naming what to
//! cut. The estimate is deliberately simple (docs/dataset.md, "Page
//! budgets"): it counts charts against the places a sheet has for them, and
//! operations against the rows a branch sheet holds; long lists of bases,
//! formations and key dates are not counted, since a condensed sheet cuts
//! them to an "and N more" line on its own.

use super::checks::header;
use crate::dataset::load::{Located, RawDataset};
use crate::dataset::model::{Chart, ChartKind};
use crate::diag::{Diagnostic, Diagnostics};

/// The kinds of chart a branch sheet sets in a section of its own (the first
/// of each): a bar chart beside the bases, a map beside the formations.
const BRANCH_PLACES: [ChartKind; 2] = [ChartKind::Bar, ChartKind::Map];

/// The kinds the combined sheet places: the overview beside the key figures,
/// the map beside the formations, the timeline chart beside the key dates.
const COMBINED_PLACES: [ChartKind; 3] = [ChartKind::Overview, ChartKind::Map, ChartKind::Timeline];

/// About how many operations a branch sheet lists in its two pages, set at
/// its tightest (a row of about 13 mm each, after the branch's text and
/// before its bases, formations and key dates).
pub const BRANCH_OPERATIONS: usize = 10;

/// The priority of a chart (1 is shown first where not all find room): the
/// data's `priority`, else by kind: the map first (it tells where), then
/// bars and the overview, then the timeline (whose events the sheet lists
/// anyway).
pub fn priority_of(chart: &Chart) -> u32 {
    chart.priority.as_ref().map_or(
        match chart.kind {
            ChartKind::Map => 1,
            ChartKind::Bar | ChartKind::Overview => 2,
            ChartKind::Timeline => 3,
        },
        |p| *p.get_ref(),
    )
}

/// The word a kind of chart is written with in messages.
fn kind_name(kind: ChartKind) -> &'static str {
    match kind {
        ChartKind::Bar => "bar chart",
        ChartKind::Map => "map",
        ChartKind::Overview => "overview chart",
        ChartKind::Timeline => "timeline chart",
    }
}

/// Warns about every fact sheet whose charts or operations exceed what its
/// page budget holds.
pub(super) fn check_budgets(raw: &RawDataset, diags: &mut Diagnostics) {
    for branch in &raw.branches {
        let id = branch.id.get_ref();
        let charts: Vec<&Located<Chart>> = raw
            .charts
            .iter()
            .filter(|c| c.branch.as_ref().is_some_and(|b| b.get_ref() == id))
            .collect();
        check_charts(&format!("the `{id}` fact sheet"), 2, &charts, &BRANCH_PLACES, diags);
        let ops = raw.operations.iter().filter(|o| o.branch.get_ref() == id).count();
        if ops > BRANCH_OPERATIONS {
            diags.push(
                Diagnostic::warning(format!(
                    "the `{id}` fact sheet lists {ops} operations; about {BRANCH_OPERATIONS} \
                     fit in its 2 pages"
                ))
                .at(&branch.file, header(branch))
                .hint(
                    "the sheet will run over its pages: keep operations' names and `assets` \
                     short, or move past operations to a branch of their own",
                ),
            );
        }
    }
    let combined: Vec<&Located<Chart>> = raw.charts.iter().filter(|c| c.branch.is_none()).collect();
    check_charts("the combined fact sheet", 4, &combined, &COMBINED_PLACES, diags);
}

/// Warns when a sheet has more charts than places for them and the data has
/// not chosen, with `priority` on each, which ones stay: the others are
/// left out as the sheet is condensed to its `pages`.
fn check_charts(
    sheet: &str,
    pages: usize,
    charts: &[&Located<Chart>],
    places: &[ChartKind],
    diags: &mut Diagnostics,
) {
    // The sheet places the first of each kind by priority, as the template does.
    let mut charts = charts.to_vec();
    charts.sort_by_key(|c| priority_of(c));
    let mut placed: Vec<ChartKind> = Vec::new();
    let mut unplaced = Vec::new();
    for c in &charts {
        if places.contains(&c.kind) && !placed.contains(&c.kind) {
            placed.push(c.kind);
        } else {
            unplaced.push(*c);
        }
    }
    let Some(first) = unplaced.first() else { return };
    if charts.iter().all(|c| c.priority.is_some()) {
        return;
    }
    let where_: Vec<&str> = places.iter().map(|&k| kind_name(k)).collect();
    let left: Vec<String> = unplaced.iter().map(|c| format!("`{}`", c.id.get_ref())).collect();
    diags.push(
        Diagnostic::warning(format!(
            "{sheet} shows {} charts; at most {} are sure to fit in its {pages} pages (the \
             first {} in sections of their own); {} may be left out",
            charts.len(),
            placed.len(),
            where_.join(", the first "),
            left.join(", "),
        ))
        .at(&first.file, header(first))
        .hint(
            "set `priority` on each chart of this sheet to choose which ones it shows \
             (1 first; by default a map 1, bar and overview charts 2, timelines 3)",
        ),
    );
}
