"""The operator command line, run as a real subprocess on a temporary database."""

import subprocess
import sys

from lib.platform.config import PROJECT_ROOT


def _cli(tmp_path, *args, extra_env=None):
    env = {
        "PATH": "/usr/bin:/bin",
        "QRCHECKIN_DATA_DIR": str(tmp_path),
        "QRCHECKIN_DB_PATH": str(tmp_path / "c.duckdb"),
        **(extra_env or {}),
    }
    return subprocess.run([sys.executable, "-m", "lib.cli", *args], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=180)


def test_init_prints_the_admin_password_once_then_is_idempotent(tmp_path):
    first = _cli(tmp_path, "init")
    assert first.returncode == 0, first.stderr
    assert "Mật khẩu (chỉ hiện một lần)" in first.stdout
    again = _cli(tmp_path, "init")
    assert again.returncode == 0 and "Mật khẩu" not in again.stdout
    assert "phiên bản lược đồ" in again.stdout


def test_admin_password_from_environment_is_never_printed(tmp_path):
    result = _cli(tmp_path, "init", extra_env={"QRCHECKIN_ADMIN_PASSWORD": "from-env-secret-1"})
    assert result.returncode == 0
    assert "from-env-secret-1" not in result.stdout


def test_demo_create_user_and_mapping(tmp_path):
    demo = _cli(tmp_path, "demo", "--people", "300", "--venues", "30", "--days", "3", "--seed", "1")
    assert demo.returncode == 0, demo.stderr
    assert "300 người, 30 địa điểm" in demo.stdout
    skipped = _cli(tmp_path, "demo", "--people", "300", "--venues", "30", "--days", "3", "--if-empty")
    assert "bỏ qua" in skipped.stdout
    refused = _cli(tmp_path, "demo", "--people", "300", "--venues", "30", "--days", "3")
    assert refused.returncode == 2 and "--replace" in refused.stderr and "Traceback" not in refused.stderr
    user = _cli(tmp_path, "create-user", "chutich2", "--role", "ward", "--ward", "29911", "--password", "long-password-2")
    assert user.returncode == 0 and "chutich2" in user.stdout
    bad = _cli(tmp_path, "create-user", "x y", "--role", "office", "--password", "long-password-2")
    assert bad.returncode == 2 and "Tên đăng nhập" in bad.stderr
    mapping = tmp_path / "map.csv"
    mapping.write_text("old_ward_code,new_ward_code\n29905,29905\n", encoding="utf-8")
    imported = _cli(tmp_path, "import-ward-mapping", str(mapping))
    assert imported.returncode == 0 and "1 dòng" in imported.stdout


def test_import_venues_reports_rejected_rows(tmp_path):
    assert _cli(tmp_path, "init").returncode == 0
    path = tmp_path / "list.csv"
    path.write_text(
        "ten_dia_diem,loai_hinh,phuong_xa,dia_chi,nguoi_dang_ky,dien_thoai\n"
        "Chợ A,market,Phường 3,1 Lê Lợi,Nguyễn Văn An,0912000001\n"
        "Chợ B,market,Phường 3,2 Lê Lợi,Nguyễn Văn An,123\n",
        encoding="utf-8",
    )
    dry = _cli(tmp_path, "import-venues", str(path), "--dry-run")
    assert dry.returncode == 0 and "Đã nhập 0 địa điểm; 1 dòng lỗi" in dry.stdout and "  3: " in dry.stdout
    real = _cli(tmp_path, "import-venues", str(path))
    assert "Đã nhập 1 địa điểm" in real.stdout
    missing = _cli(tmp_path, "import-venues", str(tmp_path / "nope.csv"))
    assert missing.returncode == 2 and "Không tìm thấy tệp" in missing.stderr
