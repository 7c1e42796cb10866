//! The report as a Word document (DOCX), written with `docx-rs`.
//!
//! Word's own style names are used ("Title", "heading 1" to "heading 3"), so the headings
//! appear in Word's navigation pane and the reviewer's report template restyles them when
//! the text is pasted in. Each part of the report is a section on A4 paper: the wide tables
//! (KPEs, chronology, flags) on landscape pages, the rest portrait. Table header rows repeat
//! at the top of every page, rows may break across pages (a 10,000-character entry must),
//! and paragraphs that start in a right-to-left script are laid out right to left.

use docx_rs::*;

use super::document::{self as d, Block, Document, Part, Table as DocTable};
use crate::error::{Error, Result};

const A4_SHORT: u32 = 11906;
const A4_LONG: u32 = 16838;
const MARGIN: i32 = 1134; // 2 cm
const FONT: &str = "Arial";
const HEADER_FILL: &str = "D9E2F3";

/// The DOCX bytes of a document. `today` (ISO 8601) stamps the document's properties.
pub fn render(doc: &Document, today: &str) -> Result<Vec<u8>> {
    let mut docx = Docx::new()
        .default_fonts(
            RunFonts::new()
                .ascii(FONT)
                .hi_ansi(FONT)
                .cs(FONT)
                .east_asia(FONT),
        )
        .default_size(20)
        .created_at(&format!("{today}T00:00:00Z"))
        .updated_at(&format!("{today}T00:00:00Z"));
    docx = add_styles(docx);
    // Numbered lists (Board questions) restart at 1 for each list; bullets share one list.
    docx = docx
        .add_abstract_numbering(
            AbstractNumbering::new(1).add_level(
                Level::new(
                    0,
                    Start::new(1),
                    NumberFormat::new("decimal"),
                    LevelText::new("%1."),
                    LevelJc::new("left"),
                )
                .indent(
                    Some(567),
                    Some(SpecialIndentType::Hanging(397)),
                    None,
                    None,
                ),
            ),
        )
        .add_abstract_numbering(
            AbstractNumbering::new(2).add_level(
                Level::new(
                    0,
                    Start::new(1),
                    NumberFormat::new("bullet"),
                    LevelText::new("•"),
                    LevelJc::new("left"),
                )
                .indent(
                    Some(567),
                    Some(SpecialIndentType::Hanging(397)),
                    None,
                    None,
                ),
            ),
        )
        .add_numbering(Numbering::new(1, 2));
    let mut next_numbering = 2;

    let last = doc.parts.len().saturating_sub(1);
    for (i, part) in doc.parts.iter().enumerate() {
        let children = part_children(part, &mut next_numbering, &mut docx);
        let footer = footer(doc);
        if i < last {
            let mut section = Section::new()
                .page_size(page_size(part.landscape))
                .page_margin(page_margin())
                .footer(footer);
            for child in children {
                section = match child {
                    Child::Para(p) => section.add_paragraph(*p),
                    Child::Table(t) => section.add_table(*t),
                };
            }
            docx = docx.add_section(section);
        } else {
            for child in children {
                docx = match child {
                    Child::Para(p) => docx.add_paragraph(*p),
                    Child::Table(t) => docx.add_table(*t),
                };
            }
            docx = docx
                .page_size(size_w(part.landscape), size_h(part.landscape))
                .page_margin(page_margin())
                .footer(footer);
            if part.landscape {
                docx = docx.page_orient(PageOrientationType::Landscape);
            }
        }
    }

    let mut xml = docx.build();
    xml.document = repeat_header_rows(&xml.document);
    let mut bytes = Vec::new();
    xml.pack(std::io::Cursor::new(&mut bytes))
        .map_err(|e| Error::Invalid(format!("The Word document could not be assembled ({e}).")))?;
    deflated(&bytes)
}

/// The same zip with every entry compressed (deflate), in the same order: `docx-rs` stores
/// its parts uncompressed, which makes a DOCX several times larger than Word's own.
fn deflated(stored: &[u8]) -> Result<Vec<u8>> {
    use std::io::{Read, Write};
    use zip::write::SimpleFileOptions;
    let failed = |e: &dyn std::fmt::Display| {
        Error::Invalid(format!("The Word document could not be compressed ({e})."))
    };
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(stored)).map_err(|e| failed(&e))?;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(6));
    let mut data = Vec::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).map_err(|e| failed(&e))?;
        let name = file.name().map_err(|e| failed(&e))?.into_owned();
        if file.is_dir() {
            out.add_directory(name, SimpleFileOptions::default())
                .map_err(|e| failed(&e))?;
            continue;
        }
        data.clear();
        file.read_to_end(&mut data).map_err(|e| failed(&e))?;
        out.start_file(name, options).map_err(|e| failed(&e))?;
        out.write_all(&data).map_err(|e| failed(&e))?;
    }
    Ok(out.finish().map_err(|e| failed(&e))?.into_inner())
}

enum Child {
    Para(Box<Paragraph>),
    Table(Box<Table>),
}

fn size_w(landscape: bool) -> u32 {
    if landscape {
        A4_LONG
    } else {
        A4_SHORT
    }
}

fn size_h(landscape: bool) -> u32 {
    if landscape {
        A4_SHORT
    } else {
        A4_LONG
    }
}

fn page_size(landscape: bool) -> PageSize {
    let size = PageSize::new().size(size_w(landscape), size_h(landscape));
    if landscape {
        size.orient(PageOrientationType::Landscape)
    } else {
        size
    }
}

fn page_margin() -> PageMargin {
    PageMargin::new()
        .top(MARGIN)
        .bottom(MARGIN)
        .left(MARGIN)
        .right(MARGIN)
        .header(567)
        .footer(567)
        .gutter(0)
}

/// The width available for text, in twentieths of a point.
fn text_width(landscape: bool) -> usize {
    (size_w(landscape) as i32 - 2 * MARGIN) as usize
}

fn footer(doc: &Document) -> Footer {
    let mut title: String = doc.title.chars().take(70).collect();
    if doc.title.chars().count() > 70 {
        title.push('…');
    }
    Footer::new().add_paragraph(
        Paragraph::new()
            .style("Footer")
            .add_run(Run::new().add_text(format!("{title} · {} · Page ", doc.footer)))
            .add_page_num(PageNum::new()),
    )
}

fn add_styles(docx: Docx) -> Docx {
    let spacing = |before: u32, after: u32| LineSpacing::new().before(before).after(after);
    docx.add_style(
        Style::new("Normal", StyleType::Paragraph)
            .name("Normal")
            .size(20)
            .line_spacing(spacing(0, 100)),
    )
    .add_style(
        Style::new("Title", StyleType::Paragraph)
            .name("Title")
            .based_on("Normal")
            .next("Normal")
            .size(40)
            .bold()
            .color("1F3864")
            .line_spacing(spacing(0, 240)),
    )
    .add_style(heading(1, 30, spacing(360, 160)))
    .add_style(heading(2, 25, spacing(280, 120)))
    .add_style(heading(3, 21, spacing(200, 80)))
    .add_style(
        Style::new("TableText", StyleType::Paragraph)
            .name("Table Text")
            .based_on("Normal")
            .size(18)
            .line_spacing(spacing(0, 60)),
    )
    .add_style(
        Style::new("TableHeading", StyleType::Paragraph)
            .name("Table Heading")
            .based_on("TableText")
            .bold(),
    )
    .add_style(
        Style::new("Footer", StyleType::Paragraph)
            .name("footer")
            .based_on("Normal")
            .size(16)
            .color("595959"),
    )
}

fn heading(level: usize, size: usize, spacing: LineSpacing) -> Style {
    Style::new(format!("Heading{level}"), StyleType::Paragraph)
        .name(format!("heading {level}"))
        .based_on("Normal")
        .next("Normal")
        .size(size)
        .bold()
        .color("1F3864")
        .outline_lvl(level - 1)
        .line_spacing(spacing)
}

fn runs(mut paragraph: Paragraph, p: &d::Para) -> Paragraph {
    for s in &p.spans {
        let mut run = Run::new().add_text(s.text.replace('\t', " "));
        if s.bold {
            run = run.bold();
        }
        if s.italic {
            run = run.italic();
        }
        paragraph = paragraph.add_run(run);
    }
    if d::starts_right_to_left(&p.plain_text()) {
        paragraph.property = paragraph.property.bidi(true);
    }
    paragraph
}

fn part_children(part: &Part, next_numbering: &mut usize, docx: &mut Docx) -> Vec<Child> {
    let mut out = Vec::new();
    for block in &part.blocks {
        match block {
            Block::Heading(level, text) => {
                let style = match level {
                    0 => "Title".to_string(),
                    l => format!("Heading{}", l.min(&3)),
                };
                let mut p = Paragraph::new()
                    .style(&style)
                    .keep_next(true)
                    .add_run(Run::new().add_text(text.clone()));
                if d::starts_right_to_left(text) {
                    p.property = p.property.bidi(true);
                }
                out.push(Child::Para(Box::new(p)));
            }
            Block::Para(p) => {
                if !p.is_blank() {
                    out.push(Child::Para(Box::new(runs(Paragraph::new(), p))));
                }
            }
            Block::List { ordered, items } => {
                let id = if *ordered {
                    let id = *next_numbering;
                    *next_numbering += 1;
                    *docx = std::mem::take(docx).add_numbering(
                        Numbering::new(id, 1).add_override(LevelOverride::new(0).start(1)),
                    );
                    id
                } else {
                    1
                };
                for item in items {
                    let p = Paragraph::new().numbering(NumberingId::new(id), IndentLevel::new(0));
                    out.push(Child::Para(Box::new(runs(p, item))));
                }
            }
            Block::Table(t) => {
                if t.rows.is_empty() {
                    out.push(Child::Para(Box::new(
                        Paragraph::new()
                            .add_run(Run::new().add_text(t.empty_note.clone()).italic()),
                    )));
                } else {
                    out.push(Child::Table(Box::new(table(t, part.landscape))));
                    // Word needs a paragraph between a table and what follows.
                    out.push(Child::Para(Box::new(Paragraph::new())));
                }
            }
        }
    }
    if out.is_empty() {
        out.push(Child::Para(Box::new(Paragraph::new())));
    }
    out
}

fn table(t: &DocTable, landscape: bool) -> Table {
    let width = text_width(landscape);
    let total: usize = t
        .columns
        .iter()
        .map(|c| c.weight as usize)
        .sum::<usize>()
        .max(1);
    let widths: Vec<usize> = t
        .columns
        .iter()
        .map(|c| width * c.weight as usize / total)
        .collect();
    let mut rows = Vec::with_capacity(t.rows.len() + 1);
    let header_cells = t
        .columns
        .iter()
        .zip(&widths)
        .map(|(c, w)| {
            TableCell::new()
                .width(*w, WidthType::Dxa)
                .shading(Shading::new().fill(HEADER_FILL))
                .add_paragraph(
                    Paragraph::new()
                        .style("TableHeading")
                        .add_run(Run::new().add_text(c.header.clone())),
                )
        })
        .collect();
    // `cant_split` marks the header row; `repeat_header_rows` turns the mark into a
    // repeating header (docx-rs has no call for `w:tblHeader`).
    rows.push(TableRow::new(header_cells).cant_split());
    for row in &t.rows {
        let cells = row
            .iter()
            .zip(&widths)
            .map(|(cell, w)| {
                let mut c = TableCell::new().width(*w, WidthType::Dxa);
                let mut any = false;
                for p in cell {
                    c = c.add_paragraph(runs(Paragraph::new().style("TableText"), p));
                    any = true;
                }
                if !any {
                    c = c.add_paragraph(Paragraph::new().style("TableText"));
                }
                c
            })
            .collect();
        rows.push(TableRow::new(cells));
    }
    Table::new(rows)
        .set_grid(widths)
        .width(width, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .margins(TableCellMargins::new().margin(40, 80, 40, 80))
}

/// The row property docx-rs writes for a header row (and for no other row here).
const HEADER_MARK: &str = "<w:trPr><w:cantSplit /></w:trPr>";
/// The same row marked to repeat at the top of each page.
const HEADER_REPEAT: &str = "<w:trPr><w:cantSplit /><w:tblHeader /></w:trPr>";

/// Makes every header row repeat on each page.
fn repeat_header_rows(document: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(document);
    text.replace(HEADER_MARK, HEADER_REPEAT).into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::document::{Column, ColumnKind, Para, ReportSection};

    #[test]
    fn header_rows_repeat_and_only_they_cannot_split() {
        let t = DocTable {
            key: "t".into(),
            title: "T".into(),
            columns: vec![Column {
                header: "Event".into(),
                weight: 1,
                kind: ColumnKind::Text,
            }],
            rows: vec![vec![vec![Para::plain("a")]], vec![vec![]]],
            empty_note: String::new(),
        };
        let doc = Document {
            title: "T".into(),
            footer: "Draft".into(),
            parts: vec![
                Part {
                    section: None,
                    landscape: false,
                    blocks: vec![Block::Heading(0, "T".into())],
                },
                Part {
                    section: Some(ReportSection::Chronology),
                    landscape: true,
                    blocks: vec![Block::Table(t.clone()), Block::Table(t)],
                },
            ],
        };
        let mut docx = Docx::new();
        let mut n = 2;
        for part in &doc.parts {
            for child in part_children(part, &mut n, &mut docx) {
                docx = match child {
                    Child::Para(p) => docx.add_paragraph(*p),
                    Child::Table(t) => docx.add_table(*t),
                };
            }
        }
        let xml = String::from_utf8(repeat_header_rows(&docx.build().document)).unwrap();
        assert_eq!(xml.matches("<w:tblHeader />").count(), 2);
        assert_eq!(xml.matches("<w:cantSplit />").count(), 2);
        assert!(render(&doc, "2024-01-31").unwrap().starts_with(b"PK"));
    }

    #[test]
    fn every_part_is_stored_compressed_and_keeps_its_content() {
        let doc = Document {
            title: "Compression".into(),
            footer: "Draft".into(),
            parts: Vec::new(),
        };
        let bytes = render(&doc, "01/01/2026").unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        assert!(zip.len() > 3);
        for i in 0..zip.len() {
            let f = zip.by_index(i).unwrap();
            if !f.is_dir() {
                assert_eq!(
                    f.compression(),
                    zip::CompressionMethod::Deflated,
                    "{} is stored uncompressed",
                    f.name().unwrap()
                );
            }
        }
        let mut text = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut text)
            .unwrap();
        assert!(text.contains("<w:body>"), "{text}");
    }
}
