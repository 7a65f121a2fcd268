//! Benchmarks of whole builds: one fact sheet, all four (in English), and the
//! full matrix of the default dataset (every kind, scope and language).
//!
//! Typst memoizes across compilations; the cache is emptied before each
//! iteration so the figures are those of a fresh `briefing build` process
//! (fonts are parsed once per process, as in a real run).

use std::hint::black_box;

use briefing::build;
use briefing::build::BuildConfig;
use briefing::plan::{Kind, Selection};
use briefing::project::{DataSource, Inputs};
use briefing::typeset::world::TemplateSource;
use criterion::{Criterion, criterion_group, criterion_main};

fn config(
    out: &std::path::Path,
    scopes: &[&str],
    kinds: &[Kind],
    langs: &[&str],
    jobs: usize,
) -> BuildConfig {
    let inputs = Inputs { data: DataSource::Embedded, templates: TemplateSource::Embedded };
    let selection = Selection {
        scopes: scopes.iter().map(|s| s.to_string()).collect(),
        kinds: kinds.to_vec(),
        langs: langs.iter().map(|s| s.to_string()).collect(),
        ..Selection::default()
    };
    BuildConfig { jobs, ..BuildConfig::new(inputs, selection, out) }
}

/// Name, scopes, kinds, languages (empty: all) and jobs (0: all cores).
type Case<'a> = (&'a str, &'a [&'a str], &'a [Kind], &'a [&'a str], usize);

fn builds(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut group = c.benchmark_group("build");
    group.sample_size(10);
    let sheet: &[Kind] = &[Kind::Factsheet];
    let en: &[&str] = &["en"];
    // The fact sheets in one language; the full matrix in every language the dataset declares.
    let cases: [Case; 4] = [
        ("one fact sheet", &["air"], sheet, en, 1),
        ("four fact sheets, 1 job", &[], sheet, en, 1),
        ("four fact sheets, all cores", &[], sheet, en, 0),
        ("full matrix, all cores", &[], &[], &[], 0),
    ];
    for (name, scopes, kinds, langs, jobs) in cases {
        let jobs = if jobs == 0 {
            std::thread::available_parallelism().map_or(1, |n| n.get())
        } else {
            jobs
        };
        let cfg = config(dir.path(), scopes, kinds, langs, jobs);
        group.bench_function(name, |b| {
            b.iter(|| {
                typst::comemo::evict(0);
                black_box(build::build(&cfg).expect("build succeeds"))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, builds);
criterion_main!(benches);
