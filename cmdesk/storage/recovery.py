"""Getting the data back: restoring a backup over the desk's database, and a decrypted
copy for IT.

`restore_backup(data_dir, backup_path, password)` checks the backup, backs up the
current database first, writes the backup's content under the desk's current key and
swaps it in atomically; the restore leaves one line in the audit trail of the restored
database. A database that cannot be opened (damaged, its key file lost) is copied into
the `damaged` folder first, never just overwritten.

`export_plain(desk, target)` writes the open desk's database, decrypted, to a new file
(never over an existing one) that any SQLite 3 tool opens — Debian's sqlcipher 3 cannot
open a SQLCipher 4 file (docs/recovery.md) — and records that in the audit trail.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from cmdesk.errors import (
    CmdeskError,
    DatabaseCorruptError,
    DatabaseOpenError,
    PasswordRequiredError,
)
from cmdesk.i18n import translate
from cmdesk.paths import DataPaths
from cmdesk.storage import audit, encryption
from cmdesk.storage import db as db_module
from cmdesk.storage.backup import (
    backup_key_params,
    check_backup,
    count_records,
    make_backup,
    record_desk_event,
)
from cmdesk.storage.desk import Desk, open_desk
from cmdesk.storage.integrity import keep_damaged_copy


def _desk_key(paths: DataPaths, password: str | None) -> bytes | None:
    params = encryption.read_params(paths.key_file)
    if params is None:
        return None
    if not password:
        raise PasswordRequiredError(translate("本工作台已加密，请输入当前密码"))
    return encryption.derive_key(params, password)


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    safety_backup: Path | None  # the database as it was before the restore
    clients: int
    entries: int


def restore_backup(data_dir: str | os.PathLike[str] | None, backup_path: Path,
                   password: str | None = None,
                   current_password: str | None = None) -> RestoreResult:
    """Replace the desk's database (which must be closed) with a backup.

    `password` opens the backup; `current_password` (default: the same) opens the desk's
    current database. The backup is checked first, the current database is backed up,
    then the backup's content is written under the desk's current key (so the desk's
    password stays what it is), checked, and swapped in with an atomic rename. A desk
    with no database yet (a new laptop) takes over an encrypted backup's password."""
    paths = DataPaths.resolve(data_dir).ensure()
    backup_path = Path(backup_path)
    backup_key = check_backup(paths, backup_path, password)
    safety = None
    try:
        desk_key = _desk_key(paths, current_password or password)
    except DatabaseOpenError:
        raise  # no or wrong password
    except CmdeskError:
        desk_key = None  # the key file is unreadable
    existing = paths.database.exists() and paths.database.stat().st_size > 0
    key_lost = existing and desk_key is None and not encryption.is_plaintext(paths.database)
    if desk_key is None and backup_key is not None and (not existing or key_lost):
        params = backup_key_params(paths, backup_path)
        encryption.write_params(paths.key_file,
                                params.with_checks(encryption.key_check(backup_key)))
        desk_key = backup_key
    if key_lost:
        safety = keep_damaged_copy(paths)  # unreadable without its key: kept as it is
    elif existing:
        try:
            current = open_desk(paths.root, current_password or password,
                                no_encryption=desk_key is None)
        except DatabaseCorruptError as damaged:  # kept aside, untouched
            safety = damaged.damaged_copy or keep_damaged_copy(paths)
        else:
            try:
                safety = make_backup(current, "before-restore").path
            finally:
                current.close()
            db_module.settle(paths.database, desk_key)
    incoming = paths.root / (paths.database.name + ".restoring")
    db_module.export_database(backup_path, backup_key, incoming, desk_key)
    for leftover in (paths.database.with_name(paths.database.name + suffix)
                     for suffix in ("-wal", "-shm")):
        leftover.unlink(missing_ok=True)
    os.replace(incoming, paths.database)
    db_module.sync_folder(paths.root)
    restored = db_module.open_database(paths.database, paths.backups, desk_key)
    try:
        record_desk_event(restored, audit.RESTORE, translate("从备份 {name} 恢复").format(name=backup_path.name))
    finally:
        restored.close()
    clients, entries = count_records(paths.database, desk_key)
    return RestoreResult(backup_path, safety, clients, entries)


def export_plain(desk: Desk, target: Path) -> Path:
    """Write a decrypted copy of the open desk's database to `target`, which must not
    exist yet (it is claimed first, so nothing is ever overwritten); checked, owner-only,
    and one line in the audit trail."""
    target = Path(target)
    try:
        claimed = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        raise CmdeskError(translate("{target} 已经存在：不会覆盖已有的文件，请换一个文件名").format(target=target)) from None
    os.close(claimed)
    try:
        db_module.export_database(desk.db.path, desk.db.key, target, None)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    record_desk_event(desk.db, audit.EXPORT, translate("导出未加密的数据库副本：{target}").format(target=target))
    return target
