//! The hostile-input corpus of `tests/hostile/cases/`: every case runs through
//! the real binary and must end as its `case.toml` says — a clear error with
//! its message and `file:line:col`, exit code 1, no panic and nothing written
//! or changed in the output folder; or, for inputs that are fine, a build.
//! Every failing case is reported at once.
//!
//! A case is a folder with `case.toml` and, optionally, `data/` files that
//! replace or join those of the minimal dataset `tests/hostile/minimal/`, and
//! `templates/` files that replace those of the default templates. What
//! cannot be committed (huge files, invalid UTF-8, links, unwritable folders)
//! is made at run time by the generator the case names.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use briefing::plan::{HandoutLayout, Kind};
use briefing::project::DataSource;
use briefing::typeset::world::TemplateSource;

use crate::common::*;

/// What a case runs.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
enum Run {
    /// `briefing validate --data data`.
    #[default]
    Validate,
    /// `briefing build --kind factsheet --scope air --out out` (kind and scope as the case says).
    Build,
    /// `briefing charts --out out`.
    Charts,
}

/// How a case must end.
#[derive(Debug, Clone, Copy, PartialEq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
enum Expect {
    /// Exit 1 with the message at the location; the output folder untouched.
    Error,
    /// Exit 0.
    Builds,
}

/// `case.toml`.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    /// What the case feeds briefing.
    about: String,
    #[serde(default)]
    command: Run,
    /// Name of a run-time generator.
    generate: Option<String>,
    /// Files of the minimal dataset to leave out.
    #[serde(default)]
    remove: Vec<String>,
    expect: Expect,
    /// Fragments the error output must contain.
    #[serde(default)]
    message: Vec<String>,
    /// `file:line:col` of the error, or `-` for problems with no file.
    at: Option<String>,
    /// Strings the laid-out documents must show literally.
    #[serde(default)]
    literal: Vec<String>,
    /// Strings that must not appear in any output (leaked file contents).
    #[serde(default)]
    forbid: Vec<String>,
    /// Environment variables the run gets (small budgets, so a case ends fast).
    #[serde(default)]
    env: std::collections::BTreeMap<String, String>,
    /// `build`: the kinds and scopes to build instead of the fact sheet of `air`
    /// (`"factsheet,deck"`, `"air,combined"`), for cases about several documents.
    kind: Option<String>,
    scope: Option<String>,
}

/// The earlier content of the output folder, which a failing run must leave as it is.
const EARLIER: (&str, &[u8]) = ("earlier.pdf", b"earlier output");

fn hostile() -> PathBuf {
    root().join("tests/hostile")
}

/// Copies every file below `from` into `to`, replacing what is there.
fn overlay(from: &Path, to: &Path) {
    let Ok(entries) = std::fs::read_dir(from) else { return };
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in entries {
        let p = entry.expect("entry").path();
        let target = to.join(p.file_name().expect("name"));
        if p.is_dir() {
            overlay(&p, &target);
        } else {
            std::fs::copy(&p, &target).expect("copy");
        }
    }
}

/// The folder a case runs in: `data/`, maybe `templates/`, and `out/` holding earlier output.
struct Setup {
    dir: tempfile::TempDir,
    /// `--data` argument.
    data: String,
    /// `--out` argument.
    out: String,
    /// The folder whose content must not change, if the case can check it.
    watched: Option<PathBuf>,
    /// Why the case was skipped, if it was.
    skipped: Option<String>,
}

fn prepare(name: &str, case: &Case) -> Setup {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    overlay(&hostile().join("minimal"), &d.join("data"));
    for f in &case.remove {
        std::fs::remove_file(d.join("data").join(f)).expect("remove a minimal file");
    }
    let src = hostile().join("cases").join(name);
    overlay(&src.join("data"), &d.join("data"));
    if src.join("templates").is_dir() {
        overlay(&root().join("templates"), &d.join("templates"));
        overlay(&src.join("templates"), &d.join("templates"));
    }
    std::fs::create_dir(d.join("out")).expect("mkdir out");
    std::fs::write(d.join("out").join(EARLIER.0), EARLIER.1).expect("write");
    let mut setup = Setup {
        data: "data".into(),
        out: "out".into(),
        watched: Some(d.join("out")),
        skipped: None,
        dir,
    };
    if let Some(g) = &case.generate {
        generate(g, &mut setup);
    }
    setup
}

/// Deterministic bytes for the garbage cases.
fn noise(n: usize, mut seed: u64) -> Vec<u8> {
    (0..n)
        .map(|_| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 56) as u8
        })
        .collect()
}

/// Rewrites every file of the minimal dataset in `data` with `f`.
fn rewrite_all(data: &Path, f: impl Fn(&str) -> Vec<u8>) {
    for entry in std::fs::read_dir(data).expect("data") {
        let p = entry.expect("entry").path();
        let text = std::fs::read_to_string(&p).expect("read");
        std::fs::write(&p, f(&text)).expect("write");
    }
}

fn generate(name: &str, s: &mut Setup) {
    let d = s.dir.path().to_path_buf();
    let data = d.join("data");
    let write = |rel: &str, bytes: &[u8]| std::fs::write(data.join(rel), bytes).expect("write");
    match name {
        "missing-data-folder" => s.data = "nowhere".into(),
        "invalid-utf8" => {
            let text = std::fs::read_to_string(data.join("facts.toml")).expect("read");
            write(
                "facts.toml",
                &text.replacen("First rotation", "First\u{0}\u{0}", 1).into_bytes(),
            );
            // Two bytes that no UTF-8 text holds, inside the event title (line 13).
            let mut bytes = std::fs::read(data.join("facts.toml")).expect("read");
            let at = bytes.iter().position(|&b| b == 0).expect("marker");
            bytes[at] = 0xff;
            bytes[at + 1] = 0xfe;
            write("facts.toml", &bytes);
        }
        "binary-garbage" => {
            // An ELF header: 24 bytes of ASCII, then bytes that are not UTF-8.
            let mut bytes = b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x3e\x00\x01\x00\x00\x00".to_vec();
            bytes.extend([0xc0, 0x8a]);
            bytes.extend(noise(4096, 8));
            write("garbage.toml", &bytes);
        }
        "utf16" => {
            let mut bytes = vec![0xff, 0xfe];
            for u in "[[country]]\nid = \"UT\"\nname = \"Utf\"\n".encode_utf16() {
                bytes.extend(u.to_le_bytes());
            }
            write("extra.toml", &bytes);
        }
        "bom" => rewrite_all(&data, |t| format!("\u{feff}{t}").into_bytes()),
        "bom-error" => {
            let text = std::fs::read_to_string(data.join("dataset.toml")).expect("read");
            write("dataset.toml", format!("\u{feff}[datset]\nid = \"x\"\n\n{text}").as_bytes());
        }
        "crlf" => rewrite_all(&data, |t| t.replace('\n', "\r\n").into_bytes()),
        "crlf-error" => rewrite_all(&data, |t| {
            t.replacen("heading = ", "headline = ", 1).replace('\n', "\r\n").into_bytes()
        }),
        "huge-file" => {
            // Sparse: 60 MB on paper, nothing on disk; briefing must not read it all.
            let f = std::fs::File::create(data.join("huge.toml")).expect("create");
            f.set_len(60 * 1024 * 1024).expect("set_len");
        }
        "long-string" => write(
            "extra.toml",
            format!(
                "[[event]]\nid = \"ev-long\"\ndate = 2020\ntitle = \"{}\"\n",
                "x".repeat(20_000)
            )
            .as_bytes(),
        ),
        "many-items" => {
            // 10,001 events of 4 lines each. The files read before this one
            // (charts.toml, dataset.toml) hold 5 items, so item 10,001 is the
            // 9,996th event here, on line 39,981.
            let text: String = (0..10_001)
                .map(|i| format!("[[event]]\nid = \"ev-{i}\"\ndate = 2020\ntitle = \"E\"\n"))
                .collect();
            write("extra.toml", text.as_bytes());
        }
        "long-list" => {
            let text = std::fs::read_to_string(data.join("operations.toml")).expect("read");
            let list = vec!["\"Jet\""; 1001].join(", ");
            write(
                "operations.toml",
                text.replacen("[\"Fighter jets\"]", &format!("[{list}]"), 1).as_bytes(),
            );
        }
        "many-dangling-references" => {
            // Each dangling reference is checked against every base: this
            // must stay fast, and the output short. Every item names its
            // source, so only the dangling references are reported.
            let bases = (0..1500).map(|i| {
                format!("[[base]]\nid = \"base-{i:04}\"\nname = \"B\"\ncountry = \"HX\"\nsource = \"mn-report\"\n")
            });
            let rotations = (0..1500).map(|i| {
                format!(
                    "[[rotation]]\noperation = \"op-guard\"\nbase = \"bxse-{i:04}\"\ncount = 1\nsource = \"mn-report\"\n"
                )
            });
            write("extra.toml", bases.chain(rotations).collect::<String>().as_bytes());
        }
        // The minimal dataset's one rotation (at `hx-base`) and n - 1 more, each at a base of its own.
        bars if bars.starts_with("bars-") => {
            let n: usize = bars["bars-".len()..].parse().expect("bars-<n>");
            let text: String = (1..n)
                .map(|i| {
                    format!(
                        "[[base]]\nid = \"b-{i:04}\"\nname = \"Base {i}\"\ncountry = \"HX\"\nsource = \"mn-report\"\n\n\
                         [[rotation]]\noperation = \"op-guard\"\nbase = \"b-{i:04}\"\ncount = {i}\nsource = \"mn-report\"\n\n"
                    )
                })
                .collect();
            write("extra.toml", text.as_bytes());
        }
        "very-deep-nesting" => {
            write("extra.toml", format!("x = {}\n", "[".repeat(100_000)).as_bytes())
        }
        "too-many-files" => {
            for i in 0..1001 {
                write(&format!("zz-{i:04}.toml"), b"# empty\n");
            }
        }
        #[cfg(unix)]
        "symlink-outside" => {
            std::fs::write(d.join("secret.toml"), "top secret = 1\n").expect("write");
            std::os::unix::fs::symlink(d.join("secret.toml"), data.join("linked.toml"))
                .expect("symlink");
        }
        #[cfg(unix)]
        "fifo-in-templates" => {
            let pipe = d.join("templates/lib/pipe.typ");
            let made = std::process::Command::new("mkfifo").arg(&pipe).status();
            assert!(made.is_ok_and(|s| s.success()), "mkfifo {}", pipe.display());
        }
        #[cfg(unix)]
        "symlink-passwd" => {
            std::os::unix::fs::symlink("/etc/passwd", data.join("passwd.toml")).expect("symlink")
        }
        #[cfg(unix)]
        "symlink-inside" => {
            std::fs::create_dir(data.join("parts")).expect("mkdir");
            std::fs::write(
                data.join("parts/extra-country.toml"),
                "[[country]]\nid = \"LK\"\nname = \"Linkland\"\n",
            )
            .expect("write");
            std::os::unix::fs::symlink("parts/extra-country.toml", data.join("linked.toml"))
                .expect("symlink");
        }
        #[cfg(unix)]
        "template-symlink-outside" => {
            std::fs::write(d.join("secret.txt"), "top secret").expect("write");
            std::os::unix::fs::symlink(d.join("secret.txt"), d.join("templates/leak.txt"))
                .expect("symlink");
        }
        "out-is-file" => s.out = format!("out/{}", EARLIER.0),
        "out-under-file" => s.out = format!("out/{}/sub", EARLIER.0),
        "out-target-is-folder" => {
            std::fs::create_dir(d.join("out/factsheet-air-en.pdf")).expect("mkdir")
        }
        "out-unwritable" => unwritable_out(s),
        other => s.skipped = Some(format!("generator `{other}` is not available on this platform")),
    }
}

/// An output folder no one may write into. Tests may run as root, who may
/// write anywhere `chmod` forbids; then `/proc/self`, which even root cannot
/// create files in, stands in (Linux); elsewhere the case is skipped.
fn unwritable_out(s: &mut Setup) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let out = s.dir.path().join("out");
        std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o555)).expect("chmod");
        if std::fs::write(out.join("probe"), b"").is_err() {
            return;
        }
        std::fs::remove_file(out.join("probe")).expect("remove probe");
        std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        if Path::new("/proc/self").is_dir() && std::fs::write("/proc/self/probe", b"").is_err() {
            eprintln!(
                "note: running as root; /proc/self stands in for an unwritable output folder"
            );
            s.out = "/proc/self".into();
            s.watched = None;
            return;
        }
    }
    s.skipped = Some("no unwritable folder available (root, without /proc)".into());
}

/// Runs the binary with a time limit, so a hang is a failure rather than a stuck suite.
fn run_limited(
    cwd: &Path,
    args: &[String],
    env: &std::collections::BTreeMap<String, String>,
) -> Result<std::process::Output, String> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(args)
        .envs(env)
        .current_dir(cwd)
        .env_remove("SOURCE_DATE_EPOCH")
        .env("RUST_BACKTRACE", "0")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start briefing: {e}"))?;
    let started = Instant::now();
    // Read the pipes on threads so a chatty child cannot block on a full pipe.
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let out_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut out, &mut v).map(|_| v)
    });
    let err_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut err, &mut v).map(|_| v)
    });
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            let _ = child.wait();
            return Err("timed out after 120 s".into());
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let stdout = out_reader.join().expect("reader").map_err(|e| e.to_string())?;
    let stderr = err_reader.join().expect("reader").map_err(|e| e.to_string())?;
    Ok(std::process::Output { status, stdout, stderr })
}

/// The files of a folder with their contents, sorted.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    files_in(dir)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(dir.join(&f)).unwrap_or_default();
            (f, bytes)
        })
        .collect()
}

/// Runs one case; returns what went wrong, if anything.
fn check(name: &str) -> Result<Option<String>, String> {
    let spec = std::fs::read_to_string(hostile().join("cases").join(name).join("case.toml"))
        .map_err(|e| format!("no case.toml: {e}"))?;
    let case: Case = toml::from_str(&spec).map_err(|e| format!("bad case.toml: {e}"))?;
    if case.about.trim().is_empty() {
        return Err("`about` is empty".into());
    }
    if case.expect == Expect::Error && (case.message.is_empty() || case.at.is_none()) {
        return Err("an error case needs `message` and `at`".into());
    }
    let setup = prepare(name, &case);
    if let Some(why) = setup.skipped {
        return Ok(Some(why));
    }
    let d = setup.dir.path();
    let before = setup.watched.as_deref().map(snapshot);
    let mut args: Vec<String> = match case.command {
        Run::Validate => vec!["validate".into(), "--data".into(), setup.data.clone()],
        Run::Build => [
            "build",
            "--data",
            &setup.data,
            "--kind",
            case.kind.as_deref().unwrap_or("factsheet"),
            "--scope",
            case.scope.as_deref().unwrap_or("air"),
        ]
        .iter()
        .map(|s| s.to_string())
        .chain(["--out".into(), setup.out.clone(), "--jobs".into(), "1".into()])
        .collect(),
        Run::Charts => vec![
            "charts".into(),
            "--data".into(),
            setup.data.clone(),
            "--out".into(),
            setup.out.clone(),
        ],
    };
    if d.join("templates").is_dir() {
        args.extend(["--templates".into(), "templates".into()]);
    }
    let out = run_limited(d, &args, &case.env);
    // Writable again, so that the temporary folder can be removed.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(d.join("out"), std::fs::Permissions::from_mode(0o755));
    }
    let out = out?;
    let err = stderr(&out);
    let all = format!("{}{err}", stdout(&out));
    let mut problems = Vec::new();
    // A Rust panic; a template's `panic()` is an ordinary, located error.
    if err.contains("panicked at") || out.status.code() == Some(101) {
        problems.push("briefing panicked".to_owned());
    }
    for f in &case.forbid {
        if all.contains(f.as_str()) {
            problems.push(format!("the output shows {f:?}"));
        }
    }
    match case.expect {
        Expect::Error => {
            if out.status.code() != Some(1) {
                problems.push(format!("exit code {:?}, expected 1", out.status.code()));
            }
            for m in &case.message {
                if !err.contains(m.as_str()) {
                    problems.push(format!("no {m:?} in the error output"));
                }
            }
            match case.at.as_deref() {
                Some("-") | None => {}
                Some(at) => {
                    if !err.contains(&format!("─ {at}\n")) {
                        problems.push(format!("not located at {at}"));
                    }
                }
            }
            if let (Some(dir), Some(before)) = (&setup.watched, &before)
                && snapshot(dir) != *before
            {
                problems.push(format!("the output folder changed: {:?}", files_in(dir)));
            }
        }
        Expect::Builds => {
            if out.status.code() != Some(0) {
                problems.push(format!("exit code {:?}, expected 0", out.status.code()));
            }
            // A warning the case expects, at its place.
            for m in &case.message {
                if !err.contains(m.as_str()) {
                    problems.push(format!("no {m:?} in the warnings"));
                }
            }
            if let Some(at) = case.at.as_deref().filter(|at| *at != "-")
                && !err.contains(&format!("─ {at}\n"))
            {
                problems.push(format!("the warning is not located at {at}"));
            }
            if files_in(&d.join("out")).iter().any(|f| f.ends_with(".tmp")) {
                problems.push("a temporary file was left in the output folder".into());
            }
            if !case.literal.is_empty() && out.status.success() {
                problems.extend(literal_text(d, &case.literal));
            }
        }
    }
    if problems.is_empty() {
        Ok(None)
    } else {
        Err(format!("{}\n--- stderr ---\n{}", problems.join("\n"), tail(&err)))
    }
}

/// The last lines of an output, enough to see what happened.
fn tail(s: &str) -> String {
    let lines: Vec<&str> = s.lines().collect();
    let from = lines.len().saturating_sub(30);
    lines[from..].iter().map(|l| format!("{}\n", l.chars().take(200).collect::<String>())).collect()
}

/// Typesets the case's documents in-process and checks each string is shown as written.
fn literal_text(d: &Path, literal: &[String]) -> Vec<String> {
    let docs = render_kinds(
        DataSource::Dir(d.join("data")),
        TemplateSource::Embedded,
        &["air", "combined"],
        &[Kind::Factsheet, Kind::Deck],
        HandoutLayout::default(),
    );
    let text: String = docs.iter().map(|(_, doc)| squashed_text(doc)).collect();
    literal
        .iter()
        .filter(|l| !text.contains(&squash(l)))
        .map(|l| format!("{l:?} is not shown literally"))
        .collect()
}

#[test]
fn hostile_corpus() {
    let started = Instant::now();
    let mut names = files_in(&hostile().join("cases"));
    names.retain(|n| hostile().join("cases").join(n).is_dir());
    assert!(names.len() >= 40, "the corpus has only {} cases", names.len());
    // Two at a time: the cases are processes, mostly waiting.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    let Some(name) = names.get(i) else { break };
                    let r = std::panic::catch_unwind(|| check(name))
                        .unwrap_or_else(|_| Err("the test harness panicked".into()));
                    results.lock().expect("lock").push((name.clone(), r));
                }
            });
        }
    });
    let mut results = results.into_inner().expect("lock");
    results.sort_by(|a, b| a.0.cmp(&b.0));
    let mut failures = Vec::new();
    for (name, r) in results {
        match r {
            Ok(None) => {}
            Ok(Some(skipped)) => eprintln!("note: case {name} skipped: {skipped}"),
            Err(e) => failures.push(format!("=== {name}\n{e}")),
        }
    }
    eprintln!("hostile corpus: {} cases in {:.1} s", names.len(), started.elapsed().as_secs_f64());
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        names.len(),
        failures.join("\n\n")
    );
}

/// `watch` with a template stuck in a loop: each rebuild's typesetting runs past
/// its limit and cannot be stopped; after two, no more are started and the
/// user is told to restart, so a long-running watch takes two cores at most.
#[test]
fn watch_starts_no_more_typesetting_once_two_runaways_are_left() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    overlay(&hostile().join("minimal"), &d.join("data"));
    overlay(&root().join("templates"), &d.join("templates"));
    let stuck = hostile().join("cases/template-stuck-refuses-more/templates/factsheet.typ");
    let template = d.join("templates/factsheet.typ");
    std::fs::copy(&stuck, &template).expect("copy the stuck template");
    let args = ["watch", "--data", "data", "--templates", "templates", "--kind", "factsheet"];
    let mut child = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(args)
        .args(["--scope", "air", "--out", "out"])
        .current_dir(d)
        .env("BRIEFING_TYPESET_SECONDS", "1")
        .env_remove("SOURCE_DATE_EPOCH")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("briefing starts");
    let mut stream = child.stderr.take().expect("stderr");
    let err = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let sink = err.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = std::io::Read::read(&mut stream, &mut buf) {
            if n == 0 {
                break;
            }
            sink.lock().expect("lock").push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    });
    let wait_for = |what: &str, child: &mut std::process::Child, done: &dyn Fn(&str) -> bool| {
        let deadline = Instant::now() + Duration::from_secs(90);
        loop {
            let text = err.lock().expect("lock").clone();
            if done(&text) {
                return;
            }
            let exited = child.try_wait().expect("try_wait").is_some();
            if exited || Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "waiting for {what}: {}\n{text}",
                    if exited { "exited" } else { "timed out" }
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    let too_slow = "took longer than 1 s";
    wait_for("the first runaway", &mut child, &|e| e.matches(too_slow).count() >= 1);
    // Each save of the template is a rebuild, whose typesetting runs away too.
    let save = |n: usize| {
        let text = std::fs::read_to_string(&stuck).expect("template");
        std::fs::write(&template, format!("{text}// saved {n}\n")).expect("save");
    };
    save(1);
    wait_for("the second runaway", &mut child, &|e| e.matches(too_slow).count() >= 2);
    save(2);
    wait_for("the refusal", &mut child, &|e| e.contains("briefing starts no more"));
    let text = err.lock().expect("lock").clone();
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(text.matches(too_slow).count(), 2, "no third typesetting started:\n{text}");
    assert!(text.contains("restart briefing"), "{text}");
    assert!(!text.contains("panicked"), "{text}");
}
