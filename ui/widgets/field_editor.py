"""One input for one core field (FieldSpec): the right widget for its kind, with room
to show a validation message AT the field (red border and the message under it).

Forms (基本信息, 我行定位, a row of a section, the profile) are grids of these.

Identifiers (phone, ID number, credit code, account: ui.reveal.MASKS) show a stored
value masked and read-only, with a 显示 button beside it: pressing it records the view
in the audit trail (for the client set by `set_reveal_context`) and shows the whole
value for editing. While masked, `value()` gives the stored value, never the mask; an
empty field takes typing at once, with nothing to reveal.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from cmdesk.domain.client_fields import FieldSpec
from ui.field_text import choice_text, edit_text, field_label, placeholder
from ui.reveal import MASKS, masked, record_reveal
from ui.widgets.client_picker import ClientPicker
from ui.widgets.date_field import DateField

LONGTEXT_HEIGHT = 64


def mark_error(frame: QWidget, on: bool) -> None:
    """Switch the red error frame of an input on or off (see ui.style)."""
    if bool(frame.property("error")) == on:
        return
    frame.setProperty("error", on)
    frame.style().unpolish(frame)
    frame.style().polish(frame)
    frame.update()


class FieldEditor(QWidget):
    """An input for one field; `value()` is what goes into a draft, raw as typed."""

    changed = Signal()
    revealed = Signal(str)  # the field key, after 显示

    def __init__(self, spec: FieldSpec, *, desk: Any = None,
                 choices: tuple[tuple[str, str], ...] | None = None,
                 exclude_client: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.spec = spec
        self.desk = desk
        self.client_id: str | None = None  # whose identifier a reveal records
        self.subject = ""  # named in the audit line (e.g. the contact)
        self._hidden: str | None = None  # the stored value while it shows masked
        self._read_only = False
        self.frame = QFrame(self)
        self.frame.setObjectName("fieldFrame")
        inner = QHBoxLayout(self.frame)
        inner.setContentsMargins(1, 1, 1, 1)
        inner.setSpacing(2)
        self.input = self._build_input(spec, desk, choices, exclude_client)
        inner.addWidget(self.input)
        self.reveal_button: QToolButton | None = None
        if spec.kind in MASKS and desk is not None:  # a reveal is recorded on the desk
            self.reveal_button = QToolButton(self.frame)
            self.reveal_button.setText(self.tr("显示"))
            self.reveal_button.setToolTip(self.tr("显示完整的{label}（查看会记入审计记录）")
                                          .format(label=field_label(spec)))
            self.reveal_button.clicked.connect(self.reveal)
            self.reveal_button.hide()
            inner.addWidget(self.reveal_button)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("fieldError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(self.frame)
        layout.addWidget(self.error_label)
        self.setFocusProxy(self.input)

    def _build_input(self, spec: FieldSpec, desk: Any, choices: tuple[tuple[str, str], ...] | None,
                     exclude_client: str | None) -> QWidget:
        kind = spec.kind
        if kind == "longtext":
            widget = QPlainTextEdit()
            widget.setTabChangesFocus(True)
            widget.setMinimumHeight(LONGTEXT_HEIGHT)
            widget.setSizeAdjustPolicy(QPlainTextEdit.SizeAdjustPolicy.AdjustIgnored)
            widget.textChanged.connect(self._on_changed)
            return widget
        if kind in ("choice", "product_ref"):
            widget = QComboBox()
            options = choices if choices is not None else spec.choices
            if kind == "product_ref" or not spec.required:
                widget.addItem(self.tr("（请选择）"), None)
            for key, label in options:
                widget.addItem(choice_text(spec, key) if kind == "choice" and spec.choices else label,
                               key)
            widget.setMinimumContentsLength(8)
            widget.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            widget.currentIndexChanged.connect(self._on_changed)
            return widget
        if kind == "bool":
            widget = QCheckBox()
            widget.toggled.connect(self._on_changed)
            return widget
        if kind == "client_ref":
            widget = ClientPicker(desk, exclude_id=exclude_client)
            widget.textChanged.connect(self._on_changed)
            widget.picked.connect(self._on_changed)
            return widget
        if kind == "date":
            widget = DateField(label=field_label(spec))
            widget.text_changed.connect(self._on_changed)
            widget.problem.connect(self.set_error)
            return widget
        widget = QLineEdit()
        widget.setPlaceholderText(placeholder(spec))
        if kind in ("money", "percent", "year"):
            widget.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        widget.textChanged.connect(self._on_changed)
        return widget

    # --- value ---------------------------------------------------------------------
    def value(self) -> Any:
        widget = self.input
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText()
        if isinstance(widget, QComboBox):
            return widget.currentData()
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        if isinstance(widget, (ClientPicker, DateField)):
            return widget.value()
        return widget.text() if self._hidden is None else self._hidden

    def set_value(self, value: Any, name: str = "", *, mask: bool = True) -> None:
        """Show a stored value (name: the display name of a referenced client); an
        identifier shows masked unless `mask` is False."""
        self._hidden = None
        if self.reveal_button is not None:
            text = edit_text(self.spec, value)
            shown = masked(self.spec.kind, text) if mask else text
            self._hidden = text if shown != text else None
            self._show_text(shown)
            return
        widget = self.input
        if isinstance(widget, QPlainTextEdit):
            widget.setPlainText(value or "")
        elif isinstance(widget, QComboBox):
            index = widget.findData(value)
            if index < 0 and value not in (None, ""):
                # a value no longer on offer (e.g. a retired tier): show it, the core decides
                widget.addItem(str(value), value)
                index = widget.count() - 1
            widget.setCurrentIndex(max(index, 0))
        elif isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, ClientPicker):
            widget.set_client(value, name or (value or ""))
        elif isinstance(widget, DateField):
            widget.set_text(edit_text(self.spec, value))
        else:
            widget.setText(edit_text(self.spec, value))
            widget.setCursorPosition(0)  # show the start of long values

    def _show_text(self, text: str) -> None:
        widget = self.input
        assert isinstance(widget, QLineEdit) and self.reveal_button is not None
        widget.setText(text)
        widget.setCursorPosition(0)
        widget.setReadOnly(self._read_only or self._hidden is not None)
        self.reveal_button.setVisible(self._hidden is not None)

    def is_masked(self) -> bool:
        return self._hidden is not None

    def set_reveal_context(self, client_id: str | None, subject: str = "") -> None:
        """The client (and the person, for a contact) a reveal of this field is about."""
        self.client_id = client_id
        self.subject = subject

    def reveal(self) -> None:
        """Show the whole identifier for editing; the view goes into the audit trail."""
        if self._hidden is None:
            return
        record_reveal(self.desk, self.client_id, self.spec.key, field_label(self.spec),
                      self.subject)
        text, self._hidden = self._hidden, None
        self.input.blockSignals(True)  # the value itself has not changed
        try:
            self._show_text(text)
        finally:
            self.input.blockSignals(False)
        self.input.setFocus()
        self.revealed.emit(self.spec.key)

    def set_read_only(self, read_only: bool) -> None:
        """Show without letting the manager change it (a reveal stays possible)."""
        self._read_only = read_only
        widget = self.input
        if isinstance(widget, (QLineEdit, QPlainTextEdit)):
            widget.setReadOnly(read_only or self._hidden is not None)
        elif isinstance(widget, DateField):
            widget.set_read_only(read_only)
        else:
            widget.setEnabled(not read_only)

    def set_placeholder(self, text: str) -> None:
        if isinstance(self.input, (QLineEdit, QPlainTextEdit)):
            self.input.setPlaceholderText(text)

    def set_choices(self, choices: tuple[tuple[str, str], ...]) -> None:
        """Replace the options of a choice field, keeping the current value."""
        widget = self.input
        if not isinstance(widget, QComboBox):
            return
        current = widget.currentData()
        widget.blockSignals(True)
        widget.clear()
        if not self.spec.required:
            widget.addItem(self.tr("（请选择）"), None)
        for key, label in choices:
            widget.addItem(label, key)
        widget.blockSignals(False)
        self.set_value(current)

    # --- errors --------------------------------------------------------------------
    def set_error(self, message: str | None) -> None:
        mark_error(self.frame, bool(message))
        self.error_label.setText(message or "")
        self.error_label.setVisible(bool(message))

    def error(self) -> str:
        return self.error_label.text() if self.error_label.isVisibleTo(self) else ""

    def _on_changed(self, *_args: Any) -> None:
        if self.error_label.isVisibleTo(self):
            self.set_error(None)
        self.changed.emit()
