"""Accounts: argon2 hashing, validation, lock-out, idle timeout, audit of sign-ins."""

from datetime import UTC, datetime, timedelta

import pytest

from lib.access import accounts
from lib.platform.errors import AuthError, ConflictError, InvalidInputError

PASSWORD = "correct horse battery"


def test_hash_is_argon2_and_verifies():
    hashed = accounts.hash_password(PASSWORD)
    assert hashed.startswith("$argon2id$")
    assert accounts.verify_password(hashed, PASSWORD)
    assert not accounts.verify_password(hashed, "wrong password")
    assert not accounts.verify_password("not a hash", PASSWORD)


def test_create_user_validates(fresh_db):
    with fresh_db.cursor() as cur:
        with pytest.raises(InvalidInputError, match="username is 3–32"):
            accounts.create_user(cur, "a b", PASSWORD, "office", "X")
        with pytest.raises(InvalidInputError, match="at least 10"):
            accounts.create_user(cur, "office1", "short", "office", "X")
        with pytest.raises(InvalidInputError, match="Unknown role"):
            accounts.create_user(cur, "office1", PASSWORD, "mayor", "X")
        with pytest.raises(InvalidInputError, match="needs a valid ward"):
            accounts.create_user(cur, "ward1", PASSWORD, "ward", "X", ward_scheme="2021", ward_code="99999")
        accounts.create_user(cur, "ward1", PASSWORD, "ward", "X", ward_scheme="2021", ward_code="29905")
        with pytest.raises(ConflictError, match="taken"):
            accounts.create_user(cur, "WARD1", PASSWORD, "office", "X")
        stored = cur.execute("SELECT password_hash FROM users WHERE username = 'ward1'").fetchone()[0]
        assert PASSWORD not in stored


def test_sign_in_success_and_audit(fresh_db):
    with fresh_db.cursor() as cur:
        accounts.create_user(cur, "office1", PASSWORD, "office", "Văn hoá")
        user = accounts.authenticate(cur, "Office1", PASSWORD, 5, 15)
        assert user.username == "office1" and user.role == "office"
        actions = [r[0] for r in cur.execute("SELECT action FROM audit_log ORDER BY audit_id").fetchall()]
        assert actions[-1] == "sign_in"


def test_wrong_password_and_unknown_user_give_the_same_message(fresh_db):
    with fresh_db.cursor() as cur:
        accounts.create_user(cur, "office1", PASSWORD, "office", "X")
        with pytest.raises(AuthError, match="wrong username or password") as wrong:
            accounts.authenticate(cur, "office1", "nope nope nope", 5, 15)
        with pytest.raises(AuthError) as unknown:
            accounts.authenticate(cur, "nobody", PASSWORD, 5, 15)
    assert wrong.value.key == unknown.value.key == "err.sign_in_refused"


def test_lockout_after_repeated_failures_then_expiry(fresh_db):
    now = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)
    with fresh_db.cursor() as cur:
        accounts.create_user(cur, "office1", PASSWORD, "office", "X")
        for _ in range(3):
            with pytest.raises(AuthError, match="wrong username or password"):
                accounts.authenticate(cur, "office1", "bad password!", 3, 15, now=now)
        # even the right password is refused while locked, with the same answer
        with pytest.raises(AuthError, match="wrong username or password") as locked:
            accounts.authenticate(cur, "office1", PASSWORD, 3, 15, now=now + timedelta(minutes=5))
        assert "tạm thời chưa đăng nhập được" in locked.value.message("vi")
        refused = cur.execute("SELECT details FROM audit_log WHERE action = 'sign_in_failed' ORDER BY audit_id DESC LIMIT 1").fetchone()[0]
        assert "locked" in refused
        assert accounts.authenticate(cur, "office1", PASSWORD, 3, 15, now=now + timedelta(minutes=16)).username == "office1"


def test_disabled_account_is_refused_like_a_wrong_password(fresh_db):
    with fresh_db.cursor() as cur:
        accounts.create_user(cur, "office1", PASSWORD, "office", "X")
        cur.execute("UPDATE users SET active = FALSE WHERE username = 'office1'")
        with pytest.raises(AuthError) as disabled:
            accounts.authenticate(cur, "office1", PASSWORD, 5, 15)
    assert disabled.value.key == "err.sign_in_refused"


def test_idle_timeout():
    seen = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)
    assert not accounts.session_expired(seen, 30, now=seen + timedelta(minutes=30))
    assert accounts.session_expired(seen, 30, now=seen + timedelta(minutes=31))


def test_staff_user_carries_assigned_venues(fresh_db):
    with fresh_db.cursor() as cur:
        user_id = accounts.create_user(cur, "staff1", PASSWORD, "staff", "X")
        accounts.assign_venue(cur, user_id, "ABC234")
        assert accounts.load_user(cur, user_id).venue_ids == ("ABC234",)
        cur.execute("UPDATE venue_staff SET revoked_at = now()")
        assert accounts.load_user(cur, user_id).venue_ids == ()
        accounts.assign_venue(cur, user_id, "ABC234")
        assert accounts.load_user(cur, user_id).venue_ids == ("ABC234",)
