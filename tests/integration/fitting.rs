//! Copy-fitting from a prediction: the previous build's manifest (proven or
//! stale or wrong) changes how many layouts a document takes, never its bytes.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use crate::common::{fixture, root};

/// One document's fitting, as `BRIEFING_TRACE_FIT` reports it.
#[derive(Debug, Clone, PartialEq)]
struct Fitted {
    level: u8,
    laid_out: Vec<u8>,
}

/// Builds `args` into `out` with the fitting trace on; the documents' fittings by name.
fn build(data: &Path, out: &Path, args: &[&str]) -> BTreeMap<String, Fitted> {
    let o = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .arg("build")
        .arg("--data")
        .arg(data)
        .arg("--out")
        .arg(out)
        // `--force`: every build typesets, so that fitting is seen at work even
        // where the inputs are unchanged (a skipped document lays out nothing).
        .args(["--quiet", "--force"])
        .args(args)
        .env("BRIEFING_TRACE_FIT", "1")
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("BRIEFING_STRICT")
        .output()
        .expect("the briefing binary runs");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");
    let mut fitted = BTreeMap::new();
    for line in stderr.lines() {
        let Some(rest) = line.strip_prefix("briefing: fit ") else { continue };
        let (name, rest) = rest.split_once(": level ").expect("name");
        let level = rest.split(' ').next().expect("level").parse().expect("a level");
        let list = rest.split_once("laid out at [").expect("list").1.split(']').next();
        let laid_out = list
            .expect("list end")
            .split(", ")
            .map(|l| l.parse().expect("a level laid out"))
            .collect();
        fitted.insert(name.to_owned(), Fitted { level, laid_out });
    }
    assert!(!fitted.is_empty(), "no fitting trace in: {stderr}");
    fitted
}

/// The bytes of every PDF in `dir`, by file name.
fn pdfs(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).expect("out dir") {
        let p = entry.expect("entry").path();
        if p.extension().is_some_and(|e| e == "pdf") {
            let name = p.file_name().expect("name").to_string_lossy().into_owned();
            out.insert(name, std::fs::read(&p).expect("read pdf"));
        }
    }
    out
}

/// A change to one document's fitting record.
type Edit = dyn Fn(&mut serde_json::Value);

/// `dir`'s manifest with each document's fitting record passed through `edit`.
fn edited_manifest(dir: &Path, edit: &Edit) -> String {
    let text = std::fs::read_to_string(dir.join("manifest.json")).expect("manifest");
    let mut manifest: serde_json::Value = serde_json::from_str(&text).expect("manifest JSON");
    for doc in manifest["documents"].as_array_mut().expect("documents") {
        edit(doc.get_mut("fit").expect("every document has a fitting record"));
    }
    serde_json::to_string_pretty(&manifest).expect("JSON")
}

#[test]
fn copy_fitting_gives_the_same_bytes_whatever_the_manifest_predicts() {
    let data = fixture("valmeria");
    let args = ["--kind", "factsheet", "--lang", "en"];
    let dir = tempfile::tempdir().expect("temp dir");
    let first = dir.path().join("first");
    let cold = build(&data, &first, &args);
    let want = pdfs(&first);
    assert_eq!(want.len(), cold.len());
    // Valmeria's sheets run over: the test is about sheets set tighter and condensed.
    assert!(cold.values().any(|f| f.level > 2), "{cold:?}");
    assert!(cold.values().all(|f| f.level > 0), "{cold:?}");
    for f in cold.values() {
        assert!(f.laid_out.contains(&f.level), "{f:?}");
    }

    // The manifest proves each level: one layout each, at that level.
    let again = build(&data, &first, &args);
    for (name, f) in &again {
        assert_eq!(f.laid_out, [cold[name].level], "{name}");
        assert_eq!(f.level, cold[name].level, "{name}");
    }
    assert!(pdfs(&first) == want, "a proven prediction changed a PDF");

    // Wrong predictions: too loose, too tight, out of range, and a right level
    // whose hash no longer matches (a stale record: confirmed, not trusted).
    let wrong: [(&str, &Edit); 4] = [
        ("loosest", &|fit| {
            fit["level"] = 0.into();
            fit["within"] = 0.into();
        }),
        ("tightest", &|fit| {
            fit["level"] = 5.into();
            fit["within"] = 5.into();
        }),
        ("out of range", &|fit| {
            fit["level"] = 99.into();
            fit["within"] = 200.into();
        }),
        ("stale", &|fit| fit["inputs"] = "00".into()),
    ];
    for (what, edit) in wrong {
        let out = dir.path().join(what.replace(' ', "-"));
        std::fs::create_dir(&out).expect("mkdir");
        std::fs::write(out.join("manifest.json"), edited_manifest(&first, edit)).expect("write");
        let fitted = build(&data, &out, &args);
        assert!(pdfs(&out) == want, "a {what} prediction changed a PDF");
        for (name, f) in &fitted {
            assert_eq!(f.level, cold[name].level, "{what}: {name}");
            if what == "tightest" && f.level == 5 {
                // Left as it was: still proven.
                assert_eq!(f.laid_out, [5], "{what}: {name}");
                continue;
            }
            assert!(f.laid_out.len() > 1, "{what}: {name} was not checked: {f:?}");
            if what == "stale" {
                // A right level is confirmed by it and the looser level next to it.
                assert_eq!(f.laid_out, [f.level, f.level - 1], "{what}: {name}");
            }
        }
    }
}

#[test]
fn a_rebuild_with_its_manifest_lays_out_each_default_document_once() {
    let data = root().join("data");
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out");
    let cold = build(&data, &out, &[]);
    let want = pdfs(&out);
    // The default data has sheets that need a tighter setting (longer translations).
    assert!(cold.values().any(|f| f.level > 0), "{cold:?}");
    let again = build(&data, &out, &[]);
    assert_eq!(again.len(), cold.len());
    for (name, f) in &again {
        assert_eq!(f.laid_out, [cold[name].level], "{name}");
    }
    assert!(pdfs(&out) == want, "a rebuild changed a PDF");
}
