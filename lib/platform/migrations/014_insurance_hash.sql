-- 014: the health-insurance (BHYT) number is kept like the citizen ID: a keyed hash for matching and its last
-- four digits for display, never the number itself (lib.people.identity.insurance_hash). Existing rows are
-- converted here: the migration runner sets the signing secret as the variable qrcheckin_secret while the
-- migrations run (lib.platform.db.migrate), and this one refuses to run without it rather than lose numbers.
-- DuckDB cannot add a column, fill it and drop another in one transaction on a table with a primary key, so
-- the table is rebuilt (same columns and order, insurance_no replaced by the two new ones).
SELECT CASE WHEN getvariable('qrcheckin_secret') IS NULL THEN error('migration 014 needs the signing secret') END;
CREATE TABLE people_014 (
    person_id       BIGINT PRIMARY KEY,
    household_id    BIGINT NOT NULL,
    relationship    VARCHAR NOT NULL DEFAULT 'self',
    owner_phone     VARCHAR,
    full_name       VARCHAR NOT NULL,
    birth_year      SMALLINT NOT NULL,
    gender          VARCHAR NOT NULL,
    nationality     VARCHAR NOT NULL DEFAULT 'Việt Nam',
    scheme          VARCHAR NOT NULL,
    province_code   VARCHAR NOT NULL,
    district_code   VARCHAR,
    ward_code       VARCHAR NOT NULL,
    address         VARCHAR,
    phone           VARCHAR,
    id_hash         VARCHAR,
    id_last4        VARCHAR,
    insurance_hash  VARCHAR,                 -- keyed SHA-256 of 'bhyt:' and the 10 digits, for matching
    insurance_last4 VARCHAR,                 -- for display only
    code_version    INTEGER NOT NULL DEFAULT 1,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
INSERT INTO people_014
SELECT person_id, household_id, relationship, owner_phone, full_name, birth_year, gender, nationality, scheme,
       province_code, district_code, ward_code, address, phone, id_hash, id_last4,
       CASE WHEN insurance_no IS NOT NULL THEN sha256(getvariable('qrcheckin_secret') || ':bhyt:' || insurance_no) END,
       right(insurance_no, 4), code_version, created_at, updated_at
FROM people;
DROP TABLE people;
ALTER TABLE people_014 RENAME TO people;
