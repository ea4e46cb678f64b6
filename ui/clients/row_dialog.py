"""A small form for one row of a client file section (e.g. one contact), showing
every field of the section — also those not shown as table columns. Identifiers show
masked unless the table already showed them whole (`revealed`)."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QScrollArea, QVBoxLayout, QWidget

from cmdesk.domain.client_fields import SectionSpec
from ui.widgets.spec_form import SpecForm


class RowFormDialog(QDialog):
    """Edit one row; `values()` after accept."""

    def __init__(self, section: SectionSpec, values: dict[str, Any], *, desk: Any,
                 choices: dict[str, tuple[tuple[str, str], ...]] | None = None,
                 names: dict[str, str] | None = None, problems: dict[str, str] | None = None,
                 exclude_client: str | None = None, row_number: int | None = None,
                 revealed: frozenset[str] = frozenset(), parent: QWidget | None = None):
        super().__init__(parent)
        label = QCoreApplication.translate("fields", section.label)
        title = label if row_number is None else self.tr("{section} — 第 {row} 行").format(
            section=label, row=row_number)
        self.setWindowTitle(title)
        self.form = SpecForm(section.fields, columns=1, desk=desk, choices=choices,
                             exclude_client=exclude_client, parent=self)
        self.form.set_values(values, names, revealed)
        self.form.set_reveal_context(exclude_client, str(values.get("name") or ""))
        self.form.set_errors(problems or {})
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.form)
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.tr("确定"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(buttons)
        self.resize(560, min(120 + 52 * len(section.fields), 680))

    def values(self) -> dict[str, Any]:
        return self.form.values()
