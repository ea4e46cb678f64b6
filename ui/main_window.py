"""The main window: navigation sidebar on the left, one page per area on the right,
status bar with the manager and the size of the client book.

The window is built in two steps so it shows before the database layer is even
imported: `MainWindow(paths)` is the shell (navigation and a "loading" page in every
area), `attach(desk)` gives it the desk. Each area's view is built (its module imported)
when the area is first shown (`view(area)`; the `*_view` properties build on first use
too), so the start builds only 今日. UI state (geometry, splitter) is kept in the data folder's ui.ini,
never in $HOME. Leaving 客户档案 or closing the window with unsaved edits asks first.
"""
from __future__ import annotations

import importlib
from typing import Any

from PySide6.QtCore import QSettings, QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QIcon
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QStyle,
    QWidget,
)

from cmdesk.paths import DataPaths

AREA_CLIENTS, AREA_DIARY, AREA_PLANS, AREA_PROPOSALS, AREA_EXCHANGE, AREA_SETTINGS = (
    "clients", "diary", "plans", "proposals", "exchange", "settings")
AREA_TODAY, AREA_FOLLOW_UPS = "today", "followups"
STATUS_MESSAGE_MS = 6000
# area -> (module, class) of its view, imported when the area is first shown
AREA_VIEWS = {
    AREA_TODAY: ("ui.today.view", "TodayView"),
    AREA_CLIENTS: ("ui.clients.view", "ClientsView"),
    AREA_DIARY: ("ui.diary.view", "DiaryView"),
    AREA_FOLLOW_UPS: ("ui.followups.view", "FollowUpsView"),
    AREA_PLANS: ("ui.plans.view", "PlansView"),
    AREA_PROPOSALS: ("ui.proposals.view", "ProposalsView"),
    AREA_EXCHANGE: ("ui.exchange.view", "ExchangeView"),
    AREA_SETTINGS: ("ui.settings.view", "SettingsView"),
}


class MainWindow(QMainWindow):
    """cmdesk 客户经理工作台."""

    view_built = Signal(str, object)  # area, its view: built on the area's first show

    def __init__(self, paths: DataPaths, desk: Any = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.paths = paths
        self.desk: Any = None
        self._views: dict[str, QWidget] = {}
        self.setMinimumSize(1024, 640)
        self.setWindowTitle(self.tr("cmdesk 客户经理工作台"))
        self.areas: list[str] = []

        self.nav = QListWidget(self)
        self.nav.setObjectName("navigation")
        self.nav.setIconSize(QSize(22, 22))
        self.nav.setFixedWidth(132)
        self.nav.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.stack = QStackedWidget(self)

        style = self.style()
        sp = QStyle.StandardPixmap
        self._add_area(AREA_TODAY, self.tr("今日"), style.standardIcon(sp.SP_DesktopIcon),
                       self._loading_page())
        self._add_area(AREA_CLIENTS, self.tr("客户档案"), style.standardIcon(sp.SP_DirHomeIcon),
                       self._loading_page())
        self._add_area(AREA_DIARY, self.tr("工作日志"), style.standardIcon(sp.SP_FileDialogDetailedView),
                       self._loading_page())
        self._add_area(AREA_FOLLOW_UPS, self.tr("督办事项"), style.standardIcon(sp.SP_BrowserReload),
                       self._loading_page())
        self._add_area(AREA_PLANS, self.tr("计划"), style.standardIcon(sp.SP_FileDialogListView),
                       self._loading_page())
        self._add_area(AREA_PROPOSALS, self.tr("服务方案"), style.standardIcon(sp.SP_FileDialogInfoView),
                       self._loading_page())
        self._add_area(AREA_EXCHANGE, self.tr("数据交换"), style.standardIcon(sp.SP_DriveNetIcon),
                       self._loading_page())
        self._add_area(AREA_SETTINGS, self.tr("设置"), style.standardIcon(sp.SP_FileDialogContentsView),
                       self._loading_page())
        self.nav.setCurrentRow(0)
        self.nav.currentRowChanged.connect(self._on_nav_changed)

        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.profile_label = QLabel(self)
        self.count_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.profile_label)
        self.statusBar().addPermanentWidget(self.count_label)
        self._default_size()
        self._restore_geometry()
        if desk is not None:
            self.attach(desk)

    def attach(self, desk: Any) -> None:
        """Give the shell its desk: the current area's view is built now, the others when
        first shown; the status bar names the manager and counts the book."""
        from ui.ops import Kind

        self.desk = desk
        desk.profile_changed.connect(self._update_profile)
        desk.status_message.connect(self._show_message)
        desk.changed.connect(lambda changes: changes.touches({Kind.CLIENTS}) and self._count_book())
        self._update_profile()
        self._count_book()
        row = self.nav.currentRow()
        self.view(self.areas[row])
        self.stack.setCurrentIndex(row)

    def view(self, area: str) -> Any:
        """The view of an area, built now if it was not yet; None before attach."""
        if self.desk is None:
            return None
        built = self.built_view(area)
        return built if built is not None else self._build(area)

    def built_view(self, area: str) -> Any:
        """The view of an area if it has been built, else None (builds nothing)."""
        return self._views.get(area)

    @property
    def today_view(self) -> Any:
        return self.view(AREA_TODAY)

    @property
    def clients_view(self) -> Any:
        return self.view(AREA_CLIENTS)

    @property
    def diary_view(self) -> Any:
        return self.view(AREA_DIARY)

    @property
    def follow_ups_view(self) -> Any:
        return self.view(AREA_FOLLOW_UPS)

    @property
    def plans_view(self) -> Any:
        return self.view(AREA_PLANS)

    @property
    def proposals_view(self) -> Any:
        return self.view(AREA_PROPOSALS)

    @property
    def exchange_view(self) -> Any:
        return self.view(AREA_EXCHANGE)

    @property
    def settings_view(self) -> Any:
        return self.view(AREA_SETTINGS)

    def _build(self, area: str) -> QWidget:
        module, name = AREA_VIEWS[area]
        view = getattr(importlib.import_module(module), name)(self.desk, self)
        self._views[area] = view
        row = self.areas.index(area)
        current = self.stack.currentIndex()
        loading = self.stack.widget(row)
        self.stack.insertWidget(row, view)
        self.stack.removeWidget(loading)
        loading.deleteLater()
        self.stack.setCurrentIndex(current)
        if area == AREA_CLIENTS:
            self._default_split()
            self._restore_splitter()
        elif area == AREA_TODAY:
            view.open_client_requested.connect(self.open_client)
            view.open_entry_requested.connect(self.open_entry)
            view.open_follow_up_requested.connect(self.open_follow_up)
        elif area == AREA_FOLLOW_UPS:
            view.open_entry_requested.connect(self.open_entry)
        self.view_built.emit(area, view)
        return view

    # --- building ------------------------------------------------------------------
    def _add_area(self, key: str, title: str, icon: QIcon, page: QWidget) -> None:
        self.areas.append(key)
        QListWidgetItem(icon, title, self.nav)
        self.stack.addWidget(page)


    def _loading_page(self) -> QWidget:
        label = QLabel(self.tr("正在打开…"), self)
        label.setObjectName("emptyHint")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return label

    # --- navigation ----------------------------------------------------------------
    def current_area(self) -> str:
        return self.areas[self.stack.currentIndex()]

    def switch_to(self, area: str | int) -> bool:
        """Show an area (by key or index); False when the manager chose to stay."""
        row = self.areas.index(area) if isinstance(area, str) else area
        self.nav.setCurrentRow(row)
        return self.stack.currentIndex() == row

    def open_client(self, client_id: str) -> bool:
        """Show 客户档案 with one client file open."""
        return self.switch_to(AREA_CLIENTS) and self.clients_view.open_client(client_id)

    def open_entry(self, entry_id: str) -> bool:
        """Show 工作日志 with one entry open (once the diary area can open entries)."""
        diary = self.diary_view
        if not hasattr(diary, "open_entry") or not self.switch_to(AREA_DIARY):
            return False
        return diary.open_entry(entry_id) is not False

    def open_follow_up(self, follow_up_id: str) -> bool:
        """Show 督办事项 with one follow-up selected."""
        return self.switch_to(AREA_FOLLOW_UPS) and self.follow_ups_view.select_follow_up(follow_up_id)

    def _on_nav_changed(self, row: int) -> None:
        if row < 0 or row == self.stack.currentIndex():
            return
        clients = self.built_view(AREA_CLIENTS)
        if (clients is not None and self.stack.currentWidget() is clients
                and not clients.maybe_leave()):
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(self.stack.currentIndex())
            self.nav.blockSignals(False)
            return
        self.view(self.areas[row])
        self.stack.setCurrentIndex(row)

    # --- status --------------------------------------------------------------------
    def _update_profile(self) -> None:
        profile = self.desk.profile
        name = profile.name or self.tr("（未设置）")
        self.setWindowTitle(self.tr("cmdesk 客户经理工作台 — {name}").format(name=name))
        parts = [name, profile.grade, profile.branch]
        self.profile_label.setText(" · ".join(p for p in parts if p))

    def _count_book(self) -> None:
        from cmdesk.services.clients import count_clients
        from ui import ops

        ops.query(self.desk, count_clients, done=self._show_book_size, parent=self,
                  key="main.book_size")

    def _show_book_size(self, count: int) -> None:
        self.count_label.setText(self.tr("客户档案 {n} 个").format(n=count))

    def _show_message(self, message: str) -> None:
        self.statusBar().showMessage(message, STATUS_MESSAGE_MS)

    # --- state ---------------------------------------------------------------------
    def _default_size(self) -> None:
        """Most of the screen on first start (a laptop is small, a desk monitor large)."""
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is None or screen.width() < 800:
            self.resize(1360, 840)
            return
        self.resize(max(min(int(screen.width() * 0.9), 1800), 1024),
                    max(min(int(screen.height() * 0.9), 1100), 640))

    def _default_split(self) -> None:
        """The editor gets what its sections need; the list the rest (within bounds)."""
        from ui.clients.view import EDITOR_WIDTH  # loaded with the area, as the view is

        total = self.width() - self.nav.width()
        listing = max(440, min(700, total - EDITOR_WIDTH))
        self.clients_view.splitter.setSizes([listing, max(total - listing, 400)])

    def ui_settings(self) -> QSettings:
        """UI state (window geometry, splitters) kept in the data folder, never in $HOME."""
        return QSettings(str(self.paths.root / "ui.ini"), QSettings.Format.IniFormat)

    def _restore_geometry(self) -> None:
        geometry = self.ui_settings().value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)

    def _restore_splitter(self) -> None:
        splitter = self.ui_settings().value("clients/splitter")
        if splitter is not None:
            self.clients_view.splitter.restoreState(splitter)

    def save_state(self) -> None:
        settings = self.ui_settings()
        settings.setValue("main/geometry", self.saveGeometry())
        clients = self.built_view(AREA_CLIENTS)
        if clients is not None:
            settings.setValue("clients/splitter", clients.splitter.saveState())
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        clients, diary = self.built_view(AREA_CLIENTS), self.built_view(AREA_DIARY)
        if clients is not None and not clients.maybe_leave():
            event.ignore()
            return
        if diary is not None:
            diary.close_forms()  # unsaved diary entries stay as drafts
        self.save_state()
        event.accept()
