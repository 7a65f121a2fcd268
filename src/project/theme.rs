//! The templates' `theme.toml`: the colours charts are drawn in and the widths
//! A4 charts are set at.

use std::sync::Arc;

use indexmap::IndexMap;
use toml::Spanned;

use crate::charts::{Palette, Rgb};
use crate::diag::{Diagnostic, Diagnostics, SourceText};
use crate::plan::ChartShares;
use crate::typeset::world::TemplateSource;

/// The parts of `theme.toml` that charts use: colour tokens and chart widths,
/// with where each value stands for errors.
#[derive(Debug, serde::Deserialize)]
struct ThemeFile {
    colours: Spanned<IndexMap<String, Spanned<String>>>,
    chart: ChartTokens,
}

#[derive(Debug, serde::Deserialize)]
struct ChartTokens {
    tones: Spanned<Vec<Spanned<String>>>,
    land: Spanned<String>,
    water: Spanned<String>,
    #[serde(default)]
    share: ShareTokens,
}

/// `[chart.share]` as written, with where each value stands for errors.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ShareTokens {
    bar: Option<Spanned<f64>>,
    map: Option<Spanned<f64>>,
    overview: Option<Spanned<f64>>,
    timeline: Option<Spanned<f64>>,
}

/// How charts are drawn for the templates: their palette, and their widths on A4 pages.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChartStyle {
    /// Colours, from the templates' colour tokens.
    pub palette: Palette,
    /// Widths of A4 charts as shares of the text width.
    pub shares: ChartShares,
}

/// Reads the chart palette and widths from the templates' `theme.toml`, the
/// file the templates take their colours and chart widths from; templates
/// without one get the defaults.
pub fn load_chart_style(templates: &TemplateSource) -> Result<ChartStyle, Diagnostics> {
    let Ok(bytes) = templates.read_file("/theme.toml") else { return Ok(ChartStyle::default()) };
    let file = Arc::new(SourceText {
        name: templates.display_name_of("/theme.toml"),
        text: String::from_utf8_lossy(&bytes).into_owned(),
    });
    let theme: ThemeFile = toml::from_str(&file.text)
        .map_err(|e| Diagnostics::from(crate::dataset::load::toml_file_error(&file, &e)))?;
    // Every bad token is reported, each on its line; the defaults stand in for them
    // until the end, where any error fails the whole.
    let errors = std::cell::RefCell::new(Diagnostics::default());
    let fail = |msg: String, span: std::ops::Range<usize>, hint: Option<&str>| {
        let d = Diagnostic::error(msg).at(&file, span);
        errors.borrow_mut().push(match hint {
            Some(h) => d.hint(h.to_owned()),
            None => d,
        });
    };
    let colour = |v: &Spanned<String>| -> Rgb {
        match crate::colour::parse(v.get_ref()) {
            Some(n) => Rgb::hex(n),
            None => {
                fail(crate::colour::not_a_colour(v.get_ref()), v.span(), Some(crate::colour::HINT));
                Rgb::hex(0)
            }
        }
    };
    let colours = theme.colours.get_ref();
    let token = |k: &str| -> Rgb {
        match colours.get(k) {
            Some(v) => colour(v),
            None => {
                // The table's header line: where the missing token belongs.
                let at = theme.colours.span().start;
                fail(
                    format!("`[colours]` lacks the colour `{k}`, which charts use"),
                    at..file.line_end(at),
                    Some(&format!("add `{k} = \"#rrggbb\"` to `[colours]`")),
                );
                Rgb::hex(0)
            }
        }
    };
    let ink = token("ink");
    let accent = token("accent-text");
    let muted = token("muted");
    let rule = token("rule");
    let tones: Vec<Rgb> = theme.chart.tones.get_ref().iter().map(colour).collect();
    let land = colour(&theme.chart.land);
    let water = colour(&theme.chart.water);
    let tones = match tones[..] {
        [t0, t1, t2, t3] => [t0, t1, t2, t3],
        _ => {
            fail(
                format!(
                    "`tones` needs exactly 4 colours, darkest first; it has {}",
                    theme.chart.tones.get_ref().len()
                ),
                theme.chart.tones.span(),
                Some("one tone per lightness group of the charts, e.g. one per branch"),
            );
            [Rgb::hex(0); 4]
        }
    };
    let share = |kind: &str, token: &Option<Spanned<f64>>, default: f64| match token {
        None => default,
        Some(token) if (20.0..=100.0).contains(token.get_ref()) => *token.get_ref(),
        Some(token) => {
            fail(
                format!(
                    "the share of a {kind} chart must lie between 20 and 100 (per cent); it is {}",
                    token.get_ref()
                ),
                token.span(),
                None,
            );
            default
        }
    };
    let (written, default) = (&theme.chart.share, ChartShares::default());
    let shares = ChartShares {
        bar: share("bar", &written.bar, default.bar),
        map: share("map", &written.map, default.map),
        overview: share("overview", &written.overview, default.overview),
        timeline: share("timeline", &written.timeline, default.timeline),
    };
    let errors = errors.into_inner();
    if errors.has_errors() {
        return Err(errors);
    }
    let palette =
        Palette { ink, accent, muted, rule, surface: Rgb::hex(0xffffff), tones, land, water };
    Ok(ChartStyle { palette, shares })
}
