//! `briefing watch`: rebuilds what changed, keeps the last good documents on errors.
//! No timing is asserted: waits are bounded polls.

use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use briefing::build::BuildConfig;
use briefing::build::Silent;
use briefing::build::session::Session;
use briefing::plan::{Kind, Selection};
use briefing::project::{DataSource, Inputs};
use briefing::typeset::world::TemplateSource;

use crate::common::*;

/// The figure edited in the tests: shown on the air fact sheet only.
const FIGURE: &str = "id = \"bap-rotations\"\nvalue = 16\n";
const CHANGED: &str = "id = \"bap-rotations\"\nvalue = 17\n";
const BROKEN: &str = "id = \"bap-rotations\"\nvalue = \"17\n";

fn sheets(data: &Path, out: &Path) -> BuildConfig {
    let inputs =
        Inputs { data: DataSource::Dir(data.to_path_buf()), templates: TemplateSource::Embedded };
    let selection = Selection {
        scopes: vec!["air".into(), "land".into()],
        kinds: vec![Kind::Factsheet],
        langs: vec!["en".into()],
        ..Selection::default()
    };
    BuildConfig { jobs: 2, ..BuildConfig::new(inputs, selection, out) }
}

fn written(r: &briefing::build::session::Rebuild) -> Vec<String> {
    let report = r.result.as_ref().unwrap_or_else(|d| panic!("{}", d.render()));
    let mut files: Vec<String> = report.files().map(str::to_owned).collect();
    files.sort();
    files
}

#[test]
fn a_rebuild_redoes_only_what_changed_and_keeps_the_last_good_pdf() {
    let dir = copy_of_default_data();
    let (data, out) = (dir.path().join("data"), dir.path().join("out"));
    let session = Session::new(sheets(&data, &out));

    let first = session.rebuild(&Silent);
    assert_eq!(written(&first), ["factsheet-air-en.pdf", "factsheet-land-en.pdf"]);
    let again = session.rebuild(&Silent);
    assert!(written(&again).is_empty() && again.unchanged == 2, "nothing changed");

    let air = out.join("factsheet-air-en.pdf");
    let before = std::fs::read(&air).expect("pdf");
    edit(&data.join("figures.toml"), FIGURE, CHANGED);
    let changed = session.rebuild(&Silent);
    assert_eq!(written(&changed), ["factsheet-air-en.pdf"], "only the air sheet shows the figure");
    assert_eq!(changed.unchanged, 1);
    let good = std::fs::read(&air).expect("pdf");
    assert_ne!(before, good, "the air sheet was rebuilt");

    edit(&data.join("figures.toml"), CHANGED, BROKEN);
    let broken = session.rebuild(&Silent);
    let err = broken.result.expect_err("a broken file fails the rebuild").render();
    assert!(err.contains("figures.toml:"), "the error is located:\n{err}");
    assert_eq!(std::fs::read(&air).expect("pdf"), good, "the last good PDF is kept");

    // A deleted output is rebuilt even though its inputs did not change.
    edit(&data.join("figures.toml"), BROKEN, CHANGED);
    std::fs::remove_file(&air).expect("rm");
    assert_eq!(written(&session.rebuild(&Silent)), ["factsheet-air-en.pdf"]);
}

#[test]
fn a_rebuilt_handout_equals_a_fresh_build() {
    let dir = copy_of_default_data();
    let (data, out) = (dir.path().join("data"), dir.path().join("out"));
    let handout = |out: &Path| {
        let inputs =
            Inputs { data: DataSource::Dir(data.clone()), templates: TemplateSource::Embedded };
        let selection = Selection {
            scopes: vec!["air".into()],
            kinds: vec![Kind::Handout],
            langs: vec!["en".into()],
            ..Selection::default()
        };
        BuildConfig::new(inputs, selection, out)
    };
    let session = Session::new(handout(&out));
    assert_eq!(written(&session.rebuild(&Silent)), ["handout-air-en.pdf"]);
    edit(&data.join("figures.toml"), FIGURE, CHANGED);
    assert_eq!(written(&session.rebuild(&Silent)), ["handout-air-en.pdf"]);
    // Slides laid out again from the kept cache make the same handout as a
    // build from scratch.
    let fresh = dir.path().join("fresh");
    briefing::build::build(&handout(&fresh)).unwrap_or_else(|d| panic!("{}", d.render()));
    let read = |d: &Path| std::fs::read(d.join("handout-air-en.pdf")).expect("pdf");
    assert!(read(&out) == read(&fresh), "the rebuilt handout differs from a fresh build");
}

/// The output of a running process, collected by a thread per stream
/// (also used by the `serve` tests).
pub struct Running {
    /// The process.
    pub child: Child,
    /// Its standard output so far.
    pub stdout: Arc<Mutex<String>>,
    /// Its standard error so far.
    pub stderr: Arc<Mutex<String>>,
}

impl Running {
    /// Starts briefing with `args` in `cwd`.
    pub fn spawn(cwd: &Path, args: &[&str]) -> Running {
        let mut child = Command::new(env!("CARGO_BIN_EXE_briefing"))
            .args(args)
            .current_dir(cwd)
            .env_remove("SOURCE_DATE_EPOCH")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("briefing starts");
        let collect = |mut stream: Box<dyn Read + Send>| {
            let text = Arc::new(Mutex::new(String::new()));
            let sink = text.clone();
            std::thread::spawn(move || {
                let mut buf = [0u8; 4096];
                while let Ok(n) = stream.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    sink.lock().expect("lock").push_str(&String::from_utf8_lossy(&buf[..n]));
                }
            });
            text
        };
        let stdout = collect(Box::new(child.stdout.take().expect("stdout")));
        let stderr = collect(Box::new(child.stderr.take().expect("stderr")));
        Running { child, stdout, stderr }
    }

    /// Waits (at most a minute) until `done` holds, failing with the output otherwise.
    pub fn wait_for(&mut self, what: &str, done: impl Fn(&str, &str) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let (out, err) = (
                self.stdout.lock().expect("lock").clone(),
                self.stderr.lock().expect("lock").clone(),
            );
            if done(&out, &err) {
                return;
            }
            let exited = self.child.try_wait().expect("try_wait").is_some();
            if exited || Instant::now() > deadline {
                panic!(
                    "waiting for {what}: {}\nstdout:\n{out}\nstderr:\n{err}",
                    if exited { "briefing exited" } else { "timed out" }
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn watch_rebuilds_on_change_and_shows_errors_without_touching_the_pdf() {
    let dir = copy_of_default_data();
    let d = dir.path();
    let pdf = d.join("out/factsheet-air-en.pdf");
    let mut watch = Running::spawn(
        d,
        &["watch", "--scope", "air", "--kind", "factsheet", "--lang", "en", "--out", "out"],
    );
    watch.wait_for("the first build", |out, _| out.contains("watching data"));
    let first = std::fs::read(&pdf).expect("the first build wrote the PDF");

    edit(&d.join("data/figures.toml"), FIGURE, CHANGED);
    watch.wait_for("the rebuild", |out, _| out.contains("rebuilt 1 document"));
    let second = std::fs::read(&pdf).expect("pdf");
    assert_ne!(first, second, "the PDF was rebuilt");
    assert!(watch.stdout.lock().expect("lock").contains("changed: data/figures.toml"));

    edit(&d.join("data/figures.toml"), CHANGED, BROKEN);
    watch.wait_for("the error", |out, err| out.contains("failed") && err.contains("figures.toml:"));
    assert_eq!(std::fs::read(&pdf).expect("pdf"), second, "the last good PDF is kept");
    assert!(!watch.stderr.lock().expect("lock").contains("panicked"));
}

#[test]
fn watch_without_folders_says_there_is_nothing_to_watch() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = run(dir.path(), &["watch"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("nothing to watch"), "{}", stderr(&out));
}
