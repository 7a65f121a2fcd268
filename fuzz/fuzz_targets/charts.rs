//! Chart declarations: arbitrary bytes as `data/charts.toml` of the built-in
//! dataset; when the dataset is valid, every chart is planned and drawn, for
//! A4 pages and for slides.
#![no_main]

use std::sync::OnceLock;

use briefing::charts::Palette;
use briefing::charts::render::{ChartPlan, draw};
use briefing::dataset::{self, geo::Outlines};
use briefing::diag::Diagnostics;
use briefing::plan::{self, ChartShares, Locale};
use briefing::project::{self, DataSource, Inputs};
use briefing::typeset::world::TemplateSource;
use libfuzzer_sys::fuzz_target;

fn outlines() -> &'static Outlines {
    static O: OnceLock<Outlines> = OnceLock::new();
    O.get_or_init(|| dataset::embedded_outlines().expect("embedded outlines"))
}

fn locale() -> &'static Locale {
    static L: OnceLock<Locale> = OnceLock::new();
    L.get_or_init(|| {
        let inputs = Inputs { data: DataSource::Embedded, templates: TemplateSource::Embedded };
        let (ds, mut warnings) = project::load_dataset(&inputs.data).expect("embedded dataset");
        let en = ["en".to_owned()];
        let mut locales = project::load_locales(&inputs, &ds, &en, false, &mut warnings)
            .unwrap_or_else(|d: Diagnostics| panic!("{}", d.render()));
        locales.swap_remove("en").expect("en labels")
    })
}

fuzz_target!(|data: &[u8]| {
    let mut files = dataset::embedded();
    let Some(charts) = files.iter_mut().find(|f| f.name.ends_with("/charts.toml")) else { return };
    charts.bytes = data.to_vec();
    let Ok((ds, _)) = dataset::load(files, || Ok(outlines().clone())) else { return };
    let Ok(planned) = plan::all_charts(&ds, locale(), "en", &ChartShares::default()) else { return };
    for chart in &planned {
        let _ = draw(chart, &Palette::default());
        let _ = draw(&ChartPlan { share: None, ..chart.clone() }, &Palette::default());
    }
});
