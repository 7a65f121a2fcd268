//! Every claim traceable to its source: the claim table kept beside the
//! default dataset (`tests/claims/default.toml`) ties each number and named
//! fact the documents print to the item that states it and to the words of
//! its source; and what the sources do not say is never shown as ours.

use std::collections::BTreeSet;

use briefing::build;
use briefing::plan::{Kind, Selection};
use briefing::project::{DataSource, Inputs};
use serde::Deserialize;

use crate::common::*;

/// One row of the claim table (its header comment says what each field means).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Claim {
    item: String,
    value: Option<f64>,
    field: Option<String>,
    equals: Option<String>,
    printed: String,
    passage: Option<String>,
    source: Option<String>,
}

#[derive(Debug, Deserialize)]
struct ClaimTable {
    claim: Vec<Claim>,
}

/// Every item of the default data files, as (kind, key, table), where the key
/// is the id, or `operation/base` for a rotation.
fn default_items() -> Vec<(String, String, toml::Table)> {
    let mut items = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(root().join("data"))
        .expect("data")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    for file in files {
        let table: toml::Table =
            std::fs::read_to_string(&file).expect("read").parse().expect("default data parses");
        for (kind, value) in table {
            let Some(list) = value.as_array() else { continue };
            for entry in list {
                let t = entry.as_table().expect("item table").clone();
                let key = if kind == "rotation" {
                    format!("{}/{}", str_of(&t, "operation"), str_of(&t, "base"))
                } else {
                    str_of(&t, "id")
                };
                items.push((kind.clone(), key, t));
            }
        }
    }
    items
}

fn str_of(t: &toml::Table, key: &str) -> String {
    t.get(key).and_then(|v| v.as_str()).unwrap_or_default().to_string()
}

/// Straight apostrophes and no diacritics on the one name the source page
/// spells without (`Siauliai`), white space collapsed.
fn normalised(s: &str) -> String {
    s.replace(['’', '‘'], "'").replace('Š', "S").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The English words of small numbers, as a source may write them.
fn number_words(n: f64) -> Vec<String> {
    const WORDS: [&str; 21] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    let mut forms = vec![format!("{n}")];
    if n.fract() == 0.0 && (0.0..=20.0).contains(&n) {
        forms.push(WORDS[n as usize].to_string());
    }
    forms
}

#[test]
fn every_claim_rests_on_an_item_and_the_words_of_its_source() {
    let table: ClaimTable = toml::from_str(
        &std::fs::read_to_string(root().join("tests/claims/default.toml")).expect("claims"),
    )
    .expect("the claim table parses");
    let items = default_items();
    let find = |reference: &str| -> &toml::Table {
        let (kind, key) = reference.split_once(':').expect("kind:id");
        items
            .iter()
            .find(|(k, id, _)| k == kind && id == key)
            .map(|(_, _, t)| t)
            .unwrap_or_else(|| panic!("the claim table names {reference}, which the data lacks"))
    };
    // The English text of every default fact sheet and deck.
    let docs = render_default(&[], &[Kind::Factsheet, Kind::Deck], &["en"]);
    let texts: Vec<String> = docs.iter().map(|(_, d)| squashed_text(d)).collect();
    for claim in &table.claim {
        let item = find(&claim.item);
        assert!(!str_of(item, "source").is_empty(), "{} cites no source", claim.item);
        // The passage is the item's own source's, unless the claim names
        // another declared source that also states it.
        let source = claim.source.clone().unwrap_or_else(|| str_of(item, "source"));
        if claim.source.is_some() {
            find(&format!("source:{source}"));
        }
        // A derived figure's items, as `kind:id` (`counted = { bases = […] }`).
        let counted: Vec<String> = item
            .get("counted")
            .and_then(|c| c.as_table())
            .map(|t| {
                t.iter()
                    .flat_map(|(kind, ids)| {
                        let kind = kind.trim_end_matches('s').to_string();
                        ids.as_array()
                            .expect("a list of ids")
                            .iter()
                            .map(move |id| format!("{kind}:{}", id.as_str().expect("an id")))
                    })
                    .collect()
            })
            .unwrap_or_default();
        if let Some(v) = claim.value {
            let number = |x: &toml::Value| x.as_float().or(x.as_integer().map(|i| i as f64));
            let held = match &claim.field {
                Some(f) => item.get(f).and_then(number),
                None => item
                    .get("value")
                    .or(item.get("count"))
                    .and_then(number)
                    .or((!counted.is_empty()).then_some(counted.len() as f64)),
            };
            assert_eq!(held, Some(v), "{}: the data no longer holds {v}", claim.item);
        }
        if let (Some(field), Some(equals)) = (&claim.field, &claim.equals) {
            assert_eq!(
                item.get(field).and_then(|x| x.as_str()),
                Some(equals.as_str()),
                "{}: `{field}` is no longer {equals}",
                claim.item
            );
        }
        let printed = squash(&claim.printed);
        assert!(
            texts.iter().any(|t| t.contains(&printed)),
            "no default English document prints {:?} ({})",
            claim.printed,
            claim.item
        );
        // The source's text as the data holds it (`[[source]] file`), if it does.
        let held = str_of(find(&format!("source:{source}")), "file");
        let source_file = root().join("data").join(&held);
        match (&claim.passage, !held.is_empty() && source_file.is_file()) {
            (Some(passage), true) => {
                let text = normalised(&std::fs::read_to_string(&source_file).expect("source"));
                assert!(
                    text.contains(&normalised(passage)),
                    "{}: the passage {passage:?} is not in {}",
                    claim.item,
                    source_file.display()
                );
                if let Some(v) = claim.value
                    && counted.is_empty()
                {
                    let p = normalised(passage).to_lowercase();
                    assert!(
                        number_words(v).iter().any(|w| p.contains(w.as_str())),
                        "{}: the passage does not give {v}",
                        claim.item
                    );
                }
            }
            (Some(_), false) => panic!("{}: the text of source `{source}` is not held", claim.item),
            (None, true) => panic!("{}: give the passage of `{source}` it rests on", claim.item),
            // A claim no held text can confirm is printed as an inference.
            (None, false) => assert!(
                item.contains_key("inferred"),
                "{}: the data holds no text of `{source}` to check it against: mark the item `inferred`, or hold the source's text (`file`)",
                claim.item
            ),
        }
        // A derived count rests on the items it counts, each sourced.
        for c in &counted {
            assert!(!str_of(find(c), "source").is_empty(), "{c} cites no source");
        }
    }
    // Every number and named fact of the data has its claim: a new one
    // cannot reach a document unchecked.
    let claimed: BTreeSet<String> = table
        .claim
        .iter()
        .map(|c| {
            format!("{}{}", c.item, c.field.as_deref().map(|f| format!("#{f}")).unwrap_or_default())
        })
        .collect();
    for (kind, key, t) in &items {
        let wanted: Vec<String> = match kind.as_str() {
            "figure" | "rotation" => vec![format!("{kind}:{key}")],
            "operation" if t.contains_key("start") => vec![format!("{kind}:{key}#start")],
            "event" => vec![format!("{kind}:{key}#date")],
            "formation" if t.contains_key("lead_nation") => {
                vec![format!("{kind}:{key}#lead_nation")]
            }
            "base" if t.contains_key("lat") => {
                vec![format!("{kind}:{key}#lat"), format!("{kind}:{key}#lon")]
            }
            _ => Vec::new(),
        };
        for w in wanted {
            if str_of(t, "marking").is_empty() || str_of(t, "marking") == "public" {
                assert!(claimed.contains(&w), "no claim in tests/claims/default.toml for {w}");
            }
        }
    }
}

#[test]
fn an_operations_own_means_are_never_shown_or_counted_as_the_nations() {
    let inputs = Inputs {
        data: DataSource::Embedded,
        templates: briefing::typeset::world::TemplateSource::Embedded,
    };
    let selection = Selection {
        scopes: vec!["sea".into(), "combined".into()],
        kinds: vec![Kind::Factsheet],
        langs: vec!["en".into()],
        ..Selection::default()
    };
    let prepared = build::prepare(&inputs, &selection).unwrap_or_else(|e| panic!("{}", e.render()));
    for plan in &prepared.plans {
        let data = serde_json::to_value(&plan.data).expect("json");
        let ops: Vec<&serde_json::Value> = data["branches"]
            .as_array()
            .expect("branches")
            .iter()
            .flat_map(|b| b["operations"].as_array().expect("operations"))
            .collect();
        let sentry = ops.iter().find(|o| o["id"] == "baltic-sentry").expect("Baltic Sentry");
        assert_eq!(sentry["assets"], serde_json::json!([]), "Baltic Sentry's means listed as ours");
        assert_eq!(sentry["means"].as_array().map(Vec::len), Some(3));
        assert!(sentry["inferred"].as_str().is_some_and(|s| !s.is_empty()));
        for op in &ops {
            for asset in op["assets"].as_array().expect("assets") {
                assert!(
                    !["maritime patrol aircraft", "a small fleet of naval drones"]
                        .contains(&asset.as_str().unwrap_or_default()),
                    "{}: {asset} is the operation's, not ours",
                    op["id"]
                );
            }
        }
    }
    // The cover chart counts distinct kinds of the nation's own assets:
    // Army 2 (the same two kinds in both detachments), Air Force 1, Navy 5.
    let combined =
        prepared.plans.iter().find(|p| p.data.document.scope == "combined").expect("combined");
    let overview =
        combined.charts.iter().find(|c| c.id == "branch-overview").expect("the overview chart");
    let briefing::charts::render::ChartSpec::Overview(spec) = &overview.spec else {
        panic!("not an overview")
    };
    assert_eq!(spec.series[1].values, [2.0, 1.0, 5.0]);
    assert_eq!(spec.series[0].values, [2.0, 2.0, 3.0]);
}

#[test]
fn an_inference_is_printed_with_its_qualifier_wherever_it_is_shown() {
    let docs = render_default(&["sea", "combined"], &[Kind::Factsheet, Kind::Deck], &["en"]);
    let reason = squash(
        "Inferred: The source names Baltic Sentry under the Navy but does not say what Belgium contributes to it.",
    );
    for (name, doc) in &docs {
        let text = squashed_text(doc);
        assert!(text.contains(&reason), "{name} shows Baltic Sentry without its qualifier");
        assert!(
            text.to_lowercase().contains(&squash("means of the operation as a whole")),
            "{name}"
        );
    }
    // The timeline marks the inferred rows and says what the mark means.
    let combined = docs.iter().find(|(n, _)| n == "factsheet-combined-en.pdf").expect("combined");
    assert!(squashed_text(&combined.1).contains(&squash("† partly inferred")));
}

#[test]
fn a_web_page_shows_the_operations_means_and_inferences_as_the_pdf_does() {
    let dir = tempfile::tempdir().expect("temp dir");
    let o = run(
        dir.path(),
        &[
            "build",
            "--scope",
            "sea",
            "--lang",
            "en",
            "--kind",
            "factsheet",
            "--format",
            "html",
            "--out",
            "out",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let page = std::fs::read_to_string(dir.path().join("out/factsheet-sea-en.html")).expect("page");
    assert!(page.contains("Means of the operation as a whole"), "no means in the page");
    assert!(
        page.contains("† Inferred: The source names Baltic Sentry under the Navy"),
        "no qualifier in the page"
    );
    assert!(page.contains("<em>not stated</em>"), "no 'not stated' contribution");
}

#[test]
fn inferred_true_asks_for_the_reason_at_its_line() {
    let dir = copy_of_default_data();
    edit(
        &dir.path().join("data/operations.toml"),
        "id = \"iceland-air-policing\"\n",
        "id = \"iceland-air-policing\"\ninferred = true\n",
    );
    let o = run(dir.path(), &["validate", "--data", "data"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    let text = std::fs::read_to_string(dir.path().join("data/operations.toml")).expect("read");
    let line = text.lines().position(|l| l == "inferred = true").expect("line") + 1;
    assert!(err.contains(&format!("data/operations.toml:{line}:12")), "{err}");
    assert!(err.contains("write why it is inferred"), "{err}");
}
