-- Schema 8: an entry can go to several agencies (a referral to police and health visiting, a
-- strategy-meeting invitation, an information share). The receiving agencies, and those the
-- text reading proposes, are rows of `entry_receiver`, in the order they were given (rowid).
--
-- The old single columns entry.to_agency_id and entry.suggested_to_agency_id are kept (a
-- column named in a foreign key cannot be dropped) but no longer read or written: their
-- values move here as each entry's first receiving agency, and are cleared.
CREATE TABLE entry_receiver (
    entry_id  INTEGER NOT NULL REFERENCES entry(id) ON DELETE CASCADE,
    agency_id INTEGER NOT NULL REFERENCES agency(id) ON DELETE CASCADE,
    suggested INTEGER NOT NULL DEFAULT 0 CHECK (suggested IN (0, 1)),
    PRIMARY KEY (entry_id, agency_id, suggested)
);
CREATE INDEX entry_receiver_agency ON entry_receiver(agency_id);

INSERT INTO entry_receiver (entry_id, agency_id, suggested)
SELECT id, to_agency_id, 0 FROM entry WHERE to_agency_id IS NOT NULL ORDER BY id;
INSERT INTO entry_receiver (entry_id, agency_id, suggested)
SELECT id, suggested_to_agency_id, 1 FROM entry WHERE suggested_to_agency_id IS NOT NULL ORDER BY id;
UPDATE entry SET to_agency_id = NULL, suggested_to_agency_id = NULL
WHERE to_agency_id IS NOT NULL OR suggested_to_agency_id IS NOT NULL;
