//! `briefing charts`: every chart of the dataset as standalone SVG and PNG.

use std::path::Path;

use crate::charts::render::{DrawnChart, draw_all};
use crate::diag::{Diagnostic, Diagnostics};
use crate::output;
use crate::plan;
use crate::project::{self, Inputs};
use crate::typeset;

/// Writes every chart the audience may see as `OUT/<id>.svg` and
/// `OUT/<id>.png` (`<id>-<audience>.svg` for an audience above the lowest
/// level, as documents are named), for intranet pages and e-mail; returns the
/// files written and the warnings (label files, what a chart could not show).
/// Like a build, it removes everything marked above the audience (the
/// lowest level unless named) before planning anything.
pub fn export_charts(
    inputs: &Inputs,
    lang: Option<&str>,
    audience: Option<&str>,
    out: &Path,
) -> Result<(Vec<String>, Diagnostics), Diagnostics> {
    let (ds, _) = project::load_dataset(&inputs.data)?;
    let rank = plan::audience_rank(&ds, audience)?;
    // Named like documents: the lowest level's files carry no audience.
    let suffix = match rank {
        0 => String::new(),
        _ => format!("-{}", ds.markings[rank].id.get_ref()),
    };
    let ds = ds.for_audience(rank);
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
        let (svg_name, png_name) = (format!("{id}{suffix}.svg"), format!("{id}{suffix}.png"));
        output::write_atomic(out, &svg_name, svg.as_bytes())?;
        output::write_atomic(out, &png_name, &png)?;
        files.push(svg_name);
        files.push(png_name);
    }
    Ok((files, warnings))
}
