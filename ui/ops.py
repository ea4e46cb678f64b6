"""The operation layer: every database read and write the interface makes goes through
here and runs on the desk's one database thread, in the order asked (the idea of
Anki's QueryOp / CollectionOp).

    ops.query(desk, lambda s: clients.search_rows(s, text), done=self._show,
              parent=self, key="clients.search")
    ops.write(desk, lambda s: clients.save(s, cid, values), Changes.of(Kind.CLIENTS, cid),
              done=self._saved, failed=self._show_problems, parent=self)

- `fn(session)` runs on the worker thread and must return plain values (frozen view
  objects, tuples, ids): never ORM rows, which belong to the session that ends with it
  (an operation that returns one fails, so a test catches it).
- `done(result)` and `failed(exc)` run on the GUI thread, and only while `parent` lives.
  Without `failed`, the error is shown in one place (`show_error`): a manager's message
  for the core's typed errors, the unhandled-error path for anything else.
- A write runs in one transaction named for the manager (`desk.actor`); after it commits
  the desk announces what changed (`desk.changed`, a `Changes`), so views refresh — the
  visible ones now, the hidden ones when next shown (`RefreshOnShow`).
- `run_modal(...)`: a long job behind a progress dialog (a batch of PDFs, an import),
  written like ordinary code: it returns fn's result or raises on the GUI thread.
- `key`: a newer query with the same key supersedes an older one still queued or
  running; the older one's result is dropped (typing in a search box).
"""
from __future__ import annotations

import itertools
import logging
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

log = logging.getLogger(__name__)


class Kind(StrEnum):
    """What a write changed; views say which kinds they show."""

    CLIENTS = "clients"
    DIARY = "diary"  # entries, visit reports, follow-ups
    PLANS = "plans"  # week/month plans, development and strategy plans, task book
    PROPOSALS = "proposals"  # proposals and the catalogue
    PROJECTS = "projects"
    RISK = "risk"  # loans, post-loan checks, warning signals
    PROFILE = "profile"
    SETTINGS = "settings"  # tiers, cadence, thresholds and other desk settings
    EXCHANGE = "exchange"  # packages exported or imported
    ALL = "all"  # a restore, a demo load, a handover: everything may have changed


@dataclass(frozen=True)
class Changes:
    """What one write changed: the kinds of record, and the ids where known."""

    kinds: frozenset[str]
    ids: frozenset[str] = frozenset()

    @classmethod
    def of(cls, kinds: Kind | Iterable[Kind], *ids: str | None) -> Changes:
        kinds = (kinds,) if isinstance(kinds, str) else tuple(kinds)
        return cls(frozenset(kinds), frozenset(i for i in ids if i))

    def touches(self, kinds: Iterable[str]) -> bool:
        return Kind.ALL in self.kinds or bool(self.kinds & set(kinds))


def _orm_row_in(result: Any, depth: int = 0) -> bool:
    """True if a database row (an ORM object) would reach the widgets in `result`."""
    if hasattr(result, "_sa_instance_state"):
        return True
    if depth >= 2 or isinstance(result, (str, bytes)):
        return False
    if isinstance(result, dict):
        return any(_orm_row_in(value, depth + 1) for value in list(result.values())[:50])
    if isinstance(result, (list, tuple, set, frozenset)):
        return any(_orm_row_in(item, depth + 1) for item in list(result)[:50])
    fields = getattr(result, "__dataclass_fields__", None)
    if fields:
        return any(_orm_row_in(getattr(result, name, None), depth + 1) for name in fields)
    return False


class _Signals(QObject):
    finished = Signal(int, object)
    failed = Signal(int, object)


class _Job(QRunnable):
    def __init__(self, number: int, fn: Callable[[], Any], signals: _Signals):
        super().__init__()
        self.number = number
        self.fn = fn
        self.signals = signals

    def run(self) -> None:
        try:
            result = self.fn()
            if _orm_row_in(result):
                raise TypeError("an operation returned a database row; return a plain view object")
        except BaseException as exc:  # handed to the GUI thread
            exc.__cmdesk_traceback__ = traceback.format_exc()  # type: ignore[attr-defined]
            self.signals.failed.emit(self.number, exc)
        else:
            self.signals.finished.emit(self.number, result)


@dataclass
class _Pending:
    parent: QObject | None
    done: Callable[[Any], None] | None
    failed: Callable[[BaseException], None] | None
    changes: Changes | None
    key: str | None
    what: str  # the operation's function, for the log when the thread is stuck


class OpRunner(QObject):
    """The desk's database thread: one worker, jobs in the order they were asked."""

    idle_changed = Signal(bool)

    def __init__(self, desk: Any, parent: QObject | None = None):
        super().__init__(parent)
        self.desk = desk
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.pool.setExpiryTimeout(-1)
        self._numbers = itertools.count(1)
        self._pending: dict[int, _Pending] = {}
        self._latest_by_key: dict[str, int] = {}
        self.signals = _Signals(self)
        self.signals.finished.connect(self._on_finished)
        self.signals.failed.connect(self._on_failed)

    def submit(self, fn: Callable[[Any], Any], *, write: bool, changes: Changes | None,
               parent: QObject | None, done: Callable[[Any], None] | None,
               failed: Callable[[BaseException], None] | None, key: str | None) -> int:
        number = next(self._numbers)
        was_idle = not self._pending
        self._pending[number] = _Pending(parent, done, failed, changes, key,
                                         getattr(fn, "__qualname__", repr(fn)))
        if key is not None:
            self._latest_by_key[key] = number

        def run() -> Any:
            if key is not None and self._latest_by_key.get(key) != number:
                return None  # superseded before it started: skip the work
            # read as the job starts: a desk opening in the background (ui.desk) sets them
            # in the job before this one
            db, actor = self.desk.db, self.desk.actor
            if write:
                with db.transaction(actor) as session:
                    return fn(session)
            with db.session() as session:
                return fn(session)

        self.pool.start(_Job(number, run, self.signals))
        if was_idle:
            self.idle_changed.emit(False)
        return number

    def is_idle(self) -> bool:
        return not self._pending

    def pending(self) -> list[str]:
        """The operations asked and not yet delivered, oldest first, by function name."""
        return [pending.what for pending in self._pending.values()]

    def wait(self, msecs: int = 30000) -> bool:
        """Block until the queue is empty (shutdown, tests); results are delivered later."""
        if self.pool.waitForDone(msecs):
            return True
        log.warning("the database thread is still busy after %d ms: %s", msecs,
                    ", ".join(self.pending()))
        return False

    def _take(self, number: int) -> tuple[_Pending | None, bool]:
        pending = self._pending.pop(number, None)
        if not self._pending:
            self.idle_changed.emit(True)
        if pending is None:
            return None, False
        superseded = pending.key is not None and self._latest_by_key.get(pending.key) != number
        if pending.key is not None and not superseded:
            del self._latest_by_key[pending.key]
        alive = pending.parent is None or shiboken6.isValid(pending.parent)
        return pending, alive and not superseded

    @Slot(int, object)
    def _on_finished(self, number: int, result: Any) -> None:
        pending, deliver = self._take(number)
        if pending is None:
            return
        if pending.changes is not None:  # announced even if the asking widget is gone
            self.desk.announce(pending.changes)
        if deliver and pending.done is not None:
            pending.done(result)

    @Slot(int, object)
    def _on_failed(self, number: int, exc: BaseException) -> None:
        pending, deliver = self._take(number)
        if pending is None or not deliver:
            log.warning("operation failed after its window closed: %s", type(exc).__name__)
            return
        if pending.failed is not None:
            pending.failed(exc)
        else:
            show_error(pending.parent if isinstance(pending.parent, QWidget) else None, exc)


def query(desk: Any, fn: Callable[[Any], Any], *, done: Callable[[Any], None] | None = None,
          failed: Callable[[BaseException], None] | None = None,
          parent: QObject | None = None, key: str | None = None) -> int:
    """Read in the background: fn(session) → done(result) on the GUI thread."""
    return desk.ops.submit(fn, write=False, changes=None, parent=parent, done=done,
                           failed=failed, key=key)


def write(desk: Any, fn: Callable[[Any], Any], changes: Changes, *,
          done: Callable[[Any], None] | None = None,
          failed: Callable[[BaseException], None] | None = None,
          parent: QObject | None = None) -> int:
    """Change the desk in one transaction in the background; announce `changes` after it
    commits, then done(result) on the GUI thread. Nothing is kept if fn raises."""
    return desk.ops.submit(fn, write=True, changes=changes, parent=parent, done=done,
                           failed=failed, key=None)


def run_modal(desk: Any, parent: QWidget | None, title: str, label: str,
              fn: Callable[[Any, Callable[[int, int], None]], Any],
              changes: Changes | None = None) -> Any:
    """Run fn(session, progress) behind a modal progress dialog and return its result.
    With `changes` it is a write (one transaction, announced after commit), else a read."""
    from ui.worker import run_with_progress

    def job(progress: Callable[[int, int], None]) -> Any:
        if changes is None:
            with desk.db.session() as session:
                return fn(session, progress)
        with desk.db.transaction(desk.actor) as session:
            return fn(session, progress)

    result = run_with_progress(parent, title, label, job)
    if changes is not None:
        desk.announce(changes)
    return result


def error_text(exc: BaseException) -> str:
    """The manager's words for an error (the core's typed errors carry them)."""
    from cmdesk.errors import CmdeskError

    if isinstance(exc, CmdeskError):
        return str(exc)
    return QCoreApplication.translate("ops", "操作没有完成，已保存的数据不受影响。错误已记录在日志中。")


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """The one place an operation's error reaches the manager."""
    from cmdesk.errors import CmdeskError

    if not isinstance(exc, CmdeskError):
        log.error("operation failed\n%s", getattr(exc, "__cmdesk_traceback__", repr(exc)))
    box = QMessageBox(QMessageBox.Icon.Warning, QCoreApplication.translate("ops", "操作没有完成"),
                      error_text(exc), parent=parent)
    box.exec()


class RefreshOnShow(QObject):
    """Keeps a view fresh without wasted work: on a change of one of `kinds` the view's
    `refresh` runs now if the view is visible, else once when it is next shown."""

    def __init__(self, view: QWidget, desk: Any, kinds: Iterable[Kind],
                 refresh: Callable[[], None]):
        super().__init__(view)
        self.view = view
        self.kinds = frozenset(kinds)
        self.refresh = refresh
        self.stale = True  # nothing read yet: the first show reads
        view.installEventFilter(self)
        desk.changed.connect(self._on_changed)

    def _on_changed(self, changes: Changes) -> None:
        if not changes.touches(self.kinds):
            return
        if self.view.isVisible():
            self.stale = False
            self.refresh()
        else:
            self.stale = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        if watched is self.view and event.type() == QEvent.Type.Show and self.stale:
            self.stale = False
            self.refresh()
        return False
