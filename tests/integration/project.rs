//! A project that knows where it is: briefing.toml found from any folder of
//! the project, its profiles kept apart, `init`, `clean`, `--open`, the CI
//! recipe of docs/ci.md, usage exit codes, manual pages and completions.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::*;

/// A small selection, so each build here takes seconds.
const ONE: &[&str] = &["--scope", "air", "--lang", "en", "--kind", "factsheet", "-j", "1"];

/// `briefing init proj` in a fresh folder: the folder and the project in it.
fn project() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tmp");
    let out = run(dir.path(), &["init", "proj"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let proj = dir.path().join("proj");
    (dir, proj)
}

fn args<'a>(first: &[&'a str], then: &[&'a str]) -> Vec<&'a str> {
    first.iter().chain(then).copied().collect()
}

fn manifest(dir: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).expect("manifest"))
        .expect("JSON")
}

fn files_of(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn an_empty_folder_builds_the_sample_and_says_so_in_one_line() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = run(dir.path(), &args(&["build"], ONE));
    assert!(out.status.success(), "{}", stderr(&out));
    let note = "no briefing.toml or data/ here: building the built-in sample dataset";
    assert_eq!(stderr(&out).matches(note).count(), 1, "{}", stderr(&out));
    assert!(dir.path().join("out/factsheet-air-en.pdf").is_file());
    // With a dataset in ./data, no such note.
    let data = copy_of_default_data();
    let out = run(data.path(), &args(&["build"], ONE));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains(note), "{}", stderr(&out));
}

#[test]
fn inside_a_project_every_folder_builds_the_projects_data_into_its_output_folder() {
    let (_dir, proj) = project();
    let out = run(&proj.join("data"), &args(&["build"], ONE));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("built-in sample"), "{}", stderr(&out));
    assert!(proj.join("out/factsheet-air-en.pdf").is_file(), "into the project's out/");
    assert!(!proj.join("data/out").exists(), "never into the folder the command ran in");
    // It is the project's own data that is read: a mistake in it is reported, with its path.
    edit(&proj.join("data/dataset.toml"), "[dataset]", "[dataset]\ncontry = \"x\"");
    let out = run(&proj.join("templates/i18n"), &args(&["build"], ONE));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("unknown field `contry`"), "{err}");
    assert!(err.contains("../../data/dataset.toml:"), "named from where it ran: {err}");
}

#[test]
fn profiles_build_into_folders_of_their_own_and_never_mix_audiences() {
    let (_dir, proj) = project();
    let out = run(&proj.join("data"), &args(&["build", "--profile", "internal"], ONE));
    assert!(out.status.success(), "{}", stderr(&out));
    let internal = proj.join("out/internal");
    assert!(internal.join("factsheet-air-en-internal.pdf").is_file(), "{:?}", files_of(&internal));
    assert_eq!(manifest(&internal)["documents"][0]["audience"], "internal");
    // The public profile aimed at the internal folder is refused before anything is written.
    let before = files_of(&internal);
    let out = run(&proj, &args(&["build", "--profile", "public", "--out", "out/internal"], ONE));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("one folder, one audience"), "{}", stderr(&out));
    assert_eq!(files_of(&internal), before);
    // Flags win over the profile: the public profile, another audience, another folder.
    let out = run(&proj, &args(&["build", "--profile", "public", "--out", "elsewhere"], ONE));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(proj.join("elsewhere/factsheet-air-en.pdf").is_file());
    // The environment names the profile as the flag does.
    let out = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(args(&["build"], ONE))
        .current_dir(&proj)
        .env("BRIEFING_PROFILE", "public")
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(manifest(&proj.join("out/public"))["documents"][0]["audience"], "public");
}

#[test]
fn the_project_file_is_read_strictly_and_profiles_are_checked() {
    let (_dir, proj) = project();
    let file = proj.join("briefing.toml");
    edit(&file, "strict = true", "strcit = true");
    let out = run(&proj, &["validate"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("unknown field `strcit`"), "{err}");
    assert!(err.contains("did you mean `strict`?"), "{err}");
    assert!(err.contains("briefing.toml:15:1"), "{err}");
    edit(&file, "strcit = true", "strict = true");
    edit(&file, "format = [\"pdf\"]", "format = [\"pfd\"]");
    let out = run(&proj, &args(&["build", "--profile", "public"], ONE));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("unknown format `pfd`"), "{}", stderr(&out));
    assert!(stderr(&out).contains("did you mean `pdf`?"), "{}", stderr(&out));
    let out = run(&proj, &["build", "--profile", "internl"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("did you mean `internal`?"), "{}", stderr(&out));
    let dir = tempfile::tempdir().expect("tmp");
    let out = run(dir.path(), &["build", "--profile", "public"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("there is no briefing.toml"), "{}", stderr(&out));
}

#[test]
fn init_writes_the_project_file_a_gitignore_and_pointers_an_installed_binary_has() {
    let (dir, proj) = project();
    let toml = std::fs::read_to_string(proj.join("briefing.toml")).expect("project file");
    assert!(toml.contains("[profile.public]") && toml.contains("[profile.internal]"), "{toml}");
    let ignore = std::fs::read_to_string(proj.join(".gitignore")).expect(".gitignore");
    assert!(ignore.lines().any(|l| l == "/out/"), "{ignore}");
    let readme = std::fs::read_to_string(proj.join("README.md")).expect("README");
    assert!(!readme.contains("docs/dataset.md"), "{readme}");
    for topic in ["project", "dataset"] {
        assert!(readme.contains(&format!("briefing help-topic {topic}")), "{readme}");
        let out = run(dir.path(), &["help-topic", topic]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(stdout(&out).len() > 1000, "{topic}: {}", stdout(&out));
    }
    let out = run(dir.path(), &["help-topic", "project"]);
    assert!(stdout(&out).contains("Which setting wins"), "{}", stdout(&out));
    let out = run(&proj, &["list", "--profiles"]);
    assert_eq!(stdout(&out), "internal\npublic\n");
    // A second init into it is refused, for the project file too.
    std::fs::remove_dir_all(proj.join("data")).expect("rm");
    std::fs::remove_dir_all(proj.join("templates")).expect("rm");
    let again = run(dir.path(), &["init", "proj"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("briefing.toml already exists"), "{}", stderr(&again));
}

#[test]
fn clean_removes_what_the_manifest_lists_and_leaves_the_users_files() {
    let (_dir, proj) = project();
    let build = args(&["build", "--kind", "factsheet,deck", "--format", "pdf,thumb"], &ONE[..4]);
    let first = run(&proj, &build);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(!stdout(&first).contains("changed"), "a first build has nothing to compare");
    let again = run(&proj, &build);
    assert!(stdout(&again).contains(": 0 changed, 2 unchanged"), "{}", stdout(&again));
    let out = proj.join("out");
    assert!(out.join("deck-air-en.pdfpc").is_file());
    std::fs::write(out.join("notes.txt"), "mine").expect("stray file");
    let cleaned = run(&proj, &["clean"]);
    assert!(cleaned.status.success(), "{}", stderr(&cleaned));
    assert_eq!(files_of(&out), ["notes.txt"], "{}", stdout(&cleaned));
    // Without a manifest there is nothing to remove.
    let twice = run(&proj, &["clean"]);
    assert!(stdout(&twice).contains("nothing to clean"), "{}", stdout(&twice));
    assert_eq!(files_of(&out), ["notes.txt"]);
}

#[cfg(unix)]
#[test]
fn open_hands_the_built_documents_to_the_opener() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, proj) = project();
    let opener = dir.path().join("opener.sh");
    let log = dir.path().join("opened.txt");
    std::fs::write(&opener, format!("#!/bin/sh\necho \"$@\" > '{}'\n", log.display()))
        .expect("script");
    std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let out = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(args(&["build", "--open"], ONE))
        .current_dir(&proj)
        .env("BRIEFING_OPENER", &opener)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", stderr(&out));
    let opened = std::fs::read_to_string(&log).expect("the opener ran");
    assert!(opened.trim().ends_with("out/factsheet-air-en.pdf"), "{opened}");
}

/// The YAML block of docs/ci.md.
fn ci_workflow() -> serde_yaml::Value {
    let doc = std::fs::read_to_string(root().join("docs/ci.md")).expect("docs/ci.md");
    let yaml = doc.split("```yaml\n").nth(1).and_then(|r| r.split("```").next()).expect("YAML");
    serde_yaml::from_str(yaml).expect("docs/ci.md's workflow is YAML")
}

#[test]
fn the_ci_recipe_publishes_only_the_public_folder() {
    let workflow = ci_workflow();
    let jobs = workflow["jobs"].as_mapping().expect("jobs");
    let mut releases = 0;
    let mut builds = Vec::new();
    for (name, job) in jobs {
        for step in job["steps"].as_sequence().expect("steps") {
            let run_text = step["run"].as_str().unwrap_or_default();
            builds.extend(
                run_text.lines().map(str::trim).filter(|l| l.starts_with("briefing build")),
            );
            let uses = step["uses"].as_str().unwrap_or_default();
            if uses.starts_with("softprops/action-gh-release") {
                releases += 1;
                let files = step["with"]["files"].as_str().expect("files");
                assert!(files.lines().all(|f| f.trim().starts_with("out/public/")), "{files}");
                assert_eq!(job["permissions"]["contents"], "write", "{name:?}");
            }
            if uses.starts_with("actions/upload-artifact") {
                let path = step["with"]["path"].as_str().expect("path");
                let private = step["if"].as_str() == Some("github.event.repository.private");
                assert!(path.starts_with("out/public") || private, "{name:?} uploads {path}");
            }
        }
    }
    assert_eq!(releases, 1);
    assert_eq!(workflow["permissions"]["contents"], "read", "read-only unless a job says more");
    // Every build names a profile, and the profiles of `init` write into folders of their own.
    assert_eq!(builds.len(), 2, "{builds:?}");
    assert!(builds.iter().all(|b| b.contains("--profile ")), "{builds:?}");
    let (_dir, proj) = project();
    for build in &builds {
        let words: Vec<&str> = build.split_whitespace().skip(1).collect();
        let out = run(&proj, &args(&words, ONE));
        assert!(out.status.success(), "{build}: {}", stderr(&out));
    }
    let public = manifest(&proj.join("out/public"));
    let internal = manifest(&proj.join("out/internal"));
    assert_eq!(public["documents"][0]["audience"], "public");
    assert_eq!(internal["documents"][0]["audience"], "internal");
}

#[test]
fn sha256sums_lists_every_file_the_build_wrote() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = run(
        dir.path(),
        &[
            "build",
            "--scope",
            "air",
            "--lang",
            "en",
            "--kind",
            "factsheet,deck",
            "--format",
            "pdf,png,svg,pptx,html",
            "--ppi",
            "20",
            "--out",
            "out",
            "-q",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = dir.path().join("out");
    let sums = std::fs::read_to_string(out.join("SHA256SUMS")).expect("SHA256SUMS");
    let mut listed: Vec<String> = sums.lines().map(|l| l[66..].to_owned()).collect();
    listed.sort();
    let mut written = files_of(&out);
    written.retain(|f| f != "SHA256SUMS" && f != "manifest.json");
    assert_eq!(listed, written);
    for ext in [".pdfpc", ".pptx", ".html", ".png", ".svg"] {
        assert!(listed.iter().any(|f| f.ends_with(ext)), "{ext}: {listed:?}");
    }
}

fn code(out: &Output) -> Option<i32> {
    out.status.code()
}

#[test]
fn every_usage_error_exits_2_with_a_plain_message() {
    let dir = tempfile::tempdir().expect("tmp");
    for (argv, said) in [
        (&["build", "--jobs", "0"][..], "give 1 or more"),
        (&["build", "-j", "0"][..], "give 1 or more"),
        (&["build", "--scope", "nosuch"][..], "unknown scope `nosuch`"),
        (&["build", "--scope", "ai"][..], "did you mean `air`?"),
        (&["build", "--lang", ""][..], "--lang"),
        (&["list", "--lang", "e"][..], "did you mean `en`?"),
        (&["list", "--audience", "internl"][..], "did you mean `internal`?"),
        (&["clean", "--profile", "public"][..], "there is no briefing.toml"),
    ] {
        let out = run(dir.path(), argv);
        assert_eq!(code(&out), Some(2), "{argv:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(said), "{argv:?}: {}", stderr(&out));
    }
    for value in ["", "yesterday"] {
        let out = Command::new(env!("CARGO_BIN_EXE_briefing"))
            .args(["build", "--scope", "air"])
            .current_dir(dir.path())
            .env("SOURCE_DATE_EPOCH", value)
            .output()
            .expect("runs");
        assert_eq!(code(&out), Some(2), "{}", stderr(&out));
        assert!(stderr(&out).contains("SOURCE_DATE_EPOCH="), "{}", stderr(&out));
    }
    assert!(!dir.path().join("out").exists(), "a usage error wrote nothing");
}

#[test]
fn man_writes_a_page_per_subcommand_with_exit_status_environment_and_examples() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = run(dir.path(), &["man", "--out", "man"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let man = dir.path().join("man");
    for sub in ["", "-build", "-watch", "-serve", "-validate", "-list", "-init", "-clean", "-man"] {
        let page = std::fs::read_to_string(man.join(format!("briefing{sub}.1")))
            .unwrap_or_else(|_| panic!("briefing{sub}.1 in {:?}", files_of(&man)));
        for section in [".SH \"EXIT STATUS\"", ".SH ENVIRONMENT", ".SH EXAMPLES"] {
            assert!(page.contains(section), "briefing{sub}.1 lacks {section}");
        }
        assert!(page.contains("SOURCE_DATE_EPOCH"), "briefing{sub}.1");
    }
    let build = std::fs::read_to_string(man.join("briefing-build.1")).expect("page");
    assert!(build.contains("\\-\\-profile"), "options of build are on its page");
    assert!(build.contains("briefing build \\-\\-profile internal"), "{build}");
    assert!(!build.contains(".SH EXTRA"), "examples are under EXAMPLES");
}

#[test]
fn completions_offer_the_current_projects_scopes_languages_audiences_and_profiles() {
    let (_dir, proj) = project();
    let out = run(&proj, &["completions", "bash"]);
    let script = stdout(&out);
    for list in ["--scopes", "--langs", "--audiences", "--profiles"] {
        assert!(
            script.contains(&format!("compgen -W \"$(briefing list {list} 2>/dev/null)\"")),
            "bash: {list}"
        );
    }
    let fish = stdout(&run(&proj, &["completions", "fish"]));
    assert!(fish.contains("-l scope") && fish.contains("(briefing list --scopes 2>/dev/null)"));
    let zsh = stdout(&run(&proj, &["completions", "zsh"]));
    assert!(zsh.contains(":SCOPE:{compadd -- $(briefing list --scopes 2>/dev/null)}"));
    // What the scripts ask for, from a folder inside the project.
    let data = proj.join("data");
    assert_eq!(stdout(&run(&data, &["list", "--scopes"])), "land\nair\nsea\ncombined\n");
    assert_eq!(stdout(&run(&data, &["list", "--langs"])), "en\nnl\nfr\nde\n");
    assert_eq!(stdout(&run(&data, &["list", "--audiences"])), "public\ninternal\nrestricted\n");
    assert_eq!(stdout(&run(&data, &["list", "--profiles"])), "internal\npublic\n");
}
