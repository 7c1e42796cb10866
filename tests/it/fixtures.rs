//! Three FICTIONAL agency chronologies for the same fictional case (Child J, Northbrook), each
//! written the way such an agency would send it, for the import tests and the end-to-end
//! journeys:
//! - Northbrook Police: a CSV export from a records system, Windows-1252, semicolon-separated,
//!   with a title line above the header, separate Date and Time columns, and two bad dates.
//! - Northbrook Health Visiting: an Excel workbook with a title, real Excel dates and times,
//!   dates typed as text ("mid-March 2019", "spring 2019"), a date merged over two rows, a
//!   formula cell and a date left as a bare day number.
//! - Northbrook Children's Social Care: a Word document with an introduction, the chronology
//!   table (a Date/Time column, vertically merged dates, paragraphs in cells) and a sign-off
//!   table that is not a chronology.
//!
//! The police and social care files record some of the same events (duplicates to merge) and
//! the health visitor and social worker disagree about the visit on 14/06/2019
//! (a contradiction). `CHRONOLANE_WRITE_FIXTURES=1 cargo test -p chronolane --test it
//! fixtures` rewrites the committed copies in `tests/fixtures/`.

use std::io::Write;

use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};

pub const POLICE_CSV: &str = "northbrook-police.csv";
pub const HV_XLSX: &str = "northbrook-health-visiting.xlsx";
pub const CSC_DOCX: &str = "northbrook-csc.docx";

/// The police CSV, as Windows-1252 bytes.
pub fn police_csv() -> Vec<u8> {
    let text = "Northbrook Police – chronology for the LCSPR (Child J);;;;;\r\n\
Ref;Date;Time;Officer;Incident details;Action taken\r\n\
NP-101;03/02/2019;23:40;PC 4411;\"Police called by a neighbour about shouting at the family home. Officers attended; Mother had a cut lip and said Father had left. Child J (8 months) seen asleep in cot.\";DASH risk assessment: medium risk. Referred to MASH.\r\n\
NP-102;04/02/2019;09:15;DS 210;Referral to MASH sent following the domestic incident on 03/02/2019.;PPN submitted.\r\n\
NP-103;early March 2019;;PC 4411;Father arrested for breach of bail conditions near the family home.;Charged and remanded.\r\n\
NP-104;?22/05/2019;;PCSO 88;\"Neighbour reported a child crying for a long time; attended, no reply at the door.\";Card left. No further action.\r\n\
NP-105;14/06/2019;14.30;DS 210;Strategy discussion with children's social care and health: agreed a section 47 enquiry.;Joint visit planned.\r\n\
NP-106;31/06/2019;;PC 4411;\"Attended a report of a disturbance at the café below the flat; parties separated.\";Words of advice given.\r\n\
NP-107;12/07/2019;2.30pm;PC 9021;Domestic incident at the home: Mother said Father pushed her while she was holding Child J.;Father arrested. MARAC referral made.\r\n\
NP-108;;;PC 9021;Information shared with Southmoor Police after the family moved.;Flag added.\r\n\
NP-109;23/08/2019;11:00;DS 210;MARAC meeting: case discussed and a safety plan agreed.;Actions allocated.\r\n";
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

/// The health visiting workbook.
pub fn hv_xlsx() -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Chronology").unwrap();
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let time = Format::new().set_num_format("hh:mm");
    sheet
        .write_string_with_format(
            0,
            0,
            "Northbrook Health Visiting Service – Chronology (Child J)",
            &bold,
        )
        .unwrap();
    let headings = [
        "Date of contact",
        "Time",
        "Practitioner / role",
        "Event or contact",
        "Outcome",
        "Comment",
    ];
    for (c, h) in headings.iter().enumerate() {
        sheet
            .write_string_with_format(2, c as u16, *h, &bold)
            .unwrap();
    }
    let d = |y, m, day| ExcelDateTime::from_ymd(y, m, day).unwrap();
    let r = std::cell::Cell::new(3u32);
    let row = |sheet: &mut rust_xlsxwriter::Worksheet,
               when: Option<ExcelDateTime>,
               text_date: &str,
               texts: [&str; 4]| {
        let n = r.get();
        match when {
            Some(dt) => {
                sheet.write_datetime_with_format(n, 0, dt, &date).unwrap();
            }
            None if !text_date.is_empty() => {
                sheet.write_string(n, 0, text_date).unwrap();
            }
            None => {}
        }
        for (i, t) in texts.iter().enumerate() {
            if !t.is_empty() {
                sheet.write_string(n, 2 + i as u16, *t).unwrap();
            }
        }
        r.set(n + 1);
        n
    };
    row(
        sheet,
        Some(d(2019, 1, 15)),
        "",
        [
            "HV1 Health visitor",
            "New birth visit at home. Child J seen, weighed and well. Mother reports low mood.",
            "Plan: 6-8 week check at clinic.",
            "",
        ],
    );
    row(sheet, Some(d(2019, 2, 5)), "", [
        "HV1 Health visitor",
        "Information received from MASH about a domestic incident at the home on 03/02/2019 (police attended).",
        "Added to records. Home visit to be offered.",
        "HV was not invited to a strategy discussion.",
    ]);
    let visit = row(
        sheet,
        Some(d(2019, 2, 27)),
        "",
        [
            "HV1 Health visitor",
            "Planned home visit: no access, nobody at home. Letter left.",
            "Visit to be re-arranged.",
            "",
        ],
    );
    sheet
        .write_datetime_with_format(visit, 1, ExcelDateTime::from_hms(10, 30, 0).unwrap(), &time)
        .unwrap();
    row(
        sheet,
        None,
        "mid-March 2019",
        [
            "HV2 Health visitor",
            "Child J was not brought to the 12-month developmental review at clinic.",
            "Letter sent to Mother offering a new appointment.",
            "",
        ],
    );
    row(
        sheet,
        None,
        "spring 2019",
        [
            "HV2 Health visitor",
            "Mother disclosed drinking alcohol 'at weekends only'.",
            "Advice given.",
            "Concern about alcohol recorded but not assessed.",
        ],
    );
    // One date merged over two rows: both contacts happened on 14/06/2019.
    let first = r.get();
    row(sheet, None, "", [
        "HV2 Health visitor",
        "Strategy discussion with police and children's social care: agreed a section 47 enquiry.",
        "Joint visit planned.",
        "",
    ]);
    row(
        sheet,
        None,
        "",
        [
            "HV2 Health visitor",
            "Joint home visit with the social worker: Child J seen, bruise to left cheek noted.",
            "Mother's explanation recorded.",
            "",
        ],
    );
    sheet
        .merge_range(first, 0, first + 1, 0, "", &date)
        .unwrap();
    sheet
        .write_datetime_with_format(first, 0, d(2019, 6, 14), &date)
        .unwrap();
    let moved = row(
        sheet,
        Some(d(2019, 8, 20)),
        "",
        [
            "HV2 Health visitor",
            "Family moved to Southmoor; records transferred to the Southmoor health visiting team.",
            "Transfer in progress.",
            "",
        ],
    );
    // The comment is a formula with its result saved, as Excel leaves it.
    sheet
        .write_formula(
            moved,
            5,
            Formula::new("=\"Seen by \"&\"HV2\"").set_result("Seen by HV2"),
        )
        .unwrap();
    // A date left as a bare day number (a column formatted as General): 43731 is 23/09/2019.
    let last = row(
        sheet,
        None,
        "",
        [
            "Southmoor HV3",
            "Transfer-in contact: records received from Northbrook.",
            "New birth visit offered.",
            "",
        ],
    );
    sheet.write_number(last, 0, 43731).unwrap();
    sheet.set_column_width(3, 60).unwrap();
    book.save_to_buffer().unwrap()
}

/// A minimal Word document holding `body` (WordprocessingML inside `w:body`).
pub fn docx_with_body(body: &str) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        let files = [
            ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.to_string()),
            ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.to_string()),
            ("word/document.xml", format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr/></w:body></w:document>"#)),
        ];
        for (name, text) in files {
            zip.start_file(name, opts).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap();
    }
    buf.into_inner()
}

fn esc(t: &str) -> String {
    t.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn para(t: &str) -> String {
    format!(
        "<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
        esc(t)
    )
}

/// A Word table cell; `merge` is `Some("restart")` to start a vertical merge, `Some("")` to
/// continue one.
fn cell(text: &str, merge: Option<&str>) -> String {
    let props = match merge {
        Some("") => "<w:tcPr><w:vMerge/></w:tcPr>".to_string(),
        Some(v) => format!("<w:tcPr><w:vMerge w:val=\"{v}\"/></w:tcPr>"),
        None => String::new(),
    };
    let paras: String = if text.is_empty() {
        "<w:p/>".into()
    } else {
        text.split('\n').map(para).collect()
    };
    format!("<w:tc>{props}{paras}</w:tc>")
}

fn table(rows: &[Vec<String>]) -> String {
    let body: String = rows
        .iter()
        .map(|r| format!("<w:tr>{}</w:tr>", r.concat()))
        .collect();
    format!("<w:tbl>{body}</w:tbl>")
}

/// The children's social care Word document.
pub fn csc_docx() -> Vec<u8> {
    let plain = |cells: [&str; 6]| cells.iter().map(|c| cell(c, None)).collect::<Vec<_>>();
    let mut rows = vec![
        plain(["Date/Time", "Source of information", "Worker", "Details", "Action/Outcome", "Significance"]),
        plain([
            "04/02/2019 10:00",
            "Police (PPN)",
            "SW1",
            "MASH received a referral from police following a domestic incident at the home on 03/02/2019.",
            "MASH screening: threshold for assessment not met; early help offered.",
            "No strategy discussion was held.",
        ]),
        plain([
            "05/02/2019",
            "MASH",
            "SW1",
            "Information shared with health visiting about the domestic incident.",
            "",
            "",
        ]),
        plain([
            "14/06/2019 14:30",
            "Police",
            "TM1",
            "Strategy discussion with police and health: agreed a section 47 enquiry.",
            "Joint visit planned.",
            "",
        ]),
        plain([
            "14/06/2019",
            "CSC",
            "SW2",
            "Joint home visit with the health visitor: no access, nobody at home.",
            "Visit to be re-arranged.",
            "",
        ]),
        plain([
            "between 01/07/2019 and 05/07/2019",
            "CSC",
            "SW2",
            "Single assessment completed: recommended a child in need plan.\nThe team manager overruled the recommendation.",
            "Case closed with universal services.",
            "Manager overruled the worker without recorded reasons.",
        ]),
        plain([
            "12th Jul 2019",
            "Police",
            "SW2",
            "Police notified CSC of a domestic incident at the home: Mother pushed while holding Child J.",
            "No strategy discussion held.",
            "",
        ]),
        plain([
            "end of August 2019",
            "Housing",
            "SW2",
            "Family moved to Southmoor. Case closed to Northbrook CSC.",
            "No transfer made to Southmoor children's social care.",
            "Possible lost transfer.",
        ]),
    ];
    // Two rows under one merged date cell.
    rows.push(vec![
        cell("28/08/2019", Some("restart")),
        cell("CSC", None),
        cell("TM1", None),
        cell("Closure letter sent to the GP.", None),
        cell("", None),
        cell("", None),
    ]);
    rows.push(vec![
        cell("", Some("")),
        cell("CSC", None),
        cell("TM1", None),
        cell(
            "Case transfer request sent to Southmoor children's social care.",
            None,
        ),
        cell("Awaiting acknowledgement.", None),
        cell("", None),
    ]);
    let sign_off = table(&[
        vec![cell("Prepared by", None), cell("Role", None)],
        vec![
            cell("SW2", None),
            cell("Social worker, Northbrook CSC", None),
        ],
        vec![cell("Approved by", None), cell("TM1, team manager", None)],
    ]);
    let body = format!(
        "{}{}{}{}{}",
        para("Northbrook Children's Social Care"),
        para("Chronology submitted to the Local Child Safeguarding Practice Review: Child J."),
        table(&rows),
        para("Sign-off"),
        sign_off
    );
    docx_with_body(&body)
}

/// Writes the three fixtures into `dir`, returning their paths (police, HV, CSC).
pub fn write_all(dir: &std::path::Path) -> [std::path::PathBuf; 3] {
    let p = [dir.join(POLICE_CSV), dir.join(HV_XLSX), dir.join(CSC_DOCX)];
    std::fs::write(&p[0], police_csv()).unwrap();
    std::fs::write(&p[1], hv_xlsx()).unwrap();
    std::fs::write(&p[2], csc_docx()).unwrap();
    p
}

/// The committed copies (used by the end-to-end journeys and for trying the app by hand).
pub fn committed_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

#[test]
fn fixtures_write_when_asked() {
    if std::env::var_os("CHRONOLANE_WRITE_FIXTURES").is_some() {
        std::fs::create_dir_all(committed_dir()).unwrap();
        write_all(&committed_dir());
    }
}

/// Removes the saved results of formulas from a workbook, as a file written by a program that
/// does not calculate (or saved without recalculating) has them.
pub fn without_formula_results(xlsx: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default();
        for i in 0..archive.len() {
            let mut f = archive.by_index(i).unwrap();
            let name = f.name().unwrap().to_string();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            if name.starts_with("xl/worksheets/") {
                let text = String::from_utf8(data).unwrap();
                let re_v = |t: &str| -> String {
                    // Drop <v>...</v> directly after a </f>.
                    let mut s = String::new();
                    let mut rest = t;
                    while let Some(i) = rest.find("</f><v>") {
                        s.push_str(&rest[..i + 4]);
                        let after = &rest[i + 4..];
                        let end = after.find("</v>").unwrap() + 4;
                        rest = &after[end..];
                    }
                    s.push_str(rest);
                    s
                };
                data = re_v(&text).into_bytes();
            }
            zip.start_file(name, opts).unwrap();
            zip.write_all(&data).unwrap();
        }
        zip.finish().unwrap();
    }
    out.into_inner()
}
