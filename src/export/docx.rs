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
/// Our abstract numberings (decimal and bullet) and the bulleted list's numbering id; ordered
/// lists take the ids after it. Kept clear of docx-rs's built-in numbering 1.
const ORDERED: usize = 11;
const BULLETS: usize = 12;
const BULLET_LIST: usize = 20;

/// The DOCX bytes of a document. `today` (ISO 8601) stamps the document's properties.
pub fn render(doc: &Document, today: &str) -> Result<Vec<u8>> {
    render_with_properties(doc, today, &[])
}

/// As [`render`], with custom document properties (name, text) that Word keeps when the file
/// is saved again: an agency template's marker travels in one.
pub fn render_with_properties(
    doc: &Document,
    today: &str,
    properties: &[(&str, &str)],
) -> Result<Vec<u8>> {
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
    for (name, value) in properties {
        docx = docx.custom_property(*name, *value);
    }
    docx = add_styles(docx);
    // Numbered lists (Board questions) restart at 1 for each list; bullets share one list.
    // docx-rs always writes its own numbering 1 (decimal) first, and Word and LibreOffice take
    // the first definition of an id, so ours start at ORDERED/BULLETS/BULLET_LIST (a bulleted
    // list given id 1 came out numbered, continuing from the list before).
    docx = docx
        .add_abstract_numbering(
            AbstractNumbering::new(ORDERED).add_level(
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
            AbstractNumbering::new(BULLETS).add_level(
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
        .add_numbering(Numbering::new(BULLET_LIST, BULLETS));
    let mut next_numbering = BULLET_LIST + 1;

    // Consecutive parts of the same orientation share one section, so the title block and a
    // portrait KPE table start on the same page; a change of orientation starts a new page.
    let mut groups: Vec<(bool, Vec<Child>)> = Vec::new();
    for part in &doc.parts {
        let children = part_children(part, &mut next_numbering, &mut docx);
        match groups.last_mut() {
            Some((landscape, group)) if *landscape == part.landscape => group.extend(children),
            _ => groups.push((part.landscape, children)),
        }
    }
    let last = groups.len().saturating_sub(1);
    for (i, (landscape, children)) in groups.into_iter().enumerate() {
        let footer = footer(doc);
        if i < last {
            let mut section = Section::new()
                .page_size(page_size(landscape))
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
                .page_size(size_w(landscape), size_h(landscape))
                .page_margin(page_margin())
                .footer(footer);
            if landscape {
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
    // Word's own "Table Grid" name, so a report template restyles the tables when pasted.
    .add_style(Style::new("TableGrid", StyleType::Table).name("Table Grid"))
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
                        Numbering::new(id, ORDERED).add_override(LevelOverride::new(0).start(1)),
                    );
                    id
                } else {
                    BULLET_LIST
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
                } else if !part.landscape && t.columns.len() >= RECORD_COLUMNS {
                    // Too wide for a portrait page: one record per row, so a long row breaks
                    // between its paragraphs instead of squeezing five columns.
                    out.extend(records(t));
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
        .style("TableGrid")
        .set_grid(widths)
        .width(width, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .margins(TableCellMargins::new().margin(40, 80, 40, 80))
}

/// A table with this many columns or more is laid out as records on a portrait page.
const RECORD_COLUMNS: usize = 5;

/// A table laid out as one two-column record per row: a shaded title line made of the
/// leading number and date columns ("KPE 1 · 19/02/2019 to 06/06/2019"), then one line per
/// other column that has something in it, its heading on the left.
fn records(t: &DocTable) -> Vec<Child> {
    let width = text_width(false);
    let label_width = width * 22 / 100;
    let widths = vec![label_width, width - label_width];
    let leading = t
        .columns
        .iter()
        .take_while(|c| matches!(c.kind, d::ColumnKind::Number | d::ColumnKind::Date))
        .count();
    let mut out = Vec::new();
    for row in &t.rows {
        let title: Vec<String> = t
            .columns
            .iter()
            .zip(row)
            .take(leading)
            .map(|(c, cell)| {
                let text = d::plain(cell);
                match c.kind {
                    d::ColumnKind::Number => format!("{} {}", c.header, text),
                    _ => text,
                }
            })
            .filter(|s| !s.trim().is_empty())
            .collect();
        let mut rows = vec![TableRow::new(vec![TableCell::new()
            .width(width, WidthType::Dxa)
            .grid_span(2)
            .shading(Shading::new().fill(HEADER_FILL))
            .add_paragraph(
                Paragraph::new()
                    .style("TableHeading")
                    .keep_next(true)
                    .add_run(Run::new().add_text(title.join(" · "))),
            )])];
        for (column, cell) in t.columns.iter().zip(row).skip(leading) {
            if cell.iter().all(|p| p.is_blank()) {
                continue;
            }
            let mut value = TableCell::new().width(widths[1], WidthType::Dxa);
            for p in cell {
                value = value.add_paragraph(runs(Paragraph::new().style("TableText"), p));
            }
            rows.push(TableRow::new(vec![
                TableCell::new()
                    .width(widths[0], WidthType::Dxa)
                    .add_paragraph(
                        Paragraph::new()
                            .style("TableHeading")
                            .add_run(Run::new().add_text(column.header.clone())),
                    ),
                value,
            ]));
        }
        out.push(Child::Table(Box::new(
            Table::new(rows)
                .style("TableGrid")
                .set_grid(widths.clone())
                .width(width, WidthType::Dxa)
                .layout(TableLayoutType::Fixed)
                .margins(TableCellMargins::new().margin(40, 80, 40, 80)),
        )));
        out.push(Child::Para(Box::new(Paragraph::new())));
    }
    out
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

    fn part_of_docx(bytes: &[u8], name: &str) -> String {
        use std::io::Read;
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut text = String::new();
        zip.by_name(name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    }

    fn wide_table() -> DocTable {
        let col = |h: &str, kind| Column {
            header: h.into(),
            weight: 10,
            kind,
        };
        DocTable {
            key: "kpes".into(),
            title: "KPEs".into(),
            columns: vec![
                col("KPE", ColumnKind::Number),
                col("Dates", ColumnKind::Date),
                col("Episode", ColumnKind::Text),
                col("Appraisal", ColumnKind::Text),
                col("Explanation", ColumnKind::Text),
            ],
            rows: (1..=3)
                .map(|n| {
                    vec![
                        vec![Para::plain(n.to_string())],
                        vec![Para::plain("01/02/2020")],
                        vec![Para::plain(format!("Episode {n}"))],
                        vec![],
                        vec![Para::plain("Because")],
                    ]
                })
                .collect(),
            empty_note: String::new(),
        }
    }

    #[test]
    fn a_wide_table_on_a_portrait_page_becomes_one_record_per_row() {
        let doc = Document {
            title: "T".into(),
            footer: "Draft".into(),
            parts: vec![Part {
                section: None,
                landscape: false,
                blocks: vec![Block::Table(wide_table())],
            }],
        };
        let xml = part_of_docx(&render(&doc, "2024-01-31").unwrap(), "word/document.xml");
        assert_eq!(xml.matches("<w:tbl>").count(), 3, "one table per record");
        assert!(
            xml.contains("KPE 1 · 01/02/2020"),
            "the record's title line"
        );
        assert!(xml.contains("w:gridSpan"), "the title spans both columns");
        assert!(!xml.contains(">Appraisal<"), "an empty cell has no line");
        assert!(xml.contains(">Explanation<"));

        let landscape = Document {
            parts: vec![Part {
                section: None,
                landscape: true,
                blocks: vec![Block::Table(wide_table())],
            }],
            ..doc
        };
        let xml = part_of_docx(
            &render(&landscape, "2024-01-31").unwrap(),
            "word/document.xml",
        );
        assert_eq!(
            xml.matches("<w:tbl>").count(),
            1,
            "a landscape page keeps the grid"
        );
    }

    #[test]
    fn parts_of_one_orientation_share_a_section_and_a_page() {
        let part = |landscape: bool| Part {
            section: None,
            landscape,
            blocks: vec![Block::Para(Para::plain("text"))],
        };
        let doc = Document {
            title: "T".into(),
            footer: "Draft".into(),
            parts: vec![
                part(false),
                part(false),
                part(true),
                part(true),
                part(false),
            ],
        };
        let xml = part_of_docx(&render(&doc, "2024-01-31").unwrap(), "word/document.xml");
        // Three runs of orientation: portrait, landscape, portrait.
        assert_eq!(xml.matches("<w:sectPr").count(), 3);
    }

    #[test]
    fn bulleted_lists_use_a_bullet_numbering_of_their_own() {
        let doc = Document {
            title: "T".into(),
            footer: "Draft".into(),
            parts: vec![Part {
                section: None,
                landscape: false,
                blocks: vec![Block::List {
                    ordered: false,
                    items: vec![Para::plain("a"), Para::plain("b")],
                }],
            }],
        };
        let bytes = render(&doc, "2024-01-31").unwrap();
        let document = part_of_docx(&bytes, "word/document.xml");
        assert!(document.contains(&format!("<w:numId w:val=\"{BULLET_LIST}\" />")));
        let numbering = part_of_docx(&bytes, "word/numbering.xml");
        // docx-rs's own numbering 1 is decimal; ours must not reuse its id.
        assert_ne!(BULLET_LIST, 1);
        let ours = numbering
            .find(&format!("<w:num w:numId=\"{BULLET_LIST}\">"))
            .expect("the bullet list's numbering");
        assert!(numbering[ours..].contains(&format!("<w:abstractNumId w:val=\"{BULLETS}\" />")));
        let abstract_at = numbering
            .find(&format!("<w:abstractNum w:abstractNumId=\"{BULLETS}\""))
            .unwrap();
        assert!(numbering[abstract_at..]
            .split("</w:abstractNum>")
            .next()
            .unwrap()
            .contains("bullet"));
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
