"""Keys of the tables inside the diary entry form (客户方人员, 督办事项), for a fast typist:
a table is one stop on the form's Tab chain, never a trap.

- Tab / Shift+Tab on the table (no cell open) go on to the next / previous field.
- Typing on the table opens the current cell with what was typed; on an empty table it
  starts the first row. Enter opens the current cell (an empty table: a new row), Insert
  adds a row, Ctrl+Delete removes the current one.
- In an open cell, Tab / Shift+Tab commit it and open the next / previous cell of the
  row. Tab in the row's last cell starts a new row, but only when the row has text;
  Tab in a row with nothing typed removes that empty row and leaves the table, so
  "…last cell, Tab, Tab" ends a list. Shift+Tab in the first cell of the first row
  leaves the table backwards.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QStyledItemDelegate,
    QWidget,
)

NAVIGATION_KEYS = frozenset({Qt.Key.Key_Tab, Qt.Key.Key_Backtab})


def is_plain_tab(event: QEvent) -> bool:
    """Tab or Shift+Tab without Ctrl/Alt (Ctrl+Tab stays with the window)."""
    return event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
        and event.key() in NAVIGATION_KEYS \
        and not event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)


class TableKeys(QObject):
    """The keys of one table (see the module docstring). The owner says how to add,
    remove and read a row; `delegate_filter` is called by the table's delegate for the
    keys typed in an open cell."""

    def __init__(self, view: QAbstractItemView, *, add_row: Callable[[], int],
                 remove_row: Callable[[int], None], row_has_text: Callable[[int], bool],
                 parent: QObject | None = None):
        super().__init__(parent or view)
        self.view = view
        self._add_row = add_row
        self._remove_row = remove_row
        self.row_has_text = row_has_text
        view.setTabKeyNavigation(False)  # Tab on the table goes to the next field
        view.installEventFilter(self)

    # --- the table itself (no cell open) ----------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self.view or event.type() != QEvent.Type.KeyPress \
                or not isinstance(event, QKeyEvent) \
                or self.view.state() == QAbstractItemView.State.EditingState:
            return False
        key, modifiers = event.key(), event.modifiers()
        if key == Qt.Key.Key_Insert and not modifiers:
            self.start_row()
            return True
        if key == Qt.Key.Key_Delete and modifiers == Qt.KeyboardModifier.ControlModifier:
            if self.view.currentIndex().isValid():
                self._remove_row(self.view.currentIndex().row())
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not modifiers:
            if self.view.currentIndex().isValid():
                self.view.edit(self.view.currentIndex())
            else:
                self.start_row()
            return True
        typed = event.text()
        if typed and typed.isprintable() and not modifiers & (
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier) \
                and not self.view.currentIndex().isValid():
            self._add_row()
            index = self.view.model().index(self.view.model().rowCount() - 1, 0)
            self.view.setCurrentIndex(index)
            self.view.edit(index, QAbstractItemView.EditTrigger.AnyKeyPressed, event)
            return True
        return False

    def start_row(self) -> None:
        """A new row, its first cell open for typing."""
        row = self._add_row()
        self.open_cell(row, 0)

    def open_cell(self, row: int, column: int) -> None:
        index = self.view.model().index(row, column)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        self.view.setFocus(Qt.FocusReason.TabFocusReason)
        self.view.edit(index)

    # --- an open cell ----------------------------------------------------------------------
    def delegate_filter(self, delegate: QAbstractItemDelegate, editor: QWidget, event: QEvent) -> bool:
        """Tab / Shift+Tab typed in an open cell: True when handled here."""
        if not is_plain_tab(event):
            return False
        assert isinstance(event, QKeyEvent)
        forward = event.key() == Qt.Key.Key_Tab and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        index = self.view.currentIndex()
        delegate.commitData.emit(editor)
        delegate.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        self.after_cell(index, forward)
        return True

    def after_cell(self, index: QModelIndex, forward: bool) -> None:
        """Where Tab (forward) or Shift+Tab goes from the cell at `index`."""
        if not index.isValid():
            self.leave(forward)
            return
        row, column = index.row(), index.column()
        last_column = self.view.model().columnCount() - 1
        last_row = self.view.model().rowCount() - 1
        if forward:
            if not self.row_has_text(row):
                if row == last_row:
                    self._remove_row(row)
                self.leave(True)
            elif column < last_column:
                self.open_cell(row, column + 1)
            elif row < last_row:
                self.open_cell(row + 1, 0)
            else:
                self.start_row()
            return
        if column > 0:
            self.open_cell(row, column - 1)
            return
        if not self.row_has_text(row) and row == last_row:
            self._remove_row(row)
        if row > 0:
            self.open_cell(row - 1, last_column)
        else:
            self.leave(False)

    def leave(self, forward: bool) -> None:
        """Focus to the field after (or before) the table on the form's Tab chain."""
        self.view.setFocus(Qt.FocusReason.TabFocusReason)
        self.view.focusNextPrevChild(forward)


class TabKeysDelegate:
    """Mix into a cell delegate (before the Qt class) so an open cell's Tab keys follow
    its table's TableKeys, once `keys` is set."""

    keys: TableKeys | None = None

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        if self.keys is not None and isinstance(editor, QWidget) \
                and self.keys.delegate_filter(self, editor, event):  # type: ignore[arg-type]
            return True
        return super().eventFilter(editor, event)  # type: ignore[misc]


class TabbingDelegate(TabKeysDelegate, QStyledItemDelegate):
    """A plain cell delegate whose Tab keys follow TableKeys (客户方人员)."""


def commit_open_cell(view: QAbstractItemView) -> None:
    """Write a cell still being typed into the table (e.g. saving with Ctrl+S)."""
    if view.state() != QAbstractItemView.State.EditingState:
        return
    for widget in view.viewport().findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
        if widget.isVisible():
            view.commitData(widget)
