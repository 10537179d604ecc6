"""What happens when a code is presented at the door, whatever captured it (webcam, snapshot, manual entry):
recognise the code, refuse what is not a valid personal code with a clear reason, apply the door rules, and
say what the guard must see — the masked name, the status colour with the instruction in words, and the event.
A red person waits for the guard's decision (admit or turn away), which is recorded either way."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

import duckdb

from lib.access import audit
from lib.access.scope import scope_for
from lib.access.users import User
from lib.checkins import batch, door_status, rules, scan_log, writer
from lib.codes import id_cards, tokens
from lib.people import declaration_form, declarations, households
from lib.people.declarations import find_by_citizen_id
from lib.platform.errors import AppError, InvalidCodeError, InvalidInputError
from lib.platform.times import now_utc
from lib.venues.lookup import get_venue


class DoorVerdict(StrEnum):
    """What the door says beyond the rules' outcomes; each also names its message (`door.<verdict>`)."""

    REFUSED = scan_log.REFUSED  # not a usable code, or the venue refuses check-ins now
    UNKNOWN_CARD = "unknown_card"  # a citizen ID card of someone not on file
    # a red person's entry waits for the guard: admitted (then checked in) or turned away (recorded, no visit)
    RED_HOLD = "red_hold"
    TURNED_AWAY = "turned_away"
    ALREADY_TURNED_AWAY = "already_turned_away"
    # a red person checking in by themselves from a poster: nobody at the door to decide, so never admitted;
    # recorded as turned away (recorded_by NULL), the person sees what to do
    SELF_REFUSED = "self_refused"


class Decision(StrEnum):
    """The guard's answer to a red hold, equal to `door_decisions.decision`."""

    ADMIT = "admit"
    REFUSE = "refuse"


REFUSED, UNKNOWN_CARD, RED_HOLD, TURNED_AWAY, ALREADY_TURNED_AWAY, SELF_REFUSED = tuple(DoorVerdict)  # the names callers use
ADMIT, REFUSE = Decision.ADMIT, Decision.REFUSE
RED = declarations.RiskLevel.RED


@dataclass(frozen=True)
class Relative:
    """A household member offered with the owner's check-in, with their own colour."""

    person_id: int
    masked_name: str
    risk_level: str


@dataclass(frozen=True)
class DoorResult:
    kind: rules.Outcome | DoorVerdict
    message_key: str  # i18n key of the headline
    person_id: int | None = None
    masked_name: str = ""
    risk_level: str = ""  # green, yellow, red; "" when unknown
    reasons: tuple[str, ...] = ()  # for officers and tests; the door shows `instruction`, never symptoms
    outcome: rules.ScanOutcome | None = None
    card: id_cards.CardData | None = None
    relatives: tuple[Relative, ...] = ()  # offered with a household owner's check-in
    instruction: str = ""  # i18n key of what the guard must do (door.do_*)
    personal_code: str = ""  # the code of a card holder just registered at the door, to show or print
    method: str = ""  # how a held red person was presented (staff_scan, id_card, manual), for the decision
    settled: bool = False  # the guard has done what it asked (decided, ticked, registered, handed the code over)
    scan_id: str = ""  # the browser scanner's id of the scan this answers: its panel shows what the guard did
    venue_id: str = ""  # where and in which mode it was scanned: what the guard does for it is recorded there,
    mode: str = ""  # even after the page moved on to another venue or mode
    logged: bool = False  # its browser scan's door_scans row was written with the visit (lib.checkins.scan_log)


def identify(cur: duckdb.DuckDBPyConnection, secret: str, payload: str) -> int | id_cards.CardData:
    """A person id for a personal code or a known ID card, the card data for an unknown card; InvalidCodeError else."""
    try:
        return households.verify_personal_code(cur, secret, payload)
    except InvalidCodeError as err:
        if err.key != "code.foreign":
            raise
    card = id_cards.parse_identity_qr(payload)
    person_id = find_by_citizen_id(cur, secret, card.id_number)
    return card if person_id is None else person_id


def handle_payload(
    cur: duckdb.DuckDBPyConnection,
    user: User,
    secret: str,
    venue_id: str,
    payload: str,
    mode: str = rules.AUTO,
    method: str = "staff_scan",
    window_seconds: int = 120,
    public_url: str = "",
    now: datetime | None = None,
    log: rules.ScanLog | None = None,
) -> DoorResult:
    """One presented code, end to end, at `now` (a scan queued offline in the browser: when it was read).
    Never raises for a bad code: the refusal is the result. A link is a venue poster only when it is this
    server's own check-in page (`public_url`); any other link is foreign. `log`: the browser scanner's scan,
    whose door_scans row is written with the visit when the door records one (the result says `logged`)."""
    try:
        if tokens.is_link(payload) or ".V." in payload[:6]:
            tokens.verify(secret, tokens.token_from_scan(payload, public_url))  # a valid poster: tell the guard what it is
            return DoorResult(REFUSED, "door.venue_code")
        who = identify(cur, secret, payload)
    except AppError as err:
        return DoorResult(REFUSED, err.key)
    if isinstance(who, id_cards.CardData):
        return DoorResult(UNKNOWN_CARD, "door.unknown_card", card=who, venue_id=venue_id, mode=str(mode))
    return record(cur, user, venue_id, who, mode, "id_card" if "|" in payload else method, window_seconds, now, log=log)


def record(
    cur: duckdb.DuckDBPyConnection,
    user: User | None,
    venue_id: str,
    person_id: int,
    mode: str,
    method: str,
    window_seconds: int = 120,
    now: datetime | None = None,
    decided: bool = False,
    with_relatives: bool = True,
    status: door_status.Status | None = None,
    log: rules.ScanLog | None = None,
) -> DoorResult:
    """Apply the door rules for a known person and describe the result. At a staffed door a red person who
    would be checked in is held (RED_HOLD, nothing recorded) until the guard decides (`decide`); the same
    person again within the scan window after being turned away is that same event. A self check-in (`user`
    None) of a red person never gets here: lib.checkins.self_checkin turns it away first. `with_relatives=False`
    leaves out the household's tick boxes (a self check-in offers none); `status`: the person's, when the caller
    has just read it (a self check-in reads it once for both)."""
    status = status or door_status.status_of(cur, person_id)
    request = rules.ScanRequest(user, venue_id, person_id, rules.ScanMode(mode), method, window_seconds, now, log)
    described = {"masked_name": status.masked_name, "risk_level": status.risk_level, "reasons": status.reasons}
    described |= {"instruction": status.door_instruction, "venue_id": venue_id, "mode": str(mode)}
    try:
        if user is not None and status.risk_level == RED and not decided and batch.preview_scan(cur, request) == rules.CHECKED_IN:
            refused_at = recent_refusal(cur, person_id, venue_id, (now or now_utc()) - timedelta(seconds=window_seconds))
            if refused_at is not None:
                outcome = rules.ScanOutcome(ALREADY_TURNED_AWAY, None, refused_at)
                return DoorResult(ALREADY_TURNED_AWAY, f"door.{ALREADY_TURNED_AWAY}", person_id, outcome=outcome, **described)
            return DoorResult(RED_HOLD, f"door.{RED_HOLD}", person_id, method=method, **described)
    except AppError as err:
        return DoorResult(REFUSED, err.key, person_id)
    try:
        outcome = writer.record(cur, request)
    except AppError as err:
        return DoorResult(REFUSED, err.key, person_id, logged=log is not None)
    relatives: tuple[Relative, ...] = ()
    if outcome.kind == rules.CHECKED_IN and with_relatives and status.owns_household:
        # only a household owner's code offers the relatives (household_id is the owner's person_id)
        members = door_status.household_statuses(cur, person_id)
        relatives = tuple(Relative(pid, m.masked_name, m.risk_level) for pid, m in members)
    kind = rules.Outcome(outcome.kind)  # the rules' own outcome: the door adds its verdicts above
    return DoorResult(kind, f"door.{kind}", person_id, outcome=outcome, relatives=relatives, logged=log is not None, **described)


def decide(
    cur: duckdb.DuckDBPyConnection,
    user: User,
    venue_id: str,
    person_id: int,
    decision: str,
    mode: str = rules.AUTO,
    method: str = "staff_scan",
    window_seconds: int = 120,
    now: datetime | None = None,
) -> DoorResult:
    """The guard's choice for a held red person, recorded either way in door_decisions (and audited):
    ADMIT records the visit, REFUSE records only the decision. Never raises for a venue outside the
    guard's scope or not accepting check-ins: the refusal is the result."""
    if decision not in (ADMIT, REFUSE):
        raise InvalidInputError("val.door_decision", field="decision")
    status = door_status.status_of(cur, person_id)
    at = now or now_utc()
    try:
        get_venue(cur, scope_for(user), venue_id)
        if decision == ADMIT:
            result = record(cur, user, venue_id, person_id, mode, method, window_seconds, at, decided=True)
            if result.kind != rules.CHECKED_IN:
                return result
            checkin_id = result.outcome.checkin_id if result.outcome else None
        else:
            checkin_id = None
            result = DoorResult(
                TURNED_AWAY,
                f"door.{TURNED_AWAY}",
                person_id,
                status.masked_name,
                status.risk_level,
                status.reasons,
                rules.ScanOutcome(TURNED_AWAY, None, at),
                instruction=status.door_instruction,
            )
    except AppError as err:
        return DoorResult(REFUSED, err.key, person_id)
    cause = status.cause or door_status.DECLARATION
    cur.execute(
        "INSERT INTO door_decisions (person_id, venue_id, decided_at, decision, instruction, checkin_id, recorded_by)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [person_id, venue_id, at, decision, cause, checkin_id, user.user_id],
    )
    audit.record(cur, user, f"door_{decision}_red", target=venue_id, row_count=1, details={"person_id": person_id, "cause": cause})
    return result


def recent_refusal(cur: duckdb.DuckDBPyConnection, person_id: int, venue_id: str, since: datetime) -> datetime | None:
    """When the person was last turned away at the venue since `since` (by a guard or a self check-in), or None."""
    row = cur.execute(
        "SELECT max(decided_at) FROM door_decisions WHERE person_id = ? AND venue_id = ? AND decision = 'refuse' AND decided_at >= ?",
        [person_id, venue_id, since],
    ).fetchone()
    return row[0] if row else None


def register_card_holder(
    cur: duckdb.DuckDBPyConnection,
    user: User,
    secret: str,
    venue_id: str,
    card: id_cards.CardData,
    mode: str = rules.AUTO,
    window_seconds: int = 120,
) -> DoorResult:
    """An unknown ID card holder confirmed by the guard: registered at the venue's ward (the card's address as
    the street line), their visit recorded, and their new personal code returned to show or print. Never
    raises a domain error: a venue outside the scope or a card that cannot be registered is a refusal."""
    try:
        venue = get_venue(cur, scope_for(user), venue_id)
        address = declaration_form.Address(venue.scheme, venue.province_code, venue.district_code, venue.ward_code, card.address or "")
        person_id = declarations.register_from_card(cur, secret, card, address)
        row = cur.execute("SELECT code_version FROM people WHERE person_id = ?", [person_id]).fetchone()
        code = tokens.sign(secret, tokens.PERSON, str(person_id), int(row[0]) if row else 1)
    except AppError as err:
        return DoorResult(REFUSED, err.key)
    result = record(cur, user, venue_id, person_id, mode, "id_card", window_seconds)
    return replace(result, personal_code=code)


def same_event(earlier: DoorResult, later: DoorResult) -> bool:
    """Whether a later result only repeats an earlier one (the same code held in front of the camera, a
    second press): the same visit seen again, or the same held or turned-away red person."""
    if earlier.person_id is None or earlier.person_id != later.person_id:
        return False
    if later.kind in (RED_HOLD, ALREADY_TURNED_AWAY):
        return earlier.kind in (RED_HOLD, TURNED_AWAY, ALREADY_TURNED_AWAY) and (earlier.kind != RED_HOLD or later.kind == RED_HOLD)
    if later.kind in (rules.ALREADY_IN, rules.ALREADY_OUT) and earlier.outcome and later.outcome:
        return earlier.outcome.checkin_id == later.outcome.checkin_id
    return False


def as_repeat_of(earlier: DoorResult, later: DoorResult) -> DoorResult:
    """The later result of the same event, still offering what the first one offered (relatives, a new code)."""
    return replace(
        later,
        relatives=later.relatives or earlier.relatives,
        personal_code=later.personal_code or earlier.personal_code,
        settled=earlier.settled,
    )


def waits_for_guard(result: DoorResult) -> bool:
    """Whether the guard still has something to do for a result: decide for a held red person, tick the
    relatives, register an unknown card's holder, hand a new card holder their code. It waits until done, even
    when others are scanned meanwhile (the next person at the door must not wipe the prompt of the last)."""
    if result.settled:
        return False
    return (
        result.kind == RED_HOLD
        or bool(result.relatives)
        or (result.kind == UNKNOWN_CARD and result.card is not None)
        or bool(result.personal_code)
    )


def waiting_for_guard(results: list[DoorResult]) -> list[DoorResult]:
    """The results, newest first, that wait for the guard, one per person or card: a newer result of the same
    person (checked out meanwhile, a card shown twice before it is registered) supersedes an older prompt."""
    seen: set[object] = set()
    waiting = []
    for result in results:
        who = result.person_id if result.person_id is not None else (result.card.id_number if result.card else None)
        if who is not None and who in seen:
            continue
        seen.add(who)
        if waits_for_guard(result):
            waiting.append(result)
    return waiting
