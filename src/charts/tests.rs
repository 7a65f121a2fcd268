//! Tests for the charts: every kind renders, shows its text, is deterministic, rejects bad input.

use super::*;

const REGULAR: &[u8] =
    include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/Inter-Regular.otf"));
const SEMIBOLD: &[u8] =
    include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/Inter-SemiBold.otf"));

fn fonts() -> ChartFonts {
    ChartFonts { regular: REGULAR, semibold: SEMIBOLD }
}

fn bar(label: &str, value: f64, emphasis: bool) -> Bar {
    Bar { label: label.into(), value, value_label: fmt_number(value), emphasis, short_label: None }
}

pub(super) fn sample_bars() -> BarChart {
    BarChart {
        bars: vec![
            bar("Šiauliai", 8.0, true),
            bar("Ämari", 5.0, false),
            bar("Malbork", 3.0, false),
            bar("Keflavík", 2.0, false),
            bar("Łódź", 0.0, false),
        ],
        axis_label: "Deployments".into(),
        number: NumberFormat::default(),
    }
}

pub(super) fn sample_grouped() -> GroupedBarChart {
    GroupedBarChart {
        categories: vec!["Army".into(), "Air Force".into(), "Navy".into()],
        short_categories: Vec::new(),
        series: vec![
            Series { name: "Operations".into(), values: vec![4.0, 11.0, 6.0] },
            Series { name: "Assets".into(), values: vec![12.0, 27.0, 9.0] },
        ],
        axis_label: "Count".into(),
        number: NumberFormat::default(),
    }
}

pub(super) fn sample_timeline() -> TimelineChart {
    let row = |label: &str, start: Option<f64>, end: Option<f64>, group: usize| TimelineRow {
        label: label.into(),
        start,
        end,
        group,
    };
    TimelineChart {
        from_year: 2004.0,
        to_year: 2025.5,
        rows: vec![
            row("Baltic Air Policing", Some(2004.25), None, 1),
            row("Ämari detachment", Some(2014.3), None, 1),
            row("Malbork rotation", Some(2014.3), Some(2015.7), 1),
            row("Keflavík surveillance", None, Some(2019.5), 1),
            row("eFP battlegroup, Lithuania", Some(2017.1), None, 0),
            row("Maritime group", Some(2008.0), Some(2012.9), 2),
            row("Undated exercise", None, None, 3),
        ],
        markers: vec![
            Marker { at: 2004.25, label: "NATO accession".into() },
            Marker { at: 2014.2, label: "Crimea annexed".into() },
            Marker { at: 2014.7, label: "Wales Summit".into() },
            Marker { at: 2016.5, label: "Warsaw Summit".into() },
            Marker { at: 2022.15, label: "Full-scale invasion".into() },
        ],
        ongoing_label: "ongoing".into(),
    }
}

fn rect(lon0: f64, lat0: f64, lon1: f64, lat1: f64) -> Vec<(f64, f64)> {
    vec![(lon0, lat0), (lon1, lat0), (lon1, lat1), (lon0, lat1)]
}

pub(super) fn sample_map() -> MapChart {
    let country = |name: &str, rings, style, label: Option<&str>| MapCountry {
        name: name.into(),
        polygons: rings,
        style,
        label: label.map(String::from),
        label_at: None,
    };
    MapChart {
        lon_range: (9.0, 32.0),
        lat_range: (42.0, 61.0),
        countries: vec![
            country(
                "Poland",
                vec![rect(14.1, 49.0, 24.1, 54.4)],
                CountryStyle::Shaded,
                Some("POLAND"),
            ),
            country(
                "Lithuania",
                vec![rect(21.0, 54.4, 26.8, 56.4)],
                CountryStyle::Emphasised,
                Some("LITHUANIA"),
            ),
            country(
                "Latvia",
                vec![rect(21.0, 56.4, 28.2, 58.0)],
                CountryStyle::Emphasised,
                Some("LATVIA"),
            ),
            country(
                "Estonia",
                vec![rect(21.8, 58.0, 28.2, 59.7)],
                CountryStyle::Emphasised,
                Some("ESTONIA"),
            ),
            country(
                "Germany",
                vec![rect(5.0, 47.3, 14.1, 54.8)],
                CountryStyle::Plain,
                Some("GERMANY"),
            ),
            country(
                "Sweden",
                vec![rect(11.0, 55.4, 16.5, 63.0), rect(14.7, 55.0, 15.2, 55.3)],
                CountryStyle::Plain,
                Some("SWEDEN"),
            ),
            country(
                "Finland",
                vec![rect(21.0, 59.9, 31.5, 66.0)],
                CountryStyle::Plain,
                Some("FINLAND"),
            ),
            country(
                "Belarus",
                vec![vec![
                    (24.1, 51.3),
                    (32.8, 51.3),
                    (32.8, 56.2),
                    (28.2, 56.2),
                    (26.8, 55.6),
                    (26.8, 54.4),
                    (24.1, 54.4),
                ]],
                CountryStyle::Plain,
                None,
            ),
        ],
        points: vec![
            MapPoint { lon: 23.39, lat: 55.89, label: "Šiauliai".into(), short_label: None },
            MapPoint { lon: 24.21, lat: 59.26, label: "Ämari".into(), short_label: None },
            MapPoint { lon: 19.13, lat: 54.03, label: "Malbork".into(), short_label: None },
        ],
        water_labels: vec![(19.0, 56.0, "Baltic\nSea".into())],
        insets: vec![MapInset {
            label: "Keflavík".into(),
            lon: -22.61,
            lat: 63.99,
            text: "Iceland".into(),
            short_label: None,
        }],
    }
}

fn a4() -> ChartTheme {
    ChartTheme::a4(fonts())
}

#[test]
fn bar_chart_renders_labels_and_values() -> Result<(), ChartError> {
    let svg = bar_chart(&sample_bars(), &a4())?;
    assert!(svg.starts_with("<svg"));
    for text in ["Šiauliai", "Ämari", "Malbork", "Keflavík", "Łódź", ">\n8\n<", "Deployments"]
    {
        assert!(svg.contains(text), "missing {text:?}");
    }
    assert!(svg.contains("font-family=\"Inter\""));
    assert!(svg.contains("font-weight=\"600\""));
    assert!(!svg.contains("font-weight=\"bold\""));
    assert!(!svg.contains("sans-serif"));
    Ok(())
}

#[test]
fn grouped_bar_chart_renders_legend_and_values() -> Result<(), ChartError> {
    let svg = grouped_bar_chart(&sample_grouped(), &a4())?;
    for text in ["Army", "Air Force", "Navy", "Operations", "Assets", ">\n27\n<", ">\n4\n<"] {
        assert!(svg.contains(text), "missing {text:?}");
    }
    Ok(())
}

#[test]
fn timeline_renders_rows_markers_and_years() -> Result<(), ChartError> {
    let svg = timeline_chart(&sample_timeline(), &a4())?;
    for text in
        ["Ämari detachment", "Keflavík surveillance", "Wales Summit", "ongoing", ">\n2008\n<"]
    {
        assert!(svg.contains(text), "missing {text:?}");
    }
    // An unknown start is not marked with a "?" (nor drawn): it is left unknown.
    assert!(!svg.contains(">\n?\n<"));
    Ok(())
}

#[test]
fn map_renders_points_insets_and_water() -> Result<(), ChartError> {
    // A portrait map for an A4 page; the 720×360 preset leaves a small map that drops the
    // labels it has no room for.
    let theme = ChartTheme { width: 480, height: 640, ..a4() };
    let svg = map_chart(&sample_map(), &theme)?;
    for text in [
        "Šiauliai",
        "Ämari",
        "Malbork",
        "Keflavík",
        "Iceland",
        ">\nBaltic\n<",
        ">\nSea\n<",
        "LITHUANIA",
    ] {
        assert!(svg.contains(text), "missing {text:?}");
    }
    Ok(())
}

#[test]
fn renders_are_byte_identical() -> Result<(), ChartError> {
    for theme in [a4(), ChartTheme::slide(fonts())] {
        assert_eq!(bar_chart(&sample_bars(), &theme)?, bar_chart(&sample_bars(), &theme)?);
        assert_eq!(
            grouped_bar_chart(&sample_grouped(), &theme)?,
            grouped_bar_chart(&sample_grouped(), &theme)?
        );
        assert_eq!(
            timeline_chart(&sample_timeline(), &theme)?,
            timeline_chart(&sample_timeline(), &theme)?
        );
        assert_eq!(map_chart(&sample_map(), &theme)?, map_chart(&sample_map(), &theme)?);
    }
    Ok(())
}

#[test]
fn small_map_still_renders() -> Result<(), ChartError> {
    let svg = map_chart(&sample_map(), &a4())?;
    assert!(svg.contains("Malbork") && svg.contains("Keflavík"));
    Ok(())
}

#[test]
fn font_sizes_are_whole_pixels() -> Result<(), ChartError> {
    let svg = bar_chart(&sample_bars(), &a4())?;
    assert!(svg.contains("font-size=\"15\""));
    assert!(svg.contains("font-size=\"14\""));
    Ok(())
}

#[test]
fn empty_and_negative_input_is_refused() {
    let empty =
        BarChart { bars: vec![], axis_label: String::new(), number: NumberFormat::default() };
    assert_eq!(bar_chart(&empty, &a4()), Err(ChartError::Empty("bars")));
    assert_eq!(ChartError::Empty("bars").to_string(), "no bars to draw");

    let mut negative = sample_bars();
    negative.bars[1].value = -3.0;
    let err = bar_chart(&negative, &a4()).err().map(|e| e.to_string());
    assert_eq!(err.as_deref(), Some("value -3 for \"Ämari\" is negative"));

    let mut nan = sample_grouped();
    nan.series[0].values[0] = f64::NAN;
    assert!(matches!(grouped_bar_chart(&nan, &a4()), Err(ChartError::Invalid(_))));

    let mut short = sample_grouped();
    short.series[1].values.pop();
    assert!(matches!(grouped_bar_chart(&short, &a4()), Err(ChartError::Invalid(_))));

    let mut no_rows = sample_timeline();
    no_rows.rows.clear();
    assert_eq!(timeline_chart(&no_rows, &a4()), Err(ChartError::Empty("timeline rows")));

    let mut backwards = sample_timeline();
    backwards.rows[2].start = Some(2016.0);
    assert!(matches!(timeline_chart(&backwards, &a4()), Err(ChartError::Invalid(_))));

    let mut outside = sample_map();
    outside.points.push(MapPoint {
        lon: -22.61,
        lat: 63.99,
        label: "Keflavík".into(),
        short_label: None,
    });
    assert!(matches!(map_chart(&outside, &a4()), Err(ChartError::Invalid(_))));

    let bad_font = ChartTheme::a4(ChartFonts { regular: b"not a font", semibold: SEMIBOLD });
    assert!(matches!(bar_chart(&sample_bars(), &bad_font), Err(ChartError::Font(_))));
}

#[test]
fn long_labels_wrap_not_overflowing() -> Result<(), ChartError> {
    let mut chart = sample_bars();
    chart.bars[0].label = "Lielvārde Air Base, Latvian Air Force, 2nd rotation".into();
    let svg = bar_chart(&chart, &a4())?;
    // Wrapped at spaces within the label column (a third of the width), not cut.
    assert!(!svg.contains('…'), "{svg}");
    let column = f64::from(a4().width) * 0.32;
    let lines: Vec<_> = texts(&svg, "")
        .into_iter()
        .filter(|t| t.3.contains("Air") || t.3.contains("rotation"))
        .collect();
    assert!(lines.len() >= 2, "{lines:?}");
    for (_, _, _, line) in lines {
        assert!(Typo::width(line, a4().text_px, Weight::Regular)? <= column, "{line}");
    }
    Ok(())
}

/// The text elements of an SVG whose content starts with `prefix`: (x, y, anchor, content).
fn texts<'a>(svg: &'a str, prefix: &str) -> Vec<(f64, f64, &'a str, &'a str)> {
    let lines: Vec<&str> = svg.lines().collect();
    let attr = |line: &'a str, name: &str| -> &'a str {
        let key = format!(" {name}=\"");
        line.split(key.as_str()).nth(1).and_then(|r| r.split('"').next()).unwrap_or("")
    };
    lines
        .windows(2)
        .filter(|w| w[0].starts_with("<text") && w[1].starts_with(prefix))
        .map(|w| {
            let x = attr(w[0], "x").parse().unwrap_or(f64::NAN);
            let y = attr(w[0], "y").parse().unwrap_or(f64::NAN);
            (x, y, attr(w[0], "text-anchor"), w[1])
        })
        .collect()
}

#[test]
fn crowded_markers_never_overlap() -> Result<(), ChartError> {
    let mut chart = sample_timeline();
    chart.markers = (0..7)
        .map(|i| Marker { at: 2010.0 + f64::from(i) * 0.4, label: format!("Event number {i}") })
        .chain([Marker { at: 2025.2, label: "Event at the edge".into() }])
        .collect();
    let theme = a4();
    let svg = timeline_chart(&chart, &theme)?;
    let labels = texts(&svg, "Event ");
    assert_eq!(labels.len(), 8);
    let mut boxes = Vec::new();
    for (x, y, anchor, text) in labels {
        let w = Typo::width(text, theme.small_px, Weight::Regular)?;
        let x0 = if anchor == "end" { x - w } else { x };
        assert!(x0 >= 0.0 && x0 + w <= f64::from(theme.width), "{text} leaves the chart");
        boxes.push(geometry::Rect::new(x0, y - 7.0, x0 + w, y + 7.0));
    }
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            assert!(!a.overlaps(b, 0.0), "marker labels overlap: {a:?} {b:?}");
        }
    }
    let levels: std::collections::BTreeSet<i64> = boxes.iter().map(|b| b.y0 as i64).collect();
    assert!(levels.len() >= 3, "crowded labels should stack on several levels");
    Ok(())
}

/// The vertical segments of an SVG's polylines (the timeline's marker lines): (x, y0, y1).
fn vertical_segments(svg: &str) -> Vec<(f64, f64, f64)> {
    svg.lines()
        .filter(|l| l.starts_with("<polyline"))
        .filter_map(|l| l.split("points=\"").nth(1)?.split('"').next())
        .filter_map(|points| {
            let xy: Vec<(f64, f64)> = points
                .split_whitespace()
                .filter_map(|p| {
                    let (x, y) = p.split_once(',')?;
                    Some((x.parse().ok()?, y.parse().ok()?))
                })
                .collect();
            match xy[..] {
                [(x0, y0), (x1, y1)] if x0 == x1 => Some((x0, y0.min(y1), y0.max(y1))),
                _ => None,
            }
        })
        .collect()
}

#[test]
fn marker_lines_never_cross_marker_labels() -> Result<(), ChartError> {
    // Three long labels that each span another marker's line on one line: on one level
    // they overlap, stacked a line runs through one of them. Wrapped, they fit clear of the
    // lines at these widths (some narrower widths leave no clear spot, and a line then
    // stops short of the label it would cross).
    let mut chart = sample_timeline();
    chart.markers = vec![
        Marker {
            at: 2004.25,
            label: "2004 Estland, Lettland und Litauen treten der NATO bei".into(),
        },
        Marker { at: 2014.2, label: "2014 Illegale Annexion der Krim durch Russland".into() },
        Marker { at: 2022.7, label: "2022 Sabotage der Nord-Stream-Pipeline".into() },
    ];
    for theme in [a4(), ChartTheme::slide(fonts())] {
        let svg = timeline_chart(&chart, &theme)?;
        let lines = vertical_segments(&svg);
        assert_eq!(lines.len(), 3, "one unbroken line per marker: {lines:?}");
        let plot_top = lines.iter().map(|l| l.2).fold(f64::INFINITY, f64::min);
        let all = texts(&svg, "");
        let labels: Vec<_> = all.iter().filter(|t| t.1 < plot_top).collect();
        assert!(labels.len() >= 3, "the marker labels are drawn: {labels:?}");
        let words: String = labels.iter().map(|t| t.3).collect::<Vec<_>>().join(" ");
        for m in &chart.markers {
            assert!(words.contains(&m.label), "{:?} is not written whole: {words}", m.label);
        }
        let h = theme.small_px;
        for &&(x, y, anchor, text) in &labels {
            let w = Typo::width(text, h, Weight::Regular)?;
            let x0 = if anchor == "end" { x - w } else { x };
            assert!(x0 >= 0.0 && x0 + w <= f64::from(theme.width), "{text} leaves the chart");
            for &(lx, y0, y1) in &lines {
                let crosses = lx > x0 && lx < x0 + w && y0 < y + h * 0.5 && y1 > y - h * 0.5;
                assert!(!crosses, "the line at x = {lx} runs through {text:?} ({}px)", theme.width);
            }
        }
    }
    Ok(())
}

/// The filled polygons of an SVG (land), in px.
fn polygons(svg: &str) -> Vec<Vec<(f64, f64)>> {
    svg.lines()
        .filter(|l| l.starts_with("<polygon"))
        .filter_map(|l| l.split("points=\"").nth(1)?.split('"').next())
        .map(|points| {
            points
                .split_whitespace()
                .filter_map(|p| {
                    let (x, y) = p.split_once(',')?;
                    Some((x.parse().ok()?, y.parse().ok()?))
                })
                .collect()
        })
        .collect()
}

#[test]
fn a_sea_name_keeps_clear_of_land_on_two_lines_if_need_be() -> Result<(), ChartError> {
    // A strait too narrow for "Mer Baltique" on one line, with a wavy coast on either side
    // whose capes reach between any few sample points of a label's box.
    let coast = |lon: f64, toward: f64| -> Vec<(f64, f64)> {
        let mut ring: Vec<(f64, f64)> = (0..=80)
            .map(|i| {
                let lat = 40.0 + f64::from(i) * 0.25;
                (lon + if i % 2 == 0 { 0.0 } else { 0.35 * (toward - lon).signum() }, lat)
            })
            .collect();
        ring.extend([(toward, 60.0), (toward, 40.0)]);
        ring
    };
    let land = |name: &str, ring| MapCountry {
        name: name.into(),
        polygons: vec![ring],
        style: CountryStyle::Plain,
        label: None,
        label_at: None,
    };
    let map = MapChart {
        lon_range: (0.0, 20.0),
        lat_range: (40.0, 60.0),
        countries: vec![land("West", coast(8.5, 0.0)), land("East", coast(12.0, 20.0))],
        points: vec![],
        water_labels: vec![(10.25, 50.0, "Mer Baltique".into())],
        insets: vec![],
    };
    let theme = ChartTheme { width: 480, height: 640, ..a4() };
    let svg = map_chart(&map, &theme)?;
    let lines: Vec<_> = ["Mer", "Baltique"].iter().flat_map(|w| texts(&svg, w)).collect();
    assert_eq!(lines.len(), 2, "the name is written on two lines: {lines:?}");
    let land = polygons(&svg);
    assert!(land.len() >= 2, "both shores are drawn");
    for (x, y, _, text) in lines {
        let w = Typo::width(text, theme.small_px, Weight::Regular)?;
        let h = theme.small_px;
        // The box around the line, 1 px out: no point of its edge lies on land.
        let (x0, x1, y0, y1) = (x - w / 2.0 - 1.0, x + w / 2.0 + 1.0, y - h * 0.7, y + h * 0.5);
        let edge = (0..=40).flat_map(|k| {
            let t = f64::from(k) / 40.0;
            let (bx, by) = (x0 + (x1 - x0) * t, y0 + (y1 - y0) * t);
            [(bx, y0), (bx, y1), (x0, by), (x1, by)]
        });
        for p in edge {
            assert!(
                !land.iter().any(|r| geometry::point_in_ring(p, r)),
                "{text:?} touches land at {p:?}"
            );
        }
    }
    Ok(())
}

#[test]
fn map_labels_never_overlap() -> Result<(), ChartError> {
    let mut map = sample_map();
    for (lon, lat, name) in
        [(23.9, 54.9, "Kaunas"), (25.28, 54.69, "Vilnius"), (24.1, 56.95, "Riga")]
    {
        map.points.push(MapPoint { lon, lat, label: name.into(), short_label: None });
    }
    let theme = ChartTheme { width: 720, height: 720, ..a4() };
    let svg = map_chart(&map, &theme)?;
    let mut boxes = Vec::new();
    for p in &map.points {
        let found = texts(&svg, &p.label);
        assert_eq!(found.len(), 1, "{} should be labelled once", p.label);
        let (x, y, anchor, text) = found[0];
        let w = Typo::width(text, theme.text_px, Weight::Strong)?;
        let x0 = match anchor {
            "end" => x - w,
            "middle" => x - w / 2.0,
            _ => x,
        };
        boxes.push(geometry::Rect::new(x0, y - 10.0, x0 + w, y + 6.0));
    }
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            assert!(!a.overlaps(b, 0.0), "map labels overlap: {a:?} {b:?}");
        }
    }
    Ok(())
}

#[test]
fn unknown_start_is_not_drawn_as_a_bar() -> Result<(), ChartError> {
    let row = |start, end| TimelineRow { label: "Row".into(), start, end, group: 0 };
    let base = TimelineChart {
        from_year: 2000.0,
        to_year: 2020.0,
        rows: vec![row(Some(2005.0), Some(2015.0))],
        markers: vec![],
        ongoing_label: String::new(),
    };
    let theme = a4();
    let known = timeline_chart(&base, &theme)?;
    let unknown = timeline_chart(
        &TimelineChart { rows: vec![row(None, Some(2015.0))], ..base.clone() },
        &theme,
    )?;
    // No bar, no fading stub, no "?": only the mark of the known end, one solid rectangle
    // of the row's tone, narrower than the known row's bar.
    let tone: Vec<&str> = unknown
        .lines()
        .filter(|l| l.starts_with("<rect") && l.contains("fill=\"#1B2A41\""))
        .collect();
    assert_eq!(tone.len(), 1, "{unknown}");
    assert!(tone[0].contains("opacity=\"1\""), "{unknown}");
    assert!(!unknown.contains(">\n?\n<"), "{unknown}");
    let width = |l: &str| -> f64 {
        let w = l.split("width=\"").nth(1).and_then(|r| r.split('"').next()).unwrap_or("0");
        w.parse().unwrap_or(0.0)
    };
    let known_bar = known
        .lines()
        .find(|l| l.starts_with("<rect") && l.contains("fill=\"#1B2A41\""))
        .expect("the known row's bar");
    assert!(width(tone[0]) < width(known_bar) / 10.0, "{unknown}");
    assert_ne!(known, unknown);
    Ok(())
}

#[test]
fn nice_ticks_are_round() {
    assert_eq!(nice_ticks(8.0, 5, true), vec![0.0, 2.0, 4.0, 6.0, 8.0]);
    assert_eq!(nice_ticks(27.0, 6, true), vec![0.0, 5.0, 10.0, 15.0, 20.0, 25.0]);
    assert_eq!(nice_ticks(0.9, 4, false), vec![0.0, 0.25, 0.5, 0.75]);
    assert_eq!(fmt_number(2.50), "2.5");
    assert_eq!(fmt_number(8.0), "8");
}

#[test]
fn hatch_stays_inside_polygon() {
    let square = [(0.0, 0.0), (40.0, 0.0), (40.0, 40.0), (0.0, 40.0)];
    let segs = geometry::hatch(&square, 6.0);
    assert!(!segs.is_empty());
    for ((x0, y0), (x1, y1)) in segs {
        for v in [x0, y0, x1, y1] {
            assert!((-1e-9..=40.0 + 1e-9).contains(&v));
        }
    }
    let clipped =
        geometry::clip_ring(&[(5.0, 5.0), (50.0, 5.0), (50.0, 20.0)], 0.0, 30.0, 0.0, 30.0);
    assert!(clipped.iter().all(|p| p.0 <= 30.0));
}

#[test]
fn a_moved_coordinate_changes_a_countrys_debug_text() {
    // The `Debug` text shows outlines only as a digest: the digest must still
    // see every point, so that two different outlines never read alike.
    let outline = |lat| MapCountry {
        name: "Estonia".into(),
        polygons: vec![rect(22.0, 57.5, 28.0, lat)],
        style: CountryStyle::Plain,
        label: None,
        label_at: None,
    };
    let text = format!("{:?}", outline(59.5));
    assert_eq!(text, format!("{:?}", outline(59.5)));
    assert_ne!(text, format!("{:?}", outline(59.6)));
    assert!(text.contains("1 rings, 4 points"), "{text}");
}

#[test]
fn a_maps_frame_is_its_images_edge() -> Result<(), ChartError> {
    // The templates set a map without rules of their own: its frame is the only one, and it
    // lines up with the column the image fills.
    for theme in [a4(), ChartTheme::slide(fonts())] {
        let svg = map_chart(&sample_map(), &theme)?;
        let attr = |tag: &str, name: &str| -> f64 {
            let start = tag.find(&format!(" {name}=\"")).expect("attribute") + name.len() + 3;
            tag[start..].split('"').next().and_then(|v| v.parse().ok()).expect("number")
        };
        let head = svg.lines().next().expect("svg element");
        let frame = svg.lines().rev().find(|l| l.starts_with("<rect")).expect("frame");
        assert!(frame.contains("fill=\"none\""), "last rect is not the frame: {frame}");
        let m = f64::from(theme.line_px);
        assert_eq!((attr(frame, "x"), attr(frame, "y")), (m, m), "{frame}");
        assert_eq!(attr(frame, "width"), attr(head, "width") - 2.0 * m, "{frame}");
        assert_eq!(attr(frame, "height"), attr(head, "height") - 2.0 * m, "{frame}");
    }
    Ok(())
}
