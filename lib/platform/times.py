"""Time rules: store UTC, show Asia/Ho_Chi_Minh as dd/mm/yyyy HH:MM, compute "today" in local time.

The zone is fixed, not a setting: the product serves Vietnamese authorities, and what is stored depends on it
(the per-day totals and the day partitions of the venue order are local days), as does the SQL below, which
computes local days and hours with Vietnam's constant UTC+7 offset."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def now_utc() -> datetime:
    """The current instant, timezone-aware, so comparisons with TIMESTAMPTZ columns are exact."""
    return datetime.now(UTC)


def local_today(now: datetime | None = None) -> date:
    """Today in Vietnam (at 02:47 local time the UTC date is still yesterday's): every "today" and default date."""
    return to_local(now or now_utc()).date()


def to_local(moment: datetime) -> datetime:
    """Convert an aware (or naive-UTC, as DuckDB may return) datetime to local time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LOCAL_TZ)


def format_datetime(moment: datetime | None) -> str:
    """dd/mm/yyyy HH:MM in local time; empty for a missing value."""
    return "" if moment is None else to_local(moment).strftime("%d/%m/%Y %H:%M")


def format_date(day: date | datetime | None) -> str:
    """dd/mm/yyyy; a datetime is first converted to local time."""
    if day is None:
        return ""
    if isinstance(day, datetime):
        day = to_local(day).date()
    return day.strftime("%d/%m/%Y")


def local_day_bounds(moment: datetime) -> tuple[datetime, datetime]:
    """UTC start and end of the local calendar day containing `moment` (Vietnam has no DST)."""
    start = day_start(to_local(moment).date())
    return start, start + timedelta(days=1)


def day_start(day: date) -> datetime:
    """The UTC instant a local calendar day begins."""
    return datetime.combine(day, time.min, tzinfo=LOCAL_TZ).astimezone(UTC)


# Vietnam has been UTC+7 all year since 1975: local days and hours in SQL come from integer arithmetic on
# epoch microseconds, many times faster on millions of rows than DuckDB's per-row time-zone lookup (and three
# times faster than floor() over epoch()'s double).
UTC_OFFSET_SECONDS = 7 * 3600
DAY_US, HOUR_US = 86_400_000_000, 3_600_000_000
UTC_OFFSET_US = UTC_OFFSET_SECONDS * 1_000_000


def local_day_sql(column: str) -> str:
    """SQL for the local calendar day (DATE) of a TIMESTAMPTZ column."""
    return f"(DATE '1970-01-01' + CAST((epoch_us({column}) + {UTC_OFFSET_US}) // {DAY_US} AS INTEGER))"


def local_hour_sql(column: str) -> str:
    """SQL for the local hour of day (0-23) of a TIMESTAMPTZ column."""
    return f"CAST(((epoch_us({column}) + {UTC_OFFSET_US}) % {DAY_US}) // {HOUR_US} AS INTEGER)"


def local_timestamp_sql(column: str) -> str:
    """SQL for the local wall-clock time (a TIMESTAMP without zone, for strftime) of a TIMESTAMPTZ column."""
    return f"make_timestamp(epoch_us({column}) + {UTC_OFFSET_US})"
