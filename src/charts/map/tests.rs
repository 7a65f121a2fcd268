//! Tests of the map's layout, without drawing: the frame, the insets and the labels.

use super::super::geometry::{Rect, point_in_ring, segment_hits_rect};
use super::super::tests::sample_map;
use super::super::{ChartError, ChartTheme, Typo};
use super::frame::Frame;
use super::key::KeyMark;
use super::layout::{MapLayout, lay_out_map};
use super::{MapChart, MapInset, MapPoint};

fn theme(width: u32, height: u32) -> ChartTheme {
    ChartTheme { width, height, ..ChartTheme::a4(crate::charts::ChartFonts::embedded()) }
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
    for theme in
        [theme(720, 360), theme(480, 640), ChartTheme::slide(crate::charts::ChartFonts::embedded())]
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

/// A slide-sized theme: the key goes beside the frame.
fn slide() -> ChartTheme {
    ChartTheme::slide(crate::charts::ChartFonts::embedded())
}

/// The sample map crowded with `n` long-named places a few km apart around Kaunas, some with
/// short names, and three places outside the same (west) edge of the frame.
fn overcrowded_map(n: usize) -> MapChart {
    let mut map = sample_map();
    for k in 0..n {
        let (lon, lat) = (23.9 + 0.12 * (k % 4) as f64, 54.9 + 0.08 * (k / 4) as f64);
        let label = format!("Didžiosios kunigaikštienės Birutės ulonų batalionas {k}");
        let short_label = (k % 2 == 0).then(|| format!("Rukla {k}"));
        map.points.push(MapPoint { lon, lat, label, short_label });
    }
    for (k, lat) in [55.0, 55.5, 56.0].into_iter().enumerate() {
        map.insets.push(MapInset {
            label: format!("Base Aérienne 10{k} « Général Évariste Moreau-Vasquez »"),
            lon: -30.0,
            lat: lat + 10.0 * k as f64,
            text: "Valmeria".into(),
            short_label: Some(format!("BA 10{k}")),
        });
    }
    map
}

/// Every drawn text box of a layout: point labels, insets and names.
fn text_boxes(layout: &MapLayout) -> Vec<Rect> {
    let labels = layout.point_labels.iter().map(|l| l.rect);
    let insets = layout.insets.iter().map(|i| i.rect);
    labels.chain(insets).chain(layout.names.iter().map(|n| n.rect)).collect()
}

#[test]
fn an_overcrowded_map_is_laid_out_with_every_place_on_the_map_or_in_its_key()
-> Result<(), ChartError> {
    for (map, theme) in [(overcrowded_map(12), theme(560, 896)), (overcrowded_map(20), slide())] {
        let layout = lay_out(&map, &theme)?;
        // Every dot has a label (its name, short name or key number) unless it is named as
        // left out; every key number stands for one dot.
        let labelled: Vec<usize> = layout.point_labels.iter().map(|l| l.dot).collect();
        for (i, dot) in layout.dots.dots.iter().enumerate() {
            let shown = labelled.contains(&i) || layout.omitted.contains(&dot.label);
            assert!(shown, "{} is neither shown nor reported", dot.label);
        }
        let numbers: Vec<&str> = layout
            .point_labels
            .iter()
            .map(|l| l.text.as_ref())
            .filter(|t| t.chars().all(|c| c.is_ascii_digit()))
            .collect();
        let keyed = layout.key.iter().filter(|e| matches!(e.mark, KeyMark::Number(_))).count();
        assert_eq!(numbers.len(), keyed, "{numbers:?}");
        assert!(keyed > 0, "an overcrowded map needs a key");
        // Each place outside the frame is in an inset or in the key, or reported.
        let outside = map.insets.iter().filter(|i| !layout.frame.contains(i.lon, i.lat));
        for ins in outside {
            let in_box = layout
                .insets
                .iter()
                .any(|b| std::iter::once(&b.label).chain(&b.others).any(|l| l.0 == ins.label));
            let in_key = layout.key.iter().any(|e| {
                let start: String = ins.label.chars().take(6).collect();
                e.lines[0].0.starts_with(&start)
            });
            let short = layout.insets.iter().any(|b| Some(b.label.0) == ins.short_label.as_deref());
            assert!(in_box || in_key || short || layout.omitted.contains(&ins.label.as_str()));
        }
        // No two texts overlap; the key lies outside the frame and its entries apart.
        for (a, b) in pairs(&text_boxes(&layout)) {
            assert!(!a.overlaps(b, 0.0), "texts overlap: {a:?} {b:?}");
        }
        for e in &layout.key {
            assert!(!e.rect.overlaps(&layout.frame.rect, 0.0), "a key entry is on the map");
            let (w, h) = layout.frame.size;
            assert!(e.rect.x1 <= f64::from(w) && e.rect.y1 <= f64::from(h), "{e:?} is cut off");
        }
        let entries: Vec<Rect> = layout.key.iter().map(|e| e.rect).collect();
        for (a, b) in pairs(&entries) {
            assert!(!a.overlaps(b, 0.0), "key entries overlap");
        }
    }
    Ok(())
}

#[test]
fn leader_lines_cross_no_label_inset_or_other_dot() -> Result<(), ChartError> {
    for (map, theme) in [(overcrowded_map(12), theme(560, 896)), (overcrowded_map(20), slide())] {
        let layout = lay_out(&map, &theme)?;
        let boxes = text_boxes(&layout);
        let mut leaders = 0;
        for l in &layout.point_labels {
            let Some(leader) = l.leader else { continue };
            leaders += 1;
            for b in boxes.iter().filter(|b| **b != l.rect) {
                assert!(
                    !segment_hits_rect(leader, b, 0.0),
                    "the leader of {} crosses {b:?}",
                    l.text
                );
            }
        }
        assert!(leaders > 0, "a crowded map sets some labels farther off");
    }
    Ok(())
}

#[test]
fn places_outside_one_edge_share_it_or_go_into_the_key() -> Result<(), ChartError> {
    let mut map = sample_map();
    // Five home bases a few km apart far west of the frame: one box lists them.
    for k in 0..5 {
        map.insets.push(MapInset {
            label: format!("Home base {k}"),
            lon: -23.0 - 0.05 * k as f64,
            lat: 38.7,
            text: "Valmeria".into(),
            short_label: None,
        });
    }
    let layout = lay_out(&map, &theme(720, 1152))?;
    let shared = layout.insets.iter().find(|b| b.label.0 == "Home base 0");
    let Some(shared) = shared else { panic!("no box for the home bases: {:?}", layout.key) };
    assert_eq!(shared.others.len(), 4);
    assert_eq!(shared.text.map(|t| t.0), Some("Valmeria"));
    assert!(layout.omitted.is_empty());
    Ok(())
}

#[test]
fn a_computed_extent_frames_the_hosts_and_leaves_far_places_out() {
    let lt = [(21.0, 54.0), (27.0, 54.0), (27.0, 56.5), (21.0, 56.5)];
    let ro = [(20.3, 43.6), (29.7, 43.6), (29.7, 48.3), (20.3, 48.3)];
    let places = [(24.37, 55.03), (28.49, 44.36), (-23.1, 38.7), (43.15, 11.55)];
    let Some(((lon0, lon1), (lat0, lat1))) = super::map_extent(&places, &[&lt, &ro]) else {
        panic!("no extent");
    };
    assert!(lon0 <= 20.3 && lon1 >= 29.7 && lat0 <= 43.6 && lat1 >= 56.5);
    assert!(lon0 > -10.0 && lat0 > 30.0, "the far places stretch the frame");
    let k = ((lat0 + lat1) / 2.0_f64).to_radians().cos();
    let aspect = (lon1 - lon0) * k / (lat1 - lat0);
    assert!((1.19..=1.81).contains(&aspect), "aspect {aspect}");
    // Without countries, the places around the densest cluster.
    let Some(((lon0, lon1), _)) = super::map_extent(&places, &[]) else { panic!("no extent") };
    assert!(lon0 < 24.37 && lon1 > 24.37 && lon0 > -10.0);
    assert_eq!(super::map_extent(&[], &[]), None);
}

#[test]
fn every_subject_country_is_named_on_its_country_clear_of_the_frame() -> Result<(), ChartError> {
    // The subject countries (emphasised, shaded) are named before waters and
    // neighbours, so none of theirs is lost to a sea's or a neighbour's name;
    // every name keeps half a line clear of the frame.
    // (On a map crowded with towns a subject's name may still find no room
    // clear of their labels; the frame holds for every map.)
    let (map, crowded) = (sample_map(), crowded_map());
    for theme in [theme(480, 640), theme(600, 640), theme(360, 480)] {
        let layout = lay_out(&map, &theme)?;
        let typo = Typo::new(&theme)?;
        let named: Vec<&str> = layout.names.iter().flat_map(|n| n.lines.clone()).collect();
        let named = named.join(" ");
        for c in map.countries.iter().filter(|c| c.style != super::CountryStyle::Plain) {
            let label = c.label.as_deref().expect("a label");
            assert!(
                named.contains(label),
                "{label} is not named on {}×{}: {named}",
                theme.width,
                theme.height
            );
        }
        let inner = layout.frame.rect.grow(-(typo.small * 0.5) + 0.01);
        let busy = lay_out(&crowded, &theme)?;
        for n in layout.names.iter().chain(&busy.names) {
            assert!(n.rect.inside(&inner), "{:?} touches the frame", n.lines);
        }
    }
    Ok(())
}
