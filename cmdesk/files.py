"""Writing files atomically: every file the desk writes (PDFs, exports, templates) goes
through `atomic_write`, so a crash, a full disk or a failing writer never leaves a half
file under the final name — the old file, if any, stays as it was.
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from cmdesk.errors import CmdeskError
from cmdesk.i18n import translate
from cmdesk.storage.failures import explain


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows has no directory handles to sync)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: str | os.PathLike[str], write: Callable[[BinaryIO], None],
                 replace: bool = True) -> Path:
    """Write a file through `write(handle)` into a temp file in the same folder, fsync it,
    then rename it over `path`. On any error the temp file is removed, `path` is left as it
    was, and the error is raised again (an OSError as a CmdeskError naming the file).
    With replace=False an existing `path` is never overwritten, even by a writer racing
    this one: the file is linked into place, which fails if the name is taken.
    The file is created owner-only (0600 on POSIX): the desk's files hold client data.
    """
    target = Path(path)
    folder = target.parent
    if not folder.is_dir():
        raise CmdeskError(translate("无法写入 {target}：文件夹不存在").format(target=target))
    fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        if replace:
            os.replace(temp, target)
        else:
            os.link(temp, target)
            temp.unlink()
    except BaseException as exc:
        temp.unlink(missing_ok=True)
        if isinstance(exc, FileExistsError):
            raise CmdeskError(translate("文件已存在，没有覆盖：{target}。请换一个文件名。").format(target=target)) from exc
        if isinstance(exc, OSError):
            raise CmdeskError(translate("无法写入 {target}：{reason}").format(target=target, reason=explain(exc))) from exc
        raise
    _sync_folder(folder)
    return target
