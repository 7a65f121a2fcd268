//! Every output file of a fixed set of builds, against committed checksums.
//!
//! The checksums in `tests/snapshots/outputs.sha256` change only by intent:
//! a restructuring must leave them alone, a change to the documents rewrites
//! them with `BRIEFING_BLESS=1 cargo test --test integration golden` and the
//! diff shows which files moved.

use std::path::Path;

use sha2::Digest;

use crate::common::{fixture, root, run, stderr};

/// The builds whose outputs are pinned: (folder under the run, arguments).
fn builds() -> Vec<(&'static str, Vec<String>)> {
    let nordhavn = fixture("nordhavn").display().to_string();
    let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    vec![
        // The whole default matrix: every kind, scope and language.
        ("default", args(&["build", "--out", "default", "--quiet"])),
        // A marked audience with draft marks and portion marks.
        (
            "internal",
            args(&[
                "build",
                "--out",
                "internal",
                "--quiet",
                "--audience",
                "internal",
                "--scope",
                "combined",
                "--scope",
                "air",
                "--draft",
                "--portion-marks",
            ]),
        ),
        // The briefer's handout, and page images of every kind.
        (
            "notes",
            args(&[
                "build",
                "--out",
                "notes",
                "--quiet",
                "--kind",
                "handout",
                "--scope",
                "sea",
                "--lang",
                "fr",
                "--handout-layout",
                "notes",
            ]),
        ),
        (
            "images",
            args(&[
                "build",
                "--out",
                "images",
                "--quiet",
                "--scope",
                "land",
                "--lang",
                "nl",
                "--format",
                "pdf,png,svg,thumb",
                "--ppi",
                "30",
            ]),
        ),
        // Another nation's dataset, all of it.
        (
            "nordhavn",
            vec![
                "build".into(),
                "--out".into(),
                "nordhavn".into(),
                "--quiet".into(),
                "--data".into(),
                nordhavn,
            ],
        ),
    ]
}

fn sha256_hex(bytes: &[u8]) -> String {
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// `sha  folder/file` for every file under `dir`, sorted.
fn checksums(dir: &Path, folder: &str) -> Vec<String> {
    let mut lines = Vec::new();
    for entry in std::fs::read_dir(dir.join(folder)).expect("output folder") {
        let path = entry.expect("entry").path();
        let name = path.file_name().expect("name").to_string_lossy().into_owned();
        let bytes = std::fs::read(&path).expect("output file");
        lines.push(format!("{}  {folder}/{name}", sha256_hex(&bytes)));
    }
    lines.sort_by(|a, b| a[66..].cmp(&b[66..]));
    lines
}

#[test]
fn outputs_match_committed_checksums() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut lines = Vec::new();
    for (folder, args) in builds() {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = run(dir.path(), &args);
        assert!(out.status.success(), "{folder}: {}", stderr(&out));
        lines.extend(checksums(dir.path(), folder));
    }
    let actual = lines.join("\n") + "\n";
    let pinned = root().join("tests/snapshots/outputs.sha256");
    if std::env::var_os("BRIEFING_BLESS").is_some() {
        std::fs::create_dir_all(pinned.parent().expect("parent")).expect("mkdir");
        std::fs::write(&pinned, &actual).expect("write snapshot");
        return;
    }
    let expected = std::fs::read_to_string(&pinned).unwrap_or_default();
    if actual != expected {
        let want: Vec<&str> = expected.lines().collect();
        let changed: Vec<&str> = actual.lines().filter(|l| !want.contains(l)).collect();
        panic!(
            "{} of {} output files differ from tests/snapshots/outputs.sha256:\n{}\n\
             (rewrite the snapshot with BRIEFING_BLESS=1 only when the change is intended)",
            changed.len(),
            actual.lines().count(),
            changed.join("\n")
        );
    }
}
