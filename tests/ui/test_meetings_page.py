"""The 例会纪要 tab: new minutes typed and saved (a missing topic refused at its field,
nothing saved), an action item naming a client becomes that client's follow-up, the list
reads again, another meeting opened after the unsaved question, deletion confirmed, and
the printed minutes previewed — every dialog answered."""
from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QMessageBox, QTableWidgetItem

from cmdesk.services import clients as client_service
from cmdesk.services import diary as diary_svc
from cmdesk.services import meetings
from ui.plans.meetings_page import MeetingsPage
from ui.reports.preview import PdfPreviewDialog


def _page(qtbot, qdesk, wait_ops) -> MeetingsPage:
    page = MeetingsPage(qdesk)
    qtbot.addWidget(page, before_close_func=lambda w: w.editing.set_dirty(False))
    page.show()
    wait_ops()
    return page


def _set_cell(table, row: int, column: int, text: str) -> None:
    table.setItem(row, column, QTableWidgetItem(text))


def test_minutes_typed_saved_and_chased(qtbot, qdesk, ui_db, some_clients, type_text, wait_ops):
    client_id = some_clients["厦门海辰贸易有限公司"]
    page = _page(qtbot, qdesk, wait_ops)
    assert page.list.topLevelItemCount() == 0 and not page.print_button.isEnabled()
    assert page.empty_label.isVisible() and not page.list.isVisible()  # says what to do
    assert page.form.editors["attendees"].value() == qdesk.actor  # the manager attends

    # GIVEN minutes without a topic WHEN saved THEN refused at the field, nothing written
    page.form.editors["chair"].input.setText("王主任")
    page.form.editors["meeting_date"].set_value(date(2026, 12, 7))
    row = page.report_rows.add_row()
    _set_cell(page.report_rows, row, 0, qdesk.actor)
    _set_cell(page.report_rows, row, 1, "海辰贸易结算项目进入方案阶段")
    row = page.action_rows.add_row()
    _set_cell(page.action_rows, row, 0, "落实海辰贸易结算方案报价")
    _set_cell(page.action_rows, row, 1, qdesk.actor)
    combo = page.action_rows.cellWidget(row, 2)
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData(client_id))
    _set_cell(page.action_rows, row, 3, "2026-12-14")
    assert page.editing.dirty
    assert page.save()
    wait_ops()
    assert page.form.editors["title"].error() == "必须填写"
    with ui_db.session() as session:
        assert meetings.list_meetings(session) == []

    type_text(page.form.editors["title"].input, "十二月第一周例会")
    assert page.save()
    wait_ops()
    assert page.meeting_id and not page.editing.dirty and page.print_button.isEnabled()
    assert page.list.topLevelItemCount() == 1 and page.list.isVisible()
    assert not page.empty_label.isVisible()
    assert page.list.topLevelItem(0).text(1) == "十二月第一周例会"
    with ui_db.session() as session:
        view = meetings.meeting_view(session, page.meeting_id)
        assert [(s, t) for _id, s, t in view.reports] == [(qdesk.actor, "海辰贸易结算项目进入方案阶段")]
        chased = diary_svc.follow_up_rows(session, client_id=client_id)
    assert [(f.request, f.chaser, f.due_date) for f in chased] == [
        ("落实海辰贸易结算方案报价", qdesk.actor, date(2026, 12, 14))]
    assert page.action_rows.cellWidget(0, 2).currentData() == client_id  # read back


def test_switching_deleting_and_printing(qtbot, qdesk, ui_db, wait_ops, monkeypatch,
                                         answer_unsaved):
    with ui_db.transaction("张明") as session:
        first = meetings.save_meeting(session, meetings.MeetingDraft(fields={
            "meeting_date": "2026-11-30", "title": "十一月末例会", "chair": "王主任",
            "attendees": "王主任、张明"}))
        second = meetings.save_meeting(session, meetings.MeetingDraft(fields={
            "meeting_date": "2026-12-07", "title": "十二月例会", "chair": "王主任",
            "attendees": "王主任、张明"}))
    page = _page(qtbot, qdesk, wait_ops)
    assert [page.list.topLevelItem(i).text(1) for i in range(2)] == ["十二月例会", "十一月末例会"]
    page._on_item_activated(page.list.topLevelItem(1))
    wait_ops()
    assert page.meeting_id == first and page.form.editors["title"].value() == "十一月末例会"

    # unsaved edits: the question is asked; 取消 stays on the meeting
    page.form.editors["decisions"].input.setPlainText("年末冲刺")
    asked = answer_unsaved(QMessageBox.StandardButton.Cancel)
    page._on_item_activated(page.list.topLevelItem(0))
    wait_ops()
    assert asked and page.meeting_id == first
    answer_unsaved(QMessageBox.StandardButton.Discard)
    page._on_item_activated(page.list.topLevelItem(0))
    wait_ops()
    assert page.meeting_id == second and not page.editing.dirty

    shown = []
    monkeypatch.setattr(PdfPreviewDialog, "exec", lambda dialog: shown.append(
        (dialog.suggested_name, dialog.masked_path.read_bytes()[:5])) or 0)
    page.preview()
    wait_ops()
    assert shown == [("例会纪要 2026-12-07.pdf", b"%PDF-")]

    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_args: QMessageBox.StandardButton.Yes)
    page.delete_meeting()
    wait_ops()
    assert page.meeting_id is None and page.list.topLevelItemCount() == 1
    with ui_db.session() as session:
        assert [row.id for row in meetings.list_meetings(session)] == [first]



def test_a_client_beyond_the_offered_list_stays_chosen(qtbot, qdesk, ui_db, some_clients,
                                                       wait_ops, monkeypatch):
    monkeypatch.setattr("ui.plans.meetings_page.CLIENT_LIMIT", 1)
    with ui_db.transaction("张明") as session:
        offered = {row_id for row_id, _name in client_service.client_choices(session, limit=1)}
        other = next(client_id for client_id in some_clients.values() if client_id not in offered)
        meeting_id = meetings.save_meeting(session, meetings.MeetingDraft(
            fields={"meeting_date": "2026-12-07", "title": "十二月例会", "chair": "王主任",
                    "attendees": "王主任、张明"},
            actions=[{"text": "回访", "owner": "张明", "client_id": other}]))
    page = _page(qtbot, qdesk, wait_ops)
    page.open_meeting(meeting_id)
    wait_ops()
    page.refresh()  # the list read again offers one client only
    wait_ops()
    assert page.action_rows.cellWidget(0, 2).currentData() == other
    assert not page.editing.dirty
