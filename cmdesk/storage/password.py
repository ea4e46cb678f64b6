"""The desk's password: setting the first one (which encrypts the desk) and changing it.

`set_password` encrypts an unencrypted desk under its first password (open_desk converts
the file and its backups, a backup first); `change_password` re-keys the open desk's
database under a new password with the same salt, after a backup. The key file lists
both checks while the re-key runs, so an interruption leaves a database that one of the
two passwords opens. Each leaves one line in the audit trail.
"""
from __future__ import annotations

import os

from cmdesk.errors import CmdeskError
from cmdesk.i18n import translate
from cmdesk.paths import DataPaths
from cmdesk.storage import audit, backup, encryption
from cmdesk.storage.desk import Desk, open_desk


def change_password(desk: Desk, old_password: str, new_password: str) -> None:
    """Re-key the open desk's database under a new password (same salt), backing it up
    first. The key file lists both checks while the re-key runs, so an interruption
    leaves a database that one of the two passwords opens."""
    path = desk.paths.key_file
    params = encryption.read_params(path)
    if params is None or desk.db.key is None:
        raise CmdeskError(translate("这个工作台还没有加密：请用“设置密码”加密它"))
    old_key = encryption.derive_key(params, old_password)
    encryption.check_new_password(new_password)
    new = encryption.stretch(params, new_password)
    backup.make_backup(desk, "before-password")
    encryption.write_params(path, params.with_checks(encryption.key_check(old_key),
                                                     encryption.key_check(new)))
    desk.db.rekey(new)
    encryption.write_params(path, params.with_checks(encryption.key_check(new)))
    encryption.forget_key(desk.paths.root)
    backup.record_desk_event(desk.db, audit.PASSWORD, translate("修改工作台密码"))


def set_password(data_dir: str | os.PathLike[str] | None, password: str) -> Desk:
    """Encrypt an unencrypted desk under its first password (open_desk converts it, a
    backup first) and note that in the audit trail; returns the open desk."""
    if DataPaths.resolve(data_dir).key_file.exists():
        raise CmdeskError(translate("这个工作台已经设置了密码；要修改请用“修改密码”"))
    desk = open_desk(data_dir, password)
    try:
        backup.record_desk_event(desk.db, audit.PASSWORD, translate("设置工作台密码并加密"))
    except BaseException:
        desk.close()
        raise
    return desk
