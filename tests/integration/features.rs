//! `cargo test --release` reuses what `cargo build --release` compiled only
//! while the dev-dependencies turn on no feature of a crate the build shares:
//! one more feature and Cargo compiles that crate, and every crate above it
//! (Typst among them), once more (README, "Install").

use std::collections::{BTreeMap, BTreeSet};

use crate::common::*;

/// Each package of the dependency tree with the sets of features it is built with
/// (a crate built for build scripts as well may have two).
fn features(edges: &str) -> BTreeMap<String, BTreeSet<String>> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = std::process::Command::new(cargo)
        .args(["tree", "--locked", "--offline", "--no-dedupe", "--prefix", "none"])
        .args(["-e", edges, "-f", "{p}|{f}"])
        .current_dir(root())
        .output()
        .expect("cargo runs");
    assert!(out.status.success(), "cargo tree: {}", stderr(&out));
    let mut found: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for line in stdout(&out).lines().filter(|l| !l.trim().is_empty()) {
        let (package, features) = line.split_once('|').expect("package|features");
        found.entry(package.trim().to_owned()).or_default().insert(features.trim().to_owned());
    }
    found
}

#[test]
fn dev_dependencies_turn_on_no_feature_of_a_crate_the_build_shares() {
    let build = features("normal,build");
    let tests = features("normal,build,dev");
    assert!(build.keys().any(|p| p.starts_with("typst ")), "{:?}", build.keys());
    let differ: Vec<String> = build
        .iter()
        .filter(|(package, set)| tests.get(*package) != Some(set))
        .map(|(package, set)| format!("{package}: build {set:?}, tests {:?}", tests.get(package)))
        .collect();
    assert!(
        differ.is_empty(),
        "the tests would compile these crates (and all above them) again; turn the features on in \
         [dependencies] too (as Cargo.toml does for `either` and `getrandom`):\n{}",
        differ.join("\n")
    );
}
