"""The project editor (立项): the project proposal (立项建议书) form, the team (项目小组),
milestones, the log, the links to the client's development plan and proposals, the
approval buttons, and the printed 立项建议书 with preview.

It is a record editor (ui.widgets.record_editor): read and saved on the desk's database
thread; saving sends the whole project to services.projects, which validates everything
first: problems of the proposal show at their fields, problems of team or milestone
rows are listed by row; unsaved edits are asked about on 关闭. Status buttons offer only the legal moves of the current
status; each move is logged with who and when.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
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
from cmdesk.errors import CmdeskError, FieldProblem, ValidationError
from cmdesk.services import clients as client_service
from cmdesk.services import projects
from ui import ops
from ui.field_text import edit_text
from ui.ops import Changes, Kind
from ui.widgets.date_field import DateField
from ui.widgets.record_editor import RecordEditing
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
        self.setHorizontalHeaderLabels([QCoreApplication.translate("fields", item.label)
                                        for item in spec.fields])
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
                    combo.addItem(QCoreApplication.translate("fields", label), key)
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
        self.status = pf.ProjectStatus.DRAFT
        self.accepts_changes = True
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
        self.plan_combo.activated.connect(self._on_changed)
        self.proposal_list = QListWidget(self)
        self.proposal_list.setMaximumHeight(110)
        self.proposal_list.itemChanged.connect(self._on_changed)
        links = QFormLayout()
        links.addRow(self.tr("客户发展计划"), self.plan_combo)
        links.addRow(self.tr("关联服务方案"), self.proposal_list)
        proposal_page = QWidget(self)
        proposal_layout = QVBoxLayout(proposal_page)
        proposal_layout.addWidget(self.form)
        proposal_layout.addLayout(links)

        self.members = RowTable(pf.MEMBER, self)
        self.milestones = RowTable(pf.MILESTONE, self)
        for table in (self.members, self.milestones):
            table.itemChanged.connect(self._on_changed)
            table.model().rowsInserted.connect(self._on_changed)
            table.model().rowsRemoved.connect(self._on_changed)
        self.logs = QTreeWidget(self)
        self.logs.setRootIsDecorated(False)
        self.logs.setHeaderLabels([self.tr("日期"), self.tr("内容"), self.tr("记录人")])
        self.logs.setColumnWidth(0, 100)
        self.logs.setColumnWidth(1, 560)
        self.log_date = DateField(self, label=self.tr("日期"))
        self.log_date.set_date(clock.today())
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
        self.dirty_badge = QLabel(self.tr("未保存"), self)
        self.dirty_badge.setObjectName("dirtyBadge")
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
        bottom.addWidget(self.dirty_badge)
        bottom.addWidget(self.save_button)
        bottom.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addLayout(bottom)

        self.editing = RecordEditing(self, desk, noun=self.tr("立项"), save=self.save,
                                     problem_label=self.message,
                                     place_problems=self._place_problems,
                                     clear_problems=self.form.clear_errors,
                                     dirty_badge=self.dirty_badge)
        self.editing.install_save_keys()
        if project_id:
            self.load()
        else:
            self.editing.load(
                lambda session: (client_service.client_names(session, {client_id}) if client_id
                                 else {}, projects.link_choices(session, client_id, None)),
                lambda read: self._fill_new(client_id, *read))

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

    def _fill_new(self, client_id: str | None, names: dict[str, str],
                  choices: projects.LinkChoices) -> None:
        if client_id:
            self.form.set_values({"client_id": client_id}, names)
        self.members.add_row({"name": self.desk.actor, "role": "relationship"})
        self._fill_links(choices)
        self._refresh_status()

    def load(self) -> None:
        """Read the project (and what it may link to) and show it."""
        project_id = self.project_id

        def read(session: Any) -> tuple[projects.ProjectEditorView, projects.LinkChoices]:
            view = projects.project_editor_view(session, project_id)
            return view, projects.link_choices(session, view.client_id, project_id)

        self.editing.load(read, lambda loaded: self._fill_stored(*loaded))

    def _fill_stored(self, view: projects.ProjectEditorView, choices: projects.LinkChoices) -> None:
        self.form.set_values(view.fields, {view.client_id: view.client_name})
        self.members.set_rows(list(view.members))
        self.milestones.set_rows(list(view.milestones))
        self.logs.clear()
        for day, text, author in view.logs:
            QTreeWidgetItem(self.logs, [day.isoformat(), text, author])
        self.status = pf.ProjectStatus(view.status)
        self.accepts_changes = view.accepts_changes
        self.setWindowTitle(self.tr("立项建议书 - {title}").format(title=view.fields["title"]))
        self._fill_links(choices, view.development_plan_id, view.linked_proposals)
        self._refresh_status()

    def _fill_links(self, choices: projects.LinkChoices, plan_id: str | None = None,
                    linked: frozenset[str] = frozenset()) -> None:
        self.plan_combo.clear()
        self.plan_combo.addItem(self.tr("（不关联）"), "")
        for choice_id, label in choices.plans:
            self.plan_combo.addItem(label, choice_id)
        self.proposal_list.blockSignals(True)  # offering links is not an edit
        self.proposal_list.clear()
        for proposal_id, title, status in choices.proposals:
            item = QListWidgetItem(self.tr("{title}（{status}）").format(
                title=title, status=QCoreApplication.translate("fields", ppf.status_label(status))),
                self.proposal_list)
            item.setData(ROW_ID, proposal_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if proposal_id in linked
                               else Qt.CheckState.Unchecked)
        self.proposal_list.blockSignals(False)
        self.plan_combo.setCurrentIndex(max(self.plan_combo.findData(plan_id or ""), 0))

    def _on_form_changed(self, key: str) -> None:
        if key == "client_id" and not self.editing.filling:
            client_id, project_id = self.client_id(), self.project_id
            ops.query(self.desk, lambda session: projects.link_choices(session, client_id, project_id),
                      done=self._fill_links, parent=self, key=f"project-editor.links.{id(self)}")
        self._on_changed()

    def _on_changed(self, *_args: Any) -> None:
        self.editing.changed()

    def _refresh_status(self) -> None:
        self.status_label.setText(self.tr("状态：{status}").format(
            status=QCoreApplication.translate("fields", self.status.label)))
        while self.status_buttons.count():
            button = self.status_buttons.takeAt(0).widget()
            button.deleteLater()
        saved = self.project_id is not None
        for target in self.status.next_statuses:
            button = QPushButton(QCoreApplication.translate("fields", target.action_label), self)
            button.setObjectName(f"move-{target}")
            button.setEnabled(saved)
            button.clicked.connect(lambda _checked=False, t=target: self.move(t))
            self.status_buttons.addWidget(button)
        for widget in (self.save_button, self.add_log_button, self.members, self.milestones):
            widget.setEnabled(self.accepts_changes)
        self.print_button.setEnabled(saved)
        self.add_log_button.setEnabled(saved and self.accepts_changes)

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

    def _changes(self) -> Changes:
        return Changes.of((Kind.PROJECTS, Kind.PROPOSALS), self.project_id, self.client_id())

    def _place_problems(self, problems: list[FieldProblem]) -> list[str]:
        """Problems of the proposal at their fields; every other one listed by row."""
        at_form = {p.field: p.message for p in problems
                   if p.section == "project" and p.field in self.form.editors}
        self.form.set_errors(at_form)
        return [p.describe() for p in problems
                if not (p.section == "project" and p.field in self.form.editors)]

    def save(self) -> bool:
        """Validate and save the whole project in the background; True when started.
        Problems are shown, nothing half-saved."""
        draft, project_id = self.draft(), self.project_id
        return self.editing.save(
            lambda session: projects.save_project(session, draft, project_id), self._changes(),
            done=self._on_saved, saved_text=lambda _id: self.tr("立项已保存"))

    def _on_saved(self, project_id: str) -> None:
        self.project_id = project_id
        self.load()
        self.saved.emit(project_id)

    def _refused(self, exc: ValidationError) -> None:
        self.message.setText("\n".join(p.describe() for p in exc.problems))
        self.message.show()

    def move(self, target: str) -> bool:
        """A status move; a note is asked for decisions (approval, rejection)."""
        note = ""
        move = pf.ProjectStatus(target)
        if move.is_decision or move is pf.ProjectStatus.DRAFT:
            note, ok = QInputDialog.getText(self, QCoreApplication.translate("fields", move.action_label),
                                            self.tr("说明（可不填）："))
            if not ok:
                return False
        return self.apply_move(target, note)

    def apply_move(self, target: str, note: str = "") -> bool:
        """Move the status in the background (True: started); a refusal shows below."""
        project_id = self.project_id

        def write(session: Any) -> None:
            projects.change_status(session, project_id, target, note)

        self.editing.run(write, self._changes(), lambda _none: self._after_write(project_id),
                         QCoreApplication.translate("fields", pf.ProjectStatus(target).action_label),
                         refused=self._refused)
        return True

    def add_log(self) -> bool:
        """Add the typed log line in the background (True: started); a refusal shows below."""
        project_id = self.project_id
        fields = {"log_date": self.log_date.value(), "text": self.log_text.text()}

        def done(_log_id: str) -> None:
            self.log_text.clear()
            self._after_write(None)

        self.editing.run(lambda session: projects.add_log(session, project_id, fields),
                         self._changes(), done, self.tr("添加日志"), refused=self._refused)
        return True

    def _after_write(self, moved: str | None) -> None:
        self.message.hide()
        self.load()
        if moved:
            self.saved.emit(moved)

    def reject(self) -> None:
        """Esc or 关闭: ask about unsaved edits first (保存 / 放弃 / 取消)."""
        if self.editing.maybe_save(self.windowTitle()):
            super().reject()

    # --- printing ------------------------------------------------------------------
    def preview_dialog(self) -> QDialog | None:
        return project_report_preview(self, self.desk, self.project_id)

    def preview(self) -> None:
        show_project_report(self, self.desk, self.project_id)


def open_project_editor(parent: QWidget | None, desk: Any, project_id: str | None = None,
                        client_id: str | None = None) -> None:
    """Open the editor (modal) for a project, or a new one for a client."""
    dialog = ProjectEditor(desk, project_id, client_id, parent)
    dialog.exec()
    dialog.deleteLater()


def project_report_preview(parent: QWidget | None, desk: Any,
                           project_id: str) -> QDialog | None:
    """The 立项建议书 (masked) in a preview dialog, with the unmasked print on request;
    None after telling the manager why it could not be made."""
    from cmdesk.reports.project_report import write_project_report
    from ui.reports.preview import PdfPreviewDialog, temp_pdf_path

    db, actor = desk.db, desk.actor
    title = QCoreApplication.translate("ProjectEditor", "立项建议书预览")

    def render(path: Path, unmasked: bool) -> None:
        run_with_progress(parent, title,
                          QCoreApplication.translate("ProjectEditor", "正在生成立项建议书…"),
                          lambda _progress: write_project_report(
                              db, project_id, path, unmasked=unmasked, actor=actor))

    path = temp_pdf_path(desk, "project-")
    try:
        project_title = ops.run_modal(desk, parent, title, title, lambda session, _progress:
                                      projects.report_file_title(session, project_id))
        name = QCoreApplication.translate("ProjectEditor", "立项建议书_{title}_{day}.pdf").format(
            title=project_title, day=clock.today().isoformat())
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
