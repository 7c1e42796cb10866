-- Schema 6: an import's rows recorded as sets, and the full-text index filled by set.
-- Written to apply cleanly over a file that already has some of it.
--
-- A set is every row of `tbl` whose rowid lies in first_row..=last_row, inserted (or, in an
-- undo's own record, deleted) by one change set: an import of 100,000 entries is three sets
-- (its entries, their people, their tags) instead of 100,000 JSON row images. Rows the same
-- change set touches one by one are still in `audit`; `after_audit_id` places the set among
-- them (it follows that audit row; 0 when it comes first), so undo and redo replay both in
-- the order they were written.
CREATE TABLE IF NOT EXISTS audit_set (
    id             INTEGER PRIMARY KEY,
    change_set_id  INTEGER NOT NULL REFERENCES change_set(id),
    after_audit_id INTEGER NOT NULL DEFAULT 0,
    tbl            TEXT NOT NULL,
    operation      TEXT NOT NULL CHECK (operation IN ('insert', 'delete')),
    first_row      INTEGER NOT NULL,
    last_row       INTEGER NOT NULL CHECK (last_row >= first_row),
    rows           INTEGER NOT NULL CHECK (rows > 0)
);
CREATE INDEX IF NOT EXISTS audit_set_change_set ON audit_set(change_set_id);

-- The rows of an inserted set while its change is undone, as JSON row images, so that redo
-- can put them back; emptied by the redo, or when a new edit means it can no longer be redone.
CREATE TABLE IF NOT EXISTS audit_set_row (
    set_id INTEGER NOT NULL REFERENCES audit_set(id),
    row_id INTEGER NOT NULL,
    image  TEXT NOT NULL,
    PRIMARY KEY (set_id, row_id)
) WITHOUT ROWID;

-- While this table holds its one row (only ever inside a transaction that also writes the
-- index by set, and empties it again before committing), the entry_fts triggers stand aside.
CREATE TABLE IF NOT EXISTS fts_paused (id INTEGER PRIMARY KEY CHECK (id = 1));

DROP TRIGGER IF EXISTS entry_fts_insert;
DROP TRIGGER IF EXISTS entry_fts_delete;
DROP TRIGGER IF EXISTS entry_fts_update;
CREATE TRIGGER entry_fts_insert AFTER INSERT ON entry
WHEN NOT EXISTS (SELECT 1 FROM fts_paused) BEGIN
    INSERT INTO entry_fts(rowid, summary, detail, outcome, comment, practitioner_as_written, agency_comment)
    VALUES (new.id, new.summary, new.detail, new.outcome, new.comment, new.practitioner_as_written, new.agency_comment);
END;
CREATE TRIGGER entry_fts_delete AFTER DELETE ON entry
WHEN NOT EXISTS (SELECT 1 FROM fts_paused) BEGIN
    INSERT INTO entry_fts(entry_fts, rowid, summary, detail, outcome, comment, practitioner_as_written, agency_comment)
    VALUES ('delete', old.id, old.summary, old.detail, old.outcome, old.comment, old.practitioner_as_written, old.agency_comment);
END;
CREATE TRIGGER entry_fts_update AFTER UPDATE OF summary, detail, outcome, comment, practitioner_as_written, agency_comment ON entry
WHEN NOT EXISTS (SELECT 1 FROM fts_paused) BEGIN
    INSERT INTO entry_fts(entry_fts, rowid, summary, detail, outcome, comment, practitioner_as_written, agency_comment)
    VALUES ('delete', old.id, old.summary, old.detail, old.outcome, old.comment, old.practitioner_as_written, old.agency_comment);
    INSERT INTO entry_fts(rowid, summary, detail, outcome, comment, practitioner_as_written, agency_comment)
    VALUES (new.id, new.summary, new.detail, new.outcome, new.comment, new.practitioner_as_written, new.agency_comment);
END;
