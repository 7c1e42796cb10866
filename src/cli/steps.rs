//! `chronolane` commands for the steps a reviewer takes to prepare a case (issue 9), so a
//! review can be made ready for analysis without editing JSON: the scope, the protocol
//! rules (one by one, or read from the terms of reference's table), accepting suggestions,
//! an entry's receiving agency, service level, key risk and kind, links between entries, and
//! areas. Each goes through the same `Session` methods as the app, in one undoable change.

use std::path::PathBuf;

use clap::Subcommand;

use crate::api::Session;
use crate::error::{Error, Result};
use crate::model::*;

/// `chronolane protocol REVIEW ...`.
#[derive(Debug, Subcommand)]
pub enum ProtocolCommand {
    /// List the review's protocol rules.
    List,
    /// Add a rule: the clock starts at an entry of the trigger kind; the response must come
    /// from its receiving agency (or, for a meeting, the agency that recorded it).
    Add {
        /// The rule's name, for example "P2 Strategy discussion within 1 WD".
        #[arg(long)]
        name: String,
        /// The kind of entry that starts the clock (a kind's code or label).
        #[arg(long)]
        trigger: String,
        /// The kinds that count as the response, comma separated (any, when left out).
        #[arg(long, value_delimiter = ',')]
        response: Vec<String>,
        /// The timescale, in working days.
        #[arg(long)]
        days: i32,
        /// Only when the receiving agency is of this sector (a sector's code or label).
        #[arg(long)]
        to_sector: Option<String>,
        /// Only when the trigger carries this tag.
        #[arg(long, default_value = "")]
        tag: String,
    },
    /// Remove a rule by its number (as `list` shows it).
    Remove {
        /// The rule's number.
        id: i64,
    },
    /// Read the rules from a protocol table (Markdown, CSV, XLSX or DOCX), like the terms of
    /// reference's "| P2 | Strategy discussion after ... | within 1 WD of that decision |".
    FromTable {
        /// The file holding the table.
        file: PathBuf,
        /// Remove the review's current rules first (the defaults, say).
        #[arg(long)]
        replace: bool,
    },
}

/// `chronolane link REVIEW ...`.
#[derive(Debug, Subcommand)]
pub enum LinkCommand {
    /// List the links between entries.
    List,
    /// Link two entries: FROM KIND TO, for example `link r.chronolane add 12 responds_to 9`.
    Add {
        /// The entry the link starts from.
        from: i64,
        /// responds_to, acknowledges, transfers_to, duplicate_of, contradicts, escalates,
        /// overrules or related.
        kind: String,
        /// The entry it points to.
        to: i64,
        /// The reviewer's note.
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Change what a link says: ID KIND, for example `link r.chronolane change 3 escalates`.
    Change {
        /// The link's number (as `list` shows it).
        id: i64,
        /// The new kind (as for `add`; not duplicate_of).
        kind: String,
    },
    /// Remove a link by its number (as `list` shows it).
    Remove {
        /// The link's number.
        id: i64,
    },
}

/// `chronolane area REVIEW ...`.
#[derive(Debug, Subcommand)]
pub enum AreaCommand {
    /// List the areas and the agencies in each.
    List,
    /// Add an area (a local authority, say).
    Add {
        /// Its name.
        name: String,
    },
    /// Put an agency in an area (or in none, with --none).
    Set {
        /// The agency, by name or short name.
        agency: String,
        /// The area, by name.
        area: Option<String>,
        /// Take the agency out of its area.
        #[arg(long)]
        none: bool,
    },
}

/// What `chronolane entry` sets on an entry.
#[derive(Debug, Default, clap::Args)]
pub struct EntryEdit {
    /// The receiving agency (by name or short name; "none" to clear).
    #[arg(long, value_name = "AGENCY")]
    pub to: Option<String>,
    /// The level of service asked for or given: no_further_action, universal, early_help,
    /// child_in_need, child_protection (or its label; "none" to clear).
    #[arg(long)]
    pub level: Option<String>,
    /// The key risk information the sender held ("" to clear).
    #[arg(long)]
    pub key_risk: Option<String>,
    /// The entry's kind (a kind's code or label).
    #[arg(long)]
    pub kind: Option<String>,
    /// Whether the child was seen: yes, no or unknown.
    #[arg(long)]
    pub seen: Option<String>,
}

/// Reads a vocabulary value from its code or label, with a message listing the choices.
fn vocab<T: Copy>(
    what: &str,
    text: &str,
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Result<T> {
    let t = text.trim();
    all.iter()
        .find(|v| code(**v).eq_ignore_ascii_case(t) || label(**v).eq_ignore_ascii_case(t))
        .copied()
        .ok_or_else(|| {
            Error::Invalid(format!(
                "'{t}' is not a {what}. Use one of: {}.",
                all.iter().map(|v| code(*v)).collect::<Vec<_>>().join(", ")
            ))
        })
}

fn kind(text: &str) -> Result<EntryKind> {
    vocab(
        "kind of entry",
        text,
        EntryKind::ALL,
        EntryKind::code,
        EntryKind::label,
    )
}

/// The scope a terms-of-reference text states: the first line mentioning "scope" that holds
/// two dd/mm/yyyy dates.
pub fn scope_in_terms(text: &str) -> Option<(chrono::NaiveDate, chrono::NaiveDate)> {
    text.lines()
        .filter(|l| l.to_lowercase().contains("scope"))
        .find_map(|l| {
            let dates: Vec<chrono::NaiveDate> = l
                .split(|c: char| !(c.is_ascii_digit() || c == '/'))
                .filter_map(|w| chrono::NaiveDate::parse_from_str(w, "%d/%m/%Y").ok())
                .collect();
            (dates.len() >= 2).then(|| (dates[0], dates[1]))
        })
}

/// `chronolane scope`: sets (or shows) the review's scope.
pub fn scope(
    s: &mut Session,
    from: Option<String>,
    to: Option<String>,
    from_terms: Option<PathBuf>,
) -> Result<String> {
    let mut review = s.overview()?.review;
    let (start, end) = match (&from_terms, &from, &to) {
        (Some(path), None, None) => {
            let text = std::fs::read_to_string(path).map_err(|e| Error::io("read", path, e))?;
            let (a, b) = scope_in_terms(&text).ok_or_else(|| {
                Error::Invalid(format!(
                    "{} has no line giving the scope as two dates (like 'Scope: 01/09/2022 to \
                     14/08/2023'). Give them with --from and --to.",
                    path.display()
                ))
            })?;
            (Some(a), Some(b))
        }
        (Some(_), _, _) => {
            return Err(Error::Invalid(
                "Give the scope either with --from-terms or with --from and --to, not both.".into(),
            ))
        }
        (None, None, None) => {
            return Ok(format!(
                "Scope: {}\n",
                match (review.scope_start, review.scope_end) {
                    (Some(a), Some(b)) =>
                        format!("{} to {}", crate::dates::uk(a), crate::dates::uk(b)),
                    _ => "not set".into(),
                }
            ))
        }
        (None, f, t) => (
            f.as_deref()
                .map(super::text::parse_uk_day)
                .transpose()?
                .or(review.scope_start),
            t.as_deref()
                .map(super::text::parse_uk_day)
                .transpose()?
                .or(review.scope_end),
        ),
    };
    if let (Some(a), Some(b)) = (start, end) {
        if b < a {
            return Err(Error::Invalid(format!(
                "The scope ends ({}) before it starts ({}): nothing was changed.",
                crate::dates::uk(b),
                crate::dates::uk(a)
            )));
        }
    }
    review.scope_start = start;
    review.scope_end = end;
    s.update_review(review)?;
    Ok(format!(
        "Scope set: {} to {}.\n",
        start.map(crate::dates::uk).unwrap_or_else(|| "open".into()),
        end.map(crate::dates::uk).unwrap_or_else(|| "open".into())
    ))
}

fn rule_line(r: &ProtocolRule) -> String {
    format!(
        "{:>4}  {}  [{} -> {}{}{} within {} WD]{}\n",
        r.id.0,
        r.name,
        r.trigger_kind.code(),
        if r.response_kinds.is_empty() {
            "any".to_string()
        } else {
            r.response_kinds
                .iter()
                .map(|k| k.code())
                .collect::<Vec<_>>()
                .join("|")
        },
        r.to_sector
            .map(|s| format!(" by {}", s.code()))
            .unwrap_or_default(),
        if r.trigger_tag.is_empty() {
            String::new()
        } else {
            format!(" (tag {})", r.trigger_tag)
        },
        r.working_days,
        if r.enabled { "" } else { " (off)" }
    )
}

/// `chronolane protocol`.
pub fn protocol(s: &mut Session, command: ProtocolCommand) -> Result<String> {
    match command {
        ProtocolCommand::List => {
            let rules = s.protocol_rules()?;
            if rules.is_empty() {
                return Ok("No protocol rules.\n".into());
            }
            Ok(rules.iter().map(rule_line).collect())
        }
        ProtocolCommand::Add {
            name,
            trigger,
            response,
            days,
            to_sector,
            tag,
        } => {
            if name.trim().is_empty() {
                return Err(Error::Invalid("Give the rule a name (--name).".into()));
            }
            if days < 0 {
                return Err(Error::Invalid(format!(
                    "{days} is not a timescale: give the working days as 0 or more."
                )));
            }
            let rule = ProtocolRule {
                id: ProtocolRuleId(0),
                name: name.trim().to_string(),
                trigger_kind: kind(&trigger)?,
                to_sector: to_sector
                    .as_deref()
                    .map(|t| vocab("sector", t, Sector::ALL, Sector::code, Sector::label))
                    .transpose()?,
                trigger_tag: tag.trim().to_lowercase(),
                response_kinds: response.iter().map(|k| kind(k)).collect::<Result<_>>()?,
                working_days: days,
                enabled: true,
            };
            let rules = s.save_protocol_rule(rule)?;
            Ok(format!(
                "Added:\n{}",
                rules.last().map(rule_line).unwrap_or_default()
            ))
        }
        ProtocolCommand::Remove { id } => {
            s.delete_protocol_rule(ProtocolRuleId(id))?;
            Ok(format!("Removed protocol rule {id}.\n"))
        }
        ProtocolCommand::FromTable { file, replace } => {
            let read = s.read_protocol_rules(&file, replace)?;
            let n = read.added.len();
            let mut out = format!(
                "Read {n} protocol rule{} from {}{}:\n",
                if n == 1 { "" } else { "s" },
                file.display(),
                if replace {
                    format!(" (replacing {})", read.replaced)
                } else {
                    String::new()
                }
            );
            for r in &read.added {
                out.push_str(&rule_line(r));
            }
            for why in &read.not_read {
                out.push_str(&format!("  not read: {why}\n"));
            }
            Ok(out)
        }
    }
}

/// `chronolane accept`: accepts the suggested kinds and receiving agencies.
pub fn accept(s: &mut Session, all: bool, entries: Vec<i64>) -> Result<String> {
    let ids: Vec<EntryId> = if all {
        s.entries()?
            .into_iter()
            .filter(|e| e.suggested_kind.is_some() || !e.suggested_to_agencies.is_empty())
            .map(|e| e.id)
            .collect()
    } else if entries.is_empty() {
        return Err(Error::Invalid(
            "Say which suggestions to accept: --all, or --entry N (repeatable).".into(),
        ));
    } else {
        entries.into_iter().map(EntryId).collect()
    };
    if ids.is_empty() {
        return Ok("No suggestions to accept.\n".into());
    }
    let n = ids.len();
    s.accept_suggestions(ids)?;
    Ok(format!(
        "Accepted the suggestions on {n} entr{}.\n",
        if n == 1 { "y" } else { "ies" }
    ))
}

/// `chronolane entry`: sets an entry's receiving agency, service level, key risk, kind or
/// whether the child was seen.
pub fn edit_entry(s: &mut Session, id: i64, edit: EntryEdit) -> Result<String> {
    let mut e = s.entry(EntryId(id))?;
    let mut changed = Vec::new();
    if let Some(to) = &edit.to {
        e.to_agencies = Vec::new();
        if !to.trim().eq_ignore_ascii_case("none") {
            // Several receiving agencies are separated by ";" ("Police; Health visiting").
            for name in to.split(';').map(str::trim).filter(|n| !n.is_empty()) {
                let a = s.agency_named(name)?;
                if a.id == e.agency {
                    return Err(Error::Invalid(format!(
                        "Entry {id} is {}'s own record: a receiving agency must be another agency.",
                        a.name
                    )));
                }
                if !e.to_agencies.contains(&a.id) {
                    e.to_agencies.push(a.id);
                }
            }
        }
        e.suggested_to_agencies.clear();
        changed.push(if e.to_agencies.len() > 1 {
            "receiving agencies"
        } else {
            "receiving agency"
        });
    }
    if let Some(level) = &edit.level {
        e.service_level = if level.trim().eq_ignore_ascii_case("none") {
            None
        } else {
            Some(vocab(
                "service level",
                level,
                ServiceLevel::ALL,
                ServiceLevel::code,
                ServiceLevel::label,
            )?)
        };
        changed.push("service level");
    }
    if let Some(risk) = &edit.key_risk {
        e.key_risk = risk.trim().to_string();
        changed.push("key risk");
    }
    if let Some(k) = &edit.kind {
        e.kind = kind(k)?;
        e.suggested_kind = None;
        changed.push("kind");
    }
    if let Some(seen) = &edit.seen {
        e.child_seen = vocab(
            "value for seen (yes, no or unknown)",
            seen,
            ChildSeen::ALL,
            ChildSeen::code,
            ChildSeen::label,
        )?;
        changed.push("seen");
    }
    if changed.is_empty() {
        return Err(Error::Invalid(
            "Nothing to change: give --to, --level, --key-risk, --kind or --seen.".into(),
        ));
    }
    s.update_entry(e)?;
    Ok(format!("Entry {id}: set {}.\n", changed.join(", ")))
}

/// A kind of link as written on the command line (its code or its label).
fn link_kind(written: &str) -> Result<LinkKind> {
    vocab(
        "kind of link",
        written,
        LinkKind::ALL,
        LinkKind::code,
        LinkKind::label,
    )
}

/// `chronolane link`.
pub fn link(s: &mut Session, command: LinkCommand) -> Result<String> {
    match command {
        LinkCommand::List => {
            let links = s.links()?;
            if links.is_empty() {
                return Ok("No links.\n".into());
            }
            Ok(links
                .iter()
                .map(|l| {
                    format!(
                        "{:>4}  entry {} {} entry {}{}\n",
                        l.id.0,
                        l.from.0,
                        l.kind.label(),
                        l.to.0,
                        if l.note.is_empty() {
                            String::new()
                        } else {
                            format!(" ({})", l.note)
                        }
                    )
                })
                .collect())
        }
        LinkCommand::Add {
            from,
            kind: k,
            to,
            note,
        } => {
            let kind = link_kind(&k)?;
            let link = Link {
                id: LinkId(0),
                from: EntryId(from),
                to: EntryId(to),
                kind,
                note: note.trim().to_string(),
            };
            let link = s.add_link(link)?;
            Ok(format!(
                "Link {}: entry {from} {} entry {to}.\n",
                link.id.0,
                kind.label()
            ))
        }
        LinkCommand::Change { id, kind: k } => {
            let kind = link_kind(&k)?;
            let link = s.change_link(LinkId(id), kind)?;
            Ok(format!(
                "Link {id}: entry {} {} entry {}.\n",
                link.from.0,
                kind.label(),
                link.to.0
            ))
        }
        LinkCommand::Remove { id } => {
            s.delete_link(LinkId(id))?;
            Ok(format!("Removed link {id}.\n"))
        }
    }
}

/// `chronolane area`.
pub fn area(s: &mut Session, command: AreaCommand) -> Result<String> {
    match command {
        AreaCommand::List => {
            let o = s.overview()?;
            if o.areas.is_empty() {
                return Ok("No areas.\n".into());
            }
            Ok(o.areas
                .iter()
                .map(|a| {
                    let members: Vec<&str> = o
                        .agencies
                        .iter()
                        .filter(|g| g.area == Some(a.id))
                        .map(|g| g.name.as_str())
                        .collect();
                    format!("{}: {}\n", a.name, members.join(", "))
                })
                .collect())
        }
        AreaCommand::Add { name } => {
            if name.trim().is_empty() {
                return Err(Error::Invalid("Give the area a name.".into()));
            }
            s.add_area(name.clone())?;
            Ok(format!("Added area {}.\n", name.trim()))
        }
        AreaCommand::Set { agency, area, none } => {
            let mut a = s.agency_named(&agency)?;
            a.area = match (area, none) {
                (_, true) => None,
                (Some(name), false) => {
                    let areas = s.overview()?.areas;
                    Some(
                        areas
                            .iter()
                            .find(|x| x.name.eq_ignore_ascii_case(name.trim()))
                            .map(|x| x.id)
                            .ok_or_else(|| {
                                Error::Missing(format!(
                                    "No area is called '{}': add it first (chronolane area \
                                     REVIEW add NAME).",
                                    name.trim()
                                ))
                            })?,
                    )
                }
                (None, false) => {
                    return Err(Error::Invalid(
                        "Name the area, or give --none to take the agency out of its area.".into(),
                    ))
                }
            };
            let name = a.name.clone();
            s.update_agency(a)?;
            Ok(format!("{name}: area set.\n"))
        }
    }
}
