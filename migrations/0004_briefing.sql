-- The reviewer's own text for the 7-minute briefing (one row, created when first saved); an
-- empty field is drawn from the review when the briefing is written.
CREATE TABLE briefing (
    id                          INTEGER PRIMARY KEY CHECK (id = 1),
    what_happened               TEXT NOT NULL DEFAULT '',
    what_needs_to_change        TEXT NOT NULL DEFAULT '',
    questions_for_practitioners TEXT NOT NULL DEFAULT '',
    read_more                   TEXT NOT NULL DEFAULT ''
);
