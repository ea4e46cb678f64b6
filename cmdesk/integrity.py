"""Integrity on start and on demand, and what to do with a damaged database.

Every start runs SQLite's `PRAGMA quick_check` on a read-only connection before anything
writes to the file (`check_on_open`); on a large book that takes seconds, so the UI may
open the desk with quick_check=False and run `quick_check_problems` in a worker instead. When it fails the file is never written to: a copy
of it (and of its write-ahead log) is kept in the `damaged` folder, and
DatabaseCorruptError carries that copy's path, the newest backup that passes its own
check, and what would be lost by going back to it (records changed after the backup,
read read-only from the damaged file where it can still be read, else the file's last
modification time).

The full `integrity_check` (with `foreign_key_check`) runs in `cmdesk check` and, weekly,
when the desk is idle (`integrity_check_due`, asked by the UI).
"""
from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cmdesk import clock
from cmdesk import db as db_module
from cmdesk import encryption
from cmdesk.errors import DatabaseCorruptError
from cmdesk.paths import DataPaths

FULL_CHECK_INTERVAL = timedelta(days=7)
SETTING_LAST_FULL_CHECK = "integrity_last_full_check"
# What the outbox calls each kind of record, in the manager's words (the rest: 其他记录).
RECORD_LABELS = {"clients": ("客户", "个"), "contacts": ("联系人", "位"),
                 "diary_entries": ("工作日志", "条"), "visit_reports": ("访客报告", "份"),
                 "follow_ups": ("督办事项", "项")}


def file_problems(path: Path, key: bytes | None, quick: bool) -> list[str]:
    """What the (quick or full) check finds wrong in a file, read-only; [] when sound."""
    try:
        connection = db_module.connect(path, key, read_only=True)
    except db_module.DatabaseOpenError as exc:
        return [str(exc)]
    try:
        return db_module.integrity_problems(connection, quick=quick)
    finally:
        connection.close()


def keep_damaged_copy(paths: DataPaths, now: datetime | None = None) -> Path:
    """Copy the damaged database (and its WAL) aside; the original is not touched."""
    stamp = (now or clock.now()).strftime("%Y%m%d-%H%M%S-%f")
    folder = paths.damaged
    folder.mkdir(mode=0o700, exist_ok=True)
    copy = folder / f"cmdesk-damaged-{stamp}.sqlite3"
    for suffix in ("", "-wal"):
        source = paths.database.with_name(paths.database.name + suffix)
        if source.exists():
            shutil.copy2(source, copy.with_name(copy.name + suffix))
    return copy


def newest_good_backup(paths: DataPaths, key: bytes | None) -> Any:
    """The newest backup (BackupInfo) that opens with the desk's key and passes
    quick_check, or None."""
    from cmdesk import backup

    for info in backup.list_backups_in(paths.backups):
        backup_key = key if info.encrypted else None
        if info.encrypted and key is None:
            continue
        if not file_problems(info.path, backup_key, quick=True):
            return info
    return None


def _count_phrase(counts: dict[str, int]) -> str:
    parts = []
    other = 0
    for entity, count in sorted(counts.items(), key=lambda item: -item[1]):
        if entity in RECORD_LABELS:
            label, unit = RECORD_LABELS[entity]
            parts.append(f"{label} {count} {unit}")
        else:
            other += count
    if other:
        parts.append(f"其他记录 {other} 条")
    return "、".join(parts)


def changes_since(path: Path, key: bytes | None, since: datetime) -> str:
    """In words: what changed in the file after `since` (UTC), read read-only from its
    outbox; when that cannot be read, the file's last modification time instead."""
    stamp = since.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")
    try:
        connection = db_module.connect(path, key, read_only=True)
        try:
            rows = connection.execute(
                "SELECT entity, count(DISTINCT entity_id) FROM outbox WHERE changed_at > ? "
                "GROUP BY entity", (stamp,)).fetchall()
        finally:
            connection.close()
    except (db_module.DatabaseOpenError, *db_module.database_errors()):
        modified = datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
        since_local = since.astimezone().strftime("%Y-%m-%d %H:%M")
        return (f"损坏的文件无法读出明细；它最后修改于 {modified}，"
                f"备份之后（{since_local} 以后）的改动都会丢失")
    if not rows:
        return "备份之后没有改动，不会丢失任何记录"
    return f"会丢失备份之后改动的记录：{_count_phrase(dict(rows))}"


def check_on_open(paths: DataPaths, key: bytes | None) -> float:
    """quick_check the existing database before the desk opens it; returns the seconds it
    took. On failure: keep a copy, find the newest good backup, raise DatabaseCorruptError."""
    started = time.perf_counter()
    problems = file_problems(paths.database, key, quick=True)
    seconds = time.perf_counter() - started
    if not problems:
        return seconds
    copy = keep_damaged_copy(paths)
    good = newest_good_backup(paths, key)
    if good is None:
        lost = "没有找到可用的备份"
        offer = "没有找到可用的备份，请联系总行从上报的数据恢复。"
    else:
        lost = changes_since(paths.database, key, good.made_at)
        offer = f"可以恢复最近的完好备份：{good.describe()}（{good.path}）。{lost}。"
    raise DatabaseCorruptError(
        f"数据库文件已损坏（{problems[0]}），程序没有改动它，已另存一份在 {copy}。{offer}",
        damaged_copy=copy, newest_good_backup=good.path if good else None,
        would_be_lost=lost)


def quick_check_problems(desk: Any) -> list[str]:
    """The start's quick_check on an open desk (opened with quick_check=False), on its own
    read-only connection: safe in a worker thread while the desk is in use (it checks the
    last committed state). [] when sound."""
    return file_problems(desk.db.path, desk.db.key, quick=True)


@dataclass(frozen=True)
class IntegrityReport:
    """The result of a full integrity_check (with foreign_key_check)."""

    problems: tuple[str, ...]
    seconds: float
    checked_at: datetime

    @property
    def ok(self) -> bool:
        return not self.problems


def run_integrity_check(desk: Any, now: datetime | None = None) -> IntegrityReport:
    """The full check on the open desk's database; records when it last ran."""
    from cmdesk.services.settings import put_setting

    checked_at = (now or clock.aware_utcnow()).astimezone(UTC)
    started = time.perf_counter()
    problems = file_problems(desk.db.path, desk.db.key, quick=False)
    report = IntegrityReport(tuple(problems), time.perf_counter() - started, checked_at)
    if report.ok:
        with desk.db.transaction() as session:
            put_setting(session, SETTING_LAST_FULL_CHECK, checked_at.isoformat())
    return report


def integrity_check_due(desk: Any, now: datetime | None = None) -> bool:
    """True when the last good full check is a week old or never ran (the UI runs it when idle)."""
    from cmdesk.services.settings import get_setting

    now = (now or clock.aware_utcnow()).astimezone(UTC)
    with desk.db.session() as session:
        last = get_setting(session, SETTING_LAST_FULL_CHECK)
    return last is None or now - datetime.fromisoformat(last) >= FULL_CHECK_INTERVAL


def encryption_state(paths: DataPaths) -> str:
    """In words, for `cmdesk check`: is the database encrypted."""
    if not paths.database.exists():
        return "数据库尚未创建"
    return "未加密" if encryption.is_plaintext(paths.database) else "已加密（SQLCipher）"
