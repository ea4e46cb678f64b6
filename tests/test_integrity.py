"""Integrity on start: a damaged file is never written to, a copy is kept, and the newest
good backup is offered with what would be lost; the weekly full check; newer schemas."""
from __future__ import annotations

import hashlib
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from cmdesk.errors import DatabaseCorruptError, DeskFileMissingError, SchemaTooNewError
from cmdesk.models import Client, Contact
from cmdesk.services.clients import count_clients
from cmdesk.storage import db as db_module
from cmdesk.storage.backup import make_backup
from cmdesk.storage.desk import open_desk
from cmdesk.storage.integrity import (
    changes_since,
    integrity_check_due,
    quick_check_problems,
    run_integrity_check,
)
from cmdesk.storage.recovery import restore_backup

PASSWORD = "完整性测试-correct-horse"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _add_clients(db, *names: str) -> None:
    with db.transaction("测试") as session:
        session.add_all(Client(kind="company", name=name) for name in names)


def _open(folder: Path, encrypted: bool):
    return open_desk(folder, PASSWORD if encrypted else None, no_encryption=not encrypted)


def _damage_clients_page(desk) -> None:
    """Overwrite bytes at the start of the page holding the clients table (closes the desk)."""
    connection = db_module.connect(desk.db.path, desk.db.key, read_only=True)
    try:
        root = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'clients'").fetchone()[0]
        page_size = int(connection.execute("PRAGMA page_size").fetchone()[0])
    finally:
        connection.close()
    path = desk.db.path
    desk.close()
    assert not path.with_name(path.name + "-wal").exists()  # all in the main file
    with open(path, "r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\xff" * 24)


@pytest.mark.parametrize("encrypted", [True, False], ids=["encrypted", "unencrypted"])
def test_damaged_database_is_refused_untouched_with_the_newest_good_backup(tmp_path, encrypted):
    # GIVEN a desk with a backup, two clients added after it, then a damaged page
    folder = tmp_path / "desk"
    desk = _open(folder, encrypted)
    _add_clients(desk.db, "甲公司", "乙公司", "丙公司")
    make_backup(desk, "manual", now=datetime.now(UTC) - timedelta(days=2))
    good = make_backup(desk, "close")
    _add_clients(desk.db, "丁公司", "戊公司")
    _damage_clients_page(desk)
    database = folder / "cmdesk.sqlite3"
    before = _digest(database)
    # WHEN the desk starts
    with pytest.raises(DatabaseCorruptError) as info:
        _open(folder, encrypted)
    error = info.value
    # THEN the file is byte-identical, a copy of it is kept, and the manager is told plainly
    assert _digest(database) == before
    assert error.damaged_copy is not None and _digest(error.damaged_copy) == before
    assert "已损坏" in str(error) and "没有改动" in str(error)
    # AND the newest good backup is offered, with what going back to it would lose
    assert error.newest_good_backup == good.path
    assert "客户 2 个" in error.would_be_lost
    assert "客户 2 个" in str(error)
    # AND restoring it brings the desk back
    restore_backup(folder, good.path, PASSWORD if encrypted else None)
    restored = _open(folder, encrypted)
    with restored.db.session() as session:
        assert count_clients(session) == 3
    restored.close()


def test_damage_without_any_backup_says_so(tmp_path):
    folder = tmp_path / "desk"
    desk = _open(folder, True)
    _add_clients(desk.db, "甲公司")
    _damage_clients_page(desk)
    with pytest.raises(DatabaseCorruptError) as info:
        _open(folder, True)
    assert info.value.newest_good_backup is None
    assert "没有找到可用的备份" in str(info.value)


def test_what_would_be_lost_falls_back_to_the_files_time_when_unreadable(tmp_path):
    junk = tmp_path / "cmdesk.sqlite3"
    junk.write_bytes(b"\x00" * 8192)
    told = changes_since(junk, None, datetime.now(UTC) - timedelta(hours=1))
    assert "最后修改于" in told and "丢失" in told


def test_newer_schema_is_still_refused_byte_identical_when_encrypted(tmp_path):
    folder = tmp_path / "desk"
    desk = _open(folder, True)
    key = desk.db.key
    desk.close()
    connection = db_module.connect(folder / "cmdesk.sqlite3", key)
    connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    connection.close()
    before = _digest(folder / "cmdesk.sqlite3")
    with pytest.raises(SchemaTooNewError, match="更新版本"):
        _open(folder, True)
    assert _digest(folder / "cmdesk.sqlite3") == before
    assert not (folder / "damaged").exists()


def test_quick_check_runs_at_every_open_and_is_timed(tmp_path):
    desk = _open(tmp_path / "desk", True)
    desk.close()
    reopened = _open(tmp_path / "desk", True)
    assert 0 < reopened.quick_check_seconds < 5
    reopened.close()


def test_full_check_weekly_when_idle(desk):
    assert integrity_check_due(desk)
    report = run_integrity_check(desk)
    assert report.ok and report.problems == () and report.seconds >= 0
    assert not integrity_check_due(desk, report.checked_at + timedelta(days=6))
    assert integrity_check_due(desk, report.checked_at + timedelta(days=7, minutes=1))


def test_full_check_reports_foreign_key_damage(desk):
    with desk.db.transaction("测试") as session:
        client = Client(kind="company", name="甲公司")
        session.add(client)
        session.flush()
        session.add(Contact(client_id=client.id, name="张三"))
    connection = db_module.connect(desk.db.path)  # foreign keys are off on a bare connection
    connection.execute("UPDATE contacts SET client_id = 'no-such-client'")
    connection.close()
    report = run_integrity_check(desk)
    assert not report.ok and any("外键" in problem for problem in report.problems)
    assert integrity_check_due(desk)  # a failed check does not count as done


def test_the_start_check_can_run_after_opening_and_still_leads_to_the_damage_report(tmp_path):
    # GIVEN a damaged desk opened with the check left to the caller (the UI's worker)
    folder = tmp_path / "desk"
    desk = _open(folder, True)
    _add_clients(desk.db, "甲公司")
    make_backup(desk, "manual")
    _damage_clients_page(desk)
    opened = open_desk(folder, PASSWORD, quick_check=False)
    assert opened.quick_check_seconds == 0.0
    # THEN the deferred check finds the damage, and reopening tells the full story
    problems = quick_check_problems(opened)
    opened.close()
    assert problems
    with pytest.raises(DatabaseCorruptError) as info:
        _open(folder, True)
    assert info.value.newest_good_backup is not None
    healthy = open_desk(tmp_path / "healthy", PASSWORD, no_encryption=False)
    assert quick_check_problems(healthy) == []
    healthy.close()


# --- a missing or empty desk file is named, never silently replaced ---------------------

def _desk_with_backup(folder: Path, encrypted: bool):
    """A desk of three clients with one backup of them, closed; returns the backup."""
    desk = _open(folder, encrypted)
    _add_clients(desk.db, "甲公司", "乙公司", "丙公司")
    good = make_backup(desk, "manual")
    desk.close()
    return good


@pytest.mark.parametrize("empty", [True, False], ids=["zero-bytes", "deleted"])
@pytest.mark.parametrize("encrypted", [True, False], ids=["encrypted", "unencrypted"])
def test_a_missing_or_empty_database_beside_backups_is_named_not_recreated(tmp_path, encrypted,
                                                                           empty):
    folder = tmp_path / "desk"
    good = _desk_with_backup(folder, encrypted)
    database = folder / "cmdesk.sqlite3"
    if empty:
        database.write_bytes(b"")
    else:
        database.unlink()
    with pytest.raises(DeskFileMissingError) as refused:
        _open(folder, encrypted)
    assert ("是空文件" if empty else "不见了") in str(refused.value)
    assert refused.value.newest_good_backup == good.path
    assert database.exists() == empty and (not empty or database.stat().st_size == 0)
    # restoring the offered backup brings the three clients back
    restore_backup(folder, good.path, PASSWORD if encrypted else None)
    desk = _open(folder, encrypted)
    try:
        with desk.db.session() as session:
            assert count_clients(session) == 3
    finally:
        desk.close()


def test_a_missing_database_beside_its_key_file_alone_is_named(tmp_path):
    folder = tmp_path / "desk"
    _open(folder, encrypted=True).close()
    (folder / "cmdesk.sqlite3").unlink()
    with pytest.raises(DeskFileMissingError, match="密钥文件") as refused:
        _open(folder, encrypted=True)
    assert refused.value.newest_good_backup is None and "没有找到可用的备份" in str(refused.value)
    assert not (folder / "cmdesk.sqlite3").exists()


@pytest.mark.parametrize("damage", ["deleted", "garbled"])
def test_a_lost_key_file_is_named_and_the_backup_restores_with_the_password(tmp_path, damage):
    folder = tmp_path / "desk"
    good = _desk_with_backup(folder, encrypted=True)
    key_file = folder / "cmdesk.key.json"
    database = folder / "cmdesk.sqlite3"
    before = _digest(database)
    if damage == "deleted":
        key_file.unlink()
    else:
        key_file.write_text('{"kdf": "scrypt", "salt": "!!', encoding="utf-8")
    with pytest.raises(DatabaseCorruptError, match="密钥文件") as refused:
        _open(folder, encrypted=True)
    assert refused.value.newest_good_backup == good.path  # checked with the password
    assert _digest(database) == before  # no new key, no conversion, the file untouched
    assert (damage == "deleted") != key_file.exists()
    result = restore_backup(folder, good.path, PASSWORD)
    assert result.safety_backup is not None and result.safety_backup.is_file()
    desk = _open(folder, encrypted=True)
    try:
        assert desk.db.key is not None
        with desk.db.session() as session:
            assert count_clients(session) == 3
    finally:
        desk.close()


def _crashed_copy(tmp_path: Path, encrypted: bool) -> Path:
    """The data folder as a crash leaves it: committed clients still in the -wal, SQLite's
    -shm beside it."""
    live = tmp_path / "live"
    good = _desk_with_backup(live, encrypted)
    desk = _open(live, encrypted)
    _add_clients(desk.db, "丁公司", "戊公司")
    crashed = tmp_path / "crashed"
    shutil.copytree(live, crashed)  # while the desk is open: what a SIGKILL leaves
    desk.close()
    assert (crashed / "cmdesk.sqlite3-wal").stat().st_size > 0
    assert good.path.name in {p.name for p in (crashed / "backups").iterdir()}
    return crashed


def test_a_deleted_write_ahead_log_after_a_crash_is_named(tmp_path):
    crashed = _crashed_copy(tmp_path, encrypted=True)
    (crashed / "cmdesk.sqlite3-wal").unlink()
    before = _digest(crashed / "cmdesk.sqlite3")
    with pytest.raises(DeskFileMissingError, match="预写日志") as refused:
        _open(crashed, encrypted=True)
    assert refused.value.newest_good_backup is not None
    assert refused.value.damaged_copy is not None and refused.value.damaged_copy.is_file()
    assert _digest(crashed / "cmdesk.sqlite3") == before


@pytest.mark.parametrize("folded", [False, True], ids=["log-kept", "log-folded-in-by-sqlite3"])
def test_after_a_crash_with_its_log_the_committed_changes_are_there(tmp_path, folded):
    crashed = _crashed_copy(tmp_path, encrypted=False)
    if folded:  # another program opened and closed the file: the log is in the file now
        connection = sqlite3.connect(crashed / "cmdesk.sqlite3")
        connection.execute("SELECT count(*) FROM clients").fetchone()
        connection.close()
        assert not (crashed / "cmdesk.sqlite3-wal").exists()
    desk = _open(crashed, encrypted=False)
    try:
        with desk.db.session() as session:
            assert count_clients(session) == 5
    finally:
        desk.close()
