//! Web fact sheets (`--format html`) and the build's `index.html`: built for
//! the default dataset, the Valmeria fixture (for its internal audience, so
//! the pages carry a marking band and the internal sections) and a copy of
//! the default data whose title holds a script tag, built with a templates
//! folder of its own; then checked as files here and in headless Chromium
//! (tests/browser/web.mjs: axe-core at WCAG 2.1 AA, no sideways scroll at
//! phone and desktop widths, no request but the page itself).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use crate::common::*;

/// The title the hostile build gives the dataset in English.
const HOSTILE_TITLE: &str = "Missions <script>alert(1)</script> & more";

/// The three builds, made once for every test of this file.
struct Builds {
    default: PathBuf,
    valmeria: PathBuf,
    hostile: PathBuf,
    /// The hostile build's inputs, to build it again.
    hostile_args: Vec<String>,
    root: PathBuf,
}

fn build_into(cwd: &Path, args: &[&str]) {
    let o = run(cwd, args);
    assert!(o.status.success(), "briefing {args:?} failed:\n{}", stderr(&o));
}

fn builds() -> &'static Builds {
    static BUILDS: OnceLock<Builds> = OnceLock::new();
    BUILDS.get_or_init(|| {
        // Under target/, made anew each run: the builds outlive every test of the run
        // and are left for looking at (the screenshots too).
        let root = crate::common::root().join("target/web-test");
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).expect("mkdir");
        let (default, valmeria, hostile) =
            (root.join("default"), root.join("valmeria"), root.join("hostile"));
        let html = ["build", "--kind", "factsheet", "--format", "pdf,html"];
        // The embedded dataset: an empty working folder has no ./data.
        let empty = root.join("cwd");
        std::fs::create_dir(&empty).expect("mkdir");
        build_into(&empty, &[&html[..], &["--out", default.to_str().expect("utf-8")]].concat());
        let valmeria_data = fixture("valmeria");
        build_into(
            &empty,
            &[
                &html[..],
                &["--data", valmeria_data.to_str().expect("utf-8")],
                // French, the longer language, for the internal audience (a band and
                // the internal sections).
                &["--lang", "fr", "--audience", "internal"],
                &["--out", valmeria.to_str().expect("utf-8")],
            ]
            .concat(),
        );
        // A dataset whose title holds markup, with a templates folder whose own
        // web/words.toml changes a word: the project's web files are used.
        let data = copy_of_default_data();
        edit(
            &data.path().join("data/dataset.toml"),
            "en = \"Missions on the eastern flank of Europe\"",
            &format!("en = \"{}\"", HOSTILE_TITLE.replace('"', "\\\"")),
        );
        let templates = root.join("templates");
        copy_dir(&crate::common::root().join("templates"), &templates);
        edit(
            &templates.join("web/words.toml"),
            "printed = \"Printed version\"",
            "printed = \"Printed version of this page\"",
        );
        let hostile_args: Vec<String> = [
            "build",
            "--kind",
            "factsheet",
            "--scope",
            "air",
            "--lang",
            "en,fr",
            "--format",
            "pdf,html",
            "--data",
            data.path().join("data").to_str().expect("utf-8"),
            "--templates",
            templates.to_str().expect("utf-8"),
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let mut args: Vec<&str> = hostile_args.iter().map(String::as_str).collect();
        args.extend(["--out", hostile.to_str().expect("utf-8")]);
        build_into(&empty, &args);
        // The data folder is kept with the others, for the rerun.
        let kept = root.join("hostile-data");
        std::fs::rename(data.path().join("data"), &kept).expect("keep data");
        let hostile_args = hostile_args
            .into_iter()
            .map(|a| if a.ends_with("/data") { kept.to_string_lossy().into_owned() } else { a })
            .collect();
        Builds { default, valmeria, hostile, hostile_args, root }
    })
}

/// Copies a folder recursively.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let p = entry.expect("entry").path();
        let target = to.join(p.file_name().expect("name"));
        if p.is_dir() {
            copy_dir(&p, &target);
        } else {
            std::fs::copy(&p, &target).expect("copy");
        }
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The `.html` files of a folder, sorted.
fn pages(dir: &Path) -> Vec<String> {
    files_in(dir).into_iter().filter(|f| f.ends_with(".html")).collect()
}

/// Every value of `attr="…"` in `html`.
fn attribute_values(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .filter_map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest.find('"').map(|end| rest[..end].to_owned())
        })
        .collect()
}

#[test]
fn every_fact_sheet_gets_a_page_beside_its_pdf_and_thumbnail_listed_in_the_manifest() {
    let b = builds();
    for dir in [&b.default, &b.valmeria, &b.hostile] {
        let files = files_in(dir);
        let pdfs: Vec<&String> = files.iter().filter(|f| f.ends_with(".pdf")).collect();
        assert!(!pdfs.is_empty(), "{} has no PDF", dir.display());
        let manifest: serde_json::Value =
            serde_json::from_str(&read(&dir.join("manifest.json"))).expect("manifest JSON");
        let documents = manifest["documents"].as_array().expect("documents");
        assert_eq!(documents.len(), pdfs.len());
        let sums = read(&dir.join("SHA256SUMS"));
        for pdf in pdfs {
            let stem = pdf.trim_end_matches(".pdf");
            for file in [format!("{stem}.html"), format!("{stem}.thumb.png")] {
                assert!(files.contains(&file), "{} lacks {file}", dir.display());
            }
            let entry = documents.iter().find(|d| d["document"] == stem).expect("entry");
            let html = format!("{stem}.html");
            assert_eq!(entry["html"]["file"], html.as_str());
            let bytes = std::fs::read(dir.join(&html)).expect("read page");
            let sha = briefing::output::manifest::sha256_hex(&bytes);
            assert_eq!(entry["html"]["sha256"], sha.as_str());
            assert!(sums.contains(&format!("{sha}  {html}\n")), "SHA256SUMS lacks {html}");
        }
        let index = std::fs::read(dir.join("index.html")).expect("index.html");
        let sha = briefing::output::manifest::sha256_hex(&index);
        assert_eq!(manifest["index"]["sha256"], sha.as_str());
        assert!(sums.contains(&format!("{sha}  index.html\n")));
    }
}

#[test]
fn a_page_shows_the_plan_with_its_language_alternates_charts_and_tables() {
    let b = builds();
    let page = read(&b.default.join("factsheet-air-fr.html"));
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"fr\">"), "{}", &page[..80]);
    for lang in ["en", "nl", "fr", "de"] {
        let link = format!(
            "<link rel=\"alternate\" hreflang=\"{lang}\" href=\"factsheet-air-{lang}.html\">"
        );
        assert!(page.contains(&link), "no alternate {lang}");
    }
    assert!(page.contains("<h1>Missions sur le flanc est de l’Europe</h1>"));
    // Every chart of the plan, inline, labelled with its alt text, with its values.
    let figures = page.matches("<figure class=\"chart").count();
    assert!(figures >= 2, "{figures} charts");
    assert_eq!(page.matches("<svg ").count(), figures);
    assert_eq!(page.matches("<div class=\"drawing\" role=\"img\" aria-label=\"").count(), figures);
    // Each chart's values always shown (no <details> to open), in a table with
    // header cells and a caption, or a list of the map's places.
    assert!(!page.contains("<details"), "values hidden in a <details>");
    assert_eq!(page.matches("<div class=\"chart-values\">").count(), figures);
    for figure in page.split("<figure class=\"chart").skip(1) {
        let figure = figure.split("</figure>").next().expect("a figure");
        assert!(
            figure.contains("<caption id=\"values-") || figure.contains("<ul class=\"places\""),
            "a chart without a table or a list of its values: {figure}"
        );
    }
    let (values, events) = (
        page.matches("<caption id=\"values-").count(),
        page.matches("<caption id=\"events-").count(),
    );
    assert_eq!(page.matches("<table class=\"values\">").count(), values + events);
    assert!(page.contains("Les valeurs de ce graphique<span class=\"visually-hidden\">: "));
    // The bar chart's values and the map's bases as text.
    assert!(
        page.contains("<th scope=\"row\">Šiauliai</th><td class=\"number\">8</td>"),
        "bar values"
    );
    assert!(page.contains("<li>Keflavík † (Islande)</li>"), "map places, the inferred one marked");
    // A map of countries only lists them under what their shading means.
    let land = read(&b.default.join("factsheet-land-en.html"));
    let map = land.split("id=\"chart-land-map\"").nth(1).expect("the land map");
    let map = map.split("</figure>").next().expect("its figure");
    assert!(
        map.contains(">Countries where our troops serve or from which our aircraft have operated<"),
        "{map}"
    );
    assert!(map.contains("<li>Lithuania</li>") && map.contains("<li>Romania</li>"), "{map}");
    // Tables with header cells.
    assert!(page.contains("<th scope=\"col\">"));
    // The PDF linked with its thumbnail inline.
    assert!(page.contains("<a class=\"pdf-link\" href=\"factsheet-air-fr.pdf\""));
    assert!(page.contains("<img src=\"data:image/png;base64,"));
    // Nothing fetched: no address but data: URLs and the sources' links.
    for src in attribute_values(&page, "src") {
        assert!(src.starts_with("data:"), "src {src}");
    }
    assert!(!page.contains("<script"), "a script element");
    assert!(!page.contains("@import") && !page.contains("url(http"));
    // Inter embedded, its four faces cut to the page's characters.
    assert_eq!(page.matches("@font-face { font-family: Inter;").count(), 4);
    assert_eq!(page.matches("src: url(data:font/otf;base64,").count(), 4);
    for face in
        ["400; font-style: normal", "600; font-style: normal", "700", "400; font-style: italic"]
    {
        assert!(page.contains(&format!("font-weight: {face}")), "no {face} face");
    }
    let otf = page.split("base64,").skip(1).filter(|p| p.starts_with("T1RUTw")).count();
    assert_eq!(otf, 4, "OpenType (`OTTO`) data");
    assert!(page.len() < 300_000, "the page is {} bytes", page.len());
}

#[test]
fn every_language_built_needs_every_web_word() {
    let dir = tempfile::tempdir().expect("temp dir");
    let templates = dir.path().join("templates");
    copy_dir(&root().join("templates"), &templates);
    edit(&templates.join("web/words.toml"), "printed = \"Version imprimable\"\n", "");
    let o = run(
        dir.path(),
        &["build", "--kind", "factsheet", "--scope", "air", "--lang", "fr", "--format", "html"],
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("the web pages' words in `fr` lack `printed`"), "{err}");
    assert!(err.contains("templates/web/words.toml:"), "located: {err}");
    assert!(err.contains("[fr]"), "the table's line is shown: {err}");
    assert!(err.contains("add them under [fr], translated from [en]"), "{err}");
}

#[test]
fn marked_documents_carry_the_band_of_their_level_top_and_bottom() {
    let b = builds();
    let name = "factsheet-combined-fr-internal.html";
    let page = read(&b.valmeria.join(name));
    let band =
        "style=\"--band:#a35a00;background:#a35a00;color:#ffffff\">USAGE INTERNE UNIQUEMENT</div>";
    assert_eq!(page.matches(band).count(), 2, "{name}: the band top and bottom");
    assert!(
        page.contains("<div class=\"band band-top\"")
            && page.contains("<div class=\"band band-bottom\"")
    );
    // The sources, linked, their addresses written plainly.
    let link = "<a href=\"https://example.org/valmeria/defence/white-paper-2026\">";
    assert!(page.contains(link), "no source link");
    // The internal sections are there for the internal audience.
    assert!(page.contains("id=\"h-lines\"") && page.contains("id=\"h-questions\""));
}

#[test]
fn data_reaches_the_page_escaped() {
    let b = builds();
    let page = read(&b.hostile.join("factsheet-air-en.html"));
    let escaped = "<h1>Missions &lt;script&gt;alert(1)&lt;/script&gt; &amp; more</h1>";
    assert!(page.contains(escaped), "title not escaped");
    assert!(!page.contains("<script"), "a script element reached the page");
    // The project's own templates/web/ files are used.
    assert!(page.contains("Printed version of this page"));
}

#[test]
fn the_index_lists_every_document_and_its_links_resolve() {
    let b = builds();
    for dir in [&b.default, &b.valmeria, &b.hostile] {
        let index = read(&dir.join("index.html"));
        let links: Vec<String> = attribute_values(&index, "href")
            .into_iter()
            .filter(|l| l != "#content")
            .chain(attribute_values(&index, "src"))
            .collect();
        for link in &links {
            assert!(
                !link.contains('/') && !link.starts_with('.'),
                "{link} is not beside the index"
            );
            assert!(dir.join(link).is_file(), "{}: {link} does not exist", dir.display());
        }
        for file in files_in(dir) {
            let listed =
                file.ends_with(".pdf") || file.ends_with(".thumb.png") || file.ends_with(".html");
            if listed && file != "index.html" {
                assert!(links.contains(&file), "{}: the index does not link {file}", dir.display());
            }
        }
    }
    let index = read(&b.default.join("index.html"));
    assert!(index.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert_eq!(index.matches("<li class=\"card\"").count(), 16);
}

#[test]
fn a_rerun_writes_the_same_bytes() {
    let b = builds();
    let again = b.root.join("hostile-again");
    let mut args: Vec<&str> = b.hostile_args.iter().map(String::as_str).collect();
    args.extend(["--out", again.to_str().expect("utf-8")]);
    build_into(&b.root.join("cwd"), &args);
    let first = pages(&b.hostile);
    assert_eq!(first, pages(&again));
    assert_eq!(first.len(), 3, "{first:?}");
    for page in first {
        assert!(
            std::fs::read(b.hostile.join(&page)).ok() == std::fs::read(again.join(&page)).ok(),
            "{page} differs between two builds"
        );
    }
}

#[test]
fn a_broken_web_template_is_reported_at_its_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let templates = dir.path().join("templates");
    copy_dir(&root().join("templates"), &templates);
    edit(&templates.join("web/factsheet.html"), "{% block body %}", "{% block body %}\n{% if %}");
    let o = run(
        dir.path(),
        &["build", "--kind", "factsheet", "--scope", "air", "--lang", "en", "--format", "html"],
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("templates/web/factsheet.html:"), "{err}");
    assert!(err.contains("{% if %}"), "the line is shown: {err}");
}

#[test]
fn pages_pass_axe_and_fit_phone_and_desktop_in_chromium() {
    ensure_test_tools();
    let b = builds();
    let shots = b.root.join("screenshots");
    std::fs::create_dir_all(&shots).expect("mkdir");
    let dirs = [&b.default, &b.valmeria, &b.hostile];
    let o = Command::new("node")
        .arg(root().join("tests/browser/web.mjs"))
        .arg(&shots)
        .args(dirs)
        .output()
        .expect("node runs");
    let out = stdout(&o);
    assert!(o.status.success(), "browser checks failed:\n{}\n{out}", stderr(&o));
    let results: Vec<serde_json::Value> =
        out.lines().map(|l| serde_json::from_str(l).expect("a JSON line")).collect();
    let expected: usize = dirs.iter().map(|d| pages(d).len()).sum();
    assert_eq!(results.len(), expected, "every page checked");
    let (mut beside, mut under) = (0, 0);
    for r in &results {
        assert_eq!(r["violations"], 0, "{r}");
        // Chart values sit beside their charts on a desktop (a timeline's under it)
        // and under them on a phone; web.mjs fails a page where they do not.
        let places = |width: &str| r["chart_values"][width].as_array().cloned().unwrap_or_default();
        beside += places("1280").iter().filter(|p| *p == "beside").count();
        under += places("375").iter().filter(|p| *p == "under").count();
        assert_eq!(places("1280").len(), places("375").len(), "{r}");
        assert!(r["passes"].as_u64().unwrap_or(0) > 10, "axe ran its rules: {r}");
        // Drawn with the embedded Inter, not a system font (web.mjs checks each element).
        assert_eq!(r["drawn_with"]["h1"], serde_json::json!(["Inter-Bold"]), "{r}");
        let loaded = r["fonts_loaded"].as_object().map(|m| m.values().all(|v| v == true));
        assert_eq!(loaded, Some(true), "every embedded face loads: {r}");
    }
    let charts: usize =
        results.iter().map(|r| r["chart_values"]["375"].as_array().map_or(0, Vec::len)).sum();
    assert!(beside > 10, "{beside} charts with their values beside them at 1280 px");
    assert_eq!(under, charts, "every chart's values under it at 375 px");
    let hostile = results
        .iter()
        .find(|r| r["page"].as_str().is_some_and(|p| p.ends_with("hostile/factsheet-air-en.html")))
        .expect("the hostile page was checked");
    assert_eq!(hostile["text_has_script_tag"], true, "the title prints as text");
    assert_eq!(hostile["scripts"], 0);
}

/// Prints `sheets` in Chromium into `out` (`--tipping`: each with just enough
/// more content to need one more page) and returns each one's page texts.
fn printed(sheets: &[PathBuf], out: &Path, tipping: bool) -> Vec<(String, Vec<String>)> {
    let o = Command::new("node")
        .arg(root().join("tests/browser/print.mjs"))
        .args(tipping.then_some("--tipping"))
        .arg(out)
        .args(sheets)
        .output()
        .expect("node runs");
    assert!(o.status.success(), "printing failed:\n{}\n{}", stderr(&o), stdout(&o));
    sheets
        .iter()
        .map(|sheet| {
            let name = sheet.file_stem().and_then(|s| s.to_str()).expect("name").to_owned();
            let text = pdf_text(&out.join(format!("{name}.pdf")));
            // pdftotext ends every page with a form feed.
            let mut pages: Vec<String> = text.split('\u{c}').map(str::to_owned).collect();
            if pages.last().is_some_and(|p| p.trim().is_empty()) {
                pages.pop();
            }
            (name, pages)
        })
        .collect()
}

#[test]
fn printed_marked_pages_never_end_on_a_page_holding_only_the_band() {
    ensure_test_tools();
    let b = builds();
    let sheets: Vec<PathBuf> = pages(&b.valmeria).iter().map(|p| b.valmeria.join(p)).collect();
    assert!(sheets.len() > 2, "the Valmeria build has its pages: {sheets:?}");
    // The band's words as the page writes them (the margin boxes repeat them).
    let html = read(&b.valmeria.join("factsheet-combined-fr-internal.html"));
    let band = html
        .split("class=\"band band-top\"")
        .nth(1)
        .and_then(|rest| rest.split('>').nth(1))
        .and_then(|rest| rest.split('<').next())
        .expect("the marked page has its opening band")
        .to_owned();
    assert!(!band.trim().is_empty());
    let check = |name: &str, pages: &[String]| {
        assert!(pages.len() > 1, "{name} prints on more than one page");
        for (n, page) in pages.iter().enumerate() {
            assert!(
                !squash(&page.replace(&band, " ")).is_empty(),
                "{name}: printed page {} of {} holds only the band:\n{page}",
                n + 1,
                pages.len()
            );
        }
    };
    for (name, pages) in printed(&sheets, &b.root.join("printed"), false) {
        check(&name, &pages);
    }
    // Where the pages happen to end depends on the data; at the tipping point,
    // just enough more content for one more page, the last thing printed (the
    // closing band) is the first to spill over unless it keeps to the colophon.
    // The two shortest sheets, to keep the halving search (a dozen prints each) short.
    let mut tipping: Vec<PathBuf> =
        sheets.iter().filter(|s| !s.ends_with("index.html")).cloned().collect();
    tipping.sort_by_key(|s| (std::fs::metadata(s).map(|m| m.len()).unwrap_or(0), s.clone()));
    tipping.truncate(2);
    for (name, pages) in printed(&tipping, &b.root.join("printed-tipping"), true) {
        check(&name, &pages);
        let last = pages.last().expect("a last page");
        // The colophon begins with the publisher, Valmeria's ministry.
        assert!(
            last.contains("Ministère"),
            "{name}: the colophon went over with the band:\n{last}"
        );
    }
}
