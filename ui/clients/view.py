"""The 客户档案 area: search and filters with the client list on the left, the client
file editor on the right.

The list reads through the operation layer (ui.ops) as the manager types (120 ms
debounce): each keystroke's query supersedes the one before it (key "clients.list"), and
the result's rows (at most a thousand) are built only as the table draws them: the model
keeps them as they come, with no copy per keystroke. The tier and industry filters are
read from the search index too (no scan of the client table); with them, in the same
read, the 共同服务 marks (主办 / 协办 by a shared client's name, services.shared_clients),
so a keystroke reads nothing more for them.
The first read of a large book builds the core's search index on the database thread
while the list says it is loading; `loaded` fires when the list is first filled. The view
reads when first shown and again after a change of the client book, the tiers or an
exchange (a shared-clients package changes the marks): RefreshOnShow. The list's columns
are sized to fit beside the client file on a 1366 px screen; when the list is narrower
still, 地区 and then 类型 step aside (the file shows both) before the name, tier, industry,
status, contact and phone. Switching client, creating a new one or leaving the area with
unsaved edits asks first (ClientEditor.maybe_save).
"""
from __future__ import annotations

import importlib
from collections.abc import Mapping
from types import ModuleType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QItemSelectionModel,
    QObject,
    QModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from cmdesk.domain.client_fields import CLIENT_STATUSES
from cmdesk.services.client_rows import SearchResult
from ui import ops
from ui.clients.editor import ClientEditor
from ui.models.client_table import (
    CLIENT_ID_ROLE,
    COL_CONTACT,
    COL_INDUSTRY,
    COL_KIND,
    COL_NAME,
    COL_PHONE,
    COL_REGION,
    COL_STATUS,
    COL_TIER,
    ClientTableModel,
)
from ui.ops import Changes, Kind, RefreshOnShow
from ui.widgets.record_table import record_table

if TYPE_CHECKING:
    from cmdesk.services.clients import ListFilters
    from cmdesk.services.shared_clients import SharedMark

SEARCH_DEBOUNCE_MS = 120
COLUMN_WIDTHS = {COL_NAME: 160, COL_KIND: 60, COL_TIER: 40, COL_INDUSTRY: 64, COL_REGION: 62,
                 COL_STATUS: 42, COL_CONTACT: 66, COL_PHONE: 90}
COLUMNS_GIVEN_UP = (COL_REGION, COL_KIND)  # in this order, when the list is too narrow
LIST_SHARE = 0.46  # of the width next to the navigation, at first start
EDITOR_WIDTH = 670  # what the client file needs beside the list (section list + form)


def _service(name: str) -> ModuleType:
    """cmdesk.services.<name>, imported where the list's reads run (the desk's database
    thread): the list shows its first page before SQLAlchemy has loaded (ui.app)."""
    return importlib.import_module(f"cmdesk.services.{name}")


def _filters_and_marks(session: Any) -> tuple[ListFilters, Mapping[str, SharedMark]]:
    return (_service("clients").list_filters(session),
            _service("shared_clients").shared_marks(session))


class ClientsView(QWidget):
    """Client list + editor, side by side in a splitter."""

    loaded = Signal()  # the list is filled for the first time

    def __init__(self, desk: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self._restoring = False
        self._opened_id: str | None = None  # the file asked for (the editor reads it in the background)
        self.is_loading = True  # until the list is first filled

        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("搜索：名称、拼音首字母、代码、联系人、电话"))
        self.search.setClearButtonEnabled(True)
        self.search.addAction(self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogContentsView),
                              QLineEdit.ActionPosition.LeadingPosition)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._search_timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(self._search_timer.start)

        self.tier_filter = QComboBox(self)
        self.industry_filter = QComboBox(self)
        self.status_filter = QComboBox(self)
        self.status_filter.addItem(self.tr("全部状态"), None)
        for key, label in CLIENT_STATUSES:
            self.status_filter.addItem(QCoreApplication.translate("fields", label), key)
        self.archived_check = QCheckBox(self.tr("含已归档"), self)
        self.industry_filter.setMinimumContentsLength(6)
        self.industry_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        for combo in (self.tier_filter, self.industry_filter, self.status_filter):
            combo.currentIndexChanged.connect(self.refresh)
        self.archived_check.toggled.connect(self.refresh)

        self.model = ClientTableModel(self)
        self.table = record_table(self, self.model, COLUMN_WIDTHS)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_NAME, Qt.SortOrder.AscendingOrder)  # by pinyin
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.table.installEventFilter(self)

        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("emptyHint")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.list_stack = QStackedWidget(self)
        self.list_stack.addWidget(self.table)
        self.list_stack.addWidget(self.empty_label)

        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        style = self.style()
        self.new_button = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_FileIcon),
                                      self.tr("新建客户"), self)
        self.new_button.setToolTip(self.tr("新建客户档案（Ctrl+N）"))
        self.new_button.clicked.connect(self.new_client)
        self.import_button = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_DialogOpenButton),
                                         self.tr("导入…"), self)
        self.import_button.setToolTip(self.tr("从 Excel（.xlsx）或 CSV 文件导入客户"))
        self.import_button.clicked.connect(self.open_import)

        filters = QHBoxLayout()
        filters.addWidget(self.tier_filter)
        filters.addWidget(self.industry_filter, 1)
        filters.addWidget(self.status_filter)
        filters.addWidget(self.archived_check)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.import_button)
        bottom.addWidget(self.new_button)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 0, 6)
        left_layout.addWidget(self.search)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.list_stack, 1)
        left_layout.addLayout(bottom)

        self.editor = ClientEditor(desk, self)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.editor)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([int(1000 * LIST_SHARE), int(1000 * (1 - LIST_SHARE))])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        # Ctrl+N and Ctrl+F are the main window's (new client, search here)
        save = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        save.activated.connect(self.editor.save)

        self.empty_label.setText(self.tr("正在载入客户档案…"))
        self.list_stack.setCurrentIndex(1)
        RefreshOnShow(self, desk, {Kind.CLIENTS, Kind.SETTINGS, Kind.EXCHANGE}, self.refresh_all)
        desk.changed.connect(self._on_desk_changed)

    # --- list ----------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self.table and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return super().eventFilter(watched, event)

    def _fit_columns(self) -> None:
        """Show every column the list has room for; give up 地区, then 类型, when not."""
        # the table's own width: its viewport is resized only after the filter has seen it
        room = (self.table.width() - 2 * self.table.frameWidth()
                - self.table.verticalScrollBar().sizeHint().width())
        needed = sum(COLUMN_WIDTHS.values())
        for column in COLUMNS_GIVEN_UP:
            self.table.setColumnHidden(column, needed > room)
            if needed > room:
                needed -= COLUMN_WIDTHS[column]

    def refresh_filters(self) -> None:
        """Read the tier and industry options again (keeping what is chosen), and the
        共同服务 marks."""
        ops.query(self.desk, _filters_and_marks, done=self._show_filters, parent=self,
                  key="clients.filters")

    def _show_filters(self, read: tuple[ListFilters, Mapping[str, SharedMark]]) -> None:
        filters, marks = read
        self.model.set_shared_marks(marks)
        for combo, all_text, options in (
                (self.tier_filter, self.tr("全部等级"), filters.tiers),
                (self.industry_filter, self.tr("全部行业"), filters.industries)):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(all_text, None)
            for option in options:
                combo.addItem(option, option)
            combo.setCurrentIndex(max(combo.findData(current), 0) if current else 0)
            combo.blockSignals(False)

    def refresh(self) -> None:
        """Search again with the current text and filters (a newer search supersedes one
        still under way); the list keeps the selected client."""
        self._search_timer.stop()
        text = self.search.text()
        tier, industry, status = (combo.currentData() for combo in (
            self.tier_filter, self.industry_filter, self.status_filter))
        include_archived = self.archived_check.isChecked()
        ops.query(self.desk, lambda session: _service("clients").search_clients(
            session, text, tier=tier, industry=industry, status=status,
            include_archived=include_archived), done=self._show_list, parent=self,
            key="clients.list")

    def _show_list(self, result: SearchResult) -> None:
        self.model.set_rows(result.rows)
        # lay the table out now: the reset's delayed layout would fire after the paint and
        # have the whole list drawn a second time, on the GUI thread, during the next search
        self.table.doItemsLayout()
        if result.limited and result.total is None:
            text = self.tr("显示前 {shown} 个，请细化搜索").format(shown=len(result.rows))
        elif result.limited:
            text = self.tr("显示前 {shown} 个，共 {total} 个，请细化搜索").format(
                shown=len(result.rows), total=result.total)
        else:
            text = self.tr("共 {total} 个客户").format(total=result.total)
        self.count_label.setText(text)
        filtered = bool(self.search.text().strip()) or any(
            combo.currentData() for combo in (self.tier_filter, self.industry_filter, self.status_filter))
        if result.rows:
            self.list_stack.setCurrentIndex(0)
        elif filtered:
            self.empty_label.setText(self.tr("没有符合条件的客户。\n试试别的关键字，或清除筛选条件。"))
            self.list_stack.setCurrentIndex(1)
        elif result.book_size:
            self.empty_label.setText(self.tr("所有客户都已归档。\n勾选“含已归档”可以查看。"))
            self.list_stack.setCurrentIndex(1)
        else:
            self.empty_label.setText(self.tr("还没有客户。按 Ctrl+N 新建，或点“导入…”从 Excel 导入客户名单。"))
            self.list_stack.setCurrentIndex(1)
        self._select_id(self.editor.client_id or self._opened_id)
        if self.is_loading:
            self.is_loading = False
            self.loaded.emit()

    def show_page(self, result: SearchResult) -> None:
        """Show a page read before the desk opened (the start's first look,
        cmdesk.storage.first_look) until the list's own read answers."""
        self._show_list(result)

    def refresh_all(self) -> None:
        """After a change of the book, the tiers or an exchange: the filter options, the
        共同服务 marks and the list."""
        self.refresh_filters()
        self.refresh()

    def _select_id(self, client_id: str | None) -> None:
        """Select the row of a client without triggering a load."""
        self._restoring = True
        try:
            row = self.model.row_of(client_id) if client_id else -1
            if row < 0:
                self.table.selectionModel().clearSelection()
                self.table.selectionModel().setCurrentIndex(
                    QModelIndex(), QItemSelectionModel.SelectionFlag.NoUpdate)
                return
            index = self.model.index(row, 0)
            self.table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
            self.table.scrollTo(index)
        finally:
            self._restoring = False

    def selected_client_id(self) -> str | None:
        index = self.table.currentIndex()
        return index.data(CLIENT_ID_ROLE) if index.isValid() else None

    # --- actions -------------------------------------------------------------------
    def open_client(self, client_id: str) -> bool:
        """Open a client file (asking about unsaved edits first)."""
        if client_id == self.editor.client_id and self.editor.is_open:
            self._select_id(client_id)
            return True
        if not self.editor.maybe_save():
            self._select_id(self.editor.client_id)
            return False
        self._opened_id = client_id
        self.editor.load(client_id)
        self._select_id(client_id)
        return True

    def new_client(self) -> bool:
        if not self.editor.maybe_save():
            return False
        self._opened_id = None
        self.editor.new_client()
        self._select_id(None)
        return True

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def open_import(self) -> None:
        from ui.clients.import_dialog import ImportDialog

        ImportDialog(self.desk, self).exec()  # the import announces what it added

    def maybe_leave(self) -> bool:
        """Before leaving the area or closing: deal with unsaved edits."""
        return self.editor.maybe_save()

    # --- slots ---------------------------------------------------------------------
    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._restoring or not current.isValid():
            return
        client_id = current.data(CLIENT_ID_ROLE)
        if client_id:
            # after the current slot returns: a question box must not open inside a
            # selection change, and a cancel must be able to move the selection back
            QTimer.singleShot(0, lambda: self.open_client(client_id))

    def _on_desk_changed(self, changes: Changes) -> None:
        if changes.touches({Kind.SETTINGS}):
            self.editor.refresh_tiers()
