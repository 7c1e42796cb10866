//! Full-text search over entries (the `entry_fts` index, kept exact by the store).

use rusqlite::params;
use serde::Serialize;
use specta::Type;

use super::order::CHRONOLOGY_ORDER;
use super::Reader;
use crate::error::Result;
use crate::model::*;

/// A full-text search hit.
#[derive(Clone, Debug, PartialEq, Serialize, Type)]
pub struct EntryMatch {
    /// The entry found.
    pub entry: EntryId,
    /// The matching text with the hit between `[` and `]`.
    pub snippet: String,
}

/// The entry text the search reads, in the full-text index's column order.
const SEARCHED: [&str; 6] = [
    "summary",
    "detail",
    "outcome",
    "comment",
    "practitioner_as_written",
    "agency_comment",
];

/// How many words a snippet shows.
const SNIPPET_WORDS: usize = 12;

impl Reader<'_> {
    /// Full-text search over entries' text. Each word of `query` must match (as a prefix);
    /// results come in chronological order, at most `limit`.
    ///
    /// The first `limit` matches in chronological order are read from the order's index, each
    /// entry looked up in the set of matches (no sort of every match), and only they get a
    /// snippet: made here from their text, since asking the index for the snippets of entries
    /// added far apart would make one for every match between them.
    pub fn search(&self, query: &str, limit: u32) -> Result<Vec<EntryMatch>> {
        let words: Vec<String> = query
            .split(|c: char| !c.is_alphanumeric())
            .filter(|t| !t.is_empty())
            .map(|t| t.replace('"', ""))
            .collect();
        if words.is_empty() {
            return Ok(Vec::new());
        }
        let terms: Vec<String> = words.iter().map(|t| format!("\"{t}\"*")).collect();
        let ids: Vec<EntryId> = self
            .conn
            .prepare_cached(&format!(
                "SELECT id FROM entry INDEXED BY entry_order
                 WHERE id IN (SELECT rowid FROM entry_fts WHERE entry_fts MATCH ?1)
                 ORDER BY {CHRONOLOGY_ORDER} LIMIT ?2"
            ))?
            .query_map(params![terms.join(" "), limit], |r| r.get("id"))?
            .collect::<rusqlite::Result<_>>()?;
        let prefixes: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
        let mut text = self.conn.prepare_cached(&format!(
            "SELECT {} FROM entry WHERE id = ?1",
            SEARCHED.join(", ")
        ))?;
        ids.into_iter()
            .map(|entry| {
                let columns: Vec<String> = text.query_row([entry], |r| {
                    SEARCHED.iter().map(|c| r.get::<_, String>(*c)).collect()
                })?;
                Ok(EntryMatch {
                    entry,
                    snippet: snippet(&columns, &prefixes),
                })
            })
            .collect()
    }
}

/// Up to [`SNIPPET_WORDS`] words of the column that matches most of `prefixes` (lower case),
/// from a little before its first match, each matching word between `[` and `]`, and `…`
/// where text is left out.
fn snippet(columns: &[String], prefixes: &[String]) -> String {
    let matches = |word: &str| {
        let word = word.to_lowercase();
        prefixes.iter().any(|p| word.starts_with(p.as_str()))
    };
    let words_of = |text: &str| -> Vec<(usize, usize)> {
        let mut words = Vec::new();
        let mut start = None;
        for (i, c) in text.char_indices() {
            match (c.is_alphanumeric(), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    words.push((s, i));
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            words.push((s, text.len()));
        }
        words
    };
    // The column whose words match the most of the query's words, then the most often.
    let best = columns
        .iter()
        .map(|text| {
            let words = words_of(text);
            let hits: Vec<bool> = words.iter().map(|&(a, b)| matches(&text[a..b])).collect();
            let found = prefixes
                .iter()
                .filter(|p| {
                    words
                        .iter()
                        .any(|&(a, b)| text[a..b].to_lowercase().starts_with(p.as_str()))
                })
                .count();
            let score = (found, hits.iter().filter(|h| **h).count());
            (score, text, words, hits)
        })
        .filter(|(_, _, words, _)| !words.is_empty())
        .max_by(|a, b| a.0.cmp(&b.0).then(std::cmp::Ordering::Greater));
    let Some((_, text, words, hits)) = best else {
        return String::new();
    };
    let first = hits.iter().position(|h| *h).unwrap_or(0);
    let mut from = first.saturating_sub(2);
    let to = (from + SNIPPET_WORDS).min(words.len());
    from = to.saturating_sub(SNIPPET_WORDS);
    let mut out = String::new();
    let mut at = if from == 0 {
        0
    } else {
        out.push('…');
        words[from].0
    };
    for (k, &(a, b)) in words.iter().enumerate().take(to).skip(from) {
        out.push_str(&text[at..a]);
        if hits[k] {
            out.push('[');
            out.push_str(&text[a..b]);
            out.push(']');
        } else {
            out.push_str(&text[a..b]);
        }
        at = b;
    }
    if to == words.len() {
        out.push_str(&text[at..]);
    } else {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols(summary: &str, detail: &str) -> Vec<String> {
        vec![summary.into(), detail.into()]
    }

    #[test]
    fn a_snippet_marks_every_matching_word_and_keeps_the_text_as_written() {
        let s = snippet(
            &cols("Strategy discussion held; strategy agreed.", ""),
            &["strat".into(), "disc".into()],
        );
        assert_eq!(s, "[Strategy] [discussion] held; [strategy] agreed.");
    }

    #[test]
    fn a_snippet_comes_from_the_column_matching_most_words_and_cuts_long_text() {
        let detail = "One two three four five six seven eight nine ten eleven twelve thirteen \
                      fourteen visit by the health visitor fifteen sixteen seventeen eighteen \
                      nineteen twenty";
        let s = snippet(&cols("Visit", detail), &["visit".into(), "health".into()]);
        assert_eq!(
            s,
            "…thirteen fourteen [visit] by the [health] [visitor] fifteen sixteen seventeen \
             eighteen nineteen…"
        );
        let s = snippet(&cols("", detail), &["three".into()]);
        assert_eq!(
            s,
            "One two [three] four five six seven eight nine ten eleven twelve…"
        );
    }

    #[test]
    fn a_snippet_of_text_without_a_marked_word_is_its_opening() {
        assert_eq!(
            snippet(&cols("", "Café visit"), &["cafe".into()]),
            "Café visit"
        );
        assert_eq!(snippet(&cols("", ""), &["x".into()]), "");
    }
}
