//! A bounded property test, run on every `cargo test`: randomly mutated TOML
//! fed to load + validate never panics, and every error it reports points at
//! a place inside one of the files. The seed is fixed, so a failure repeats.
//! (The open-ended search is `fuzz/`; see docs/reliability.md.)

use briefing::dataset::{self, DataFile};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};

use crate::common::*;

/// Pieces of TOML and of hostile input that mutations insert.
const FRAGMENTS: &[&[u8]] = &[
    b"[",
    b"]",
    b"[[",
    b"]]",
    b"{",
    b"}",
    b"=",
    b"\"",
    b"'",
    b"\"\"\"",
    b"'''",
    b",",
    b".",
    b"#",
    b"\n",
    b"\r\n",
    b"\\",
    b"\\u{0}",
    b"-",
    b" ",
    b"\t",
    b"1e999",
    b"nan",
    b"-inf",
    b"-0",
    b"9223372036854775808",
    b"true",
    b"2024-02-30",
    b"2024-05-01T10:00:00",
    b"id",
    b"branch",
    b"operation",
    b"marking",
    b"[[event]]",
    b"[dataset]",
    b"\xef\xbb\xbf",
    b"\xff",
    b"\xc3",
    b"\0",
    b"\xe2\x80\xae",
    b"\xf0\x9f\x9a\x80",
    // A zero-width space and a combining accent: the text checks' cases.
    b"\xe2\x80\x8b",
    b"\xcc\x81",
    b"x = 1",
    b"\"air\"",
    b"\"op-guard\"",
];

/// One change to one file.
#[derive(Debug, Clone)]
enum Mutation {
    /// Remove up to `n` bytes at a position.
    Delete(usize, usize),
    /// Insert fragments at a position.
    Insert(usize, Vec<&'static [u8]>),
    /// Overwrite one byte.
    Replace(usize, u8),
    /// Repeat the line holding a position.
    DuplicateLine(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1usize..60).prop_map(|(at, n)| Mutation::Delete(at, n)),
        (any::<usize>(), prop::collection::vec(prop::sample::select(FRAGMENTS), 1..6))
            .prop_map(|(at, f)| Mutation::Insert(at, f)),
        (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Mutation::Replace(at, b)),
        any::<usize>().prop_map(Mutation::DuplicateLine),
    ]
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    let len = bytes.len();
    let pos = |at: usize| if len == 0 { 0 } else { at % (len + 1) };
    match m {
        Mutation::Delete(at, n) => {
            let start = pos(*at);
            let end = (start + n).min(len);
            bytes.drain(start..end);
        }
        Mutation::Insert(at, fragments) => {
            let start = pos(*at);
            let insert: Vec<u8> = fragments.concat();
            bytes.splice(start..start, insert);
        }
        Mutation::Replace(at, b) => {
            if len > 0 {
                bytes[at % len] = *b;
            }
        }
        Mutation::DuplicateLine(at) => {
            let p = pos(*at).min(len);
            let start = bytes[..p].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            let end = bytes[p..].iter().position(|&b| b == b'\n').map_or(len, |i| p + i + 1);
            let line = bytes[start..end].to_vec();
            bytes.splice(end..end, line);
        }
    }
}

/// The minimal dataset of the hostile corpus, as data files.
fn minimal() -> Vec<DataFile> {
    let dir = root().join("tests/hostile/minimal");
    files_in(&dir)
        .into_iter()
        .map(|f| DataFile {
            bytes: std::fs::read(dir.join(&f)).expect("read"),
            name: format!("data/{f}"),
        })
        .collect()
}

fn property(file: usize, mutations: &[Mutation]) -> Result<(), TestCaseError> {
    let mut files = minimal();
    let i = file % files.len();
    for m in mutations {
        apply(&mut files[i].bytes, m);
    }
    let Err(diags) = dataset::load(files, || Ok(Default::default())) else { return Ok(()) };
    prop_assert!(diags.has_errors(), "a failed load reports an error");
    for d in diags.0.iter().filter(|d| d.is_error()) {
        let Some(loc) = &d.location else {
            return Err(TestCaseError::fail(format!("not located: {}", d.message)));
        };
        let text = &loc.file.text;
        prop_assert!(loc.span.start <= text.len(), "{d}: span beyond the file");
        let (line, col) = loc.line_col();
        let lines = text.split('\n').count();
        prop_assert!(line >= 1 && line <= lines, "{d}: line {line} of {lines}");
        let width = text.split('\n').nth(line - 1).map_or(0, |l| l.chars().count());
        prop_assert!(col >= 1 && col <= width + 1, "{d}: column {col} of {width}");
        // Rendering never fails or panics either.
        prop_assert!(d.render().contains(&d.message));
    }
    Ok(())
}

#[test]
fn mutated_toml_never_panics_and_every_error_is_located() {
    let config = Config { cases: 64, failure_persistence: None, ..Config::default() };
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[42; 32]);
    let mut runner = TestRunner::new_with_rng(config, rng);
    let strategy = (any::<usize>(), prop::collection::vec(mutation(), 1..8));
    if let Err(e) = runner.run(&strategy, |(file, mutations)| property(file, &mutations)) {
        panic!("{e}");
    }
}
