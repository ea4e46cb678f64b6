"""The main window: navigation sidebar on the left, one page per area on the right,
status bar with the manager and the size of the client book.

The window is built in two steps so it shows before the database layer is even
imported: `MainWindow(paths)` is the shell (navigation and a "loading" page in every
area), `attach(desk)` gives it the desk. Each area's view is built (its module imported)
when the area is first shown (`view(area)`; the `*_view` properties build on first use
too), so the start builds only 今日. UI state (geometry, splitter) is kept in the data folder's ui.ini,
never in $HOME. Leaving 客户档案 or closing the window with unsaved edits asks first.

The menu bar (文件/编辑/视图/帮助) holds the window's keys, each bound once: Ctrl+1…8 show
the areas in navigation order; Ctrl+N 新建, Ctrl+F 查找, Ctrl+P 打印 and 从 Excel 导入… act
in the area on screen (`area_commands`: greyed where an area has no such thing); Ctrl+L
locks (ui.lock, `use_lock`), Ctrl+Q closes, F1 opens the help page (ui.help_page) whose
table of keys is read from these actions.
"""
from __future__ import annotations

import html
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QSettings, QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QStyle,
    QWidget,
)

from cmdesk.paths import DataPaths
from ui.widgets.file_dialogs import ui_state

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
# what the area-dependent menu entries do
COMMAND_NEW, COMMAND_FIND, COMMAND_PRINT, COMMAND_IMPORT = "new", "find", "print", "import"


@dataclass(frozen=True)
class AreaCommand:
    """What 新建 / 查找 / 打印 / 导入 does in one area: `run(view)`; for 查找, `run(view)`
    gives the search field to focus. `text` is the menu entry shown there."""

    text: str
    run: Callable[[Any], Any]


def _proposals_tab_is_projects(view: Any) -> bool:
    return view.tabs.currentWidget() is view.projects


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
        self._build_menus()
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
        self._update_area_actions()

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
        if profile is None:
            return  # the desk is still opening (ui.desk.Desk.open_in_background)
        name = profile.name or self.tr("（未设置）")
        self.setWindowTitle(self.tr("cmdesk 客户经理工作台 — {name}").format(name=name))
        parts = [name, profile.grade, profile.branch]
        self.profile_label.setText(" · ".join(p for p in parts if p))

    def _count_book(self) -> None:
        from ui import ops

        ops.query(self.desk, _book_size, done=self._show_book_size, parent=self,
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
        return ui_state(self.paths)

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

    # --- menu bar and keys ---------------------------------------------------------
    def area_commands(self) -> dict[str, dict[str, AreaCommand]]:
        """For each area, what its 新建 / 查找 / 打印 / 从 Excel 导入 entries do."""
        return {
            AREA_TODAY: {
                COMMAND_NEW: AreaCommand(self.tr("新建日志"), lambda _view: self.diary_view.new_entry()),
            },
            AREA_CLIENTS: {
                COMMAND_NEW: AreaCommand(self.tr("新建客户"), lambda view: view.new_client()),
                COMMAND_FIND: AreaCommand(self.tr("查找客户"), lambda view: view.search),
                COMMAND_IMPORT: AreaCommand(self.tr("从 Excel 导入客户…"),
                                            lambda view: view.open_import()),
            },
            AREA_DIARY: {
                COMMAND_NEW: AreaCommand(self.tr("新建日志"), lambda view: view.new_entry()),
                COMMAND_FIND: AreaCommand(self.tr("查找日志"), lambda view: view.search_box),
                COMMAND_PRINT: AreaCommand(self.tr("打印访客报告…"),
                                           lambda view: view.print_selected()),
                COMMAND_IMPORT: AreaCommand(self.tr("从 Excel 导入日志…"),
                                            lambda view: view.open_import()),
            },
            AREA_PLANS: {
                COMMAND_NEW: AreaCommand(self.tr("新建周计划事项"),
                                         lambda view: view.week_page.add_item()),
                COMMAND_PRINT: AreaCommand(self.tr("打印周工作计划…"),
                                           lambda view: view.week_page.export_pdf()),
            },
            AREA_PROPOSALS: {
                COMMAND_NEW: AreaCommand(self.tr("新建方案（立项页：新建立项）"), lambda view: (
                    view.projects.new_project() if _proposals_tab_is_projects(view)
                    else view.proposals.new_proposal())),
                COMMAND_FIND: AreaCommand(self.tr("查找方案"), lambda view: view.proposals.search_box),
                COMMAND_PRINT: AreaCommand(self.tr("批量打印方案包（立项页：打印立项建议书）…"),
                                           lambda view: (
                    view.projects.print_current() if _proposals_tab_is_projects(view)
                    else view.proposals.print_packs())),
            },
        }

    def _build_menus(self) -> None:
        """文件 / 编辑 / 视图 / 帮助; each key of the window is bound here once."""
        self._commands = self.area_commands()
        bar = self.menuBar()
        self.file_menu = bar.addMenu(self.tr("文件(&F)"))
        self.edit_menu = bar.addMenu(self.tr("编辑(&E)"))
        self.view_menu = bar.addMenu(self.tr("视图(&V)"))
        self.help_menu = bar.addMenu(self.tr("帮助(&H)"))
        self.command_actions: dict[str, QAction] = {}
        for command, menu, keys in ((COMMAND_NEW, self.file_menu, QKeySequence.StandardKey.New),
                                    (COMMAND_IMPORT, self.file_menu, None),
                                    (COMMAND_PRINT, self.file_menu, QKeySequence.StandardKey.Print),
                                    (COMMAND_FIND, self.edit_menu, QKeySequence.StandardKey.Find)):
            action = menu.addAction("")
            if keys is not None:
                action.setShortcut(QKeySequence(keys))
            action.triggered.connect(lambda _checked=False, c=command: self.run_command(c))
            self.command_actions[command] = action
        self.file_menu.addSeparator()
        self.quit_action = self.file_menu.addAction(self.tr("退出"))
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.triggered.connect(self.close)
        self.edit_menu.addSeparator()
        settings = self.edit_menu.addAction(self.tr("设置…"))
        settings.triggered.connect(lambda: self.switch_to(AREA_SETTINGS))

        self.area_actions: list[QAction] = []
        for row, area in enumerate(self.areas):
            action = self.view_menu.addAction(self.nav.item(row).icon(), self.nav.item(row).text())
            action.setShortcut(QKeySequence(f"Ctrl+{row + 1}"))
            action.setCheckable(True)
            action.triggered.connect(lambda _checked=False, a=area: self._on_area_action(a))
            self.nav.item(row).setToolTip(self.tr("{area}（{keys}）").format(
                area=self.nav.item(row).text(),
                keys=action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)))
            self.area_actions.append(action)

        self.help_action = self.help_menu.addAction(self.tr("使用帮助"))
        self.help_action.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
        self.help_action.triggered.connect(self.show_help)
        self.help_menu.addSeparator()
        about = self.help_menu.addAction(self.tr("关于 cmdesk"))
        about.triggered.connect(self.show_about)
        self.stack.currentChanged.connect(self._update_area_actions)
        self._update_area_actions()

    def use_lock(self, lock: Any) -> None:
        """Show the app lock's 锁定 (Ctrl+L) in 文件; while locked, no menu entry works."""
        self.file_menu.insertAction(self.quit_action, lock.action)
        self.file_menu.insertSeparator(self.quit_action)
        lock.locked.connect(lambda: self.menuBar().setEnabled(False))
        lock.unlocked.connect(lambda: self.menuBar().setEnabled(True))

    def _on_area_action(self, area: str) -> None:
        self.switch_to(area)
        self._update_area_actions()  # checked stays on the area shown if the manager stayed

    def _update_area_actions(self) -> None:
        """The area-dependent entries say what they do here; greyed where there is nothing."""
        area = self.areas[self.stack.currentIndex()]
        generic = {COMMAND_NEW: self.tr("新建"), COMMAND_FIND: self.tr("查找"),
                   COMMAND_PRINT: self.tr("打印…"), COMMAND_IMPORT: self.tr("从 Excel 导入…")}
        here = self._commands.get(area, {})
        for command, action in self.command_actions.items():
            action.setText(here[command].text if command in here else generic[command])
            action.setEnabled(command in here and self.desk is not None)
        for row, action in enumerate(self.area_actions):
            action.setChecked(row == self.stack.currentIndex())

    def run_command(self, command: str) -> Any:
        """Do 新建 / 查找 / 打印 / 导入 in the area on screen; None where it has none."""
        area = self.current_area()
        found = self._commands.get(area, {}).get(command)
        if found is None or self.desk is None:
            return None
        result = found.run(self.view(area))
        if command == COMMAND_FIND and isinstance(result, QLineEdit):
            result.setFocus(Qt.FocusReason.ShortcutFocusReason)
            result.selectAll()
        return result

    def menu_shortcuts(self) -> list[tuple[str, str]]:
        """(keys, what they do) of every menu entry with a key, in menu order; an entry
        that acts in the area on screen lists what it does in each area."""
        rows = []
        for menu in (self.file_menu, self.edit_menu, self.view_menu, self.help_menu):
            for action in _actions_of(menu):
                if action.shortcut().isEmpty():
                    continue
                keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                command = next((c for c, a in self.command_actions.items() if a is action), None)
                if command is None:
                    rows.append((keys, action.text().replace("&", "")))
                    continue
                where = [self.tr("{area}：{what}").format(
                    area=self.nav.item(self.areas.index(area)).text(), what=commands[command].text)
                    for area, commands in self._commands.items() if command in commands]
                rows.append((keys, self.tr("；").join(where)))
        return rows

    def show_help(self) -> None:
        from ui.help_page import HelpDialog

        HelpDialog(self.menu_shortcuts(), self).exec()

    def about_text(self) -> str:
        from ui.help_page import app_version

        return self.tr("<h3>cmdesk 客户经理工作台</h3><p>版本 {version}</p>"
                       "<p>数据文件夹：<br>{folder}</p><p>客户资料只保存在本机这个文件夹中"
                       "（数据库已加密），备份也在其中；与总行交换数据用加密的数据包。</p>").format(
            version=app_version(), folder=html.escape(str(self.paths.root)))

    def show_about(self) -> None:
        QMessageBox.about(self, self.tr("关于 cmdesk"), self.about_text())


def _actions_of(menu: QMenu) -> list[QAction]:
    return [action for action in menu.actions() if not action.isSeparator()]


def _book_size(session: Any) -> int:
    """The client book's size, on the desk's database thread (where the core's services load)."""
    from cmdesk.services.clients import count_clients

    return count_clients(session)
