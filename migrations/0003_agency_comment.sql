-- The agency's own comment on an entry (its "Comment", "Analysis" or "Reflection" column),
-- kept apart from the reviewer's comment so that neither overwrites the other, and found by
-- full-text search like the rest of the entry.
ALTER TABLE entry ADD COLUMN agency_comment TEXT NOT NULL DEFAULT '';

DROP TRIGGER entry_fts_insert;
DROP TRIGGER entry_fts_delete;
DROP TRIGGER entry_fts_update;
DROP TABLE entry_fts;
CREATE VIRTUAL TABLE entry_fts USING fts5(
    summary, detail, outcome, comment, practitioner_as_written, agency_comment,
    content = 'entry', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER entry_fts_insert AFTER INSERT ON entry BEGIN
    INSERT INTO entry_fts(rowid, summary, detail, outcome, comment, practitioner_as_written, agency_comment)
    VALUES (new.id, new.summary, new.detail, new.outcome, new.comment, new.practitioner_as_written, new.agency_comment);
END;
CREATE TRIGGER entry_fts_delete AFTER DELETE ON entry BEGIN
    INSERT INTO entry_fts(entry_fts, rowid, summary, detail, outcome, comment, practitioner_as_written, agency_comment)
    VALUES ('delete', old.id, old.summary, old.detail, old.outcome, old.comment, old.practitioner_as_written, old.agency_comment);
END;
CREATE TRIGGER entry_fts_update AFTER UPDATE OF summary, detail, outcome, comment, practitioner_as_written, agency_comment ON entry BEGIN
    INSERT INTO entry_fts(entry_fts, rowid, summary, detail, outcome, comment, practitioner_as_written, agency_comment)
    VALUES ('delete', old.id, old.summary, old.detail, old.outcome, old.comment, old.practitioner_as_written, old.agency_comment);
    INSERT INTO entry_fts(rowid, summary, detail, outcome, comment, practitioner_as_written, agency_comment)
    VALUES (new.id, new.summary, new.detail, new.outcome, new.comment, new.practitioner_as_written, new.agency_comment);
END;
INSERT INTO entry_fts(entry_fts) VALUES ('rebuild');
