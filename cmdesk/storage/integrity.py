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
from cmdesk.errors import CmdeskError, DatabaseCorruptError, DeskFileMissingError
from cmdesk.i18n import mark, translate
from cmdesk.paths import DataPaths
from cmdesk.services.settings import get_setting, put_setting
from cmdesk.storage import backup, encryption
from cmdesk.storage import db as db_module

FULL_CHECK_INTERVAL = timedelta(days=7)
SETTING_LAST_FULL_CHECK = "integrity_last_full_check"
# What the outbox calls each kind of record, in the manager's words (the rest: 其他记录).
RECORD_LABELS = {"clients": mark("客户 {count} 个"), "contacts": mark("联系人 {count} 位"),
                 "diary_entries": mark("工作日志 {count} 条"), "visit_reports": mark("访客报告 {count} 份"),
                 "follow_ups": mark("督办事项 {count} 项")}


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


def _key_for_backup(paths: DataPaths, info: backup.BackupInfo, key: bytes | None,
                    password: str | None, derived: dict[tuple[Any, ...], bytes]) -> bytes | None:
    """The key to check an encrypted backup with: the desk's, else the one the password
    gives under the backup's own key record (one derivation per salt); None: cannot."""
    if key is not None:
        return key
    if not password:
        return None
    try:
        params = backup.backup_key_params(paths, info.path)
    except CmdeskError:
        return None
    cost = (params.salt, params.n, params.r, params.p)
    if cost not in derived:
        derived[cost] = encryption.stretch(params, password)
    candidate = derived[cost]
    return candidate if encryption.key_check(candidate) in params.checks else None


def newest_good_backup(paths: DataPaths, key: bytes | None,
                       password: str | None = None) -> backup.BackupInfo | None:
    """The newest backup that passes quick_check, or None. Encrypted backups are checked
    with the desk's key, else with the key `password` gives under the backup's own record
    (the desk's key file may be the file that is lost); without either, the newest
    encrypted backup is named unchecked (restoring it checks it first)."""
    derived: dict[tuple[Any, ...], bytes] = {}
    unchecked = None
    for info in backup.list_backups_in(paths.backups):
        if not info.encrypted:
            backup_key = None
        else:
            backup_key = _key_for_backup(paths, info, key, password, derived)
            if backup_key is None:
                if key is None and not password and unchecked is None:
                    unchecked = info
                continue
        if not db_module.file_problems(info.path, backup_key, quick=True):
            return info
    return unchecked


def _offer(good: backup.BackupInfo | None) -> str:
    if good is None:
        return translate("没有找到可用的备份，请联系总行从上报的数据恢复。")
    return translate("可以恢复最近的备份：{good}（{path}）。").format(good=good.describe(), path=good.path)


def _beside(paths: DataPaths, suffix: str) -> Path:
    """A file SQLite keeps beside the database (its "-wal" log, its "-shm" index)."""
    return paths.database.with_name(paths.database.name + suffix)


def refuse_missing_files(paths: DataPaths, password: str | None) -> None:
    """Before the key is derived: a database that is missing or empty while backups or a
    key file say there was one, and an encrypted database whose key file is missing or
    unreadable, are named (DeskFileMissingError / DatabaseCorruptError) with the newest
    backup; nothing new is created in their place."""
    database = paths.database
    has_database = database.exists() and database.stat().st_size > 0
    backups = backup.list_backups_in(paths.backups)
    if not has_database and (backups or paths.key_file.exists()):
        state = translate("是空文件（0 字节）") if database.exists() else translate("不见了")
        good = newest_good_backup(paths, None, password)
        raise DeskFileMissingError(
            translate("数据库文件 {database} {state}，但数据文件夹里还有{what}：它不是新工作台，"
                      "程序没有新建空白数据库。{offer}如确实要从空白开始，请把这个数据文件夹移走或改名。").format(
                database=database, state=state, offer=_offer(good),
                what=translate("备份") if backups else translate("密钥文件 cmdesk.key.json")),
            newest_good_backup=good.path if good else None,
            would_be_lost=translate("数据库文件已经不在，恢复不会再丢失什么"))
    if not has_database or encryption.is_plaintext(database):
        return
    try:
        params = encryption.read_params(paths.key_file)
    except CmdeskError as exc:
        good = newest_good_backup(paths, None, password)
        raise DatabaseCorruptError(
            translate("{exc}。没有它无法由密码得到数据库的密钥；数据库文件没有被改动。{good}").format(exc=exc, good=_offer(good)),
            newest_good_backup=good.path if good else None,
            would_be_lost=translate("恢复会用备份替换现在的数据库（现在的文件会先另存）")) from exc
    if params is None:
        good = newest_good_backup(paths, None, password)
        raise DeskFileMissingError(
            translate("加密数据库的密钥文件 {key_file} 不见了：没有它无法由密码得到数据库的密钥，程序没有新建密钥文件，数据库文件没有被改动。{good}").format(key_file=paths.key_file, good=_offer(good)),
            newest_good_backup=good.path if good else None,
            would_be_lost=translate("恢复会用备份替换现在的数据库（现在的文件会先另存）"))


def refuse_lost_log(paths: DataPaths, key: bytes | None) -> None:
    """The write-ahead log holds the changes committed since the last checkpoint. SQLite
    removes it, then its shared-memory index (-shm), when the last connection closes
    properly; after a crash both stay. An -shm without its -wal means the log — committed
    changes — was deleted and the database would silently go back in time: named
    (DeskFileMissingError) with the newest backup; a copy of the database is kept, nothing
    is written. (Both deleted after a crash cannot be told from a clean close.)"""
    log = _beside(paths, "-wal")
    if not paths.database.exists() or log.exists() or not _beside(paths, "-shm").exists():
        return
    copy = keep_damaged_copy(paths)
    good = newest_good_backup(paths, key)
    raise DeskFileMissingError(
        translate("数据库的预写日志 {name} 不见了：上次程序没有正常关闭，最近保存的改动在这个文件里，没有它数据库会悄悄退回到更早的状态。程序没有打开或改动数据库，已另存一份在 {copy}。{good}").format(name=log.name, copy=copy, good=_offer(good)),
        damaged_copy=copy, newest_good_backup=good.path if good else None,
        would_be_lost=translate("预写日志里的改动已经不在，无法从这台电脑找回"))


def _count_phrase(counts: dict[str, int]) -> str:
    parts = []
    other = 0
    for entity, count in sorted(counts.items(), key=lambda item: -item[1]):
        if entity in RECORD_LABELS:
            parts.append(translate(RECORD_LABELS[entity]).format(count=count))
        else:
            other += count
    if other:
        parts.append(translate("其他记录 {other} 条").format(other=other))
    return translate("、").join(parts)


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
        return (translate("损坏的文件无法读出明细；它最后修改于 {modified}，备份之后（{since_local} 以后）的改动都会丢失").format(modified=modified, since_local=since_local))
    if not rows:
        return translate("备份之后没有改动，不会丢失任何记录")
    return translate("会丢失备份之后改动的记录：{records}").format(records=_count_phrase(dict(rows)))


def check_on_open(paths: DataPaths, key: bytes | None) -> float:
    """quick_check the existing database before the desk opens it; returns the seconds it
    took. On failure: keep a copy, find the newest good backup, raise DatabaseCorruptError."""
    started = time.perf_counter()
    problems = db_module.file_problems(paths.database, key, quick=True)
    seconds = time.perf_counter() - started
    if not problems:
        return seconds
    copy = keep_damaged_copy(paths)
    good = newest_good_backup(paths, key)
    if good is None:
        lost = translate("没有找到可用的备份")
        offer = translate("没有找到可用的备份，请联系总行从上报的数据恢复。")
    else:
        lost = changes_since(paths.database, key, good.made_at)
        offer = translate("可以恢复最近的完好备份：{good}（{path}）。{lost}。").format(good=good.describe(), path=good.path, lost=lost)
    raise DatabaseCorruptError(
        translate("数据库文件已损坏（{problems}），程序没有改动它，已另存一份在 {copy}。{offer}").format(problems=problems[0], copy=copy, offer=offer),
        damaged_copy=copy, newest_good_backup=good.path if good else None,
        would_be_lost=lost)


def quick_check_problems(desk: Any) -> list[str]:
    """The start's quick_check on an open desk (opened with quick_check=False), on its own
    read-only connection: safe in a worker thread while the desk is in use (it checks the
    last committed state). [] when sound."""
    return db_module.file_problems(desk.db.path, desk.db.key, quick=True)


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
    checked_at = (now or clock.aware_utcnow()).astimezone(UTC)
    started = time.perf_counter()
    problems = db_module.file_problems(desk.db.path, desk.db.key, quick=False)
    report = IntegrityReport(tuple(problems), time.perf_counter() - started, checked_at)
    if report.ok:
        with desk.db.transaction() as session:
            put_setting(session, SETTING_LAST_FULL_CHECK, checked_at.isoformat())
    return report


def integrity_check_due(desk: Any, now: datetime | None = None) -> bool:
    """True when the last good full check is a week old or never ran (the UI runs it when idle)."""
    now = (now or clock.aware_utcnow()).astimezone(UTC)
    with desk.db.session() as session:
        last = get_setting(session, SETTING_LAST_FULL_CHECK)
    return last is None or now - datetime.fromisoformat(last) >= FULL_CHECK_INTERVAL


def encryption_state(paths: DataPaths) -> str:
    """In words, for `cmdesk check`: is the database encrypted."""
    if not paths.database.exists():
        return translate("数据库尚未创建")
    return translate("未加密") if encryption.is_plaintext(paths.database) else translate("已加密（SQLCipher）")
