//! Cross-checks of a parsed dataset: unique ids, references, ranges, languages.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use toml::Spanned;

use super::load::{Located, RawDataset};
use super::model::*;
use super::text::is_language_id;
use crate::diag::{Diagnostic, Diagnostics, SourceText, closest};

/// A dataset that passed every check: exactly one `[dataset]`, unique ids,
/// every reference resolvable, every value in range.
#[derive(Debug)]
pub struct Dataset {
    /// The `[dataset]` table.
    pub info: Located<DatasetInfo>,
    /// Marking levels, lowest first (at least one).
    pub markings: Vec<Located<MarkingLevel>>,
    /// Sources of facts.
    pub sources: Vec<Located<Source>>,
    /// Countries.
    pub countries: Vec<Located<Country>>,
    /// Service branches.
    pub branches: Vec<Located<Branch>>,
    /// Multinational formations.
    pub formations: Vec<Located<Formation>>,
    /// Operations.
    pub operations: Vec<Located<Operation>>,
    /// Bases.
    pub bases: Vec<Located<Base>>,
    /// Rotations.
    pub rotations: Vec<Located<Rotation>>,
    /// Figures.
    pub figures: Vec<Located<Figure>>,
    /// Timeline events.
    pub events: Vec<Located<Event>>,
    /// Context texts.
    pub texts: Vec<Located<ContextText>>,
    /// Chart declarations.
    pub charts: Vec<Located<Chart>>,
    /// Country outlines for maps (from `geo/*.json` beside the TOML files).
    pub outlines: super::geo::Outlines,
}

/// Scope id meaning "all branches"; no branch may take it.
pub const COMBINED_SCOPE: &str = "combined";

type IdIndex = BTreeMap<String, (Arc<SourceText>, Range<usize>)>;

/// Checks `raw`; returns the dataset when no error was found.
pub fn validate(raw: RawDataset, diags: &mut Diagnostics) -> Option<Dataset> {
    let mut v = Validator { diags, incomplete: raw.incomplete.clone() };

    let info = match raw.info.len() {
        0 => {
            if !v.incomplete.contains("dataset") {
                v.diags.push(
                    Diagnostic::error("no `[dataset]` table in any data file")
                        .hint("one file must start with `[dataset]` giving id, title, nation, languages and as_of"),
                );
            }
            None
        }
        _ => {
            for extra in &raw.info[1..] {
                let first = &raw.info[0];
                v.diags.push(
                    Diagnostic::error("a second `[dataset]` table")
                        .at(&extra.file, header(extra))
                        .related(&first.file, header(first), "first defined here")
                        .hint("a dataset has exactly one `[dataset]` table"),
                );
            }
            raw.info.first().cloned()
        }
    };

    let markings = v.unique("marking", &raw.markings, |m| &m.id);
    let sources = v.unique("source", &raw.sources, |s| &s.id);
    let countries = v.unique("country", &raw.countries, |c| &c.id);
    let branches = v.unique("branch", &raw.branches, |b| &b.id);
    let formations = v.unique("formation", &raw.formations, |f| &f.id);
    let operations = v.unique("operation", &raw.operations, |o| &o.id);
    let bases = v.unique("base", &raw.bases, |b| &b.id);
    let figures = v.unique("figure", &raw.figures, |f| &f.id);
    let events = v.unique("event", &raw.events, |e| &e.id);
    v.unique("chart", &raw.charts, |c| &c.id);
    v.unique("text", &raw.texts, |t| &t.id);

    if raw.markings.is_empty() && !v.incomplete.contains("marking") {
        v.diags.push(
            Diagnostic::error("no `[[marking]]` levels declared")
                .hint("declare at least one level, e.g. `[[marking]] id = \"public\" banner = \"PUBLIC\" colour = \"#2f6f3e\"`"),
        );
    }
    if raw.branches.is_empty() && !v.incomplete.contains("branch") {
        v.diags.push(
            Diagnostic::error("no `[[branch]]` declared")
                .hint("a dataset needs at least one service branch"),
        );
    }
    for m in &raw.markings {
        v.colour(m, &m.colour);
    }
    for b in &raw.branches {
        if b.id.get_ref() == COMBINED_SCOPE {
            v.diags.push(
                b.error_at(b.id.span(), format!("a branch cannot be called `{COMBINED_SCOPE}`"))
                    .hint(format!(
                        "`{COMBINED_SCOPE}` is the scope of all branches together; pick another id"
                    )),
            );
        }
        v.id_syntax(b, &b.id);
    }

    // Every item's common references.
    let common = |v: &mut Validator,
                  file: &Arc<SourceText>,
                  source: &Option<Spanned<String>>,
                  marking: &Option<Spanned<String>>| {
        if let Some(s) = source {
            v.reference(file, "source", &sources, s);
        }
        if let Some(m) = marking {
            v.reference(file, "marking", &markings, m);
        }
    };

    if let Some(info) = &info {
        v.reference(&info.file, "country", &countries, &info.nation);
        common(&mut v, &info.file, &info.source, &info.marking);
        let langs = info.languages.get_ref();
        if langs.is_empty() {
            v.diags.push(
                info.error_at(info.languages.span(), "`languages` is empty")
                    .hint("list at least one, e.g. [\"en\"]"),
            );
        }
        for (i, l) in langs.iter().enumerate() {
            if !is_language_id(l) {
                v.diags.push(
                    info.error_at(info.languages.span(), format!("`{l}` is not a language id"))
                        .hint("use lowercase codes such as \"en\", \"nl\", \"fr\", \"de\""),
                );
            } else if langs[..i].contains(l) {
                v.diags.push(
                    info.error_at(info.languages.span(), format!("language `{l}` is listed twice")),
                );
            }
        }
    }
    for c in &raw.countries {
        common(&mut v, &c.file, &c.source, &c.marking);
    }
    for b in &raw.branches {
        common(&mut v, &b.file, &b.source, &b.marking);
    }
    for f in &raw.formations {
        common(&mut v, &f.file, &f.source, &f.marking);
        v.reference(&f.file, "country", &countries, &f.host);
        if let Some(l) = &f.lead_nation {
            v.reference(&f.file, "country", &countries, l);
        }
    }
    for o in &raw.operations {
        common(&mut v, &o.file, &o.source, &o.marking);
        v.reference(&o.file, "branch", &branches, &o.branch);
        if let Some(f) = &o.formation {
            v.reference(&o.file, "formation", &formations, f);
        }
        if let Some(l) = &o.lead_nation {
            v.reference(&o.file, "country", &countries, l);
        }
        for h in &o.host_nations {
            v.reference(&o.file, "country", &countries, h);
        }
        for b in &o.bases {
            v.reference(&o.file, "base", &bases, b);
        }
        if let (Some(s), Some(e)) = (&o.start, &o.end)
            && e.get_ref().first_day() < s.get_ref().first_day()
        {
            v.diags.push(
                o.error_at(
                    e.span(),
                    format!("operation ends ({}) before it starts ({})", e.get_ref(), s.get_ref()),
                )
                .related(&o.file, s.span(), "start given here"),
            );
        }
    }
    for b in &raw.bases {
        common(&mut v, &b.file, &b.source, &b.marking);
        v.reference(&b.file, "country", &countries, &b.country);
        v.coordinate(b, b.lat.as_ref(), "lat", 90.0);
        v.coordinate(b, b.lon.as_ref(), "lon", 180.0);
        if b.lat.is_some() != b.lon.is_some() {
            v.diags.push(
                b.error_at(header(b), "a base needs both `lat` and `lon`, or neither")
                    .hint("give coordinates in decimal degrees, e.g. lat = 55.89, lon = 23.39"),
            );
        }
    }
    for r in &raw.rotations {
        common(&mut v, &r.file, &r.source, &r.marking);
        v.reference(&r.file, "operation", &operations, &r.operation);
        v.reference(&r.file, "base", &bases, &r.base);
        if *r.count.get_ref() < 0 {
            v.diags.push(
                r.error_at(
                    r.count.span(),
                    format!("rotation count {} is negative", r.count.get_ref()),
                )
                .hint("counts are 0 or more"),
            );
        }
    }
    for f in &raw.figures {
        common(&mut v, &f.file, &f.source, &f.marking);
        if let Some(b) = &f.branch {
            v.reference(&f.file, "branch", &branches, b);
        }
        if let Some(o) = &f.operation {
            v.reference(&f.file, "operation", &operations, o);
        }
        let value = *f.value.get_ref();
        if !value.is_finite() || value < 0.0 {
            v.diags.push(
                f.error_at(
                    f.value.span(),
                    format!("figure value {value} is not a number of 0 or more"),
                )
                .hint("figures count things: use 0 or a positive number"),
            );
        } else if value > 1e15 {
            v.diags.push(
                f.error_at(f.value.span(), format!("figure value {value} is implausibly large"))
                    .hint("figures up to 10^15 are accepted"),
            );
        }
    }
    for e in &raw.events {
        common(&mut v, &e.file, &e.source, &e.marking);
        if let Some(b) = &e.branch {
            v.reference(&e.file, "branch", &branches, b);
        }
        if let Some(o) = &e.operation {
            v.reference(&e.file, "operation", &operations, o);
        }
    }
    for t in &raw.texts {
        common(&mut v, &t.file, &t.source, &t.marking);
        if t.body.is_empty() {
            v.diags.push(t.error_at(header(t), "a text needs at least one paragraph in `body`"));
        }
    }
    for c in &raw.charts {
        common(&mut v, &c.file, &c.source, &c.marking);
        if let Some(b) = &c.branch {
            v.reference(&c.file, "branch", &branches, b);
        }
        for f in &c.figures {
            v.reference(&c.file, "figure", &figures, f);
        }
        if let Some(o) = &c.rotations {
            v.reference(&c.file, "operation", &operations, o);
        }
        for o in &c.operations {
            v.reference(&c.file, "operation", &operations, o);
        }
        for e in &c.events {
            v.reference(&c.file, "event", &events, e);
        }
        for b in &c.bases {
            v.reference(&c.file, "base", &bases, b);
            if let Some(base) = raw.bases.iter().find(|x| x.id.get_ref() == b.get_ref())
                && (base.lat.is_none() || base.lon.is_none())
            {
                v.diags.push(
                    c.error_at(
                        b.span(),
                        format!(
                            "base `{}` has no coordinates, so the map cannot show it",
                            b.get_ref()
                        ),
                    )
                    .related(&base.file, header(base), "base declared here")
                    .hint("add `lat` and `lon` to the base, or leave it off the map"),
                );
            }
        }
        v.chart_shape(c);
    }

    if v.diags.has_errors() {
        return None;
    }
    Some(Dataset {
        info: info?,
        markings: raw.markings,
        sources: raw.sources,
        countries: raw.countries,
        branches: raw.branches,
        formations: raw.formations,
        operations: raw.operations,
        bases: raw.bases,
        rotations: raw.rotations,
        figures: raw.figures,
        events: raw.events,
        texts: raw.texts,
        charts: raw.charts,
        outlines: super::geo::Outlines::default(),
    })
}

/// The first line of an item (its `[[header]]` or first field), for item-wide errors.
fn header<T>(item: &Located<T>) -> Range<usize> {
    let text = &item.file.text;
    let start = item.span.start.min(text.len());
    // Array-of-table items span from their first field; step back to the `[[…]]` line.
    let line_start =
        text[..start].trim_end_matches(['\n', '\r', ' ', '\t']).rfind('\n').map_or(0, |i| i + 1);
    let candidate = &text[line_start..start];
    let begin = if candidate.trim_start().starts_with('[') { line_start } else { start };
    let end = text[begin..].find('\n').map_or(text.len(), |n| begin + n);
    begin..end.trim_cr(text)
}

trait TrimCr {
    fn trim_cr(self, text: &str) -> usize;
}

impl TrimCr for usize {
    fn trim_cr(self, text: &str) -> usize {
        if self > 0 && text.as_bytes().get(self - 1) == Some(&b'\r') { self - 1 } else { self }
    }
}

struct Validator<'a> {
    diags: &'a mut Diagnostics,
    incomplete: std::collections::BTreeSet<&'static str>,
}

impl Validator<'_> {
    /// Indexes ids of one kind, reporting duplicates.
    fn unique<T>(
        &mut self,
        kind: &str,
        items: &[Located<T>],
        id: impl Fn(&T) -> &Spanned<String>,
    ) -> IdIndex {
        let mut index = IdIndex::new();
        for it in items {
            let id = id(&it.item);
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
    fn reference(
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
        if let Some(guess) = closest(r.get_ref(), index.keys().map(String::as_str)) {
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

    /// Checks that a chart declares what its kind needs, and nothing of another kind.
    fn chart_shape(&mut self, c: &Located<Chart>) {
        let kind = c.kind;
        let fail = |v: &mut Self, msg: String, hint: &str| {
            v.diags.push(c.error_at(header(c), msg).hint(hint.to_owned()))
        };
        match kind {
            ChartKind::Bar => {
                if c.figures.is_empty() == c.rotations.is_none() {
                    fail(
                        self,
                        format!(
                            "bar chart `{}` needs either `figures` or `rotations`",
                            c.id.get_ref()
                        ),
                        "e.g. figures = [\"bap-rotations\"] or rotations = \"baltic-air-policing\"",
                    );
                }
            }
            ChartKind::Map => {
                for (field, range, max) in [("lon", &c.lon, 180.0), ("lat", &c.lat, 90.0)] {
                    match range {
                        None => fail(
                            self,
                            format!("map `{}` needs `{field} = [min, max]`", c.id.get_ref()),
                            "e.g. lon = [9, 32], lat = [42, 61]",
                        ),
                        Some(r) => {
                            let ok = r.get_ref().len() == 2
                                && r.get_ref()[0] < r.get_ref()[1]
                                && r.get_ref()
                                    .iter()
                                    .all(|x: &f64| x.is_finite() && x.abs() <= max);
                            if !ok {
                                self.diags.push(
                                    c.error_at(r.span(), format!("`{field}` must be [min, max] with min < max, within ±{max}"))
                                        .hint("e.g. lon = [9, 32], lat = [42, 61]"),
                                );
                            }
                        }
                    }
                }
            }
            ChartKind::Timeline | ChartKind::Overview => {}
        }
        if kind != ChartKind::Bar && (!c.figures.is_empty() || c.rotations.is_some()) {
            fail(
                self,
                "`figures` and `rotations` belong to bar charts".to_owned(),
                "remove them, or set kind = \"bar\"",
            );
        }
        if kind != ChartKind::Map
            && (c.lon.is_some() || c.lat.is_some() || !c.bases.is_empty() || !c.labels.is_empty())
        {
            fail(
                self,
                "`lon`, `lat`, `bases` and `labels` belong to maps".to_owned(),
                "remove them, or set kind = \"map\"",
            );
        }
        if kind != ChartKind::Timeline
            && (!c.operations.is_empty() || !c.events.is_empty() || c.from.is_some())
        {
            fail(
                self,
                "`operations`, `events` and `from` belong to timelines".to_owned(),
                "remove them, or set kind = \"timeline\"",
            );
        }
    }

    fn colour<T>(&mut self, it: &Located<T>, c: &Spanned<String>) {
        let s = c.get_ref();
        let ok =
            s.len() == 7 && s.starts_with('#') && s[1..].bytes().all(|b| b.is_ascii_hexdigit());
        if !ok {
            self.diags.push(
                it.error_at(c.span(), format!("`{s}` is not a colour"))
                    .hint("write colours as \"#rrggbb\", e.g. \"#2f6f3e\""),
            );
        }
    }

    fn coordinate<T>(
        &mut self,
        it: &Located<T>,
        value: Option<&Spanned<f64>>,
        field: &str,
        max: f64,
    ) {
        if let Some(v) = value
            && !(v.get_ref().is_finite() && v.get_ref().abs() <= max)
        {
            self.diags.push(
                it.error_at(
                    v.span(),
                    format!("`{field}` = {} is out of range -{max}..={max}", v.get_ref()),
                )
                .hint("coordinates are decimal degrees; south and west are negative"),
            );
        }
    }

    fn id_syntax<T>(&mut self, it: &Located<T>, id: &Spanned<String>) {
        let s = id.get_ref();
        let ok = !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
        if !ok {
            self.diags.push(
                it.error_at(id.span(), format!("`{s}` cannot be used as a branch id")).hint(
                    "branch ids name output files: use lowercase letters, digits, `-` and `_`",
                ),
            );
        }
    }
}
