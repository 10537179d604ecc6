-- 004: self check-ins from poster links, for rate limits per device and per phone.
CREATE TABLE self_checkin_log (
    device      VARCHAR NOT NULL,            -- random id of the browser session, not a fingerprint
    phone       VARCHAR,                     -- the household phone of the person checked in
    person_id   BIGINT NOT NULL,
    venue_id    VARCHAR NOT NULL,
    logged_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
