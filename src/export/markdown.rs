//! Markdown (GitHub-flavoured tables) of the report, for reviewers who draft in plain text.

use super::document::*;

/// Escapes text for a Markdown paragraph or table cell.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn para(p: &Para) -> String {
    let mut out = String::new();
    for s in &p.spans {
        if s.text.trim().is_empty() {
            out.push_str(&escape(&s.text));
            continue;
        }
        // Emphasis markers must hug the text: keep surrounding spaces outside them.
        let lead = &s.text[..s.text.len() - s.text.trim_start().len()];
        let trail = &s.text[s.text.trim_end().len()..];
        let mark = match (s.bold, s.italic) {
            (true, true) => "***",
            (true, false) => "**",
            (false, true) => "*",
            (false, false) => "",
        };
        out.push_str(lead);
        out.push_str(mark);
        out.push_str(&escape(s.text.trim()));
        out.push_str(mark);
        out.push_str(trail);
    }
    out
}

/// The document as Markdown.
pub fn render(doc: &Document) -> String {
    let mut out = String::new();
    for part in &doc.parts {
        for block in &part.blocks {
            match block {
                Block::Heading(level, text) => {
                    let hashes = "#".repeat((*level as usize + 1).min(4));
                    out.push_str(&format!("{hashes} {}\n\n", escape(text)));
                }
                Block::Para(p) => {
                    if !p.is_blank() {
                        out.push_str(&para(p));
                        out.push_str("\n\n");
                    }
                }
                Block::List { ordered, items } => {
                    for (i, item) in items.iter().enumerate() {
                        if *ordered {
                            out.push_str(&format!("{}. {}\n", i + 1, para(item)));
                        } else {
                            out.push_str(&format!("- {}\n", para(item)));
                        }
                    }
                    out.push('\n');
                }
                Block::Table(t) => table(&mut out, t),
            }
        }
    }
    out
}

fn table(out: &mut String, t: &Table) {
    if t.rows.is_empty() {
        out.push_str(&format!("*{}*\n\n", escape(&t.empty_note)));
        return;
    }
    let header: Vec<String> = t.columns.iter().map(|c| escape(&c.header)).collect();
    out.push_str(&format!("| {} |\n", header.join(" | ")));
    out.push_str(&format!(
        "|{}\n",
        t.columns.iter().map(|_| " --- |").collect::<String>()
    ));
    for row in &t.rows {
        let cells: Vec<String> = row
            .iter()
            .map(|cell| {
                cell.iter()
                    .filter(|p| !p.is_blank())
                    .map(para)
                    .collect::<Vec<_>>()
                    .join("<br>")
            })
            .collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_lays_out_tables() {
        let doc = Document {
            title: "T".into(),
            footer: String::new(),
            parts: vec![Part {
                section: None,
                landscape: false,
                blocks: vec![
                    Block::Heading(1, "KPEs".into()),
                    Block::Para(Para::default().bold("Title: ").text("a | b *c*")),
                    Block::Table(Table {
                        key: "k".into(),
                        title: "K".into(),
                        columns: vec![Column {
                            header: "A".into(),
                            weight: 1,
                            kind: ColumnKind::Text,
                        }],
                        rows: vec![vec![vec![Para::plain("x|y"), Para::plain("z")]]],
                        empty_note: String::new(),
                    }),
                ],
            }],
        };
        assert_eq!(
            render(&doc),
            "## KPEs\n\n**Title:** a \\| b \\*c\\*\n\n| A |\n| --- |\n| x\\|y<br>z |\n\n"
        );
    }
}
