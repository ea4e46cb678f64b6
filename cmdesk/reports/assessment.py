"""The 考核表 PDF of a quarter or a year, on A4 in the house style: the quantitative part
from the task book indicator by indicator, the qualitative items, the department and
internal-management scores, the 加分/扣分 lines with their reasons, the 综合考评分 with
its grade and star level, the manager's 述职, head office's 复评/审定 when it has come,
and lines to sign.

Free text (reasons, 述职) is printed with what looks like personal information masked,
as every printout of the desk.
"""
from __future__ import annotations

import os
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether
from sqlalchemy.orm import Session

from cmdesk.domain import assessment as am
from cmdesk.files import atomic_write
from cmdesk.i18n import translate
from cmdesk.reports.style import (
    CHINESE_NUMERALS,
    CONTENT_WIDTH,
    Letterhead,
    Privacy,
    build_pdf,
    data_table,
    field_grid,
    heading,
    house_styles,
    para,
    signature_lines,
    spacer,
    text_block,
)
from cmdesk.services import assessment
from cmdesk.services.assessment import AssessmentSheet
from cmdesk.services.settings import get_profile
from cmdesk.storage.db import Database


def _number(value: Decimal) -> str:
    return f"{value:,.2f}"


def _percent(share: Decimal) -> str:
    return f"{share * 100:.1f}%"


def _story(sheet: AssessmentSheet, privacy: Privacy) -> list[Flowable]:
    styles = house_styles()
    scores = sheet.scores
    story: list[Flowable] = [
        para(translate("客户经理考核表"), styles.title),
        para(sheet.period_label, styles.subtitle),
        field_grid([
            [(translate("综合考评分"), _number(scores.total)),
             (translate("考核等次"), sheet.grade_text)],
            [(translate("星级"), sheet.star_text),
             (translate("任务书截至"), sheet.as_of.isoformat())],
        ], label_width=30 * mm),
    ]

    def section(number: int, title: str) -> list[Flowable]:
        return heading(translate("{number}、{title}").format(number=CHINESE_NUMERALS[number - 1],
                                                            title=title))

    story += section(1, translate("定量考核（工作任务书）"))
    if scores.quantitative_lines:
        rows = [[line.name, _number(line.target), _number(line.actual), _percent(line.completion),
                 _number(line.full_points), _number(line.score)]
                for line in scores.quantitative_lines]
        rows.append([translate("小计"), "", "", "", _number(sheet.rules.quantitative_points),
                     _number(scores.quantitative)])
        widths = [0, 26 * mm, 26 * mm, 24 * mm, 20 * mm, 20 * mm]
        widths[0] = CONTENT_WIDTH - sum(widths)
        story.append(data_table([translate("指标"), translate("目标"), translate("实际"),
                                 translate("完成率"), translate("分值"), translate("得分")],
                                rows, widths))
    else:
        story.append(para(translate("这一年的工作任务书中没有设了目标的指标。"), styles.note))
    story.append(spacer(1.5))
    story.append(para(translate("完成率：时点值指标为实际÷目标；累计值指标为实际÷（目标×期末时间进度）；"
                                "封顶 {cap}。").format(cap=_percent(sheet.rules.completion_cap)),
                      styles.note))

    story += section(2, translate("定性考核"))
    rows = [[item.name, _number(item.max_score), _number(item.score)] for item in sheet.qualitative]
    rows.append([translate("小计"), "", _number(scores.qualitative)])
    widths = [0, 30 * mm, 30 * mm]
    widths[0] = CONTENT_WIDTH - sum(widths)
    story.append(data_table([translate("项目"), translate("分值"), translate("得分")], rows, widths))

    story += section(3, translate("部门评价与内部管理"))
    story.append(field_grid([
        [(translate("工作实际考评得分"), _number(scores.work))],
        [(translate("所在部门评价得分"), translate("{score}（满分 {full}）").format(
            score=_number(scores.department), full=_number(sheet.rules.department_points))),
         (translate("内部业务管理得分"), translate("{score}（满分 {full}）").format(
             score=_number(scores.internal), full=_number(sheet.rules.internal_points)))],
    ], label_width=34 * mm))

    story += section(4, translate("加分与扣分"))
    if sheet.adjustments:
        rows = [[translate(am.ADJUSTMENT_LABELS[item.kind]), _number(item.signed),
                 privacy.text(item.reason)] for item in sheet.adjustments]
        widths = [18 * mm, 22 * mm, 0]
        widths[2] = CONTENT_WIDTH - sum(widths)
        story.append(data_table([translate("类别"), translate("分值"), translate("原因")], rows, widths))
    else:
        story.append(para(translate("（无）"), styles.note))
    story.append(spacer(1.5))
    story.append(para(translate("综合考评分 = 工作实际考评得分 {work} + 所在部门评价得分 {department} + "
                                "内部业务管理得分 {internal} + 加减分 {adjustments} = {total}").format(
        work=_number(scores.work), department=_number(scores.department),
        internal=_number(scores.internal), adjustments=_number(scores.adjustments),
        total=_number(scores.total)), styles.body))

    story += section(5, translate("述职"))
    story += text_block(privacy.text(sheet.self_report), styles.body, empty=translate("（未填写）"))
    if sheet.review is not None:
        review = sheet.review
        story += section(6, review.status_label)
        story.append(field_grid([
            [(translate("考核等次"), review.grade),
             (translate("复评分"), "—" if review.total is None else _number(review.total))],
            [(translate("星级"), translate(am.STAR_LABELS.get(review.stars or 0, am.STAR_LABELS[0]))),
             (translate("审核人"), review.reviewed_by)],
            [(translate("日期"), review.reviewed_on.isoformat() if review.reviewed_on else ""),
             (translate("意见"), privacy.text(review.opinion))],
        ], label_width=24 * mm))
    story.append(KeepTogether([spacer(6), signature_lines([translate("客户经理"),
                                                           translate("部门负责人")])]))
    return story


def render_assessment(session: Session, year: int, quarter: int, today: date, *,
                      generated_at: datetime | None = None) -> bytes:
    """The PDF of one period's 考核表 (reads only)."""
    sheet = assessment.assessment_sheet(session, year, quarter, as_of=today)
    letterhead = Letterhead.for_profile(get_profile(session), Privacy(), generated_at)
    data, _doc = build_pdf(_story(sheet, Privacy()), letterhead,
                           translate("客户经理考核表 {period}").format(period=sheet.period_label))
    return data


def write_assessment(db: Database, year: int, quarter: int, path: str | os.PathLike[str],
                     today: date) -> Path:
    """Write one period's 考核表 to `path` (atomically); returns the path."""
    with db.session() as session:
        data = render_assessment(session, year, quarter, today)
    return atomic_write(path, lambda handle: handle.write(data))
