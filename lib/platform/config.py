"""Settings in one place: defaults, then `.streamlit/secrets.toml`, then `QRCHECKIN_*` environment variables.

Every setting is listed in SETTINGS with its default and meaning; the README's configuration table is kept in
sync by a test. Secrets (database key, signing secret) are generated on first use into the data folder with
owner-only permissions unless they are given, so nothing secret ever has to live in the repository.
"""

from __future__ import annotations

import os
import secrets
import tomllib
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]

# name -> (default, description). Defaults are strings so the README table shows them as typed.
SETTINGS: dict[str, tuple[str, str]] = {
    "DATA_DIR": ("data", "Folder for the database file and the generated key files"),
    "DB_PATH": ("data/qrcheckin.duckdb", "The DuckDB database file"),
    "DB_KEY": ("", "Database encryption key; empty: generated into `DATA_DIR/db.key` (mode 600)"),
    "SECRET": ("", "HMAC secret that signs QR tokens; empty: generated into `DATA_DIR/signing.key` (mode 600)"),
    "PUBLIC_URL": ("http://localhost:8501", "Public address printed in venue poster QR codes"),
    "ISSUING_AUTHORITY": ("UBND thành phố Sa Đéc", "Issuing authority printed on venue posters"),
    "ADMIN_PASSWORD": ("", "Password of the first `admin` account; empty: a random one printed once"),
    "LANGUAGE": ("vi", "Default interface language (`vi` or `en`)"),
    "CITY_PROVINCE": ("87", "Province code (2021 scheme) of the city this server serves"),
    "CITY_DISTRICT": ("867", "District code (2021 scheme) of the city this server serves (Sa Đéc)"),
    "IDLE_TIMEOUT_MINUTES": ("30", "Signed-in users are signed out after this many idle minutes"),
    "MAX_FAILED_LOGINS": ("5", "Failed sign-ins in a row before an account is locked"),
    "LOCKOUT_MINUTES": ("15", "How long a locked account stays locked"),
    "TRUSTED_PROXIES": (
        "127.0.0.1,::1",
        "Addresses (or networks) of reverse proxies whose X-Forwarded-For is believed for the client address of rate limits",
    ),
    "RETENTION_DAYS": ("30", "Personal data older than this is purged"),
    "BACKUP_DIR": ("", "Folder of the daily encrypted backups, deleted after the retention period (empty: `backups` in DATA_DIR)"),
    "MAINTENANCE_HOUR": (
        "2",
        "Local hour of the daily purge, venue-order rewrite and backup (also a minute after start-up); -1 turns the schedule off",
    ),
    "DECODER": ("zxing", "QR decoder for photos and webcam frames: `zxing` (faster, more robust) or `pyzbar`"),
    "ICE_SERVERS": ("[]", "WebRTC ICE servers as JSON (empty: LAN/loopback only, no public STUN; add TURN across networks)"),
    "SCANNER": (
        "browser",
        "Door scanner: `browser` (decoded in the browser by zxing-wasm, only the text sent) or `server` (video over WebRTC)",
    ),
    "SCAN_MAX_AGE_MINUTES": (
        "120",
        "A scan queued offline in the browser is recorded at its time if it arrives within this many minutes, else refused",
    ),
    "SCAN_WINDOW_SECONDS": ("120", "A second scan of the same person at the same venue within this many seconds is the same event"),
    "TRACE_MIN_OVERLAP_MINUTES": ("15", "Contact tracing: a stay overlapping the case's by at least this many minutes makes an F1 contact"),
    "TRACE_AFTER_MINUTES": ("60", "Contact tracing: arriving within this many minutes after the case left is a lower-level contact"),
    "TRACE_CONFIRM_ABOVE": (
        "20",
        "F1 contacts of one case marked in a day (Vietnam time) beyond this need a second health officer's confirmation",
    ),
    "HEALTH_HOTLINE": ("1900 9095", "Health hotline printed on venue posters and in the contact SMS text"),
    "SELF_CHECKIN_PER_MINUTE": (
        "6000",
        "Self check-ins per minute from all phones together; size it above the deployment's peak (a province's morning: 80 a second, 4800)",
    ),
    "SELF_CHECKIN_PER_VENUE_MINUTE": (
        "120",
        "Self check-ins per minute at one venue (a busy market gate fits); stops a script flooding one venue with codes",
    ),
    "DB_THREADS": ("2", "Threads DuckDB may use for heavy work (analytics, tracing, jobs); small statements run on one"),
    "DB_MEMORY_LIMIT": ("1GB", "DuckDB memory limit"),
}

_INT_SETTINGS = {
    "SCAN_WINDOW_SECONDS",
    "SCAN_MAX_AGE_MINUTES",
    "IDLE_TIMEOUT_MINUTES",
    "MAX_FAILED_LOGINS",
    "LOCKOUT_MINUTES",
    "RETENTION_DAYS",
    "DB_THREADS",
    "MAINTENANCE_HOUR",
    "TRACE_MIN_OVERLAP_MINUTES",
    "TRACE_AFTER_MINUTES",
    "TRACE_CONFIRM_ABOVE",
    "SELF_CHECKIN_PER_MINUTE",
    "SELF_CHECKIN_PER_VENUE_MINUTE",
}


@dataclass(frozen=True)
class Settings:
    """Resolved settings; paths are absolute so tests and the CLI agree on the files."""

    data_dir: Path
    db_path: Path
    db_key: str
    secret: str
    public_url: str
    issuing_authority: str
    admin_password: str
    language: str
    city_province: str
    city_district: str
    idle_timeout_minutes: int
    max_failed_logins: int
    lockout_minutes: int
    trusted_proxies: str
    retention_days: int
    backup_dir: Path
    maintenance_hour: int
    decoder: str
    ice_servers: str
    scanner: str
    scan_max_age_minutes: int
    scan_window_seconds: int
    trace_min_overlap_minutes: int
    trace_after_minutes: int
    trace_confirm_above: int
    health_hotline: str
    self_checkin_per_minute: int
    self_checkin_per_venue_minute: int
    db_threads: int
    db_memory_limit: str

    def resolved_db_key(self) -> str:
        """The encryption key, created on first use when none was configured."""
        return self.db_key or _key_file(self.data_dir / "db.key")

    def ice_server_list(self) -> list[dict]:
        """The ICE servers for streamlit-webrtc; a malformed value means none (LAN only) rather than a crash."""
        import json

        try:
            value = json.loads(self.ice_servers or "[]")
        except ValueError:
            return []
        return value if isinstance(value, list) else []

    def self_checkin_limits(self) -> dict[str, int]:
        """The self check-in limits sized for this deployment (lib.access.rate_limits `sized`)."""
        return {"all": self.self_checkin_per_minute, "venue": self.self_checkin_per_venue_minute}

    def trusted_proxy_list(self) -> list[str]:
        """TRUSTED_PROXIES as a list of addresses or networks."""
        return [p.strip() for p in self.trusted_proxies.split(",") if p.strip()]

    def resolved_secret(self) -> str:
        """The token signing secret, created on first use when none was configured."""
        return self.secret or _key_file(self.data_dir / "signing.key")


def _key_file(path: Path) -> str:
    """Read a key file, or create it owner-only (0600) so no other local user can read it."""
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(value + "\n")
    return value


def _secrets_toml() -> dict[str, str]:
    """Values from `.streamlit/secrets.toml` (keys in lower case without the prefix), if the file exists."""
    path = PROJECT_ROOT / ".streamlit" / "secrets.toml"
    if not path.exists():
        return {}
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    return {str(k).upper(): str(v) for k, v in data.items() if not isinstance(v, dict)}


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """Resolve every setting: default < secrets.toml < QRCHECKIN_* environment variable."""
    env = os.environ if environ is None else environ
    values = {name: default for name, (default, _) in SETTINGS.items()}
    values.update({k: v for k, v in _secrets_toml().items() if k in SETTINGS})
    for name in SETTINGS:
        if f"QRCHECKIN_{name}" in env:
            values[name] = env[f"QRCHECKIN_{name}"]
    data_dir = _absolute(values["DATA_DIR"])
    db_path = _absolute(values["DB_PATH"])
    kwargs: dict[str, object] = {name.lower(): values[name] for name in SETTINGS}
    backup_dir = _absolute(values["BACKUP_DIR"]) if values["BACKUP_DIR"] else data_dir / "backups"
    kwargs.update(data_dir=data_dir, db_path=db_path, backup_dir=backup_dir)
    for name in _INT_SETTINGS:
        kwargs[name.lower()] = int(values[name])
    return Settings(**kwargs)  # type: ignore[arg-type]


def _absolute(value: str) -> Path:
    path = Path(value)
    return path if path.is_absolute() else PROJECT_ROOT / path
