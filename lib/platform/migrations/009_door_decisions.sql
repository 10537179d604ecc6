-- 009: what the guard decided for a red person at the door. A red scan (open case, F1 under follow-up, a red
-- declaration) is not recorded as a visit on its own: the guard sees the instruction and chooses to admit
-- (the visit is then recorded and referenced here) or to turn the person away (no visit, only this row).
CREATE SEQUENCE door_decisions_seq START 1;
CREATE TABLE door_decisions (
    decision_id   BIGINT PRIMARY KEY DEFAULT nextval('door_decisions_seq'),
    person_id     BIGINT NOT NULL,
    venue_id      VARCHAR NOT NULL,
    decided_at    TIMESTAMPTZ NOT NULL,
    decision      VARCHAR NOT NULL,          -- admit, refuse
    instruction   VARCHAR NOT NULL,          -- case, exposure, declaration: why the person was red
    checkin_id    BIGINT,                    -- the visit recorded when admitted; NULL when turned away
    recorded_by   INTEGER
);
