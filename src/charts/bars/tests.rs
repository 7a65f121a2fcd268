//! Tests of the bar charts' layout, without drawing: value room, bar bands, the legend.

use super::super::tests::{sample_bars, sample_grouped};
use super::super::{ChartError, ChartTheme, Typo, Weight};
use super::layout::{bar_weight, lay_out_bars, lay_out_grouped};

fn a4() -> ChartTheme {
    ChartTheme::a4(crate::charts::ChartFonts::embedded())
}

#[test]
fn every_value_label_fits_right_of_its_bar() -> Result<(), ChartError> {
    let chart = sample_bars();
    for theme in [a4(), ChartTheme::slide(crate::charts::ChartFonts::embedded())] {
        let typo = Typo::new(&theme)?;
        let layout = lay_out_bars(&chart, &theme, &typo)?;
        let plot_w = layout.frame.plot_w;
        for bar in &chart.bars {
            let end = bar.value / layout.xmax * plot_w;
            let label_w = Typo::width(&bar.value_label, typo.text, bar_weight(bar))?;
            assert!(end + layout.gap + label_w <= plot_w + 1e-9, "{}'s value overflows", bar.label);
        }
        assert!(layout.ticks.iter().all(|t| *t <= layout.xmax));
        // Bars are centred in their rows and thinner than a row.
        let n = chart.bars.len() as f64;
        assert!(layout.thick > 0.0 && layout.thick < 1.0);
        assert_eq!(layout.centres.first(), Some(&(n - 0.5)));
        assert_eq!(layout.centres.last(), Some(&0.5));
    }
    Ok(())
}

#[test]
fn grouped_bars_stay_in_their_category_and_the_legend_reads_left_to_right() -> Result<(), ChartError>
{
    let chart = sample_grouped();
    let theme = a4();
    let typo = Typo::new(&theme)?;
    let layout = lay_out_grouped(&chart, &theme, &typo)?;
    assert_eq!(layout.bars.len(), chart.series.len());
    for bars in &layout.bars {
        for ((c, _), centre) in bars.iter().zip(&layout.centres) {
            assert!((c - centre).abs() + layout.half < 0.5, "a bar leaves its category");
        }
    }
    for (pair, s) in layout.legend.windows(2).zip(&chart.series) {
        let name_end = pair[0].text_at.0 + Typo::width(&s.name, typo.text, Weight::Regular)?;
        assert!(name_end < pair[1].swatch[0].0, "{}'s legend entry runs into the next", s.name);
    }
    for (entry, s) in layout.legend.iter().zip(&chart.series) {
        assert!(entry.swatch[1].0 < entry.text_at.0, "{}: the swatch comes first", s.name);
        let name_w = Typo::width(&s.name, typo.text, Weight::Regular)?;
        assert!(entry.text_at.0 + name_w <= f64::from(theme.width));
    }
    Ok(())
}

#[test]
fn a_long_category_name_gives_way_to_its_short_name() -> Result<(), super::super::ChartError> {
    let long = "Baza 71 Aeriană „General Emanoil Ionescu” Câmpia Turzii";
    let bar = super::Bar {
        label: long.into(),
        value: 4.0,
        value_label: "4".into(),
        emphasis: false,
        short_label: Some("Câmpia Turzii".into()),
    };
    let chart = super::BarChart {
        bars: vec![bar],
        axis_label: String::new(),
        number: super::NumberFormat::default(),
    };
    let svg = super::bar_chart(
        &chart,
        &super::super::ChartTheme::a4(crate::charts::ChartFonts::embedded()),
    )?;
    assert!(svg.contains("Câmpia Turzii"), "{svg}");
    assert!(!svg.contains("Baza 71") && !svg.contains('…'), "{svg}");
    Ok(())
}

#[test]
fn axis_ticks_are_written_with_the_locale_separators() -> Result<(), super::super::ChartError> {
    use super::NumberFormat;
    let english = NumberFormat::from_sample("1,234,567.5");
    let french = NumberFormat::from_sample("1\u{202f}234\u{202f}567,5");
    assert_eq!(english.format(10000.0), "10,000");
    assert_eq!(english.format(2.5), "2.5");
    assert_eq!(french.format(40000.0), "40\u{202f}000");
    assert_eq!(french.format(1234567.25), "1\u{202f}234\u{202f}567,25");
    assert_eq!(french.format(0.0), "0");
    assert_eq!(NumberFormat::from_sample("1234567.5"), NumberFormat::default());
    let bar = |label: &str, value: f64| super::Bar {
        label: label.into(),
        value,
        value_label: english.format(value),
        emphasis: false,
        short_label: None,
    };
    let chart = super::BarChart {
        bars: vec![bar("Personnel", 40000.0), bar("Reservists", 12000.0)],
        axis_label: String::new(),
        number: english.clone(),
    };
    let svg = super::bar_chart(
        &chart,
        &super::super::ChartTheme::a4(crate::charts::ChartFonts::embedded()),
    )?;
    assert!(svg.contains("10,000") && svg.contains("20,000"), "{svg}");
    assert!(!svg.contains("10000") && !svg.contains("20000"), "{svg}");
    Ok(())
}

/// The `<text>` contents of an SVG, in order.
fn svg_texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| Some(t.split_once('>')?.1.split_once("</text>")?.0.trim().to_owned()))
        .collect()
}

#[test]
fn long_category_names_wrap_onto_lines_instead_of_being_cut() -> Result<(), ChartError> {
    let names = [
        "Forces terrestres valmériennes",
        "Marynarka Wojenna i Straż Przybrzeżna Valmerii",
        "Armée de l’air et de la défense aérienne valmérienne",
        "Dowództwo Kosmiczne i Obrony Cybernetycznej",
        "Wojskowa Służba Zdrowia",
    ];
    let chart = super::GroupedBarChart {
        categories: names.iter().map(|n| n.to_string()).collect(),
        short_categories: Vec::new(),
        series: vec![
            super::Series { name: "Operations".into(), values: vec![6.0, 3.0, 3.0, 2.0, 3.0] },
            super::Series { name: "Assets".into(), values: vec![2.0; 5] },
        ],
        axis_label: String::new(),
        number: super::NumberFormat::default(),
    };
    for theme in [a4(), ChartTheme::slide(crate::charts::ChartFonts::embedded())] {
        let layout = lay_out_grouped(&chart, &theme, &Typo::new(&theme)?)?;
        for (name, lines) in names.iter().zip(&layout.frame.labels) {
            assert_eq!(lines.join(" "), *name, "every word is kept");
            assert!(lines.len() <= 3, "{lines:?}");
        }
        assert!(layout.frame.labels.iter().any(|l| l.len() > 1), "some name wraps");
        let texts = svg_texts(&super::grouped_bar_chart(&chart, &theme)?);
        assert!(texts.iter().all(|t| !t.ends_with('…')), "{texts:?}");
        assert!(texts.iter().any(|t| t == "Marynarka Wojenna i Straż"), "{texts:?}");
    }
    Ok(())
}

#[test]
fn a_name_too_long_for_three_lines_falls_back_to_its_short_name_then_to_a_cut()
-> Result<(), ChartError> {
    let long = "Centrul Național de Instruire Întrunită „Getica” Cincu ".repeat(4);
    let bar = |short: Option<&str>| super::Bar {
        label: long.trim().to_owned(),
        value: 4.0,
        value_label: "4".into(),
        emphasis: false,
        short_label: short.map(str::to_owned),
    };
    let chart = super::BarChart {
        bars: vec![bar(Some("Cincu training area of the Romanian land forces")), bar(None)],
        axis_label: String::new(),
        number: super::NumberFormat::default(),
    };
    let theme = a4();
    let layout = lay_out_bars(&chart, &theme, &Typo::new(&theme)?)?;
    assert_eq!(layout.frame.labels[0].join(" "), "Cincu training area of the Romanian land forces");
    let cut = &layout.frame.labels[1];
    assert!(cut.len() <= 3 && cut.last().is_some_and(|l| l.ends_with('…')), "{cut:?}");
    Ok(())
}
