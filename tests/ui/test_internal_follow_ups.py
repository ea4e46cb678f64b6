"""A meeting's action item that names no client is chased like any other: the 督办事项 list
and 今日 show it with 内部事项 where a client's name would stand, and opening it from 今日
selects it in the list (its travel to head office: tests/hq/test_hq_meetings.py)."""
from __future__ import annotations

from datetime import timedelta

import pytest

from cmdesk import clock
from cmdesk.services import meetings
from tests.ui.conftest import PROFILE
from tests.ui.test_today_view import activate, lines
from ui.followups.model import COL_CLIENT, COL_REQUEST


@pytest.fixture
def internal_item(ui_db) -> None:
    """GIVEN minutes whose action item names no client, two days late."""
    due = clock.today() - timedelta(days=2)
    with ui_db.transaction(PROFILE.name) as session:
        meetings.save_meeting(session, meetings.MeetingDraft(
            fields={"meeting_date": (due - timedelta(days=7)).isoformat(), "title": "周例会",
                    "chair": "王主任", "attendees": "王主任、张明"},
            actions=[{"text": "整理全行年末营销清单", "owner": "张明",
                      "due_date": due.isoformat()}]))


def test_an_internal_action_item_is_listed_in_follow_ups_and_on_today(qtbot, internal_item,
                                                                     window, wait_ops):
    # WHEN the desk shows 今日
    wait_ops()
    today = window.today_view
    # THEN the item is there, as an internal one, overdue
    [line] = lines(today.follow_ups)
    assert line[:2] == ["内部事项", "整理全行年末营销清单"] and "逾期 2 天" in line[3]
    # WHEN it is opened THEN the follow-up list selects it, showing 内部事项 as its client
    activate(qtbot, today.follow_ups, 0)
    qtbot.waitUntil(lambda: window.current_area() == "followups")
    wait_ops()
    view = window.follow_ups_view
    model = view.model
    assert [(model.index(row, COL_CLIENT).data(), model.index(row, COL_REQUEST).data())
            for row in range(model.rowCount())] == [("内部事项", "整理全行年末营销清单")]
