//! A map's frame computed from what it shows, for maps whose data gives none.

/// The frame (lon range, lat range) of a map showing `places` (lon, lat) and the countries
/// `areas` (each country's largest ring in lon, lat); `None` when there is nothing to frame.
///
/// The frame holds the countries (any wider than a continent's part of the map is left to the
/// places in it) and the places near them; a place far from the rest is left outside, to be
/// shown as an inset. It gets a margin of a tenth of its size (at least 0.8°) and is widened
/// to a landscape between 6:5 and 9:5 (x scaled by the cosine of its middle latitude), which
/// fills a slide and a share of an A4 text width alike.
pub fn map_extent(
    places: &[(f64, f64)],
    areas: &[&[(f64, f64)]],
) -> Option<((f64, f64), (f64, f64))> {
    let finite = |&&(x, y): &&(f64, f64)| x.is_finite() && y.is_finite();
    let mut core: Option<Bounds> = None;
    for ring in areas {
        let Some(b) = Bounds::of(ring.iter().filter(finite)) else { continue };
        if b.lon1 - b.lon0 <= 45.0 && b.lat1 - b.lat0 <= 30.0 {
            core = Some(core.map_or(b, |c| c.union(&b)));
        }
    }
    let places: Vec<(f64, f64)> = places.iter().filter(finite).copied().collect();
    let core = match core {
        Some(c) => c,
        // No country to frame: the places around the one with the most others near it.
        None => {
            let near = |a: &(f64, f64), b: &(f64, f64)| {
                let k = ((a.1 + b.1) / 2.0).to_radians().cos();
                ((a.0 - b.0) * k).hypot(a.1 - b.1) <= 12.0
            };
            let centre = places
                .iter()
                .enumerate()
                .max_by_key(|(i, p)| {
                    (places.iter().filter(|q| near(p, q)).count(), usize::MAX - i)
                })?
                .1;
            Bounds::of(places.iter().filter(|q| near(centre, q)))?
        }
    };
    let reach_lon = ((core.lon1 - core.lon0) * 0.5).max(4.0);
    let reach_lat = ((core.lat1 - core.lat0) * 0.5).max(4.0);
    let mut b = core;
    for &(lon, lat) in &places {
        let close = lon >= core.lon0 - reach_lon
            && lon <= core.lon1 + reach_lon
            && lat >= core.lat0 - reach_lat
            && lat <= core.lat1 + reach_lat;
        if close {
            b = b.union(&Bounds { lon0: lon, lon1: lon, lat0: lat, lat1: lat });
        }
    }
    let mlon = ((b.lon1 - b.lon0) * 0.1).max(0.8);
    let mlat = ((b.lat1 - b.lat0) * 0.1).max(0.8);
    let (mut lon0, mut lon1) = (b.lon0 - mlon, b.lon1 + mlon);
    let (mut lat0, mut lat1) = ((b.lat0 - mlat).max(-80.0), (b.lat1 + mlat).min(80.0));
    let k = ((lat0 + lat1) / 2.0).to_radians().cos().max(0.2);
    let aspect = (lon1 - lon0) * k / (lat1 - lat0);
    if aspect < 1.2 {
        let half = 1.2 * (lat1 - lat0) / k / 2.0;
        let mid = (lon0 + lon1) / 2.0;
        (lon0, lon1) = (mid - half, mid + half);
    } else if aspect > 1.8 {
        let half = (lon1 - lon0) * k / 1.8 / 2.0;
        let mid = (lat0 + lat1) / 2.0;
        (lat0, lat1) = ((mid - half).max(-80.0), (mid + half).min(80.0));
    }
    // Round outward to a tenth of a degree: a frame from data reads as one a person wrote.
    let down = |v: f64| (v * 10.0).floor() / 10.0;
    let up = |v: f64| (v * 10.0).ceil() / 10.0;
    Some(((down(lon0).max(-180.0), up(lon1).min(180.0)), (down(lat0), up(lat1))))
}

/// A box in degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Bounds {
    lon0: f64,
    lon1: f64,
    lat0: f64,
    lat1: f64,
}

impl Bounds {
    /// The box around `points`; `None` for none.
    fn of<'p>(points: impl Iterator<Item = &'p (f64, f64)>) -> Option<Bounds> {
        points.fold(None, |b: Option<Bounds>, &(lon, lat)| {
            let p = Bounds { lon0: lon, lon1: lon, lat0: lat, lat1: lat };
            Some(b.map_or(p, |b| b.union(&p)))
        })
    }

    /// The box around both.
    fn union(&self, o: &Bounds) -> Bounds {
        Bounds {
            lon0: self.lon0.min(o.lon0),
            lon1: self.lon1.max(o.lon1),
            lat0: self.lat0.min(o.lat0),
            lat1: self.lat1.max(o.lat1),
        }
    }
}
