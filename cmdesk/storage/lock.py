"""One program at a time on a data folder: an exclusive lock on `cmdesk.lock` inside it.

The desk's window holds the lock from its start to its end, every command of the command
line for the length of the command; a second program on the same folder waits up to
LOCK_WAIT_SECONDS for it (a command finishing, a window restarting) and is then refused
with DeskBusyError naming the holder. The lock is the operating system's (flock on POSIX,
msvcrt.locking on Windows), so a program that dies lets go of it at once; the file stays
and only carries the holder's process id for the message. It lives in the data folder,
not in a temporary folder, so every program that sees the data sees the lock.

The lock belongs to the DeskLock object that took it (an open file of its own): a second
DeskLock on the same folder is refused even inside the same process.
"""
from __future__ import annotations

import os
import time
from pathlib import Path
from typing import BinaryIO

from cmdesk.errors import DeskBusyError
from cmdesk.i18n import translate

LOCK_FILE_NAME = "cmdesk.lock"
LOCK_WAIT_SECONDS = 10.0
_POLL_SECONDS = 0.1

if os.name == "nt":
    import msvcrt

    def _try_lock(handle: BinaryIO) -> bool:
        handle.seek(0)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(handle: BinaryIO) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_lock(handle: BinaryIO) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(handle: BinaryIO) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _holder(path: Path) -> str:
    try:
        pid = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""
    return translate("（进程 {pid}）").format(pid=pid) if pid.isdigit() else ""


class DeskLock:
    """The lock on one data folder; `acquire` then `release` (or use it as a context)."""

    def __init__(self, root: Path):
        self.path = Path(root) / LOCK_FILE_NAME
        self._handle: BinaryIO | None = None

    @property
    def held(self) -> bool:
        return self._handle is not None

    def acquire(self, wait_seconds: float = LOCK_WAIT_SECONDS) -> DeskLock:
        """Take the lock, waiting up to `wait_seconds` for another program to let go;
        DeskBusyError (in words) when it does not."""
        if self.held:
            return self
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+b")  # noqa: SIM115  (kept open while the lock is held)
        deadline = time.monotonic() + wait_seconds
        while not _try_lock(handle):
            if time.monotonic() >= deadline:
                handle.close()
                raise DeskBusyError(
                    translate("这个工作台正在被另一个程序使用{path}：桌面程序开着时，或另一个 cmdesk 命令正在运行时，不能同时操作同一个数据文件夹。请关闭它或等它完成后再试（{parent}）").format(path=_holder(self.path), parent=self.path.parent))
            time.sleep(_POLL_SECONDS)
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n".encode("ascii"))
        handle.flush()
        self._handle = handle
        return self

    def release(self) -> None:
        handle, self._handle = self._handle, None
        if handle is None:
            return
        try:
            _unlock(handle)
        finally:
            handle.close()

    def __enter__(self) -> DeskLock:
        return self.acquire()

    def __exit__(self, *_exc: object) -> None:
        self.release()
