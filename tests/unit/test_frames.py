"""frame_of: query results as DataFrames with plain column types, on a real (migrated, encrypted) DuckDB file."""

from datetime import date
from decimal import Decimal

import pandas as pd

from lib.platform.frames import frame_of
from tests import builders

TYPES = """
SELECT sum(x) AS total, sum(x) FILTER (WHERE x > 100) AS none_summed, count(*) AS n, avg(x) AS mean,
       CAST(1.25 AS DECIMAL(5, 2)) AS share, max(x)::INTEGER AS top, NULL::INTEGER AS missing,
       DATE '2021-08-01' AS day, TIMESTAMPTZ '2021-08-01 10:00:00+07' AS at, 'Sa Đéc' AS name,
       NULL::BOOLEAN AS unknown, true AS yes
FROM range(3) t(x)
"""


def _has_decimal(frame: pd.DataFrame) -> bool:
    return any(isinstance(v, Decimal) for column in frame.columns for v in frame[column])


def test_sums_are_integers_and_no_decimal_object_is_left(fresh_db):
    with fresh_db.cursor() as cur:
        frame = frame_of(cur.execute(TYPES))
    assert not _has_decimal(frame)
    assert frame["total"].dtype == "int64" and frame["total"][0] == 3  # DuckDB: HUGEINT, Arrow: decimal128(38, 0)
    assert frame["none_summed"].dtype == "float64" and pd.isna(frame["none_summed"][0])
    assert frame["share"].dtype == "float64" and frame["share"][0] == 1.25
    assert frame["n"].dtype == "int64" and frame["mean"].dtype == "float64"


def test_integers_stay_integers_with_a_null_and_dates_are_datetimes(fresh_db):
    with fresh_db.cursor() as cur:
        frame = frame_of(cur.execute(TYPES))
    assert frame["top"].dtype == "int32" and frame["top"][0] == 2
    assert frame["missing"].dtype == "Int32" and frame["missing"].isna().all()
    assert frame["unknown"].dtype == "boolean" and frame["yes"].dtype == "bool"
    assert frame["day"].dtype == "datetime64[us]" and frame["day"][0].date() == date(2021, 8, 1)
    assert str(frame["at"].dtype).startswith("datetime64[us, ") and frame["at"][0].tz is not None
    assert frame["name"][0] == "Sa Đéc"


def test_the_same_columns_as_df_for_a_table_of_the_schema(fresh_db):
    """A real table of the app (venues with nullable integers, timestamps, lists): frame_of keeps .df()'s
    columns and values, with integer sums as integers."""
    with fresh_db.cursor() as cur:
        by = builders.office(cur)
        first = builders.venue(cur, by, "Chợ", capacity=40)
        builders.venue(cur, by, "Tiệm", category="essential_shop")
        sql = "SELECT venue_id, capacity, created_at, sum(capacity) OVER () AS seats FROM venues ORDER BY venue_id <> $first"
        ours, theirs = frame_of(cur.execute(sql, {"first": first})), cur.execute(sql, {"first": first}).df()
    assert list(ours.columns) == list(theirs.columns)
    assert ours["capacity"].tolist()[0] == 40 and pd.isna(ours["capacity"][1])
    assert ours["seats"].dtype == "int64" and ours["seats"].tolist() == [40, 40]
    assert (ours["created_at"] == theirs["created_at"]).all()


def test_a_result_with_a_repeated_column_name(fresh_db):
    with fresh_db.cursor() as cur:
        frame = frame_of(cur.execute("SELECT sum(x) AS v, sum(x) AS v FROM range(4) t(x)"))
    assert frame.shape == (1, 2) and frame.dtypes.tolist() == ["int64", "int64"]
