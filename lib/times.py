"""Time rules: store UTC, show Asia/Ho_Chi_Minh as dd/mm/yyyy HH:MM, compute "today" in local time."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def now_utc() -> datetime:
    """The current instant, timezone-aware, so comparisons with TIMESTAMPTZ columns are exact."""
    return datetime.now(UTC)


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
    day = to_local(moment).date()
    start = datetime.combine(day, time.min, tzinfo=LOCAL_TZ).astimezone(UTC)
    return start, start + timedelta(days=1)
