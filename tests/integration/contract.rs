//! The contract between briefing and its templates: the `DocumentData` JSON
//! the templates are given, and the keys they read from it.
//!
//! `template_data_matches_snapshots` pins the data of a handful of documents
//! in `tests/snapshots/data/`, so a change to what the templates get shows in
//! review; `BRIEFING_BLESS=1 cargo test --test integration contract` rewrites
//! the snapshots when the change is intended. `templates_read_only_keys_in_the_data`
//! finds every key the templates read and checks that the data of their kind
//! of document has it: a field renamed in Rust fails here instead of printing
//! as a blank.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::OnceLock;

use serde_json::Value;

use crate::common::{files_in, fixture, root, run, stderr, stdout};

/// The builds whose template data is pinned: (snapshot name prefix, arguments
/// after `build`). Few documents, so that the test stays fast, but together
/// they carry every part of the data: branch and combined documents of every
/// kind, and (for an internal audience) the lines to take and questions.
fn builds() -> Vec<(&'static str, Vec<String>)> {
    let nordhavn = fixture("nordhavn").display().to_string();
    let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    vec![
        ("nordhavn", args(&["--data", &nordhavn, "--scope", "combined,navy"])),
        ("default", args(&["--scope", "combined", "--lang", "en", "--audience", "internal"])),
    ]
}

/// What the templates of the pinned documents were served: by snapshot file
/// name (`nordhavn-deck-navy-en.json`), the plan's data (`data.json`, as
/// `--emit-data` writes it) and what typesetting decided (`layout.json`: the
/// fit level, a handout's deck pages, as `--emit-typst` ejects it); built
/// once, for both tests.
struct Served {
    data: BTreeMap<String, String>,
    layout: BTreeMap<String, String>,
}

fn served() -> &'static Served {
    static SERVED: OnceLock<Served> = OnceLock::new();
    SERVED.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tmp");
        let mut served = Served { data: BTreeMap::new(), layout: BTreeMap::new() };
        for (set, extra) in builds() {
            let data = dir.path().join(format!("data-{set}"));
            let typst = dir.path().join(format!("typst-{set}"));
            let out = format!("out-{set}");
            let mut args = vec!["build", "--quiet", "--out", &out];
            args.extend(["--emit-data", data.to_str().expect("utf-8 path")]);
            args.extend(["--emit-typst", typst.to_str().expect("utf-8 path")]);
            args.extend(extra.iter().map(String::as_str));
            let o = run(dir.path(), &args);
            assert!(o.status.success(), "{set}: {}", stderr(&o));
            for file in files_in(&data) {
                let text = std::fs::read_to_string(data.join(&file)).expect("emitted data");
                served.data.insert(format!("{set}-{file}"), text);
                let stem = file.trim_end_matches(".json");
                let layout = typst.join(stem).join("generated/layout.json");
                let text = std::fs::read_to_string(&layout).expect("ejected layout.json");
                served.layout.insert(format!("{set}-{file}"), text);
            }
        }
        assert!(!served.data.is_empty(), "the builds emitted no data");
        served
    })
}

/// The plan's data of every pinned document, by snapshot file name.
fn documents() -> &'static BTreeMap<String, String> {
    &served().data
}

/// The kind of document (`factsheet`, `deck`, `handout`) of a snapshot name.
fn kind_of(name: &str) -> &str {
    let document = name.split_once('-').map_or(name, |(_, d)| d);
    document.split('-').next().unwrap_or(document)
}

// ---------------------------------------------------------------------------
// Snapshots of the data
// ---------------------------------------------------------------------------

#[test]
fn template_data_matches_snapshots() {
    let dir = root().join("tests/snapshots/data");
    let docs = documents();
    if std::env::var_os("BRIEFING_BLESS").is_some() {
        std::fs::create_dir_all(&dir).expect("mkdir");
        for old in files_in(&dir) {
            std::fs::remove_file(dir.join(old)).expect("remove old snapshot");
        }
        for (name, json) in docs {
            std::fs::write(dir.join(name), json).expect("write snapshot");
        }
        return;
    }
    let mut problems = Vec::new();
    for (name, json) in docs {
        match std::fs::read_to_string(dir.join(name)) {
            Err(_) => problems.push(format!("{name}: no snapshot")),
            Ok(want) if &want != json => {
                problems.push(format!("{name} differs:\n{}", diff_excerpt(&want, json)))
            }
            Ok(_) => {}
        }
    }
    for name in files_in(&dir) {
        if !docs.contains_key(&name) {
            problems.push(format!("{name}: snapshot of a document the builds no longer emit"));
        }
    }
    assert!(
        problems.is_empty(),
        "the template data differs from tests/snapshots/data/:\n\n{}\n\n\
         (when the change is intended, rewrite the snapshots with \
         BRIEFING_BLESS=1 cargo test --test integration contract; \
         `git diff tests/snapshots/data` then shows it whole)",
        problems.join("\n\n")
    );
}

/// A short line diff of `want` → `got`: the changed lines (`-` pinned, `+`
/// now) with a line of context, at most `LIMIT` lines.
fn diff_excerpt(want: &str, got: &str) -> String {
    const LIMIT: usize = 40;
    let a: Vec<&str> = want.lines().collect();
    let b: Vec<&str> = got.lines().collect();
    // Common head and tail aside, a longest common subsequence of the rest
    // (the snapshots are a few thousand lines; the middle is usually short).
    let head = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let tail =
        a[head..].iter().rev().zip(b[head..].iter().rev()).take_while(|(x, y)| x == y).count();
    let (a_mid, b_mid) = (&a[head..a.len() - tail], &b[head..b.len() - tail]);
    let mut ops: Vec<(char, usize, &str)> = Vec::new();
    if a_mid.len().saturating_mul(b_mid.len()) <= 4_000_000 {
        let (n, m) = (a_mid.len(), b_mid.len());
        let mut lcs = vec![0u32; (n + 1) * (m + 1)];
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                lcs[i * (m + 1) + j] = if a_mid[i] == b_mid[j] {
                    lcs[(i + 1) * (m + 1) + j + 1] + 1
                } else {
                    lcs[(i + 1) * (m + 1) + j].max(lcs[i * (m + 1) + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n || j < m {
            if i < n && j < m && a_mid[i] == b_mid[j] {
                ops.push((' ', head + i, a_mid[i]));
                i += 1;
                j += 1;
            } else if i < n && (j == m || lcs[(i + 1) * (m + 1) + j] >= lcs[i * (m + 1) + j + 1]) {
                ops.push(('-', head + i, a_mid[i]));
                i += 1;
            } else {
                ops.push(('+', head + i, b_mid[j]));
                j += 1;
            }
        }
    } else {
        ops.extend(a_mid.iter().enumerate().map(|(i, l)| ('-', head + i, *l)));
        ops.extend(b_mid.iter().map(|l| ('+', head + a_mid.len(), *l)));
    }
    let changed: Vec<bool> = ops.iter().map(|(op, _, _)| *op != ' ').collect();
    let near = |k: usize| changed[k.saturating_sub(1)..(k + 2).min(changed.len())].contains(&true);
    let mut out = Vec::new();
    let mut last = None;
    for (k, (op, line, text)) in ops.iter().enumerate() {
        if !near(k) {
            continue;
        }
        if last.is_some_and(|l| l + 1 != k) || last.is_none() {
            out.push(format!("@@ line {}", line + 1));
        }
        out.push(format!("{op} {text}"));
        last = Some(k);
    }
    let total = changed.iter().filter(|c| **c).count();
    if out.len() > LIMIT {
        out.truncate(LIMIT);
        out.push(format!("… ({total} changed lines in all)"));
    }
    out.join("\n")
}

// ---------------------------------------------------------------------------
// Every key a template reads is in the data
// ---------------------------------------------------------------------------

/// Keys the templates read that neither the plan's data nor the layout
/// inputs carry, and why each may. Empty since planning finishes the data
/// and typesetting serves its own decisions apart: an entry added here must
/// be read by a template and absent from the data, or the test fails, so the
/// list only shrinks.
const NOT_IN_EMITTED_DATA: &[(&str, &str)] = &[];

/// Receivers of `.at("…")` that are not data: the theme's colour tokens
/// (`tokens.at("ink")`, from theme.toml).
const NOT_DATA_RECEIVERS: &[&str] = &["tokens"];

/// Names whose fields are Typst's, not the data's: modules and elements
/// (`calc.max`, `sym.arrow.r`, `std.title`, `page.width` in a context), the
/// element in a show rule (`it.body`), a regex match (`m.captures`), the
/// sizes `layout` hands its function (`size.width`, `space.width`), and
/// what these functions return: `measure(…).height`, `here().position().y`,
/// `toml("/theme.toml")` (the theme, not the document data).
const TYPST_VALUES: &[&str] = &[
    "calc", "std", "sym", "pdf", "grid", "table", "heading", "page", "text", "math", "sys", "it",
    "m", "size", "space", "measure", "here", "toml",
];

/// How a template reads a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    /// `field(value, "key", …)`: the data accessor; the key must be data.
    Field,
    /// `L("key")`, `label-of(labels, "key")`: a key of `data.labels`.
    Label,
    /// `value.key` or `value.at("key")`: data, or a dictionary the templates
    /// build themselves.
    Member,
}

/// One key read by a template.
#[derive(Debug)]
struct Read {
    file: String,
    line: usize,
    key: String,
    access: Access,
}

/// What a template file reads, the keys of the dictionaries it builds, and
/// the files it imports.
#[derive(Debug, Default)]
struct Scan {
    reads: Vec<Read>,
    built_keys: BTreeSet<String>,
    imports: Vec<String>,
}

/// A token of Typst code: just enough to find what the templates read.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Str(String),
    Punct(char),
    Number,
}

/// A token and where it stands.
#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    line: usize,
    /// White space (or a comment) stands before it: `f (x)` is no call.
    spaced: bool,
}

/// Splits Typst source into identifiers, strings, numbers and punctuation;
/// comments are dropped.
fn lex(src: &str) -> Vec<Token> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line, mut spaced) = (0, 1, true);
    let ident_char = |c: char| c.is_alphanumeric() || c == '_';
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c.is_whitespace() {
            line += usize::from(c == '\n');
            spaced = true;
            i += 1;
            continue;
        }
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
            spaced = true;
            continue;
        }
        if c == '/' && next == Some('*') {
            i += 2;
            while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                line += usize::from(chars[i] == '\n');
                i += 1;
            }
            i += 2;
            spaced = true;
            continue;
        }
        let start_line = line;
        let tok = if c == '"' {
            let mut s = String::new();
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                if let Some(&ch) = chars.get(i) {
                    line += usize::from(ch == '\n');
                    s.push(ch);
                }
                i += 1;
            }
            i += 1;
            Tok::Str(s)
        } else if c.is_alphabetic() || c == '_' {
            let mut s = String::new();
            while i < chars.len()
                && (ident_char(chars[i])
                    || (chars[i] == '-' && chars.get(i + 1).is_some_and(|&n| ident_char(n))))
            {
                s.push(chars[i]);
                i += 1;
            }
            Tok::Ident(s)
        } else if c.is_ascii_digit() {
            while i < chars.len()
                && (chars[i].is_alphanumeric()
                    || chars[i] == '%'
                    || (chars[i] == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit)))
            {
                i += 1;
            }
            Tok::Number
        } else {
            i += 1;
            Tok::Punct(c)
        };
        out.push(Token { tok, line: start_line, spaced });
        spaced = false;
    }
    out
}

fn is_punct(t: Option<&Token>, c: char) -> bool {
    t.is_some_and(|t| t.tok == Tok::Punct(c))
}

/// The arguments of the call (or the items of the group) opened at `open`:
/// token ranges split at top-level commas, up to the closing parenthesis.
fn arguments(toks: &[Token], open: usize) -> Vec<(usize, usize)> {
    let mut args = Vec::new();
    let (mut depth, mut start) = (0usize, open + 1);
    for (k, t) in toks.iter().enumerate().skip(open) {
        match t.tok {
            Tok::Punct('(' | '[' | '{') => depth += 1,
            Tok::Punct(')' | ']' | '}') => {
                depth -= 1;
                if depth == 0 {
                    if k > start {
                        args.push((start, k));
                    }
                    break;
                }
            }
            Tok::Punct(',') if depth == 1 => {
                args.push((start, k));
                start = k + 1;
            }
            _ => {}
        }
    }
    args
}

/// The key(s) an argument names: the string when the argument is one, else
/// the strings it yields from braces (`if ongoing { "since" } else { "period" }`);
/// none for a key in a variable.
fn keys_of(toks: &[Token], (from, to): (usize, usize)) -> Vec<String> {
    let arg = &toks[from..to];
    if let [Token { tok: Tok::Str(s), .. }] = arg {
        return vec![s.clone()];
    }
    let mut depth = 0;
    let mut keys = Vec::new();
    for t in arg {
        match &t.tok {
            Tok::Punct('{') => depth += 1,
            Tok::Punct('}') => depth -= 1,
            Tok::Str(s) if depth > 0 => keys.push(s.clone()),
            _ => {}
        }
    }
    keys
}

/// Where the name of the function called by the parenthesis that closes at
/// `close` stands.
fn callee(toks: &[Token], close: usize) -> Option<usize> {
    let mut depth = 0;
    for k in (0..=close).rev() {
        match toks[k].tok {
            Tok::Punct(')' | ']' | '}') => depth += 1,
            Tok::Punct('(' | '[' | '{') => {
                depth -= 1;
                if depth == 0 {
                    let name = k.checked_sub(1)?;
                    let called = matches!(toks[name].tok, Tok::Ident(_)) && !toks[k].spaced;
                    return called.then_some(name);
                }
            }
            _ => {}
        }
    }
    None
}

/// Finds what a template file reads, builds and imports.
fn scan(file: &str, src: &str) -> Scan {
    let toks = lex(src);
    let mut scan = Scan::default();
    let ident = |k: usize| match toks.get(k).map(|t| &t.tok) {
        Some(Tok::Ident(s)) => Some(s.as_str()),
        _ => None,
    };
    // A parenthesis right after a name, a call or an index opens arguments.
    let is_call = |open: usize| {
        !toks[open].spaced
            && open > 0
            && matches!(toks[open - 1].tok, Tok::Ident(_) | Tok::Punct(')' | ']'))
    };
    let read = |scan: &mut Scan, line: usize, keys: Vec<String>, access: Access| {
        for key in keys {
            scan.reads.push(Read { file: file.to_owned(), line, key, access });
        }
    };
    // Member accesses whose receiver is Typst's, so that their chain is too
    // (`sym.arrow.r`).
    let mut typst_chain = BTreeSet::new();
    // Names bound to what Typst returns (`let natural = measure(…)`).
    let typst_names: BTreeSet<&str> = (0..toks.len())
        .filter(|&k| ident(k) == Some("let") && is_punct(toks.get(k + 2), '='))
        .filter(|&k| ident(k + 3).is_some_and(|f| TYPST_VALUES.contains(&f)))
        .filter_map(|k| ident(k + 1))
        .collect();
    for k in 0..toks.len() {
        let line = toks[k].line;
        let opens_call = is_punct(toks.get(k + 1), '(') && !toks[k + 1].spaced;
        match ident(k) {
            Some("import") => {
                if let Some(Token { tok: Tok::Str(path), .. }) = toks.get(k + 1) {
                    scan.imports.push(path.clone());
                }
            }
            Some(name @ ("field" | "label-of" | "L")) if opens_call => {
                let after_dot = k > 0 && is_punct(toks.get(k - 1), '.');
                let args = arguments(&toks, k + 1);
                let (which, access) = match name {
                    "field" => (1, Access::Field),
                    "label-of" => (1, Access::Label),
                    _ => (0, Access::Label),
                };
                if let (false, Some(&arg)) = (after_dot, args.get(which)) {
                    read(&mut scan, line, keys_of(&toks, arg), access);
                }
            }
            Some("insert") if opens_call && is_punct(toks.get(k.wrapping_sub(1)), '.') => {
                if let Some(&arg) = arguments(&toks, k + 1).first() {
                    scan.built_keys.extend(keys_of(&toks, arg));
                }
            }
            _ => {}
        }
        // `receiver.key`, `receiver.at("key")`.
        if is_punct(toks.get(k), '.') && k > 0 && !toks[k].spaced {
            let receiver = &toks[k - 1].tok;
            let Some(key) = ident(k + 1).filter(|_| !toks[k + 1].spaced) else { continue };
            let typst = match receiver {
                Tok::Ident(r) => {
                    TYPST_VALUES.contains(&r.as_str())
                        || typst_names.contains(r.as_str())
                        || typst_chain.contains(&(k - 1))
                }
                Tok::Punct(')') => callee(&toks, k - 1).is_some_and(|f| {
                    ident(f).is_some_and(|name| TYPST_VALUES.contains(&name))
                        || typst_chain.contains(&f)
                }),
                Tok::Punct(']') => false,
                _ => continue,
            };
            if typst {
                typst_chain.insert(k + 1);
                continue;
            }
            let method = is_punct(toks.get(k + 2), '(') && !toks[k + 2].spaced;
            if key == "at" && method {
                let theme =
                    matches!(receiver, Tok::Ident(r) if NOT_DATA_RECEIVERS.contains(&r.as_str()));
                if let (false, Some(&arg)) = (theme, arguments(&toks, k + 2).first())
                    && let [Token { tok: Tok::Str(s), .. }] = &toks[arg.0..arg.1]
                {
                    read(&mut scan, line, vec![s.clone()], Access::Member);
                }
            } else if !method {
                read(&mut scan, line, vec![key.to_owned()], Access::Member);
            }
        }
        // A dictionary the template builds: `(kind: kind, img: …)`.
        if is_punct(toks.get(k), '(') && !is_call(k) {
            for (from, _) in arguments(&toks, k) {
                if let (Some(name), true) = (ident(from), is_punct(toks.get(from + 1), ':')) {
                    scan.built_keys.insert(name.to_owned());
                }
            }
        }
    }
    scan
}

/// Every object key at any depth of a JSON value.
fn keys_in(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                out.insert(k.clone());
                keys_in(v, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| keys_in(v, out)),
        _ => {}
    }
}

/// The `.typ` files under `dir`, as paths relative to the templates folder.
fn template_files(dir: &Path, prefix: &str, out: &mut Vec<String>) {
    for name in files_in(dir) {
        let path = dir.join(&name);
        if path.is_dir() {
            template_files(&path, &format!("{prefix}{name}/"), out);
        } else if name.ends_with(".typ") {
            out.push(format!("{prefix}{name}"));
        }
    }
}

/// The scans of every template file, by path relative to `templates/`.
fn scan_templates() -> BTreeMap<String, Scan> {
    let dir = root().join("templates");
    let mut files = Vec::new();
    template_files(&dir, "", &mut files);
    files
        .into_iter()
        .map(|f| {
            let src = std::fs::read_to_string(dir.join(&f)).expect("template");
            let scan = scan(&format!("templates/{f}"), &src);
            (f, scan)
        })
        .collect()
}

/// The kinds of document each template file serves: a kind's main template
/// (`deck.typ`) and every file it imports, directly or not.
fn kinds_of_files(scans: &BTreeMap<String, Scan>) -> BTreeMap<String, BTreeSet<String>> {
    let mut kinds: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for kind in ["factsheet", "deck", "handout"] {
        let mut todo = vec![format!("{kind}.typ")];
        while let Some(file) = todo.pop() {
            let set = kinds.entry(file.clone()).or_default();
            if !set.insert(kind.to_owned()) {
                continue;
            }
            let base = Path::new(&file).parent().unwrap_or(Path::new(""));
            for import in scans.get(&file).map_or(&[][..], |s| &s.imports[..]) {
                let path = base.join(import).to_string_lossy().replace('\\', "/");
                todo.push(path);
            }
        }
    }
    kinds
}

#[test]
fn templates_read_only_keys_in_the_data() {
    // The keys, and the label keys, of the data of each kind of document.
    let mut data_keys: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let mut label_keys: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for (name, json) in documents() {
        let value: Value = serde_json::from_str(json).expect("the emitted data is JSON");
        let kind = kind_of(name);
        keys_in(&value, data_keys.entry(kind).or_default());
        let layout = &served().layout[name];
        let layout: Value = serde_json::from_str(layout).expect("layout.json is JSON");
        keys_in(&layout, data_keys.entry(kind).or_default());
        if let Some(Value::Object(labels)) = value.get("labels") {
            label_keys.entry(kind).or_default().extend(labels.keys().cloned());
        }
    }
    assert_eq!(data_keys.len(), 3, "every kind of document has pinned data: {data_keys:?}");

    let scans = scan_templates();
    let kinds = kinds_of_files(&scans);
    let built: BTreeSet<&str> =
        scans.values().flat_map(|s| s.built_keys.iter().map(String::as_str)).collect();
    let allowed = |key: &str| NOT_IN_EMITTED_DATA.iter().any(|(k, _)| *k == key);
    let mut missing = Vec::new();
    let mut allow_listed_reads = BTreeSet::new();
    for (file, scan) in &scans {
        let all = ["factsheet", "deck", "handout"].map(str::to_owned).into_iter().collect();
        let file_kinds = kinds.get(file).unwrap_or(&all);
        let has = |keys: &BTreeMap<&str, BTreeSet<String>>, key: &str| {
            file_kinds.iter().any(|k| keys.get(k.as_str()).is_some_and(|s| s.contains(key)))
        };
        for r in &scan.reads {
            let found = match r.access {
                Access::Field => has(&data_keys, &r.key),
                Access::Label => has(&label_keys, &r.key),
                Access::Member => has(&data_keys, &r.key) || built.contains(r.key.as_str()),
            };
            if found {
                continue;
            }
            if allowed(&r.key) && r.access != Access::Label {
                allow_listed_reads.insert(r.key.as_str());
                continue;
            }
            let kinds = file_kinds.iter().cloned().collect::<Vec<_>>().join(", ");
            let what = match r.access {
                Access::Field => "field",
                Access::Label => "label",
                Access::Member => "member",
            };
            missing
                .push(format!("{}:{}: {what} `{}` is in no {kinds} data", r.file, r.line, r.key));
        }
    }
    assert!(
        missing.is_empty(),
        "the templates read keys the document data does not have (a renamed or \
         removed field prints as a blank):\n{}",
        missing.join("\n")
    );
    // The allow-list only shrinks: an entry the data now carries, or no
    // template reads, goes.
    let stale: Vec<&str> = NOT_IN_EMITTED_DATA
        .iter()
        .map(|(k, _)| *k)
        .filter(|k| !allow_listed_reads.contains(k))
        .collect();
    assert!(
        stale.is_empty(),
        "remove from NOT_IN_EMITTED_DATA (the data has them, or no template reads them): {stale:?}"
    );
}

#[test]
fn the_template_scan_finds_each_kind_of_read() {
    let src = r#"
        #import "lib/data.typ": field
        #let a = field(data, "document", default: (:)).at("title")
        // field(data, "commented")
        #let b = L(if x { "since" } else { "period" }) + label-of(labels, "as_of")
        #let c = (img: 1, share: 2)
        #let d = op.name + calc.max(1, 2) + sym.arrow.r + tokens.at("ink") + str(c.img)
        #let e = field(x, key) + items.first().title
        #let f = measure(b).height + here().position().y
        #let natural = measure(b)
        #let g = natural.width + toml("/theme.toml").colours
    "#;
    let s = scan("t.typ", src);
    let reads: Vec<(&str, Access)> = s.reads.iter().map(|r| (r.key.as_str(), r.access)).collect();
    assert_eq!(
        reads,
        [
            ("document", Access::Field),
            ("title", Access::Member),
            ("since", Access::Label),
            ("period", Access::Label),
            ("as_of", Access::Label),
            ("name", Access::Member),
            ("img", Access::Member),
            ("title", Access::Member),
        ]
    );
    assert_eq!(s.built_keys.iter().map(String::as_str).collect::<Vec<_>>(), ["img", "share"]);
    assert_eq!(s.imports, ["lib/data.typ"]);
}

/// The default data, theme and label files are TOML 1.0, which every editor
/// plugin, script and standard parser reads (Python's `tomllib` among them,
/// used here as that reader); briefing itself also reads TOML 1.1.
#[test]
fn default_data_and_templates_are_standard_toml_1_0() {
    let mut files = Vec::new();
    for dir in ["data", "templates", "templates/i18n"] {
        for f in files_in(&root().join(dir)) {
            if f.ends_with(".toml") {
                files.push(root().join(dir).join(f));
            }
        }
    }
    assert!(files.len() >= 15, "{files:?}");
    let script = "import sys, tomllib\nbad = []\nfor p in sys.argv[1:]:\n    try:\n        tomllib.load(open(p, 'rb'))\n    except Exception as e:\n        bad.append(f'{p}: {e}')\nprint('\\n'.join(bad))\nsys.exit(1 if bad else 0)\n";
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(&files)
        .output()
        .expect("python3 runs (CPython 3.11 or newer, for tomllib)");
    assert!(out.status.success(), "not TOML 1.0:\n{}{}", stdout(&out), stderr(&out));
}
