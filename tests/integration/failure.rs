//! Failure safety: an interrupted build leaves no temporary or partial files;
//! a build in which some documents fail still writes the others, reports
//! every failure and lists only what was written.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;

/// Temporary files of `write_atomic` left in a folder.
fn leftovers(dir: &Path) -> Vec<String> {
    files_in(dir)
        .into_iter()
        .filter(|f| f.starts_with(".briefing-") && f.ends_with(".tmp"))
        .collect()
}

/// Every PDF in the folder is whole: a header and an end-of-file marker.
fn assert_whole_pdfs(dir: &Path) {
    for f in files_in(dir).into_iter().filter(|f| f.ends_with(".pdf")) {
        let bytes = std::fs::read(dir.join(&f)).expect("read");
        let tail = &bytes[bytes.len().saturating_sub(32)..];
        assert!(
            bytes.starts_with(b"%PDF-") && tail.windows(5).any(|w| w == b"%%EOF"),
            "{f} is not a whole PDF"
        );
    }
}

/// Starts a build of every document of the Nordhavn fixture, sends `signal`
/// as soon as anything appears in the output folder (a temporary file, most
/// likely), and checks what is left once the process has exited.
#[cfg(unix)]
fn interrupt_build(signal: &str, code: i32) {
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("out");
    std::fs::create_dir(&out).expect("mkdir");
    let fixture = fixture("nordhavn");
    let mut child = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["build", "--data"])
        .arg(&fixture)
        .args(["--out", "out", "--jobs", "1", "--quiet"])
        .current_dir(dir.path())
        .env_remove("SOURCE_DATE_EPOCH")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start briefing");
    let started = Instant::now();
    let mut sent = false;
    // Loop until the process has exited, whatever the timing.
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if !sent && (!files_in(&out).is_empty() || started.elapsed() > Duration::from_secs(60)) {
            let ok = Command::new("kill")
                .args([signal, &child.id().to_string()])
                .status()
                .expect("kill runs");
            assert!(ok.success());
            sent = true;
        }
        assert!(started.elapsed() < Duration::from_secs(300), "the build did not stop");
        std::thread::sleep(Duration::from_millis(1));
    };
    let err = child.wait_with_output().map(|o| stderr(&o)).unwrap_or_default();
    assert!(!err.contains("panicked"), "{err}");
    // It either stopped at the signal, or (on a very fast machine) finished first.
    assert!(status.code() == Some(code) || status.success(), "{status:?}\n{err}");
    assert_eq!(leftovers(&out), Vec::<String>::new(), "temporary files left after {signal}");
    assert_whole_pdfs(&out);
}

#[cfg(unix)]
#[test]
fn sigterm_leaves_no_temporary_files() {
    interrupt_build("-TERM", 143);
}

#[cfg(unix)]
#[test]
fn sigint_leaves_no_temporary_files() {
    interrupt_build("-INT", 130);
}

#[test]
fn failing_documents_do_not_stop_the_others() {
    let dir = copy_of_default_data();
    let d = dir.path();
    // Templates whose fact sheet fails for two of the four scopes.
    let templates = d.join("templates");
    copy_tree(&root().join("templates"), &templates);
    let factsheet = templates.join("factsheet.typ");
    let source = std::fs::read_to_string(&factsheet).expect("read");
    std::fs::write(
        &factsheet,
        format!(
            "#let scope = json(\"/generated/data.json\").document.scope\n\
             #if scope in (\"land\", \"sea\") {{ panic(\"no \" + scope) }}\n{source}"
        ),
    )
    .expect("write");
    std::fs::create_dir(d.join("out")).expect("mkdir");
    let out = run(
        d,
        &[
            "build",
            "--data",
            "data",
            "--templates",
            "templates",
            "--kind",
            "factsheet",
            "--lang",
            "en",
            "--out",
            "out",
        ],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked at"), "{err}");
    for failed in ["factsheet-land-en.pdf", "factsheet-sea-en.pdf"] {
        assert!(err.contains(&format!("{failed} was not built")), "{failed} not reported:\n{err}");
    }
    assert!(err.contains("no land") && err.contains("no sea"), "{err}");
    assert_eq!(
        files_in(&d.join("out")),
        ["SHA256SUMS", "factsheet-air-en.pdf", "factsheet-combined-en.pdf", "manifest.json"]
    );
    assert_whole_pdfs(&d.join("out"));
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.join("out/manifest.json")).expect("manifest"))
            .expect("JSON");
    let listed: Vec<&str> = manifest["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .map(|e| e["file"].as_str().expect("file"))
        .collect();
    assert_eq!(listed, ["factsheet-air-en.pdf", "factsheet-combined-en.pdf"]);
    let sums = std::fs::read_to_string(d.join("out/SHA256SUMS")).expect("sums");
    assert_eq!(sums.lines().count(), 2, "{sums}");
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let p = entry.expect("entry").path();
        let target = to.join(p.file_name().expect("name"));
        if p.is_dir() {
            copy_tree(&p, &target);
        } else {
            std::fs::copy(&p, &target).expect("copy");
        }
    }
}

#[test]
fn a_hostile_earlier_manifest_cannot_list_files_briefing_did_not_write() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    std::fs::create_dir(d.join("out")).expect("mkdir");
    std::fs::write(d.join("secret.txt"), "not a document").expect("write");
    std::fs::write(
        d.join("out/manifest.json"),
        r#"{"documents": [{"file": "../secret.txt", "sha256": "0"}, {"file": "/etc/passwd", "sha256": "0"}]}"#,
    )
    .expect("write");
    let out =
        run(d, &["build", "--kind", "factsheet", "--scope", "air", "--lang", "en", "--out", "out"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let manifest = std::fs::read_to_string(d.join("out/manifest.json")).expect("manifest");
    let sums = std::fs::read_to_string(d.join("out/SHA256SUMS")).expect("sums");
    for text in [&manifest, &sums] {
        assert!(!text.contains("secret") && !text.contains("passwd"), "{text}");
    }
    assert_eq!(sums.lines().count(), 1, "{sums}");
}
