//! Rebuilds the binary when the embedded defaults change (`include_dir!`
//! alone does not tell cargo about files added to those folders), and tells
//! it which Typst it was built with, for `briefing --version`.

fn main() {
    for dir in ["data", "templates", "fonts"] {
        println!("cargo:rerun-if-changed={dir}");
    }
    println!("cargo:rerun-if-changed=Cargo.lock");
    // The locked version of the `typst` package: `name = "typst"` then its `version` line.
    let lock = std::fs::read_to_string("Cargo.lock").unwrap_or_default();
    let version = lock
        .split("[[package]]")
        .find(|p| p.lines().any(|l| l.trim() == "name = \"typst\""))
        .and_then(|p| p.lines().find_map(|l| l.trim().strip_prefix("version = ")))
        .map(|v| v.trim_matches('"').to_owned())
        .unwrap_or_else(|| "unknown".to_owned());
    println!("cargo:rustc-env=BRIEFING_TYPST_VERSION={version}");
}
