"""Administrative units in both schemes and the old-to-new ward mapping import."""

import pytest

from lib.platform import admin_units
from lib.platform.errors import InvalidInputError, NotFoundError


def test_both_schemes_loaded_with_official_codes(fresh_db):
    with fresh_db.cursor() as cur:
        counts = dict(((s, lvl), n) for s, lvl, n in cur.execute("SELECT scheme, level, count(*) FROM admin_units GROUP BY ALL").fetchall())
        assert counts[("2021", "province")] == 63 and counts[("2025", "province")] == 34
        assert counts[("2025", "ward")] == 3321 and counts[("2021", "ward")] > 10_000
        sa_dec = dict(admin_units.wards(cur, "2021", "867"))
        assert sa_dec["29905"] == "Phường 1" and sa_dec["29923"] == "Xã Tân Phú Đông" and len(sa_dec) == 9
        assert admin_units.unit_name(cur, "2025", "ward", "29905") == "Phường Sa Đéc"
        assert admin_units.ward_belongs(cur, "2021", "29905", "867")
        assert not admin_units.ward_belongs(cur, "2021", "29905", "866")
        assert ("87", "Tỉnh Đồng Tháp") in admin_units.provinces(cur, "2021")
        assert ("82", "Tỉnh Đồng Tháp") in admin_units.provinces(cur, "2025")
        assert admin_units.load_units(cur) == sum(counts.values())  # second load is a no-op
        with pytest.raises(NotFoundError, match="No administrative unit"):
            admin_units.unit_name(cur, "2021", "ward", "00000")


def test_mapping_import_with_bom_extra_columns_and_reimport(fresh_db, tmp_path):
    path = tmp_path / "map.csv"
    path.write_text(
        "\ufeffold_ward_code,new_ward_code,merge_type,old_ward_name\n"
        "00001,00097,full,Phường Phúc Xá\n00007,00008,partial,Phường Cống Vị\n00007,00025,partial,x\n\n",
        encoding="utf-8",
    )
    with fresh_db.cursor() as cur:
        assert admin_units.import_ward_mapping(cur, path) == 3
        assert admin_units.new_wards_of(cur, "00007") == ["00008", "00025"]
        path.write_text("old_ward_code,new_ward_code\n00007,00008\n", encoding="utf-8")
        assert admin_units.import_ward_mapping(cur, path) == 1
        assert admin_units.new_wards_of(cur, "00007") == ["00008"]
        assert admin_units.new_wards_of(cur, "29923") == ["30214"]


def test_mapping_import_errors(fresh_db, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("old,new\n1,2\n", encoding="utf-8")
    with fresh_db.cursor() as cur:
        with pytest.raises(InvalidInputError, match="old_ward_code and new_ward_code"):
            admin_units.import_ward_mapping(cur, bad)
        with pytest.raises(NotFoundError, match="File not found"):
            admin_units.import_ward_mapping(cur, tmp_path / "missing.csv")
