//! The masthead: the publisher's emblem a dataset names (`[dataset] emblem`,
//! an SVG inside the data folder) is printed in the title band; without
//! one, a neutral mark (the publisher's initials); a path out of the folder
//! or a file that is not an SVG is a located error.

use std::path::Path;

use briefing::plan::Kind;
use briefing::project::DataSource;
use briefing::typeset::world::TemplateSource;
use typst::layout::{Frame, FrameItem};

use crate::common::*;

/// A small SVG drawing: a filled square.
const EMBLEM: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><rect width=\"10\" height=\"10\" fill=\"#123456\"/></svg>\n";

/// How many images the frame draws, groups included.
fn images(frame: &Frame) -> usize {
    frame
        .items()
        .map(|(_, item)| match item {
            FrameItem::Group(g) => images(&g.frame),
            FrameItem::Image(..) => 1,
            _ => 0,
        })
        .sum()
}

/// The images on the first page of the English Army sheet of the data in `dir`.
fn images_on_page_one(dir: &Path) -> usize {
    let docs = render_kinds(
        DataSource::Dir(dir.to_path_buf()),
        TemplateSource::Embedded,
        &["land"],
        &[Kind::Factsheet],
        Default::default(),
    );
    images(&docs[0].1.document.pages()[0].frame)
}

#[test]
fn the_dataset_emblem_is_printed_in_the_masthead_else_the_publisher_initials() {
    let d = copy_of_default_data();
    let data = d.path().join("data");
    // Without an emblem: the neutral mark, the publisher's initials beside
    // its name at the head of the title band.
    let docs = render_default(&["land"], &[Kind::Factsheet], &["en"]);
    let first = &briefing::typeset::page_texts(&docs[0].1.document)[0];
    let head: String = first.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(head.contains("BD Belgian Defence"), "{head}");
    let without = images_on_page_one(&data);
    // With one: one image more on the first page.
    std::fs::write(data.join("emblem.svg"), EMBLEM).expect("write");
    edit(&data.join("dataset.toml"), "\nsource = ", "\nemblem = \"emblem.svg\"\nsource = ");
    assert_eq!(images_on_page_one(&data), without + 1);
}

#[test]
fn an_emblem_outside_the_data_folder_or_not_an_svg_is_a_located_error() {
    let d = copy_of_default_data();
    let data = d.path().join("data");
    std::fs::write(data.join("emblem.png"), b"\x89PNG\r\n").expect("write");
    std::fs::write(data.join("fake.svg"), "not a drawing").expect("write");
    std::fs::write(d.path().join("outside.svg"), EMBLEM).expect("write");
    edit(&data.join("dataset.toml"), "\nsource = ", "\nemblem = \"../outside.svg\"\nsource = ");
    let line = std::fs::read_to_string(data.join("dataset.toml"))
        .expect("read")
        .lines()
        .position(|l| l.starts_with("emblem = "))
        .expect("line")
        + 1;
    let cases = [
        ("../outside.svg", "`../outside.svg` is not a file inside the data folder"),
        ("emblem.png", "the emblem `emblem.png` is not an SVG file"),
        ("fake.svg", "the emblem `fake.svg` is not an SVG drawing"),
        ("missing.svg", "the emblem `missing.svg` is not in"),
    ];
    let mut previous = "../outside.svg";
    for (file, message) in cases {
        edit(
            &data.join("dataset.toml"),
            &format!("emblem = \"{previous}\""),
            &format!("emblem = \"{file}\""),
        );
        previous = file;
        let o = run(
            d.path(),
            &["build", "--data", "data", "--scope", "land", "--lang", "en", "--out", "out"],
        );
        assert_eq!(o.status.code(), Some(1), "{file}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(err.contains(message), "{file}: {err}");
        assert!(err.contains(&format!("data/dataset.toml:{line}:10")), "{file}: {err}");
        assert!(err.contains("SVG file inside the data folder"), "{file}: {err}");
    }
    assert!(!d.path().join("out").exists(), "a failed build wrote outputs");
}
