"""设置: the profile form and the client tiers."""
from __future__ import annotations

from PySide6.QtCore import Qt

from cmdesk.services.settings import get_profile, get_tiers
from tests.ui.waiting import wait_for_ops


def test_profile_save_updates_database_title_and_status_bar(qtbot, window, ui_db, wait_ops):
    window.switch_to("settings")
    wait_ops()
    view = window.settings_view
    form = view.profile_form
    name = form.editors["name"].input
    name.setText("李娜")
    grade = form.editors["grade"].input
    grade.setCurrentIndex(grade.findData("高级客户经理"))
    qtbot.mouseClick(view.profile_save, Qt.MouseButton.LeftButton)
    wait_ops()  # saved, then the desk's copy of the profile read again
    with ui_db.session() as session:
        profile = get_profile(session)
    assert (profile.name, profile.grade, profile.employee_id) == ("李娜", "高级客户经理", "E1024")
    assert window.windowTitle() == "cmdesk 客户经理工作台 — 李娜"
    assert "李娜" in window.profile_label.text() and "高级客户经理" in window.profile_label.text()
    assert view.profile_status.text() == "资料已保存"


def test_profile_problems_are_shown_at_the_fields(qtbot, window, ui_db, wait_ops):
    window.switch_to("settings")
    wait_ops()
    view = window.settings_view
    view.profile_form.editors["employee_id"].input.clear()
    view.profile_form.editors["name"].input.clear()
    view.save_profile()
    wait_ops()
    assert view.profile_status.text() == "未保存：请改正标红的字段"
    assert view.profile_form.editors["employee_id"].error() == "必须填写"
    assert view.profile_form.editors["name"].error() == "必须填写"
    assert view.profile_form.editors["branch"].error() == ""
    with ui_db.session() as session:
        assert get_profile(session).name == "张明"
    assert window.windowTitle().endswith("张明")


def test_tiers_are_saved_and_offered_in_filters_and_editor(qtbot, window, ui_db, wait_ops):
    window.switch_to("settings")
    wait_ops()
    view = window.settings_view
    assert view.tier_names() == ["核心", "重点", "一般"]
    view.add_tier()
    view.tiers.currentItem().setText("战略")
    view.move_tier(-1)
    view.move_tier(-1)
    view.move_tier(-1)
    assert view.tier_names() == ["战略", "核心", "重点", "一般"]
    view.save_tiers()
    wait_ops()
    assert view.tiers_status.text() == "客户等级已保存"
    with ui_db.session() as session:
        assert get_tiers(session) == ("战略", "核心", "重点", "一般")
    window.switch_to("clients")
    clients = window.clients_view
    wait_ops()  # the filters are read through the operation layer
    assert clients.tier_filter.findData("战略") >= 0
    clients.new_client()
    wait_for_ops(qtbot, window.desk)  # the new file reads the tiers in the background
    assert clients.editor.basic.editors["tier"].input.findData("战略") >= 0


def test_duplicate_tiers_are_refused(qtbot, window, ui_db, wait_ops):
    window.switch_to("settings")
    wait_ops()
    view = window.settings_view
    view.add_tier()
    view.tiers.currentItem().setText("核心")
    view.save_tiers()
    wait_ops()
    assert view.tiers_error.isVisibleTo(view) and "不能重复" in view.tiers_error.text()
    with ui_db.session() as session:
        assert get_tiers(session) == ("核心", "重点", "一般")


def test_business_phone_and_email_are_checked_and_saved(qtbot, window, ui_db, wait_ops):
    window.switch_to("settings")
    wait_ops()
    view = window.settings_view
    form = view.profile_form
    form.editors["phone"].input.setText("0592 5551234")
    form.editors["email"].input.setText("zhangming.bank.com")
    view.save_profile()
    wait_ops()
    assert form.editors["email"].error() == "应为电子邮箱地址，例如 zhangming@bank.com"
    assert form.editors["phone"].error() == ""
    with ui_db.session() as session:
        assert get_profile(session).email == ""
    form.editors["email"].input.setText("zhangming@bank.com")
    view.save_profile()
    wait_ops()
    with ui_db.session() as session:
        profile = get_profile(session)
    assert (profile.phone, profile.email) == ("0592-5551234", "zhangming@bank.com")
    assert view.profile_status.text() == "资料已保存"
