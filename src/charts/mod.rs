//! Charts for briefing documents, drawn with Plotters into SVG text.
//!
//! Every chart is a pure function from a plain input struct and a [`ChartTheme`] to the text of
//! an SVG document, which Typst then places as a vector image. The SVG carries no chart title
//! (the document prints title and caption) and its text says `font-family="Inter"` with
//! `font-weight="600"` for strong text, so Typst sets it with the document's own Inter fonts;
//! text is measured with the same font files, passed in through [`ChartFonts`].
//!
//! Colour is never the only carrier of meaning: series and groups step down a lightness ladder
//! ([`Palette::tones`]), emphasis uses the accent plus a heavier weight (and a hatch on maps), and
//! values and names are written next to what they label. The same input always gives the same
//! bytes.

mod bars;
mod geometry;
mod map;
pub mod render;
mod timeline;

#[cfg(test)]
mod tests;

use std::fmt;

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::prelude::{DrawingAreaErrorKind, FontDesc, FontFamily, FontStyle, RGBColor};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, RGBAColor, TextStyle};

pub use bars::{
    Bar, BarChart, GroupedBarChart, NumberFormat, Series, bar_chart, grouped_bar_chart,
};
pub use map::{
    CountryStyle, MapChart, MapCountry, MapDrawing, MapInset, MapPoint, map_chart, map_drawing,
    map_extent,
};
pub use timeline::{Marker, TimelineChart, TimelineRow, timeline_chart};

/// The font family name written into every SVG `font-family` attribute.
pub const FONT_FAMILY: &str = "Inter";

/// Why a chart could not be drawn.
#[derive(Debug, Clone, PartialEq)]
pub enum ChartError {
    /// The input has nothing to draw, e.g. "no bars to draw".
    Empty(&'static str),
    /// The input is not drawable as given, e.g. a negative or non-finite value.
    Invalid(String),
    /// The chart does not fit its theme's size, or a label has no free place.
    Layout(String),
    /// A font in the theme could not be read.
    Font(String),
    /// Plotters failed while drawing.
    Draw(String),
}

impl fmt::Display for ChartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChartError::Empty(what) => write!(f, "no {what} to draw"),
            ChartError::Invalid(msg) | ChartError::Layout(msg) => f.write_str(msg),
            ChartError::Font(msg) => write!(f, "chart font: {msg}"),
            ChartError::Draw(msg) => write!(f, "drawing chart: {msg}"),
        }
    }
}

impl std::error::Error for ChartError {}

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for ChartError {
    fn from(err: DrawingAreaErrorKind<E>) -> Self {
        ChartError::Draw(err.to_string())
    }
}

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// A colour from a `0xRRGGBB` literal.
    pub const fn hex(v: u32) -> Rgb {
        Rgb((v >> 16) as u8, (v >> 8) as u8, v as u8)
    }

    fn rgb(self) -> RGBColor {
        RGBColor(self.0, self.1, self.2)
    }

    fn alpha(self, a: f64) -> RGBAColor {
        self.rgb().mix(a)
    }
}

/// Semantic colours of a chart; each reads in grayscale by lightness alone.
#[derive(Debug, Clone, PartialEq)]
pub struct Palette {
    /// Text, axes and the darkest data (deep navy).
    pub ink: Rgb,
    /// Emphasis: the one thing a chart points at (mid-dark red, apart from ink in grayscale).
    pub accent: Rgb,
    /// Secondary text: tick labels, axis labels, notes.
    pub muted: Rgb,
    /// Grid lines and hairlines.
    pub rule: Rgb,
    /// Background.
    pub surface: Rgb,
    /// Lightness ladder for series and groups, darkest first; neighbours differ clearly in grey.
    pub tones: [Rgb; 4],
    /// Land on maps that is not the subject.
    pub land: Rgb,
    /// Sea and lakes on maps.
    pub water: Rgb,
}

impl Default for Palette {
    fn default() -> Self {
        Palette {
            ink: Rgb::hex(0x1b2a41),
            accent: Rgb::hex(0xc8102e),
            muted: Rgb::hex(0x5b6575),
            rule: Rgb::hex(0xd6dce4),
            surface: Rgb::hex(0xffffff),
            tones: [Rgb::hex(0x1b2a41), Rgb::hex(0x4f6788), Rgb::hex(0x8ea2bb), Rgb::hex(0xc3cedb)],
            land: Rgb::hex(0xe2e6eb),
            water: Rgb::hex(0xf4f6f9),
        }
    }
}

/// The Inter font files charts measure their text with (OpenType data, e.g. `include_bytes!`).
#[derive(Clone, Copy)]
pub struct ChartFonts {
    /// Inter Regular: ordinary labels.
    pub regular: &'static [u8],
    /// Inter SemiBold: values, emphasis and place names (written as `font-weight="600"`).
    pub semibold: &'static [u8],
}

impl ChartFonts {
    /// The embedded Inter, the font the documents are set in.
    pub fn embedded() -> Self {
        ChartFonts {
            regular: crate::assets::font("Inter-Regular.otf"),
            semibold: crate::assets::font("Inter-SemiBold.otf"),
        }
    }
}

impl fmt::Debug for ChartFonts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChartFonts")
            .field("regular", &format_args!("{} bytes", self.regular.len()))
            .field("semibold", &format_args!("{} bytes", self.semibold.len()))
            .finish()
    }
}

/// Size, type sizes and colours of a chart.
#[derive(Debug, Clone)]
pub struct ChartTheme {
    /// Width of the SVG in px.
    pub width: u32,
    /// Height of the SVG in px.
    pub height: u32,
    /// The fonts text is measured with; the SVG names them as family "Inter".
    pub fonts: ChartFonts,
    /// Colours.
    pub palette: Palette,
    /// Size of labels and values, in px.
    pub text_px: f64,
    /// Size of ticks, axis labels and notes, in px.
    pub small_px: f64,
    /// Width of hairlines (grid, axes, borders), in px.
    pub line_px: u32,
    /// The basic spacing unit, in px.
    pub pad: f64,
}

impl ChartTheme {
    /// A 720×360 chart for A4 pages: 15/14 px text.
    pub fn a4(fonts: ChartFonts) -> ChartTheme {
        ChartTheme {
            width: 720,
            height: 360,
            fonts,
            palette: Palette::default(),
            text_px: 15.0,
            small_px: 14.0,
            line_px: 1,
            pad: 8.0,
        }
    }

    /// A chart for `share` (0 to 1) of the A4 text width, drawn 1000 px to the full width:
    /// its 15/14 px text prints at about 7.5/7 pt, the size of captions, at any share.
    pub fn a4_share(fonts: ChartFonts, share: f64) -> ChartTheme {
        let width = (1000.0 * share.clamp(0.1, 1.0)).round() as u32;
        ChartTheme { width, height: width / 2, ..ChartTheme::a4(fonts) }
    }

    /// A 1280×720 chart for 16:9 slides: 26/23 px text, 2 px lines.
    pub fn slide(fonts: ChartFonts) -> ChartTheme {
        ChartTheme {
            width: 1280,
            height: 720,
            fonts,
            palette: Palette::default(),
            text_px: 26.0,
            small_px: 23.0,
            line_px: 2,
            pad: 14.0,
        }
    }
}

/// Text weight: regular, or semibold (plotters' `Bold` slot, rewritten to `font-weight="600"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Weight {
    Regular,
    Strong,
}

/// Type set-up of one render: registered fonts and the theme's sizes.
pub(crate) struct Typo {
    pub(crate) text: f64,
    pub(crate) small: f64,
}

impl Typo {
    /// Registers the theme's fonts under [`FONT_FAMILY`] (plotters keeps them process-wide).
    pub(crate) fn new(theme: &ChartTheme) -> Result<Typo, ChartError> {
        plotters::style::register_font(FONT_FAMILY, FontStyle::Normal, theme.fonts.regular)
            .map_err(|_| ChartError::Font("the regular font is not OpenType data".into()))?;
        plotters::style::register_font(FONT_FAMILY, FontStyle::Bold, theme.fonts.semibold)
            .map_err(|_| ChartError::Font("the semibold font is not OpenType data".into()))?;
        if !(theme.text_px > 0.0 && theme.small_px > 0.0 && theme.pad >= 0.0) {
            return Err(ChartError::Invalid("theme text sizes must be positive".into()));
        }
        let room = 4.0 * theme.pad + 6.0 * theme.text_px;
        if f64::from(theme.width) < room || f64::from(theme.height) < room {
            return Err(ChartError::Invalid(format!(
                "a {}×{} chart is too small for {} px text",
                theme.width, theme.height, theme.text_px
            )));
        }
        Ok(Typo { text: theme.text_px, small: theme.small_px })
    }

    /// The plotters font for `px` (the SVG backend writes `size / 1.24` as font-size).
    pub(crate) fn font(px: f64, weight: Weight) -> FontDesc<'static> {
        let style = match weight {
            Weight::Regular => FontStyle::Normal,
            Weight::Strong => FontStyle::Bold,
        };
        FontDesc::new(FontFamily::Name(FONT_FAMILY), plotters_size(px), style)
    }

    /// A text style of `px` size, colour and anchor.
    pub(crate) fn style(
        px: f64,
        weight: Weight,
        color: Rgb,
        h: HPos,
        v: VPos,
    ) -> TextStyle<'static> {
        TextStyle {
            font: Typo::font(px, weight),
            color: color.rgb().to_backend_color(),
            pos: Pos::new(h, v),
        }
    }

    /// Advance width of `text` at `px` in SVG px (ab_glyph, Inter; a few per cent generous).
    pub(crate) fn width(text: &str, px: f64, weight: Weight) -> Result<f64, ChartError> {
        if text.is_empty() {
            return Ok(0.0);
        }
        let (w, _) = Typo::font(px, weight)
            .box_size(text)
            .map_err(|e| ChartError::Font(format!("measuring {text:?}: {e}")))?;
        Ok(f64::from(w))
    }

    /// `text` cut with an ellipsis so that it is at most `max` px wide.
    pub(crate) fn fit(text: &str, px: f64, weight: Weight, max: f64) -> Result<String, ChartError> {
        if Typo::width(text, px, weight)? <= max {
            return Ok(text.to_string());
        }
        let chars: Vec<char> = text.chars().collect();
        let mut n = chars.len();
        while n > 0 {
            n -= 1;
            let cut: String = chars[..n].iter().collect::<String>().trim_end().to_string() + "…";
            if Typo::width(&cut, px, weight)? <= max {
                return Ok(cut);
            }
        }
        Ok("…".to_string())
    }
}

impl Typo {
    /// `text` broken at spaces into lines at most `max` px wide, at most `max_lines` of them;
    /// a word wider than a line, or the rest of a text longer than `max_lines`, is cut with an
    /// ellipsis in the last line.
    pub(crate) fn wrap(
        text: &str,
        px: f64,
        weight: Weight,
        max: f64,
        max_lines: usize,
    ) -> Result<Vec<String>, ChartError> {
        let mut lines: Vec<String> = Vec::new();
        let mut line = String::new();
        let mut words = text.split_whitespace().peekable();
        while let Some(word) = words.next() {
            let joined = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
            if line.is_empty() || Typo::width(&joined, px, weight)? <= max {
                line = joined;
                continue;
            }
            if lines.len() + 1 == max_lines.max(1) {
                let rest: Vec<&str> = std::iter::once(word).chain(words.by_ref()).collect();
                line = format!("{line} {}", rest.join(" "));
                break;
            }
            lines.push(std::mem::replace(&mut line, word.to_string()));
        }
        if !line.is_empty() || lines.is_empty() {
            lines.push(line);
        }
        lines.iter().map(|l| Typo::fit(l, px, weight, max)).collect()
    }
}

/// The plotters font size for `px` (the SVG backend writes `size / 1.24` as font-size).
fn plotters_size(px: f64) -> f64 {
    px * 1.24
}

/// Finishes a plotters SVG: strong text becomes Inter SemiBold (`font-weight="600"`) and font
/// sizes lose the float noise of plotters' `size / 1.24` (`15.000000000000002` → `15`).
///
/// Plotters only knows `bold`; attribute values are quoted and text content has its quotes
/// escaped, so the rewriting touches attributes only.
pub(crate) fn finish_svg(svg: String) -> String {
    const SIZE: &str = "font-size=\"";
    let svg = svg.replace("font-weight=\"bold\"", "font-weight=\"600\"");
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg.as_str();
    while let Some(i) = rest.find(SIZE) {
        let (head, tail) = rest.split_at(i + SIZE.len());
        out.push_str(head);
        let end = tail.find('"').unwrap_or(tail.len());
        match tail[..end].parse::<f64>() {
            Ok(v) => out.push_str(&fmt_number(v)),
            Err(_) => out.push_str(&tail[..end]),
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// The error for a chart whose plot is `plot_h` px high where `need` px are needed.
pub(crate) fn too_short(what: &str, need: f64, plot_h: f64, height: u32) -> ChartError {
    let need_height = (f64::from(height) - plot_h + need).ceil();
    ChartError::Layout(format!(
        "{what} need a chart at least {need_height} px high; this one is {height} px"
    ))
}

/// Checks that a value is finite and not negative.
pub(crate) fn check_value(what: &str, value: f64) -> Result<(), ChartError> {
    if !value.is_finite() {
        return Err(ChartError::Invalid(format!("value {value} for {what:?} is not a number")));
    }
    if value < 0.0 {
        return Err(ChartError::Invalid(format!(
            "value {} for {what:?} is negative",
            fmt_number(value)
        )));
    }
    Ok(())
}

/// A number as a reader writes it: no trailing zeros, at most two decimals.
pub(crate) fn fmt_number(v: f64) -> String {
    let r = (v * 100.0).round() / 100.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        let s = format!("{r:.2}");
        s.trim_end_matches('0').to_string()
    }
}

/// Nice tick positions from 0 covering `max`: steps of 1, 2, 2.5 or 5 times a power of ten
/// (no 2.5 for whole numbers), at most `max_ticks` intervals.
pub(crate) fn nice_ticks(max: f64, max_ticks: usize, whole: bool) -> Vec<f64> {
    let max = if max > 0.0 { max } else { 1.0 };
    let max_ticks = max_ticks.max(1) as f64;
    let raw = max / max_ticks;
    let mag = 10f64.powf(raw.log10().floor());
    let mut step = mag * 10.0;
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        let s = m * mag;
        if whole && (s < 1.0 || (m == 2.5 && s < 10.0)) {
            continue;
        }
        if s >= raw {
            step = s;
            break;
        }
    }
    if whole {
        step = step.max(1.0);
    }
    let n = (max / step + 1e-9).floor() as usize;
    (0..=n).map(|i| i as f64 * step).collect()
}

/// A linear f64 axis whose grid lines and tick labels sit exactly at the given values.
#[derive(Debug, Clone)]
pub(crate) struct TickAxis {
    lo: f64,
    hi: f64,
    ticks: Vec<f64>,
}

impl TickAxis {
    /// The axis `lo..hi` with ticks at `ticks`.
    pub(crate) fn new(lo: f64, hi: f64, ticks: Vec<f64>) -> TickAxis {
        TickAxis { lo, hi, ticks }
    }
}

impl Ranged for TickAxis {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let t = (value - self.lo) / (self.hi - self.lo);
        if !t.is_finite() {
            return limit.0;
        }
        limit.0 + (f64::from(limit.1 - limit.0) * t).round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.max_num_points() == 0 { Vec::new() } else { self.ticks.clone() }
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.lo..self.hi
    }
}

/// Pixel rounding for plotters' integer backend coordinates.
pub(crate) fn px(v: f64) -> i32 {
    v.round() as i32
}
