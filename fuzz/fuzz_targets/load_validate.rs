//! Load + validate on arbitrary bytes: the first byte picks which file of the
//! built-in dataset the rest replaces, so cross-file references stay exercised.
#![no_main]

use briefing::dataset::{self, DataFile};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else { return };
    let mut files = dataset::embedded();
    let i = usize::from(pick) % (files.len() + 1);
    if i == files.len() {
        // One extra file beside the whole dataset.
        files.push(DataFile { name: "data/zz-fuzz.toml".into(), bytes: bytes.to_vec() });
    } else {
        files[i].bytes = bytes.to_vec();
    }
    match dataset::load(files, || Ok(Default::default())) {
        Ok(_) => {}
        Err(diags) => {
            assert!(diags.has_errors());
            for d in &diags.0 {
                // Every located diagnostic points inside its file, and renders.
                if let Some(loc) = &d.location {
                    assert!(loc.span.start <= loc.file.text.len(), "{d}");
                    let _ = loc.line_col();
                }
                let _ = d.render();
            }
        }
    }
});
