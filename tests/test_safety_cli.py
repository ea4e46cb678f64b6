"""The safety commands run as a manager would: encrypted by default, password from
CMDESK_PASSWORD, backup/restore/check/password change, a decrypted copy for IT; errors in
words, never a traceback or a client's data (read-only, immutable, full disk, a busy
folder, a failing save); output masked unless --unmasked."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

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


# --- failures are told in words: read-only, immutable, full disk, busy, no personal data --

def _no_trace(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr and "File \"" not in result.stderr
    assert result.stderr.startswith("错误："), result.stderr


@pytest.fixture
def immutable():
    """Make a file or folder unwritable even for root (chattr +i; chmod when not root);
    everything is made writable again at the end."""
    made: list[Path] = []

    def make(path: Path) -> None:
        if os.geteuid() == 0:
            done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
            if done.returncode != 0:
                pytest.skip("chattr +i is not available here")
        else:
            path.chmod(0o500 if path.is_dir() else 0o400)
        made.append(path)

    yield make
    for path in made:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(path)], check=False)
        else:
            path.chmod(0o700 if path.is_dir() else 0o600)


@pytest.fixture
def small_desk(tmp_path) -> Path:
    folder = tmp_path / "desk"
    assert cmdesk(folder, "demo", "--clients", "3", "--no-diary").returncode == 0
    return folder


def test_an_immutable_database_is_told_in_words(small_desk, immutable):
    immutable(small_desk / "cmdesk.sqlite3")
    result = cmdesk(small_desk, "profile", "set", "--name", "新名字")
    _no_trace(result)
    assert "只读" in result.stderr or "不可修改" in result.stderr


def test_a_read_only_data_folder_is_told_in_words(small_desk, immutable):
    immutable(small_desk)
    result = cmdesk(small_desk, "backup")
    _no_trace(result)
    assert str(small_desk) in result.stderr


def test_a_full_disk_is_told_in_words_and_leaves_no_half_backup(small_desk, tmp_path):
    inject = tmp_path / "full-disk"
    inject.mkdir()
    (inject / "sitecustomize.py").write_text(
        "import errno, os\n"
        "def _full(fd):\n"
        "    raise OSError(errno.ENOSPC, 'No space left on device')\n"
        "os.fsync = _full\n", encoding="utf-8")
    before = sorted(p.name for p in (small_desk / "backups").iterdir())
    result = cmdesk(small_desk, "backup", PYTHONPATH=str(inject))
    _no_trace(result)
    assert "磁盘空间已满" in result.stderr
    assert sorted(p.name for p in (small_desk / "backups").iterdir()) == before


def test_a_second_program_on_the_folder_waits_or_is_refused_in_words(small_desk):
    from cmdesk.storage.lock import DeskLock

    # two commands at once: the second waits for the first, both finish
    env = {k: v for k, v in os.environ.items() if k != encryption.ENV_NO_ENCRYPTION}
    env[encryption.ENV_PASSWORD] = PASSWORD
    both = [subprocess.Popen([sys.executable, "-m", "cmdesk", "--data-dir", str(small_desk),
                              "backup"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outcomes = [process.communicate(timeout=300) for process in both]
    assert [process.returncode for process in both] == [0, 0], outcomes
    assert len(_audit_lines(small_desk, "backup")) == 2
    # a program that keeps the folder (the window) makes a command give up in words
    holder = DeskLock(small_desk).acquire()
    try:
        refused = cmdesk(small_desk, "backup")
    finally:
        holder.release()
    _no_trace(refused)
    assert "正在被另一个程序使用" in refused.stderr
    assert len(_audit_lines(small_desk, "backup")) == 2  # nothing was done


CANARY_ID = "110105194912310021"
CANARY_PHONE = "13912345678"


def test_a_failing_save_never_shows_personal_data(tmp_path):
    folder = tmp_path / "desk"
    assert cmdesk(folder, "--no-encryption", "profile", "show", password=None).returncode == 0
    with sqlite3.connect(folder / "cmdesk.sqlite3") as connection:  # a save the file refuses
        for event in ("INSERT", "UPDATE"):
            connection.execute(f"CREATE TRIGGER refuse_profile_{event} BEFORE {event} ON settings "
                               "WHEN NEW.key = 'profile' "
                               "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END")
    result = cmdesk(folder, "--no-encryption", "profile", "set", "--name", "王小明",
                    "--employee-id", CANARY_ID, "--branch", CANARY_PHONE, "--unmasked",
                    password=None)
    _no_trace(result)
    assert "没有保存" in result.stderr
    logs = "".join(path.read_text(encoding="utf-8") for path in (folder / "logs").iterdir())
    for canary in (CANARY_ID, CANARY_PHONE):
        assert canary not in result.stderr and canary not in result.stdout and canary not in logs


def test_cli_output_is_masked_unless_unmasked_which_is_audited(small_desk):
    listed = json.loads(cmdesk(small_desk, "clients", "list", "--json").stdout)
    client = listed[0]["id"]
    full = cmdesk(small_desk, "clients", "show", client, "--json", "--unmasked")
    assert full.returncode == 0, full.stderr
    phones = [person["phone"] for person in json.loads(full.stdout)["contacts"] if person["phone"]]
    assert phones
    shown = cmdesk(small_desk, "clients", "show", client, "--json")
    data = json.loads(shown.stdout)
    assert data["client"]["id"] == client  # record ids are left whole
    for phone in phones:
        assert phone not in shown.stdout and f"{phone[:3]}****{phone[-4:]}" in shown.stdout
    assert _audit_lines(small_desk, "view_unmasked") == [
        "命令行显示未隐去的个人信息：cmdesk clients show"]


def test_export_plain_writes_a_decrypted_copy_once_and_audits_it(small_desk, tmp_path):
    target = tmp_path / "for-it.sqlite3"
    made = cmdesk(small_desk, "export-plain", "-o", str(target))
    assert made.returncode == 0, made.stderr
    assert encryption.is_plaintext(target) and not encryption.is_plaintext(
        small_desk / "cmdesk.sqlite3")
    with sqlite3.connect(target) as connection:
        assert connection.execute("SELECT count(*) FROM clients").fetchone()[0] == 3
    before = target.read_bytes()
    again = cmdesk(small_desk, "export-plain", "-o", str(target))
    assert again.returncode == 1 and "已经存在" in again.stderr and "Traceback" not in again.stderr
    assert target.read_bytes() == before
    assert _audit_lines(small_desk, "export") == [f"导出未加密的数据库副本：{target}"]
