-- 001: the full schema the features need. Never edit once applied; add a new numbered file instead.
-- Administrative unit codes are stored with the scheme they belong to ('2021' three-level, '2025' two-level).

CREATE TABLE admin_units (
    scheme        VARCHAR NOT NULL,          -- '2021' or '2025'
    level         VARCHAR NOT NULL,          -- 'province', 'district', 'ward'
    code          VARCHAR NOT NULL,          -- official statistics-office code, text with leading zeros
    name          VARCHAR NOT NULL,          -- full official name, e.g. 'Phường An Hoà'
    unit_type     VARCHAR,                   -- 'Tỉnh', 'Thành phố', 'Quận', 'Phường', 'Xã', ...
    parent_code   VARCHAR,                   -- district for a 2021 ward, province for a district or 2025 ward
    province_code VARCHAR NOT NULL,
    PRIMARY KEY (scheme, level, code)
);

CREATE TABLE ward_mapping (
    old_ward_code     VARCHAR NOT NULL,      -- 2021-scheme ward
    new_ward_code     VARCHAR NOT NULL,      -- 2025-scheme ward
    merge_type        VARCHAR,               -- 'full' or 'partial'
    PRIMARY KEY (old_ward_code, new_ward_code)
);

CREATE SEQUENCE users_seq START 1;
CREATE TABLE users (
    user_id        INTEGER PRIMARY KEY DEFAULT nextval('users_seq'),
    username       VARCHAR NOT NULL UNIQUE,
    full_name      VARCHAR NOT NULL,
    password_hash  VARCHAR NOT NULL,         -- argon2id
    role           VARCHAR NOT NULL,         -- admin, office, ward, health, staff
    ward_scheme    VARCHAR,                  -- for role 'ward'
    ward_code      VARCHAR,
    active         BOOLEAN NOT NULL DEFAULT TRUE,
    failed_logins  INTEGER NOT NULL DEFAULT 0,
    locked_until   TIMESTAMPTZ,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_login_at  TIMESTAMPTZ
);

CREATE TABLE venues (
    venue_id             VARCHAR PRIMARY KEY, -- short code without look-alike characters, e.g. 'K7M2QX'
    name                 VARCHAR NOT NULL,
    category             VARCHAR NOT NULL,    -- lib.categories code
    scheme               VARCHAR NOT NULL,    -- scheme of the unit codes below
    province_code        VARCHAR NOT NULL,
    district_code        VARCHAR,             -- NULL in the 2025 scheme
    ward_code            VARCHAR NOT NULL,
    address              VARCHAR NOT NULL,    -- house number and street
    registrant_name      VARCHAR NOT NULL,
    registrant_phone     VARCHAR NOT NULL,
    staff_phones         VARCHAR[] NOT NULL DEFAULT [],
    capacity             INTEGER,
    default_stay_minutes INTEGER NOT NULL,
    opening_hours        VARCHAR,
    starts_at            TIMESTAMPTZ,         -- temporary venues (meetings, weddings, funerals)
    ends_at              TIMESTAMPTZ,
    status               VARCHAR NOT NULL DEFAULT 'active',  -- active, suspended, closed
    code_version         INTEGER NOT NULL DEFAULT 1,
    code_printed_at      TIMESTAMPTZ,
    code_checked_at      TIMESTAMPTZ,         -- last "Kiểm tra mã QR" of the posted code
    created_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_by           INTEGER
);

CREATE TABLE venue_staff (
    venue_id    VARCHAR NOT NULL,
    user_id     INTEGER NOT NULL,
    granted_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    granted_by  INTEGER,
    revoked_at  TIMESTAMPTZ,
    PRIMARY KEY (venue_id, user_id)
);

CREATE SEQUENCE people_seq START 1;
CREATE TABLE people (
    person_id      BIGINT PRIMARY KEY,
    household_id   BIGINT NOT NULL,          -- person_id of the phone owner who declares for the household
    relationship   VARCHAR NOT NULL DEFAULT 'self',  -- self, spouse, child, parent, grandparent, sibling, other
    owner_phone    VARCHAR,                  -- the household owner's phone, for finding the household again
    full_name      VARCHAR NOT NULL,         -- NFC, capitals with diacritics
    birth_year     SMALLINT NOT NULL,
    gender         VARCHAR NOT NULL,         -- 'Nam', 'Nữ', 'Khác'
    nationality    VARCHAR NOT NULL DEFAULT 'Việt Nam',
    scheme         VARCHAR NOT NULL,
    province_code  VARCHAR NOT NULL,
    district_code  VARCHAR,
    ward_code      VARCHAR NOT NULL,
    address        VARCHAR,
    phone          VARCHAR,                  -- NULL for relatives without a phone
    id_hash        VARCHAR,                  -- keyed hash of the citizen ID number, for matching
    id_last4       VARCHAR,                  -- for display only
    insurance_no   VARCHAR,                  -- last 10 digits of the health-insurance number
    code_version   INTEGER NOT NULL DEFAULT 1,  -- bump to revoke a personal code
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE SEQUENCE declarations_seq START 1;
CREATE TABLE declarations (
    declaration_id   BIGINT PRIMARY KEY,
    person_id        BIGINT NOT NULL,
    declared_by      BIGINT,                 -- person_id of the household owner for "khai hộ"
    declared_at      TIMESTAMPTZ NOT NULL,
    symptoms         VARCHAR[] NOT NULL DEFAULT [],  -- fever, cough, breath, throat, fatigue
    symptom_details  VARCHAR,
    contact_case     BOOLEAN NOT NULL DEFAULT FALSE,
    contact_details  VARCHAR,
    travelled        BOOLEAN NOT NULL DEFAULT FALSE,
    travel_details   VARCHAR,
    outbreak_area    BOOLEAN NOT NULL DEFAULT FALSE,
    outbreak_details VARCHAR,
    consent          BOOLEAN NOT NULL,
    risk_level       VARCHAR NOT NULL,       -- green, yellow, red
    risk_reasons     VARCHAR[] NOT NULL DEFAULT [],
    reviewed_at      TIMESTAMPTZ,
    reviewed_by      INTEGER
);

CREATE SEQUENCE checkins_seq START 1;
CREATE TABLE checkins (
    checkin_id      BIGINT NOT NULL,         -- no index: 30 M rows insert faster, lookups go by venue/time
    person_id       BIGINT NOT NULL,
    venue_id        VARCHAR NOT NULL,
    checked_in_at   TIMESTAMPTZ NOT NULL,
    checked_out_at  TIMESTAMPTZ,             -- filled once; NULL while the visit is open
    method          VARCHAR NOT NULL,        -- staff_scan, self_scan, id_card, manual
    recorded_by     INTEGER,                 -- user_id of the staff member, NULL for self check-in
    closed_by       VARCHAR,                 -- scan, self, checkin_elsewhere, close_day, default_stay
    flagged         BOOLEAN NOT NULL DEFAULT FALSE  -- implausible self check-in
);

CREATE SEQUENCE cases_seq START 1;
CREATE TABLE cases (
    case_id      BIGINT PRIMARY KEY,
    person_id    BIGINT NOT NULL,
    test_date    DATE NOT NULL,
    onset_date   DATE,
    isolated_at  TIMESTAMPTZ,
    status       VARCHAR NOT NULL DEFAULT 'open',  -- open, closed
    notes        VARCHAR,
    created_by   INTEGER,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    closed_at    TIMESTAMPTZ
);

CREATE SEQUENCE followups_seq START 1;
CREATE TABLE risk_followups (
    followup_id     BIGINT PRIMARY KEY,
    person_id       BIGINT NOT NULL,
    declaration_id  BIGINT,
    case_id         BIGINT,                  -- for exposure flags from tracing
    source          VARCHAR NOT NULL,        -- declaration, exposure
    reasons         VARCHAR[] NOT NULL DEFAULT [],
    status          VARCHAR NOT NULL DEFAULT 'new',  -- new, contacted, referred, cleared
    assignee        INTEGER,
    notes           VARCHAR,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE SEQUENCE audit_seq START 1;
CREATE TABLE audit_log (
    audit_id    BIGINT PRIMARY KEY DEFAULT nextval('audit_seq'),
    occurred_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    user_id     INTEGER,
    username    VARCHAR,
    action      VARCHAR NOT NULL,            -- e.g. sign_in, sign_in_failed, create_user, export, view_history
    target      VARCHAR,
    row_count   INTEGER,
    reason      VARCHAR,
    details     VARCHAR
);
