"""AppTest of the tracing page where identity matters: people who share a name stay two people when marked
F1, and registering a case from a phone shows the household and lets the officer pick the member."""

from lib.platform import presentation
from lib.platform.i18n import CATALOGUE, t
from lib.platform.times import now_utc
from lib.tracing import marks
from lib.ui import session
from tests import builders as build
from tests.builders import demo_user
from tests.pages.test_pages import _run


def test_marking_f1_keeps_two_contacts_who_share_a_name(demo_env):
    at = _run("views/tracing.py", demo_env, "yte")
    at.text_input(key="tracing.purpose").input("Truy vết ca bệnh").run()
    case_id = at.selectbox(key="trace.case").value
    at.button(key="trace.run").click().run()
    picked = at.multiselect(key=f"trace.pick.{case_id}").value
    with demo_env.cursor() as cur:
        free = [
            p
            for p in picked
            if not cur.execute("SELECT 1 FROM risk_followups WHERE case_id = ? AND person_id = ?", [case_id, p]).fetchone()
        ][:2]
        assert len(free) == 2, "the demo case needs two contacts without a follow-up"
        cur.execute(
            "UPDATE people SET full_name = 'NGUYỄN VĂN AN', birth_year = 1980, id_last4 = NULL WHERE list_contains(?, person_id)", [free]
        )
    at.button(key="trace.run").click().run()  # the trace now lists two people called NGUYỄN VĂN AN, born 1980
    pick = at.multiselect(key=f"trace.pick.{case_id}")
    assert len({pick.format_func(p) for p in free}) == 2  # told apart on screen
    pick.set_value(free).run()
    at.button(key="trace.mark").click().run()
    assert not at.exception
    with demo_env.cursor() as cur:
        marked = cur.execute(
            "SELECT count(*) FROM risk_followups WHERE case_id = ? AND list_contains(?, person_id)", [case_id, free]
        ).fetchone()[0]
    assert marked == 2


def test_registering_a_case_by_phone_shows_the_household_and_picks_nobody(demo_env):
    with demo_env.cursor() as cur:
        phone, household = cur.execute(
            "SELECT owner_phone, household_id FROM people WHERE person_id NOT IN (SELECT person_id FROM cases)"
            " GROUP BY owner_phone, household_id HAVING count(*) >= 2 ORDER BY household_id LIMIT 1"
        ).fetchone()
        members = [
            r[0] for r in cur.execute("SELECT person_id FROM people WHERE household_id = ? ORDER BY person_id", [household]).fetchall()
        ]
    at = _run("views/tracing.py", demo_env, "yte")
    at.text_input(key="case.query").input(phone)
    at.text_input(key="case.reason").input("Ca dương tính báo từ bệnh viện")
    at.button(key="case.search").click().run()
    pick = at.selectbox(key="case.person")
    assert pick.value is None and len(pick.options) >= len(members)
    assert "case.register" not in [b.key for b in at.button]  # nobody registered before someone is chosen
    person = presentation.header("person_id", "vi")  # the table as people read it (lib.platform.presentation)
    shown = next(d.value for d in at.dataframe if person in d.value.columns and set(members) <= set(d.value[person]))
    assert len(shown) >= 2
    headers = {text for texts in CATALOGUE.values() for text in texts.values()}
    assert set(shown.columns) <= headers, list(shown.columns)  # the walk saw owner_phone and id_last4
    assert pick.label == t("case.pick_person", "vi")  # who becomes the case, not "show the history of"
    pick.select(members[1]).run()
    at.button(key="case.register").click().run()
    assert not at.exception
    with demo_env.cursor() as cur:
        case_id, person_id = cur.execute("SELECT case_id, person_id FROM cases ORDER BY case_id DESC LIMIT 1").fetchone()
    assert person_id == members[1] and at.success[-1].value == t("trace.registered", "vi", case_id=case_id)


def test_a_second_officer_finds_the_marks_awaiting_confirmation_at_the_top_and_confirms_one(demo_env):
    with demo_env.cursor() as cur:
        case_id = cur.execute("SELECT case_id FROM cases WHERE status = 'open' ORDER BY case_id LIMIT 1").fetchone()[0]
        people = [
            r[0]
            for r in cur.execute(
                "SELECT person_id FROM people WHERE person_id NOT IN (SELECT person_id FROM risk_followups) ORDER BY person_id LIMIT 3"
            ).fetchall()
        ]
        mark = marks.mark_f1(cur, demo_user(demo_env, "yte"), case_id, people, confirm_above=2)  # over the limit: pending
        second = build.health(cur, "yte2")
    assert mark.status == marks.PENDING
    asker = _run("views/tracing.py", demo_env, "yte")
    assert f"trace.queue_confirm.{mark.mark_id}" not in [b.key for b in asker.button]  # never the one who asked
    at = _run("views/tracing.py")
    at.session_state[session.USER] = second
    at.session_state[session.LAST_SEEN] = now_utc()
    at.run()
    assert not at.exception
    assert t("trace.queue", "vi", n=1) in [h.value for h in at.subheader]  # without opening the case
    at.button(key=f"trace.queue_confirm.{mark.mark_id}").click().run()
    assert not at.exception and t("trace.marked", "vi", n=3) in [s.value for s in at.success]
    with demo_env.cursor() as cur:
        status, confirmed_by = cur.execute("SELECT status, confirmed_by FROM exposure_marks WHERE mark_id = ?", [mark.mark_id]).fetchone()
        followed = cur.execute("SELECT count(*) FROM risk_followups WHERE mark_id = ?", [mark.mark_id]).fetchone()[0]
    assert (status, confirmed_by, followed) == ("applied", second.user_id, 3)
    assert t("trace.queue", "vi", n=1) not in [h.value for h in at.subheader]


def test_the_f2_table_labels_its_people_f2_not_f1(demo_env):
    at = _run("views/tracing.py", demo_env, "yte")
    at.text_input(key="tracing.purpose").input("Truy vết ca bệnh").run()
    at.button(key="trace.run").click().run()
    at.button(key="trace.f2").click().run()
    assert not at.exception
    level = t("trace.col_level", "vi")
    assert t("trace.f2_title", "vi", n=0) not in [h.value for h in at.subheader], "the demo case's F1 need contacts of their own"
    # dataframes carry no key in AppTest: the F1 call list is the first with a level column, F2 the last
    first, *_, ring = [d.value for d in at.dataframe if level in d.value.columns]
    f1_levels = {t(f"trace.level_{v}", "vi") for v in ("household", "overlap", "after")}
    assert not set(ring[level]) & f1_levels
    assert set(ring[level]) <= {t(f"trace.f2_level_{v}", "vi") for v in ("household", "overlap", "after")}
    assert set(first[level]) <= f1_levels and len(ring) > 0  # the F1 list keeps its levels


def test_case_picker_shows_the_status_label_in_the_page_language(demo_env):
    at = _run("views/tracing.py", demo_env, "yte")
    at.text_input(key="tracing.purpose").input("Truy vết ca bệnh").run()
    options = at.selectbox(key="trace.case").options
    assert options and all("(open)" not in o and "(closed)" not in o for o in options)
    shown = presentation.label("status", "open", "vi")
    assert shown != "open" and any(o.endswith(f"({shown})") for o in options)


def test_contacts_just_marked_show_their_follow_up_in_the_same_run_and_in_the_call_list(demo_env):
    """The walk: the call list exported right after "Đánh dấu F1" said "Chưa" for the people just marked."""
    at = _run("views/tracing.py", demo_env, "yte")
    at.text_input(key="tracing.purpose").input("Truy vết ca bệnh").run()
    case_id = at.selectbox(key="trace.case").value
    at.button(key="trace.run").click().run()
    with demo_env.cursor() as cur:
        followed = {r[0] for r in cur.execute("SELECT person_id FROM risk_followups WHERE status <> 'cleared'").fetchall()}
    pick = at.multiselect(key=f"trace.pick.{case_id}")
    free = [p for p in pick.value if p not in followed][:2]
    assert free, "the demo case needs contacts without a follow-up"
    pick.set_value(free).run()
    at.button(key="trace.mark").click().run()
    assert not at.exception
    name, followup = t("trace.col_full_name", "vi"), t("trace.col_has_followup", "vi")
    shown = next(d.value for d in at.dataframe if followup in d.value.columns)  # the contacts, above the marking
    with demo_env.cursor() as cur:
        names = {r[0] for r in cur.execute("SELECT full_name FROM people WHERE list_contains(?, person_id)", [free]).fetchall()}
    assert set(shown.loc[shown[name].isin(names), followup]) == {t("trace.yes", "vi")}
