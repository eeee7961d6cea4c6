//! The files of one run's report folder: a PNG per chart and the page that ties them
//! together. One function for a file reviewed alone and for the pages of a folder review.

use super::{chart, html, png, text};
use crate::analysis::stride::Baseline;
use crate::units::UnitSystem;
use anyhow::Context;

/// `(file name, bytes)` of the charts (`ID.png`) and `report.html` of one reviewed run,
/// with the runner's baseline drawn on the stride chart when given.
///
/// # Errors
/// A chart that cannot be rendered.
pub fn run_files(
    item: &text::Reviewed<'_>,
    units: UnitSystem,
    baseline: Option<&Baseline>,
) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let specs = chart::build_with(item.activity, item.review, units, baseline);
    let mut files = Vec::with_capacity(specs.len() + 1);
    for spec in &specs {
        let bytes = png::render(spec, png::DEFAULT_WIDTH, png::DEFAULT_HEIGHT)
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
    let page = html::page(item, style, &links);
    files.push(("report.html".to_string(), page.into_bytes()));
    Ok(files)
}
