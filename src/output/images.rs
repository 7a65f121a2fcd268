//! Page images (`--format png,svg`, `--ppi`) and page-1 thumbnails.
//!
//! Page `n` of `OUT/<doc>.pdf` is written beside it as `OUT/<doc>-<n>.png` or
//! `.svg`, the page number zero-padded to the width of the page count
//! (`deck-air-en-01.png` … `deck-air-en-14.png`), so names sort in page order;
//! the thumbnail is `OUT/<doc>.thumb.png`, [`THUMBNAIL_WIDTH`] pixels wide.

use typst::utils::Scalar;
use typst_layout::Page;

/// What a build writes per document (`--format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    /// The PDF document.
    Pdf,
    /// One PNG per page, at `--ppi` (and the thumbnail).
    Png,
    /// One SVG per page (and the thumbnail).
    Svg,
    /// Only the page-1 thumbnail.
    Thumb,
    /// A PowerPoint file per deck (src/output/pptx).
    Pptx,
    /// A web page per fact sheet (and the thumbnail), and the build's `index.html`.
    Html,
}

/// The formats asked for, resolved.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Formats {
    /// Write the PDF.
    pub pdf: bool,
    /// Write a PNG per page.
    pub png: bool,
    /// Write an SVG per page.
    pub svg: bool,
    /// Write the page-1 thumbnail.
    pub thumbnail: bool,
    /// Write a PowerPoint file per deck.
    pub pptx: bool,
    /// Write a web page per fact sheet and the build's `index.html`.
    pub html: bool,
    /// Resolution of page PNGs, in pixels per inch.
    pub ppi: f32,
}

/// Default resolution of page PNGs, in pixels per inch (`--ppi`).
pub const DEFAULT_PPI: u16 = 144;

/// The highest resolution `--ppi` takes: print quality, and within
/// [`MAX_PIXELS`] for an A4 page (35 megapixels) and a 16:9 slide.
pub const MAX_PPI: u16 = 600;

/// Width of a thumbnail in pixels.
pub const THUMBNAIL_WIDTH: u32 = 320;

/// The largest image rendered, in pixels (a 600 ppi A3 page is about 70 million).
const MAX_PIXELS: u64 = 100_000_000;

impl Default for Formats {
    fn default() -> Self {
        Formats {
            pdf: true,
            png: false,
            svg: false,
            thumbnail: false,
            pptx: false,
            html: false,
            ppi: f32::from(DEFAULT_PPI),
        }
    }
}

impl Formats {
    /// Whether only PowerPoint files were asked for, which only decks have.
    pub fn pptx_only(&self) -> bool {
        self.pptx && !(self.pdf || self.png || self.svg || self.thumbnail || self.html)
    }

    /// Resolves `--format` and `--ppi`: page images and web pages imply a
    /// thumbnail (a web page shows it, the index lists it).
    pub fn new(list: &[Format], ppi: f32) -> Self {
        let has = |f: Format| list.contains(&f);
        let (png, svg, html) = (has(Format::Png), has(Format::Svg), has(Format::Html));
        Formats {
            pdf: has(Format::Pdf),
            png,
            svg,
            thumbnail: png || svg || html || has(Format::Thumb),
            pptx: has(Format::Pptx),
            html,
            ppi,
        }
    }
}

/// The name of page `page` (1-based) of a document of `pages` pages.
pub fn page_name(stem: &str, page: usize, pages: usize, ext: &str) -> String {
    let width = pages.max(1).to_string().len();
    format!("{stem}-{page:0width$}.{ext}")
}

/// The name of a document's thumbnail.
pub fn thumbnail_name(stem: &str) -> String {
    format!("{stem}.thumb.png")
}

/// Whether `name` is a page image of the document `stem` in `ext` (any page number or padding).
pub fn is_page_image(name: &str, stem: &str, ext: &str) -> bool {
    name.strip_prefix(stem)
        .and_then(|r| r.strip_prefix('-'))
        .and_then(|r| r.strip_suffix(ext))
        .and_then(|r| r.strip_suffix('.'))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// The size in pixels of a page of `width` × `height` pt rendered at
/// `pixel_per_pt`, when it stays within [`MAX_PIXELS`]; the same arithmetic
/// as typst-render, so the size can be checked before rendering.
fn pixel_size(width: f64, height: f64, pixel_per_pt: f32) -> Option<(u64, u64)> {
    let w = (pixel_per_pt * width as f32).round().max(1.0);
    let h = (pixel_per_pt * height as f32).round().max(1.0);
    let fits = w.is_finite() && h.is_finite() && (w as u64).saturating_mul(h as u64) <= MAX_PIXELS;
    fits.then_some((w as u64, h as u64))
}

/// A page rendered as PNG at `pixel_per_pt`: the file and its size in pixels.
fn png(page: &Page, pixel_per_pt: f32) -> Result<(Vec<u8>, (u32, u32)), String> {
    let size = page.frame.size();
    if pixel_size(size.x.to_pt(), size.y.to_pt(), pixel_per_pt).is_none() {
        return Err(format!(
            "a {:.0} × {:.0} pt page at this resolution would exceed {} megapixels",
            size.x.to_pt(),
            size.y.to_pt(),
            MAX_PIXELS / 1_000_000
        ));
    }
    let options = typst_render::RenderOptions {
        pixel_per_pt: Scalar::new(f64::from(pixel_per_pt)),
        render_bleed: false,
    };
    let pixmap = typst_render::render(page, &options);
    let dims = (pixmap.width(), pixmap.height());
    pixmap.encode_png().map(|png| (png, dims)).map_err(|e| format!("cannot encode PNG: {e}"))
}

/// A page as PNG at `ppi` pixels per inch.
pub fn png_at_ppi(page: &Page, ppi: f32) -> Result<(Vec<u8>, (u32, u32)), String> {
    png(page, ppi / 72.0)
}

/// A page as PNG [`THUMBNAIL_WIDTH`] pixels wide.
pub fn thumbnail(page: &Page) -> Result<(Vec<u8>, (u32, u32)), String> {
    let width = page.frame.width().to_pt() as f32;
    if !(width.is_finite() && width > 0.0) {
        return Err("the first page has no width".to_owned());
    }
    png(page, THUMBNAIL_WIDTH as f32 / width)
}

/// A page as SVG.
pub fn svg(page: &Page) -> String {
    typst_svg::svg(page, &typst_svg::SvgOptions { render_bleed: false, pretty: false })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_highest_documented_resolution_renders_every_page_kind() {
        let at_most = f32::from(MAX_PPI) / 72.0;
        // A4 portrait, and the 16:9 slide of templates/lib/slides.typ.
        for (w, h) in [(595.28, 841.89), (960.0, 540.0)] {
            let (pw, ph) = pixel_size(w, h, at_most).expect("within the pixel limit");
            assert!(pw * ph <= MAX_PIXELS, "{w} × {h} pt at {MAX_PPI} ppi");
        }
        // The limit is real: twice the resolution would not fit an A4 page.
        assert!(pixel_size(595.28, 841.89, 2.0 * at_most).is_none());
    }

    #[test]
    fn page_names_sort_in_page_order() {
        assert_eq!(page_name("deck-air-en", 3, 14, "png"), "deck-air-en-03.png");
        assert_eq!(page_name("factsheet-air-en", 2, 2, "svg"), "factsheet-air-en-2.svg");
        assert!(is_page_image("deck-air-en-03.png", "deck-air-en", "png"));
        assert!(!is_page_image("deck-air-en-03.png", "deck-air", "png"));
        assert!(!is_page_image("deck-air-en.thumb.png", "deck-air-en", "png"));
        assert!(!is_page_image("deck-air-en-.png", "deck-air-en", "png"));
    }

    #[test]
    fn formats_imply_a_thumbnail_with_images() {
        let f = Formats::new(&[Format::Png], 144.0);
        assert!(!f.pdf && f.png && f.thumbnail);
        assert!(!Formats::new(&[Format::Pdf], 144.0).thumbnail);
        assert!(Formats::new(&[Format::Pdf, Format::Thumb], 144.0).thumbnail);
    }
}
