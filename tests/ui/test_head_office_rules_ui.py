"""Head office's rules on the desk's screens: 设置 shows the grade read-only with a note and
the rules in force with their source; saving a client whose tier asks for a higher grade
goes through and tells the manager, the file's header keeps saying it, and 今日 lists the
exception."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from cmdesk.services.clients import get_client
from cmdesk.services.head_office_rules import rules_document, store_rules
from tests.ui.test_today_view import lines

NOTICE = "对等配置例外：客户“福建鹭岛建材股份有限公司”为重点客户，应由高级客户经理以上服务，您的职级为客户经理。"


@pytest.fixture
def head_office_rules(ui_db) -> None:
    """GIVEN head office sent: grade 客户经理, 重点 clients served by 高级客户经理, and its
    assessment rules (60 quantitative points)."""
    with ui_db.transaction("总行") as session:
        store_rules(session, rules_document("E1024", "客户经理", {"重点": "高级客户经理"},
                                            {"quantitative_points": "60"}), 3, date(2026, 12, 1))


def test_settings_show_head_offices_grade_and_rules_read_only(head_office_rules, window, wait_ops):
    window.switch_to("settings")
    wait_ops()
    view = window.settings_view
    grade = view.profile_form.editors["grade"]
    assert not grade.input.isEnabled() and grade.input.currentData() == "客户经理"
    assert view.grade_note.isVisible()
    assert view.grade_note.text() == "职级由总行登记为 客户经理，本机不能修改；如有变动请联系主管。"
    text = view.rules_text.text()
    assert "我的职级：客户经理（总行下发，第 3 号总行规则数据包，2026-12-01）" in text
    assert "对等配置：重点客户由高级客户经理以上服务（总行下发，" in text
    assert "定量部分满分 60" in text
    assert view.rules_hint.text() == "以下规则由总行下发，只读，本机不能修改。"


def test_settings_say_the_rules_are_the_defaults_before_head_office_sends_any(window, wait_ops):
    window.switch_to("settings")
    wait_ops()
    view = window.settings_view
    assert not view.grade_note.isVisible()
    assert "对等配置：核心客户由高级客户经理以上服务（默认规则，总行尚未下发）" in view.rules_text.text()


def test_saving_a_client_above_the_grade_tells_and_marks_it(head_office_rules, type_text, qtbot,
                                                           window, ui_db, wait_ops):
    window.switch_to("clients")
    wait_ops()
    view = window.clients_view
    # WHEN the manager creates a 重点 client and saves
    qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    wait_ops()
    editor = view.editor
    type_text(editor.basic.editors["name"].input, "福建鹭岛建材股份有限公司")
    tier = editor.basic.editors["tier"].input
    tier.setCurrentIndex(tier.findData("重点"))
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    wait_ops()
    # THEN it is saved, the manager is told plainly, and the header keeps saying it
    with ui_db.session() as session:
        assert get_client(session, editor.client_id).tier == "重点"
    assert window.statusBar().currentMessage().startswith(NOTICE)
    assert editor.grade_banner.isVisible()
    assert editor.grade_banner.text() == (
        "对等配置例外：重点客户应由高级客户经理以上服务，您的职级为客户经理，请向主管报告")
    # WHEN it is saved again unchanged THEN the plain "saved" comes back (the tier is not new)
    type_text(editor.basic.editors["address"].input, "厦门市湖里区")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    wait_ops()
    assert "已保存" in window.statusBar().currentMessage()
    # WHEN the manager opens 今日 THEN the exception is listed there
    window.switch_to("today")
    wait_ops()
    today = window.today_view
    assert today.grade_exceptions.isVisible()
    assert lines(today.grade_exceptions) == [["福建鹭岛建材股份有限公司", "重点", "高级客户经理以上"]]
