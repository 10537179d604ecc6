"""AppTest of the venue registry: register, edit, rotate; a ward chair only ever sees their ward."""

import re

from lib.access.scope import scope_for
from lib.platform import presentation
from lib.platform.i18n import t
from lib.ui.choices import NO_CHOICE  # the option None as Streamlit holds it
from lib.venues import lookup, posters
from tests.builders import demo_user
from tests.pages.test_pages import _run


def _fill_new(at, name="Quán cà phê Hoa Sứ", phone="0912 345 678"):
    at.text_input(key="venues.new.name").input(name)
    at.selectbox(key="venues.new.category").select("restaurant")
    at.text_input(key="venues.new.address").input("99 Hùng Vương")
    at.text_input(key="venues.new.registrant_name").input("Trần Thị Mai")
    at.text_input(key="venues.new.registrant_phone").input(phone)
    return at


def test_register_edit_and_rotate(demo_env):
    at = _run("views/venues.py", demo_env, "phuong1")
    assert at.selectbox(key="venues.new.unit.ward").value == "29905"  # the chair's own ward pre-selected
    _fill_new(at).button(key="venues.create").click().run()
    assert not at.exception
    created = re.search(r"([2-9A-Z]{6})", at.success[0].value).group(1)
    with demo_env.cursor() as cur:
        row = cur.execute(
            "SELECT name, ward_code, registrant_phone, default_stay_minutes FROM venues WHERE venue_id = ?", [created]
        ).fetchone()
    assert row == ("Quán cà phê Hoa Sứ", "29905", "0912345678", 60)

    assert at.selectbox(key="venues.pick").value == created  # opened in the detail tab
    at.text_input(key=f"venues.edit.{created}.name").input("Quán cà phê Hoa Sứ 2")
    at.button(key=f"venues.save.{created}").click().run()
    assert [w.value for w in at.warning] == [t("venue.rotate_hint", "vi")]
    at.button(key=f"venues.rotate.{created}").click().run()
    at.button(key=f"venues.rotate.{created}.yes").click().run()
    assert at.success[0].value == t("venue.rotated", "vi", version=2)


def test_the_office_registers_a_venue_in_todays_ward(demo_env):
    """A new venue is placed in the 2025 units (two levels: the merged province, then its wards), stored with
    that scheme, and listed under its ward by the ward filter."""
    at = _run("views/venues.py", demo_env, "vanhoa")
    assert at.selectbox(key="venues.new.unit.province").value == "82"
    assert [s.key for s in at.selectbox if s.key.startswith("venues.new.unit.")] == ["venues.new.unit.province", "venues.new.unit.ward"]
    assert "Phường Sa Đéc" in at.selectbox(key="venues.new.unit.ward").options
    at.selectbox(key="venues.new.unit.ward").select("30214")
    _fill_new(at, name="Nhà văn hoá Tân Dương").button(key="venues.create").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    with demo_env.cursor() as cur:
        row = cur.execute(
            "SELECT scheme, province_code, district_code, ward_code FROM venues WHERE name = 'Nhà văn hoá Tân Dương'"
        ).fetchone()
        listed = lookup.list_venues(cur, scope_for(demo_user(demo_env, "vanhoa")), ward=("2025", "30214"))
    assert row == ("2025", "82", None, "30214")
    assert "Nhà văn hoá Tân Dương" in set(listed["name"])


def test_field_errors_appear_and_nothing_is_saved(demo_env):
    with demo_env.cursor() as cur:
        before = cur.execute("SELECT count(*) FROM venues").fetchone()[0]
    at = _run("views/venues.py", demo_env, "phuong1")
    _fill_new(at, phone="12345").button(key="venues.create").click().run()
    errors = [e.value for e in at.error]
    assert any("Số điện thoại di động không hợp lệ" in e for e in errors)
    assert any(e.startswith(t("val.form_summary", "vi", n=1)) for e in errors)
    with demo_env.cursor() as cur:
        assert cur.execute("SELECT count(*) FROM venues").fetchone()[0] == before


def test_chair_lists_only_own_ward(demo_env):
    at = _run("views/venues.py", demo_env, "phuong1")
    table = at.dataframe[0].value
    ward, code, name = (presentation.header(c, "vi") for c in ("ward_code", "venue_id", "name"))
    assert len(table) > 0 and set(table[ward]) == {_ward_name(demo_env, "29905")}  # names, not codes
    assert set(at.selectbox(key="venues.pick").options) <= {f"{v} — {n}" for v, n in zip(table[code], table[name], strict=True)}


def test_import_tab_previews_and_imports_valid_rows(demo_env):
    csv = (
        "ten_dia_diem,loai_hinh,phuong_xa,dia_chi,nguoi_dang_ky,dien_thoai\n"
        "Quán Bún Bò,restaurant,Phường 1,77 Hùng Vương,Lý Thị Thu,0912000077\n"
        "Quán Lẩu,restaurant,Phường 2,78 Hùng Vương,Lý Thị Thu,0912000078\n"
    ).encode()
    at = _run("views/venues.py", demo_env, "phuong1")
    at.file_uploader(key="venues.import_file").set_value(("ds.csv", csv, "text/csv"))
    at.run()
    assert not at.exception
    assert t("imp.summary", "vi", ok=1, bad=1) in [c.value for c in at.caption]
    preview = next(d.value for d in at.dataframe if "Kết quả" in d.value.columns)
    assert preview["Kết quả"].tolist() == ["Hợp lệ", "Lỗi"]
    assert preview["Lý do"][1].startswith("phuong_xa: ")  # named by the file's own heading
    assert "phường/xã của mình" in preview["Lý do"][1]  # Phường 2 is outside the chair's ward
    at.button(key="venues.import_run").click().run()
    assert at.success[-1].value == t("imp.done", "vi", n=1, rejected=1)
    with demo_env.cursor() as cur:
        assert cur.execute("SELECT ward_code FROM venues WHERE name = 'Quán Bún Bò'").fetchall() == [("29905",)]
        assert cur.execute("SELECT count(*) FROM venues WHERE name = 'Quán Lẩu'").fetchone()[0] == 0


def test_import_mapping_step_lets_the_officer_fix_a_column(demo_env):
    """A file whose phone column has a heading nobody guesses: the mapping step shows it ignored, the preview
    names the missing field by its label, and choosing the field for that column makes the rows valid."""
    csv = "Tên cơ sở,Loại hình,Phường/Xã,Địa chỉ,Người đăng ký,Máy cầm tay\nQuán Ốc,Quán ăn,P.1,9 Lê Lợi,Lý Văn Tư,0912000091\n"
    at = _run("views/venues.py", demo_env, "phuong1")
    at.file_uploader(key="venues.import_file").set_value(("ds.csv", csv.encode(), "text/csv"))
    at.run()
    boxes = {s.label: s for s in at.selectbox if s.key and s.key.startswith("venues.map.")}
    assert boxes["Tên cơ sở"].value == "name" and boxes["Máy cầm tay"].value == NO_CHOICE
    assert at.error[0].value.startswith("Chưa có cột nào cho: Số điện thoại di động người đăng ký.")
    boxes["Máy cầm tay"].select("registrant_phone").run()
    assert not at.error and t("imp.summary", "vi", ok=1, bad=0) in [c.value for c in at.caption]
    at.button(key="venues.import_run").click().run()
    with demo_env.cursor() as cur:
        assert cur.execute("SELECT category, ward_code, registrant_phone FROM venues WHERE name = 'Quán Ốc'").fetchall() == [
            ("restaurant", "29905", "0912000091")
        ]


def test_ward_filter_offers_todays_wards_and_finds_old_venues_under_them(demo_env):
    """The city was reorganised on 1 July 2025: the filter offers the 2025 wards (not the nine 2021 wards), and
    Xã Tân Dương lists the venues still stored under Tân Phú Đông, the 2021 ward that went into it."""
    at = _run("views/venues.py", demo_env, "vanhoa")
    everything = len(at.dataframe[0].value)
    box = at.selectbox(key="venues.f_ward")
    assert box.options == [t("filter.all", "vi"), "Phường Sa Đéc", "Xã Tân Dương"]
    box.select(("2025", "30214")).run()
    filtered = at.dataframe[0].value
    with demo_env.cursor() as cur:
        stored = cur.execute("SELECT count(*) FROM venues WHERE scheme = '2021' AND ward_code = '29923'").fetchone()[0]
    assert 0 < len(filtered) == stored < everything
    assert set(filtered[presentation.header("ward_code", "vi")]) == {_ward_name(demo_env, "29923")}


def _ward_name(demo_env, code: str) -> str:
    with demo_env.cursor() as cur:
        return presentation.ward_names(cur)[code]


def _venue_of_status(demo_env, status, exclude=()):
    """A venue with this status (one is set to it when the demo city has none)."""
    with demo_env.cursor() as cur:
        rows = cur.execute("SELECT venue_id, status FROM venues WHERE category <> 'household' ORDER BY venue_id").fetchall()
        venue_id = next((v for v, s in rows if s == status and v not in exclude), None)
        if venue_id is None:
            venue_id = next(v for v, s in rows if s == "active" and v not in exclude)
            cur.execute("UPDATE venues SET status = ? WHERE venue_id = ?", [status, venue_id])
    return venue_id


def _statuses(demo_env):
    with demo_env.cursor() as cur:
        return dict(cur.execute("SELECT venue_id, status FROM venues").fetchall()), cur.execute(
            "SELECT count(*) FROM audit_log WHERE action = 'venue_status'"
        ).fetchone()[0]


def test_opening_an_active_venue_after_a_suspended_one_changes_nothing(demo_env):
    school = _venue_of_status(demo_env, "suspended")
    restaurant = _venue_of_status(demo_env, "active", exclude=(school,))
    before = _statuses(demo_env)
    at = _run("views/venues.py", demo_env, "vanhoa")
    at.selectbox(key="venues.pick").select(school).run()
    at.selectbox(key="venues.pick").select(restaurant).run()
    at.selectbox(key="venues.pick").select(school).run()
    assert not at.exception
    assert _statuses(demo_env) == before


def test_suspending_a_venue_waits_for_confirmation(demo_env):
    venue_id = _venue_of_status(demo_env, "active")
    at = _run("views/venues.py", demo_env, "vanhoa")
    at.selectbox(key="venues.pick").select(venue_id).run()
    at.selectbox(key=f"venues.status.{venue_id}").select("suspended").run()
    assert _statuses(demo_env)[0][venue_id] == "active"  # choosing is not doing
    at.button(key=f"venues.status_apply.{venue_id}").click().run()
    assert _statuses(demo_env)[0][venue_id] == "active"  # the dialog asks first
    at.button(key=f"venues.status_apply.{venue_id}.cancel").click().run()
    assert _statuses(demo_env)[0][venue_id] == "active"
    # cancelled: the box reads the venue's status again (it kept "Tạm ngừng" under "Đang hoạt động")
    assert at.selectbox(key=f"venues.status.{venue_id}").value == "active"
    assert f"venues.status_apply.{venue_id}" not in [b.key for b in at.button]
    at.selectbox(key=f"venues.status.{venue_id}").select("suspended").run()
    at.button(key=f"venues.status_apply.{venue_id}").click().run()
    at.button(key=f"venues.status_apply.{venue_id}.yes").click().run()
    assert not at.exception
    assert _statuses(demo_env)[0][venue_id] == "suspended"
    assert at.selectbox(key=f"venues.status.{venue_id}").value == "suspended"


def test_after_a_new_code_the_page_shows_it_and_offers_its_poster(demo_env):
    venue_id = _venue_of_status(demo_env, "active")
    at = _run("views/venues.py", demo_env, "vanhoa")
    at.selectbox(key="venues.pick").select(venue_id).run()
    at.button(key=f"venues.rotate.{venue_id}").click().run()
    at.button(key=f"venues.rotate.{venue_id}.yes").click().run()
    assert not at.exception
    with demo_env.cursor() as cur:
        venue = lookup.get_venue(cur, scope_for(demo_user(demo_env, "vanhoa")), venue_id)
        expected = posters.poster_for(cur, demo_env.settings, venue)
    assert at.success[0].value == t("venue.rotated", "vi", version=expected.version)
    assert [image.proto.imgs[0].caption for image in at.get("image")] == [expected.url]
    downloads = [d.proto.id.rsplit("-", 2)[-2:] for d in at.get("download_button") if venue_id in d.proto.id]
    assert downloads == [[f"{kind}.{venue_id}", f"v{expected.version}"] for kind in ("venues.png", "venues.svg", "venues.pdf")]


def test_a_save_writes_only_what_the_officer_changed(demo_env):
    venue_id = _venue_of_status(demo_env, "active")
    at = _run("views/venues.py", demo_env, "vanhoa")
    at.selectbox(key="venues.pick").select(venue_id).run()
    with demo_env.cursor() as cur:  # a colleague changes the phone while the form is open
        cur.execute("UPDATE venues SET registrant_phone = '0987000111' WHERE venue_id = ?", [venue_id])
    at.number_input(key=f"venues.edit.{venue_id}.capacity").set_value(77).run()
    at.button(key=f"venues.save.{venue_id}").click().run()
    assert not at.exception and at.success[-1].value == t("venue.saved", "vi")
    with demo_env.cursor() as cur:
        row = cur.execute("SELECT capacity, registrant_phone FROM venues WHERE venue_id = ?", [venue_id]).fetchone()
    assert row == (77, "0987000111")


def test_a_negative_capacity_is_refused_in_the_page_language(demo_env):
    at = _run("views/venues.py", demo_env, "phuong1")
    _fill_new(at, name="Nhà văn hóa khu phố 3")
    at.number_input(key="venues.new.capacity").set_value(-5).run()
    at.button(key="venues.create").click().run()
    assert not at.exception
    assert t("val.capacity", "vi") in [e.value for e in at.error]
    with demo_env.cursor() as cur:
        assert cur.execute("SELECT count(*) FROM venues WHERE name = 'Nhà văn hóa khu phố 3'").fetchone()[0] == 0


def test_linking_staff_lists_them_at_once_and_a_refused_name_stays_typed(demo_env):
    """The walk: after "Gán" the staff list was not redrawn (their revoke button came a run later)."""
    venue_id = _venue_of_status(demo_env, "active")
    at = _run("views/venues.py", demo_env, "vanhoa")
    at.selectbox(key="venues.pick").select(venue_id).run()
    at.text_input(key="venues.staff_existing").input("khong-co-ai")
    next(b for b in at.button if b.label == t("staff.add", "vi")).click().run()
    assert at.error and at.text_input(key="venues.staff_existing").value == "khong-co-ai"  # refused: still typed
    at.text_input(key="venues.staff_existing").input("chosadec")
    next(b for b in at.button if b.label == t("staff.add", "vi")).click().run()
    assert not at.exception and not at.error
    with demo_env.cursor() as cur:
        staff_id = cur.execute("SELECT user_id FROM users WHERE username = 'chosadec'").fetchone()[0]
    assert f"venues.revoke.{staff_id}" in [b.key for b in at.button]
    assert at.text_input(key="venues.staff_existing").value == ""
