"""Heavy work off the GUI thread: a QThreadPool worker and a modal progress dialog.

`run_with_progress(parent, title, label, fn)` runs `fn(progress)` in the global
QThreadPool while a QProgressDialog shows; `progress(done, total)` may be called from
the worker thread (it only emits a queued signal). It returns fn's result or re-raises
its exception on the GUI thread, so callers read like ordinary code.
"""
from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget


class WorkerSignals(QObject):
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)


class Worker(QRunnable):
    """Runs fn(progress_callback) once in a pool thread and reports through signals."""

    def __init__(self, fn: Callable[[Callable[[int, int], None]], Any]):
        super().__init__()
        self.fn = fn
        self.signals = WorkerSignals()
        self.setAutoDelete(False)  # Python keeps the reference; see run_with_progress

    def run(self) -> None:
        try:
            result = self.fn(self._report)
        except BaseException as exc:  # handed to the GUI thread, re-raised there
            exc.__cmdesk_traceback__ = traceback.format_exc()  # type: ignore[attr-defined]
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)

    def _report(self, done: int, total: int) -> None:
        self.signals.progress.emit(int(done), int(total))


class _Waiter(QObject):
    """Lives on the GUI thread, so the worker's signals reach it queued."""

    def __init__(self, dialog: QProgressDialog, loop: QEventLoop):
        super().__init__()
        self.dialog = dialog
        self.loop = loop
        self.outcome: dict[str, Any] = {}

    @Slot(int, int)
    def on_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.dialog.setMaximum(total)
            self.dialog.setValue(min(done, total))

    @Slot(object)
    def on_finished(self, result: Any) -> None:
        self.outcome["result"] = result
        self.loop.quit()

    @Slot(object)
    def on_failed(self, exc: BaseException) -> None:
        self.outcome["error"] = exc
        self.loop.quit()


def run_with_progress(parent: QWidget | None, title: str, label: str,
                      fn: Callable[[Callable[[int, int], None]], Any]) -> Any:
    """Run fn in the thread pool behind a modal progress dialog; return its result."""
    dialog = QProgressDialog(label, "", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setCancelButton(None)  # database work is not interrupted half-way
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumWidth(360)
    loop = QEventLoop()
    waiter = _Waiter(dialog, loop)
    worker = Worker(fn)
    worker.signals.progress.connect(waiter.on_progress)
    worker.signals.finished.connect(waiter.on_finished)
    worker.signals.failed.connect(waiter.on_failed)
    QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
    try:
        QThreadPool.globalInstance().start(worker)
        loop.exec()
        QThreadPool.globalInstance().waitForDone(5000)
    finally:
        QApplication.restoreOverrideCursor()
        dialog.close()
        dialog.deleteLater()
    if "error" in waiter.outcome:
        raise waiter.outcome["error"]
    return waiter.outcome.get("result")
