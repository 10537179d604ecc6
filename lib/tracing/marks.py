"""Acting on a trace: marking contacts F1 (follow-up items in the risk queue, red at the door), the call
list (Excel-safe, printable, with a reason, audited) and the SMS text officers send themselves.

Marking many people is a brake-worthy act: once more than `confirm_above` people of one case have been marked
in a local day without a second health officer, the mark waits for one. The count is per case and Vietnam day
(in the database, one atomic statement: neither 20 + 20 in a row nor two parallel marks of 20 slip under a
limit of 20), not per mark. Every mark can be undone, which removes the follow-ups it created that nobody has
worked on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

import duckdb
import pandas as pd

from lib.access import audit, rate_limits
from lib.access.users import User
from lib.platform.db import scalar
from lib.platform.errors import ConflictError, NotFoundError, PermissionDeniedError
from lib.platform.frames import frame_of, named_rows
from lib.platform.i18n import t
from lib.platform.times import format_datetime, local_day_bounds, now_utc, to_local
from lib.tracing.cases import get_case, require_tracer


class MarkStatus(StrEnum):
    """An F1 mark's state, equal to `exposure_marks.status`: a large mark waits for a second officer."""

    PENDING = "pending"
    APPLIED = "applied"
    UNDONE = "undone"


PENDING, APPLIED, UNDONE = MarkStatus.PENDING, MarkStatus.APPLIED, MarkStatus.UNDONE  # the names callers use


@dataclass(frozen=True)
class Mark:
    mark_id: int
    status: MarkStatus
    created: int  # follow-up items created (0 while pending)


def mark_f1(
    cur: duckdb.DuckDBPyConnection,
    user: User,
    case_id: int,
    person_ids: list[int],
    confirm_above: int,
    now: datetime | None = None,
) -> Mark:
    """Mark these contacts F1 for the case; applied at once, or pending a second officer when the people marked
    for this case today without one would pass `confirm_above`. ConflictError when nobody is chosen."""
    get_case(cur, user, case_id)
    people = sorted({int(p) for p in person_ids})
    if not people:
        raise ConflictError("trace.nobody_chosen")
    status = APPLIED if _count_unconfirmed(cur, case_id, len(people), now or now_utc(), confirm_above) else PENDING
    mark_id = int(
        scalar(
            cur.execute(
                "INSERT INTO exposure_marks (case_id, person_ids, status, requested_by) VALUES (?, ?, ?, ?) RETURNING mark_id",
                [case_id, people, status, user.user_id],
            )
        )
    )
    created = _apply(cur, mark_id, case_id, people) if status == APPLIED else 0
    audit.record(cur, user, "mark_f1", target=str(case_id), row_count=len(people), details={"mark": mark_id, "status": status})
    return Mark(mark_id, status, created)


def _count_unconfirmed(cur: duckdb.DuckDBPyConnection, case_id: int, people: int, now: datetime, confirm_above: int) -> bool:
    """Add `people` to the case's count of the local day and say whether it stays within `confirm_above`; a mark
    that does not is taken back off (a second officer confirms it), so the count is what went through alone.
    Each step is one atomic upsert, committed at once (rate_limits.atomic), so parallel marks are all counted."""
    bucket, (day, _) = f"mark_f1:case:{case_id}", local_day_bounds(now)
    (total,) = rate_limits.atomic(
        cur,
        "INSERT INTO limit_counters (bucket, window_start, used) VALUES (?, ?, ?) ON CONFLICT (bucket, window_start)"
        " DO UPDATE SET used = limit_counters.used + excluded.used RETURNING used",
        [bucket, day, people],
    )
    if int(total) <= confirm_above:
        return True
    rate_limits.atomic(
        cur, "UPDATE limit_counters SET used = used - ? WHERE bucket = ? AND window_start = ? RETURNING used", [people, bucket, day]
    )
    return False


def confirm_mark(cur: duckdb.DuckDBPyConnection, user: User, mark_id: int) -> Mark:
    """A second health officer (never the one who asked) confirms a pending mark."""
    mark = _get_mark(cur, user, mark_id)
    if mark["status"] != PENDING:
        raise ConflictError("trace.mark_not_pending")
    if mark["requested_by"] == user.user_id:
        raise PermissionDeniedError("trace.second_officer")
    created = _apply(cur, mark_id, mark["case_id"], list(mark["person_ids"]))
    cur.execute(
        "UPDATE exposure_marks SET status = 'applied', confirmed_by = ?, confirmed_at = ? WHERE mark_id = ?",
        [user.user_id, now_utc(), mark_id],
    )
    audit.record(cur, user, "confirm_f1", target=str(mark["case_id"]), row_count=created, details={"mark": mark_id})
    return Mark(mark_id, APPLIED, created)


def undo_mark(cur: duckdb.DuckDBPyConnection, user: User, mark_id: int) -> int:
    """Withdraw a mark: its follow-ups still 'new' are removed (worked ones stay, with their notes), except those
    another applied mark of the case still needs."""
    mark = _get_mark(cur, user, mark_id)
    if mark["status"] == UNDONE:
        raise ConflictError("trace.mark_undone")
    # A follow-up lives while any applied mark that needs it does: one this mark created for a person another
    # applied mark of the same case also names passes to that mark instead of being removed.
    cur.execute(
        """
        WITH other AS (
            SELECT p AS person_id, max(m.mark_id) AS mark_id
            FROM exposure_marks m, unnest(m.person_ids) t(p)
            WHERE m.case_id = $case AND m.status = 'applied' AND m.mark_id <> $mark
            GROUP BY p
        )
        UPDATE risk_followups f SET mark_id = other.mark_id
        FROM other
        WHERE f.mark_id = $mark AND f.person_id = other.person_id
        """,
        {"case": mark["case_id"], "mark": mark_id},
    )
    removed = len(
        cur.execute("DELETE FROM risk_followups WHERE mark_id = ? AND status = 'new' RETURNING followup_id", [mark_id]).fetchall()
    )
    cur.execute(
        "UPDATE exposure_marks SET status = 'undone', undone_by = ?, undone_at = ? WHERE mark_id = ?", [user.user_id, now_utc(), mark_id]
    )
    audit.record(cur, user, "undo_f1", target=str(mark["case_id"]), row_count=removed, details={"mark": mark_id})
    return removed


def list_marks(cur: duckdb.DuckDBPyConnection, user: User, case_id: int | None = None) -> pd.DataFrame:
    """Marks, newest first (all cases when case_id is None: the confirmation queue)."""
    require_tracer(user)
    return frame_of(
        cur.execute(
            "SELECT m.mark_id, m.case_id, len(m.person_ids) AS people, m.status, u.full_name AS requested_by,"
            " m.requested_at, m.requested_by AS requested_by_id FROM exposure_marks m LEFT JOIN users u"
            " ON u.user_id = m.requested_by WHERE $case IS NULL OR m.case_id = $case ORDER BY m.mark_id DESC",
            {"case": case_id},
        )
    )


def _get_mark(cur: duckdb.DuckDBPyConnection, user: User, mark_id: int) -> dict:
    require_tracer(user)
    result = cur.execute("SELECT * FROM exposure_marks WHERE mark_id = ?", [mark_id])
    row = result.fetchone()
    if row is None:
        raise NotFoundError("trace.mark_unknown")
    return dict(zip([d[0] for d in result.description], row, strict=True))


def _apply(cur: duckdb.DuckDBPyConnection, mark_id: int, case_id: int, people: list[int]) -> int:
    """One exposure follow-up per person who has no open one for this case yet."""
    return len(
        cur.execute(
            "INSERT INTO risk_followups (followup_id, person_id, case_id, source, reasons, mark_id)"
            " SELECT nextval('followups_seq'), p, $case, 'exposure', ['f1_contact'], $mark FROM unnest($people) t(p)"
            " WHERE p NOT IN (SELECT person_id FROM risk_followups WHERE case_id = $case AND source = 'exposure'"
            " AND status <> 'cleared') RETURNING followup_id",
            {"case": case_id, "mark": mark_id, "people": people},
        ).fetchall()
    )


def with_current_followups(cur: duckdb.DuckDBPyConnection, user: User, contacts: pd.DataFrame) -> pd.DataFrame:
    """The contacts with `has_followup` as the database says now. A trace is computed once and kept in the
    session; marks, confirmations and undos made since change who has a follow-up (the call list exported
    right after marking F1 said "Chưa" for the people just marked)."""
    require_tracer(user)
    followed = cur.execute(
        """
        SELECT DISTINCT person_id
        FROM risk_followups
        WHERE status <> 'cleared' AND list_contains($people, person_id)
        """,
        {"people": [int(p) for p in contacts["person_id"]]},
    ).fetchall()
    return contacts.assign(has_followup=contacts["person_id"].isin([row[0] for row in followed]))


CALL_COLUMNS = ("full_name", "birth_year", "phone", "level", "overlap_minutes", "where", "has_followup")


def call_list(contacts: pd.DataFrame, lang: str, ring: int = 1) -> pd.DataFrame:
    """The columns a caller needs, with headings and levels in the reader's language; `ring` 2 for the F2
    list, whose levels say F2 and are relative to the F1 people (not "F1 - there at the same time")."""
    frame = contacts.loc[:, list(CALL_COLUMNS)].copy()
    prefix = "trace.level_" if ring == 1 else "trace.f2_level_"
    frame["level"] = frame["level"].map(lambda v: t(f"{prefix}{v}", lang))
    frame["has_followup"] = frame["has_followup"].map(lambda v: t("trace.yes" if v else "trace.no", lang))
    return frame.rename(columns={c: t(f"trace.col_{c}", lang) for c in CALL_COLUMNS})


def call_list_file(
    cur: duckdb.DuckDBPyConnection, user: User, case_id: int, rows: int, reason: str, kind: str, make: Callable[[], bytes]
) -> bytes:
    """Personal data leaves the system: a reason is required and the export is audited before the file's
    bytes are made (lib.access.audit.exported_file)."""
    require_tracer(user)
    return audit.exported_file(cur, user, "export_call_list", str(case_id), rows, reason, kind, make)


def sms_text(visits: pd.DataFrame, hotline: str, authority: str) -> str:
    """A Vietnamese message (ASCII-safe length aside) naming the places and times, not the case."""
    places = "; ".join(
        f"{row.venue_name} ({format_datetime(row.started)} - {to_local(row.ended).strftime('%H:%M')})" for row in named_rows(visits)
    )
    return (
        f"{authority} thông báo: Quý vị có thể đã tiếp xúc với ca bệnh COVID-19 tại {places}. "
        "Đề nghị tự theo dõi sức khỏe, hạn chế tiếp xúc, đeo khẩu trang và liên hệ trạm y tế phường/xã "
        f"hoặc số {hotline} để được hướng dẫn xét nghiệm."
    )


def call_list_pdf(frame: pd.DataFrame, title: str, generated: datetime | None = None) -> bytes:
    """A printable A4 landscape call list in the poster font (diacritics intact)."""
    import unicodedata

    from lib.codes.rendering import FONT, new_pdf

    pdf = new_pdf(orientation="L")
    pdf.add_page()
    pdf.set_font(FONT, "B", 14)
    pdf.cell(0, 10, unicodedata.normalize("NFC", title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 9)
    pdf.cell(0, 6, format_datetime(generated or now_utc()), new_x="LMARGIN", new_y="NEXT")
    with pdf.table(col_widths=(45, 15, 28, 25, 18, 110, 20), text_align="LEFT") as table:
        table.row([unicodedata.normalize("NFC", str(c)) for c in frame.columns])
        for values in frame.itertuples(index=False):
            table.row([unicodedata.normalize("NFC", "" if pd.isna(v) else str(v)) for v in values])
    return bytes(pdf.output())
