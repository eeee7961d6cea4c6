//! Drawing a [`ChartSpec`] with plotters (`draw_on`, on any plotters backend) and its PNG
//! rendering; [`super::svg`] draws the pages' SVGs with the same code. The only modules
//! that know plotters.
//!
//! * Text uses DejaVu Sans embedded in the binary (the `dejavu` crate) through plotters'
//!   `ab_glyph` font backend, registered once; nothing is read from the system, so no
//!   fontconfig or freetype is linked.
//! * The image is drawn into an RGB buffer (`BitMapBackend::with_buffer`) and encoded in
//!   memory with the `png` crate at [`png::Compression::Fast`] (fdeflate: several times
//!   faster than the default level for a few percent more bytes; a chart is mostly flat
//!   colour). The same spec gives the same bytes.
//! * Layout: the title on top (wrapped at words when wider than the image), then the
//!   panels stacked vertically with heights in proportion to [`Panel::height`], each with
//!   its legend (when it has more than one entry) in a strip above the plot, in as many
//!   rows as it needs, so a legend never covers data. The x axis description is written
//!   under the last panel only when the panels share it. Text and margins come from
//!   `Sizes`: the PNG's scale with the image, the phone's SVG has its own.
//! * Labels never overlap: a span label (a climb's, with its bracket) that would overlap
//!   one already drawn or leave the image is shortened to its first word (`C3`), else left out; a value
//!   above a bar (or a route's `finish` on its `start`) goes one row higher, else is left
//!   out. At the sizes the specs were laid out for, nothing changes.
//! * Axes: at most about one tick label per 95 px horizontally and per 38 px vertically,
//!   at 1–2–5 steps (pace: 5, 10, 15, 20, 30 s, 1, 2, 5 min …), written with the
//!   decimals the step needs (at least the spec's); pace as `m:ss`. An inverted axis
//!   (pace, faster up) is inverted in the coordinate mapping, so the data stay as they
//!   are. Values outside a range are clamped to the plot's edge.
//! * Colours: the Okabe–Ito palette ([`Color`]); bands are drawn translucent behind the
//!   series over a light grid.

use super::chart::{Axis, ChartSpec, Color, MarkerKind, Panel, SeriesKind, Ticks};
use plotters::coord::ranged1d::{KeyPointHint, NoDefaultFormatting, Ranged, ValueFormatter};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::Color as _;
use plotters::style::FontStyle;
use std::ops::Range;
use std::sync::OnceLock;
use stridewise_engine::units::format_min_sec;

/// Default image width, px.
pub const DEFAULT_WIDTH: u32 = 1200;
/// Default image height, px.
pub const DEFAULT_HEIGHT: u32 = 600;
/// Smallest image drawn, px.
pub const MIN_SIZE: (u32, u32) = (400, 250);
/// Largest image drawn, px (keeps the buffer under about 300 MB).
pub const MAX_SIZE: (u32, u32) = (10_000, 10_000);

/// A chart drawn as a PNG of this size, px.
#[derive(Clone, Copy, Debug)]
pub struct Png {
    /// Width, px.
    pub width: u32,
    /// Height, px.
    pub height: u32,
}

impl crate::render::Renderer<ChartSpec> for Png {
    fn render(&self, spec: &ChartSpec, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        out.write_all(&render(spec, self.width, self.height).map_err(std::io::Error::other)?)
    }
}

/// Why a chart could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// The requested size is outside [`MIN_SIZE`]..=[`MAX_SIZE`].
    #[error(
        "chart size {width}x{height} px is not drawable: use {}x{} to {}x{} px",
        MIN_SIZE.0, MIN_SIZE.1, MAX_SIZE.0, MAX_SIZE.1
    )]
    Size {
        /// Requested width.
        width: u32,
        /// Requested height.
        height: u32,
    },
    /// The spec has no panel.
    #[error("chart `{0}` has no panels to draw")]
    NoPanels(&'static str),
    /// The embedded font was rejected (a build problem, not a data problem).
    #[error(
        "the embedded DejaVu Sans font could not be loaded: this build is broken, please report it"
    )]
    Font,
    /// plotters failed while drawing.
    #[error("drawing chart `{id}` failed: {message}")]
    Draw {
        /// Chart id.
        id: &'static str,
        /// plotters' message.
        message: String,
    },
    /// PNG encoding failed.
    #[error("encoding chart `{id}` as PNG failed: {source}")]
    Encode {
        /// Chart id.
        id: &'static str,
        /// The encoder's error.
        source: ::png::EncodingError,
    },
}

/// Render a chart as PNG bytes of `width` × `height` pixels.
///
/// # Errors
/// See [`ChartError`]: a size outside [`MIN_SIZE`]..=[`MAX_SIZE`], a spec without
/// panels, or a drawing or encoding failure.
pub fn render(spec: &ChartSpec, width: u32, height: u32) -> Result<Vec<u8>, ChartError> {
    if width < MIN_SIZE.0 || height < MIN_SIZE.1 || width > MAX_SIZE.0 || height > MAX_SIZE.1 {
        return Err(ChartError::Size { width, height });
    }
    if spec.panels.is_empty() {
        return Err(ChartError::NoPanels(spec.id));
    }
    ensure_font()?;
    let mut buf = vec![255_u8; width as usize * height as usize * 3];
    draw(spec, &mut buf, width, height).map_err(|e| ChartError::Draw {
        id: spec.id,
        message: e.to_string(),
    })?;
    encode(&buf, width, height).map_err(|source| ChartError::Encode {
        id: spec.id,
        source,
    })
}

/// The font family every text uses.
const FAMILY: &str = "sans-serif";

pub(super) fn ensure_font() -> Result<(), ChartError> {
    static FONT: OnceLock<bool> = OnceLock::new();
    let ok = *FONT.get_or_init(|| {
        plotters::style::register_font(FAMILY, FontStyle::Normal, dejavu::sans::regular()).is_ok()
            && plotters::style::register_font(FAMILY, FontStyle::Bold, dejavu::sans::bold()).is_ok()
    });
    if ok {
        Ok(())
    } else {
        Err(ChartError::Font)
    }
}

fn encode(rgb: &[u8], width: u32, height: u32) -> Result<Vec<u8>, ::png::EncodingError> {
    let mut out = Vec::with_capacity(rgb.len() / 8);
    let mut enc = ::png::Encoder::new(&mut out, width, height);
    enc.set_color(::png::ColorType::Rgb);
    enc.set_depth(::png::BitDepth::Eight);
    enc.set_compression(::png::Compression::Fast);
    let mut w = enc.write_header()?;
    w.write_image_data(rgb)?;
    w.finish()?;
    Ok(out)
}

type DrawResult = Result<(), Box<dyn std::error::Error>>;

/// The RGB value of a palette colour.
fn rgb(c: Color) -> RGBColor {
    match c {
        Color::Black => RGBColor(0, 0, 0),
        Color::Orange => RGBColor(0xE6, 0x9F, 0x00),
        Color::SkyBlue => RGBColor(0x56, 0xB4, 0xE9),
        Color::BluishGreen => RGBColor(0x00, 0x9E, 0x73),
        Color::Yellow => RGBColor(0xF0, 0xE4, 0x42),
        Color::Blue => RGBColor(0x00, 0x72, 0xB2),
        Color::Vermillion => RGBColor(0xD5, 0x5E, 0x00),
        Color::ReddishPurple => RGBColor(0xCC, 0x79, 0xA7),
        Color::Grey => RGBColor(0x99, 0x99, 0x99),
        Color::LightGrey => RGBColor(0xD0, 0xD0, 0xD0),
    }
}

const TEXT: RGBColor = RGBColor(0x22, 0x22, 0x22);
const GRID: RGBColor = RGBColor(0xE4, 0xE4, 0xE4);
const AXIS: RGBColor = RGBColor(0x80, 0x80, 0x80);
/// Opacity of bands.
const BAND_ALPHA: f64 = 0.18;
/// Opacity of scatter points.
const POINT_ALPHA: f64 = 0.45;

fn font(size: u32) -> TextStyle<'static> {
    FontDesc::new(FontFamily::Name(FAMILY), f64::from(size), FontStyle::Normal).color(&TEXT)
}

/// Pixel sizes of one rendering: text, the strips around the plots, tick spacing.
pub(super) struct Sizes {
    title: u32,
    /// Height of the title strip with one line.
    title_h: u32,
    /// Height each further title line adds.
    title_line_h: u32,
    title_x: i32,
    tick: u32,
    desc: u32,
    legend: u32,
    /// Height of one legend row.
    legend_h: u32,
    legend_x: i32,
    marker: u32,
    y_area: u32,
    margin_right: u32,
    /// About one x tick label per this many pixels of plot.
    x_label_px: u32,
    /// About one y tick label per this many pixels of plot.
    y_label_px: u32,
    /// Drawn as SVG: lines as one polyline per piece and each pixel once (the PNG
    /// draws lines segment by segment, see [`draw_panel`]).
    vector: bool,
}

impl Sizes {
    /// The PNG's sizes, scaled from the default 600 px height (never below the default's
    /// 80 %).
    pub(super) fn for_image(width: u32, height: u32) -> Self {
        Self::scaled((f64::from(width.min(height * 2)) / 1200.0).clamp(0.8, 2.0))
    }

    /// The default 1200 × 600 image's sizes times `s`.
    pub(super) fn scaled(s: f64) -> Self {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // small, positive
        let px = |v: f64| (v * s).round() as u32;
        let y_area = px(78.0);
        #[allow(clippy::cast_possible_wrap)] // small sizes
        Self {
            title: px(20.0),
            title_h: px(36.0),
            title_line_h: px(26.0),
            title_x: 14,
            tick: px(13.0),
            desc: px(14.0),
            legend: px(13.0),
            legend_h: px(22.0),
            legend_x: y_area as i32 + 12,
            marker: px(12.0),
            y_area,
            margin_right: 40,
            x_label_px: 95,
            y_label_px: 30,
            vector: false,
        }
    }

    /// These sizes for an SVG.
    pub(super) fn for_svg(self) -> Self {
        Self {
            vector: true,
            ..self
        }
    }

    /// A phone's rendering, about 360 px wide and shown at about that many CSS px: text
    /// of 15–17 px (plotters writes an SVG font size of size ÷ 1.24, so 12–14 CSS px),
    /// narrow margins, the legend from the left edge.
    pub(super) fn phone() -> Self {
        Self {
            title: 17,
            title_h: 28,
            title_line_h: 21,
            title_x: 6,
            tick: 16,
            desc: 15,
            legend: 15,
            legend_h: 22,
            legend_x: 8,
            marker: 15,
            y_area: 64,
            margin_right: 16,
            x_label_px: 100,
            y_label_px: 34,
            vector: true,
        }
    }
}

/// Where everything of a chart goes at one size: the title's lines and, per panel, its
/// height and legend rows. Drawing and sizing (an equal-scale chart's height) share it.
struct Layout {
    title_lines: Vec<String>,
    title_h: u32,
    panels: Vec<PanelLayout>,
}

struct PanelLayout {
    /// Height of the panel, legend included.
    height: u32,
    /// The legend's entries and, per row, the indices of the entries on it with their x.
    entries: Vec<Entry>,
    rows: Vec<Vec<(usize, i32)>>,
    /// Whether the x axis description is written under this panel.
    x_desc: bool,
}

impl PanelLayout {
    fn legend_h(&self, sz: &Sizes) -> u32 {
        if self.entries.len() > 1 {
            #[allow(clippy::cast_possible_truncation)] // a few rows
            let rows = self.rows.len().max(1) as u32;
            sz.legend_h * rows
        } else {
            0
        }
    }
}

/// Width of `text` in `style`, px (DejaVu Sans' metrics, as plotters estimates them).
fn text_width(text: &str, style: &TextStyle<'_>) -> Result<u32, ChartError> {
    style
        .font
        .box_size(text)
        .map(|(w, _)| w)
        .map_err(|_| ChartError::Font)
}

/// Swatch width, the gap after it and the gap after an entry's text, px.
const SWATCH: i32 = 20;
const SWATCH_GAP: i32 = 6;
const ENTRY_GAP: i32 = 22;

fn layout(spec: &ChartSpec, width: u32, height: u32, sz: &Sizes) -> Result<Layout, ChartError> {
    // The title, wrapped at words when it is wider than the image.
    let title_style = title_font(sz);
    #[allow(clippy::cast_sign_loss)]
    let room = width.saturating_sub(2 * sz.title_x.max(0) as u32);
    let mut title_lines: Vec<String> = Vec::new();
    for word in spec.title.split(' ') {
        match title_lines.last_mut() {
            Some(line) if text_width(&format!("{line} {word}"), &title_style)? <= room => {
                line.push(' ');
                line.push_str(word);
            }
            _ => title_lines.push(word.to_string()),
        }
    }
    #[allow(clippy::cast_possible_truncation)] // a few lines
    let title_h =
        sz.title_h + sz.title_line_h * (title_lines.len().max(1) as u32).saturating_sub(1);
    let weights: Vec<f64> = spec
        .panels
        .iter()
        .map(|p| if p.height > 0.05 { p.height } else { 1.0 })
        .collect();
    let total: f64 = weights.iter().sum();
    let body_h = height.saturating_sub(title_h);
    let legend_style = font(sz.legend);
    let mut panels = Vec::with_capacity(spec.panels.len());
    let mut used = 0;
    for (k, p) in spec.panels.iter().enumerate() {
        let h = if k + 1 == spec.panels.len() {
            body_h.saturating_sub(used)
        } else {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let h = (f64::from(body_h) * weights[k] / total).round() as u32;
            h.min(body_h.saturating_sub(used))
        };
        used += h;
        let entries = legend_entries(p);
        // Entries left to right, a new row when the next would pass the right edge.
        #[allow(clippy::cast_possible_wrap)]
        let right = width as i32 - 8;
        let mut rows: Vec<Vec<(usize, i32)>> = vec![Vec::new()];
        let mut x = sz.legend_x;
        for (i, e) in entries.iter().enumerate() {
            #[allow(clippy::cast_possible_wrap)]
            let w = SWATCH + SWATCH_GAP + text_width(&e.text, &legend_style)? as i32;
            if x + w > right && x > sz.legend_x {
                rows.push(Vec::new());
                x = sz.legend_x;
            }
            if let Some(row) = rows.last_mut() {
                row.push((i, x));
            }
            x += w + ENTRY_GAP;
        }
        let x_desc = spec
            .panels
            .get(k + 1)
            .is_none_or(|next| next.x_label != p.x_label);
        panels.push(PanelLayout {
            height: h,
            entries,
            rows,
            x_desc,
        });
    }
    Ok(Layout {
        title_lines,
        title_h,
        panels,
    })
}

fn title_font(sz: &Sizes) -> TextStyle<'static> {
    FontDesc::new(
        FontFamily::Name(FAMILY),
        f64::from(sz.title),
        FontStyle::Bold,
    )
    .color(&TEXT)
    .pos(Pos::new(HPos::Left, VPos::Center))
}

/// Height of the x tick labels' strip (and the axis description's, when written).
fn x_area(x_desc: bool, sz: &Sizes) -> u32 {
    if x_desc {
        sz.tick * 2 + sz.desc + 8
    } else {
        sz.tick + 12
    }
}

/// Plot margins: left, right, top, bottom.
fn margins(sz: &Sizes) -> (u32, u32, u32, u32) {
    (8, sz.margin_right, 8, 4)
}

/// Width and height of the first panel's plot (inside the axes) at `width` × `height`.
///
/// # Errors
/// A spec without panels, or the embedded font cannot measure text.
pub(super) fn first_plot_size(
    spec: &ChartSpec,
    width: u32,
    height: u32,
    sz: &Sizes,
) -> Result<(u32, u32), ChartError> {
    let l = layout(spec, width, height, sz)?;
    let p = l.panels.first().ok_or(ChartError::NoPanels(spec.id))?;
    let (ml, mr, mt, mb) = margins(sz);
    Ok((
        width.saturating_sub(ml + mr + sz.y_area),
        p.height
            .saturating_sub(p.legend_h(sz) + mt + mb + x_area(p.x_desc, sz)),
    ))
}

/// The height at which a one-panel chart `width` px wide has a plot of the same aspect
/// ratio (width ÷ height) as at `reference` px: for a chart drawn at equal scales on both
/// axes (the route), whose ranges were padded for that aspect.
///
/// # Errors
/// The embedded font cannot measure text ([`ChartError::Font`]).
pub(super) fn height_keeping_aspect(
    spec: &ChartSpec,
    reference: ((u32, u32), &Sizes),
    width: u32,
    sz: &Sizes,
) -> Result<u32, ChartError> {
    ensure_font()?;
    let plot = |w: u32, h: u32, sz: &Sizes| first_plot_size(spec, w, h, sz);
    let ((rw, rh), rsz) = reference;
    let (pw, ph) = plot(rw, rh, rsz)?;
    let aspect = f64::from(pw.max(1)) / f64::from(ph.max(1));
    // Everything but the plot is the same height whatever the image's height.
    let (w_here, h_here) = plot(width, width, sz)?;
    let fixed = width.saturating_sub(h_here);
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let plot_h = (f64::from(w_here) / aspect).round() as u32;
    Ok(fixed + plot_h)
}

/// How a chart `width` px wide wraps: its title's lines, and the legend rows past the
/// first over all panels.
///
/// # Errors
/// The embedded font cannot measure text ([`ChartError::Font`]).
pub(super) fn wrapping(spec: &ChartSpec, width: u32, sz: &Sizes) -> Result<(u32, u32), ChartError> {
    ensure_font()?;
    let l = layout(spec, width, width, sz)?;
    #[allow(clippy::cast_possible_truncation)] // a few lines and rows
    let rows = l
        .panels
        .iter()
        .filter(|p| p.entries.len() > 1)
        .map(|p| p.rows.len().saturating_sub(1) as u32)
        .sum();
    #[allow(clippy::cast_possible_truncation)]
    Ok((l.title_lines.len() as u32, rows))
}

fn draw(spec: &ChartSpec, buf: &mut [u8], width: u32, height: u32) -> DrawResult {
    let sz = Sizes::for_image(width, height);
    let root = BitMapBackend::with_buffer(buf, (width, height)).into_drawing_area();
    draw_on(&root, spec, &sz)
}

/// Draw `spec` on `root` (any plotters backend) with the sizes `sz`.
pub(super) fn draw_on<DB>(root: &DrawingArea<DB, Shift>, spec: &ChartSpec, sz: &Sizes) -> DrawResult
where
    DB: DrawingBackend,
    DB::ErrorType: 'static,
{
    let (width, height) = root.dim_in_pixel();
    let l = layout(spec, width, height, sz)?;
    root.fill(&WHITE)?;
    let (top, body) = root.split_vertically(l.title_h);
    let bold = title_font(sz);
    for (k, line) in l.title_lines.iter().enumerate() {
        #[allow(clippy::cast_possible_wrap, clippy::cast_possible_truncation)] // small sizes
        let y = sz.title_h as i32 / 2 + 2 + k as i32 * sz.title_line_h as i32;
        top.draw(&Text::new(line.clone(), (sz.title_x, y), bold.clone()))?;
    }
    let mut rest = body;
    for (k, (p, pl)) in spec.panels.iter().zip(&l.panels).enumerate() {
        let area = if k + 1 == spec.panels.len() {
            rest.clone()
        } else {
            let (a, r) = rest.split_vertically(pl.height);
            rest = r;
            a
        };
        draw_panel(&area, p, pl, sz)?;
    }
    root.present()?;
    Ok(())
}

/// A legend entry: text and how its swatch looks.
struct Entry {
    text: String,
    color: Color,
    swatch: Swatch,
}

#[derive(Clone, Copy, PartialEq)]
enum Swatch {
    Line,
    Dot,
    Block,
    Band,
}

fn legend_entries(p: &Panel) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    for s in p.series.iter().filter(|s| !s.name.is_empty()) {
        if out.iter().any(|e| e.text == s.name) {
            continue;
        }
        let swatch = match s.kind {
            SeriesKind::Line | SeriesKind::LinePoints => Swatch::Line,
            SeriesKind::Points | SeriesKind::Marks => Swatch::Dot,
            SeriesKind::Bars { .. } | SeriesKind::Area => Swatch::Block,
        };
        out.push(Entry {
            text: s.name.clone(),
            color: s.color,
            swatch,
        });
    }
    for b in p.bands.iter().filter(|b| !b.label.is_empty()) {
        if out.iter().any(|e| e.text == b.label) {
            continue;
        }
        out.push(Entry {
            text: b.label.clone(),
            color: b.color,
            swatch: Swatch::Band,
        });
    }
    out
}

fn draw_legend<DB>(area: &DrawingArea<DB, Shift>, pl: &PanelLayout, sz: &Sizes) -> DrawResult
where
    DB: DrawingBackend,
    DB::ErrorType: 'static,
{
    let style = font(sz.legend).pos(Pos::new(HPos::Left, VPos::Center));
    let sw = SWATCH;
    for (r, row) in pl.rows.iter().enumerate() {
        #[allow(clippy::cast_possible_wrap, clippy::cast_possible_truncation)]
        let y = sz.legend_h as i32 / 2 + 1 + r as i32 * sz.legend_h as i32;
        for &(i, x) in row {
            let Some(e) = pl.entries.get(i) else { continue };
            let c = rgb(e.color);
            match e.swatch {
                Swatch::Line => area.draw(&PathElement::new(
                    vec![(x, y), (x + sw, y)],
                    c.stroke_width(3),
                ))?,
                Swatch::Dot => area.draw(&Circle::new((x + sw / 2, y), 4, c.filled()))?,
                Swatch::Block => {
                    area.draw(&Rectangle::new([(x, y - 6), (x + sw, y + 6)], c.filled()))?;
                }
                Swatch::Band => {
                    area.draw(&Rectangle::new(
                        [(x, y - 6), (x + sw, y + 6)],
                        c.mix(BAND_ALPHA * 1.6).filled(),
                    ))?;
                }
            }
            area.draw(&Text::new(
                e.text.clone(),
                (x + sw + SWATCH_GAP, y),
                style.clone(),
            ))?;
        }
    }
    Ok(())
}

fn draw_panel<DB>(
    area: &DrawingArea<DB, Shift>,
    p: &Panel,
    pl: &PanelLayout,
    sz: &Sizes,
) -> DrawResult
where
    DB: DrawingBackend,
    DB::ErrorType: 'static,
{
    let plot_area = if pl.entries.len() > 1 {
        let (legend, plot) = area.split_vertically(pl.legend_h(sz));
        draw_legend(&legend, pl, sz)?;
        plot
    } else {
        area.clone()
    };
    let (w, h) = plot_area.dim_in_pixel();
    let x_area = x_area(pl.x_desc, sz);
    let plot_w = w.saturating_sub(sz.y_area + 30);
    let plot_h = h.saturating_sub(x_area + 12);
    let x_labels = (plot_w / sz.x_label_px).clamp(3, 12) as usize;
    let y_labels = (plot_h / sz.y_label_px).clamp(4, 8) as usize;
    let xr = AxisRange::new(p.x_range, false, p.x_ticks, x_labels);
    let yr = AxisRange::new(p.y_range, p.y_inverted, p.y_ticks, y_labels);
    let (x0, x1) = (xr.lo, xr.hi);
    let (y0, y1) = (yr.lo, yr.hi);
    let (ml, mr, mt, mb) = margins(sz);
    let mut chart = ChartBuilder::on(&plot_area)
        .margin_left(ml)
        .margin_right(mr)
        .margin_top(mt)
        .margin_bottom(mb)
        .x_label_area_size(x_area)
        .y_label_area_size(sz.y_area)
        .build_cartesian_2d(xr, yr)?;
    {
        let mut mesh = chart.configure_mesh();
        mesh.x_labels(x_labels)
            .y_labels(y_labels)
            .max_light_lines(0)
            .bold_line_style(GRID)
            .axis_style(AXIS)
            .label_style(font(sz.tick))
            .axis_desc_style(font(sz.desc))
            .y_desc(p.y_label.as_str());
        if pl.x_desc {
            mesh.x_desc(p.x_label.as_str());
        }
        mesh.draw()?;
    }
    for b in &p.bands {
        let style = rgb(b.color).mix(BAND_ALPHA).filled();
        let corners = match b.axis {
            Axis::X => [(b.from, y0), (b.to, y1)],
            Axis::Y => [(x0, b.from), (x1, b.to)],
        };
        chart.draw_series(std::iter::once(Rectangle::new(corners, style)))?;
    }
    // The bottom of the plot as drawn: bars and areas grow from there.
    let base = if p.y_inverted { y1 } else { y0 };
    for s in &p.series {
        let c = rgb(s.color);
        if let SeriesKind::Bars { widths } = &s.kind {
            chart.draw_series(s.points.iter().zip(widths).map(|(&(x, y), &w)| {
                Rectangle::new([(x - 0.5 * w, base), (x + 0.5 * w, y)], c.filled())
            }))?;
            continue;
        }
        for seg in segments(&s.points, &s.breaks) {
            match s.kind {
                SeriesKind::Line | SeriesKind::LinePoints => {
                    for piece in clip(seg, y0, y1) {
                        if sz.vector {
                            // A browser joins a polyline's segments within its mitre limit:
                            // one polyline per piece, through each pixel once.
                            let (bx, by) = plot_area.get_base_pixel();
                            let mut px: Vec<(i32, i32)> = Vec::with_capacity(piece.len());
                            for q in &piece {
                                let (x, y) = chart.backend_coord(q);
                                if px.last() != Some(&(x - bx, y - by)) {
                                    px.push((x - bx, y - by));
                                }
                            }
                            plot_area.draw(&PathElement::new(px, c.stroke_width(2)))?;
                            continue;
                        }
                        // One path per segment: plotters joins a wide polyline's segments
                        // with mitre points that, at a sharp turn, can land far outside the
                        // plot (plotters issues #347, #549: a 2 px pace line drew a spike
                        // through the panel below). Lone segments have no joins.
                        chart.draw_series(
                            piece
                                .windows(2)
                                .map(|w| PathElement::new([w[0], w[1]], c.stroke_width(2))),
                        )?;
                    }
                    if s.kind == SeriesKind::LinePoints {
                        chart.draw_series(
                            seg.iter()
                                .filter(|q| q.1 >= y0 && q.1 <= y1)
                                .map(|&q| Circle::new(q, 4, c.filled())),
                        )?;
                    }
                }
                SeriesKind::Points => {
                    let style = c.mix(POINT_ALPHA).filled();
                    // In an SVG, one dot per 2 × 2 pixels (a 4 px dot drawn there again
                    // would only darken it, at a hundred bytes each); the first is kept.
                    let mut seen = std::collections::HashSet::new();
                    let dots: Vec<(f64, f64)> = seg
                        .iter()
                        .copied()
                        .filter(|q| {
                            let (x, y) = chart.backend_coord(q);
                            !sz.vector || seen.insert((x.div_euclid(2), y.div_euclid(2)))
                        })
                        .collect();
                    chart.draw_series(dots.into_iter().map(|q| Circle::new(q, 2, style)))?;
                }
                SeriesKind::Marks => {
                    chart.draw_series(seg.iter().map(|&q| Circle::new(q, 4, c.filled())))?;
                }
                SeriesKind::Bars { .. } => {}
                SeriesKind::Area => {
                    if let (Some(first), Some(last)) = (seg.first(), seg.last()) {
                        let mut poly = seg.to_vec();
                        if sz.vector {
                            // Each pixel once.
                            poly.dedup_by_key(|q| chart.backend_coord(q));
                        }
                        poly.push((last.0, base));
                        poly.push((first.0, base));
                        chart.draw_series(std::iter::once(Polygon::new(poly, c.filled())))?;
                    }
                }
            }
        }
    }
    // Labels never overlap: at a size narrower than the spec's layout assumed (a phone),
    // a label that would overlap one already drawn, or leave the image, is shortened to
    // its first word (`C3`), else left out with its bracket.
    let style = font(sz.marker);
    let (left, top) = plot_area.get_base_pixel();
    #[allow(clippy::cast_possible_wrap)]
    let right = left + plot_area.dim_in_pixel().0 as i32;
    let mut taken: Vec<[i32; 4]> = Vec::new();
    let free = |b: [i32; 4], taken: &[[i32; 4]]| {
        b[0] >= left
            && b[2] <= right
            && taken
                .iter()
                .all(|t| b[2] + 3 <= t[0] || t[2] + 3 <= b[0] || b[3] <= t[1] || t[3] <= b[1])
    };
    for m in &p.markers {
        let c = rgb(m.color);
        match m.kind {
            MarkerKind::Span { from, to } => {
                let (pc, py) = chart.backend_coord(&(m.x, m.y));
                let (pa, _) = chart.backend_coord(&(from, m.y));
                let (pb, _) = chart.backend_coord(&(to, m.y));
                let text_style = style.color(&c).pos(Pos::new(HPos::Center, VPos::Center));
                #[allow(clippy::cast_possible_wrap)]
                let dy = sz.marker as i32 * 3 / 4;
                // The text and its bracket beneath.
                let boxed = |text: &str| -> Result<[i32; 4], ChartError> {
                    let (tw, th) = text_style
                        .font
                        .box_size(text)
                        .map_err(|_| ChartError::Font)?;
                    #[allow(clippy::cast_possible_wrap)]
                    let (hw, hh) = (tw as i32 / 2, th as i32 / 2);
                    Ok([
                        (pc - hw).min(pa),
                        py - hh,
                        (pc + hw).max(pb),
                        py + (dy + 5).max(hh),
                    ])
                };
                let short = m.text.split(' ').next().unwrap_or_default();
                let text = if free(boxed(&m.text)?, &taken) {
                    m.text.as_str()
                } else if free(boxed(short)?, &taken) {
                    short
                } else {
                    continue;
                };
                taken.push(boxed(text)?);
                let line = c.stroke_width(2);
                let el = EmptyElement::at((m.x, m.y))
                    + Text::new(text.to_string(), (0, 0), text_style)
                    + PathElement::new(
                        vec![
                            (pa - pc, dy + 5),
                            (pa - pc, dy),
                            (pb - pc, dy),
                            (pb - pc, dy + 5),
                        ],
                        line,
                    );
                chart.draw_series(std::iter::once(el))?;
            }
            MarkerKind::Above => {
                // On a white box, so a line crossing the bar top does not hide the value.
                let text_style = style.color(&c).pos(Pos::new(HPos::Center, VPos::Bottom));
                let (tw, th) = plot_area.estimate_text_size(&m.text, &text_style)?;
                #[allow(clippy::cast_possible_wrap)]
                let (hw, th) = (tw as i32 / 2 + 2, th as i32);
                let (px, py) = chart.backend_coord(&(m.x, m.y));
                let at = |lift: i32| [px - hw, py - 4 - th - 1 - lift, px + hw, py - 2 - lift];
                // Over a label already there (a loop's start and finish, narrow bars),
                // one row higher, inside the plot; else left out.
                let lift = [0, th + 5]
                    .into_iter()
                    .find(|&l| (l == 0 || at(l)[1] >= top) && free(at(l), &taken));
                let Some(lift) = lift else { continue };
                taken.push(at(lift));
                let el = EmptyElement::at((m.x, m.y))
                    + Rectangle::new(
                        [(-hw, -4 - th - 1 - lift), (hw, -2 - lift)],
                        WHITE.mix(0.85).filled(),
                    )
                    + Text::new(m.text.clone(), (0, -3 - lift), text_style);
                chart.draw_series(std::iter::once(el))?;
            }
        }
    }
    Ok(())
}

/// The pieces of a polyline inside `lo ≤ y ≤ hi`, cut exactly where it crosses an edge
/// (a line leaving the plot is clipped, not flattened along the edge).
fn clip(seg: &[(f64, f64)], lo: f64, hi: f64) -> Vec<Vec<(f64, f64)>> {
    let inside = |y: f64| y >= lo && y <= hi;
    let mut out = Vec::new();
    let mut cur: Vec<(f64, f64)> = Vec::new();
    if let Some(&p) = seg.first() {
        if inside(p.1) {
            cur.push(p);
        }
    }
    for w in seg.windows(2) {
        let (q, p) = (w[0], w[1]);
        // The part of q→p inside the band, as parameters t0..t1 of 0..1.
        let (t0, t1) = if (p.1 - q.1).abs() < f64::EPSILON {
            if inside(q.1) {
                (0.0, 1.0)
            } else {
                (1.0, 0.0)
            }
        } else {
            let ta = (lo - q.1) / (p.1 - q.1);
            let tb = (hi - q.1) / (p.1 - q.1);
            (ta.min(tb).max(0.0), ta.max(tb).min(1.0))
        };
        if t0 > t1 {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let at = |t: f64| (q.0 + t * (p.0 - q.0), q.1 + t * (p.1 - q.1));
        if t0 > 0.0 {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            cur.push(at(t0));
        } else if cur.is_empty() {
            cur.push(q);
        }
        cur.push(if t1 < 1.0 { at(t1) } else { p });
        if t1 < 1.0 {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The unconnected pieces of a series.
fn segments<'p>(points: &'p [(f64, f64)], breaks: &[usize]) -> Vec<&'p [(f64, f64)]> {
    let mut out = Vec::with_capacity(breaks.len() + 1);
    let mut start = 0;
    for &b in breaks.iter().chain(std::iter::once(&points.len())) {
        let b = b.clamp(start, points.len());
        if b > start {
            out.push(&points[start..b]);
        }
        start = b;
    }
    out
}

/// A linear axis with our own tick choice and format, optionally drawn inverted.
/// Values outside the range map to its edge.
#[derive(Clone, Debug)]
struct AxisRange {
    lo: f64,
    hi: f64,
    inverted: bool,
    ticks: Ticks,
    max_labels: usize,
}

impl AxisRange {
    fn new((lo, hi): (f64, f64), inverted: bool, ticks: Ticks, max_labels: usize) -> Self {
        let (lo, hi) = if lo.is_finite() && hi.is_finite() && hi > lo {
            (lo, hi)
        } else if lo.is_finite() {
            (lo, lo + 1.0)
        } else {
            (0.0, 1.0)
        };
        Self {
            lo,
            hi,
            inverted,
            ticks,
            max_labels: max_labels.max(2),
        }
    }

    /// Tick step giving at most `max` ticks.
    fn step(&self, max: usize) -> f64 {
        let raw = (self.hi - self.lo) / max.max(1) as f64;
        match self.ticks {
            Ticks::MinSec => {
                const STEPS_S: [f64; 16] = [
                    1.0, 2.0, 5.0, 10.0, 15.0, 20.0, 30.0, 60.0, 120.0, 300.0, 600.0, 900.0,
                    1800.0, 3600.0, 7200.0, 18000.0,
                ];
                STEPS_S
                    .iter()
                    .map(|s| s / 60.0)
                    .find(|&s| s >= raw)
                    .unwrap_or_else(|| nice(raw))
            }
            Ticks::Decimals(_) => nice(raw),
            Ticks::Date => {
                const STEPS_DAYS: [f64; 8] = [1.0, 2.0, 7.0, 14.0, 28.0, 91.0, 182.0, 364.0];
                STEPS_DAYS
                    .iter()
                    .copied()
                    .find(|&s| s >= raw)
                    .unwrap_or_else(|| nice(raw))
            }
        }
    }

    fn points(&self, max: usize) -> Vec<f64> {
        if max == 0 {
            return Vec::new();
        }
        let step = self.step(max);
        let first = (self.lo / step - 1e-9).ceil();
        (0..=max + 1)
            .map(|k| (first + k as f64) * step)
            .filter(|&v| v <= self.hi + 1e-9 * step)
            .collect()
    }

    fn decimals(&self) -> usize {
        let step = self.step(self.max_labels);
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let needed = if step >= 1.0 {
            0
        } else {
            (-step.log10() - 1e-9).ceil().max(0.0) as usize
        };
        match self.ticks {
            // Steps of 10 or more are whole numbers: "250", not "250.0".
            Ticks::Decimals(_) if step >= 10.0 => 0,
            Ticks::Decimals(d) => needed.max(usize::from(d)),
            Ticks::MinSec | Ticks::Date => 0,
        }
    }
}

/// The smallest 1, 2 or 5 × 10ⁿ at least `raw`.
fn nice(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let p = 10_f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * p)
        .find(|&v| v >= raw * (1.0 - 1e-9))
        .unwrap_or(10.0 * p)
}

impl Ranged for AxisRange {
    type FormatOption = NoDefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let f = (value - self.lo) / (self.hi - self.lo);
        let f = if f.is_finite() {
            f.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let f = if self.inverted { 1.0 - f } else { f };
        let v = f64::from(limit.0) + f * f64::from(limit.1 - limit.0);
        #[allow(clippy::cast_possible_truncation)] // within the pixel limits
        let px = v.round() as i32;
        px
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        self.points(hint.max_num_points().min(self.max_labels * 4))
    }

    fn range(&self) -> Range<f64> {
        self.lo..self.hi
    }
}

impl ValueFormatter<f64> for AxisRange {
    fn format_ext(&self, value: &f64) -> String {
        match self.ticks {
            Ticks::MinSec => format_min_sec(value * 60.0),
            Ticks::Date => {
                #[allow(clippy::cast_possible_truncation)]
                let days = value.round() as i64;
                chrono::DateTime::<chrono::Utc>::from_timestamp(days.saturating_mul(86_400), 0)
                    .map_or_else(String::new, |d| d.format("%Y-%m-%d").to_string())
            }
            Ticks::Decimals(_) => {
                let d = self.decimals();
                let s = format!("{value:.d$}");
                // No "-0" or "-0.0".
                if s.trim_start_matches('-')
                    .chars()
                    .all(|c| c == '0' || c == '.')
                {
                    s.trim_start_matches('-').to_string()
                } else {
                    s
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::{build, tests::synth};
    use std::collections::HashSet;
    use stridewise_engine::coach::review::{review, review_with, ReviewOptions};
    use stridewise_engine::coach::rules::Rules;
    use stridewise_engine::model::Activity;
    use stridewise_engine::synth::Scenario;
    use stridewise_engine::units::UnitSystem;

    fn hilly() -> Vec<ChartSpec> {
        let a = synth(&Scenario::hilly_10k());
        let r = review(&a, &Rules::default());
        build(&a, &r, UnitSystem::Metric)
    }

    fn decode(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
        let dec = ::png::Decoder::new(std::io::Cursor::new(bytes));
        let mut reader = dec.read_info().expect("PNG header");
        let mut buf = vec![0; reader.output_buffer_size().expect("size")];
        let info = reader.next_frame(&mut buf).expect("PNG frame");
        assert_eq!(info.color_type, ::png::ColorType::Rgb);
        buf.truncate(info.buffer_size());
        (info.width, info.height, buf)
    }

    #[test]
    fn every_hilly_chart_renders_a_real_picture() {
        for spec in hilly() {
            let bytes = render(&spec, DEFAULT_WIDTH, DEFAULT_HEIGHT).unwrap();
            let (w, h, px) = decode(&bytes);
            assert_eq!((w, h), (DEFAULT_WIDTH, DEFAULT_HEIGHT));
            let colours: HashSet<&[u8]> = px.chunks_exact(3).collect();
            assert!(colours.len() > 50, "{}: {} colours", spec.id, colours.len());
            let white = px.chunks_exact(3).filter(|c| c == &[255, 255, 255]).count();
            assert!(white < px.len() / 3 * 95 / 100, "{}: nearly blank", spec.id);
        }
    }

    #[test]
    fn rendering_is_deterministic_and_sizes_are_checked() {
        let specs = hilly();
        let spec = specs.iter().find(|s| s.id == "elevation").unwrap();
        let a = render(spec, 800, 400).unwrap();
        assert_eq!(a, render(spec, 800, 400).unwrap());
        assert_eq!(decode(&a).0, 800);
        assert!(matches!(
            render(spec, 10, 10),
            Err(ChartError::Size {
                width: 10,
                height: 10
            })
        ));
        let empty = ChartSpec {
            id: "x",
            title: String::new(),
            panels: Vec::new(),
        };
        assert!(matches!(
            render(&empty, 800, 400),
            Err(ChartError::NoPanels("x"))
        ));
    }

    #[test]
    fn a_sharp_turn_in_a_line_stays_inside_its_panel() {
        // Two pieces of a 50 km run's pace line at a pause (corpus 6914448270): plotters'
        // wide polylines drew a mitre spike from here to the image's bottom edge.
        let series = |points: Vec<(f64, f64)>| crate::chart::Series {
            name: "pace".into(),
            kind: SeriesKind::Line,
            color: Color::Blue,
            points,
            breaks: vec![3],
        };
        let panel = Panel {
            x_label: "distance (km)".into(),
            y_label: "pace".into(),
            x_range: (0.0, 49.897),
            y_range: (3.49, 13.44),
            x_ticks: Ticks::Decimals(1),
            y_ticks: Ticks::MinSec,
            y_inverted: true,
            height: 1.0,
            series: vec![series(vec![
                (11.826, 5.174),
                (11.861, 6.654),
                (11.877, 12.429),
                (11.893, 12.947),
                (11.925, 8.319),
                (11.959, 8.453),
            ])],
            bands: Vec::new(),
            markers: Vec::new(),
        };
        let spec = ChartSpec {
            id: "pace",
            title: "Pace".into(),
            panels: vec![panel],
        };
        let (w, h, px) = decode(&render(&spec, 1200, 600).unwrap());
        let blue = [0x00, 0x72, 0xB2];
        let rows_with_blue: Vec<u32> = (0..h)
            .filter(|&y| {
                (0..w).any(|x| {
                    let i = 3 * (y * w + x) as usize;
                    px[i..i + 3] == blue
                })
            })
            .collect();
        assert!(!rows_with_blue.is_empty(), "the line is drawn");
        // The plot area ends above the x axis labels, well before the last 40 rows.
        let lowest = rows_with_blue.last().copied().unwrap_or_default();
        assert!(lowest < h - 40, "line drawn down to row {lowest} of {h}");
    }

    #[test]
    fn lines_are_clipped_at_the_edges() {
        let seg = [(0.0, 0.0), (1.0, 2.0), (2.0, 0.0), (3.0, 0.5), (4.0, 5.0)];
        let pieces = clip(&seg, 0.0, 1.0);
        assert_eq!(
            pieces,
            vec![
                vec![(0.0, 0.0), (0.5, 1.0)],
                vec![(1.5, 1.0), (2.0, 0.0), (3.0, 0.5), (28.0 / 9.0, 1.0)],
            ]
        );
        assert!(clip(&[(0.0, 5.0), (1.0, 6.0)], 0.0, 1.0).is_empty());
        assert_eq!(clip(&[(0.0, 0.5)], 0.0, 1.0), vec![vec![(0.0, 0.5)]]);
        assert_eq!(
            segments(&[(0.0, 0.0), (1.0, 1.0), (2.0, 2.0)], &[2]),
            vec![&[(0.0, 0.0), (1.0, 1.0)][..], &[(2.0, 2.0)][..]]
        );
    }

    #[test]
    fn ticks_are_round_and_formatted() {
        let pace = AxisRange::new((4.8, 6.7), true, Ticks::MinSec, 4);
        let pts = pace.points(4);
        let labels: Vec<String> = pts.iter().map(|v| pace.format_ext(v)).collect();
        assert_eq!(labels, ["5:00", "5:30", "6:00", "6:30"]);
        // Inverted: the fastest pace maps to the top (the second limit).
        assert_eq!(pace.map(&4.8, (100, 0)), 0);
        assert_eq!(pace.map(&99.0, (100, 0)), 100, "clamped");
        let km = AxisRange::new((0.0, 0.4), false, Ticks::Decimals(1), 10);
        let labels: Vec<String> = km.points(10).iter().map(|v| km.format_ext(v)).collect();
        assert_eq!(labels.first().map(String::as_str), Some("0.00"));
        assert_eq!(labels.len(), 9);
        let cad = AxisRange::new((-3.0, 197.0), false, Ticks::Decimals(0), 5);
        assert!(cad.points(5).iter().all(|v| v % 50.0 == 0.0));
        assert_eq!(cad.format_ext(&-0.2), "0");
        let long = AxisRange::new((0.0, 260.0), false, Ticks::Decimals(1), 10);
        assert_eq!(long.format_ext(&50.0), "50");
        assert_eq!(nice(0.0), 1.0);
        assert_eq!(nice(3.0), 5.0);
    }

    /// Writes every chart of the synthetic runs and of some corpus runs to
    /// /tmp/charts for looking at them, and prints render times. Run with
    /// `cargo test --release --lib report::png -- --ignored --nocapture`.
    #[test]
    #[ignore = "writes files to /tmp/charts for inspection"]
    fn write_charts_for_viewing() {
        let dir = std::path::Path::new("/tmp/charts");
        std::fs::create_dir_all(dir).unwrap();
        let mut runs: Vec<(String, Activity)> = vec![
            ("hilly".into(), synth(&Scenario::hilly_10k())),
            ("runwalk".into(), synth(&Scenario::run_walk_5_1())),
            ("treadmill".into(), synth(&Scenario::treadmill())),
        ];
        // Without the corpus (`stridewise_engine::corpus`), the generated runs only.
        let corpus = stridewise_engine::corpus::dir().unwrap_or_default();
        for (name, path) in [
            (
                "trail",
                "sports-alliance__sports-lib/src__specs__fixtures__runs__fit__6782987395.fit",
            ),
            (
                "road",
                "GoldenCheetah__GoldenCheetah/test__roundtrip__Fr955v19.28andStryd.fit",
            ),
            (
                "tm",
                "sports-alliance__sports-lib/src__specs__fixtures__runs__fit__6860622783.fit",
            ),
            ("gpx", "tkrajina__gpxpy/test_files__cerknicko-jezero.gpx"),
            (
                "dyn",
                "GoldenCheetah__GoldenCheetah/test__rides__Garmin920_withFirstbeat.fit",
            ),
        ] {
            match std::fs::read(corpus.join(path)) {
                Ok(bytes) => {
                    if let Ok(mut v) = stridewise_engine::ingest::read_bytes(&bytes) {
                        if !v.is_empty() {
                            runs.push((name.into(), v.remove(0)));
                        }
                    }
                }
                Err(e) => eprintln!("{path}: {e}"),
            }
        }
        // A 24 h run: the hilly 10 km repeated 26 times (about 87 000 samples).
        let base = synth(&Scenario::hilly_10k());
        let mut long = base.clone();
        long.pauses.clear();
        long.samples.clear();
        let (dur, dist) = base.samples.last().map_or((0.0, 0.0), |s| {
            (s.t_s.unwrap_or(0.0) + 1.0, s.distance_m.unwrap_or(0.0))
        });
        for k in 0..26 {
            let k = f64::from(k);
            long.samples.extend(base.samples.iter().map(|s| {
                let mut s = s.clone();
                s.t_s = s.t_s.map(|t| t + k * dur);
                s.distance_m = s.distance_m.map(|d| d + k * dist);
                s
            }));
        }
        runs.push(("long24h".into(), long));
        for units in [UnitSystem::Metric, UnitSystem::Imperial] {
            for (name, a) in &runs {
                let t0 = std::time::Instant::now();
                let r = review_with(
                    a,
                    &ReviewOptions {
                        split_m: units.split_meters(),
                        ..ReviewOptions::new(&Rules::default())
                    },
                );
                let t1 = std::time::Instant::now();
                let specs = build(a, &r, units);
                let t2 = std::time::Instant::now();
                let mut times = Vec::new();
                for spec in &specs {
                    let t = std::time::Instant::now();
                    let bytes = render(spec, DEFAULT_WIDTH, DEFAULT_HEIGHT).unwrap();
                    times.push(format!(
                        "{} {:.1} ms",
                        spec.id,
                        t.elapsed().as_secs_f64() * 1e3
                    ));
                    let suffix = if units == UnitSystem::Imperial {
                        "-imp"
                    } else {
                        ""
                    };
                    std::fs::write(dir.join(format!("{name}{suffix}-{}.png", spec.id)), bytes)
                        .unwrap();
                }
                eprintln!(
                    "{name} {units:?}: {} samples, review {:.1} ms, build {:.1} ms, render total {:.1} ms [{}]",
                    a.samples.len(),
                    (t1 - t0).as_secs_f64() * 1e3,
                    (t2 - t1).as_secs_f64() * 1e3,
                    t2.elapsed().as_secs_f64() * 1e3,
                    times.join(", ")
                );
            }
        }
    }
}
