"""Opening a desk: its data folder, its key, its database, and what a desk has from the first start.

Used by the command line and the UI alike, so both start the same way: folders with
owner-only permissions; the key derived once from the password (cmdesk.storage.encryption); an
earlier version's unencrypted database converted when a password is given (`encrypt_database`,
its backups re-written encrypted too); the database quick-checked (cmdesk.storage.integrity),
backed up and upgraded; a desk id, and the default product catalogue when the desk has none.

A desk file that is missing or empty is never silently replaced: a database gone (or 0
bytes) beside backups or a key file, the key file of an encrypted database gone or
unreadable, the write-ahead log gone while SQLite's shared-memory file says a session
never closed — each raises DeskFileMissingError or DatabaseCorruptError naming the file and
the newest backup to go back to.

Encryption is the default. A desk without a password is created or opened only when the
caller says so (`no_encryption=True`, the command line's --no-encryption, or
CMDESK_NO_ENCRYPTION=1); otherwise PasswordRequiredError asks for one.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass

from sqlalchemy import func, select

from cmdesk.errors import PasswordRequiredError, WrongPasswordError
from cmdesk.i18n import translate
from cmdesk.models import Product
from cmdesk.paths import DataPaths
from cmdesk.services.catalogue import load_default_catalogue
from cmdesk.services.settings import desk_id
from cmdesk.storage import backup, encryption, integrity
from cmdesk.storage import db as db_module
from cmdesk.storage.db import Database, open_database
from cmdesk.storage.first_look import FirstLook


@dataclass
class Desk:
    paths: DataPaths
    db: Database
    quick_check_seconds: float = 0.0  # what the integrity check at open cost
    key_seconds: float = 0.0  # what deriving the key from the password cost

    def close(self) -> None:
        self.db.close()


def _existing_database(paths: DataPaths) -> bool:
    return paths.database.exists() and paths.database.stat().st_size > 0


def _finish_interrupted_rekey(paths: DataPaths, params: encryption.KeyParams,
                              key: bytes) -> None:
    """A password change was interrupted: the key file lists two checks. Whichever key
    the database actually opens with becomes the only one."""
    if db_module.file_problems(paths.database, key, quick=True):
        raise WrongPasswordError(translate("上次修改密码时程序被中断，数据库已改用另一个密码："
                                 "请用另一个（新或旧）密码打开"))
    encryption.write_params(paths.key_file,
                            params.with_checks(encryption.key_check(key)))


def encrypt_database(paths: DataPaths, key: bytes) -> None:
    """Convert an earlier version's unencrypted database (closed) to SQLCipher under `key`.

    The key file is already written. The plain file's log is folded in; an encrypted copy
    is exported and checked; that copy is first kept as the "before-encrypt" backup, every
    unencrypted backup (here and in the second folder) is re-written encrypted, and only
    then the copy replaces the database with an atomic rename. Interrupted at any point,
    the next open with the password starts the conversion again."""
    db_module.settle(paths.database)
    settings = backup.settings_in_file(paths.database, None)
    encrypted = paths.database.with_name(paths.database.name + ".encrypting")
    db_module.export_database(paths.database, None, encrypted, key)
    backup.backup_file(paths, encrypted, key, "before-encrypt", settings)
    for folder in (paths.backups, settings.second_folder):
        if folder is not None and folder.is_dir():
            backup.encrypt_backups(paths, folder, key)
    os.replace(encrypted, paths.database)
    db_module.sync_folder(paths.root)



def desk_key(paths: DataPaths, password: str | None, no_encryption: bool) -> bytes | None:
    """The key this desk opens with (None: unencrypted), creating the key file for a new
    encrypted desk and converting an unencrypted database when a password is given."""
    params = encryption.read_params(paths.key_file)
    existing = _existing_database(paths)
    if params is not None:
        key = (encryption.derive_key(params, password) if password
               else encryption.remembered_key(paths.root, params))
        if key is None:
            raise PasswordRequiredError(translate("这个工作台的数据已加密，请输入密码"))
        if existing and encryption.is_plaintext(paths.database):
            encrypt_database(paths, key)  # a conversion that was interrupted
        elif len(params.checks) > 1:
            _finish_interrupted_rekey(paths, params, key)
        return key
    if password:
        encryption.check_new_password(password)
        params, key = encryption.new_key(password)
        encryption.write_params(paths.key_file, params)
        if existing:
            encrypt_database(paths, key)
        return key
    if no_encryption:
        return None
    if existing:
        raise PasswordRequiredError(
            translate("这个工作台的数据还没有加密：请设置密码加密它（CMDESK_PASSWORD 或输入提示），"
            "或明确使用 --no-encryption 不加密打开"))
    raise PasswordRequiredError(
        translate("新建工作台需要设置密码（CMDESK_PASSWORD 或输入提示）；"
        "只有明确使用 --no-encryption 时才建立不加密的数据库"))


def open_desk(data_dir: str | os.PathLike[str] | None = None, password: str | None = None,
              *, no_encryption: bool | None = None, quick_check: bool = True,
              first: FirstLook | None = None) -> Desk:
    """Open the desk in `data_dir` (default: the per-user data folder) with `password`.

    `password` None means "CMDESK_PASSWORD, if set" (then the OS key store, if the key was
    remembered there); `no_encryption` None means "as CMDESK_NO_ENCRYPTION says".
    `quick_check` False leaves the start's quick_check to the caller, who then runs
    cmdesk.storage.integrity.quick_check_problems(desk) off the GUI thread (a large book takes
    seconds) and, on problems, closes the desk and opens it again to be told why.
    `first`: the start's first look at this folder (cmdesk.storage.first_look): its key is
    used as it is, not derived again."""
    paths = DataPaths.resolve(data_dir).ensure()
    password = password or encryption.password_from_environment()
    if no_encryption is None:
        no_encryption = encryption.no_encryption_requested()
    integrity.refuse_missing_files(paths, password)
    started = time.perf_counter()
    key = first.key if first is not None else desk_key(paths, password, no_encryption)
    key_seconds = first.key_seconds if first is not None else time.perf_counter() - started
    integrity.refuse_lost_log(paths, key)
    quick_check_seconds = (integrity.check_on_open(paths, key)
                           if quick_check and _existing_database(paths) else 0.0)
    db = open_database(paths.database, paths.backups, key)
    with db.transaction() as session:
        desk_id(session)
        if not session.scalar(select(func.count()).select_from(Product)):
            load_default_catalogue(session)
    return Desk(paths=paths, db=db, quick_check_seconds=quick_check_seconds,
                key_seconds=key_seconds)
