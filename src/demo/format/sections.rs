//! Reading each section's records and rows into the review as the parser goes.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;

use super::*;
use crate::json::ReviewData;

impl<'a> Parser<'a> {
    pub(super) fn finish_record(
        &mut self,
        section: Section,
        record: Option<Record<'a>>,
        in_entry: bool,
    ) -> Parsed<()> {
        let Some(record) = record else { return Ok(()) };
        match section {
            Section::Review => {
                if self.review.is_some() {
                    return err(record.line, "the file has two [review] sections");
                }
                self.review = Some(record);
            }
            Section::Kpe => self.kpes.push(record),
            Section::Finding => self.findings.push(record),
            Section::Chronology if in_entry => {
                self.blocks
                    .last_mut()
                    .expect("a chronology section has a block")
                    .entries
                    .push(record);
            }
            _ => {}
        }
        Ok(())
    }

    pub(super) fn data(&mut self) -> &mut ReviewData {
        self.data.as_mut().expect("data is present until build")
    }

    pub(super) fn area_row(&mut self, line: &str, n: usize) -> Parsed<()> {
        let c = columns(line, 2, "id | name", n)?;
        let id = AreaId(number(c[0], "an area id", n)?);
        if self.data().areas.iter().any(|a| a.id == id) {
            return err(n, format!("area id {id} is used twice"));
        }
        let position = self.data().areas.len() as i32;
        self.area_names.insert(c[1].to_string(), id);
        self.data().areas.push(Area {
            id,
            name: c[1].to_string(),
            position,
        });
        Ok(())
    }

    pub(super) fn agency_row(&mut self, line: &str, n: usize) -> Parsed<()> {
        let c = columns(
            line,
            7,
            "key | id | name | short name | sector | area | colour",
            n,
        )?;
        let id = AgencyId(number(c[1], "an agency id", n)?);
        if self.data().agencies.iter().any(|a| a.id == id) {
            return err(n, format!("agency id {id} is used twice"));
        }
        if self.agency_keys.contains_key(c[0]) {
            return err(n, format!("agency key '{}' is used twice", c[0]));
        }
        let sector = vocab!(Sector, "a sector", c[4], n)?;
        let area = match c[5] {
            "-" | "" => None,
            name => Some(*self.area_names.get(name).ok_or_else(|| CaseError {
                line: n,
                message: format!("'{name}' is not an area listed in [areas] above"),
            })?),
        };
        let colour = c[6].to_ascii_lowercase();
        let b = colour.as_bytes();
        if b.len() != 7 || b[0] != b'#' || !b[1..].iter().all(u8::is_ascii_hexdigit) {
            return err(n, format!("'{}' is not a colour written as #1f77b4", c[6]));
        }
        let lane_order = self.data().agencies.len() as i32;
        self.agency_keys.insert(c[0].to_string(), id);
        self.data().agencies.push(Agency {
            id,
            name: c[2].to_string(),
            short_name: c[3].to_string(),
            sector,
            area,
            lane_order,
            colour,
        });
        Ok(())
    }

    pub(super) fn agency(&self, key: &str, n: usize) -> Parsed<AgencyId> {
        self.agency_keys
            .get(key.trim())
            .copied()
            .ok_or_else(|| CaseError {
                line: n,
                message: format!("'{}' is not an agency key listed in [agencies]", key.trim()),
            })
    }

    /// One or several agency keys, separated by ";" (an entry sent to several agencies).
    pub(super) fn agencies(&self, keys: &str, n: usize) -> Parsed<Vec<AgencyId>> {
        keys.split(';')
            .filter(|k| !k.trim().is_empty())
            .map(|k| self.agency(k, n))
            .collect()
    }

    pub(super) fn person_row(&mut self, line: &str, n: usize) -> Parsed<()> {
        let c = columns(
            line,
            8,
            "id | label | real name | aliases | role | kind | agency | date of birth",
            n,
        )?;
        let id = PersonId(number(c[0], "a person id", n)?);
        if self.data().people.iter().any(|p| p.id == id) {
            return err(n, format!("person id {id} is used twice"));
        }
        if self.people_labels.contains_key(c[1]) {
            return err(n, format!("the label '{}' is used twice", c[1]));
        }
        let kind = vocab!(PersonKind, "a kind of person", c[5], n)?;
        let agency = match c[6] {
            "-" | "" => None,
            key => Some(self.agency(key, n)?),
        };
        let person = Person {
            id,
            label: c[1].to_string(),
            real_name: match c[2] {
                "-" | "" => None,
                name => Some(name.to_string()),
            },
            aliases: c[3]
                .split(',')
                .map(str::trim)
                .filter(|a| !a.is_empty() && *a != "-")
                .map(String::from)
                .collect(),
            role: c[4].to_string(),
            kind,
            agency,
            date_of_birth: optional_day(c[7], n)?,
        };
        self.people_labels.insert(person.label.clone(), id);
        self.data().people.push(person);
        Ok(())
    }

    pub(super) fn link_row(&mut self, line: &str, n: usize) -> Parsed<()> {
        let c = columns(line, 5, "id | from | kind | to | note", n)?;
        let id = LinkId(number(c[0], "a link id", n)?);
        if self.links.iter().any(|l| l.1 == id) {
            return err(n, format!("link id {id} is used twice"));
        }
        let kind = vocab!(LinkKind, "a kind of link", c[2], n)?;
        let one = |t: &str| -> Parsed<EntryRef> {
            let refs = entry_refs(t, n);
            match refs.as_slice() {
                [r] => Ok(r.clone()),
                _ => err(n, format!("expected one entry, found '{t}'")),
            }
        };
        let (from, to) = (one(c[1])?, one(c[3])?);
        self.links.push((n, id, from, kind, to, c[4].to_string()));
        Ok(())
    }

    pub(super) fn marker_row(&mut self, section: Section, line: &'a str, n: usize) -> Parsed<()> {
        if line.starts_with(' ') {
            return err(n, "write each row on one line (notes cannot be continued)");
        }
        let c = columns(line, 4, "kind | variant | entries | note", n)?;
        let kind = vocab!(FlagKind, "a kind of flag", c[0], n)?;
        let refs = entry_refs(c[2], n);
        if refs.is_empty() {
            return err(n, "a marker needs at least one entry");
        }
        if c[1].is_empty() || c[3].is_empty() {
            return err(n, "a marker needs a variant and a note");
        }
        let row = (n, kind, c[1], refs, c[3]);
        if section == Section::Planted {
            self.planted.push(row);
        } else {
            self.near_misses.push(row);
        }
        Ok(())
    }

    pub(super) fn duplicate_row(&mut self, line: &'a str, n: usize) -> Parsed<()> {
        if line.starts_with(' ') {
            return err(n, "write each row on one line (notes cannot be continued)");
        }
        let c = columns(line, 4, "entry | entry | linked or unlinked | note", n)?;
        let linked = match c[2] {
            "linked" => true,
            "unlinked" => false,
            other => return err(n, format!("'{other}' should be 'linked' or 'unlinked'")),
        };
        let one = |t: &str| -> Parsed<EntryRef> {
            match entry_refs(t, n).as_slice() {
                [r] => Ok(r.clone()),
                _ => err(n, format!("expected one entry, found '{t}'")),
            }
        };
        self.duplicates
            .push((n, one(c[0])?, one(c[1])?, linked, c[3]));
        Ok(())
    }

    pub(super) fn people_field(
        &self,
        f: &Field<'_>,
        involvement: Involvement,
    ) -> Parsed<Vec<EntryPerson>> {
        f.value
            .split(',')
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|label| {
                self.people_labels
                    .get(label)
                    .map(|&person| EntryPerson {
                        person,
                        involvement,
                    })
                    .ok_or_else(|| CaseError {
                        line: f.line,
                        message: format!("'{label}' is not a label listed in [people]"),
                    })
            })
            .collect()
    }

    pub(super) fn build(mut self, text: &'a str) -> Parsed<CaseFile<'a>> {
        let mut data = self.data.take().expect("data is present until build");
        let review = self.review.take().ok_or(CaseError {
            line: 1,
            message: "the file has no [review] section".into(),
        })?;
        data.review = build_review(&review)?;

        let mut labels: BTreeMap<String, EntryId> = BTreeMap::new();
        let mut label_lines: HashMap<EntryId, usize> = HashMap::new();
        for block in &self.blocks {
            let source = build_source(
                block,
                text,
                self.agency(block.agency_key, block.record.line)?,
            )?;
            let table = block
                .record
                .get("table")
                .map(|f| f.value.clone())
                .unwrap_or_else(|| "Table 1".into());
            for (row, rec) in block.entries.iter().enumerate() {
                let (entry, label) = self.build_entry(rec, source.id, &source, &table, row + 1)?;
                if let Some(&earlier) = label_lines.get(&entry.id) {
                    return err(
                        rec.line,
                        format!("entry id {} is already used on line {earlier}", entry.id),
                    );
                }
                label_lines.insert(entry.id, rec.line);
                if let Some(label) = label {
                    if labels.insert(label.to_string(), entry.id).is_some() {
                        return err(rec.line, format!("the label '@{label}' is used twice"));
                    }
                }
                data.entries.push(entry);
            }
            if data.sources.iter().any(|s| s.id == source.id) {
                return err(
                    block.record.line,
                    format!("source id {} is used twice", source.id),
                );
            }
            data.sources.push(source);
        }

        let ids: BTreeSet<EntryId> = data.entries.iter().map(|e| e.id).collect();
        let resolve = |r: &EntryRef| -> Parsed<EntryId> {
            let id = match r.text.strip_prefix('@') {
                Some(label) => *labels.get(label).ok_or_else(|| CaseError {
                    line: r.line,
                    message: format!("'@{label}' is not the label of any entry"),
                })?,
                None => EntryId(number(
                    &r.text,
                    "an entry (write @label or its number)",
                    r.line,
                )?),
            };
            if ids.contains(&id) {
                Ok(id)
            } else {
                err(r.line, format!("there is no entry {id}"))
            }
        };
        let resolve_all = |refs: &[EntryRef]| -> Parsed<Vec<EntryId>> {
            let mut out = Vec::new();
            for r in refs {
                let id = resolve(r)?;
                if out.contains(&id) {
                    return err(r.line, format!("entry {} is listed twice", r.text));
                }
                out.push(id);
            }
            Ok(out)
        };

        let mut seen_links = BTreeSet::new();
        for (line, id, from, kind, to, note) in &self.links {
            let (from, to) = (resolve(from)?, resolve(to)?);
            if from == to {
                return err(*line, "an entry cannot be linked to itself");
            }
            if !seen_links.insert((from, to, *kind)) {
                return err(*line, "the same link is given twice");
            }
            data.links.push(Link {
                id: *id,
                from,
                to,
                kind: *kind,
                note: note.clone(),
            });
        }

        for rec in &self.kpes {
            let kpe = build_kpe(rec, &resolve_all)?;
            if data.kpes.iter().any(|k| k.id == kpe.id) {
                return err(rec.line, format!("KPE id {} is used twice", kpe.id));
            }
            data.kpes.push(kpe);
        }
        for rec in &self.findings {
            let finding = build_finding(rec, &resolve_all, &data.kpes)?;
            if data.findings.iter().any(|f| f.id == finding.id) {
                return err(rec.line, format!("finding id {} is used twice", finding.id));
            }
            data.findings.push(finding);
        }

        let markers = |rows: &[(usize, FlagKind, &'a str, Vec<EntryRef>, &'a str)]| {
            rows.iter()
                .map(|(line, kind, variant, refs, note)| {
                    Ok(Marker {
                        kind: *kind,
                        variant,
                        entries: resolve_all(refs)?,
                        note,
                        line: *line,
                    })
                })
                .collect::<Parsed<Vec<_>>>()
        };
        let planted = markers(&self.planted)?;
        let near_misses = markers(&self.near_misses)?;
        let duplicates = self
            .duplicates
            .iter()
            .map(|(line, a, b, linked, note)| {
                let (a, b) = (resolve(a)?, resolve(b)?);
                let has_link = data.links.iter().any(|l| {
                    l.kind == LinkKind::DuplicateOf
                        && ((l.from == a && l.to == b) || (l.from == b && l.to == a))
                });
                if has_link != *linked {
                    return err(
                        *line,
                        if *linked {
                            "marked 'linked' but there is no duplicate_of link between them"
                        } else {
                            "marked 'unlinked' but a duplicate_of link joins them"
                        },
                    );
                }
                Ok(Duplicate {
                    a,
                    b,
                    linked: *linked,
                    note,
                })
            })
            .collect::<Parsed<Vec<_>>>()?;

        normalise(&mut data);
        Ok(CaseFile {
            data,
            planted,
            near_misses,
            duplicates,
            labels,
        })
    }

    pub(super) fn build_entry(
        &self,
        rec: &Record<'a>,
        source_id: SourceId,
        source: &SourceDocument,
        table: &str,
        row: usize,
    ) -> Parsed<(Entry, Option<&'a str>)> {
        let n = rec.line;
        let c = columns(rec.header, 3, "id [@label] | date | kind", n)?;
        let mut head = c[0].split_whitespace();
        let id = EntryId(number(head.next().unwrap_or(""), "an entry id", n)?);
        let label =
            match head.next() {
                Some(l) => Some(l.strip_prefix('@').filter(|l| !l.is_empty()).ok_or_else(
                    || CaseError {
                        line: n,
                        message: format!("'{l}' should be a label starting with '@'"),
                    },
                )?),
                None => None,
            };
        if let Some(extra) = head.next() {
            return err(
                n,
                format!("unexpected '{extra}' after the entry's id and label"),
            );
        }
        let date = parse_date(c[1]).or_else(|m| err(n, m))?;
        let kind = vocab!(EntryKind, "an entry kind", c[2], n)?;
        rec.check_keys(
            &[
                "summary",
                "detail",
                "outcome",
                "comment",
                "seen",
                "to",
                "level",
                "risk",
                "by",
                "with",
                "about",
                "mentions",
                "as written",
                "tags",
                "recorded",
                "seq",
                "ends",
                "row",
                "written",
                "suggested kind",
                "suggested to",
            ],
            "an entry",
            &[],
        )?;
        let summary = rec.required("summary", "an entry")?.value.clone();
        let mut people = Vec::new();
        for (key, involvement) in [
            ("by", Involvement::Author),
            ("with", Involvement::Present),
            ("about", Involvement::Subject),
            ("mentions", Involvement::Mentioned),
        ] {
            if let Some(f) = rec.get(key) {
                for p in self.people_field(f, involvement)? {
                    if people.contains(&p) {
                        return err(f.line, "a person is listed twice with the same role");
                    }
                    people.push(p);
                }
            }
        }
        let mut tags: Vec<String> = match rec.get("tags") {
            Some(f) => f
                .value
                .split(',')
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
                .collect(),
            None => Vec::new(),
        };
        if let Some(f) = rec.get("tags") {
            if tags.iter().any(|t| *t != t.to_lowercase()) {
                return err(f.line, "tags are written in lower case");
            }
        }
        tags.sort();
        tags.dedup();
        let field_day = |key: &str| -> Parsed<Option<NaiveDate>> {
            match rec.get(key) {
                Some(f) => plain_day(&f.value, f.line).map(Some),
                None => Ok(None),
            }
        };
        let ends_on = field_day("ends")?;
        let entry = Entry {
            id,
            date,
            date_as_written: rec
                .get("written")
                .map(|f| f.value.clone())
                .unwrap_or_else(|| date.to_string()),
            ends_on,
            recorded_on: field_day("recorded")?,
            sequence: match rec.get("seq") {
                Some(f) => number(&f.value, "a sequence number", f.line)?,
                None => 0,
            },
            agency: source.agency.expect("chronology sources have an agency"),
            kind,
            suggested_kind: match rec.get("suggested kind") {
                Some(f) => Some(vocab!(EntryKind, "an entry kind", &f.value, f.line)?),
                None => None,
            },
            summary,
            detail: rec.text("detail"),
            outcome: rec.text("outcome"),
            comment: rec.text("comment"),
            agency_comment: String::new(),
            child_seen: match rec.get("seen") {
                Some(f) => vocab!(ChildSeen, "a child-seen value", &f.value, f.line)?,
                None => ChildSeen::Unknown,
            },
            to_agencies: match rec.get("to") {
                Some(f) => self.agencies(&f.value, f.line)?,
                None => Vec::new(),
            },
            suggested_to_agencies: match rec.get("suggested to") {
                Some(f) => self.agencies(&f.value, f.line)?,
                None => Vec::new(),
            },
            service_level: match rec.get("level") {
                Some(f) => Some(vocab!(ServiceLevel, "a service level", &f.value, f.line)?),
                None => None,
            },
            key_risk: rec.text("risk"),
            practitioner_as_written: rec.text("as written"),
            source: Some(SourceRef {
                document: source_id,
                location: rec
                    .get("row")
                    .map(|f| f.value.clone())
                    .unwrap_or_else(|| format!("{table}, row {row}")),
            }),
            tags,
            people,
        };
        if let Err(invalid) = entry.validate() {
            return err(n, invalid.to_string());
        }
        Ok((entry, label))
    }
}
