//! Chart declarations: arbitrary bytes as `data/charts.toml` of the built-in
//! dataset; when the dataset is valid, every chart is planned and drawn.
#![no_main]

use std::sync::OnceLock;

use briefing::charts::Palette;
use briefing::dataset::{self, geo::Outlines};
use briefing::pipeline;
use briefing::plan::{self, Kind, Locale};
use briefing::typeset::world::TemplateSource;
use libfuzzer_sys::fuzz_target;

fn outlines() -> &'static Outlines {
    static O: OnceLock<Outlines> = OnceLock::new();
    O.get_or_init(|| dataset::embedded_outlines().expect("embedded outlines"))
}

fn locale() -> &'static Locale {
    static L: OnceLock<Locale> = OnceLock::new();
    L.get_or_init(|| {
        let mut l = pipeline::load_locales(&TemplateSource::Embedded, &["en".to_owned()])
            .expect("embedded labels");
        l.swap_remove("en").expect("en labels")
    })
}

fuzz_target!(|data: &[u8]| {
    let mut files = dataset::embedded();
    let Some(charts) = files.iter_mut().find(|f| f.name.ends_with("/charts.toml")) else { return };
    charts.bytes = data.to_vec();
    let Ok((ds, _)) = dataset::load(files, || Ok(outlines().clone())) else { return };
    let Ok(planned) = plan::all_charts(&ds, locale(), "en") else { return };
    for (chart, _view) in &planned {
        for kind in [Kind::Factsheet, Kind::Deck] {
            let _ = pipeline::draw_chart(chart, &Palette::default(), kind);
        }
    }
});
