//! Sources follow the audience and the document: a document lists, and its
//! notes and data carry, only the sources of what it shows.

use briefing::build;
use briefing::plan::{Kind, Selection};
use briefing::project::{DataSource, Inputs};
use briefing::typeset::document::Typesetter;
use briefing::typeset::world::TemplateSource;

use crate::common::*;

/// Canaries in the title, publisher and URL of a source, by what cites it.
const SOURCES: [(&str, Option<&str>, &str, &str); 3] = [
    // A source marked internal, cited by an internal text.
    ("src-internal", Some("internal"), "internal", "CANARYSRCINTERNAL"),
    // An unmarked source cited only by an internal line: internal by use.
    ("src-unmarked", None, "internal", "CANARYSRCBYUSE"),
    // A source marked restricted, cited by a restricted text.
    ("src-restricted", Some("restricted"), "restricted", "CANARYSRCRESTRICTED"),
];

fn data_with_source_canaries() -> tempfile::TempDir {
    let dir = copy_of_default_data();
    let mut extra = String::new();
    for (n, (id, marking, cited_at, canary)) in SOURCES.iter().enumerate() {
        extra.push_str(&format!(
            "[[source]]\nid = \"{id}\"\ntitle = \"{canary}TITLE\"\npublisher = \"{canary}PUB\"\nurl = \"https://example.org/{canary}URL\"\n"
        ));
        if let Some(m) = marking {
            extra.push_str(&format!("marking = \"{m}\"\n"));
        }
        if n == 1 {
            extra.push_str(&format!(
                "\n[[line]]\nid = \"line-canary\"\ntext = \"A line.\"\nmarking = \"{cited_at}\"\nsource = \"{id}\"\n\n"
            ));
        } else {
            extra.push_str(&format!(
                "\n[[text]]\nid = \"text-{id}\"\nsection = \"background\"\nbody = [\"A paragraph.\"]\nmarking = \"{cited_at}\"\nsource = \"{id}\"\n\n"
            ));
        }
    }
    std::fs::write(dir.path().join("data/zz-sources.toml"), extra).expect("write");
    dir
}

#[test]
fn sources_reach_exactly_the_audiences_that_see_what_cites_them() {
    let dir = data_with_source_canaries();
    let d = dir.path();
    let levels = ["public", "internal", "restricted"];
    for (rank, audience) in levels.iter().enumerate() {
        let (out, data, typst) =
            (format!("out-{audience}"), format!("ed-{audience}"), format!("et-{audience}"));
        let args = [
            "build",
            "--data",
            "data",
            "--scope",
            "air,combined",
            "--kind",
            "factsheet,deck",
            "--lang",
            "en",
            "--audience",
            audience,
            "--out",
            &out,
            "--emit-data",
            &data,
            "--emit-typst",
            &typst,
        ];
        let run_out = run(d, &args);
        assert!(run_out.status.success(), "{}", stderr(&run_out));
        let mut files = Vec::new();
        for folder in [&out, &data, &typst] {
            written_text(&d.join(folder), &mut files);
        }
        assert!(files.iter().any(|(n, _)| n.ends_with(".pdfpc")));
        // The laid-out text of the same documents.
        let inputs =
            Inputs { data: DataSource::Dir(d.join("data")), templates: TemplateSource::Embedded };
        let selection = Selection {
            scopes: vec!["air".into(), "combined".into()],
            kinds: vec![Kind::Factsheet, Kind::Deck],
            audience: Some(audience.to_string()),
            langs: vec!["en".into()],
            ..Selection::default()
        };
        let prepared =
            build::prepare(&inputs, &selection).unwrap_or_else(|e| panic!("{}", e.render()));
        let ts = Typesetter::new(std::sync::Arc::new(TemplateSource::Embedded));
        for plan in &prepared.plans {
            let doc = prepared.render(&ts, plan).unwrap_or_else(|e| panic!("{}", e.render()));
            files.push((format!("{} (text)", plan.file_name()), squashed_text(&doc)));
        }
        for (_, _, cited_at, canary) in SOURCES {
            let cleared = levels.iter().position(|l| *l == cited_at).expect("level") <= rank;
            for (name, text) in &files {
                let present = text.contains(canary);
                if !cleared {
                    assert!(!present, "{name}: {canary} reaches the {audience} audience");
                }
            }
            if cleared {
                // Where an item cited by it is shown, the source is listed: in
                // the data, the laid-out text and the deck's notes.
                for kind in [".json", "(text)", ".pdfpc"] {
                    assert!(
                        files.iter().any(|(n, t)| n.ends_with(kind) && t.contains(canary)),
                        "no {kind} output of the {audience} audience lists {canary}"
                    );
                }
            }
        }
    }
}

#[test]
fn a_document_lists_only_the_sources_of_what_it_shows() {
    let inputs = Inputs { data: DataSource::Embedded, templates: TemplateSource::Embedded };
    let selection = Selection {
        scopes: vec!["sea".into(), "combined".into()],
        kinds: vec![Kind::Factsheet],
        langs: vec!["en".into()],
        ..Selection::default()
    };
    let prepared = build::prepare(&inputs, &selection).unwrap_or_else(|e| panic!("{}", e.render()));
    let ids = |scope: &str| -> Vec<String> {
        let plan = prepared.plans.iter().find(|p| p.data.document.scope == scope).expect("plan");
        plan.data.sources.iter().map(|s| s.id.clone()).collect()
    };
    // The Navy's sheet names no base with published coordinates and no battlegroup.
    assert_eq!(ids("sea"), ["mil-be-eastern-flank"]);
    assert_eq!(
        ids("combined"),
        ["mil-be-eastern-flank", "nato-forward-land-forces", "airportsdata"]
    );
}
