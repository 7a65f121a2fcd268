//! Web fact sheets (`--format html`) and the build's `index.html`: the same
//! plan the PDF is typeset from, rendered through the HTML templates of
//! `templates/web/` (minijinja, every value escaped), with the charts inline
//! as SVG beside their values, and no request beyond the page itself.

mod chart_data;
mod fonts;
mod page;
mod templates;

use indexmap::IndexMap;
use serde::Serialize;

use crate::diag::{Diagnostic, Diagnostics};
use crate::plan::{DocumentPlan, Kind};
use crate::typeset::world::TemplateSource;
use page::{Band, FactsheetPage, PdfLink, Thumbnail};
use templates::WebTemplates;
pub(crate) use templates::word_keys;

/// The name of the build's index page.
pub const INDEX: &str = "index.html";

/// The name of a document's web page (`factsheet-air-en.html`).
pub fn page_name(stem: &str) -> String {
    format!("{stem}.html")
}

/// Whether a document of `kind` gets a web page: fact sheets do; decks and
/// handouts are listed in the index with their PDFs.
pub fn has_page(kind: Kind) -> bool {
    kind == Kind::Factsheet
}

/// One language version of a page, for `hreflang` and the language links.
#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    /// Language id (`hreflang`).
    pub lang: String,
    /// The language's name in itself (`Deutsch`), else its id.
    pub name: String,
    /// The page's file name.
    pub href: String,
    /// Whether it is the page that lists it.
    pub current: bool,
}

/// What a fact sheet page links to and shows besides its plan.
pub struct PageInputs<'a> {
    /// A chart's drawing by chart id.
    pub svg: &'a dyn Fn(&str) -> Option<String>,
    /// The PDF's file name, when the build wrote it.
    pub pdf: Option<&'a str>,
    /// Pages of the PDF.
    pub pages: usize,
    /// The page-1 thumbnail (PNG) and its size, when written.
    pub thumbnail: Option<(&'a [u8], (u32, u32))>,
}

/// The web templates of a build and the fact sheets it makes, loaded once per build.
pub struct Web {
    templates: WebTemplates,
    /// Every fact sheet of the build: (scope, audience, language, stem), in plan order.
    factsheets: Vec<(String, Option<String>, String, String)>,
    /// Every document of the build, for the index, in plan order.
    listed: Vec<Listed>,
}

impl Web {
    /// Loads the web templates from `templates` (the project's `web/` files
    /// where it has them) for a build of `plans`.
    pub fn load(templates: &TemplateSource, plans: &[DocumentPlan]) -> Result<Self, Diagnostics> {
        let factsheets = plans
            .iter()
            .filter(|p| has_page(p.kind()))
            .map(|p| {
                let id = &p.id;
                (id.scope.clone(), id.audience.clone(), id.lang.clone(), id.stem())
            })
            .collect();
        let langs: Vec<&str> = plans.iter().map(|p| p.id.lang.as_str()).collect();
        // The words a dataset's own label files give, once per language.
        let mut own: IndexMap<String, IndexMap<String, String>> = IndexMap::new();
        for p in plans.iter().filter(|p| !p.data.web_words.is_empty()) {
            own.entry(p.id.lang.clone()).or_insert_with(|| p.data.web_words.clone());
        }
        let templates = WebTemplates::load(templates, &langs, &own)?;
        let mut web = Web { templates, factsheets, listed: Vec::new() };
        web.listed = plans
            .iter()
            .map(|p| Listed::new(p, web.language_name(&p.data.document.lang)))
            .collect();
        Ok(web)
    }

    /// The language's name as the words file gives it, else its id.
    fn language_name(&self, lang: &str) -> String {
        self.templates.own_word(lang, "language_name").unwrap_or_else(|| lang.to_owned())
    }

    /// The versions of `plan`'s page in every language the build makes.
    fn alternates(&self, plan: &DocumentPlan) -> Vec<Alternate> {
        let id = &plan.id;
        self.factsheets
            .iter()
            .filter(|(scope, audience, _, _)| *scope == id.scope && *audience == id.audience)
            .map(|(_, _, lang, stem)| Alternate {
                lang: lang.clone(),
                name: self.language_name(lang),
                href: page_name(stem),
                current: *lang == id.lang,
            })
            .collect()
    }

    /// The web page of the fact sheet `plan`.
    pub fn factsheet(
        &self,
        plan: &DocumentPlan,
        inputs: &PageInputs,
    ) -> Result<String, Diagnostic> {
        let data = &plan.data;
        let words = self.templates.words(&data.document.lang);
        let page = FactsheetPage {
            lang: &data.document.lang,
            data,
            band: page::band(&data.document.marking, &data.labels),
            charts: page::chart_blocks(plan, inputs.svg, &words),
            pdf: inputs.pdf.map(|file| PdfLink {
                file: file.to_owned(),
                pages: inputs.pages,
                thumbnail: inputs.thumbnail.map(|(png, size)| Thumbnail::embedded(png, size)),
            }),
            alternates: self.alternates(plan),
            words,
            generator: generator(),
        };
        self.templates.render("factsheet.html", &page)
    }

    /// The index of every document of the build's selection whose files are
    /// in `out` (a rebuild that skips unchanged documents still lists them),
    /// grouped by kind, in the build's first language.
    pub fn index(&self, out: &std::path::Path) -> Result<String, Diagnostic> {
        let first = self.listed.iter().find(|d| has_page(d.kind)).or(self.listed.first());
        let lang = first.map(|d| d.doc.lang.clone()).unwrap_or_default();
        let words = self.templates.words(&lang);
        let there = |name: String| out.join(&name).is_file().then_some(name);
        let mut groups: Vec<IndexGroup> = Vec::new();
        for &kind in Kind::ALL {
            let documents: Vec<IndexDocument> = self
                .listed
                .iter()
                .filter(|d| d.kind == kind)
                .filter_map(|d| {
                    let pdf = there(format!("{}.pdf", d.doc.stem));
                    let html = there(page_name(&d.doc.stem));
                    (pdf.is_some() || html.is_some()).then(|| IndexDocument {
                        pdf,
                        html,
                        thumbnail: there(crate::output::images::thumbnail_name(&d.doc.stem)),
                        ..d.doc.clone()
                    })
                })
                .collect();
            if !documents.is_empty() {
                let heading = words.get(&format!("{}s", kind.name())).cloned().unwrap_or_default();
                groups.push(IndexGroup { kind: kind.name(), heading, documents });
            }
        }
        let page = IndexPage {
            lang,
            title: first.map(|d| d.title.clone()).unwrap_or_default(),
            publisher: first.map(|d| d.publisher.clone()).unwrap_or_default(),
            as_of: first.map(|d| d.as_of.clone()).unwrap_or_default(),
            as_of_iso: first.map(|d| d.as_of_iso.clone()).unwrap_or_default(),
            as_of_label: first.map(|d| d.as_of_label.clone()).unwrap_or_default(),
            words,
            groups,
            generator: generator(),
        };
        self.templates.render("index.html", &page)
    }
}

/// A planned document as the index lists it, before its files are looked up.
struct Listed {
    kind: Kind,
    title: String,
    publisher: String,
    as_of: String,
    as_of_iso: String,
    as_of_label: String,
    doc: IndexDocument,
}

impl Listed {
    fn new(plan: &DocumentPlan, language: String) -> Self {
        let data = &plan.data;
        let meta = &data.document;
        Listed {
            kind: plan.kind(),
            title: data.headline.title.clone(),
            publisher: meta.publisher.clone(),
            as_of: meta.as_of.clone(),
            as_of_iso: meta.as_of_iso.clone(),
            as_of_label: data.labels.get("as_of").cloned().unwrap_or_default(),
            doc: IndexDocument {
                stem: plan.id.stem(),
                title: meta.title.clone(),
                scope_name: meta.scope_name.clone(),
                lang: meta.lang.clone(),
                language,
                band: page::band(&meta.marking, &data.labels),
                pdf: None,
                html: None,
                thumbnail: None,
            },
        }
    }
}

/// `briefing <version>`, for the pages' generator tag.
fn generator() -> String {
    format!("briefing {}", env!("CARGO_PKG_VERSION"))
}

/// The index page's template context.
#[derive(Serialize)]
struct IndexPage {
    lang: String,
    title: String,
    publisher: String,
    as_of: String,
    as_of_iso: String,
    as_of_label: String,
    words: IndexMap<String, String>,
    groups: Vec<IndexGroup>,
    generator: String,
}

/// The documents of one kind.
#[derive(Serialize)]
struct IndexGroup {
    kind: &'static str,
    heading: String,
    documents: Vec<IndexDocument>,
}

/// One document in the index.
#[derive(Clone, Serialize)]
struct IndexDocument {
    stem: String,
    title: String,
    scope_name: String,
    lang: String,
    language: String,
    band: Option<Band>,
    pdf: Option<String>,
    html: Option<String>,
    thumbnail: Option<String>,
}
