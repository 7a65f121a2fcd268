//! What a web page shows, as the templates receive it: the plan's
//! `DocumentData` as it is, plus what only a web page needs (the charts'
//! drawings and values, the marking band's colours, links).

use base64::Engine;
use indexmap::IndexMap;
use serde::Serialize;

use super::chart_data::{ChartData, Headings, chart_data};
use crate::plan::{DocumentData, DocumentPlan, MarkingView};

/// A fact sheet page's template context.
#[derive(Serialize)]
pub(super) struct FactsheetPage<'a> {
    /// The document's language (`<html lang>`).
    pub lang: &'a str,
    /// Everything the PDF's template receives, unchanged.
    pub data: &'a DocumentData,
    /// The web pages' own words in the document's language.
    pub words: IndexMap<String, String>,
    /// The marking band, when the document carries a banner.
    pub band: Option<Band>,
    /// The charts in the plan's order, each drawn and with its values.
    pub charts: Vec<ChartBlock>,
    /// The printed version, when the build wrote it.
    pub pdf: Option<PdfLink>,
    /// The page in every language built, this one included.
    pub alternates: Vec<super::Alternate>,
    /// `briefing <version>`.
    pub generator: String,
}

/// The marking band at the top and bottom of a page.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Band {
    /// Banner and releasability caveats, as the PDF prints them.
    pub text: String,
    /// The level's colour (`#rrggbb`), the band's background.
    pub background: String,
    /// Black or white, whichever reads better on the background.
    pub foreground: &'static str,
}

/// One chart as the page shows it.
#[derive(Serialize)]
pub(super) struct ChartBlock {
    /// Chart id.
    pub id: String,
    /// `bar`, `timeline`, `map` or `overview`.
    pub kind: &'static str,
    /// Title.
    pub title: String,
    /// Caption, may be empty.
    pub caption: String,
    /// Alternative text.
    pub alt: String,
    /// The drawing as SVG markup (plotters escapes the text it draws).
    pub svg: String,
    /// The values drawn.
    pub values: ChartData,
}

/// The link to a document's PDF.
#[derive(Serialize)]
pub(super) struct PdfLink {
    /// File name beside the page.
    pub file: String,
    /// Pages of the PDF.
    pub pages: usize,
    /// The page-1 thumbnail as a `data:` URL, so the page needs no other file.
    pub thumbnail: Option<Thumbnail>,
}

/// An image ready to place.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Thumbnail {
    /// `src`: a file name or a `data:` URL.
    pub src: String,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

impl Thumbnail {
    /// A PNG embedded as a `data:` URL.
    pub(super) fn embedded(png: &[u8], (width, height): (u32, u32)) -> Self {
        let b64 = base64::engine::general_purpose::STANDARD.encode(png);
        Thumbnail { src: format!("data:image/png;base64,{b64}"), width, height }
    }
}

/// The band for `marking`, or none when the level prints no banner.
pub(super) fn band(marking: &MarkingView, labels: &IndexMap<String, String>) -> Option<Band> {
    if marking.banner.trim().is_empty() {
        return None;
    }
    let mut text = marking.banner.clone();
    if !marking.releasable_to.is_empty() {
        let rel = labels.get("releasable_to").map(String::as_str).unwrap_or("REL TO");
        text = format!("{text} // {rel} {}", marking.releasable_to.join(", "));
    }
    // A level without a colour of its own gets the ink colour of the PDF's banner.
    let background = if crate::colour::parse(&marking.colour).is_some() {
        marking.colour.to_ascii_lowercase()
    } else {
        "#1f2933".to_owned()
    };
    let foreground = readable_on(&background);
    Some(Band { text, background, foreground })
}

/// `#000000` or `#ffffff`, whichever contrasts more with `background` (WCAG's
/// relative luminance), so the band's text meets AA on any level colour.
fn readable_on(background: &str) -> &'static str {
    let Some(rgb) = crate::colour::parse(background) else { return "#ffffff" };
    let lin = |shift: u32| {
        let c = f64::from((rgb >> shift) & 0xff) / 255.0;
        if c <= 0.03928 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    };
    let l = 0.2126 * lin(16) + 0.7152 * lin(8) + 0.0722 * lin(0);
    // Contrast with black is (l + 0.05) / 0.05, with white 1.05 / (l + 0.05).
    if (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) { "#000000" } else { "#ffffff" }
}

/// The charts of `plan`, each with its drawing from `svg` (by chart id).
pub(super) fn chart_blocks(
    plan: &DocumentPlan,
    svg: &dyn Fn(&str) -> Option<String>,
    words: &IndexMap<String, String>,
) -> Vec<ChartBlock> {
    fn word<'w>(words: &'w IndexMap<String, String>, k: &'static str) -> &'w str {
        words.get(k).map(String::as_str).unwrap_or(k)
    }
    let label = |k: &str| plan.data.labels.get(k).map(String::as_str).unwrap_or("");
    let headings = Headings {
        item: word(words, "item"),
        value: word(words, "value"),
        from: word(words, "from"),
        to: word(words, "to"),
        ongoing: label("ongoing"),
        emphasised: label("chart_emphasised"),
        shaded: label("chart_shaded"),
    };
    plan.data
        .charts
        .iter()
        .filter_map(|view| {
            let planned = plan.charts.iter().find(|c| c.id == view.id)?;
            Some(ChartBlock {
                id: view.id.clone(),
                kind: view.kind,
                title: view.title.clone(),
                caption: view.caption.clone(),
                alt: view.alt.clone(),
                svg: svg(&view.id)?,
                values: chart_data(&planned.spec, &headings),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn band_text_takes_the_colour_that_reads() {
        assert_eq!(readable_on("#ffd700"), "#000000");
        assert_eq!(readable_on("#2f6f3e"), "#ffffff");
        assert_eq!(readable_on("#a35a00"), "#ffffff");
    }
}
