"""The layer rules of DESIGN.md, enforced: lib never imports streamlit (except lib/ui), pages never touch
duckdb or SQL, every page guards itself, and the legacy `pages/` trap stays closed."""

import ast
from pathlib import Path

from lib.access import permissions
from lib.platform.config import PROJECT_ROOT
from lib.ui.navigation import PAGES


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_lib_does_not_import_streamlit_outside_ui():
    offenders = [
        p
        for p in (PROJECT_ROOT / "lib").rglob("*.py")
        if "ui" not in p.relative_to(PROJECT_ROOT / "lib").parts[:1] and "streamlit" in _imports(p)
    ]
    assert offenders == []


def test_pages_do_not_import_duckdb_or_hold_sql():
    scripts = [*list((PROJECT_ROOT / "views").glob("*.py")), PROJECT_ROOT / "app.py"]
    for script in scripts:
        assert "duckdb" not in _imports(script), script
        text = script.read_text(encoding="utf-8").upper()
        for keyword in ("SELECT ", "INSERT ", "UPDATE ", "DELETE "):
            assert keyword not in text, f"{script.name} holds SQL"


def test_every_page_exists_and_checks_its_own_permission():
    assert set(PAGES) == set(permissions.PAGE_ROLES)
    for key in PAGES:
        script = PROJECT_ROOT / "views" / f"{key}.py"
        assert f'guards.require_page("{key}")' in script.read_text(encoding="utf-8"), key


def test_no_legacy_pages_directory_beside_app():
    # Streamlit 1.67 runs a folder named pages/ beside app.py in legacy mode, bypassing app.py on deep links.
    assert not (PROJECT_ROOT / "pages").exists()
