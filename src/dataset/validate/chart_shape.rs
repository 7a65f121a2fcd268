//! The shape of a chart: what its kind needs, and nothing of another kind.

use super::checks::{MAX_LAT, MAX_LON, Validator, header, in_degrees, num};

/// Northmost and southmost latitude a map's frame may reach.
const MAP_MAX_LAT: f64 = 85.0;
use crate::dataset::load::Located;
use crate::dataset::model::{Chart, ChartKind};

impl Validator<'_> {
    /// Checks that a chart declares what its kind needs, and nothing of another kind.
    pub(super) fn chart_shape(&mut self, c: &Located<Chart>) {
        let kind = c.kind;
        let fail = |v: &mut Self, msg: String, hint: &str| {
            v.diags.push(c.error_at(header(c), msg).hint(hint.to_owned()))
        };
        match kind {
            ChartKind::Bar => {
                if c.figures.is_empty() == c.rotations.is_none() {
                    fail(
                        self,
                        format!(
                            "bar chart `{}` needs either `figures` or `rotations`",
                            c.id.get_ref()
                        ),
                        "e.g. figures = [\"figure-id\", …] or rotations = \"operation-id\"",
                    );
                }
            }
            ChartKind::Map => {
                // The map's projection stretches without bound towards the
                // poles: its frames stop at ±85° (charts::map checks the same).
                for (field, range, max) in [("lon", &c.lon, MAX_LON), ("lat", &c.lat, MAP_MAX_LAT)]
                {
                    // A range left out is computed from what the map shows (planning).
                    if let Some(r) = range {
                        let ok = r.get_ref().len() == 2
                            && r.get_ref()[0] < r.get_ref()[1]
                            && r.get_ref().iter().all(|&x| in_degrees(x, max));
                        if !ok {
                            self.diags.push(
                                c.error_at(
                                    r.span(),
                                    format!(
                                        "`{field}` must be [min, max] with min < max, within ±{max}"
                                    ),
                                )
                                .hint("e.g. lon = [9, 32], lat = [42, 61]")
                                .hint("a map's frame reaches at most 85° north or south: the poles cannot be drawn"),
                            );
                        }
                    }
                }
            }
            ChartKind::Timeline | ChartKind::Overview => {}
        }
        for l in &c.labels {
            if !(in_degrees(l.lon, MAX_LON) && in_degrees(l.lat, MAX_LAT)) {
                fail(
                    self,
                    format!(
                        "a label of map `{}` is at lon = {}, lat = {}, which is out of range",
                        c.id.get_ref(),
                        num(l.lon),
                        num(l.lat)
                    ),
                    "labels take decimal degrees: lon within ±180, lat within ±90",
                );
            }
        }
        if kind != ChartKind::Bar && (!c.figures.is_empty() || c.rotations.is_some()) {
            fail(
                self,
                "`figures` and `rotations` belong to bar charts".to_owned(),
                "remove them, or set kind = \"bar\"",
            );
        }
        if kind != ChartKind::Map
            && (c.lon.is_some() || c.lat.is_some() || !c.bases.is_empty() || !c.labels.is_empty())
        {
            fail(
                self,
                "`lon`, `lat`, `bases` and `labels` belong to maps".to_owned(),
                "remove them, or set kind = \"map\"",
            );
        }
        if kind != ChartKind::Timeline
            && (!c.operations.is_empty() || !c.events.is_empty() || c.from.is_some())
        {
            fail(
                self,
                "`operations`, `events` and `from` belong to timelines".to_owned(),
                "remove them, or set kind = \"timeline\"",
            );
        }
    }
}
