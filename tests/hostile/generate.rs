//! The hostile corpus: files built to break an importer (zip bombs, far cell references, huge
//! shared strings, deep nesting, bad end tags, wrong encodings, junk...). Each is written to
//! `tests/hostile/files/` and committed; `tests/it/hostile.rs` imports every one through the
//! real CLI under a memory limit and a timeout and expects a clear refusal.
//!
//! Regenerate with `CHRONOLANE_WRITE_HOSTILE=1 cargo test -p chronolane --test it
//! hostile::corpus_matches_its_generator`. Every file is fictional; the few from
//! `shared/hostile` (found by fuzzing calamine) are copied in as they are.

use std::io::Write;

/// Every file of the corpus: (file name, bytes).
pub fn corpus(with_bombs: bool) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut add = |name: &str, bytes: Vec<u8>| files.push((name.to_string(), bytes));

    // ---- XLSX -----------------------------------------------------------------------------
    let row = |r: u32, refs: &[&str]| -> String {
        let cells: String = refs
            .iter()
            .map(|c| format!(r#"<c r="{c}" t="inlineStr"><is><t>x</t></is></c>"#))
            .collect();
        format!(r#"<row r="{r}">{cells}</row>"#)
    };
    let sheet = |rows: &str| -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>"#
        )
    };
    let header = row(1, &["A1", "B1"]);
    add(
        "xlsx_far_column.xlsx",
        xlsx(
            &sheet(&format!("{header}{}", row(2, &["A2", "ZZZZZZZ2"]))),
            None,
        ),
    );
    add(
        "xlsx_far_column_xfe.xlsx",
        xlsx(&sheet(&format!("{header}{}", row(2, &["XFE2"]))), None),
    );
    add(
        "xlsx_far_row.xlsx",
        xlsx(
            &sheet(&format!("{header}{}", row(99_999_999, &["A99999999"]))),
            None,
        ),
    );
    let wide: String = (1..=300)
        .map(|r| row(r, &[&format!("A{r}"), &format!("XFD{r}")]))
        .collect();
    add("xlsx_wide_rows.xlsx", xlsx(&sheet(&wide), None));
    let bad_ref = format!("{header}{}", row(2, &["2A"]));
    add("xlsx_bad_cell_ref.xlsx", xlsx(&sheet(&bad_ref), None));
    add(
        "xlsx_huge_shared_string.xlsx",
        xlsx(
            &sheet(r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#),
            Some(format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>{}</t></si></sst>"#,
                "A".repeat(3_000_000)
            )),
        ),
    );
    add(
        "xlsx_shared_unique_count.xlsx",
        xlsx(
            &sheet(r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#),
            Some(r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="99999999999"><si><t>Date</t></si></sst>"#.into()),
        ),
    );
    add(
        "xlsx_shared_formula_index.xlsx",
        xlsx(
            &sheet(
                r#"<row r="1"><c r="A1"><f t="shared" ref="A1:A2" si="4000000000">1+1</f><v>2</v></c></row>"#,
            ),
            None,
        ),
    );
    let deep = format!("{}{}", "<x>".repeat(100_000), "</x>".repeat(100_000));
    add(
        "xlsx_deep_nesting.xlsx",
        xlsx(
            &sheet(&format!(r#"<row r="1"><c r="A1"><v>1</v></c></row>{deep}"#)),
            None,
        ),
    );
    add(
        "xlsx_bad_end_tag.xlsx",
        xlsx(
            &sheet(&format!("{header}{}", row(2, &["A2"]))).replace("</sheetData>", "</sheetDatx>"),
            None,
        ),
    );
    let good = xlsx(&sheet(&format!("{header}{}", row(2, &["A2", "B2"]))), None);
    let full = sheet(&format!("{header}{}", row(2, &["A2", "B2"])));
    add(
        "xlsx_truncated_sheet_xml.xlsx",
        xlsx(&full[..full.len() - 40], None),
    );
    add("xlsx_truncated_file.xlsx", good[..good.len() / 2].to_vec());
    add("xlsx_truncated_tail.xlsx", good[..good.len() - 30].to_vec());
    let mut flipped = good.clone();
    for i in (40..flipped.len() - 100).step_by(37) {
        flipped[i] ^= 0x5A;
    }
    add("xlsx_corrupted_bytes.xlsx", flipped);
    // The two zip bombs take seconds to compress; they are built only when writing the corpus.
    if with_bombs {
        add(
            "xlsx_zip_bomb.xlsx",
            zip_files(&[
                ("[Content_Types].xml", CONTENT_TYPES.as_bytes().to_vec()),
                ("xl/workbook.xml", WORKBOOK.as_bytes().to_vec()),
                (
                    "xl/_rels/workbook.xml.rels",
                    WORKBOOK_RELS.as_bytes().to_vec(),
                ),
                ("xl/worksheets/sheet1.xml", vec![b' '; 300 * 1024 * 1024]),
            ]),
        );
        add(
            "docx_zip_bomb.docx",
            zip_files(&[("word/document.xml", vec![b' '; 300 * 1024 * 1024])]),
        );
    }
    add(
        "xlsx_lying_size.xlsx",
        lie_about_sizes(&zip_files(&[
            ("[Content_Types].xml", CONTENT_TYPES.as_bytes().to_vec()),
            ("xl/workbook.xml", WORKBOOK.as_bytes().to_vec()),
            (
                "xl/_rels/workbook.xml.rels",
                WORKBOOK_RELS.as_bytes().to_vec(),
            ),
            (
                "xl/worksheets/sheet1.xml",
                sheet(&format!("{header}{}", " ".repeat(2_000_000))).into_bytes(),
            ),
        ])),
    );
    let many: Vec<(String, Vec<u8>)> = (0..10_050)
        .map(|i| (format!("xl/media/p{i}.xml"), b"<a/>".to_vec()))
        .chain([
            (
                "[Content_Types].xml".to_string(),
                CONTENT_TYPES.as_bytes().to_vec(),
            ),
            ("xl/workbook.xml".to_string(), WORKBOOK.as_bytes().to_vec()),
        ])
        .collect();
    let many: Vec<(&str, Vec<u8>)> = many.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
    add("xlsx_many_entries.xlsx", zip_files(&many));
    let merged = format!(
        "{wide_rows}</sheetData><mergeCells count=\"1\"><mergeCell ref=\"A1:XFD1048576\"/></mergeCells><sheetData>",
        wide_rows = (1..=300).map(|r| row(r, &[&format!("A{r}")])).collect::<String>()
    );
    add(
        "xlsx_merge_everything.xlsx",
        xlsx(&sheet(&merged).replace("<sheetData></sheetData>", ""), None),
    );
    add(
        "xlsx_entity_bomb.xlsx",
        xlsx(
            r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>"#,
            None,
        ),
    );
    add(
        "xlsx_junk_in_sheet.xlsx",
        xlsx(&String::from_utf8_lossy(&junk(7, 4000)), None),
    );
    add(
        "xlsx_no_sheet_part.xlsx",
        zip_files(&[
            ("[Content_Types].xml", CONTENT_TYPES.as_bytes().to_vec()),
            ("xl/workbook.xml", WORKBOOK.as_bytes().to_vec()),
            (
                "xl/_rels/workbook.xml.rels",
                WORKBOOK_RELS.as_bytes().to_vec(),
            ),
        ]),
    );
    add(
        "xlsb_binary_workbook.xlsx",
        zip_files(&[("xl/workbook.bin", junk(3, 500))]),
    );

    // ---- ODS ------------------------------------------------------------------------------
    let ods_table = |rows: &str| ods(&ods_content(rows));
    add(
        "ods_repeat_bomb.ods",
        ods_table(
            r#"<table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="16384" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>"#,
        ),
    );
    let raw_wide: String = (0..400)
        .map(|_| r#"<table:table-row><table:table-cell table:number-columns-repeated="16000"/><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>"#)
        .collect();
    add("ods_wide_rows.ods", ods_table(&raw_wide));
    add(
        "ods_column_beyond_limit.ods",
        ods_table(
            r#"<table:table-row><table:table-cell table:number-columns-repeated="20000"/><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>"#,
        ),
    );
    add(
        "ods_space_bomb.ods",
        ods_table(
            r#"<table:table-row><table:table-cell office:value-type="string"><text:p>a<text:s text:c="4000000000"/>b</text:p></table:table-cell></table:table-row>"#,
        ),
    );
    add(
        "ods_bad_repeat_number.ods",
        ods_table(
            r#"<table:table-row table:number-rows-repeated="lots"><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>"#,
        ),
    );
    add(
        "ods_deep_nesting.ods",
        ods_table(&format!(
            r#"<table:table-row><table:table-cell office:value-type="string"><text:p>{}{}</text:p></table:table-cell></table:table-row>"#,
            "<text:span>".repeat(50_000),
            "</text:span>".repeat(50_000)
        )),
    );
    add(
        "ods_misspelt_end_tag.ods",
        ods_table(
            r#"<table:table-row><table:table-cell office:value-type="string"><text:p>Date</text:p></table:table-cell></table:table-rox>"#,
        ),
    );
    let content = ods_content(
        r#"<table:table-row><table:table-cell office:value-type="string"><text:p>Date</text:p></table:table-cell></table:table-row>"#,
    );
    add(
        "ods_unclosed_table.ods",
        ods(&content[..content.find("</table:table>").unwrap()]),
    );
    add(
        "ods_unclosed_annotation.ods",
        ods(&content
            .replace(
                "<text:p>Date</text:p>",
                "<office:annotation><text:p>note</text:p>",
            )
            .replace("</office:document-content>", "")),
    );
    add("ods_no_content_xml_body.ods", ods(""));

    // ---- XLS ------------------------------------------------------------------------------
    add("xls_far_cell.xls", xls(&[(0, 0), (65_000, 60_000)]));
    add(
        "xls_wide_mulrk.xls",
        xls_records(&[mulrk(0, 0, 255), mulrk(60_000, 0, 255)]),
    );
    // DIMENSIONS declaring 4 billion rows (calamine reserves room for all of them), and one whose
    // range ends before it starts (calamine's arithmetic wraps).
    let dims = |rf: u32, rl: u32, cf: u16, cl: u16| {
        let mut d = rf.to_le_bytes().to_vec();
        d.extend(rl.to_le_bytes());
        d.extend(cf.to_le_bytes());
        d.extend(cl.to_le_bytes());
        d.extend(0u16.to_le_bytes());
        record(0x0200, &d)
    };
    add(
        "xls_dimensions_huge.xls",
        xls_records(&[dims(0, u32::MAX, 0, 200), number(0, 0)]),
    );
    add(
        "xls_dimensions_inverted.xls",
        xls_records(&[dims(500, 10, 5, 5), number(0, 0)]),
    );
    add(
        "xls_junk_stream.xls",
        cfb_with_stream("/Workbook", &junk(11, 20_000)),
    );
    add(
        "xls_no_workbook_stream.xls",
        cfb_with_stream("/Other", b"nothing here"),
    );
    let small = xls(&[(0, 0), (1, 1)]);
    add("xls_truncated_512.xls", small[..512].to_vec());
    add("xls_truncated_half.xls", small[..small.len() / 2].to_vec());
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend(junk(5, 4096));
    add("ole_header_then_junk.xls", ole);

    // ---- DOCX -----------------------------------------------------------------------------
    let tr = |cells: &str| format!("<w:tr>{cells}</w:tr>");
    let tc = |t: &str| format!("<w:tc><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:tc>");
    add(
        "docx_deep_tables.docx",
        docx(&format!(
            "{}{}",
            "<w:tbl><w:tr><w:tc>".repeat(20_000),
            "</w:tc></w:tr></w:tbl>".repeat(20_000)
        )),
    );
    add(
        "docx_bad_end_tag.docx",
        docx(&format!("<w:tbl>{}</w:tbx>", tr(&tc("Date")))),
    );
    add(
        "docx_unclosed_table.docx",
        docx(&format!("<w:tbl>{}", tr(&tc("Date")))),
    );
    add(
        "docx_no_tables.docx",
        docx("<w:p><w:r><w:t>Dear reviewer</w:t></w:r></w:p>"),
    );
    let wide_cell = r#"<w:tc><w:tcPr><w:gridSpan w:val="64"/></w:tcPr><w:p/></w:tc>"#.repeat(300);
    add(
        "docx_wide_row.docx",
        docx(&format!("<w:tbl>{}</w:tbl>", tr(&wide_cell))),
    );
    let d = docx(&format!("<w:tbl>{}</w:tbl>", tr(&tc("Date"))));
    add("docx_truncated.docx", d[..d.len() * 2 / 3].to_vec());
    add(
        "docx_binary_document_xml.docx",
        zip_files(&[("word/document.xml", junk(9, 3000))]),
    );

    // ---- Text and junk ---------------------------------------------------------------------
    add("empty.csv", Vec::new());
    add("one_byte.csv", b"a".to_vec());
    add("one_newline.csv", b"\n".to_vec());
    add("whitespace_only.csv", b" \t\r\n  \n\n".to_vec());
    add("nul_filled.csv", vec![0; 65_536]);
    add("binary_junk.csv", junk(1, 100_000));
    add("binary_junk_small.txt", junk(2, 7));
    let mut seán = "Date,Event,Practitioner\n12/06/2015,Home visit,Seán Murphy\n"
        .as_bytes()
        .to_vec();
    seán.extend_from_slice(b"13/06/2015,Phone call,Se\xe1n\n");
    add("utf8_with_one_latin1_byte.csv", seán);
    let mut bom = b"\xEF\xBB\xBFDate,Event\n12/06/2015,Visit \xff\n".to_vec();
    bom.extend(b"13/06/2015,Call\n");
    add("utf8_bom_invalid.csv", bom);
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(
        "Date,Event\n12/06/2015,Visit\n"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes()),
    );
    utf16.extend([0x00, 0xD8, 0x41, 0x00]); // an unpaired surrogate
    add("utf16_unpaired_surrogate.csv", utf16);
    let mut utf16_odd = vec![0xFF, 0xFE];
    utf16_odd.extend("Date,Event\n".encode_utf16().flat_map(|u| u.to_le_bytes()));
    utf16_odd.push(b'x');
    add("utf16_odd_length.csv", utf16_odd);
    let cols = vec!["c"; 20_000].join(",");
    add("many_columns.csv", format!("{cols}\n{cols}\n").into_bytes());
    add(
        "too_many_rows.csv",
        "Date,Event\n".repeat(200_010).into_bytes(),
    );
    add(
        "tiny_cells.csv",
        format!("{}\n", ",".repeat(24)).repeat(170_000).into_bytes(),
    );
    add(
        "escapes_only.csv",
        "\u{1b}[2J\u{1b}[31m\n".repeat(50).into_bytes(),
    );
    add(
        "pdf.csv",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n".to_vec(),
    );
    add("rtf.csv", br"{\rtf1\ansi Date\tab Event\par}".to_vec());
    add(
        "zip_not_office.zip",
        zip_files(&[("notes.txt", b"hello".to_vec())]),
    );
    add("zip_header_only.xlsx", b"PK\x03\x04".to_vec());
    add(
        "zip_header_junk.xlsx",
        [b"PK\x03\x04".as_slice(), &junk(4, 3000)].concat(),
    );
    add("zip_empty_archive.xlsx", zip_files(&[]));
    add(
        "gzip.csv",
        [b"\x1f\x8b\x08\x00".as_slice(), &junk(6, 2000)].concat(),
    );
    add(
        "png.csv",
        [b"\x89PNG\r\n\x1a\n".as_slice(), &junk(8, 2000)].concat(),
    );
    add(
        "elf.csv",
        [b"\x7fELF\x02\x01\x01".as_slice(), &junk(10, 3000)].concat(),
    );
    files
}

/// A small seeded pseudo-random generator (xorshift), so the corpus is the same every time.
pub fn junk(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;

pub fn xlsx(sheet: &str, shared: Option<String>) -> Vec<u8> {
    let mut files = vec![
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes().to_vec()),
        ("_rels/.rels", ROOT_RELS.as_bytes().to_vec()),
        ("xl/workbook.xml", WORKBOOK.as_bytes().to_vec()),
        (
            "xl/_rels/workbook.xml.rels",
            WORKBOOK_RELS.as_bytes().to_vec(),
        ),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes().to_vec()),
    ];
    if let Some(s) = shared {
        files.push(("xl/sharedStrings.xml", s.into_bytes()));
    }
    zip_files(&files)
}

pub fn zip_files(files: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(false);
        for (name, bytes) in files {
            zip.start_file(*name, opts).unwrap();
            zip.write_all(bytes).unwrap();
        }
        zip.finish().unwrap();
    }
    buf.into_inner()
}

/// Rewrites every declared uncompressed size of a ZIP to 100 bytes (local and central headers).
fn lie_about_sizes(zip: &[u8]) -> Vec<u8> {
    let mut out = zip.to_vec();
    for i in 0..out.len().saturating_sub(30) {
        if out[i..].starts_with(b"PK\x03\x04") {
            out[i + 22..i + 26].copy_from_slice(&100u32.to_le_bytes());
        } else if out[i..].starts_with(b"PK\x01\x02") {
            out[i + 24..i + 28].copy_from_slice(&100u32.to_le_bytes());
        }
    }
    out
}

pub fn ods_content(rows: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Sheet1">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    )
}

pub fn ods(content: &str) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        let deflated = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("mimetype", stored).unwrap();
        zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
            .unwrap();
        zip.start_file("META-INF/manifest.xml", deflated).unwrap();
        zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#).unwrap();
        zip.start_file("content.xml", deflated).unwrap();
        zip.write_all(content.as_bytes()).unwrap();
        zip.finish().unwrap();
    }
    buf.into_inner()
}

pub fn docx(body: &str) -> Vec<u8> {
    zip_files(&[
        ("[Content_Types].xml", br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#.to_vec()),
        (
            "word/document.xml",
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#).into_bytes(),
        ),
    ])
}

pub fn record(kind: u16, data: &[u8]) -> Vec<u8> {
    let mut r = kind.to_le_bytes().to_vec();
    r.extend((data.len() as u16).to_le_bytes());
    r.extend(data);
    r
}

pub fn number(row: u16, col: u16) -> Vec<u8> {
    let mut d = row.to_le_bytes().to_vec();
    d.extend(col.to_le_bytes());
    d.extend(0u16.to_le_bytes());
    d.extend(1.0f64.to_le_bytes());
    record(0x0203, &d)
}

fn mulrk(row: u16, first: u16, last: u16) -> Vec<u8> {
    let mut d = row.to_le_bytes().to_vec();
    d.extend(first.to_le_bytes());
    for _ in first..=last {
        d.extend(0u16.to_le_bytes());
        d.extend(0x0000_0002u32.to_le_bytes()); // RK integer 0
    }
    d.extend(last.to_le_bytes());
    record(0x00BD, &d[..d.len().min(8000)])
}

/// A BIFF8 workbook stream: globals (BOF, a sheet, EOF) then one sheet holding `records`.
pub fn xls_records(records: &[Vec<u8>]) -> Vec<u8> {
    let bof = |kind: u16| {
        let mut d = 0x0600u16.to_le_bytes().to_vec();
        d.extend(kind.to_le_bytes());
        d.extend([0u8; 12]);
        record(0x0809, &d)
    };
    let mut globals = bof(0x0005);
    let sheet_name = b"Sheet1";
    let boundsheet_len = 4 + 36 + 5 + 4 + 8 + 2 + 2 + 8 + sheet_name.len();
    let _ = boundsheet_len;
    // BOUNDSHEET8: stream position of the sheet's BOF, visibility, type, name.
    let mut sheet_bof_pos = 0u32;
    let mut rest = Vec::new();
    rest.extend(record(0x0042, &1200u16.to_le_bytes())); // code page
    let boundsheet = |pos: u32| {
        let mut d = pos.to_le_bytes().to_vec();
        d.extend([0u8, 0u8, sheet_name.len() as u8, 0u8]);
        d.extend(sheet_name);
        record(0x0085, &d)
    };
    let fixed_len = globals.len() + rest.len() + boundsheet(0).len() + record(0x000A, &[]).len();
    sheet_bof_pos += fixed_len as u32;
    globals.extend(rest);
    globals.extend(boundsheet(sheet_bof_pos));
    globals.extend(record(0x000A, &[]));
    let mut stream = globals;
    stream.extend(bof(0x0010));
    for r in records {
        stream.extend(r);
    }
    stream.extend(record(0x000A, &[]));
    cfb_with_stream("/Workbook", &stream)
}

pub fn xls(cells: &[(u16, u16)]) -> Vec<u8> {
    let records: Vec<Vec<u8>> = cells.iter().map(|(r, c)| number(*r, *c)).collect();
    xls_records(&records)
}

fn cfb_with_stream(path: &str, data: &[u8]) -> Vec<u8> {
    let mut file =
        cfb::CompoundFile::create_with_version(cfb::Version::V3, std::io::Cursor::new(Vec::new()))
            .unwrap();
    {
        let mut s = file.create_stream(path).unwrap();
        s.write_all(data).unwrap();
        // Pad to the 4096-byte minimum of a regular (non-mini) stream.
        if data.len() < 4096 {
            s.write_all(&vec![0u8; 4096 - data.len()]).unwrap();
        }
    }
    file.flush().unwrap();
    file.into_inner().into_inner()
}
