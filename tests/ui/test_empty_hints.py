"""Empty lists say what to do next, and step aside once a row is there."""
from __future__ import annotations

from PySide6.QtCore import QStringListModel
from PySide6.QtWidgets import QLabel, QListView

from ui.widgets.empty_hint import EmptyHint


def test_the_hint_shows_while_the_list_is_empty_and_covers_it(qtbot):
    model = QStringListModel()
    view = QListView()
    view.setModel(model)
    qtbot.addWidget(view)
    hint = EmptyHint(view, "还没有客户。按 Ctrl+N 新建")
    view.resize(400, 300)
    view.show()
    qtbot.waitExposed(view)
    assert hint.isVisible() and hint.geometry() == view.viewport().rect()
    model.setStringList(["厦门海辰贸易有限公司"])
    assert not hint.isVisible()
    model.removeRows(0, 1)
    assert hint.isVisible()


def visible_hints(widget) -> list[str]:
    return [label.text() for label in widget.findChildren(QLabel)
            if label.objectName() == "emptyHint" and label.isVisible()]


def test_every_empty_area_says_what_to_do(qtbot, window, wait_ops):
    # GIVEN a new desk: no client, no entry, no proposal
    expected = {
        "clients": "按 Ctrl+N 新建",
        "followups": "添加督办",
        "proposals": "新建方案",
        "exchange": "还没有交换记录",
    }
    for area, words in expected.items():
        window.switch_to(area)
        wait_ops()
        view = window.stack.currentWidget()
        qtbot.waitUntil(lambda view=view, words=words: any(
            words in text for text in visible_hints(view)))
    window.switch_to("diary")
    window.diary_view.set_mode(0)  # the day view (the week view has a column per day)
    wait_ops()
    assert any("Ctrl+N" in text and "从 Excel 导入" in text for text in visible_hints(window.diary_view))
    window.switch_to("proposals")
    window.proposals_view.tabs.setCurrentWidget(window.proposals_view.projects)
    wait_ops()
    assert any("新建立项" in text for text in visible_hints(window.proposals_view))
    wait_ops()


def test_the_risk_register_says_where_signals_come_from(qtbot, qdesk, wait_ops):
    from ui.risk.register import RiskRegister

    register = RiskRegister(qdesk, lambda _client_id: None)
    qtbot.addWidget(register)
    register.show()
    wait_ops()
    assert any("导入贷款台账" in text for text in visible_hints(register))
