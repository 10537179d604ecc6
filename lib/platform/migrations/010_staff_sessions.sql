-- 010: staff sign-in sessions behind an HttpOnly cookie (revocable, idle timeout, a new record at every sign-in),
-- and accounts that must choose a new password at their next sign-in (first admin, a reset by an administrator).
CREATE SEQUENCE staff_sessions_seq START 1;
CREATE TABLE staff_sessions (
    session_id     BIGINT PRIMARY KEY DEFAULT nextval('staff_sessions_seq'),
    user_id        INTEGER NOT NULL,
    ticket_hash    VARCHAR,                  -- SHA-256 of the one-time hand-over ticket; NULL once claimed
    ticket_until   TIMESTAMPTZ,              -- the ticket is refused after this moment
    token_hash     VARCHAR,                  -- SHA-256 of the cookie's token; NULL until the ticket is claimed
    created_at     TIMESTAMPTZ NOT NULL,
    last_seen_at   TIMESTAMPTZ NOT NULL,
    revoked_at     TIMESTAMPTZ,
    revoked_reason VARCHAR                   -- sign_out, idle, new_sign_in, disabled, password_reset, password_changed
);
ALTER TABLE users ADD COLUMN must_change_password BOOLEAN DEFAULT FALSE;
