-- 011: limits no new browser session resets, counted atomically in the database (lib.access.rate_limits), and
-- failed sign-ins per account and client with back-off (lib.access.sign_in_guard). What is counted is stored as
-- a keyed hash (client address, phone, typed user name), never as typed; both tables are purged by retention.
CREATE TABLE limit_counters (
    bucket        VARCHAR NOT NULL,          -- action, kind and keyed hash, e.g. 'declare:client:3f9a…'
    window_start  TIMESTAMPTZ NOT NULL,      -- start of the fixed window counted
    used          INTEGER NOT NULL,
    PRIMARY KEY (bucket, window_start)
);

CREATE TABLE sign_in_failures (
    account_key   VARCHAR NOT NULL,          -- keyed hash of the typed user name (known or not: both alike)
    client_key    VARCHAR NOT NULL,          -- keyed hash of the client address; '*' counts the account from anywhere
    failures      INTEGER NOT NULL,          -- attempts counted since the last success or lock
    locked_until  TIMESTAMPTZ,
    locks         INTEGER NOT NULL DEFAULT 0,  -- locks in a row; each one doubles the next (back-off)
    updated_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (account_key, client_key)
);
