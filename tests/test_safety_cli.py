"""The safety commands run as a manager would: encrypted by default, password from
CMDESK_PASSWORD, backup/restore/check/password change, errors in words."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from cmdesk.storage import encryption

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "命令行-correct-horse"


def cmdesk(data_dir: Path, *args: str, password: str | None = PASSWORD,
           **extra_env: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if k not in (encryption.ENV_NO_ENCRYPTION, encryption.ENV_PASSWORD)}
    if password is not None:
        env[encryption.ENV_PASSWORD] = password
    env.update(extra_env)
    return subprocess.run([sys.executable, "-m", "cmdesk", "--data-dir", str(data_dir), *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=300, env=env,
                          stdin=subprocess.DEVNULL, check=False)


def _audit_lines(data_dir: Path, action: str, password: str = PASSWORD) -> list[str]:
    """The summaries of one kind of audit line, oldest first, read as the lead would."""
    from sqlalchemy import select

    from cmdesk.models import FileHistory
    from cmdesk.storage.desk import open_desk

    desk = open_desk(data_dir, password)
    try:
        with desk.db.session() as session:
            return list(session.scalars(select(FileHistory.summary)
                                        .where(FileHistory.action == action)
                                        .order_by(FileHistory.seq)))
    finally:
        desk.close()


def test_new_desk_without_a_password_stops_in_words(tmp_path):
    result = cmdesk(tmp_path / "desk", "today", password=None)
    assert result.returncode == 2
    assert "CMDESK_PASSWORD" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "desk" / "cmdesk.sqlite3").exists()


def test_no_encryption_flag_makes_an_unencrypted_desk(tmp_path):
    result = cmdesk(tmp_path / "desk", "--no-encryption", "today", password=None)
    assert result.returncode == 0, result.stderr
    assert encryption.is_plaintext(tmp_path / "desk" / "cmdesk.sqlite3")


def test_backup_check_restore_and_password_change(tmp_path):
    folder = tmp_path / "desk"
    assert cmdesk(folder, "demo", "--clients", "6", "--no-diary").returncode == 0
    assert not encryption.is_plaintext(folder / "cmdesk.sqlite3")
    # a backup to a chosen file, and one into the backups folder
    chosen = tmp_path / "u-disk.sqlite3"
    made = cmdesk(folder, "backup", "-o", str(chosen))
    assert made.returncode == 0, made.stderr
    assert "已备份" in made.stdout and "6 个客户" in made.stdout and chosen.is_file()
    assert cmdesk(folder, "backup").returncode == 0
    assert [line.split("：")[0] for line in _audit_lines(folder, "backup")] == ["手动备份"] * 2
    checked = cmdesk(folder, "check")
    assert checked.returncode == 0, checked.stderr
    assert "完整性检查通过" in checked.stdout and "已加密" in checked.stdout
    assert "备份 1 份" in checked.stdout
    # a wrong password is refused in words
    wrong = cmdesk(folder, "today", password="not-the-password")
    assert wrong.returncode == 2 and "密码不对" in wrong.stderr and "Traceback" not in wrong.stderr
    # restore: the current database is backed up first
    restored = cmdesk(folder, "restore", str(chosen))
    assert restored.returncode == 0, restored.stderr
    assert "恢复前的数据库已备份" in restored.stdout and "6 个客户" in restored.stdout
    assert _audit_lines(folder, "restore") == [f"从备份 {chosen.name} 恢复"]
    # change the password
    changed = cmdesk(folder, "password", "change", CMDESK_NEW_PASSWORD="新密码-battery-staple")
    assert changed.returncode == 0, changed.stderr
    assert cmdesk(folder, "today").returncode == 2
    assert cmdesk(folder, "today", password="新密码-battery-staple").returncode == 0
    assert _audit_lines(folder, "password", "新密码-battery-staple") == ["修改工作台密码"]
    assert len(_audit_lines(folder, "restore", "新密码-battery-staple")) == 1


def test_password_set_encrypts_an_unencrypted_desk(tmp_path):
    folder = tmp_path / "desk"
    assert cmdesk(folder, "--no-encryption", "demo", "--clients", "4", "--no-diary",
                  password=None).returncode == 0
    refused = cmdesk(folder, "today", password=None)
    assert refused.returncode == 2 and "还没有加密" in refused.stderr
    result = cmdesk(folder, "password", "set")
    assert result.returncode == 0, result.stderr
    assert _audit_lines(folder, "password") == ["设置工作台密码并加密"]
    assert not encryption.is_plaintext(folder / "cmdesk.sqlite3")
    listed = cmdesk(folder, "clients", "list")
    assert listed.returncode == 0 and "共 4 个客户" in listed.stderr
    again = cmdesk(folder, "password", "set")
    assert again.returncode == 1 and "password change" in again.stderr
