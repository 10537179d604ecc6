-- 005: contacts marked F1 from a case, as one undoable act; large marks wait for a second health officer.
CREATE SEQUENCE exposure_marks_seq START 1;
CREATE TABLE exposure_marks (
    mark_id       BIGINT PRIMARY KEY DEFAULT nextval('exposure_marks_seq'),
    case_id       BIGINT NOT NULL,
    person_ids    BIGINT[] NOT NULL,
    status        VARCHAR NOT NULL,          -- pending, applied, undone
    requested_by  INTEGER NOT NULL,
    requested_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    confirmed_by  INTEGER,
    confirmed_at  TIMESTAMPTZ,
    undone_by     INTEGER,
    undone_at     TIMESTAMPTZ
);
ALTER TABLE risk_followups ADD COLUMN mark_id BIGINT;  -- the mark that created an exposure follow-up
