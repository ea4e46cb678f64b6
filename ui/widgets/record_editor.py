"""The record-editor base of the big editors (客户档案, 日志, 服务方案, 立项): what every one of
them does the same way, in one place.

An editor owns one `RecordEditing` and gives it its save, its widgets and two hooks:
- `load(fn, fill)`: fn(session) runs through ops.query on the desk's database thread and
  returns a frozen view; fill(view) puts it into the fields on the GUI thread, without
  that counting as an edit; afterwards the record is clean and no problem shows.
- `changed()`: the manager edited something: the record is dirty (the 未保存 badge).
- `save(fn, changes, saved_text)`: fn(session) writes through ops.write, in one transaction,
  and `changes` (ui.ops.Kind + id) is announced after it commits. A ValidationError shows
  its problems at the fields (the editor's `place_problems` hook puts each where it
  belongs and returns the lines to list under the summary); nothing is saved. The status
  bar says saved or not saved.
- `ask_unsaved()` / `maybe_save()`: the unsaved-changes question 保存 / 放弃 / 取消.
  `maybe_save` answers synchronously (a caller about to leave the record needs a yes or
  no); after 保存 it waits, with the window painting, until the save has committed or failed.
- `install_save_keys()`: Ctrl+S (and any other keys given) saves, for an editor that is a
  window of its own.
From a save until the editor shows the saved record again, keys and clicks in the editor
are held back (a keystroke typed then would be lost under the re-read record).
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from cmdesk.errors import FieldProblem, ValidationError
from ui import ops
from ui.i18n import tr
from ui.ops import Changes


def ask_unsaved(parent: QWidget | None, name: str) -> QMessageBox.StandardButton:
    """Ask what to do with unsaved edits: Save, Discard or Cancel."""
    box = QMessageBox(QMessageBox.Icon.Question, tr("未保存的修改"),
                      tr("“{name}”有未保存的修改。要保存吗？").format(name=name),
                      QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                      | QMessageBox.StandardButton.Cancel, parent)
    box.button(QMessageBox.StandardButton.Save).setText(tr("保存"))
    box.button(QMessageBox.StandardButton.Discard).setText(tr("放弃"))
    box.button(QMessageBox.StandardButton.Cancel).setText(tr("取消"))
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    return QMessageBox.StandardButton(box.exec())


INPUT_EVENTS = frozenset({QEvent.Type.KeyPress, QEvent.Type.KeyRelease,
                          QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
                          QEvent.Type.MouseButtonDblClick})


class InputHold(QObject):
    """While installed on the application, keys and clicks aimed at `editor` (or anything
    in its window part) are dropped."""

    def __init__(self, editor: QWidget):
        super().__init__(editor)
        self.editor = editor

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        return event.type() in INPUT_EVENTS and isinstance(watched, QWidget) \
            and (watched is self.editor or self.editor.isAncestorOf(watched))


class RecordEditing(QObject):
    """Loading, dirty tracking, the unsaved question, field problems and saving of one
    editor (see the module docstring)."""

    dirty_changed = Signal(bool)
    saved = Signal(object)  # the write's result, after it committed and the editor showed it
    save_failed = Signal(object)  # the exception; problems are already shown

    def __init__(self, editor: QWidget, desk: Any, *, noun: str, save: Callable[[], bool],
                 problem_label: QLabel, place_problems: Callable[[list[FieldProblem]], list[str]],
                 clear_problems: Callable[[], None], dirty_badge: QLabel | None = None):
        super().__init__(editor)
        self.editor = editor
        self.desk = desk
        self._save = save  # the editor's save: builds the draft, calls save() below
        self.noun = noun  # 档案, 日志, 服务方案, 立项: "有 2 处需要改正，{noun}尚未保存。"
        self.problem_label = problem_label
        self.dirty_badge = dirty_badge
        self._place_problems = place_problems
        self._clear_problems = clear_problems
        self._dirty = False
        self._filling = 0
        self.saving = False
        self.loads = 0  # fills done
        self._loads_started = 0
        self._hold = InputHold(editor)
        self._holding = False
        self._release_on_fill = False
        if dirty_badge is not None:
            dirty_badge.hide()

    # --- dirty -----------------------------------------------------------------------
    @property
    def dirty(self) -> bool:
        return self._dirty

    @property
    def filling(self) -> bool:
        return self._filling > 0

    def set_dirty(self, dirty: bool) -> None:
        changed = dirty != self._dirty
        self._dirty = dirty
        if self.dirty_badge is not None:
            self.dirty_badge.setVisible(dirty)
        if changed:
            self.dirty_changed.emit(dirty)

    def changed(self, *_args: Any) -> None:
        """The manager edited a field (fills by the editor itself do not count)."""
        if not self.filling:
            self.set_dirty(True)

    @contextmanager
    def fill(self, *, clean: bool = True) -> Iterator[None]:
        """Put values into the fields without that counting as an edit; afterwards the
        record is clean (unless `clean` is False: a restored draft stays unsaved)."""
        self._filling += 1
        try:
            yield
        finally:
            self._filling -= 1
        if clean:
            self.clear_problems()
            self.set_dirty(False)

    # --- loading ---------------------------------------------------------------------
    def load(self, fn: Callable[[Any], Any], fill: Callable[[Any], None],
             failed: Callable[[BaseException], None] | None = None,
             then: Callable[[], None] | None = None) -> None:
        """Read the record in the background and fill the editor with it (a newer load
        supersedes one still on its way); `then` runs once the filled record is clean."""
        def done(view: Any) -> None:
            with self.fill():
                fill(view)
            self.loads += 1
            if self._release_on_fill:
                self._hold_input(False)
            if then is not None:
                then()

        def on_failed(exc: BaseException) -> None:
            if self._release_on_fill:
                self._hold_input(False)
            if failed is not None:
                failed(exc)
            else:
                ops.show_error(self.editor, exc)

        self._loads_started += 1
        ops.query(self.desk, fn, done=done, failed=on_failed, parent=self.editor,
                  key=f"record-editor.{id(self)}")

    def _hold_input(self, hold: bool) -> None:
        """Drop keys and clicks in the editor (a save on its way) or let them through."""
        self._release_on_fill = False
        if hold == self._holding:
            return
        self._holding = hold
        app = QCoreApplication.instance()
        if hold:
            app.installEventFilter(self._hold)
        else:
            app.removeEventFilter(self._hold)

    # --- saving ----------------------------------------------------------------------
    def save(self, fn: Callable[[Any], Any], changes: Changes,
             done: Callable[[Any], None] | None = None,
             saved_text: Callable[[Any], str] | None = None) -> bool:
        """Write in the background; True when the save was started (not while another
        save of this editor is on its way). done(result) runs after it committed."""
        if self.saving:
            return False
        self.saving = True
        self._hold_input(True)

        def on_done(result: Any) -> None:
            self.saving = False
            self.clear_problems()
            self.set_dirty(False)
            loads_before = self._loads_started
            if done is not None:
                done(result)
            if self._loads_started != loads_before:
                self._release_on_fill = True  # the editor reads the saved record again
            else:
                self._hold_input(False)
            self.desk.status_message.emit(saved_text(result) if saved_text else tr("已保存"))
            self.saved.emit(result)

        def on_failed(exc: BaseException) -> None:
            self.saving = False
            self._hold_input(False)
            if isinstance(exc, ValidationError):
                self.show_problems(exc.problems)
            else:
                ops.show_error(self.editor, exc)
            self.save_failed.emit(exc)

        ops.write(self.desk, fn, changes, done=on_done, failed=on_failed, parent=self.editor)
        return True

    def run(self, fn: Callable[[Any], Any], changes: Changes, done: Callable[[Any], None],
            title: str, refused: Callable[[ValidationError], None] | None = None) -> None:
        """Another write of the editor (a status move, 归档, a log line): its refusal is
        told by `refused`, else in a message box named `title`; the fields keep their values."""
        def on_failed(exc: BaseException) -> None:
            if isinstance(exc, ValidationError) and refused is not None:
                refused(exc)
            elif isinstance(exc, ValidationError):
                QMessageBox.warning(self.editor, title, "\n".join(p.message for p in exc.problems))
            else:
                ops.show_error(self.editor, exc)

        ops.write(self.desk, fn, changes, done=done, failed=on_failed, parent=self.editor)

    def save_and_wait(self) -> bool:
        """Start the editor's save and wait until it committed (True) or failed."""
        outcome: list[bool] = []
        loop = QEventLoop(self)
        on_saved = self.saved.connect(lambda _result: (outcome.append(True), loop.quit()))
        on_failed = self.save_failed.connect(lambda _exc: (outcome.append(False), loop.quit()))
        try:
            if not self._save():
                return False
            if not outcome:
                loop.exec()
        finally:
            self.saved.disconnect(on_saved)
            self.save_failed.disconnect(on_failed)
        return bool(outcome and outcome[0])

    # --- leaving ---------------------------------------------------------------------
    def ask_unsaved(self, name: str) -> QMessageBox.StandardButton:
        return ask_unsaved(self.editor.window(), name)

    def maybe_save(self, name: str) -> bool:
        """Before leaving unsaved edits: True when it is fine to go on (saved or discarded)."""
        if not self.dirty:
            return True
        answer = self.ask_unsaved(name)
        if answer == QMessageBox.StandardButton.Save:
            return self.save_and_wait()
        if answer == QMessageBox.StandardButton.Discard:
            self.desk.status_message.emit("")
            self.set_dirty(False)
            return True
        return False

    def install_save_keys(self, *extra: QKeySequence) -> None:
        """Ctrl+S (and `extra`) save, anywhere in the editor's window."""
        for keys in (QKeySequence(QKeySequence.StandardKey.Save), *extra):
            shortcut = QShortcut(keys, self.editor)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(self._save)

    # --- problems --------------------------------------------------------------------
    def clear_problems(self) -> None:
        self._clear_problems()
        self.problem_label.clear()
        self.problem_label.hide()

    def show_problems(self, problems: list[FieldProblem]) -> None:
        """Each problem at its field (the editor's hook), a summary above, the status bar."""
        self.clear_problems()
        listed = self._place_problems(problems)
        summary = tr("有 {n} 处需要改正，{noun}尚未保存。").format(n=len(problems), noun=self.noun)
        self.problem_label.setText("\n".join([summary, *listed]))
        self.problem_label.show()
        self.desk.status_message.emit(tr("未保存：请先改正标红的字段"))
