//! The layout of a map: everything that is drawn, where, worked out before any drawing.

use super::super::geometry::Rect;
use super::super::{ChartError, ChartTheme, Typo};
use super::MapChart;
use super::dots::Dots;
use super::frame::{CountryShape, Frame, country_shapes, graticule};
use super::insets::{InsetBox, place_insets};
use super::key::{Key, KeyEntry, KeySide};
use super::labels::{FixedLabel, PointLabel, names_to_place, place_names, place_point_labels};

/// Where everything on a map goes, in px unless said otherwise; drawing it takes no decision.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct MapLayout<'a> {
    /// The image's size, the frame and the projection.
    pub(super) frame: Frame,
    /// Longitudes and latitudes of the graticule lines.
    pub(super) graticule: (Vec<f64>, Vec<f64>),
    /// The countries, clipped to the frame, in drawing order.
    pub(super) countries: Vec<CountryShape>,
    /// Water and country names that found a place.
    pub(super) names: Vec<FixedLabel<'a>>,
    /// Boxes for the places outside the frame.
    pub(super) insets: Vec<InsetBox<'a>>,
    /// The dots, and their size.
    pub(super) dots: Dots<'a>,
    /// The labels beside the dots (names, short names or key numbers), in the order of the dots.
    pub(super) point_labels: Vec<PointLabel<'a>>,
    /// The key's entries, below or beside the frame; empty for none.
    pub(super) key: Vec<KeyEntry>,
    /// Names of places that could be shown neither on the map nor in its key.
    pub(super) omitted: Vec<&'a str>,
}

/// Lays a valid map out in the theme's box.
///
/// The first layout uses the whole box, with a key in the room the frame leaves below or
/// beside it. When the key needs more room than that, the map is laid out again in a box
/// smaller by what the key asked for (at most twice, and the frame keeps at least 55 % of the
/// box), and the layout with the fewest names refused by the key wins, the earliest on a tie.
pub(super) fn lay_out_map<'a>(
    chart: &'a MapChart,
    theme: &ChartTheme,
    typo: &Typo,
) -> Result<MapLayout<'a>, ChartError> {
    let (w, h) = (f64::from(theme.width), f64::from(theme.height));
    let margin = theme.line_px as i32;
    let natural = Frame::fit(chart, theme);
    // The key goes where the frame leaves more room: below on A4 (a portrait box), beside
    // the frame on slides.
    let side = if h - natural.rect.y1 >= (w - natural.rect.x1) * 0.6 {
        KeySide::Below
    } else {
        KeySide::Right
    };
    let mut frame = natural;
    let mut best: Option<(usize, MapLayout<'a>)> = None;
    for _ in 0..3 {
        let (layout, key) = lay_out_in(chart, frame.clone(), side, theme, typo)?;
        let refused = key.refused;
        if best.as_ref().is_none_or(|(r, _)| refused < *r) {
            best = Some((refused, layout));
        }
        if refused == 0 {
            break;
        }
        let need = key.needed(frame.rect.x1 - frame.rect.x0);
        let next = match side {
            KeySide::Below => Frame::fit_box(chart, (w, (h - need).max(h * 0.55)), margin),
            KeySide::Right => Frame::fit_box(chart, ((w - need).max(w * 0.55), h), margin),
        };
        if next.rect == frame.rect {
            break;
        }
        frame = next;
    }
    let Some((_, mut layout)) = best else { unreachable!("the loop runs at least once") };
    // The image is cropped to the frame and the key.
    if let Some((x1, y1)) = key_extent(&layout.key) {
        let (fw, fh) = layout.frame.size;
        let edge = f64::from(margin);
        layout.frame.size = (fw.max((x1 + edge).ceil() as u32), fh.max((y1 + edge).ceil() as u32));
    }
    Ok(layout)
}

/// The bottom-right corner of the key's entries, if there are any.
fn key_extent(entries: &[KeyEntry]) -> Option<(f64, f64)> {
    let first = entries.first()?.rect;
    let all = entries
        .iter()
        .fold(first, |a, e| Rect::new(a.x0, a.y0, a.x1.max(e.rect.x1), a.y1.max(e.rect.y1)));
    Some((all.x1, all.y1))
}

/// The layout in `frame`, with its key on `side` of it: the frame first, then what is fixed
/// by it (countries, dots), then insets, point labels and names, each placed clear of the
/// ones before it. Returns the key too, which says what it refused.
fn lay_out_in<'a>(
    chart: &'a MapChart,
    frame: Frame,
    side: KeySide,
    theme: &ChartTheme,
    typo: &Typo,
) -> Result<(MapLayout<'a>, Key), ChartError> {
    let pad = theme.pad;
    let (w, h) = (f64::from(theme.width), f64::from(theme.height));
    let edge = f64::from(theme.line_px);
    let gap = pad * 1.5;
    let f = frame.rect;
    let area = match side {
        KeySide::Below => Rect::new(f.x0, f.y1 + gap, f.x1, h - edge),
        KeySide::Right => Rect::new(f.x1 + gap, f.y0, w - edge, h - edge),
    };
    let roomy = match side {
        KeySide::Below => area.y1 - area.y0 >= typo.small * 1.3,
        KeySide::Right => area.x1 - area.x0 >= typo.small * 10.0,
    };
    let mut key = Key::new(roomy.then_some(area), side, typo, pad)?;
    let countries = country_shapes(chart, &frame, (pad * 0.75).max(4.0));
    let names = names_to_place(chart, &countries, &frame, &theme.palette, typo)?;
    let dots = Dots::new(chart, &frame, theme, typo);
    let (insets, mut omitted) = place_insets(&chart.insets, &frame, &dots, typo, pad, &mut key)?;
    let (point_labels, left_out) =
        place_point_labels(&dots, &insets, &names, &frame, typo, pad, &mut key)?;
    omitted.extend(left_out);
    let names = place_names(names, &point_labels, &dots, &insets, &countries, &frame, typo)?;
    let graticule = graticule(&frame);
    let entries = key.entries.clone();
    let layout = MapLayout {
        frame,
        graticule,
        countries,
        names,
        insets,
        dots,
        point_labels,
        key: entries,
        omitted,
    };
    Ok((layout, key))
}
