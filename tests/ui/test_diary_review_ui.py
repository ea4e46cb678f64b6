"""The supervisor's review on the desk: a reviewed month shows 已审阅 with the opinion in
the diary view (and not on another month), the remarked entry is marked in the week and
day lists and its form shows the remark; the 客户经理日志… button previews the shown
month's PDF."""
from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtWidgets import QDialog

from cmdesk.models import DiaryRemark, DiaryReview
from cmdesk.services import clients as client_service
from cmdesk.services import diary
from tests.ui.conftest import PROFILE
from ui.diary.view import MODE_DAY, DiaryView
from ui.models.diary_table import COL_KIND
from ui.reports.preview import PdfPreviewDialog

WEDNESDAY = date(2026, 11, 18)


def _log(ui_db, client_id: str, content: str) -> str:
    with ui_db.transaction(PROFILE.name) as session:
        return diary.save_entry(session, diary.EntryDraft(fields={
            "entry_date": WEDNESDAY.isoformat(), "start_time": "09:30", "kind": "visit",
            "client_id": client_id, "content": content}))


@pytest.fixture
def reviewed(ui_db) -> tuple[str, str]:
    """Two November visits; the month reviewed with a remark on the first."""
    with ui_db.transaction(PROFILE.name) as session:
        client_id = client_service.save_client_file(session, client_service.ClientDraft(
            fields={"kind": "company", "name": "厦门鹭易科技有限公司", "tier": "核心"}))
    remarked, plain = _log(ui_db, client_id, "走访财务总监"), _log(ui_db, client_id, "回访")
    with ui_db.transaction("总行") as session:
        review = DiaryReview(manager_id=PROFILE.employee_id, month="2026-11", reviewer="张主管",
                             opinion="走访频次达标", reviewed_at=datetime(2026, 12, 2, 12))
        session.add(review)
        session.flush()
        session.add(DiaryRemark(entry_id=remarked, review_id=review.id, remark="需求记录要具体"))
    return remarked, plain


@pytest.fixture
def view(qtbot, qdesk, wait_ops):
    diary_view = DiaryView(qdesk)
    qtbot.addWidget(diary_view, before_close_func=lambda v: v.close_forms())
    diary_view.resize(1300, 700)
    diary_view.show()
    qtbot.waitExposed(diary_view)
    wait_ops()
    return diary_view


def test_a_reviewed_month_shows_the_opinion_and_the_remarked_entry(qtbot, view, reviewed, wait_ops):
    remarked, plain = reviewed
    view.go_to(WEDNESDAY)
    wait_ops()
    assert view.review_label.isVisible()
    assert view.review_label.text().startswith("2026-11 已审阅（张主管，2026-12-0")
    assert "批注 1 条）：走访频次达标" in view.review_label.text()
    cards = {view.week.columns[2].item(i).data(256): view.week.columns[2].item(i)
             for i in range(view.week.columns[2].count())}
    assert "（主管批注）" in cards[remarked].text() and "需求记录要具体" in cards[remarked].toolTip()
    assert "主管批注" not in cards[plain].text()
    view.set_mode(MODE_DAY)
    wait_ops()
    kinds = {view.model.row_at(i).id: view.model.index(i, COL_KIND).data()
             for i in range(view.model.rowCount())}
    assert "主管批注" in kinds[remarked] and "主管批注" not in kinds[plain]
    # another month is not reviewed
    view.go_to(date(2026, 12, 2))
    wait_ops()
    assert not view.review_label.isVisible()


def test_the_entry_form_shows_the_supervisors_remark(qtbot, view, reviewed, wait_ops):
    remarked, plain = reviewed
    form = view.open_entry(remarked)
    wait_ops()
    assert form.remark_label.isVisible()
    assert form.remark_label.text() == "主管批注（张主管，2026-11 审阅）：需求记录要具体"
    form.close()
    other = view.open_entry(plain)
    wait_ops()
    assert not other.remark_label.isVisible()
    other.close()


def test_the_month_diary_button_previews_the_shown_month(qtbot, view, reviewed, wait_ops,
                                                         monkeypatch):
    shown: list[tuple[str, str]] = []

    def fake_exec(dialog: PdfPreviewDialog) -> int:
        shown.append((dialog.windowTitle(), dialog.suggested_name))
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(PdfPreviewDialog, "exec", fake_exec)
    view.go_to(WEDNESDAY)
    wait_ops()
    view.month_diary_button.click()
    assert shown == [("客户经理日志预览", "客户经理日志_2026-11.pdf")]
