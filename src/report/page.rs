//! The files of one run's report folder: a PNG per chart (the route map among them) and
//! the page that ties them together. One function for a file reviewed alone and for the
//! pages of a folder review.

use super::{chart, html, png, route, text};
use crate::analysis::stride::Baseline;
use crate::units::UnitSystem;
use anyhow::Context;

/// `(file name, bytes)` of the charts (`ID.png`, the route map `route.png` when the run
/// has a track) and `report.html` of one reviewed run, with the runner's baseline drawn on
/// the stride chart when given. `rules` give the route its steep grade and the descents
/// it marks; `ctx` is what a folder review knows beyond the run (default for a file alone).
///
/// # Errors
/// A chart that cannot be rendered.
pub fn run_files(
    item: &text::Reviewed<'_>,
    units: UnitSystem,
    baseline: Option<&Baseline>,
    rules: &crate::coach::rules::Rules,
    ctx: &html::PageContext,
) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let mut specs = chart::build_with(item.activity, item.review, units, baseline);
    specs.extend(route::build(item.activity, item.review, units, rules));
    let mut files = Vec::with_capacity(specs.len() + 1);
    for spec in &specs {
        let (w, h) = if spec.id == "route" {
            route::ROUTE_PX
        } else {
            (png::DEFAULT_WIDTH, png::DEFAULT_HEIGHT)
        };
        let bytes = png::render(spec, w, h)
            .with_context(|| format!("cannot draw the {} chart", spec.id))?;
        files.push((format!("{}.png", spec.id), bytes));
    }
    let links: Vec<html::ChartLink<'_>> = specs
        .iter()
        .zip(&files)
        .map(|(spec, (file, _))| html::ChartLink {
            file,
            title: &spec.title,
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
