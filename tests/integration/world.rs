//! The Typst world serves templates, fonts and generated files only.

use crate::common::*;

/// A templates folder whose `factsheet.typ` is `source`.
fn templates_with(source: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tmp");
    let t = dir.path().join("templates");
    std::fs::create_dir_all(t.join("i18n")).expect("mkdir");
    std::fs::copy(root().join("templates/i18n/en.toml"), t.join("i18n/en.toml")).expect("copy");
    std::fs::write(t.join("factsheet.typ"), source).expect("write");
    dir
}

fn build_with(dir: &std::path::Path) -> (Option<i32>, String) {
    let out = run(
        dir,
        &["build", "--templates", "templates", "--scope", "air", "--lang", "en", "--out", "out"],
    );
    (out.status.code(), stderr(&out))
}

#[test]
fn template_errors_are_located_like_typst_cli() {
    let dir = templates_with("#let data = json(\"/generated/data.json\")\n\n#let x = (1 + )\n");
    let (code, err) = build_with(dir.path());
    assert_eq!(code, Some(1));
    assert!(err.contains("templates/factsheet.typ:3:"), "{err}");
    assert!(err.contains("#let x = (1 + )"), "the line is shown:\n{err}");
    assert!(err.contains("factsheet-air-en.pdf was not built"), "{err}");
    assert!(files_in(&dir.path().join("out")).is_empty());
}

#[test]
fn templates_cannot_read_outside_their_folder() {
    for path in ["/etc/passwd", "../../../../../../etc/passwd"] {
        let dir = templates_with(&format!("#read(\"{path}\")\n"));
        let (code, err) = build_with(dir.path());
        assert_eq!(code, Some(1), "{path} was readable");
        assert!(!err.contains("root:"), "{err}");
        assert!(files_in(&dir.path().join("out")).is_empty());
    }
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_templates_folder_are_refused() {
    let dir = templates_with("#read(\"/leak.txt\")\n");
    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, "top secret").expect("write");
    std::os::unix::fs::symlink(&secret, dir.path().join("templates/leak.txt")).expect("symlink");
    let (code, err) = build_with(dir.path());
    assert_eq!(code, Some(1));
    assert!(err.contains("outside the templates folder"), "{err}");
}

#[test]
fn package_imports_fail_with_an_offline_message() {
    let dir = templates_with("#import \"@preview/cetz:0.3.4\": canvas\n");
    let (code, err) = build_with(dir.path());
    assert_eq!(code, Some(1));
    assert!(err.contains("offline"), "{err}");
    assert!(err.contains("templates/factsheet.typ:1:"), "{err}");
}
