"""The one date input: typed the short way or picked from the calendar, understood the
same as the core's parser, nonsense marked with its reason."""
from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import QDate, Qt

from ui.widgets.date_field import DateField

TODAY = datetime(2026, 11, 25, 10, 0)


@pytest.fixture
def field(qtbot, time_machine):
    time_machine.move_to(TODAY.astimezone())
    widget = DateField(label="期限")
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.mark.parametrize("typed", ["20261202", "2026-12-02", "12-2", "12/2", "12月2日", "2026年12月2日"])
def test_typed_dates_show_as_understood_once_committed(qtbot, field, typed):
    if typed.isascii():
        qtbot.keyClicks(field.line, typed)
    else:
        field.line.insert(typed)  # as an input method would (QTest types no Chinese)
    assert field.value() == "2026-12-02"  # already while typing, for a save with Ctrl+S
    with qtbot.waitSignal(field.date_committed) as committed:
        qtbot.keyClick(field.line, Qt.Key.Key_Return)
    assert committed.args == [date(2026, 12, 2)]
    assert field.text() == "2026-12-02" and field.date() == date(2026, 12, 2)


def test_nonsense_is_kept_marked_and_named(qtbot, field):
    field.line.insert("13月40日")
    with qtbot.waitSignal(field.problem) as problem:
        qtbot.keyClick(field.line, Qt.Key.Key_Return)
    assert problem.args[0].startswith("期限：") and "月份应在 1 到 12 之间" in problem.args[0]
    assert field.text() == "13月40日" and field.value() == "13月40日" and field.date() is None
    assert field.line.property("error") is True and field.line.toolTip() == problem.args[0]
    field.line.clear()
    qtbot.keyClicks(field.line, "12-2")
    qtbot.keyClick(field.line, Qt.Key.Key_Return)
    assert not field.line.property("error") and field.reason() == ""


def test_up_and_down_step_a_day(qtbot, field):
    field.set_date(date(2026, 12, 31))
    qtbot.keyClick(field.line, Qt.Key.Key_Up)
    assert field.date() == date(2027, 1, 1)
    qtbot.keyClick(field.line, Qt.Key.Key_Down)
    qtbot.keyClick(field.line, Qt.Key.Key_Down)
    assert field.date() == date(2026, 12, 30)


def test_f4_opens_the_calendar_and_enter_picks(qtbot, field):
    field.set_date(date(2026, 12, 2))
    qtbot.keyClick(field.line, Qt.Key.Key_F4)
    calendar = field.popup.calendar
    qtbot.waitUntil(field.popup.isVisible)
    assert calendar.selectedDate() == QDate(2026, 12, 2)
    calendar.setSelectedDate(QDate(2026, 12, 9))
    with qtbot.waitSignal(field.date_committed) as committed:
        calendar.activated.emit(calendar.selectedDate())  # what Enter in the calendar sends
    assert committed.args == [date(2026, 12, 9)] and not field.popup.isVisible()
    assert field.text() == "2026-12-09"


def test_showing_a_stored_date_is_no_new_date(qtbot, field):
    with qtbot.assertNotEmitted(field.date_committed):
        field.set_date(date(2026, 1, 5))
        field.commit()
    assert field.text() == "2026-01-05"
    field.set_date(None)
    assert field.text() == "" and field.date() is None and field.value() == ""


def test_calendar_button_is_no_tab_stop(field):
    assert field.button.focusPolicy() == Qt.FocusPolicy.NoFocus
    assert field.focusProxy() is field.line


def test_the_month_pack_names_a_date_that_is_none(qtbot, qdesk):
    from ui.reports.pack import MonthPackDialog

    dialog = MonthPackDialog(qdesk, today=date(2026, 11, 25))
    qtbot.addWidget(dialog)
    assert dialog.period() == (date(2026, 10, 1), date(2026, 10, 31))
    dialog.start_edit.line.setText("13月40日")
    dialog.build()
    assert not dialog.is_building
    assert dialog.message.text().startswith("开始日期：")
    assert "月份应在 1 到 12 之间" in dialog.message.text()


def test_a_saves_problem_at_a_date_field_stays_when_tabbed_through(qtbot):
    from cmdesk.domain.client_fields import FieldSpec
    from ui.widgets.field_editor import FieldEditor

    editor = FieldEditor(FieldSpec("due_date", "期限", "date"))
    qtbot.addWidget(editor)
    editor.set_value("1900-01-01")
    editor.set_error("日期应在 1990-01-01 至 2100-12-31 之间")
    editor.input.commit()  # leaving the field without a change
    assert editor.error() == "日期应在 1990-01-01 至 2100-12-31 之间"
    editor.input.line.setText("13-1")
    editor.input.commit()
    assert editor.error().startswith("期限：“13-1”不是有效日期")
    editor.input.line.setText("12-1")
    editor.input.commit()
    assert editor.error() == ""
