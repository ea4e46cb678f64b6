"""The 考核表 PDF read back with pypdf: its figures, grade, star level and 述职."""
from __future__ import annotations

import io
import re
from datetime import date

from pypdf import PdfReader

from cmdesk.domain import assessment as am
from cmdesk.reports.assessment import write_assessment
from cmdesk.services import assessment, task_book

ACTOR = "测试经理"


def test_assessment_pdf_reads_back(db, tmp_path):
    with db.transaction(ACTOR) as session:
        task_book.set_target(session, 2026, "deposit_new", "1200")
        task_book.set_actuals(session, 2026, "deposit_new", {1: "100", 2: "100", 3: "100"})
        assessment.save_assessment(session, assessment.AssessmentDraft(
            year=2026, quarter=1, qualitative=(("工作态度", "9"), ("业务能力", "8")),
            department_score="14", internal_score="13",
            adjustments=((am.BONUS, "1.5", "获评优秀服务"), (am.DEDUCTION, "1", "客户电话 13912345678 未更新")),
            self_report="一季度完成存款新增 300 万元。"))
    path = write_assessment(db, 2026, 1, tmp_path / "考核表.pdf", date(2026, 4, 10))
    pages = PdfReader(io.BytesIO(path.read_bytes())).pages
    text = re.sub(r"\s+", "", "".join(page.extract_text() for page in pages))
    # 50.69 + 17 + 14 + 13 + 1.5 - 1 = 95.19
    for expected in ("客户经理考核表", "2026年第一季度", "综合考评分95.19", "考核等次优秀", "星级五星",
                     "存款新增1,200.00300.00101.4%50.0050.69", "工作态度10.009.00",
                     "加分1.50获评优秀服务", "扣分-1.00", "一季度完成存款新增300万元。", "客户经理签字"):
        assert expected in text
    assert "13912345678" not in text  # masked like every printout


def test_head_office_review_is_printed(db, tmp_path):
    from sqlalchemy import select

    from cmdesk.models import Assessment

    with db.transaction(ACTOR) as session:
        assessment.save_assessment(session, assessment.AssessmentDraft(year=2026, quarter=2))
        stored = session.scalars(select(Assessment)).one()
        stored.review_status, stored.review_grade, stored.reviewed_by = am.REVIEWED, "称职", "部门负责人"
        stored.review_opinion = "存款指标需加强"
    path = write_assessment(db, 2026, 2, tmp_path / "q2.pdf", date(2026, 7, 10))
    text = re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(str(path)).pages))
    assert "六、总行已复评" in text and "考核等次称职" in text and "存款指标需加强" in text
