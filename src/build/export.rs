//! `briefing charts`: every chart of the dataset as standalone SVG and PNG.

use std::path::Path;

use crate::charts::render::{DrawnChart, draw_all};
use crate::diag::{Diagnostic, Diagnostics};
use crate::output;
use crate::plan;
use crate::project::{self, Inputs};
use crate::typeset;

/// Writes every chart the audience may see as `OUT/<id>.svg` and
/// `OUT/<id>.png`, for intranet pages and e-mail; returns the files written and
/// the warnings (label files, what a chart could not show).
/// Like a build, it removes everything marked above the audience (the
/// lowest level unless named) before planning anything.
pub fn export_charts(
    inputs: &Inputs,
    lang: Option<&str>,
    audience: Option<&str>,
    out: &Path,
) -> Result<(Vec<String>, Diagnostics), Diagnostics> {
    let (ds, _) = project::load_dataset(&inputs.data)?;
    let ds = ds.for_audience(plan::audience_rank(&ds, audience)?);
    let declared = ds.info.languages.get_ref();
    let lang = lang.unwrap_or(&declared[0]).to_owned();
    if !declared.contains(&lang) {
        return Err(Diagnostic::usage(format!("language `{lang}` is not declared by the dataset"))
            .hint(format!("the dataset declares {}", declared.join(", ")))
            .into());
    }
    let mut warnings = Diagnostics::default();
    let locales =
        project::load_locales(inputs, &ds, std::slice::from_ref(&lang), false, &mut warnings)?;
    let Some(locale) = locales.get(&lang) else {
        return Err(Diagnostic::error(format!(
            "the templates have no labels for language `{lang}`"
        ))
        .into());
    };
    let style = project::load_chart_style(&inputs.templates)?;
    let charts: Vec<_> = plan::all_charts(&ds, locale, &lang, &style.shares)?;
    let drawn = draw_all(&charts, &style.palette)?;
    let date = typeset::build_date(None, ds.info.as_of.first_day());
    let mut files = Vec::new();
    output::guard::refuse_input_overlap(out, "--out", &inputs.folders())?;
    output::ensure_dir(out)?;
    let _lock = output::guard::lock_output(out)?;
    for chart in &drawn {
        warnings.0.extend(chart.diagnostics());
    }
    for DrawnChart { id, svg, .. } in drawn {
        let png = typeset::rasterise_svg(&id, &svg, date)?;
        output::write_atomic(out, &format!("{id}.svg"), svg.as_bytes())?;
        output::write_atomic(out, &format!("{id}.png"), &png)?;
        files.push(format!("{id}.svg"));
        files.push(format!("{id}.png"));
    }
    Ok((files, warnings))
}
