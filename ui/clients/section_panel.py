"""One child section of a client file (联系人, 主要业务分析, 他行关系, 服务现况, 关系价值,
关联客户) as an editable table with add / edit / remove, built from its SectionSpec.

Cells edit in place (choices and products as combo boxes, clients with the searchable
picker, yes/no as check boxes); 编辑… opens a form with every field of the row.
Problems from a save mark their cells and are listed in a label above the table.
Identifier cells (a contact's phone) show masked; the cell's context menu 显示 reveals one
for editing and records the view in the audit trail (ui.reveal). `set_read_only` shows a
released client's rows without letting them change.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QKeyEvent, QMouseEvent, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cmdesk.domain.client_fields import SectionSpec
from cmdesk.errors import FieldProblem
from ui.clients.row_dialog import RowFormDialog
from ui.field_text import choice_text, field_label, placeholder
from ui.models.section_table import SectionTableModel
from ui.reveal import record_reveal
from ui.widgets.client_picker import ClientPicker

MAX_COLUMN_WIDTH = 240


class SectionDelegate(QStyledItemDelegate):
    """Editors by field kind for a SectionTableModel."""

    def __init__(self, panel: "SectionPanel"):
        super().__init__(panel)
        self.panel = panel

    def _spec(self, index: QModelIndex | QPersistentModelIndex):
        return self.panel.model.columns[index.column()]

    # yes/no cells: a check box drawn in the middle of the cell ------------------------
    def _check_rect(self, option: QStyleOptionViewItem) -> QRect:
        style = option.widget.style() if option.widget else QApplication.style()
        width = style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, option, option.widget)
        height = style.pixelMetric(QStyle.PixelMetric.PM_IndicatorHeight, option, option.widget)
        rect = QRect(0, 0, width, height)
        rect.moveCenter(option.rect.center())
        return rect

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        if self._spec(index).kind != "bool":
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        style = opt.widget.style() if opt.widget else QApplication.style()
        checked = opt.checkState == Qt.CheckState.Checked
        opt.features &= ~QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        check = QStyleOptionViewItem(option)
        check.rect = self._check_rect(option)
        check.state = (option.state & ~QStyle.StateFlag.State_HasFocus) | (
            QStyle.StateFlag.State_On if checked else QStyle.StateFlag.State_Off)
        style.drawPrimitive(QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck, check, painter,
                            opt.widget)

    def editorEvent(self, event: QEvent, model: QAbstractItemModel, option: QStyleOptionViewItem,
                    index: QModelIndex | QPersistentModelIndex) -> bool:
        if self._spec(index).kind != "bool":
            return super().editorEvent(event, model, option, index)
        toggle = False
        if event.type() in (QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick):
            if not isinstance(event, QMouseEvent) or event.button() != Qt.MouseButton.LeftButton \
                    or not self._check_rect(option).contains(event.position().toPoint()):
                return False
            toggle = event.type() == QEvent.Type.MouseButtonRelease
            if not toggle:
                return True  # a double click on the box does not open an editor
        elif event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            toggle = event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Select)
        if not toggle:
            return False
        checked = index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
        return model.setData(index, Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked,
                             Qt.ItemDataRole.CheckStateRole)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget | None:
        spec = self._spec(index)
        if spec.kind in ("bool", "longtext"):
            return None  # check boxes toggle; long texts open the row form
        if spec.kind == "choice":
            combo = QComboBox(parent)
            for key, _label in spec.choices:
                combo.addItem(choice_text(spec, key), key)
            return combo
        if spec.kind == "product_ref":
            combo = QComboBox(parent)
            combo.addItem(QCoreApplication.translate("SectionPanel", "（请选择产品）"), None)
            for product_id, label in self.panel.products:
                combo.addItem(label, product_id)
            return combo
        if spec.kind == "client_ref":
            return ClientPicker(self.panel.desk, exclude_id=self.panel.client_id, parent=parent)
        editor = QLineEdit(parent)
        editor.setPlaceholderText(placeholder(spec))
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(editor.findData(value), 0))
        elif isinstance(editor, ClientPicker):
            editor.set_client(value, self.panel.model.name_of(value))
        elif isinstance(editor, QLineEdit):
            editor.setText("" if value is None else str(value))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,
                     index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, ClientPicker):
            value = editor.value()
            if value and value == editor.client_id():
                self.panel.model.set_names({value: editor.text()})
            model.setData(index, value, Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QLineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem,
                             index: QModelIndex | QPersistentModelIndex) -> None:
        rect = option.rect
        if isinstance(editor, (QComboBox, ClientPicker)):
            rect.setWidth(max(rect.width(), 180))
        editor.setGeometry(rect)


class SectionPanel(QWidget):
    """The table of one section with its buttons, empty-state hint and problem label."""

    changed = Signal()

    def __init__(self, desk: Any, section: SectionSpec, hint: str, empty_text: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.section = section
        self.client_id: str | None = None
        self.products: list[tuple[str, str]] = []
        self.model = SectionTableModel(section, self)
        self.model.edited.connect(self._on_edited)
        self.model.rowsInserted.connect(self._update_empty)
        self.model.rowsRemoved.connect(self._update_empty)
        self.model.modelReset.connect(self._update_empty)

        title = QLabel(QCoreApplication.translate("fields", section.label), self)
        title.setObjectName("sectionTitle")
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        hint_label = QLabel(hint, self)
        hint_label.setObjectName("sectionHint")
        hint_label.setWordWrap(True)
        self.problem_label = QLabel(self)
        self.problem_label.setObjectName("problemLabel")
        self.problem_label.setWordWrap(True)
        self.problem_label.hide()

        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setItemDelegate(SectionDelegate(self))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.verticalHeader().setDefaultSectionSize(28)
        self.view.doubleClicked.connect(self._on_double_clicked)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._show_context_menu)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)

        self.empty_label = QLabel(empty_text, self)
        self.empty_label.setObjectName("emptyHint")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)

        style = self.style()
        self.add_button = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_FileDialogNewFolder),
                                      self.tr("添加"), self)
        self.add_button.setToolTip(self.tr("添加一行"))
        self.edit_button = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView),
                                       self.tr("编辑…"), self)
        self.edit_button.setToolTip(self.tr("在表单中编辑所选行的全部字段"))
        self.remove_button = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_TrashIcon),
                                         self.tr("删除"), self)
        self.remove_button.setToolTip(self.tr("删除所选行（保存后生效，变更历史中可查）"))
        self.add_button.clicked.connect(self.add_row)
        self.edit_button.clicked.connect(self.edit_current_row)
        self.remove_button.clicked.connect(self.remove_selected_rows)

        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        head = QVBoxLayout()
        head.setSpacing(2)
        head.addWidget(title)
        head.addWidget(hint_label)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.problem_label)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty_label, 1)
        self._update_empty()
        self._update_buttons()

    # --- content -------------------------------------------------------------------
    def load(self, rows: list[dict[str, Any]], names: dict[str, str] | None = None) -> None:
        self.model.set_names(names or {})
        self.model.set_rows(rows)
        self.clear_problems()
        self._fit_columns()

    def set_products(self, products: list[tuple[str, str]]) -> None:
        self.products = list(products)
        self.model.set_names(dict(products))

    def draft_rows(self) -> list[dict[str, Any]]:
        self.commit_pending_edit()
        return self.model.draft_rows()

    def commit_pending_edit(self) -> None:
        """Write a cell still being edited into the model (e.g. saving with Ctrl+S)."""
        if self.view.state() != QAbstractItemView.State.EditingState:
            return
        for widget in self.view.viewport().findChildren(
                QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if widget.isVisible():
                self.view.commitData(widget)

    def row_count(self) -> int:
        return self.model.rowCount()

    def set_read_only(self, read_only: bool) -> None:
        """Show the rows without letting them change (a client released to another manager)."""
        self.model.read_only = read_only
        self.add_button.setVisible(not read_only)
        self.remove_button.setVisible(not read_only)
        self.edit_button.setVisible(not read_only)
        self._update_buttons()

    # --- masked identifiers --------------------------------------------------------
    def reveal_cell(self, row: int, key: str) -> None:
        """Show one masked identifier cell whole; the view goes into the audit trail."""
        if not self.model.is_masked(row, key):
            return
        spec = self.section.field(key)
        subject = str(self.model.row_values(row).get("name") or "")
        record_reveal(self.desk, self.client_id, key, field_label(spec), subject)
        self.model.reveal(row, key)

    def _show_context_menu(self, position: QPoint) -> None:
        index = self.view.indexAt(position)
        if not index.isValid():
            return
        spec = self.model.columns[index.column()]
        if not self.model.is_masked(index.row(), spec.key):
            return
        menu = QMenu(self.view)
        action = QAction(self.tr("显示完整的{label}（记入审计记录）").format(label=field_label(spec)),
                         menu)
        action.triggered.connect(lambda: self.reveal_cell(index.row(), spec.key))
        menu.addAction(action)
        menu.exec(self.view.viewport().mapToGlobal(position))

    # --- problems ------------------------------------------------------------------
    def show_problems(self, problems: list[FieldProblem]) -> None:
        cells = {}
        lines = []
        for problem in problems:
            if problem.row is not None:
                cells[(problem.row, problem.field)] = problem.message
            spec_label = self._label_of(problem.field) or problem.label
            where = self.tr("第 {row} 行 {field}").format(row=problem.row + 1, field=spec_label) \
                if problem.row is not None else spec_label
            lines.append(self.tr("{where}：{problem}").format(where=where, problem=problem.message))
        self.model.set_problems(cells)
        self.problem_label.setText("\n".join(lines))
        self.problem_label.setVisible(bool(lines))
        if problems and problems[0].row is not None and problems[0].row < self.model.rowCount():
            column = next((i for i, spec in enumerate(self.model.columns)
                           if spec.key == problems[0].field), 0)
            index = self.model.index(problems[0].row, column)
            self.view.selectionModel().clearSelection()  # keep the red cell visible
            self.view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.NoUpdate)
            self.view.scrollTo(index)

    def clear_problems(self) -> None:
        self.model.set_problems({})
        self.problem_label.clear()
        self.problem_label.hide()

    def _label_of(self, key: str) -> str:
        try:
            return field_label(self.section.field(key))
        except KeyError:
            return ""

    # --- actions -------------------------------------------------------------------
    def add_row(self) -> int:
        row = self.model.append_row()
        first = next((i for i, spec in enumerate(self.model.columns)
                      if spec.kind not in ("bool", "longtext")), 0)
        index = self.model.index(row, first)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        if self.isVisible():
            self.view.edit(index)
        return row

    def edit_current_row(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.edit_row(index.row())

    def edit_row(self, row: int) -> bool:
        choices = {spec.key: tuple(self.products) for spec in self.section.fields
                   if spec.kind == "product_ref"}
        values = self.model.row_values(row)
        names = {value: self.model.name_of(value) for value in values.values()
                 if isinstance(value, str) and value}
        dialog = RowFormDialog(self.section, values, desk=self.desk, choices=choices, names=names,
                               problems=self.model.problems_of_row(row),
                               exclude_client=self.client_id, row_number=row + 1,
                               revealed=self.model.revealed_keys(row), parent=self)
        if dialog.exec() != RowFormDialog.DialogCode.Accepted:
            return False
        new_values = dialog.values()
        for editor in dialog.form.editors.values():
            picker = editor.input
            if isinstance(picker, ClientPicker) and picker.client_id():
                self.model.set_names({picker.client_id(): picker.text()})
        shown_whole = frozenset(key for key, editor in dialog.form.editors.items()
                                if not editor.is_masked())
        self.model.set_row_values(row, new_values, shown_whole)
        return True

    def remove_selected_rows(self) -> None:
        rows = sorted({index.row() for index in self.view.selectionModel().selectedRows()},
                      reverse=True)
        if not rows and self.view.currentIndex().isValid():
            rows = [self.view.currentIndex().row()]
        for row in rows:
            self.model.removeRows(row, 1)
        if rows:
            self.clear_problems()

    # --- slots ---------------------------------------------------------------------
    def _on_edited(self) -> None:
        self.changed.emit()

    def _on_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid() and self.model.columns[index.column()].kind == "longtext" \
                and not self.model.read_only:
            self.edit_row(index.row())

    def _update_empty(self, *_args: Any) -> None:
        empty = self.model.rowCount() == 0
        self.view.setVisible(not empty)
        self.empty_label.setVisible(empty)
        self._update_buttons()

    def _update_buttons(self, *_args: Any) -> None:
        has_current = self.view.selectionModel().hasSelection()
        self.edit_button.setEnabled(has_current)
        self.remove_button.setEnabled(has_current)

    def _fit_columns(self) -> None:
        header = self.view.horizontalHeader()
        self.view.resizeColumnsToContents()
        for column in range(self.model.columnCount()):
            width = max(min(header.sectionSize(column), MAX_COLUMN_WIDTH), 72)
            header.resizeSection(column, width)
