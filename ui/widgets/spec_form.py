"""A form built from core FieldSpecs: labels from the spec (translated), one
FieldEditor per field, laid out in one or more columns; long texts span the width.

`values()` gives the raw input for a draft (stored identifiers, never their masks),
`set_errors()` shows problems at fields.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from cmdesk.domain.client_fields import FieldSpec
from ui.field_text import field_label
from ui.widgets.field_editor import FieldEditor

WIDE_TEXT = 500  # text fields this long (地址, 标签) take the whole row in multi-column forms


class SpecForm(QWidget):
    """Labels and inputs for a tuple of FieldSpecs."""

    changed = Signal(str)  # the key of the field the manager changed

    def __init__(self, specs: Iterable[FieldSpec], *, columns: int = 1, desk: Any = None,
                 choices: dict[str, tuple[tuple[str, str], ...]] | None = None,
                 exclude_client: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.specs = tuple(specs)
        self.editors: dict[str, FieldEditor] = {}
        self.labels: dict[str, QLabel] = {}
        grid = QGridLayout(self)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        row, col = 0, 0
        for spec in self.specs:
            editor = FieldEditor(spec, desk=desk, choices=(choices or {}).get(spec.key),
                                 exclude_client=exclude_client, parent=self)
            editor.changed.connect(lambda key=spec.key: self.changed.emit(key))
            text = field_label(spec) + ("<span style='color:#c5221f'> *</span>" if spec.required else "")
            label = QLabel(text, self)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setBuddy(editor.input)
            self.editors[spec.key] = editor
            self.labels[spec.key] = label
            wide = spec.kind == "longtext" or (columns > 1 and spec.max_length >= WIDE_TEXT)
            if wide and col:
                row, col = row + 1, 0
            align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop
            label.setAlignment(align)
            label.setContentsMargins(0, 4, 0, 0)
            grid.addWidget(label, row, col * 2, align)
            if wide:
                grid.addWidget(editor, row, 1, 1, columns * 2 - 1)
                row, col = row + 1, 0
            else:
                grid.addWidget(editor, row, col * 2 + 1)
                col += 1
                if col >= columns:
                    row, col = row + 1, 0
        for c in range(columns):
            grid.setColumnStretch(c * 2 + 1, 1)
        grid.setRowStretch(row + 1, 1)

    def values(self) -> dict[str, Any]:
        return {key: editor.value() for key, editor in self.editors.items()}

    def set_values(self, values: dict[str, Any], names: dict[str, str] | None = None,
                   revealed: frozenset[str] = frozenset()) -> None:
        """Show stored values; identifiers show masked except the keys in `revealed`."""
        for key, editor in self.editors.items():
            value = values.get(key)
            editor.set_value(value, (names or {}).get(value, "") if isinstance(value, str) else "",
                             mask=key not in revealed)

    def set_reveal_context(self, client_id: str | None, subject: str = "") -> None:
        """The client whose identifiers this form shows (for the audit line of a reveal)."""
        for editor in self.editors.values():
            editor.set_reveal_context(client_id, subject)

    def set_read_only(self, read_only: bool) -> None:
        for editor in self.editors.values():
            editor.set_read_only(read_only)

    def set_errors(self, errors: dict[str, str]) -> None:
        for key, editor in self.editors.items():
            editor.set_error(errors.get(key))

    def clear_errors(self) -> None:
        self.set_errors({})

    def first_error(self) -> FieldEditor | None:
        for editor in self.editors.values():
            if editor.error():
                return editor
        return None
