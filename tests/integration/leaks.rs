//! No output leaks what its audience may not see. One generated dataset plants a canary (a
//! token such as `cnryi042q`) in every text field, id, caveat and map label of every kind of
//! item, at the internal and the restricted level, and in every source (title, publisher,
//! URL), marked or cited only by marked items. For each audience, every command that writes
//! files runs once (`RUNS`); then every file written is read in every form a reader could see
//! it (`READERS`: PDF bytes, inflated streams, decoded strings and extracted text; SVG with its
//! embedded images decoded; PNG text chunks; plain text) and searched for canaries. A canary
//! above the audience anywhere fails; so does a canary that does not reach an audience cleared
//! for it, and a kind of output that carries none of a level it is cleared for, so the test
//! cannot pass by printing nothing.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read as _;
use std::path::Path;

use crate::common::*;

/// The fixture's marking levels, lowest first.
const LEVELS: [&str; 3] = ["public", "internal", "restricted"];

/// Every command that writes files, as run for each audience (with `--data data --lang en`,
/// and `--audience` above the lowest level): a name, which is the folder it writes into, and
/// its arguments, where `{out}` is that folder. Adding an output (web pages, PPTX) is one line
/// here, and one line in `READERS` when its files are of a kind not read yet.
const RUNS: &[(&str, &[&str])] = &[
    // Every kind and scope, every page format, the emitted data and Typst folders; handouts
    // in the default layout (3 a page).
    (
        "documents",
        &[
            "build",
            "--format",
            "pdf,png,svg,thumb",
            "--ppi",
            "24",
            "--out",
            "{out}/out",
            "--emit-data",
            "{out}/data",
            "--emit-typst",
            "{out}/typst",
        ],
    ),
    ("handout-1", &["build", "--kind", "handout", "--handout-layout", "1", "--out", "{out}"]),
    ("handout-2", &["build", "--kind", "handout", "--handout-layout", "2", "--out", "{out}"]),
    ("handout-4", &["build", "--kind", "handout", "--handout-layout", "4", "--out", "{out}"]),
    ("handout-6", &["build", "--kind", "handout", "--handout-layout", "6", "--out", "{out}"]),
    (
        "handout-notes",
        &["build", "--kind", "handout", "--handout-layout", "notes", "--out", "{out}"],
    ),
    ("charts", &["charts", "--out", "{out}"]),
    // The PowerPoint decks and the web fact sheets with their index.
    ("pptx-web", &["build", "--format", "pptx,html", "--ppi", "24", "--out", "{out}"]),
];

/// How a kind of file is read.
#[derive(Debug, Clone, Copy)]
enum Reader {
    /// The bytes as written (text, or binary such as fonts).
    Raw,
    /// The bytes, every stream inflated, the UTF-16 strings decoded (bookmarks, alt text,
    /// structure titles) and the text as `pdftotext` extracts it (Typst writes glyph ids, so
    /// printed words are found only there).
    Pdf,
    /// The bytes and every embedded `data:` image decoded (page SVGs draw text as glyph
    /// outlines; the PDF of the same pages is read for their text).
    Svg,
    /// Every part of a zip package (a PowerPoint file), inflated; the page pictures
    /// among them are read as SVG and PNG are.
    Zip,
    /// The text chunks (`tEXt`, `zTXt`, `iTXt`). The pixels are not read: page images are
    /// drawn from the same laid-out pages whose text the PDF gives, chart PNGs from the SVGs.
    Png,
}

/// How each kind of file is read, by how its name ends, and what of such files (`file`: the
/// file as a whole, else one of the forms its reader gives) must, taken together in one run's
/// folder, carry canaries of every level their audience is cleared for, so that a reader that
/// finds nothing fails. A file that no line names fails the test: a new kind of output needs
/// a reader here before it can pass.
const READERS: &[(&str, Reader, &[&str])] = &[
    (".pdf", Reader::Pdf, &["file", "strings", "text"]),
    (".svg", Reader::Svg, &["file"]),
    (".png", Reader::Png, &[]),
    (".pdfpc", Reader::Raw, &["file"]),
    (".pptx", Reader::Zip, &["parts"]),
    (".html", Reader::Raw, &["file"]),
    (".json", Reader::Raw, &["file"]),
    ("SHA256SUMS", Reader::Raw, &["file"]),
    // The templates, labels, fonts and licences of an `--emit-typst` folder: not from the data.
    (".typ", Reader::Raw, &[]),
    (".toml", Reader::Raw, &[]),
    (".md", Reader::Raw, &[]),
    (".txt", Reader::Raw, &[]),
    (".css", Reader::Raw, &[]),
    (".otf", Reader::Raw, &[]),
];

/// Fields that no output prints today, as `section.field`: their canaries must reach no
/// audience. Comments (`*.comment`) are never printed either. When an output starts printing
/// one of these, this test fails until the field is taken off the list.
const NOT_SHOWN: &[&str] = &[
    // Speaker notes of items that have no slide or paragraph of their own.
    "country.notes",
    "formation.notes",
    "base.notes",
    "rotation.notes",
    "figure.notes",
    // Drawn on a map only where the full name has no room; the fixture's names are short.
    "base.short_name",
    // A rotation's count is added up per base; its period is not printed.
    "rotation.period",
];

/// A canary: the field it is planted in and the rank of the level it is marked (or cited) at.
#[derive(Debug)]
struct Canary {
    field: String,
    rank: usize,
}

impl Canary {
    /// Whether no output may print it, at any audience.
    fn never_shown(&self) -> bool {
        self.field.ends_with(".comment") || NOT_SHOWN.contains(&self.field.as_str())
    }

    /// Whether some output for audience `rank` must show it: everything of its level or
    /// lower, except a level's banner, which shows only where that level is the highest
    /// present (the fixture's documents for a higher audience all show that audience's items).
    fn expected_at(&self, rank: usize) -> bool {
        let banner = self.field == "marking.banner";
        !self.never_shown() && self.rank <= rank && (!banner || self.rank == rank)
    }
}

/// The generated dataset: its TOML and its canaries by token.
#[derive(Default)]
struct Fixture {
    toml: String,
    canaries: BTreeMap<String, Canary>,
}

impl Fixture {
    /// A new canary for `field` of an item of rank `rank`: `cnry`, the level's letter, a
    /// number, `q`, so that no token is part of another and each is one word of lower case
    /// letters and digits (a valid id, unbroken by line breaking).
    fn token(&mut self, rank: usize, field: &str) -> String {
        let token = format!("cnry{}{:03}q", &LEVELS[rank][..1], self.canaries.len());
        self.canaries.insert(token.clone(), Canary { field: field.to_owned(), rank });
        token
    }

    /// Writes one item of `section` at rank `rank` (marked so when `marked`): the fields of
    /// `given` as written (TOML values), a canary in each field of `texts` (two, as a list, for
    /// a name ending in `[]`), and one in its `comment`.
    fn item(
        &mut self,
        section: &str,
        rank: usize,
        marked: bool,
        given: &[(&str, String)],
        texts: &[&str],
    ) {
        let mut lines = vec![format!("[[{section}]]")];
        lines.extend(given.iter().map(|(k, v)| format!("{k} = {v}")));
        for field in texts {
            let value = match field.strip_suffix("[]") {
                Some(list) => {
                    let (a, b) = (
                        self.token(rank, &format!("{section}.{list}")),
                        self.token(rank, &format!("{section}.{list}")),
                    );
                    format!("{list} = [{}, {}]", q(&a), q(&b))
                }
                None => {
                    format!("{field} = {}", q(&self.token(rank, &format!("{section}.{field}"))))
                }
            };
            lines.push(value);
        }
        if marked {
            lines.push(format!("marking = {}", q(LEVELS[rank])));
        }
        let comment = self.token(rank, &format!("{section}.comment"));
        lines.push(format!("comment = {}", q(&comment)));
        self.toml.push_str(&lines.join("\n"));
        self.toml.push_str("\n\n");
    }
}

/// A TOML string.
fn q(s: &str) -> String {
    format!("\"{s}\"")
}

/// What every audience sees: one branch, one operation of each kind of item, and public
/// charts that draw marked items when the audience may see them (the rotations of a public
/// operation, the bases and operations of a scope, the branches compared).
const PUBLIC: &str = r##"
[dataset]
id = "canary-abroad"
title = "Canary Abroad"
subtitle = "Every field marked"
nation = "BE"
languages = ["en"]
as_of = "2025-06-30"
publisher = "Ministry of Canaries"
source = "src-public"

[[marking]]
id = "public"
banner = "PUBLIC"
colour = "#2f6f3e"

[[source]]
id = "src-public"
title = "Annual report"
publisher = "Ministry of Canaries"
url = "https://example.org/report"

[[country]]
id = "BE"
name = "Belgium"

[[country]]
id = "LT"
name = "Lithuania"

[[country]]
id = "PL"
name = "Poland"

[[branch]]
id = "alpha"
name = "Alpha Force"
heading = "What does the Alpha Force do?"
summary = "It guards the skies of Lithuania."
source = "src-public"

[[formation]]
id = "fm-public"
name = "Guard Group"
host = "LT"
lead_nation = "PL"

[[operation]]
id = "op-public"
name = "Operation Guard"
short_name = "Guard"
branch = "alpha"
formation = "fm-public"
host_nations = ["LT"]
bases = ["base-public", "base-in-internal", "base-in-restricted"]
start = "2015"
summary = "Fighters guard the airspace of Lithuania."
assets = ["Fighter jets"]
source = "src-public"

[[base]]
id = "base-public"
name = "Guard Air Base"
country = "LT"
lat = 54.9
lon = 23.9

[[rotation]]
operation = "op-public"
base = "base-public"
count = 4

[[figure]]
id = "fig-public"
value = 3
label = "fighter jets"
operation = "op-public"
highlight = true

[[event]]
id = "ev-public"
date = "2015-05"
title = "First rotation"
operation = "op-public"

[[text]]
id = "txt-background"
section = "background"
title = "Background"
body = ["Lithuania asked its allies for help."]

[[text]]
id = "txt-mission"
section = "mission"
body = ["Canaria sends fighter jets."]

[[text]]
id = "txt-stakes"
section = "stakes"
body = ["Open skies matter."]

[[chart]]
id = "alpha-rotations"
kind = "bar"
branch = "alpha"
title = "Rotations by base"
rotations = "op-public"

[[chart]]
id = "alpha-map"
kind = "map"
branch = "alpha"
title = "Where the Alpha Force serves"
lon = [18, 30]
lat = [53, 61]

[[chart]]
id = "all-map"
kind = "map"
title = "Where we serve"
lon = [18, 30]
lat = [53, 61]

[[chart]]
id = "all-timeline"
kind = "timeline"
title = "Contributions over time"

[[chart]]
id = "all-overview"
kind = "overview"
title = "The branches compared"
"##;

/// The dataset: the public part, then for each level above it a canary in every field of an
/// item of every kind marked at that level (and sources unmarked but cited only by them).
fn fixture() -> Fixture {
    let mut f = Fixture { toml: PUBLIC.to_owned(), ..Fixture::default() };
    // By rank: the level's country, the latitude and longitude of its base there, and the
    // latitude of a public base in that country.
    let places = [("", "", 0.0, 0.0), ("EE", "58.4", 24.5, 59.4), ("LV", "56.9", 24.1, 56.5)];
    for (rank, (level, place)) in LEVELS.iter().zip(places).enumerate().skip(1) {
        let (iso, lat, lon, public_lat) = place;
        let banner = f.token(rank, "marking.banner");
        f.toml.push_str(&format!(
            "[[marking]]\nid = \"{level}\"\nbanner = \"{} {banner}\"\ncolour = \"#8b1f1f\"\n\n",
            level.to_uppercase()
        ));
        let src = f.token(rank, "source.id");
        let url = f.token(rank, "source.url");
        f.item(
            "source",
            rank,
            true,
            &[("id", q(&src)), ("url", q(&format!("https://example.org/{url}")))],
            &["title", "publisher"],
        );
        // Unmarked, but cited only by items of this level.
        let by_use = f.token(rank, "source.id");
        let url = f.token(rank, "source.url");
        f.item(
            "source",
            rank,
            false,
            &[("id", q(&by_use)), ("url", q(&format!("https://example.org/{url}")))],
            &["title", "publisher"],
        );
        let cite = |s: &str| ("source", q(s));
        f.item("country", rank, true, &[("id", q(iso)), cite(&by_use)], &["name", "notes"]);
        // A public base in a country the public may not see: named by its id there.
        f.toml.push_str(&format!(
            "[[base]]\nid = \"base-in-{level}\"\nname = \"Harbour {iso}\"\ncountry = \"{iso}\"\nlat = {public_lat}\nlon = {}\n\n",
            lon - 2.0
        ));
        let caveat = f.token(rank, "releasable_to");
        let caveats = ("releasable_to", format!("[{}]", q(&caveat)));
        let branch = f.token(rank, "branch.id");
        f.item(
            "branch",
            rank,
            true,
            &[("id", q(&branch)), cite(&src), caveats.clone()],
            &["name", "heading", "summary", "body[]", "notes"],
        );
        let formation = f.token(rank, "formation.id");
        f.item(
            "formation",
            rank,
            true,
            &[("id", q(&formation)), ("host", q(iso)), ("lead_nation", q(iso)), cite(&src)],
            &["name", "notes"],
        );
        let base = f.token(rank, "base.id");
        f.item(
            "base",
            rank,
            true,
            &[
                ("id", q(&base)),
                ("country", q(iso)),
                ("lat", lat.to_owned()),
                ("lon", lon.to_string()),
                cite(&src),
            ],
            &["name", "short_name", "notes"],
        );
        let operation_texts =
            ["name", "short_name", "organisation", "area", "summary", "assets[]", "notes"];
        // One in the public branch, one in the branch of this level.
        let op = f.token(rank, "operation.id");
        f.item(
            "operation",
            rank,
            true,
            &[
                ("id", q(&op)),
                ("branch", q("alpha")),
                ("formation", q(&formation)),
                ("host_nations", format!("[{}, \"LT\"]", q(iso))),
                ("bases", format!("[{}]", q(&base))),
                ("start", q("2019-04")),
                ("end", q("2024")),
                cite(&src),
            ],
            &operation_texts,
        );
        let own_op = f.token(rank, "operation.id");
        f.item(
            "operation",
            rank,
            true,
            &[
                ("id", q(&own_op)),
                ("branch", q(&branch)),
                ("host_nations", format!("[{}]", q(iso))),
                ("bases", format!("[{}]", q(&base))),
                ("start", q("2020")),
                cite(&src),
                caveats,
            ],
            &operation_texts,
        );
        for (operation, count) in [("op-public", "7"), (op.as_str(), "2")] {
            let given = [
                ("operation", q(operation)),
                ("base", q(&base)),
                ("count", count.to_owned()),
                cite(&src),
            ];
            f.item("rotation", rank, true, &given, &["period", "notes"]);
        }
        let figure = f.token(rank, "figure.id");
        let figure_texts = ["label", "unit", "period", "notes"];
        f.item(
            "figure",
            rank,
            true,
            &[
                ("id", q(&figure)),
                ("value", "11".into()),
                ("operation", q(&op)),
                ("highlight", "true".into()),
                cite(&src),
            ],
            &figure_texts,
        );
        let own_figure = f.token(rank, "figure.id");
        f.item(
            "figure",
            rank,
            true,
            &[("id", q(&own_figure)), ("value", "5".into()), ("branch", q(&branch)), cite(&src)],
            &figure_texts,
        );
        let event = f.token(rank, "event.id");
        f.item(
            "event",
            rank,
            true,
            &[("id", q(&event)), ("date", q("2021-03")), ("operation", q(&op)), cite(&src)],
            &["title", "text", "notes"],
        );
        let text = f.token(rank, "text.id");
        f.item(
            "text",
            rank,
            true,
            &[("id", q(&text)), ("section", q("background")), cite(&src)],
            &["title", "body[]", "notes"],
        );
        let chart = |f: &mut Fixture| f.token(rank, "chart.id");
        let chart_texts = ["title", "caption", "notes"];
        let id = chart(&mut f);
        f.item(
            "chart",
            rank,
            true,
            &[
                ("id", q(&id)),
                ("kind", q("bar")),
                ("branch", q("alpha")),
                ("figures", format!("[{}, \"fig-public\"]", q(&figure))),
                cite(&src),
            ],
            &["title", "caption", "alt", "notes"],
        );
        let id = chart(&mut f);
        f.item(
            "chart",
            rank,
            true,
            &[
                ("id", q(&id)),
                ("kind", q("timeline")),
                ("branch", q("alpha")),
                ("operations", format!("[{}, \"op-public\"]", q(&op))),
                ("events", format!("[{}]", q(&event))),
                cite(&src),
            ],
            &chart_texts,
        );
        let (id, label) = (chart(&mut f), f.token(rank, "chart.labels.name"));
        f.item(
            "chart",
            rank,
            true,
            &[
                ("id", q(&id)),
                ("kind", q("map")),
                ("branch", q("alpha")),
                ("lon", "[18, 30]".into()),
                ("lat", "[53, 61]".into()),
                ("bases", format!("[{}, \"base-public\"]", q(&base))),
                ("labels", format!("[{{ name = {}, lon = 19.6, lat = 57.4 }}]", q(&label))),
                cite(&src),
            ],
            &chart_texts,
        );
        let id = chart(&mut f);
        f.item(
            "chart",
            rank,
            true,
            &[("id", q(&id)), ("kind", q("overview")), cite(&src)],
            &chart_texts,
        );
        let line = f.token(rank, "line.id");
        f.item(
            "line",
            rank,
            true,
            &[("id", q(&line)), ("branch", q("alpha")), cite(&by_use)],
            &["text", "notes"],
        );
        let question = f.token(rank, "question.id");
        f.item(
            "question",
            rank,
            true,
            &[("id", q(&question)), cite(&src)],
            &["question", "answer", "notes"],
        );
    }
    f
}

#[test]
fn no_output_shows_what_its_audience_may_not_see() {
    ensure_test_tools();
    let fixture = fixture();
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    std::fs::create_dir_all(data.join("geo")).expect("mkdir");
    std::fs::write(data.join("canaries.toml"), &fixture.toml).expect("write");
    std::fs::copy(root().join("data/geo/europe.json"), data.join("geo/europe.json")).expect("geo");
    let validate = run(dir.path(), &["validate", "--data", "data"]);
    assert!(validate.status.success(), "{}\n{}", stderr(&validate), fixture.toml);
    let mut scan = Scan::default();
    for (rank, level) in LEVELS.iter().enumerate() {
        for (name, args) in RUNS {
            let out = format!("{level}/{name}");
            let mut full: Vec<String> = args.iter().map(|a| a.replace("{out}", &out)).collect();
            full.extend(["--data", "data", "--lang", "en"].map(String::from));
            if rank > 0 {
                full.extend(["--audience".to_owned(), level.to_string()]);
            }
            let full: Vec<&str> = full.iter().map(String::as_str).collect();
            let o = run(dir.path(), &full);
            assert!(o.status.success(), "briefing {}: {}", full.join(" "), stderr(&o));
            // The folders a run writes into, longest first, to sort its files by.
            let mut folders: Vec<String> = args
                .iter()
                .filter_map(|a| a.strip_prefix("{out}"))
                .map(|f| f.trim_start_matches('/').to_owned())
                .collect();
            folders.sort_by_key(|f| std::cmp::Reverse(f.len()));
            scan.run(rank, name, &dir.path().join(&out), &folders, &fixture);
        }
    }
    scan.check(&fixture);
}

/// What the scan found.
#[derive(Default)]
struct Scan {
    /// Problems found, each a line.
    problems: Vec<String>,
    /// Tokens found anywhere, by audience rank.
    reached: BTreeMap<usize, BTreeSet<String>>,
    /// Ranks of the canaries found in each kind of output that must carry them, by audience
    /// rank and `run/folder/*kind (form)`.
    carried: BTreeMap<(usize, String), BTreeSet<usize>>,
}

impl Scan {
    /// Reads every file one run wrote for audience `rank` into `dir`.
    fn run(&mut self, rank: usize, run: &str, dir: &Path, folders: &[String], fixture: &Fixture) {
        let mut files = Vec::new();
        walk(dir, &mut files);
        assert!(!files.is_empty(), "{run} wrote nothing for {}", LEVELS[rank]);
        for path in files {
            let rel = path.strip_prefix(dir).expect("inside").to_string_lossy().into_owned();
            let folder =
                folders.iter().find(|f| rel.starts_with(f.as_str())).cloned().unwrap_or_default();
            let Some((suffix, reader, carries)) =
                READERS.iter().find(|(end, _, _)| rel.ends_with(end))
            else {
                self.problems.push(format!(
                    "{run}/{rel}: no reader for this kind of file (add one to READERS)"
                ));
                continue;
            };
            self.names(rank, run, &rel, &folder);
            let mut layers = vec![("name", rel.clone().into_bytes())];
            let bytes = std::fs::read(&path).expect("read");
            read(*reader, &path, bytes, &mut layers);
            let class = format!("{run}/{folder}/*{suffix}");
            for part in *carries {
                self.carried.entry((rank, format!("{class} ({part})"))).or_default();
            }
            for (layer, text) in &layers {
                for token in tokens_in(text) {
                    let Some(canary) = fixture.canaries.get(&token) else { continue };
                    if canary.never_shown() || canary.rank > rank {
                        self.problems.push(format!(
                            "{} audience: {run}/{rel} ({layer}) shows {token}, {} at {}",
                            LEVELS[rank], canary.field, LEVELS[canary.rank]
                        ));
                    }
                    self.reached.entry(rank).or_default().insert(token.clone());
                    for part in ["file", layer] {
                        if carries.contains(&part) {
                            let key = (rank, format!("{class} ({part})"));
                            self.carried.entry(key).or_default().insert(canary.rank);
                        }
                    }
                }
            }
        }
    }

    /// The names of what is built for an audience above the lowest carry it; the lowest
    /// level's names carry none. (`manifest.json` and `SHA256SUMS` list the others.)
    fn names(&mut self, rank: usize, run: &str, rel: &str, folder: &str) {
        let name = rel.strip_prefix(folder).unwrap_or(rel).trim_start_matches('/');
        let first = name.split('/').next().unwrap_or(name);
        // The folder's own lists, of every document in it (build each audience
        // into a folder of its own: docs/reliability.md).
        if matches!(first, "manifest.json" | "SHA256SUMS" | "index.html") {
            return;
        }
        let stem = first.split('.').next().unwrap_or(first);
        // Page images add `-<page>` after the audience.
        let stem = stem.trim_end_matches(|c: char| c.is_ascii_digit()).trim_end_matches('-');
        let named = LEVELS.iter().position(|l| stem.ends_with(&format!("-{l}")));
        let expected = (rank > 0).then_some(rank);
        if named != expected {
            self.problems.push(format!(
                "{} audience: {run}/{rel} is not named for its audience",
                LEVELS[rank]
            ));
        }
    }

    /// Fails with every problem: leaks, canaries that did not reach an audience cleared for
    /// them, kinds of output that carry no canary of a level their audience may see.
    fn check(mut self, fixture: &Fixture) {
        for (rank, level) in LEVELS.iter().enumerate() {
            let reached = self.reached.get(&rank).cloned().unwrap_or_default();
            for (token, canary) in &fixture.canaries {
                if canary.expected_at(rank) && !reached.contains(token) {
                    self.problems.push(format!(
                        "{level} audience: {token} ({}, {}) is in no output",
                        canary.field, LEVELS[canary.rank]
                    ));
                }
            }
        }
        for ((rank, class), found) in &self.carried {
            for (cleared, level) in LEVELS.iter().enumerate().take(rank + 1).skip(1) {
                if !found.contains(&cleared) {
                    self.problems.push(format!(
                        "{} audience: {class} carries no canary at {level}",
                        LEVELS[*rank]
                    ));
                }
            }
        }
        assert!(
            self.problems.is_empty(),
            "{} problems:\n{}",
            self.problems.len(),
            self.problems.join("\n")
        );
    }
}

/// Every file under `dir`, sorted.
fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let mut entries: Vec<_> =
        std::fs::read_dir(dir).expect("read dir").map(|e| e.expect("entry").path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// Adds the forms of a file that `reader` reads to `layers`.
fn read(reader: Reader, path: &Path, bytes: Vec<u8>, layers: &mut Vec<(&'static str, Vec<u8>)>) {
    match reader {
        Reader::Raw => layers.push(("bytes", bytes)),
        Reader::Pdf => {
            let streams = inflated_streams(&bytes);
            let mut strings = utf16_strings(&bytes);
            strings.push_str(&utf16_strings(&streams));
            let text = squash(&pdf_text(path));
            layers.extend([
                ("bytes", bytes),
                ("streams", streams),
                ("strings", strings.into_bytes()),
                ("text", text.into_bytes()),
            ]);
        }
        Reader::Svg => {
            embedded_images(&bytes, layers);
            layers.push(("bytes", bytes));
        }
        Reader::Png => layers.push(("text chunks", png_text(&bytes))),
        Reader::Zip => {
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).expect("a zip");
            let mut parts = Vec::new();
            for i in 0..zip.len() {
                let mut part = zip.by_index(i).expect("a part");
                let mut data = Vec::new();
                std::io::Read::read_to_end(&mut part, &mut data).expect("read a part");
                let name = part.name().expect("a part name").into_owned();
                if name.ends_with(".svg") {
                    embedded_images(&data, layers);
                } else if name.ends_with(".png") {
                    layers.push(("png text chunks", png_text(&data)));
                }
                parts.extend(name.as_bytes());
                parts.push(b'\n');
                parts.extend(data);
            }
            layers.push(("parts", parts));
        }
    }
}

/// Every zlib stream of a PDF, inflated, one after another.
fn inflated_streams(pdf: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = find(&pdf[at..], b"stream") {
        let mut start = at + i + b"stream".len();
        at = start;
        if pdf[start..].starts_with(b"\r\n") {
            start += 2;
        } else if pdf[start..].starts_with(b"\n") {
            start += 1;
        } else {
            continue;
        }
        let mut inflated = Vec::new();
        if flate2::read::ZlibDecoder::new(&pdf[start..]).read_to_end(&mut inflated).is_ok() {
            out.extend(inflated);
            out.push(b'\n');
        }
    }
    out
}

/// The PDF text strings written in UTF-16 (`<FEFF…>`), decoded, one a line.
fn utf16_strings(pdf: &[u8]) -> String {
    let lower = pdf.to_ascii_lowercase();
    let mut out = String::new();
    for i in memchr::memmem::find_iter(&lower, b"<feff") {
        let start = i + b"<feff".len();
        let end = memchr::memchr(b'>', &lower[start..]).map_or(lower.len(), |e| start + e);
        let hex: Vec<u8> =
            lower[start..end].iter().copied().filter(u8::is_ascii_hexdigit).collect();
        let units: Vec<u16> = hex
            .chunks_exact(4)
            .filter_map(|c| u16::from_str_radix(std::str::from_utf8(c).ok()?, 16).ok())
            .collect();
        out.extend(char::decode_utf16(units).map(|c| c.unwrap_or('\u{fffd}')));
        out.push('\n');
    }
    out
}

/// Decodes the `data:` images an SVG embeds (base64), adding each as its own layer: SVGs
/// with what they embed in turn, PNGs by their text chunks.
fn embedded_images(svg: &[u8], layers: &mut Vec<(&'static str, Vec<u8>)>) {
    use base64::Engine as _;
    let mut at = 0;
    while let Some(i) = find(&svg[at..], b"data:") {
        let start = at + i;
        let Some(comma) = memchr::memchr(b',', &svg[start..]).map(|c| start + c) else {
            break;
        };
        let head = String::from_utf8_lossy(&svg[start..comma]).into_owned();
        let end = svg[comma + 1..]
            .iter()
            .position(|&b| matches!(b, b'"' | b'\'' | b')'))
            .map_or(svg.len(), |e| comma + 1 + e);
        at = end;
        if !head.ends_with(";base64") {
            layers.push(("embedded", svg[comma + 1..end].to_vec()));
            continue;
        }
        let Ok(decoded) = base64::engine::general_purpose::STANDARD.decode(&svg[comma + 1..end])
        else {
            continue;
        };
        if head.contains("svg") {
            embedded_images(&decoded, layers);
            layers.push(("embedded", decoded));
        } else if head.contains("png") {
            layers.push(("embedded", png_text(&decoded)));
        } else {
            layers.push(("embedded", decoded));
        }
    }
}

/// The text chunks of a PNG, inflated where compressed, one a line.
fn png_text(png: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut at = 8;
    while at + 8 <= png.len() {
        let len = u32::from_be_bytes(png[at..at + 4].try_into().expect("4 bytes")) as usize;
        let kind = &png[at + 4..at + 8];
        let data = &png[(at + 8).min(png.len())..(at + 8 + len).min(png.len())];
        at += 12 + len;
        let inflate = |bytes: &[u8]| {
            let mut v = Vec::new();
            let _ = flate2::read::ZlibDecoder::new(bytes).read_to_end(&mut v);
            v
        };
        match kind {
            b"tEXt" => out.extend(data),
            b"zTXt" => {
                let key = data.iter().position(|&b| b == 0).unwrap_or(data.len());
                out.extend(&data[..key]);
                out.extend(inflate(data.get(key + 2..).unwrap_or_default()));
            }
            // Keyword, 0, compression flag, method, language, 0, translated keyword, 0, text.
            b"iTXt" => {
                let key = data.iter().position(|&b| b == 0).unwrap_or(data.len());
                let compressed = data.get(key + 1) == Some(&1);
                let mut rest = data.get(key + 3..).unwrap_or_default();
                for _ in 0..2 {
                    let z = rest.iter().position(|&b| b == 0).unwrap_or(rest.len());
                    out.extend(&rest[..z]);
                    rest = rest.get(z + 1..).unwrap_or_default();
                }
                if compressed { out.extend(inflate(rest)) } else { out.extend(rest) }
            }
            _ => {}
        }
        out.push(b'\n');
    }
    out
}

/// Where `needle` first occurs in `hay` (memchr is built optimised; the test is not).
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

/// The canary tokens in `text`, in any case.
fn tokens_in(text: &[u8]) -> BTreeSet<String> {
    let lower = text.to_ascii_lowercase();
    let mut found = BTreeSet::new();
    for start in memchr::memmem::find_iter(&lower, b"cnry") {
        let Some(t) = lower.get(start..start + 9) else { break };
        if matches!(t[4], b'i' | b'r' | b'p')
            && t[5..8].iter().all(u8::is_ascii_digit)
            && t[8] == b'q'
        {
            found.insert(String::from_utf8_lossy(t).into_owned());
        }
    }
    found
}
