//! Rebuilds the binary when the embedded defaults change: `include_dir!`
//! alone does not tell cargo about files added to those folders.

fn main() {
    for dir in ["data", "templates", "fonts"] {
        println!("cargo:rerun-if-changed={dir}");
    }
}
