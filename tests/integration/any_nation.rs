//! Any nation's dataset builds: the big Valmeria fixture (five branches, seventeen operations,
//! twenty-eight bases with long names, maps with and without a frame) and datasets made by a
//! seeded generator within the documented limits. Every document of the matrix must build,
//! every chart must be drawn, and the only warnings allowed are a sheet over its page budget.

use std::fmt::Write as _;
use std::path::Path;

use briefing::build::{self, BuildConfig};
use briefing::diag::Diagnostics;
use briefing::plan::{HandoutLayout, Kind, Selection};
use briefing::project::{DataSource, Inputs};
use briefing::typeset::document::page_fill;
use briefing::typeset::world::TemplateSource;

use crate::common::*;

/// Builds every document of `data` for `audience` into a fresh folder: all kinds, scopes and
/// languages. Returns how many documents were written and the warnings.
fn build_all(data: &Path, audience: Option<&str>) -> (usize, Diagnostics) {
    let out = tempfile::tempdir().expect("temp dir");
    let inputs =
        Inputs { data: DataSource::Dir(data.to_path_buf()), templates: TemplateSource::Embedded };
    let selection = Selection { audience: audience.map(str::to_owned), ..Selection::default() };
    let config = BuildConfig { jobs: 2, ..BuildConfig::new(inputs, selection, out.path()) };
    match build::build(&config) {
        Ok(report) => (report.entries.len(), report.warnings),
        Err(d) => panic!("{} does not build:\n{}", data.display(), d.render()),
    }
}

/// Every warning: a sheet over its page budget is one too.
fn unexpected(warnings: &Diagnostics) -> Vec<String> {
    warnings.0.iter().map(|d| d.message.clone()).collect()
}

/// The least share of its text area a fact sheet's page may fill (see
/// `briefing::typeset::document::page_fill`): below it a page reads as
/// nearly empty, and copy-fitting tries to save it.
const LEAST_FILL: f64 = briefing::typeset::document::NEARLY_EMPTY;

/// Typesets every fact sheet of `data` in `langs` (the lowest audience) and
/// asserts each keeps its page budget (2 pages a branch, 4 combined) with no
/// page nearly empty. `what` names the dataset in messages. Returns the
/// sheets, for more checks without typesetting them again.
fn sheets_keep_their_budgets(
    data: DataSource,
    langs: &[&str],
    what: &str,
) -> Vec<(String, briefing::typeset::document::RenderedDocument)> {
    let kinds = [Kind::Factsheet];
    let docs =
        render_langs(data, TemplateSource::Embedded, &[], &kinds, HandoutLayout::default(), langs);
    assert!(!docs.is_empty(), "{what}: no fact sheet");
    let mut problems = Vec::new();
    for (name, doc) in &docs {
        let pages = doc.document.pages();
        let budget = if name.contains("-combined-") { 4 } else { 2 };
        let fills: Vec<f64> = pages.iter().map(page_fill).collect();
        let shown: Vec<String> = fills.iter().map(|f| format!("{:.0}%", f * 100.0)).collect();
        if pages.len() > budget {
            problems.push(format!("{name}: {} pages, budget {budget} ({shown:?})", pages.len()));
        }
        if fills.iter().any(|&f| f < LEAST_FILL) {
            problems.push(format!("{name}: a page nearly empty ({shown:?})"));
        }
        if std::env::var_os("BRIEFING_SHOW_FILL").is_some() {
            eprintln!("{what} {name}: {shown:?}");
        }
    }
    assert!(problems.is_empty(), "{what}:\n{}", problems.join("\n"));
    docs
}

#[test]
fn the_valmeria_fixture_builds_every_document_with_every_chart_and_label() {
    let data = fixture("valmeria");
    let (written, warnings) = build_all(&data, Some("internal"));
    // Three kinds, six scopes (five branches and combined), three languages
    // (Polish from the fixture's own label file).
    assert_eq!(written, 3 * 6 * 3);
    let bad = unexpected(&warnings);
    assert!(bad.is_empty(), "unexpected warnings:\n{}", bad.join("\n"));
}

#[test]
fn fact_sheets_of_every_dataset_keep_their_budgets_without_nearly_empty_pages() {
    let dir = |name: &str| DataSource::Dir(fixture(name));
    let valmeria = sheets_keep_their_budgets(dir("valmeria"), &["en", "fr", "pl"], "valmeria");
    polish_sheets_print_their_label_file_and_locale(&valmeria);
    sheets_keep_their_budgets(dir("nordhavn"), &["en"], "nordhavn");
    sheets_keep_their_budgets(DataSource::Embedded, &["en", "nl", "fr", "de"], "default data");
    for seed in seeds() {
        let generated = generated_dir(seed);
        let data = DataSource::Dir(generated.path().to_path_buf());
        sheets_keep_their_budgets(data, &[], &format!("seed {seed}"));
    }
}

/// Valmeria's Polish fact sheets (typeset by the budget test) print the words of the
/// fixture's own `i18n/pl.toml`, its compass letters and plural forms, and dates and
/// numbers in the `pl-PL` locale; no word of another language's label file.
fn polish_sheets_print_their_label_file_and_locale(
    sheets: &[(String, briefing::typeset::document::RenderedDocument)],
) {
    let polish: Vec<_> = sheets.iter().filter(|(n, _)| n.ends_with("-pl.pdf")).collect();
    assert_eq!(polish.len(), 6, "{:?}", sheets.iter().map(|s| &s.0).collect::<Vec<_>>());
    let (_, combined) = polish.iter().find(|(n, _)| n.contains("-combined-")).expect("combined");
    let text = squashed_text(combined);
    for words in [
        "NAJWAŻNIEJSZE LICZBY",
        "Formacje wielonarodowe",
        "Stan na 15 września 2026",
        // The label file's compass letters, two decimals.
        "45,87° N, 24,78° E",
        "38,86° N, 22,83° W",
        "i jeszcze",
        "Co robią Wojska Lądowe za granicą?",
    ] {
        assert!(text.contains(&squash(words)), "the Polish sheet lacks {words:?}");
    }
    // Grouping as CLDR writes Polish: none in four digits, a space from five.
    let raw = briefing::typeset::page_texts(&combined.document).join(" ");
    let words: Vec<&str> = raw.split_whitespace().collect();
    assert!(words.contains(&"2300"), "2300 is written with a separator");
    let grouped = words.windows(2).any(|w| w == ["27", "000"]);
    assert!(grouped && !words.contains(&"27000"), "27 000 is not grouped");
    for foreign in ["Key figures", "Chiffres clés", "As of", "Situation au", "° O"] {
        assert!(!text.contains(&squash(foreign)), "the Polish sheet prints {foreign:?}");
    }
}

#[test]
fn the_valmeria_charts_export_without_a_label_left_out() {
    let out = tempfile::tempdir().expect("temp dir");
    let inputs =
        Inputs { data: DataSource::Dir(fixture("valmeria")), templates: TemplateSource::Embedded };
    for lang in ["en", "fr", "pl"] {
        let (files, warnings) =
            build::export::export_charts(&inputs, Some(lang), Some("internal"), out.path())
                .unwrap_or_else(|d| panic!("{}", d.render()));
        assert_eq!(files.len(), 2 * 23, "{files:?}");
        assert!(warnings.0.is_empty(), "{lang}: {}", warnings.render());
        for file in files.iter().filter(|f| f.ends_with(".svg")) {
            let svg = std::fs::read_to_string(out.path().join(file)).expect("svg");
            let cut: Vec<String> =
                svg_texts(&svg).into_iter().filter(|t| t.ends_with('…')).collect();
            assert!(cut.is_empty(), "{lang} {file}: labels cut {cut:?}");
        }
    }
}

/// The text of every `<text>` element of an SVG, trimmed.
fn svg_texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| Some(t.split_once('>')?.1.split_once("</text>")?.0.trim().to_owned()))
        .collect()
}

#[test]
fn the_default_charts_cut_no_label_with_an_ellipsis() {
    let out = tempfile::tempdir().expect("temp dir");
    let inputs = Inputs { data: DataSource::Embedded, templates: TemplateSource::Embedded };
    for lang in ["en", "nl", "fr", "de"] {
        let (files, _) = build::export::export_charts(&inputs, Some(lang), None, out.path())
            .unwrap_or_else(|d| panic!("{}", d.render()));
        let svgs: Vec<_> = files.iter().filter(|f| f.ends_with(".svg")).collect();
        assert!(!svgs.is_empty(), "{files:?}");
        for file in svgs {
            let svg = std::fs::read_to_string(out.path().join(file)).expect("svg");
            let cut: Vec<String> =
                svg_texts(&svg).into_iter().filter(|t| t.ends_with('…')).collect();
            assert!(cut.is_empty(), "{lang} {file}: labels cut {cut:?}");
        }
    }
}

/// A small, seeded pseudo-random generator (SplitMix64): the same seed, the same dataset.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A whole number in `lo..=hi`.
    fn int(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }

    /// A number in `lo..hi`.
    fn real(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (self.next() >> 11) as f64 / (1u64 << 53) as f64 * (hi - lo)
    }

    fn chance(&mut self, p: f64) -> bool {
        self.real(0.0, 1.0) < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.int(0, items.len() - 1)]
    }
}

/// Host countries with outlines in `data/geo/europe.json`, at about their middle.
const HOSTS: [(&str, f64, f64); 14] = [
    ("RO", 25.0, 45.9),
    ("LT", 23.9, 55.3),
    ("LV", 24.6, 56.9),
    ("EE", 25.5, 58.7),
    ("PL", 19.4, 52.1),
    ("SK", 19.5, 48.7),
    ("BG", 25.3, 42.7),
    ("HU", 19.4, 47.2),
    ("DE", 10.4, 51.1),
    ("NO", 9.0, 61.0),
    ("FI", 26.0, 63.0),
    ("GR", 22.0, 39.5),
    ("IT", 12.5, 42.8),
    ("ES", -3.7, 40.2),
];

/// A name of `lo` to `hi` characters (see [`name`]).
fn name_of(rng: &mut Rng, lo: usize, hi: usize) -> String {
    let len = rng.int(lo, hi);
    name(rng, len)
}

/// A place name of about `len` characters, in words with diacritics and quotes.
fn name(rng: &mut Rng, len: usize) -> String {
    const SYLLABLES: [&str; 16] = [
        "Ba", "za", "ăr", "Šia", "ul", "ių", "Kő", "gă", "lni", "ce", "anu", "Łó", "dź", "Øst",
        "Ére", "ño",
    ];
    let mut s = String::new();
    while s.chars().count() < len {
        if !s.is_empty() && rng.chance(0.3) {
            s.push(' ');
        }
        if rng.chance(0.05) {
            s.push('„');
        }
        let syllable: &&str = rng.pick(&SYLLABLES[..]);
        s.push_str(syllable.as_ref());
    }
    s.chars().take(len).collect::<String>().trim().to_string()
}

/// A dataset from `seed`: 1–6 branches, 1–20 operations, 1–30 bases (some a few km apart,
/// some far from everything), names of 3–60 characters, up to four charts a branch and three
/// combined, maps with and without a frame, 0–20 events, one to three languages.
fn generated(seed: u64) -> String {
    let mut rng = Rng(seed);
    let mut s = String::new();
    let langs = [&["en"][..], &["en", "fr"][..], &["fr", "de"][..]][rng.int(0, 2)];
    let langs = langs.iter().map(|l| format!("{l:?}")).collect::<Vec<_>>().join(", ");
    let _ = write!(
        s,
        "[dataset]\nid = \"gen-{seed}\"\ntitle = \"Generated {seed}\"\nnation = \"XQ\"\n\
         languages = [{langs}]\nas_of = \"2026-06-30\"\npublisher = \"{}\"\n\n\
         [[marking]]\nid = \"public\"\nbanner = \"PUBLIC\"\ncolour = \"#2f6f3e\"\n\n\
         [[country]]\nid = \"XQ\"\nname = \"Generatia\"\n",
        name(&mut rng, 40)
    );
    for (id, _, _) in HOSTS {
        let _ = write!(s, "\n[[country]]\nid = \"{id}\"\nname = \"{}\"\n", name(&mut rng, 12));
    }
    let branches = rng.int(1, 6);
    for b in 0..branches {
        let _ = write!(
            s,
            "\n[[branch]]\nid = \"br{b}\"\nname = \"{}\"\nsummary = \"{}.\"\n",
            name_of(&mut rng, 4, 40),
            name(&mut rng, 120)
        );
    }
    let formations = rng.int(0, 4);
    for f in 0..formations {
        let _ = write!(s, "\n[[formation]]\nid = \"fm{f}\"\nname = \"{}\"\n", name(&mut rng, 30));
        // Some formations no country hosts (maritime groups), some say what
        // kind of formation they are.
        if rng.chance(0.7) {
            let _ = writeln!(s, "host = \"{}\"", rng.pick(&HOSTS).0);
        }
        if rng.chance(0.5) {
            let _ = writeln!(s, "kind = \"{}\"", name(&mut rng, 18));
        }
    }
    let bases = rng.int(1, 30);
    let mut coords: Vec<(f64, f64)> = Vec::new();
    for b in 0..bases {
        let (country, lon, lat) = *rng.pick(&HOSTS);
        let (lon, lat) = match rng.int(0, 9) {
            // A few km from another base.
            0..=2 if !coords.is_empty() => {
                let (x, y) = *rng.pick(&coords);
                (x + rng.real(-0.2, 0.2), y + rng.real(-0.15, 0.15))
            }
            // Far from everything.
            3 => (rng.real(-60.0, 60.0), rng.real(-40.0, 75.0)),
            _ => (lon + rng.real(-1.5, 1.5), lat + rng.real(-1.0, 1.0)),
        };
        coords.push((lon, lat));
        let len = rng.int(3, 60);
        let _ = write!(
            s,
            "\n[[base]]\nid = \"base{b}\"\nname = \"{}\"\ncountry = \"{country}\"\nlat = {lat:.4}\nlon = {lon:.4}\n",
            name(&mut rng, len)
        );
        if rng.chance(0.5) {
            let _ = writeln!(s, "short_name = \"{}\"", name_of(&mut rng, 3, 14));
        }
    }
    let operations = rng.int(branches, 20);
    for o in 0..operations {
        let branch = if o < branches { o } else { rng.int(0, branches - 1) };
        let host = rng.pick(&HOSTS).0;
        let used: Vec<String> =
            (0..rng.int(0, 4)).map(|_| format!("\"base{}\"", rng.int(0, bases - 1))).collect();
        let mut used_unique: Vec<String> = Vec::new();
        for u in used {
            if !used_unique.contains(&u) {
                used_unique.push(u);
            }
        }
        let start = 1990 + rng.int(0, 35);
        let _ = write!(
            s,
            "\n[[operation]]\nid = \"op{o}\"\nname = \"{}\"\nshort_name = \"{}\"\nbranch = \"br{branch}\"\n\
             host_nations = [\"{host}\"]\nbases = [{}]\nstart = \"{start}\"\nsummary = \"{}.\"\n\
             assets = [\"{}\"]\n",
            name_of(&mut rng, 5, 60),
            name_of(&mut rng, 3, 12),
            used_unique.join(", "),
            name(&mut rng, 100),
            name(&mut rng, 20),
        );
        if formations > 0 && rng.chance(0.3) {
            let _ = writeln!(s, "formation = \"fm{}\"", rng.int(0, formations - 1));
        }
        if rng.chance(0.3) {
            let _ = writeln!(s, "end = \"{}\"", (start + rng.int(0, 10)).min(2026));
        }
        for b in &used_unique {
            if rng.chance(0.5) {
                let _ = write!(
                    s,
                    "\n[[rotation]]\noperation = \"op{o}\"\nbase = {b}\ncount = {}\n",
                    rng.int(0, 30)
                );
            }
        }
        let _ = write!(
            s,
            "\n[[figure]]\nid = \"fig{o}\"\nvalue = {}\nlabel = \"{}\"\noperation = \"op{o}\"\n",
            rng.int(0, 50_000),
            name_of(&mut rng, 4, 50)
        );
    }
    for e in 0..rng.int(0, 20) {
        let _ = write!(
            s,
            "\n[[event]]\nid = \"ev{e}\"\ndate = \"{}\"\ntitle = \"{}\"\n",
            1995 + rng.int(0, 31),
            name_of(&mut rng, 5, 50)
        );
    }
    let events = s.matches("[[event]]").count();
    let mut chart = 0;
    for scope in (0..branches).map(Some).chain([None]) {
        let most = if scope.is_some() { 4 } else { 3 };
        for _ in 0..rng.int(0, most) {
            let branch = scope.map(|b| format!("branch = \"br{b}\"\n")).unwrap_or_default();
            let _ = write!(
                s,
                "\n[[chart]]\nid = \"c{chart}\"\ntitle = \"{}\"\n{branch}",
                name(&mut rng, 30)
            );
            chart += 1;
            match rng.int(0, 3) {
                0 => {
                    s.push_str("kind = \"map\"\n");
                    if rng.chance(0.4) {
                        let (_, lon, lat) = *rng.pick(&HOSTS);
                        let _ = write!(
                            s,
                            "lon = [{:.1}, {:.1}]\nlat = [{:.1}, {:.1}]\n",
                            lon - 8.0,
                            lon + 8.0,
                            lat - 5.0,
                            lat + 5.0
                        );
                    }
                }
                1 => {
                    s.push_str("kind = \"timeline\"\n");
                    if events > 0 {
                        let _ = writeln!(s, "events = [\"ev{}\"]", rng.int(0, events - 1));
                    }
                }
                2 if s.contains("[[rotation]]") => {
                    let op = s
                        .rsplit("[[rotation]]\noperation = \"")
                        .next()
                        .and_then(|r| r.split('"').next())
                        .unwrap_or("op0")
                        .to_owned();
                    let _ = writeln!(s, "kind = \"bar\"\nrotations = \"{}\"", op);
                }
                _ => {
                    let n = rng.int(1, 6);
                    let figs: Vec<String> = (0..n)
                        .map(|_| rng.int(0, operations - 1))
                        .collect::<std::collections::BTreeSet<_>>()
                        .into_iter()
                        .map(|f| format!("\"fig{f}\""))
                        .collect();
                    let _ = writeln!(s, "kind = \"bar\"\nfigures = [{}]", figs.join(", "));
                }
            }
        }
    }
    // Every item names its source, as `validate` asks (no draw of the
    // generator is spent on it, so the datasets are otherwise unchanged).
    for kind in ["country", "branch", "formation", "base", "operation", "rotation", "figure"]
        .into_iter()
        .chain(["event", "chart"])
    {
        s = s.replace(&format!("[[{kind}]]\n"), &format!("[[{kind}]]\nsource = \"gen-src\"\n"));
    }
    s.replace("[dataset]\n", "[dataset]\nsource = \"gen-src\"\n")
        + "\n[[source]]\nid = \"gen-src\"\ntitle = \"Generated source\"\n"
}

/// Writes the dataset of `seed` with the default outlines into a fresh folder.
fn generated_dir(seed: u64) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("data.toml"), generated(seed)).expect("write");
    std::fs::create_dir(dir.path().join("geo")).expect("mkdir geo");
    let geo = root().join("data/geo/europe.json");
    std::fs::copy(geo, dir.path().join("geo/europe.json")).expect("copy");
    dir
}

/// The seeds CI runs; `BRIEFING_SEEDS=first..last` runs others (docs/reliability.md).
fn seeds() -> Vec<u64> {
    match std::env::var("BRIEFING_SEEDS").ok().and_then(|v| {
        let (a, b) = v.split_once("..")?;
        Some(a.parse::<u64>().ok()?..b.parse::<u64>().ok()?)
    }) {
        Some(range) => range.collect(),
        None => vec![1, 7, 42],
    }
}

#[test]
fn generated_datasets_build_every_document_with_every_chart() {
    for seed in seeds() {
        let dir = generated_dir(seed);
        let (written, warnings) = build_all(dir.path(), None);
        assert!(written > 0, "seed {seed}: nothing written");
        // The generator sets no chart priorities: validate's estimate may say
        // that a sheet has more charts than places; nothing else may warn.
        let bad: Vec<String> = unexpected(&warnings)
            .into_iter()
            .filter(|m| !m.contains("charts; at most") || !m.contains("are sure to fit in its"))
            .collect();
        assert!(bad.is_empty(), "seed {seed}: unexpected warnings:\n{}", bad.join("\n"));
    }
}

#[test]
fn the_generator_is_deterministic_and_varied() {
    assert_eq!(generated(5), generated(5));
    let sizes: Vec<usize> = (0..8).map(|s| generated(s).matches("[[base]]").count()).collect();
    assert!(sizes.iter().any(|&n| n != sizes[0]), "{sizes:?}");
}

#[test]
fn the_nations_words_come_from_its_data_and_the_label_files_stay_generic() {
    // The default data calls its branches components, in its own words.
    let docs = render_default(&["combined"], &[briefing::plan::Kind::Factsheet], &["fr"]);
    let text = squashed_text(&docs[0].1).to_lowercase();
    assert!(
        text.contains(&squash("toutes les composantes")),
        "the dataset's own word is not printed"
    );
    // Another nation's French sheet uses the label file's generic words.
    let valmeria = fixture("valmeria");
    let inputs = Inputs { data: DataSource::Dir(valmeria), templates: TemplateSource::Embedded };
    let prepared = build::prepare(
        &inputs,
        &Selection { scopes: vec!["combined".into()], ..Selection::default() },
    )
    .unwrap_or_else(|d| panic!("{}", d.render()));
    for plan in &prepared.plans {
        let labels = &plan.data.labels;
        assert!(
            !labels["combined"].to_lowercase().contains("composante"),
            "{}",
            labels["combined"]
        );
    }
    for file in ["en", "nl", "fr", "de"] {
        let words = std::fs::read_to_string(root().join(format!("templates/i18n/{file}.toml")))
            .expect("label file")
            .to_lowercase();
        for belgian in ["composante", "componenten", "komponente"] {
            assert!(!words.contains(belgian), "templates/i18n/{file}.toml says {belgian:?}");
        }
    }
}

#[test]
fn an_unknown_label_in_the_data_is_located_with_the_nearest_key() {
    let dir = copy_of_default_data();
    edit(&dir.path().join("data/dataset.toml"), "\ncombined = {", "\ncombnied = {");
    let o = run(
        dir.path(),
        &["build", "--data", "data", "--lang", "en", "--scope", "combined", "--out", "out"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("`combnied` is not a label the templates print"), "{err}");
    assert!(err.contains("did you mean `combined`?"), "{err}");
    let text = std::fs::read_to_string(dir.path().join("data/dataset.toml")).expect("read");
    let line = text.lines().position(|l| l.starts_with("combnied = {")).expect("the key") + 1;
    assert!(err.contains(&format!("data/dataset.toml:{line}:1")), "{err}");
    assert!(!dir.path().join("out").exists(), "a failed build wrote outputs");
}

/// The runs of text of `frame` with their boxes (x0, y0, x1, y1, in points).
fn text_boxes(frame: &typst::layout::Frame, at: (f64, f64), out: &mut Vec<(String, [f64; 4])>) {
    use typst::layout::FrameItem;
    for (pos, item) in frame.items() {
        let (x, y) = (at.0 + pos.x.to_pt(), at.1 + pos.y.to_pt());
        match item {
            FrameItem::Group(g) => text_boxes(&g.frame, (x, y), out),
            FrameItem::Text(t) if !t.text.trim().is_empty() => {
                let size = t.size.to_pt();
                out.push((t.text.to_string(), [x, y - size * 0.8, x + t.width().to_pt(), y]));
            }
            _ => {}
        }
    }
}

#[test]
fn a_long_publisher_keeps_the_deck_footer_clear_of_the_marking_banner() {
    // Valmeria's publisher is a 70-character ministry; the internal banner is long too.
    let inputs =
        Inputs { data: DataSource::Dir(fixture("valmeria")), templates: TemplateSource::Embedded };
    let selection = Selection {
        scopes: vec!["space".into()],
        kinds: vec![Kind::Deck],
        langs: vec!["fr".into()],
        audience: Some("internal".into()),
        ..Selection::default()
    };
    let prepared = build::prepare(&inputs, &selection).unwrap_or_else(|d| panic!("{}", d.render()));
    let ts =
        briefing::typeset::document::Typesetter::new(std::sync::Arc::new(TemplateSource::Embedded));
    let doc = prepared.render(&ts, &prepared.plans[0]).unwrap_or_else(|d| panic!("{}", d.render()));
    let page = &doc.document.pages()[1];
    let height = page.frame.height().to_pt();
    let mut boxes = Vec::new();
    text_boxes(&page.frame, (0.0, 0.0), &mut boxes);
    // The footer: everything under the body's foot (474pt of 540pt).
    let foot: Vec<_> = boxes.into_iter().filter(|(_, b)| b[1] > 474.0).collect();
    assert!(foot.iter().any(|(t, _)| t.contains("Ministère")), "{foot:?}");
    assert!(foot.iter().any(|(t, _)| t.contains("USAGE")), "{foot:?}");
    for (i, (a, ba)) in foot.iter().enumerate() {
        assert!(ba[3] <= height, "{a:?} runs off the slide: {ba:?}");
        for (b, bb) in &foot[i + 1..] {
            let apart = ba[2] <= bb[0] || bb[2] <= ba[0] || ba[3] <= bb[1] || bb[3] <= ba[1];
            assert!(apart, "{a:?} {ba:?} runs into {b:?} {bb:?}");
        }
    }
}

/// A copy of the Valmeria fixture in a fresh folder (`data/`), to edit.
fn copy_of_valmeria() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let copy = |from: &Path, to: &Path| {
        std::fs::create_dir_all(to).expect("mkdir");
        for entry in std::fs::read_dir(from).expect("fixture dir") {
            let p = entry.expect("entry").path();
            if p.is_file() {
                std::fs::copy(&p, to.join(p.file_name().expect("name"))).expect("copy");
            }
        }
    };
    let data = dir.path().join("data");
    copy(&fixture("valmeria"), &data);
    copy(&fixture("valmeria").join("geo"), &data.join("geo"));
    copy(&fixture("valmeria").join("i18n"), &data.join("i18n"));
    dir
}

#[test]
fn validate_says_beforehand_which_sheet_has_more_charts_than_its_pages_hold() {
    let dir = copy_of_valmeria();
    let charts = dir.path().join("data/charts.toml");
    // Without the nation's choice, the ground sheet's four charts are too many for two pages.
    let text = std::fs::read_to_string(&charts).expect("read");
    let mut lines: Vec<&str> = text.lines().collect();
    let ground = lines.iter().position(|l| *l == "id = \"ground-timeline\"").expect("chart");
    assert!(lines[ground + 2].starts_with("priority = "), "{}", lines[ground + 2]);
    lines.remove(ground + 2);
    std::fs::write(&charts, lines.join("\n") + "\n").expect("write");
    let o = run(dir.path(), &["validate", "--data", "data"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(
            "the `ground` fact sheet shows 4 charts; at most 2 are sure to fit in its 2 pages"
        ),
        "{err}"
    );
    assert!(err.contains("`ground-timeline`, `ground-figures` may be left out"), "{err}");
    assert!(err.contains("data/charts.toml:"), "{err}");
    assert!(err.contains("set `priority` on each chart of this sheet"), "{err}");
    // One warning: every other sheet's charts carry the nation's priorities.
    assert_eq!(err.matches("are sure to fit").count(), 1, "{err}");
}

/// A key figure's number and its words stay on one page when the figures
/// beside a branch's text run on to the next page (seen on Valmeria's
/// French combined sheet: "plus de 420" on page 1, its words on page 2).
#[test]
fn a_key_figure_is_never_split_across_pages() {
    let docs = render_langs(
        DataSource::Dir(fixture("valmeria")),
        TemplateSource::Embedded,
        &["combined"],
        &[Kind::Factsheet],
        HandoutLayout::default(),
        &["fr"],
    );
    let pages = briefing::typeset::page_texts(&docs[0].1.document);
    let words = squash("km de pistes et de ponts construits ou réparés");
    let page = pages.iter().find(|p| squash(p).contains(&words)).expect("the figure's words");
    assert!(squash(page).contains(&squash("plus de 420")), "its number is on another page");
}
