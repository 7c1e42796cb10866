-- What the reviewer has asked of each agency and when: the template sent, the return received
-- and checked, the factual-accuracy pack sent and confirmed (ISO dates; NULL when not yet).
CREATE TABLE agency_request (
    agency_id             INTEGER PRIMARY KEY REFERENCES agency(id) ON DELETE CASCADE,
    template_sent_on      TEXT,
    return_received_on    TEXT,
    return_checked_on     TEXT,
    accuracy_sent_on      TEXT,
    accuracy_confirmed_on TEXT
);
