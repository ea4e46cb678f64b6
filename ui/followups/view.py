"""督办事项: the follow-up list (overdue first, filtered by status) and a small form to
record progress on the selected one — status, result, the date the client was told.
Closing one (已回复客户 / 无法办理) records who and when; the form shows 办结人/办结时间.
The list is read and saved in the background (ui.ops) and read again when the diary or
a client changes (at once if shown, else when next shown).
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cmdesk import clock
from cmdesk.domain import diary_fields as df
from cmdesk.errors import NotFoundError, ValidationError
from cmdesk.services import diary as diary_service
from cmdesk.services.diary import FollowUpRow
from ui import ops
from ui.field_text import choice_text, local_time
from ui.followups.model import (
    COL_CHASER,
    COL_CLIENT,
    COL_DEPARTMENT,
    COL_DUE,
    COL_REQUEST,
    COL_STATUS,
    FOLLOW_UP_ID_ROLE,
    FollowUpTableModel,
)
from ui.ops import Changes, Kind, RefreshOnShow
from ui.widgets.record_table import record_table
from ui.widgets.spec_form import SpecForm

OPEN_FILTER = "__open__"  # 未办结: every status that is not closed
COLUMN_WIDTHS = {COL_CLIENT: 170, COL_REQUEST: 240, COL_DEPARTMENT: 90, COL_CHASER: 70,
                 COL_DUE: 170, COL_STATUS: 80}
EDITABLE_KEYS = ("status", "result", "told_client_on")


class FollowUpsView(QWidget):
    """The follow-up list with its progress form."""

    open_entry_requested = Signal(str)  # the diary entry a follow-up came from

    def __init__(self, desk: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        heading = QLabel(self.tr("督办事项"), self)
        heading.setObjectName("heading")
        hint = QLabel(self.tr("谁走访谁督办：客户提出的问题跟到办结、回复客户为止。逾期的排在最前。"), self)
        hint.setObjectName("sectionHint")
        self.status_filter = QComboBox(self)
        self.status_filter.addItem(self.tr("全部"), None)
        self.status_filter.addItem(self.tr("未办结"), OPEN_FILTER)
        status_spec = df.FOLLOW_UP.field("status")
        for key, _label in df.FOLLOW_UP_STATUSES:
            self.status_filter.addItem(choice_text(status_spec, key), key)
        self.status_filter.setCurrentIndex(1)
        self.status_filter.currentIndexChanged.connect(self.refresh)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")

        self.model = FollowUpTableModel(self)
        self.table = record_table(self, self.model, COLUMN_WIDTHS, alternating=False)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("emptyHint")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.hide()

        # --- the progress form ---------------------------------------------------------
        self.form_box = QGroupBox(self.tr("办理情况"), self)
        self.summary = QLabel(self.form_box)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        specs = [df.FOLLOW_UP.field(key) for key in EDITABLE_KEYS]
        self.form = SpecForm(specs, parent=self.form_box)
        self.closed_by_label = QLabel(self.form_box)
        self.closed_at_label = QLabel(self.form_box)
        closing = QFormLayout()
        closing.addRow(self.tr("办结人"), self.closed_by_label)
        closing.addRow(self.tr("办结时间"), self.closed_at_label)
        self.form_status = QLabel(self.form_box)
        self.form_status.setObjectName("sectionHint")
        self.open_entry_button = QPushButton(self.tr("查看日志"), self.form_box)
        self.open_entry_button.setToolTip(self.tr("打开提出这件事的那条工作日志"))
        self.open_entry_button.clicked.connect(self._on_open_entry)
        self.save_button = QPushButton(self.tr("保存"), self.form_box)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.form.changed.connect(lambda _key: self.form_status.clear())
        buttons = QHBoxLayout()
        buttons.addWidget(self.form_status, 1)
        buttons.addWidget(self.open_entry_button)
        buttons.addWidget(self.save_button)
        form_layout = QVBoxLayout(self.form_box)
        form_layout.addWidget(self.summary)
        form_layout.addWidget(self.form)
        form_layout.addLayout(closing)
        form_layout.addStretch(1)
        form_layout.addLayout(buttons)
        self.form_box.setEnabled(False)

        top = QHBoxLayout()
        top.addWidget(heading)
        top.addSpacing(16)
        top.addWidget(QLabel(self.tr("状态"), self))
        top.addWidget(self.status_filter)
        top.addStretch(1)
        top.addWidget(self.count_label)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.empty_label, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.form_box)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([700, 340])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(hint)
        layout.addWidget(self.splitter, 1)

        self._select_when_read: str | None = None
        self._saved_id: str | None = None  # said 已保存 when it is shown again after the read
        RefreshOnShow(self, desk, {Kind.DIARY, Kind.CLIENTS}, self.refresh)

    # --- the list --------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the list again (in the background) for the chosen status."""
        choice = self.status_filter.currentData()
        status = None if choice in (None, OPEN_FILTER) else choice
        ops.query(self.desk, lambda s: diary_service.follow_up_rows(
            s, status=status, open_only=choice == OPEN_FILTER, today=clock.today()),
            done=lambda rows: self._show_rows(choice, rows), parent=self, key="followups.list")

    def _show_rows(self, choice: str | None, rows: list[FollowUpRow]) -> None:
        """Fill the list, keeping the selected follow-up (or the one just asked for)."""
        wanted, self._select_when_read = self._select_when_read, None
        keep = wanted or self.selected_id()
        self.model.set_rows(rows)
        overdue = sum(1 for row in rows if row.days_overdue)
        self.count_label.setText(self.tr("共 {n} 件，逾期 {late} 件").format(n=len(rows), late=overdue))
        self.empty_label.setText(self.tr("没有督办事项。客户提出的要求，在记日志时用“添加督办”登记，就会列在这里跟进到答复客户。") if choice is None
                                 else self.tr("没有这个状态的督办事项。客户提出的要求，在记日志时用“添加督办”登记。"))
        self.empty_label.setVisible(not rows)
        self.table.setVisible(bool(rows))
        if keep is not None and self._select_row(self.model.row_of(keep)):
            return
        if wanted is not None and self.status_filter.currentIndex() != 0:
            self._select_when_read = wanted  # hidden by the filter: show every status
            self.status_filter.setCurrentIndex(0)
            return
        self._show(None)

    def selected_id(self) -> str | None:
        index = self.table.currentIndex()
        return index.data(FOLLOW_UP_ID_ROLE) if index.isValid() else None

    def select_follow_up(self, follow_up_id: str) -> bool:
        """Select one follow-up; if the current filter hides it, show every status and
        select it once that list is read (False then)."""
        if self._select_row(self.model.row_of(follow_up_id)):
            return True
        self._select_when_read = follow_up_id
        self.refresh()
        return False

    def _select_row(self, row: int) -> bool:
        if row < 0:
            return False
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        self._show(self.model.row_at(row))
        return True

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show(self.model.row_at(current.row()) if current.isValid() else None)

    # --- the form --------------------------------------------------------------------
    def _show(self, row: FollowUpRow | None) -> None:
        self.form.clear_errors()
        self.form_status.clear()
        self.form_box.setEnabled(row is not None)
        if row is None:
            self.summary.setText(self.tr("在左边选择一件督办事项。"))
            self.form.set_values({})
            self.closed_by_label.clear()
            self.closed_at_label.clear()
            return
        lines = [
            self.tr("<b>{client}</b>").format(client=row.client_name.replace("<", "&lt;")),
            row.request.replace("<", "&lt;").replace("\n", "<br>"),
            self.tr("责任部门：{department}　督办人：{chaser}　期限：{due}").format(
                department=row.department or "—", chaser=row.chaser or "—",
                due=row.due_date.isoformat() if row.due_date else self.tr("未定")),
        ]
        if row.days_overdue:
            lines.append(self.tr("<span style='color:#c5221f'>已逾期 {n} 天</span>")
                         .format(n=row.days_overdue))
        self.summary.setText("<br>".join(lines))
        self.form.set_values({key: getattr(row, key) for key in EDITABLE_KEYS})
        self.closed_by_label.setText((row.closed_by or "—") if row.closed_at else self.tr("（未办结）"))
        self.closed_at_label.setText(local_time(row.closed_at) if row.closed_at else "—")
        self.open_entry_button.setEnabled(bool(row.entry_id))
        if row.id == self._saved_id:
            self.form_status.setText(self.tr("已保存"))
        else:
            self._saved_id = None

    def save(self) -> None:
        """Save the progress of the selected follow-up in the background."""
        follow_up_id = self.selected_id()
        if follow_up_id is None:
            return
        values = self.form.values()
        self.save_button.setEnabled(False)
        self.form_status.setText(self.tr("正在保存…"))
        ops.write(self.desk, lambda s: diary_service.update_follow_up(s, follow_up_id, values),
                  Changes.of(Kind.DIARY, follow_up_id),
                  done=lambda _result: self._on_saved(follow_up_id), failed=self._on_save_failed,
                  parent=self)

    def _on_saved(self, follow_up_id: str) -> None:
        self.save_button.setEnabled(True)
        self._select_when_read = follow_up_id  # the list is read again: the change was announced
        self._saved_id = follow_up_id
        self.desk.status_message.emit(self.tr("督办事项已保存"))

    def _on_save_failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(error, ValidationError):
            self.form.set_errors({p.field: p.message for p in error.problems})
            self.form_status.setText(self.tr("未保存：请改正标红的字段"))
        elif isinstance(error, NotFoundError):
            self.form_status.setText(self.tr("这件督办事项已被删除。"))
            self.refresh()
        else:
            self.form_status.clear()
            ops.show_error(self, error)

    def _on_open_entry(self) -> None:
        row = self.model.row_of(self.selected_id() or "")
        if row >= 0 and self.model.row_at(row).entry_id:
            self.open_entry_requested.emit(self.model.row_at(row).entry_id)
