"""The approval record (审批记录) asked for when a project is approved or refused: the
named approver (not the manager), their position, the day and the 批复文号, and a note.
The service checks it; a refusal shows in the project editor."""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from cmdesk import clock
from ui.widgets.date_field import DateField


class ApprovalDialog(QDialog):
    """Ask for the approval that decides a project; `approval()` and `note()` after exec."""

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.approver = QLineEdit(self)
        self.position = QLineEdit(self)
        self.decided_on = DateField(self, label=self.tr("批复日期"))
        self.decided_on.set_date(clock.today())
        self.approval_no = QLineEdit(self)
        self.approval_no.setPlaceholderText(self.tr("如 厦分行立项〔2026〕12号"))
        self.note = QLineEdit(self)
        hint = QLabel(self.tr("请按领导的批复录入；审批人不能是客户经理本人。"), self)
        hint.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(hint)
        form.addRow(self.tr("审批人"), self.approver)
        form.addRow(self.tr("审批人职务"), self.position)
        form.addRow(self.tr("批复日期"), self.decided_on)
        form.addRow(self.tr("批复文号"), self.approval_no)
        form.addRow(self.tr("说明（可不填）"), self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("确定"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def approval(self) -> dict[str, Any]:
        """The approval as services.projects.change_status takes it."""
        return {"decided_by": self.approver.text(), "approver_position": self.position.text(),
                "decided_on": self.decided_on.value(), "approval_no": self.approval_no.text()}

    def note_text(self) -> str:
        return self.note.text()
