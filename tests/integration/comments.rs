//! Editor comments (`comment = …`) are for the people who keep the data:
//! they reach no output, neither the documents nor notes nor emitted data.

use briefing::plan::Kind;
use briefing::project::DataSource;
use briefing::typeset::world::TemplateSource;

use crate::common::*;

/// The default data with a canary comment on every item that has none (in
/// both forms a comment takes), and every comment written, as squashed text.
fn data_with_comment_canaries() -> (tempfile::TempDir, Vec<String>) {
    let dir = copy_of_default_data();
    let data = dir.path().join("data");
    let mut comments = Vec::new();
    let mut n = 0;
    for name in files_in(&data).into_iter().filter(|n| n.ends_with(".toml")) {
        let path = data.join(&name);
        let text = std::fs::read_to_string(&path).expect("read");
        let mut out = String::new();
        // Split into blocks, each starting at a `[dataset]` or `[[kind]]`
        // header (not at an item's own sub-tables, `[operation.summary]`).
        let mut blocks: Vec<String> = vec![String::new()];
        for line in text.split_inclusive('\n') {
            if line.starts_with('[') && !line.contains('.') {
                blocks.push(String::new());
            }
            blocks.last_mut().expect("block").push_str(line);
        }
        for block in blocks {
            for line in block.lines() {
                if let Some(c) = line.strip_prefix("comment = \"") {
                    comments.push(squash(c.trim_end_matches('"')));
                }
            }
            let (header, rest) = block.split_once('\n').unwrap_or((&block, ""));
            if header.starts_with('[') && !block.contains("\ncomment = ") {
                n += 1;
                let canary = format!("CANARYCOMMENT{n:03}X");
                let comment = if n % 2 == 0 {
                    format!("comment = \"{canary}\"\n")
                } else {
                    format!("comment = {{ en = \"{canary}\" }}\n")
                };
                comments.push(canary);
                out.push_str(&format!("{header}\n{comment}{rest}"));
            } else {
                out.push_str(&block);
            }
        }
        std::fs::write(&path, out).expect("write");
    }
    assert!(n > 50, "canaries planted on {n} items only");
    (dir, comments)
}

#[test]
fn comments_reach_no_output_of_the_full_matrix() {
    let (dir, comments) = data_with_comment_canaries();
    let d = dir.path();
    // The default comments are among those checked.
    assert!(comments.iter().any(|c| c.contains("givesnostartdate")), "{comments:?}");
    for audience in ["public", "restricted"] {
        let (out, data, typst) =
            (format!("out-{audience}"), format!("ed-{audience}"), format!("et-{audience}"));
        let args = [
            "build",
            "--data",
            "data",
            "--audience",
            audience,
            "--out",
            &out,
            "--emit-data",
            &data,
            "--emit-typst",
            &typst,
        ];
        let o = run(d, &args);
        assert!(o.status.success(), "{}", stderr(&o));
        let mut files = Vec::new();
        for folder in [&out, &data, &typst] {
            written_text(&d.join(folder), &mut files);
        }
        // Comments are matched as squashed text, like the laid-out pages.
        for (_, text) in &mut files {
            *text = squash(text);
        }
        assert!(files.iter().filter(|(n, _)| n.ends_with(".pdfpc")).count() >= 16);
        for (name, text) in &files {
            for c in &comments {
                assert!(!text.contains(c.as_str()), "{name} carries the comment {c}");
            }
        }
    }
    // The laid-out text of every default document, in every language.
    let docs = render_langs(
        DataSource::Dir(d.join("data")),
        TemplateSource::Embedded,
        &[],
        &[Kind::Factsheet, Kind::Deck, Kind::Handout],
        briefing::plan::HandoutLayout::Notes,
        &["en", "nl", "fr", "de"],
    );
    assert_eq!(docs.len(), 48);
    for (name, doc) in &docs {
        let text = squashed_text(doc);
        for c in &comments {
            assert!(!text.contains(c.as_str()), "{name} prints the comment {c}");
        }
    }
}

#[test]
fn a_comment_needs_no_translation_and_must_be_text() {
    let dir = copy_of_default_data();
    let d = dir.path();
    // One language is enough in a dataset of four.
    edit(
        &d.join("data/branches.toml"),
        "id = \"air\"\n",
        "id = \"air\"\ncomment = { nl = \"Alleen Nederlands.\" }\n",
    );
    let out = run(d, &["validate", "--data", "data"]);
    assert!(out.status.success(), "{}", stderr(&out));
    edit(&d.join("data/branches.toml"), "id = \"land\"\n", "id = \"land\"\ncomment = 3\n");
    let out = run(d, &["validate", "--data", "data"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("a string, or a table of strings by language"),
        "{}",
        stderr(&out)
    );
}
