"""AppTest of the footfall, compliance, risk and home pages for each role that may open them: the figures on
screen are those of the scoped lib queries, ward chairs see only their ward, and changes are audited."""

from datetime import timedelta

from streamlit.testing.v1 import AppTest

from lib.access.scope import scope_for
from lib.analytics import compliance, footfall, hourly_totals
from lib.platform import presentation
from lib.platform.config import PROJECT_ROOT
from lib.platform.i18n import format_number, t
from lib.platform.times import now_utc, to_local
from lib.tracing import risk_queue
from lib.ui import session
from lib.ui.choices import NO_CHOICE  # the option None as Streamlit holds it
from tests.builders import demo_user


def _page(script: str, database, username: str) -> AppTest:
    at = AppTest.from_file(str(PROJECT_ROOT / script), default_timeout=60)
    at.session_state[session.USER] = demo_user(database, username)
    at.session_state[session.LAST_SEEN] = now_utc()
    return at


def _frame(at: AppTest, column: str):
    """The first dataframe on screen that has this column's header (dataframes are not addressable by key)."""
    return next(d.value for d in at.dataframe if H(column) in d.value.columns)


def H(column: str) -> str:
    """The header a column is shown under (lib.platform.presentation)."""
    return presentation.header(column, "vi")


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _month():
    today = to_local(now_utc()).date()
    return footfall.Filters(today - timedelta(days=29), today)


def test_footfall_totals_on_screen_match_the_scoped_queries(demo_env):
    for username in ("vanhoa", "phuong1"):
        at = _page("views/footfall.py", demo_env, username).run()
        assert not at.exception and not at.error
        scope = scope_for(demo_user(demo_env, username))
        with demo_env.cursor() as cur:
            expected = int(footfall.per_day(cur, scope, _month())["checkins"].sum())
            wards = footfall.by_ward(cur, scope, _month())
        assert _metrics(at)[t("ff.total", "vi")] == format_number(expected)
        by_ward = next(d.value for d in at.dataframe if list(d.value.columns) == [H("ward_name"), H("checkins")])
        assert by_ward[H("ward_name")].tolist() == wards["ward_name"].tolist()  # names, not codes
        assert len(at.get("plotly_chart")) >= 7
    assert set(wards["ward_code"]) == {demo_user(demo_env, "phuong1").ward_code}


def test_footfall_category_filter_narrows_every_figure(demo_env):
    at = _page("views/footfall.py", demo_env, "vanhoa").run()
    at.selectbox(key="ff.category").set_value("market").run()
    with demo_env.cursor() as cur:
        expected = footfall.by_category(
            cur, scope_for(demo_user(demo_env, "vanhoa")), footfall.Filters(_month().since, _month().until, category="market")
        )
    on_screen = next(d.value for d in at.dataframe if list(d.value.columns) == [H("category"), H("checkins")])
    assert on_screen[H("checkins")].tolist() == expected["checkins"].tolist() and len(expected) == 1
    assert on_screen[H("category")].tolist() == [t("cat.market", "vi")]
    assert _metrics(at)[t("ff.total", "vi")] == format_number(int(expected["checkins"].sum()))


def test_compliance_for_the_office_ranks_wards_and_saves_expected_counts(demo_env):
    at = _page("views/compliance.py", demo_env, "vanhoa").run()
    assert not at.exception and not at.error
    with demo_env.cursor() as cur:
        as_of = hourly_totals.as_of(cur)
        summary = compliance.ward_summary(cur, scope_for(demo_user(demo_env, "vanhoa")), compliance.Options("2025"), as_of)
    assert _frame(at, "adoption")[H("ward_name")].tolist() == summary["ward_name"].tolist()
    assert _frame(at, "registrant_phone") is not None  # the venues to call, with their phone
    at.button(key="cp.targets_save").click().run()
    assert not at.exception
    with demo_env.cursor() as cur:
        audited = cur.execute("SELECT username FROM audit_log WHERE action = 'set_expected_venues'").fetchall()
    assert audited == [("vanhoa",)]


def test_expected_count_file_goes_through_the_mapping_step_and_saves_only_when_all_rows_are_valid(demo_env):
    """Ward names and everyday category words; a wrong row keeps the import button off, a fixed file saves."""
    at = _page("views/compliance.py", demo_env, "vanhoa").run()
    at.radio(key="cp.scheme").set_value("2021").run()
    bad = "Đơn vị,Nhóm cơ sở,Chỉ tiêu\nPhường 01,Chợ,3\nXã Tân Khánh Đông,Trường học,nhiều\n"
    at.file_uploader(key="cp.targets_file").set_value(("du-kien.csv", bad.encode(), "text/csv")).run()
    boxes = {s.label: s for s in at.selectbox if s.key and s.key.startswith("cp.targets_map.")}
    assert (boxes["Đơn vị"].value, boxes["Nhóm cơ sở"].value, boxes["Chỉ tiêu"].value) == ("ward", NO_CHOICE, "expected")
    assert at.error[0].value.startswith("Chưa có cột nào cho: Loại hình.")
    boxes["Nhóm cơ sở"].select("category").run()
    preview = next(d.value for d in at.dataframe if "Lý do" in d.value.columns)
    assert preview["Lý do"].tolist() == ["", "Chỉ tiêu: “nhiều” không phải số nguyên từ 0 trở lên."]
    assert at.button(key="cp.targets_load").disabled
    good = bad.replace("nhiều", "4")
    at.file_uploader(key="cp.targets_file").set_value(("du-kien.csv", good.encode(), "text/csv")).run()
    next(s for s in at.selectbox if s.label == "Nhóm cơ sở" and s.key.startswith("cp.targets_map.")).select("category").run()
    at.button(key="cp.targets_load").click().run()
    assert not at.exception
    with demo_env.cursor() as cur:
        saved = cur.execute("SELECT ward_code, category, expected FROM expected_venues WHERE scheme = '2021' ORDER BY 1").fetchall()
    assert ("29905", "market", 3) in saved and ("29914", "school", 4) in saved


def test_compliance_for_a_ward_chair_shows_only_their_ward_and_no_target_editor(demo_env):
    at = _page("views/compliance.py", demo_env, "phuong1").run()
    assert not at.exception and not at.error
    chair = demo_user(demo_env, "phuong1")
    summary = _frame(at, "adoption")
    with demo_env.cursor() as cur:
        chair_ward = presentation.ward_names(cur)[chair.ward_code]
    assert summary[H("ward_name")].tolist() == [chair_ward]
    follow = _frame(at, "registrant_phone")
    with demo_env.cursor() as cur:
        wards = {
            r[0]
            for r in cur.execute(
                "SELECT ward_code FROM venues WHERE list_contains(?, venue_id)", [follow[H("venue_id")].tolist()]
            ).fetchall()
        }
    assert wards <= {chair.ward_code}
    assert not at.get("data_editor") and not [b for b in at.button if b.key == "cp.targets_save"]


def test_risk_queue_update_through_the_page_is_audited(demo_env):
    at = _page("views/risk.py", demo_env, "yte").run()
    at.text_input(key="rq.purpose").input("Gọi điện theo dõi").run()
    assert not at.exception and not at.error
    health = demo_user(demo_env, "yte")
    with demo_env.cursor() as cur:
        items = risk_queue.queue(cur, scope_for(health), risk_queue.QueueFilters())
    queue = _frame(at, "followup_id")
    assert queue[H("followup_id")].tolist() == items["followup_id"].tolist()[: len(queue)]
    first = int(queue[H("followup_id")].iloc[0])
    at.session_state["rq.queue"] = {"selection": {"rows": [0], "columns": []}}
    at.run()
    at.selectbox(key=f"rq.edit_status.{first}").set_value("contacted")
    at.text_area(key=f"rq.edit_notes.{first}").input("Đã gọi điện, hẹn xét nghiệm")
    submit = next(b for b in at.button if b.label == t("rq.save", "vi"))
    submit.click().run()
    assert not at.exception
    with demo_env.cursor() as cur:
        row = cur.execute("SELECT status, notes FROM risk_followups WHERE followup_id = ?", [first]).fetchone()
        audited = cur.execute("SELECT username, target FROM audit_log WHERE action = 'update_followup'").fetchall()
    assert row == ("contacted", "Đã gọi điện, hẹn xét nghiệm")
    assert audited == [("yte", str(first))]


def test_a_second_follow_up_opens_with_its_own_values(demo_env):
    at = _page("views/risk.py", demo_env, "yte").run()
    at.text_input(key="rq.purpose").input("Gọi điện theo dõi").run()
    queue = _frame(at, "followup_id")
    first, second = (int(f) for f in queue[H("followup_id")].iloc[:2])
    with demo_env.cursor() as cur:
        second_before = cur.execute("SELECT status, notes FROM risk_followups WHERE followup_id = ?", [second]).fetchone()
    at.session_state["rq.queue"] = {"selection": {"rows": [0], "columns": []}}
    at.run()
    at.selectbox(key=f"rq.edit_status.{first}").set_value("cleared")
    at.text_area(key=f"rq.edit_notes.{first}").input("Đã xét nghiệm, âm tính")
    next(b for b in at.button if b.label == t("rq.save", "vi")).click().run()
    row = _frame(at, "followup_id")[H("followup_id")].tolist().index(second)  # the saved one may have left the list
    at.session_state["rq.queue"] = {"selection": {"rows": [row], "columns": []}}
    at.run()
    assert at.selectbox(key=f"rq.edit_status.{second}").value == second_before[0]  # its own status, not the last one saved
    next(b for b in at.button if b.label == t("rq.save", "vi")).click().run()  # saved as shown
    assert not at.exception
    with demo_env.cursor() as cur:
        second_after = cur.execute("SELECT status, notes FROM risk_followups WHERE followup_id = ?", [second]).fetchone()
    assert second_after[0] == second_before[0] and (second_after[1] or "") == (second_before[1] or "")


def test_risk_queue_of_a_ward_chair_holds_only_their_residents(demo_env):
    at = _page("views/risk.py", demo_env, "phuong1").run()
    at.text_input(key="rq.purpose").input("Theo dõi người dân trong phường").run()
    assert not at.exception and not at.error
    chair = demo_user(demo_env, "phuong1")
    with demo_env.cursor() as cur:
        chair_ward = presentation.ward_names(cur)[chair.ward_code]
    assert set(_frame(at, "followup_id")[H("ward_name")]) <= {chair_ward}


def test_home_shows_each_roles_own_figures_with_links(demo_env):
    expected = {
        "vanhoa": {"home.adoption", "home.silent"},
        "phuong1": {"home.adoption", "home.silent", "home.open_followups"},
        "yte": {"home.open_followups", "home.open_cases"},
        "chosadec": set(),
    }
    for username, keys in expected.items():
        at = _page("views/home.py", demo_env, username).run()
        assert not at.exception
        labels = set(_metrics(at))
        assert {t(k, "vi") for k in keys} <= labels
        others = {"home.adoption", "home.silent", "home.open_followups", "home.open_cases"} - keys
        assert not {t(k, "vi") for k in others} & labels


def test_adoption_counts_only_wards_with_targets_and_the_chart_reads_in_the_rankings_order(demo_env):
    import json

    office = demo_user(demo_env, "vanhoa")
    with demo_env.cursor() as cur:
        as_of = hourly_totals.as_of(cur)
        before = compliance.ward_summary(cur, scope_for(office), compliance.Options("2021"), as_of)
        targeted = before.nlargest(2, "registered")  # two wards get targets, the others none
        for ward in targeted["ward_code"]:
            cur.execute("INSERT INTO expected_venues (scheme, ward_code, category, expected) VALUES ('2021', ?, 'market', 5)", [ward])
        summary = compliance.ward_summary(cur, scope_for(office), compliance.Options("2021"), as_of)
    assert len(summary) > 2 and int(summary["registered"].sum()) > int(targeted["registered"].sum())
    at = _page("views/compliance.py", demo_env, "vanhoa").run()
    at.radio(key="cp.scheme").set_value("2021").run()  # the 2021 wards: several in the demo city
    assert not at.exception and not at.error
    rate = int(targeted["registered"].sum()) / 10
    assert _metrics(at)[t("cp.metric_adoption", "vi")] == f"{rate:.0%}"  # not all registered / 10
    coverage = t(
        "cp.adoption_coverage",
        "vi",
        wards=2,
        total=len(summary),
        registered=format_number(int(targeted["registered"].sum())),
        expected=format_number(10),
    )
    assert coverage in [c.value for c in at.caption]
    table = _frame(at, "adoption")[H("ward_name")].tolist()
    assert table[:2] == sorted(targeted["ward_name"], key=table.index) and table == summary["ward_name"].tolist()
    chart = next(json.loads(c.proto.spec) for c in at.get("plotly_chart") if "cp.chart_rank" in c.proto.id)
    top_down = chart["layout"]["yaxis"]["ticktext"][::-1]  # plotly lists the bottom bar first
    assert top_down == table[: len(top_down)]


def test_weekly_report_page_offers_the_office_a_ward_and_needs_a_reason(demo_env):
    at = _page("views/reports.py", demo_env, "vanhoa").run()
    assert not at.exception and not at.error
    assert at.selectbox(key="rep.ward").value == NO_CHOICE  # the whole city (option None) first
    assert [b.disabled for b in at.get("download_button")] == [True, True]
    at.text_input(key="rep.reason").input("họp giao ban").run()
    assert [b.disabled for b in at.get("download_button")] == [False, False]
    chair = _page("views/reports.py", demo_env, "phuong1").run()
    assert not chair.exception and not [s for s in chair.selectbox if s.key == "rep.ward"]  # their ward only


def test_home_charts_say_so_when_there_are_no_checkins(fresh_db):
    from tests import builders as build

    with fresh_db.cursor() as cur:
        office = build.office(cur)
    for lang in ("vi", "en"):
        at = AppTest.from_file(str(PROJECT_ROOT / "views/home.py"), default_timeout=60)
        at.session_state[session.USER] = office
        at.session_state[session.LAST_SEEN] = now_utc()
        at.session_state[session.LANGUAGE] = lang
        at.run()
        assert not at.exception and not at.get("plotly_chart")
        assert [i.value for i in at.info] == [t("home.no_checkins_today", lang), t("home.no_checkins_recent", lang)]
