"""The add/edit dialog of one week-plan item: client (searchable picker) or internal work,
purpose, day of the week (with its holiday or 调休 mark), products to push, expected
outcome, priority, status and the reason when moved or dropped.

The product list is read and the item saved in the background (ui.ops) through
services.plans.save_item; a refused save lists every problem in the dialog, which stays
open with what was typed.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from cmdesk.domain import plan_fields as pf
from cmdesk.errors import CmdeskError, ValidationError
from cmdesk.services import plans
from cmdesk.services.catalogue import ProductView, product_views
from cmdesk.services.plans import ItemLine, WeekView
from ui import ops
from ui.ops import Changes, Kind
from ui.widgets.client_picker import ClientPicker


def _label(key: str) -> str:
    return pf.PLAN_ITEM.field(key).label


class PlanItemDialog(QDialog):
    """Add (item None) or edit one item of `week`'s plan; `saved_id` after acceptance."""

    def __init__(self, desk: Any, week: WeekView, item: ItemLine | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.week = week
        self.item = item
        self.saved_id: str | None = None
        self._products_read = False  # until the catalogue is read, the item keeps its products
        self.setWindowTitle(self.tr("编辑计划事项") if item else self.tr("新增计划事项"))
        self.setMinimumWidth(560)
        self._build()
        if item is not None:
            self._fill(item)
        self._on_status_changed()

    def _build(self) -> None:
        self.client_picker = ClientPicker(self.desk, parent=self)
        self.title_edit = QLineEdit(self)
        self.title_edit.setPlaceholderText(self.tr("内部事务或备注，如：部门例会"))
        self.purpose_box = self._choices(pf.PURPOSES)
        self.day_box = QComboBox(self)
        self.day_box.addItem(self.tr("待定"), None)
        for day in self.week.days:
            text = f"{day.day:%m-%d} {day.weekday_name}"
            if day.label:
                text = self.tr("{day}（{holiday}）").format(day=text, holiday=day.label)
            self.day_box.addItem(text, day.day.isoformat())
        self.products_list = QListWidget(self)
        self.products_list.setMaximumHeight(120)
        ops.query(self.desk, lambda s: product_views(s, active_only=True),
                  done=self._fill_products, parent=self)
        self.outcome_edit = QPlainTextEdit(self)
        self.outcome_edit.setMaximumHeight(70)
        self.priority_box = self._choices(pf.PRIORITIES)
        self.priority_box.setCurrentIndex(1)
        self.status_box = self._choices(pf.STATUSES)
        self.status_box.currentIndexChanged.connect(self._on_status_changed)
        self.reason_edit = QLineEdit(self)
        self.problem_label = QLabel(self)
        self.problem_label.setObjectName("problemLabel")
        self.problem_label.setWordWrap(True)
        self.problem_label.hide()

        form = QFormLayout()
        form.addRow(_label("client_id"), self.client_picker)
        form.addRow(_label("title"), self.title_edit)
        form.addRow(_label("purpose"), self.purpose_box)
        form.addRow(_label("planned_date"), self.day_box)
        form.addRow(pf.PRODUCTS_LABEL, self.products_list)
        form.addRow(_label("expected_outcome"), self.outcome_edit)
        form.addRow(_label("priority"), self.priority_box)
        form.addRow(_label("status"), self.status_box)
        form.addRow(_label("reason"), self.reason_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.week.title, self))
        layout.addLayout(form)
        layout.addWidget(self.problem_label)
        layout.addWidget(buttons)

    def _choices(self, options: tuple[tuple[str, str], ...]) -> QComboBox:
        box = QComboBox(self)
        for key, label in options:
            box.addItem(label, key)
        return box

    def _fill_products(self, products: tuple[ProductView, ...]) -> None:
        self._products_read = True
        chosen = set(self.item.products) if self.item is not None else set()
        for product in products:
            entry = QListWidgetItem(self.tr("{product}（{category}）").format(
                product=product.name, category=product.category), self.products_list)
            entry.setData(Qt.ItemDataRole.UserRole, product.id)
            entry.setCheckState(Qt.CheckState.Checked if product.id in chosen
                                else Qt.CheckState.Unchecked)

    def _fill(self, item: ItemLine) -> None:
        self.client_picker.set_client(item.client_id, item.client_name)
        self.title_edit.setText(item.title)
        self.purpose_box.setCurrentIndex(self.purpose_box.findData(item.purpose))
        day = item.planned_date.isoformat() if item.planned_date else None
        self.day_box.setCurrentIndex(max(self.day_box.findData(day), 0))
        self.outcome_edit.setPlainText(item.expected_outcome)
        self.priority_box.setCurrentIndex(self.priority_box.findData(item.priority))
        self.status_box.setCurrentIndex(self.status_box.findData(item.status))
        self.reason_edit.setText(item.reason)

    def _on_status_changed(self) -> None:
        needs = pf.PlanItemStatus(self.status_box.currentData()).needs_reason
        self.reason_edit.setPlaceholderText(self.tr("请说明原因") if needs else "")

    def values(self) -> dict[str, Any]:
        """What the form says, as the service takes it."""
        products = [self.products_list.item(row).data(Qt.ItemDataRole.UserRole)
                    for row in range(self.products_list.count())
                    if self.products_list.item(row).checkState() == Qt.CheckState.Checked]
        if not self._products_read:
            products = list(self.item.products) if self.item is not None else []
        return {"client_id": self.client_picker.value(), "title": self.title_edit.text(),
                "purpose": self.purpose_box.currentData(), "planned_date": self.day_box.currentData(),
                "products": products, "expected_outcome": self.outcome_edit.toPlainText(),
                "priority": self.priority_box.currentData(), "status": self.status_box.currentData(),
                "reason": self.reason_edit.text()}

    def save(self) -> None:
        """Save in the background; the dialog closes when the item is stored."""
        week, values = self.week.week, self.values()
        item_id = self.item.item_id if self.item else None
        self.problem_label.hide()
        ops.write(self.desk, lambda s: plans.save_item(s, week, values, item_id),
                  Changes.of(Kind.PLANS, item_id), done=self._on_saved, failed=self._on_failed,
                  parent=self)

    def _on_saved(self, item_id: str) -> None:
        self.saved_id = item_id
        self.accept()

    def _on_failed(self, error: BaseException) -> None:
        if isinstance(error, ValidationError):
            self.problem_label.setText("\n".join(p.describe() for p in error.problems))
        elif isinstance(error, CmdeskError):
            self.problem_label.setText(str(error))
        else:
            ops.show_error(self, error)
            return
        self.problem_label.show()
