//! Every number of every default document, in every language and kind,
//! traced back: each is a number the data holds (and the claim table ties
//! the data's numbers to the words of their sources, see `claims.rs`), and
//! the four language versions of a document print the same numbers.

use std::collections::{BTreeMap, BTreeSet};

use crate::common::*;

/// A printed number, as thousandths (exact for every value the documents print).
type Number = i64;

fn thousandths(x: f64) -> Number {
    (x * 1000.0).round() as Number
}

/// The separators of a language's numbers: (thousands, decimal).
fn separators(lang: &str) -> (&'static [char], char) {
    match lang {
        "en" => (&[','], '.'),
        "fr" => (&['\u{202f}', '\u{a0}'], ','),
        _ => (&['.'], ','),
    }
}

/// The numbers of `text` in `lang`'s notation, each with the words around it.
/// Digits written into a word (`SNMG1`, a reference mark after a label) are
/// names or marks, not numbers, and page furniture (`3 / 4`, `Slide 7`) is
/// left out: `slide` is the language's word for a slide.
fn numbers_in(text: &str, lang: &str, slide: &str) -> Vec<(Number, String)> {
    let (thousands, decimal) = separators(lang);
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts = chars[i].is_ascii_digit() && (i == 0 || !chars[i - 1].is_alphanumeric());
        if !starts {
            i += 1;
            continue;
        }
        let start = i;
        let (mut whole, mut fraction, mut in_fraction) = (String::new(), String::new(), false);
        while i < chars.len() {
            let c = chars[i];
            let digit_follows = chars.get(i + 1).is_some_and(|d| d.is_ascii_digit());
            if c.is_ascii_digit() {
                if in_fraction { fraction.push(c) } else { whole.push(c) }
            } else if c == decimal && digit_follows && !in_fraction {
                in_fraction = true;
            } else if !(thousands.contains(&c) && digit_follows && !in_fraction) {
                break;
            }
            i += 1;
        }
        if chars.get(i).is_some_and(|c| c.is_alphabetic()) {
            continue; // `2nd`, `16s`: part of a word
        }
        let before: String = chars[start.saturating_sub(40)..start].iter().collect();
        let after: String = chars[i..(i + 12).min(chars.len())].iter().collect();
        let furniture = after.trim_start().starts_with('/')
            || before.trim_end().ends_with('/')
            || before.to_lowercase().trim_end().ends_with(&slide.to_lowercase());
        if furniture {
            continue;
        }
        let value: f64 = format!("{whole}.{}", if fraction.is_empty() { "0" } else { &fraction })
            .parse()
            .expect("digits");
        out.push((thousandths(value), format!("{before}⟨{whole}…⟩{after}")));
    }
    out
}

/// Every number the default data holds: numeric values, the parts of its
/// dates and the numbers written in its texts (a coordinate also as printed,
/// rounded to two decimals); not its colours, comments or addresses.
fn data_numbers() -> BTreeSet<Number> {
    fn walk(key: &str, v: &toml::Value, out: &mut BTreeSet<Number>) {
        if ["colour", "comment", "url", "file", "id"].contains(&key) {
            return;
        }
        match v {
            toml::Value::Integer(n) => {
                out.insert(thousandths(*n as f64));
            }
            toml::Value::Float(x) => {
                out.insert(thousandths(*x));
                // As printed: two decimals of the value's exact expansion.
                out.insert(thousandths(format!("{:.2}", x.abs()).parse().expect("a number")));
            }
            toml::Value::String(s) => {
                for part in s.split(|c: char| !c.is_ascii_digit()).filter(|p| !p.is_empty()) {
                    out.insert(thousandths(part.parse::<f64>().expect("digits")));
                }
            }
            toml::Value::Array(a) => a.iter().for_each(|x| walk(key, x, out)),
            toml::Value::Table(t) => t.iter().for_each(|(k, x)| walk(k, x, out)),
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    for entry in std::fs::read_dir(root().join("data")).expect("data") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "toml") {
            let table: toml::Table =
                std::fs::read_to_string(&path).expect("read").parse().expect("default data parses");
            walk("", &toml::Value::Table(table), &mut out);
        }
    }
    out
}

/// Which of `numbers` (in the order printed) are an axis's tick labels: three
/// or more in a row at one step, a value axis from 0 or a time axis of years;
/// and a year elsewhere in the text that continues a time axis (a reader may
/// extract an axis's last label after the text drawn beside it).
fn axis_ticks(numbers: &[Number]) -> Vec<bool> {
    let mut ticks = vec![false; numbers.len()];
    let mut year_axes = Vec::new();
    let mut start = 0;
    while start + 2 < numbers.len() {
        let step = numbers[start + 1] - numbers[start];
        let mut end = start + 1;
        while end + 1 < numbers.len() && numbers[end + 1] - numbers[end] == step {
            end += 1;
        }
        let first = numbers[start];
        let axis = step > 0 && (first == 0 || (1_900_000..=2_100_000).contains(&first));
        if end - start >= 2 && axis {
            ticks[start..=end].iter_mut().for_each(|t| *t = true);
            if first != 0 {
                year_axes.push((first, step, numbers[end]));
            }
            start = end + 1;
        } else {
            start += 1;
        }
    }
    for (n, tick) in numbers.iter().zip(ticks.iter_mut()) {
        let continues = |&(first, step, last): &(Number, Number, Number)| {
            (n - first) % step == 0 && (first - 2 * step..=last + 2 * step).contains(n)
        };
        *tick |= year_axes.iter().any(continues);
    }
    ticks
}

/// The language's word for a slide, from its label file.
fn slide_word(lang: &str) -> String {
    let path = root().join(format!("templates/i18n/{lang}.toml"));
    let labels: toml::Table =
        std::fs::read_to_string(path).expect("label file").parse().expect("labels parse");
    labels["labels"].get("slide").and_then(|s| s.as_str()).expect("a `slide` label").to_string()
}

#[test]
fn every_number_of_every_default_document_is_the_datas_in_every_language() {
    ensure_test_tools();
    let dir = tempfile::tempdir().expect("temp dir");
    let o = run(dir.path(), &["build", "--out", "out", "--quiet"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let held = data_numbers();
    let out = dir.path().join("out");
    let mut by_document: BTreeMap<String, BTreeMap<String, BTreeSet<Number>>> = BTreeMap::new();
    let mut untraced = Vec::new();
    let mut read = 0;
    let mut slide_words: BTreeMap<String, String> = BTreeMap::new();
    for name in files_in(&out) {
        let Some(stem) = name.strip_suffix(".pdf").or(name.strip_suffix(".pdfpc")) else {
            continue;
        };
        let (document, lang) = stem.rsplit_once('-').expect("<kind>-<scope>-<lang>");
        let text = if name.ends_with(".pdf") {
            pdf_text(&out.join(&name))
        } else {
            std::fs::read_to_string(out.join(&name)).expect("pdfpc")
        };
        // The notes file is JSON: its numbers are in its notes only.
        let text = if name.ends_with(".pdfpc") {
            let v: serde_json::Value = serde_json::from_str(&text).expect("pdfpc JSON");
            v["pages"]
                .as_array()
                .expect("pages")
                .iter()
                .filter_map(|p| p["note"].as_str())
                .collect::<Vec<_>>()
                .join("\n")
        } else {
            text
        };
        read += 1;
        let slide = slide_words.entry(lang.to_string()).or_insert_with(|| slide_word(lang));
        let numbers = numbers_in(&text, lang, slide);
        let values: Vec<Number> = numbers.iter().map(|(n, _)| *n).collect();
        for ((n, context), tick) in numbers.iter().zip(axis_ticks(&values)) {
            if !held.contains(n) && !tick {
                untraced.push(format!("{name}: {} in “{context}”", *n as f64 / 1000.0));
            }
        }
        by_document
            .entry(format!("{document}{}", if name.ends_with(".pdfpc") { ".pdfpc" } else { "" }))
            .or_default()
            .insert(lang.to_string(), numbers.into_iter().map(|(n, _)| n).collect());
    }
    assert!(read >= 48, "only {read} documents were read");
    assert!(untraced.is_empty(), "numbers the data does not hold:\n{}", untraced.join("\n"));
    // The four languages of a document print the same numbers.
    for (document, langs) in &by_document {
        assert_eq!(langs.len(), 4, "{document}: {:?}", langs.keys());
        let all: BTreeSet<Number> = langs.values().flatten().copied().collect();
        for (lang, numbers) in langs {
            let missing: Vec<f64> = all.difference(numbers).map(|&n| n as f64 / 1000.0).collect();
            assert!(
                missing.is_empty(),
                "{document}-{lang} lacks {missing:?}, which another language prints"
            );
        }
    }
}

#[test]
fn numbers_are_read_in_each_languages_notation_and_furniture_is_left_out() {
    let n = |text: &str, lang: &str| -> Vec<f64> {
        numbers_in(text, lang, "Slide").into_iter().map(|(n, _)| n as f64 / 1000.0).collect()
    };
    assert_eq!(n("almost 1,600 interceptions, 55.89° N", "en"), [1600.0, 55.89]);
    assert_eq!(n("bijna 1.600 onderscheppingen, 55,89° N", "nl"), [1600.0, 55.89]);
    assert_eq!(n("près de 1\u{202f}600 interceptions, 55,89° N", "fr"), [1600.0, 55.89]);
    assert_eq!(n("SNMG1 and F-16 in 2004, 2008", "en"), [16.0, 2004.0, 2008.0]);
    assert_eq!(n("page 3 / 4, Slide 7, 29 March", "en"), [29.0]);
    let t = |v: &[i64]| axis_ticks(&v.iter().map(|x| x * 1000).collect::<Vec<_>>());
    assert_eq!(t(&[8, 0, 2, 4, 6, 8]), [false, true, true, true, true, true]);
    assert_eq!(t(&[2004, 2008, 2012, 16, 2016]), [true, true, true, false, true]);
    assert_eq!(t(&[3, 5, 7, 20]), [false; 4], "not an axis: it starts at neither 0 nor a year");
}
