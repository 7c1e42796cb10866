//! A standalone HTML page of the report: no scripts, no remote fonts or styles, printable
//! (landscape pages for the wide tables, header rows repeated on every printed page).

use super::document::*;

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn para_inner(p: &Para) -> String {
    let mut out = String::new();
    for s in &p.spans {
        let text = escape(&s.text);
        match (s.bold, s.italic) {
            (true, true) => out.push_str(&format!("<strong><em>{text}</em></strong>")),
            (true, false) => out.push_str(&format!("<strong>{text}</strong>")),
            (false, true) => out.push_str(&format!("<em>{text}</em>")),
            (false, false) => out.push_str(&text),
        }
    }
    out
}

const STYLE: &str = "body{font-family:Arial,'Helvetica Neue','DejaVu Sans',sans-serif;font-size:11pt;line-height:1.4;color:#111;margin:2em auto;max-width:70em;padding:0 1em}
h1.title{font-size:20pt}h1{font-size:16pt;margin-top:1.6em}h2{font-size:13pt}h3{font-size:11pt}
table{border-collapse:collapse;width:100%;margin:0.6em 0 1.2em}
th,td{border:1px solid #777;padding:0.3em 0.45em;vertical-align:top;text-align:start}
th{background:#e6e6e6}td p,th p{margin:0 0 0.3em}thead{display:table-header-group}
tr{break-inside:avoid}.note{font-style:italic;color:#444}
@page{size:A4 portrait;margin:2cm}@page wide{size:A4 landscape;margin:1.5cm}
section.landscape{page:wide}section{break-before:page}section.first{break-before:auto}
footer{margin-top:3em;color:#555;font-size:9pt}";

/// The document as a complete HTML page.
pub fn render(doc: &Document) -> String {
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n");
    out.push_str(&format!("<title>{}</title>\n", escape(&doc.title)));
    out.push_str(&format!("<style>{STYLE}</style>\n</head>\n<body>\n"));
    for (i, part) in doc.parts.iter().enumerate() {
        let mut classes = Vec::new();
        if part.landscape {
            classes.push("landscape");
        }
        if i == 0 {
            classes.push("first");
        }
        out.push_str(&format!("<section class=\"{}\">\n", classes.join(" ")));
        for block in &part.blocks {
            match block {
                Block::Heading(0, text) => out.push_str(&format!(
                    "<h1 class=\"title\" dir=\"auto\">{}</h1>\n",
                    escape(text)
                )),
                Block::Heading(level, text) => {
                    let l = (*level).clamp(1, 6);
                    out.push_str(&format!("<h{l} dir=\"auto\">{}</h{l}>\n", escape(text)));
                }
                Block::Para(p) => {
                    if !p.is_blank() {
                        out.push_str(&format!("<p dir=\"auto\">{}</p>\n", para_inner(p)));
                    }
                }
                Block::List { ordered, items } => {
                    let tag = if *ordered { "ol" } else { "ul" };
                    out.push_str(&format!("<{tag}>\n"));
                    for item in items {
                        out.push_str(&format!("<li dir=\"auto\">{}</li>\n", para_inner(item)));
                    }
                    out.push_str(&format!("</{tag}>\n"));
                }
                Block::Table(t) => table(&mut out, t),
            }
        }
        out.push_str("</section>\n");
    }
    out.push_str(&format!(
        "<footer>{} — {}</footer>\n</body>\n</html>\n",
        escape(&doc.title),
        escape(&doc.footer)
    ));
    out
}

fn table(out: &mut String, t: &Table) {
    if t.rows.is_empty() {
        out.push_str(&format!(
            "<p class=\"note\">{}</p>\n",
            escape(&t.empty_note)
        ));
        return;
    }
    let total: u32 = t
        .columns
        .iter()
        .map(|c| c.weight as u32)
        .sum::<u32>()
        .max(1);
    out.push_str(&format!(
        "<table aria-label=\"{}\">\n<colgroup>",
        escape(&t.title)
    ));
    for c in &t.columns {
        out.push_str(&format!(
            "<col style=\"width:{:.1}%\">",
            c.weight as f64 * 100.0 / total as f64
        ));
    }
    out.push_str("</colgroup>\n<thead><tr>");
    for c in &t.columns {
        out.push_str(&format!("<th scope=\"col\">{}</th>", escape(&c.header)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &t.rows {
        out.push_str("<tr>");
        for cell in row {
            out.push_str("<td dir=\"auto\">");
            for p in cell.iter().filter(|p| !p.is_blank()) {
                out.push_str(&format!("<p>{}</p>", para_inner(p)));
            }
            out.push_str("</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_keeps_right_to_left_text() {
        assert_eq!(escape("<b>&\"'"), "&lt;b&gt;&amp;&quot;&#39;");
        let doc = Document {
            title: "<script>".into(),
            footer: "Draft".into(),
            parts: vec![Part {
                section: None,
                landscape: true,
                blocks: vec![Block::Para(Para::plain("محمد <i>"))],
            }],
        };
        let html = render(&doc);
        assert!(html.contains("<title>&lt;script&gt;</title>"));
        assert!(html.contains("<p dir=\"auto\">محمد &lt;i&gt;</p>"));
        assert!(html.contains("<section class=\"landscape first\">"));
        assert!(!html.contains("<script>"));
    }
}
