//! Text at read time: deciding a text file's encoding without guessing over damage, and
//! cleaning every cell read from any format.
//!
//! A file is decoded as Windows-1252 only when its bytes are not plausibly UTF-8 at all (no
//! valid multi-byte UTF-8 sequence anywhere). A UTF-8 file with one bad byte is refused with the
//! line to fix: decoding it whole as Windows-1252 would turn "Seán" into "SeÃ¡n", a name neither
//! the pseudonymiser nor the export check would recognise. UTF-16 is recognised with or without
//! a byte-order mark. Every cell is then normalised to Unicode NFC, and control characters
//! (terminal escape sequences included) are removed, keeping tabs and line breaks.

use std::borrow::Cow;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use super::junk;
use crate::error::{Error, Result};

/// A text file's encoding, decided from its bytes.
pub fn decode<'a>(name: &str, bytes: &'a [u8]) -> Result<(Cow<'a, str>, &'static str)> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return match std::str::from_utf8(rest) {
            Ok(t) => Ok((Cow::Borrowed(t), "UTF-8 with BOM")),
            Err(e) => Err(bad_utf8(name, rest, e.valid_up_to())),
        };
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(name, rest, encoding_rs::UTF_16LE, "UTF-16");
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(name, rest, encoding_rs::UTF_16BE, "UTF-16 (big-endian)");
    }
    if let Some(little) = utf16_without_bom(bytes) {
        return if little {
            utf16(
                name,
                bytes,
                encoding_rs::UTF_16LE,
                "UTF-16, no byte-order mark",
            )
        } else {
            utf16(
                name,
                bytes,
                encoding_rs::UTF_16BE,
                "UTF-16 big-endian, no byte-order mark",
            )
        };
    }
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let controls = head
        .iter()
        .filter(|b| {
            (**b < 0x20 && !matches!(**b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B)) || **b == 0x7F
        })
        .count();
    if head.contains(&0) || controls * 50 > head.len() {
        return Err(junk(name, "it holds binary data, not text"));
    }
    match std::str::from_utf8(bytes) {
        Ok(t) => Ok((Cow::Borrowed(t), "UTF-8")),
        Err(e) if has_utf8_sequence(bytes) => Err(bad_utf8(name, bytes, e.valid_up_to())),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            Ok((text, "Windows-1252"))
        }
    }
}

fn utf16<'a>(
    name: &str,
    bytes: &'a [u8],
    encoding: &'static encoding_rs::Encoding,
    label: &'static str,
) -> Result<(Cow<'a, str>, &'static str)> {
    match encoding.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(text) if !text.contains('\0') => Ok((Cow::Owned(text.into_owned()), label)),
        _ => Err(Error::Invalid(format!(
            "{name} looks like UTF-16 text but parts of it are not valid UTF-16 (the file is \
             damaged or mixes encodings). Open it in a spreadsheet program or text editor and \
             save it again as \"CSV UTF-8\", then import that copy. Nothing was imported."
        ))),
    }
}

/// UTF-16 without a byte-order mark: most characters are ASCII, so one byte of each pair is
/// zero. `Some(true)` for little-endian (zeros at odd positions), `Some(false)` for big-endian.
fn utf16_without_bom(bytes: &[u8]) -> Option<bool> {
    let head = &bytes[..bytes.len().min(4096) & !1];
    if head.len() < 4 {
        return None;
    }
    let pairs = head.len() / 2;
    let even = head.iter().step_by(2).filter(|b| **b == 0).count();
    let odd = head.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
    if odd * 10 >= pairs * 6 && even * 20 <= pairs {
        Some(true)
    } else if even * 10 >= pairs * 6 && odd * 20 <= pairs {
        Some(false)
    } else {
        None
    }
}

/// Whether the bytes hold at least one valid multi-byte UTF-8 sequence: then they are UTF-8
/// (perhaps damaged), since Windows-1252 text almost never forms one by chance.
fn has_utf8_sequence(bytes: &[u8]) -> bool {
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(t) => return !t.is_ascii(),
            Err(e) => {
                let good = &rest[..e.valid_up_to()];
                if !good.is_ascii() {
                    return true;
                }
                let skip = e.error_len().unwrap_or(rest.len() - e.valid_up_to());
                rest = &rest[e.valid_up_to() + skip.max(1)..];
                if rest.is_empty() {
                    return false;
                }
            }
        }
    }
}

fn bad_utf8(name: &str, bytes: &[u8], at: usize) -> Error {
    let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
    Error::Invalid(format!(
        "{name} is UTF-8 text, but line {line} holds a byte that is not valid UTF-8 (the file \
         is damaged, or was edited in a program that saved part of it in another encoding). \
         Chronolane does not guess, because a wrong guess changes names (Seán would become \
         SeÃ¡n). Open the file in a spreadsheet program or text editor, check line {line}, and \
         save it again as \"CSV UTF-8\"; then import that copy. Nothing was imported."
    ))
}

/// A cell as Chronolane keeps it: Unicode NFC, line breaks as `\n`, and no control characters
/// other than tab and line break (terminal escape sequences are removed whole).
pub fn clean(text: &mut String) {
    let needs_strip = text
        .chars()
        .any(|c| (c.is_control() && c != '\t' && c != '\n') || is_bidi_or_invisible(c));
    if needs_strip {
        *text = strip_controls(text);
    }
    if is_nfc_quick(text.chars()) != IsNormalized::Yes {
        *text = text.nfc().collect();
    }
}

/// Characters that reorder or hide text on screen (bidirectional overrides): removed too.
fn is_bidi_or_invisible(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn strip_controls(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\t' | '\n' => out.push(c),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            // ESC: a CSI (`ESC [` ... final byte), an OSC/DCS/APC/PM/SOS string (up to BEL or
            // ESC \), or a two-character sequence.
            '\u{1B}' => match chars.next() {
                Some('[') => skip_csi(&mut chars),
                Some(']' | 'P' | '_' | '^' | 'X') => skip_string(&mut chars),
                _ => {}
            },
            '\u{9B}' => skip_csi(&mut chars),
            '\u{9D}' | '\u{90}' | '\u{9F}' | '\u{9E}' | '\u{98}' => skip_string(&mut chars),
            c if c.is_control() || is_bidi_or_invisible(c) => {}
            c => out.push(c),
        }
    }
    out
}

fn skip_csi(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    // Parameters and intermediates are 0x20..=0x3F; the final byte is 0x40..=0x7E.
    for c in chars.by_ref() {
        if ('\u{40}'..='\u{7E}').contains(&c) || !('\u{20}'..='\u{3F}').contains(&c) {
            break;
        }
    }
}

fn skip_string(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{07}' | '\u{9C}' => break,
            '\u{1B}' => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                break;
            }
            '\n' => break,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cleaned(s: &str) -> String {
        let mut s = s.to_string();
        clean(&mut s);
        s
    }

    #[test]
    fn escape_sequences_and_controls_are_removed_tabs_and_lines_kept() {
        assert_eq!(cleaned("a\u{1B}[31mred\u{1B}[0m b"), "ared b");
        assert_eq!(cleaned("x\u{1B}]0;title\u{07}y"), "xy");
        assert_eq!(cleaned("x\u{1B}]8;;http://e\u{1B}\\link"), "xlink");
        assert_eq!(cleaned("a\tb\r\nc\rd\u{0}\u{85}e"), "a\tb\nc\nde");
        assert_eq!(cleaned("\u{9B}2Jclear"), "clear");
        assert_eq!(cleaned("evil\u{202E}txt"), "eviltxt");
    }

    #[test]
    fn cells_are_nfc() {
        assert_eq!(cleaned("Se\u{61}\u{301}n"), "Se\u{E1}n");
    }

    #[test]
    fn damaged_utf8_is_refused_with_its_line_and_1252_is_still_read() {
        let bytes = "Date,Event\n01/02/2015,Seán\n02/02/2015,bad \u{0}"
            .replace('\u{0}', "")
            .into_bytes();
        let mut bytes = bytes;
        bytes.push(0xE9);
        let err = decode("x.csv", &bytes).unwrap_err().to_string();
        assert!(err.contains("line 3"), "{err}");
        let (text, enc) = decode("x.csv", b"Caf\xe9 \x96 visit").unwrap();
        assert_eq!((text.as_ref(), enc), ("Café – visit", "Windows-1252"));
    }

    #[test]
    fn utf16_without_bom_is_text() {
        let le: Vec<u8> = "Date,Event\n01/02/2015,Seán\n"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        let (text, _) = decode("x.csv", &le).unwrap();
        assert!(text.contains("Seán"));
        let be: Vec<u8> = "Date,Event\n01/02/2015,visit\n"
            .encode_utf16()
            .flat_map(|u| u.to_be_bytes())
            .collect();
        assert!(decode("x.csv", &be).unwrap().0.contains("visit"));
    }
}
