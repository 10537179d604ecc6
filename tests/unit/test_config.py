"""Settings: precedence, generated secrets, and the README table kept in sync."""

import re

from lib.platform.config import PROJECT_ROOT, SETTINGS, load_settings


def test_defaults_and_environment_override(tmp_path):
    defaults = load_settings({})
    assert defaults.db_path == PROJECT_ROOT / "data" / "qrcheckin.duckdb"
    assert defaults.language == "vi" and defaults.retention_days == 30
    custom = load_settings({"QRCHECKIN_DB_PATH": str(tmp_path / "x.duckdb"), "QRCHECKIN_IDLE_TIMEOUT_MINUTES": "5"})
    assert custom.db_path == tmp_path / "x.duckdb"
    assert custom.idle_timeout_minutes == 5


def test_secrets_are_generated_once_owner_only(tmp_path):
    settings = load_settings({"QRCHECKIN_DATA_DIR": str(tmp_path)})
    secret = settings.resolved_secret()
    assert len(secret) >= 40 and secret == settings.resolved_secret()
    assert (tmp_path / "signing.key").stat().st_mode & 0o777 == 0o600
    given = load_settings({"QRCHECKIN_DATA_DIR": str(tmp_path), "QRCHECKIN_SECRET": "given"})
    assert given.resolved_secret() == "given"


def test_every_setting_is_documented_in_the_readme():
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `QRCHECKIN_([A-Z_]+)` \|", readme, flags=re.MULTILINE))
    assert documented == set(SETTINGS)
    for name, (default, _) in SETTINGS.items():
        row = next(line for line in readme.splitlines() if line.startswith(f"| `QRCHECKIN_{name}` |"))
        assert f"`{default}`" in row or (default == "" and "(empty)" in row), name


def test_secrets_never_in_the_repository():
    ignored = (PROJECT_ROOT / ".gitignore").read_text(encoding="utf-8")
    for pattern in ("data/*.key", "data/*.duckdb", ".streamlit/secrets.toml"):
        assert pattern in ignored


def test_every_setting_is_read_somewhere():
    """A setting nobody reads is a promise the server does not keep (QRCHECKIN_TIMEZONE changed nothing)."""
    from dataclasses import fields

    from lib.platform.config import Settings

    sources = [p.read_text(encoding="utf-8") for folder in ("lib", "views") for p in (PROJECT_ROOT / folder).rglob("*.py")]
    code = "\n".join([*sources, (PROJECT_ROOT / "app.py").read_text(encoding="utf-8")])
    unread = [f.name for f in fields(Settings) if not re.search(rf"\.{f.name}\b", code)]
    assert unread == []
