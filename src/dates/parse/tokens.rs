//! Cutting the text into tokens, and the words dates are made of (months, weekdays,
//! markers of approximation).

use chrono::Weekday;

// ---------------------------------------------------------------------------------------
// Tokens

/// One piece of the text: a run of digits, a run of letters (lowercased) or a symbol.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Tok {
    Num { value: u32, digits: usize },
    Word(String),
    Sym(char),
}

#[derive(Clone, Debug)]
pub(super) struct Token {
    pub(super) tok: Tok,
    /// Byte offset of the token in the text, to quote what could not be read.
    pub(super) at: usize,
}

pub(super) fn trim_trailing_stops(text: &str) -> &str {
    text.trim_end_matches(|c: char| c == '.' || c == ',' || c.is_whitespace())
}

/// Cuts the text into tokens. Spaces, commas and brackets only separate; dashes of every
/// kind become `-` and quotes become `'`.
pub(super) fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let tok = if c.is_ascii_digit() {
            let mut value = u64::from(c as u8 - b'0');
            let mut digits = 1;
            while let Some(&(_, d)) = chars.peek() {
                if !d.is_ascii_digit() {
                    break;
                }
                value = (value * 10 + u64::from(d as u8 - b'0')).min(u64::from(u32::MAX));
                digits += 1;
                chars.next();
            }
            Tok::Num {
                value: value as u32,
                digits,
            }
        } else if c.is_alphabetic() {
            let mut word: String = c.to_lowercase().collect();
            while let Some(&(_, d)) = chars.peek() {
                if !d.is_alphabetic() {
                    break;
                }
                word.extend(d.to_lowercase());
                chars.next();
            }
            Tok::Word(word)
        } else if c.is_whitespace() || matches!(c, ',' | '(' | ')' | '[' | ']') {
            continue;
        } else {
            match c {
                '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' => Tok::Sym('-'),
                '\u{2018}' | '\u{2019}' | '`' => Tok::Sym('\''),
                '&' => Tok::Word("and".into()),
                '@' => Tok::Word("at".into()),
                other => Tok::Sym(other),
            }
        };
        out.push(Token { tok, at });
    }
    out
}

/// A view of the tokens with small accessors; out-of-range indexes read as nothing.
#[derive(Clone, Copy)]
pub(super) struct Toks<'a>(pub(super) &'a [Token]);

impl<'a> Toks<'a> {
    pub(super) fn len(self) -> usize {
        self.0.len()
    }

    pub(super) fn word(self, i: usize) -> Option<&'a str> {
        match &self.0.get(i)?.tok {
            Tok::Word(w) => Some(w),
            _ => None,
        }
    }

    pub(super) fn num(self, i: usize) -> Option<(u32, usize)> {
        match self.0.get(i)?.tok {
            Tok::Num { value, digits } => Some((value, digits)),
            _ => None,
        }
    }

    pub(super) fn sym(self, i: usize) -> Option<char> {
        match self.0.get(i)?.tok {
            Tok::Sym(c) => Some(c),
            _ => None,
        }
    }

    /// Index after an optional symbol `c` at `i`.
    pub(super) fn skip_sym(self, i: usize, c: char) -> usize {
        if self.sym(i) == Some(c) {
            i + 1
        } else {
            i
        }
    }

    /// Index after an optional word `w` at `i`.
    pub(super) fn skip_word(self, i: usize, w: &str) -> usize {
        if self.word(i) == Some(w) {
            i + 1
        } else {
            i
        }
    }
}

pub(super) const APPROXIMATE_WORDS: &[&str] = &[
    "c",
    "ca",
    "circa",
    "approx",
    "approximately",
    "approximate",
    "around",
    "about",
    "abt",
    "roughly",
    "est",
    "estimated",
    "possibly",
];

/// Peels approximate markers and filler words off both ends of the tokens; returns the
/// remaining window and whether the date was marked approximate.
pub(super) fn strip_markers(tokens: &[Token]) -> (usize, usize, bool) {
    let t = Toks(tokens);
    let (mut lo, mut hi, mut approximate) = (0, tokens.len(), false);
    loop {
        let before = (lo, hi);
        match t.word(lo) {
            Some(w) if APPROXIMATE_WORDS.contains(&w) => {
                lo = t.skip_sym(lo + 1, '.');
                approximate = true;
            }
            Some("on")
                if t.word(lo + 1) == Some("or")
                    && matches!(t.word(lo + 2), Some("about" | "around")) =>
            {
                lo += 3;
                approximate = true;
            }
            Some("on" | "in" | "during" | "sometime") => lo += 1,
            _ => {}
        }
        if matches!(t.sym(lo), Some('?' | '~')) {
            lo += 1;
            approximate = true;
        }
        if hi > lo {
            match (t.sym(hi - 1), t.word(hi - 1)) {
                (Some('?'), _) => {
                    hi -= 1;
                    approximate = true;
                }
                (Some('.'), _) => hi -= 1,
                (_, Some("approx" | "approximately" | "est" | "estimated")) => {
                    hi -= 1;
                    approximate = true;
                }
                _ => {}
            }
        }
        if (lo, hi) == before || lo >= hi {
            return (lo.min(hi), hi, approximate);
        }
    }
}

// ---------------------------------------------------------------------------------------
// Vocabulary

pub(super) fn month_named(word: &str) -> Option<u32> {
    Some(match word {
        "january" | "jan" => 1,
        "february" | "feb" | "febuary" => 2,
        "march" | "mar" => 3,
        "april" | "apr" => 4,
        "may" => 5,
        "june" | "jun" => 6,
        "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sep" | "sept" => 9,
        "october" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    })
}

pub(super) fn weekday_named(word: &str) -> Option<Weekday> {
    Some(match word {
        "monday" | "mon" => Weekday::Mon,
        "tuesday" | "tue" | "tues" => Weekday::Tue,
        "wednesday" | "wed" | "weds" => Weekday::Wed,
        "thursday" | "thu" | "thur" | "thurs" => Weekday::Thu,
        "friday" | "fri" => Weekday::Fri,
        "saturday" | "sat" => Weekday::Sat,
        "sunday" | "sun" => Weekday::Sun,
        _ => return None,
    })
}

pub(super) fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

pub(super) fn is_ordinal(word: &str) -> bool {
    matches!(word, "st" | "nd" | "rd" | "th")
}

/// A year as written: two digits pivot at 50 (`49` is 2049, `50` is 1950); other lengths
/// are taken as written and left for the year check to refuse.
pub(super) fn written_year(value: u32, digits: usize) -> i32 {
    let value = value as i32;
    match digits {
        2 if value < 50 => 2000 + value,
        2 => 1900 + value,
        _ => value,
    }
}
