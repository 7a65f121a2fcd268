//! The checks every kind of item shares: unique ids, resolvable references,
//! colours, coordinates and id syntax.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::sync::Arc;

use toml::Spanned;

use crate::dataset::ids::Listed;
use crate::dataset::load::{Located, RawDataset};
use crate::diag::{Diagnostic, Diagnostics, SourceText, closest};

/// The ids of one kind, each with where it was first defined.
pub(super) type IdIndex = BTreeMap<String, (Arc<SourceText>, Range<usize>)>;

/// The first line of an item (its `[[header]]` or first field), for item-wide errors.
pub(super) fn header<T>(item: &Located<T>) -> Range<usize> {
    let start = item.span.start.min(item.file.text.len());
    item.file.header_before(start).unwrap_or_else(|| start..item.file.line_end(start))
}

/// Collects the problems of one validation run.
pub(super) struct Validator<'a> {
    /// Where problems go.
    pub(super) diags: &'a mut Diagnostics,
    /// Sections some item of which failed to parse: references to them are not checked.
    pub(super) incomplete: BTreeSet<&'static str>,
    /// "Did you mean" searches done so far (see [`MAX_SUGGESTIONS`]).
    pub(super) suggested: usize,
}

/// Dangling references that get a "did you mean" search; each compares the id
/// with every known id, so thousands of them would take minutes.
const MAX_SUGGESTIONS: usize = 100;

impl Validator<'_> {
    /// Indexes the ids of kind `K`, reporting empty and duplicate ones.
    pub(super) fn unique<K: Listed>(&mut self, raw: &RawDataset) -> IdIndex {
        let kind = K::SECTION;
        let mut index = IdIndex::new();
        for it in K::raw(raw) {
            let Some(id) = it.item.id() else { continue };
            if id.get_ref().trim().is_empty() {
                self.diags.push(it.error_at(id.span(), format!("{kind} id is empty")));
                continue;
            }
            if let Some((file, span)) = index.get(id.get_ref()) {
                self.diags.push(
                    it.error_at(id.span(), format!("duplicate {kind} id `{}`", id.get_ref()))
                        .related(file, span.clone(), "first defined here")
                        .hint(format!("every {kind} needs its own id")),
                );
            } else {
                index.insert(id.get_ref().clone(), (it.file.clone(), id.span()));
            }
        }
        index
    }

    /// Reports a reference to an id that does not exist.
    pub(super) fn reference(
        &mut self,
        file: &Arc<SourceText>,
        kind: &'static str,
        index: &IdIndex,
        r: &Spanned<String>,
    ) {
        if index.contains_key(r.get_ref()) || self.incomplete.contains(kind) {
            return;
        }
        let mut d =
            Diagnostic::error(format!("unknown {kind} `{}`", r.get_ref())).at(file, r.span());
        self.suggested += 1;
        let guess = if self.suggested <= MAX_SUGGESTIONS {
            closest(r.get_ref(), index.keys().map(String::as_str))
        } else {
            None
        };
        if let Some(guess) = guess {
            d = d.hint(format!("did you mean `{guess}`?"));
        } else if index.is_empty() {
            d = d.hint(format!(
                "no {kind} is declared; add a `[[{kind}]]` with id = \"{}\"",
                r.get_ref()
            ));
        } else {
            let known: Vec<String> = index.keys().take(12).map(|k| format!("`{k}`")).collect();
            d = d.hint(format!("known {kind} ids: {}", known.join(", ")));
        }
        self.diags.push(d);
    }

    /// Reports a colour not written `#rrggbb`.
    pub(super) fn colour<T>(&mut self, it: &Located<T>, c: &Spanned<String>) {
        let s = c.get_ref();
        // The theme's colours are checked by the same rule, worded the same.
        if crate::colour::parse(s).is_none() {
            self.diags.push(
                it.error_at(c.span(), crate::colour::not_a_colour(s)).hint(crate::colour::HINT),
            );
        }
    }

    /// Reports a coordinate beyond ±`max` degrees.
    pub(super) fn coordinate<T>(
        &mut self,
        it: &Located<T>,
        value: Option<&Spanned<f64>>,
        field: &str,
        max: f64,
    ) {
        if let Some(v) = value
            && !in_degrees(*v.get_ref(), max)
        {
            self.diags.push(
                it.error_at(
                    v.span(),
                    format!("`{field}` = {} is out of range -{max}..={max}", num(*v.get_ref())),
                )
                .hint("coordinates are decimal degrees; south and west are negative"),
            );
        }
    }

    /// Reports an id that cannot name an output file.
    pub(super) fn id_syntax<T>(&mut self, it: &Located<T>, id: &Spanned<String>, kind: &str) {
        let s = id.get_ref();
        let ok = !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
        if !ok {
            self.diags.push(
                it.error_at(id.span(), format!("`{s}` cannot be used as a {kind} id")).hint(
                    format!(
                        "{kind} ids name output files: use lowercase letters, digits, `-` and `_`"
                    ),
                ),
            );
        } else if is_reserved_on_windows(s) {
            // `briefing charts` writes `<chart id>.svg`: `aux.svg` cannot be opened on Windows.
            self.diags.push(
                it.error_at(id.span(), format!("`{s}` cannot be used as a {kind} id"))
                    .hint(format!("Windows reserves `{s}` for a device, so a file named after it cannot be opened there"))
                    .hint(format!("choose another id, such as `{s}-{kind}`")),
            );
        }
    }
}

/// Whether `id` is a device name Windows reserves (`con`, `aux`, `nul`,
/// `com1`…): no file of that name, whatever its extension, opens there.
fn is_reserved_on_windows(id: &str) -> bool {
    matches!(id, "con" | "prn" | "aux" | "nul")
        || ["com", "lpt"].iter().any(|p| {
            id.strip_prefix(p)
                .is_some_and(|n| n.len() == 1 && n.as_bytes()[0].is_ascii_digit() && n != "0")
        })
}

/// A number as written in messages: `1e300` rather than its 301 digits.
pub(super) fn num(v: f64) -> String {
    if v.is_finite() && v.abs() >= 1e15 { format!("{v:e}") } else { v.to_string() }
}

/// Largest latitude, in decimal degrees either side of zero.
pub(super) const MAX_LAT: f64 = 90.0;
/// Largest longitude, in decimal degrees either side of zero.
pub(super) const MAX_LON: f64 = 180.0;

/// Whether `x` is a number of degrees within ±`max`.
pub(super) fn in_degrees(x: f64, max: f64) -> bool {
    x.is_finite() && x.abs() <= max
}
