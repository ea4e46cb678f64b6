"""Backups and restore: online backup API, checked before anything is replaced, atomic,
thinned like Anki's, copied to a second folder, and a restore that backs up first."""
from __future__ import annotations

import hashlib
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from cmdesk.errors import (
    CmdeskError,
    DatabaseCorruptError,
    ValidationError,
    WrongPasswordError,
)
from cmdesk.models import Client
from cmdesk.services.clients import count_clients
from cmdesk.storage import backup, encryption
from cmdesk.storage import db as db_module
from cmdesk.storage.backup import (
    BackupInfo,
    BackupKeep,
    BackupSettings,
    backup_due,
    backups_to_keep,
    list_backups,
    make_backup,
    save_backup_settings,
)
from cmdesk.storage.desk import open_desk
from cmdesk.storage.password import change_password
from cmdesk.storage.recovery import restore_backup

PASSWORD = "备份测试-correct-horse"
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _add_client(db, name: str) -> None:
    with db.transaction("测试") as session:
        session.add(Client(kind="company", name=name))


def _clients(desk) -> int:
    with desk.db.session() as session:
        return count_clients(session)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_backup_is_a_checked_copy_with_its_record(desk):
    _add_client(desk.db, "甲公司")
    info = make_backup(desk, "manual")
    assert info.path.parent == desk.paths.backups and info.path.is_file()
    assert info.reason == "manual" and info.clients == 1 and info.entries == 0
    assert info.size == info.path.stat().st_size and not info.encrypted
    connection = db_module.connect(info.path, read_only=True)
    try:
        assert db_module.integrity_problems(connection) == []
        assert connection.execute("SELECT name FROM clients").fetchall() == [("甲公司",)]
    finally:
        connection.close()
    assert list_backups(desk) == [info]
    assert "手动备份" in info.describe() and "1 个客户" in info.describe()
    leftovers = [p.name for p in desk.paths.backups.iterdir() if not p.name.startswith("cmdesk-")]
    assert leftovers == []  # no partial file, no WAL beside a backup


def test_backup_of_an_encrypted_desk_is_encrypted_with_the_same_key(tmp_path):
    desk = open_desk(tmp_path / "desk", PASSWORD, no_encryption=False)
    _add_client(desk.db, "乙公司")
    info = make_backup(desk, "close")
    assert info.encrypted and not encryption.is_plaintext(info.path)
    assert backup.read_backup(info.path).clients == 1
    desk.close()


def test_a_backup_failing_its_check_replaces_nothing(desk, monkeypatch, tmp_path):
    # GIVEN a good earlier backup at the target name
    target = tmp_path / "out" / "mine.sqlite3"
    make_backup(desk, "manual", output=target)
    before = _digest(target)
    _add_client(desk.db, "丙公司")
    # WHEN the new copy fails integrity_check
    monkeypatch.setattr(db_module, "integrity_problems", lambda *_a, **_k: ["第 3 页损坏"])
    with pytest.raises(DatabaseCorruptError, match="完整性检查"):
        make_backup(desk, "manual", output=target)
    # THEN the old backup is byte-identical and no partial file is left
    assert _digest(target) == before
    assert sorted(p.name for p in target.parent.iterdir()) == ["mine.sqlite3", "mine.sqlite3.json"]


def test_a_backup_failing_midway_leaves_no_file_under_the_final_name(desk, monkeypatch):
    def disk_full(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(db_module, "sync_file", disk_full)
    with pytest.raises(OSError):
        make_backup(desk, "manual")
    assert [p for p in desk.paths.backups.iterdir() if p.suffix == ".sqlite3"] == []


def _info(made_at: datetime) -> BackupInfo:
    return BackupInfo(Path(f"/b/{made_at.isoformat()}"), made_at, 1, "periodic", 0, 0, False)


def test_thinning_keeps_recent_then_one_per_day_week_and_month():
    # one backup every 6 hours for 120 days, newest first
    backups = [_info(T0 - timedelta(hours=6 * i)) for i in range(4 * 120)]
    keep = BackupKeep(recent=3, daily=4, weekly=3, monthly=2)
    kept = backups_to_keep(backups, keep)
    newest = backups[0].made_at
    kept_times = sorted((i.made_at for i in backups if i.path in kept), reverse=True)
    assert len(kept) == 3 + 4 + 3 + 2  # 120 days of backups fill every band
    assert kept_times[:3] == [newest - timedelta(hours=6 * i) for i in range(3)]  # recent
    local_days = [t.astimezone().date() for t in kept_times]
    # then one backup for each of the four days before the oldest recent one
    assert local_days[3:7] == [local_days[2] - timedelta(days=d) for d in range(1, 5)]
    weeks = [t.astimezone().isocalendar()[:2] for t in kept_times[7:10]]
    assert len(set(weeks)) == 3  # then three older weeks, one backup each
    months = [(t.astimezone().year, t.astimezone().month) for t in kept_times[10:]]
    assert len(set(months)) == 2 and newest - kept_times[-1] > timedelta(days=45)


def test_thinning_deletes_backups_and_their_records_in_the_folder(desk):
    with desk.db.transaction() as session:
        save_backup_settings(session, BackupSettings(BackupKeep(recent=2, daily=1, weekly=1,
                                                                monthly=1)))
    for hours in range(6):
        make_backup(desk, "periodic", now=T0 + timedelta(hours=hours))
    remaining = list_backups(desk)
    assert len(remaining) == 2
    assert [b.made_at for b in remaining] == [T0 + timedelta(hours=5), T0 + timedelta(hours=4)]
    records = [p for p in desk.paths.backups.iterdir() if p.suffix == ".json"]
    assert len(records) == 2


def test_thinning_never_deletes_the_newest_backup_that_passes_its_check(desk):
    # GIVEN a good backup, then two newer backup files that are damaged (a failing disk)
    good = make_backup(desk, "periodic", now=T0)
    for hours in (1, 2):
        name = backup.backup_name("periodic", T0 + timedelta(hours=hours))
        (desk.paths.backups / name).write_bytes(b"\xff" * 8192)  # no record: dated by mtime
        os.utime(desk.paths.backups / name, ((T0 + timedelta(hours=hours)).timestamp(),) * 2)
    assert list_backups(desk)[-1].path == good.path  # the oldest of three
    # WHEN thinning keeps only the newest one
    removed = backup.thin_backups(desk.paths.backups, BackupKeep(recent=1, daily=0, weekly=0,
                                                                 monthly=0), desk.db.key)
    # THEN the damaged one in the middle goes, the newest good one stays
    assert [info.path for info in list_backups(desk)] == [
        desk.paths.backups / backup.backup_name("periodic", T0 + timedelta(hours=2)), good.path]
    assert removed == [desk.paths.backups / backup.backup_name("periodic", T0 + timedelta(hours=1))]


def test_backup_settings_are_validated_in_words(desk):
    with pytest.raises(ValidationError) as info, desk.db.transaction() as session:
        save_backup_settings(session, BackupSettings(BackupKeep(recent=0, daily=999),
                                                     Path("relative/folder")))
    message = str(info.value)
    assert "最近保留份数" in message and "按天保留天数" in message and "第二备份文件夹" in message


def test_a_second_folder_gets_a_copy(desk, tmp_path):
    second = tmp_path / "usb-disk" / "cmdesk"
    with desk.db.transaction() as session:
        save_backup_settings(session, BackupSettings(second_folder=second))
    info = make_backup(desk, "manual")
    assert info.copies == (second / info.path.name,)
    assert _digest(second / info.path.name) == _digest(info.path)
    assert backup.read_backup(second / info.path.name).reason == "manual"


def test_an_unreachable_second_folder_is_told_but_the_backup_is_kept(desk, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    with desk.db.transaction() as session:
        save_backup_settings(session, BackupSettings(second_folder=blocker / "cmdesk"))
    with pytest.raises(CmdeskError, match="第二备份文件夹"):
        make_backup(desk, "manual")
    assert len(list_backups(desk)) == 1


def test_backup_is_due_every_30_minutes_only_while_data_changed(desk):
    _add_client(desk.db, "丁公司")
    now = datetime.now(UTC)
    assert backup_due(desk, now)  # changed, never backed up
    make_backup(desk, "periodic", now=now)
    assert not backup_due(desk, now + timedelta(hours=2))  # nothing changed since
    _add_client(desk.db, "戊公司")  # changed after the backup
    assert not backup_due(desk, now + timedelta(minutes=10))  # the last one is too recent
    assert backup_due(desk, now + timedelta(minutes=31))


def test_restore_backs_up_the_current_database_first(tmp_path):
    folder = tmp_path / "desk"
    desk = open_desk(folder, PASSWORD, no_encryption=False)
    _add_client(desk.db, "甲公司")
    good = make_backup(desk, "manual")
    _add_client(desk.db, "后来的公司")
    desk.close()
    result = restore_backup(folder, good.path, PASSWORD)
    # the database is the backup again ...
    assert result.clients == 1 and result.restored_from == good.path
    reopened = open_desk(folder, PASSWORD)
    assert _clients(reopened) == 1
    # ... and what it held just before is kept in a checked backup
    safety = backup.read_backup(result.safety_backup)
    assert safety.reason == "before-restore" and safety.clients == 2
    reopened.close()


def test_restore_refuses_a_damaged_backup_and_a_wrong_password(tmp_path):
    folder = tmp_path / "desk"
    desk = open_desk(folder, PASSWORD, no_encryption=False)
    _add_client(desk.db, "甲公司")
    good = make_backup(desk, "manual")
    desk.close()
    before = _digest(folder / "cmdesk.sqlite3")
    with pytest.raises(WrongPasswordError):
        restore_backup(folder, good.path, "wrong-password")
    damaged = tmp_path / good.path.name
    content = bytearray(good.path.read_bytes())
    content[4096 + 100:4096 + 200] = b"\x00" * 100  # a page in the middle
    damaged.write_bytes(bytes(content))
    (tmp_path / (good.path.name + ".json")).write_bytes(
        good.path.with_name(good.path.name + ".json").read_bytes())
    with pytest.raises(DatabaseCorruptError, match="不能用来恢复"):
        restore_backup(folder, damaged, PASSWORD)
    assert _digest(folder / "cmdesk.sqlite3") == before
    assert len(list(folder.glob("backups/*.sqlite3"))) == 1  # nothing was done


def test_a_backup_made_under_an_old_password_restores_under_the_current_one(tmp_path):
    folder = tmp_path / "desk"
    desk = open_desk(folder, PASSWORD, no_encryption=False)
    _add_client(desk.db, "甲公司")
    old = make_backup(desk, "manual")
    change_password(desk, PASSWORD, "新密码-battery-staple")
    desk.close()
    restore_backup(folder, old.path, PASSWORD, current_password="新密码-battery-staple")
    reopened = open_desk(folder, "新密码-battery-staple")
    assert _clients(reopened) == 1
    reopened.close()


def test_restoring_an_encrypted_backup_on_a_new_laptop_keeps_it_encrypted(tmp_path):
    desk = open_desk(tmp_path / "old-laptop", PASSWORD, no_encryption=False)
    _add_client(desk.db, "甲公司")
    carried = make_backup(desk, "manual", output=tmp_path / "u-disk" / "cmdesk.sqlite3")
    desk.close()
    result = restore_backup(tmp_path / "new-laptop", carried.path, PASSWORD)
    assert result.safety_backup is None and result.clients == 1
    assert not encryption.is_plaintext(tmp_path / "new-laptop" / "cmdesk.sqlite3")
    reopened = open_desk(tmp_path / "new-laptop", PASSWORD)
    assert _clients(reopened) == 1
    reopened.close()


def _audit_lines(db, action: str) -> list[tuple[str, str]]:
    from sqlalchemy import select

    from cmdesk.models import FileHistory

    with db.session() as session:
        return [tuple(row) for row in session.execute(
            select(FileHistory.summary, FileHistory.actor).where(FileHistory.action == action)
            .order_by(FileHistory.seq))]


def test_backups_restores_and_password_changes_are_in_the_audit_trail(tmp_path):
    from cmdesk.services.settings import save_profile
    from cmdesk.storage.audit import verify_chain
    from tests.conftest import TEST_PROFILE

    folder = tmp_path / "desk"
    desk = open_desk(folder, PASSWORD, no_encryption=False)
    with desk.db.transaction() as session:
        save_profile(session, TEST_PROFILE)
    manager = TEST_PROFILE.name
    _add_client(desk.db, "甲公司")
    good = make_backup(desk, "manual")
    make_backup(desk, "periodic")
    lines = _audit_lines(desk.db, "backup")
    assert [summary.split("：")[0] for summary, _ in lines] == ["手动备份", "定时备份"]
    assert lines[0] == (f"手动备份：{good.path.name}", manager)
    change_password(desk, PASSWORD, PASSWORD + "-新")
    assert _audit_lines(desk.db, "password") == [("修改工作台密码", manager)]
    desk.close()
    result = restore_backup(folder, good.path, PASSWORD, PASSWORD + "-新")
    restored = open_desk(folder, PASSWORD + "-新")
    try:
        # the restore's line is in the restored database; the backup taken of the database
        # it replaced (kept as the safety backup) leaves none there
        assert _audit_lines(restored.db, "restore") == [(f"从备份 {good.path.name} 恢复", manager)]
        assert _audit_lines(restored.db, "password") == []  # the backup is from before
        assert result.safety_backup is not None
        with restored.db.session() as session:
            assert verify_chain(session).ok
    finally:
        restored.close()
