//! The values of a drawn chart as a table or a list, printed beside the chart
//! for readers who cannot see it: the same spec the chart was drawn from.

use serde::Serialize;

use crate::charts::CountryStyle;
use crate::charts::render::ChartSpec;

/// What a chart shows, in words and numbers.
#[derive(Debug, Clone, Serialize)]
pub(super) struct ChartData {
    /// Column headings (the first names the rows); empty for a list.
    pub head: Vec<String>,
    /// Rows: the first cell is the row's heading.
    pub rows: Vec<Vec<String>>,
    /// A second table: the events marked on a timeline (date, event); may be empty.
    pub events: Vec<Vec<String>>,
    /// For a map: the places it shows, one line each.
    pub places: Vec<String>,
    /// For a map: the countries it marks, in lists headed by what the marking
    /// means (the words of the map's own alt text); empty lists left out.
    pub countries: Vec<CountryList>,
}

/// Countries a map marks alike, with what their marking means.
#[derive(Debug, Clone, Serialize)]
pub(super) struct CountryList {
    /// What these countries are, as a heading (`Countries where our troops serve …`).
    pub heading: String,
    /// Their names as the map writes them (an inferred one with its mark).
    pub names: Vec<String>,
}

/// The words the tables need that no chart carries.
pub(super) struct Headings<'a> {
    pub item: &'a str,
    pub value: &'a str,
    pub from: &'a str,
    pub to: &'a str,
    pub ongoing: &'a str,
    /// What a map's emphasised countries are (the `chart_emphasised` label).
    pub emphasised: &'a str,
    /// What its shaded countries are (`chart_shaded`).
    pub shaded: &'a str,
}

/// The table or list of what `spec` draws.
pub(super) fn chart_data(spec: &ChartSpec, words: &Headings) -> ChartData {
    let mut data =
        ChartData { head: vec![], rows: vec![], events: vec![], places: vec![], countries: vec![] };
    match spec {
        ChartSpec::Bar(bar) => {
            let value = if bar.axis_label.is_empty() { words.value } else { &bar.axis_label };
            data.head = vec![words.item.to_owned(), value.to_owned()];
            data.rows = bar
                .bars
                .iter()
                .map(|b| {
                    let shown = if b.value_label.is_empty() {
                        number(b.value)
                    } else {
                        b.value_label.clone()
                    };
                    vec![b.label.clone(), shown]
                })
                .collect();
        }
        ChartSpec::Overview(grouped) => {
            data.head = std::iter::once(words.item.to_owned())
                .chain(grouped.series.iter().map(|s| s.name.clone()))
                .collect();
            data.rows = grouped
                .categories
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    std::iter::once(c.clone())
                        .chain(
                            grouped
                                .series
                                .iter()
                                .map(|s| s.values.get(i).copied().map(number).unwrap_or_default()),
                        )
                        .collect()
                })
                .collect();
        }
        ChartSpec::Timeline(timeline) => {
            data.head = vec![words.item.to_owned(), words.from.to_owned(), words.to.to_owned()];
            data.rows = timeline
                .rows
                .iter()
                .map(|r| {
                    let end = r.end.map(year_month).unwrap_or_else(|| words.ongoing.to_owned());
                    vec![r.label.clone(), r.start.map(year_month).unwrap_or_default(), end]
                })
                .collect();
            data.events =
                timeline.markers.iter().map(|m| vec![year_month(m.at), m.label.clone()]).collect();
        }
        ChartSpec::Map(map) => {
            for (style, heading) in
                [(CountryStyle::Emphasised, words.emphasised), (CountryStyle::Shaded, words.shaded)]
            {
                let names: Vec<String> = map
                    .countries
                    .iter()
                    .filter(|c| c.style == style)
                    .map(|c| c.label.clone().unwrap_or_else(|| c.name.clone()))
                    .collect();
                if !names.is_empty() {
                    data.countries.push(CountryList { heading: capitalised(heading), names });
                }
            }
            data.places = map.points.iter().map(|p| p.label.clone()).collect();
            data.places.extend(map.insets.iter().map(|i| {
                if i.text.is_empty() {
                    i.label.clone()
                } else {
                    format!("{} ({})", i.label, i.text)
                }
            }));
        }
    }
    data
}

/// `text` with its first letter a capital: a label written to follow a dash
/// in the alt text, set here as a heading.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// A chart value as written: whole numbers without decimals.
fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 { format!("{}", v as i64) } else { format!("{v}") }
}

/// A fractional year (as `PartialDate::fractional_year` computes it, by day of
/// the year) as the month it falls in, `YYYY-MM`: language-neutral, as ISO writes it.
fn year_month(at: f64) -> String {
    let year = at.floor() as i64;
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = if leap { 366.0 } else { 365.0 };
    let day_of_year = ((at - at.floor()) * days).round() as i64;
    let lengths = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut month = 1;
    let mut before = 0;
    for len in lengths {
        if day_of_year < before + len {
            break;
        }
        before += len;
        month += 1;
    }
    format!("{year}-{:02}", month.min(12))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fractional_years_print_as_months() {
        assert_eq!(year_month(2017.0), "2017-01");
        // 1 March 2022 is day 59 of 365; 1 September 2024 day 244 of 366.
        assert_eq!(year_month(2022.0 + 59.0 / 365.0), "2022-03");
        assert_eq!(year_month(2022.0 + 58.0 / 365.0), "2022-02");
        assert_eq!(year_month(2024.0 + 244.0 / 366.0), "2024-09");
        assert_eq!(year_month(2022.0 + 364.0 / 365.0), "2022-12");
    }

    #[test]
    fn a_label_becomes_a_heading() {
        assert_eq!(capitalised("pays où servent nos troupes"), "Pays où servent nos troupes");
        assert_eq!(capitalised("état"), "État");
        assert_eq!(capitalised(""), "");
    }

    #[test]
    fn whole_values_print_without_decimals() {
        assert_eq!(number(8.0), "8");
        assert_eq!(number(2.5), "2.5");
    }
}
