-- Schema 9: the rows of an undone import kept as plain rows instead of JSON images (issue 14:
-- undo of a 100,000-row import within a second). One table per table an import writes by
-- set, with that table's columns (no constraints) after the set and the row's rowid; the
-- store adds a column here when a later migration adds one there (`sets::images_of`).
-- Redo of an import undone before this schema still reads its JSON images in audit_set_row.
-- Written to apply cleanly over a file that already has it.
CREATE TABLE IF NOT EXISTS audit_set_image_entry AS
    SELECT 0 AS set_id, 0 AS row_id, * FROM entry WHERE 0;
CREATE INDEX IF NOT EXISTS audit_set_image_entry_set ON audit_set_image_entry(set_id, row_id);
CREATE TABLE IF NOT EXISTS audit_set_image_entry_person AS
    SELECT 0 AS set_id, 0 AS row_id, * FROM entry_person WHERE 0;
CREATE INDEX IF NOT EXISTS audit_set_image_entry_person_set ON audit_set_image_entry_person(set_id, row_id);
CREATE TABLE IF NOT EXISTS audit_set_image_entry_tag AS
    SELECT 0 AS set_id, 0 AS row_id, * FROM entry_tag WHERE 0;
CREATE INDEX IF NOT EXISTS audit_set_image_entry_tag_set ON audit_set_image_entry_tag(set_id, row_id);
CREATE TABLE IF NOT EXISTS audit_set_image_entry_receiver AS
    SELECT 0 AS set_id, 0 AS row_id, * FROM entry_receiver WHERE 0;
CREATE INDEX IF NOT EXISTS audit_set_image_entry_receiver_set ON audit_set_image_entry_receiver(set_id, row_id);
