//! The words an SVG drawing carries: its text content and its attribute values, so the
//! export check can read a timeline drawing the way it reads a document before it is written.
//!
//! This is a small reader for the SVG the app writes (and any well-formed SVG): character
//! data between tags, CDATA sections and attribute values, with XML's character references
//! decoded. Comments, processing instructions and declarations are skipped; markup is not
//! validated here (`render::parse_svg` does that).

/// Every piece of text in `svg`, in document order: character data and attribute values,
/// decoded, without pieces that are only white space.
pub fn svg_texts(svg: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut push = |raw: &str| {
        let text = decode(raw);
        if !text.trim().is_empty() {
            out.push(text);
        }
    };
    let mut rest = svg;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            push(rest);
            break;
        };
        push(&rest[..lt]);
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map(|i| &after[i + 3..]).unwrap_or("");
        } else if let Some(after) = rest.strip_prefix("<![CDATA[") {
            let end = after.find("]]>").unwrap_or(after.len());
            // CDATA is taken as written (no references inside it).
            if !after[..end].trim().is_empty() {
                out_push_raw(&mut push, &after[..end]);
            }
            rest = after.get(end + 3..).unwrap_or("");
        } else if rest.starts_with("<?") || rest.starts_with("<!") {
            rest = rest.find('>').map(|i| &rest[i + 1..]).unwrap_or("");
        } else {
            rest = tag(&rest[1..], &mut push);
        }
    }
    out
}

/// CDATA holds no references: escape its ampersands so `decode` leaves them as written.
fn out_push_raw(push: &mut impl FnMut(&str), raw: &str) {
    push(&raw.replace('&', "&amp;"));
}

/// Attributes that hold geometry, never words: their values are not read.
const GEOMETRY: &[&str] = &["d", "points", "transform", "viewBox"];

/// Reads one tag (after its `<`), passing each attribute value (except geometry) to `push`;
/// returns what follows the tag.
fn tag<'s>(mut rest: &'s str, push: &mut impl FnMut(&str)) -> &'s str {
    loop {
        // Up to the next quote or the end of the tag.
        let Some(i) = rest.find(['"', '\'', '>']) else {
            return "";
        };
        let c = rest.as_bytes()[i];
        if c == b'>' {
            return &rest[i + 1..];
        }
        let quote = c as char;
        let value = &rest[i + 1..];
        let name = rest[..i]
            .trim_end()
            .trim_end_matches('=')
            .rsplit(|c: char| c.is_whitespace())
            .next()
            .unwrap_or("");
        let words = !GEOMETRY.contains(&name);
        let Some(end) = value.find(quote) else {
            if words {
                push(value);
            }
            return "";
        };
        if words {
            push(&value[..end]);
        }
        rest = &value[end + 1..];
    }
}

/// Decodes XML's character references (`&amp;`, `&#233;`, `&#xE9;` ...); an unknown or
/// broken reference is left as written.
fn decode(raw: &str) -> String {
    if !raw.contains('&') {
        return raw.to_string();
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let decoded = rest.find(';').filter(|&end| end <= 12).and_then(|end| {
            let name = &rest[1..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => {
                    let code =
                        if let Some(hex) = name.strip_prefix("#x").or(name.strip_prefix("#X")) {
                            u32::from_str_radix(hex, 16).ok()
                        } else if let Some(dec) = name.strip_prefix('#') {
                            dec.parse().ok()
                        } else {
                            None
                        };
                    code.and_then(char::from_u32)
                }
            };
            c.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_text_attributes_and_references() {
        let svg = r#"<?xml version="1.0" encoding="UTF-8"?>
<!-- drawn by Chronolane: <text>not this</text> -->
<svg xmlns="http://www.w3.org/2000/svg" width="10" role="img"><title>Review &amp; Co</title>
<text x="1" font-family='DejaVu Sans'>Se&#225;n &lt;HV&gt; &#x2192; Z&#xF6;e</text>
<g aria-label="Visit by Ros" transform="translate(1 2)"><path d="M1 2L3 4"/><text>&bogus; &amp</text></g><![CDATA[raw & <kept>]]>
</svg>"#;
        assert_eq!(
            svg_texts(svg),
            vec![
                "http://www.w3.org/2000/svg",
                "10",
                "img",
                "Review & Co",
                "1",
                "DejaVu Sans",
                "Seán <HV> → Zöe",
                "Visit by Ros",
                "&bogus; &amp",
                "raw & <kept>",
            ]
        );
    }

    #[test]
    fn unfinished_markup_ends_the_reading_without_a_panic() {
        assert_eq!(svg_texts("<svg><text x=\"1"), vec!["1"]);
        assert_eq!(svg_texts("<svg><!-- open"), Vec::<String>::new());
        assert_eq!(svg_texts("plain & text"), vec!["plain & text"]);
        assert!(svg_texts("").is_empty());
    }
}
