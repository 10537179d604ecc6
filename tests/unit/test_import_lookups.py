"""What an import looks up once instead of per row (issue 21: a 2,000-row file took over a minute to check):
the administrative units under a parent, remembered per database, and the registry's venues per ward. The
remembered answers must say what the database says."""

import os
from dataclasses import replace

from lib.platform import admin_units, db
from lib.platform.config import load_settings
from lib.venues import importer, registry
from tests import builders as build


def test_units_asked_for_before_they_are_loaded_are_found_once_loaded(tmp_path):
    settings = load_settings({**os.environ, "QRCHECKIN_DATA_DIR": str(tmp_path), "QRCHECKIN_DB_PATH": str(tmp_path / "u.duckdb")})
    root = db.open_database(settings)
    try:
        with db.cursor(root) as cur:
            assert admin_units.wards(cur, "2021", "867") == []  # an empty answer is not remembered
            admin_units.load_units(cur)
            wards = admin_units.wards(cur, "2021", "867")
            assert ("29905", "Phường 1") in wards and ("29914", "Xã Tân Khánh Đông") in wards
            wards.append(("x", "y"))  # a caller's list is its own
            assert ("x", "y") not in admin_units.wards(cur, "2021", "867")
            assert admin_units.ward_belongs(cur, "2021", "29905", "867")
            assert not admin_units.ward_belongs(cur, "2021", "29905", "866")
            assert admin_units.ward_belongs_district(cur, "867", "87") and not admin_units.ward_belongs_district(cur, "867", "86")
    finally:
        db.close_database(settings.db_path)


def test_an_import_finds_the_registrys_duplicates_as_the_form_does(fresh_db):
    with fresh_db.cursor() as cur:
        office = build.office(cur)
        first = build.venue_input(name="Chợ Phường 1", address="12 Nguyễn Huệ")
        registry.create_venue(cur, office, first)
        twin = registry.create_venue(cur, office, first, confirm_duplicate=True)
        same = replace(first, name="CHỢ PHƯỜNG 1", address="12 nguyen hue")
        known = registry.KnownVenues(cur)
        assert known.duplicates(same) == registry.likely_duplicates(cur, same)
        assert len(known.duplicates(same)) == 2 and any(twin in name for name in known.duplicates(same))
        other = replace(same, address="14 Nguyễn Huệ")
        assert known.duplicates(other) == registry.likely_duplicates(cur, other) == []
        rows = importer.read_file(
            "a.csv",
            "Tên cơ sở,Loại hình,Phường/Xã,Địa chỉ,Người đăng ký,Số điện thoại\n"
            "Chợ Phường 1,Chợ,P.1,12 Nguyễn Huệ,Lê Văn An,0912345601\n"
            "Chợ Phường 1,Chợ,P.1,14 Nguyễn Huệ,Lê Văn An,0912345601\n".encode(),
        )
        results = importer.preview(cur, office, rows.frame, "87", "867")
        assert [r.reason is None for r in results] == [False, True]
        assert results[0].reason is not None and "Chợ Phường 1 (" in results[0].reason
