"""The main window: title, navigation through every area, status bar, UI state file."""
from __future__ import annotations

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
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["周计划", "月计划", "工作任务书"]
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
