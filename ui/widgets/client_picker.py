"""A searchable client picker: type part of a name, its pinyin initials or a phone number,
and matching client files (services.clients.client_choices) drop down to choose from.

Used for 关联客户 and the 来源客户 of relationship value, in forms and table cells. The
search runs in the background (ui.ops); a newer one supersedes one still on its way.
"""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit, QStyle, QWidget

from cmdesk.services.clients import client_choices
from ui import ops

SEARCH_DELAY_MS = 150
CHOICES_LIMIT = 30


class ClientPicker(QLineEdit):
    """A line edit with a client completer; `client_id()` is the picked client (or None)."""

    picked = Signal()

    def __init__(self, desk, exclude_id: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.exclude_id = exclude_id
        self._client_id: str | None = None
        self._picked_name = ""
        self.setPlaceholderText(self.tr("输入名称或拼音首字母查找客户"))
        self.setClearButtonEnabled(True)
        self._model = QStandardItemModel(self)
        self._completer = QCompleter(self._model, self)
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setMaxVisibleItems(12)
        self._completer.setWidget(self)
        self._completer.activated[QModelIndex].connect(self._on_activated)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._on_search)
        self.textEdited.connect(self._on_text_edited)
        browse = self.addAction(self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowDown),
                                QLineEdit.ActionPosition.TrailingPosition)
        browse.setToolTip(self.tr("列出客户"))
        browse.triggered.connect(self._on_search)

    # --- value ---------------------------------------------------------------------
    def client_id(self) -> str | None:
        return self._client_id

    def set_client(self, client_id: str | None, name: str = "") -> None:
        self._client_id = client_id or None
        self._picked_name = name if client_id else ""
        self.setText(self._picked_name)

    def value(self) -> str | None:
        """The picked id; typed text that matches no pick is returned as is (the core
        then says it cannot find that client)."""
        if self._client_id and self.text() == self._picked_name:
            return self._client_id
        return self.text().strip() or None

    # --- search --------------------------------------------------------------------
    def _on_text_edited(self, _text: str) -> None:
        self._client_id = None if self.text() != self._picked_name else self._client_id
        self._timer.start()

    def _on_search(self) -> None:
        text = self.text()
        ops.query(self.desk, lambda s: client_choices(s, text, limit=CHOICES_LIMIT),
                  done=self._show_choices, parent=self, key=f"client_picker.{id(self)}")

    def _show_choices(self, choices: list[tuple[str, str]]) -> None:
        self._model.clear()
        for client_id, name in choices:
            if client_id == self.exclude_id:
                continue
            item = QStandardItem(name)
            item.setData(client_id, Qt.ItemDataRole.UserRole)
            self._model.appendRow(item)
        if self._model.rowCount():
            self._completer.setCompletionPrefix("")
            self._completer.complete()
        else:
            self._completer.popup().hide()

    def _on_activated(self, index: QModelIndex) -> None:
        client_id = index.data(Qt.ItemDataRole.UserRole)
        if client_id:
            self.set_client(client_id, index.data(Qt.ItemDataRole.DisplayRole))
            self.picked.emit()
