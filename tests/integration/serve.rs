//! `briefing serve`: what it serves and refuses, where it binds, how it
//! stops, and the live page in headless Chromium (tests/browser/serve.mjs).
//! No timing is asserted: waits are bounded polls, and the browser test
//! prints the delay it saw.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::common::*;
use crate::watch::Running;

/// Starts `briefing serve` on a free port in `dir` (which holds `data/`)
/// with `args`, and waits for its first build.
fn serve(dir: &Path, args: &[&str]) -> (Running, SocketAddr) {
    let mut all = vec!["serve", "--port", "0", "--lang", "en", "--scope", "air", "--out", "out"];
    all.extend_from_slice(args);
    let mut server = Running::spawn(dir, &all);
    server.wait_for("the first build", |out, _| out.contains("watching data"));
    let out = server.stdout.lock().expect("lock").clone();
    let url = out
        .lines()
        .find_map(|l| l.strip_prefix("serving the preview at "))
        .and_then(|l| l.split_whitespace().next())
        .unwrap_or_else(|| panic!("no address printed:\n{out}"))
        .to_owned();
    let addr = url
        .strip_prefix("http://")
        .and_then(|u| u.strip_suffix('/'))
        .and_then(|a| a.parse().ok())
        .unwrap_or_else(|| panic!("not an address: {url}"));
    (server, addr)
}

/// Sends `GET target` as written (no client normalises the path) and
/// returns the status code and the body.
fn get(addr: SocketAddr, target: &str) -> (u16, Vec<u8>) {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(30))).expect("timeout");
    // HTTP/1.0: the reply comes whole, never chunked.
    write!(stream, "GET {target} HTTP/1.0\r\nHost: {addr}\r\n\r\n").expect("send");
    let mut reply = Vec::new();
    stream.read_to_end(&mut reply).expect("read");
    let split = reply.windows(4).position(|w| w == b"\r\n\r\n").expect("a head");
    let head = String::from_utf8_lossy(&reply[..split]).into_owned();
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).expect("a status");
    (status, reply[split + 4..].to_vec())
}

#[test]
fn serve_answers_with_the_documents_files_only_and_stops_on_ctrl_c() {
    let dir = copy_of_default_data();
    let d = dir.path();
    let (mut server, addr) = serve(d, &["--kind", "factsheet"]);
    assert!(addr.ip().is_loopback(), "{addr}");

    let (status, page) = get(addr, "/");
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&page).contains("briefing preview"));
    let (status, state) = get(addr, "/api/state");
    assert_eq!(status, 200);
    let state: serde_json::Value = serde_json::from_slice(&state).expect("json");
    let names: Vec<&str> = state["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .filter_map(|d| d["name"].as_str())
        .collect();
    assert_eq!(names, ["factsheet-air-en"]);
    let (status, pdf) = get(addr, "/files/factsheet-air-en.pdf?v=1");
    assert_eq!(status, 200);
    assert!(pdf.starts_with(b"%PDF-"));
    assert_eq!(get(addr, "/files/factsheet-air-en-1.png").0, 200);

    let figures = d.join("data/figures.toml");
    let absolute = figures.display().to_string();
    let secret = std::fs::read(&figures).expect("data");
    for target in [
        "/../Cargo.toml".to_owned(),
        "/../../../../etc/passwd".to_owned(),
        "/files/../data/figures.toml".to_owned(),
        "/files/..%2Fdata%2Ffigures.toml".to_owned(),
        "/files/%2e%2e/data/figures.toml".to_owned(),
        format!("/files/{absolute}"),
        format!("/files/{}", absolute.replace('/', "%2F")),
        absolute.clone(),
        "/files/manifest.json".to_owned(),
        "/files/deck-air-en.pdf".to_owned(),
        "/assets/../../Cargo.toml".to_owned(),
    ] {
        let (status, body) = get(addr, &target);
        assert_eq!(status, 404, "{target}");
        assert_eq!(body, b"not found\n", "{target}");
    }
    assert!(!secret.is_empty());

    let pid = server.child.id().to_string();
    let sent = Command::new("kill").args(["-INT", &pid]).status().expect("kill");
    assert!(sent.success());
    let status = server.child.wait().expect("wait");
    assert_eq!(status.code(), Some(130), "Ctrl-C ends serve as it ends every command");
    let leftovers: Vec<String> =
        files_in(&d.join("out")).into_iter().filter(|f| f.ends_with(".tmp")).collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    assert!(TcpStream::connect(addr).is_err(), "nothing listens on {addr} any more");
}

/// Sends `GET target` on a kept-open HTTP/1.1 connection and reads the
/// answer's head and body (by its length); the status code.
fn get_kept_open(stream: &mut TcpStream, target: &str) -> u16 {
    write!(stream, "GET {target} HTTP/1.1\r\nHost: briefing\r\n\r\n").expect("send");
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        stream.read_exact(&mut byte).expect("a head within the timeout");
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or_else(|| panic!("no length: {head}"));
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).expect("the body within the timeout");
    head.split(' ').nth(1).and_then(|s| s.parse().ok()).expect("a status")
}

/// What a browser does when a document opens: several connections at once,
/// kept open after their answers, and more of them with every view. Each
/// request is answered within a bound far above its time: with tiny_http,
/// a connection of such a burst could wait for good (src/serve/http.rs).
#[test]
fn serve_answers_bursts_of_kept_open_connections() {
    let dir = copy_of_default_data();
    let (_server, addr) = serve(dir.path(), &["--kind", "factsheet"]);
    let mut open = Vec::new();
    for round in 0..6 {
        let burst: Vec<_> = (0..8)
            .map(|n| {
                std::thread::spawn(move || {
                    let mut stream = TcpStream::connect(addr).expect("connect");
                    stream.set_read_timeout(Some(Duration::from_secs(20))).expect("timeout");
                    let target =
                        if n % 2 == 0 { "/api/state" } else { "/files/factsheet-air-en-1.png" };
                    for _ in 0..3 {
                        assert_eq!(get_kept_open(&mut stream, target), 200, "round {round}");
                    }
                    stream
                })
            })
            .collect();
        for thread in burst {
            open.push(thread.join().expect("every request of the burst answered"));
        }
    }
    assert_eq!(open.len(), 48, "all kept open at the end");
}

/// `--open` hands the page's address to the desktop's opener: here a
/// stand-in `xdg-open` first on the PATH, which writes down what it was given.
#[cfg(target_os = "linux")]
#[test]
fn serve_open_opens_the_page_in_the_browser() {
    use std::io::BufRead;
    use std::os::unix::fs::PermissionsExt;
    let dir = copy_of_default_data();
    let d = dir.path();
    let bin = d.join("bin");
    std::fs::create_dir(&bin).expect("mkdir");
    let opener = bin.join("xdg-open");
    std::fs::write(
        &opener,
        "#!/bin/sh\nprintf '%s' \"$*\" > \"$OPENED.part\" && mv \"$OPENED.part\" \"$OPENED\"\n",
    )
    .expect("write");
    std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let opened = d.join("opened.txt");
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let mut child = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["serve", "--open", "--port", "0", "--lang", "en", "--scope", "air"])
        .args(["--kind", "factsheet", "--out", "out"])
        .current_dir(d)
        .env("PATH", path)
        .env("OPENED", &opened)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("briefing starts");
    let stdout = std::io::BufReader::new(child.stdout.take().expect("stdout"));
    let url = stdout
        .lines()
        .map_while(Result::ok)
        .find_map(|l| l.strip_prefix("serving the preview at ").map(str::to_owned))
        .and_then(|l| l.split_whitespace().next().map(str::to_owned))
        .expect("the address is printed");
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while !opened.exists() && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    let given = std::fs::read_to_string(&opened).expect("xdg-open was run");
    assert_eq!(given, url);
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
}

#[test]
fn serve_binds_other_addresses_only_when_told_and_warns() {
    let dir = copy_of_default_data();
    let (server, addr) = serve(dir.path(), &["--kind", "factsheet", "--host", "0.0.0.0"]);
    let err = server.stderr.lock().expect("lock").clone();
    assert!(err.contains("warning: serving on 0.0.0.0, not only to this machine"), "{err}");
    assert!(err.contains("leave --host out"), "{err}");
    // The address printed is the one a browser on this machine opens.
    assert!(addr.ip().is_loopback(), "{addr}");
    assert_eq!(get(addr, "/").0, 200);

    let bad = run(dir.path(), &["serve", "--host", "intranet.example"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("is not an IP address for --host"), "{}", stderr(&bad));
}

#[test]
fn serve_without_folders_says_there_is_nothing_to_watch() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = run(dir.path(), &["serve", "--port", "0"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("nothing to watch"), "{}", stderr(&out));
}

/// The page in headless Chromium: it lists the documents, follows an edit,
/// shows a located error over the last good pages and drops it once fixed;
/// the screenshots land in `target/tmp/serve-screenshots/`.
#[test]
fn serve_page_follows_edits_and_errors_in_a_browser() {
    ensure_test_tools();
    let dir = copy_of_default_data();
    let d = dir.path();
    let (server, addr) = serve(d, &["--kind", "factsheet,deck"]);
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("serve-screenshots");
    std::fs::create_dir_all(&shots).expect("mkdir");
    let out = Command::new("node")
        .arg(root().join("tests/browser/serve.mjs"))
        .arg(format!("http://{addr}/"))
        .arg(d)
        .arg(&shots)
        .current_dir(root().join("tests/browser"))
        .output()
        .expect("node runs");
    let text = format!("{}{}", stdout(&out), stderr(&out));
    let log =
        server.stdout.lock().expect("lock").clone() + &server.stderr.lock().expect("lock").clone();
    assert!(out.status.success(), "tests/browser/serve.mjs failed:\n{text}\nserve printed:\n{log}");
    // The observed delays, for the record (never asserted).
    println!("{text}");
}

/// Polls `/api/state` (at most a minute) until `done` holds, and returns it.
fn state_when(
    addr: SocketAddr,
    what: &str,
    done: impl Fn(&serde_json::Value) -> bool,
) -> serde_json::Value {
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    loop {
        let (_, body) = get(addr, "/api/state");
        let state: serde_json::Value = serde_json::from_slice(&body).expect("json");
        if done(&state) {
            return state;
        }
        assert!(std::time::Instant::now() < deadline, "waiting for {what}: {state:#}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_template_error_reaches_the_page_located_and_the_last_good_document_stays() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    assert!(run(d, &["init", "."]).status.success());
    let (_server, addr) = serve(d, &["--kind", "factsheet"]);
    let good = state_when(addr, "the first build", |s| s["documents"][0]["built"] == true);
    let thumbnail = good["documents"][0]["thumbnail"]["sha256"].clone();

    let template = d.join("templates/factsheet.typ");
    edit(&template, "#let data = json(", "#let data = jsn(");
    let broken = state_when(addr, "the error", |s| s["ok"] == false && s["building"] == false);
    let error = &broken["errors"][0];
    assert_eq!(error["file"], "templates/factsheet.typ", "{broken:#}");
    assert_eq!((error["line"].as_u64(), error["column"].as_u64()), (Some(19), Some(13)));
    assert_eq!(error["source"], "#let data = jsn(\"/generated/data.json\")");
    assert!(error["message"].as_str().is_some_and(|m| m.contains("jsn")), "{error:#}");
    let doc = &broken["documents"][0];
    assert_eq!((doc["built"].as_bool(), doc["stale"].as_bool()), (Some(true), Some(true)));
    assert_eq!(doc["thumbnail"]["sha256"], thumbnail, "the last good pages are still shown");
    assert_eq!(get(addr, "/files/factsheet-air-en-1.png").0, 200);

    edit(&template, "#let data = jsn(", "#let data = json(");
    let fixed = state_when(addr, "the fix", |s| s["ok"] == true && s["building"] == false);
    assert_eq!(fixed["errors"], serde_json::json!([]));
    assert_eq!(fixed["documents"][0]["stale"], false);
}
