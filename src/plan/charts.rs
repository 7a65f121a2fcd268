//! Planning charts: each `[[chart]]` shown in a document becomes a drawing
//! spec with plain, translated values, plus its alt text.

use serde::Serialize;

use super::{Locale, Resolver};
pub use crate::charts::render::{ChartPlan, ChartSpec};
use crate::charts::{
    Bar, BarChart, CountryStyle, GroupedBarChart, MapChart, MapCountry, MapInset, MapPoint, Marker,
    Series, TimelineChart, TimelineRow,
};
use crate::dataset::model::{Chart, ChartKind};
use crate::dataset::{Dataset, Located};
use crate::diag::Diagnostic;

/// A chart as the template sees it.
#[derive(Debug, Clone, Serialize)]
pub struct ChartView {
    /// Id.
    pub id: String,
    /// `bar`, `timeline`, `map` or `overview`.
    pub kind: &'static str,
    /// Title.
    pub title: String,
    /// Caption, may be empty.
    pub caption: String,
    /// Alternative text.
    pub alt: String,
    /// Virtual path of the SVG (`/generated/charts/<id>.svg`).
    pub file: String,
    /// Speaker notes, may be empty.
    pub notes: String,
    /// On A4 pages, the share of the text width (per cent) the chart was drawn
    /// for and is to be set at; filled in when the chart is drawn.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub share: Option<f64>,
}

/// Whether a chart belongs in a document of `scope`.
pub fn shown_in(chart: &Chart, scope: &str, combined: bool) -> bool {
    match &chart.branch {
        Some(b) => !combined && b.get_ref() == scope,
        None => combined,
    }
}

/// Plans one chart for a document of `scope`.
pub(super) fn plan_chart(
    ds: &Dataset,
    locale: &Locale,
    r: &Resolver,
    chart: &Located<Chart>,
    scope: &str,
    combined: bool,
) -> Result<(ChartPlan, ChartView), Diagnostic> {
    let label = |k: &str| locale.label(k);
    // "Bar chart" + ": " + items; the colon is a label because French spaces it.
    let titled = |k: &str, items: String| format!("{}{}{items}", label(k), label("colon"));
    let id = chart.id.get_ref().clone();
    let in_scope = |branch: &str| combined || branch == scope;
    let country_name =
        |cid: &str| ds.countries.iter().find(|c| c.id.get_ref() == cid).map(|c| r.text(&c.name));
    let (spec, kind, generated_alt) = match chart.kind {
        ChartKind::Bar => {
            let bars: Vec<Bar> = if let Some(op) = &chart.rotations {
                ds.rotations
                    .iter()
                    .filter(|rt| rt.operation.get_ref() == op.get_ref())
                    .filter_map(|rt| {
                        let base = ds.bases.iter().find(|b| b.id.get_ref() == rt.base.get_ref())?;
                        let v = *rt.count.get_ref() as f64;
                        Some(Bar {
                            label: r.text(&base.name),
                            value: v,
                            value_label: locale.number(v),
                            emphasis: false,
                        })
                    })
                    .collect()
            } else {
                chart
                    .figures
                    .iter()
                    .filter_map(|f| ds.figures.iter().find(|x| x.id.get_ref() == f.get_ref()))
                    .map(|f| {
                        let v = *f.value.get_ref();
                        Bar {
                            label: r.text(&f.label),
                            value: v,
                            value_label: locale.number(v),
                            emphasis: false,
                        }
                    })
                    .collect()
            };
            let counted = chart.rotations.is_some();
            let parts: Vec<String> = bars
                .iter()
                .map(|b| {
                    if counted {
                        format!("{} {}", b.label, locale.count("rotations", b.value as u64))
                    } else {
                        format!("{} {}", b.label, b.value_label)
                    }
                })
                .collect();
            let alt = titled("chart_bar", parts.join(", "));
            let axis_label = if counted { label("rotations") } else { String::new() };
            (ChartSpec::Bar(BarChart { bars, axis_label }), "bar", alt)
        }
        ChartKind::Overview => {
            let branches: Vec<_> = ds.branches.iter().collect();
            let ops = |b: &crate::dataset::Item<crate::dataset::model::Branch>| -> Vec<&crate::dataset::Item<crate::dataset::model::Operation>> {
                ds.operations.iter().filter(|o| o.branch.get_ref() == b.id.get_ref()).collect()
            };
            let operations: Vec<f64> = branches.iter().map(|b| ops(b).len() as f64).collect();
            let assets: Vec<f64> = branches
                .iter()
                .map(|b| ops(b).iter().map(|o| o.assets.len()).sum::<usize>() as f64)
                .collect();
            let categories: Vec<String> = branches.iter().map(|b| r.text(&b.name)).collect();
            let parts: Vec<String> = categories
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    format!(
                        "{c}{}{}, {}",
                        label("colon"),
                        locale.count("operations", operations[i] as u64),
                        locale.count("assets", assets[i] as u64),
                    )
                })
                .collect();
            let alt = titled("chart_overview", parts.join("; "));
            let spec = GroupedBarChart {
                categories,
                series: vec![
                    Series { name: label("series_operations"), values: operations },
                    Series { name: label("series_assets"), values: assets },
                ],
                axis_label: String::new(),
            };
            (ChartSpec::Overview(spec), "overview", alt)
        }
        ChartKind::Timeline => {
            let ops: Vec<_> = if chart.operations.is_empty() {
                ds.operations.iter().filter(|o| in_scope(o.branch.get_ref())).collect()
            } else {
                chart
                    .operations
                    .iter()
                    .filter_map(|id| ds.operations.iter().find(|o| o.id.get_ref() == id.get_ref()))
                    .collect()
            };
            let events: Vec<_> = chart
                .events
                .iter()
                .filter_map(|id| ds.events.iter().find(|e| e.id.get_ref() == id.get_ref()))
                .collect();
            let to_year = ds.info.as_of.fractional_year();
            let earliest = ops
                .iter()
                .filter_map(|o| o.start.as_ref().map(|s| s.get_ref().fractional_year()))
                .chain(events.iter().map(|e| e.date.get_ref().fractional_year()))
                .fold(to_year - 1.0, f64::min);
            let from_year = chart.from.map(|d| d.fractional_year()).unwrap_or(earliest.floor());
            let branch_index =
                |b: &str| ds.branches.iter().position(|x| x.id.get_ref() == b).unwrap_or(0).min(3);
            let rows: Vec<TimelineRow> = ops
                .iter()
                .map(|o| TimelineRow {
                    label: o
                        .short_name
                        .as_ref()
                        .map(|s| r.text(s))
                        .unwrap_or_else(|| r.text(&o.name)),
                    start: o.start.as_ref().map(|s| s.get_ref().fractional_year().max(from_year)),
                    end: o.end.as_ref().map(|e| e.get_ref().fractional_year().min(to_year)),
                    group: branch_index(o.branch.get_ref()),
                })
                .collect();
            let markers: Vec<Marker> = events
                .iter()
                .filter(|e| e.date.get_ref().fractional_year() >= from_year)
                .map(|e| Marker {
                    at: e.date.get_ref().fractional_year(),
                    label: format!("{} {}", e.date.get_ref().year, r.text(&e.title)),
                })
                .collect();
            let parts: Vec<String> = ops
                .iter()
                .map(|o| {
                    let start = o
                        .start
                        .as_ref()
                        .map(|s| locale.date(s.get_ref()))
                        .unwrap_or_else(|| label("unknown_start"));
                    let end = o
                        .end
                        .as_ref()
                        .map(|e| locale.date(e.get_ref()))
                        .unwrap_or_else(|| label("ongoing"));
                    format!("{} {start}–{end}", r.text(&o.name))
                })
                .collect();
            let mut alt = format!(
                "{} {}–{}{}{}",
                label("chart_timeline"),
                from_year as i64,
                ds.info.as_of.year,
                label("colon"),
                parts.join("; ")
            );
            if !markers.is_empty() {
                let events: Vec<String> = markers.iter().map(|m| m.label.clone()).collect();
                alt.push_str(&format!("; {}", titled("chart_events", events.join("; "))));
            }
            let spec = TimelineChart {
                from_year,
                to_year,
                rows,
                markers,
                ongoing_label: label("ongoing"),
            };
            (ChartSpec::Timeline(spec), "timeline", alt)
        }
        ChartKind::Map => {
            if ds.outlines.countries.is_empty() {
                return Err(chart
                    .error_at(chart.id.span(), format!("map `{id}` needs country outlines, and the dataset has none"))
                    .hint("put outline files in the data folder's geo/ sub-folder (see data/geo/README.md)"));
            }
            let (lon0, lon1, lat0, lat1) = match (&chart.lon, &chart.lat) {
                (Some(lo), Some(la)) => {
                    (lo.get_ref()[0], lo.get_ref()[1], la.get_ref()[0], la.get_ref()[1])
                }
                _ => {
                    return Err(chart.error_at(
                        chart.id.span(),
                        format!("map `{id}` needs lon and lat ranges"),
                    ));
                }
            };
            let ops: Vec<_> =
                ds.operations.iter().filter(|o| in_scope(o.branch.get_ref())).collect();
            let formation_host = |fid: &str| {
                ds.formations
                    .iter()
                    .find(|f| f.id.get_ref() == fid)
                    .map(|f| f.host.get_ref().clone())
            };
            let mut emphasised: Vec<String> = Vec::new();
            for o in &ops {
                for h in o
                    .host_nations
                    .iter()
                    .map(|h| h.get_ref().clone())
                    .chain(o.formation.as_ref().and_then(|f| formation_host(f.get_ref())))
                {
                    if !emphasised.contains(&h) {
                        emphasised.push(h);
                    }
                }
            }
            // Formations give the wider picture (all battlegroups) on combined and land-type maps.
            let show_formations = combined || ops.iter().any(|o| o.formation.is_some());
            let shaded: Vec<String> = if show_formations {
                ds.formations.iter().map(|f| f.host.get_ref().clone()).collect()
            } else {
                Vec::new()
            };
            let countries: Vec<MapCountry> = ds
                .outlines
                .countries
                .iter()
                .map(|c| {
                    let style = if emphasised.contains(&c.id) {
                        CountryStyle::Emphasised
                    } else if shaded.contains(&c.id) {
                        CountryStyle::Shaded
                    } else {
                        CountryStyle::Plain
                    };
                    let name = country_name(&c.id).unwrap_or_else(|| c.name.clone());
                    MapCountry {
                        label: (style != CountryStyle::Plain).then(|| name.clone()),
                        name,
                        polygons: c
                            .polygons
                            .iter()
                            .map(|ring| ring.iter().map(|p| (p[0], p[1])).collect())
                            .collect(),
                        style,
                        label_at: None,
                    }
                })
                .collect();
            let base_ids: Vec<String> = if chart.bases.is_empty() {
                let mut v: Vec<String> = Vec::new();
                for o in &ops {
                    for b in &o.bases {
                        if !v.contains(b.get_ref()) {
                            v.push(b.get_ref().clone());
                        }
                    }
                }
                v
            } else {
                chart.bases.iter().map(|b| b.get_ref().clone()).collect()
            };
            let mut points = Vec::new();
            let mut insets = Vec::new();
            let mut base_names = Vec::new();
            for bid in &base_ids {
                let Some(base) = ds.bases.iter().find(|b| b.id.get_ref() == bid) else { continue };
                let (Some(lat), Some(lon)) = (
                    base.lat.as_ref().map(|v| *v.get_ref()),
                    base.lon.as_ref().map(|v| *v.get_ref()),
                ) else {
                    continue;
                };
                let name = r.text(&base.name);
                let country = country_name(base.country.get_ref()).unwrap_or_default();
                base_names.push(format!("{name} ({country})"));
                if (lon0..=lon1).contains(&lon) && (lat0..=lat1).contains(&lat) {
                    points.push(MapPoint { lon, lat, label: name });
                } else {
                    insets.push(MapInset { label: name, lon, lat, text: country });
                }
            }
            let names = |ids: &[String]| {
                ids.iter()
                    .map(|c| country_name(c).unwrap_or_else(|| c.clone()))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let shaded_only: Vec<String> =
                shaded.iter().filter(|c| !emphasised.contains(c)).cloned().collect();
            let mut alt = format!(
                "{} – {}",
                label("chart_map"),
                titled("chart_emphasised", names(&emphasised))
            );
            if !shaded_only.is_empty() {
                alt.push_str(&format!("; {}", titled("chart_shaded", names(&shaded_only))));
            }
            if !base_names.is_empty() {
                alt.push_str(&format!("; {}", titled("chart_bases", base_names.join(", "))));
            }
            let spec = MapChart {
                lon_range: (lon0, lon1),
                lat_range: (lat0, lat1),
                countries,
                points,
                water_labels: chart
                    .labels
                    .iter()
                    .map(|l| (l.lon, l.lat, r.text(&l.name)))
                    .collect(),
                insets,
            };
            (ChartSpec::Map(spec), "map", alt)
        }
    };
    let view = ChartView {
        file: format!("{}/charts/{id}.svg", crate::typeset::world::GENERATED_DIR),
        id: id.clone(),
        kind,
        title: r.text(&chart.title),
        caption: r.opt(&chart.caption),
        alt: chart.alt.as_ref().map(|a| r.text(a)).unwrap_or(generated_alt),
        notes: r.opt(&chart.notes),
        share: None,
    };
    Ok((ChartPlan { id, spec, share: None }, view))
}
