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
#[derive(Debug, Clone)]
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
    /// Lines to take.
    pub lines: Vec<Located<LineToTake>>,
    /// Anticipated questions.
    pub questions: Vec<Located<Question>>,
    /// Country outlines for maps (from `geo/*.json` beside the TOML files).
    pub outlines: super::geo::Outlines,
    /// Every translatable text with its file, for the missing-translation check.
    pub text_sites: Vec<(Arc<SourceText>, super::text::TextSite)>,
}

/// Scope id meaning "all branches"; no branch may take it.
pub const COMBINED_SCOPE: &str = "combined";

type IdIndex = BTreeMap<String, (Arc<SourceText>, Range<usize>)>;

/// Checks `raw`; returns the dataset when no error was found.
pub fn validate(raw: RawDataset, diags: &mut Diagnostics) -> Option<Dataset> {
    let mut v = Validator { diags, incomplete: raw.incomplete.clone(), suggested: 0 };
    // Where dataset-wide problems point: the `[dataset]` table, else the first file.
    let anchor = |d: Diagnostic| match (raw.info.first(), raw.files.first()) {
        (Some(info), _) => d.at(&info.file, header(info)),
        (None, Some(file)) => d.at(file, 0..0),
        (None, None) => d,
    };

    let info = match raw.info.len() {
        0 => {
            if !v.incomplete.contains("dataset") {
                v.diags.push(anchor(
                    Diagnostic::error("no `[dataset]` table in any data file")
                        .hint("one file must start with `[dataset]` giving id, title, nation, languages and as_of"),
                ));
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
    v.unique("line", &raw.lines, |l| &l.id);
    v.unique("question", &raw.questions, |q| &q.id);
    v.unique("text", &raw.texts, |t| &t.id);

    if raw.markings.is_empty() && !v.incomplete.contains("marking") {
        v.diags.push(anchor(
            Diagnostic::error("no `[[marking]]` levels declared")
                .hint("declare at least one level, e.g. `[[marking]] id = \"public\" banner = \"PUBLIC\" colour = \"#2f6f3e\"`"),
        ));
    }
    if raw.branches.is_empty() && !v.incomplete.contains("branch") {
        v.diags.push(anchor(
            Diagnostic::error("no `[[branch]]` declared")
                .hint("a dataset needs at least one service branch"),
        ));
    }
    for m in &raw.markings {
        v.colour(m, &m.colour);
        // Audience ids end up in file names, like branch and chart ids.
        v.id_syntax(m, &m.id, "marking");
    }
    for c in &raw.charts {
        v.id_syntax(c, &c.id, "chart");
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
        v.id_syntax(b, &b.id, "branch");
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
        if let Some(locales) = &info.locales {
            for (lang, tag) in locales.get_ref() {
                if !langs.contains(lang) {
                    v.diags.push(
                        info.error_at(
                            locales.span(),
                            format!("`locales` names `{lang}`, which is not in `languages`"),
                        )
                        .hint(format!("the dataset declares {}", langs.join(", "))),
                    );
                } else if tag.parse::<icu_locale_core::Locale>().is_err() {
                    v.diags.push(
                        info.error_at(locales.span(), format!("`{tag}` is not a locale tag"))
                            .hint("write a BCP 47 tag such as \"en-GB\", \"nl-BE\" or \"fr-BE\""),
                    );
                }
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
        v.coordinate(b, b.lat.as_ref(), "lat", MAX_LAT);
        v.coordinate(b, b.lon.as_ref(), "lon", MAX_LON);
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
        } else if *r.count.get_ref() > 1_000_000 {
            v.diags.push(
                r.error_at(
                    r.count.span(),
                    format!("rotation count {} is implausibly large", r.count.get_ref()),
                )
                .hint("counts up to 1,000,000 are accepted"),
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
                    format!("figure value {} is not a number of 0 or more", num(value)),
                )
                .hint("figures count things: use 0 or a positive number"),
            );
        } else if value > 1e15 {
            v.diags.push(
                f.error_at(
                    f.value.span(),
                    format!("figure value {} is implausibly large", num(value)),
                )
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
    let base_items: BTreeMap<&str, &Located<Base>> =
        raw.bases.iter().rev().map(|b| (b.id.get_ref().as_str(), b)).collect();
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
            if let Some(base) = base_items.get(b.get_ref().as_str())
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
    for l in &raw.lines {
        common(&mut v, &l.file, &l.source, &l.marking);
        if let Some(b) = &l.branch {
            v.reference(&l.file, "branch", &branches, b);
        }
    }
    for q in &raw.questions {
        common(&mut v, &q.file, &q.source, &q.marking);
        if let Some(b) = &q.branch {
            v.reference(&q.file, "branch", &branches, b);
        }
    }
    check_marking_order(&raw, v.diags);

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
        lines: raw.lines,
        questions: raw.questions,
        outlines: super::geo::Outlines::default(),
        text_sites: raw.text_sites,
    })
}

/// The first line of an item (its `[[header]]` or first field), for item-wide errors.
fn header<T>(item: &Located<T>) -> Range<usize> {
    let start = item.span.start.min(item.file.text.len());
    item.file.header_before(start).unwrap_or_else(|| start..item.file.line_end(start))
}

struct Validator<'a> {
    diags: &'a mut Diagnostics,
    incomplete: std::collections::BTreeSet<&'static str>,
    /// "Did you mean" searches done so far (see [`MAX_SUGGESTIONS`]).
    suggested: usize,
}

/// Dangling references that get a "did you mean" search; each compares the id
/// with every known id, so thousands of them would take minutes.
const MAX_SUGGESTIONS: usize = 100;

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
                        "e.g. figures = [\"figure-id\", …] or rotations = \"operation-id\"",
                    );
                }
            }
            ChartKind::Map => {
                for (field, range, max) in [("lon", &c.lon, MAX_LON), ("lat", &c.lat, MAX_LAT)] {
                    match range {
                        None => fail(
                            self,
                            format!("map `{}` needs `{field} = [min, max]`", c.id.get_ref()),
                            "e.g. lon = [9, 32], lat = [42, 61]",
                        ),
                        Some(r) => {
                            let ok = r.get_ref().len() == 2
                                && r.get_ref()[0] < r.get_ref()[1]
                                && r.get_ref().iter().all(|&x| in_degrees(x, max));
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
        for l in &c.labels {
            if !(in_degrees(l.lon, MAX_LON) && in_degrees(l.lat, MAX_LAT)) {
                fail(
                    self,
                    format!(
                        "a label of map `{}` is at lon = {}, lat = {}, which is out of range",
                        c.id.get_ref(),
                        num(l.lon),
                        num(l.lat)
                    ),
                    "labels take decimal degrees: lon within ±180, lat within ±90",
                );
            }
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

    fn id_syntax<T>(&mut self, it: &Located<T>, id: &Spanned<String>, kind: &str) {
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
        }
    }
}

/// A number as written in messages: `1e300` rather than its 301 digits.
fn num(v: f64) -> String {
    if v.is_finite() && v.abs() >= 1e15 { format!("{v:e}") } else { v.to_string() }
}

/// Largest latitude, in decimal degrees either side of zero.
const MAX_LAT: f64 = 90.0;
/// Largest longitude, in decimal degrees either side of zero.
const MAX_LON: f64 = 180.0;

/// Whether `x` is a number of degrees within ±`max`.
fn in_degrees(x: f64, max: f64) -> bool {
    x.is_finite() && x.abs() <= max
}

/// Rank of a marking level id (0 = lowest); unknown ids rank lowest (reported elsewhere).
fn rank_of(markings: &[Located<MarkingLevel>], m: &Option<Spanned<String>>) -> usize {
    m.as_ref()
        .and_then(|m| markings.iter().position(|l| l.id.get_ref() == m.get_ref()))
        .unwrap_or(0)
}

/// An item may not be marked lower than what it belongs to or shows: otherwise
/// a public document could carry (or reveal through a chart) a protected fact.
fn check_marking_order(raw: &RawDataset, diags: &mut Diagnostics) {
    let levels = &raw.markings;
    let level_name = |r: usize| {
        levels
            .get(r)
            .map_or_else(|| "the lowest level".to_owned(), |l| format!("`{}`", l.id.get_ref()))
    };
    // Rank of the first item with each id, looked up rather than searched:
    // a dataset may hold thousands of items and references.
    fn ranks<'a>(
        levels: &[Located<MarkingLevel>],
        items: impl Iterator<Item = (&'a Spanned<String>, &'a Option<Spanned<String>>)>,
    ) -> BTreeMap<&'a str, usize> {
        let mut map = BTreeMap::new();
        for (id, marking) in items {
            map.entry(id.get_ref().as_str()).or_insert_with(|| rank_of(levels, marking));
        }
        map
    }
    let branches = ranks(levels, raw.branches.iter().map(|b| (&b.id, &b.marking)));
    let operations = ranks(levels, raw.operations.iter().map(|o| (&o.id, &o.marking)));
    let bases = ranks(levels, raw.bases.iter().map(|b| (&b.id, &b.marking)));
    let figures = ranks(levels, raw.figures.iter().map(|f| (&f.id, &f.marking)));
    let events = ranks(levels, raw.events.iter().map(|e| (&e.id, &e.marking)));
    let branch = |id: &str| branches.get(id).copied();
    let operation = |id: &str| operations.get(id).copied();
    let base = |id: &str| bases.get(id).copied();
    let figure = |id: &str| figures.get(id).copied();
    let event = |id: &str| events.get(id).copied();
    let mut check = |file: &Arc<SourceText>,
                     span: Range<usize>,
                     what: &str,
                     own: usize,
                     parent_kind: &str,
                     parent: &Spanned<String>,
                     parent_rank: Option<usize>| {
        if let Some(p) = parent_rank
            && p > own
        {
            diags.push(
                Diagnostic::error(format!(
                    "{what} is marked {} but refers to {parent_kind} `{}`, marked {}",
                    level_name(own),
                    parent.get_ref(),
                    level_name(p)
                ))
                .at(file, span)
                .hint(format!("mark it at least {} so it never reaches an audience the {parent_kind} is kept from", level_name(p))),
            );
        }
    };
    for o in &raw.operations {
        let own = rank_of(levels, &o.marking);
        check(
            &o.file,
            o.id.span(),
            &format!("operation `{}`", o.id.get_ref()),
            own,
            "branch",
            &o.branch,
            branch(o.branch.get_ref()),
        );
    }
    for r in &raw.rotations {
        let own = rank_of(levels, &r.marking);
        check(
            &r.file,
            r.operation.span(),
            "this rotation",
            own,
            "operation",
            &r.operation,
            operation(r.operation.get_ref()),
        );
        check(
            &r.file,
            r.base.span(),
            "this rotation",
            own,
            "base",
            &r.base,
            base(r.base.get_ref()),
        );
    }
    for f in &raw.figures {
        let own = rank_of(levels, &f.marking);
        let what = format!("figure `{}`", f.id.get_ref());
        if let Some(b) = &f.branch {
            check(&f.file, b.span(), &what, own, "branch", b, branch(b.get_ref()));
        }
        if let Some(o) = &f.operation {
            check(&f.file, o.span(), &what, own, "operation", o, operation(o.get_ref()));
        }
    }
    for e in &raw.events {
        let own = rank_of(levels, &e.marking);
        let what = format!("event `{}`", e.id.get_ref());
        if let Some(b) = &e.branch {
            check(&e.file, b.span(), &what, own, "branch", b, branch(b.get_ref()));
        }
        if let Some(o) = &e.operation {
            check(&e.file, o.span(), &what, own, "operation", o, operation(o.get_ref()));
        }
    }
    for c in &raw.charts {
        let own = rank_of(levels, &c.marking);
        let what = format!("chart `{}`", c.id.get_ref());
        if let Some(b) = &c.branch {
            check(&c.file, b.span(), &what, own, "branch", b, branch(b.get_ref()));
        }
        for f in &c.figures {
            check(&c.file, f.span(), &what, own, "figure", f, figure(f.get_ref()));
        }
        if let Some(o) = &c.rotations {
            check(&c.file, o.span(), &what, own, "operation", o, operation(o.get_ref()));
        }
        for o in &c.operations {
            check(&c.file, o.span(), &what, own, "operation", o, operation(o.get_ref()));
        }
        for e in &c.events {
            check(&c.file, e.span(), &what, own, "event", e, event(e.get_ref()));
        }
        for b in &c.bases {
            check(&c.file, b.span(), &what, own, "base", b, base(b.get_ref()));
        }
    }
    for l in &raw.lines {
        if let Some(b) = &l.branch {
            check(
                &l.file,
                b.span(),
                &format!("line `{}`", l.id.get_ref()),
                rank_of(levels, &l.marking),
                "branch",
                b,
                branch(b.get_ref()),
            );
        }
    }
    for q in &raw.questions {
        if let Some(b) = &q.branch {
            check(
                &q.file,
                b.span(),
                &format!("question `{}`", q.id.get_ref()),
                rank_of(levels, &q.marking),
                "branch",
                b,
                branch(b.get_ref()),
            );
        }
    }
}

impl Dataset {
    /// Rank of a marking (0 = lowest level).
    pub fn rank(&self, marking: &Option<Spanned<String>>) -> usize {
        rank_of(&self.markings, marking)
    }

    /// Rank of a level id, if declared.
    pub fn level_rank(&self, id: &str) -> Option<usize> {
        self.markings.iter().position(|l| l.id.get_ref() == id)
    }

    /// The dataset as an audience of level `audience` may see it: every item
    /// marked above that level is removed here, before planning, charts and
    /// templates. Marking order checks guarantee that nothing left refers to
    /// a removed item, except optional links (an event's operation) which are
    /// dropped with it.
    pub fn for_audience(&self, audience: usize) -> Dataset {
        let keep = |m: &Option<Spanned<String>>| rank_of(&self.markings, m) <= audience;
        let mut ds = self.clone();
        ds.countries.retain(|c| keep(&c.marking));
        ds.branches.retain(|b| keep(&b.marking));
        ds.formations.retain(|f| keep(&f.marking));
        ds.operations.retain(|o| keep(&o.marking));
        ds.bases.retain(|b| keep(&b.marking));
        ds.rotations.retain(|r| keep(&r.marking));
        ds.figures.retain(|f| keep(&f.marking));
        ds.events.retain(|e| keep(&e.marking));
        ds.texts.retain(|t| keep(&t.marking));
        ds.charts.retain(|c| keep(&c.marking));
        ds.lines.retain(|l| keep(&l.marking));
        ds.questions.retain(|q| keep(&q.marking));
        // Lists of references inside kept items lose the removed ones.
        let ops: Vec<String> = ds.operations.iter().map(|o| o.id.get_ref().clone()).collect();
        let bases: Vec<String> = ds.bases.iter().map(|b| b.id.get_ref().clone()).collect();
        let events: Vec<String> = ds.events.iter().map(|e| e.id.get_ref().clone()).collect();
        let formations: Vec<String> =
            ds.formations.iter().map(|f| f.id.get_ref().clone()).collect();
        for o in &mut ds.operations {
            o.item.bases.retain(|b| bases.contains(b.get_ref()));
            if o.formation.as_ref().is_some_and(|f| !formations.contains(f.get_ref())) {
                o.item.formation = None;
            }
        }
        for c in &mut ds.charts {
            c.item.operations.retain(|o| ops.contains(o.get_ref()));
            c.item.events.retain(|e| events.contains(e.get_ref()));
            c.item.bases.retain(|b| bases.contains(b.get_ref()));
        }
        ds
    }
}
