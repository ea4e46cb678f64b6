"""The project editor (立项): the project proposal (立项建议书) form, the team (项目小组),
milestones, the log, the links to the client's development plan and proposals, the
approval buttons, and the printed 立项建议书 with preview.

Saving sends the whole project to services.projects, which validates everything
first: problems of the proposal show at their fields, problems of team or milestone
rows are listed by row. Status buttons offer only the legal moves of the current
status; each move is logged with who and when.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cmdesk import clock
from cmdesk.domain import project_fields as pf
from cmdesk.domain import proposal_fields as ppf
from cmdesk.errors import CmdeskError, ValidationError
from cmdesk.services import projects
from ui.field_text import edit_text
from ui.reports.preview import PdfPreviewDialog, temp_pdf_path
from ui.widgets.record_table import scrolled
from ui.widgets.spec_form import SpecForm
from ui.worker import run_with_progress

ROW_ID = Qt.ItemDataRole.UserRole


class RowTable(QTableWidget):
    """Editable rows of one SectionSpec (team or milestones): text cells, choice fields
    as drop-downs; each row remembers the id of the record it edits."""

    def __init__(self, spec: Any, parent: QWidget | None = None):
        super().__init__(0, len(spec.fields), parent)
        self.spec = spec
        self.setHorizontalHeaderLabels([self.tr(item.label) for item in spec.fields])
        self.horizontalHeader().setStretchLastSection(True)
        self.verticalHeader().setDefaultSectionSize(30)
        for column in range(len(spec.fields)):
            self.setColumnWidth(column, 150)

    def add_row(self, values: dict[str, Any] | None = None) -> int:
        values = values or {}
        row = self.rowCount()
        self.insertRow(row)
        for column, item in enumerate(self.spec.fields):
            if item.kind == "choice":
                combo = QComboBox(self)
                for key, label in item.choices:
                    combo.addItem(self.tr(label), key)
                index = combo.findData(values.get(item.key))
                combo.setCurrentIndex(max(index, 0))
                self.setCellWidget(row, column, combo)
            else:
                self.setItem(row, column, QTableWidgetItem(edit_text(item, values.get(item.key))))
        self.item(row, 0).setData(ROW_ID, values.get("id"))  # column 0 is a text field
        return row

    def remove_current(self) -> None:
        if self.currentRow() >= 0:
            self.removeRow(self.currentRow())

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.setRowCount(0)
        for values in rows:
            self.add_row(values)

    def rows(self) -> list[dict[str, Any]]:
        """The rows as typed, blank rows left out."""
        result = []
        for row in range(self.rowCount()):
            values: dict[str, Any] = {}
            for column, item in enumerate(self.spec.fields):
                widget = self.cellWidget(row, column)
                if isinstance(widget, QComboBox):
                    values[item.key] = widget.currentData()
                else:
                    cell = self.item(row, column)
                    values[item.key] = cell.text() if cell else ""
            if not any(str(values[item.key] or "").strip() for item in self.spec.fields
                       if item.kind != "choice"):
                continue
            first = self.item(row, 0)
            row_id = first.data(ROW_ID) if first else None
            if row_id:
                values["id"] = row_id
            result.append(values)
        return result


class ProjectEditor(QDialog):
    """Edit one project (project_id), or a new one (for client_id, when given)."""

    saved = Signal(str)  # the project's id, after a save or a status move

    def __init__(self, desk: Any, project_id: str | None = None, client_id: str | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.project_id = project_id
        self.status = "draft"
        self.setWindowTitle(self.tr("立项建议书"))
        self.resize(980, 760)

        self.status_label = QLabel(self)
        self.status_label.setObjectName("sectionTitle")
        self.status_buttons = QHBoxLayout()
        top = QHBoxLayout()
        top.addWidget(self.status_label)
        top.addStretch(1)
        top.addLayout(self.status_buttons)

        self.form = SpecForm(pf.PROJECT.fields, columns=2, desk=desk, parent=self)
        self.form.changed.connect(self._on_form_changed)
        self.plan_combo = QComboBox(self)
        self.proposal_list = QListWidget(self)
        self.proposal_list.setMaximumHeight(110)
        links = QFormLayout()
        links.addRow(self.tr("客户发展计划"), self.plan_combo)
        links.addRow(self.tr("关联服务方案"), self.proposal_list)
        proposal_page = QWidget(self)
        proposal_layout = QVBoxLayout(proposal_page)
        proposal_layout.addWidget(self.form)
        proposal_layout.addLayout(links)

        self.members = RowTable(pf.MEMBER, self)
        self.milestones = RowTable(pf.MILESTONE, self)
        self.logs = QTreeWidget(self)
        self.logs.setRootIsDecorated(False)
        self.logs.setHeaderLabels([self.tr("日期"), self.tr("内容"), self.tr("记录人")])
        self.logs.setColumnWidth(0, 100)
        self.logs.setColumnWidth(1, 560)
        self.log_date = QDateEdit(QDate(clock.today()), self)
        self.log_date.setCalendarPopup(True)
        self.log_date.setDisplayFormat("yyyy-MM-dd")
        self.log_text = QLineEdit(self)
        self.log_text.setPlaceholderText(self.tr("记一笔：今天的进展、沟通、决定…"))
        self.add_log_button = QPushButton(self.tr("添加日志"), self)
        self.add_log_button.clicked.connect(self.add_log)
        log_bar = QHBoxLayout()
        log_bar.addWidget(self.log_date)
        log_bar.addWidget(self.log_text, 1)
        log_bar.addWidget(self.add_log_button)
        log_page = QWidget(self)
        log_layout = QVBoxLayout(log_page)
        log_layout.addWidget(self.logs, 1)
        log_layout.addLayout(log_bar)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(scrolled(self, proposal_page), self.tr("立项建议书"))
        self.tabs.addTab(self._rows_page(self.members, self.tr("添加成员")), self.tr("项目小组"))
        self.tabs.addTab(self._rows_page(self.milestones, self.tr("添加里程碑")), self.tr("里程碑"))
        self.tabs.addTab(log_page, self.tr("项目日志"))

        self.message = QLabel(self)
        self.message.setObjectName("fieldError")
        self.message.setWordWrap(True)
        self.message.hide()
        self.print_button = QPushButton(self.tr("打印预览…"), self)
        self.print_button.clicked.connect(self.preview)
        self.save_button = QPushButton(self.tr("保存"), self)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        close = QPushButton(self.tr("关闭"), self)
        close.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.print_button)
        bottom.addStretch(1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addLayout(bottom)

        if project_id:
            self.load()
        else:
            if client_id:
                with desk.db.session() as session:
                    from cmdesk.services.clients import get_client
                    name = get_client(session, client_id).name
                self.form.set_values({"client_id": client_id}, {client_id: name})
            self.members.add_row({"name": desk.actor, "role": "relationship"})
            self._refresh_links()
            self._refresh_status()

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
        return page

    # --- reading -------------------------------------------------------------------
    def client_id(self) -> str | None:
        return self.form.editors["client_id"].value() or None

    def load(self) -> None:
        with self.desk.db.session() as session:
            view = projects.get_project_view(session, self.project_id)
            values = projects.project_fields_of(view.project)
            self.form.set_values(values, {view.client.id: view.client.name})
            self.members.set_rows([{"id": m.id, "name": m.name, "role": m.role,
                                    "department": m.department, "phone": m.phone}
                                   for m in view.members])
            self.milestones.set_rows([{"id": m.id, "title": m.title, "due_date": m.due_date,
                                       "status": m.status, "done_on": m.done_on}
                                      for m in view.milestones])
            self.logs.clear()
            for log in view.logs:
                QTreeWidgetItem(self.logs, [log.log_date.isoformat(), log.text, log.author])
            self.status = view.project.status
            linked = {p.id for p in view.proposals}
            plan_id = view.project.development_plan_id
        self.setWindowTitle(self.tr("立项建议书 - {title}").format(title=values["title"]))
        self._refresh_links(plan_id, linked)
        self._refresh_status()

    def _refresh_links(self, plan_id: str | None = None, linked: set[str] | None = None) -> None:
        client_id = self.client_id()
        self.plan_combo.clear()
        self.plan_combo.addItem(self.tr("（不关联）"), "")
        self.proposal_list.clear()
        if not client_id:
            return
        with self.desk.db.session() as session:
            for plan in projects.linkable_plans(session, client_id):
                self.plan_combo.addItem(plan.target.splitlines()[0][:40] if plan.target else "—",
                                        plan.id)
            for proposal in projects.linkable_proposals(session, client_id, self.project_id):
                item = QListWidgetItem(f"{proposal.title}（{ppf.status_label(proposal.status)}）",
                                       self.proposal_list)
                item.setData(ROW_ID, proposal.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if proposal.id in (linked or set())
                                   else Qt.CheckState.Unchecked)
        self.plan_combo.setCurrentIndex(max(self.plan_combo.findData(plan_id or ""), 0))

    def _on_form_changed(self, key: str) -> None:
        if key == "client_id":
            self._refresh_links()

    def _refresh_status(self) -> None:
        self.status_label.setText(self.tr("状态：{status}").format(
            status=self.tr(pf.status_label(self.status))))
        while self.status_buttons.count():
            button = self.status_buttons.takeAt(0).widget()
            button.deleteLater()
        saved = self.project_id is not None
        for target in pf.TRANSITIONS.get(self.status, ()):
            button = QPushButton(self.tr(pf.ACTION_LABELS[target]), self)
            button.setObjectName(f"move-{target}")
            button.setEnabled(saved)
            button.clicked.connect(lambda _checked=False, t=target: self.move(t))
            self.status_buttons.addWidget(button)
        closed = self.status == "closed"
        for widget in (self.save_button, self.add_log_button, self.members, self.milestones):
            widget.setEnabled(not closed)
        self.print_button.setEnabled(saved)
        self.add_log_button.setEnabled(saved and not closed)

    # --- writing -------------------------------------------------------------------
    def draft(self) -> projects.ProjectDraft:
        fields = self.form.values()
        fields["development_plan_id"] = self.plan_combo.currentData() or ""
        proposal_ids = []
        for row in range(self.proposal_list.count()):
            item = self.proposal_list.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                proposal_ids.append(item.data(ROW_ID))
        return projects.ProjectDraft(fields=fields, members=self.members.rows(),
                                     milestones=self.milestones.rows(), proposal_ids=proposal_ids)

    def save(self) -> bool:
        """Validate and save the whole project; problems are shown, nothing half-saved."""
        self.form.clear_errors()
        try:
            with self.desk.db.transaction(self.desk.actor) as session:
                self.project_id = projects.save_project(session, self.draft(), self.project_id)
        except ValidationError as exc:
            self.form.set_errors({p.field: p.message for p in exc.problems
                                  if p.section == "project" and p.field in self.form.editors})
            self._show_message("\n".join(p.describe() for p in exc.problems))
            return False
        self._show_message("")
        self.load()
        self.saved.emit(self.project_id)
        self.desk.projects_changed.emit()
        self.desk.status_message.emit(self.tr("立项已保存"))
        return True

    def move(self, target: str) -> bool:
        """A status move; a note is asked for decisions (approval, rejection)."""
        note = ""
        if target in pf.DECISIONS or target == "draft":
            note, ok = QInputDialog.getText(self, self.tr(pf.ACTION_LABELS[target]),
                                            self.tr("说明（可不填）："))
            if not ok:
                return False
        return self.apply_move(target, note)

    def apply_move(self, target: str, note: str = "") -> bool:
        try:
            with self.desk.db.transaction(self.desk.actor) as session:
                projects.change_status(session, self.project_id, target, note)
        except ValidationError as exc:
            self._show_message("\n".join(p.describe() for p in exc.problems))
            return False
        self._show_message("")
        self.load()
        self.saved.emit(self.project_id)
        self.desk.projects_changed.emit()
        return True

    def add_log(self) -> bool:
        try:
            with self.desk.db.transaction(self.desk.actor) as session:
                projects.add_log(session, self.project_id, {
                    "log_date": self.log_date.date().toPython(), "text": self.log_text.text()})
        except ValidationError as exc:
            self._show_message("\n".join(p.describe() for p in exc.problems))
            return False
        self.log_text.clear()
        self._show_message("")
        self.load()
        self.desk.projects_changed.emit()
        return True

    # --- printing ------------------------------------------------------------------
    def preview_dialog(self) -> PdfPreviewDialog | None:
        return project_report_preview(self, self.desk, self.project_id)

    def preview(self) -> None:
        show_project_report(self, self.desk, self.project_id)

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))


def open_project_editor(parent: QWidget | None, desk: Any, project_id: str | None = None,
                        client_id: str | None = None) -> None:
    """Open the editor (modal) for a project, or a new one for a client."""
    dialog = ProjectEditor(desk, project_id, client_id, parent)
    dialog.exec()
    dialog.deleteLater()


def project_report_preview(parent: QWidget | None, desk: Any,
                           project_id: str) -> PdfPreviewDialog | None:
    """The 立项建议书 (masked) in a preview dialog, with the unmasked print on request;
    None after telling the manager why it could not be made."""
    from cmdesk.reports.project_report import write_project_report

    db, actor = desk.db, desk.actor
    title = QCoreApplication.translate("ProjectEditor", "立项建议书预览")

    def render(path: Path, unmasked: bool) -> None:
        run_with_progress(parent, title,
                          QCoreApplication.translate("ProjectEditor", "正在生成立项建议书…"),
                          lambda _progress: write_project_report(
                              db, project_id, path, unmasked=unmasked, actor=actor))

    path = temp_pdf_path(desk, "project-")
    try:
        with db.session() as session:
            name = QCoreApplication.translate("ProjectEditor", "立项建议书_{title}_{day}.pdf").format(
                title=projects.get_project(session, project_id).title,
                day=clock.today().isoformat())
        render(path, False)
    except CmdeskError as exc:
        path.unlink(missing_ok=True)
        QMessageBox.warning(parent, title, str(exc))
        return None
    return PdfPreviewDialog(path, title, name, render_unmasked=lambda target: render(target, True),
                            parent=parent)


def show_project_report(parent: QWidget | None, desk: Any, project_id: str) -> None:
    """Preview a project's 立项建议书; print or save it from there."""
    dialog = project_report_preview(parent, desk, project_id)
    if dialog is not None:
        dialog.exec()
        dialog.deleteLater()
