//! Builds across processes do nothing twice: a document whose fingerprint
//! and files match the manifest is left alone, `--force` typesets all, and a
//! sharded build merges into what one build writes.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::SystemTime;

use crate::common::{copy_of_default_data, edit, files_in, root, run, stderr, stdout};

/// Every file of a folder with its bytes and modification time.
fn snapshot(dir: &Path) -> BTreeMap<String, (Vec<u8>, SystemTime)> {
    files_in(dir)
        .into_iter()
        .map(|name| {
            let path = dir.join(&name);
            let bytes = std::fs::read(&path).expect("read");
            let mtime = std::fs::metadata(&path).and_then(|m| m.modified()).expect("mtime");
            (name, (bytes, mtime))
        })
        .collect()
}

/// The documents a build's output says it wrote (`wrote out/x.pdf (2 pages)`), sorted.
fn wrote(out: &std::process::Output) -> Vec<String> {
    let mut v: Vec<String> = stdout(out)
        .lines()
        .filter_map(|l| l.strip_prefix("wrote "))
        .map(|l| {
            l.split(' ')
                .next()
                .unwrap_or_default()
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    v.sort();
    v
}

/// Runs a build that must succeed and returns its output.
fn build(cwd: &Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["build"];
    all.extend_from_slice(args);
    let out = run(cwd, &all);
    assert!(out.status.success(), "{}\n{}", stdout(&out), stderr(&out));
    out
}

#[test]
fn an_unchanged_build_typesets_nothing_and_a_forced_one_writes_the_same_bytes() {
    let dir = copy_of_default_data();
    let templates = dir.path().join("templates");
    let copied = std::process::Command::new("cp")
        .arg("-r")
        .arg(root().join("templates"))
        .arg(&templates)
        .status()
        .expect("cp");
    assert!(copied.success());
    let args = ["--scope", "air", "--lang", "en", "--templates", "templates", "--out", "out"];
    let out = dir.path().join("out");
    let first = build(dir.path(), &args);
    let all = ["deck-air-en.pdf", "factsheet-air-en.pdf", "handout-air-en.pdf"];
    assert_eq!(wrote(&first), all);
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).expect("manifest"))
            .expect("JSON");
    for doc in manifest["documents"].as_array().expect("documents") {
        let f = doc["fingerprint"].as_str().expect("every entry has a fingerprint");
        assert!(f.len() == 64 && f.bytes().all(|b| b.is_ascii_hexdigit()), "{f}");
    }
    let built = snapshot(&out);

    // Nothing changed: nothing is typeset or written, not even the manifest.
    let again = build(dir.path(), &args);
    assert_eq!(wrote(&again), [] as [&str; 0], "{}", stdout(&again));
    assert!(
        stdout(&again).contains("0 documents built (0 pages), 3 up to date in "),
        "{}",
        stdout(&again)
    );
    assert!(stdout(&again).contains(": 0 changed, 3 unchanged"), "{}", stdout(&again));
    let skipped = snapshot(&out);
    for (name, (bytes, mtime)) in &built {
        let (b, m) = &skipped[name];
        assert!(b == bytes, "{name} changed");
        if name.ends_with(".pdf") || name.ends_with(".pdfpc") {
            assert_eq!(m, mtime, "{name} was written again");
        }
    }

    // --force typesets all, into the same bytes as the documents left alone.
    let forced = build(dir.path(), &[&args[..], &["--force"]].concat());
    assert_eq!(wrote(&forced), all);
    for (name, (bytes, _)) in &snapshot(&out) {
        assert!(*bytes == built[name].0, "{name} differs between a skipped and a forced build");
    }

    // A changed or deleted file is written again, the same as before; the rest are left alone.
    std::fs::write(out.join("deck-air-en.pdf"), b"%PDF-1.7 tampered").expect("tamper");
    std::fs::remove_file(out.join("handout-air-en.pdf")).expect("delete");
    let mended = build(dir.path(), &args);
    assert_eq!(wrote(&mended), ["deck-air-en.pdf", "handout-air-en.pdf"], "{}", stdout(&mended));
    assert!(stdout(&mended).contains(", 1 up to date in "), "{}", stdout(&mended));
    for (name, (bytes, _)) in &snapshot(&out) {
        assert!(*bytes == built[name].0, "{name} differs after it was mended");
    }
    std::fs::remove_file(out.join("deck-air-en.pdfpc")).expect("delete notes");
    let notes = build(dir.path(), &args);
    assert_eq!(wrote(&notes), ["deck-air-en.pdf"], "{}", stdout(&notes));
    assert!(out.join("deck-air-en.pdfpc").is_file());

    // A template change (even a comment) rebuilds every document.
    let theme = templates.join("theme.toml");
    let text = std::fs::read_to_string(&theme).expect("theme");
    std::fs::write(&theme, text + "\n# a comment\n").expect("write theme");
    let restyled = build(dir.path(), &args);
    assert_eq!(wrote(&restyled), all, "{}", stdout(&restyled));

    // A setting that changes the pages rebuilds every document; one that does not, none.
    let one_job = build(dir.path(), &[&args[..], &["--jobs", "1"]].concat());
    assert_eq!(wrote(&one_job), [] as [&str; 0], "{}", stdout(&one_job));
    let draft = build(dir.path(), &[&args[..], &["--draft"]].concat());
    assert_eq!(wrote(&draft), all, "{}", stdout(&draft));
}

#[test]
fn a_changed_figure_rebuilds_only_the_documents_that_show_it() {
    let dir = copy_of_default_data();
    let args = ["--scope", "air,sea", "--lang", "en", "--out", "out"];
    let out = dir.path().join("out");
    build(dir.path(), &args);
    let before = snapshot(&out);
    // An air policing figure: the air documents show it, the sea documents do not.
    edit(&dir.path().join("data/figures.toml"), "value = 200", "value = 210");
    let after_edit = build(dir.path(), &args);
    let rebuilt = wrote(&after_edit);
    assert!(rebuilt.contains(&"factsheet-air-en.pdf".to_owned()), "{rebuilt:?}");
    assert!(rebuilt.iter().all(|d| d.contains("-air-")), "{rebuilt:?}");
    let after = snapshot(&out);
    // Exactly the documents rebuilt changed; the others were not written at all.
    for (name, (bytes, mtime)) in before.iter().filter(|(n, _)| n.ends_with(".pdf")) {
        let (b, m) = &after[name];
        if rebuilt.contains(name) {
            assert!(b != bytes, "{name} was rebuilt into the same bytes");
        } else {
            assert!(
                b == bytes && m == mtime,
                "{name} was written, or changed, without being rebuilt"
            );
        }
    }
    // And what was left alone is what a fresh build writes.
    let fresh = tempfile::tempdir().expect("tmp");
    build(dir.path(), &[&args[..5], &[fresh.path().to_str().expect("utf-8")]].concat());
    for name in files_in(&out) {
        let x = std::fs::read(out.join(&name)).expect("kept");
        let y = std::fs::read(fresh.path().join(&name)).expect("fresh");
        assert!(x == y, "{name} differs from a fresh build");
    }
}

#[test]
fn shards_split_the_matrix_and_merge_into_the_unsharded_build() {
    let dir = tempfile::tempdir().expect("tmp");
    let select = ["--scope", "air,sea", "--lang", "en", "--kind", "factsheet,deck,handout"];
    build(dir.path(), &[&select[..], &["--out", "full"]].concat());
    let full = files_in(&dir.path().join("full"));
    let mut union: Vec<String> = Vec::new();
    let shards = ["1/3", "2/3", "3/3"];
    for (i, shard) in shards.iter().enumerate() {
        let name = format!("s{}", i + 1);
        let out = build(dir.path(), &[&select[..], &["--shard", shard, "--out", &name]].concat());
        let docs = wrote(&out);
        assert!(!docs.is_empty(), "shard {shard} builds something");
        for d in docs {
            assert!(!union.contains(&d), "{d} is in two shards");
            union.push(d);
        }
        // A deck and its handouts fall to the same shard.
        let files = files_in(&dir.path().join(&name));
        for f in files.iter().filter(|f| f.starts_with("handout-")) {
            assert!(files.contains(&f.replace("handout-", "deck-")), "{f} without its deck");
        }
    }
    union.sort();
    let pdfs: Vec<String> = full.iter().filter(|f| f.ends_with(".pdf")).cloned().collect();
    assert_eq!(union, pdfs, "the shards together build the full selection");

    let merged = run(dir.path(), &["merge-manifests", "s1", "s2", "s3", "--out", "merged"]);
    assert!(merged.status.success(), "{}", stderr(&merged));
    assert!(
        stdout(&merged).contains(&format!("merged {} documents", pdfs.len())),
        "{}",
        stdout(&merged)
    );
    assert_eq!(files_in(&dir.path().join("merged")), full);
    for name in &full {
        let x = std::fs::read(dir.path().join("full").join(name)).expect("full");
        let y = std::fs::read(dir.path().join("merged").join(name)).expect("merged");
        assert!(x == y, "{name} of the merged shards differs from the unsharded build");
    }

    // Overlapping folders and files that no longer match are refused, and nothing is written.
    let twice = run(dir.path(), &["merge-manifests", "s1", "s1", "--out", "twice"]);
    assert_eq!(twice.status.code(), Some(1));
    assert!(
        stderr(&twice).contains("is listed by both s1/manifest.json and s1/manifest.json"),
        "{}",
        stderr(&twice)
    );
    assert!(!dir.path().join("twice").exists());
    let first_pdf =
        files_in(&dir.path().join("s2")).into_iter().find(|f| f.ends_with(".pdf")).expect("a pdf");
    std::fs::write(dir.path().join("s2").join(&first_pdf), b"changed").expect("tamper");
    let bad = run(dir.path(), &["merge-manifests", "s1", "s2", "s3", "--out", "bad"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        stderr(&bad).contains(&format!("s2/{first_pdf} does not match its manifest")),
        "{}",
        stderr(&bad)
    );
    assert!(!dir.path().join("bad").exists());
}

#[test]
fn the_bench_multiplier_repeats_the_matrix_under_new_names() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["build", "--scope", "air", "--lang", "en", "--out", "out"])
        .current_dir(dir.path())
        .env("BRIEFING_BENCH_COPIES", "2")
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("6 documents built"), "{}", stdout(&out));
    let files = files_in(&dir.path().join("out"));
    for kind in ["factsheet", "deck", "handout"] {
        for scope in ["air", "air-copy2"] {
            let name = format!("{kind}-{scope}-en.pdf");
            assert!(files.contains(&name), "{name} missing from {files:?}");
        }
    }
}
