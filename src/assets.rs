//! The defaults compiled into the binary: dataset, templates and fonts.

use include_dir::{Dir, include_dir};

/// The default dataset (`data/`).
pub static DEFAULT_DATA: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/data");

/// The default templates (`templates/`).
pub static DEFAULT_TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");

/// The fonts documents are set in (`fonts/`); no system font is ever used.
pub static FONTS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/fonts");

/// Every file of an embedded folder, recursively, as (relative path, bytes), sorted by path.
pub fn files(dir: &'static Dir<'static>) -> Vec<(String, &'static [u8])> {
    let mut out = Vec::new();
    collect(dir, &mut out);
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn collect(dir: &'static Dir<'static>, out: &mut Vec<(String, &'static [u8])>) {
    for f in dir.files() {
        out.push((f.path().to_string_lossy().replace('\\', "/"), f.contents()));
    }
    for d in dir.dirs() {
        collect(d, out);
    }
}

/// The font files (OpenType and TrueType) among the embedded fonts.
pub fn font_files() -> Vec<&'static [u8]> {
    files(&FONTS)
        .into_iter()
        .filter(|(p, _)| {
            let p = p.to_ascii_lowercase();
            p.ends_with(".otf") || p.ends_with(".ttf")
        })
        .map(|(_, b)| b)
        .collect()
}

/// The embedded font file `name` (`fonts/<name>`), empty when there is none.
pub fn font(name: &str) -> &'static [u8] {
    FONTS.get_file(name).map(|f| f.contents()).unwrap_or_default()
}
