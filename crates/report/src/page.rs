//! The files of one run's report folder: per chart (the route map among them) the
//! full-size PNG and the page's two SVG renderings ([`super::svg`]), and the page that ties
//! them together. One function for a file reviewed alone and for the
//! pages of a folder review.

use super::{chart, html, png, route, svg, text};
use anyhow::Context;
use stridewise_engine::analysis::stride::Baseline;
use stridewise_engine::units::UnitSystem;

/// `(file name, bytes)` of the charts (`ID.png`, `ID.svg` and `ID.phone.svg`; the route
/// map `route.*` when the run has a track) and `report.html` of one reviewed run, with the runner's baseline drawn on
/// the stride chart when given. `rules` give the route its steep grade and the descents
/// it marks; `ctx` is what a folder review knows beyond the run (default for a file alone).
///
/// # Errors
/// A chart that cannot be rendered.
pub fn run_files(
    item: &text::Reviewed<'_>,
    units: UnitSystem,
    baseline: Option<&Baseline>,
    rules: &stridewise_engine::coach::rules::Rules,
    ctx: &html::PageContext,
) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let mut specs = chart::build_with(item.activity, item.review, units, baseline);
    specs.extend(route::build(item.activity, item.review, units, rules));
    let mut files = Vec::with_capacity(3 * specs.len() + 1);
    for spec in &specs {
        let png_size = if spec.id == "route" {
            route::ROUTE_PX
        } else {
            (png::DEFAULT_WIDTH, png::DEFAULT_HEIGHT)
        };
        let drawn = svg::chart_files(spec, png_size, shape(spec.id))
            .with_context(|| format!("cannot draw the {} chart", spec.id))?;
        files.extend(drawn);
    }
    let links: Vec<html::ChartLink<'_>> = specs
        .iter()
        .map(|spec| html::ChartLink {
            id: spec.id,
            title: &spec.title,
            square: shape(spec.id) != svg::Shape::Wide,
        })
        .collect();
    let style = text::Style {
        units,
        color: false,
    };
    let page = html::page_with(item, style, &links, ctx);
    files.push(("report.html".to_string(), page.into_bytes()));
    Ok(files)
}

/// The route is drawn at equal scales (its ranges padded for [`route::ROUTE_PX`]); every
/// other chart is wide.
fn shape(id: &str) -> svg::Shape {
    if id == "route" {
        svg::Shape::EqualScale(route::ROUTE_PX)
    } else {
        svg::Shape::Wide
    }
}
