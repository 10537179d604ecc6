-- 008: a copy of the settled days' check-ins in person order, for tracing's "every visit of this person".
-- Check-ins are stored by venue within each day (lib.storage_order) so that "who was at this venue then" reads a
-- row group or two; "where was this person" would then read the whole table. The nightly job copies each
-- settled day here, sorted by person, in the same transaction as its venue-order rewrite; only settled days
-- (never updated again) are copied, and retention and erasure delete here what they delete from check-ins.
CREATE TABLE visits_by_person (
    checkin_id      BIGINT NOT NULL,
    person_id       BIGINT NOT NULL,
    venue_id        VARCHAR NOT NULL,
    checked_in_at   TIMESTAMPTZ NOT NULL,
    checked_out_at  TIMESTAMPTZ,
    closed_by       VARCHAR
);
-- the days already rewritten are done again by the next nightly run, which fills the copy
DELETE FROM totals_state WHERE name = 'checkins_sorted';
