"""The 例会纪要 tab: the team meetings' minutes (工作例会 会议纪要) — the list, newest
first, and the minutes of the one chosen: date, topic, chair, attendees and decisions,
what each attendee reported, and the action items (each chased as a follow-up with the
item's deadline: the client's, or an internal one, 内部事项, when it names no client). Read and saved in the background (ui.ops) as a
record editor (ui.widgets.record_editor); printed as a PDF through the preview dialog.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cmdesk import clock
from cmdesk.domain import client_fields as cf
from cmdesk.domain import meeting_fields as mf
from cmdesk.errors import FieldProblem
from cmdesk.services import clients as client_service
from cmdesk.services import meetings
from ui import ops
from ui.ops import Changes, Kind, RefreshOnShow
from ui.projects.editor import RowTable
from ui.reports.preview import pdf_preview
from ui.widgets.record_editor import RecordEditing
from ui.widgets.spec_form import SpecForm

MEETING_ID = Qt.ItemDataRole.UserRole
CLIENT_LIMIT = 2000  # clients offered for an action item


def action_spec(clients: list[tuple[str, str]]) -> cf.SectionSpec:
    """The action items' columns with the client as a choice of the desk's clients."""
    client = replace(mf.ACTION.field("client_id"), kind="choice",
                     choices=(("", "—"), *((client_id, name) for client_id, name in clients)))
    return replace(mf.ACTION, fields=tuple(client if item.key == "client_id" else item
                                           for item in mf.ACTION.fields))


class MeetingsPage(QWidget):
    """The meetings' list and the minutes editor beside it."""

    def __init__(self, desk: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.meeting_id: str | None = None
        self.clients: list[tuple[str, str]] = []
        self._build()
        RefreshOnShow(self, desk, {Kind.PLANS, Kind.CLIENTS, Kind.DIARY}, self.refresh)

    def _build(self) -> None:
        self.list = QTreeWidget(self)
        self.list.setRootIsDecorated(False)
        self.list.setHeaderLabels([self.tr("日期"), self.tr("会议主题"), self.tr("主持人"),
                                   self.tr("工作安排")])
        self.list.setColumnWidth(0, 96)
        self.list.setColumnWidth(1, 200)
        self.list.itemActivated.connect(self._on_item_activated)
        self.list.itemClicked.connect(self._on_item_activated)
        self.new_button = QPushButton(self.tr("新建例会纪要"), self)
        self.new_button.clicked.connect(self.new_meeting)
        self.delete_button = QPushButton(self.tr("删除"), self)
        self.delete_button.clicked.connect(self.delete_meeting)
        list_bar = QHBoxLayout()
        list_bar.addWidget(self.new_button)
        list_bar.addWidget(self.delete_button)
        list_bar.addStretch(1)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.empty_label = QLabel(self.tr("还没有例会纪要。开完例会点“新建例会纪要”：记下主持人、参会人员、"
                                          "个人汇报、会议决定和工作安排。"), self)
        self.empty_label.setObjectName("emptyHint")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()
        left_layout.addWidget(self.list, 1)
        left_layout.addWidget(self.empty_label, 1)
        left_layout.addLayout(list_bar)

        self.form = SpecForm(mf.MEETING.fields, columns=2, desk=self.desk, parent=self)
        self.form.changed.connect(self._on_changed)
        self.report_rows = RowTable(mf.REPORT, self)
        self.action_rows = RowTable(action_spec([]), self)
        self.report_rows.setColumnWidth(0, 120)
        self.action_rows.setColumnWidth(0, 300)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.form, self.tr("会议纪要"))
        self.tabs.addTab(self._rows_page(self.report_rows, self.tr("添加汇报")), self.tr("个人汇报"))
        self.tabs.addTab(self._rows_page(self.action_rows, self.tr("添加工作安排")),
                         self.tr("工作安排"))
        self.hint = QLabel(self.tr("每项工作安排都列入督办事项：注明客户的归入该客户，未注明的作为内部事项；期限即督办期限。"), self)
        self.hint.setObjectName("sectionHint")
        self.message = QLabel(self)
        self.message.setObjectName("fieldError")
        self.message.setWordWrap(True)
        self.message.hide()
        self.dirty_badge = QLabel(self.tr("未保存"), self)
        self.dirty_badge.setObjectName("dirtyBadge")
        self.print_button = QPushButton(self.tr("打印预览…"), self)
        self.print_button.clicked.connect(self.preview)
        self.save_button = QPushButton(self.tr("保存"), self)
        self.save_button.clicked.connect(self.save)
        bottom = QHBoxLayout()
        bottom.addWidget(self.print_button)
        bottom.addStretch(1)
        bottom.addWidget(self.dirty_badge)
        bottom.addWidget(self.save_button)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.tabs, 1)
        right_layout.addWidget(self.hint)
        right_layout.addWidget(self.message)
        right_layout.addLayout(bottom)

        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([360, 720])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.editing = RecordEditing(self, self.desk, noun=self.tr("例会纪要"), save=self.save,
                                     problem_label=self.message,
                                     place_problems=self._place_problems,
                                     clear_problems=self.form.clear_errors,
                                     dirty_badge=self.dirty_badge)
        self._fill_blank()

    def _rows_page(self, table: RowTable, add_text: str) -> QWidget:
        page = QWidget(self)
        add = QPushButton(add_text, page)
        add.clicked.connect(lambda: table.add_row())
        remove = QPushButton(self.tr("删除所选行"), page)
        remove.clicked.connect(table.remove_current)
        bar = QHBoxLayout()
        bar.addWidget(add)
        bar.addWidget(remove)
        bar.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addWidget(table, 1)
        layout.addLayout(bar)
        table.itemChanged.connect(self._on_changed)
        table.model().rowsInserted.connect(self._on_changed)
        table.model().rowsRemoved.connect(self._on_changed)
        return page

    def _on_changed(self, *_args: Any) -> None:
        self.editing.changed()

    # --- reading -------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the list and the desk's clients (for the action items) in the background."""
        ops.query(self.desk, lambda s: (meetings.list_meetings(s),
                                        client_service.client_choices(s, limit=CLIENT_LIMIT)),
                  done=self._show_list, parent=self, key="plans.meetings")

    def _show_list(self, read: tuple[list[meetings.MeetingRow], list[tuple[str, str]]]) -> None:
        rows, self.clients = read
        self.list.clear()
        for row in rows:
            item = QTreeWidgetItem(self.list, [row.meeting_date.isoformat(), row.title, row.chair,
                                               str(row.actions)])
            item.setData(0, MEETING_ID, row.id)
            if row.id == self.meeting_id:
                self.list.setCurrentItem(item)
        self.list.setVisible(bool(rows))
        self.empty_label.setVisible(not rows)
        if not self.editing.dirty:
            with self.editing.fill():
                self._offer_clients(self._chosen_clients())
                self.action_rows.set_rows(self.action_rows.rows())

    def _chosen_clients(self) -> dict[str, str]:
        """The clients the action items name now (id -> name as shown)."""
        column = [item.key for item in mf.ACTION.fields].index("client_id")
        chosen = {}
        for row in range(self.action_rows.rowCount()):
            combo = self.action_rows.cellWidget(row, column)
            if isinstance(combo, QComboBox) and combo.currentData():
                chosen[combo.currentData()] = combo.currentText()
        return chosen

    def _offer_clients(self, named: dict[str, str]) -> None:
        """Offer the desk's clients to the action items, and those they already name
        (a client beyond the list's limit stays chosen)."""
        known = dict(self.clients)
        known.update({client_id: name for client_id, name in named.items()
                      if client_id not in known})
        self.action_rows.spec = action_spec(list(known.items()))

    def _on_item_activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        meeting_id = item.data(0, MEETING_ID)
        if meeting_id != self.meeting_id and self.editing.maybe_save(self.tr("例会纪要")):
            self.open_meeting(meeting_id)

    def open_meeting(self, meeting_id: str) -> None:
        self.editing.load(lambda s: meetings.meeting_view(s, meeting_id), self._fill)

    def _fill(self, view: meetings.MeetingView) -> None:
        self.meeting_id = view.id
        self.form.set_values(view.fields())
        self.report_rows.set_rows([{"id": row_id, "speaker": speaker, "text": text}
                               for row_id, speaker, text in view.reports])
        self._offer_clients({a.client_id: a.client_name for a in view.actions if a.client_id})
        self.action_rows.set_rows([action.as_row() for action in view.actions])
        self.message.hide()
        self._enable()

    def _fill_blank(self) -> None:
        with self.editing.fill():
            self.meeting_id = None
            self.form.set_values({"meeting_date": clock.today(), "title": "", "chair": "",
                                  "attendees": self.desk.actor, "decisions": ""})
            self.report_rows.set_rows([])
            self.action_rows.set_rows([])
        self._enable()

    def _enable(self) -> None:
        saved = self.meeting_id is not None
        self.print_button.setEnabled(saved)
        self.delete_button.setEnabled(saved)

    def new_meeting(self) -> None:
        if self.editing.maybe_save(self.tr("例会纪要")):
            self.list.clearSelection()
            self._fill_blank()

    # --- writing -------------------------------------------------------------------
    def draft(self) -> meetings.MeetingDraft:
        return meetings.MeetingDraft(fields=self.form.values(), reports=self.report_rows.rows(),
                                     actions=self.action_rows.rows())

    def _changes(self) -> Changes:
        return Changes.of((Kind.PLANS, Kind.DIARY), self.meeting_id)

    def _place_problems(self, problems: list[FieldProblem]) -> list[str]:
        """Problems of the meeting at their fields; those of reports and items by row."""
        at_form = {p.field: p.message for p in problems
                   if p.section == mf.MEETING.key and p.field in self.form.editors}
        self.form.set_errors(at_form)
        return [p.describe() for p in problems
                if not (p.section == mf.MEETING.key and p.field in self.form.editors)]

    def save(self) -> bool:
        """Validate and save the whole minutes in the background; True when started."""
        draft, meeting_id = self.draft(), self.meeting_id
        return self.editing.save(
            lambda session: meetings.save_meeting(session, draft, meeting_id), self._changes(),
            done=self._on_saved, saved_text=lambda _id: self.tr("例会纪要已保存"))

    def _on_saved(self, meeting_id: str) -> None:
        self.meeting_id = meeting_id
        self.open_meeting(meeting_id)
        self.refresh()

    def delete_meeting(self) -> None:
        meeting_id = self.meeting_id
        if meeting_id is None:
            return
        answer = QMessageBox.question(
            self, self.tr("删除例会纪要"),
            self.tr("删除这份例会纪要？由它列入的、尚未办理的督办事项也一并撤销。"))
        if answer != QMessageBox.StandardButton.Yes:
            return
        ops.write(self.desk, lambda s: meetings.delete_meeting(s, meeting_id), self._changes(),
                  done=lambda _none: self._after_delete(), parent=self)

    def _after_delete(self) -> None:
        self._fill_blank()
        self.refresh()

    # --- printing ------------------------------------------------------------------
    def preview(self) -> None:
        """Preview the printed minutes; print or save them from there."""
        from cmdesk.reports.meeting_minutes import minutes_file_name, render_minutes

        meeting_id = self.meeting_id
        if meeting_id is None:
            return
        dialog = pdf_preview(
            self, self.desk, title=self.tr("例会纪要预览"), label=self.tr("正在生成例会纪要…"),
            prefix="meeting-", render=lambda s, _unmasked: render_minutes(s, meeting_id),
            suggested_name=lambda s: minutes_file_name(meetings.meeting_view(s, meeting_id)))
        if dialog is not None:
            dialog.exec()
            dialog.deleteLater()
