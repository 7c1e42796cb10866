//! The chronology template sent to one agency, as an Excel workbook or a Word document.
//!
//! The template carries the review's title and scope, the agency's name, instructions in plain
//! English, the columns the review uses (headed so the importer recognises every one of them),
//! drop-down lists and date checks in Excel, a glossary for the agency's practitioner codes,
//! and a hidden [`ReturnMarker`] so the return imports with no questions.

use chrono::NaiveDate;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties, ExcelDateTime,
    Format, FormatAlign, Formula, Workbook,
};

use super::ReturnMarker;
use crate::dates::uk;
use crate::error::{Error, Result};
use crate::export::document::{Block, Column, ColumnKind, Document, Para, Part, Table as DocTable};
use crate::json::ReviewData;
use crate::model::{Agency, EntryKind, PersonKind};

/// The file format of a template.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum TemplateFormat {
    /// An Excel workbook with drop-down lists and date checks.
    Xlsx,
    /// A Word document with one table to fill in.
    Docx,
}

impl TemplateFormat {
    /// Reads "xlsx" or "docx".
    pub fn from_code(code: &str) -> Option<TemplateFormat> {
        match code.trim().to_ascii_lowercase().as_str() {
            "xlsx" | "excel" => Some(TemplateFormat::Xlsx),
            "docx" | "word" => Some(TemplateFormat::Docx),
            _ => None,
        }
    }
}

/// A column of the template: its heading (recognised by the importer) and what to write in it.
pub struct TemplateColumn {
    /// The heading.
    pub heading: &'static str,
    /// Guidance for the agency.
    pub guidance: &'static str,
    /// Column width in Excel characters.
    pub width: f64,
}

/// The columns every template has, in order.
pub const COLUMNS: &[TemplateColumn] = &[
    TemplateColumn {
        heading: "Date",
        guidance: "The day it happened, as dd/mm/yyyy. If you only know roughly, write what you \
                   know: \"early June 2023\", \"w/c 12/06/2023\", \"?/04/2023\".",
        width: 13.0,
    },
    TemplateColumn {
        heading: "Time",
        guidance: "hh:mm (24-hour), if recorded.",
        width: 7.0,
    },
    TemplateColumn {
        heading: "Practitioner code",
        guidance: "The code from the Glossary sheet (for example SW1, HV2). Never a name.",
        width: 12.0,
    },
    TemplateColumn {
        heading: "Role",
        guidance: "The practitioner's role (for example Health visitor, Team manager).",
        width: 16.0,
    },
    TemplateColumn {
        heading: "Event or contact",
        guidance: "What happened, as your record shows it: who was there, what was said, seen \
                   and done. Facts only; keep your comments for the last column.",
        width: 60.0,
    },
    TemplateColumn {
        heading: "Action / outcome",
        guidance: "What was decided or done next.",
        width: 35.0,
    },
    TemplateColumn {
        heading: "Type",
        guidance: "Choose from the list (referral, home visit, strategy discussion ...).",
        width: 20.0,
    },
    TemplateColumn {
        heading: "Receiving agency",
        guidance: "For referrals, transfers and information shared: who it went to.",
        width: 24.0,
    },
    TemplateColumn {
        heading: "Child seen (Y/N)",
        guidance: "Y if a professional saw the child (or, in an adult review, the adult), N if \
                   not; blank if it does not apply.",
        width: 10.0,
    },
    TemplateColumn {
        heading: "Agency comment",
        guidance: "Your agency's comment or analysis, kept apart from the facts.",
        width: 35.0,
    },
];

/// Rows of the template's table prepared for filling in.
const BLANK_ROWS: u32 = 300;

/// The instructions printed at the top of every template, in plain English.
pub fn instructions(data: &ReviewData, agency: &Agency) -> Vec<String> {
    let scope = scope_text(data);
    vec![
        format!(
            "Please list every contact your agency ({}) had with the family, or about them, {}.",
            agency.name, scope
        ),
        "One row for each contact, event, decision, referral, meeting, visit (including visits \
         where nobody answered) and missed appointment, in date order."
            .into(),
        "Write dates the UK way, day first: 12/06/2023. If a date is approximate, write what you \
         know (\"early June 2023\", \"?/04/2023\") rather than guessing a day."
            .into(),
        "Keep facts apart from comment: the record goes in 'Event or contact' and 'Action / \
         outcome'; your agency's view or analysis goes in 'Agency comment'."
            .into(),
        "Refer to practitioners by code (SW1, HV2 ...) and list each code once in the Glossary \
         with the practitioner's role and name. Family members by their role (Mother, Father, \
         Child)."
            .into(),
        "Do not change the headings or add columns; add rows as you need. Return the file as it \
         is (keep its name and format), so it can be read straight into the review."
            .into(),
    ]
}

fn scope_text(data: &ReviewData) -> String {
    match (data.review.scope_start, data.review.scope_end) {
        (Some(s), Some(e)) => format!("from {} to {}", uk(s), uk(e)),
        (Some(s), None) => format!("from {}", uk(s)),
        (None, Some(e)) => format!("up to {}", uk(e)),
        (None, None) => "in the period the review covers".into(),
    }
}

/// The agency's practitioners already in the review's glossary: (code, role).
fn known_codes(data: &ReviewData, agency: &Agency) -> Vec<(String, String)> {
    data.people
        .iter()
        .filter(|p| p.kind == PersonKind::Practitioner && p.agency == Some(agency.id))
        .map(|p| (p.label.clone(), p.role.clone()))
        .collect()
}

/// Finds an agency of the review by name, full or short, in any case.
pub fn find_agency<'a>(data: &'a ReviewData, name: &str) -> Result<&'a Agency> {
    let wanted = name.trim().to_lowercase();
    data.agencies
        .iter()
        .find(|a| a.name.to_lowercase() == wanted || a.short_name.to_lowercase() == wanted)
        .ok_or_else(|| {
            let names: Vec<&str> = data.agencies.iter().map(|a| a.name.as_str()).collect();
            Error::Invalid(if names.is_empty() {
                format!(
                    "The review has no agency called \"{}\" (it has no agencies yet). Add the \
                     agency first.",
                    name.trim()
                )
            } else {
                format!(
                    "The review has no agency called \"{}\". Its agencies are: {}.",
                    name.trim(),
                    names.join("; ")
                )
            })
        })
}

/// The template for `agency`, in `format`. `today` dates the file's properties.
pub fn write(
    data: &ReviewData,
    agency: &Agency,
    format: TemplateFormat,
    today: NaiveDate,
) -> Result<Vec<u8>> {
    let marker = serde_json::to_string(&ReturnMarker::new(&agency.name, &data.review.title))
        .map_err(|e| Error::Invalid(format!("The template's marker could not be written: {e}")))?;
    match format {
        TemplateFormat::Xlsx => write_xlsx(data, agency, &marker),
        TemplateFormat::Docx => write_docx(data, agency, &marker, today),
    }
}

fn xlsx_error(e: rust_xlsxwriter::XlsxError) -> Error {
    Error::Invalid(format!("The Excel template could not be assembled ({e})."))
}

fn write_xlsx(data: &ReviewData, agency: &Agency, marker: &str) -> Result<Vec<u8>> {
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!("Chronology return: {}", agency.name))
            .set_subject(data.review.title.clone())
            .set_custom_property(super::MARKER_PROPERTY, marker),
    );
    let title = Format::new().set_bold().set_font_size(16);
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let (header, cell) = crate::export::xlsx::table_formats();

    // Instructions.
    let sheet = workbook.add_worksheet();
    sheet.set_name("Instructions").map_err(xlsx_error)?;
    sheet.set_column_width(0, 110).map_err(xlsx_error)?;
    sheet
        .write_string_with_format(0, 0, format!("Chronology return: {}", agency.name), &title)
        .map_err(xlsx_error)?;
    sheet
        .write_string_with_format(1, 0, &data.review.title, &bold)
        .map_err(xlsx_error)?;
    sheet
        .write_string(2, 0, format!("Period: {}", scope_text(data)))
        .map_err(xlsx_error)?;
    let mut row = 4;
    for (i, line) in instructions(data, agency).iter().enumerate() {
        sheet
            .write_string_with_format(row, 0, format!("{}. {line}", i + 1), &wrap)
            .map_err(xlsx_error)?;
        row += 1;
    }
    row += 1;
    sheet
        .write_string_with_format(row, 0, "The columns", &bold)
        .map_err(xlsx_error)?;
    for c in COLUMNS {
        row += 1;
        sheet
            .write_string_with_format(row, 0, format!("{}: {}", c.heading, c.guidance), &wrap)
            .map_err(xlsx_error)?;
    }

    // The chronology to fill in: the header in row 1, so the importer finds it at once.
    let sheet = workbook.add_worksheet();
    sheet.set_name("Chronology").map_err(xlsx_error)?;
    for (i, c) in COLUMNS.iter().enumerate() {
        sheet
            .write_string_with_format(0, i as u16, c.heading, &header)
            .map_err(xlsx_error)?;
        sheet
            .set_column_width(i as u16, c.width)
            .map_err(xlsx_error)?;
        for r in 1..=BLANK_ROWS {
            sheet.write_blank(r, i as u16, &cell).map_err(xlsx_error)?;
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(xlsx_error)?;
    sheet.set_landscape();
    sheet.set_repeat_rows(0, 0).map_err(xlsx_error)?;
    let kinds = EntryKind::ALL.len() as u32;
    let agencies = data.agencies.len().max(1) as u32;
    let column = |heading: &str| COLUMNS.iter().position(|c| c.heading == heading).unwrap() as u16;
    // Dates: a real date between 1900 and 2100 is accepted silently; anything else (an
    // approximate date written as text) only warns, because approximate dates are welcome.
    let date_check = DataValidation::new()
        .allow_date(DataValidationRule::Between(
            ExcelDateTime::from_ymd(1900, 1, 1).map_err(xlsx_error)?,
            ExcelDateTime::from_ymd(2100, 12, 31).map_err(xlsx_error)?,
        ))
        .set_error_style(DataValidationErrorStyle::Warning)
        .set_error_title("Not a date Excel recognises")
        .map_err(xlsx_error)?
        .set_error_message(
            "Write dates as dd/mm/yyyy. If the date is approximate (\"early June 2023\"), \
             choose Yes to keep what you wrote.",
        )
        .map_err(xlsx_error)?;
    sheet
        .add_data_validation(1, column("Date"), BLANK_ROWS, column("Date"), &date_check)
        .map_err(xlsx_error)?;
    let type_list = DataValidation::new()
        .allow_list_formula(Formula::new(format!("=Lists!$A$1:$A${kinds}")))
        .set_error_style(DataValidationErrorStyle::Warning);
    sheet
        .add_data_validation(1, column("Type"), BLANK_ROWS, column("Type"), &type_list)
        .map_err(xlsx_error)?;
    let agency_list = DataValidation::new()
        .allow_list_formula(Formula::new(format!("=Lists!$B$1:$B${agencies}")))
        .set_error_style(DataValidationErrorStyle::Warning);
    let receiving = column("Receiving agency");
    sheet
        .add_data_validation(1, receiving, BLANK_ROWS, receiving, &agency_list)
        .map_err(xlsx_error)?;
    let seen_list = DataValidation::new()
        .allow_list_strings(&["Y", "N"])
        .map_err(xlsx_error)?;
    let seen = column("Child seen (Y/N)");
    sheet
        .add_data_validation(1, seen, BLANK_ROWS, seen, &seen_list)
        .map_err(xlsx_error)?;

    // The glossary of the agency's practitioner codes.
    let sheet = workbook.add_worksheet();
    sheet.set_name("Glossary").map_err(xlsx_error)?;
    for (i, (h, w)) in [("Code", 10.0), ("Role", 30.0), ("Name", 30.0)]
        .iter()
        .enumerate()
    {
        sheet
            .write_string_with_format(0, i as u16, *h, &header)
            .map_err(xlsx_error)?;
        sheet.set_column_width(i as u16, *w).map_err(xlsx_error)?;
    }
    for (i, (code, role)) in known_codes(data, agency).iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_string(r, 0, code).map_err(xlsx_error)?;
        sheet.write_string(r, 1, role).map_err(xlsx_error)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(xlsx_error)?;

    // The lists behind the drop-downs, hidden.
    let sheet = workbook.add_worksheet();
    sheet.set_name("Lists").map_err(xlsx_error)?;
    for (i, k) in EntryKind::ALL.iter().enumerate() {
        sheet
            .write_string(i as u32, 0, k.label())
            .map_err(xlsx_error)?;
    }
    for (i, a) in data.agencies.iter().enumerate() {
        sheet
            .write_string(i as u32, 1, &a.name)
            .map_err(xlsx_error)?;
    }
    sheet.set_hidden(true);
    workbook
        .worksheet_from_index(1)
        .map_err(xlsx_error)?
        .set_active(true);

    workbook.save_to_buffer().map_err(xlsx_error)
}

fn write_docx(
    data: &ReviewData,
    agency: &Agency,
    marker: &str,
    today: NaiveDate,
) -> Result<Vec<u8>> {
    let mut intro = vec![
        Block::Heading(0, format!("Chronology return: {}", agency.name)),
        Block::Para(
            Para::default()
                .bold("Review: ")
                .text(data.review.title.clone()),
        ),
        Block::Para(Para::default().bold("Period: ").text(scope_text(data))),
        Block::Heading(1, "How to fill in this return".into()),
        Block::List {
            ordered: true,
            items: instructions(data, agency)
                .into_iter()
                .map(Para::plain)
                .collect(),
        },
        Block::Heading(2, "The columns".into()),
    ];
    intro.push(Block::List {
        ordered: false,
        items: COLUMNS
            .iter()
            .map(|c| {
                Para::default()
                    .bold(format!("{}: ", c.heading))
                    .text(c.guidance)
            })
            .collect(),
    });
    intro.push(Block::Para(
        Para::default().bold("Types: ").text(
            EntryKind::ALL
                .iter()
                .map(|k| k.label())
                .collect::<Vec<_>>()
                .join(", "),
        ),
    ));
    let chronology = DocTable {
        key: "chronology".into(),
        title: "Chronology".into(),
        columns: COLUMNS
            .iter()
            .map(|c| Column {
                header: c.heading.into(),
                // Word needs room for the short columns' headings.
                weight: c.width.clamp(11.0, 40.0).round() as u16,
                kind: ColumnKind::Text,
            })
            .collect(),
        rows: (0..25)
            .map(|_| COLUMNS.iter().map(|_| vec![Para::plain("")]).collect())
            .collect(),
        empty_note: String::new(),
    };
    let mut glossary_rows: Vec<Vec<Vec<Para>>> = known_codes(data, agency)
        .into_iter()
        .map(|(code, role)| {
            vec![
                vec![Para::plain(code)],
                vec![Para::plain(role)],
                vec![Para::plain("")],
            ]
        })
        .collect();
    glossary_rows.extend((0..8).map(|_| vec![vec![Para::plain("")]; 3]));
    let glossary = DocTable {
        key: "glossary".into(),
        title: "Glossary".into(),
        columns: vec![
            Column {
                header: "Code".into(),
                weight: 10,
                kind: ColumnKind::Text,
            },
            Column {
                header: "Role".into(),
                weight: 30,
                kind: ColumnKind::Text,
            },
            Column {
                header: "Name".into(),
                weight: 30,
                kind: ColumnKind::Text,
            },
        ],
        rows: glossary_rows,
        empty_note: String::new(),
    };
    let document = Document {
        title: format!("Chronology return: {}", agency.name),
        footer: format!("{} · return from {}", data.review.title, agency.name),
        parts: vec![
            Part {
                section: None,
                landscape: false,
                blocks: intro,
            },
            Part {
                section: None,
                landscape: true,
                blocks: vec![
                    Block::Heading(1, "Chronology".into()),
                    Block::Table(chronology),
                    Block::Heading(1, "Glossary of practitioner codes".into()),
                    Block::Table(glossary),
                ],
            },
        ],
    };
    crate::export::docx::render_with_properties(
        &document,
        &today.format("%Y-%m-%d").to_string(),
        &[(super::MARKER_PROPERTY, marker)],
    )
}
