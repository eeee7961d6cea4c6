//! The charts as the pages show them: SVG drawn from the same [`ChartSpec`] as the PNG, by
//! the same drawing code (`png::draw_on` on plotters' SVG backend), in two forms
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
pub(crate) const DESKTOP_SQUARE_WIDTH: u32 = 600;
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

/// A chart drawn as an SVG document for one form and shape.
#[derive(Clone, Copy, Debug)]
pub struct Svg {
    /// For a desktop or a phone.
    pub form: Form,
    /// Stacked panels or equal scales.
    pub shape: Shape,
}

impl crate::render::Renderer<ChartSpec> for Svg {
    fn render(&self, spec: &ChartSpec, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let doc = render(spec, self.form, self.shape).map_err(std::io::Error::other)?;
        out.write_all(doc.as_bytes())
    }
}

/// Every file a chart is drawn into, by the renderers above: `ID.png` at `png_size`, and
/// `ID.svg` and `ID.phone.svg` in `shape` ([`file_names`]).
///
/// # Errors
/// A chart that cannot be drawn.
pub fn chart_files(
    spec: &ChartSpec,
    png_size: (u32, u32),
    shape: Shape,
) -> std::io::Result<Vec<(String, Vec<u8>)>> {
    use crate::render::Renderer;
    let (png_name, svg_name, phone_name) = file_names(spec.id);
    let png = super::png::Png {
        width: png_size.0,
        height: png_size.1,
    };
    let desktop = Svg {
        form: Form::Desktop,
        shape,
    };
    let phone = Svg {
        form: Form::Phone,
        shape,
    };
    let renderers: [(String, &dyn Renderer<ChartSpec>); 3] =
        [(png_name, &png), (svg_name, &desktop), (phone_name, &phone)];
    renderers
        .into_iter()
        .map(|(name, r)| {
            let mut bytes = Vec::new();
            r.render(spec, &mut bytes)?;
            Ok((name, bytes))
        })
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::{build, tests::synth};
    use crate::png::first_plot_size;
    use quick_xml::events::Event;
    use stridewise_engine::coach::review::review;
    use stridewise_engine::coach::rules::Rules;
    use stridewise_engine::synth::Scenario;
    use stridewise_engine::units::UnitSystem;

    /// Every chart of the hilly run, the route's included, with its shape.
    fn hilly() -> Vec<(ChartSpec, Shape)> {
        let a = synth(&Scenario::hilly_10k());
        let r = review(&a, &Rules::default());
        let mut specs: Vec<(ChartSpec, Shape)> = build(&a, &r, UnitSystem::Metric)
            .into_iter()
            .map(|s| (s, Shape::Wide))
            .collect();
        let route = crate::route::build(&a, &r, UnitSystem::Metric, &Rules::default())
            .expect("the hilly run has a track");
        specs.push((route, Shape::EqualScale(crate::route::ROUTE_PX)));
        specs
    }

    /// Parses `doc` as XML (every tag closed, end names matching) and returns the `<svg>`
    /// element's attributes and every `font-size`; fails on anything that refers outside
    /// the document (a link, `url(`, an image, a style sheet, a font).
    fn parse(doc: &str) -> (Vec<(String, String)>, Vec<f64>) {
        let mut reader = quick_xml::Reader::from_str(doc);
        let (mut depth, mut root, mut sizes) = (0_i32, Vec::new(), Vec::new());
        loop {
            let event = reader.read_event().expect("well-formed XML");
            let start = matches!(event, Event::Start(_));
            match event {
                Event::Start(e) | Event::Empty(e) => {
                    let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                    assert!(
                        !["image", "style", "use", "a", "script", "foreignObject"]
                            .contains(&name.as_str()),
                        "<{name}> in the SVG"
                    );
                    let attrs: Vec<(String, String)> = e
                        .attributes()
                        .map(|a| {
                            let a = a.expect("attribute");
                            (
                                String::from_utf8_lossy(a.key.as_ref()).into_owned(),
                                a.unescape_value().expect("value").into_owned(),
                            )
                        })
                        .collect();
                    for (k, v) in &attrs {
                        assert!(!k.contains("href") && !k.starts_with("src"), "{k}={v}");
                        assert!(!v.contains("url(") && !v.contains("@font-face"), "{k}={v}");
                        if k == "font-size" {
                            sizes.push(v.parse::<f64>().expect("font size"));
                        }
                    }
                    if name == "svg" {
                        assert!(root.is_empty(), "one <svg> element");
                        root = attrs;
                    }
                    if start {
                        depth += 1;
                    }
                }
                Event::End(_) => depth -= 1,
                Event::Eof => break,
                _ => {}
            }
        }
        assert_eq!(depth, 0, "every element closed");
        // The only address is the SVG namespace's name.
        assert_eq!(
            doc.matches("http").count(),
            1,
            "an address beyond the namespace"
        );
        assert!(doc.contains("xmlns=\"http://www.w3.org/2000/svg\""));
        (root, sizes)
    }

    fn attr<'a>(attrs: &'a [(String, String)], key: &str) -> &'a str {
        attrs
            .iter()
            .find(|(k, _)| k == key)
            .map_or("", |(_, v)| v.as_str())
    }

    #[test]
    fn every_chart_is_well_formed_self_contained_svg_in_both_forms() {
        for (spec, shape) in hilly() {
            for form in [Form::Desktop, Form::Phone] {
                let doc = render(&spec, form, shape).unwrap();
                let (root, sizes) = parse(&doc);
                let (w, h) = size(&spec, form, shape).unwrap();
                assert_eq!(
                    attr(&root, "viewBox"),
                    format!("0 0 {w} {h}"),
                    "{}",
                    spec.id
                );
                assert!(sizes.len() > 5, "{} {form:?}: text drawn", spec.id);
                // Text is the browser's (a family name, no font file).
                assert!(doc.contains("font-family=\"sans-serif\""));
                assert!(!doc.contains(".ttf") && !doc.contains(".woff"));
                assert!(doc.contains(spec.title.split(' ').next().unwrap_or_default()));
            }
        }
    }

    /// The text reads on a phone and on a desktop: every font size, as the page shows the
    /// picture, at least 11 CSS px. A 390 px phone shows the phone form 356 px wide (the
    /// page's padding, [`super::super::html::FIGURE_CSS`]); a 1280 px desktop shows the
    /// desktop form 1214 px wide and the route at most 720.
    #[test]
    fn text_is_at_least_11_css_px_where_the_page_shows_it() {
        for (spec, shape) in hilly() {
            for (form, shown) in [
                (Form::Phone, 356.0),
                (
                    Form::Desktop,
                    if shape == Shape::Wide { 1214.0 } else { 720.0 },
                ),
            ] {
                let doc = render(&spec, form, shape).unwrap();
                let (root, sizes) = parse(&doc);
                let w: f64 = attr(&root, "width").parse().unwrap();
                let smallest = sizes.iter().copied().fold(f64::INFINITY, f64::min);
                let css = smallest * shown / w;
                assert!(css >= 11.0, "{} {form:?}: {css:.1} CSS px", spec.id);
            }
        }
    }

    #[test]
    fn rendering_is_deterministic_and_the_route_keeps_its_aspect() {
        for (spec, shape) in hilly() {
            for form in [Form::Desktop, Form::Phone] {
                let a = render(&spec, form, shape).unwrap();
                assert_eq!(a, render(&spec, form, shape).unwrap(), "{}", spec.id);
            }
        }
        let (route, shape) = hilly().pop().unwrap();
        // The plot inside the axes keeps the PNG's aspect ratio, within a pixel's rounding.
        let png = crate::route::ROUTE_PX;
        let (pw, ph) =
            first_plot_size(&route, png.0, png.1, &Sizes::for_image(png.0, png.1)).unwrap();
        for form in [Form::Desktop, Form::Phone] {
            let (w, h) = size(&route, form, shape).unwrap();
            let (qw, qh) = first_plot_size(&route, w, h, &sizes(form)).unwrap();
            let (a, b) = (f64::from(pw) / f64::from(ph), f64::from(qw) / f64::from(qh));
            assert!(
                (a / b - 1.0).abs() < 0.01,
                "{form:?}: {a:.3} against {b:.3}"
            );
        }
        let empty = ChartSpec {
            id: "x",
            title: String::new(),
            panels: Vec::new(),
        };
        assert!(matches!(
            render(&empty, Form::Phone, Shape::Wide),
            Err(ChartError::NoPanels("x"))
        ));
    }

    #[test]
    fn a_long_title_and_legend_wrap_on_a_phone() {
        let (spec, _) = hilly().into_iter().find(|(s, _)| s.id == "route").unwrap();
        let sz = Sizes::phone();
        let (lines, extra_rows) = crate::png::wrapping(&spec, PHONE_WIDTH, &sz).unwrap();
        assert!(lines >= 2 && extra_rows >= 1, "{lines} {extra_rows}");
        // The desktop form keeps the one-line title.
        let (lines, _) = crate::png::wrapping(&spec, DESKTOP_SIZE.0, &Sizes::scaled(1.0)).unwrap();
        assert_eq!(lines, 1);
    }

    #[test]
    fn labels_that_would_overlap_are_shortened_lifted_or_left_out() {
        use crate::chart::{Color, Marker, MarkerKind, Panel, Series, SeriesKind, Ticks};
        let span = |text: &str, x: f64| Marker {
            text: text.into(),
            x,
            y: 9.0,
            kind: MarkerKind::Span {
                from: x - 0.2,
                to: x + 0.2,
            },
            color: Color::Orange,
        };
        let above = |text: &str| Marker {
            text: text.into(),
            x: 5.0,
            y: 5.0,
            kind: MarkerKind::Above,
            color: Color::Black,
        };
        let spec = ChartSpec {
            id: "t",
            title: "Labels".into(),
            panels: vec![Panel {
                x_label: "x (km)".into(),
                y_label: "y (m)".into(),
                x_range: (0.0, 10.0),
                y_range: (0.0, 10.0),
                x_ticks: Ticks::Decimals(0),
                y_ticks: Ticks::Decimals(0),
                y_inverted: false,
                height: 1.0,
                series: vec![Series {
                    name: "line".into(),
                    kind: SeriesKind::Line,
                    color: Color::Blue,
                    points: vec![(0.0, 1.0), (10.0, 2.0)],
                    breaks: Vec::new(),
                }],
                bands: Vec::new(),
                markers: vec![
                    span("C1 +90 m 5.9%", 2.0),
                    span("C2 +80 m 5.0%", 4.6),
                    span("C3 +70 m 4.0%", 2.3),
                    above("start"),
                    above("finish"),
                    above("third"),
                ],
            }],
        };
        let texts = |doc: &str| -> Vec<(String, String)> {
            doc.split("<text ")
                .skip(1)
                .map(|t| {
                    let y = t.split("y=\"").nth(1).unwrap_or_default();
                    let y = y.split('"').next().unwrap_or_default().to_string();
                    let body = t.split('>').nth(1).unwrap_or_default();
                    (
                        body.split('<')
                            .next()
                            .unwrap_or_default()
                            .trim()
                            .to_string(),
                        y,
                    )
                })
                .collect()
        };
        let doc = render(&spec, Form::Phone, Shape::Wide).unwrap();
        let t = texts(&doc);
        let has = |s: &str| t.iter().any(|(x, _)| x == s);
        // The first keeps its words, the next overlapping one keeps its number, the third
        // has no room left.
        assert!(
            has("C1 +90 m 5.9%") && has("C2") && !has("C2 +80 m 5.0%"),
            "{t:?}"
        );
        assert!(!t.iter().any(|(x, _)| x.starts_with("C3")), "{t:?}");
        // `finish` on `start` goes one row higher; a third has no row left.
        let y_of = |s: &str| t.iter().find(|(x, _)| x == s).map(|(_, y)| y.clone());
        assert!(y_of("start").is_some() && y_of("finish").is_some());
        assert_ne!(y_of("start"), y_of("finish"));
        assert!(!has("third"), "{t:?}");
        // At a desktop's width the spans have room.
        let doc = render(&spec, Form::Desktop, Shape::Wide).unwrap();
        assert!(texts(&doc).iter().any(|(x, _)| x == "C2 +80 m 5.0%"));
    }
}
