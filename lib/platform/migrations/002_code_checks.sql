-- 002: "Kiểm tra mã QR" — every check of a posted venue code, with its result.
CREATE SEQUENCE code_checks_seq START 1;
CREATE TABLE code_checks (
    check_id        BIGINT PRIMARY KEY DEFAULT nextval('code_checks_seq'),
    venue_id        VARCHAR,                 -- NULL when the code named no venue of this system
    checked_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    checked_by      INTEGER,
    result          VARCHAR NOT NULL,        -- current, outdated, forged, closed, unknown, foreign, person
    scanned_version INTEGER
);
