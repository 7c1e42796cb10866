//! `chronolane` commands on a review as a whole: what it holds (`info`, `entries`) and its
//! canonical JSON, through the app's `Session`.

use crate::api::Session;
use crate::dates::uk;
use crate::error::Result;
use crate::model::Entry;

/// `chronolane info`: the review's details and counts.
pub fn info_text(session: &Session) -> Result<String> {
    let o = session.overview()?;
    let board = session.report_board()?;
    let review = &o.review;
    let scope = match (review.scope_start, review.scope_end) {
        (Some(s), Some(e)) => format!("{} to {}", uk(s), uk(e)),
        (Some(s), None) => format!("from {}", uk(s)),
        (None, Some(e)) => format!("until {}", uk(e)),
        (None, None) => "not set".into(),
    };
    let mut text = format!(
        "Title:      {}\nSubject:    {}\nMethod:     {}\nScope:      {}\nAreas:      {}\nEncrypted:  {}\nSchema:     {}\nEntries:    {}\nAgencies:   {}\nPeople:     {}\nSources:    {}\nKPEs:       {}\nFindings:   {}\nFlags:      {}\n",
        review.title,
        review.subject,
        review.method.label(),
        scope,
        if o.areas.is_empty() {
            "none".to_string()
        } else {
            o.areas.iter().map(|a| a.name.as_str()).collect::<Vec<_>>().join(", ")
        },
        if o.encrypted { "yes" } else { "no" },
        session.schema_version()?,
        o.counts.entries,
        o.counts.agencies,
        o.counts.people,
        o.counts.sources,
        o.counts.kpes,
        o.counts.findings,
        board.flags.len(),
    );
    if o.read_only {
        text.push_str("Read-only:  yes (you cannot change this file or its folder)\n");
    }
    Ok(text)
}

/// `chronolane entries`: the integrated chronology as a table.
pub fn entries_table(session: &Session, entries: &[Entry]) -> Result<String> {
    let agencies = session.overview()?.agencies;
    let short = |id| {
        agencies
            .iter()
            .find(|a| a.id == id)
            .map(|a| a.short_name.clone())
            .unwrap_or_default()
    };
    let mut s = String::new();
    for e in entries {
        // The receiving agencies, when it went to any: "(to Police, HV)".
        let to: Vec<String> = e.to_agencies.iter().map(|&a| short(a)).collect();
        let to = match to.is_empty() {
            true => String::new(),
            false => format!("  (to {})", to.join(", ")),
        };
        s.push_str(&format!(
            "{:>5}  {:<22}  {:<10}  {:<22}  {}{to}\n",
            e.id.0,
            e.date.to_string(),
            short(e.agency),
            e.kind.label(),
            e.summary
        ));
    }
    Ok(s)
}
