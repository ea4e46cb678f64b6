"""Backups: copies made with SQLite's online backup API, never a file copy.

`make_backup(desk, reason)` copies the live database into the data folder's `backups`
folder (and into the second folder the manager chose, when there is one), encrypted
with the database's own key. Every copy goes to a temp name, passes integrity_check,
is fsynced and only then renamed into place, so a crash or a full disk never leaves a
half backup under a real name and never replaces a good one. Beside each backup a small
JSON record says when and why it was made, how many clients and diary entries it holds
and how its key is derived (salt and check value, never the key), so the list reads
without opening the backups and a backup can be restored with the password it was made
under.

The folder is thinned like Anki's: the newest `recent` backups, then the newest of each
of the last `daily` days, `weekly` weeks and `monthly` months are kept (counts in the
settings). Automatic backups are made before a schema upgrade (cmdesk.storage.db), before an
import, a handover, a restore or a password change (callers use `make_backup`), on close,
and while the manager works at most every 30 minutes when data changed (`backup_due`,
asked by the UI's timer).

`check_backup` refuses a backup that is damaged, newer or under an unknown password;
restoring one is cmdesk.storage.recovery's job (it needs the desk opened).

Every backup of the open desk (except the one taken just before a restore, whose
database is replaced at once) leaves one line in the audit trail (cmdesk.storage.audit),
whichever front end asked for it.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cmdesk import clock
from cmdesk.errors import (
    CmdeskError,
    DatabaseCorruptError,
    FieldProblem,
    PasswordRequiredError,
    SchemaTooNewError,
    ValidationError,
)
from cmdesk.files import atomic_write
from cmdesk.i18n import mark, translate
from cmdesk.models import OutboxEntry
from cmdesk.paths import DataPaths
from cmdesk.services.settings import get_profile, get_setting, put_setting
from cmdesk.storage import audit, encryption
from cmdesk.storage import db as db_module

BACKUP_SUFFIX = ".sqlite3"
RECORD_SUFFIX = ".json"
BACKUP_INTERVAL = timedelta(minutes=30)
REASONS = {
    "manual": mark("手动备份"), "close": mark("关闭时"), "periodic": mark("定时备份"), "before-upgrade": mark("升级前"),
    "before-import": mark("导入前"), "before-handover": mark("交接前"), "before-restore": mark("恢复前"),
    "before-password": mark("修改密码前"), "before-encrypt": mark("加密前"),
}
_NAME = re.compile(r"^cmdesk-(\d{8}-\d{6}-\d{6})-([a-z-]+)\.sqlite3$")
_UPGRADE_NAME = re.compile(r"^before-upgrade-.+-(\d{8}-\d{6})\.sqlite3$")
SETTING_KEEP = "backup_keep"
SETTING_SECOND_FOLDER = "backup_second_folder"
# Backups not written into the audit trail: the database a "before-restore" backup is
# taken of is replaced at once (the restore's own line names that backup instead).
UNRECORDED_REASONS = frozenset({"before-restore"})


class HasDatabase(Protocol):
    """Anything holding an open desk: the core Desk and the UI's Desk both do."""

    paths: DataPaths
    db: db_module.Database


@dataclass(frozen=True)
class BackupKeep:
    """How many backups thinning keeps in each band (like Anki's settings)."""

    recent: int = 8
    daily: int = 12
    weekly: int = 10
    monthly: int = 9


KEEP_LABELS = {"recent": mark("最近保留份数"), "daily": mark("按天保留天数"), "weekly": mark("按周保留周数"),
               "monthly": mark("按月保留月数")}


@dataclass(frozen=True)
class BackupSettings:
    keep: BackupKeep = field(default_factory=BackupKeep)
    second_folder: Path | None = None


@dataclass(frozen=True)
class BackupInfo:
    """One backup file as the settings page lists it."""

    path: Path
    made_at: datetime  # aware, UTC
    size: int
    reason: str
    clients: int | None
    entries: int | None
    encrypted: bool
    copies: tuple[Path, ...] = ()  # the same backup in the second folder

    @property
    def reason_label(self) -> str:
        return translate(REASONS.get(self.reason, self.reason))

    def describe(self) -> str:
        local = self.made_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        counts = ("" if self.clients is None else
                  translate("，{clients} 个客户，{entries} 条日志").format(clients=self.clients, entries=self.entries))
        unencrypted = "" if self.encrypted else translate("，未加密")
        return f"{local}  {self.reason_label}  {self.size / 1024 / 1024:.1f} MB{counts}{unencrypted}"


def _settings(keep: dict[str, Any], folder: str | None) -> BackupSettings:
    return BackupSettings(BackupKeep(**{k: int(v) for k, v in keep.items() if k in KEEP_LABELS}),
                          Path(folder) if folder else None)


def backup_settings(session: Session) -> BackupSettings:
    return _settings(get_setting(session, SETTING_KEEP, {}) or {},
                     get_setting(session, SETTING_SECOND_FOLDER))


def save_backup_settings(session: Session, settings: BackupSettings) -> None:
    """Validate and store the thinning counts and the second folder (caller's transaction)."""
    problems = [FieldProblem(name, translate("应为 0 到 365 之间的整数"), "backup", label=translate(label))
                for name, label in KEEP_LABELS.items()
                if not 0 <= getattr(settings.keep, name) <= 365]
    if settings.keep.recent < 1:
        problems.append(FieldProblem("recent", translate("至少保留 1 份"), "backup",
                                     label=translate(KEEP_LABELS["recent"])))
    folder = settings.second_folder
    if folder is not None and not folder.is_absolute():
        problems.append(FieldProblem("second_folder", translate("请选择一个完整路径的文件夹（如另一块磁盘）"),
                                     "backup", label=translate("第二备份文件夹")))
    if problems:
        raise ValidationError(problems)
    put_setting(session, SETTING_KEEP, asdict(settings.keep))
    put_setting(session, SETTING_SECOND_FOLDER, str(folder) if folder else None)


def _record_path(backup: Path) -> Path:
    return backup.with_name(backup.name + RECORD_SUFFIX)


def count_records(path: Path, key: bytes | None) -> tuple[int, int]:
    connection = db_module.connect(path, key, read_only=True)
    try:
        clients = connection.execute(
            "SELECT count(*) FROM clients WHERE deleted_at IS NULL").fetchone()[0]
        entries = connection.execute(
            "SELECT count(*) FROM diary_entries WHERE deleted_at IS NULL").fetchone()[0]
    finally:
        connection.close()
    return clients, entries


def _write_record(backup: Path, info: BackupInfo, params: encryption.KeyParams | None) -> None:
    data = {"made_at": info.made_at.isoformat(), "reason": info.reason,
            "clients": info.clients, "entries": info.entries,
            "encryption": params.to_json() if params else None}
    text = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
    atomic_write(_record_path(backup), lambda handle: handle.write(text))


def _key_params(paths: DataPaths, key: bytes | None) -> encryption.KeyParams | None:
    """The desk's key params narrowed to the check of the key in use."""
    if key is None:
        return None
    params = encryption.read_params(paths.key_file)
    if params is None:
        raise CmdeskError(translate("数据库已加密，但数据文件夹里没有密钥文件 cmdesk.key.json"))
    return params.with_checks(encryption.key_check(key))


def backup_name(reason: str, made_at: datetime) -> str:
    return f"cmdesk-{made_at.strftime('%Y%m%d-%H%M%S-%f')}-{reason}{BACKUP_SUFFIX}"


def _copy_finished(backup: Path, folder: Path) -> Path:
    """Copy a finished, checked backup file (not a live database) and its record."""
    folder.mkdir(parents=True, exist_ok=True)
    for source in (backup, _record_path(backup)):
        with open(source, "rb") as handle:
            content = handle.read()
        atomic_write(folder / source.name, lambda out, data=content: out.write(data))
    return folder / backup.name


def make_backup(desk: HasDatabase, reason: str = "manual", output: Path | None = None,
                now: datetime | None = None) -> BackupInfo:
    """Back up the open desk's database. Without `output`, into the backups folder (and the
    second folder when set), then thin both; with `output`, to that file only."""
    with desk.db.session() as session:
        settings = backup_settings(session)
    info = backup_file(desk.paths, desk.db.path, desk.db.key, reason, settings, output, now)
    if reason not in UNRECORDED_REASONS:
        source = REASONS.get(reason, reason)
        label = (translate(source) if reason in ("manual", "periodic")  # their labels say 备份
                 else translate("{reason}备份").format(reason=translate(source)))
        record_desk_event(desk.db, audit.BACKUP, translate("{label}：{name}").format(label=label, name=info.path.name))
    return info


def record_desk_event(database: db_module.Database, action: str, summary: str) -> None:
    """Write one desk event (backup, restore, password) into the audit trail of an open
    database, in the name of the desk's manager (the profile)."""
    with database.session() as session:
        actor = get_profile(session).name
    with database.transaction(actor) as session:
        audit.record_event(session, action, summary)


def backup_file(paths: DataPaths, source: Path, key: bytes | None, reason: str,
                settings: BackupSettings, output: Path | None = None,
                now: datetime | None = None) -> BackupInfo:
    """make_backup for a database given by its file and key (the desk may not be open)."""
    if reason not in REASONS:
        raise CmdeskError(translate("不认识的备份原因：{reason}").format(reason=reason))
    made_at = (now or clock.aware_utcnow()).astimezone(UTC)
    target = Path(output) if output else paths.backups / backup_name(reason, made_at)
    db_module.backup_database(source, target, key)
    clients, entries = count_records(target, key)
    info = BackupInfo(target, made_at, target.stat().st_size, reason, clients, entries,
                      key is not None)
    _write_record(target, info, _key_params(paths, key))
    if output:
        return info
    copies: list[Path] = []
    if settings.second_folder is not None:
        try:
            copies.append(_copy_finished(target, settings.second_folder))
            thin_backups(settings.second_folder, settings.keep, key, copies[-1])
        except (OSError, CmdeskError) as exc:
            raise CmdeskError(translate("备份已保存在 {target}，但无法复制到第二备份文件夹 {second_folder}：{exc}").format(target=target, second_folder=settings.second_folder, exc=exc)) from exc
    thin_backups(paths.backups, settings.keep, key, target)
    return BackupInfo(**{**asdict(info), "copies": tuple(copies)})


def settings_in_file(path: Path, key: bytes | None) -> BackupSettings:
    """The backup settings stored in a database file that is not open as a desk."""
    connection = db_module.connect(path, key, read_only=True)
    try:
        rows = dict(connection.execute(
            "SELECT key, value FROM settings WHERE key IN (?, ?)",
            (SETTING_KEEP, SETTING_SECOND_FOLDER)).fetchall())
    finally:
        connection.close()
    return _settings(json.loads(rows.get(SETTING_KEEP, "null")) or {},
                     json.loads(rows.get(SETTING_SECOND_FOLDER, "null")))


def encrypt_backups(paths: DataPaths, folder: Path, key: bytes) -> int:
    """Re-write every unencrypted backup in `folder` under `key` (after the desk itself
    was encrypted, so no readable copy of the data stays behind); returns how many."""
    params = _key_params(paths, key)
    done = 0
    for info in list_backups_in(folder):
        if info.encrypted:
            continue
        encrypted = info.path.with_name(info.path.name + ".encrypting")
        db_module.export_database(info.path, None, encrypted, key)
        os.replace(encrypted, info.path)
        _write_record(info.path, info, params)
        done += 1
    return done


def read_backup(path: Path) -> BackupInfo:
    """A backup file's record (or, for a file without one, what its name and stat say)."""
    path = Path(path)
    record = _record_path(path)
    size = path.stat().st_size
    encrypted = not encryption.is_plaintext(path)
    if record.is_file():
        data = json.loads(record.read_text(encoding="utf-8"))
        return BackupInfo(path, datetime.fromisoformat(data["made_at"]), size, data["reason"],
                          data.get("clients"), data.get("entries"), encrypted)
    match = _UPGRADE_NAME.match(path.name)
    if match:
        made_at = datetime.strptime(match.group(1), "%Y%m%d-%H%M%S").astimezone(UTC)
        return BackupInfo(path, made_at, size, "before-upgrade", None, None, encrypted)
    made_at = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    return BackupInfo(path, made_at, size, "manual", None, None, encrypted)


def list_backups_in(folder: Path) -> list[BackupInfo]:
    if not folder.is_dir():
        return []
    found = [read_backup(path) for path in folder.iterdir()
             if path.suffix == BACKUP_SUFFIX and path.is_file()
             and (_NAME.match(path.name) or _UPGRADE_NAME.match(path.name))]
    return sorted(found, key=lambda info: info.made_at, reverse=True)


def list_backups(desk: HasDatabase) -> list[BackupInfo]:
    """The backups in the data folder, newest first."""
    return list_backups_in(desk.paths.backups)


def _bands(made_at: datetime) -> tuple[Any, Any, Any]:
    local = made_at.astimezone()
    year, week, _ = local.isocalendar()
    return local.date(), (year, week), (local.year, local.month)


def backups_to_keep(backups: list[BackupInfo], keep: BackupKeep) -> set[Path]:
    """Anki-style thinning: the newest `recent`; then, going back in time from the oldest
    kept so far, the newest backup of each of `daily` more days, then `weekly` more weeks,
    then `monthly` more months."""
    newest_first = sorted(backups, key=lambda info: info.made_at, reverse=True)
    kept = newest_first[:keep.recent]
    for band, count in enumerate((keep.daily, keep.weekly, keep.monthly)):
        covered = {_bands(info.made_at)[band] for info in kept}
        oldest_kept = kept[-1].made_at if kept else None
        added = 0
        for info in newest_first:
            if added >= count:
                break
            bucket = _bands(info.made_at)[band]
            if bucket in covered or (oldest_kept is not None and info.made_at >= oldest_kept):
                continue
            covered.add(bucket)
            kept.append(info)
            added += 1
    return {info.path for info in kept}


def newest_passing(backups: list[BackupInfo], key: bytes | None,
                   known_good: Path | None = None) -> BackupInfo | None:
    """The newest of `backups` that passes quick_check (`known_good`, a backup checked as
    it was made, is taken without checking again)."""
    for info in sorted(backups, key=lambda item: item.made_at, reverse=True):
        if info.path == known_good:
            return info
        if info.encrypted and key is None:
            continue
        if not db_module.file_problems(info.path, key if info.encrypted else None, quick=True):
            return info
    return None


def thin_backups(folder: Path, keep: BackupKeep, key: bytes | None = None,
                 known_good: Path | None = None) -> list[Path]:
    """Delete the backups in `folder` that thinning does not keep; returns what went.
    The newest backup that passes its check is always kept, whatever newer (damaged,
    misdated) files stand before it."""
    backups = list_backups_in(folder)
    kept = backups_to_keep(backups, keep)
    good = newest_passing(backups, key, known_good)
    if good is not None:
        kept.add(good.path)
    removed = []
    for info in backups:
        if info.path not in kept:
            info.path.unlink(missing_ok=True)
            _record_path(info.path).unlink(missing_ok=True)
            removed.append(info.path)
    return removed


def last_change(session: Session) -> datetime | None:
    """When a travelling record last changed (UTC, aware), from the outbox."""
    latest = session.scalar(select(func.max(OutboxEntry.changed_at)))
    return latest.replace(tzinfo=UTC) if latest else None


def backup_due(desk: HasDatabase, now: datetime | None = None) -> bool:
    """True when data changed since the newest backup and that backup is at least 30
    minutes old (or there is none): the UI's timer then calls make_backup(desk, "periodic")."""
    now = (now or clock.aware_utcnow()).astimezone(UTC)
    with desk.db.session() as session:
        changed = last_change(session)
    if changed is None:
        return False
    backups = list_backups(desk)
    if not backups:
        return True
    newest = backups[0].made_at
    return changed > newest and now - newest >= BACKUP_INTERVAL


def back_up_on_close(desk: HasDatabase) -> BackupInfo | None:
    """The close backup: made when data changed since the newest backup (else None)."""
    with desk.db.session() as session:
        changed = last_change(session)
    backups = list_backups(desk)
    if changed is None or (backups and backups[0].made_at >= changed):
        return None
    return make_backup(desk, "close")


def backup_key_params(paths: DataPaths, backup: Path) -> encryption.KeyParams:
    """How an encrypted backup's key is derived: its record, else the desk's key file."""
    params = (encryption.read_params(_record_path(backup))
              or encryption.read_params(paths.key_file))
    if params is None:
        raise CmdeskError(translate("备份 {backup} 已加密，但找不到它的密钥记录（{name}.json）").format(backup=backup, name=backup.name))
    return params


def _backup_key(paths: DataPaths, backup: Path, password: str | None) -> bytes | None:
    """The key a backup was made under (None for an unencrypted backup)."""
    if encryption.is_plaintext(backup):
        return None
    params = backup_key_params(paths, backup)
    if not password:
        raise PasswordRequiredError(translate("这个备份已加密，请输入备份时的密码"))
    return encryption.derive_key(params, password)


def check_backup(paths: DataPaths, backup: Path, password: str | None) -> bytes | None:
    """Refuse, in words, a backup that is damaged, from a newer cmdesk or under another
    password; returns its key (None for an unencrypted backup)."""
    backup = Path(backup)
    if not backup.is_file():
        raise CmdeskError(translate("找不到备份文件 {backup}").format(backup=backup))
    key = _backup_key(paths, backup, password)
    connection = db_module.connect(backup, key, read_only=True)
    try:
        problems = db_module.integrity_problems(connection)
    finally:
        connection.close()
    if problems:
        raise DatabaseCorruptError(translate("备份 {name} 没有通过完整性检查，不能用来恢复：{problems}").format(
            name=backup.name, problems=translate("；").join(problems[:3])))
    revision = db_module.stored_revision(backup, key)
    if not db_module.known_revision(revision):
        raise SchemaTooNewError(translate("备份 {name} 由更新版本的 cmdesk 写入（数据库版本 {revision}），请升级 cmdesk 后再恢复").format(name=backup.name, revision=revision))
    return key
