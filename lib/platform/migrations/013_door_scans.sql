-- 013: every scan the browser scanner sent (lib.checkins.scans), under the id the browser gave it when it read
-- the code. A scan queued while the door was offline may be sent more than once (a lost answer, a reload, a
-- second tab); its id makes the second time a no-op. Personal (person_id), so purged after the retention period
-- and erased with the household.
CREATE TABLE door_scans (
    scan_id       VARCHAR PRIMARY KEY,       -- made by the browser (crypto.randomUUID) when it read the code
    venue_id      VARCHAR NOT NULL,
    scanned_at    TIMESTAMPTZ NOT NULL,      -- when the code was read, on the server's clock
    received_at   TIMESTAMPTZ NOT NULL,
    recorded_by   INTEGER NOT NULL,
    person_id     BIGINT,                    -- NULL when the code named nobody known
    outcome       VARCHAR NOT NULL,          -- the door's result (checked_in, already_in, refused, red_hold, ...)
    message_key   VARCHAR NOT NULL DEFAULT '',
    checkin_id    BIGINT                     -- the visit the scan recorded or found, if any
);
