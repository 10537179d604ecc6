"""The codes a phone keeps become one-tap buttons through `households.code_holders`: valid codes only, one
per person, names from the database (masked), never from the phone."""

from lib.codes import tokens
from lib.people import households, identity


def test_code_holders_keep_valid_codes_once_with_database_names(demo_db):
    secret = demo_db.settings.resolved_secret()
    with demo_db.cursor() as cur:
        (a, name_a, version_a), (b, name_b, version_b) = cur.execute(
            "SELECT person_id, full_name, code_version FROM people ORDER BY person_id LIMIT 2"
        ).fetchall()
        good_a = tokens.sign(secret, tokens.PERSON, str(a), version_a)
        good_b = tokens.sign(secret, tokens.PERSON, str(b), version_b)
        revoked = tokens.sign(secret, tokens.PERSON, str(b), version_b + 5)
        forged = tokens.sign("another secret", tokens.PERSON, str(a), version_a)
        holders = households.code_holders(cur, secret, [forged, good_b, "![x](http://evil)", revoked, good_a, good_b])
    assert holders == [(b, identity.mask_name(name_b)), (a, identity.mask_name(name_a))]
