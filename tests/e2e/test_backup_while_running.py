"""`python -m lib.cli backup DIR` while the server holds the database: the command hands the job to the
server's maintenance thread and waits; the backup is a complete encrypted copy that opens with the key."""

import subprocess
import sys

from lib.platform import db
from lib.platform.config import PROJECT_ROOT
from tests.e2e.conftest import env_for, sign_in


def test_cli_backup_while_the_server_runs(server, page, demo_folder, tmp_path):
    page.goto(server)
    sign_in(page, "vanhoa", "sadec2021-vanhoa")  # the server has now opened (and holds) the database
    result = subprocess.run(
        [sys.executable, "-m", "lib.cli", "backup", str(tmp_path / "bk")],
        cwd=PROJECT_ROOT,
        env=env_for(demo_folder),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    assert "Máy chủ đang chạy" in result.stdout and "Đã sao lưu" in result.stdout
    made = list((tmp_path / "bk").glob("qrcheckin-*.duckdb"))
    assert len(made) == 1
    copy = db.connect(made[0], (demo_folder / "db.key").read_text().strip())
    try:
        assert copy.execute("SELECT count(*) FROM checkins").fetchone()[0] > 0
        assert copy.execute("SELECT count(*) FROM users WHERE username = 'vanhoa'").fetchone()[0] == 1
    finally:
        copy.close()
