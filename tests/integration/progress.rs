//! Progress output: one plain line per document when not on a terminal or in
//! CI, a summary at the end, nothing but errors with `--quiet`.

use std::process::Command;

use crate::common::*;

#[test]
fn plain_lines_in_ci_and_nothing_when_quiet() {
    let dir = tempfile::tempdir().expect("tmp");
    let build = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_briefing"))
            .args([
                "build",
                "--scope",
                "air,sea",
                "--kind",
                "factsheet",
                "--lang",
                "en",
                "--out",
                "out",
            ])
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
