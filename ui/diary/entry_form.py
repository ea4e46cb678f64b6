"""The diary entry form (新建日志 / 编辑日志): one entry with its contacts met, the visit
report (访客报告, visits only) and the follow-ups raised (督办), saved whole through
services.diary.save_entry in one transaction.

Built for the keyboard: date and time (rounded to 5 minutes) and the last entry's kind
come pre-filled (a note says the kind was taken over; a new visit opens its report),
focus starts in the client search, Tab walks the form and leaves every table
(ui.diary.table_keys; the hint under the title says how), dates are typed as 12-2 or
picked (ui.widgets.date_field), Ctrl+S or Ctrl+Enter saves — but first refuses a
half-typed person and asks before a typed visit report is dropped — and Esc asks about
unsaved edits. It is a record editor
(ui.widgets.record_editor): the entry is read and saved on the desk's database thread,
problems are shown at the fields with the same SpecForm/SectionPanel mechanism as the
client file. The form's state is autosaved as a draft (ui.diary.drafts) at most every
2 s while edited and when the window closes; the form offers to restore it once it has
read what it opens, a save deletes it.
"""
from __future__ import annotations

from datetime import date, datetime, time
from itertools import pairwise
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractItemModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QCloseEvent, QKeySequence, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QStyle,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cmdesk import clock
from cmdesk.domain import diary_fields as df
from cmdesk.domain.dates import DateTextError, parse_date
from cmdesk.errors import FieldProblem, NotFoundError
from cmdesk.services import clients as client_service
from cmdesk.services import diary
from cmdesk.services.catalogue import ProductView, product_views
from cmdesk.services.clients import ContactChoice
from ui import ops
from ui.clients.section_panel import SectionDelegate, SectionPanel
from ui.diary.drafts import DraftFile
from ui.diary.table_keys import (
    TabbingDelegate,
    TabKeysDelegate,
    TableKeys,
    commit_open_cell,
)
from ui.field_text import choice_text, field_label, local_time
from ui.ops import Changes, Kind
from ui.widgets.client_picker import ClientPicker
from ui.widgets.record_editor import RecordEditing
from ui.widgets.record_table import scrolled
from ui.widgets.spec_form import SpecForm

AUTOSAVE_MS = 2000
TIME_STEP_MINUTES = 5
DRAFT_VERSION = 1
ENTRY_TOP = ("entry_date", "start_time", "kind", "duration_minutes")
ENTRY_TEXTS = ("content", "outcome", "next_step")
REPORT_TOP = ("place", "our_participants")
REPORT_TALK = ("purpose", "discussion", "needs_found")
REPORT_REST = ("client_reaction", "important_changes", "important_change_flag", "service_view",
               "next_visit_date")
# stored fields of an entry that are not form fields, for the history
OTHER_LABELS = {"contacts_met": QT_TRANSLATE_NOOP("fields", "见到的联系人"),
                "client_participants": QT_TRANSLATE_NOOP("fields", "客户方人员"),
                "products_recommended": QT_TRANSLATE_NOOP("fields", "推荐产品"),
                "deleted_at": QT_TRANSLATE_NOOP("fields", "删除"),
                "reported_at": QT_TRANSLATE_NOOP("fields", "上报时间"),
                "closed_at": QT_TRANSLATE_NOOP("fields", "办结时间"),
                "closed_by": QT_TRANSLATE_NOOP("fields", "办结人")}


def rounded_now(now: datetime | None = None) -> time:
    """The current time rounded to 5 minutes (never past 23:55)."""
    now = now or clock.now()
    minutes = min(round((now.hour * 60 + now.minute) / TIME_STEP_MINUTES) * TIME_STEP_MINUTES,
                  24 * 60 - TIME_STEP_MINUTES)
    return time(minutes // 60, minutes % 60)


def history_label(field: str) -> str:
    """The Chinese label of a stored field of an entry, its report or a follow-up."""
    for section in (df.ENTRY, df.VISIT_REPORT, df.FOLLOW_UP):
        try:
            return field_label(section.field(field))
        except KeyError:
            continue
    return QCoreApplication.translate("fields", OTHER_LABELS.get(field, field))


def ask_restore_draft(parent: QWidget) -> bool:
    """Offer the draft left by a form that was closed (or crashed) without saving."""
    box = QMessageBox(QMessageBox.Icon.Question,
                      QCoreApplication.translate("EntryForm", "未保存的草稿"),
                      QCoreApplication.translate("EntryForm", "恢复未保存的草稿？"),
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.setInformativeText(QCoreApplication.translate(
        "EntryForm", "上次填写的日志没有保存。选择“恢复”继续填写，选择“丢弃”重新开始。"))
    box.button(QMessageBox.StandardButton.Yes).setText(QCoreApplication.translate("EntryForm", "恢复"))
    box.button(QMessageBox.StandardButton.No).setText(QCoreApplication.translate("EntryForm", "丢弃"))
    box.setDefaultButton(QMessageBox.StandardButton.Yes)
    return box.exec() == QMessageBox.StandardButton.Yes


class CheckList(QListWidget):
    """Checkable choices laid out in wrapping rows (contacts met, products recommended);
    Space ticks the current one. Each item carries a key and a payload dict."""

    changed = Signal()

    def __init__(self, empty_text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.empty_text = empty_text
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setSpacing(2)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.itemChanged.connect(lambda _item: self.changed.emit())

    def set_items(self, items: list[tuple[str, str, dict[str, Any], bool]]) -> None:
        """(key, text, payload, checked) per choice."""
        self.blockSignals(True)
        self.clear()
        for key, text, payload, checked in items:
            item = QListWidgetItem(text, self)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                          | Qt.ItemFlag.ItemIsUserCheckable)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setData(Qt.ItemDataRole.UserRole + 1, payload)
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        if self.count():
            self.setCurrentRow(0)
        self.blockSignals(False)
        self.viewport().update()
        self.changed.emit()

    def items(self) -> list[tuple[str, dict[str, Any], bool]]:
        result = []
        for row in range(self.count()):
            item = self.item(row)
            result.append((item.data(Qt.ItemDataRole.UserRole), item.data(Qt.ItemDataRole.UserRole + 1),
                           item.checkState() == Qt.CheckState.Checked))
        return result

    def checked(self) -> list[tuple[str, dict[str, Any]]]:
        return [(key, payload) for key, payload, checked in self.items() if checked]

    def paintEvent(self, event: Any) -> None:
        super().paintEvent(event)
        if not self.count():
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(self.viewport().rect().adjusted(6, 0, -6, 0),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, self.empty_text)


class FollowUpDelegate(TabKeysDelegate, SectionDelegate):
    """Like a client file's table, but the request (a long text) is typed in its cell, a
    deadline may be typed as 12-2 or 12月2日 (kept as the date understood), and Tab
    follows the form's table keys (ui.diary.table_keys)."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget | None:
        if self._spec(index).kind == "longtext":
            return QLineEdit(parent)
        return super().createEditor(parent, option, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,
                     index: QModelIndex | QPersistentModelIndex) -> None:
        if self._spec(index).kind == "date" and isinstance(editor, QLineEdit):
            try:
                day = parse_date(editor.text())
            except DateTextError:
                day = None  # kept as typed: the save names the problem at the cell
            if day is not None:
                model.setData(index, day.isoformat(), Qt.ItemDataRole.EditRole)
                return
        super().setModelData(editor, model, index)


class FollowUpPanel(SectionPanel):
    """The 督办事项 raised at this entry: 添加督办 (or Insert in the table) starts a row in
    its first cell, Tab moves on to 责任部门, 督办人, 期限, 状态; the keys of the table are
    TableKeys' (Tab in an empty row leaves the table)."""

    def __init__(self, desk: Any, parent: QWidget | None = None):
        super().__init__(desk, df.FOLLOW_UP,
                         QCoreApplication.translate(
                             "EntryForm", "客户提出的每个问题记一行：责任部门、督办人、期限和状态（谁走访谁督办）。"),
                         QCoreApplication.translate("EntryForm", "没有督办事项。点“添加督办”（或在表格中按 Insert）记录客户提出的问题。"),
                         parent)
        delegate = FollowUpDelegate(self)
        self.view.setItemDelegate(delegate)
        self.add_button.setText(self.tr("添加督办"))
        for button in (self.add_button, self.edit_button, self.remove_button):
            button.setAutoDefault(False)  # Enter in the entry form's fields never clicks them
        self.keys = TableKeys(self.view, add_row=self.model.append_row,
                              remove_row=lambda row: self.model.removeRows(row, 1),
                              row_has_text=self.row_has_text)
        delegate.keys = self.keys

    def row_has_text(self, row: int) -> bool:
        """Anything typed in the row (its status alone is a default, not text)."""
        values = self.model.row_values(row)
        return any(str(values.get(spec.key) or "").strip() for spec in df.FOLLOW_UP.fields
                   if spec.kind not in ("choice", "bool"))

    def add_row(self) -> int:
        row = self.model.append_row()
        if self.isVisible():
            self.keys.open_cell(row, 0)
        else:
            self.view.setCurrentIndex(self.model.index(row, 0))
        return row

    def _fit_columns(self) -> None:
        header = self.view.horizontalHeader()
        for column, width in enumerate((260, 120, 90, 110, 100)):
            if column < self.model.columnCount():
                header.resizeSection(column, width)


class ParticipantsTable(QWidget):
    """The client's participants of a visit (name and position); filled from the contacts
    met until the manager edits it by hand. Its keys are TableKeys' (typing on the table
    starts a person, Tab at a row's end the next one, Tab in an empty row leaves); the
    buttons are for the mouse."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.edited_by_hand = False
        self._filling = False
        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels([self.tr("姓名"), self.tr("职务")])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().resizeSection(0, 160)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setFixedHeight(26 * 4 + 28)
        self.table.itemChanged.connect(self._on_item_changed)
        delegate = TabbingDelegate(self.table)
        self.table.setItemDelegate(delegate)
        self.keys = TableKeys(self.table, add_row=lambda: self._append("", ""),
                              remove_row=self._remove_row, row_has_text=self.row_has_text)
        delegate.keys = self.keys
        add = QPushButton(self.tr("添加人员"), self)
        add.setToolTip(self.tr("添加一位客户方人员（在表格中按 Insert 或直接输入）"))
        add.clicked.connect(self.keys.start_row)
        remove = QPushButton(self.tr("删除人员"), self)
        remove.setToolTip(self.tr("删除所选人员（在表格中按 Ctrl+Delete）"))
        remove.clicked.connect(self._on_remove)
        for button in (add, remove):
            button.setAutoDefault(False)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from the table to the next field
        buttons = QVBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def _row(self, row: int) -> dict[str, str]:
        name, position = (self.table.item(row, c) for c in (0, 1))
        return {"name": name.text() if name else "", "position": position.text() if position else ""}

    def people(self) -> list[dict[str, str]]:
        """Every row with something typed (a cell still open counts: it is committed first)."""
        commit_open_cell(self.table)
        people = [self._row(row) for row in range(self.table.rowCount())]
        return [p for p in people if p["name"].strip() or p["position"].strip()]

    def row_has_text(self, row: int) -> bool:
        return any(text.strip() for text in self._row(row).values())

    def rows_without_name(self) -> list[int]:
        """Rows with a position typed but no name (a save would drop them)."""
        commit_open_cell(self.table)
        return [row for row in range(self.table.rowCount())
                if self._row(row)["position"].strip() and not self._row(row)["name"].strip()]

    def set_people(self, people: list[dict[str, str]], by_hand: bool = False) -> None:
        self._filling = True
        try:
            self.table.setRowCount(0)
            for person in people:
                self._append(person.get("name", ""), person.get("position", ""))
        finally:
            self._filling = False
        self.edited_by_hand = by_hand
        self.changed.emit()

    def _append(self, name: str, position: str) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(name))
        self.table.setItem(row, 1, QTableWidgetItem(position))
        return row

    def _on_remove(self) -> None:
        if self.table.currentRow() >= 0:
            self._remove_row(self.table.currentRow())

    def _remove_row(self, row: int) -> None:
        had_text = self.row_has_text(row)
        self.table.removeRow(row)
        if had_text:
            self._on_item_changed()

    def _on_item_changed(self, *_args: Any) -> None:
        if not self._filling:
            self.edited_by_hand = True
            self.changed.emit()


class EntryForm(QDialog):
    """Create or edit one diary entry. Open with `start_new()` or `load(entry_id)`."""

    saved = Signal(str)  # entry id
    deleted = Signal(str)  # entry id

    def __init__(self, desk: Any, entry_id: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.entry_id = entry_id
        self.drafts = DraftFile(desk.paths.drafts, entry_id)
        self._finished = False
        self._had_report = False
        self._contacts_client: str | None = None
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.setSizeGripEnabled(True)
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.write_draft)
        self._build()
        self.editing = RecordEditing(self, desk, noun=self.tr("日志"), save=self.save,
                                     problem_label=self.problem_label,
                                     place_problems=self._place_problems,
                                     clear_problems=self._clear_field_problems,
                                     dirty_badge=self.dirty_badge)
        self.editing.install_save_keys(QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter"))
        self._resize_to_screen()

    # --- building ------------------------------------------------------------------
    def _build(self) -> None:
        style = self.style()
        self.title = QLabel(self)
        self.title.setObjectName("heading")
        self.dirty_badge = QLabel(self.tr("未保存"), self)
        self.dirty_badge.setObjectName("dirtyBadge")
        self.dirty_badge.hide()
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addWidget(self.dirty_badge)
        header.addStretch(1)
        hint = QLabel(self.tr("Ctrl+S 保存 · Esc 关闭 · 草稿自动保存"), self)
        hint.setObjectName("sectionHint")
        header.addWidget(hint)

        keys_hint = QLabel(self.tr(
            "键盘：Tab / Shift+Tab 下一项 / 上一项；表格中直接输入即开始一行，Tab 下一格，行末 Tab 另起一行，"
            "空行按 Tab 离开表格；Insert 加一行，Ctrl+Delete 删一行；日期可写 12-2、12月2日，F4 打开日历"), self)
        keys_hint.setObjectName("sectionHint")
        keys_hint.setWordWrap(True)

        self.problem_label = QLabel(self)
        self.problem_label.setObjectName("problemLabel")
        self.problem_label.setWordWrap(True)
        self.problem_label.hide()

        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(scrolled(self, self._build_entry_page()), self.tr("日志"))
        self.tabs.addTab(self._build_history_page(), self.tr("历史"))

        self.delete_button = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_TrashIcon),
                                         self.tr("删除"), self)
        self.delete_button.setToolTip(self.tr("删除这条日志（变更历史中留有记录）"))
        self.delete_button.clicked.connect(self.delete_entry)
        self.cancel_button = QPushButton(self.tr("关闭"), self)
        self.cancel_button.clicked.connect(self.reject)
        self.save_button = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton),
                                       self.tr("保存"), self)
        self.save_button.setToolTip(self.tr("保存日志（Ctrl+S 或 Ctrl+Enter）"))
        self.save_button.clicked.connect(self.save)
        for button in (self.delete_button, self.cancel_button, self.save_button):
            button.setAutoDefault(False)  # Enter in a field never saves by accident
        buttons = QHBoxLayout()
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(keys_hint)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        self._set_tab_order()

    def _set_tab_order(self) -> None:
        """Down the form as it reads: when, who, what; the report; follow-ups; save."""
        def inputs(*forms: SpecForm) -> list[QWidget]:
            return [editor.input for form in forms for editor in form.editors.values()]

        panel = self.follow_up_panel
        chain = [*inputs(self.top_form, self.client_form), self.contacts, *inputs(self.text_form),
                 self.report_box, *inputs(self.report_top), self.participants.table,
                 *inputs(self.report_talk), self.products, *inputs(self.report_rest),
                 panel.add_button, panel.edit_button, panel.remove_button, panel.view,
                 self.save_button, self.cancel_button, self.delete_button]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _build_entry_page(self) -> QWidget:
        page = QWidget(self)
        kinds = tuple((key, choice_text(df.ENTRY.field("kind"), key)) for key, _ in df.ENTRY_KINDS)
        self.top_form = SpecForm([df.ENTRY.field(k) for k in ENTRY_TOP], columns=4,
                                 choices={"kind": kinds}, parent=page)
        self.kind_note = QLabel(page)
        self.kind_note.setObjectName("sectionHint")
        self.kind_note.setWordWrap(True)
        self.kind_note.hide()
        self.client_form = SpecForm([df.ENTRY.field("client_id")], desk=self.desk, parent=page)
        self.text_form = SpecForm([df.ENTRY.field(k) for k in ENTRY_TEXTS], parent=page)
        self.entry_forms = (self.top_form, self.client_form, self.text_form)
        for form in self.entry_forms:
            form.changed.connect(self._on_entry_changed)
        self.client_picker: ClientPicker = self.client_form.editors["client_id"].input  # type: ignore[assignment]
        self.client_picker.picked.connect(self._on_client_picked)

        self.contacts = CheckList(self.tr("先选择客户，这里列出客户档案中的联系人，空格键勾选。"), page)
        self.contacts.setMaximumHeight(64)
        self.contacts.changed.connect(self._on_contacts_changed)
        contacts_holder = self._labelled(self.tr("见到的联系人"), self.contacts, page)

        self.report_box = QGroupBox(self.tr("访客报告（走访时填写访客报告表）"), page)
        self.report_box.setCheckable(True)
        self.report_box.setChecked(False)
        self.report_box.toggled.connect(self._on_report_toggled)
        self.report_body = self._build_report(self.report_box)
        self.report_body.hide()  # expanded by ticking the box (Space)
        box_layout = QVBoxLayout(self.report_box)
        box_layout.addWidget(self.report_body)

        self.follow_up_panel = FollowUpPanel(self.desk, page)
        self.follow_up_panel.setMinimumHeight(220)
        self.follow_up_panel.changed.connect(self._on_changed)

        layout = QVBoxLayout(page)
        layout.addWidget(self.top_form)
        layout.addWidget(self.kind_note)
        layout.addWidget(self.client_form)
        layout.addWidget(contacts_holder)
        layout.addWidget(self.text_form)
        layout.addWidget(self.report_box)
        layout.addWidget(self.follow_up_panel)
        layout.addStretch(1)
        for form in (self.top_form, self.client_form, self.text_form):
            form.layout().setRowStretch(form.layout().rowCount(), 0)
        self._align_labels()
        return page

    def _build_report(self, parent: QWidget) -> QWidget:
        body = QWidget(parent)
        report = df.VISIT_REPORT
        self.report_top = SpecForm([report.field(k) for k in REPORT_TOP], columns=2, parent=body)
        self.report_talk = SpecForm([report.field(k) for k in REPORT_TALK], parent=body)
        self.report_rest = SpecForm([report.field(k) for k in REPORT_REST], parent=body)
        self.report_forms = (self.report_top, self.report_talk, self.report_rest)
        for form in self.report_forms:
            form.changed.connect(self._on_changed)
        self.participants = ParticipantsTable(body)
        self.participants.changed.connect(self._on_changed)
        self.products = CheckList(self.tr("产品目录为空"), body)
        self.products.setMinimumHeight(90)
        self.products.setMaximumHeight(120)
        self.products.changed.connect(self._on_changed)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.report_top)
        layout.addWidget(self._labelled(self.tr("客户方人员"), self.participants, body))
        layout.addWidget(self.report_talk)
        layout.addWidget(self._labelled(self.tr("推荐产品"), self.products, body))
        layout.addWidget(self.report_rest)
        return body

    def _labelled(self, text: str, widget: QWidget, parent: QWidget) -> QWidget:
        """A widget with its label on the left, lined up with the SpecForms around it."""
        holder = QWidget(parent)
        label = QLabel(text, holder)
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        label.setContentsMargins(0, 4, 0, 0)
        label.setBuddy(widget)
        self._side_labels = [*getattr(self, "_side_labels", []), label]
        row = QHBoxLayout(holder)
        margins = self.client_form.layout().contentsMargins()
        row.setContentsMargins(margins.left(), 0, margins.right(), 0)
        row.setSpacing(self.client_form.layout().horizontalSpacing())
        row.addWidget(label)
        row.addWidget(widget, 1)
        return holder

    def _align_labels(self) -> None:
        """One label width down the form, so the inputs line up; long texts a few lines high."""
        for form, height in ((self.text_form, 58), (self.report_talk, 72), (self.report_rest, 58)):
            for editor in form.editors.values():
                if editor.spec.kind == "longtext":
                    editor.input.setFixedHeight(height)
        self.text_form.editors["content"].input.setFixedHeight(96)
        width = 0
        one_column = (self.client_form, self.text_form, self.report_top, self.report_talk, self.report_rest)
        labels = [label for form in one_column for label in form.labels.values()]
        labels += getattr(self, "_side_labels", [])
        for label in labels:
            width = max(width, label.sizeHint().width())
        for label in labels:
            label.setMinimumWidth(width)

    def _build_history_page(self) -> QWidget:
        page = QWidget(self)
        self.history = QTreeWidget(page)
        self.history.setRootIsDecorated(False)
        self.history.setAlternatingRowColors(True)
        self.history.setHeaderLabels([self.tr("时间"), self.tr("操作人"), self.tr("字段"),
                                      self.tr("原值"), self.tr("新值")])
        for column, width in enumerate((130, 80, 130, 220)):
            self.history.header().resizeSection(column, width)
        self.history_hint = QLabel(page)
        self.history_hint.setObjectName("sectionHint")
        self.history_hint.setWordWrap(True)
        layout = QVBoxLayout(page)
        layout.addWidget(self.history_hint)
        layout.addWidget(self.history, 1)
        return page


    def _resize_to_screen(self) -> None:
        screen = self.screen().availableGeometry() if self.screen() else None
        height = 900 if screen is None else max(min(screen.height() - 60, 900), 560)
        width = 940 if screen is None else max(min(screen.width() - 60, 940), 760)
        self.resize(width, height)

    # --- opening -------------------------------------------------------------------
    def start_new(self, client_id: str | None = None, on: date | None = None) -> None:
        """An empty entry: today (or `on`), now, the last entry's kind (said so beside it; a
        visit opens its visit report); focus on the client. Once filled, a draft left by an
        earlier form is offered."""
        def read(session: Any) -> tuple[str | None, tuple[ProductView, ...], str,
                                        tuple[ContactChoice, ...]]:
            name = client_service.client_names(session, {client_id}).get(client_id, "") \
                if client_id else ""
            return (diary.last_entry_kind(session),
                    product_views(session, active_only=True), name,
                    client_service.contact_choices(session, client_id))

        self.editing.load(read, lambda new: self._fill_new(client_id, on, *new),
                          then=self._after_first_fill)

    def _fill_new(self, client_id: str | None, on: date | None, last_kind: str | None,
                  products: tuple[ProductView, ...], client_name: str,
                  contacts: tuple[ContactChoice, ...]) -> None:
        kind = df.EntryKind(last_kind or df.EntryKind.VISIT)
        self.top_form.set_values({"entry_date": (on or clock.today()).isoformat(),
                                  "start_time": rounded_now().strftime("%H:%M"), "kind": kind.value})
        self.client_form.set_values({"client_id": client_id}, {client_id: client_name} if client_id else {})
        self.text_form.set_values({})
        self._fill_report({"our_participants": self.desk.profile.name}, [], [], products)
        self.follow_up_panel.load([])
        self._set_contacts(client_id, contacts, [])
        self._had_report = False
        self.report_box.setChecked(kind.has_visit_report)
        self._show_kind_note(kind if last_kind else None)
        self._fill_history(None)
        self._after_fill()
        self.client_picker.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_kind_note(self, copied: df.EntryKind | None) -> None:
        """Say that the kind was taken over from the last entry (and, when it is no visit,
        that a visit's report comes with 走访)."""
        if copied is None:
            self.kind_note.hide()
            return
        label = choice_text(df.ENTRY.field("kind"), copied.value)
        self.kind_note.setText(
            self.tr("类型沿用上一条日志：{kind}。").format(kind=label) if copied.has_visit_report
            else self.tr("类型沿用上一条日志：{kind}。记走访请把类型改为“走访”，访客报告随之出现。")
            .format(kind=label))
        self.kind_note.show()

    def load(self, entry_id: str) -> None:
        """An existing entry with its report, follow-ups and history. Once filled, a draft
        of its unsaved edits is offered; an entry deleted meanwhile closes the form."""
        def read(session: Any) -> tuple[diary.EntryFormView, tuple[ProductView, ...]]:
            view = diary.entry_form_view(session, entry_id)
            return view, product_views(session, active_only=True,
                                       keep=frozenset(view.products_recommended))

        self.editing.load(read, lambda loaded: self._fill_stored(*loaded),
                          failed=self._on_load_failed, then=self._after_first_fill)

    def _on_load_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, NotFoundError):
            ops.show_error(self, exc)
        else:
            self.desk.status_message.emit(self.tr("这条日志已被删除"))
        self._finish()
        self.done(QDialog.DialogCode.Rejected)

    def _fill_stored(self, view: diary.EntryFormView, products: tuple[ProductView, ...]) -> None:
        client_id = view.fields["client_id"]
        self.entry_id = view.entry_id
        self._had_report = view.report is not None
        for form in self.entry_forms:
            form.set_values(view.fields, {client_id: view.client_name} if client_id else {})
        self._fill_report(view.report or {"our_participants": self.desk.profile.name},
                          list(view.client_participants), list(view.products_recommended),
                          products)
        self.participants.edited_by_hand = self._had_report
        self.report_box.setChecked(self._had_report)
        self.follow_up_panel.load(list(view.follow_ups))
        self._set_contacts(client_id, view.client_contacts, list(view.contacts_met))
        self._fill_history(self._history_rows(view.history, view.history_names))
        self._after_fill()

    def offer_draft(self) -> bool:
        """If a draft of this form is on disk, offer it; True when it was restored."""
        state = self.drafts.read()
        if state is None or state.get("version") != DRAFT_VERSION:
            return False
        if not ask_restore_draft(self):
            self.drafts.discard()
            return False
        self.restore(state)
        return True

    def _after_fill(self) -> None:
        self._update_kind()
        self.title.setText(self.tr("编辑日志") if self.entry_id else self.tr("新建日志"))
        self.setWindowTitle(self.title.text())
        self.delete_button.setVisible(self.entry_id is not None)
        self.tabs.setTabEnabled(1, self.entry_id is not None)

    def _after_first_fill(self) -> None:
        if self.editing.loads == 1:  # a draft left last time comes back over the record
            self.offer_draft()

    def _fill_report(self, values: dict[str, Any], participants: list[dict[str, str]],
                     chosen: list[str], products: tuple[ProductView, ...]) -> None:
        for form in self.report_forms:
            form.set_values(values)
        self.participants.set_people(participants)
        self.products.set_items([(p.id, f"{p.name}", {"name": p.name}, p.id in chosen) for p in products])

    # --- contacts ------------------------------------------------------------------
    def _load_contacts(self, client_id: str | None) -> None:
        self._contacts_client = client_id
        ops.query(self.desk, lambda session: client_service.contact_choices(session, client_id),
                  done=lambda contacts: self._set_contacts(client_id, contacts, []),
                  parent=self, key=f"entry-form.contacts.{id(self)}")

    def _set_contacts(self, client_id: str | None, contacts: tuple[ContactChoice, ...],
                      met: list[dict[str, Any]]) -> None:
        """The client's contacts to tick, plus anyone met who is not (or no longer) on file."""
        self._contacts_client = client_id
        met_ids = {p.get("id") for p in met if p.get("id")}
        people = [{"id": c.id, "name": c.name, "position": c.position} for c in contacts]
        items = [(c["id"], self._person_text(c), c, c["id"] in met_ids) for c in people]
        known = {c.id for c in contacts}
        items += [(p.get("id") or "", self._person_text(p), p, True) for p in met
                  if not p.get("id") or p.get("id") not in known]
        self.contacts.set_items(items)

    def _person_text(self, person: dict[str, Any]) -> str:
        position = person.get("position") or ""
        name = person.get("name", "")
        return self.tr("{name}（{position}）").format(name=name, position=position) if position else name

    def contacts_met(self) -> list[dict[str, Any]]:
        return [{"id": payload.get("id"), "name": payload.get("name", ""),
                 "position": payload.get("position", "")} for _key, payload in self.contacts.checked()]

    # --- state ---------------------------------------------------------------------
    @property
    def is_dirty(self) -> bool:
        return self.editing.dirty

    def _on_changed(self, *_args: Any) -> None:
        if self.editing.filling:
            return
        self.editing.changed()
        if not self._autosave.isActive():
            self._autosave.start()

    def _on_entry_changed(self, key: str) -> None:
        if key == "kind":
            self._update_kind()
            if not self.editing.filling:
                self.kind_note.hide()  # chosen now, no longer taken over
                if self.entry_id is None and not self._had_report and self._kind().has_visit_report:
                    self.report_box.setChecked(True)  # a new visit opens its report
        if key == "client_id" and not self.editing.filling \
                and self.client_picker.client_id() != self._contacts_client:
            self._load_contacts(self.client_picker.client_id())
        self._on_changed()

    def _on_client_picked(self) -> None:
        if self.client_picker.client_id() != self._contacts_client:
            self._load_contacts(self.client_picker.client_id())
        self.contacts.setFocus(Qt.FocusReason.OtherFocusReason)  # next: tick the people met

    def _on_contacts_changed(self) -> None:
        if not self.participants.edited_by_hand:
            self.participants.set_people([{"name": p["name"], "position": p["position"]}
                                          for p in self.contacts_met()])
        self._on_changed()

    def _on_report_toggled(self, on: bool) -> None:
        self.report_body.setVisible(on)
        self._on_changed()

    def _kind(self) -> df.EntryKind:
        return df.EntryKind(self.top_form.editors["kind"].value())

    def _update_kind(self) -> None:
        self.report_box.setVisible(self._kind().has_visit_report)

    # --- drafts --------------------------------------------------------------------
    def state(self) -> dict[str, Any]:
        """Everything typed so far, as plain JSON data."""
        fields: dict[str, Any] = {}
        for form in self.entry_forms:
            fields.update(form.values())
        report: dict[str, Any] = {}
        for form in self.report_forms:
            report.update(form.values())
        return {"version": DRAFT_VERSION, "entry_id": self.entry_id, "fields": fields,
                "client_name": self.client_picker.text(),
                "contacts": [{"payload": payload, "checked": checked}
                             for _key, payload, checked in self.contacts.items()],
                "report_on": self.report_box.isChecked(), "report": report,
                "participants": self.participants.people(),
                "participants_by_hand": self.participants.edited_by_hand,
                "products": [key for key, _payload in self.products.checked()],
                "follow_ups": self.follow_up_panel.model.draft_rows()}

    def restore(self, state: dict[str, Any]) -> None:
        """Put a draft's state back into the form (it stays unsaved)."""
        self.kind_note.hide()  # the draft's kind is the manager's own
        fields = state.get("fields") or {}
        client_id = fields.get("client_id")
        with self.editing.fill(clean=False):
            names = {client_id: state.get("client_name") or client_id} if client_id else {}
            for form in self.entry_forms:
                form.set_values(fields, names)
            for form in self.report_forms:
                form.set_values(state.get("report") or {})
            self.participants.set_people(state.get("participants") or [],
                                         by_hand=bool(state.get("participants_by_hand")))
            wanted = set(state.get("products") or [])
            self.products.set_items([(key, self.products.item(i).text(), payload, key in wanted)
                                     for i, (key, payload, _c) in enumerate(self.products.items())])
            self.report_box.setChecked(bool(state.get("report_on")))
            self.follow_up_panel.load(state.get("follow_ups") or [])
            people = state.get("contacts") or []
            self._contacts_client = client_id
            self.contacts.set_items([(p["payload"].get("id") or "", self._person_text(p["payload"]),
                                      p["payload"], bool(p.get("checked"))) for p in people])
        self._update_kind()
        self.editing.set_dirty(True)

    def write_draft(self) -> None:
        self._autosave.stop()
        if self.editing.dirty and not self._finished:
            self.drafts.write(self.state())

    # --- saving --------------------------------------------------------------------
    def build_draft(self) -> diary.EntryDraft:
        """The entry as typed. A visit's report goes with it once something is typed in it
        beyond what the form fills in itself (an open but untouched report is no report)."""
        fields: dict[str, Any] = {}
        for form in self.entry_forms:
            fields.update(form.values())
        report: dict[str, Any] | None = None
        if df.EntryKind(fields["kind"]).has_visit_report and self.report_box.isChecked() \
                and (self._had_report or self._report_has_content()):
            report = {}
            for form in self.report_forms:
                report.update(form.values())
            report["client_participants"] = self.participants.people()
            report["products_recommended"] = [key for key, _payload in self.products.checked()]
        elif self._had_report:
            report = {}  # no longer a visit, or the report was switched off: remove it
        return diary.EntryDraft(fields=fields, contacts_met=self.contacts_met(), visit_report=report,
                                follow_ups=self.follow_up_panel.draft_rows())

    def _report_has_content(self) -> bool:
        """Something typed or chosen in the visit report beyond what the form fills in itself
        (our side: the manager; the client's side: the contacts met)."""
        values: dict[str, Any] = {}
        for form in self.report_forms:
            values.update(form.values())
        if str(values.pop("our_participants") or "").strip() not in ("", self.desk.profile.name):
            return True
        return any(value if isinstance(value, bool) else str(value or "").strip()
                   for value in values.values()) \
            or bool(self.products.checked()) \
            or (self.participants.edited_by_hand and bool(self.participants.people()))

    def _report_loss_reason(self) -> str:
        """Why the visit report typed would not be saved ("" when it would be, or is empty)."""
        if not self._report_has_content():
            return ""
        kind = self._kind()
        if not kind.has_visit_report:
            return self.tr("类型是“{kind}”，访客报告只随走访保存。").format(
                kind=choice_text(df.ENTRY.field("kind"), kind.value))
        if not self.report_box.isChecked():
            return self.tr("访客报告没有勾选。")
        return ""

    def _refuse_half_rows(self) -> bool:
        """A person typed with a position but no name would be dropped by the save: name
        the row at the top and put the cursor there. True when the save is refused."""
        if self._report_loss_reason() or not (self._kind().has_visit_report
                                               and self.report_box.isChecked()):
            return False
        rows = self.participants.rows_without_name()
        if not rows:
            return False
        self.editing.show_problems([
            FieldProblem("client_participants", self.tr("只填了职务，请填写姓名或删除这一行"),
                         "visit_report", row, self.tr("客户方人员")) for row in rows])
        self.participants.keys.open_cell(rows[0], 0)
        return True

    def _confirm_report_loss(self) -> bool:
        """Typed visit report content that would not be saved: ask before dropping it."""
        reason = self._report_loss_reason()
        if not reason:
            return True
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("访客报告不会保存"),
                          self.tr("已填写的访客报告内容不会保存。"),
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel, self)
        box.setInformativeText(self.tr("{reason}要记走访，请把类型改为“走访”并勾选访客报告。")
                               .format(reason=reason))
        box.button(QMessageBox.StandardButton.Save).setText(self.tr("不含访客报告保存"))
        box.button(QMessageBox.StandardButton.Cancel).setText(self.tr("返回修改"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Save

    def save(self) -> bool:
        """Save the entry in the background; True when the save was started. A cell still
        open is saved with it; a half-typed person is refused and a visit report that would
        not be saved is asked about first. Problems come back at the fields; once it
        committed the lists read again, `saved` tells the opener and the form closes."""
        if self._finished or self._refuse_half_rows() or not self._confirm_report_loss():
            return False
        draft = self.build_draft()
        entry_id = self.entry_id
        return self.editing.save(lambda session: diary.save_entry(session, draft, entry_id),
                                 Changes.of(Kind.DIARY, entry_id), done=self._on_saved,
                                 saved_text=lambda _id: self.tr("日志已保存"))

    def _on_saved(self, entry_id: str) -> None:
        self._autosave.stop()
        self.drafts.discard()
        self.entry_id = entry_id
        self._finish()
        self.saved.emit(entry_id)  # the lists read again already; the opener selects it
        self.accept()

    def delete_entry(self) -> bool:
        if not self.entry_id:
            return False
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("删除日志"),
                          self.tr("删除这条日志？删除后不再出现在日志中，变更历史中仍留有记录。"),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("删除"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("取消"))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        if box.exec() != QMessageBox.StandardButton.Yes:
            return False
        entry_id = self.entry_id

        def done(_result: None) -> None:
            self.drafts.discard()
            self._finish()
            self.desk.status_message.emit(self.tr("日志已删除"))
            self.deleted.emit(entry_id)
            self.accept()

        self.editing.run(lambda session: diary.delete_entry(session, entry_id),
                         Changes.of(Kind.DIARY, entry_id), done, self.tr("删除日志"))
        return True

    def _finish(self) -> None:
        self._finished = True
        self._autosave.stop()

    # --- closing -------------------------------------------------------------------
    def reject(self) -> None:
        """Esc or 关闭: ask about unsaved edits (保存 / 放弃 / 取消)."""
        if self.editing.dirty and not self._finished:
            answer = self.editing.ask_unsaved(self.windowTitle())
            if answer == QMessageBox.StandardButton.Save:
                self.save()
                return
            if answer != QMessageBox.StandardButton.Discard:
                return
            self.drafts.discard()
        self._finish()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the window (or the desk) never loses edits: they stay as a draft."""
        if self.editing.dirty and not self._finished:
            self.write_draft()
            self.desk.status_message.emit(self.tr("未保存的日志已存为草稿，下次打开时可以恢复"))
        self._finish()
        event.accept()
        self.done(QDialog.DialogCode.Rejected)

    # --- problems ------------------------------------------------------------------
    def _clear_field_problems(self) -> None:
        for form in (*self.entry_forms, *self.report_forms):
            form.clear_errors()
        self.follow_up_panel.clear_problems()

    def _place_problems(self, problems: list[FieldProblem]) -> list[str]:
        """Each problem at its field or follow-up cell; returns the ones with no place."""
        entry_errors: dict[str, str] = {}
        report_errors: dict[str, str] = {}
        rows: list[FieldProblem] = []
        unplaced: list[str] = []
        entry_keys = {spec.key for spec in df.ENTRY.fields}
        report_keys = {spec.key for spec in df.VISIT_REPORT.fields}
        for problem in problems:
            if problem.field in entry_keys and problem.section in ("diary", "follow_ups") \
                    and problem.row is None:
                entry_errors.setdefault(problem.field, problem.message)
            elif problem.section == "visit_report" and problem.field in report_keys:
                report_errors.setdefault(problem.field, problem.message)
            elif problem.section == "follow_ups" and problem.row is not None:
                rows.append(problem)
            else:
                unplaced.append(problem.describe())
        for form in self.entry_forms:
            form.set_errors(entry_errors)
        for form in self.report_forms:
            form.set_errors(report_errors)
        if report_errors:
            self.report_box.setChecked(True)
        self.follow_up_panel.show_problems(rows)
        self.tabs.setCurrentIndex(0)
        for form in (*self.entry_forms, *self.report_forms):
            editor = form.first_error()
            if editor is not None:
                editor.setFocus(Qt.FocusReason.OtherFocusReason)
                break
        return unplaced

    # --- history -------------------------------------------------------------------
    @staticmethod
    def _history_rows(lines: tuple[diary.EntryHistoryLine, ...],
                      names: dict[str, str]) -> list[tuple[str, str, str, str, str]]:
        kinds = dict(df.ENTRY_KINDS)
        statuses = dict(df.FOLLOW_UP_STATUSES)

        def shown(field: str, value: str | None) -> str:
            if value in (None, ""):
                return QCoreApplication.translate("EntryForm", "（空）")
            if field == "client_id":
                return names.get(value, value)
            table = kinds if field == "kind" else statuses if field == "status" else {}
            return QCoreApplication.translate("fields", table[value]) if value in table else value

        actions = {"create": QCoreApplication.translate("EntryForm", "新建"),
                   "delete": QCoreApplication.translate("EntryForm", "删除"),
                   "print_unmasked": QCoreApplication.translate("EntryForm", "未脱敏打印")}
        parts = {"diary_entries": QCoreApplication.translate("EntryForm", "日志"),
                 "visit_reports": QCoreApplication.translate("EntryForm", "访客报告"),
                 "follow_ups": QCoreApplication.translate("EntryForm", "督办事项")}
        rows = []
        for line in lines:
            when = local_time(line.at)
            if line.action in actions:
                what = parts.get(line.entity, "")
                if line.entity == "follow_ups" and line.summary:
                    what += QCoreApplication.translate("EntryForm", "「{summary}」").format(
                        summary=line.summary)
                rows.append((when, line.actor, f"{actions[line.action]} {what}", "", ""))
            else:
                rows.append((when, line.actor, history_label(line.field),
                             shown(line.field, line.old_value), shown(line.field, line.new_value)))
        return rows

    def _fill_history(self, rows: list[tuple[str, str, str, str, str]] | None) -> None:
        self.history.clear()
        for when, actor, label, old, new in rows or []:
            item = QTreeWidgetItem([when, actor or self.tr("（未知）"), label, old, new])
            for column, text in ((3, old), (4, new)):
                item.setToolTip(column, text)
            self.history.addTopLevelItem(item)
        self.history_hint.setText(
            self.tr("这条日志的每一次修改都留有记录（只读），主管检查时可以看到：{n} 条。").format(n=len(rows or []))
            if rows is not None else self.tr("日志保存后，这里记录每一次修改。"))
