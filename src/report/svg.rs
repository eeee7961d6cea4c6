//! The charts as the pages show them: SVG drawn from the same [`ChartSpec`] as the PNG, by
//! the same drawing code ([`super::png::draw_on`] on plotters' SVG backend), in two forms
//! so the text reads at a glance on a phone and on a desktop:
//!
//! * **desktop** (`ID.svg`): [`DESKTOP_SIZE`], the PNG's text and margins at 1200 px
//!   (tick labels 13 px, an SVG font size of 10.5); a 1240 px page shows it about 1190 px
//!   wide, so its text is about 13 CSS px.
//! * **phone** (`ID.phone.svg`): [`PHONE_WIDTH`] px wide, taller per panel, with larger
//!   text (tick labels 16 px, an SVG font size of 12.9), narrow margins, the legend and a
//!   long title wrapped; a 390 px phone shows it about 350 px wide (text 12–13 CSS px).
//!   The page picks it below [`PHONE_MEDIA`] with `<picture>`.
//!
//! Text is SVG `<text>` in the `sans-serif` family: the browser draws it with its own
//! font, nothing is embedded or fetched (layout uses DejaVu Sans' metrics, which are wider
//! than most sans-serif faces, so text keeps inside its room). The output references
//! nothing outside itself (no `href`, no `url(`, no image), and the same spec gives the
//! same bytes. The PNG (`ID.png`, the full-size picture the page links) is unchanged.

use super::chart::ChartSpec;
use super::png::{draw_on, ensure_font, height_keeping_aspect, ChartError, Sizes};
use plotters::prelude::{IntoDrawingArea, SVGBackend};

/// Size of the desktop rendering, px (a 2:1 chart).
pub const DESKTOP_SIZE: (u32, u32) = (960, 480);
/// Width of the desktop rendering of an equal-scale chart (the route), px; the page
/// shows it at most 720 CSS px wide ([`super::html::FIGURE_CSS`]), text about 13 CSS px.
pub const DESKTOP_SQUARE_WIDTH: u32 = 600;
/// Width of the phone rendering, px.
pub const PHONE_WIDTH: u32 = 360;
/// The media condition under which a page shows the phone rendering.
pub const PHONE_MEDIA: &str = "(max-width: 900px)";

/// Which rendering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `ID.svg`, for a desktop's width.
    Desktop,
    /// `ID.phone.svg`, for a phone's width.
    Phone,
}

/// The chart's shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Stacked panels, as wide as the page (every chart but the route).
    Wide,
    /// Drawn at equal scales on both axes (the route), its ranges padded for the plot's
    /// aspect ratio at this PNG size: every rendering keeps that aspect ratio.
    EqualScale((u32, u32)),
}

/// The file names of one chart: `(ID.png, ID.svg, ID.phone.svg)`.
#[must_use]
pub fn file_names(id: &str) -> (String, String, String) {
    (
        format!("{id}.png"),
        format!("{id}.svg"),
        format!("{id}.phone.svg"),
    )
}

/// Extra height on the phone per title line past the first and per legend row past the
/// first, px (the line heights of [`Sizes::phone`]).
const PHONE_TITLE_LINE: u32 = 21;
const PHONE_LEGEND_ROW: u32 = 22;
/// Phone height without a panel, and per panel, px (about 200 px of plot each).
const PHONE_BASE_H: u32 = 120;
const PHONE_PANEL_H: u32 = 200;

/// The size a form is drawn at.
///
/// # Errors
/// A spec without panels, or the embedded font cannot measure text.
pub fn size(spec: &ChartSpec, form: Form, shape: Shape) -> Result<(u32, u32), ChartError> {
    if spec.panels.is_empty() {
        return Err(ChartError::NoPanels(spec.id));
    }
    ensure_font()?;
    let sz = sizes(form);
    match (form, shape) {
        (Form::Desktop, Shape::Wide) => Ok(DESKTOP_SIZE),
        (Form::Phone, Shape::Wide) => {
            let (lines, extra_rows) = super::png::wrapping(spec, PHONE_WIDTH, &sz)?;
            #[allow(clippy::cast_possible_truncation)] // a few panels
            let n = spec.panels.len() as u32;
            Ok((
                PHONE_WIDTH,
                PHONE_BASE_H
                    + PHONE_PANEL_H * n
                    + PHONE_TITLE_LINE * lines.saturating_sub(1)
                    + PHONE_LEGEND_ROW * extra_rows,
            ))
        }
        (_, Shape::EqualScale(png_size)) => {
            let width = match form {
                Form::Desktop => DESKTOP_SQUARE_WIDTH,
                Form::Phone => PHONE_WIDTH,
            };
            let png_sizes = Sizes::for_image(png_size.0, png_size.1);
            let h = height_keeping_aspect(spec, (png_size, &png_sizes), width, &sz)?;
            Ok((width, h))
        }
    }
}

fn sizes(form: Form) -> Sizes {
    match form {
        Form::Desktop => Sizes::scaled(1.0).for_svg(),
        Form::Phone => Sizes::phone(),
    }
}

/// Draw `spec` as an SVG document in `form`.
///
/// # Errors
/// See [`ChartError`]: a spec without panels, a drawing failure.
pub fn render(spec: &ChartSpec, form: Form, shape: Shape) -> Result<String, ChartError> {
    let (w, h) = size(spec, form, shape)?;
    let sz = sizes(form);
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (w, h)).into_drawing_area();
        draw_on(&root, spec, &sz).map_err(|e| ChartError::Draw {
            id: spec.id,
            message: e.to_string(),
        })?;
    }
    Ok(out)
}
