//! Export of the draft-report material (KPE tables, the chronology, findings, flags, the
//! glossary) to DOCX, Markdown, HTML, CSV and XLSX, pseudonymised by default.
