-- 015: each person's open visit and the visit they left last (lib.checkins.open_visits), so that the door finds
-- them with one indexed read instead of scanning the last 24 h of check-ins. Written in the same transaction as
-- the check-in or check-out; personal (person_id), so purged with the check-ins and erased with the household.
-- Backfilled from the visits of the last 25 h (the 24 h cap plus an hour for late scans): older open visits are
-- closed at query time and mean nothing to the door.
CREATE TABLE open_visits (
    person_id        BIGINT PRIMARY KEY,
    checkin_id       BIGINT,                 -- the open visit; NULL when the person is inside nowhere
    venue_id         VARCHAR,
    checked_in_at    TIMESTAMPTZ,
    left_checkin_id  BIGINT,                 -- the visit with the latest check-out; NULL when none is known
    left_venue_id    VARCHAR,
    left_in          TIMESTAMPTZ,
    left_out         TIMESTAMPTZ,
    left_how         VARCHAR                 -- its closed_by (scan, self, checkin_elsewhere, close_day, default_stay)
);
INSERT INTO open_visits
WITH recent AS (
    SELECT * FROM checkins WHERE checked_in_at > now() - INTERVAL 25 HOUR
),
opened AS (
    SELECT person_id, checkin_id, venue_id, checked_in_at FROM recent WHERE checked_out_at IS NULL
    QUALIFY row_number() OVER (PARTITION BY person_id ORDER BY checked_in_at DESC, checkin_id DESC) = 1
),
closed AS (  -- the latest check-out; of two at the same instant, the later visit's (as the door writes it)
    SELECT person_id, checkin_id AS left_checkin_id, venue_id AS left_venue_id, checked_in_at AS left_in,
           checked_out_at AS left_out, closed_by AS left_how
    FROM recent WHERE checked_out_at IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY person_id ORDER BY checked_out_at DESC, checked_in_at DESC, checkin_id DESC) = 1
)
SELECT coalesce(o.person_id, c.person_id), o.checkin_id, o.venue_id, o.checked_in_at,
       c.left_checkin_id, c.left_venue_id, c.left_in, c.left_out, c.left_how
FROM opened o FULL JOIN closed c ON c.person_id = o.person_id;
