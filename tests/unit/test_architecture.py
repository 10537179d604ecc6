"""The layer rules of DESIGN.md, enforced: lib never imports streamlit (except lib/ui), lib's packages import
only downwards in their order, `__init__.py` files hold a docstring only, pages never touch duckdb or SQL, every
page guards itself, and the legacy `pages/` trap stays closed."""

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


# lib's packages from the bottom up: a package may import its own modules and those of lower tiers, never a higher
# one. Entries of one tier (cli and maintenance, the two entry points) may import each other, but not in a cycle.
PACKAGE_ORDER: list[tuple[str, ...]] = [
    ("platform",),
    ("access",),
    ("codes",),
    ("people",),
    ("venues",),
    ("checkins",),
    ("tracing",),
    ("analytics",),
    ("privacy",),
    ("demo",),
    ("cli", "maintenance"),
    ("ui",),
]
TIER = {package: tier for tier, packages in enumerate(PACKAGE_ORDER) for package in packages}
LIB = PROJECT_ROOT / "lib"


def _package_of(path: Path) -> str:
    """The lib package a file belongs to: its first folder under lib/, or the module's name (cli, maintenance)."""
    first = path.relative_to(LIB).parts[0]
    return first.removesuffix(".py")


def _lib_imports(path: Path) -> list[tuple[int, str]]:
    """(line, lib package) of every import of lib in a file, function-local imports included."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}:{node.lineno}: relative import (write lib.<package>...)"
            # `from lib import platform` names the package in the imported names
            modules = [f"lib.{a.name}" for a in node.names] if node.module == "lib" else [node.module or ""]
        else:
            continue
        found += [(node.lineno, m.split(".")[1]) for m in modules if m.startswith("lib.")]
    return found


def _lib_files() -> list[Path]:
    return [p for p in LIB.rglob("*.py") if p.relative_to(LIB).parts != ("__init__.py",)]


def test_every_lib_package_has_its_place_in_the_order():
    packages = {_package_of(p) for p in _lib_files()}
    assert packages == set(TIER)


def test_lib_packages_import_only_lower_ones():
    upward = [
        f"{p.relative_to(PROJECT_ROOT)}:{line} imports lib.{target}"
        for p in _lib_files()
        for line, target in _lib_imports(p)
        if TIER[target] > TIER[_package_of(p)]
    ]
    assert upward == []


def test_no_import_cycle_between_lib_packages():
    edges: dict[str, set[str]] = {package: set() for package in TIER}
    for p in _lib_files():
        edges[_package_of(p)] |= {target for _, target in _lib_imports(p)} - {_package_of(p)}
    for start in TIER:
        paths, seen = [[start]], set()
        while paths:
            path = paths.pop()
            for target in edges[path[-1]]:
                assert target != start, "import cycle: " + " -> ".join(f"lib.{p}" for p in [*path, target])
                if target not in seen:
                    seen.add(target)
                    paths.append([*path, target])


def test_init_files_hold_only_a_docstring():
    for init in LIB.rglob("__init__.py"):
        module = ast.parse(init.read_text(encoding="utf-8"))
        assert ast.get_docstring(module), f"{init} has no docstring"
        assert len(module.body) == 1, f"{init} holds more than its docstring"


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


MAX_LIB_MODULE_LINES = 300  # DESIGN.md: lib modules stay under about 300 lines; split by sub-topic before that


def test_no_lib_module_exceeds_300_lines():
    too_long = {
        str(p.relative_to(PROJECT_ROOT)): lines
        for p in LIB.rglob("*.py")
        if (lines := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LIB_MODULE_LINES
    }
    assert too_long == {}
