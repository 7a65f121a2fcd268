//! The map's key: places whose names have no room on the map, listed below or beside the
//! frame. A place inside the frame is marked by a number beside its dot and the same number in
//! the key; a place outside it by an arrow pointing toward it.

use super::super::geometry::Rect;
use super::super::{ChartError, Typo, Weight};

/// Which side of the frame the key is set on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum KeySide {
    /// Under the frame, in columns as wide as the frame allows.
    Below,
    /// Right of the frame, in one column.
    Right,
}

/// What marks a key entry.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum KeyMark {
    /// The number written beside the place's dot.
    Number(String),
    /// An arrow toward a place outside the frame: its unit direction in px, y down.
    Arrow((f64, f64)),
}

/// One entry of the key as placed.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct KeyEntry {
    /// The number or arrow.
    pub(super) mark: KeyMark,
    /// Where the mark is centred, in px.
    pub(super) mark_at: (f64, f64),
    /// The name's lines, each with where it is set (left-anchored, centred vertically).
    pub(super) lines: Vec<(String, (f64, f64))>,
    /// The box the entry takes, in px.
    pub(super) rect: Rect,
}

/// A key being filled: where it may go, and what it holds and was refused.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Key {
    /// Where the entries may go; `None` when there is no room for a key.
    area: Option<Rect>,
    /// The side of the frame the area is on.
    pub(super) side: KeySide,
    /// Number of columns, and the width of each.
    cols: usize,
    col_w: f64,
    /// Width of the mark column, before the names.
    mark_w: f64,
    /// Distance between two lines' centres.
    pub(super) line_h: f64,
    /// Space between entries, columns and the frame.
    gap: f64,
    /// Type size of the key.
    px: f64,
    /// The column being filled and the top of the next entry in it.
    col: usize,
    y: f64,
    /// The entries placed, in the order they were added.
    pub(super) entries: Vec<KeyEntry>,
    /// How many entries had no room.
    pub(super) refused: usize,
    /// Every entry asked for, placed or not: its width unbroken, and its lines in a column.
    pub(super) asked: Vec<(f64, usize)>,
}

impl Key {
    /// A key in `area` (none: every entry is refused) on `side`, set in the small size.
    pub(super) fn new(
        area: Option<Rect>,
        side: KeySide,
        typo: &Typo,
        pad: f64,
    ) -> Result<Self, ChartError> {
        let px = typo.small;
        let gap = pad;
        let mark_w = Typo::width("00", px, Weight::Strong)? + pad;
        let width = area.map_or(0.0, |a| a.x1 - a.x0);
        let cols = match side {
            KeySide::Below => ((width + gap) / (px * 24.0 + gap)).floor().clamp(1.0, 3.0) as usize,
            KeySide::Right => 1,
        };
        let col_w = (width - gap * (cols as f64 - 1.0)) / cols as f64;
        let y = area.map_or(0.0, |a| a.y0);
        Ok(Key {
            area,
            side,
            cols,
            col_w,
            mark_w,
            line_h: px * 1.3,
            gap,
            px,
            col: 0,
            y,
            entries: Vec::new(),
            refused: 0,
            asked: Vec::new(),
        })
    }

    /// The number the next numbered entry gets.
    pub(super) fn next_number(&self) -> String {
        let n = self.entries.iter().filter(|e| matches!(e.mark, KeyMark::Number(_))).count();
        (n + 1).to_string()
    }

    /// Adds `text` marked `mark` if it has room; says whether it had.
    pub(super) fn add(&mut self, mark: KeyMark, text: &str) -> Result<bool, ChartError> {
        let name_w = (self.col_w - self.mark_w).max(self.px * 6.0);
        let lines = Typo::wrap(text, self.px, Weight::Regular, name_w, 3)?;
        let natural = Typo::width(text, self.px, Weight::Regular)? + self.mark_w;
        self.asked.push((natural, lines.len()));
        let h = self.line_h * lines.len() as f64;
        let Some(area) = self.area else {
            self.refused += 1;
            return Ok(false);
        };
        if self.y + h > area.y1 + 0.5 && self.col + 1 < self.cols {
            self.col += 1;
            self.y = area.y0;
        }
        if self.y + h > area.y1 + 0.5 || self.col_w < self.mark_w + self.px * 6.0 {
            self.refused += 1;
            return Ok(false);
        }
        let x0 = area.x0 + self.col as f64 * (self.col_w + self.gap);
        let first = self.y + self.line_h / 2.0;
        let mark_at = (x0 + (self.mark_w - self.gap) / 2.0, first);
        let lines: Vec<(String, (f64, f64))> = lines
            .into_iter()
            .enumerate()
            .map(|(k, l)| (l, (x0 + self.mark_w, first + k as f64 * self.line_h)))
            .collect();
        let rect = Rect::new(x0, self.y, x0 + self.col_w, self.y + h);
        self.entries.push(KeyEntry { mark, mark_at, lines, rect });
        self.y += h + self.line_h * 0.15;
        Ok(true)
    }

    /// The room a key for everything asked of this one needs: its height below the frame, or
    /// its width beside it, with the gap to the frame.
    pub(super) fn needed(&self, frame_w: f64) -> f64 {
        match self.side {
            KeySide::Below => {
                let cols =
                    ((frame_w + self.gap) / (self.px * 24.0 + self.gap)).floor().clamp(1.0, 3.0);
                let lines: usize = self.asked.iter().map(|a| a.1).sum();
                let rows = (lines as f64 / cols).ceil() + 1.0;
                self.gap + rows * self.line_h * 1.15
            }
            KeySide::Right => {
                let widest = self.asked.iter().fold(0.0_f64, |m, a| m.max(a.0));
                self.gap * 2.0 + widest
            }
        }
    }
}
