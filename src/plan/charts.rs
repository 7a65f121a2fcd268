//! Planning charts: each `[[chart]]` shown in a document becomes a drawing
//! spec with plain, translated values, plus its alt text.

use serde::Serialize;

use super::scope::ScopeView;
use super::{Locale, Resolver};
pub use crate::charts::render::{ChartPlan, ChartSpec};
use crate::charts::{
    Bar, BarChart, CountryStyle, GroupedBarChart, MapChart, MapCountry, MapInset, MapPoint, Marker,
    NumberFormat, Series, TimelineChart, TimelineRow,
};
use crate::dataset::model::{Base, Chart, ChartKind, Operation};
use crate::dataset::validate::priority_of;
use crate::dataset::{Dataset, Item, Ix};
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
    /// Which charts a fact sheet keeps when not all of them find room: 1
    /// first (the data's `priority`, else the default of its kind).
    pub priority: u32,
}

/// Plans chart `ix` for a document whose scope `view` describes.
pub(super) fn plan_chart(
    ds: &Dataset,
    locale: &Locale,
    r: &Resolver,
    view: &ScopeView,
    ix: Ix<Chart>,
) -> Result<(ChartPlan, ChartView), Diagnostic> {
    let chart = &ds.charts[ix];
    let p = ChartPlanner { ds, locale, r, view, chart };
    let id = chart.id.get_ref().clone();
    let (spec, kind, generated_alt, inferred) = match chart.kind {
        ChartKind::Bar => p.bar(),
        ChartKind::Overview => p.overview(),
        ChartKind::Timeline => p.timeline(),
        ChartKind::Map => p.map()?,
    };
    let view = ChartView {
        file: crate::served::chart(&id),
        id: id.clone(),
        kind,
        title: r.text(&chart.title),
        caption: with_inference_note(r.opt(&chart.caption), inferred, locale),
        alt: chart.alt.as_ref().map(|a| r.text(a)).unwrap_or(generated_alt),
        notes: r.opt(&chart.notes),
        share: None,
        priority: priority_of(chart),
    };
    Ok((ChartPlan { id, spec, share: None }, view))
}

/// A drawing spec, the chart's kind as the template names it, the alt text
/// generated from the data, and whether it draws an editorial inference
/// (a row or bar marked with a dagger).
type Planned = (ChartSpec, &'static str, String, bool);

/// The dagger after an inferred row's or bar's label.
const INFERRED_MARK: &str = " †";

/// The caption, followed by what the dagger means when the chart shows an
/// inference: a chart never presents one as fact.
fn with_inference_note(caption: String, inferred: bool, locale: &Locale) -> String {
    if !inferred {
        return caption;
    }
    let note = locale.label("chart_inferred");
    if caption.trim().is_empty() { note } else { format!("{caption} {note}") }
}

/// Plans one chart of one document.
struct ChartPlanner<'a> {
    ds: &'a Dataset,
    locale: &'a Locale,
    r: &'a Resolver<'a>,
    view: &'a ScopeView,
    chart: &'a Item<Chart>,
}

impl ChartPlanner<'_> {
    fn label(&self, k: &str) -> String {
        self.locale.label(k)
    }

    /// "Bar chart" + ": " + items; the colon is a label because French spaces it.
    fn titled(&self, k: &str, items: String) -> String {
        format!("{}{}{items}", self.label(k), self.label("colon"))
    }

    /// A country's name by id, if the dataset names it.
    /// The separators the locale writes the values with, for the value axis.
    fn number_format(&self) -> NumberFormat {
        NumberFormat::from_sample(&self.locale.number(1_234_567.5))
    }

    fn country_name(&self, id: &str) -> Option<String> {
        self.ds.countries.by_id(id).map(|c| self.r.text(&c.name))
    }

    /// Bars from figures, or from one operation's rotations per base.
    fn bar(&self) -> Planned {
        let (ds, r, locale, chart) = (self.ds, self.r, self.locale, self.chart);
        let bar = |label: String, v: f64| Bar {
            label,
            value: v,
            value_label: locale.number(v),
            emphasis: false,
            short_label: None,
        };
        let bars: Vec<Bar> = if let Some(op) = chart.links.rotations {
            ds.rotations
                .iter()
                .filter(|rt| rt.links.operation == op)
                .map(|rt| {
                    let base = &ds.bases[rt.links.base];
                    let short_label = base.short_name.as_ref().map(|s| r.text(s));
                    Bar { short_label, ..bar(r.text(&base.name), *rt.count.get_ref() as f64) }
                })
                .collect()
        } else {
            chart
                .links
                .figures
                .iter()
                .map(|&f| &ds.figures[f])
                .map(|f| {
                    let mark = if f.inferred.is_some() { INFERRED_MARK } else { "" };
                    bar(format!("{}{mark}", r.text(&f.label)), f.number())
                })
                .collect()
        };
        let inferred = chart.links.rotations.is_none()
            && chart.links.figures.iter().any(|&f| ds.figures[f].inferred.is_some());
        let counted = chart.links.rotations.is_some();
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
        let alt = self.titled("chart_bar", parts.join(", "));
        let axis_label = if counted { self.label("rotations") } else { String::new() };
        let number = self.number_format();
        (ChartSpec::Bar(BarChart { bars, axis_label, number }), "bar", alt, inferred)
    }

    /// Every branch compared: its operations and the kinds of asset it contributes.
    fn overview(&self) -> Planned {
        let (ds, r, locale) = (self.ds, self.r, self.locale);
        let ops = |b| ds.operations.iter().filter(move |o| o.links.branch == b);
        let branches: Vec<_> = ds.branches.ixs().collect();
        let operations: Vec<f64> = branches.iter().map(|&b| ops(b).count() as f64).collect();
        // The nation's own contribution only (never an operation's `means`),
        // by distinct kind of asset: two detachments of the same combat units
        // are one kind, not two.
        let assets: Vec<f64> = branches
            .iter()
            .map(|&b| {
                let kinds: std::collections::BTreeSet<String> = ops(b)
                    .flat_map(|o| o.assets.iter().map(|a| r.text(a).trim().to_lowercase()))
                    .collect();
                kinds.len() as f64
            })
            .collect();
        let categories: Vec<String> = ds.branches.iter().map(|b| r.text(&b.name)).collect();
        let short_categories =
            ds.branches.iter().map(|b| b.short_name.as_ref().map(|s| r.text(s))).collect();
        let parts: Vec<String> = categories
            .iter()
            .enumerate()
            .map(|(i, c)| {
                format!(
                    "{c}{}{}, {}",
                    self.label("colon"),
                    locale.count("operations", operations[i] as u64),
                    locale.count("assets", assets[i] as u64),
                )
            })
            .collect();
        let alt = self.titled("chart_overview", parts.join("; "));
        let spec = GroupedBarChart {
            categories,
            short_categories,
            series: vec![
                Series { name: self.label("series_operations"), values: operations },
                Series { name: self.label("series_assets"), values: assets },
            ],
            axis_label: String::new(),
            number: self.number_format(),
        };
        (ChartSpec::Overview(spec), "overview", alt, false)
    }

    /// The operations named (default: the scope's) over the years, with the events named.
    fn timeline(&self) -> Planned {
        let (ds, r, locale, chart) = (self.ds, self.r, self.locale, self.chart);
        let op_ixs = if chart.links.operations.is_empty() {
            &self.view.operations
        } else {
            &chart.links.operations
        };
        let ops: Vec<&Item<Operation>> = op_ixs.iter().map(|&o| &ds.operations[o]).collect();
        let events: Vec<_> = chart.links.events.iter().map(|&e| &ds.events[e]).collect();
        let to_year = ds.info.as_of.fractional_year();
        let earliest = ops
            .iter()
            .filter_map(|o| o.start.as_ref().map(|s| s.get_ref().fractional_year()))
            .chain(events.iter().map(|e| e.date.get_ref().fractional_year()))
            .fold(to_year - 1.0, f64::min);
        let from_year = chart.from.map(|d| d.fractional_year()).unwrap_or(earliest.floor());
        let rows: Vec<TimelineRow> = ops
            .iter()
            .map(|o| TimelineRow {
                label: format!(
                    "{}{}",
                    o.short_name.as_ref().map(|s| r.text(s)).unwrap_or_else(|| r.text(&o.name)),
                    if o.inferred.is_some() { INFERRED_MARK } else { "" }
                ),
                start: o.start.as_ref().map(|s| s.get_ref().fractional_year().max(from_year)),
                end: o.end.as_ref().map(|e| e.get_ref().fractional_year().min(to_year)),
                group: o.links.branch.index().min(3),
            })
            .collect();
        let inferred = ops.iter().any(|o| o.inferred.is_some());
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
                    .unwrap_or_else(|| self.label("unknown_start"));
                let end = o
                    .end
                    .as_ref()
                    .map(|e| locale.date(e.get_ref()))
                    .unwrap_or_else(|| self.label("ongoing"));
                format!("{} {start}–{end}", r.text(&o.name))
            })
            .collect();
        let mut alt = format!(
            "{} {}–{}{}{}",
            self.label("chart_timeline"),
            from_year as i64,
            ds.info.as_of.year,
            self.label("colon"),
            parts.join("; ")
        );
        if !markers.is_empty() {
            let events: Vec<String> = markers.iter().map(|m| m.label.clone()).collect();
            alt.push_str(&format!("; {}", self.titled("chart_events", events.join("; "))));
        }
        let spec = TimelineChart {
            from_year,
            to_year,
            rows,
            markers,
            ongoing_label: self.label("ongoing"),
        };
        (ChartSpec::Timeline(spec), "timeline", alt, inferred)
    }

    /// Countries, formations and bases on a locator map.
    fn map(&self) -> Result<Planned, Diagnostic> {
        let (ds, r, chart) = (self.ds, self.r, self.chart);
        let id = chart.id.get_ref();
        if ds.outlines.countries.is_empty() {
            return Err(chart
                .error_at(chart.id.span(), format!("map `{id}` needs country outlines, and the dataset has none"))
                .hint("put outline files in the data folder's geo/ sub-folder (see data/geo/README.md)"));
        }
        let (emphasised, shaded) = self.map_hosts();
        let located: Vec<(&Item<Base>, f64, f64)> = self
            .map_bases()
            .into_iter()
            .map(|b| &ds.bases[b])
            .filter_map(|b| Some((b, *b.lon.as_ref()?.get_ref(), *b.lat.as_ref()?.get_ref())))
            .collect();
        // Without a frame in the data, the map frames its host countries and the bases near
        // them; each range the data gives overrides the computed one.
        let computed = || {
            let places: Vec<(f64, f64)> = located.iter().map(|&(_, lon, lat)| (lon, lat)).collect();
            let hosts = emphasised.iter().chain(&shaded);
            // Each host's largest part (outline files list parts largest first), so that
            // overseas islands do not stretch the frame.
            let rings: Vec<Vec<(f64, f64)>> = hosts
                .filter_map(|h| ds.outlines.countries.iter().find(|c| &c.id == h))
                .filter_map(|c| c.polygons.first())
                .map(|r| r.iter().map(|p| (p[0], p[1])).collect())
                .collect();
            let areas: Vec<&[(f64, f64)]> = rings.iter().map(Vec::as_slice).collect();
            crate::charts::map_extent(&places, &areas)
        };
        let ((lon0, lon1), (lat0, lat1)) = match (&chart.lon, &chart.lat) {
            (Some(lo), Some(la)) => {
                ((lo.get_ref()[0], lo.get_ref()[1]), (la.get_ref()[0], la.get_ref()[1]))
            }
            (lo, la) => {
                let Some((clon, clat)) = computed() else {
                    return Err(chart
                        .error_at(
                            chart.id.span(),
                            format!("map `{id}` shows no country or base to frame"),
                        )
                        .hint("give the map `lon` and `lat` ranges, or bases with coordinates"));
                };
                let lon = lo.as_ref().map_or(clon, |l| (l.get_ref()[0], l.get_ref()[1]));
                let lat = la.as_ref().map_or(clat, |l| (l.get_ref()[0], l.get_ref()[1]));
                if la.is_none() && lat.0 >= lat.1 {
                    return Err(self.polar_bases_error(&located));
                }
                (lon, lat)
            }
        };
        let inferred_hosts = self.inferred_hosts(&emphasised, &shaded);
        let countries = self.map_countries(&emphasised, &shaded, &inferred_hosts);
        // A base or a shaded host the data marks as inferred carries the dagger.
        let mut inferred = !inferred_hosts.is_empty();
        let mut points = Vec::new();
        let mut insets = Vec::new();
        let mut base_names = Vec::new();
        for &(base, lon, lat) in &located {
            let mark = if base.inferred.is_some() { INFERRED_MARK } else { "" };
            inferred |= base.inferred.is_some();
            let short_label = base.short_name.as_ref().map(|s| format!("{}{mark}", r.text(s)));
            let country = self.country_name(base.country.get_ref()).unwrap_or_default();
            base_names.push(format!("{} ({country})", r.text(&base.name)));
            let name = format!("{}{mark}", r.text(&base.name));
            if (lon0..=lon1).contains(&lon) && (lat0..=lat1).contains(&lat) {
                points.push(MapPoint { lon, lat, label: name, short_label });
            } else {
                insets.push(MapInset { label: name, lon, lat, text: country, short_label });
            }
        }
        let alt = self.map_alt(&emphasised, &shaded, &base_names);
        let spec = MapChart {
            lon_range: (lon0, lon1),
            lat_range: (lat0, lat1),
            countries,
            points,
            water_labels: chart.labels.iter().map(|l| (l.lon, l.lat, r.text(&l.name))).collect(),
            insets,
        };
        Ok((ChartSpec::Map(spec), "map", alt, inferred))
    }

    /// Country ids the map emphasises (hosts of the scope's operations and
    /// of their formations) and shades (hosts of the formations shown).
    fn map_hosts(&self) -> (Vec<String>, Vec<String>) {
        let ds = self.ds;
        let mut emphasised: Vec<String> = Vec::new();
        for o in self.view.operations.iter().map(|&o| &ds.operations[o]) {
            let formation_host =
                o.links.formation.and_then(|f| ds.formations[f].host.as_ref()).map(|h| h.get_ref());
            for h in o.host_nations.iter().map(|h| h.get_ref()).chain(formation_host) {
                if !emphasised.contains(h) {
                    emphasised.push(h.clone());
                }
            }
        }
        // Formations give the wider picture (all battlegroups) on combined and land-type maps.
        let shaded = self
            .view
            .formations
            .iter()
            .filter_map(|&f| ds.formations[f].host.as_ref())
            .map(|h| h.get_ref().clone())
            .collect();
        (emphasised, shaded)
    }

    /// The countries of the map shaded only as hosts of formations that the
    /// data marks, every one, as inferred.
    fn inferred_hosts(&self, emphasised: &[String], shaded: &[String]) -> Vec<String> {
        let ds = self.ds;
        let inferred = |id: &String| {
            let mut hosted = self
                .view
                .formations
                .iter()
                .map(|&f| &ds.formations[f])
                .filter(|f| f.host.as_ref().is_some_and(|h| h.get_ref() == id))
                .peekable();
            hosted.peek().is_some() && hosted.all(|f| f.inferred.is_some())
        };
        ds.outlines
            .countries
            .iter()
            .map(|c| &c.id)
            .filter(|id| shaded.contains(id) && !emphasised.contains(id) && inferred(id))
            .cloned()
            .collect()
    }

    /// Every outline, styled and named; a host in `inferred_hosts` is named
    /// with the dagger.
    fn map_countries(
        &self,
        emphasised: &[String],
        shaded: &[String],
        inferred_hosts: &[String],
    ) -> Vec<MapCountry> {
        self.ds
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
                let known = self.country_name(&c.id);
                // A country the dataset does not name keeps its outline's
                // name (English) as its name, but only a subject of the map
                // is labelled with it: a neighbour is named in the
                // document's language or not at all.
                let labelled = known.is_some() || style != CountryStyle::Plain;
                let name = known.unwrap_or_else(|| c.name.clone());
                let mark = if inferred_hosts.contains(&c.id) { INFERRED_MARK } else { "" };
                // Every country the dataset names is labelled, the subject
                // ones first (see the map's labels): a map that names only
                // the hosts shows neither the home nation nor what lies
                // beyond them.
                MapCountry {
                    label: labelled.then(|| format!("{name}{mark}")),
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
            .collect()
    }

    /// The bases named, else those of the scope's operations in order of first use.
    /// A computed frame reaches at most 80° north or south (charts::map_extent):
    /// a map whose bases all lie beyond that has no area to frame. The error
    /// is the bases' (the chart's own place says nothing of why).
    fn polar_bases_error(&self, located: &[(&Item<Base>, f64, f64)]) -> Diagnostic {
        let id = self.chart.id.get_ref();
        let polar: Vec<&Item<Base>> =
            located.iter().filter(|(_, _, lat)| lat.abs() > 80.0).map(|&(b, _, _)| b).collect();
        let Some(first) = polar.first() else {
            return self
                .chart
                .error_at(self.chart.id.span(), format!("map `{id}` has no area to frame"))
                .hint("give the map `lon` and `lat` ranges");
        };
        let names: Vec<String> = polar.iter().map(|b| format!("`{}`", b.id.get_ref())).collect();
        let at = first.lat.as_ref().map_or_else(|| first.id.span(), |l| l.span());
        first
            .error_at(
                at,
                format!(
                    "map `{id}` cannot frame {} {}: a map frames itself at most 80° north or south",
                    if names.len() == 1 { "base" } else { "bases" },
                    names.join(", ")
                ),
            )
            .hint("give the map a `lat` range within ±85 (bases beyond it are named beside the frame)")
            .hint("or list the bases the map shows in its `bases`, leaving these out")
    }

    fn map_bases(&self) -> Vec<Ix<Base>> {
        if !self.chart.links.bases.is_empty() {
            return self.chart.links.bases.clone();
        }
        let mut v = Vec::new();
        for &b in self.view.operations.iter().flat_map(|&o| &self.ds.operations[o].links.bases) {
            if !v.contains(&b) {
                v.push(b);
            }
        }
        v
    }

    fn map_alt(&self, emphasised: &[String], shaded: &[String], base_names: &[String]) -> String {
        let names = |ids: &[String]| {
            ids.iter()
                .map(|c| self.country_name(c).unwrap_or_else(|| c.clone()))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let shaded_only: Vec<String> =
            shaded.iter().filter(|c| !emphasised.contains(c)).cloned().collect();
        let mut alt = format!(
            "{} – {}",
            self.label("chart_map"),
            self.titled("chart_emphasised", names(emphasised))
        );
        if !shaded_only.is_empty() {
            alt.push_str(&format!("; {}", self.titled("chart_shaded", names(&shaded_only))));
        }
        if !base_names.is_empty() {
            alt.push_str(&format!("; {}", self.titled("chart_bases", base_names.join(", "))));
        }
        alt
    }
}
