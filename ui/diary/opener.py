"""Opening diary entry forms, one window per entry: the 工作日志 area, a client file's
timeline and any other view ask `EntryForms.of(desk)` to open a new or stored entry.

The one EntryForms object of a desk (a child of the Desk QObject) says which entry was
just saved (`saved`), so a view can select it; lists refresh when the save is
announced (desk.changed).
"""
from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from ui.diary.entry_form import EntryForm

NEW_KEY = "new"


class EntryForms(QObject):
    """The open entry forms of a desk, by entry id (or "new")."""

    saved = Signal(str)  # entry id

    def __init__(self, desk: Any):
        super().__init__(desk)
        self.desk = desk
        self.setObjectName("diaryEntryForms")
        self._open: dict[str, EntryForm] = {}

    @classmethod
    def of(cls, desk: Any) -> EntryForms:
        found = desk.findChild(cls, "diaryEntryForms")
        return found if found is not None else cls(desk)

    def open_new(self, parent: QWidget | None, client_id: str | None = None,
                 on: date | None = None) -> EntryForm:
        """The 新建日志 form (the one already open, if any), a draft offered first."""
        form = self._open.get(NEW_KEY)
        if form is None:
            form = EntryForm(self.desk, None, parent.window() if parent is not None else None)
            form.start_new(client_id, on)  # offers a draft left last time, once filled
            self._register(NEW_KEY, form)
        self._show(form)
        return form

    def open_entry(self, parent: QWidget | None, entry_id: str) -> EntryForm:
        """The form of a stored entry (it closes with a status note if it was deleted)."""
        form = self._open.get(entry_id)
        if form is None:
            form = EntryForm(self.desk, entry_id, parent.window() if parent is not None else None)
            form.load(entry_id)  # a deleted entry closes the form and says so
            self._register(entry_id, form)
        self._show(form)
        return form

    def forms(self) -> list[EntryForm]:
        return list(self._open.values())

    def close_all(self) -> None:
        """Close every form; unsaved edits stay as drafts (the desk is closing)."""
        for form in self.forms():
            form.close()

    def _register(self, key: str, form: EntryForm) -> None:
        self._open[key] = form
        form.saved.connect(self.saved)
        form.finished.connect(lambda _result, key=key, form=form: self._forget(key, form))

    def _forget(self, key: str, form: EntryForm) -> None:
        if self._open.get(key) is form:
            del self._open[key]
        form.deleteLater()

    @staticmethod
    def _show(form: EntryForm) -> None:
        form.show()
        form.raise_()
        form.activateWindow()
