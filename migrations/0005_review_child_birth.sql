-- The date of birth of the child the review is about (ISO date; NULL when not known). The
-- timeline's "child not seen" periods start there, never before the child was born.
ALTER TABLE review ADD COLUMN child_date_of_birth TEXT;
