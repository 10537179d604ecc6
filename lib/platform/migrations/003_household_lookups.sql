-- 003: rate limiting of "coming back" household lookups (phone + a check only the person can pass).
CREATE TABLE household_lookups (
    phone       VARCHAR NOT NULL,
    tried_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    succeeded   BOOLEAN NOT NULL
);
