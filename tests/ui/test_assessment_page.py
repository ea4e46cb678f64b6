"""The 考核表 page driven with qtbot: the task book's quantitative lines, scores typed and
saved, a 扣分 without a reason refused in words, and the PDF preview."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from cmdesk.domain import assessment as am
from cmdesk.services import assessment, task_book
from tests.ui.conftest import PROFILE
from ui.plans.assessment_page import (
    ADJUSTMENT_KIND,
    ADJUSTMENT_REASON,
    QUALITATIVE_SCORE,
    AssessmentPage,
)
from ui.reports.preview import PdfPreviewDialog

YEAR = 2026


def shown_page(qtbot, qdesk, wait_ops) -> AssessmentPage:
    page = AssessmentPage(qdesk)
    qtbot.addWidget(page)
    page.year_spin.setValue(YEAR)
    page.period_combo.setCurrentIndex(page.period_combo.findData(am.YEARLY))
    page.show()
    wait_ops()
    return page


def test_scores_typed_saved_and_shown(qtbot, qdesk, wait_ops, time_machine):
    # GIVEN a task book done in full for a year that is over
    time_machine.move_to(datetime(YEAR + 1, 1, 15, 9, 0).astimezone())
    with qdesk.db.transaction(PROFILE.name) as session:
        task_book.set_target(session, YEAR, "deposit_new", "1000")
        task_book.set_actuals(session, YEAR, "deposit_new", {6: "400", 12: "600"})
    page = shown_page(qtbot, qdesk, wait_ops)
    assert page.quantitative.rowCount() == 1
    assert page.quantitative.item(0, 5).text() == "50.00"  # 100% of 50 points
    # before the scores are entered it says what is missing, not 不称职
    assert "待评" in page.result_label.text() and "不称职" not in page.result_label.text()
    # WHEN the manager types the supervisor's scores and a 加分 with its reason, and saves
    page.qualitative.item(0, QUALITATIVE_SCORE).setText("9")
    page.qualitative.item(1, QUALITATIVE_SCORE).setText("9")
    page.department_edit.setText("14")
    page.internal_edit.setText("14")
    page.add_adjustment_button.click()
    page.adjustments.item(0, 1).setText("2")
    page.adjustments.item(0, ADJUSTMENT_REASON).setText("营销竞赛第一名")
    page.report_edit.setPlainText("全年存款新增 1,000 万元。")
    page.save_button.click()
    wait_ops()
    # THEN 50 + 18 + 14 + 14 + 2 = 98: 优秀, 五星
    qtbot.waitUntil(lambda: "98.00" in page.result_label.text())
    assert "优秀" in page.result_label.text() and "五星" in page.result_label.text()
    with qdesk.db.session() as session:
        sheet = assessment.assessment_sheet(session, YEAR, am.YEARLY)
    assert sheet.scores.total == Decimal("98.00") and sheet.self_report == "全年存款新增 1,000 万元。"
    assert page.adjustments.rowCount() == 1


def test_a_deduction_without_reason_is_refused_in_words(qtbot, qdesk, wait_ops):
    page = shown_page(qtbot, qdesk, wait_ops)
    page.add_adjustment_button.click()
    combo = page.adjustments.cellWidget(0, ADJUSTMENT_KIND)
    combo.setCurrentIndex(combo.findData(am.DEDUCTION))
    page.adjustments.item(0, 1).setText("3")
    page.save_button.click()
    wait_ops()
    assert page.problem_label.isVisibleTo(page)
    assert "第 1 行加减分" in page.problem_label.text() and "必须写明原因" in page.problem_label.text()
    with qdesk.db.session() as session:
        assert not assessment.assessment_sheet(session, YEAR, am.YEARLY).saved


def test_pdf_preview(qtbot, qdesk, wait_ops, monkeypatch):
    shown = []
    monkeypatch.setattr(PdfPreviewDialog, "exec", lambda dialog: shown.append(
        (dialog.document.pageCount(), dialog.suggested_name)) or 0)
    page = shown_page(qtbot, qdesk, wait_ops)
    page.export_pdf()
    assert shown and shown[0][0] == 1 and "考核表" in shown[0][1] and "全年" in shown[0][1]


def test_an_approved_sheet_shows_head_office_and_is_read_only(qtbot, qdesk, wait_ops):
    from datetime import date

    from sqlalchemy import select

    from cmdesk.models import Assessment

    # GIVEN head office's 审定 arrived for the year (as its package writes it)
    with qdesk.db.transaction(PROFILE.name) as session:
        assessment.save_assessment(session, assessment.AssessmentDraft(year=YEAR, quarter=am.YEARLY))
        stored = session.scalars(select(Assessment)).one()
        stored.review_status, stored.review_grade, stored.review_total = am.APPROVED, "称职", Decimal("80")
        stored.review_stars, stored.reviewed_by, stored.reviewed_on = 3, "考核小组", date(2027, 1, 20)
        stored.review_opinion = "同意。"
    page = shown_page(qtbot, qdesk, wait_ops)
    assert page.review_label.isVisibleTo(page)
    text = page.review_label.text()
    assert "总行已审定（考核小组，2027-01-20）" in text and "称职，复评分 80.00，三星" in text
    assert not page.save_button.isEnabled() and not page.report_edit.isEnabled()
