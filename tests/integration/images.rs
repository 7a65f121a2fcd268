//! What a build writes and prints: `--format png,svg`, `--ppi` and thumbnails
//! (one image per PDF page, sized by the resolution, listed in the manifest,
//! byte-identical on reruns), and progress output (one plain line per document
//! when not on a terminal or in CI, nothing but errors with `--quiet`).

use std::process::Command;

use crate::common::*;

/// Width and height from a PNG's IHDR chunk.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n") && &bytes[12..16] == b"IHDR", "not a PNG");
    let be = |i: usize| u32::from_be_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
    (be(16), be(20))
}

fn manifest(out: &std::path::Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(out.join("manifest.json")).expect("manifest"))
        .expect("JSON")
}

#[test]
fn page_images_match_the_pdf_pages_and_the_resolution() {
    let dir = tempfile::tempdir().expect("tmp");
    let args = [
        "build",
        "--scope",
        "air",
        "--kind",
        "factsheet",
        "--lang",
        "en",
        "--format",
        "pdf,png,svg",
    ];
    for out in ["a", "b"] {
        let o = run(dir.path(), &[&args[..], &["--out", out]].concat());
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(stdout(&o).contains("(2 pages) + 2 png + 2 svg + thumbnail"), "{}", stdout(&o));
    }
    let a = dir.path().join("a");
    let m = manifest(&a);
    let doc = &m["documents"][0];
    let pages = doc["pages"].as_u64().expect("pages") as usize;
    let files = files_in(&a);
    let count = |ext: &str| {
        files.iter().filter(|f| f.starts_with("factsheet-air-en-") && f.ends_with(ext)).count()
    };
    assert_eq!((count(".png"), count(".svg")), (pages, pages), "{files:?}");
    // A4 at the default 144 ppi: 595.28 × 841.89 pt × 2 px/pt.
    for page in 1..=pages {
        let png = std::fs::read(a.join(format!("factsheet-air-en-{page}.png"))).expect("png");
        assert_eq!(png_size(&png), (1191, 1684));
        let svg =
            std::fs::read_to_string(a.join(format!("factsheet-air-en-{page}.svg"))).expect("svg");
        assert!(svg.starts_with("<svg") || svg.starts_with("<?xml"), "not an SVG");
    }
    let thumb = std::fs::read(a.join("factsheet-air-en.thumb.png")).expect("thumbnail");
    assert_eq!(png_size(&thumb).0, 320);

    let images = doc["images"].as_array().expect("images in the manifest");
    assert_eq!(images.len(), 2 * pages);
    assert_eq!(images[0]["file"], "factsheet-air-en-1.png");
    assert_eq!(
        (images[0]["width"].as_u64(), images[0]["height"].as_u64()),
        (Some(1191), Some(1684))
    );
    assert_eq!(doc["thumbnail"]["file"], "factsheet-air-en.thumb.png");
    let sums = std::fs::read_to_string(a.join("SHA256SUMS")).expect("sums");
    for f in
        files.iter().filter(|f| f.ends_with(".png") || f.ends_with(".svg") || f.ends_with(".pdf"))
    {
        assert!(sums.contains(&format!("  {f}\n")), "{f} missing from SHA256SUMS");
    }
    for f in &files {
        let (x, y) = (std::fs::read(a.join(f)), std::fs::read(dir.path().join("b").join(f)));
        assert!(x.expect("a") == y.expect("b"), "{f} differs between two builds");
    }
}

#[test]
fn images_instead_of_pdf_at_another_resolution() {
    let dir = tempfile::tempdir().expect("tmp");
    let o = run(
        dir.path(),
        &[
            "build",
            "--lang",
            "en",
            "--scope",
            "air",
            "--kind",
            "factsheet",
            "--format",
            "png",
            "--ppi",
            "36",
            "--out",
            "o",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = dir.path().join("o");
    assert_eq!(
        files_in(&out),
        [
            "SHA256SUMS",
            "factsheet-air-en-1.png",
            "factsheet-air-en-2.png",
            "factsheet-air-en.thumb.png",
            "manifest.json"
        ]
    );
    let png = std::fs::read(out.join("factsheet-air-en-1.png")).expect("png");
    assert_eq!(png_size(&png), (298, 421), "A4 at 36 ppi");
    let doc = &manifest(&out)["documents"][0];
    assert!(doc.get("file").is_none() && doc["document"] == "factsheet-air-en", "{doc}");

    let o = run(dir.path(), &["build", "--ppi", "0", "--out", "o"]);
    assert_eq!(o.status.code(), Some(2), "--ppi 0 is a usage error");
}

#[test]
fn plain_lines_in_ci_and_nothing_when_quiet() {
    let dir = tempfile::tempdir().expect("tmp");
    let build = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_briefing"))
            .args(["build", "--scope", "air,sea", "--kind", "factsheet", "--lang", "en"])
            .args(["--out", "out"])
            .args(extra)
            .current_dir(dir.path())
            .env("CI", "true")
            .env_remove("SOURCE_DATE_EPOCH")
            .output()
            .expect("the briefing binary runs")
    };
    let out = build(&[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let mut lines: Vec<&str> = text.lines().collect();
    let summary = lines.pop().expect("a summary line");
    lines.sort();
    assert_eq!(
        lines,
        ["wrote out/factsheet-air-en.pdf (2 pages)", "wrote out/factsheet-sea-en.pdf (2 pages)"]
    );
    assert!(summary.starts_with("2 documents built (4 pages) in "), "{summary}");
    assert!(!stderr(&out).contains('\r'), "no progress bar in CI:\n{}", stderr(&out));

    let quiet = build(&["--quiet"]);
    assert!(quiet.status.success(), "{}", stderr(&quiet));
    assert_eq!((stdout(&quiet), stderr(&quiet)), (String::new(), String::new()));
}

#[test]
fn page_images_alone_skip_the_pdf_export() {
    use briefing::build;
    use briefing::plan::{Kind, Selection};
    use briefing::project::{DataSource, Inputs};
    use briefing::typeset::document::Typesetter;
    use briefing::typeset::world::TemplateSource;
    let inputs = Inputs { data: DataSource::Embedded, templates: TemplateSource::Embedded };
    let selection = Selection {
        scopes: vec!["air".into()],
        kinds: vec![Kind::Factsheet],
        langs: vec!["en".into()],
        ..Selection::default()
    };
    let prepared = build::prepare(&inputs, &selection).unwrap_or_else(|d| panic!("{}", d.render()));
    let plan = &prepared.plans[0];
    let templates = std::sync::Arc::new(TemplateSource::Embedded);
    let with = Typesetter::new(templates.clone());
    let without = Typesetter::new(templates).with_pdf_exported(false);
    let a = prepared.render(&with, plan).unwrap_or_else(|d| panic!("{}", d.render()));
    let b = prepared.render(&without, plan).unwrap_or_else(|d| panic!("{}", d.render()));
    assert!(a.pdf.as_deref().is_some_and(|p| p.starts_with(b"%PDF-")));
    assert!(b.pdf.is_none(), "a build of page images only exported a PDF");
    assert_eq!(a.document.pages().len(), b.document.pages().len());
}
