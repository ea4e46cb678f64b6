"""The main window: navigation sidebar on the left, one page per area on the right,
status bar with the manager and the size of the client book.

The window is built in two steps so it shows before the database layer is even
imported: `MainWindow(paths)` is the shell (navigation and a "loading" page in every
area), `attach(desk)` puts in the views that
read the database. UI state (geometry, splitter) is kept in the data folder's ui.ini,
never in $HOME. Leaving 客户档案 or closing the window with unsaved edits asks first.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSettings, QSize, Qt
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


class MainWindow(QMainWindow):
    """cmdesk 客户经理工作台."""

    def __init__(self, paths: DataPaths, desk: Any = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.paths = paths
        self.desk: Any = None
        self.clients_view: Any = None
        self.settings_view: Any = None
        self.diary_view: Any = None
        self.today_view: Any = None
        self.follow_ups_view: Any = None
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

    def attach(self, desk: Any, load_in_background: bool = False) -> None:
        """Put in the views that read the database. With load_in_background the client
        list fills from a worker thread (a large book takes seconds to index)."""
        from ui.clients.view import ClientsView  # imports the database layer
        from ui.diary.view import DiaryView
        from ui.exchange.view import ExchangeView
        from ui.followups.view import FollowUpsView
        from ui.plans.view import PlansView
        from ui.proposals.view import ProposalsView
        from ui.settings.view import SettingsView
        from ui.today.view import TodayView

        self.desk = desk
        self.clients_view = ClientsView(desk, self, load=not load_in_background)
        self.settings_view = SettingsView(desk, self)
        self.today_view = TodayView(desk, self)
        self.follow_ups_view = FollowUpsView(desk, self)
        self.diary_view = DiaryView(desk, self)
        self.plans_view = PlansView(desk, self)
        self.proposals_view = ProposalsView(desk, self)
        self.exchange_view = ExchangeView(desk, self)
        for key, view in ((AREA_TODAY, self.today_view), (AREA_CLIENTS, self.clients_view),
                          (AREA_DIARY, self.diary_view), (AREA_FOLLOW_UPS, self.follow_ups_view),
                          (AREA_PLANS, self.plans_view), (AREA_PROPOSALS, self.proposals_view),
                          (AREA_EXCHANGE, self.exchange_view), (AREA_SETTINGS, self.settings_view)):
            row = self.areas.index(key)
            loading = self.stack.widget(row)
            self.stack.insertWidget(row, view)
            self.stack.removeWidget(loading)
            loading.deleteLater()
        self.stack.setCurrentIndex(self.nav.currentRow())
        self.clients_view.count_changed.connect(self._on_count_changed)
        self.today_view.open_client_requested.connect(self.open_client)
        self.today_view.open_entry_requested.connect(self.open_entry)
        self.today_view.open_follow_up_requested.connect(self.open_follow_up)
        self.follow_ups_view.open_entry_requested.connect(self.open_entry)
        self._on_count_changed(self.clients_view.book_size)
        desk.profile_changed.connect(self._update_profile)
        desk.status_message.connect(self._show_message)
        self._update_profile()
        self._default_split()
        self._restore_splitter()
        if load_in_background:
            self.clients_view.load_in_background()

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
        diary = self.stack.widget(self.areas.index(AREA_DIARY))
        if not hasattr(diary, "open_entry") or not self.switch_to(AREA_DIARY):
            return False
        return diary.open_entry(entry_id) is not False

    def open_follow_up(self, follow_up_id: str) -> bool:
        """Show 督办事项 with one follow-up selected."""
        return self.switch_to(AREA_FOLLOW_UPS) and self.follow_ups_view.select_follow_up(follow_up_id)

    def _on_nav_changed(self, row: int) -> None:
        if row < 0 or row == self.stack.currentIndex():
            return
        if (self.clients_view is not None and self.stack.currentWidget() is self.clients_view
                and not self.clients_view.maybe_leave()):
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(self.stack.currentIndex())
            self.nav.blockSignals(False)
            return
        self.stack.setCurrentIndex(row)

    # --- status --------------------------------------------------------------------
    def _update_profile(self) -> None:
        profile = self.desk.profile
        name = profile.name or self.tr("（未设置）")
        self.setWindowTitle(self.tr("cmdesk 客户经理工作台 — {name}").format(name=name))
        parts = [name, profile.grade, profile.branch]
        self.profile_label.setText(" · ".join(p for p in parts if p))

    def _on_count_changed(self, count: int) -> None:
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
        """The editor gets what its tabs need; the list the rest (within bounds)."""
        total = self.width() - self.nav.width()
        listing = max(440, min(700, total - 780))
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
        if self.clients_view is not None:
            settings.setValue("clients/splitter", self.clients_view.splitter.saveState())
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.clients_view is not None and not self.clients_view.maybe_leave():
            event.ignore()
            return
        if self.diary_view is not None:
            self.diary_view.close_forms()  # unsaved diary entries stay as drafts
        self.save_state()
        event.accept()
