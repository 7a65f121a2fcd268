//! Charts: declared in the data, drawn deterministically, placed by scope.

use briefing::build;
use briefing::plan::Selection;
use briefing::project::{DataSource, Inputs};
use briefing::typeset::world::TemplateSource;

use crate::common::*;

#[test]
fn every_chart_kind_exports_as_svg_and_png_deterministically() {
    let dir = tempfile::tempdir().expect("tmp");
    for out in ["a", "b"] {
        let o = run(dir.path(), &["charts", "--out", out]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let files = files_in(&dir.path().join("a"));
    for id in [
        "bap-rotations",
        "air-map",
        "land-map",
        "eastern-flank-map",
        "deployments-timeline",
        "branch-overview",
    ] {
        assert!(
            files.contains(&format!("{id}.svg")) && files.contains(&format!("{id}.png")),
            "{id} missing: {files:?}"
        );
    }
    for f in &files {
        let a = std::fs::read(dir.path().join("a").join(f)).expect("a");
        let b = std::fs::read(dir.path().join("b").join(f)).expect("b");
        assert!(a == b, "{f} differs between two exports");
    }
    let svg = |id: &str| {
        std::fs::read_to_string(dir.path().join("a").join(format!("{id}.svg"))).expect("svg")
    };
    let bar = svg("bap-rotations");
    for needle in ["Šiauliai", "Ämari", "Malbork", "font-family=\"Inter\""] {
        assert!(bar.contains(needle), "bar chart lacks {needle}");
    }
    // Each value is written on its bar, besides appearing as an axis tick.
    for value in ["8", "6", "2"] {
        assert!(
            bar.matches(&format!("\n{value}\n</text>")).count() >= 2,
            "bar value {value} is not labelled"
        );
    }
    let timeline = svg("deployments-timeline");
    for needle in ["BAP", "Baltic Sentry", "ongoing", "2004", "Nord Stream"] {
        assert!(timeline.contains(needle), "timeline lacks {needle}");
    }
    let map = svg("eastern-flank-map");
    for needle in ["Baltic Sea", "North Sea", "Lithuania", "Romania", "Šiauliai", "Keflavík"] {
        assert!(map.contains(needle), "map lacks {needle}");
    }
    let overview = svg("branch-overview");
    for needle in ["Army", "Air Force", "Navy", "Operations"] {
        assert!(overview.contains(needle), "overview lacks {needle}");
    }
    assert!(dir.path().join("a/bap-rotations.png").metadata().expect("png").len() > 1000);

    // One palette: the charts draw with the ink the templates use, from templates/theme.toml.
    let theme = std::fs::read_to_string(root().join("templates/theme.toml")).expect("theme");
    let ink = theme
        .lines()
        .find_map(|l| l.strip_prefix("ink = \""))
        .map(|v| v.trim_end_matches('"').to_uppercase())
        .expect("ink");
    assert!(overview.to_uppercase().contains(&ink), "overview does not use the template ink {ink}");
}

#[test]
fn charts_are_placed_by_scope_with_alt_text() {
    let inputs = Inputs { data: DataSource::Embedded, templates: TemplateSource::Embedded };
    let plans = build::prepare(&inputs, &Selection::default()).expect("plans").plans;
    let ids = |scope: &str| -> Vec<String> {
        plans
            .iter()
            .find(|p| p.id.scope == scope)
            .expect("scope")
            .data
            .charts
            .iter()
            .map(|c| c.id.clone())
            .collect()
    };
    assert_eq!(ids("air"), ["bap-rotations", "air-map"]);
    assert_eq!(ids("land"), ["land-map"]);
    assert_eq!(ids("combined"), ["eastern-flank-map", "deployments-timeline", "branch-overview"]);
    let air = plans.iter().find(|p| p.id.scope == "air").expect("air");
    assert_eq!(
        air.data.charts[0].alt,
        "Bar chart: Šiauliai 8 rotations, Ämari 6 rotations, Malbork 2 rotations"
    );
    assert!(air.data.charts[1].alt.contains("Keflavík (Iceland)"), "{}", air.data.charts[1].alt);

    // The charts are in the laid-out air sheet, with their titles.
    let docs = render(DataSource::Embedded, TemplateSource::Embedded, &["air"]);
    let text = squashed_text(&docs[0].1);
    assert!(text.contains(&squash("Baltic Air Policing rotations by air base")));
    let images = chart_scales(&docs[0].1.document).len();
    assert_eq!(images, 2, "the air sheet should place two chart images");
}

#[test]
fn bad_chart_declarations_get_located_errors() {
    let dir = copy_of_default_data();
    let d = dir.path();
    edit(
        &d.join("data/charts.toml"),
        "rotations = \"baltic-air-policing\"",
        "figures = [\"bap-rotatons\"]",
    );
    edit(&d.join("data/bases.toml"), "lat = 63.985", "");
    std::fs::write(
        d.join("data/zz-extra.toml"),
        "[[chart]]\nid = \"iceland\"\nkind = \"map\"\ntitle = \"Iceland\"\nlon = [-25, -12]\nlat = [62, 67]\nbases = [\"keflavik\"]\n\n[[chart]]\nid = \"odd\"\nkind = \"timeline\"\ntitle = \"Odd\"\nfigures = [\"bap-rotations\"]\n",
    )
    .expect("write");
    let out = run(d, &["validate", "--data", "data"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("unknown figure `bap-rotatons`"), "{err}");
    assert!(err.contains("did you mean `bap-rotations`?"), "{err}");
    assert!(err.contains("data/charts.toml:"), "{err}");
    assert!(err.contains("base `keflavik` has no coordinates"), "{err}");
    assert!(err.contains("data/zz-extra.toml:7:"), "{err}");
    assert!(err.contains("`figures` and `rotations` belong to bar charts"), "{err}");
    assert!(err.contains("a base needs both `lat` and `lon`"), "{err}");
}

#[test]
fn charts_use_only_embedded_fonts() {
    // No fontconfig or freetype: the font stack is ab_glyph and Typst's own.
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).expect("Cargo.lock");
    for banned in [
        "name = \"font-kit\"",
        "name = \"freetype-sys\"",
        "name = \"servo-fontconfig\"",
        "name = \"yeslogic-fontconfig-sys\"",
        "name = \"fontconfig\"",
    ] {
        assert!(!lock.contains(banned), "{banned} is linked");
    }
    assert!(lock.contains("name = \"ab_glyph\""));
}

/// The scale of every chart image on the pages: printed width in pt over the
/// width its SVG was drawn at, in px.
fn chart_scales(doc: &typst_layout::PagedDocument) -> Vec<f64> {
    fn walk(frame: &typst::layout::Frame, out: &mut Vec<f64>) {
        for (_, item) in frame.items() {
            match item {
                typst::layout::FrameItem::Group(g) => walk(&g.frame, out),
                typst::layout::FrameItem::Image(image, size, _) => {
                    out.push(size.x.to_pt() / image.width());
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    for page in doc.pages() {
        walk(&page.frame, &mut out);
    }
    out
}

#[test]
fn chart_type_prints_at_one_size_in_every_fact_sheet_chart() {
    // Each A4 chart is drawn for the share of the text width its template sets it at
    // (`[chart.share]` in theme.toml), so a pixel of every chart, and so its text, prints at
    // the same size: bars beside the bases, maps beside tables, the overview beside the key
    // figures, the timeline beside the events. They once ranged from 0.35 to 0.49 pt a pixel,
    // which set map labels at 5 pt.
    let docs = render(DataSource::Embedded, TemplateSource::Embedded, &["combined", "air", "land"]);
    let mut scales = Vec::new();
    for (name, doc) in &docs {
        for s in chart_scales(&doc.document) {
            scales.push((name.clone(), s));
        }
    }
    assert!(scales.len() >= 6, "too few charts: {scales:?}");
    let (lo, hi) =
        scales.iter().fold((f64::MAX, f64::MIN), |(lo, hi), (_, s)| (lo.min(*s), hi.max(*s)));
    assert!(hi / lo < 1.02, "charts print at different scales: {scales:?}");
    // 15 px chart text at that scale is a caption-sized 7 to 8 pt.
    assert!((7.0..=8.0).contains(&(15.0 * lo)), "chart text prints at {} pt", 15.0 * lo);
}

#[test]
fn exported_charts_leave_out_what_the_audience_may_not_see() {
    let dir = copy_of_default_data();
    let data = dir.path().join("data");
    let canary = "\n[[base]]\nid = \"canary-base\"\nname = \"Kanariebasis\"\ncountry = \"LT\"\n\
        lat = 55.0\nlon = 24.0\nmarking = \"internal\"\nsource = \"mil-be-eastern-flank\"\n\n\
        [[rotation]]\noperation = \"baltic-air-policing\"\nbase = \"canary-base\"\ncount = 3\n\
        marking = \"internal\"\nsource = \"mil-be-eastern-flank\"\n";
    let bases = std::fs::read_to_string(data.join("bases.toml")).expect("bases");
    std::fs::write(data.join("bases.toml"), bases + canary).expect("write");
    let shown = |args: &[&str], out: &str| -> bool {
        let o = run(dir.path(), &[args, &["--out", out]].concat());
        assert!(o.status.success(), "{}", stderr(&o));
        files_in(&dir.path().join(out)).iter().any(|f| {
            let bytes = std::fs::read(dir.path().join(out).join(f)).expect("file");
            String::from_utf8_lossy(&bytes).contains("Kanariebasis")
        })
    };
    assert!(!shown(&["charts"], "public"), "a public export shows an internal base");
    assert!(
        shown(&["charts", "--audience", "internal"], "internal"),
        "the internal export lacks it"
    );
    let o = run(dir.path(), &["charts", "--audience", "secret", "--out", "x"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown audience `secret`"), "{}", stderr(&o));
}
