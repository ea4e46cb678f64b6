"""What every batch-PDF dialog shares: a build in the desk's database thread (ui.ops)
behind a modal progress dialog, 取消 that stops it before anything is written, a message
line for refusals and errors, and closing that cancels a running build first.

A dialog derives from `BatchPdfDialog(desk, parent)`, calls `set_titles`, builds its own
form, adds `self.message` and `self.build_button` to it, and defines `build()`, which
validates the form and calls `start(job, label)` with job(session, progress, cancelled),
and `on_built(result)`, which gets the job's result on the GUI thread; it may clean up
after a cancelled or failed build in `discard()`.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QLabel, QProgressDialog, QPushButton, QWidget

from cmdesk.errors import Cancelled, CmdeskError
from ui import ops


class BatchPdfDialog(QDialog):
    """The build machinery of a dialog that writes PDFs in the background."""

    build_finished = Signal(bool)  # True: built; False: cancelled or failed
    _progressed = Signal(int, int)  # emitted by the job in the database thread, shown here

    def __init__(self, desk: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self._building = False
        self._cancel = threading.Event()
        self.message = QLabel(self)
        self.message.setObjectName("fieldError")
        self.message.setWordWrap(True)
        self.message.hide()
        self.build_button = QPushButton(self)
        self.build_button.setDefault(True)
        self.build_button.clicked.connect(self.build)
        self.progress = QProgressDialog("", self.tr("取消"), 0, 0, self)
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        self.progress.setMinimumDuration(0)
        self.progress.setMinimumWidth(360)
        self.progress.canceled.connect(self.cancel)
        self.progress.reset()  # a QProgressDialog shows itself after minimumDuration otherwise
        self._progressed.connect(self._on_progress)  # queued: the job reports from its thread

    def set_titles(self, title: str, build_label: str) -> None:
        """The dialog's (and its progress dialog's) title, and the build button's text."""
        self.setWindowTitle(title)
        self.progress.setWindowTitle(title)
        self.build_button.setText(build_label)

    @property
    def is_building(self) -> bool:
        return self._building

    def discard(self) -> None:
        """Remove what a cancelled or failed build left behind (nothing by default)."""

    def start(self, job: Callable[[Any, Callable[[int, int], None], Callable[[], bool]], Any],
              label: str) -> None:
        """Run job(session, progress, cancelled) in the desk's database thread behind the
        progress dialog (it reads; what it writes is files)."""
        self.show_message("")
        self._cancel.clear()
        cancelled, progressed = self._cancel.is_set, self._progressed.emit
        self._building = True
        self.build_button.setEnabled(False)
        self.progress.setLabelText(label)
        self.progress.setRange(0, 0)
        self.progress.show()
        ops.query(self.desk, lambda session: job(session, progressed, cancelled),
                  done=self._on_finished, failed=self._on_failed, parent=self)

    def cancel(self) -> None:
        """取消: the worker stops before the next document; nothing is written."""
        if self.is_building:
            self._cancel.set()
            self.show_message(self.tr("正在取消…"))

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def reject(self) -> None:
        """Closing while building cancels the build first."""
        if self.is_building:
            self.cancel()
            return
        super().reject()

    # --- the job's reports (queued onto the GUI thread) ---------------------------------
    def _on_progress(self, done: int, total: int) -> None:
        if total > 0 and not self._cancel.is_set():
            self.progress.setMaximum(total)
            self.progress.setValue(min(done, total))

    def _on_finished(self, result: Any) -> None:
        self._end_build()
        self.on_built(result)
        self.build_finished.emit(True)

    def _on_failed(self, error: BaseException) -> None:
        self._end_build()
        self.discard()
        if isinstance(error, Cancelled):
            self.show_message(self.tr("已取消，没有生成文件。"))
        elif isinstance(error, CmdeskError):
            self.show_message(str(error))
        else:
            ops.show_error(self, error)  # an unexpected error: logged and reported in one place
        self.build_finished.emit(False)

    def _end_build(self) -> None:
        self._building = False
        self.progress.reset()
        self.progress.hide()
        self.build_button.setEnabled(True)
