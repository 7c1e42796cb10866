//! Turning a drawing of the timeline into files for the report: the UI draws the whole
//! timeline as SVG (the same drawing code that paints the screen) and this module checks it,
//! rasterises it to PNG and lays pages of it into one PDF. Files are written by the caller
//! through [`crate::files::write_atomically`].
//!
//! Text is drawn with the fonts installed on the computer (DejaVu Sans on Linux), so an
//! export looks like the screen without any font being fetched.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use resvg::usvg;

use crate::error::{Error, Result};

/// The largest PNG written, in pixels (width × height); a larger drawing is scaled down to
/// fit, keeping its proportions.
pub const MAX_PNG_PIXELS: u64 = 120_000_000;

/// CSS pixels per PDF point: the SVG is drawn at 96 pixels per inch, PDF counts 72 points.
const POINTS_PER_PIXEL: f32 = 72.0 / 96.0;

fn fonts() -> Arc<usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = usvg::fontdb::Database::new();
            db.load_system_fonts();
            db.set_sans_serif_family("DejaVu Sans");
            Arc::new(db)
        })
        .clone()
}

/// Reads an SVG drawing, or says plainly why it is not one.
pub fn parse_svg(svg: &str) -> Result<usvg::Tree> {
    let options = usvg::Options {
        fontdb: fonts(),
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(svg, &options).map_err(|e| {
        Error::Invalid(format!(
            "The timeline drawing could not be read as SVG ({e}). Nothing was written; \
             try the export again, and report it if it keeps failing."
        ))
    })
}

/// A rasterised drawing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Png {
    /// The PNG file's bytes.
    pub bytes: Vec<u8>,
    /// Its width in pixels.
    pub width: u32,
    /// Its height in pixels.
    pub height: u32,
}

/// Rasterises an SVG drawing at `scale` (2.0 for a sharp image on a projector or in print),
/// on a white background, scaled down if it would exceed [`MAX_PNG_PIXELS`].
pub fn svg_to_png(svg: &str, scale: f32) -> Result<Png> {
    svg_to_png_within(svg, scale, MAX_PNG_PIXELS)
}

fn svg_to_png_within(svg: &str, scale: f32, max_pixels: u64) -> Result<Png> {
    let tree = parse_svg(svg)?;
    let size = tree.size();
    let mut scale = if scale.is_finite() && scale > 0.0 {
        scale
    } else {
        1.0
    };
    let pixels = |s: f32| (size.width() * s).ceil() as u64 * (size.height() * s).ceil() as u64;
    if pixels(scale) > max_pixels {
        scale *= (max_pixels as f32 / pixels(scale) as f32).sqrt() * 0.999;
    }
    let width = (size.width() * scale).ceil().max(1.0) as u32;
    let height = (size.height() * scale).ceil().max(1.0) as u32;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(width, height).ok_or_else(|| {
        Error::Invalid(format!(
            "A {width} × {height} pixel image is too large to make. Export as SVG or PDF instead."
        ))
    })?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    let bytes = pixmap
        .encode_png()
        .map_err(|e| Error::Invalid(format!("The image could not be encoded as PNG ({e}).")))?;
    Ok(Png {
        bytes,
        width,
        height,
    })
}

/// Lays SVG pages (one drawing per page, each sized as its page) into one PDF, one page each,
/// with text kept as text. `title` goes into the document's properties.
pub fn svg_pages_to_pdf(pages: &[String], title: &str) -> Result<Vec<u8>> {
    use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, TextStr};
    if pages.is_empty() {
        return Err(Error::Invalid(
            "There is nothing to put in the PDF: the timeline has no pages.".into(),
        ));
    }
    let mut alloc = Ref::new(1);
    let catalog_id = alloc.bump();
    let tree_id = alloc.bump();
    let mut pdf = Pdf::new();
    let mut page_ids = Vec::with_capacity(pages.len());
    for (n, svg) in pages.iter().enumerate() {
        let tree = parse_svg(svg)?;
        let (chunk, root) = svg2pdf::to_chunk(&tree, svg2pdf::ConversionOptions::default())
            .map_err(|e| {
                Error::Invalid(format!("Page {} could not be made into PDF ({e}).", n + 1))
            })?;
        let mut map = HashMap::new();
        let chunk = chunk.renumber(|old| *map.entry(old).or_insert_with(|| alloc.bump()));
        let drawing = map[&root];
        let page_id = alloc.bump();
        let content_id = alloc.bump();
        let (w, h) = (
            tree.size().width() * POINTS_PER_PIXEL,
            tree.size().height() * POINTS_PER_PIXEL,
        );
        let mut page = pdf.page(page_id);
        page.media_box(Rect::new(0.0, 0.0, w, h));
        page.parent(tree_id);
        page.contents(content_id);
        page.resources().x_objects().pair(Name(b"D"), drawing);
        page.finish();
        let mut content = Content::new();
        content
            .save_state()
            .transform([w, 0.0, 0.0, h, 0.0, 0.0])
            .x_object(Name(b"D"))
            .restore_state();
        pdf.stream(content_id, &content.finish());
        pdf.extend(&chunk);
        page_ids.push(page_id);
    }
    pdf.catalog(catalog_id).pages(tree_id);
    pdf.pages(tree_id)
        .kids(page_ids.iter().copied())
        .count(page_ids.len() as i32);
    pdf.document_info(alloc.bump())
        .title(TextStr(title))
        .producer(TextStr("Chronolane"));
    Ok(pdf.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    const DRAWING: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="300" height="120" viewBox="0 0 300 120">
      <rect x="10" y="10" width="100" height="40" fill="#0f6b73"/>
      <text x="20" y="90" font-family="DejaVu Sans" font-size="16">NB CSC 12/03/2019</text></svg>"##;

    #[test]
    fn a_png_has_the_drawing_size_times_the_scale() {
        let png = svg_to_png(DRAWING, 2.0).unwrap();
        assert_eq!((png.width, png.height), (600, 240));
        assert_eq!(&png.bytes[..8], b"\x89PNG\r\n\x1a\n");
        // The filled rectangle is there, the background is white.
        let decoded = resvg::tiny_skia::Pixmap::decode_png(&png.bytes).unwrap();
        let at = |x: u32, y: u32| decoded.pixel(x, y).unwrap();
        assert_eq!((at(40, 40).red(), at(40, 40).green()), (0x0f, 0x6b));
        assert_eq!(at(590, 10).red(), 255);
    }

    #[test]
    fn a_huge_drawing_is_scaled_down_to_fit() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="40000" height="4000"></svg>"#;
        let png = svg_to_png_within(svg, 1.0, 4_000_000).unwrap();
        assert!(u64::from(png.width) * u64::from(png.height) <= 4_000_000);
        assert!(png.width > 6_000, "{}", png.width);
        let ratio = f64::from(png.width) / f64::from(png.height);
        assert!((ratio - 10.0).abs() < 0.05, "proportions kept: {ratio}");
    }

    #[test]
    fn a_pdf_has_one_page_per_drawing() {
        let pdf = svg_pages_to_pdf(&[DRAWING.into(), DRAWING.into(), DRAWING.into()], "T").unwrap();
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.starts_with("%PDF-"));
        assert!(text.contains("/Count 3"), "page count in the page tree");
        let pages = text.matches("/Type /Page").count() - text.matches("/Type /Pages").count();
        assert_eq!(pages, 3);
    }

    #[test]
    fn bad_input_is_a_clear_error() {
        let err = svg_to_png("<svg", 1.0).unwrap_err().to_string();
        assert!(err.contains("could not be read as SVG"), "{err}");
        let err = svg_pages_to_pdf(&[], "T").unwrap_err().to_string();
        assert!(err.contains("nothing to put in the PDF"), "{err}");
    }
}
