"""Command line for operators and tests: `python -m lib.cli COMMAND`.

Uses the same settings and lib functions as the app. While the server holds the database file, commands that
open it stop with a plain message instead of a DuckDB lock trace.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from lib import maintenance
from lib.access import accounts
from lib.access.users import ROLES
from lib.demo import city
from lib.platform import admin_units, db, i18n
from lib.platform.config import Settings, load_settings
from lib.platform.errors import AppError, DatabaseBusyError, NotFoundError
from lib.privacy import backups, retention
from lib.venues import importer


def _say(settings: Settings, key: str, **params: object) -> None:
    print(i18n.t(key, settings.language, **params), flush=True)


def cmd_init(settings: Settings, _args: argparse.Namespace) -> None:
    """Create and migrate the database, load administrative units, create the first admin account."""
    root = db.open_database(settings)
    with db.cursor(root) as cur:
        admin_units.load_units(cur)
        if not db.scalar(cur.execute("SELECT count(*) FROM ward_mapping")):
            admin_units.import_ward_mapping(cur, admin_units.SA_DEC_MAPPING)
        if accounts.user_count(cur) == 0 or not cur.execute("SELECT 1 FROM users WHERE username = 'admin'").fetchone():
            password = settings.admin_password or accounts.random_password()
            # a password printed in a terminal must be replaced at the first sign-in; one the operator chose need not
            accounts.create_user(cur, "admin", password, "admin", "Quản trị hệ thống", must_change_password=not settings.admin_password)
            if settings.admin_password:
                _say(settings, "cli.admin_from_env")
            else:
                _say(settings, "cli.admin_created", password=password)
        _say(settings, "cli.initialised", path=settings.db_path, version=db.schema_version(cur))


def cmd_demo(settings: Settings, args: argparse.Namespace) -> None:
    """Generate demo data (skipped with --if-empty when data exists)."""
    cmd_init(settings, args)
    root = db.open_database(settings)
    with db.cursor(root) as cur:
        if args.if_empty and not db.is_empty(cur):
            _say(settings, "cli.demo_skipped")
            return

        def progress(fraction: float, label: str) -> None:
            bar = "#" * int(fraction * 30)
            print(f"\r[{bar:<30}] {fraction:4.0%} {label:<20}", end="", flush=True)

        summary = city.generate(
            cur,
            settings.resolved_secret(),
            args.people,
            args.venues,
            args.days,
            args.seed,
            checkins=args.checkins,
            replace=args.replace,
            province_wide=args.province,
            progress=progress,
        )
        print()
        _say(settings, "cli.demo_done", people=summary.people, venues=summary.venues, checkins=summary.checkins, seconds=summary.seconds)


def cmd_create_user(settings: Settings, args: argparse.Namespace) -> None:
    """Create an account; the password comes from --password or is asked for without echo."""
    password = args.password or getpass.getpass(i18n.t("signin.password", settings.language) + ": ")
    root = db.open_database(settings)
    with db.cursor(root) as cur:
        accounts.create_user(
            cur,
            args.username,
            password,
            args.role,
            args.full_name or args.username,
            ward_scheme=args.ward_scheme if args.ward else None,
            ward_code=args.ward,
        )
    _say(settings, "cli.user_created", username=args.username, role=args.role)


def cmd_import_ward_mapping(settings: Settings, args: argparse.Namespace) -> None:
    """Import the official old-to-new ward conversion table."""
    root = db.open_database(settings)
    with db.cursor(root) as cur:
        rows = admin_units.import_ward_mapping(cur, Path(args.file))
    _say(settings, "cli.mapping_imported", rows=rows)


def cmd_import_venues(settings: Settings, args: argparse.Namespace) -> None:
    """Import venues from a CSV/XLSX file as the given account (its scope applies); prints rejected rows."""
    path = Path(args.file)
    if not path.exists():
        raise NotFoundError("err.file_missing", path=str(path))
    root = db.open_database(settings)
    with db.cursor(root) as cur:
        row = cur.execute("SELECT user_id FROM users WHERE username = ?", [args.as_user]).fetchone()
        if row is None:
            raise NotFoundError("err.user_unknown", username=args.as_user)
        actor = accounts.load_user(cur, row[0])
        frame = importer.read_table(path.name, path.read_bytes(), max_rows=None)  # the operator's own process: no cap
        results = importer.preview(
            cur, actor, frame, args.province or settings.city_province, args.district or settings.city_district, settings.language
        )
        created = [] if args.dry_run else importer.import_rows(cur, actor, results)
    rejected = [r for r in results if r.reason]
    _say(settings, "cli.imported", n=len(created), rejected=len(rejected))
    for result in rejected:
        print(f"  {result.row}: {result.reason}")


def cmd_purge(settings: Settings, _args: argparse.Namespace) -> None:
    """Delete personal data past the retention period now (the server also does it daily)."""
    root = db.open_database(settings)
    with db.cursor(root) as cur:
        result = retention.purge(cur, settings.retention_days)
    _say(
        settings,
        "cli.purged",
        days=settings.retention_days,
        checkins=result.checkins,
        declarations=result.declarations,
        people=result.people,
        followups=result.risk_followups,
    )


def cmd_backup(settings: Settings, args: argparse.Namespace) -> None:
    """An encrypted backup into a folder; while the server runs, the server takes it (it holds the file)."""
    folder = Path(args.folder)
    try:
        root = db.open_database(settings)
    except DatabaseBusyError:
        _say(settings, "cli.backup_via_server")
        path = maintenance.wait_for_server(settings, folder)
    else:
        with db.cursor(root) as cur:
            path = backups.backup(cur, settings.resolved_db_key(), folder)
    _say(settings, "cli.backup_done", path=path)


def cmd_restore(settings: Settings, args: argparse.Namespace) -> None:
    """Replace the database with a backup (the newest in a folder); the server must be stopped."""
    _refuse_while_running(settings)
    source = backups.restore(settings, Path(args.source))
    root = db.open_database(settings)  # proves the restored file opens with the key and migrates
    with db.cursor(root) as cur:
        version = db.schema_version(cur)
    db.close_database(settings.db_path)
    _say(settings, "cli.restored", path=source, version=version)


def cmd_rotate_db_key(settings: Settings, _args: argparse.Namespace) -> None:
    """Re-encrypt the database and the backups with a new key; the server must be stopped."""
    _refuse_while_running(settings)
    backups.rotate_key(settings)
    db.open_database(load_settings())  # proves the new key opens the file
    db.close_database(settings.db_path)
    _say(settings, "cli.key_rotated")


def _refuse_while_running(settings: Settings) -> None:
    """Opening and closing the file proves no server holds it (DuckDB locks it) before it is replaced."""
    if settings.db_path.exists():
        db.open_database(settings)
        db.close_database(settings.db_path)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m lib.cli", description="QR check-in: operator commands")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("init", help="create/migrate the database and the first admin").set_defaults(func=cmd_init)
    p = sub.add_parser("demo", help="generate demo data for Sa Đéc")
    p.add_argument("--people", type=int, default=200_000)
    p.add_argument("--venues", type=int, default=2_000)
    p.add_argument("--days", type=int, default=30)
    p.add_argument("--seed", type=int, default=2021)
    p.add_argument("--checkins", type=int, default=None, help="total check-ins (default: people x days / 2)")
    p.add_argument("--province", action="store_true", help="spread over every ward of Đồng Tháp")
    p.add_argument("--replace", action="store_true", help="replace existing venues and people")
    p.add_argument("--if-empty", action="store_true", help="do nothing when data exists")
    p.set_defaults(func=cmd_demo)
    p = sub.add_parser("create-user", help="create an account")
    p.add_argument("username")
    p.add_argument("--role", required=True, choices=list(ROLES))
    p.add_argument("--full-name")
    p.add_argument("--ward", help="ward code, for role ward")
    p.add_argument("--ward-scheme", default="2021", choices=["2021", "2025"])
    p.add_argument("--password", help="omit to be asked without echo")
    p.set_defaults(func=cmd_create_user)
    p = sub.add_parser("import-ward-mapping", help="import the official old-to-new ward table (CSV)")
    p.add_argument("file")
    p.set_defaults(func=cmd_import_ward_mapping)
    p = sub.add_parser("import-venues", help="import venues from a CSV or XLSX file")
    p.add_argument("file")
    p.add_argument("--as", dest="as_user", default="admin", help="account whose scope applies (default admin)")
    p.add_argument("--province", default=None, help="province code for rows without one (default: the city)")
    p.add_argument("--district", default=None, help="district code for rows without one (default: the city)")
    p.add_argument("--dry-run", action="store_true", help="only check the rows")
    p.set_defaults(func=cmd_import_venues)
    sub.add_parser("purge", help="delete personal data past the retention period").set_defaults(func=cmd_purge)
    p = sub.add_parser("backup", help="encrypted backup into a folder (works while the server runs)")
    p.add_argument("folder")
    p.set_defaults(func=cmd_backup)
    p = sub.add_parser("restore", help="replace the database with a backup file, or the newest in a folder")
    p.add_argument("source")
    p.set_defaults(func=cmd_restore)
    sub.add_parser("rotate-db-key", help="re-encrypt the database and backups with a new key").set_defaults(func=cmd_rotate_db_key)
    return parser


def main(argv: list[str] | None = None) -> int:
    settings = load_settings()
    args = build_parser().parse_args(argv)
    try:
        args.func(settings, args)
    except AppError as err:
        print(err.message(settings.language), file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
