//! The values of enumerated flags as the command line spells them, each
//! converted into the library's own type: the library does not know clap.

use clap::ValueEnum;

use crate::output::images::Format;
use crate::plan::{HandoutLayout, Kind};
use crate::typeset::PdfStandardName;

/// `--kind`: a kind of document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    /// A4 fact sheet: two pages per branch, up to four combined.
    Factsheet,
    /// 16:9 slide deck with speaker notes.
    Deck,
    /// A4 handout of the deck's slides for the audience (or with notes, for the briefer).
    Handout,
}

impl From<KindArg> for Kind {
    fn from(arg: KindArg) -> Kind {
        match arg {
            KindArg::Factsheet => Kind::Factsheet,
            KindArg::Deck => Kind::Deck,
            KindArg::Handout => Kind::Handout,
        }
    }
}

/// `--handout-layout`: how handouts place the deck's slides on A4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HandoutLayoutArg {
    /// One large slide a page, with ruled lines under it.
    #[value(name = "1")]
    One,
    /// Two slides a page, each with ruled lines under it.
    #[value(name = "2")]
    Two,
    /// Three slides a page, each beside ruled lines for notes.
    #[value(name = "3")]
    Three,
    /// Four large slides a page in a 2 x 2 grid, on landscape A4.
    #[value(name = "4")]
    Four,
    /// Six slides a page in a 2 x 3 grid, with a few lines under each.
    #[value(name = "6")]
    Six,
    /// Each slide with its speaker notes below, two a page where they fit (the briefer's copy).
    #[value(name = "notes")]
    Notes,
}

impl From<HandoutLayoutArg> for HandoutLayout {
    fn from(arg: HandoutLayoutArg) -> HandoutLayout {
        match arg {
            HandoutLayoutArg::One => HandoutLayout::One,
            HandoutLayoutArg::Two => HandoutLayout::Two,
            HandoutLayoutArg::Three => HandoutLayout::Three,
            HandoutLayoutArg::Four => HandoutLayout::Four,
            HandoutLayoutArg::Six => HandoutLayout::Six,
            HandoutLayoutArg::Notes => HandoutLayout::Notes,
        }
    }
}

/// `--pdf-standard`: a PDF standard the output must conform to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PdfStandardArg {
    /// Tagged, accessible PDF/UA-1 (the default).
    #[value(name = "ua-1")]
    Ua1,
    /// Archival PDF/A-2b.
    #[value(name = "a-2b")]
    A2b,
    /// Archival PDF/A-2a (accessible; combines with ua-1).
    #[value(name = "a-2a")]
    A2a,
    /// Archival PDF/A-3b.
    #[value(name = "a-3b")]
    A3b,
}

impl From<PdfStandardArg> for PdfStandardName {
    fn from(arg: PdfStandardArg) -> PdfStandardName {
        match arg {
            PdfStandardArg::Ua1 => PdfStandardName::Ua1,
            PdfStandardArg::A2b => PdfStandardName::A2b,
            PdfStandardArg::A2a => PdfStandardName::A2a,
            PdfStandardArg::A3b => PdfStandardName::A3b,
        }
    }
}

/// `--format`: what a build writes per document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// The PDF document.
    Pdf,
    /// One PNG per page, at `--ppi` (and the thumbnail).
    Png,
    /// One SVG per page (and the thumbnail).
    Svg,
    /// Only the page-1 thumbnail.
    Thumb,
    /// A PowerPoint file per deck: each slide a picture of the PDF's page, with notes
    Pptx,
    /// A web page per fact sheet (with the thumbnail), and an index.html of the build.
    Html,
}

impl From<FormatArg> for Format {
    fn from(arg: FormatArg) -> Format {
        match arg {
            FormatArg::Pdf => Format::Pdf,
            FormatArg::Png => Format::Png,
            FormatArg::Svg => Format::Svg,
            FormatArg::Thumb => Format::Thumb,
            FormatArg::Pptx => Format::Pptx,
            FormatArg::Html => Format::Html,
        }
    }
}
