//! Files as agencies and reviewers handle them, made or read the way they would: a returned
//! template filled in as in Excel, and a Word document's text. Shared by the integration
//! tests (`tests/it`) and the end-to-end journeys (`tests/e2e`), which each include this file
//! as a module, so the fixtures are written once.

use std::io::{Read, Write};
use std::path::Path;

/// A return's Chronology row (date, time, practitioner code, role, event, outcome, type,
/// receiving agency, child seen, notes): a health visitor's new birth visit, complete.
pub const NEW_BIRTH_VISIT: [&str; 10] = [
    "12/03/2019",
    "10:30",
    "HV1",
    "Health visitor",
    "New birth visit: baby weighed and measured, mother well.",
    "Next contact at 6-8 weeks.",
    "Home visit",
    "",
    "Y",
    "Seen at home.",
];

/// A telephone call dated 31 February: a date no check can accept ([`on`] corrects it).
pub const CALL_ON_31_FEBRUARY: [&str; 10] = [
    "31/02/2019",
    "",
    "HV1",
    "Health visitor",
    "Telephone call with mother.",
    "",
    "Contact",
    "",
    "N",
    "",
];

/// `row` with its date replaced by `date`, as an agency corrects it.
pub fn on<'a>(date: &'a str, row: [&'a str; 10]) -> [&'a str; 10] {
    let mut row = row;
    row[0] = date;
    row
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Fills the template's Chronology sheet as an agency would in Excel: each row's cells typed
/// into the blank, formatted cells the template prepared.
pub fn fill_xlsx(template: &[u8], rows: &[[&str; 10]]) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(template)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).unwrap();
        let name = file.name().unwrap().to_string();
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).unwrap();
        if name == "xl/worksheets/sheet2.xml" {
            let mut xml = String::from_utf8(bytes).unwrap();
            for (r, row) in rows.iter().enumerate() {
                for (c, text) in row.iter().enumerate() {
                    if text.is_empty() {
                        continue;
                    }
                    let cell = format!("{}{}", (b'A' + c as u8) as char, r + 2);
                    let at = xml.find(&format!("<c r=\"{cell}\" ")).expect("blank cell");
                    let end = at + xml[at..].find("/>").unwrap();
                    let opening = &xml[at..end];
                    let filled = format!(
                        "{opening} t=\"inlineStr\"><is><t>{}</t></is></c>",
                        xml_escape(text)
                    );
                    xml.replace_range(at..end + 2, &filled);
                }
            }
            bytes = xml.into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// The text of a Word document's body, its XML tags removed.
pub fn docx_text(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let mut text = String::new();
    let mut in_tag = false;
    for c in xml.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&amp;", "&").replace("&apos;", "'")
}
