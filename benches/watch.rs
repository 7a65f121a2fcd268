//! Benchmarks of `briefing watch` rebuilds: one figure of the air branch
//! changes between iterations, and the session rebuilds what it affects.
//!
//! Unlike `benches/build.rs`, Typst's memoization cache is never emptied
//! here: a watch session keeps it from one rebuild to the next, which is
//! what makes rebuilds incremental.

use std::hint::black_box;
use std::path::Path;

use briefing::build::BuildConfig;
use briefing::build::Silent;
use briefing::build::session::Session;
use briefing::plan::{Kind, Selection};
use briefing::project::{DataSource, Inputs};
use briefing::typeset::world::TemplateSource;
use criterion::{Criterion, criterion_group, criterion_main};

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let path = entry.expect("entry").path();
        let target = to.join(path.file_name().expect("name"));
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy");
        }
    }
}

fn config(data: &Path, out: &Path, scopes: &[&str], kinds: &[Kind], langs: &[&str]) -> BuildConfig {
    let inputs =
        Inputs { data: DataSource::Dir(data.to_path_buf()), templates: TemplateSource::Embedded };
    let selection = Selection {
        scopes: scopes.iter().map(|s| s.to_string()).collect(),
        kinds: kinds.to_vec(),
        langs: langs.iter().map(|s| s.to_string()).collect(),
        ..Selection::default()
    };
    BuildConfig::new(inputs, selection, out)
}

/// Name, scopes, kinds and languages (empty: all).
type Case<'a> = (&'a str, &'a [&'a str], &'a [Kind], &'a [&'a str]);

fn rebuilds(c: &mut Criterion) {
    let mut group = c.benchmark_group("watch rebuild after one figure changed");
    group.sample_size(20);
    let cases: [Case; 2] =
        [("one fact sheet", &["air"], &[Kind::Factsheet], &["en"]), ("full matrix", &[], &[], &[])];
    for (name, scopes, kinds, langs) in cases {
        let dir = tempfile::tempdir().expect("temp dir");
        let data = dir.path().join("data");
        copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data"), &data);
        let figures = data.join("figures.toml");
        let text = std::fs::read_to_string(&figures).expect("figures");
        let session = Session::new(config(&data, &dir.path().join("out"), scopes, kinds, langs));
        session.rebuild(&Silent).result.expect("first build succeeds");
        let mut n = 16;
        group.bench_function(name, |b| {
            // Timed as `briefing watch` reports a rebuild: from the change to
            // the files written, without the cache trimming that follows it.
            b.iter_custom(|iters| {
                let mut total = std::time::Duration::ZERO;
                for _ in 0..iters {
                    n = if n == 16 { 17 } else { 16 };
                    let edited = text.replacen("value = 16\n", &format!("value = {n}\n"), 1);
                    std::fs::write(&figures, edited).expect("write");
                    let started = std::time::Instant::now();
                    black_box(session.rebuild(&Silent).result.expect("rebuild succeeds"));
                    total += started.elapsed();
                    session.trim_cache();
                }
                total
            })
        });
    }
    group.finish();
}

criterion_group!(benches, rebuilds);
criterion_main!(benches);
