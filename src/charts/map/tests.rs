//! Tests of the map's layout, without drawing: the frame, the insets and the labels.

use super::super::geometry::{Rect, point_in_ring};
use super::super::tests::sample_map;
use super::super::{ChartError, ChartTheme, Typo};
use super::frame::Frame;
use super::layout::{MapLayout, lay_out_map};
use super::{MapChart, MapInset, MapPoint};

fn theme(width: u32, height: u32) -> ChartTheme {
    ChartTheme { width, height, ..ChartTheme::a4(crate::assets::chart_fonts()) }
}

/// The sample map with three more towns crowding Lithuania and Latvia.
fn crowded_map() -> MapChart {
    let mut map = sample_map();
    for (lon, lat, name) in
        [(23.9, 54.9, "Kaunas"), (25.28, 54.69, "Vilnius"), (24.1, 56.95, "Riga")]
    {
        map.points.push(MapPoint { lon, lat, label: name.into(), short_label: None });
    }
    map
}

fn lay_out<'a>(map: &'a MapChart, theme: &ChartTheme) -> Result<MapLayout<'a>, ChartError> {
    lay_out_map(map, theme, &Typo::new(theme)?)
}

/// Every pair of boxes, each pair once.
fn pairs(boxes: &[Rect]) -> impl Iterator<Item = (&Rect, &Rect)> {
    boxes.iter().enumerate().flat_map(|(i, a)| boxes[i + 1..].iter().map(move |b| (a, b)))
}

#[test]
fn the_frame_maps_the_areas_corners_onto_its_own() {
    let map = sample_map();
    for theme in [theme(720, 360), theme(480, 640), ChartTheme::slide(crate::assets::chart_fonts())]
    {
        let frame = Frame::fit(&map, &theme);
        let ((lon0, lon1), (lat0, lat1)) = (map.lon_range, map.lat_range);
        assert_eq!(frame.project(lon0, lat1), (frame.rect.x0, frame.rect.y0));
        assert_eq!(frame.project(lon1, lat0), (frame.rect.x1, frame.rect.y1));
        assert!(frame.size.0 <= theme.width && frame.size.1 <= theme.height, "{frame:?}");
        // Equal scale: a degree of longitude is cos(mid-latitude) of a degree of latitude.
        let k = ((lat0 + lat1) / 2.0).to_radians().cos();
        let per_lon = (frame.rect.x1 - frame.rect.x0) / (lon1 - lon0);
        let per_lat = (frame.rect.y1 - frame.rect.y0) / (lat1 - lat0);
        assert!((per_lon / per_lat - k).abs() < 0.01, "{per_lon} / {per_lat} is not {k}");
    }
}

#[test]
fn point_labels_stay_in_the_frame_clear_of_one_another_dots_and_insets() -> Result<(), ChartError> {
    let map = crowded_map();
    let theme = theme(720, 720);
    let layout = lay_out(&map, &theme)?;
    assert_eq!(layout.point_labels.len(), layout.dots.dots.len());
    let boxes: Vec<Rect> = layout.point_labels.iter().map(|l| l.rect).collect();
    for (a, b) in pairs(&boxes) {
        assert!(!a.overlaps(b, 0.0), "point labels overlap: {a:?} {b:?}");
    }
    for (i, l) in layout.point_labels.iter().enumerate() {
        assert!(l.rect.inside(&layout.frame.rect), "{} leaves the frame", l.text);
        assert_eq!(l.text, layout.dots.dots[i].label);
        for (j, d) in layout.dots.rects.iter().enumerate() {
            assert!(j == i || !l.rect.overlaps(d, 0.0), "{} covers another dot", l.text);
        }
        for ins in &layout.insets {
            assert!(!l.rect.overlaps(&ins.rect, 0.0), "{} covers an inset", l.text);
        }
    }
    Ok(())
}

#[test]
fn names_stay_in_the_frame_clear_of_everything_placed() -> Result<(), ChartError> {
    let map = crowded_map();
    let theme = theme(720, 720);
    let layout = lay_out(&map, &theme)?;
    assert!(!layout.names.is_empty());
    let names: Vec<Rect> = layout.names.iter().map(|n| n.rect).collect();
    for (a, b) in pairs(&names) {
        assert!(!a.overlaps(b, 0.0), "names overlap: {a:?} {b:?}");
    }
    let in_country =
        |ci: usize, p| layout.countries[ci].rings_px.iter().any(|r| point_in_ring(p, r));
    for n in &layout.names {
        let text = n.lines.join(" ");
        assert!(n.rect.inside(&layout.frame.rect), "{text} leaves the frame");
        let others = layout.point_labels.iter().map(|l| l.rect);
        let others = others.chain(layout.insets.iter().map(|i| i.rect));
        for o in others.chain(layout.dots.rects.iter().copied()) {
            assert!(!n.rect.overlaps(&o, 0.0), "{text} covers {o:?}");
        }
        match n.country {
            Some(ci) => assert!(in_country(ci, (n.x, n.y)), "{text} is off its country"),
            None => {
                let on_land = (0..layout.countries.len()).any(|ci| in_country(ci, (n.x, n.y)));
                assert!(!on_land, "the water name {text} is on land");
            }
        }
    }
    Ok(())
}

#[test]
fn an_inset_sits_at_the_frame_edge_and_points_toward_its_place() -> Result<(), ChartError> {
    let map = sample_map();
    let theme = theme(480, 640);
    let layout = lay_out(&map, &theme)?;
    let [inset] = &layout.insets[..] else { panic!("one inset: {:?}", layout.insets) };
    assert!(inset.rect.inside(&layout.frame.rect));
    assert_eq!(inset.label.0, "Keflavík");
    assert_eq!(inset.text.map(|t| t.0), Some("Iceland"));
    // Keflavík lies west and north of the frame: the arrow points left and up.
    let (tail, tip) = (inset.shaft.0, inset.head[0]);
    assert!(tip.0 < tail.0 && tip.1 < tail.1, "{tail:?} → {tip:?}");
    for d in &layout.dots.rects {
        assert!(!inset.rect.overlaps(d, 0.0));
    }
    Ok(())
}

#[test]
fn an_inset_inside_the_frame_is_drawn_as_a_dot() -> Result<(), ChartError> {
    let mut map = sample_map();
    map.insets.push(MapInset {
        label: "Gdańsk".into(),
        lon: 18.6,
        lat: 54.35,
        text: "".into(),
        short_label: None,
    });
    let theme = theme(480, 640);
    let layout = lay_out(&map, &theme)?;
    assert_eq!(layout.insets.len(), 1);
    let labels: Vec<&str> = layout.dots.dots.iter().map(|d| d.label).collect();
    assert_eq!(labels, ["Šiauliai", "Ämari", "Malbork", "Gdańsk"]);
    Ok(())
}
