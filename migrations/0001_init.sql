-- Chronolane review file, schema 1: the whole domain of shared/DOMAIN.md.
-- Append-only: never edit a released migration; add 0002_... instead.
-- Enumerated values are stored as the codes defined in src/model.rs and checked here so a
-- file edited by another tool cannot hold a value the application does not know.

CREATE TABLE review (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    title           TEXT NOT NULL,
    subject         TEXT NOT NULL,
    method          TEXT NOT NULL,
    commissioned_by TEXT NOT NULL DEFAULT '',
    scope_start     TEXT,
    scope_end       TEXT,
    notes           TEXT NOT NULL DEFAULT '',
    -- Analysis parameters as JSON (see analysis::AnalysisSettings); defaults when empty.
    analysis_settings TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE area (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE agency (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    short_name TEXT NOT NULL,
    sector     TEXT NOT NULL,
    area_id    INTEGER REFERENCES area(id) ON DELETE SET NULL,
    lane_order INTEGER NOT NULL DEFAULT 0,
    colour     TEXT NOT NULL DEFAULT '#5b6b7f'
);

CREATE TABLE person (
    id            INTEGER PRIMARY KEY,
    label         TEXT NOT NULL,
    real_name     TEXT,
    aliases       TEXT NOT NULL DEFAULT '[]', -- JSON array of strings
    role          TEXT NOT NULL DEFAULT '',
    kind          TEXT NOT NULL CHECK (kind IN ('family', 'practitioner', 'other')),
    agency_id     INTEGER REFERENCES agency(id) ON DELETE SET NULL,
    date_of_birth TEXT
);

CREATE TABLE source_document (
    id           INTEGER PRIMARY KEY,
    file_name    TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    agency_id    INTEGER REFERENCES agency(id) ON DELETE SET NULL,
    received_on  TEXT,
    imported_at  TEXT NOT NULL,
    notes        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX source_document_hash ON source_document(content_hash);

CREATE TABLE entry (
    id                     INTEGER PRIMARY KEY,
    date_precision         TEXT NOT NULL CHECK (date_precision IN
                               ('time', 'day', 'range', 'part_of_month', 'month', 'season', 'year')),
    date_start             TEXT NOT NULL, -- ISO yyyy-mm-dd
    date_end               TEXT NOT NULL CHECK (date_end >= date_start),
    date_time              TEXT,          -- hh:mm:ss, only with precision 'time'
    date_approximate       INTEGER NOT NULL DEFAULT 0 CHECK (date_approximate IN (0, 1)),
    date_as_written        TEXT NOT NULL DEFAULT '',
    ends_on                TEXT,
    recorded_on            TEXT,
    sequence               INTEGER NOT NULL DEFAULT 0,
    agency_id              INTEGER NOT NULL REFERENCES agency(id),
    kind                   TEXT NOT NULL,
    suggested_kind         TEXT,
    summary                TEXT NOT NULL DEFAULT '',
    detail                 TEXT NOT NULL DEFAULT '',
    outcome                TEXT NOT NULL DEFAULT '',
    comment                TEXT NOT NULL DEFAULT '',
    child_seen             TEXT NOT NULL DEFAULT 'unknown' CHECK (child_seen IN ('yes', 'no', 'unknown')),
    to_agency_id           INTEGER REFERENCES agency(id) ON DELETE SET NULL,
    suggested_to_agency_id INTEGER REFERENCES agency(id) ON DELETE SET NULL,
    service_level          TEXT,
    key_risk               TEXT NOT NULL DEFAULT '',
    practitioner_as_written TEXT NOT NULL DEFAULT '',
    source_id              INTEGER REFERENCES source_document(id) ON DELETE SET NULL,
    source_location        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX entry_order ON entry(date_start, date_time, sequence, id);
CREATE INDEX entry_agency ON entry(agency_id);
CREATE INDEX entry_source ON entry(source_id);

CREATE TABLE entry_tag (
    entry_id INTEGER NOT NULL REFERENCES entry(id) ON DELETE CASCADE,
    tag      TEXT NOT NULL,
    PRIMARY KEY (entry_id, tag)
);

CREATE TABLE entry_person (
    entry_id    INTEGER NOT NULL REFERENCES entry(id) ON DELETE CASCADE,
    person_id   INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    involvement TEXT NOT NULL CHECK (involvement IN ('author', 'subject', 'present', 'mentioned')),
    PRIMARY KEY (entry_id, person_id, involvement)
);
CREATE INDEX entry_person_person ON entry_person(person_id);

CREATE TABLE link (
    id            INTEGER PRIMARY KEY,
    from_entry_id INTEGER NOT NULL REFERENCES entry(id) ON DELETE CASCADE,
    to_entry_id   INTEGER NOT NULL REFERENCES entry(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL,
    note          TEXT NOT NULL DEFAULT '',
    CHECK (from_entry_id <> to_entry_id),
    UNIQUE (from_entry_id, to_entry_id, kind)
);
CREATE INDEX link_to ON link(to_entry_id);

CREATE TABLE kpe (
    id               INTEGER PRIMARY KEY,
    number           INTEGER NOT NULL,
    title            TEXT NOT NULL,
    starts_on        TEXT NOT NULL,
    ends_on          TEXT NOT NULL CHECK (ends_on >= starts_on),
    what_happened    TEXT NOT NULL DEFAULT '',
    appraisal_grade  TEXT,
    appraisal        TEXT NOT NULL DEFAULT '',
    view_from_tunnel TEXT NOT NULL DEFAULT '',
    what_went_well   TEXT NOT NULL DEFAULT ''
);

CREATE TABLE kpe_entry (
    kpe_id   INTEGER NOT NULL REFERENCES kpe(id) ON DELETE CASCADE,
    entry_id INTEGER NOT NULL REFERENCES entry(id) ON DELETE CASCADE,
    PRIMARY KEY (kpe_id, entry_id)
);
CREATE INDEX kpe_entry_entry ON kpe_entry(entry_id);

CREATE TABLE kpe_factor (
    id       INTEGER PRIMARY KEY,
    kpe_id   INTEGER NOT NULL REFERENCES kpe(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    factor   TEXT NOT NULL,
    note     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX kpe_factor_kpe ON kpe_factor(kpe_id, position);

CREATE TABLE finding (
    id                  INTEGER PRIMARY KEY,
    number              INTEGER NOT NULL,
    statement           TEXT NOT NULL,
    category            TEXT NOT NULL,
    manifestation       TEXT NOT NULL DEFAULT '',
    evidence_underlying TEXT NOT NULL DEFAULT '',
    how_widespread      TEXT NOT NULL DEFAULT '',
    implications        TEXT NOT NULL DEFAULT ''
);

CREATE TABLE finding_kpe (
    finding_id INTEGER NOT NULL REFERENCES finding(id) ON DELETE CASCADE,
    kpe_id     INTEGER NOT NULL REFERENCES kpe(id) ON DELETE CASCADE,
    PRIMARY KEY (finding_id, kpe_id)
);

CREATE TABLE finding_entry (
    finding_id INTEGER NOT NULL REFERENCES finding(id) ON DELETE CASCADE,
    entry_id   INTEGER NOT NULL REFERENCES entry(id) ON DELETE CASCADE,
    PRIMARY KEY (finding_id, entry_id)
);

CREATE TABLE board_question (
    id         INTEGER PRIMARY KEY,
    finding_id INTEGER NOT NULL REFERENCES finding(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    question   TEXT NOT NULL
);
CREATE INDEX board_question_finding ON board_question(finding_id, position);

CREATE TABLE flag (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL,
    rule            TEXT NOT NULL,
    identity        TEXT NOT NULL UNIQUE,
    evidence_digest TEXT NOT NULL,
    explanation     TEXT NOT NULL,
    severity        TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high')),
    inferred        INTEGER NOT NULL DEFAULT 0 CHECK (inferred IN (0, 1)),
    starts_on       TEXT NOT NULL,
    ends_on         TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'confirmed', 'dismissed')),
    rationale       TEXT NOT NULL DEFAULT '',
    kpe_id          INTEGER REFERENCES kpe(id) ON DELETE SET NULL,
    current         INTEGER NOT NULL DEFAULT 1 CHECK (current IN (0, 1))
);

-- Evidence is kept by entry id without a foreign key: a flag outlives an edit to its evidence
-- (it is then marked not current), and its identity must not change when an entry is deleted.
CREATE TABLE flag_evidence (
    flag_id  INTEGER NOT NULL REFERENCES flag(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    entry_id INTEGER NOT NULL,
    PRIMARY KEY (flag_id, position)
);

CREATE TABLE protocol_rule (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL,
    trigger_kind   TEXT NOT NULL,
    to_sector      TEXT,
    trigger_tag    TEXT NOT NULL DEFAULT '',
    response_kinds TEXT NOT NULL DEFAULT '[]', -- JSON array of entry kind codes
    working_days   INTEGER NOT NULL CHECK (working_days >= 0),
    enabled        INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1))
);

-- Mappings of an agency's column headings to entry fields, remembered for the next import.
CREATE TABLE column_mapping (
    id        INTEGER PRIMARY KEY,
    agency_id INTEGER REFERENCES agency(id) ON DELETE CASCADE,
    name      TEXT NOT NULL,
    mapping   TEXT NOT NULL -- JSON
);

-- The audit log. A change set is one action of the reviewer (an edit, an import, an undo);
-- each audit row is one row changed by it, with the row before and after as JSON.
CREATE TABLE change_set (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    action    TEXT NOT NULL,
    -- 'edit' (undoable), 'undo', 'redo' or 'system' (not undoable, such as opening a file).
    kind      TEXT NOT NULL DEFAULT 'edit' CHECK (kind IN ('edit', 'undo', 'redo', 'system')),
    -- For undo/redo: the change set undone or redone.
    target_id INTEGER REFERENCES change_set(id),
    -- For 'edit' change sets: 'done', 'undone' (can be redone) or 'abandoned' (undone, then
    -- superseded by a new edit, so it can no longer be redone).
    state     TEXT NOT NULL DEFAULT 'done' CHECK (state IN ('done', 'undone', 'abandoned'))
);

CREATE TABLE audit (
    id            INTEGER PRIMARY KEY,
    change_set_id INTEGER NOT NULL REFERENCES change_set(id),
    tbl           TEXT NOT NULL,
    row_id        INTEGER NOT NULL,
    operation     TEXT NOT NULL CHECK (operation IN ('insert', 'update', 'delete')),
    before        TEXT, -- JSON object of the row, NULL for an insert
    after         TEXT  -- JSON object of the row, NULL for a delete
);
CREATE INDEX audit_change_set ON audit(change_set_id);

-- Full-text search over entries, kept in step by triggers.
CREATE VIRTUAL TABLE entry_fts USING fts5(
    summary, detail, outcome, comment, practitioner_as_written,
    content = 'entry', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER entry_fts_insert AFTER INSERT ON entry BEGIN
    INSERT INTO entry_fts(rowid, summary, detail, outcome, comment, practitioner_as_written)
    VALUES (new.id, new.summary, new.detail, new.outcome, new.comment, new.practitioner_as_written);
END;
CREATE TRIGGER entry_fts_delete AFTER DELETE ON entry BEGIN
    INSERT INTO entry_fts(entry_fts, rowid, summary, detail, outcome, comment, practitioner_as_written)
    VALUES ('delete', old.id, old.summary, old.detail, old.outcome, old.comment, old.practitioner_as_written);
END;
CREATE TRIGGER entry_fts_update AFTER UPDATE OF summary, detail, outcome, comment, practitioner_as_written ON entry BEGIN
    INSERT INTO entry_fts(entry_fts, rowid, summary, detail, outcome, comment, practitioner_as_written)
    VALUES ('delete', old.id, old.summary, old.detail, old.outcome, old.comment, old.practitioner_as_written);
    INSERT INTO entry_fts(rowid, summary, detail, outcome, comment, practitioner_as_written)
    VALUES (new.id, new.summary, new.detail, new.outcome, new.comment, new.practitioner_as_written);
END;
