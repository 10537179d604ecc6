"""Demo households, people and their declarations, generated in bulk SQL (see lib.demo.city for the rules)."""

from __future__ import annotations

from datetime import datetime

import duckdb

from lib.demo import vocabulary as vocab
from lib.people.declaration_form import SYMPTOMS
from lib.platform.db import reserve_ids, scalar

CITY_PROVINCE = "87"  # Đồng Tháp: the demo city, Sa Đéc, is its own (see lib.demo.city)


def ward_count(cur: duckdb.DuckDBPyConnection) -> int:
    """Bound as a constant: a scalar subquery in the join condition turns the hash join into a nested loop."""
    return int(scalar(cur.execute("SELECT count(*) FROM demo_wards")))


def generate_people(cur: duckdb.DuckDBPyConnection, count: int, secret: str) -> None:
    first = reserve_ids(cur, "people_seq", count)
    # households: a person starts one with probability 0.36, the others join the last one started
    cur.execute(
        """
CREATE OR REPLACE TEMP TABLE demo_hh AS
WITH base AS (
    SELECT i, i = 0 OR rnd(i, 'hh') < 0.36 AS starts FROM range($n) t(i)
)
SELECT i, max(CASE WHEN starts THEN i END) OVER (ORDER BY i ROWS UNBOUNDED PRECEDING) AS owner_i
FROM base
""",
        {"n": count},
    )
    # the word lists are the vocabulary module's own constants, written in as SQL list literals
    family, streets, prefixes = vocab.sql_list(vocab.FAMILY), vocab.sql_list(vocab.STREETS), vocab.sql_list(vocab.PHONE_PREFIXES)
    middle_f, middle_m = vocab.sql_list(vocab.MIDDLE_F), vocab.sql_list(vocab.MIDDLE_M)
    given_f, given_m = vocab.sql_list(vocab.GIVEN_F), vocab.sql_list(vocab.GIVEN_M)
    cur.execute(
        f"""
CREATE OR REPLACE TEMP TABLE demo_people AS
WITH members AS (
    SELECT i, owner_i, i - owner_i AS pos, $first + i AS person_id, $first + owner_i AS household_id,
           CASE WHEN i - owner_i = 0 THEN 'self' WHEN i - owner_i = 1 THEN 'spouse'
                WHEN i - owner_i <= 3 THEN 'child' ELSE 'parent' END AS relationship,
           CASE WHEN rnd(i, 'g') < 0.002 THEN 'Khác' WHEN (i - owner_i = 1) = (rnd(owner_i, 'g') < 0.5)
                THEN 'Nữ' ELSE 'Nam' END AS gender
    FROM demo_hh
),
born AS (
    SELECT *,
           (CASE relationship
                WHEN 'self' THEN 1950 + floor(rnd(owner_i, 'by') * 54)
                WHEN 'spouse' THEN 1950 + floor(rnd(owner_i, 'by') * 54) + floor(rnd(i, 'by') * 7) - 3
                WHEN 'child' THEN 2004 + floor(rnd(i, 'by') * 21)
                ELSE 1935 + floor(rnd(i, 'by') * 25) END)::INTEGER AS birth_year
    FROM members
)
SELECT y.*,
       pick({family}, CASE WHEN relationship IN ('self','child') THEN owner_i ELSE i END, 'fam')
         || ' ' || CASE WHEN gender = 'Nữ' THEN pick({middle_f}, i, 'mid') ELSE pick({middle_m}, i, 'mid') END
         || ' ' || CASE WHEN gender = 'Nữ' THEN pick({given_f}, i, 'giv') ELSE pick({given_m}, i, 'giv') END
         AS full_name,
       CASE WHEN relationship = 'self' OR (relationship = 'spouse' AND rnd(i, 'ph') < 0.9)
                 OR (relationship = 'child' AND birth_year <= 2010 AND rnd(i, 'ph') < 0.7)
                 OR (relationship = 'parent' AND rnd(i, 'ph') < 0.4)
            THEN pick({prefixes}, i, 'pp') || lpad(((i * 7919 + 101) % 10000000)::VARCHAR, 7, '0') END AS phone,
       CASE WHEN birth_year <= 2010 AND rnd(i, 'id') < 0.85 THEN '087'
              || ((CASE WHEN birth_year >= 2000 THEN 2 ELSE 0 END) + (CASE WHEN gender = 'Nữ' THEN 1 ELSE 0 END))::VARCHAR
              || lpad((birth_year % 100)::VARCHAR, 2, '0') || lpad((hash(i, 'idn') % 1000000)::VARCHAR, 6, '0') END AS cccd,
       w.code AS ward_code, w.district_code,
       (1 + floor(rnd(owner_i, 'hn') * 500))::INTEGER::VARCHAR || ' ' || pick({streets}, owner_i, 'st') AS address,
       CASE WHEN rnd(i, 'bhyt') < 0.6 THEN lpad((hash(i, 'bh') % 10000000000)::VARCHAR, 10, '0') END AS insurance_no
FROM born y
JOIN demo_wards w ON w.wi = floor(rnd(owner_i, 'ward') * $wards)::BIGINT
""",
        {"first": first, "wards": ward_count(cur)},
    )
    cur.execute(
        """
INSERT INTO people (person_id, household_id, relationship, owner_phone, full_name, birth_year, gender,
                    nationality, scheme, province_code, district_code, ward_code, address, phone, id_hash, id_last4,
                    insurance_hash, insurance_last4, code_version)
SELECT p.person_id, p.household_id, p.relationship, o.phone, p.full_name, p.birth_year, p.gender,
       'Việt Nam', '2021', $province, p.district_code, p.ward_code, p.address, p.phone,
       CASE WHEN p.cccd IS NOT NULL THEN sha256($secret || ':' || p.cccd) END, right(p.cccd, 4),
       CASE WHEN p.insurance_no IS NOT NULL THEN sha256($secret || ':bhyt:' || p.insurance_no) END, right(p.insurance_no, 4), 1
FROM demo_people p JOIN demo_people o ON o.i = p.owner_i
ORDER BY p.person_id
""",
        {"province": CITY_PROVINCE, "secret": secret},
    )


def generate_declarations(cur: duckdb.DuckDBPyConnection, people: int, days: int, now: datetime) -> int:
    """About 1.3 declarations per person; a few percent yellow (travel, outbreak area) or red (symptoms, contact)."""
    total = int(people * 1.3)
    first = reserve_ids(cur, "declarations_seq", total)
    # everyone declares once, the extra declarations go to people drawn at random
    cur.execute(
        """
CREATE OR REPLACE TEMP TABLE demo_decl AS
SELECT $first + j AS declaration_id, p.person_id, p.household_id, p.relationship,
       $now - to_seconds((rnd(j, 'dt') * $days * 86400)::BIGINT) AS declared_at, rnd(j, 'risk') AS r
FROM range($total) t(j)
JOIN demo_people p ON p.i = CASE WHEN j < $people THEN j ELSE floor(rnd(j, 'who') * $people)::BIGINT END
""",
        {"first": first, "now": now, "days": days, "total": total, "people": people},
    )
    # r (uniform) picks the answers: symptoms < 0.007 <= contact < 0.012 <= travel < 0.03 <= outbreak area < 0.04
    symptoms = vocab.sql_list(list(SYMPTOMS))
    cur.execute(
        f"""
INSERT INTO declarations (declaration_id, person_id, declared_by, declared_at, symptoms, symptom_details,
                          contact_case, contact_details, travelled, travel_details, outbreak_area, outbreak_details,
                          consent, risk_level, risk_reasons, reviewed_at)
SELECT declaration_id, person_id, CASE WHEN relationship <> 'self' THEN household_id END, declared_at,
       CASE WHEN r < 0.007 THEN list_slice({symptoms}, 1 + (declaration_id % 3)::INTEGER, 5) ELSE [] END,
       CASE WHEN r < 0.007 THEN 'Sốt từ 2 ngày nay' END,
       r >= 0.007 AND r < 0.012, CASE WHEN r >= 0.007 AND r < 0.012 THEN 'Tiếp xúc gần người nhà là F0' END,
       r >= 0.012 AND r < 0.03, CASE WHEN r >= 0.012 AND r < 0.03 THEN 'TP. Hồ Chí Minh' END,
       r >= 0.03 AND r < 0.04, CASE WHEN r >= 0.03 AND r < 0.04 THEN 'Khu phong toả tại Cao Lãnh' END,
       TRUE,
       CASE WHEN r < 0.012 THEN 'red' WHEN r < 0.04 THEN 'yellow' ELSE 'green' END,
       CASE WHEN r < 0.007 THEN ['symptoms'] WHEN r < 0.012 THEN ['contact_case']
            WHEN r < 0.03 THEN ['travel'] WHEN r < 0.04 THEN ['outbreak_area'] ELSE [] END,
       CASE WHEN r < 0.04 AND rnd(declaration_id, 'rev') < 0.6 THEN declared_at + INTERVAL 3 HOUR END
FROM demo_decl
ORDER BY declaration_id
"""
    )
    risky = scalar(cur.execute("SELECT count(*) FROM demo_decl WHERE r < 0.04"))
    first_f = reserve_ids(cur, "followups_seq", int(risky))
    cur.execute(
        """
INSERT INTO risk_followups (followup_id, person_id, declaration_id, source, reasons, status, created_at, updated_at)
SELECT $first - 1 + row_number() OVER (ORDER BY d.declaration_id), d.person_id, d.declaration_id,
       'declaration', d.risk_reasons,
       CASE WHEN d.reviewed_at IS NULL THEN 'new' WHEN rnd(d.declaration_id, 'st') < 0.5 THEN 'contacted' ELSE 'cleared' END,
       d.declared_at, coalesce(d.reviewed_at, d.declared_at)
FROM declarations d JOIN demo_decl x USING (declaration_id)
WHERE x.r < 0.04
""",
        {"first": first_f},
    )
    return total
