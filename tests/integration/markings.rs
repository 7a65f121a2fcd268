//! Markings and audiences: items above the audience never reach a document.

use briefing::build;
use briefing::plan::{HandoutLayout, Kind, Selection};
use briefing::project::{DataSource, Inputs};
use briefing::typeset::document::Typesetter;
use briefing::typeset::world::TemplateSource;

use crate::common::*;

const CANARIES: [(&str, &str); 3] = [
    ("public", "CANARYPUBLIC7Q"),
    ("internal", "CANARYINTERNAL7Q"),
    ("restricted", "CANARYRESTRICTED7Q"),
];

/// The default data plus one background text per level, each carrying its canary.
fn data_with_canaries() -> tempfile::TempDir {
    let dir = copy_of_default_data();
    let mut extra = String::new();
    for (level, canary) in CANARIES {
        extra.push_str(&format!(
            "[[text]]\nid = \"canary-{level}\"\nsection = \"background\"\nbody = [\"{canary}\"]\nmarking = \"{level}\"\n\n"
        ));
    }
    std::fs::write(dir.path().join("data/zz-canaries.toml"), extra).expect("write");
    dir
}

fn render_for(
    data: &std::path::Path,
    audience: Option<&str>,
    scopes: &[&str],
    kinds: &[Kind],
    langs: &[&str],
) -> Vec<(String, briefing::typeset::document::RenderedDocument)> {
    let inputs =
        Inputs { data: DataSource::Dir(data.to_path_buf()), templates: TemplateSource::Embedded };
    let selection = Selection {
        scopes: scopes.iter().map(|s| s.to_string()).collect(),
        kinds: kinds.to_vec(),
        audience: audience.map(str::to_owned),
        langs: langs.iter().map(|l| l.to_string()).collect(),
        handout_layout: HandoutLayout::Notes,
        ..Selection::default()
    };
    let prepared = build::prepare(&inputs, &selection).unwrap_or_else(|d| panic!("{}", d.render()));
    let ts = Typesetter::new(std::sync::Arc::new(TemplateSource::Embedded));
    prepared
        .plans
        .iter()
        .map(|p| {
            (p.file_name(), prepared.render(&ts, p).unwrap_or_else(|d| panic!("{}", d.render())))
        })
        .collect()
}

#[test]
fn canaries_reach_exactly_the_audiences_cleared_for_them() {
    let dir = data_with_canaries();
    let data = dir.path().join("data");
    for (rank, audience) in ["public", "internal", "restricted"].iter().enumerate() {
        // Every scope, fact sheets and decks (handouts are made of the deck's
        // own pages), in English; and the combined ones in every other language.
        let mut docs =
            render_for(&data, Some(audience), &[], &[Kind::Factsheet, Kind::Deck], &["en"]);
        docs.extend(render_for(
            &data,
            Some(audience),
            &["combined"],
            &[Kind::Factsheet, Kind::Deck],
            &["nl", "fr", "de"],
        ));
        assert_eq!(docs.len(), 14);
        for (name, doc) in &docs {
            if rank > 0 {
                assert!(
                    name.ends_with(&format!("-{audience}.pdf")),
                    "{name} does not name its audience"
                );
            }
            let text = squashed_text(doc);
            for (level_rank, (_, canary)) in CANARIES.iter().enumerate() {
                assert_eq!(
                    text.contains(canary),
                    level_rank <= rank,
                    "{name}: canary {canary} for audience {audience}"
                );
            }
        }
    }
}

#[test]
fn banner_names_the_highest_marking_present_on_every_page() {
    let dir = copy_of_default_data();
    let d = dir.path();
    // Keep internal material on the air branch only.
    std::fs::remove_file(d.join("data/internal.toml")).expect("rm");
    std::fs::write(
        d.join("data/zz-air-line.toml"),
        "[[line]]\nid = \"air-only\"\nbranch = \"air\"\ntext = \"An internal line.\"\nmarking = \"internal\"\nreleasable_to = [\"NATO\"]\n",
    )
    .expect("write");
    let docs =
        render_for(&d.join("data"), Some("internal"), &["air", "sea"], &[Kind::Factsheet], &["en"]);
    for (name, doc) in &docs {
        let expected = if name.contains("-air-") { "INTERNAL USE ONLY" } else { "PUBLIC" };
        for (i, page) in briefing::typeset::page_texts(&doc.document).iter().enumerate() {
            assert!(
                squash(page).contains(&squash(expected)),
                "{name} page {} lacks the banner {expected}",
                i + 1
            );
        }
        if expected == "PUBLIC" {
            assert!(
                !squashed_text(doc).contains(&squash("INTERNAL USE ONLY")),
                "{name} is over-marked"
            );
        }
    }
}

#[test]
fn a_public_document_is_identical_whether_or_not_internal_items_exist() {
    let with = copy_of_default_data();
    let without = copy_of_default_data();
    std::fs::remove_file(without.path().join("data/internal.toml")).expect("rm");
    for dir in [&with, &without] {
        let out = run(
            dir.path(),
            &[
                "build",
                "--data",
                "data",
                "--scope",
                "air",
                "--kind",
                "factsheet,deck",
                "--lang",
                "en",
                "--out",
                "out",
            ],
        );
        assert!(out.status.success(), "{}", stderr(&out));
    }
    for name in ["factsheet-air-en.pdf", "deck-air-en.pdf", "deck-air-en.pdfpc"] {
        let a = std::fs::read(with.path().join("out").join(name)).expect("with");
        let b = std::fs::read(without.path().join("out").join(name)).expect("without");
        assert!(a == b, "{name} changes when internal items exist");
    }
}

#[test]
fn marking_mistakes_are_located_errors() {
    let dir = copy_of_default_data();
    let d = dir.path();
    std::fs::write(
        d.join("data/zz-bad.toml"),
        "[[figure]]\nid = \"secret-count\"\nvalue = 3\nlabel = \"secret things\"\nbranch = \"air\"\nmarking = \"restricted\"\n\n\
         [[chart]]\nid = \"leaky\"\nkind = \"bar\"\ntitle = \"Leaky\"\nfigures = [\"secret-count\"]\n\n\
         [[operation]]\nid = \"op-x\"\nname = \"X\"\nbranch = \"air\"\nsummary = \"x\"\nmarking = \"confidential\"\n",
    )
    .expect("write");
    edit(&d.join("data/branches.toml"), "id = \"sea\"", "id = \"sea\"\nmarking = \"internal\"");
    let out = run(d, &["validate", "--data", "data"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("chart `leaky` is marked `public` but refers to figure `secret-count`, marked `restricted`"), "{err}");
    assert!(err.contains("data/zz-bad.toml:12:12"), "{err}");
    assert!(err.contains("unknown marking `confidential`"), "{err}");
    assert!(
        err.contains(
            "operation `snmg1` is marked `public` but refers to branch `sea`, marked `internal`"
        ),
        "{err}"
    );
    let clean = tempfile::tempdir().expect("tmp");
    let out = run(clean.path(), &["build", "--audience", "secret", "--out", "out"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("unknown audience `secret`"));
}

#[test]
fn internal_documents_carry_lines_to_take_and_questions() {
    let data = root().join("data");
    let docs =
        render_for(&data, Some("internal"), &["air"], &[Kind::Factsheet, Kind::Deck], &["en"]);
    for (name, doc) in &docs {
        let text = squashed_text(doc);
        assert!(
            text.contains(&squash("Why does Belgium patrol Baltic airspace?")),
            "{name} lacks the air question"
        );
        assert!(
            text.contains(&squash("Our F-16s were the first to police Baltic airspace")),
            "{name} lacks the air line"
        );
        assert!(
            !text.contains(&squash("What is Operation Baltic Sentry protecting against?")),
            "{name} shows a navy question"
        );
    }
    let public = render_for(&data, None, &["air"], &[Kind::Factsheet], &["en"]);
    assert!(!squashed_text(&public[0].1).contains(&squash("Why does Belgium patrol")));
}

#[test]
fn draft_marks_every_page_and_portion_marks_print() {
    let inputs = Inputs { data: DataSource::Embedded, templates: TemplateSource::Embedded };
    let selection = Selection {
        scopes: vec!["air".into()],
        kinds: vec![Kind::Factsheet, Kind::Deck, Kind::Handout],
        audience: Some("internal".into()),
        draft: true,
        portion_marks: true,
        langs: vec!["en".into()],
        ..Selection::default()
    };
    let prepared = build::prepare(&inputs, &selection).unwrap_or_else(|d| panic!("{}", d.render()));
    let ts = Typesetter::new(std::sync::Arc::new(TemplateSource::Embedded));
    for plan in &prepared.plans {
        let doc = prepared.render(&ts, plan).unwrap_or_else(|d| panic!("{}", d.render()));
        for (i, page) in briefing::typeset::page_texts(&doc.document).iter().enumerate() {
            assert!(
                page.contains("DRAFT"),
                "{} page {} has no DRAFT mark",
                plan.file_name(),
                i + 1
            );
        }
        if plan.kind() == Kind::Factsheet {
            let text = squashed_text(&doc);
            assert!(
                text.contains("(I)") && text.contains("(P)"),
                "{}: portion marks missing",
                plan.file_name()
            );
        }
    }
}

/// The text `pdftotext` extracts from each page of `pdf` (what search and
/// copy and paste get), and what `pdfinfo` reads of its metadata.
fn extracted(pdf: &[u8]) -> (Vec<String>, String) {
    ensure_test_tools();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).expect("write");
    let text = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(text.status.success(), "pdftotext: {}", stderr(&text));
    let mut pages: Vec<String> =
        String::from_utf8_lossy(&text.stdout).split('\u{c}').map(str::to_owned).collect();
    // pdftotext ends the last page with a form feed too.
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    let info = std::process::Command::new("pdfinfo").arg(&path).output().expect("pdfinfo runs");
    assert!(info.status.success(), "pdfinfo: {}", stderr(&info));
    (pages, String::from_utf8_lossy(&info.stdout).into_owned())
}

/// The value of `key` in `pdfinfo`'s report.
fn info_field<'a>(info: &'a str, key: &str) -> &'a str {
    info.lines().find_map(|l| l.strip_prefix(&format!("{key}:"))).map_or("", str::trim)
}

/// The banner words and the handling line of the internal level, per language.
const INTERNAL: [(&str, &str, &str); 2] = [
    ("en", "INTERNAL USE ONLY", "Do not publish or forward outside official channels."),
    (
        "de",
        "NUR FÜR DEN INTERNEN GEBRAUCH",
        "Nicht veröffentlichen oder außerhalb der Dienstwege weitergeben.",
    ),
];

#[test]
fn the_banner_extracts_as_its_words_on_every_page() {
    let data = root().join("data");
    let kinds = [Kind::Factsheet, Kind::Deck, Kind::Handout];
    let docs = render_for(&data, Some("internal"), &["combined", "air"], &kinds, &["en", "de"]);
    assert_eq!(docs.len(), 12);
    for (name, doc) in &docs {
        let (lang, words, handling) =
            INTERNAL.iter().find(|(l, ..)| name.contains(&format!("-{l}-"))).expect("a language");
        let (pages, _) = extracted(doc.pdf.as_deref().expect("a PDF"));
        assert_eq!(pages.len(), doc.document.pages().len(), "{name}");
        for (i, page) in pages.iter().enumerate() {
            let lines = page.lines().map(str::trim);
            // Top and bottom: each its own line with the words exactly,
            // word spaces kept, letters not spaced apart.
            let banners =
                lines.clone().filter(|l| l == words || l.starts_with(&format!("{words} "))).count();
            assert!(
                banners >= 2,
                "{name} ({lang}) page {}: banner {words:?} found {banners} times in\n{page}",
                i + 1
            );
            let squashed = page.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(
                squashed.contains(handling),
                "{name} page {}: no handling line {handling:?}",
                i + 1
            );
        }
        // Letter-spaced labels extract as words: the eyebrow of the title band.
        if name.starts_with("factsheet-combined-") {
            let eyebrow = if *lang == "en" { "ALL BRANCHES" } else { "ALLE KOMPONENTEN" };
            assert!(
                pages[0].lines().any(|l| l.trim() == eyebrow),
                "{name}: eyebrow {eyebrow:?} not extracted as words"
            );
        }
    }
}

#[test]
fn each_document_has_its_own_title_author_subject_keywords_and_full_language_tag() {
    let data = root().join("data");
    let kinds = [Kind::Factsheet, Kind::Deck, Kind::Handout];
    let mut docs = render_for(&data, Some("internal"), &["sea"], &kinds, &["en", "fr"]);
    docs.extend(render_for(&data, None, &["sea"], &kinds, &["en"]));
    let mut titles = std::collections::BTreeSet::new();
    for (name, doc) in &docs {
        let pdf = doc.pdf.as_deref().expect("a PDF");
        let (_, info) = extracted(pdf);
        let title = info_field(&info, "Title");
        assert!(
            titles.insert(title.to_owned()),
            "{name}: title {title:?} shared with another document"
        );
        let fr = name.contains("-fr");
        let (author, branch, tag) = if fr {
            ("La Défense", "Composante Marine", "fr-BE")
        } else {
            ("Belgian Defence", "Navy", "en-GB")
        };
        assert_eq!(info_field(&info, "Author"), author, "{name}");
        assert!(title.contains(branch), "{name}: title {title:?} does not name its scope");
        let kind = match (name.split('-').next(), fr) {
            (Some("factsheet"), false) => "Fact sheet",
            (Some("deck"), false) => "Briefing deck",
            (Some("handout"), false) => "Handout",
            (Some("factsheet"), true) => "Fiche d’information",
            (Some("deck"), true) => "Présentation",
            _ => "Document à distribuer",
        };
        assert!(title.contains(kind), "{name}: title {title:?} does not say it is a {kind}");
        let marking = if fr { "USAGE INTERNE UNIQUEMENT" } else { "INTERNAL USE ONLY" };
        if name.ends_with("-internal.pdf") {
            assert!(
                title.ends_with(&format!("[{marking}]")),
                "{name}: title {title:?} lacks its marking"
            );
            assert!(
                info_field(&info, "Keywords").contains(marking),
                "{name}: keywords lack the marking"
            );
        } else {
            assert!(!title.contains('['), "{name}: a public title {title:?} carries a marking");
        }
        assert!(!info_field(&info, "Subject").is_empty(), "{name}: no subject");
        assert!(info_field(&info, "Keywords").contains(branch), "{name}: keywords lack the scope");
        // The document language in the catalog: the locale's full tag.
        let lang = format!("/Lang({tag})");
        assert!(pdf.windows(lang.len()).any(|w| w == lang.as_bytes()), "{name}: no {lang}");
    }
}

/// The WCAG 2 contrast ratio of two `#rrggbb` colours.
fn contrast(a: &str, b: &str) -> f64 {
    let luminance = |c: &str| {
        let c = c.trim_start_matches('#');
        let ch = |i: usize| {
            let v = f64::from(u8::from_str_radix(&c[i..i + 2], 16).expect("hex")) / 255.0;
            if v <= 0.04045 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * ch(0) + 0.7152 * ch(2) + 0.0722 * ch(4)
    };
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[test]
fn marking_bands_have_legible_contrast_and_the_levels_handling_line() {
    let dir = data_with_canaries();
    let inputs = Inputs {
        data: DataSource::Dir(dir.path().join("data")),
        templates: TemplateSource::Embedded,
    };
    let mut seen = Vec::new();
    for audience in ["public", "internal", "restricted"] {
        let selection = Selection {
            scopes: vec!["combined".into()],
            kinds: vec![Kind::Factsheet],
            audience: Some(audience.into()),
            langs: vec!["en".into()],
            ..Selection::default()
        };
        let prepared =
            build::prepare(&inputs, &selection).unwrap_or_else(|d| panic!("{}", d.render()));
        let m = &prepared.plans[0].data.document.marking;
        assert_eq!(m.id, audience);
        let ratio = contrast(&m.colour, &m.on_colour);
        assert!(
            ratio >= 4.5,
            "{audience}: text {} on band {} has contrast {ratio:.2}",
            m.on_colour,
            m.colour
        );
        assert_eq!(m.marked, audience != "public", "{audience}");
        seen.push((m.id.clone(), m.handling.clone()));
    }
    assert!(seen[0].1.is_empty(), "the public level declares no handling line");
    assert!(seen[1].1.contains("Do not publish"), "internal handling: {:?}", seen[1].1);
    assert!(seen[2].1.contains("named recipients"), "restricted handling: {:?}", seen[2].1);
}

/// The default dataset's documents for the internal audience, typeset
/// in-process (for other modules' tests).
pub(crate) fn render_internal(
    scopes: &[&str],
    kinds: &[Kind],
    langs: &[&str],
) -> Vec<(String, briefing::typeset::document::RenderedDocument)> {
    render_for(&root().join("data"), Some("internal"), scopes, kinds, langs)
}
