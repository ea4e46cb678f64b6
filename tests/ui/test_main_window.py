"""The main window: title, navigation through every area, status bar, UI state file."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from ui.main_window import MainWindow


def test_window_title_and_status_bar_name_the_manager(some_clients, window):
    assert window.windowTitle() == "cmdesk 客户经理工作台 — 张明"
    assert "张明" in window.profile_label.text() and "思明支行" in window.profile_label.text()
    assert window.count_label.text() == "客户档案 3 个"


def test_every_navigation_item_switches_the_page(window, qtbot):
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert titles == ["今日", "客户档案", "工作日志", "督办事项", "计划", "服务方案", "数据交换", "设置"]
    assert window.current_area() == "today" and window.stack.currentWidget() is window.today_view
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        qtbot.waitUntil(lambda row=row: window.stack.currentIndex() == row)
        assert window.stack.currentWidget().isVisible()
    for area, view in (("plans", window.plans_view), ("proposals", window.proposals_view),
                       ("exchange", window.exchange_view)):
        window.switch_to(area)
        assert window.stack.currentWidget() is view
    tabs = window.plans_view.tabs
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["周计划", "月计划", "工作任务书", "例会纪要",
                                                              "考核表"]
    tabs = window.proposals_view.tabs
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["方案", "产品目录", "大型客户立项"]
    window.switch_to("diary")
    assert window.stack.currentWidget() is window.diary_view


def test_window_state_is_kept_in_the_data_folder(qtbot, qdesk, ui_paths):
    first = MainWindow(qdesk.paths, qdesk)
    qtbot.addWidget(first)
    first.show()
    first.clients_view.splitter.setSizes([300, 700])
    sizes = first.clients_view.splitter.sizes()
    first.close()
    ini = ui_paths.root / "ui.ini"
    assert ini.is_file()
    stored = QSettings(str(ini), QSettings.Format.IniFormat)
    assert stored.value("main/geometry") is not None and stored.value("clients/splitter") is not None
    second = MainWindow(qdesk.paths, qdesk)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    restored = second.clients_view.splitter.sizes()
    assert all(abs(a - b) <= 2 for a, b in zip(restored, sizes, strict=True))


def test_shell_shows_before_the_desk_and_builds_each_view_on_first_show(
        qtbot, qdesk, some_clients, wait_ops):
    from tests.ui.conftest import close_client_file

    # GIVEN the shell alone (what start-up shows before the database layer is loaded)
    shell = MainWindow(qdesk.paths)
    qtbot.addWidget(shell, before_close_func=close_client_file)
    shell.show()
    assert shell.clients_view is None
    assert [shell.nav.item(i).text() for i in range(shell.nav.count())][0] == "今日"
    # WHEN the desk is attached
    shell.attach(qdesk)
    # THEN only the area on screen (今日) is built; the status bar counts the book
    assert [area for area in shell.areas if shell.built_view(area)] == ["today"]
    qtbot.waitUntil(lambda: shell.count_label.text() == "客户档案 3 个")
    assert shell.windowTitle().endswith("张明")
    # WHEN the manager opens 客户档案: its view is built then, and the list fills
    shell.switch_to("clients")
    assert shell.built_view("clients") is shell.stack.currentWidget()
    qtbot.waitUntil(lambda: shell.clients_view.model.rowCount() == 3, timeout=10_000)
    assert not shell.clients_view.is_loading
    assert shell.built_view("diary") is None and shell.built_view("settings") is None
    wait_ops()


# --- keys and menus ------------------------------------------------------------------------

def _live(widget, window) -> bool:
    """A widget whose shortcuts Qt would consider: in this window, shown and enabled."""
    from PySide6.QtWidgets import QMenu, QMenuBar

    if isinstance(widget, QMenu):
        return any(_live(owner, window) for owner in widget.menuAction().associatedObjects()
                   if owner is not widget)
    if isinstance(widget, QMenuBar):
        return widget.window() is window and widget.isVisible() and widget.isEnabled()
    return (widget.window() is window and widget.isVisible() and widget.isEnabled())


def live_bindings(window) -> list[tuple[str, str, object, object]]:
    """(keys, scope, scope widget, owner) of every shortcut that works in the window now;
    scope is "window", "subtree" (focus inside the widget) or "widget" (focus on it)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAction, QKeySequence, QShortcut
    from PySide6.QtWidgets import QWidget

    scopes = {Qt.ShortcutContext.WindowShortcut: "window",
              Qt.ShortcutContext.ApplicationShortcut: "window",
              Qt.ShortcutContext.WidgetWithChildrenShortcut: "subtree",
              Qt.ShortcutContext.WidgetShortcut: "widget"}
    actions = set(window.findChildren(QAction)) | set(window.actions())
    for widget in window.findChildren(QWidget):
        actions |= set(widget.actions())
    bindings = []
    for action in actions:
        if not action.isEnabled():
            continue
        owners = [w for w in action.associatedObjects() if isinstance(w, QWidget) and _live(w, window)]
        for keys in action.shortcuts():
            for owner in owners[:1] if scopes[action.shortcutContext()] == "window" else owners:
                bindings.append((keys.toString(QKeySequence.SequenceFormat.PortableText),
                                 scopes[action.shortcutContext()], owner, action))
    for shortcut in window.findChildren(QShortcut):
        widget = shortcut.parent()
        if not shortcut.isEnabled() or not isinstance(widget, QWidget) or not _live(widget, window):
            continue
        for keys in shortcut.keys():
            bindings.append((keys.toString(QKeySequence.SequenceFormat.PortableText),
                             scopes[shortcut.context()], widget, shortcut))
    return bindings


def _inside(inner, outer) -> bool:
    return inner is outer or outer.isAncestorOf(inner)


def ambiguous_keys(window) -> set[str]:
    """Keys that two different shortcuts would both answer at some focus in the window."""
    found = set()
    bindings = live_bindings(window)
    for i, (keys, scope, widget, owner) in enumerate(bindings):
        for other_keys, other_scope, other_widget, other_owner in bindings[i + 1:]:
            if keys != other_keys or owner is other_owner:
                continue
            overlap = ("window" in (scope, other_scope)
                       or (scope == other_scope == "widget" and widget is other_widget)
                       or (scope == "subtree" and _inside(other_widget, widget))
                       or (other_scope == "subtree" and _inside(widget, other_widget)))
            if overlap:
                found.add(keys)
    return found


def every_state(window, qtbot):
    """Show every area once, and in each every tab of its tab widgets; yields the area."""
    from PySide6.QtWidgets import QTabWidget

    for area in window.areas:
        assert window.switch_to(area)
        qtbot.waitUntil(lambda area=area: window.current_area() == area)
        yield area
        for tabs in window.stack.currentWidget().findChildren(QTabWidget):
            if not tabs.isVisible():
                continue
            for index in range(tabs.count()):
                tabs.setCurrentIndex(index)
                yield area


@pytest.fixture
def locked_window(window):
    """The main window as the desk runs it: with the app lock and its 锁定 (Ctrl+L)."""
    from ui.lock import AppLock

    lock = AppLock(window, window.desk)
    window.use_lock(lock)
    window.app_lock = lock
    return window


def test_no_key_is_bound_twice_anywhere_in_the_window(some_clients, qtbot, locked_window, wait_ops):
    window = locked_window
    # GIVEN a client file open (its tabs have keys of their own)
    window.open_client(some_clients["厦门海辰贸易有限公司"])
    wait_ops()
    seen_keys: set[str] = set()
    # WHEN every area and every tab is shown THEN no key is answered by two shortcuts
    for area in every_state(window, qtbot):
        assert ambiguous_keys(window) == set(), area
        seen_keys |= {keys for keys, *_rest in live_bindings(window)}
    assert {"Ctrl+L", "Ctrl+N", "Ctrl+F", "Ctrl+P", "Ctrl+Q", "F1", "Ctrl+S"} <= seen_keys
    assert {f"Ctrl+{n}" for n in range(1, 9)} <= seen_keys
    wait_ops()


def test_the_check_finds_a_key_bound_twice(qtbot, locked_window):
    from PySide6.QtGui import QKeySequence, QShortcut

    window = locked_window
    window.switch_to("diary")
    assert ambiguous_keys(window) == set()
    QShortcut(QKeySequence("Ctrl+L"), window.diary_view)  # what 新建日志 used to be
    assert ambiguous_keys(window) == {"Ctrl+L"}
    window.switch_to("today")
    assert ambiguous_keys(window) == set()  # the diary's own keys sleep while it is hidden


def test_ctrl_digit_shows_the_areas_in_navigation_order(qtbot, window):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    for row, area in enumerate(window.areas):
        qtbot.keyClick(window.nav, getattr(Qt.Key, f"Key_{row + 1}"), Qt.KeyboardModifier.ControlModifier)
        assert window.current_area() == area
        assert [action.isChecked() for action in window.area_actions] == [
            index == row for index in range(len(window.areas))]
    menu = window.view_menu.actions()
    assert [action.text() for action in menu] == [window.nav.item(i).text() for i in range(8)]
    assert menu[2].shortcut().toString() == "Ctrl+3"


def test_new_find_and_print_act_in_the_area_on_screen(some_clients, qtbot, window, wait_ops,
                                                      monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QMessageBox

    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    actions = window.command_actions
    # 今日: a new diary entry; nothing to find, print or import there (greyed)
    assert actions["new"].text() == "新建日志"
    assert [actions[c].isEnabled() for c in ("new", "find", "print", "import")] == [
        True, False, False, False]
    # 工作日志: Ctrl+N opens a new entry, Ctrl+F goes to the search field, Ctrl+P prints
    window.switch_to("diary")
    assert actions["new"].text() == "新建日志" and actions["import"].text() == "从 Excel 导入日志…"
    qtbot.keyClick(window.diary_view.new_button, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    forms = window.diary_view.forms.forms()
    assert len(forms) == 1 and forms[0].entry_id is None
    forms[0].close()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window.diary_view.new_button, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.diary_view.search_box.hasFocus()
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args: told.append(args[2]))
    qtbot.keyClick(window.diary_view.search_box, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert told == ["请先选中一条走访日志。"]
    # 客户档案: Ctrl+N a new client, Ctrl+F the client search
    window.switch_to("clients")
    wait_ops()
    assert actions["new"].text() == "新建客户" and not actions["print"].isEnabled()
    window.clients_view.search.setText("海辰")
    qtbot.keyClick(window.clients_view.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.clients_view.search.hasFocus()
    assert window.clients_view.search.selectedText() == "海辰"
    wait_ops()


def test_locking_puts_the_menus_to_sleep(qtbot, locked_window):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    window = locked_window
    assert window.app_lock.action in window.file_menu.actions()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.app_lock.is_locked and not window.menuBar().isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_area() == "today"  # nothing behind the lock moves
    window.app_lock.unlock("")
    assert window.menuBar().isEnabled()


def test_help_page_lists_every_key_of_the_menus(qtbot, locked_window, monkeypatch):
    from PySide6.QtWidgets import QDialog

    from ui.help_page import HelpDialog

    window = locked_window
    rows = dict(window.menu_shortcuts())
    assert rows["Ctrl+L"] == "锁定" and rows["Ctrl+4"] == "督办事项" and rows["F1"] == "使用帮助"
    assert rows["Ctrl+N"].startswith("今日：新建日志；客户档案：新建客户；工作日志：新建日志")
    assert "计划：打印周工作计划…" in rows["Ctrl+P"]
    shown = []
    monkeypatch.setattr(QDialog, "exec", lambda dialog: shown.append(dialog) or 0)
    window.help_action.trigger()
    assert len(shown) == 1 and isinstance(shown[0], HelpDialog)
    text = shown[0].browser.toPlainText()
    assert "一天的工作" in text
    for keys, what in rows.items():
        assert keys in text and what in text


def test_about_names_the_version_and_the_data_folder(window):
    from ui.help_page import app_version

    text = window.about_text()
    assert app_version() in text and str(window.paths.root) in text
