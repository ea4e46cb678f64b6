"""The weekly plan for the supervisor (周工作计划), as PDF: the week's plan and the week
before's plan vs actual, in the house style of the visit report (same font, header,
footer and masking: free text is printed with personal information masked).
Files are written atomically.
"""
from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable
from sqlalchemy.orm import Session

from cmdesk.files import atomic_write
from cmdesk.i18n import mark, translate
from cmdesk.reports.style import (
    CONTENT_WIDTH,
    Bookmark,
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
from cmdesk.services import plans
from cmdesk.services.plans import WeekReport, WeekView
from cmdesk.services.settings import get_profile
from cmdesk.storage.db import Database
from cmdesk.workdays import UNKNOWN_YEAR_NOTE

NO_ITEMS = mark("（本周没有计划事项）")
PLAN_WIDTHS_MM = (10, 24, 38, 16, 30)  # 序号 … 推介产品; 优先级 is 14 mm
OUTCOME_WIDTH = CONTENT_WIDTH - (sum(PLAN_WIDTHS_MM) + 14) * mm  # 预期成果 takes the rest


def _widths(*fixed_mm: float) -> list[float]:
    """Column widths: the given ones in mm, the last column takes what is left."""
    widths = [w * mm for w in fixed_mm]
    return [*widths, CONTENT_WIDTH - sum(widths)]


def _counts_text(view: WeekView) -> str:
    counts = view.counts
    text = (translate("计划 {count} 项：已完成 {done} 项，已顺延 {moved} 项，已取消 {dropped} 项，未完成 {planned} 项；计划外联系 {count2} 次").format(count=len(view.items), done=counts['done'], moved=counts['moved'], dropped=counts['dropped'], planned=counts['planned'], count2=len(view.unplanned)))
    if view.done_rate is not None:
        text += translate("；完成率 {done_rate:.0%}").format(done_rate=view.done_rate)
    return text + translate("。")


def _plan_table(view: WeekView, privacy: Privacy) -> Flowable:
    rows = [[str(i), plans.day_label(view, item.planned_date), item.subject, item.purpose_label,
             translate("、").join(item.product_names), privacy.text(item.expected_outcome),
             item.priority_label]
            for i, item in enumerate(view.items, 1)]
    return data_table([translate("序号"), translate("计划日期"), translate("客户/事项"), translate("目的"), translate("推介产品"), translate("预期成果"), translate("优先级")],
                      rows, [*(w * mm for w in PLAN_WIDTHS_MM), OUTCOME_WIDTH, 14 * mm])


def _result_table(view: WeekView, privacy: Privacy) -> Flowable:
    rows = []
    for i, item in enumerate(view.items, 1):
        if item.status == "done" and item.entry_date:
            outcome = translate("{entry_date:%m-%d} 已记日志").format(entry_date=item.entry_date)
        else:
            outcome = privacy.text(item.reason)
        rows.append([str(i), plans.day_label(view, item.planned_date), item.subject,
                     item.purpose_label, item.status_label, outcome])
    return data_table([translate("序号"), translate("计划日期"), translate("客户/事项"), translate("目的"), translate("执行情况"), translate("完成日期/原因")],
                      rows, _widths(10, 24, 44, 18, 18))


def _unplanned_table(view: WeekView, privacy: Privacy) -> Flowable:
    rows = [[f"{c.entry_date:%m-%d}", c.client_name, c.kind_label, privacy.text(c.content)]
            for c in view.unplanned]
    return data_table([translate("日期"), translate("客户"), translate("方式"), translate("内容")], rows, _widths(16, 52, 16))


def _story(report: WeekReport, letterhead: Letterhead, supervisor: str) -> list[Flowable]:
    styles = house_styles()
    privacy = letterhead.privacy
    plan, previous = report.plan, report.previous
    story: list[Flowable] = [
        para(translate("周工作计划"), styles.title),
        para(translate("{title} · 工作日 {workday_count} 天").format(title=plan.title, workday_count=plan.workday_count), styles.subtitle),
        field_grid([
            [(translate("客户经理"), translate("{manager}（{grade}）").format(manager=letterhead.manager, grade=letterhead.grade)), (translate("所属机构"), letterhead.branch)],
            [(translate("主管"), supervisor), (translate("计划事项"), translate("{count} 项").format(count=len(plan.items)))],
        ], label_width=22 * mm),
    ]
    if not plan.calendar_known:
        story.append(para(translate(UNKNOWN_YEAR_NOTE), styles.alert))
    story += [Bookmark("plan", translate("本周计划 {week}").format(week=plan.week)), *heading(translate("一、本周重点"))]
    story += text_block(privacy.text(plan.notes), styles.body)
    story += heading(translate("二、计划事项"))
    story.append(_plan_table(plan, privacy) if plan.items else para(translate(NO_ITEMS), styles.body))
    story += [Bookmark("previous", translate("上周执行情况 {week}").format(week=previous.week)),
              *heading(translate("三、上周计划执行情况　{title}").format(title=previous.title)),
              para(_counts_text(previous), styles.body)]
    if previous.items:
        story.append(_result_table(previous, privacy))
    story += heading(translate("四、上周计划外联系"))
    story.append(_unplanned_table(previous, privacy) if previous.unplanned
                 else para(translate("（无）"), styles.body))
    story += [spacer(10), signature_lines([translate("客户经理"), translate("主管审阅")])]
    return story


def render_week_plan(session: Session, week: str, *,
                     generated_at: datetime | None = None) -> bytes:
    """The PDF of a week's plan with the week before's results (masked)."""
    profile = get_profile(session)
    report = plans.week_report(session, week)
    letterhead = Letterhead.for_profile(profile, Privacy(), generated_at)
    data, _doc = build_pdf(_story(report, letterhead, profile.supervisor), letterhead,
                           translate("周工作计划 {week}").format(week=report.plan.week))
    return data


def week_plan_pdf(db: Database, week: str) -> bytes:
    """The week plan as PDF bytes (for the preview, a printer or a file)."""
    with db.session() as session:
        return render_week_plan(session, week)


def write_week_plan(db: Database, week: str, path: str | os.PathLike[str]) -> Path:
    """Write the week plan PDF to `path` atomically; returns the path."""
    data = week_plan_pdf(db, week)
    return atomic_write(path, lambda handle: handle.write(data))
