-- 006: what the analytics pages read without touching personal data, and the office's adoption targets.

-- Per venue and local hour: visits started and the estimated most people present (at the quarter hours, by
-- the stay rules). No person appears here, so these rows outlive the retention purge of check-ins. The venue's
-- ward, category and capacity are copied in when counted, so page queries filter and scope without a join.
CREATE TABLE venue_hour_totals (
    venue_id      VARCHAR NOT NULL,
    scheme        VARCHAR NOT NULL,
    ward_code     VARCHAR NOT NULL,
    category      VARCHAR NOT NULL,
    capacity      INTEGER,
    day           DATE NOT NULL,             -- local (Asia/Ho_Chi_Minh) calendar day
    hour          TINYINT NOT NULL,          -- local hour 0-23
    checkins      INTEGER NOT NULL,
    peak_present  INTEGER NOT NULL
);

-- Refresh state: the last local day whose totals are final, and when today's partial totals were counted.
CREATE TABLE totals_state (
    name          VARCHAR PRIMARY KEY,
    through_day   DATE NOT NULL,
    refreshed_at  TIMESTAMPTZ NOT NULL
);

-- Venues expected per ward and category (entered or imported by the culture and information office).
CREATE TABLE expected_venues (
    scheme        VARCHAR NOT NULL,
    ward_code     VARCHAR NOT NULL,
    category      VARCHAR NOT NULL,
    expected      INTEGER NOT NULL,
    updated_by    INTEGER,
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (scheme, ward_code, category)
);
