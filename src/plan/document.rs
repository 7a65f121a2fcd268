//! The data of one document: the dataset resolved for a scope and a language.

use super::view::*;
use super::{Kind, Locale};
use crate::dataset::text::Text;
use crate::dataset::{COMBINED_SCOPE, Dataset};

/// Picks one language's words from a translatable text, else the first language's.
pub(super) struct Resolver<'a> {
    pub(super) lang: &'a str,
    pub(super) fallback: &'a str,
}

impl Resolver<'_> {
    pub(super) fn text(&self, t: &Text) -> String {
        t.get(self.lang)
            .or_else(|| t.get(self.fallback))
            .or_else(|| t.variants().into_iter().next())
            .unwrap_or_default()
            .to_owned()
    }
    pub(super) fn opt(&self, t: &Option<Text>) -> String {
        t.as_ref().map(|t| self.text(t)).unwrap_or_default()
    }
}

/// Everything one document shows but its charts and banner, resolved for `scope` and `lang`.
pub(super) fn document_data(
    ds: &Dataset,
    locale: &Locale,
    kind: Kind,
    scope: &str,
    lang: &str,
    fallback: &str,
    portion_marks: bool,
) -> DocumentData {
    let r = Resolver { lang, fallback };
    // Portion marks ("(P)") go before paragraphs only when asked for.
    let portion = |m: &Option<toml::Spanned<String>>| -> String {
        if !portion_marks {
            return String::new();
        }
        let level = &ds.markings[ds.rank(m)];
        let mark = level.portion.clone().unwrap_or_else(|| {
            level.id.get_ref().chars().take(1).collect::<String>().to_uppercase()
        });
        format!("({mark})")
    };
    let combined = scope == COMBINED_SCOPE;
    let in_scope = |branch: &str| combined || branch == scope;
    let country = |id: &str| {
        ds.countries
            .iter()
            .find(|c| c.id.get_ref() == id)
            .map(|c| r.text(&c.name))
            .unwrap_or_else(|| id.to_owned())
    };
    let op_branch = |op: &str| {
        ds.operations.iter().find(|o| o.id.get_ref() == op).map(|o| o.branch.get_ref().clone())
    };
    let figure_branch = |f: &crate::dataset::model::Figure| {
        f.branch
            .as_ref()
            .map(|b| b.get_ref().clone())
            .or_else(|| f.operation.as_ref().and_then(|o| op_branch(o.get_ref())))
    };

    let figure_view = |f: &crate::dataset::model::Figure| FigureView {
        id: f.id.get_ref().clone(),
        value: locale.number(*f.value.get_ref()),
        number: *f.value.get_ref(),
        qualifier: locale.qualifier(f.qualifier),
        unit: r.opt(&f.unit),
        label: r.text(&f.label),
        period: r.opt(&f.period),
        branch: figure_branch(f).unwrap_or_default(),
    };

    let branches: Vec<BranchView> = ds
        .branches
        .iter()
        .filter(|b| in_scope(b.id.get_ref()))
        .map(|b| {
            let ops: Vec<_> =
                ds.operations.iter().filter(|o| o.branch.get_ref() == b.id.get_ref()).collect();
            let mut base_ids: Vec<String> = Vec::new();
            for o in &ops {
                for base in &o.bases {
                    if !base_ids.contains(base.get_ref()) {
                        base_ids.push(base.get_ref().clone());
                    }
                }
            }
            let bases = base_ids
                .iter()
                .filter_map(|id| ds.bases.iter().find(|x| x.id.get_ref() == id))
                .map(|base| {
                    let rotations = ds
                        .rotations
                        .iter()
                        .filter(|rt| {
                            rt.base.get_ref() == base.id.get_ref()
                                && ops.iter().any(|o| o.id.get_ref() == rt.operation.get_ref())
                        })
                        .map(|rt| *rt.count.get_ref())
                        .sum();
                    let lat = base.lat.as_ref().map(|v| *v.get_ref());
                    let lon = base.lon.as_ref().map(|v| *v.get_ref());
                    BaseView {
                        id: base.id.get_ref().clone(),
                        name: r.text(&base.name),
                        country: country(base.country.get_ref()),
                        lat,
                        lon,
                        coordinates: match (lat, lon) {
                            (Some(la), Some(lo)) => format!(
                                "{}° {}, {}° {}",
                                locale.number(la.abs()),
                                if la >= 0.0 { "N" } else { "S" },
                                locale.number(lo.abs()),
                                if lo >= 0.0 { "E" } else { "W" }
                            ),
                            _ => String::new(),
                        },
                        rotations,
                        operations: ops
                            .iter()
                            .filter(|o| o.bases.iter().any(|x| x.get_ref() == base.id.get_ref()))
                            .map(|o| r.text(&o.name))
                            .collect(),
                    }
                })
                .collect();
            BranchView {
                id: b.id.get_ref().clone(),
                name: r.text(&b.name),
                heading: b.heading.as_ref().map(|h| r.text(h)).unwrap_or_else(|| r.text(&b.name)),
                summary: r.text(&b.summary),
                body: b.body.iter().map(|p| r.text(p)).collect(),
                operations: ops
                    .iter()
                    .map(|o| {
                        let formation = o.formation.as_ref().and_then(|f| {
                            ds.formations.iter().find(|x| x.id.get_ref() == f.get_ref())
                        });
                        let lead = o
                            .lead_nation
                            .as_ref()
                            .or(formation.and_then(|f| f.lead_nation.as_ref()));
                        let mut hosts: Vec<String> =
                            o.host_nations.iter().map(|h| country(h.get_ref())).collect();
                        if hosts.is_empty()
                            && let Some(f) = formation
                        {
                            hosts.push(country(f.host.get_ref()));
                        }
                        OperationView {
                            id: o.id.get_ref().clone(),
                            name: r.text(&o.name),
                            short_name: r.opt(&o.short_name),
                            organisation: r.opt(&o.organisation),
                            formation: formation.map(|f| r.text(&f.name)).unwrap_or_default(),
                            lead_nation: lead.map(|l| country(l.get_ref())).unwrap_or_default(),
                            host_nations: hosts,
                            bases: o
                                .bases
                                .iter()
                                .filter_map(|b| {
                                    ds.bases.iter().find(|x| x.id.get_ref() == b.get_ref())
                                })
                                .map(|b| r.text(&b.name))
                                .collect(),
                            start: o
                                .start
                                .as_ref()
                                .map(|d| locale.date(d.get_ref()))
                                .unwrap_or_default(),
                            end: o
                                .end
                                .as_ref()
                                .map(|d| locale.date(d.get_ref()))
                                .unwrap_or_default(),
                            ongoing: o.end.is_none(),
                            area: r.opt(&o.area),
                            summary: r.text(&o.summary),
                            assets: o.assets.iter().map(|a| r.text(a)).collect(),
                            notes: r.opt(&o.notes),
                            portion: portion(&o.marking),
                        }
                    })
                    .collect(),
                bases,
                notes: r.opt(&b.notes),
                portion: portion(&b.marking),
                figures: ds
                    .figures
                    .iter()
                    .filter(|f| figure_branch(f).as_deref() == Some(b.id.get_ref().as_str()))
                    .map(|f| figure_view(f))
                    .collect(),
            }
        })
        .collect();

    let figures: Vec<FigureView> = if combined {
        ds.figures.iter().filter(|f| f.highlight).map(|f| figure_view(f)).collect()
    } else {
        branches.iter().flat_map(|b| b.figures.clone()).collect()
    };

    let texts = |section| -> Vec<TextView> {
        ds.texts
            .iter()
            .filter(|t| t.section == section)
            .map(|t| TextView {
                id: t.id.get_ref().clone(),
                title: r.opt(&t.title),
                body: t.body.iter().map(|p| r.text(p)).collect(),
                notes: r.opt(&t.notes),
                portion: portion(&t.marking),
            })
            .collect()
    };
    use crate::dataset::model::Section;

    let mut events: Vec<_> = ds
        .events
        .iter()
        .filter(|e| {
            let branch = e
                .branch
                .as_ref()
                .map(|b| b.get_ref().clone())
                .or_else(|| e.operation.as_ref().and_then(|o| op_branch(o.get_ref())));
            branch.is_none_or(|b| in_scope(&b))
        })
        .collect();
    // A date known only to the year sorts after the precise dates of that year
    // ("2004" after "2004-03-29"); the stable sort keeps the written order of ties.
    events.sort_by_key(|e| {
        let d = e.date.get_ref();
        (d.year, d.month.unwrap_or(13), d.day.unwrap_or(32))
    });
    let timeline = events
        .into_iter()
        .map(|e| {
            let d = e.date.get_ref();
            EventView {
                id: e.id.get_ref().clone(),
                date: locale.date(d),
                date_in_year: locale.date_in_year(d),
                iso: d.to_string(),
                year: d.year,
                precision: d.precision(),
                title: r.text(&e.title),
                text: r.opt(&e.text),
                branch: e
                    .branch
                    .as_ref()
                    .map(|b| b.get_ref().clone())
                    .or_else(|| e.operation.as_ref().and_then(|o| op_branch(o.get_ref())))
                    .unwrap_or_default(),
                notes: r.opt(&e.notes),
            }
        })
        .collect();

    let participating: Vec<&str> = ds
        .operations
        .iter()
        .filter_map(|o| o.formation.as_ref().map(|f| f.get_ref().as_str()))
        .collect();
    let formations = ds
        .formations
        .iter()
        .map(|f| FormationView {
            id: f.id.get_ref().clone(),
            name: r.text(&f.name),
            host: country(f.host.get_ref()),
            lead_nation: f.lead_nation.as_ref().map(|l| country(l.get_ref())).unwrap_or_default(),
            participating: participating.contains(&f.id.get_ref().as_str()),
        })
        .collect();

    let lowest = &ds.markings[0];
    let marking_id = ds
        .info
        .marking
        .as_ref()
        .map(|m| m.get_ref().clone())
        .unwrap_or_else(|| lowest.id.get_ref().clone());
    let level = ds.markings.iter().find(|m| *m.id.get_ref() == marking_id).unwrap_or(lowest);

    let scope_name = if combined {
        locale.labels.get("combined").cloned().unwrap_or_default()
    } else {
        branches.first().map(|b| b.name.clone()).unwrap_or_default()
    };
    let title = r.text(&ds.info.title);
    DocumentData {
        document: DocumentMeta {
            kind,
            scope: scope.to_owned(),
            title: if combined { title.clone() } else { format!("{title} — {scope_name}") },
            scope_name,
            combined,
            lang: lang.to_owned(),
            as_of: locale.date(&ds.info.as_of),
            as_of_iso: ds.info.as_of.to_string(),
            publisher: r.opt(&ds.info.publisher),
            nation: country(ds.info.nation.get_ref()),
            marking: MarkingView {
                id: level.id.get_ref().clone(),
                banner: r.text(&level.banner),
                colour: level.colour.get_ref().clone(),
                releasable_to: Vec::new(),
            },
            audience: String::new(),
            draft: false,
            page_budget: match kind {
                Kind::Factsheet if combined => Some(4),
                Kind::Factsheet => Some(2),
                Kind::Deck | Kind::Handout => None,
            },
        },
        labels: locale.labels.clone(),
        headline: Headline {
            title,
            subtitle: r.opt(&ds.info.subtitle),
            tagline: r.opt(&ds.info.tagline),
            summary: r.opt(&ds.info.summary),
            notes: r.opt(&ds.info.notes),
        },
        figures,
        background: texts(Section::Background),
        mission: texts(Section::Mission),
        stakes: texts(Section::Stakes),
        branches,
        formations,
        timeline,
        sources: ds
            .sources
            .iter()
            .map(|s| SourceView {
                id: s.id.get_ref().clone(),
                title: r.text(&s.title),
                publisher: r.opt(&s.publisher),
                url: s.url.clone().unwrap_or_default(),
            })
            .collect(),
        charts: Vec::new(),
        lines: ds
            .lines
            .iter()
            .filter(|l| l.branch.as_ref().is_none_or(|b| in_scope(b.get_ref())))
            .map(|l| LineView {
                id: l.id.get_ref().clone(),
                branch: l.branch.as_ref().map(|b| b.get_ref().clone()).unwrap_or_default(),
                text: r.text(&l.text),
                notes: r.opt(&l.notes),
                portion: portion(&l.marking),
            })
            .collect(),
        questions: ds
            .questions
            .iter()
            .filter(|q| q.branch.as_ref().is_none_or(|b| in_scope(b.get_ref())))
            .map(|q| QuestionView {
                id: q.id.get_ref().clone(),
                branch: q.branch.as_ref().map(|b| b.get_ref().clone()).unwrap_or_default(),
                question: r.text(&q.question),
                answer: r.text(&q.answer),
                notes: r.opt(&q.notes),
                portion: portion(&q.marking),
            })
            .collect(),
        handout: None,
    }
}
