"""设置 › 联系频率: the contact interval of each tier is saved; a bad value is shown at its
field and nothing is saved."""
from __future__ import annotations

from PySide6.QtCore import Qt

from cmdesk.domain.diary_fields import DEFAULT_CADENCE_DAYS
from cmdesk.services.cadence import get_cadence


def test_cadence_is_listed_per_tier_and_saved(qtbot, window, ui_db, wait_ops):
    window.switch_to("settings")
    wait_ops()
    box = window.settings_view.cadence
    assert list(box.editors) == ["核心", "重点", "一般"]
    assert {tier: int(e.value()) for tier, e in box.editors.items()} == DEFAULT_CADENCE_DAYS
    box.editors["核心"].input.setText("10")
    qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
    wait_ops()
    with ui_db.session() as session:
        assert get_cadence(session) == {"核心": 10, "重点": 30, "一般": 90}
    assert box.status.text() == "联系频率已保存"


def test_out_of_range_days_are_shown_at_the_field_and_not_saved(qtbot, window, ui_db, wait_ops):
    window.switch_to("settings")
    wait_ops()
    box = window.settings_view.cadence
    box.editors["核心"].input.setText("0")
    box.editors["一般"].input.setText("400")
    box.editors["重点"].input.setText("20")
    box.save()
    wait_ops()
    assert box.status.text() == "未保存：请改正标红的天数"
    assert "1 到 365 天" in box.editors["核心"].error()
    assert "1 到 365 天" in box.editors["一般"].error()
    assert box.editors["重点"].error() == ""
    assert box.editors["核心"].error_label.isVisible()
    with ui_db.session() as session:
        assert get_cadence(session) == DEFAULT_CADENCE_DAYS
    # typing clears the mark; a good value saves
    box.editors["核心"].input.setText("7")
    assert box.editors["核心"].error() == ""
    box.editors["一般"].input.setText("120")
    box.save()
    wait_ops()
    assert box.status.text() == "联系频率已保存"
    with ui_db.session() as session:
        assert get_cadence(session) == {"核心": 7, "重点": 20, "一般": 120}


def test_a_new_tier_gets_a_row(qtbot, window, wait_ops):
    window.switch_to("settings")
    wait_ops()
    view = window.settings_view
    view.add_tier()
    view.tiers.currentItem().setText("战略")
    view.save_tiers()
    wait_ops()  # saved, then the rows read again
    assert list(view.cadence.editors) == ["核心", "重点", "一般", "战略"]
