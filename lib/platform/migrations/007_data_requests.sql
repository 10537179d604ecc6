-- 007: people's requests for their own data and its deletion (answer within 2 working days, Decree 356/2025).
CREATE SEQUENCE data_requests_seq START 1;
CREATE TABLE data_requests (
    request_id    BIGINT PRIMARY KEY DEFAULT nextval('data_requests_seq'),
    household_id  BIGINT NOT NULL,
    kind          VARCHAR NOT NULL,          -- access, deletion
    requested_at  TIMESTAMPTZ NOT NULL,
    due_at        TIMESTAMPTZ NOT NULL,
    status        VARCHAR NOT NULL,          -- open, done, refused
    handled_by    INTEGER,
    handled_at    TIMESTAMPTZ,
    note          VARCHAR
);

-- Public actions per browser session (declarations), for rate limits on the pages anyone can open.
CREATE TABLE public_actions (
    device     VARCHAR NOT NULL,
    action     VARCHAR NOT NULL,
    acted_at   TIMESTAMPTZ NOT NULL
);
