"""What went wrong with a file or the database, in the manager's words, without a trace.

`explain(error)` turns what the operating system or SQLite raises — a read-only folder, a
file made immutable, a full disk, a file another program holds, a file that is not a
database — into one Chinese sentence naming the file where it is known, and None for an
error it does not know. It never repeats a statement or its values (the engines hide
them too: hide_parameters), so no client data reaches a message. The command line's
top-level handler and the window's start use it.
"""
from __future__ import annotations

import errno
import sqlite3

from cmdesk.i18n import mark, translate

_OS_REASONS = {
    errno.EACCES: mark("没有权限写入或读取（文件夹只读、文件被设为只读或不可修改）"),
    errno.EPERM: mark("操作不被允许（文件被设为不可修改，或没有权限）"),
    errno.EROFS: mark("所在的磁盘是只读的"),
    errno.ENOSPC: mark("磁盘空间已满"),
    errno.ENOENT: mark("找不到文件或文件夹"),
    errno.EIO: mark("磁盘读写出错（磁盘可能已损坏）"),
    errno.EBUSY: mark("文件正被其他程序占用"),
}
if hasattr(errno, "EDQUOT"):  # POSIX only
    _OS_REASONS[errno.EDQUOT] = mark("磁盘配额已用完")
# SQLite's own words (its messages are fixed English texts) -> ours
_SQLITE_REASONS = (
    ("readonly", mark("数据库文件或所在文件夹是只读的（或文件被设为不可修改），无法保存")),
    ("disk is full", mark("磁盘空间已满，无法保存；请腾出空间后再试")),
    ("database is locked", mark("数据库正被另一个程序使用（桌面程序或另一个命令），请稍后再试")),
    ("unable to open", mark("无法打开数据库文件（文件夹不存在、没有权限或磁盘只读）")),
    ("disk i/o error", mark("读写数据库时磁盘出错（磁盘已满、只读或已损坏）")),
    ("not a database", mark("文件不是 cmdesk 数据库，或密码不对，或文件已损坏")),
    ("malformed", mark("数据库文件已损坏")),
    ("constraint", mark("数据库拒绝了这次保存（数据之间不一致），没有保存任何内容")),
)


def _database_error(error: BaseException) -> BaseException | None:
    """The DB-API error inside `error` (SQLAlchemy wraps it as .orig), if it is one."""
    inner = getattr(error, "orig", None) or error
    module = type(inner).__module__
    if isinstance(inner, sqlite3.Error) or module.startswith("sqlcipher3"):
        return inner
    return None


def explain(error: BaseException) -> str | None:
    """One sentence for a file or database failure, or None when it is neither."""
    if isinstance(error, OSError):
        reason = translate(_OS_REASONS.get(error.errno or 0, error.strerror or translate("文件操作失败")))
        if error.filename:
            return translate("{reason}：{filename}").format(reason=reason, filename=error.filename)
        return reason
    inner = _database_error(error)
    if inner is None:
        return None
    text = str(inner).lower()
    for needle, reason in _SQLITE_REASONS:
        if needle in text:
            return translate(reason)
    return translate("数据库操作失败，没有保存任何内容")
